package io.astrid.capsule.api.hook;

import io.astrid.capsule.api.manifest.Interceptor;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One capsule's hook entry point, registered by the engine that runs the capsule as an OSGi service
 * with {@value #CAPSULE_ID_PROPERTY}; unregistered when the engine unloads. The runtime raises every
 * {@link io.astrid.capsule.api.manifest.InterceptorEvent} through it: for an event about capsule X it
 * calls, hook by hook in service order (ranking, then registration, which is load order), each
 * {@link #interceptors()} entry of that event in manifest order, on the thread that raised the event.
 *
 * <p>The engine is only the transport: it hands {@code input} to the capsule and returns its
 * answer. Allow, deny and rewrite, and what a failing hook means, are the runtime's
 * (docs/wasm-abi.md, Interceptors). A JVM capsule's or an MCP server's hook implements this same
 * interface.
 */
@ConsumerType
public interface CapsuleHook {
  /** Service property (String, required): the id of the capsule this hook belongs to. */
  String CAPSULE_ID_PROPERTY = "capsule.id";

  /** The capsule's {@code [[interceptor]]} entries this hook serves, in manifest order. */
  List<Interceptor> interceptors();

  /**
   * Runs one interceptor's handler.
   *
   * @param interceptor one of {@link #interceptors()}
   * @param input the event's payload as JSON values: {@code event}, {@code action} and the event's
   *     own fields
   * @return the capsule's answer, a JSON object as plain Java values; empty when it said nothing
   * @throws RuntimeException when the handler failed (a trap, the call timeout, an answer that is
   *     not a JSON object); the message says why
   */
  Map<String, Object> trigger(Interceptor interceptor, Map<String, Object> input);
}
