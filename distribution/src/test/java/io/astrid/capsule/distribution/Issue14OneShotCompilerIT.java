package io.astrid.capsule.distribution;

import static io.astrid.capsule.distribution.CapsuleCli.capsule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.astrid.capsule.distribution.CapsuleCli.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot command of bin/capsule spends most of its CPU starting the framework, code that runs a few
 * times: it runs with C1 alone ({@code -XX:TieredStopAtLevel=1}); the commands that serve (run, mcp, shell)
 * keep C2; an option in CAPSULE_JAVA_OPTS wins. Read from the JVM's own flags ({@code -XX:+PrintFlagsFinal}).
 */
class Issue14OneShotCompilerIT {
  private static final Pattern LEVEL = Pattern.compile("\\s*intx TieredStopAtLevel\\s+= (\\d+) .*");

  @TempDir
  Path temp;

  @Test
  void aOneShotCommandCompilesWithC1AloneAndAServingOneWithC2() throws Exception {
    assertEquals("1", level(capsule(temp, List.of("-XX:+PrintFlagsFinal"), "validate", "--help")));
    for (String serving : List.of("run", "mcp", "shell")) {
      assertEquals("4", level(capsule(temp, List.of("-XX:+PrintFlagsFinal"), serving, "--help")), serving);
    }
    assertEquals("4", level(capsule(temp, List.of("-XX:+PrintFlagsFinal", "-XX:TieredStopAtLevel=4"), "validate",
        "--help")));
  }

  private static String level(Run run) {
    assertEquals(0, run.exit(), run::toString);
    return run.out().stream().map(LEVEL::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst()
        .orElseThrow(() -> new AssertionError("no TieredStopAtLevel among the flags: " + run));
  }
}
