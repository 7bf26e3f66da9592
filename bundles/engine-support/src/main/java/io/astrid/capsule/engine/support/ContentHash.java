package io.astrid.capsule.engine.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * The hashes the engines check code against, written {@code blake3:} or {@code sha256:} and 64 hex
 * digits: a wasm component's {@code [component] hash}, and the digest a JVM capsule's trust
 * decision is about.
 */
public final class ContentHash {
  private static final String BLAKE3 = "blake3";

  private ContentHash() {}

  /** Why {@code bytes} do not match {@code expected}, or empty when they do. */
  public static Optional<String> mismatch(byte[] bytes, String expected) {
    int colon = expected.indexOf(':');
    String algorithm = colon < 0 ? "" : expected.substring(0, colon);
    String actual = switch (algorithm) {
      case BLAKE3 -> text(BLAKE3, blake3(bytes));
      case "sha256" -> text(algorithm, sha256(bytes));
      default -> null;
    };
    if (actual == null) {
      return Optional.of("hash [" + expected + "] names no known algorithm, expected blake3: or sha256:");
    }
    return actual.equals(expected) ? Optional.empty()
        : Optional.of("hash mismatch: the manifest says [" + expected + "], the file is [" + actual + "]");
  }

  /**
   * blake3 over every file's name and content, in the order given, so a changed, added, removed or
   * renamed file is another digest.
   */
  public static String ofFiles(List<Path> files) throws IOException {
    Blake3Digest digest = new Blake3Digest(256);
    byte[] buffer = new byte[64 * 1024];
    for (Path file : files) {
      // The name's length first: "ab"+"c" and "a"+"bc" must not hash alike.
      byte[] name = file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
      field(digest, Integer.toString(name.length).getBytes(StandardCharsets.US_ASCII));
      field(digest, name);
      field(digest, Long.toString(Files.size(file)).getBytes(StandardCharsets.US_ASCII));
      try (InputStream in = Files.newInputStream(file)) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          digest.update(buffer, 0, n);
        }
      }
    }
    return text(BLAKE3, finish(digest));
  }

  private static String text(String algorithm, byte[] digest) {
    return algorithm + ":" + HexFormat.of().formatHex(digest);
  }

  private static byte[] blake3(byte[] bytes) {
    Blake3Digest digest = new Blake3Digest(256);
    digest.update(bytes, 0, bytes.length);
    return finish(digest);
  }

  private static byte[] finish(Blake3Digest digest) {
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  private static void field(Blake3Digest digest, byte[] bytes) {
    digest.update(bytes, 0, bytes.length);
    digest.update((byte) 0);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
