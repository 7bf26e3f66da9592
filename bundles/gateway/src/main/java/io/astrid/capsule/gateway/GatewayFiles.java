package io.astrid.capsule.gateway;

import io.astrid.capsule.api.CapsuleException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's files in the state directory, both mode 0600: {@code gateway.token} (the bearer
 * token, generated once and kept, so that remote clients stay configured across restarts) and
 * {@code gateway.json} (url, pid, token) while the endpoint serves, so that the CLI finds it.
 */
final class GatewayFiles {
  static final String TOKEN_FILE = "gateway.token";
  static final String ENDPOINT_FILE = "gateway.json";
  private static final String OWNER_ONLY = "rw-------";

  private final Path state;

  GatewayFiles(Path state) {
    this.state = state;
  }

  /** The token, generated (256 random bits, base64url) into {@value #TOKEN_FILE} on first use. */
  String token() {
    Path file = state.resolve(TOKEN_FILE);
    try {
      if (!Files.exists(file)) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        try {
          writeOwnerOnly(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        } catch (FileAlreadyExistsException raced) {
          // Another runtime wrote it first: use theirs.
        }
      }
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new CapsuleException("gateway token failed [" + file + "]: " + e.getMessage(), e);
    }
  }

  /** Writes {@value #ENDPOINT_FILE} atomically (a reader sees the old file or the whole new one). */
  void writeEndpoint(URI url, String token) {
    Path file = state.resolve(ENDPOINT_FILE);
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("url", url.toString());
    endpoint.put("pid", ProcessHandle.current().pid());
    endpoint.put("token", token);
    Path temporary = state.resolve(ENDPOINT_FILE + ".tmp");
    try {
      Files.deleteIfExists(temporary);
      writeOwnerOnly(temporary, Json.MAPPER.writeValueAsString(endpoint));
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CapsuleException("gateway endpoint file failed [" + file + "]: " + e.getMessage(), e);
    }
  }

  void removeEndpoint() {
    try {
      Files.deleteIfExists(state.resolve(ENDPOINT_FILE));
    } catch (IOException e) {
      throw new CapsuleException("gateway endpoint file failed [" + state.resolve(ENDPOINT_FILE) + "]: "
          + e.getMessage(), e);
    }
  }

  /** Creates {@code file} with mode 0600 from the start (never readable by others, even briefly). */
  private void writeOwnerOnly(Path file, String content) throws IOException {
    Files.createDirectories(state);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
