package io.astrid.capsule.engine.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentHashTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
  // The digests of "abc" (and, below, "abd") as sha256sum and b3sum print them.
  private static final String BLAKE3 = "blake3:6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85";
  private static final String SHA256 = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void matchingHashesPassAndAMismatchSaysBoth() {
    assertEquals(Optional.empty(), ContentHash.mismatch(ABC, BLAKE3));
    assertEquals(Optional.empty(), ContentHash.mismatch(ABC, SHA256));
    assertEquals(Optional.of("hash mismatch: the manifest says [" + SHA256 + "], the file is [sha256:"
        + "a52d159f262b2c6ddb724a61840befc36eb30c88877a4030b65cbe86298449c9]"),
        ContentHash.mismatch("abd".getBytes(StandardCharsets.US_ASCII), SHA256));
    assertEquals(Optional.of("hash [md5:00] names no known algorithm, expected blake3: or sha256:"),
        ContentHash.mismatch(ABC, "md5:00"));
  }
}
