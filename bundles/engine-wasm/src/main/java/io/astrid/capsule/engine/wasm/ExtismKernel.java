package io.astrid.capsule.engine.wasm;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.slf4j.Logger;

/**
 * The Extism 1.x kernel ({@code extism:host/env}) as Java host functions: memory blocks the guest
 * addresses by handle (an offset into kernel memory, not the guest's linear memory; 0 is null),
 * the call's input and output, the error, configuration, variables and logging. One kernel per
 * plugin; calls into it are serialised by the plugin. {@link #reset} starts every call afresh.
 */
final class ExtismKernel {
  /** Kernel memory per call: beyond it {@code alloc} returns 0, as Extism does when out of memory. */
  static final long MAX_MEMORY_BYTES = 64L * 1024 * 1024;

  /** A variable's value is at most this long (Extism's own cap is about a megabyte). */
  static final int MAX_VAR_BYTES = 1024 * 1024;

  /** A call's input and its output are at most this long. */
  static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

  /** A variable or configuration name is at most this long. */
  static final int MAX_KEY_BYTES = 4 * 1024;

  /** A log message is at most this long; a longer one fails the call rather than flood the log. */
  static final int MAX_LOG_BYTES = 64 * 1024;

  private final Map<String, String> config;
  private final HostHttp http;
  private final Map<String, byte[]> vars = new HashMap<>();
  private final Logger log;
  private final TreeMap<Long, Long> blocks = new TreeMap<>();
  private byte[] memory = new byte[64 * 1024];
  private long top;
  private byte[] input = new byte[0];
  private long inputHandle;
  private byte[] output;
  private String error;

  ExtismKernel(Map<String, String> config, HostHttp http, Logger log) {
    this.config = Map.copyOf(config);
    this.http = http;
    this.log = log;
  }

  /** Frees every block and sets the next call's input. */
  void reset(byte[] callInput) {
    if (callInput.length > MAX_PAYLOAD_BYTES) {
      throw new WasmCallException("the input has " + callInput.length + " bytes, at most " + MAX_PAYLOAD_BYTES);
    }
    blocks.clear();
    top = 1; // handle 0 is null
    output = new byte[0];
    error = null;
    input = callInput;
    inputHandle = callInput.length == 0 ? 0 : allocate(callInput.length);
    if (inputHandle != 0) {
      System.arraycopy(callInput, 0, memory, (int) inputHandle, callInput.length);
    }
  }

  byte[] output() {
    return output;
  }

  String error() {
    return error;
  }

  /** The import object for {@code extism:host/env}. */
  Map<String, Object> functions() {
    Map<String, Object> f = new HashMap<>();
    f.put("alloc", fn(a -> allocate(a[0].asLong())));
    f.put("free", fn(a -> {
      blocks.remove(a[0].asLong());
      return null;
    }));
    f.put("length", fn(a -> lengthOf(a[0].asLong())));
    f.put("length_unsafe", fn(a -> lengthOf(a[0].asLong())));
    f.put("load_u8", fn(a -> memory[checked(a[0].asLong(), 1)] & 0xff));
    f.put("load_u64", fn(a -> readLong(memory, checked(a[0].asLong(), 8))));
    f.put("store_u8", fn(a -> {
      memory[checked(a[0].asLong(), 1)] = (byte) a[1].asInt();
      return null;
    }));
    f.put("store_u64", fn(a -> {
      writeLong(memory, checked(a[0].asLong(), 8), a[1].asLong());
      return null;
    }));
    f.put("input_length", fn(a -> (long) input.length));
    f.put("input_offset", fn(a -> inputHandle));
    f.put("input_load_u8", fn(a -> input[inputIndex(a[0].asLong(), 1)] & 0xff));
    f.put("input_load_u64", fn(a -> readLong(input, inputIndex(a[0].asLong(), 8))));
    f.put("output_set", fn(a -> {
      long length = a[1].asLong();
      if (length > MAX_PAYLOAD_BYTES) {
        throw new WasmCallException("output_set: the output has " + length + " bytes, at most " + MAX_PAYLOAD_BYTES);
      }
      output = bytes(a[0].asLong(), length);
      return null;
    }));
    f.put("error_set", fn(a -> {
      long handle = a[0].asLong();
      error = handle == 0 ? null : text(handle, "error_set", MAX_LOG_BYTES);
      return null;
    }));
    f.put("error_get", fn(a -> error == null ? 0L : block(error.getBytes(StandardCharsets.UTF_8))));
    f.put("config_get", fn(a -> {
      String value = config.get(text(a[0].asLong(), "config_get", MAX_KEY_BYTES));
      return value == null ? 0L : block(value.getBytes(StandardCharsets.UTF_8));
    }));
    f.put("var_get", fn(a -> {
      byte[] value = vars.get(text(a[0].asLong(), "var_get", MAX_KEY_BYTES));
      return value == null ? 0L : block(value);
    }));
    f.put("var_set", fn(a -> {
      String key = text(a[0].asLong(), "var_set", MAX_KEY_BYTES);
      long valueHandle = a[1].asLong();
      if (valueHandle == 0) {
        vars.remove(key);
      } else {
        long length = lengthOf(valueHandle);
        if (length > MAX_VAR_BYTES) { // checked before copying: the block may be as big as kernel memory
          throw new WasmCallException("var [" + key + "] has " + length + " bytes, at most " + MAX_VAR_BYTES);
        }
        vars.put(key, contents(valueHandle));
      }
      return null;
    }));
    f.put("http_request", fn(a -> {
      byte[] body = contents(a[1].asLong()); // handle 0, no body, has length 0
      return block(http.send(text(a[0].asLong(), "http_request", MAX_PAYLOAD_BYTES), body));
    }));
    f.put("http_status_code", fn(a -> http.lastStatus()));
    f.put("http_headers", fn(a -> http.lastHeaders() == null ? 0L
        : block(http.lastHeaders().getBytes(StandardCharsets.UTF_8))));
    f.put("log_trace", fn(a -> logged(a, "log_trace", 0)));
    f.put("log_debug", fn(a -> logged(a, "log_debug", 1)));
    f.put("log_info", fn(a -> logged(a, "log_info", 2)));
    f.put("log_warn", fn(a -> logged(a, "log_warn", 3)));
    f.put("log_error", fn(a -> logged(a, "log_error", 4)));
    f.put("get_log_level", fn(a -> log.isTraceEnabled() ? 0 : log.isDebugEnabled() ? 1 : log.isInfoEnabled() ? 2
        : log.isWarnEnabled() ? 3 : 4));
    return f;
  }

  private Object logged(Value[] args, String function, int level) {
    String message = text(args[0].asLong(), function, MAX_LOG_BYTES);
    switch (level) {
      case 0 -> log.trace("{}", message);
      case 1 -> log.debug("{}", message);
      case 2 -> log.info("{}", message);
      case 3 -> log.warn("{}", message);
      default -> log.error("{}", message);
    }
    return null;
  }

  private long allocate(long length) {
    if (length <= 0 || top + length > MAX_MEMORY_BYTES) {
      return 0;
    }
    long handle = top;
    top += length;
    if (top > memory.length) {
      memory = Arrays.copyOf(memory, (int) Math.min(MAX_MEMORY_BYTES, Math.max(top, (long) memory.length * 2)));
    }
    blocks.put(handle, length);
    return handle;
  }

  /** A new block holding {@code content}; 0 when it is empty or kernel memory is full. */
  long block(byte[] content) {
    long handle = allocate(content.length);
    if (handle != 0) {
      System.arraycopy(content, 0, memory, (int) handle, content.length);
    }
    return handle;
  }

  /** A host function's result as a new block: 0 when empty, a failed call when kernel memory is full. */
  long result(String function, byte[] content) {
    long handle = block(content);
    if (handle == 0 && content.length > 0) {
      throw new WasmCallException(function + ": kernel memory is full (" + MAX_MEMORY_BYTES + " bytes); free blocks");
    }
    return handle;
  }

  /** A host function's text result as a new block. */
  long result(String function, String text) {
    return result(function, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The bytes of the block at {@code handle} for host function {@code function}, at most {@code maxBytes}. */
  byte[] payload(long handle, String function, int maxBytes) {
    long length = lengthOf(handle);
    if (length > maxBytes) {
      throw new WasmCallException(function + ": the value has " + length + " bytes, at most " + maxBytes);
    }
    return contents(handle);
  }

  /** The length of the block at {@code handle}; 0 for null or for anything not allocated. */
  private long lengthOf(long handle) {
    return blocks.getOrDefault(handle, 0L);
  }

  /** A copy of the whole block at {@code handle}. */
  private byte[] contents(long handle) {
    return bytes(handle, lengthOf(handle));
  }

  private byte[] bytes(long offset, long length) {
    if (length == 0) {
      return new byte[0]; // an empty output or string, whatever its handle (0 for an empty alloc)
    }
    int start = checked(offset, length);
    return Arrays.copyOfRange(memory, start, start + (int) length);
  }

  /**
   * The block at {@code handle} as text for host function {@code function}: at most {@code maxBytes}
   * long and valid UTF-8, since a lossy decode would let a guest smuggle replacement characters
   * into names, logs and URLs.
   */
  String text(long handle, String function, int maxBytes) {
    long length = lengthOf(handle);
    if (length > maxBytes) {
      throw new WasmCallException(function + ": the text has " + length + " bytes, at most " + maxBytes);
    }
    return utf8(contents(handle), function);
  }

  /** {@code bytes} decoded strictly, or a failed call naming {@code function}. */
  static String utf8(byte[] bytes, String function) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new WasmCallException(function + ": the text is not valid UTF-8", e);
    }
  }

  /** An offset into allocated kernel memory, or a clear error instead of reading anything else. */
  private int checked(long offset, long length) {
    if (offset < 1 || length < 0 || offset + length > top) {
      throw new WasmCallException("kernel memory access out of bounds: offset " + offset + ", length " + length);
    }
    return (int) offset;
  }

  private int inputIndex(long index, int length) {
    if (index < 0 || index + length > input.length) {
      throw new WasmCallException("input access out of bounds: offset " + index + ", length " + length);
    }
    return (int) index;
  }

  private static long readLong(byte[] source, int offset) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (source[offset + i] & 0xffL);
    }
    return value;
  }

  private static void writeLong(byte[] target, int offset, long value) {
    for (int i = 0; i < 8; i++) {
      target[offset + i] = (byte) (value >>> (8 * i));
    }
  }

  static ProxyExecutable fn(ProxyExecutable body) {
    return body;
  }
}
