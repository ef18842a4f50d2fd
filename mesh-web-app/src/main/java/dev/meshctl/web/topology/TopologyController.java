package dev.meshctl.web.topology;

import dev.meshctl.web.PageFailures;
import dev.meshctl.web.WebProperties;
import dev.meshctl.web.api.ControllerApi;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import reactor.core.publisher.Mono;

/** {@code GET /namespaces/{ns}/topology}: who calls whom, as an inline SVG. */
@Controller
class TopologyController {

  private final TopologyLoader loader;
  private final ControllerApi api;
  private final WebProperties properties;

  TopologyController(ControllerApi api, WebProperties properties) {
    this.loader = new TopologyLoader(api);
    this.api = api;
    this.properties = properties;
  }

  @GetMapping("/namespaces/{ns}/topology")
  Mono<String> topology(@PathVariable String ns, Model model, ServerHttpResponse response) {
    model.addAttribute("namespace", ns);
    model.addAttribute("controllerApi", api.base());
    model.addAttribute("refreshSeconds", properties.refreshInterval().toSeconds());
    model.addAttribute("width", Topology.WIDTH);
    model.addAttribute("height", Topology.HEIGHT);
    return Mono.fromFuture(() -> loader.load(ns))
        .map(
            topology -> {
              model.addAttribute("topology", topology);
              return "topology";
            })
        .onErrorResume(failure -> PageFailures.render(failure, "topology", model, response));
  }
}
