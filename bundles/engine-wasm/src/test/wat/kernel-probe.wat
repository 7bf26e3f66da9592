;; A test plugin for the Extism kernel: "echo" copies its input to its output, "fail" sets its
;; input as the error, "spin" never returns, "remember"/"recall" keep the input in variable "k";
;; "astrid_tool_call" answers every tool call with the request itself; "fetch" makes an HTTP request;
;; "log" logs its input, "name" stores an empty variable named by its input and "flood" claims an
;; 11 MiB output, to probe the kernel's limits; "echo_void" is "echo" without a return code, as
;; some plugins' exports are (the runtime calls those directly, not through its call module).
;; It exports "astrid_abi_object_arguments", so its tool calls get the arguments as an object
;; rather than upstream's array of bytes (docs/wasm-abi.md).
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "http_request" (func $http_request (param i64 i64) (result i64)))
  (import "extism:host/env" "log_info" (func $log_info (param i64)))
  (memory (export "memory") 1)

  ;; The input, copied into a new kernel block; returns its handle.
  (func $copy_input (result i64)
    (local $n i64) (local $i i64) (local $block i64)
    (local.set $n (call $input_length))
    (local.set $block (call $alloc (local.get $n)))
    (block $done
      (loop $copy
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $block) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $copy)))
    (local.get $block))

  ;; A one-byte block holding "k", the variable's name.
  (func $key (result i64)
    (local $block i64)
    (local.set $block (call $alloc (i64.const 1)))
    (call $store_u8 (local.get $block) (i32.const 107))
    (local.get $block))

  (func (export "echo") (result i32)
    (local $block i64)
    (local.set $block (call $copy_input))
    (call $output_set (local.get $block) (call $input_length))
    (i32.const 0))

  (func (export "echo_void")
    (call $output_set (call $copy_input) (call $input_length)))

  (func (export "astrid_abi_object_arguments") (result i32)
    (i32.const 0))
  (func (export "astrid_tool_call") (result i32)
    (call $output_set (call $copy_input) (call $input_length))
    (i32.const 0))

  ;; The input is an http_request spec; the output is the response body.
  (func (export "fetch") (result i32)
    (local $response i64)
    (local.set $response (call $http_request (call $copy_input) (i64.const 0)))
    (call $output_set (local.get $response) (call $length (local.get $response)))
    (i32.const 0))

  (func (export "fail") (result i32)
    (call $error_set (call $copy_input))
    (i32.const 1))

  (func (export "spin") (result i32)
    (loop $forever (br $forever))
    (i32.const 0))

  (func (export "remember") (result i32)
    (call $var_set (call $key) (call $copy_input))
    (i32.const 0))

  (func (export "recall") (result i32)
    (local $value i64)
    (local.set $value (call $var_get (call $key)))
    (call $output_set (local.get $value) (call $length (local.get $value)))
    (i32.const 0))

  (func (export "log") (result i32)
    (call $log_info (call $copy_input))
    (i32.const 0))

  (func (export "name") (result i32)
    (call $var_set (call $copy_input) (i64.const 0))
    (i32.const 0))

  (func (export "flood") (result i32)
    (call $output_set (i64.const 1) (i64.const 11534336))
    (i32.const 0))
)
