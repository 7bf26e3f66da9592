package io.astrid.capsule.engine.wasm;

import static io.astrid.capsule.engine.wasm.ExtismKernel.MAX_KEY_BYTES;
import static io.astrid.capsule.engine.wasm.ExtismKernel.MAX_LOG_BYTES;
import static io.astrid.capsule.engine.wasm.ExtismKernel.MAX_PAYLOAD_BYTES;
import static io.astrid.capsule.engine.wasm.HostFunction.NO_RESULT;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.astrid.capsule.api.host.CronScheduler;
import io.astrid.capsule.api.host.IpcException;
import io.astrid.capsule.api.host.MessageBus;
import io.astrid.capsule.api.host.UplinkHub;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.internal.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/**
 * The Astrid host functions ({@code extism:host/user}) of one capsule instance: every argument
 * and result a kernel block, every limit a failed call with a message (docs/wasm-abi.md). What a
 * guest opens here (subscriptions, uplinks, cron jobs) belongs to this instance and ends with it,
 * so when a new version replaces it the old one's cleanup cannot touch the new one's.
 */
final class AstridHost implements AutoCloseable {
  /** A key-value store value is at most this long. */
  static final int MAX_KV_BYTES = 1024 * 1024;

  /** A cron job's payload is at most this long. */
  static final int MAX_MESSAGE_BYTES = 64 * 1024;

  /** Uplinks or cron jobs one capsule may hold open, each (subscriptions: the bus's ipc.subscriptions.max). */
  static final int MAX_OPEN = 64;

  /** The export a cron job calls. */
  static final String CRON_EXPORT = "astrid_cron_trigger";

  static final ObjectMapper JSON = new ObjectMapper();

  private final String capsuleId;
  private final ExtismKernel kernel;
  private final GuestFiles files;
  private final HostHttp http;
  private final HostServices services;
  private final SecuritySubject subject;
  private final Map<String, String> config;
  private final Logger log;
  private final BiConsumer<String, byte[]> trigger;
  private final Map<String, UpstreamIpc.Poller> subscriptions = new ConcurrentHashMap<>();
  private final UpstreamUplinks uplinks = new UpstreamUplinks();
  private final Map<String, CronScheduler.ScheduledJob> cronJobs = new ConcurrentHashMap<>();
  private final Set<String> declaredCronJobs;

  /**
   * @param config the {@code [env]} values as {@code astrid_get_config} answers them ({@link UpstreamConfig})
   * @param trigger calls an export of this capsule with an input, outside any guest call (cron)
   * @param declaredCronJobs the names of the manifest's {@code [[cron]]} jobs, which a guest cannot
   *     replace or cancel
   */
  AstridHost(ExtismKernel kernel, GuestFiles files, HostHttp http, HostServices services, SecuritySubject subject,
      Map<String, String> config, Logger log, BiConsumer<String, byte[]> trigger, Set<String> declaredCronJobs) {
    this.capsuleId = subject.capsuleId();
    this.kernel = kernel;
    this.files = files;
    this.http = http;
    this.services = services;
    this.subject = subject;
    this.config = Map.copyOf(config);
    this.log = log;
    this.trigger = trigger;
    this.declaredCronJobs = Set.copyOf(declaredCronJobs);
  }

  /** The import module {@code extism:host/user}. */
  HostImports functions() {
    HostImports f = new HostImports();
    f.blockResults.put("astrid_fs_exists", path -> kernel.serve("astrid_fs_exists",
        files.exists(path(path, "astrid_fs_exists")) ? "true" : ""));
    f.functions.put("astrid_fs_mkdir", path -> nothing(() -> files.mkdir(path(path, "astrid_fs_mkdir"))));
    f.blockResults.put("astrid_fs_readdir", path -> kernel.serve("astrid_fs_readdir",
        files.readdir(path(path, "astrid_fs_readdir"))));
    f.blockResults.put("astrid_fs_stat", path -> kernel.serve("astrid_fs_stat",
        files.stat(path(path, "astrid_fs_stat"))));
    f.functions.put("astrid_fs_unlink", path -> nothing(() -> files.unlink(path(path, "astrid_fs_unlink"))));
    f.blockResults.put("astrid_read_file", path -> kernel.serve("astrid_read_file",
        files.read(path(path, "astrid_read_file"))));
    f.functions.put("astrid_write_file", (path, content) -> nothing(() -> files.write(path(path, "astrid_write_file"),
        kernel.payload(content, "astrid_write_file", GuestFiles.MAX_FILE_BYTES))));
    f.blockResults.put("astrid_kv_get", key -> kernel.serve("astrid_kv_get",
        services.kv().get(capsuleId, kvKey(key, "astrid_kv_get")).orElse(new byte[0])));
    f.functions.put("astrid_kv_set", (key, value) -> nothing(() -> services.kv().put(capsuleId,
        kvKey(key, "astrid_kv_set"), kernel.payload(value, "astrid_kv_set", MAX_KV_BYTES))));
    f.blockResults.put("astrid_get_config", key -> kernel.serve("astrid_get_config",
        config.getOrDefault(key(key, "astrid_get_config"), "")));
    f.functions.put("astrid_log", (level, message) -> nothing(() -> log(level, message)));
    f.blockResults.put("astrid_http_request", request -> kernel.serve("astrid_http_request",
        http.sendJson(kernel.text(request, "astrid_http_request", MAX_PAYLOAD_BYTES))));
    f.functions.put("astrid_ipc_publish", (topic, payload) -> nothing(() -> publish(topic, payload)));
    f.blockResults.put("astrid_ipc_subscribe", pattern -> kernel.serve("astrid_ipc_subscribe", subscribe(pattern)));
    f.functions.put("astrid_ipc_unsubscribe", id -> nothing(() -> unsubscribe(id)));
    f.blockResults.put("astrid_ipc_poll", id -> kernel.serve("astrid_ipc_poll", poll(id)));
    f.blockResults.put("astrid_uplink_register", (name, platform, profile) -> kernel.serve("astrid_uplink_register",
        registerUplink(name, platform, profile)));
    f.blockResults.put("astrid_uplink_send", (uplink, user, content) -> kernel.serve("astrid_uplink_send",
        sendUplink(uplink, user, content)));
    f.functions.put("astrid_cron_schedule", (name, schedule, payload) -> nothing(
        () -> scheduleCron(name, schedule, payload)));
    f.functions.put("astrid_cron_cancel", name -> nothing(() -> cancelCron(key(name, "astrid_cron_cancel"))));
    return f;
  }

  private static long nothing(Runnable action) {
    action.run();
    return NO_RESULT;
  }

  private String path(long handle, String function) {
    return kernel.text(handle, function, MAX_KEY_BYTES);
  }

  private String key(long handle, String function) {
    String key = kernel.text(handle, function, MAX_KEY_BYTES);
    if (key.isEmpty()) {
      throw new WasmCallException(function + ": the name is empty");
    }
    return key;
  }

  /** A key the gate lets this capsule use ({@code [capabilities] kv}); judged before the value is read. */
  private String kvKey(long handle, String function) {
    String key = key(handle, function);
    GateDecision decision = services.gate().check(subject, new GateRequest.KeyValue(key));
    if (!decision.allowed()) {
      throw new WasmCallException(function + ": " + decision.reason());
    }
    return key;
  }

  private void log(long level, long message) {
    String name = kernel.text(level, "astrid_log", MAX_KEY_BYTES);
    // A guest's text is escaped before the log sees it, so it cannot start a line of its own (issue 20 finding 6).
    String text = UntrustedText.escape(kernel.text(message, "astrid_log", MAX_LOG_BYTES));
    // Upstream's levels (host/sys.rs at e4e34713): any case, warning and err too, anything else as info.
    switch (name.toLowerCase(Locale.ROOT)) {
      case "trace" -> log.trace("{}", text);
      case "debug" -> log.debug("{}", text);
      case "warn", "warning" -> log.warn("{}", text);
      case "error", "err" -> log.error("{}", text);
      default -> log.info("{}", text);
    }
  }

  /** The bus namespaces the topic by this capsule and holds it to its limits (issue 18). */
  private void publish(long topic, long payload) {
    String name = key(topic, "astrid_ipc_publish");
    if (!MessageBus.isTopic(name)) {
      throw new WasmCallException("astrid_ipc_publish: topic [" + name + "] has a wildcard or a space");
    }
    // Read up to the kernel's cap; the bus's own (configured) payload cap decides, with its message.
    byte[] message = kernel.payload(payload, "astrid_ipc_publish", MAX_PAYLOAD_BYTES);
    UpstreamIpc.checkPublish(capsuleId, name, message);
    try {
      services.bus().publish(capsuleId, name, message);
    } catch (IpcException e) {
      throw new WasmCallException("astrid_ipc_publish: " + e.getMessage());
    }
  }

  private String subscribe(long pattern) {
    String name = key(pattern, "astrid_ipc_subscribe");
    try {
      MessageBus.Subscription subscription = services.bus().subscribe(capsuleId, name);
      subscriptions.put(subscription.id(), new UpstreamIpc.Poller(subscription));
      return subscription.id();
    } catch (IpcException e) {
      throw new WasmCallException("astrid_ipc_subscribe: " + e.getMessage());
    }
  }

  private void unsubscribe(long handle) {
    String id = key(handle, "astrid_ipc_unsubscribe");
    Optional.ofNullable(subscriptions.remove(id)).orElseThrow(() -> noSubscription("astrid_ipc_unsubscribe", id))
        .subscription().close();
  }

  private static WasmCallException noSubscription(String function, String id) {
    return new WasmCallException(function + ": no subscription [" + id + "]");
  }

  /** Upstream's {@code {"messages": [...], "dropped": N}} ({@link UpstreamIpc}). */
  private String poll(long handle) {
    String id = key(handle, "astrid_ipc_poll");
    return Optional.ofNullable(subscriptions.get(id)).orElseThrow(() -> noSubscription("astrid_ipc_poll", id)).poll();
  }

  private String registerUplink(long nameHandle, long platformHandle, long profileHandle) {
    String name = key(nameHandle, "astrid_uplink_register");
    String platform = key(platformHandle, "astrid_uplink_register");
    String profile = kernel.text(profileHandle, "astrid_uplink_register", MAX_KEY_BYTES);
    UpstreamUplinks.checkProfile(profile);
    GateDecision decision = services.gate().check(subject, new GateRequest.UplinkRegistration(name));
    if (!decision.allowed()) {
      throw new WasmCallException("astrid_uplink_register: " + decision.reason());
    }
    if (uplinks.size() >= MAX_OPEN) {
      throw new WasmCallException("astrid_uplink_register: " + MAX_OPEN + " uplinks are registered already");
    }
    return uplinks.add(services.uplinks().register(capsuleId, name, platform, profile)).toString();
  }

  /** Upstream's {@code {"ok":true}}, or its {@code {"dropped":true,"ok":false}} when no listener took the message. */
  private String sendUplink(long uplinkHandle, long userHandle, long contentHandle) {
    UplinkHub.Registration uplink = uplinks.find(key(uplinkHandle, "astrid_uplink_send"), capsuleId);
    String user = key(userHandle, "astrid_uplink_send");
    String content = kernel.text(contentHandle, "astrid_uplink_send", MAX_PAYLOAD_BYTES);
    try {
      return services.uplinks().send(capsuleId, uplink.id(), user, content) > 0
          ? UpstreamUplinks.SENT : UpstreamUplinks.DROPPED;
    } catch (IllegalArgumentException e) {
      throw new WasmCallException("astrid_uplink_send: " + e.getMessage());
    }
  }

  private void scheduleCron(long nameHandle, long scheduleHandle, long payloadHandle) {
    String name = key(nameHandle, "astrid_cron_schedule");
    String schedule = kernel.text(scheduleHandle, "astrid_cron_schedule", MAX_KEY_BYTES);
    String payload = kernel.text(payloadHandle, "astrid_cron_schedule", MAX_MESSAGE_BYTES);
    if (declaredCronJobs.contains(name)) {
      throw new WasmCallException("astrid_cron_schedule: [" + name + "] is a [[cron]] job of the manifest");
    }
    if (!cronJobs.containsKey(name) && cronJobs.size() >= MAX_OPEN) {
      throw new WasmCallException("astrid_cron_schedule: " + MAX_OPEN + " jobs are scheduled already");
    }
    try {
      scheduleTrigger(name, schedule, "payload", payload);
    } catch (IllegalArgumentException e) {
      throw new WasmCallException("astrid_cron_schedule: " + e.getMessage());
    }
  }

  private void cancelCron(String name) {
    if (declaredCronJobs.contains(name)) {
      throw new WasmCallException("astrid_cron_cancel: [" + name + "] is a [[cron]] job of the manifest");
    }
    CronScheduler.ScheduledJob job = cronJobs.remove(name);
    if (job != null) {
      job.cancel();
    }
  }

  /** Schedules the manifest's {@code [[cron]]} job {@code name}, which calls the guest with its action. */
  void scheduleDeclared(String name, String schedule, String action) {
    scheduleTrigger(name, schedule, "action", action);
  }

  /** Schedules job {@code name}, whose runs call {@code astrid_cron_trigger} with {@code {"name", field: value}}. */
  private void scheduleTrigger(String name, String schedule, String field, String value) {
    byte[] input = JSON.createObjectNode().put("name", name).put(field, value).toString()
        .getBytes(StandardCharsets.UTF_8);
    cronJobs.put(name, services.cron().schedule(capsuleId, name, schedule, () -> trigger.accept(CRON_EXPORT, input)));
  }

  @Override
  public void close() {
    cronJobs.values().forEach(CronScheduler.ScheduledJob::cancel);
    cronJobs.clear();
    subscriptions.values().forEach(poller -> poller.subscription().close());
    subscriptions.clear();
    uplinks.drain().forEach(services.uplinks()::unregister);
    http.close();
  }
}
