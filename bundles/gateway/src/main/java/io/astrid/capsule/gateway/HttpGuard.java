package io.astrid.capsule.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who may talk to the HTTP endpoint (docs/gateway.md). On loopback, the Host header must name the
 * endpoint (DNS-rebinding protection: a page of evil.example resolving its name to 127.0.0.1 still
 * sends {@code Host: evil.example}); elsewhere the endpoint is reached under names it cannot know,
 * and the bearer token, which no page of another site has, protects it instead
 * ({@code Authorization: Bearer TOKEN}). An Origin header must be one of the endpoint's own or a
 * configured one.
 *
 * @param hosts the accepted Host values, lowercase ({@code host:port}); empty: any
 * @param origins the accepted Origin values, lowercase ({@code scheme://host:port})
 * @param token the bearer token; when present it is required
 */
record HttpGuard(Set<String> hosts, Set<String> origins, Optional<String> token) {
  private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "[::1]");

  HttpGuard {
    hosts = Set.copyOf(hosts);
    origins = Set.copyOf(origins);
  }

  /**
   * The guard of an endpoint bound to {@code host}:{@code port}: a loopback endpoint answers to
   * every loopback name, with or without the token; another to any name, with the token only.
   */
  static HttpGuard of(String host, int port, List<String> extraOrigins, String token) {
    boolean loopback = isLoopback(host);
    List<String> names = loopback ? LOOPBACK_NAMES : List.of(bracketed(host));
    Set<String> hosts = loopback ? names.stream().map(n -> n + ":" + port).collect(Collectors.toSet()) : Set.of();
    Set<String> origins = Stream.concat(names.stream().flatMap(n -> Stream.of("http://" + n + ":" + port,
        "https://" + n + ":" + port)), extraOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)))
        .collect(Collectors.toSet());
    return new HttpGuard(hosts, origins, loopback ? Optional.empty() : Optional.of(token));
  }

  /** This guard, requiring {@code required} as the bearer token whatever the address (the command endpoint). */
  HttpGuard withToken(String required) {
    return new HttpGuard(hosts, origins, Optional.of(required));
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.");
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host.toLowerCase(Locale.ROOT);
  }

  /** Why a request with these headers is refused (HTTP status and message); empty when it may pass. */
  Optional<Refusal> check(String host, String origin, String authorization) {
    if (!hosts.isEmpty() && (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT)))) {
      return Optional.of(new Refusal(403, "host refused [" + host + "]: the endpoint answers to " + sorted(hosts)));
    }
    if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
      return Optional.of(new Refusal(403, "origin refused [" + origin + "]: not the endpoint's own nor one of "
          + "gateway.http.allowed.origins"));
    }
    if (token.isPresent() && !bearerMatches(authorization, token.get())) {
      return Optional.of(new Refusal(401, "authorization failed: this endpoint needs the bearer token of "
          + "gateway.json in the state directory"));
    }
    return Optional.empty();
  }

  /**
   * Whether {@code request} may pass; when not, its refusal is written (the status, and {@code error}
   * of the message as the body: each endpoint says it in its protocol's form) and it is answered.
   */
  boolean admits(HttpServletRequest request, HttpServletResponse response, Function<String, ObjectNode> error)
      throws IOException {
    Optional<Refusal> refusal = check(request.getHeader("Host"), request.getHeader("Origin"),
        request.getHeader("Authorization"));
    if (refusal.isPresent()) {
      Json.write(response, refusal.get().status(), error.apply(refusal.get().message()));
    }
    return refusal.isEmpty();
  }

  /** A refused request: the HTTP status and what the client is told. */
  record Refusal(int status, String message) {}

  private static boolean bearerMatches(String authorization, String token) {
    String prefix = "Bearer ";
    if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return false;
    }
    // Constant time, so that the token cannot be guessed byte by byte from response times.
    return MessageDigest.isEqual(authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
