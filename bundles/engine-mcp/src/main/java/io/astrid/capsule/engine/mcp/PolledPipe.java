package io.astrid.capsule.engine.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A server's stdout whose reads can end at a deadline: before a read that would block, it waits
 * with {@code poll(2)} on the pipe's descriptor, and throws {@link DeadlinePassed} when the
 * deadline comes first. The JDK's process streams can only block, and a thread blocked in one
 * cannot be woken; this is what lets a caller read its own response (see {@link StdoutReading})
 * and still keep its timeout, even against a server that writes half a line and stalls.
 *
 * <p>The descriptor is found through {@code /proc}: the one of this process that is the same pipe
 * as the server's descriptor 1. Where that cannot be done (no {@code /proc}, native access
 * refused), {@link #of} is empty and the server's output is read the plain way.
 */
final class PolledPipe extends InputStream {
  /** A deadline passed before the pipe had anything to read; nothing was read. */
  static final class DeadlinePassed extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    DeadlinePassed() {
      super("the deadline passed before the server wrote");
    }
  }

  static final long NO_DEADLINE = Long.MAX_VALUE;

  private static final short POLLIN = 0x1;
  private static final Optional<MethodHandle> POLL = pollFunction();

  private final InputStream in;
  private final Process process;
  private final int descriptor;
  /** One {@code struct pollfd}; only the thread holding the reading uses it. */
  private final MemorySegment pollfd = Arena.ofAuto().allocate(8, 4);
  private long deadline = NO_DEADLINE; // guarded by the reading of StdoutReading

  private PolledPipe(Process process, int descriptor) {
    this.in = process.getInputStream();
    this.process = process;
    this.descriptor = descriptor;
    pollfd.set(ValueLayout.JAVA_INT, 0, descriptor);
    pollfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
  }

  /** The stdout of {@code process}, pollable, or empty where its descriptor cannot be polled. */
  static Optional<PolledPipe> of(Process process) {
    if (POLL.isEmpty()) {
      return Optional.empty();
    }
    return descriptorOf(process).map(fd -> new PolledPipe(process, fd));
  }

  /** Reads from now on end with {@link DeadlinePassed} at {@code nanoTime} ({@link #NO_DEADLINE} for none). */
  void deadline(long nanoTime) {
    deadline = nanoTime;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    boolean mayBlock = deadline != NO_DEADLINE && in.available() == 0 && process.isAlive();
    if (mayBlock && !readable(deadline - System.nanoTime())) {
      throw new DeadlinePassed();
    }
    return in.read(buffer, offset, length);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /**
   * Whether the pipe has something to read (or has ended) within {@code nanos}. Once the process has
   * exited, the JDK closes the descriptor, which may then be reused; the caller asks only while it
   * lives, and a wrong answer then costs one wait, never a wrong read.
   */
  private boolean readable(long nanos) {
    if (nanos <= 0) {
      return false;
    }
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (nanos + 999_999) / 1_000_000));
    try {
      return (int) POLL.orElseThrow().invokeExact(pollfd, 1L, millis) > 0;
    } catch (Throwable e) {
      throw new IllegalStateException("poll(2) on descriptor " + descriptor + " failed", e);
    }
  }

  /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}, or empty where native calls are refused. */
  private static Optional<MethodHandle> pollFunction() {
    try {
      Linker linker = Linker.nativeLinker();
      FunctionDescriptor signature = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
          ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
      return linker.defaultLookup().find("poll").map(address -> linker.downcallHandle(address, signature));
    } catch (RuntimeException e) {
      return Optional.empty(); // IllegalCallerException with --enable-native-access denied
    }
  }

  /**
   * Our descriptor of the pipe that is the process's stdout: exactly one of ours links to the same
   * {@code pipe:[inode]} as its descriptor 1 (the JDK closed our copy of the other end when it started).
   */
  private static Optional<Integer> descriptorOf(Process process) {
    try {
      Path theirs = Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "fd", "1"));
      if (!theirs.toString().startsWith("pipe:")) {
        return Optional.empty();
      }
      List<Integer> ours = new ArrayList<>();
      try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
        for (Path descriptor : descriptors) {
          if (theirs.equals(linkOf(descriptor))) {
            ours.add(Integer.parseInt(descriptor.getFileName().toString()));
          }
        }
      }
      return ours.size() == 1 ? Optional.of(ours.getFirst()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Path linkOf(Path descriptor) {
    try {
      return Files.readSymbolicLink(descriptor);
    } catch (IOException e) {
      return null; // closed meanwhile, or the listing's own descriptor
    }
  }
}
