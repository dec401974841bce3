// The inspector's arena (src/inspector_arena.hpp): aligned, disjoint arrays that keep their
// contents as more are carved (small first chunk, then chunks of whole 2 MiB), arrays
// larger than any chunk, empty arrays, and rewinding to a mark within a chunk and across
// chunks.
#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "inspector_arena.hpp"

namespace {

struct Array {
    uint64_t *data;
    size_t n;
    uint64_t tag;
};

// Fills every array with its tag, then checks all of them (overlaps would overwrite).
void expect_intact(const std::vector<Array> &arrays) {
    for (const Array &a : arrays) {
        EXPECT_EQ(0u, reinterpret_cast<uintptr_t>(a.data) % 64) << "tag " << a.tag;
        for (size_t i = 0; i < a.n; ++i) ASSERT_EQ(a.tag, a.data[i]) << "tag " << a.tag << ", i " << i;
    }
}

Array carve(tq::Arena &arena, size_t n, uint64_t tag) {
    Array a{arena.allocate<uint64_t>(n), n, tag};
    for (size_t i = 0; i < n; ++i) a.data[i] = tag;
    return a;
}

TEST(InspectorArena, DisjointAlignedArraysAcrossChunks) {
    tq::Arena arena;
    std::vector<Array> arrays;
    // Sizes from empty to larger than the first chunks (8 MiB), 12 MiB in all.
    const size_t sizes[] = {0, 1, 7, 8, 9, 5000, 32768, 1, 1 << 20, 3, 70000, 0, 100000};
    uint64_t tag = 1;
    for (size_t n : sizes) arrays.push_back(carve(arena, n, tag++));
    expect_intact(arrays);
    Array big = carve(arena, size_t{5} << 20, tag++);  // more than all chunks so far
    arrays.push_back(big);
    arrays.push_back(carve(arena, 10, tag++));
    expect_intact(arrays);
}

TEST(InspectorArena, RewindFreesWhatCameAfterTheMark) {
    tq::Arena arena;
    std::vector<Array> kept{carve(arena, 100, 1)};
    for (size_t n : {size_t{10}, size_t{40000}, size_t{1} << 20}) {  // within the chunk, then across chunks
        const tq::Arena::Mark mark = arena.mark();
        carve(arena, n, 99);
        carve(arena, n, 98);
        arena.rewind(mark);
        kept.push_back(carve(arena, n, kept.size() + 1));  // reuses the space after the mark
        expect_intact(kept);
    }
    tq::Arena moved = std::move(arena);  // the arrays stay where they are
    kept.push_back(carve(moved, 5, 77));
    expect_intact(kept);
}

}  // namespace
