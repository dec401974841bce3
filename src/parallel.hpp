// Splitting work by sentence over a few std::threads. Every chunk is a contiguous
// range of sentences; callers make each chunk's result independent of how the
// sentences were split, so results are identical for every thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace tq {

// Below this many tokens per thread, extra threads cost more than they save.
constexpr int64_t kMinTokensPerThread = 32768;

// The number of threads to use for `n_items` units of work: `requested` (0 = all
// cores), but never more than one per `min_items_per_thread` items, and at least 1.
int choose_thread_count(int32_t requested, int64_t n_items, int64_t min_items_per_thread);

// Sentence boundaries of `n_chunks` contiguous chunks with about equal token counts:
// chunk c is sentences [bounds[c], bounds[c+1]). Returns n_chunks + 1 entries.
std::vector<int64_t> split_sentences_by_tokens(const int64_t *offsets, int64_t n_sentences,
                                               int n_chunks);

// Runs work(c) for every c in [0, n_chunks), on n_chunks threads (the caller's among
// them). Waits for all. If any chunk throws, rethrows the exception of the lowest
// chunk index, so the reported error does not depend on timing.
void run_chunks(int n_chunks, const std::function<void(int)> &work);

}  // namespace tq
