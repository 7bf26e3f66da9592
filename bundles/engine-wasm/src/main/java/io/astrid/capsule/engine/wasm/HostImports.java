package io.astrid.capsule.engine.wasm;

import java.util.HashMap;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The functions of one module a plugin imports ({@code extism:host/env} or {@code extism:host/user}):
 * WebAssembly functions of the kernel, host functions in Java, and the Java halves of the host
 * functions whose result is a new block. Such a half returns {@link ExtismKernel#serve}'s count of
 * bytes, and the plugin is linked to the other half instead, an export of the results module
 * (host-results.c) that makes the block ({@link ExtismKernel#importObject}).
 */
final class HostImports {
  private final Map<String, Object> functions = new HashMap<>();
  private final Map<String, Object> blockResults = new HashMap<>();
  private final Map<String, FunctionSignatures.Signature> signatures = new HashMap<>();

  HostImports put(String name, Value wasmFunction, FunctionSignatures.Signature signature) {
    return add(name, wasmFunction, signature, functions);
  }

  HostImports put(String name, HostFunction.Of0 function) {
    return add(name, function, FunctionSignatures.Signature.handles(0), functions);
  }

  HostImports put(String name, HostFunction.Of1 function) {
    return add(name, function, FunctionSignatures.Signature.handles(1), functions);
  }

  HostImports put(String name, HostFunction.Of2 function) {
    return add(name, function, FunctionSignatures.Signature.handles(2), functions);
  }

  HostImports put(String name, HostFunction.Of3 function) {
    return add(name, function, FunctionSignatures.Signature.handles(3), functions);
  }

  HostImports putBlockResult(String name, HostFunction.Of0 javaHalf) {
    return add(name, javaHalf, FunctionSignatures.Signature.handles(0), blockResults);
  }

  HostImports putBlockResult(String name, HostFunction.Of1 javaHalf) {
    return add(name, javaHalf, FunctionSignatures.Signature.handles(1), blockResults);
  }

  HostImports putBlockResult(String name, HostFunction.Of2 javaHalf) {
    return add(name, javaHalf, FunctionSignatures.Signature.handles(2), blockResults);
  }

  HostImports putBlockResult(String name, HostFunction.Of3 javaHalf) {
    return add(name, javaHalf, FunctionSignatures.Signature.handles(3), blockResults);
  }

  private HostImports add(String name, Object function, FunctionSignatures.Signature signature,
      Map<String, Object> table) {
    if (signatures.containsKey(name)) {
      throw new IllegalArgumentException("host function [" + name + "] is defined twice");
    }
    table.put(name, function);
    signatures.put(name, signature);
    return this;
  }

  /** The signature of function {@code name}, or null when there is none of that name. */
  FunctionSignatures.Signature signature(String name) {
    return signatures.get(name);
  }

  /** The Java halves of the functions whose result is a block, by name. */
  Map<String, Object> blockResults() {
    return Map.copyOf(blockResults);
  }

  /** The module as a plugin imports it, each block-result function linked to {@code results}' export of its name. */
  ProxyObject linkedTo(Value results) {
    Map<String, Object> linked = new HashMap<>(functions);
    blockResults.keySet().forEach(name -> linked.put(name, results.getMember(name)));
    return ProxyObject.fromMap(linked);
  }
}
