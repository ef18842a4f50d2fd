package dev.meshctl.controller.api;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Namespaces and what runs in them, for the CLI and the dashboard; the answers are MeshQuery's. */
@RestController
@RequestMapping("/api/v1/namespaces")
class NamespaceController {

  private final MeshQuery query;

  NamespaceController(MeshQuery query) {
    this.query = query;
  }

  @GetMapping
  List<NamespaceView> namespaces() {
    return query.namespaces();
  }

  @GetMapping("/{namespace}/workloads")
  List<WorkloadView> workloads(@PathVariable String namespace) {
    return query.workloads(namespace);
  }
}
