package io.astrid.capsule.api.engine;

import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates the engines of one kind for a capsule. Register an implementation as an OSGi service
 * with the service property {@value #KIND_PROPERTY} set to {@link #kind()}.
 *
 * <p>The runtime decides which kinds a manifest needs ({@value #STATIC} always, {@value #WASM}
 * for a {@code [component]} whose entrypoint is a {@code .wasm}, {@value #JVM} for one whose
 * entrypoint is a {@code .jar}, {@value #MCP} for {@code [[mcp_server]]}s, {@value #CRON} for
 * {@code [[cron]]} jobs without a WebAssembly component); a capsule
 * waits until a factory of each kind it needs is registered, and stops its engines when one goes
 * away. When several factories share a kind, the one with the highest service ranking is used.
 */
@ConsumerType
public interface EngineFactory {
  /** Service property (String, required): the kind of engine the factory creates. */
  String KIND_PROPERTY = "engine.kind";

  /** Context files, skills and declarative commands, read from the capsule directory. */
  String STATIC = "static";

  /** The capsule's WebAssembly component. */
  String WASM = "wasm";

  /** The capsule's MCP servers, one engine per {@code [[mcp_server]]}. */
  String MCP = "mcp";

  /** JVM code: the jars beside a {@code .jar} entrypoint, in the capsule's own module layer. */
  String JVM = "jvm";

  /** The {@code [[cron]]} jobs of a capsule without a {@code [component]}: actions published as IPC topics. */
  String CRON = "cron";

  /** The kind, as in the {@value #KIND_PROPERTY} property. */
  String kind();

  /**
   * The engines of this kind for the capsule, in load order. Creating an engine must not start
   * anything: processes, contexts and files are acquired in {@link ExecutionEngine#load}.
   *
   * @param manifest the capsule's validated manifest
   * @param directory the capsule directory
   * @return at least one engine when the manifest needs this kind
   */
  List<ExecutionEngine> create(CapsuleManifest manifest, Path directory);
}
