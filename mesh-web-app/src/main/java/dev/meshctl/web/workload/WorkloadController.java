package dev.meshctl.web.workload;

import dev.meshctl.web.PageFailures;
import dev.meshctl.web.WebProperties;
import dev.meshctl.web.api.ControllerApi;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import reactor.core.publisher.Mono;

/** {@code GET /namespaces/{ns}/{kind}/{name}}: one workload's edges, routes, pods and charts. */
@Controller
class WorkloadController {

  private final WorkloadLoader loader;
  private final ControllerApi api;
  private final WebProperties properties;

  WorkloadController(ControllerApi api, WebProperties properties) {
    this.loader = new WorkloadLoader(api);
    this.api = api;
    this.properties = properties;
  }

  @GetMapping("/namespaces/{ns}/{kind}/{name}")
  Mono<String> workload(
      @PathVariable String ns,
      @PathVariable String kind,
      @PathVariable String name,
      Model model,
      ServerHttpResponse response) {
    model.addAttribute("namespace", ns);
    model.addAttribute("kind", kind);
    model.addAttribute("name", name);
    model.addAttribute("controllerApi", api.base());
    model.addAttribute("refreshSeconds", properties.refreshInterval().toSeconds());
    return Mono.fromFuture(() -> loader.load(ns, kind, name))
        .map(
            detail -> {
              model.addAttribute("detail", detail);
              return "workload";
            })
        .onErrorResume(failure -> PageFailures.render(failure, "workload", model, response));
  }
}
