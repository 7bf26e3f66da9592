package io.astrid.capsule.engine.support;

import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * A capsule's HTTP, whichever engine runs it: every request, and every redirect before it is
 * followed, is put to the security gate; header names and values with line breaks are refused.
 * The connection goes to the addresses the gate resolved and judged, never to a name resolved
 * again (Jetty's {@link SocketAddressResolver} is handed the judged addresses through the request's
 * tag), so a name that resolves elsewhere between the check and the connect (DNS rebinding) gains
 * nothing; the URL keeps its name for the Host header, TLS SNI and certificate checks. A response
 * is read as it streams: its headers at most {@value #MAX_HEADER_BYTES} bytes, its body at most the
 * caller's cap (cap + 1 ends the exchange and closes the connection), and the whole exchange,
 * redirects included, within {@link #TIMEOUT} (a server that trickles or never ends does not hold
 * the call).
 */
public final class GatedHttp implements AutoCloseable {
  public static final int MAX_REDIRECTS = 5;
  public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
  public static final int MAX_HEADER_BYTES = 64 * 1024;
  public static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * A response as read.
   *
   * @param url the URL that answered (the last hop's)
   * @param headers lowercase names in the order received, repeated values joined with {@code ", "}
   * @param body at most the cap's bytes
   * @param truncated true when the body had more than the cap; the connection was closed
   */
  public record Response(String url, int status, Map<String, String> headers, byte[] body, boolean truncated) {}

  /** The addresses the gate judged for one request: the only ones its connection may go to. */
  private record Judged(List<InetAddress> addresses) {}

  /** Connects a request to its judged addresses; a request without any is refused, never resolved here. */
  private static final SocketAddressResolver JUDGED_ONLY = (host, port, context, promise) -> {
    Object destination = context.get(Destination.CONTEXT_KEY);
    if (destination instanceof Destination d && d.getOrigin().getTag() instanceof Judged judged) {
      promise.succeeded(judged.addresses().stream().map(address -> new InetSocketAddress(address, port)).toList());
    } else {
      promise.failed(new UnknownHostException(host + ": no address was judged by the security gate"));
    }
  };

  private final CapsuleSecurityGate gate;
  private final SecuritySubject subject;
  private final HttpClient client = new HttpClient();

  public GatedHttp(CapsuleSecurityGate gate, SecuritySubject subject) {
    this.gate = gate;
    this.subject = subject;
    client.setFollowRedirects(false);
    client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
    client.setMaxResponseHeadersSize(MAX_HEADER_BYTES);
    client.setSocketAddressResolver(JUDGED_ONLY);
    client.setExecutor(new VirtualThreadPool());
  }

  /**
   * Sends a request through the gate at each hop, following at most {@value #MAX_REDIRECTS}
   * redirects.
   *
   * @param function what the capsule called, for messages ({@code http_request}, {@code http})
   * @param body sent with the first hop only
   * @param maxBodyBytes the body cap, 0 to {@value #MAX_BODY_BYTES}
   * @throws GatedHttpException with the gate's reason when it denies a hop, or naming the function
   *     and URL when the request is malformed or the exchange fails
   */
  public Response send(String function, String method, String url, Map<String, String> headers, byte[] body,
      int maxBodyBytes) {
    if (maxBodyBytes < 0 || maxBodyBytes > MAX_BODY_BYTES) {
      throw new GatedHttpException(function + ": the body cap [" + maxBodyBytes + "] is outside 0.."
          + MAX_BODY_BYTES);
    }
    refuseLineBreaks(headers, function);
    GateRequest.Http next = new GateRequest.Http(method.toUpperCase(Locale.ROOT), url);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      GateDecision decision = gate.check(subject, next);
      if (!decision.allowed()) {
        throw new GatedHttpException(decision.reason());
      }
      if (decision.addresses().isEmpty()) {
        throw new GatedHttpException(function + " to [" + next.url() + "] failed: the security gate judged no"
            + " address to connect to");
      }
      Exchange response = exchange(next, decision.addresses(), headers, hop == 0 ? body : new byte[0], deadline,
          function, maxBodyBytes);
      if (response.status() / 100 == 3 && response.location() != null) {
        next = next.redirectTo(response.location());
        continue;
      }
      return response.response();
    }
    throw new GatedHttpException(function + ": more than " + MAX_REDIRECTS + " redirects");
  }

  private record Exchange(Response response, String location) {
    int status() {
      return response.status();
    }
  }

  /** Refuses a header whose name or value has a line break (a smuggled header), before anything is asked or sent. */
  private static void refuseLineBreaks(Map<String, String> headers, String function) {
    headers.forEach((name, value) -> {
      if (name.matches(".*[\\r\\n].*") || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new GatedHttpException(function + ": header [" + name.strip() + "] contains a line break");
      }
    });
  }

  /** One hop: sent to the judged addresses, read within the deadline and the caps. */
  private Exchange exchange(GateRequest.Http hop, List<InetAddress> addresses, Map<String, String> headers,
      byte[] body, long deadline, String function, int maxBodyBytes) {
    long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (leftMs <= 0) {
      throw timedOut(hop, function);
    }
    Request request;
    try {
      request = started().newRequest(hop.url()).method(hop.method()).tag(new Judged(addresses))
          .timeout(leftMs, TimeUnit.MILLISECONDS);
    } catch (IllegalArgumentException e) {
      throw new GatedHttpException(function + ": " + e.getMessage(), e);
    }
    request.headers(fields -> headers.forEach(fields::add));
    if (body.length > 0) {
      request.body(new BytesRequestContent(body));
    }
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.send(listener);
    try {
      org.eclipse.jetty.client.Response response = listener.get(leftMs, TimeUnit.MILLISECONDS);
      byte[] content;
      try (InputStream in = listener.getInputStream()) {
        content = in.readNBytes(maxBodyBytes + 1);
      }
      boolean truncated = content.length > maxBodyBytes;
      if (truncated) {
        request.abort(new IOException("the response body passed the cap"));
        content = Arrays.copyOf(content, maxBodyBytes);
      }
      return new Exchange(new Response(hop.url(), response.getStatus(), headers(response), content, truncated),
          response.getHeaders().get("Location"));
    } catch (TimeoutException e) {
      request.abort(e);
      throw timedOut(hop, function);
    } catch (InterruptedException | InterruptedIOException e) {
      // A call's timeout interrupts its thread (or an unload does): the exchange ends with it.
      request.abort(e);
      Thread.currentThread().interrupt();
      throw new GatedHttpException(function + " to [" + hop.url() + "] was interrupted (the call's timeout or an"
          + " unload); the connection was closed", e);
    } catch (ExecutionException | IOException e) {
      request.abort(e);
      if (System.nanoTime() - deadline >= 0) {
        throw timedOut(hop, function);
      }
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new GatedHttpException(function + " to [" + hop.url() + "] failed: " + cause.getMessage(), cause);
    }
  }

  private static GatedHttpException timedOut(GateRequest.Http hop, String function) {
    return new GatedHttpException(function + " to [" + hop.url() + "] timed out after " + TIMEOUT.toMillis()
        + " ms; the connection was closed");
  }

  private HttpClient started() {
    synchronized (client) {
      if (!client.isStarted()) {
        try {
          client.start();
        } catch (Exception e) {
          throw new GatedHttpException("the HTTP client could not start: " + e.getMessage(), e);
        }
      }
      return client;
    }
  }

  private static Map<String, String> headers(org.eclipse.jetty.client.Response response) {
    Map<String, List<String>> grouped = new LinkedHashMap<>();
    for (HttpField field : response.getHeaders()) {
      grouped.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(field.getValue());
    }
    Map<String, String> joined = new LinkedHashMap<>();
    grouped.forEach((name, values) -> joined.put(name, String.join(", ", values)));
    return joined;
  }

  /** Stops the client and closes its connections; a request still running fails. */
  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP client could not stop: " + e.getMessage(), e);
    }
  }
}
