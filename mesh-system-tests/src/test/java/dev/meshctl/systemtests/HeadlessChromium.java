package dev.meshctl.systemtests;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's {@code chromium} headless through Debian's {@code chromedriver}, both from {@code
 * /usr/bin} (the root {@code run-tests} installs the packages). Both paths are given to Selenium
 * explicitly, so Selenium Manager never looks for, let alone downloads, a driver or a browser. An
 * alert the page opens is left open (not dismissed), so a test can see it.
 */
final class HeadlessChromium {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  static ChromeDriver start() {
    for (Path required : new Path[] {BROWSER, DRIVER}) {
      if (!Files.isExecutable(required)) {
        throw new AssertionError(
            required
                + " is missing: the dashboard tests drive Debian's chromium; install it with"
                + " `apt-get install chromium chromium-driver` (./run-tests does)");
      }
    }
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000");
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    options.setPageLoadTimeout(Duration.ofSeconds(30));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }
}
