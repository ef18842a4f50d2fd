package dev.meshctl.web.namespace;

import dev.meshctl.web.PageFailures;
import dev.meshctl.web.WebProperties;
import dev.meshctl.web.api.ControllerApi;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import reactor.core.publisher.Mono;

/** {@code GET /namespaces/{ns}}: the namespace page, a sortable, refreshing workload table. */
@Controller
class NamespaceController {

  private final NamespaceLoader loader;
  private final ControllerApi api;
  private final WebProperties properties;

  NamespaceController(ControllerApi api, WebProperties properties) {
    this.loader = new NamespaceLoader(api);
    this.api = api;
    this.properties = properties;
  }

  @GetMapping("/namespaces/{ns}")
  Mono<String> namespace(@PathVariable String ns, Model model, ServerHttpResponse response) {
    model.addAttribute("namespace", ns);
    model.addAttribute("controllerApi", api.base());
    model.addAttribute("refreshSeconds", properties.refreshInterval().toSeconds());
    return Mono.fromFuture(() -> loader.load(ns))
        .map(
            view -> {
              model.addAttribute("view", view);
              return "namespace";
            })
        .onErrorResume(failure -> PageFailures.render(failure, "namespace", model, response));
  }
}
