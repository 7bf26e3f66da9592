package io.astrid.capsule.engine.jvm;

import io.astrid.capsule.api.manifest.Interceptor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Events' payloads as the runtime hands them to a capsule's hook (docs/wasm-abi.md, Interceptors). */
final class HookEvents {
  private HookEvents() {}

  /** {@code {"event", "action", ...fields}} for {@code interceptor}, fields given as name, value pairs. */
  static Map<String, Object> of(Interceptor interceptor, Object... fields) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event", interceptor.event().name());
    event.put("action", interceptor.action().orElse(interceptor.event().name()));
    for (int i = 0; i < fields.length; i += 2) {
      event.put((String) fields[i], fields[i + 1]);
    }
    return event;
  }
}
