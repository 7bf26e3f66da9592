package io.astrid.capsule.api.engine;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Calls any export of a capsule's WebAssembly plugin by name, bytes in and bytes out, as one
 * calls a plain Extism plugin: for plugins that are not Astrid capsules, and for the host's own
 * use. The call runs under the same limits as a tool call (timeout, memory, the gate).
 */
@ProviderType
public interface PluginExports {

  /**
   * Calls {@code export} of {@code capsuleId}'s loaded plugin with {@code input}.
   *
   * @return the call's output
   * @throws IOException when the capsule has no loaded plugin, or the call fails (its error, a
   *     trap, the timeout); the message says which
   */
  byte[] call(String capsuleId, String export, byte[] input) throws IOException;
}
