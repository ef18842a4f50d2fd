package dev.meshctl.web.tap;

import dev.meshctl.web.PageFailures;
import dev.meshctl.web.api.ControllerApi;
import dev.meshctl.web.api.TapQuery;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /namespaces/{ns}/tap}: the tap page (a form; rows arrive by script), and {@code GET
 * /namespaces/{ns}/tap/events}: the live tap as server-sent events, relayed from the controller.
 */
@Controller
class TapController {

  private final TapEventRelay relay;
  private final ControllerApi api;
  private final JsonMapper json = JsonMapper.builder().build();

  TapController(ControllerApi api) {
    this.relay = new TapEventRelay(api);
    this.api = api;
  }

  @GetMapping("/namespaces/{ns}/tap")
  Mono<String> page(
      @PathVariable String ns,
      @RequestParam(required = false) String resource,
      Model model,
      ServerHttpResponse response) {
    model.addAttribute("namespace", ns);
    model.addAttribute("controllerApi", api.base());
    model.addAttribute("resource", resource == null ? "" : resource);
    // Asking the version first lets the page say at once that the controller is unreachable.
    return Mono.fromFuture(api::version)
        .map(version -> "tap")
        .onErrorResume(failure -> PageFailures.render(failure, "tap", model, response));
  }

  @GetMapping(path = "/namespaces/{ns}/tap/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @ResponseBody
  Flux<ServerSentEvent<String>> events(
      @PathVariable String ns,
      @RequestParam(required = false) String resource,
      @RequestParam(required = false) String method,
      @RequestParam(required = false) String path) {
    TapQuery query;
    try {
      query = new TapQuery(ns, resource, method, path);
    } catch (IllegalArgumentException e) {
      return Flux.just(
          ServerSentEvent.builder(json.writeValueAsString(Map.of("message", e.getMessage())))
              .event("failed")
              .build());
    }
    return relay.relay(query);
  }
}
