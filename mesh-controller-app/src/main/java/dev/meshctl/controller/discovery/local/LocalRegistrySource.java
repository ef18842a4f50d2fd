package dev.meshctl.controller.discovery.local;

import dev.meshctl.controller.discovery.DiscoveryModel;
import dev.meshctl.controller.discovery.DiscoveryObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local discovery source: a folder of Kubernetes-style YAML manifests ({@code *.yaml}, {@code
 * *.yml}), polled for changes like a mounted ConfigMap. Each file's objects are fed into the {@link
 * DiscoveryModel}; a file that changed is applied as a whole (objects gone from it are removed), a
 * file deleted removes its objects, and a file that cannot be read or translated logs one warning
 * naming the file and the problem and keeps its previous objects.
 */
public final class LocalRegistrySource implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalRegistrySource.class);

  private record ObjectId(
      DiscoveryObject.Kind kind, dev.meshctl.controller.discovery.ObjectKey key) {}

  /** What one file last contributed. */
  private record FileState(String content, Map<ObjectId, DiscoveryObject> objects) {}

  private final Path directory;
  private final Duration pollInterval;
  private final DiscoveryModel model;
  private final ManifestParser parser = new ManifestParser();
  private final Map<Path, FileState> files = new HashMap<>();
  private final Map<Path, String> rejected = new HashMap<>();
  private ScheduledExecutorService poller;
  private volatile boolean synced;

  public LocalRegistrySource(Path directory, Duration pollInterval, DiscoveryModel model) {
    this.directory = directory;
    this.pollInterval = pollInterval;
    this.model = model;
  }

  /** Reads the folder once, then polls it in the background. */
  public synchronized void start() {
    if (!Files.isDirectory(directory)) {
      log.warn("Local registry {} is not a folder (yet); watching for it to appear", directory);
    }
    scan();
    synced = true;
    log.info(
        "Local registry {}: {} file(s), polled every {} ms",
        directory,
        files.size(),
        pollInterval.toMillis());
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "local-registry-poller");
              thread.setDaemon(true);
              return thread;
            });
    poller.scheduleWithFixedDelay(
        this::scanSafely, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the folder has been read once. */
  public boolean synced() {
    return synced;
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  private void scanSafely() {
    try {
      scan();
    } catch (RuntimeException e) {
      log.warn("Local registry {}: scan failed: {}", directory, e.toString());
    }
  }

  /** Applies every change in the folder since the last scan. */
  synchronized void scan() {
    Set<Path> present = new HashSet<>();
    for (Path file : listFiles()) {
      present.add(file);
      String content;
      try {
        content = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        warnOnce(file, "", "cannot be read: " + e);
        continue;
      }
      FileState previous = files.get(file);
      if (previous != null && previous.content().equals(content)) {
        continue;
      }
      if (content.equals(rejected.get(file))) {
        continue;
      }
      List<DiscoveryObject> objects;
      try {
        objects = parser.parse(content);
      } catch (IllegalArgumentException e) {
        warnOnce(file, content, e.getMessage());
        continue;
      }
      rejected.remove(file);
      Map<ObjectId, DiscoveryObject> next = new LinkedHashMap<>();
      for (DiscoveryObject object : objects) {
        next.put(new ObjectId(object.kind(), object.key()), object);
      }
      apply(previous == null ? Map.of() : previous.objects(), next);
      files.put(file, new FileState(content, next));
      log.info("Local registry: {} applied, {} object(s)", file.getFileName(), next.size());
    }
    for (Path gone : new ArrayList<>(files.keySet())) {
      if (!present.contains(gone)) {
        apply(files.remove(gone).objects(), Map.of());
        rejected.remove(gone);
        log.info("Local registry: {} removed", gone.getFileName());
      }
    }
  }

  private void apply(Map<ObjectId, DiscoveryObject> previous, Map<ObjectId, DiscoveryObject> next) {
    previous.forEach(
        (id, object) -> {
          if (!next.containsKey(id)) {
            model.remove(id.kind(), id.key());
          }
        });
    next.forEach(
        (id, object) -> {
          if (!object.equals(previous.get(id))) {
            model.upsert(object);
          }
        });
  }

  private void warnOnce(Path file, String content, String problem) {
    if (content.equals(rejected.put(file, content))) {
      return;
    }
    log.warn(
        "Local registry: {} rejected, keeping its previous state: {}", file.getFileName(), problem);
  }

  private List<Path> listFiles() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(
              p -> {
                String name = p.getFileName().toString();
                return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      log.warn("Local registry {}: cannot list: {}", directory, e.toString());
      return List.copyOf(files.keySet());
    }
  }
}
