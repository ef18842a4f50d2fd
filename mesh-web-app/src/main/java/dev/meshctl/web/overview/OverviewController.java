package dev.meshctl.web.overview;

import dev.meshctl.web.PageFailures;
import dev.meshctl.web.WebProperties;
import dev.meshctl.web.api.ControllerApi;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import reactor.core.publisher.Mono;

/** {@code GET /}: the overview page (namespaces, their golden metrics, the control plane). */
@Controller
class OverviewController {

  private final OverviewLoader loader;
  private final ControllerApi api;
  private final WebProperties properties;

  OverviewController(ControllerApi api, ControlPlaneProbe probe, WebProperties properties) {
    this.loader = new OverviewLoader(api, probe);
    this.api = api;
    this.properties = properties;
  }

  @GetMapping("/")
  Mono<String> overview(Model model, ServerHttpResponse response) {
    model.addAttribute("controllerApi", api.base());
    model.addAttribute("refreshSeconds", properties.refreshInterval().toSeconds());
    return Mono.fromFuture(loader::load)
        .map(
            overview -> {
              model.addAttribute("overview", overview);
              return "overview";
            })
        .onErrorResume(failure -> PageFailures.render(failure, "overview", model, response));
  }
}
