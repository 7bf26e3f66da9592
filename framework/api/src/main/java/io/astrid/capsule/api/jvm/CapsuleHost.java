package io.astrid.capsule.api.jvm;

import io.astrid.capsule.api.security.WorkspaceFileException;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a JVM capsule may ask of the host, handed to its {@link CapsuleToolProvider}s: its
 * configuration, a logger, its key-value store, the workspace's files and HTTP. Every call that
 * touches the host is judged by the security gate against the capsule's {@code [capabilities]}
 * first, exactly as a WebAssembly guest's host calls are; a denial is a {@link HostCallException}
 * carrying the gate's reason.
 *
 * <p>Thread-safe. Valid from {@link CapsuleToolProvider#tools} until the provider is closed; after
 * that every call fails with a {@link HostCallException}.
 */
@ProviderType
public interface CapsuleHost {

  /** The capsule's id (its {@code [package] name}). */
  String capsuleId();

  /** The value of the capsule's {@code [env]} variable {@code key}, as the host resolved it, if set. */
  Optional<String> config(String key);

  /** The capsule's logger; its lines are tagged with the capsule's id. */
  System.Logger logger();

  /**
   * The value of {@code key} in the capsule's key-value store.
   *
   * @throws HostCallException when the gate denies it ({@code [capabilities] kv}) or the store fails
   */
  Optional<byte[]> kvGet(String key);

  /**
   * Stores {@code value} under {@code key} in the capsule's key-value store.
   *
   * @throws HostCallException when the gate denies it, the quota is exceeded or the store fails
   */
  void kvPut(String key, byte[] value);

  /**
   * Reads a workspace file, at most {@code maxBytes} of it.
   *
   * @param path relative to the workspace (or absolute inside it)
   * @throws WorkspaceFileException when the gate denies it ({@code [capabilities] fs_read}), the
   *     file is missing or larger than {@code maxBytes}
   */
  byte[] readFile(String path, int maxBytes);

  /**
   * Writes a workspace file, replacing its content.
   *
   * @throws WorkspaceFileException when the gate denies it ({@code [capabilities] fs_write}) or the
   *     write fails
   */
  void writeFile(String path, byte[] content);

  /**
   * Sends an HTTP request to a host the gate allows ({@code [capabilities] net}) and returns the
   * response, its body cut at {@code maxBytes}. The connection goes to the addresses the gate
   * resolved and judged, never to the name resolved again (a DNS answer that changes between the
   * check and the connect gains nothing). Redirects are followed, at most 5, each put to the gate
   * first; the whole exchange must end within 30 seconds.
   *
   * @param method such as {@code GET}
   * @param url the absolute URL
   * @param headers request headers; a name or value with a line break is refused
   * @param body the request body, empty for none; sent with the first request only
   * @param maxBytes the body cap, 0 to 10 MiB (10485760)
   * @throws HostCallException when the gate denies it, the request is malformed or it fails
   */
  HttpResponse http(String method, String url, Map<String, String> headers, byte[] body, int maxBytes);

  /**
   * An HTTP response.
   *
   * @param status the status code
   * @param headers the response headers: lowercase names, repeated values joined with {@code ", "}
   * @param body the body, at most the requested bytes
   */
  record HttpResponse(int status, Map<String, String> headers, byte[] body) {
    public HttpResponse {
      headers = Map.copyOf(headers);
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }
}
