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

  HostImports put(String name, Value wasmFunction) {
    return add(name, wasmFunction, functions);
  }

  HostImports put(String name, HostFunction.Of0 function) {
    return add(name, function, functions);
  }

  HostImports put(String name, HostFunction.Of1 function) {
    return add(name, function, functions);
  }

  HostImports put(String name, HostFunction.Of2 function) {
    return add(name, function, functions);
  }

  HostImports put(String name, HostFunction.Of3 function) {
    return add(name, function, functions);
  }

  HostImports putBlockResult(String name, HostFunction.Of0 javaHalf) {
    return add(name, javaHalf, blockResults);
  }

  HostImports putBlockResult(String name, HostFunction.Of1 javaHalf) {
    return add(name, javaHalf, blockResults);
  }

  HostImports putBlockResult(String name, HostFunction.Of2 javaHalf) {
    return add(name, javaHalf, blockResults);
  }

  HostImports putBlockResult(String name, HostFunction.Of3 javaHalf) {
    return add(name, javaHalf, blockResults);
  }

  private HostImports add(String name, Object function, Map<String, Object> table) {
    if (functions.containsKey(name) || blockResults.containsKey(name)) {
      throw new IllegalArgumentException("host function [" + name + "] is defined twice");
    }
    table.put(name, function);
    return this;
  }

  /** How many arguments the Java function {@code name} takes; -1 when it is none here (a wasm function, or absent). */
  int javaArity(String name) {
    return switch (functions.containsKey(name) ? functions.get(name) : blockResults.get(name)) {
      case HostFunction.Of0 f -> 0;
      case HostFunction.Of1 f -> 1;
      case HostFunction.Of2 f -> 2;
      case HostFunction.Of3 f -> 3;
      case null, default -> -1;
    };
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
