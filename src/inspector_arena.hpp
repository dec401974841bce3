// Memory for the streaming inspector's stored per-token arrays (pass 2's scores and flag
// bits): carved in order from a few large chunks that the inspector owns and frees all
// together. Pass 2 writes every page of them once; from malloc, batch by batch, each 4 KiB
// page costs a page fault on first touch (on this project's virtual machines about 1.6 us
// a page: 1.6 ms per 4 MB of scores, as much as the writes). Chunks from 2 MiB on are
// 2 MiB-aligned and marked for transparent huge pages (Linux, madvise mode), one fault per
// 2 MiB; the first chunk is small so that small inspectors stay small.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
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
        T *p = reinterpret_cast<T *>(c.data.get() + used_);
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

    struct Free {
        void operator()(unsigned char *p) const { std::free(p); }
    };
    struct Chunk {
        std::unique_ptr<unsigned char[], Free> data;
        size_t size = 0;
    };

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
        Chunk c;
        c.data.reset(static_cast<unsigned char *>(std::aligned_alloc(huge ? kHuge : kAlign, size)));
        if (!c.data) throw std::bad_alloc();
        c.size = size;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        if (huge) madvise(c.data.get(), size, MADV_HUGEPAGE);  // advice only: failure is harmless
#endif
        chunks_.push_back(std::move(c));
        used_ = 0;
    }

    std::vector<Chunk> chunks_;
    size_t used_ = 0;  // bytes used of the last chunk
};

}  // namespace tq
