package io.astrid.capsule.distribution;

import static io.astrid.capsule.distribution.RawHttp.INITIALIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: while a capsule is installed but not READY (waiting for an engine being updated, or here for an
 * {@code [env]} value, the one WAITING a test can hold still), the gateway tells an MCP client the registry's
 * reason for its tools and resources, not {@code unknown tool} or {@code resource not found}.
 */
class Issue16WaitingCapsuleGatewayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WAITING = "WAITING (waiting for env value [TOKEN], which has no default: set it with:"
      + " capsule env %s set TOKEN)";

  @Test
  void issue16_aWaitingCapsulesToolAndResourceSayWhyTheyCannotServe(@TempDir Path temp) throws Exception {
    Path root = Files.createDirectories(temp.resolve("capsules"));
    for (String example : new String[] {"notes", "hello-static"}) {
      Path capsule = CapsuleCli.copyExample(example, root.resolve(example));
      Files.writeString(capsule.resolve("Capsule.toml"), "\n[env.TOKEN]\ntype = \"string\"\n",
          StandardOpenOption.APPEND);
    }
    try (GatewayRuntime runtime = GatewayRuntime.start(temp, root)) {
      URI url = runtime.url();
      String session = "Mcp-Session-Id: " + RawHttp.post(url, INITIALIZE).headers().get("mcp-session-id");

      JsonNode tool = message(RawHttp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
          + "{\"name\":\"notes_note_read\",\"arguments\":{\"name\":\"x\"}}}", session).body());
      assertEquals("true tool [capsule:notes:note_read] is unavailable: capsule [notes] is "
          + WAITING.formatted("notes"), tool.path("result").path("isError").asBoolean() + " "
          + tool.path("result").path("content").path(0).path("text").asText(), tool.toString());

      JsonNode resource = message(RawHttp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/read\","
          + "\"params\":{\"uri\":\"capsule://hello-static/context/house-style\"}}", session).body());
      assertEquals("-32002 resource [capsule://hello-static/context/house-style] is unavailable: capsule "
          + "[hello-static] is " + WAITING.formatted("hello-static"), resource.path("error").path("code").asInt()
          + " " + resource.path("error").path("message").asText(), resource.toString());

      JsonNode unknown = message(RawHttp.post(url, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/read\","
          + "\"params\":{\"uri\":\"capsule://nope/context/x\"}}", session).body());
      assertEquals("-32002 resource not found [capsule://nope/context/x]", unknown.path("error").path("code").asInt()
          + " " + unknown.path("error").path("message").asText());
    }
  }

  /** The JSON-RPC message of a response: the body, or the data of its event stream's last event. */
  private static JsonNode message(String body) throws IOException {
    return JSON.readTree(body.startsWith("event:") ? body.substring(body.lastIndexOf("data: ") + 6) : body);
  }
}
