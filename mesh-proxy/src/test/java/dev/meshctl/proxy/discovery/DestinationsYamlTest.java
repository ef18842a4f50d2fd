package dev.meshctl.proxy.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.meshctl.proxy.profile.ServiceProfile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

class DestinationsYamlTest {

  private static final Path FILE = Path.of("/etc/mesh/destinations.yaml");

  private static Map<Authority, Destination> parse(String yaml) {
    return DestinationsYaml.parse(FILE, yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static ThrowableAssertAlternative<DestinationsFileException> assertInvalid(String yaml) {
    return assertThatExceptionOfType(DestinationsFileException.class).isThrownBy(() -> parse(yaml));
  }

  private static Endpoint endpoint(String ip, int port, int weight) {
    return new Endpoint(new InetSocketAddress(ip, port), weight);
  }

  @Test
  void validFile_givesEachAuthorityItsWeightedEndpoints() {
    Map<Authority, Destination> destinations =
        parse(
            """
            destinations:
              - authority: web.demo.svc.cluster.local:8080   # host:port as clients address it
                endpoints:
                  - address: 127.0.0.1:9001
                    weight: 3
                  - address: 127.0.0.1:9002
              - authority: db.demo.svc.cluster.local:5432
                endpoints:
                  - address: "[::1]:5432"
                    weight: 1000000
            """);

    Authority web = new Authority("web.demo.svc.cluster.local", 8080);
    Authority db = new Authority("db.demo.svc.cluster.local", 5432);
    assertThat(destinations).containsOnlyKeys(web, db);
    assertThat(destinations.get(web))
        .isEqualTo(
            new Destination(
                web, List.of(endpoint("127.0.0.1", 9001, 3), endpoint("127.0.0.1", 9002, 1))));
    assertThat(destinations.get(db).endpoints()).containsExactly(endpoint("::1", 5432, 1000000));
  }

  @Test
  void destinations_keepTheFileOrder() {
    Map<Authority, Destination> destinations =
        parse(
            """
            destinations:
              - authority: c:80
              - authority: a:80
              - authority: b:80
            """);

    assertThat(destinations.keySet()).extracting(Authority::host).containsExactly("c", "a", "b");
  }

  @Test
  void authorityWithoutPort_meansPort80AndHostIsCaseInsensitive() {
    Map<Authority, Destination> destinations =
        parse(
            """
            destinations:
              - authority: Web.Demo
                endpoints:
                  - address: 10.0.0.1:80
            """);

    assertThat(destinations).containsKey(Authority.parse("web.demo:80", 443));
  }

  @Test
  void emptyOrMissingEndpoints_defineADestinationWithNoEndpoint() {
    Map<Authority, Destination> destinations =
        parse(
            """
            destinations:
              - authority: empty:80
                endpoints: []
              - authority: blank:80
                endpoints:
              - authority: absent:80
            """);

    assertThat(destinations.values())
        .hasSize(3)
        .allSatisfy(d -> assertThat(d.endpoints()).isEmpty());
  }

  @Test
  void emptyDestinationsList_definesNothing() {
    assertThat(parse("destinations: []\n")).isEmpty();
    assertThat(parse("destinations:\n")).isEmpty();
  }

  @Test
  void identity_ofTheDestination_isEveryEndpointsUnlessItHasItsOwn() {
    Map<Authority, Destination> destinations =
        parse(
            """
            destinations:
              - authority: web:8080
                profile: {routes: []}
                identity: web.demo.serviceaccount.identity.mesh.cluster.local
                endpoints:
                  - address: 127.0.0.1:9001
                  - address: 127.0.0.1:9002
                    identity: canary.demo.serviceaccount.identity.mesh.cluster.local
              - authority: db:5432
                endpoints: [{address: 127.0.0.1:5432}]
            """);

    Destination web = destinations.get(new Authority("web", 8080));
    assertThat(web.endpoints())
        .extracting(e -> e.identity().orElse(""))
        .containsExactly(
            "web.demo.serviceaccount.identity.mesh.cluster.local",
            "canary.demo.serviceaccount.identity.mesh.cluster.local");
    assertThat(web.identities())
        .containsEntry(
            new java.net.InetSocketAddress("127.0.0.1", 9001),
            "web.demo.serviceaccount.identity.mesh.cluster.local");
    assertThat(web.profile()).isEqualTo(ServiceProfile.none());
    Destination db = destinations.get(new Authority("db", 5432));
    assertThat(db.endpoints().get(0).identity()).isEmpty();
    assertThat(db.identities()).isEmpty();
  }

  @Test
  void identityThatIsNotADnsName_isRejected() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints:
                  - address: 127.0.0.1:9001
                    identity: "Web Server!"
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].endpoints[0].identity: expected the"
                + " identity the endpoint's proxy presents, a DNS name such as"
                + " web.demo.serviceaccount.identity.meshctl-system.cluster.local, found \"Web"
                + " Server!\"");
  }

  @Test
  void badYamlSyntax_namesLineAndColumn() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints: [
            """)
        .withMessageStartingWith(
            "/etc/mesh/destinations.yaml: not valid YAML at line 4, column 1: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void badIndentation_namesLineAndColumn() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
               endpoints: []
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: not valid YAML at line 3, column 4: expected <block end>,"
                + " but found '<block mapping start>'");
  }

  @Test
  void duplicateYamlKey_isRejected() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                authority: web:9090
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: not valid YAML at line 3, column 5: found duplicate key"
                + " authority");
  }

  @Test
  void customTag_isRejectedBySafeLoading() {
    assertInvalid(
            """
            destinations: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]
            """)
        .withMessageStartingWith("/etc/mesh/destinations.yaml: not valid YAML at line 1");
  }

  @Test
  void emptyFile_saysWhatIsExpected() {
    assertInvalid("")
        .withMessage(
            "/etc/mesh/destinations.yaml: the file is empty; expected a mapping with a"
                + " \"destinations\" list");
  }

  @Test
  void topLevelList_saysAMappingIsExpected() {
    assertInvalid("- authority: web:80\n")
        .withMessage(
            "/etc/mesh/destinations.yaml: expected a mapping with a \"destinations\" list at the"
                + " top level, found a list");
  }

  @Test
  void unknownTopLevelKey_isRejected() {
    assertInvalid("destination: []\n")
        .withMessage(
            "/etc/mesh/destinations.yaml: unknown top-level key \"destination\"; expected"
                + " \"destinations\"");
  }

  @Test
  void destinationsNotAList_isRejected() {
    assertInvalid("destinations: {authority: web}\n")
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations: expected a list of destinations, found a"
                + " mapping");
  }

  @Test
  void destinationNotAMapping_namesItsIndex() {
    assertInvalid("destinations:\n  - web:8080\n")
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0]: expected a mapping with authority and"
                + " endpoints, found \"web:8080\"");
  }

  @Test
  void missingAuthority_namesThePlace() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
              - endpoints:
                  - address: 127.0.0.1:9001
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[1].authority: missing; expected the"
                + " host:port clients address, such as web.demo.svc.cluster.local:8080");
  }

  @Test
  void malformedAuthority_namesThePlaceAndTheReason() {
    assertInvalid(
            """
            destinations:
              - authority: "web:http"
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].authority: \"web:http\" is not a valid"
                + " authority (authority 'web:http' has a port that is not a number)");
  }

  @Test
  void authorityThatIsNotText_isRejected() {
    assertInvalid("destinations:\n  - authority: [web, 80]\n")
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].authority: expected a host:port such as"
                + " web.demo.svc.cluster.local:8080, found a list");
  }

  @Test
  void duplicateAuthority_namesBothPlaces() {
    assertInvalid(
            """
            destinations:
              - authority: web:80
              - authority: api:80
              - authority: WEB
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[2].authority: \"web:80\" is already"
                + " defined by destinations[0]");
  }

  @Test
  void badAddress_namesThePlace() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints:
                  - address: 127.0.0.1:99999
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].endpoints[0].address: \"127.0.0.1:99999\""
                + " is not an IP address and port (the port 99999 is not in 1-65535)");
  }

  @Test
  void hostNameInsteadOfIp_namesThePlace() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints: []
              - authority: api:8080
                endpoints:
                  - address: localhost:80
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[1].endpoints[0].address: \"localhost:80\""
                + " is not an IP address and port (host names are not accepted, only IP"
                + " addresses)");
  }

  @Test
  void missingAddress_namesThePlace() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints:
                  - weight: 2
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].endpoints[0].address: missing; expected"
                + " an IP address and port such as 127.0.0.1:9001");
  }

  @Test
  void unquotedIpv6Address_isASyntaxErrorThatSaysToQuoteIt() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints:
                  - address: [::1]:9001
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: not valid YAML at line 4, column 19: expected the node"
                + " content, but found ':' (an address in brackets must be quoted, as in address:"
                + " \"[::1]:9001\")");
  }

  @Test
  void addressWrittenAsAList_saysWhatIsExpected() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints:
                  - address: [10.0.0.1, 9001]
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].endpoints[0].address: expected an IP"
                + " address and port such as 127.0.0.1:9001 or \"[::1]:9001\" (quote IPv6"
                + " addresses in YAML), found a list");
  }

  @Test
  void endpointWrittenAsPlainText_saysAMappingIsExpected() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints:
                  - 127.0.0.1:9001
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].endpoints[0]: expected a mapping with"
                + " address and weight, found \"127.0.0.1:9001\"");
  }

  @Test
  void zeroWeight_isRejected() {
    assertInvalid(weighted("0"))
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].endpoints[1].weight: 0 is not a whole"
                + " number from 1 to 1000000");
  }

  @Test
  void negativeWeight_isRejected() {
    assertInvalid(weighted("-3"))
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].endpoints[1].weight: -3 is not a whole"
                + " number from 1 to 1000000");
  }

  @Test
  void hugeWeight_isRejected() {
    assertInvalid(weighted("99999999999999999999"))
        .withMessageEndingWith(
            "weight: 99999999999999999999 is not a whole number from 1 to 1000000");
  }

  @Test
  void fractionalOrTextWeight_isRejected() {
    assertInvalid(weighted("1.5"))
        .withMessageEndingWith("weight: 1.5 is not a whole number from 1 to 1000000");
    assertInvalid(weighted("heavy"))
        .withMessageEndingWith("weight: \"heavy\" is not a whole number from 1 to 1000000");
    assertInvalid(weighted(""))
        .withMessageEndingWith("weight: nothing is not a whole number from 1 to 1000000");
  }

  private static String weighted(String weight) {
    return """
        destinations:
          - authority: web:8080
            endpoints:
              - address: 127.0.0.1:9001
              - address: 127.0.0.1:9002
                weight: %s
        """
        .formatted(weight);
  }

  @Test
  void duplicateEndpointAddress_namesBothPlaces() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints:
                  - address: 127.0.0.1:9001
                  - address: 127.0.0.2:9001
                  - address: 127.0.0.1:9001
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].endpoints[2].address: \"127.0.0.1:9001\""
                + " is already listed at endpoints[0]");
  }

  @Test
  void unknownDestinationKey_isRejectedListingTheKnownOnes() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoint:
                  - address: 127.0.0.1:9001
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0]: unknown key \"endpoint\"; expected"
                + " authority, endpoints, profile or identity");
  }

  @Test
  void unknownEndpointKey_isRejectedListingTheKnownOnes() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints:
                  - address: 127.0.0.1:9001
                    wieght: 2
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].endpoints[0]: unknown key \"wieght\";"
                + " expected address, weight or identity");
  }

  @Test
  void endpointsNotAList_isRejected() {
    assertInvalid(
            """
            destinations:
              - authority: web:8080
                endpoints: 127.0.0.1:9001
            """)
        .withMessage(
            "/etc/mesh/destinations.yaml: destinations[0].endpoints: expected a list of endpoints,"
                + " found \"127.0.0.1:9001\"");
  }

  @Test
  void invalidUtf8_isRejectedOnOneLine() {
    byte[] content = {'d', 'e', 's', 't', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'};

    assertThatExceptionOfType(DestinationsFileException.class)
        .isThrownBy(() -> DestinationsYaml.parse(FILE, content))
        .withMessageStartingWith("/etc/mesh/destinations.yaml: not valid YAML")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void exception_exposesTheFileAndTheProblemSeparately() {
    assertInvalid("destinations: 1\n")
        .satisfies(
            e -> {
              assertThat(e.file()).isEqualTo(FILE);
              assertThat(e.problem())
                  .isEqualTo("destinations: expected a list of destinations, found 1");
            });
  }
}
