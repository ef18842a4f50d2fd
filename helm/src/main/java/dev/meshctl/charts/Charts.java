package dev.meshctl.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The mesh's Helm charts as carried in this jar ({@code helm/meshctl-crds/**}, {@code
 * helm/meshctl-control-plane/**}), rendered and linted by the real Helm (helm-java). Each call
 * extracts the chart to a temporary directory and deletes it afterwards, so that {@code meshctl
 * install} produces exactly what {@code helm install} of the same chart would.
 */
public final class Charts {

  public static final String CRDS = "meshctl-crds";
  public static final String CONTROL_PLANE = "meshctl-control-plane";

  private static final String RESOURCE_ROOT = "helm/";

  /** Helm wraps a template's {@code fail}/{@code required} text in its position; this finds it. */
  private static final Pattern EXECUTION_ERROR =
      Pattern.compile("execution error at \\([^)]*\\): (.*)", Pattern.DOTALL);

  private static final Pattern CALL_ERROR =
      Pattern.compile("error calling [a-zA-Z]+: (.*)", Pattern.DOTALL);

  private Charts() {}

  /**
   * Renders the chart from this jar's resources (extracted to a temp dir, deleted after) with the
   * given values (nested Maps/Lists/Strings/numbers/booleans, written as a YAML values file).
   *
   * @throws ChartException with Helm's message when the chart refuses the values
   */
  public static String render(
      String chart, String releaseName, String namespace, Map<String, Object> values)
      throws ChartException {
    Objects.requireNonNull(releaseName, "releaseName");
    Objects.requireNonNull(namespace, "namespace");
    Path work = extract(chart);
    try {
      Path valuesFile = work.resolve("values-override.yaml");
      Files.writeString(valuesFile, toYaml(renderValues(chart, values)));
      return new Helm(work.resolve(chart))
          .template()
          .withName(releaseName)
          .withNamespace(namespace)
          .withValuesFile(valuesFile)
          .call();
    } catch (IOException e) {
      throw new ChartException("cannot write the values of chart " + chart + ": " + e, e);
    } catch (RuntimeException e) {
      throw new ChartException(helmMessage(e), e);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * The values as given; for the CRDs chart also {@code clientOnly: true} unless given, because
   * helm-java's template would run the chart's {@code lookup} against the current kubeconfig's
   * cluster (plain {@code helm template} does not look anything up).
   */
  private static Map<String, Object> renderValues(String chart, Map<String, Object> values) {
    Map<String, Object> all = new LinkedHashMap<>(values == null ? Map.of() : values);
    if (CRDS.equals(chart)) {
      all.putIfAbsent("clientOnly", true);
    }
    return all;
  }

  /**
   * Lints the chart with the given values (merged over the chart's own {@code values.yaml}, since
   * {@code helm lint} reads only that file). Informational messages ({@code [INFO]}) are left out.
   * Helm's lint mode does not enforce a chart's {@code required} and {@code fail} (it logs them),
   * so missing certificates show only in {@link #render}.
   *
   * @return the warnings and errors, as Helm words them; empty when the chart is clean
   */
  public static List<String> lint(String chart, Map<String, Object> values) throws ChartException {
    Path work = extract(chart);
    try {
      Path chartDir = work.resolve(chart);
      Path valuesFile = chartDir.resolve("values.yaml");
      Map<String, Object> merged = new LinkedHashMap<>();
      if (Files.exists(valuesFile)) {
        merged.putAll(readYaml(Files.readString(valuesFile)));
      }
      deepMerge(merged, values == null ? Map.of() : values);
      Files.writeString(valuesFile, toYaml(merged));
      LintResult result = new Helm(chartDir).lint().call();
      return result.getMessages().stream()
          .filter(m -> !m.isBlank() && !m.startsWith("[INFO]"))
          .toList();
    } catch (IOException e) {
      throw new ChartException("cannot write the values of chart " + chart + ": " + e, e);
    } catch (RuntimeException e) {
      throw new ChartException(helmMessage(e), e);
    } finally {
      deleteTree(work);
    }
  }

  /** The control-plane chart's {@code appVersion}: the default tag of every image. */
  public static String appVersion() {
    String resource = RESOURCE_ROOT + CONTROL_PLANE + "/Chart.yaml";
    try (InputStream in = Charts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      Object version =
          readYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get("appVersion");
      if (version == null) {
        throw new IllegalStateException(resource + " has no appVersion");
      }
      return version.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies {@code helm/<chart>/**} to a new temporary directory, as {@code <tmp>/<chart>}. */
  private static Path extract(String chart) throws ChartException {
    if (!CRDS.equals(chart) && !CONTROL_PLANE.equals(chart)) {
      throw new ChartException(
          "unknown chart \"" + chart + "\" (expected " + CRDS + " or " + CONTROL_PLANE + ")");
    }
    URL marker = Charts.class.getClassLoader().getResource(RESOURCE_ROOT + chart + "/Chart.yaml");
    if (marker == null) {
      throw new ChartException(RESOURCE_ROOT + chart + "/Chart.yaml is missing from the classpath");
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("meshctl-chart-");
      URI uri = marker.toURI();
      if ("jar".equals(uri.getScheme())) {
        copyFromJar(uri, work.resolve(chart));
      } else {
        copyTree(Path.of(uri).getParent(), work.resolve(chart));
      }
      return work;
    } catch (IOException | URISyntaxException | RuntimeException e) {
      deleteTree(work);
      throw new ChartException("cannot extract chart " + chart + ": " + e, e);
    }
  }

  private static void copyFromJar(URI uri, Path to) throws IOException {
    FileSystem opened;
    try {
      opened = FileSystems.newFileSystem(uri, Map.of());
    } catch (FileSystemAlreadyExistsException e) {
      // Someone else's open file system over the same jar: use it, and leave it open.
      copyTree(FileSystems.getFileSystem(uri).provider().getPath(uri).getParent(), to);
      return;
    }
    try (FileSystem jar = opened) {
      copyTree(jar.provider().getPath(uri).getParent(), to);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(source, target);
        }
      }
    }
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp dir left behind is not worth failing a render for.
    }
  }

  /** Helm's sentence: the {@code fail}/{@code required} text when there is one, else its error. */
  static String helmMessage(RuntimeException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    message = message.replace("Use --debug flag to render out invalid YAML", "").strip();
    Matcher execution = EXECUTION_ERROR.matcher(message);
    if (execution.find()) {
      return execution.group(1).strip();
    }
    Matcher call = CALL_ERROR.matcher(message);
    if (call.find()) {
      return call.group(1).strip();
    }
    return message;
  }

  static String toYaml(Map<String, Object> values) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
    options.setSplitLines(false);
    return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options)
        .dump(values);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readYaml(String text) {
    Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    return loaded instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
  }

  @SuppressWarnings("unchecked")
  private static void deepMerge(Map<String, Object> target, Map<String, Object> overrides) {
    for (Map.Entry<String, Object> entry : overrides.entrySet()) {
      Object existing = target.get(entry.getKey());
      if (existing instanceof Map<?, ?> existingMap && entry.getValue() instanceof Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existingMap);
        deepMerge(copy, (Map<String, Object>) map);
        target.put(entry.getKey(), copy);
      } else {
        target.put(entry.getKey(), entry.getValue());
      }
    }
  }
}
