;; A guest that writes its input where a log or a terminal sees it (issue 20 finding 6): "astrid_log"
;; logs it at level warn through Astrid's astrid_log, "log_warn" through Extism's log_warn, "print" writes
;; it to WASI standard output, and "fail" sets it as the call's error.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "log_warn" (func $log_warn (param i64)))
  (import "extism:host/user" "astrid_log" (func $astrid_log (param i64 i64)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 8) "warn")

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

  ;; A kernel block holding "warn", copied from linear memory at 8.
  (func $warn (result i64)
    (local $block i64) (local $i i32)
    (local.set $block (call $alloc (i64.const 4)))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (i32.const 4)))
        (call $store_u8 (i64.add (local.get $block) (i64.extend_i32_u (local.get $i)))
          (i32.load8_u (i32.add (i32.const 8) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (local.get $block))

  (func (export "astrid_log") (result i32)
    (call $astrid_log (call $warn) (call $copy_input))
    (i32.const 0))

  (func (export "log_warn") (result i32)
    (call $log_warn (call $copy_input))
    (i32.const 0))

  ;; The input into linear memory at 64, an iovec {64, length} at 0, then fd_write to standard output.
  (func (export "print") (result i32)
    (local $n i32) (local $i i32)
    (local.set $n (i32.wrap_i64 (call $input_length)))
    (block $done
      (loop $copy
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (i32.const 64) (local.get $i)) (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $copy)))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
    (i32.const 0))

  (func (export "fail") (result i32)
    (call $error_set (call $copy_input))
    (i32.const 1))
)
