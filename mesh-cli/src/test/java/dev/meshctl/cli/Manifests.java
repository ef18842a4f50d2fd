package dev.meshctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The documents of rendered YAML, and the PEMs in them, for assertions. */
final class Manifests {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  final List<JsonNode> documents;

  Manifests(String yaml) throws Exception {
    documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      var values = YAML.readValues(parser, JsonNode.class);
      while (values.hasNext()) {
        JsonNode document = values.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    }
  }

  JsonNode find(String kind, String name) {
    return documents.stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .filter(d -> name.equals(d.path("metadata").path("name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
  }

  List<X509Certificate> secretCertificates(String name) {
    JsonNode secret = find("Secret", name);
    String base64 = secret.path("data").path("tls.crt").asText(null);
    String pem =
        base64 != null
            ? new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.US_ASCII)
            : secret.path("stringData").path("tls.crt").asText();
    return PemCertificates.parse(pem);
  }

  String trustAnchorsPem() {
    return find("ConfigMap", ClusterNames.TRUST_ROOTS_CONFIG_MAP)
        .path("data")
        .path(ClusterNames.TRUST_ROOTS_KEY)
        .asText();
  }

  String webhookCaBundlePem() {
    String base64 =
        find("MutatingWebhookConfiguration", ClusterNames.WEBHOOK_CONFIGURATION)
            .path("webhooks")
            .get(0)
            .path("clientConfig")
            .path("caBundle")
            .asText();
    return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.US_ASCII);
  }
}
