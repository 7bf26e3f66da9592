package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.astrid.capsule.api.security.CapsuleSecurityGate;
import io.astrid.capsule.api.security.GateDecision;
import io.astrid.capsule.api.security.GateRequest;
import io.astrid.capsule.api.security.SecuritySubject;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workspace as a guest sees it through {@code astrid_fs_*}, {@code astrid_read_file} and
 * {@code astrid_write_file}: paths relative to the workspace root (or absolute inside it), every
 * access put to the security gate first ({@code fs_read} or {@code fs_write}). The path the gate
 * allowed is resolved again, links and all, and must still lie in the workspace before anything is
 * touched, so a link swapped in between cannot lead out. Writes go to a temporary file that
 * replaces the target atomically: a reader never sees half a file.
 */
final class GuestFiles {
  /** The longest file a guest may read or write. */
  static final int MAX_FILE_BYTES = ExtismKernel.MAX_PAYLOAD_BYTES;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CapsuleSecurityGate gate;
  private final SecuritySubject subject;
  private final Path workspace;

  GuestFiles(CapsuleSecurityGate gate, SecuritySubject subject) throws IOException {
    this.gate = gate;
    this.subject = subject;
    this.workspace = subject.workspaceRoot().toRealPath();
  }

  boolean exists(String path) {
    return Files.exists(readable("astrid_fs_exists", path), LinkOption.NOFOLLOW_LINKS);
  }

  void mkdir(String path) {
    Path target = writable("astrid_fs_mkdir", path);
    io("astrid_fs_mkdir", path, () -> Files.createDirectories(target));
  }

  /** The entries of a directory as JSON: {@code [{"name": "a.txt", "type": "file"}, ...]}, sorted by name. */
  String readdir(String path) {
    Path directory = readable("astrid_fs_readdir", path);
    List<Path> entries = new ArrayList<>();
    io("astrid_fs_readdir", path, () -> {
      try (Stream<Path> listing = Files.list(directory)) {
        listing.sorted().forEach(entries::add);
      }
    });
    ArrayNode json = JSON.createArrayNode();
    for (Path entry : entries) {
      json.addObject().put("name", entry.getFileName().toString()).put("type", type(entry));
    }
    return json.toString();
  }

  /** {@code {"type": "file", "size": 12, "modified": "2026-12-01T10:00:00Z"}}. */
  String stat(String path) {
    Path target = readable("astrid_fs_stat", path);
    BasicFileAttributes[] attributes = new BasicFileAttributes[1];
    io("astrid_fs_stat", path, () -> attributes[0] = Files.readAttributes(target, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS));
    ObjectNode json = JSON.createObjectNode().put("type", type(target)).put("size", attributes[0].size())
        .put("modified", attributes[0].lastModifiedTime().toInstant().toString());
    return json.toString();
  }

  /** Deletes a file, a link (not what it points to) or an empty directory. */
  void unlink(String path) {
    Path target = writable("astrid_fs_unlink", path);
    if (target.equals(workspace)) {
      throw new WasmCallException("astrid_fs_unlink [" + path + "]: the workspace itself cannot be deleted");
    }
    io("astrid_fs_unlink", path, () -> Files.delete(target));
  }

  byte[] read(String path) {
    Path target = readable("astrid_read_file", path);
    byte[][] content = new byte[1][];
    io("astrid_read_file", path, () -> {
      long size = Files.size(target);
      if (size > MAX_FILE_BYTES) {
        throw new WasmCallException("astrid_read_file [" + path + "]: the file has " + size + " bytes, at most "
            + MAX_FILE_BYTES);
      }
      content[0] = Files.readAllBytes(target);
    });
    return content[0];
  }

  void write(String path, byte[] content) {
    Path target = writable("astrid_write_file", path);
    io("astrid_write_file", path, () -> {
      if (Files.isDirectory(target)) {
        throw new WasmCallException("astrid_write_file [" + path + "]: is a directory");
      }
      Path temporary = Files.createTempFile(target.getParent(), ".astrid-", ".tmp");
      try {
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    });
  }

  private Path readable(String function, String path) {
    return allowed(function, path, new GateRequest.FileRead(path));
  }

  private Path writable(String function, String path) {
    return allowed(function, path, new GateRequest.FileWrite(path));
  }

  /** The real location of {@code path} once the gate allowed {@code request} and it is still in the workspace. */
  private Path allowed(String function, String path, GateRequest request) {
    if (path.isEmpty()) {
      throw new WasmCallException(function + ": the path is empty");
    }
    Path written;
    try {
      written = workspace.resolve(path);
    } catch (InvalidPathException e) {
      throw new WasmCallException(function + ": [" + path + "] is not a valid path: " + e.getReason());
    }
    GateDecision decision = gate.check(subject, request);
    if (!decision.allowed()) {
      throw new WasmCallException(function + ": " + decision.reason());
    }
    Path real = realLocation(written.normalize());
    if (!real.startsWith(workspace)) {
      throw new WasmCallException(function + ": [" + path + "] leads outside the workspace");
    }
    return real;
  }

  /** Where {@code path} leads: links resolved in the part that exists, the rest appended. */
  private static Path realLocation(Path path) {
    Path existing = path;
    Path rest = path.getFileSystem().getPath("");
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      rest = existing.getFileName().resolve(rest);
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(rest).normalize();
    } catch (IOException e) {
      return path; // a dangling or looping link: nothing real to touch, and the caller's check refuses it
    }
  }

  private static String type(Path path) {
    if (Files.isSymbolicLink(path)) {
      return "symlink";
    }
    return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "directory"
        : Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? "file" : "other";
  }

  /** An I/O step whose failures become failed calls saying what was wrong, in words a guest author knows. */
  private interface Step {
    void run() throws IOException;
  }

  private static void io(String function, String path, Step step) {
    try {
      step.run();
    } catch (NoSuchFileException e) {
      throw new WasmCallException(function + " [" + path + "]: no such file or directory");
    } catch (DirectoryNotEmptyException e) {
      throw new WasmCallException(function + " [" + path + "]: the directory is not empty");
    } catch (NotDirectoryException e) {
      throw new WasmCallException(function + " [" + path + "]: not a directory");
    } catch (FileAlreadyExistsException e) {
      throw new WasmCallException(function + " [" + path + "]: exists and is not a directory");
    } catch (AccessDeniedException e) {
      throw new WasmCallException(function + " [" + path + "]: permission denied by the host's file system");
    } catch (IOException e) {
      throw new WasmCallException(function + " [" + path + "]: " + e.getMessage(), e);
    }
  }
}
