package io.astrid.capsule.api.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 20, finding 9: {@code ~} is {@code $HOME}, as Unix tools take it, and ASTRID_HOME moves everything. */
class AstridHomeTest {
  private static final String PASSWD_HOME = "/home/passwd-entry";

  @Test
  void issue20Finding9_homeFromTheEnvironmentWinsOverUserHome() {
    assertEquals(Path.of("/srv/agent/.astrid"), AstridHome.resolve(Map.of("HOME", "/srv/agent"), PASSWD_HOME));
  }

  @Test
  void issue20Finding9_astridHomeMovesTheWholeDirectory() {
    assertEquals(Path.of("/data/astrid"), AstridHome.resolve(Map.of("HOME", "/srv/agent", "ASTRID_HOME",
        "/data/astrid"), PASSWD_HOME));
  }

  @Test
  void issue20Finding9_withoutEitherVariableUserHomeIsTheFallbackAndBlankCountsAsUnset() {
    assertEquals(Path.of(PASSWD_HOME, ".astrid"), AstridHome.resolve(Map.of(), PASSWD_HOME));
    assertEquals(Path.of(PASSWD_HOME, ".astrid"), AstridHome.resolve(Map.of("HOME", "", "ASTRID_HOME", " "),
        PASSWD_HOME));
  }

  @Test
  void issue20Finding9_theStateDirectoryIsInTheAstridHomeUnlessConfiguredOrNamedByTheProperty() {
    assertEquals(AstridHome.directory().resolve("state"), StateDirectory.resolve("", null));
    assertEquals(Path.of("/var/lib/astrid"), StateDirectory.resolve("", "/var/lib/astrid"));
    assertEquals(Path.of("/etc/configured"), StateDirectory.resolve("/etc/configured", "/var/lib/astrid"));
  }
}
