package io.astrid.capsule.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 finding 5 for {@code *}: every host is not every port, nor the host's own network. The
 * rest of the finding (ports, names leading to special-purpose addresses) is in the adversarial table.
 */
class Issue20Finding5Test {
  private final ManifestGate gate = new ManifestGate(Issue20Finding5Test::resolve);

  private static List<InetAddress> resolve(String name) throws UnknownHostException {
    return switch (name) {
      case "api.github.com" -> List.of(InetAddress.ofLiteral("140.82.112.5"));
      case "localhost" -> List.of(InetAddress.ofLiteral("127.0.0.1"));
      default -> throw new UnknownHostException(name);
    };
  }

  private GateDecision check(String declared, String url) {
    SecuritySubject subject = new SecuritySubject("star", TestSubjects.manifest(List.of(declared), List.of(),
        List.of(), List.of(), List.of()), Path.of("."));
    return gate.check(subject, new GateRequest.Http("GET", url));
  }

  @Test
  void finding5_aStarIsEveryHostOnItsDefaultPortAndNeverASpecialPurposeAddress() {
    assertEquals("net [api.github.com:443] is declared in [capabilities] net (*), resolved to [140.82.112.5]",
        check("*", "https://api.github.com/").reason());
    assertEquals("net [93.184.215.14:80] is declared in [capabilities] net (*)",
        check("*", "http://93.184.215.14/").reason());
    assertEquals("net [https://api.github.com:8443/] denied: port [8443] of host [api.github.com] is not declared in"
        + " [capabilities] net (an entry without a port allows its scheme's default port only, host:* every port)",
        check("*", "https://api.github.com:8443/").reason());
    assertEquals("net [http://127.0.0.1/] denied: host [127.0.0.1] is a special-purpose address (loopback): only an"
        + " IP address or range declared in [capabilities] net reaches it (such as 127.0.0.1:80)",
        check("*", "http://127.0.0.1/").reason());
    assertEquals("net [http://localhost/] denied: host [localhost] resolves to [127.0.0.1], a special-purpose address"
        + " (loopback): only an IP address or range declared in [capabilities] net reaches it (such as 127.0.0.1:80)",
        check("*", "http://localhost/").reason());
  }

  @Test
  void finding5_starColonStarIsEveryPortButStillNotTheLoopback() {
    GateDecision allowed = check("*:*", "https://api.github.com:8443/");
    assertEquals("net [api.github.com:8443] is declared in [capabilities] net (*:*), resolved to [140.82.112.5]",
        allowed.reason());
    assertEquals(List.of(InetAddress.ofLiteral("140.82.112.5")), allowed.addresses());
    assertEquals("net [http://localhost:8080/] denied: host [localhost] resolves to [127.0.0.1], a special-purpose"
        + " address (loopback): only an IP address or range declared in [capabilities] net reaches it (such as"
        + " 127.0.0.1:8080)", check("*:*", "http://localhost:8080/").reason());
  }

  @Test
  void finding5_aDeclaredRangeReachesItsAddressesOnItsPortOnly() {
    GateDecision allowed = check("127.0.0.0/8:*", "http://127.0.0.9:4000/");
    assertEquals("net [127.0.0.9:4000] is declared in [capabilities] net (127.0.0.0/8:*)", allowed.reason());
    assertEquals(List.of(InetAddress.ofLiteral("127.0.0.9")), allowed.addresses());
    assertEquals("net [http://127.0.0.9:4000/] denied: port [4000] of host [127.0.0.9] is not declared in"
        + " [capabilities] net (an entry without a port allows its scheme's default port only, host:* every port)",
        check("127.0.0.0/8", "http://127.0.0.9:4000/").reason());
  }

  /** The rules are parsed once per capsule; a reloaded capsule declaring other entries is judged by those. */
  @Test
  void aCapsuleReloadedWithOtherNetEntriesIsJudgedByTheNewOnes() {
    String url = "https://api.github.com:8443/";
    assertEquals(false, check("*", url).allowed());
    assertEquals(true, check("*:*", url).allowed(), "the same capsule id, reloaded with *:*");
    assertEquals(false, check("*", url).allowed(), "and back");
  }
}
