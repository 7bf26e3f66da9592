package io.astrid.capsule.engine.staticfiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads text files of one capsule directory, refusing what escapes it or is too large. */
final class CapsuleFiles {
  /** Context and skills are prompt text; a file this large is a mistake, not a prompt. */
  static final long MAX_FILE_BYTES = 1024 * 1024;

  private final Path directory;

  CapsuleFiles(Path directory) {
    this.directory = directory;
  }

  /**
   * The file's text.
   *
   * @param what the manifest entry, for the message ({@code context file})
   * @param relative the path as the manifest writes it
   * @throws IOException naming the entry, the file and the reason
   */
  String read(String what, String relative) throws IOException {
    Path file = directory.resolve(relative).normalize();
    try {
      Path real = file.toRealPath();
      if (!real.startsWith(directory.toRealPath())) {
        throw new IOException(what + " [" + relative + "]: resolves outside the capsule directory");
      }
      long size = Files.size(real);
      if (size > MAX_FILE_BYTES) {
        throw new IOException(what + " [" + relative + "]: has " + size + " bytes, at most " + MAX_FILE_BYTES
            + " are read");
      }
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(real)))
          .toString();
    } catch (NoSuchFileException e) {
      throw new IOException(what + " [" + relative + "]: no such file", e);
    } catch (CharacterCodingException e) {
      throw new IOException(what + " [" + relative + "]: is not valid UTF-8", e);
    }
  }
}
