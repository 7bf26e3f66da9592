package io.astrid.capsule.engine.wasm;

import static io.astrid.capsule.engine.wasm.HostFunction.NO_RESULT;

import io.astrid.capsule.hostcall.HostCall;
import io.astrid.capsule.internal.text.UntrustedText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.slf4j.Logger;

/**
 * The Extism 1.x kernel ({@code extism:host/env}) of one plugin, in two halves. Memory blocks, the
 * call's input and output live in a small WebAssembly module (extism-kernel.c) instantiated in the
 * plugin's context and linked wasm-to-wasm into the plugin, because those are the calls a plugin
 * makes most and a host call into Java costs far more than a call between two modules. What needs
 * the host (configuration, variables, HTTP, logs, the error) is Java, reading blocks through the
 * kernel module's memory; a result becomes a block through the results module (host-results.c),
 * which also completes the Astrid host functions. It links a plugin's imports ({@link
 * #importObject}). Calls are serialised by the plugin; {@link #call} starts each afresh.
 */
final class ExtismKernel {
  /** Kernel memory per call (the kernel module's maximum): beyond it {@code alloc} returns 0. */
  static final long MAX_MEMORY_BYTES = 64L * 1024 * 1024;

  /** A variable's value is at most this long (Extism's own cap is about a megabyte). */
  static final int MAX_VAR_BYTES = 1024 * 1024;

  /** A call's input and its output are at most this long. */
  static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

  /** A variable or configuration name is at most this long. */
  static final int MAX_KEY_BYTES = 4 * 1024;

  /** A log message is at most this long; a longer one fails the call rather than flood the log. */
  static final int MAX_LOG_BYTES = 64 * 1024;

  /** The modules a plugin imports: the kernel, and the Astrid host functions. */
  static final String KERNEL_MODULE = "extism:host/env";
  static final String USER_MODULE = "extism:host/user";

  /** The kernel functions the WebAssembly half exports, linked into plugins as they are. */
  static final List<String> WASM_FUNCTIONS = List.of("alloc", "free", "length", "length_unsafe", "load_u8",
      "load_u64", "store_u8", "store_u64", "input_length", "input_offset", "input_load_u8", "input_load_u64",
      "output_set");

  private static final byte[] KERNEL_WASM = resource("extism-kernel.wasm");
  private static final Source KERNEL_SOURCE = source(KERNEL_WASM, "extism-kernel.wasm");
  /** The kernel functions' signatures, as its module declares them: what a plugin's imports must match. */
  private static final Map<String, FunctionSignatures.Signature> KERNEL_SIGNATURES =
      FunctionSignatures.of(KERNEL_WASM).exports();

  /** The module that turns host functions' results into blocks (host-results.c), instantiated once per plugin. */
  private static final Source RESULTS_SOURCE = source(resource("host-results.wasm"), "host-results.wasm");

  /** The module a call into a plugin goes through (extism-call.c), instantiated once per export. */
  private static final Source CALL_SOURCE = source(resource("extism-call.wasm"), "extism-call.wasm");

  /** Bits of the kernel's {@code finish} result (extism-kernel.c): a failed export, an output in the state. */
  private static final long FAILED = 1L << 63;
  private static final long OUTPUT_IN_STATE = 1L << 62;

  private static final byte[] NOTHING = new byte[0];

  /** How much {@link #peek} reads: a block's header and up to 56 bytes of it (names, keys, short values). */
  private static final int PEEK_BYTES = 64;

  private final Map<String, String> config;
  private final HostHttp http;
  private final Map<String, byte[]> vars = new HashMap<>();
  private final Logger log;
  private Value exports;
  private Value memory;
  /** A lower bound of kernel memory's size: memory never shrinks, so only an access past it asks again. */
  private long memoryBytes;
  private Value allocServed;
  private Value begin;
  private Value finish;
  /** Where the kernel module keeps the output's offset and length (two little-endian u64s). */
  private long outputState;
  /** The standard input of the plugin's context: the running call's input, which the kernel's begin reads. */
  private final CallInput callInput = new CallInput();
  /** Scratch for the reads of {@link #peek} and of the output's place in the kernel state. */
  private final byte[] peekBuffer = new byte[PEEK_BYTES];
  private final ByteBuffer peekView = ByteBuffer.wrap(peekBuffer).order(ByteOrder.LITTLE_ENDIAN);
  /** How the last call ended, as the kernel's finish packs it. */
  private long ending;
  private String error;
  /** The modules of host functions the plugin is linked to (env, user), to ask which it called last. */
  private List<HostImports> linked = List.of();
  /** The host function whose result the kernel's standard input holds, for the error when it does not fit. */
  private String servedBy;

  ExtismKernel(Map<String, String> config, HostHttp http, Logger log) {
    this.config = Map.copyOf(config);
    this.http = http;
    this.log = log;
  }

  private static byte[] resource(String name) {
    try (InputStream wasm = ExtismKernel.class.getResourceAsStream(name)) {
      if (wasm == null) {
        throw new IllegalStateException(name + " is missing from the engine bundle");
      }
      return wasm.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " cannot be read", e);
    }
  }

  private static Source source(byte[] wasm, String name) {
    return Source.newBuilder("wasm", ByteSequence.create(wasm), name).buildLiteral();
  }

  /**
   * Instantiates the WebAssembly half in {@code context}; its exports join {@link #functions()}. A
   * plugin restored after a failed call calls it again with its new context.
   */
  void instantiate(Context context) {
    exports = context.eval(KERNEL_SOURCE).newInstance().getMember("exports");
    memory = exports.getMember("memory");
    memoryBytes = 0; // a new instance's memory: a restored plugin's starts small again
    allocServed = exports.getMember("alloc_served");
    begin = exports.getMember("begin");
    finish = exports.getMember("finish");
    outputState = exports.getMember("kernel_state").execute().asLong() + 24;
  }

  /** What the plugin's context must serve as standard input: each call's input, for the kernel. */
  InputStream standardInput() {
    return callInput;
  }

  /**
   * How to call {@code export} of the plugin in {@code context}: through an instance of the call
   * module, so that begin, the export and finish take one host call, when the export is an Extism
   * function ({@code () -> i32}); else (an initializer, say) the export itself.
   */
  Entry entry(Context context, Value export) {
    try {
      Value call = context.eval(CALL_SOURCE).newInstance(ProxyObject.fromMap(Map.of(
          "astrid:call", ProxyObject.fromMap(Map.of("export", export, "begin", begin, "finish", finish)),
          "env", sharedMemory())));
      return new Entry(call.getMember("exports").getMember("call"), true);
    } catch (PolyglotException e) { // the export's type does not match the call module's import
      return new Entry(export, false);
    }
  }

  /**
   * Kernel memory, as the call and results modules import it: they have none of their own, so an
   * instance costs no 64 KiB page, and touch none of it (the build script checks their code).
   */
  private ProxyObject sharedMemory() {
    return ProxyObject.fromMap(Map.of("memory", memory));
  }

  /**
   * Drops the Java functions from the wrappers GraalVM got for the plugin last linked (issue 16): its context is
   * closed, and the compiler's code, should it still hold a wrapper, keeps nothing of the engine's bundle.
   */
  void release() {
    linked.forEach(HostImports::release);
  }

  /** A function that calls an export: through the call module, or the export itself. */
  record Entry(Value function, boolean throughCallModule) {}

  /** Calls {@code entry} with {@code input} on a fresh kernel; the export's return code. */
  int call(Entry entry, byte[] input) {
    if (input.length > MAX_PAYLOAD_BYTES) {
      throw new WasmCallException("the input has " + input.length + " bytes, at most " + MAX_PAYLOAD_BYTES);
    }
    error = null;
    linked.forEach(HostImports::forgetCalls);
    callInput.serve(input);
    if (entry.throughCallModule()) {
      ending = entry.function().execute((long) input.length).asLong();
      return (ending & FAILED) != 0 ? (int) ending : 0;
    }
    begin.execute((long) input.length);
    Value result = entry.function().execute();
    ending = OUTPUT_IN_STATE;
    return result.isNumber() ? result.asInt() : 0;
  }

  /** The output the last call set, checked against the cap and against kernel memory. */
  byte[] output() {
    if ((ending & OUTPUT_IN_STATE) == 0) {
      return checkedOutput(ending >>> 32, ending & 0xFFFF_FFFFL);
    }
    // One read of the kernel's state instead of two calls into the module: a call costs more.
    memory.readBuffer(outputState, peekBuffer, 0, 16);
    return checkedOutput(peekView.getLong(0), peekView.getLong(8));
  }

  private byte[] checkedOutput(long offset, long count) {
    if (count > MAX_PAYLOAD_BYTES) {
      throw new WasmCallException("output_set: the output has " + count + " bytes, at most " + MAX_PAYLOAD_BYTES);
    }
    return read(offset, count, "output_set");
  }

  String error() {
    return error;
  }

  /**
   * The Java host function the running call entered last, or null. Of two modules, the user
   * module's is named: its functions (kv, files, HTTP, logs) are where a call spends its time, and
   * they call the kernel's, not the other way round.
   */
  String calledLast() {
    for (HostImports module : linked.reversed()) {
      if (module.calledLast() != null) {
        return module.calledLast();
      }
    }
    return null;
  }

  /**
   * The import object of a plugin in {@code context}: {@code extism:host/env}, the kernel, and
   * {@code extism:host/user}, the host's own functions. The functions whose result is a block are
   * linked through an instance of the results module made for the plugin (host-results.c).
   *
   * @param imports the plugin's function imports, each checked against the host's function of its name
   * @throws WasmCallException when the plugin declares a host function with other parameters than it has
   * @throws IllegalStateException when the results module lacks a function that has a Java half
   *     here: the plugin would take a byte count for a block
   */
  ProxyObject importObject(Context context, HostImports user, String plugin, List<FunctionSignatures.Import> imports) {
    HostImports env = functions();
    checkSignatures(plugin, imports, env, user);
    linked = List.of(env, user);
    Map<String, Object> javaHalves = new HashMap<>(env.blockResultHalves());
    javaHalves.putAll(user.blockResultHalves());
    Value results = context.eval(RESULTS_SOURCE).newInstance(ProxyObject.fromMap(Map.of(
        "astrid:host", new JavaHalves(javaHalves, env.wrapped(HostCall.of("memory_full", this::memoryFull))),
        "astrid:kernel", ProxyObject.fromMap(Map.of("alloc_served", allocServed)),
        "env", sharedMemory()))).getMember("exports");
    Set<String> missing = new TreeSet<>(javaHalves.keySet());
    missing.removeAll(results.getMemberKeys());
    if (!missing.isEmpty()) {
      throw new IllegalStateException("host-results.wasm makes no block for the results of " + missing);
    }
    return ProxyObject.fromMap(Map.of(KERNEL_MODULE, env.linkedTo(results), USER_MODULE, user.linkedTo(results)));
  }

  /** Refuses a plugin that declares one of {@code env}'s or {@code user}'s functions with another signature. */
  private static void checkSignatures(String plugin, List<FunctionSignatures.Import> imports, HostImports env,
      HostImports user) {
    for (FunctionSignatures.Import wanted : imports) {
      HostImports module = wanted.module().equals(KERNEL_MODULE) ? env
          : wanted.module().equals(USER_MODULE) ? user : null;
      FunctionSignatures.Signature offered = module == null ? null : module.signature(wanted.name());
      if (offered != null && !offered.accepts(wanted.signature())) {
        throw new WasmCallException("module [" + plugin + "] imports " + wanted.module() + " " + wanted.name()
            + " as " + wanted.signature().text() + ", but the host's " + wanted.name() + " is " + offered.text());
      }
    }
  }

  /**
   * The results module's imports: the Java halves, the call for a full memory, and for a function
   * this plugin has no Java half of (a plugin with the kernel alone) one that says so, since the
   * plugin is never linked to it.
   */
  private record JavaHalves(Map<String, Object> halves, HostCall memoryFull) implements ProxyObject {
    @Override
    public Object getMember(String key) {
      if (key.equals("memory_full")) {
        return memoryFull;
      }
      return halves.getOrDefault(key, HostCall.of(key, () -> {
        throw new IllegalStateException("host function [" + key + "] is not linked");
      }));
    }

    @Override
    public Object getMemberKeys() {
      return halves.keySet().toArray();
    }

    @Override
    public boolean hasMember(String key) {
      return true;
    }

    @Override
    public void putMember(String key, Value value) {
      throw new UnsupportedOperationException("the results module's imports are read-only");
    }
  }

  /** The import module {@code extism:host/env}: the WebAssembly half's functions and the Java half's. */
  private HostImports functions() {
    HostImports f = new HostImports();
    WASM_FUNCTIONS.forEach(name -> f.functions.put(name, exports.getMember(name), KERNEL_SIGNATURES.get(name)));
    f.functions.put("error_set", handle -> {
      error = handle == 0 ? null : text(handle, "error_set", MAX_LOG_BYTES);
      return NO_RESULT;
    });
    f.blockResults.put("error_get", () -> error == null ? 0 : serve("error_get", error));
    f.blockResults.put("config_get", key -> {
      String value = config.get(text(key, "config_get", MAX_KEY_BYTES));
      return value == null ? 0 : serve("config_get", value);
    });
    f.blockResults.put("var_get", key -> {
      byte[] value = vars.get(text(key, "var_get", MAX_KEY_BYTES));
      return value == null ? 0 : serve("var_get", value);
    });
    f.functions.put("var_set", (keyHandle, valueHandle) -> {
      String key = text(keyHandle, "var_set", MAX_KEY_BYTES);
      if (valueHandle == 0) {
        vars.remove(key);
      } else {
        Peek value = peek(valueHandle);
        if (value.length() > MAX_VAR_BYTES) { // checked before copying: the block may be as big as kernel memory
          throw new WasmCallException("var [" + key + "] has " + value.length() + " bytes, at most " + MAX_VAR_BYTES);
        }
        vars.put(key, contents(value, "var_set"));
      }
      return NO_RESULT;
    });
    f.blockResults.put("http_request", (request, body) -> serve("http_request",
        http.send(text(request, "http_request", MAX_PAYLOAD_BYTES), contents(body)))); // handle 0: no body
    f.functions.put("http_status_code", () -> http.lastStatus());
    f.blockResults.put("http_headers", () -> http.lastHeaders() == null ? 0
        : serve("http_headers", http.lastHeaders()));
    f.functions.put("log_trace", message -> logged(message, "log_trace", 0));
    f.functions.put("log_debug", message -> logged(message, "log_debug", 1));
    f.functions.put("log_info", message -> logged(message, "log_info", 2));
    f.functions.put("log_warn", message -> logged(message, "log_warn", 3));
    f.functions.put("log_error", message -> logged(message, "log_error", 4));
    f.functions.put("get_log_level", () -> log.isTraceEnabled() ? 0 : log.isDebugEnabled() ? 1 : log.isInfoEnabled() ? 2
        : log.isWarnEnabled() ? 3 : 4);
    return f;
  }

  private long logged(long handle, String function, int level) {
    // A guest's text is escaped before the log sees it, so it cannot start a line of its own (issue 20 finding 6).
    String message = UntrustedText.escape(text(handle, function, MAX_LOG_BYTES));
    switch (level) {
      case 0 -> log.trace("{}", message);
      case 1 -> log.debug("{}", message);
      case 2 -> log.info("{}", message);
      case 3 -> log.warn("{}", message);
      default -> log.error("{}", message);
    }
    return NO_RESULT;
  }

  /**
   * Hands {@code content}, the result of host function {@code function}, to the results module,
   * which reads it from standard input into a new block: the count of bytes it will read, 0 for
   * no block.
   */
  long serve(String function, byte[] content) {
    servedBy = function;
    callInput.serve(content);
    return content.length;
  }

  /** {@link #serve} of text, as UTF-8. */
  long serve(String function, String text) {
    return serve(function, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The results module's call when kernel memory cannot hold the bytes served: fails the guest's call. */
  private long memoryFull(long length) {
    callInput.serve(NOTHING); // not left for the guest to read from its standard input
    throw new WasmCallException(servedBy + ": kernel memory is full (" + MAX_MEMORY_BYTES / (1024 * 1024)
        + " MiB), the result has " + length + " bytes");
  }

  /** The bytes of the block at {@code handle} for host function {@code function}, at most {@code maxBytes}. */
  byte[] payload(long handle, String function, int maxBytes) {
    Peek value = peek(handle);
    if (value.length() > maxBytes) {
      throw new WasmCallException(function + ": the value has " + value.length() + " bytes, at most " + maxBytes);
    }
    return contents(value, function);
  }

  /**
   * The length of the block at {@code handle}, from the 8 bytes before it as the kernel module
   * writes them, and its bytes too when it is short: both in one read of kernel memory, because
   * each access through the polyglot API costs about as much as a small guest's whole call (a
   * profile of the host-function round trip had a tenth of its time in one 8-byte read). Handle 0
   * is the empty block. A handle the kernel never gave out reads the guest's own kernel memory at
   * worst, and a length past the end of that memory is refused by {@link #read}.
   */
  private Peek peek(long handle) {
    if (handle == 0) {
      return new Peek(0, 0, NOTHING);
    }
    long header = handle - 8;
    if (handle < 8 || !inMemory(header, 8)) {
      throw new WasmCallException("kernel memory access out of bounds: block " + handle);
    }
    if (!inMemory(header, PEEK_BYTES)) { // a block at the very end of memory: its header alone
      return new Peek(handle, memory.readBufferLong(ByteOrder.LITTLE_ENDIAN, header), null);
    }
    memory.readBuffer(header, peekBuffer, 0, PEEK_BYTES);
    long length = peekView.getLong(0);
    return new Peek(handle, length, length >= 0 && length <= PEEK_BYTES - 8
        ? Arrays.copyOfRange(peekBuffer, 8, 8 + (int) length) : null);
  }

  /** A block's length as its header gives it, and its bytes when {@link #peek} read them already. */
  private record Peek(long handle, long length, byte[] bytes) {}

  /** A copy of the whole block {@code block}. */
  private byte[] contents(Peek block, String function) {
    return block.bytes() != null ? block.bytes() : read(block.handle(), block.length(), function);
  }

  /** A copy of the whole block at {@code handle}. */
  private byte[] contents(long handle) {
    return contents(peek(handle), "kernel");
  }

  /** {@code count} bytes of kernel memory at {@code offset}, or a clear error instead of anything else. */
  private byte[] read(long offset, long count, String function) {
    if (count == 0) {
      return NOTHING; // an empty output or string, whatever its handle (0 for an empty alloc)
    }
    if (offset < 1 || !inMemory(offset, count)) {
      throw new WasmCallException(function + ": kernel memory access out of bounds: offset " + offset + ", length "
          + count);
    }
    byte[] bytes = new byte[(int) count];
    memory.readBuffer(offset, bytes, 0, bytes.length);
    return bytes;
  }

  /** Whether {@code count} bytes at {@code offset} lie in kernel memory (no overflow for a garbage length). */
  private boolean inMemory(long offset, long count) {
    if (offset < 0 || count < 0) {
      return false;
    }
    if (count <= memoryBytes - offset) {
      return true;
    }
    memoryBytes = memory.getBufferSize();
    return count <= memoryBytes - offset;
  }

  /**
   * The block at {@code handle} as text for host function {@code function}: at most {@code maxBytes}
   * long and valid UTF-8, since a lossy decode would let a guest smuggle replacement characters
   * into names, logs and URLs.
   */
  String text(long handle, String function, int maxBytes) {
    Peek text = peek(handle);
    if (text.length() > maxBytes) {
      throw new WasmCallException(function + ": the text has " + text.length() + " bytes, at most " + maxBytes);
    }
    return utf8(contents(text, function), function);
  }

  /** {@code bytes} decoded strictly, or a failed call naming {@code function}. */
  static String utf8(byte[] bytes, String function) {
    if (ascii(bytes)) { // the common case, without a decoder made for each text
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new WasmCallException(function + ": the text is not valid UTF-8", e);
    }
  }

  private static boolean ascii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
