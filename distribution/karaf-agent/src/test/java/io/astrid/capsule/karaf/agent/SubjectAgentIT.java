package io.astrid.capsule.karaf.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged agent in a real JVM: its manifest, Boot-Class-Path and transformer, as Karaf starts it. */
class SubjectAgentIT {
  @Test
  void aJvmWithTheAgentAnswersLegacySubjectCalls() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process jvm = new ProcessBuilder(java.toString(), "-javaagent:" + System.getProperty("capsule.karaf.agent"),
        "-cp", Path.of("target/test-classes").toAbsolutePath().toString(), LegacyCaller.class.getName())
        .redirectErrorStream(true).start();
    try {
      assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM finished");
      String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals("outside=nobody runAs=alice thread=bob failing=IOException: disk gone [carol]\n", output);
      assertEquals(0, jvm.exitValue());
    } finally {
      jvm.destroyForcibly();
    }
  }
}
