package io.astrid.capsule.engine.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * The digest a trust decision is about: blake3 over every jar's file name and content, in name
 * order, so a changed, added, removed or renamed jar is another digest and is asked about again.
 */
final class JarsHash {
  private JarsHash() {}

  /** {@code blake3:} and 64 hex digits; {@code jars} in name order. */
  static String of(List<Path> jars) throws IOException {
    Blake3Digest digest = new Blake3Digest(256);
    byte[] buffer = new byte[64 * 1024];
    for (Path jar : jars) {
      // The name's length first: "ab"+"c" and "a"+"bc" must not hash alike.
      byte[] name = jar.getFileName().toString().getBytes(StandardCharsets.UTF_8);
      update(digest, Integer.toString(name.length).getBytes(StandardCharsets.US_ASCII));
      update(digest, name);
      update(digest, Long.toString(Files.size(jar)).getBytes(StandardCharsets.US_ASCII));
      try (InputStream in = Files.newInputStream(jar)) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          digest.update(buffer, 0, n);
        }
      }
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return "blake3:" + HexFormat.of().formatHex(out);
  }

  private static void update(Blake3Digest digest, byte[] bytes) {
    digest.update(bytes, 0, bytes.length);
    digest.update((byte) 0);
  }
}
