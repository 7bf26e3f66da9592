package io.astrid.capsule.engine.wasm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.digests.Blake3Digest;

/** Checks a component against its {@code [component] hash}: {@code blake3:} or {@code sha256:} and 64 hex digits. */
final class ComponentHash {
  private ComponentHash() {}

  /** Why the bytes do not match {@code expected}, or empty when they do. */
  static Optional<String> mismatch(byte[] component, String expected) {
    int colon = expected.indexOf(':');
    String algorithm = colon < 0 ? "" : expected.substring(0, colon);
    String actual = switch (algorithm) {
      case "blake3" -> algorithm + ":" + HexFormat.of().formatHex(blake3(component));
      case "sha256" -> algorithm + ":" + HexFormat.of().formatHex(sha256(component));
      default -> null;
    };
    if (actual == null) {
      return Optional.of("hash [" + expected + "] names no known algorithm, expected blake3: or sha256:");
    }
    return actual.equals(expected) ? Optional.empty()
        : Optional.of("hash mismatch: the manifest says [" + expected + "], the file is [" + actual + "]");
  }

  private static byte[] blake3(byte[] bytes) {
    Blake3Digest digest = new Blake3Digest(256);
    digest.update(bytes, 0, bytes.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
