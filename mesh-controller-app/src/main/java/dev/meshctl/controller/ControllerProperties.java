package dev.meshctl.controller;

import dev.meshctl.api.IdentityName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The controller's configuration, under {@code mesh.controller} (environment variables {@code
 * MESH_CONTROLLER_*}).
 *
 * @param grpcPort port of the Destination gRPC API (0 picks a free one)
 * @param clusterDomain the cluster's DNS domain, the suffix of fully qualified Service names
 * @param controlPlaneNamespace namespace of the control plane; part of every identity name
 * @param trustDomain the mesh's trust domain; part of every identity name, as the identity app's
 */
@ConfigurationProperties("mesh.controller")
@Validated
record ControllerProperties(
    @DefaultValue("8086") @Min(0) @Max(65535) int grpcPort,
    @DefaultValue("cluster.local") @NotBlank String clusterDomain,
    @DefaultValue("meshctl-system") @NotBlank String controlPlaneNamespace,
    @DefaultValue("cluster.local") @NotBlank String trustDomain) {

  ControllerProperties {
    if (trustDomain != null && controlPlaneNamespace != null) {
      IdentityName.requireMesh(controlPlaneNamespace, trustDomain);
    }
  }
}
