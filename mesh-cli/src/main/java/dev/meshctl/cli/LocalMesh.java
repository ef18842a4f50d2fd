package dev.meshctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code $MESHCTL_HOME/local/mesh.json} says about the running local mesh: where its
 * components answer and which processes make it up. Written by {@code meshctl demo}; read here by
 * {@code check}, {@code dashboard} and friends. Fields meshctl does not know are ignored.
 *
 * @param version the meshctl version that started the mesh
 * @param startedAt when it was started (ISO-8601)
 * @param ready false while the mesh starts, true once every component is ready; null from a writer
 *     that does not say
 * @param demoPid the {@code meshctl demo} process that supervises the others, or null
 * @param controllerApi the controller's REST API, e.g. {@code http://127.0.0.1:8085}
 * @param controllerAdmin the controller's actuator base URL
 * @param identityAdmin the identity app's actuator base URL
 * @param webUrl the dashboard
 * @param caDir the local mesh's CA directory
 * @param processes every process of the mesh
 */
record LocalMesh(
    String version,
    String startedAt,
    Boolean ready,
    Long demoPid,
    String controllerApi,
    String controllerAdmin,
    String identityAdmin,
    String webUrl,
    String caDir,
    List<MeshProcess> processes) {

  LocalMesh {
    processes = processes == null ? List.of() : List.copyOf(processes);
  }

  /**
   * One process of the local mesh.
   *
   * @param name e.g. {@code controller}, {@code web-proxy}
   * @param pid its process id
   * @param log its log file
   * @param proxyAdmin for a proxy, its admin server's base URL; else null
   */
  record MeshProcess(String name, Long pid, String log, String proxyAdmin) {}

  /**
   * The local mesh described in {@code home}, or empty when no local mesh file exists.
   *
   * @throws UserFacingException when the file exists but cannot be read or is not such a document
   */
  static Optional<LocalMesh> read(MeshHome home, ObjectMapper json) {
    Path file = home.localMeshFile();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UserFacingException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(json.readValue(text, LocalMesh.class));
    } catch (JsonProcessingException e) {
      throw new UserFacingException(
          file + " is not a local mesh description: " + e.getOriginalMessage(), e);
    }
  }
}
