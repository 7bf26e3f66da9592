package io.astrid.capsule.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.astrid.capsule.api.gateway.CommandHost;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14: what the client of a running runtime trusts in {@code gateway.json}, and when it runs on its own. */
class Issue14RemoteRuntimeTest {
  @TempDir
  Path state;

  @Test
  void noFileMeansNoRunningRuntime() {
    assertEquals(Optional.empty(), RemoteRuntime.find(state));
  }

  @Test
  void theFileOfAProcessThatIsGoneIsNotTrusted() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    write("{\"url\": \"http://127.0.0.1:7411/mcp\", \"pid\": " + gone.pid() + ", \"token\": \"t\"}");
    assertEquals(Optional.empty(), RemoteRuntime.find(state));
  }

  @Test
  void theFileOfALiveProcessNamesItsCommandEndpoint() throws Exception {
    long pid = ProcessHandle.current().pid();
    write("{\"url\": \"http://127.0.0.1:7411/mcp\", \"pid\": " + pid + ", \"token\": \"t\"}");
    assertEquals(Optional.of(new RemoteRuntime.Endpoint(URI.create("http://127.0.0.1:7411/admin/command"), pid, "t")),
        RemoteRuntime.find(state));
  }

  @Test
  void aMalformedFileIsAnError() throws Exception {
    write("{\"url\": \"http://127.0.0.1:7411/mcp\"}");
    CommandFailure failure = assertThrows(CommandFailure.class, () -> RemoteRuntime.find(state));
    assertEquals("the running runtime's endpoint file is malformed [" + state.resolve("gateway.json")
        + "]: expected url, pid and token", failure.getMessage());
    assertEquals(ExitCodes.PROBLEMS, failure.exitCode());
  }

  @Test
  void anEndpointThatDoesNotAnswerMeansRunningOnItsOwn() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RemoteRuntime.Endpoint endpoint = new RemoteRuntime.Endpoint(URI.create("http://127.0.0.1:" + port
        + CommandHost.PATH), ProcessHandle.current().pid(), "t");
    assertTrue(RemoteRuntime.send(endpoint, new CommandHost.Request(List.of("tools"), List.of(), new byte[0], false,
        "", List.of(), false)).isEmpty());
  }

  private void write(String content) throws Exception {
    Files.writeString(state.resolve(RemoteRuntime.ENDPOINT_FILE), content);
  }
}
