package io.astrid.capsule.api.manifest;

import java.util.List;

/**
 * The {@code [capabilities]} table: everything a capsule may do on the host. Anything not
 * declared here is denied by the security gate.
 *
 * @param net host names the capsule may reach over HTTP(S); a host also covers its subdomains,
 *     {@code *} covers every host
 * @param kv the namespaces of the capsule's own key-value store it may use: a key is in namespace
 *     {@code cache} when it is {@code cache} or starts with {@code cache/}; {@code *} is every key.
 *     Empty: the capsule has no key-value store. Capsules never see each other's keys either way
 * @param fsRead path prefixes the capsule may read, inside the workspace; {@code *} is the whole
 *     workspace
 * @param fsWrite path prefixes the capsule may write, inside the workspace
 * @param hostProcess commands the capsule may start on the host (needed by stdio MCP servers)
 * @param intercept the capsules whose tool calls this capsule's interceptors see (and may deny or
 *     rewrite), by name; {@code *} is every capsule. Its own calls they always see
 * @param jvm the capsule runs JVM code ({@code [component] entrypoint} a {@code .jar}) in the
 *     host's JVM, where it cannot be sandboxed; it must say so, and it loads only once a human
 *     trusts its jars (the gate's {@code jvm} decision)
 */
public record Capabilities(
    List<String> net,
    List<String> kv,
    List<String> fsRead,
    List<String> fsWrite,
    List<String> hostProcess,
    List<String> intercept,
    boolean jvm) {

  /** A capsule that declares nothing. */
  public static final Capabilities NONE = new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of(),
      List.of());

  /** Capabilities without JVM code. */
  public Capabilities(List<String> net, List<String> kv, List<String> fsRead, List<String> fsWrite,
      List<String> hostProcess, List<String> intercept) {
    this(net, kv, fsRead, fsWrite, hostProcess, intercept, false);
  }

  public Capabilities {
    net = Immutables.list(net, "net");
    kv = Immutables.list(kv, "kv");
    fsRead = Immutables.list(fsRead, "fsRead");
    fsWrite = Immutables.list(fsWrite, "fsWrite");
    hostProcess = Immutables.list(hostProcess, "hostProcess");
    intercept = Immutables.list(intercept, "intercept");
  }

  /** True when nothing is declared. */
  public boolean isEmpty() {
    return net.isEmpty() && kv.isEmpty() && fsRead.isEmpty() && fsWrite.isEmpty() && hostProcess.isEmpty()
        && intercept.isEmpty() && !jvm;
  }
}
