// The scan behind the issues from scores (issues.cpp), vectorized with Highway and
// dispatched at run time to the best instruction set of the CPU.
#pragma once

#include <cstdint>

namespace tq {

// Lists the scores below `threshold` in index order: values[0 .. m) and their indices
// indices[0 .. m), m returned. `values` and `indices` must hold n elements each (pages
// never written are never touched). Sets *any_nan
// to whether some score is NaN (NaN is never below the threshold).
int64_t list_below(const double *scores, int64_t n, double threshold, double *values,
                   int64_t *indices, bool *any_nan);

}  // namespace tq
