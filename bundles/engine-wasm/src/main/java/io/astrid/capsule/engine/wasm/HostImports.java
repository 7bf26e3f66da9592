package io.astrid.capsule.engine.wasm;

import io.astrid.capsule.hostcall.HostCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The functions of one module a plugin imports ({@code extism:host/env} or {@code extism:host/user}),
 * in two tables: {@link #functions}, linked as they are (WebAssembly functions of the kernel, host
 * functions in Java), and {@link #blockResults}, the Java halves of the host functions whose result
 * is a new block. Such a half returns {@link ExtismKernel#serve}'s count of bytes, and the plugin is
 * linked to the other half instead, an export of the results module (host-results.c) that makes the
 * block ({@link ExtismKernel#importObject}). A name is defined once across both.
 */
final class HostImports {
  /** The functions linked into the plugin as they are. */
  final Table functions = new Table();
  /** The Java halves of the functions whose result is a block. */
  final Table blockResults = new Table();
  private final Map<String, FunctionSignatures.Signature> signatures = new HashMap<>();
  /** The wrappers this module handed GraalVM, dropped by {@link #release}. */
  private final List<HostCall> wrappers = new ArrayList<>();
  /**
   * The Java function of this module the guest called last in the running call, or null: after a
   * call that timed out it tells what the guest was doing (issue 13, finding 10). The watchdog's
   * interrupt takes effect at the next safepoint, which in a host function is its next polyglot
   * access and else the guest's code right after it returns, so "in which function" would be a
   * coin toss where "called last" is not. Written and read on the calling thread only.
   */
  private String calledLast;

  /** Functions by name, each Java one taking as many i64 handles as its interface does. */
  final class Table {
    private final Map<String, Object> byName = new HashMap<>();

    Table put(String name, Value wasmFunction, FunctionSignatures.Signature signature) {
      return add(name, wasmFunction, signature);
    }

    // Each Java function is wrapped to track {@link #calledLast}: one plain store a call.
    Table put(String name, HostCall.Of0 function) {
      return add(name, wrapped(HostCall.of(name, () -> {
        calledLast = name;
        return function.call();
      })), FunctionSignatures.Signature.handles(0));
    }

    Table put(String name, HostCall.Of1 function) {
      return add(name, wrapped(HostCall.of(name, a -> {
        calledLast = name;
        return function.call(a);
      })), FunctionSignatures.Signature.handles(1));
    }

    Table put(String name, HostCall.Of2 function) {
      return add(name, wrapped(HostCall.of(name, (a, b) -> {
        calledLast = name;
        return function.call(a, b);
      })), FunctionSignatures.Signature.handles(2));
    }

    Table put(String name, HostCall.Of3 function) {
      return add(name, wrapped(HostCall.of(name, (a, b, c) -> {
        calledLast = name;
        return function.call(a, b, c);
      })), FunctionSignatures.Signature.handles(3));
    }

    private Table add(String name, Object function, FunctionSignatures.Signature signature) {
      if (signatures.putIfAbsent(name, signature) != null) {
        throw new IllegalArgumentException("host function [" + name + "] is defined twice");
      }
      byName.put(name, function);
      return this;
    }
  }

  /** {@code call}, to be handed to GraalVM and released with this module's other wrappers. */
  <T extends HostCall> T wrapped(T call) {
    wrappers.add(call);
    return call;
  }

  /** Drops the module's Java functions from the wrappers GraalVM got: the plugin is unloaded (issue 16). */
  void release() {
    wrappers.forEach(HostCall::release);
  }

  /** The Java function of this module the guest called last since {@link #forgetCalls}, or null. */
  String calledLast() {
    return calledLast;
  }

  /** Starts a call: no function of this module called yet. */
  void forgetCalls() {
    calledLast = null;
  }

  /** The signature of function {@code name}, or null when there is none of that name. */
  FunctionSignatures.Signature signature(String name) {
    return signatures.get(name);
  }

  /** The Java halves of the functions whose result is a block, by name. */
  Map<String, Object> blockResultHalves() {
    return Map.copyOf(blockResults.byName);
  }

  /** The module as a plugin imports it, each block-result function linked to {@code results}' export of its name. */
  ProxyObject linkedTo(Value results) {
    Map<String, Object> linked = new HashMap<>(functions.byName);
    blockResults.byName.keySet().forEach(name -> linked.put(name, results.getMember(name)));
    return ProxyObject.fromMap(linked);
  }
}
