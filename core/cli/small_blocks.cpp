// The CLI's operator new and delete: small blocks kept on free lists by size, for the batch
// commands (impact, reprice) that make and drop millions of short-lived strings, vectors and
// map nodes. glibc's malloc keeps only a few blocks of each size in its fast per-thread cache
// and sends the rest through its general bins (sorting, coalescing, consolidating): about a
// seventh of `edgequote impact`'s time. Here a freed block goes back on its size's list and
// the next block of that size is taken from it, whatever the count.
//
// Only this executable: the engine's library, its tests and the wasm modules keep the
// standard allocator. The CLI is single-threaded (no lock). Memory of small blocks is kept
// until the process ends, and reused; blocks over kLargest bytes go to malloc.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

// Every block starts with a 16-byte header holding its size class, so that what it returns is
// aligned as operator new must be (16 bytes) and delete without a size finds the class.
constexpr std::size_t kHeader = 16;
constexpr std::size_t kLargest = 4096;     // bytes asked for; larger go to malloc
constexpr std::uint32_t kLarge = 0xFFFFFFFFu;
constexpr std::size_t kFineStep = 16, kFineUpTo = 512, kCoarseStep = 64;
constexpr std::size_t kClasses = kFineUpTo / kFineStep + (kLargest - kFineUpTo) / kCoarseStep + 1;
constexpr std::size_t kChunk = std::size_t(1) << 20;  // carved into blocks as they are first needed

std::size_t class_of(std::size_t n) {
    return n <= kFineUpTo ? (n + kFineStep - 1) / kFineStep
                          : kFineUpTo / kFineStep + (n - kFineUpTo + kCoarseStep - 1) / kCoarseStep;
}
std::size_t bytes_of(std::size_t c) {
    return c <= kFineUpTo / kFineStep ? c * kFineStep : kFineUpTo + (c - kFineUpTo / kFineStep) * kCoarseStep;
}

struct FreeBlock {
    FreeBlock* next;
};
FreeBlock* free_lists[kClasses];
char* chunk_next = nullptr;
char* chunk_end = nullptr;

void* allocate(std::size_t n) noexcept {
    if (n > kLargest) {
        if (n > SIZE_MAX - kHeader) return nullptr;  // no such block: bad_alloc, as malloc's would be
        char* block = static_cast<char*>(std::malloc(n + kHeader));
        if (!block) return nullptr;
        *reinterpret_cast<std::uint32_t*>(block) = kLarge;
        return block + kHeader;
    }
    const std::size_t c = class_of(n == 0 ? 1 : n);
    if (FreeBlock* block = free_lists[c]) {
        free_lists[c] = block->next;
        return block;
    }
    const std::size_t size = kHeader + bytes_of(c);
    if (std::size_t(chunk_end - chunk_next) < size) {
        chunk_next = static_cast<char*>(std::malloc(kChunk));  // 16-byte aligned, as blocks are
        if (!chunk_next) return chunk_end = nullptr;
        chunk_end = chunk_next + kChunk;
    }
    char* block = chunk_next;
    chunk_next += size;
    *reinterpret_cast<std::uint32_t*>(block) = std::uint32_t(c);
    return block + kHeader;
}

void release(void* p) noexcept {
    if (!p) return;
    char* block = static_cast<char*>(p) - kHeader;
    const std::uint32_t c = *reinterpret_cast<std::uint32_t*>(block);
    if (c == kLarge) return std::free(block);
    FreeBlock* freed = static_cast<FreeBlock*>(p);
    freed->next = free_lists[c];
    free_lists[c] = freed;
}

void* allocate_or_throw(std::size_t n) {
    for (;;) {
        if (void* p = allocate(n)) return p;
        std::new_handler handler = std::get_new_handler();
        if (!handler) throw std::bad_alloc();
        handler();
    }
}

}  // namespace

void* operator new(std::size_t n) { return allocate_or_throw(n); }
void* operator new[](std::size_t n) { return allocate_or_throw(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return allocate(n); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
