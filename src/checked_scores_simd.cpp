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
#include "range_check-inl.h"

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Adds to `bad` the lanes of `valid` whose value is NaN or outside [low, high].
template <class D, class V = hn::Vec<D>, class M = hn::Mask<D>>
HWY_INLINE M AddBadLanes(M bad, V v, V low, V high, M valid) {
    return hn::Or(bad, hn::AndNot(hn::And(hn::Ge(v, low), hn::Le(v, high)), valid));
}

// Scores the rows of sentences [0, n_sentences) of a group, sentence by sentence:
// out[t - offsets[0]] = score(t) for every token t, and, when `mins` is not NULL,
// mins[i] = the smallest score of sentence i, taken while the scores are in registers, with
// sentence_min's comparison in sentence_min's order (so the same bits).
// (With Out = float the scores are floats that convert to double exactly, and in the same
// order: the minimum taken in float is the same.)
template <class Out, class ScoreRow>
HWY_INLINE void ScoreSentences(const int64_t *offsets, int64_t n_sentences, Out *out,
                               double *mins, const ScoreRow &score_row) {
    const int64_t base = offsets[0];
    for (int64_t i = 0; i < n_sentences; ++i) {
        const int64_t begin = offsets[i] - base, end = offsets[i + 1] - base;
        Out m = out[begin] = score_row(begin);
        for (int64_t r = begin + 1; r < end; ++r) {
            const Out s = out[r] = score_row(r);
            m = s < m ? s : m;
        }
        if (mins != nullptr) mins[i] = static_cast<double>(m);
    }
}

// The minimum of each sentence from its token scores already in out (the group's, indexed
// from offsets[0]): mins[i] = sentence_min's result, bitwise. Where the lane count is fixed,
// Lanes sentences at a time: each sentence's scores in one vector of lane-wise minima (its
// first vector, its last one, ending at its end, and the whole vectors between; overlaps
// are harmless to a minimum), then the sentences' minima in one vector by a transposed
// reduction. A minimum is exact in any order, and sentence_min's order (the first of equal
// values stays) only shows in the sign of a zero minimum: a zero is taken again by
// sentence_min's loop. (Scores are never NaN: a NaN probability fails the range check, and
// the scores are then discarded.) S is double, or float for self-confidence's float scores
// (their minimum is exact in float and widens to the same double). Against sentence_min's
// loop over the stored scores, which
// mispredicts its exit at every sentence (71k sentences of about 14 tokens in a 1M-token
// NER-like corpus; about a fifth of the margin kernel's perf samples): margin / min, K = 9
// float32, min / median ms of 9 runs interleaved 4.91 / 7.82 -> 4.73 / 7.34 (NER-like), and
// of 7 runs 5.03 / 6.47 -> 4.74 / 6.08 (uniform).
template <class S>
HWY_INLINE void SentenceMinima(const int64_t *offsets, int64_t n_sentences, const S *out,
                               double *mins) {
    const int64_t base = offsets[0];
    const auto scalar_min = [&](int64_t i) {
        const int64_t begin = offsets[i] - base, end = offsets[i + 1] - base;
        S m = out[begin];
        for (int64_t t = begin + 1; t < end; ++t) m = out[t] < m ? out[t] : m;
        return static_cast<double>(m);
    };
    int64_t i = 0;
#if HWY_TARGET != HWY_SCALAR && !HWY_HAVE_SCALABLE
    const hn::ScalableTag<S> d;
    constexpr size_t kLanes = hn::MaxLanes(d);
    constexpr int64_t lanes = static_cast<int64_t>(kLanes);
    const auto infinity = hn::Set(d, std::numeric_limits<S>::infinity());
    const S *const end = out + (offsets[n_sentences] - base);
    const auto min = [](auto a, auto b) TQ_LAMBDA_INLINE { return hn::Min(a, b); };
    const auto sentence = [&](int64_t j) TQ_LAMBDA_INLINE {
        const S *s = out + (offsets[j] - base);
        const int64_t n = offsets[j + 1] - offsets[j];
        const int64_t count = n < lanes ? n : lanes;
        const auto valid = hn::FirstN(d, static_cast<size_t>(count));
        const S *last = s + (n - count);  // s when the sentence fits one vector
        auto low = hn::Min(hn::IfThenElse(valid, LoadWithin(d, s, end, count), infinity),
                           hn::IfThenElse(valid, LoadWithin(d, last, end, count), infinity));
        for (int64_t k = lanes; k < n - lanes; k += lanes) low = hn::Min(low, hn::LoadU(d, s + k));
        return low;
    };
    // A last, partial batch repeats the group's last sentence in its other lanes.
    for (; i < n_sentences; i += lanes) {
        const int64_t count = n_sentences - i < lanes ? n_sentences - i : lanes;
        const auto m = TransposedReduce<kLanes>(d, i, min, [&](int64_t j) TQ_LAMBDA_INLINE {
            return sentence(j < n_sentences ? j : n_sentences - 1);
        });
        bool stored = false;
        if constexpr (sizeof(S) == sizeof(double)) {
            if (count == lanes) {
                hn::StoreU(m, d, mins + i);
                stored = true;
            }
        }
        if (!stored) {  // a partial batch, or float scores (widened one by one)
            HWY_ALIGN S values[kLanes];
            hn::Store(m, d, values);
            for (int64_t j = 0; j < count; ++j) mins[i + j] = static_cast<double>(values[j]);
        }
        if (HWY_UNLIKELY(!hn::AllFalse(d, hn::Eq(m, hn::Zero(d)))))
            for (int64_t j = i; j < i + count; ++j) mins[j] = scalar_min(j);
    }
#endif
    for (; i < n_sentences; ++i) mins[i] = scalar_min(i);
}

#if HWY_TARGET != HWY_SCALAR && !HWY_HAVE_SCALABLE
// margin_from() on double lanes: the same operations in the same order, (own - runner_up
// + 1) / 2, then the clamp, as a minimum and a maximum (the same for margins that are not
// NaN; a NaN margin only comes from a bad value, and then the scores are discarded).
template <class DD>
HWY_INLINE hn::Vec<DD> MarginFrom(DD dd, hn::Vec<DD> own, hn::Vec<DD> runner_up) {
    constexpr ProbabilityRange r = kTolerantRange;
    const auto margin = hn::Div(hn::Add(hn::Sub(own, runner_up), hn::Set(dd, 1.0)), hn::Set(dd, 2.0));
    return hn::Min(hn::Max(margin, hn::Set(dd, r.low)), hn::Set(dd, r.high));
}

// out[0 .. Lanes(d)) = margin_from(own[i], runner_up[i]) for T lanes (float lanes are
// widened to double, exactly).
template <class D>
HWY_INLINE void StoreMargins(D d, hn::Vec<D> own, hn::Vec<D> runner_up, double *out) {
    if constexpr (sizeof(hn::TFromD<D>) == sizeof(double)) {
        hn::StoreU(MarginFrom(d, own, runner_up), d, out);
    } else {
        const hn::Half<D> dh;
        const hn::Rebind<double, decltype(dh)> dd;
        hn::StoreU(MarginFrom(dd, hn::PromoteTo(dd, hn::LowerHalf(dh, own)),
                              hn::PromoteTo(dd, hn::LowerHalf(dh, runner_up))),
                   dd, out);
        hn::StoreU(MarginFrom(dd, hn::PromoteTo(dd, hn::UpperHalf(dh, own)),
                              hn::PromoteTo(dd, hn::UpperHalf(dh, runner_up))),
                   dd, out + hn::Lanes(dd));
    }
}
#endif

// Out is double, or T itself (the score is the probability: float scores are exact).
template <class T, class Out>
bool CheckedSelfConfidenceSentences(const T *pred_probs, const int32_t *labels,
                                    int64_t n_classes, const int64_t *offsets,
                                    int64_t n_sentences, T low, T high, Out *out,
                                    double *mins) {
    const int64_t base = offsets[0], n_rows = offsets[n_sentences] - base;
    const T *rows = pred_probs + base * n_classes;
    const int32_t *row_labels = labels + base;
    const int64_t n_values = n_rows * n_classes;
#if HWY_TARGET != HWY_SCALAR && !HWY_HAVE_SCALABLE
    // One pass over the group, Lanes rows at a time: their K vectors checked (running minima,
    // maxima and a sum, which NaN makes NaN: AnyOutside's test, spread over the loop), their
    // own probabilities by one gather, stored; then the sentence minima from the stored
    // scores (SentenceMinima). Each batch also prefetches its rows' lines in the group after
    // next (groups are about the same size; a prefetch never faults, even past the end of
    // pred_probs): on a Xeon (Emerald Rapids) the hardware prefetchers otherwise fall behind
    // and the loads wait on memory (20-30% of the time; no difference on Zen 4).
    // Interleaved against the row-at-a-time kernel (separate check pass, scalar loads and
    // sentence minima), NER-like, 1M tokens, min / median ms of 5-9 runs: K = 9 float32
    // 3.49 / 4.63 -> 3.27 / 3.70, float64 10.75 / 11.52 -> 9.44 / 10.61, K = 2 3.15 / 3.28 ->
    // 2.34 / 2.52, K = 50 23.3 / 26.6 -> 21.8 / 24.8; uniform K = 9 4.15 / 4.92 -> 3.44 / 4.66.
    const hn::ScalableTag<T> d;
    const hn::RebindToSigned<decltype(d)> di;
    using TI = hn::TFromD<decltype(di)>;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    int64_t r = 0;
    if (n_classes <= static_cast<int64_t>(hwy::LimitsMax<TI>() / HWY_MAX_BYTES)) {  // indices fit
        const auto row_starts = hn::Mul(hn::Iota(di, 0), hn::Set(di, static_cast<TI>(n_classes)));
        const auto low_v = hn::Set(d, low), high_v = hn::Set(d, high);
        auto least = high_v, largest = low_v, sum = hn::Zero(d);
        for (; r + lanes <= n_rows; r += lanes) {
            const T *batch = rows + r * n_classes;  // n_classes whole vectors
            for (int64_t k = 0; k < n_classes; ++k) {
                hwy::Prefetch(batch + 2 * n_values + k * lanes);
                const auto v = hn::LoadU(d, batch + k * lanes);
                least = hn::Min(least, v);
                largest = hn::Max(largest, v);
                sum = hn::Add(sum, v);
            }
            const auto own = hn::GatherIndex(d, batch, hn::Add(row_starts, LoadLabels(di, row_labels + r)));
            if constexpr (sizeof(Out) == sizeof(T)) {
                hn::StoreU(own, d, out + r);
            } else {  // float probabilities, double scores
                const hn::Half<decltype(d)> dh;
                const hn::Rebind<double, decltype(dh)> dd;
                hn::StoreU(hn::PromoteTo(dd, hn::LowerHalf(dh, own)), dd, out + r);
                hn::StoreU(hn::PromoteTo(dd, hn::UpperHalf(dh, own)), dd, out + r + hn::Lanes(dd));
            }
        }
        const auto outside = hn::Or(hn::Lt(least, low_v), hn::Gt(largest, high_v));
        if (!hn::AllFalse(d, hn::Or(outside, hn::IsNaN(sum)))) return false;
    }
    // The rows past the last whole batch.
    if (AnyOutside(rows + r * n_classes, n_values - r * n_classes, low, high)) return false;
    for (; r < n_rows; ++r) out[r] = static_cast<Out>(rows[r * n_classes + row_labels[r]]);
    if (mins != nullptr) SentenceMinima(offsets, n_sentences, out, mins);
#else
    if (AnyOutside(rows, n_values, low, high)) return false;
    ScoreSentences(offsets, n_sentences, out, mins, [&](int64_t r) {
        hwy::Prefetch(rows + 2 * n_values + r * n_classes);  // as above
        return static_cast<Out>(rows[r * n_classes + row_labels[r]]);
    });
#endif
    return true;
}

// Normalized margins from contiguous loads: each row's vectors (the last one read past the
// row's end, those lanes masked off) are checked, the label's lane is set to -inf, and the
// largest lane is the runner-up, exact in T. Rows whose last vector would read past the
// group go through the scalar kernel, which gives the same bits (a maximum is exact
// whatever the order; the arithmetic after it is margin_from's in every path).
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
    if (n_classes <= lanes) {
        // One vector per row (K = 9 floats in 16 AVX-512 lanes, 2 in 4 SSE lanes, ...). No
        // mask registers per row (their logic ports are few on AVX-512 CPUs): every lane of
        // the load (this row and the next one's first values, all inside the group) goes
        // into running minima, maxima and v * 0 sums (NaN, see below), and the row is
        // masked by label with one minimum against allow[label]: +inf in the lanes of the
        // row's other classes, -inf elsewhere.
        constexpr size_t kN = hn::MaxLanes(d);
        HWY_ALIGN T allow[kN * kN];
        const auto valid = hn::FirstN(d, static_cast<size_t>(n_classes));
        const auto plus_infinity = hn::Set(d, std::numeric_limits<T>::infinity());
        for (size_t y = 0; y < kN; ++y) {  // every entry set (labels < n_classes <= kN)
            const auto other = hn::AndNot(hn::Eq(lane_index, hn::Set(d, static_cast<T>(y))), valid);
            hn::Store(hn::IfThenElse(other, plus_infinity, minus_infinity), d, allow + y * kN);
        }
        auto least = low_v, largest = high_v, nan = hn::Zero(d);
        // Row r (< vector_rows): its vector, checked, masked by its label.
        const auto masked_row = [&](int64_t r) TQ_LAMBDA_INLINE {
            const T *row = rows + r * n_classes;
            hwy::Prefetch(row + 2 * n_values);  // as in CheckedSelfConfidenceSentences
            const auto v = hn::LoadU(d, row);
            least = hn::Min(least, v);
            largest = hn::Max(largest, v);
            nan = hn::MulAdd(v, hn::Zero(d), nan);
            return hn::Min(v, hn::Load(d, allow + static_cast<size_t>(row_labels[r]) * kN));
        };
#if HWY_TARGET != HWY_SCALAR && !HWY_HAVE_SCALABLE
        // Lanes rows at a time: their maxima in one vector by a transposed reduction
        // (TransposedReduce: about 2 two-source permutes a row, where a cross-lane maximum
        // per row takes 4 shuffles), their own probabilities by one gather, and their margins
        // computed in double lanes and stored; then the sentence minima from the stored
        // scores, still in L1. The rows past the last whole batch take the per-row maximum.
        // Side by side with the per-row kernel (bench_scores, 1M tokens, 1 thread, real
        // time, 7-9 runs each interleaved, min / median ms, AVX-512 Xeon, busy machine):
        // NER-like K = 9 float32, margin / min 7.52 / 8.72 -> 4.91 / 7.82; uniform K = 9,
        // 6.59 / 8.07 -> 5.03 / 6.47.
        const auto max = [](auto a, auto b) TQ_LAMBDA_INLINE { return hn::Max(a, b); };
        const hn::RebindToSigned<decltype(d)> di;
        using TI = hn::TFromD<decltype(di)>;
        const auto row_starts = hn::Mul(hn::Iota(di, 0), hn::Set(di, static_cast<TI>(n_classes)));
        int64_t r = 0;
        for (; r + lanes <= vector_rows; r += lanes) {
            const auto own = hn::GatherIndex(d, rows + r * n_classes,
                                             hn::Add(row_starts, LoadLabels(di, row_labels + r)));
            const auto runner_up = TransposedReduce<kN>(d, r, max, masked_row);
            StoreMargins(d, own, runner_up, out + r);
        }
        for (; r < n_rows; ++r) {
            if (r >= vector_rows) {
                out[r] = scalar_row(r);
                continue;
            }
            const auto masked = masked_row(r);
            out[r] = margin_from(rows[r * n_classes + row_labels[r]], hn::GetLane(hn::MaxOfLanes(d, masked)));
        }
        if (mins != nullptr) SentenceMinima(offsets, n_sentences, out, mins);
#else
        ScoreSentences(offsets, n_sentences, out, mins, [&](int64_t r) {
            if (r >= vector_rows) return scalar_row(r);
            const auto masked = masked_row(r);
            return margin_from(rows[r * n_classes + row_labels[r]], hn::GetLane(hn::MaxOfLanes(d, masked)));
        });
#endif
        // x86's minimum and maximum drop NaN operands; v * 0 summed keeps it (and turns
        // infinities into NaN, which are out of range anyway).
        bad = hn::Or(bad, hn::Or(hn::Lt(least, low_v), hn::Gt(largest, high_v)));
        bad = hn::Or(bad, hn::Not(hn::Eq(nan, hn::Zero(d))));
    } else if (n_classes < (int64_t{1} << 24)) {
        // Whole vectors over the row, then one partial vector (lanes past the row masked
        // off). The label's lane in the vector at k is label - k, exact in T below 2^24;
        // no lane matches when it lies outside [0, lanes).
        const int64_t full = n_classes / lanes * lanes;
        const auto tail_valid = hn::FirstN(d, static_cast<size_t>(n_classes - full));
        ScoreSentences(offsets, n_sentences, out, mins, [&](int64_t r) {
            if (r >= vector_rows) return scalar_row(r);
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
            return margin_from(row[label], hn::GetLane(hn::MaxOfLanes(d, best)));
        });
    } else {
        ScoreSentences(offsets, n_sentences, out, mins, scalar_row);
    }
    return !scalar_bad && hn::AllFalse(d, bad);
}

void SentenceMinimaF64(const double *scores, const int64_t *offsets, int64_t n_sentences,
                       double *mins) {
    SentenceMinima(offsets, n_sentences, scores, mins);
}

bool CheckedSelfConfidenceF32ToF32(const float *pred_probs, const int32_t *labels,
                                   int64_t n_classes, const int64_t *offsets, int64_t n_sentences,
                                   float low, float high, float *out, double *mins) {
    return CheckedSelfConfidenceSentences(pred_probs, labels, n_classes, offsets, n_sentences,
                                          low, high, out, mins);
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

HWY_EXPORT(SentenceMinimaF64);
HWY_EXPORT(CheckedSelfConfidenceF32ToF32);

void sentences_min(const double *scores, const int64_t *offsets, int64_t n_sentences,
                   double *mins) {
    HWY_DYNAMIC_DISPATCH(SentenceMinimaF64)(scores, offsets, n_sentences, mins);
}
HWY_EXPORT(CheckedSelfConfidenceF32);
HWY_EXPORT(CheckedSelfConfidenceF64);
HWY_EXPORT(CheckedNormalizedMarginF32);
HWY_EXPORT(CheckedNormalizedMarginF64);

bool checked_self_confidence_sentences(const float *pred_probs, const int32_t *labels,
                                       int64_t n_classes, const int64_t *offsets,
                                       int64_t n_sentences, float low, float high, float *out,
                                       double *mins) {
    return HWY_DYNAMIC_DISPATCH(CheckedSelfConfidenceF32ToF32)(pred_probs, labels, n_classes,
                                                                offsets, n_sentences, low, high,
                                                                out, mins);
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
