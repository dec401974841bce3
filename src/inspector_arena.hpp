// Memory for the streaming inspector's stored per-token arrays (pass 2's scores and flag
// bits): carved in order from a few large chunks that the inspector owns and frees all
// together. Pass 2 writes every page of them once; from malloc, batch by batch, each 4 KiB
// page costs a page fault on first touch (on this project's virtual machines about 1.6 us
// a page: 1.6 ms per 4 MB of scores, as much as the writes). Chunks from 2 MiB on are
// 2 MiB-aligned and marked for transparent huge pages (Linux, madvise mode), one fault per
// 2 MiB; the first chunk is small so that small inspectors stay small. On Linux every chunk
// is its own mapping, unmapped when the inspector goes: from malloc, freed chunks stayed in
// malloc's arenas (one per thread), and huge-page-backed heap memory stayed resident, so a
// program creating many inspectors on many threads grew by tens of MB (the C# and Go
// bindings' no-growth tests).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace tq {

class Arena {
public:
    // Where the arena stands; rewind() frees everything allocated after it.
    struct Mark {
        size_t chunks = 0;
        size_t used = 0;
    };

    Arena() = default;
    Arena(const Arena &) = delete;
    Arena &operator=(const Arena &) = delete;
    Arena(Arena &&) = default;
    Arena &operator=(Arena &&) = default;

    // n uninitialized T (trivial types), 64-byte aligned; std::bad_alloc if memory runs out.
    template <class T>
    T *allocate(size_t n) {
        if (n > (SIZE_MAX - kAlign) / sizeof(T)) throw std::bad_alloc();
        const size_t bytes = (n * sizeof(T) + kAlign - 1) / kAlign * kAlign;
        if (chunks_.empty() || chunks_.back().size - used_ < bytes) add_chunk(bytes);
        Chunk &c = chunks_.back();
        T *p = reinterpret_cast<T *>(c.data + used_);
        used_ += bytes;
        return p;
    }

    Mark mark() const { return Mark{chunks_.size(), used_}; }
    // Frees what was allocated after m (the arrays of a batch that was not kept).
    void rewind(const Mark &m) {
        chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(m.chunks), chunks_.end());
        used_ = m.used;
    }

private:
    static constexpr size_t kAlign = 64;
    static constexpr size_t kHuge = size_t{2} << 20;
    static constexpr size_t kFirst = size_t{256} << 10;
    static constexpr size_t kLargest = size_t{64} << 20;

    // A chunk's memory: [base, base + length) as mapped (or allocated), data inside it.
    struct Block {
        void *base = nullptr;
        size_t length = 0;
        Block() = default;
        Block(void *b, size_t n) : base(b), length(n) {}
        Block(const Block &) = delete;
        Block &operator=(const Block &) = delete;
        Block(Block &&o) noexcept : base(o.base), length(o.length) { o.base = nullptr; }
        Block &operator=(Block &&o) noexcept {
            if (this != &o) {
                release();
                base = o.base;
                length = o.length;
                o.base = nullptr;
            }
            return *this;
        }
        ~Block() { release(); }
        void release() {
            if (base == nullptr) return;
#if defined(__linux__)
            munmap(base, length);
#else
            std::free(base);
#endif
            base = nullptr;
        }
    };
    struct Chunk {
        Block block;
        unsigned char *data = nullptr;
        size_t size = 0;
    };

    // `size` bytes aligned to `align` (a power of two, at least 64), std::bad_alloc if none.
    static Chunk new_chunk(size_t size, size_t align) {
        Chunk c;
        c.size = size;
#if defined(__linux__)
        // Mapped with room to align the start (the unused head and tail are never touched,
        // so never resident).
        const size_t length = align > 4096 ? size + align : size;
        void *base = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                          -1, 0);
        if (base == MAP_FAILED) throw std::bad_alloc();
        c.block = Block(base, length);
        const uintptr_t at = (reinterpret_cast<uintptr_t>(base) + align - 1) / align * align;
        c.data = reinterpret_cast<unsigned char *>(at);
#else
        void *base = std::aligned_alloc(align, size);
        if (base == nullptr) throw std::bad_alloc();
        c.block = Block(base, size);
        c.data = static_cast<unsigned char *>(base);
#endif
        return c;
    }

    // A chunk for at least `bytes`: the first 256 KiB, then at least as large as all the
    // chunks before (up to 64 MiB a chunk), in whole 2 MiB.
    void add_chunk(size_t bytes) {
        size_t total = 0;
        for (const Chunk &c : chunks_) total += c.size;
        size_t size = chunks_.empty() ? kFirst : (total < kLargest ? total : kLargest);
        if (size < bytes) size = bytes;
        const bool huge = !chunks_.empty();
        if (huge) {
            if (size > SIZE_MAX - kHuge) throw std::bad_alloc();
            size = (size + kHuge - 1) / kHuge * kHuge;
        } else {
            size = (size + kAlign - 1) / kAlign * kAlign;
        }
        Chunk c = new_chunk(size, huge ? kHuge : kAlign);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        if (huge) madvise(c.data, size, MADV_HUGEPAGE);  // advice only: failure is harmless
#endif
        chunks_.push_back(std::move(c));
        used_ = 0;
    }

    std::vector<Chunk> chunks_;
    size_t used_ = 0;  // bytes used of the last chunk
};

}  // namespace tq
