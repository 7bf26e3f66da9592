package io.astrid.capsule.launcher;

import io.astrid.capsule.api.CapsuleException;
import io.astrid.capsule.api.manifest.CapsuleManifest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * What {@code capsule install SOURCE} names — a capsule directory, a {@code .tar.gz} ({@code .tgz})
 * or a {@code .zip} — copied into a staging directory entry by entry, each judged before anything of
 * it is written (issue 17): no absolute name, no {@code ..}, no hard link, no symbolic link whose
 * target leaves the capsule, nothing but files, directories and links, no name twice, and at most
 * {@code maxEntries} entries and {@code maxBytes} bytes in all (counted as they are written, whatever
 * an archive declares). Links are made last, so no entry is ever written through one. A refusal names
 * the entry and why.
 */
final class CapsuleSource {
  /** The most entries a capsule may have. */
  static final int MAX_ENTRIES = 10_000;
  /** The most bytes a capsule's files may hold together: 512 MiB. */
  static final long MAX_BYTES = 512L << 20;
  /** The longest link target read from a zip entry's content. */
  private static final int MAX_LINK_TARGET = 4096;
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private enum Kind { DIRECTORY, FILE, LINK, HARD_LINK, OTHER }

  private record Link(String name, String target) {}

  private final int maxEntries;
  private final long maxBytes;
  private final Path staging;
  private final List<Link> links = new ArrayList<>();
  private int entries;
  private long bytes;

  private CapsuleSource(Path staging, int maxEntries, long maxBytes) {
    this.staging = staging;
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /** Copies {@code source} into the empty directory {@code staging}; returns the capsule directory in it. */
  static Path stage(Path source, Path staging) {
    return stage(source, staging, MAX_ENTRIES, MAX_BYTES);
  }

  static Path stage(Path source, Path staging, int maxEntries, long maxBytes) {
    CapsuleSource copy = new CapsuleSource(staging, maxEntries, maxBytes);
    try {
      if (Files.isDirectory(source)) {
        copy.fromDirectory(source);
      } else if (isTarGz(source)) {
        try (InputStream in = Files.newInputStream(source);
            TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(in)))) {
          copy.fromArchive(tar);
        }
      } else if (source.getFileName().toString().endsWith(".zip")) {
        // The central directory, not a stream of local headers: only it says which entries are links.
        try (ZipFile zip = ZipFile.builder().setPath(source).get()) {
          copy.fromZip(zip);
        }
      } else {
        throw new CapsuleException("[" + source + "]: " + (Files.exists(source)
            ? "neither a directory nor a .tar.gz, .tgz or .zip archive" : "no such file or directory"));
      }
      copy.makeLinks();
    } catch (IOException e) {
      throw new CapsuleException("[" + source + "] cannot be read: " + e.getMessage(), e);
    }
    return copy.capsuleDirectory(source);
  }

  private static boolean isTarGz(Path source) {
    String name = source.getFileName().toString();
    return name.endsWith(".tar.gz") || name.endsWith(".tgz");
  }

  private void fromArchive(TarArchiveInputStream archive) throws IOException {
    for (TarArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
      Kind kind = kind(entry);
      add(entry.getName(), kind, kind == Kind.LINK || kind == Kind.HARD_LINK ? entry.getLinkName() : "", archive);
    }
  }

  private static Kind kind(TarArchiveEntry tar) {
    if (tar.isSymbolicLink()) {
      return Kind.LINK;
    }
    if (tar.isLink()) {
      return Kind.HARD_LINK;
    }
    if (tar.isCharacterDevice() || tar.isBlockDevice() || tar.isFIFO()) {
      return Kind.OTHER;
    }
    return tar.isDirectory() ? Kind.DIRECTORY : tar.isFile() ? Kind.FILE : Kind.OTHER;
  }

  private void fromZip(ZipFile zip) throws IOException {
    for (ZipArchiveEntry entry : java.util.Collections.list(zip.getEntriesInPhysicalOrder())) {
      if (!zip.canReadEntryData(entry)) {
        throw refused(entry.getName(), "its data cannot be read (encrypted or an unsupported method)");
      }
      try (InputStream content = zip.getInputStream(entry)) {
        if (entry.isUnixSymlink()) {
          add(entry.getName(), Kind.LINK, linkTarget(entry.getName(), content), null);
        } else {
          add(entry.getName(), entry.isDirectory() ? Kind.DIRECTORY : Kind.FILE, "", content);
        }
      }
    }
  }

  /** A zip link's target is its content. */
  private String linkTarget(String name, InputStream content) throws IOException {
    byte[] target = content.readNBytes(MAX_LINK_TARGET + 1);
    if (target.length > MAX_LINK_TARGET) {
      throw refused(name, "a link target of more than " + MAX_LINK_TARGET + " bytes");
    }
    return new String(target, StandardCharsets.UTF_8);
  }

  private void fromDirectory(Path source) throws IOException {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path path : (Iterable<Path>) walk.skip(1)::iterator) {
        String name = source.relativize(path).toString().replace('\\', '/');
        if (Files.isSymbolicLink(path)) {
          add(name, Kind.LINK, Files.readSymbolicLink(path).toString(), null);
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          add(name, Kind.DIRECTORY, "", null);
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          try (InputStream in = Files.newInputStream(path)) {
            add(name, Kind.FILE, "", in);
          }
        } else {
          add(name, Kind.OTHER, "", null);
        }
      }
    }
  }

  private void add(String name, Kind kind, String linkTarget, InputStream content) throws IOException {
    Path target = judge(name);
    if (++entries > maxEntries) {
      throw refused(name, "more than " + maxEntries + " entries");
    }
    switch (kind) {
      case DIRECTORY -> Files.createDirectories(target);
      case FILE -> write(name, target, content);
      case LINK -> {
        judgeLink(name, linkTarget);
        links.add(new Link(name, linkTarget));
      }
      case HARD_LINK -> throw refused(name, "a hard link (to [" + linkTarget + "]); hard links are not unpacked");
      default -> throw refused(name, "neither a file, a directory nor a link");
    }
  }

  /** Where an entry goes; refused when its name is absolute or climbs out. */
  private Path judge(String name) {
    String plain = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    if (plain.isEmpty() || plain.indexOf('\0') >= 0) {
      throw refused(name, "an empty name");
    }
    if (plain.startsWith("/") || plain.startsWith("\\") || DRIVE.matcher(plain).matches()) {
      throw refused(name, "an absolute path");
    }
    for (String segment : plain.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw refused(name, "climbs out of the capsule with ..");
      }
    }
    Path target = staging.resolve(plain).normalize();
    if (!target.startsWith(staging) || target.equals(staging)) {
      throw refused(name, "lies outside the capsule");
    }
    return target;
  }

  private void judgeLink(String name, String linkTarget) {
    Path link = staging.resolve(name).normalize();
    if (linkTarget.isEmpty() || linkTarget.startsWith("/") || DRIVE.matcher(linkTarget).matches()
        || !link.getParent().resolve(linkTarget).normalize().startsWith(staging)) {
      throw refused(name, "a link out of the capsule (to [" + linkTarget + "])");
    }
  }

  private void write(String name, Path target, InputStream content) throws IOException {
    Files.createDirectories(target.getParent());
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
      for (int n = content.read(buffer); n != -1; n = content.read(buffer)) {
        bytes += n;
        if (bytes > maxBytes) {
          throw refused(name, "more than " + maxBytes + " bytes unpacked in all");
        }
        out.write(buffer, 0, n);
      }
    } catch (FileAlreadyExistsException e) {
      throw refused(name, "appears twice");
    }
  }

  /** Last, so that no entry is written through a link; each link's directory must still be inside. */
  private void makeLinks() throws IOException {
    Path real = staging.toRealPath();
    for (Link link : links) {
      Path path = staging.resolve(link.name()).normalize();
      Files.createDirectories(path.getParent());
      if (!path.getParent().toRealPath().startsWith(real)) {
        throw refused(link.name(), "lies outside the capsule (through a link)");
      }
      try {
        Files.createSymbolicLink(path, Path.of(link.target()));
      } catch (FileAlreadyExistsException e) {
        throw refused(link.name(), "appears twice");
      }
    }
  }

  /** The staging directory itself when the manifest is at its top, else its one directory holding one. */
  private Path capsuleDirectory(Path source) {
    if (Files.isRegularFile(staging.resolve(CapsuleManifest.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
      return staging;
    }
    try (Stream<Path> top = Files.list(staging)) {
      List<Path> children = top.toList();
      if (children.size() == 1 && Files.isDirectory(children.get(0), LinkOption.NOFOLLOW_LINKS)
          && Files.isRegularFile(children.get(0).resolve(CapsuleManifest.FILE_NAME), LinkOption.NOFOLLOW_LINKS)) {
        return children.get(0);
      }
    } catch (IOException e) {
      throw new CapsuleException("[" + source + "] cannot be read: " + e.getMessage(), e);
    }
    throw new CapsuleException("[" + source + "]: no " + CapsuleManifest.FILE_NAME
        + " at its top or in its one top directory");
  }

  private static CapsuleException refused(String name, String why) {
    return new CapsuleException("entry [" + name + "] refused: " + why);
  }
}
