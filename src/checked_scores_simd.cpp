// Highway kernels of checked_scores_simd.hpp. Compiled once per target instruction set
// (foreach_target.h re-includes this file); HWY_DYNAMIC_DISPATCH picks the best target the
// CPU supports on the first call.
#include "checked_scores_simd.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>

#include "token_scores.hpp"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "checked_scores_simd.cpp"  // found through this file's include path
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Adds to `bad` the lanes of `valid` whose value is NaN or outside [low, high].
template <class D, class V = hn::Vec<D>, class M = hn::Mask<D>>
HWY_INLINE M AddBadLanes(M bad, V v, V low, V high, M valid) {
    return hn::Or(bad, hn::AndNot(hn::And(hn::Ge(v, low), hn::Le(v, high)), valid));
}

template <class T>
bool ValuesInRange(const T *values, int64_t n, T low, T high) {
    const hn::ScalableTag<T> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    const auto low_v = hn::Set(d, low), high_v = hn::Set(d, high);
    const auto all = hn::FirstN(d, hn::Lanes(d));
    // Two accumulators, so that consecutive vectors do not wait on each other.
    auto bad0 = hn::FirstN(d, 0), bad1 = hn::FirstN(d, 0);
    int64_t i = 0;
    for (; i + 2 * lanes <= n; i += 2 * lanes) {
        bad0 = AddBadLanes<decltype(d)>(bad0, hn::LoadU(d, values + i), low_v, high_v, all);
        bad1 = AddBadLanes<decltype(d)>(bad1, hn::LoadU(d, values + i + lanes), low_v, high_v, all);
    }
    bool any_bad = !hn::AllFalse(d, hn::Or(bad0, bad1));
    for (; i < n; ++i) any_bad |= !(values[i] >= low && values[i] <= high);
    return !any_bad;
}

template <class T>
bool CheckedSelfConfidenceRows(const T *pred_probs, const int32_t *labels, int64_t n_rows,
                               int64_t n_classes, T low, T high, double *out) {
    // The block is small enough to stay in cache between the check and the scoring.
    if (!ValuesInRange(pred_probs, n_rows * n_classes, low, high)) return false;
    for (int64_t r = 0; r < n_rows; ++r)
        out[r] = self_confidence(pred_probs + r * n_classes, n_classes, labels[r]);
    return true;
}

// Normalized margins, one row at a time from contiguous loads: the row's vectors (the last
// one read past the row's end, those lanes masked off) are checked, the label's lane is set
// to -inf, and the largest lane is the runner-up, exact in T. Rows whose last vector would
// read past the block go through the scalar kernel, which gives the same bits (a maximum is
// exact whatever the order; the arithmetic after it is margin_from in both).
template <class T>
bool CheckedNormalizedMarginRows(const T *pred_probs, const int32_t *labels, int64_t n_rows,
                                 int64_t n_classes, T low, T high, double *out) {
    const hn::ScalableTag<T> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    const auto low_v = hn::Set(d, low), high_v = hn::Set(d, high);
    const auto minus_infinity = hn::Set(d, -std::numeric_limits<T>::infinity());
    const auto lane_index = hn::Iota(d, 0);  // small integers, exact in T
    const int64_t width = (n_classes + lanes - 1) / lanes * lanes;  // values read per row
    const int64_t n_values = n_rows * n_classes;
    auto bad = hn::FirstN(d, 0);
    int64_t r = 0;
    if (n_classes <= lanes) {
        // One vector per row (K = 9 floats in 16 AVX-512 lanes, 2 in 4 SSE lanes, ...).
        const auto valid = hn::FirstN(d, static_cast<size_t>(n_classes));
        for (; r < n_rows && r * n_classes + lanes <= n_values; ++r) {
            const T *row = pred_probs + r * n_classes;
            const int32_t label = labels[r];
            const auto v = hn::LoadU(d, row);
            bad = AddBadLanes<decltype(d)>(bad, v, low_v, high_v, valid);
            const auto other = hn::AndNot(hn::Eq(lane_index, hn::Set(d, static_cast<T>(label))), valid);
            const T runner_up = hn::GetLane(hn::MaxOfLanes(d, hn::IfThenElse(other, v, minus_infinity)));
            out[r] = margin_from(row[label], runner_up);
        }
    } else {
        for (; r < n_rows && r * n_classes + width <= n_values; ++r) {
            const T *row = pred_probs + r * n_classes;
            const int64_t label = labels[r];
            auto best = minus_infinity;
            for (int64_t k = 0; k < n_classes; k += lanes) {
                const auto v = hn::LoadU(d, row + k);
                const auto valid = hn::FirstN(d, static_cast<size_t>(n_classes - k));
                bad = AddBadLanes<decltype(d)>(bad, v, low_v, high_v, valid);
                // The label's lane in this vector, or -1 (no lane) when it lies elsewhere.
                const int64_t lane = label - k;
                const T label_lane = lane >= 0 && lane < lanes ? static_cast<T>(lane) : T(-1);
                const auto other = hn::AndNot(hn::Eq(lane_index, hn::Set(d, label_lane)), valid);
                best = hn::Max(best, hn::IfThenElse(other, v, minus_infinity));
            }
            out[r] = margin_from(row[label], hn::GetLane(hn::MaxOfLanes(d, best)));
        }
    }
    bool any_bad = !hn::AllFalse(d, bad);
    for (; r < n_rows; ++r) {
        const T *row = pred_probs + r * n_classes;
        for (int64_t k = 0; k < n_classes; ++k) any_bad |= !(row[k] >= low && row[k] <= high);
        out[r] = normalized_margin(row, n_classes, labels[r]);
    }
    return !any_bad;
}

bool ValuesInRangeF32(const float *values, int64_t n, float low, float high) {
    return ValuesInRange(values, n, low, high);
}
bool ValuesInRangeF64(const double *values, int64_t n, double low, double high) {
    return ValuesInRange(values, n, low, high);
}
bool CheckedSelfConfidenceRowsF32(const float *pred_probs, const int32_t *labels, int64_t n_rows,
                                  int64_t n_classes, float low, float high, double *out) {
    return CheckedSelfConfidenceRows(pred_probs, labels, n_rows, n_classes, low, high, out);
}
bool CheckedSelfConfidenceRowsF64(const double *pred_probs, const int32_t *labels,
                                  int64_t n_rows, int64_t n_classes, double low, double high,
                                  double *out) {
    return CheckedSelfConfidenceRows(pred_probs, labels, n_rows, n_classes, low, high, out);
}
bool CheckedNormalizedMarginRowsF32(const float *pred_probs, const int32_t *labels,
                                    int64_t n_rows, int64_t n_classes, float low, float high,
                                    double *out) {
    return CheckedNormalizedMarginRows(pred_probs, labels, n_rows, n_classes, low, high, out);
}
bool CheckedNormalizedMarginRowsF64(const double *pred_probs, const int32_t *labels,
                                    int64_t n_rows, int64_t n_classes, double low, double high,
                                    double *out) {
    return CheckedNormalizedMarginRows(pred_probs, labels, n_rows, n_classes, low, high, out);
}

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(ValuesInRangeF32);
HWY_EXPORT(ValuesInRangeF64);
HWY_EXPORT(CheckedSelfConfidenceRowsF32);
HWY_EXPORT(CheckedSelfConfidenceRowsF64);
HWY_EXPORT(CheckedNormalizedMarginRowsF32);
HWY_EXPORT(CheckedNormalizedMarginRowsF64);

bool values_in_range(const float *values, int64_t n, float low, float high) {
    return HWY_DYNAMIC_DISPATCH(ValuesInRangeF32)(values, n, low, high);
}
bool values_in_range(const double *values, int64_t n, double low, double high) {
    return HWY_DYNAMIC_DISPATCH(ValuesInRangeF64)(values, n, low, high);
}
bool checked_self_confidence_rows(const float *pred_probs, const int32_t *labels, int64_t n_rows,
                                  int64_t n_classes, float low, float high, double *out) {
    return HWY_DYNAMIC_DISPATCH(CheckedSelfConfidenceRowsF32)(pred_probs, labels, n_rows,
                                                              n_classes, low, high, out);
}
bool checked_self_confidence_rows(const double *pred_probs, const int32_t *labels,
                                  int64_t n_rows, int64_t n_classes, double low, double high,
                                  double *out) {
    return HWY_DYNAMIC_DISPATCH(CheckedSelfConfidenceRowsF64)(pred_probs, labels, n_rows,
                                                              n_classes, low, high, out);
}
bool checked_normalized_margin_rows(const float *pred_probs, const int32_t *labels,
                                    int64_t n_rows, int64_t n_classes, float low, float high,
                                    double *out) {
    return HWY_DYNAMIC_DISPATCH(CheckedNormalizedMarginRowsF32)(pred_probs, labels, n_rows,
                                                                n_classes, low, high, out);
}
bool checked_normalized_margin_rows(const double *pred_probs, const int32_t *labels,
                                    int64_t n_rows, int64_t n_classes, double low, double high,
                                    double *out) {
    return HWY_DYNAMIC_DISPATCH(CheckedNormalizedMarginRowsF64)(pred_probs, labels, n_rows,
                                                                n_classes, low, high, out);
}

}  // namespace tq
#endif  // HWY_ONCE
