package io.astrid.capsule.engine.wasm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.astrid.capsule.api.security.SecuritySubject;
import io.astrid.capsule.api.security.WorkspaceFileException;
import io.astrid.capsule.api.security.WorkspaceFiles;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The workspace as a guest sees it through {@code astrid_fs_*}, {@code astrid_read_file} and
 * {@code astrid_write_file}: the gate's {@link WorkspaceFiles}, which judges each path and acts on
 * exactly the real path it judged, in the forms the guest ABI uses — JSON for listings and stats,
 * the host function's name in every error.
 */
final class GuestFiles {
  /** The longest file a guest may read or write. */
  static final int MAX_FILE_BYTES = ExtismKernel.MAX_PAYLOAD_BYTES;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkspaceFiles files;
  private final SecuritySubject subject;

  GuestFiles(WorkspaceFiles files, SecuritySubject subject) {
    this.files = files;
    this.subject = subject;
  }

  boolean exists(String path) {
    return call("astrid_fs_exists", path, () -> files.exists(subject, path));
  }

  void mkdir(String path) {
    call("astrid_fs_mkdir", path, () -> {
      files.createDirectories(subject, path);
      return null;
    });
  }

  /** The names in a directory as upstream lists them (issue 18): {@code ["a.txt", ...]}, sorted. */
  String readdir(String path) {
    ArrayNode json = JSON.createArrayNode();
    for (WorkspaceFiles.Entry entry : call("astrid_fs_readdir", path, () -> files.list(subject, path))) {
      json.add(entry.name());
    }
    return json.toString();
  }

  /**
   * Upstream's fields first (issue 18), then ours: {@code {"size": 12, "isDir": false, "mtime":
   * 1764583200, "type": "file", "modified": "2026-12-01T10:00:00Z"}}, mtime in whole seconds.
   */
  String stat(String path) {
    WorkspaceFiles.Entry entry = call("astrid_fs_stat", path, () -> files.stat(subject, path));
    return JSON.createObjectNode().put("size", entry.size())
        .put("isDir", entry.type() == WorkspaceFiles.Type.DIRECTORY)
        .put("mtime", entry.modified().getEpochSecond()).put("type", type(entry))
        .put("modified", entry.modified().toString()).toString();
  }

  /** Deletes a file, a link (not what it points to) or an empty directory. */
  void unlink(String path) {
    call("astrid_fs_unlink", path, () -> {
      files.delete(subject, path);
      return null;
    });
  }

  byte[] read(String path) {
    return call("astrid_read_file", path, () -> files.read(subject, path, MAX_FILE_BYTES));
  }

  void write(String path, byte[] content) {
    call("astrid_write_file", path, () -> {
      files.write(subject, path, content);
      return null;
    });
  }

  private static String type(WorkspaceFiles.Entry entry) {
    return entry.type().name().toLowerCase(Locale.ROOT);
  }

  /** A denial reads {@code function: fs_read [path] denied: why}; a failure {@code function [path]: why}. */
  private static <T> T call(String function, String path, Supplier<T> operation) {
    try {
      return operation.get();
    } catch (WorkspaceFileException e) {
      throw new WasmCallException(e.denied() ? function + ": " + e.getMessage()
          : function + " [" + path + "]: " + e.problem(), e);
    }
  }
}
