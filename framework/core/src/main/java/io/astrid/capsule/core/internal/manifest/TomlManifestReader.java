package io.astrid.capsule.core.internal.manifest;

import io.astrid.capsule.api.manifest.Diagnostic;
import io.astrid.capsule.api.manifest.Diagnostic.Severity;
import io.astrid.capsule.api.manifest.ManifestReader;
import io.astrid.capsule.api.manifest.ManifestReport;
import io.astrid.capsule.core.internal.RuntimeVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/** The {@link ManifestReader} service: reads files as strict UTF-8 and hands them to the parser. */
@Component(service = ManifestReader.class)
public final class TomlManifestReader implements ManifestReader {
  /** Manifests are small; anything this large is not one, and is not read into memory. */
  static final long MAX_MANIFEST_BYTES = 1024 * 1024;

  private final ManifestParser parser;

  /** The service as DS creates it: requirements are checked against this runtime's version. */
  public TomlManifestReader() {
    this(new ManifestParser(RuntimeVersion.current()));
  }

  public TomlManifestReader(ManifestParser parser) {
    this.parser = parser;
  }

  @Override
  public ManifestReport read(Path manifestFile) {
    try {
      long size = Files.size(manifestFile);
      if (size > MAX_MANIFEST_BYTES) {
        return unreadable(manifestFile, "file has " + size + " bytes, expected at most " + MAX_MANIFEST_BYTES);
      }
      byte[] bytes;
      // Read at most one byte past the cap: a file that grew since, or a link to a device, is not read whole.
      try (InputStream in = Files.newInputStream(manifestFile)) {
        bytes = in.readNBytes((int) MAX_MANIFEST_BYTES + 1);
      }
      if (bytes.length > MAX_MANIFEST_BYTES) {
        return unreadable(manifestFile, "file has more than " + MAX_MANIFEST_BYTES + " bytes, expected at most "
            + MAX_MANIFEST_BYTES);
      }
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      // Editors on some systems start UTF-8 files with a byte order mark; it carries no meaning.
      return read(manifestFile, text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (NoSuchFileException e) {
      return unreadable(manifestFile, "file does not exist");
    } catch (CharacterCodingException e) {
      return unreadable(manifestFile, "file is not valid UTF-8");
    } catch (IOException e) {
      return unreadable(manifestFile, "file cannot be read: " + e.getMessage());
    }
  }

  @Override
  public ManifestReport read(Path manifestFile, String toml) {
    return parser.parse(manifestFile, toml);
  }

  @Override
  public String runtimeVersion() {
    return parser.runtimeVersion();
  }

  private static ManifestReport unreadable(Path file, String why) {
    return new ManifestReport(file, Optional.empty(), List.of(new Diagnostic(file, 1, 1, Severity.ERROR, why)));
  }
}
