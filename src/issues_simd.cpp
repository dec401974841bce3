// Highway kernel of issues_simd.hpp. Compiled once per target instruction set
// (foreach_target.h re-includes this file); HWY_DYNAMIC_DISPATCH picks the best target the
// CPU supports on the first call.
#include "issues_simd.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "issues_simd.cpp"  // found through this file's include path
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// A vector at a time: a vector with no score below the threshold (the common case: issues
// are few) costs one test; otherwise each lane is written at m, and m moves on for the
// lanes below (m <= i + j < n, so the writes stay within the n elements).
// (Highway's Compress of 64-bit lanes goes through a table copy on some targets, slower
// than this when few lanes are taken.)
int64_t ListBelow(const double *scores, int64_t n, double threshold, double *values,
                  int64_t *indices, bool *any_nan) {
    const hn::ScalableTag<double> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    const auto limit = hn::Set(d, threshold);
    auto nan = hn::FirstN(d, 0);
    int64_t m = 0, i = 0;
    for (; i + lanes <= n; i += lanes) {
        const auto v = hn::LoadU(d, scores + i);
        nan = hn::Or(nan, hn::IsNaN(v));
        const auto below = hn::Lt(v, limit);
        if (hn::AllFalse(d, below)) continue;
        uint8_t bits[8] = {};  // up to 64 lanes
        hn::StoreMaskBits(d, below, bits);
        for (int64_t j = 0; j < lanes; ++j) {  // branch-free: m moves on for lanes below
            values[m] = scores[i + j];
            indices[m] = i + j;
            m += (bits[j / 8] >> (j % 8)) & 1;
        }
    }
    bool found_nan = !hn::AllFalse(d, nan);
    for (; i < n; ++i) {
        found_nan |= std::isnan(scores[i]);
        if (scores[i] < threshold) {
            values[m] = scores[i];
            indices[m++] = i;
        }
    }
    *any_nan = found_nan;
    return m;
}

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(ListBelow);

int64_t list_below(const double *scores, int64_t n, double threshold, double *values,
                   int64_t *indices, bool *any_nan) {
    return HWY_DYNAMIC_DISPATCH(ListBelow)(scores, n, threshold, values, indices, any_nan);
}

}  // namespace tq
#endif  // HWY_ONCE
