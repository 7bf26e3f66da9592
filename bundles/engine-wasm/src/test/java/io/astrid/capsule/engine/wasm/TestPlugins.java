package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.hook.CapsuleHook;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.core.internal.host.DefaultUplinkHub;
import io.astrid.capsule.core.internal.host.InMemoryMessageBus;
import io.astrid.capsule.core.internal.host.MvStoreKeyValueStore;
import io.astrid.capsule.core.internal.host.TokenBucketLogRate;
import io.astrid.capsule.core.internal.manifest.TomlManifestReader;
import io.astrid.capsule.engine.support.HookRegistrar;
import io.astrid.capsule.scheduler.CronTimer;
import io.astrid.capsule.security.DefaultSecurityGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.slf4j.LoggerFactory;

/** The plugins of the tests and the real host services behind them. */
final class TestPlugins {
  /** The C test plugins with their committed .wasm builds (scripts/build-wasm-plugins). */
  static final Path PLUGINS = Path.of("src/test/plugins");

  /** The tests' watchdog, as the engine factory owns one: it lives as long as the test JVM. */
  static final CallWatchdog WATCHDOG = new CallWatchdog();

  private TestPlugins() {}

  static byte[] wasm(String name) {
    try {
      return Files.readAllBytes(PLUGINS.resolve(name + ".wasm"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A plugin with the kernel only (no Astrid host functions linked). */
  static WasmPlugin kernelOnly(Engine engine, byte[] wasm, String name, Map<String, String> config, HostHttp http) {
    ExtismKernel kernel = new ExtismKernel(config, http, LoggerFactory.getLogger(name));
    return WasmPlugin.load(engine, wasm, name, kernel, new HostImports(),
        new GuestOutput(LoggerFactory.getLogger(name)), WATCHDOG);
  }

  /**
   * Real services: {@code gate} for HTTP, the security gate's own workspace files (judged against
   * the capsule's declared {@code fs_read}/{@code fs_write}, state in {@code state/gate}), a
   * key-value store in {@code state}, a bus, an uplink hub, the cron timer.
   */
  static HostServices services(CapsuleSecurityGate gate, Path state, Path workspace) {
    InMemoryMessageBus bus = new InMemoryMessageBus();
    return new HostServices(gate, new DefaultSecurityGate(state.resolve("gate")),
        new MvStoreKeyValueStore(state.resolve("kv.mv.db")), bus, new DefaultUplinkHub(bus),
        new CronTimer(), workspace, new TokenBucketLogRate(100, 1000, System::nanoTime), WATCHDOG);
  }

  /**
   * A capsule of one plugin for tests of the host functions: an empty workspace {@code root/workspace}, and in
   * {@code root/capsule} the plugin {@code plugin} as {@code PLUGIN.wasm} beside the manifest {@code toml}, whose
   * entrypoint names that file. Returns the manifest as read.
   */
  static CapsuleManifest writeCapsule(Path root, String plugin, String toml) throws IOException {
    Files.createDirectories(root.resolve("workspace"));
    Path capsule = Files.createDirectories(root.resolve("capsule"));
    Files.write(capsule.resolve(plugin + ".wasm"), wasm(plugin));
    Files.writeString(capsule.resolve(CapsuleManifest.FILE_NAME), toml);
    return new TomlManifestReader().read(capsule.resolve(CapsuleManifest.FILE_NAME)).orThrow();
  }

  /**
   * {@link #writeCapsule} of a capsule {@code name} for the host functions' tests: it may read and write every path
   * and declares the setting {@code greeting} (default "hello"); its manifest ends in {@code sections}.
   */
  static CapsuleManifest writeHostCapsule(Path root, String plugin, String name, String sections)
      throws IOException {
    return writeCapsule(root, plugin, """
        [package]
        name = "%s"
        version = "1.0.0"

        [component]
        entrypoint = "%s.wasm"

        [capabilities]
        fs_read = ["*"]
        fs_write = ["*"]

        [env.greeting]
        type = "string"
        default = "hello"
        %s""".formatted(name, plugin, sections));
  }

  /** The engine of {@code manifest}'s component, with a 10 s call timeout and 64 MiB of guest memory. */
  static WasmCapsuleEngine engine(Engine polyglot, HostServices services, HookRegistrar<CapsuleHook> hooks,
      CapsuleManifest manifest) {
    return new WasmCapsuleEngine(polyglot, services, hooks, manifest.component().orElseThrow(), Duration.ofSeconds(10),
        64L << 20);
  }
}
