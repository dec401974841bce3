// Highway kernels of checked_scores_simd.hpp. Compiled once per target instruction set
// (foreach_target.h re-includes this file); HWY_DYNAMIC_DISPATCH picks the best target the
// CPU supports on the first call.
#include "checked_scores_simd.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "sentence_scores.hpp"
#include "token_scores.hpp"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "checked_scores_simd.cpp"  // found through this file's include path
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/cache_control.h>
#include <hwy/highway.h>

#include "lane_reduce-inl.h"

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

// Whether every label of labels[0 .. n) is in [0, n_classes): as uint32, negative labels
// are >= 2^31, so one unsigned comparison per lane.
bool LabelsInRange(const int32_t *labels, int64_t n, int64_t n_classes) {
    const hn::ScalableTag<uint32_t> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    const uint32_t k = static_cast<uint32_t>(std::min<int64_t>(n_classes, int64_t{1} << 31));
    const auto limit = hn::Set(d, k);
    const uint32_t *values = reinterpret_cast<const uint32_t *>(labels);
    auto bad = hn::FirstN(d, 0);
    int64_t i = 0;
    for (; i + lanes <= n; i += lanes) bad = hn::Or(bad, hn::Not(hn::Lt(hn::LoadU(d, values + i), limit)));
    bool any_bad = !hn::AllFalse(d, bad);
    for (; i < n; ++i) any_bad |= values[i] >= k;
    return !any_bad;
}

// Row offsets r * n_classes of rows [0, lanes) as index lanes (int32 for float rows,
// int64 for double rows), for the gathers below.
template <class DI>
HWY_INLINE hn::Vec<DI> RowStarts(DI di, int64_t n_classes) {
    using TI = hn::TFromD<DI>;
    HWY_ALIGN TI starts[HWY_MAX_BYTES / sizeof(TI)];
    for (size_t j = 0; j < hn::Lanes(di); ++j) starts[j] = static_cast<TI>(static_cast<int64_t>(j) * n_classes);
    return hn::Load(di, starts);
}

// Labels of Lanes(di) rows as index lanes.
template <class DI>
HWY_INLINE hn::Vec<DI> LoadLabels(DI di, const int32_t *labels) {
    if constexpr (sizeof(hn::TFromD<DI>) == sizeof(int32_t)) {
        return hn::LoadU(di, labels);
    } else {
        return hn::PromoteTo(di, hn::LoadU(hn::Rebind<int32_t, DI>(), labels));
    }
}

// Probabilities (float or double lanes) as double lanes: exact.
template <class DD, class V>
HWY_INLINE hn::Vec<DD> ToDouble(DD dd, V v) {
    if constexpr (sizeof(hn::TFromV<V>) == sizeof(double)) {
        return v;
    } else {
        return hn::PromoteTo(dd, v);
    }
}

// Gathers stay within int32 lanes when the group's values are fewer than 2^31.
constexpr int64_t kMaxGatherValues = (int64_t{1} << 31) - 1;

// Bytes ahead of the values being checked that the kernels ask the CPU to fetch: the
// scoring work between loads leaves too few reads in flight for the hardware prefetcher
// alone to keep up with memory.
constexpr int64_t kPrefetchBytes = 1024;

// Self-confidence of the group's rows: out[r] = rows[r * n_classes + labels[r]] as double
// (exactly self_confidence()), labels already in range, every value of the rows checked.
// Lanes(dt) rows at a time: their n_classes * Lanes(dt) values (n_classes whole vectors)
// are checked and their own values gathered in the same loop, so that the scoring overlaps
// the memory reads instead of following a separate checking pass. Returns false when a
// value is bad.
template <class T>
HWY_INLINE bool CheckedSelfConfidenceRows(const T *rows, const int32_t *labels, int64_t n_rows,
                                          int64_t n_classes, T low, T high, double *out) {
    const hn::ScalableTag<T> dt;
    const hn::ScalableTag<double> dd;
    const hn::Rebind<T, decltype(dd)> dg;  // as many T lanes as double lanes, for gathers
    const hn::RebindToSigned<decltype(dg)> di;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(dt));
    const int64_t gather_lanes = static_cast<int64_t>(hn::Lanes(dd));
    const auto low_v = hn::Set(dt, low), high_v = hn::Set(dt, high);
    // Two chains (above low, below high) so that consecutive vectors do not wait on
    // each other; NaN fails both comparisons.
    auto above = hn::FirstN(dt, hn::Lanes(dt)), below = above;
    int64_t r = 0;
    if (n_rows * n_classes <= kMaxGatherValues) {
        auto row_start = RowStarts(di, n_classes);
        const auto step = hn::Set(di, static_cast<hn::TFromD<decltype(di)>>(gather_lanes * n_classes));
        constexpr int64_t ahead = kPrefetchBytes / static_cast<int64_t>(sizeof(T));
        for (; r + lanes <= n_rows; r += lanes) {
            const T *block = rows + r * n_classes;
            for (int64_t k = 0; k < n_classes; ++k) {
                hwy::Prefetch(block + k * lanes + ahead);
                const auto v = hn::LoadU(dt, block + k * lanes);
                above = hn::And(above, hn::Ge(v, low_v));
                below = hn::And(below, hn::Le(v, high_v));
            }
            for (int64_t g = 0; g < lanes; g += gather_lanes) {
                const auto index = hn::Add(row_start, LoadLabels(di, labels + r + g));
                hn::StoreU(ToDouble(dd, hn::GatherIndex(dg, rows, index)), dd, out + r + g);
                row_start = hn::Add(row_start, step);
            }
        }
    }
    const bool rest_ok = ValuesInRange(rows + r * n_classes, (n_rows - r) * n_classes, low, high);
    for (; r < n_rows; ++r) out[r] = self_confidence(rows + r * n_classes, n_classes, labels[r]);
    return rest_ok && hn::AllTrue(dt, hn::And(above, below));
}

template <class T>
bool CheckedSelfConfidenceSentences(const T *pred_probs, const int32_t *labels,
                                    int64_t n_classes, const int64_t *offsets,
                                    int64_t n_sentences, T low, T high, double *out,
                                    double *mins) {
    const int64_t base = offsets[0], n_rows = offsets[n_sentences] - base;
    if (!CheckedSelfConfidenceRows(pred_probs + base * n_classes, labels + base, n_rows,
                                   n_classes, low, high, out))
        return false;
    // The minimum of each sentence from its scores, still in cache.
    if (mins != nullptr) sentences_min(out, offsets, n_sentences, mins);
    return true;
}

// margin_from() on double lanes: (own - runner_up + 1) / 2 (halving is exact, so a multiply
// by 0.5 gives the same bits), clamped to the tolerant range.
template <class DD>
HWY_INLINE hn::Vec<DD> MarginFrom(DD dd, hn::Vec<DD> own, hn::Vec<DD> runner_up) {
    constexpr ProbabilityRange r = kTolerantRange;
    const auto margin = hn::Mul(hn::Add(hn::Sub(own, runner_up), hn::Set(dd, 1.0)), hn::Set(dd, 0.5));
    return hn::Min(hn::Max(margin, hn::Set(dd, r.low)), hn::Set(dd, r.high));
}

// Normalized margins of the group's rows, from contiguous loads: each row's vectors (the
// last one read past the row's end, those lanes masked off) are checked, the label's lane
// is set to -inf, and the largest lane is the runner-up, exact in T. With one vector per
// row, Lanes rows at a time are reduced together (TransposedReduce) and their own probabilities
// gathered; otherwise one cross-lane maximum per row. Rows whose last vector would read
// past the group go through the scalar kernel, which gives the same bits (a maximum is
// exact whatever the order; the arithmetic after it is margin_from in all of them).
template <class T>
bool CheckedNormalizedMarginSentences(const T *pred_probs, const int32_t *labels,
                                      int64_t n_classes, const int64_t *offsets,
                                      int64_t n_sentences, T low, T high, double *out,
                                      double *mins) {
    const hn::ScalableTag<T> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    const auto low_v = hn::Set(d, low), high_v = hn::Set(d, high);
    const auto minus_infinity = hn::Set(d, -std::numeric_limits<T>::infinity());
    const auto lane_index = hn::Iota(d, 0);  // small integers, exact in T
    const int64_t base = offsets[0], n_rows = offsets[n_sentences] - base;
    const T *rows = pred_probs + base * n_classes;
    const int32_t *row_labels = labels + base;
    const int64_t width = (n_classes + lanes - 1) / lanes * lanes;  // values read per row
    const int64_t n_values = n_rows * n_classes;
    // Rows [0, vector_rows) can be read whole vectors at a time without leaving the group.
    const int64_t vector_rows =
        n_values >= width ? std::min(n_rows, (n_values - width) / n_classes + 1) : 0;
    auto bad = hn::FirstN(d, 0);
    bool scalar_bad = false;
    const auto scalar_row = [&](int64_t r) {
        const T *row = rows + r * n_classes;
        for (int64_t k = 0; k < n_classes; ++k) scalar_bad |= !(row[k] >= low && row[k] <= high);
        return normalized_margin(row, n_classes, row_labels[r]);
    };
    int64_t r = 0;
    if (n_classes <= lanes) {
        // One vector per row (K = 9 floats in 16 AVX-512 lanes, 2 in 4 SSE lanes, ...).
        const auto valid = hn::FirstN(d, static_cast<size_t>(n_classes));
        // Row r's vector with the label's lane and the lanes past the row at -inf.
        const auto others = [&](int64_t row_index) {
            hwy::Prefetch(rows + row_index * n_classes + kPrefetchBytes / static_cast<int64_t>(sizeof(T)));
            const auto v = hn::LoadU(d, rows + row_index * n_classes);
            bad = AddBadLanes<decltype(d)>(bad, v, low_v, high_v, valid);
            const auto label = hn::Set(d, static_cast<T>(row_labels[row_index]));
            return hn::IfThenElse(hn::AndNot(hn::Eq(lane_index, label), valid), v, minus_infinity);
        };
#if HWY_TARGET != HWY_SCALAR && !HWY_HAVE_SCALABLE
        // Lanes rows at a time: their runner-ups in one vector, their own probabilities
        // gathered, the margins computed in double lanes.
        constexpr size_t kLanes = hn::MaxLanes(d);
        if (n_values <= kMaxGatherValues) {
            const hn::RebindToSigned<decltype(d)> di;
            auto row_start = RowStarts(di, n_classes);
            const auto step = hn::Set(di, static_cast<hn::TFromD<decltype(di)>>(lanes * n_classes));
            for (; r + lanes <= vector_rows; r += lanes) {
                // Exact: a maximum does not round (its sign at zero does not reach the
                // result: own - (+/-0) + 1 is the same double).
                const auto runner_up = TransposedReduce<kLanes>(
                    d, r, [](auto a, auto b) { return hn::Max(a, b); }, others);
                const auto own = hn::GatherIndex(d, rows, hn::Add(row_start, LoadLabels(di, row_labels + r)));
                row_start = hn::Add(row_start, step);
                if constexpr (sizeof(T) == sizeof(double)) {
                    hn::StoreU(MarginFrom(d, own, runner_up), d, out + r);
                } else {
                    const hn::Half<decltype(d)> dh;
                    const hn::Rebind<double, decltype(dh)> dd;
                    const int64_t half = static_cast<int64_t>(hn::Lanes(dd));
                    hn::StoreU(MarginFrom(dd, hn::PromoteTo(dd, hn::LowerHalf(dh, own)),
                                          hn::PromoteTo(dd, hn::LowerHalf(dh, runner_up))),
                               dd, out + r);
                    hn::StoreU(MarginFrom(dd, hn::PromoteTo(dd, hn::UpperHalf(dh, own)),
                                          hn::PromoteTo(dd, hn::UpperHalf(dh, runner_up))),
                               dd, out + r + half);
                }
            }
        }
#endif
        for (; r < n_rows; ++r) {
            if (r >= vector_rows) {
                out[r] = scalar_row(r);
                continue;
            }
            out[r] = margin_from(rows[r * n_classes + row_labels[r]],
                                 hn::GetLane(hn::MaxOfLanes(d, others(r))));
        }
    } else if (n_classes < (int64_t{1} << 24)) {
        // Whole vectors over the row, then one partial vector (lanes past the row masked
        // off). The label's lane in the vector at k is label - k, exact in T below 2^24;
        // no lane matches when it lies outside [0, lanes).
        const int64_t full = n_classes / lanes * lanes;
        const auto tail_valid = hn::FirstN(d, static_cast<size_t>(n_classes - full));
        for (; r < n_rows; ++r) {
            if (r >= vector_rows) {
                out[r] = scalar_row(r);
                continue;
            }
            const T *row = rows + r * n_classes;
            const int64_t label = row_labels[r];
            auto best = minus_infinity;
            auto row_bad = hn::FirstN(d, 0);
            int64_t k = 0;
            for (; k < full; k += lanes) {
                const auto v = hn::LoadU(d, row + k);
                row_bad = hn::Or(row_bad, hn::Not(hn::And(hn::Ge(v, low_v), hn::Le(v, high_v))));
                const auto is_label = hn::Eq(lane_index, hn::Set(d, static_cast<T>(label - k)));
                best = hn::Max(best, hn::IfThenElse(is_label, minus_infinity, v));
            }
            if (k < n_classes) {
                const auto v = hn::LoadU(d, row + k);
                row_bad = AddBadLanes<decltype(d)>(row_bad, v, low_v, high_v, tail_valid);
                const auto other = hn::AndNot(
                    hn::Eq(lane_index, hn::Set(d, static_cast<T>(label - k))), tail_valid);
                best = hn::Max(best, hn::IfThenElse(other, v, minus_infinity));
            }
            bad = hn::Or(bad, row_bad);
            out[r] = margin_from(row[label], hn::GetLane(hn::MaxOfLanes(d, best)));
        }
    } else {
        for (; r < n_rows; ++r) out[r] = scalar_row(r);
    }
    // The minimum of each sentence from its scores, still in cache.
    if (mins != nullptr) sentences_min(out, offsets, n_sentences, mins);
    return !scalar_bad && hn::AllFalse(d, bad);
}

// dst[0 .. n) = src[0 .. n) with non-temporal stores where dst is vector-aligned: the
// caller's buffer is not read for ownership and the copy does not evict the cache.
void StreamCopy(const double *src, int64_t n, double *dst) {
    const hn::ScalableTag<double> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    const size_t align = hn::Lanes(d) * sizeof(double);
    int64_t i = 0;
    for (; i < n && reinterpret_cast<uintptr_t>(dst + i) % align != 0; ++i) dst[i] = src[i];
    for (; i + lanes <= n; i += lanes) hn::Stream(hn::LoadU(d, src + i), d, dst + i);
    for (; i < n; ++i) dst[i] = src[i];
    hwy::FlushStream();  // the stores are visible to other threads once this returns
}

bool LabelsInRangeExported(const int32_t *labels, int64_t n, int64_t n_classes) {
    return LabelsInRange(labels, n, n_classes);
}
bool ValuesInRangeF32(const float *values, int64_t n, float low, float high) {
    return ValuesInRange(values, n, low, high);
}
bool ValuesInRangeF64(const double *values, int64_t n, double low, double high) {
    return ValuesInRange(values, n, low, high);
}
#define TQ_CHECKED_WRAPPER(NAME, KERNEL, T)                                                  \
    bool NAME(const T *pred_probs, const int32_t *labels, int64_t n_classes,                  \
              const int64_t *offsets, int64_t n_sentences, T low, T high, double *out,        \
              double *mins) {                                                                 \
        return KERNEL(pred_probs, labels, n_classes, offsets, n_sentences, low, high, out,    \
                      mins);                                                                  \
    }
TQ_CHECKED_WRAPPER(CheckedSelfConfidenceF32, CheckedSelfConfidenceSentences, float)
TQ_CHECKED_WRAPPER(CheckedSelfConfidenceF64, CheckedSelfConfidenceSentences, double)
TQ_CHECKED_WRAPPER(CheckedNormalizedMarginF32, CheckedNormalizedMarginSentences, float)
TQ_CHECKED_WRAPPER(CheckedNormalizedMarginF64, CheckedNormalizedMarginSentences, double)
#undef TQ_CHECKED_WRAPPER

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(LabelsInRangeExported);
HWY_EXPORT(StreamCopy);
HWY_EXPORT(ValuesInRangeF32);
HWY_EXPORT(ValuesInRangeF64);
HWY_EXPORT(CheckedSelfConfidenceF32);
HWY_EXPORT(CheckedSelfConfidenceF64);
HWY_EXPORT(CheckedNormalizedMarginF32);
HWY_EXPORT(CheckedNormalizedMarginF64);

void stream_copy(const double *src, int64_t n, double *dst) {
    HWY_DYNAMIC_DISPATCH(StreamCopy)(src, n, dst);
}
bool labels_in_range(const int32_t *labels, int64_t n, int64_t n_classes) {
    return HWY_DYNAMIC_DISPATCH(LabelsInRangeExported)(labels, n, n_classes);
}
bool values_in_range(const float *values, int64_t n, float low, float high) {
    return HWY_DYNAMIC_DISPATCH(ValuesInRangeF32)(values, n, low, high);
}
bool values_in_range(const double *values, int64_t n, double low, double high) {
    return HWY_DYNAMIC_DISPATCH(ValuesInRangeF64)(values, n, low, high);
}

#define TQ_CHECKED_DISPATCH(NAME, EXPORTED, T)                                                \
    bool NAME(const T *pred_probs, const int32_t *labels, int64_t n_classes,                  \
              const int64_t *offsets, int64_t n_sentences, T low, T high, double *out,        \
              double *mins) {                                                                 \
        return HWY_DYNAMIC_DISPATCH(EXPORTED)(pred_probs, labels, n_classes, offsets,         \
                                              n_sentences, low, high, out, mins);             \
    }
TQ_CHECKED_DISPATCH(checked_self_confidence_sentences, CheckedSelfConfidenceF32, float)
TQ_CHECKED_DISPATCH(checked_self_confidence_sentences, CheckedSelfConfidenceF64, double)
TQ_CHECKED_DISPATCH(checked_normalized_margin_sentences, CheckedNormalizedMarginF32, float)
TQ_CHECKED_DISPATCH(checked_normalized_margin_sentences, CheckedNormalizedMarginF64, double)
#undef TQ_CHECKED_DISPATCH

}  // namespace tq
#endif  // HWY_ONCE
