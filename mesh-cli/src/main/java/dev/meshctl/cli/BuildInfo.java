package dev.meshctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What the build stamped into the CLI: its version. */
final class BuildInfo implements IVersionProvider {

  private static final String RESOURCE = "/meshctl-build.properties";

  static String version() {
    Properties props = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the meshctl jar");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return props.getProperty("version");
  }

  /**
   * The proxy version this meshctl installs and expects: its own release, without the {@code
   * -SNAPSHOT} of a development build (the chart's appVersion).
   */
  static String proxyVersion() {
    String version = version();
    return version.endsWith("-SNAPSHOT")
        ? version.substring(0, version.length() - "-SNAPSHOT".length())
        : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"meshctl " + version()};
  }
}
