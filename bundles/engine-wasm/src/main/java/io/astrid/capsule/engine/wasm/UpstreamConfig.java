package io.astrid.capsule.engine.wasm;

import static io.astrid.capsule.engine.wasm.AstridHost.JSON;

import io.astrid.capsule.api.manifest.EnvType;
import io.astrid.capsule.api.manifest.EnvVar;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values {@code astrid_get_config} answers, in the upstream runtime's form (unicity-astrid/astrid
 * at e4e34713, host/sys.rs: {@code serde_json::to_string} of the value), so that a guest written for
 * it parses ours alike (issue 18): a string as a JSON string ({@code "hello"}, quotes and escapes
 * included), a {@code number} or {@code boolean} variable as the JSON number or boolean. The kernel's
 * {@code config_get} keeps the plain text.
 */
final class UpstreamConfig {
  private UpstreamConfig() {}

  /** Each value of {@code values} as JSON text, typed by its declaration in {@code env}. */
  static Map<String, String> encode(Map<String, EnvVar> env, Map<String, String> values) {
    Map<String, String> encoded = new LinkedHashMap<>();
    values.forEach((name, value) -> encoded.put(name, encode(env.get(name), value)));
    return encoded;
  }

  private static String encode(EnvVar declaration, String value) {
    EnvType type = declaration == null ? EnvType.STRING : declaration.type();
    // A number's text may be one JSON does not allow (+3, .5, 007): BigDecimal reads every form the
    // manifest accepts and writes one JSON allows. A value that is not of its type stays a string.
    if (type == EnvType.NUMBER && type.accepts(value)) {
      return JSON.getNodeFactory().numberNode(new BigDecimal(value)).toString();
    }
    if (type == EnvType.BOOLEAN && type.accepts(value)) {
      return value;
    }
    return JSON.getNodeFactory().textNode(value).toString();
  }
}
