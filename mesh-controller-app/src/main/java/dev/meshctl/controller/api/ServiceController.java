package dev.meshctl.controller.api;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The Services of a namespace, their endpoints and profiles; the answers are MeshQuery's. */
@RestController
@RequestMapping("/api/v1/namespaces/{namespace}/services")
class ServiceController {

  private final MeshQuery query;

  ServiceController(MeshQuery query) {
    this.query = query;
  }

  @GetMapping
  List<ServiceView> services(@PathVariable String namespace) {
    return query.services(namespace);
  }

  @GetMapping("/{service}/endpoints")
  List<EndpointView> endpoints(@PathVariable String namespace, @PathVariable String service) {
    return query.endpoints(namespace, service);
  }

  /** {@code ?port=} picks the Service port; without it, the Service's first port. */
  @GetMapping("/{service}/profile")
  ProfileView profile(
      @PathVariable String namespace,
      @PathVariable String service,
      @RequestParam Optional<Integer> port) {
    return query.profile(
        namespace, service, port.map(OptionalInt::of).orElseGet(OptionalInt::empty));
  }
}
