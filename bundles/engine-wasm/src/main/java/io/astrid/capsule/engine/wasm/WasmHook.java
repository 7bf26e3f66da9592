package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.manifest.Interceptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A capsule's {@code [[interceptor]]}s reached through its export {@code astrid_hook_trigger}: the
 * event's input as JSON in, the guest's answer out — nothing (an empty output) or a JSON object.
 * What the answer means is the runtime's (docs/wasm-abi.md, Interceptors); a trap or the call
 * timeout throws, as does an answer that is not a JSON object.
 */
final class WasmHook implements CapsuleHook {
  static final String HOOK_EXPORT = "astrid_hook_trigger";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final String capsuleId;
  private final List<Interceptor> interceptors;
  private final BiFunction<String, byte[], byte[]> guest;

  WasmHook(String capsuleId, List<Interceptor> interceptors, BiFunction<String, byte[], byte[]> guest) {
    this.capsuleId = capsuleId;
    this.interceptors = List.copyOf(interceptors);
    this.guest = guest;
  }

  @Override
  public List<Interceptor> interceptors() {
    return interceptors;
  }

  @Override
  public Map<String, Object> trigger(Interceptor interceptor, Map<String, Object> input) {
    byte[] output;
    try {
      output = guest.apply(HOOK_EXPORT, JSON.writeValueAsBytes(input));
    } catch (IOException e) {
      throw new WasmCallException(HOOK_EXPORT + " of [" + capsuleId + "]: the input cannot be written as JSON", e);
    }
    if (output.length == 0) {
      return Map.of();
    }
    try {
      JsonNode answer = JSON.readTree(output);
      if (answer == null || !answer.isObject()) {
        throw new WasmCallException(HOOK_EXPORT + " of [" + capsuleId + "]: the answer is not a JSON object");
      }
      return JSON.convertValue(answer, OBJECT);
    } catch (IOException e) {
      throw new WasmCallException(HOOK_EXPORT + " of [" + capsuleId + "]: the answer is not JSON: "
          + new String(output, StandardCharsets.UTF_8), e);
    }
  }
}
