// The scan behind the issues from scores (issues.cpp), vectorized with Highway and
// dispatched at run time to the best instruction set of the CPU.
#pragma once

#include <cstdint>

namespace tq {

// Lists the scores below `threshold` in index order: values[0 .. m) and their indices
// indices[0 .. m), m returned. `values` and `indices` must hold n elements each (entries
// from m on may be written too, never past the first i + N of an index i below; pages
// never written are never touched). Sets *any_nan when some score is NaN, and possibly
// when one is infinite (the caller then looks for the NaN itself). NaN is never below the
// threshold.
int64_t list_below(const double *scores, int64_t n, double threshold, double *values,
                   int64_t *indices, bool *any_nan);

// sentences[k] = the sentence that holds token tokens[k], for k in [0, m): tokens ascending,
// each in [0, offsets[n_sentences]), offsets valid (non-decreasing, offsets[0] = 0). Empty
// sentences hold no token.
void sentences_of(const int64_t *tokens, int64_t m, const int64_t *offsets, int64_t n_sentences,
                  int64_t *sentences);

}  // namespace tq
