package io.astrid.capsule.api.jvm;

import io.astrid.capsule.api.manifest.Interceptor;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A JVM capsule's hook entry point, the counterpart of a WebAssembly guest's
 * {@code astrid_hook_trigger}: the runtime calls it for every event of the capsule's
 * {@code [[interceptor]]}s (docs/wasm-abi.md, Interceptors) — {@code CapsuleLoaded},
 * {@code CapsuleUnloaded}, {@code BeforeToolCall}, {@code AfterToolCall}, {@code ToolError},
 * {@code BeforeCommand}, {@code AfterCommand} — once per {@code [[interceptor]]} of the event, in
 * manifest order, about the capsule itself and the capsules its {@code [capabilities] intercept}
 * names. Offered by the capsule's {@link CapsuleHookProvider#handler}.
 *
 * <p>Threading: called on the thread that raised the event (the caller's, for tool calls and
 * commands; {@code capsule-lifecycle-hooks} for {@code CapsuleLoaded}/{@code CapsuleUnloaded}),
 * concurrently when events are raised concurrently, with the capsule's loader as the thread's
 * context loader; never after the capsule began to unload.
 */
@ConsumerType
@FunctionalInterface
public interface HookHandler {

  /**
   * Handles one interceptor's event.
   *
   * @param interceptor the {@code [[interceptor]]} entry whose event happened (its {@code action}
   *     tells handlers of one event apart)
   * @param event the event's payload as plain JSON values (maps, lists, strings, numbers, booleans,
   *     null), exactly the object a WebAssembly guest's {@code astrid_hook_trigger} gets:
   *     {@code event} (its name), {@code action} (the interceptor's, else the event's name) and the
   *     event's own fields ({@code capsule}; {@code tool}, {@code arguments}, {@code result};
   *     {@code command}, {@code output}; {@code state})
   * @return the answer, as a guest's: empty to let the action go on unchanged; for
   *     {@code BeforeToolCall}/{@code BeforeCommand}, {@code {"deny": "why"}} to stop it or
   *     {@code {"arguments": ...}} to rewrite its arguments; for {@code AfterToolCall}
   *     {@code {"result": ...}}, for {@code AfterCommand} {@code {"output": "..."}} to replace what
   *     the caller gets. A replacement must have the type of what it replaces. The answers of
   *     notifications are not read.
   * @throws Exception when the handler fails; before an action the registry's
   *     {@code interceptor.failure} decides (deny by default), otherwise it is logged and passed over
   */
  Map<String, Object> trigger(Interceptor interceptor, Map<String, Object> event) throws Exception;
}
