package dev.meshctl.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts as meshctl uses it: loaded from a jar, where the charts are zip entries rather than files.
 * The tests run against target/classes; this one packs those classes into a jar first.
 */
class PackagedJarTest {

  @Test
  void rendersTheChartsFromInsideAJar(@TempDir Path dir) throws Exception {
    Path classes =
        Path.of(Charts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jar = dir.resolve("mesh-helm-charts.jar");
    pack(classes, jar);

    try (JarFirstClassLoader loader =
        new JarFirstClassLoader(jar.toUri().toURL(), getClass().getClassLoader())) {
      Class<?> charts = loader.loadClass(Charts.class.getName());
      assertThat(charts.getProtectionDomain().getCodeSource().getLocation().toString())
          .endsWith("mesh-helm-charts.jar");
      Method render =
          charts.getMethod("render", String.class, String.class, String.class, Map.class);

      String crds =
          (String) invoke(render, Charts.CRDS, "meshctl-crds", "meshctl-system", Map.of());
      String controlPlane =
          (String)
              invoke(
                  render,
                  Charts.CONTROL_PLANE,
                  "meshctl",
                  "meshctl-system",
                  TestPems.generate().values());

      assertThat(Rendered.parse(crds).objects()).hasSize(2);
      assertThat(Rendered.parse(controlPlane).objects()).hasSizeGreaterThan(20);
      assertThat(charts.getMethod("appVersion").invoke(null)).isEqualTo("0.1.0");
    }
  }

  private static Object invoke(Method method, Object... args) throws Exception {
    try {
      return method.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  private static void pack(Path classes, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        if (name.isEmpty()) {
          continue;
        }
        if (Files.isDirectory(file)) {
          zip.putNextEntry(new JarEntry(name + "/"));
        } else {
          zip.putNextEntry(new JarEntry(name));
          Files.copy(file, zip);
        }
        zip.closeEntry();
      }
    }
  }

  /**
   * Takes this module's classes and charts from the jar; everything else from the test's loader.
   */
  private static final class JarFirstClassLoader extends URLClassLoader {

    JarFirstClassLoader(URL jar, ClassLoader parent) {
      super(new URL[] {jar}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("dev.meshctl.charts.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : findClass(name);
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = name.startsWith("helm/") ? findResource(name) : null;
      return own != null ? own : super.getResource(name);
    }

    @Override
    public java.io.InputStream getResourceAsStream(String name) {
      URL url = getResource(name);
      try {
        return url == null ? null : url.openStream();
      } catch (IOException e) {
        return null;
      }
    }
  }
}
