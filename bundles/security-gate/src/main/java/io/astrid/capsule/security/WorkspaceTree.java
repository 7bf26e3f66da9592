package io.astrid.capsule.security;

import io.astrid.capsule.api.security.WorkspaceFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * File operations on a path the gate judged, performed relative to directory handles: from a
 * handle on the workspace, each name of the judged real path is opened with no link following
 * ({@code openat} with {@code O_NOFOLLOW}), and the last one is read, written, listed, renamed or
 * deleted through its directory's handle. The judged path has no link in its existing part, so a
 * link found on the way was swapped in after the judgement: the call fails and nothing outside the
 * workspace is read, created or deleted.
 */
final class WorkspaceTree {
  /** A phrase for "file [path]: why": the path changed, or is not what the operation needs. */
  static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String why) {
      super(why, null);
    }
  }

  static final String CHANGED = "it changed while it was being opened (a symbolic link appeared on its way)";
  private static final String TEMPORARY_PREFIX = ".astrid-";
  private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
      LinkOption.NOFOLLOW_LINKS);

  private WorkspaceTree() {}

  /** An operation on one name in its directory's handle. */
  private interface InDirectory<T> {
    T apply(SecureDirectoryStream<Path> directory, Path name) throws IOException;
  }

  static boolean exists(FilePolicy.JudgedPath path) throws IOException {
    if (isRoot(path)) {
      return true;
    }
    try {
      return inParent(path, (directory, name) -> attributes(directory, name) != null);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return false;
    }
  }

  static WorkspaceFiles.Entry stat(FilePolicy.JudgedPath path) throws IOException {
    if (isRoot(path)) {
      try (SecureDirectoryStream<Path> root = root(path)) {
        BasicFileAttributes attributes = root.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
        return entry(path.workspace().getFileName().toString(), attributes);
      }
    }
    return inParent(path, (directory, name) -> entry(name.toString(), existing(directory, name)));
  }

  static List<WorkspaceFiles.Entry> list(FilePolicy.JudgedPath path) throws IOException {
    if (isRoot(path)) {
      try (SecureDirectoryStream<Path> root = root(path)) {
        return entries(root);
      }
    }
    return inParent(path, (directory, name) -> {
      try (SecureDirectoryStream<Path> listed = child(directory, name)) {
        return entries(listed);
      }
    });
  }

  /** At most {@code maxBytes}, counted while reading: a file that grows cannot slip past a size check. */
  static byte[] read(FilePolicy.JudgedPath path, int maxBytes) throws IOException {
    if (isRoot(path)) {
      throw new Refused("is a directory");
    }
    return inParent(path, (directory, name) -> {
      BasicFileAttributes attributes = existing(directory, name);
      if (attributes.isDirectory()) {
        throw new Refused("is a directory");
      }
      if (!attributes.isRegularFile()) {
        throw new Refused("is not a regular file");
      }
      try (SeekableByteChannel channel = open(directory, name, READ)) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (channel.read(buffer.clear()) >= 0) {
          content.write(buffer.array(), 0, buffer.position());
          if (content.size() > maxBytes) {
            throw new Refused("the file has more than " + maxBytes + " bytes, at most " + maxBytes + " are read");
          }
        }
        return content.toByteArray();
      }
    });
  }

  /** A temporary file in the target's directory handle, renamed over the target in that handle. */
  static void write(FilePolicy.JudgedPath path, byte[] content) throws IOException {
    if (isRoot(path)) {
      throw new Refused("is a directory");
    }
    inParent(path, (directory, name) -> {
      BasicFileAttributes attributes = attributes(directory, name);
      if (attributes != null && attributes.isDirectory()) {
        throw new Refused("is a directory");
      }
      Path temporary = name.getFileSystem().getPath(TEMPORARY_PREFIX + UUID.randomUUID() + ".tmp");
      boolean moved = false;
      try {
        try (SeekableByteChannel channel = open(directory, temporary, CREATE)) {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
        directory.move(temporary, directory, name);
        moved = true;
      } finally {
        if (!moved) {
          deleteQuietly(directory, temporary);
        }
      }
      return null;
    });
  }

  /**
   * Each missing directory is made as a fresh temporary directory in the workspace root and renamed
   * into its parent's handle: the JDK has no {@code mkdirat}, and a rename between two handles
   * cannot land anywhere but in the directory opened.
   */
  static void createDirectories(FilePolicy.JudgedPath path) throws IOException {
    if (isRoot(path)) {
      return;
    }
    Path relative = path.workspace().relativize(path.real());
    try (SecureDirectoryStream<Path> root = root(path)) {
      SecureDirectoryStream<Path> directory = null;
      try {
        for (Path name : relative) {
          SecureDirectoryStream<Path> parent = directory == null ? root : directory;
          SecureDirectoryStream<Path> next = childOrCreated(path.workspace(), root, parent, name);
          if (directory != null) {
            directory.close();
          }
          directory = next;
        }
      } finally {
        if (directory != null) {
          directory.close();
        }
      }
    }
  }

  static void delete(FilePolicy.JudgedPath path) throws IOException {
    if (isRoot(path)) {
      throw new Refused("the workspace itself cannot be deleted");
    }
    inParent(path, (directory, name) -> {
      if (existing(directory, name).isDirectory()) {
        directory.deleteDirectory(name);
      } else {
        directory.deleteFile(name);
      }
      return null;
    });
  }

  private static boolean isRoot(FilePolicy.JudgedPath path) {
    return path.real().equals(path.workspace());
  }

  /** Walks to the judged path's directory, one name at a time with no link followed, and acts on its last name. */
  private static <T> T inParent(FilePolicy.JudgedPath path, InDirectory<T> action) throws IOException {
    Path relative = path.workspace().relativize(path.real());
    SecureDirectoryStream<Path> directory = root(path);
    try {
      for (int i = 0; i < relative.getNameCount() - 1; i++) {
        SecureDirectoryStream<Path> next = child(directory, relative.getName(i));
        directory.close();
        directory = next;
      }
      return action.apply(directory, relative.getFileName());
    } finally {
      directory.close();
    }
  }

  private static SecureDirectoryStream<Path> root(FilePolicy.JudgedPath path) throws IOException {
    DirectoryStream<Path> stream = Files.newDirectoryStream(path.workspace());
    if (stream instanceof SecureDirectoryStream<Path> handle) {
      return handle;
    }
    stream.close();
    throw new Refused("this file system offers no directory handles, so no file can be opened safely");
  }

  private static SecureDirectoryStream<Path> child(SecureDirectoryStream<Path> directory, Path name)
      throws IOException {
    try {
      return directory.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      IOException why = whyNotOpened(directory, name, e);
      BasicFileAttributes found = why == e ? attributes(directory, name) : null;
      throw found != null && !found.isDirectory() ? new NotDirectoryException(name.toString()) : why;
    }
  }

  private static SecureDirectoryStream<Path> childOrCreated(Path workspace, SecureDirectoryStream<Path> root,
      SecureDirectoryStream<Path> parent, Path name) throws IOException {
    try {
      return child(parent, name);
    } catch (NotDirectoryException e) {
      throw new FileAlreadyExistsException(name.toString());
    } catch (NoSuchFileException e) {
      Path temporary = name.getFileSystem().getPath(TEMPORARY_PREFIX + UUID.randomUUID() + ".tmp");
      Files.createDirectory(workspace.resolve(temporary));
      try {
        root.move(temporary, parent, name);
      } catch (IOException raced) {
        // Someone made the name meanwhile: a directory is opened below, anything else refused there.
        deleteQuietly(root, temporary);
      }
      return child(parent, name);
    }
  }

  private static SeekableByteChannel open(SecureDirectoryStream<Path> directory, Path name, Set<OpenOption> options)
      throws IOException {
    try {
      return directory.newByteChannel(name, options);
    } catch (IOException e) {
      throw whyNotOpened(directory, name, e);
    }
  }

  /** A link where the judged path had none is a change; a file where a directory was needed is said so. */
  private static IOException whyNotOpened(SecureDirectoryStream<Path> directory, Path name, IOException e) {
    BasicFileAttributes found;
    try {
      found = attributes(directory, name);
    } catch (IOException unreadable) {
      e.addSuppressed(unreadable);
      return e;
    }
    if (found != null && found.isSymbolicLink()) {
      return new Refused(CHANGED);
    }
    return e;
  }

  /** The attributes of {@code name} itself (a link is not followed), or null when there is nothing. */
  private static BasicFileAttributes attributes(SecureDirectoryStream<Path> directory, Path name) throws IOException {
    try {
      return directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Like {@link #attributes} for a name that must exist and must not have become a link. */
  private static BasicFileAttributes existing(SecureDirectoryStream<Path> directory, Path name) throws IOException {
    BasicFileAttributes attributes = attributes(directory, name);
    if (attributes == null) {
      throw new NoSuchFileException(name.toString());
    }
    if (attributes.isSymbolicLink()) {
      throw new Refused(CHANGED);
    }
    return attributes;
  }

  private static List<WorkspaceFiles.Entry> entries(SecureDirectoryStream<Path> directory) throws IOException {
    List<WorkspaceFiles.Entry> entries = new ArrayList<>();
    for (Path entry : directory) {
      BasicFileAttributes attributes = attributes(directory, entry.getFileName());
      if (attributes != null) {
        entries.add(entry(entry.getFileName().toString(), attributes));
      }
    }
    entries.sort(Comparator.comparing(WorkspaceFiles.Entry::name));
    return entries;
  }

  private static WorkspaceFiles.Entry entry(String name, BasicFileAttributes attributes) {
    WorkspaceFiles.Type type = attributes.isSymbolicLink() ? WorkspaceFiles.Type.SYMLINK
        : attributes.isDirectory() ? WorkspaceFiles.Type.DIRECTORY
        : attributes.isRegularFile() ? WorkspaceFiles.Type.FILE : WorkspaceFiles.Type.OTHER;
    return new WorkspaceFiles.Entry(name, type, attributes.size(), attributes.lastModifiedTime().toInstant());
  }

  private static void deleteQuietly(SecureDirectoryStream<Path> directory, Path temporary) {
    try {
      BasicFileAttributes left = attributes(directory, temporary);
      if (left != null && left.isDirectory()) {
        directory.deleteDirectory(temporary);
      } else if (left != null) {
        directory.deleteFile(temporary);
      }
    } catch (IOException e) {
      // Best effort: a leftover temporary file is named .astrid-*.tmp and harmless.
    }
  }
}
