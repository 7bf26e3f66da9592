package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A peer: the Extism JS SDK on Node ({@code bench-extism-js.mjs} in {@code directory}, its
 * {@code node_modules} installed by {@code npm ci}), given the plan and the rows as JSON on stdin.
 */
final class ExtismJsPeer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExtismJsPeer() {}

  static Map<String, Measurement> run(Path directory, LatencyPlan plan, List<LatencyRow> rows)
      throws IOException, InterruptedException {
    if (!Files.isDirectory(directory.resolve("node_modules/@extism/extism"))) {
      throw new IllegalStateException("no Extism JS SDK in [" + directory + "]: run npm ci there (./build bench wasm"
          + " does)");
    }
    // Node 20 warns that WASI is experimental on loading the SDK, which needs no WASI here.
    Process node = new ProcessBuilder("node", "--disable-warning=ExperimentalWarning", "bench-extism-js.mjs")
        .directory(directory.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (OutputStream stdin = node.getOutputStream()) {
      JSON.writeValue(stdin, plan(plan, rows));
    }
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (node.waitFor() != 0) {
      throw new IllegalStateException("the Extism JS peer failed (exit " + node.exitValue() + "): " + out);
    }
    JsonNode result = JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
    Map<String, Measurement> measurements = new LinkedHashMap<>();
    for (LatencyRow row : rows) {
      JsonNode measured = result.get(row.name());
      long[] medians = new long[measured.get("roundMediansNs").size()];
      for (int i = 0; i < medians.length; i++) {
        medians[i] = measured.get("roundMediansNs").get(i).asLong();
      }
      measurements.put(row.name(), Measurement.of(medians, Base64.getDecoder().decode(measured.get("output")
          .asText())));
    }
    return measurements;
  }

  private static ObjectNode plan(LatencyPlan plan, List<LatencyRow> rows) {
    ObjectNode json = JSON.createObjectNode().put("warmupMs", plan.warmupMs()).put("measureMs", plan.measureMs())
        .put("maxCalls", plan.maxCalls()).put("rounds", plan.rounds());
    json.putObject("config").put(LatencyRow.CONFIG_KEY, LatencyRow.CONFIG_ANSWER);
    ArrayNode list = json.putArray("rows");
    for (LatencyRow row : rows) {
      list.addObject().put("name", row.name()).put("wasm", row.wasm().toAbsolutePath().toString())
          .put("export", row.export()).put("input", Base64.getEncoder().encodeToString(row.input()));
    }
    return json;
  }
}
