/*
 * The memory half of the Extism kernel (extism:host/env), as WebAssembly: the runtime links its
 * exports straight into each plugin, so the calls a plugin makes most (alloc, load, store,
 * input_load, output_set) are wasm-to-wasm calls, not host calls into Java. Kernel memory is this
 * module's own linear memory (at most 64 MiB); a handle is the address of a block's first byte,
 * with the block's length in the 8 bytes before it. Blocks are freed all at once by reset, before
 * each call. The rest of the kernel (config, variables, HTTP, logs, errors) stays in Java.
 * Built by scripts/build-wasm-plugins into src/main/resources.
 */
typedef unsigned long long u64;
typedef unsigned int u32;

#define EXPORT(name) __attribute__((export_name(name)))
#define PAGE 65536ULL
/* The memory's maximum, as the build script links it (--max-memory=67108864). */
#define MAX_PAGES 1024ULL

extern unsigned char __heap_base;

/* The kernel's state, at an address the host learns once (kernel_state), so that the host reads the
 * output's offset and length (fields 4 and 5, each 8 bytes) with one memory read instead of calls. */
static struct {
  u64 top;
  u64 input_offset;
  u64 input_length;
  u64 output_offset;
  u64 output_length;
} state;

#define top state.top
#define input_offset_ state.input_offset
#define input_length_ state.input_length
#define output_offset_ state.output_offset
#define output_length_ state.output_length

static u64 heap_start(void) {
  return ((u64)(u32)&__heap_base + 7) & ~7ULL;
}

static u64 memory_bytes(void) {
  return (u64)__builtin_wasm_memory_size(0) * PAGE;
}

static u64 read64(u64 address) {
  u64 value;
  __builtin_memcpy(&value, (const void *)(u32)address, 8);
  return value;
}

static void write64(u64 address, u64 value) {
  __builtin_memcpy((void *)(u32)address, &value, 8);
}

/* Traps unless [address, address + length) lies in memory the kernel handed out. */
static void check(u64 address, u64 length) {
  if (address < heap_start() + 8 || address + length > top || address + length < address) {
    __builtin_trap();
  }
}

EXPORT("alloc") u64 alloc(u64 length) {
  if (length == 0 || length > (1ULL << 32)) { /* past any 32-bit memory: refused before it can overflow */
    return 0;
  }
  u64 end = top + 8 + ((length + 7) & ~7ULL);
  if (end > memory_bytes()) {
    /* Doubling, and at most up to the maximum, so a plugin allocating block after block grows memory a
     * few times rather than at every block: each grow may copy the whole memory. */
    u64 needed = (end - memory_bytes() + PAGE - 1) / PAGE;
    u64 current = __builtin_wasm_memory_size(0);
    u64 room = MAX_PAGES > current ? MAX_PAGES - current : 0;
    u64 wanted = needed > current ? needed : current;
    if (needed > room || __builtin_wasm_memory_grow(0, (unsigned long)(wanted < room ? wanted : room))
        == (unsigned long)-1) {
      return 0; /* past the 64 MiB maximum: out of memory, as Extism reports it */
    }
  }
  write64(top, length);
  u64 handle = top + 8;
  top = end;
  return handle;
}

/* Resets the kernel for a call whose input has `length` bytes; returns the input's block (0 if empty). */
static u64 reset(u64 length) {
  top = heap_start();
  output_offset_ = 0;
  output_length_ = 0;
  input_length_ = length;
  input_offset_ = alloc(length);
  return input_offset_;
}

/* WASI's fd_read (wasi_snapshot_preview1), through which the host hands bytes to the kernel: one
 * bulk copy inside the runtime, where writing them word by word through the host API costs a
 * crossing per word. The host serves them as this module's standard input just before it asks. */
typedef struct {
  u32 buffer;
  u32 length;
} iovec;
__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_read")))
extern u32 fd_read(u32 fd, const iovec *vectors, u32 count, u32 *read);

/* Fills the block at `handle` with the next `length` bytes the host serves; traps when it serves fewer. */
static void receive(u64 handle, u64 length) {
  u64 done = 0;
  while (done < length) {
    iovec rest = {(u32)(handle + done), (u32)(length - done)};
    u32 count = 0;
    if (fd_read(0, &rest, 1, &count) != 0 || count == 0) {
      __builtin_trap();
    }
    done += count;
  }
}

/* Resets the kernel for a call whose `length` bytes of input the host serves; traps when memory cannot
 * hold them (the host caps inputs far below kernel memory). */
EXPORT("begin") void begin(u64 length) {
  u64 handle = reset(length);
  if (handle == 0 && length != 0) {
    __builtin_trap();
  }
  receive(handle, length);
}

/* A new block holding the `length` bytes the host serves (a host function's result); 0 when memory is full. */
EXPORT("alloc_served") u64 alloc_served(u64 length) {
  u64 handle = alloc(length);
  if (handle != 0) {
    receive(handle, length);
  }
  return handle;
}

/* How a call ended, packed for the host into the call's one result: bit 63 and the export's return
 * code when it failed; else the output's offset in bits 32-61 and its length in bits 0-31, or bit 62
 * alone when either does not fit (the host then reads them from the state). */
EXPORT("finish") u64 finish(u32 code) {
  if (code != 0) {
    return (1ULL << 63) | code;
  }
  if (output_offset_ >= (1ULL << 30) || output_length_ >= (1ULL << 32)) {
    return 1ULL << 62;
  }
  return (output_offset_ << 32) | output_length_;
}

/* Where the state lies in memory. */
EXPORT("kernel_state") u32 kernel_state(void) {
  return (u32)(unsigned long)&state;
}

EXPORT("free") void free_block(u64 handle) {
  (void)handle; /* freed with every block at the next reset */
}

EXPORT("length") u64 length(u64 handle) {
  if (handle < heap_start() + 8 || handle >= top) {
    return 0;
  }
  u64 length = read64(handle - 8);
  return handle + length <= top ? length : 0;
}

EXPORT("length_unsafe") u64 length_unsafe(u64 handle) {
  return length(handle);
}

EXPORT("load_u8") u32 load_u8(u64 address) {
  check(address, 1);
  return *(const unsigned char *)(u32)address;
}

EXPORT("load_u64") u64 load_u64(u64 address) {
  check(address, 8);
  return read64(address);
}

EXPORT("store_u8") void store_u8(u64 address, u32 value) {
  check(address, 1);
  *(unsigned char *)(u32)address = (unsigned char)value;
}

EXPORT("store_u64") void store_u64(u64 address, u64 value) {
  check(address, 8);
  write64(address, value);
}

EXPORT("input_length") u64 input_length(void) {
  return input_length_;
}

EXPORT("input_offset") u64 input_offset(void) {
  return input_offset_;
}

EXPORT("input_load_u8") u32 input_load_u8(u64 offset) {
  if (offset >= input_length_) {
    __builtin_trap();
  }
  return *(const unsigned char *)(u32)(input_offset_ + offset);
}

EXPORT("input_load_u64") u64 input_load_u64(u64 offset) {
  if (offset + 8 > input_length_ || offset + 8 < offset) {
    __builtin_trap();
  }
  return read64(input_offset_ + offset);
}

EXPORT("output_set") void output_set(u64 handle, u64 length) {
  output_offset_ = handle;
  output_length_ = length;
}
