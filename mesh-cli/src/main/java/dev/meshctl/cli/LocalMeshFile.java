package dev.meshctl.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * {@code mesh.json}: where the running local mesh answers and which processes it is made of. {@code
 * destinationAddr} and {@code identityAddr} are the gRPC addresses proxies use. Written by {@code
 * meshctl demo} as soon as its first process starts (so that {@code --down} can clean up after a
 * crash) and again once everything is ready; read by every command that talks to the local mesh.
 */
final class LocalMeshFile {

  /** The file's content. {@code ready} is false while the mesh starts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record State(
      String version,
      String startedAt,
      boolean ready,
      long demoPid,
      String controllerApi,
      String controllerAdmin,
      String identityAdmin,
      String webUrl,
      String destinationAddr,
      String identityAddr,
      String caDir,
      List<Entry> processes) {

    State {
      processes = processes == null ? List.of() : List.copyOf(processes);
    }
  }

  /** One started process; {@code proxyAdmin} is set for proxies. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Entry(String name, long pid, String log, String proxyAdmin) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private LocalMeshFile() {}

  static Optional<State> read(Path file) {
    try {
      return Optional.of(JSON.readValue(Files.readString(file), State.class));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (JacksonException malformed) {
      throw new UserFacingException(
          file
              + " is not a local mesh file ("
              + malformed.getOriginalMessage()
              + "); remove it if no local mesh is running");
    } catch (IOException e) {
      throw new UserFacingException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the file in one step, so that readers never see half of it. */
  static void write(Path file, State state) {
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Files.writeString(partial, JSON.writeValueAsString(state) + "\n");
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserFacingException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + value, e);
    }
  }
}
