package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.api.host.CronScheduler;
import io.astrid.capsule.api.host.GuestLogRate;
import io.astrid.capsule.api.host.KeyValueStore;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.host.UplinkHub;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.WorkspaceFiles;
import java.nio.file.Path;

/**
 * The host's services behind the Astrid host functions, as the engine factory found them.
 *
 * @param files the workspace's files, judged by the gate and touched where judged
 * @param workspace the directory guests' paths are relative to and confined to
 * @param logRate how many lines each capsule's guest may log
 * @param watchdog ends the plugins' calls that run past their timeout; owned by the factory
 */
record HostServices(CapsuleSecurityGate gate, WorkspaceFiles files, KeyValueStore kv, MessageBus bus,
    UplinkHub uplinks, CronScheduler cron, Path workspace, GuestLogRate logRate, CallWatchdog watchdog) {}
