package io.astrid.capsule.api.security;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;

/** Something a capsule asks the host to do, as the gate judges it. */
public sealed interface GateRequest {

  /** The capability it needs, as spelled in {@code [capabilities]}: {@code net}, {@code fs_read}... */
  String capability();

  /** What it touches, for messages and the audit log: the URL, the path, the command, the key. */
  String resource();

  /**
   * An HTTP request.
   *
   * @param method such as {@code GET}
   * @param url the URL as the guest wrote it; the gate parses and normalises it
   */
  record Http(String method, String url) implements GateRequest {
    public Http {
      requireNonNull(method, "method");
      requireNonNull(url, "url");
    }

    @Override
    public String capability() {
      return "net";
    }

    @Override
    public String resource() {
      return url;
    }

    /**
     * The request a redirect leads to: {@code location} resolved against this URL. Check it again
     * before following it.
     *
     * @throws IllegalArgumentException when the location is no URI
     */
    public Http redirectTo(String location) {
      return new Http(method, URI.create(url).resolve(URI.create(location)).toString());
    }
  }

  /**
   * Reading a file.
   *
   * @param path absolute, or relative to the capsule's workspace root
   */
  record FileRead(String path) implements GateRequest {
    public FileRead {
      requireNonNull(path, "path");
    }

    @Override
    public String capability() {
      return "fs_read";
    }

    @Override
    public String resource() {
      return path;
    }
  }

  /**
   * Writing (creating, deleting) a file.
   *
   * @param path absolute, or relative to the capsule's workspace root
   */
  record FileWrite(String path) implements GateRequest {
    public FileWrite {
      requireNonNull(path, "path");
    }

    @Override
    public String capability() {
      return "fs_write";
    }

    @Override
    public String resource() {
      return path;
    }
  }

  /**
   * Starting a process on the host.
   *
   * @param command the program, as the manifest declares it ({@code npx})
   * @param args its arguments
   */
  record HostProcess(String command, List<String> args) implements GateRequest {
    public HostProcess {
      requireNonNull(command, "command");
      args = List.copyOf(args);
    }

    @Override
    public String capability() {
      return "host_process";
    }

    @Override
    public String resource() {
      return command;
    }
  }

  /**
   * Reading or writing a key of the capsule's own key-value store. The store keeps capsules apart
   * by itself; the gate judges whether the capsule declared the key's namespace.
   *
   * @param key the key, as the guest wrote it
   */
  record KeyValue(String key) implements GateRequest {
    public KeyValue {
      requireNonNull(key, "key");
    }

    @Override
    public String capability() {
      return "kv";
    }

    @Override
    public String resource() {
      return key;
    }
  }

  /**
   * Registering a connector (an uplink to a frontend).
   *
   * @param name the uplink's name, as in {@code [[uplink]]}
   */
  record UplinkRegistration(String name) implements GateRequest {
    public UplinkRegistration {
      requireNonNull(name, "name");
    }

    @Override
    public String capability() {
      return "uplink";
    }

    @Override
    public String resource() {
      return name;
    }
  }

  /**
   * Running a capsule's JVM code in the host's JVM, where nothing sandboxes it: a trust decision.
   * The gate allows it only for a capsule that declares {@code [capabilities] jvm = true}, then
   * asks for approval of exactly these jars (configured {@code approval.jvm}, {@code ask} by
   * default); an "always" answer is kept with the hash, so a changed jar is asked about again.
   *
   * @param jarsHash {@code blake3:} and the 64 hex digits of the digest of the capsule's jars
   *     (each jar's name and content, in name order)
   */
  record JvmCode(String jarsHash) implements GateRequest {
    public JvmCode {
      requireNonNull(jarsHash, "jarsHash");
    }

    @Override
    public String capability() {
      return "jvm";
    }

    @Override
    public String resource() {
      return jarsHash;
    }
  }
}
