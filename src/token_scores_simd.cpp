// Highway kernels of token_scores_simd.hpp. This file is compiled once per target
// instruction set (foreach_target.h re-includes it); HWY_DYNAMIC_DISPATCH picks the
// best target the CPU supports on the first call.
#include "token_scores_simd.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "token_scores.hpp"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "token_scores_simd.cpp"  // found through this file's include path
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>
#include <hwy/contrib/math/math-inl.h>

#include "lane_reduce-inl.h"

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// cleanlab's CLIPPING_LOWER_BOUND (kClippingLowerBound in token_scores.hpp).
constexpr double kClipping = 1e-6;
// Flat probabilities turned into p * log(p) per pass: 8 KiB of doubles on the stack,
// a multiple of every vector length.
constexpr size_t kPiece = 1024;

using D = hn::ScalableTag<double>;

// Highway's Log (hn::Log) first scales subnormal inputs; impl::Log<..., false> is the same
// computation without that step, exact for every normal input. Probabilities read from
// floats are never subnormal as doubles, and s + 1 >= 1 in FinishScores.
template <bool kSubnormals>
HWY_INLINE hn::Vec<D> VectorLog(D d, hn::Vec<D> x) {
    return hn::impl::Log<D, hn::Vec<D>, kSubnormals>(d, x);
}

// p * log(p), and 0 for p == 0 (scipy's xlogy): log(1) = 0 stands in for log(0).
template <bool kSubnormals>
HWY_INLINE hn::Vec<D> XlogX(D d, hn::Vec<D> p) {
    const auto safe = hn::IfThenElse(hn::Eq(p, hn::Zero(d)), hn::Set(d, 1.0), p);
    return hn::Mul(p, VectorLog<kSubnormals>(d, safe));
}

// Values in [low, high] (NaN is not), checked in their own type T, as the range checks of
// checked_scores_simd.cpp do.
template <class T>
struct RangeCheck {
    T low, high;
};

// The values at p as doubles; the lanes of any of them that is NaN or outside the check's
// range are added to `bad` (a mask of the float or double vector that was loaded).
template <class M>
HWY_INLINE hn::Vec<D> LoadChecked(D d, const double *p, RangeCheck<double> check, M &bad) {
    const auto v = hn::LoadU(d, p);
    bad = hn::Or(bad, hn::Not(hn::And(hn::Ge(v, hn::Set(d, check.low)),
                                      hn::Le(v, hn::Set(d, check.high)))));
    return v;
}
template <class M>
HWY_INLINE hn::Vec<D> LoadChecked(D d, const float *p, RangeCheck<float> check, M &bad) {
    const hn::Rebind<float, D> df;
    const auto v = hn::LoadU(df, p);
    bad = hn::Or(bad, hn::Not(hn::And(hn::Ge(v, hn::Set(df, check.low)),
                                      hn::Le(v, hn::Set(df, check.high)))));
    return hn::PromoteTo(d, v);
}

// terms[i] = xlogy(p[i], p[i]) for i in [0, n), checking every value against `check`.
// Returns whether all passed. The last partial vector goes through a padded copy, so every
// value takes the same full-vector path.
template <class T>
HWY_INLINE bool XlogXPiece(const T *p, size_t n, RangeCheck<T> check, double *terms) {
    constexpr bool kSubnormals = sizeof(T) == sizeof(double);  // floats never are
    const D d;
    const hn::Rebind<T, D> dt;
    const size_t lanes = hn::Lanes(d);
    auto bad = hn::FirstN(dt, 0);
    size_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        hn::StoreU(XlogX<kSubnormals>(d, LoadChecked(d, p + i, check, bad)), d, terms + i);
    }
    bool ok = hn::AllFalse(dt, bad);
    if (i == n) return ok;
    HWY_ALIGN double tail[HWY_MAX_BYTES / sizeof(double)];
    for (size_t j = 0; j < lanes; ++j) {
        if (i + j < n) ok &= p[i + j] >= check.low && p[i + j] <= check.high;
        tail[j] = i + j < n ? static_cast<double>(p[i + j]) : 1.0;
    }
    hn::Store(XlogX<kSubnormals>(d, hn::Load(d, tail)), d, tail);
    for (size_t j = 0; i + j < n; ++j) terms[i + j] = tail[j];
    return ok;
}

// s = (-sum / log(n_classes)) / max(p[label], 1e-6) for one row, from the row's sum of
// p * log(p), as the scalar kernel computes it.
template <class T>
HWY_INLINE double EntropyRatio(double sum, double log_n_classes, T own) {
    const double p = static_cast<double>(own);
    return (-sum / log_n_classes) / (p > kClipping ? p : kClipping);
}

// out[r] = s of row r (above) for rows [0, n_rows), for rows too long for WholeRowScores:
// the rows' values go through `terms` a piece at a time; each row's sum of p * log(p) is
// taken in class order starting from 0.0, carried over when the row spans two pieces, so
// it does not depend on where the rows start.
template <class T>
HWY_INLINE bool EntropyRatios(const T *pred_probs, const int32_t *labels, size_t n_rows,
                              size_t n_classes, RangeCheck<T> check, double *out) {
    const double log_n_classes = std::log(static_cast<double>(n_classes));
    HWY_ALIGN double terms[kPiece];
    const size_t n_values = n_rows * n_classes;
    size_t row = 0, k = 0;
    double sum = 0.0;
    bool ok = true;
    for (size_t start = 0; start < n_values; start += kPiece) {
        const size_t len = std::min(kPiece, n_values - start);
        ok &= XlogXPiece(pred_probs + start, len, check, terms);
        for (size_t j = 0; j < len;) {
            const size_t take = std::min(n_classes - k, len - j);
            for (size_t i = 0; i < take; ++i) sum += terms[j + i];
            j += take;
            k += take;
            if (k < n_classes) break;  // the row goes on in the next piece
            const T own = pred_probs[row * n_classes + static_cast<size_t>(labels[row])];
            out[row] = EntropyRatio(sum, log_n_classes, own);
            ++row;
            k = 0;
            sum = 0.0;
        }
    }
    return ok;
}

// s[i] -> log(s[i] + 1) / max(s[i], 1e-6) for i in [0, n), the last partial vector padded
// so that every value takes the full-vector path. log(s + 1), not log1p(s): cleanlab
// computes log(s + 1).
HWY_INLINE void FinishScores(double *s, size_t n) {
    const D d;
    const size_t lanes = hn::Lanes(d);
    const auto one = hn::Set(d, 1.0), clip = hn::Set(d, kClipping);
    const auto finish = [&](hn::Vec<D> v) {
        return hn::Div(VectorLog<false>(d, hn::Add(v, one)), hn::Max(v, clip));
    };
    size_t i = 0;
    for (; i + lanes <= n; i += lanes) hn::StoreU(finish(hn::LoadU(d, s + i)), d, s + i);
    if (i == n) return;
    HWY_ALIGN double tail[HWY_MAX_BYTES / sizeof(double)];
    for (size_t j = 0; j < lanes; ++j) tail[j] = i + j < n ? s[i + j] : 0.0;
    hn::Store(finish(hn::Load(d, tail)), d, tail);
    for (size_t j = 0; i + j < n; ++j) s[i + j] = tail[j];
}

// The score of each lane from its row's sum of p * log(p) and its own probability:
// s = (-sum / log(n_classes)) / max(own, 1e-6), then log(s + 1) / max(s, 1e-6), the same
// operations in the same order as EntropyRatio and FinishScores (so the same bits).
HWY_INLINE hn::Vec<D> ScoreFromSum(D d, hn::Vec<D> sum, hn::Vec<D> own, hn::Vec<D> log_n_classes) {
    const auto clip = hn::Set(d, kClipping);
    const auto s = hn::Div(hn::Div(hn::Neg(sum), log_n_classes), hn::Max(own, clip));
    return hn::Div(VectorLog<false>(d, hn::Add(s, hn::Set(d, 1.0))), hn::Max(s, clip));
}

// Most rows per piece of WholeRowScores: n_classes >= 2.
constexpr size_t kMaxPieceRows = kPiece / 2;

// Scores of rows [0, n_rows) lying whole in `terms` (their p * log(p) values, n_classes a
// row) into out[0, n_rows). Each row's sum is taken in class order from 0.0, as
// EntropyRatios does, eight rows at a time: eight independent chains of additions instead
// of one chain of K. The ratios and the final scores are then taken a vector at a time
// (scalar divisions were a fifth of the time).
template <class T>
HWY_INLINE void WholeRowScores(const double *terms, const T *rows, const int32_t *labels,
                               size_t n_rows, size_t n_classes, double log_n_classes,
                               double *out) {
    HWY_ALIGN double sums[kMaxPieceRows + HWY_MAX_BYTES / sizeof(double)];
    HWY_ALIGN double own[kMaxPieceRows + HWY_MAX_BYTES / sizeof(double)];
    size_t r = 0;
    for (; r + 8 <= n_rows; r += 8) {
        const double *t = terms + r * n_classes;
        const size_t k1 = n_classes, k2 = 2 * k1, k3 = 3 * k1, k4 = 4 * k1, k5 = 5 * k1,
                     k6 = 6 * k1, k7 = 7 * k1;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0;
        for (size_t k = 0; k < n_classes; ++k) {
            s0 += t[k];
            s1 += t[k1 + k];
            s2 += t[k2 + k];
            s3 += t[k3 + k];
            s4 += t[k4 + k];
            s5 += t[k5 + k];
            s6 += t[k6 + k];
            s7 += t[k7 + k];
        }
        sums[r] = s0;
        sums[r + 1] = s1;
        sums[r + 2] = s2;
        sums[r + 3] = s3;
        sums[r + 4] = s4;
        sums[r + 5] = s5;
        sums[r + 6] = s6;
        sums[r + 7] = s7;
    }
    for (; r < n_rows; ++r) {
        const double *t = terms + r * n_classes;
        double sum = 0.0;
        for (size_t k = 0; k < n_classes; ++k) sum += t[k];
        sums[r] = sum;
    }
    for (r = 0; r < n_rows; ++r)
        own[r] = static_cast<double>(rows[r * n_classes + static_cast<size_t>(labels[r])]);

    const D d;
    const size_t lanes = hn::Lanes(d);
    const auto log_n = hn::Set(d, log_n_classes);
    for (r = 0; r + lanes <= n_rows; r += lanes)
        hn::StoreU(ScoreFromSum(d, hn::Load(d, sums + r), hn::Load(d, own + r), log_n), d, out + r);
    if (r == n_rows) return;
    for (size_t j = n_rows; j < r + lanes; ++j) {  // padding: any valid row will do
        sums[j] = 0.0;
        own[j] = 1.0;
    }
    HWY_ALIGN double tail[HWY_MAX_BYTES / sizeof(double)];
    hn::Store(ScoreFromSum(d, hn::Load(d, sums + r), hn::Load(d, own + r), log_n), d, tail);
    for (size_t j = 0; r + j < n_rows; ++j) out[r + j] = tail[j];
}

// out[r] = the score of row r for rows [0, n_rows), every value checked against `check`
// as it is read: returns false (out holding anything) when some value failed.
template <class T>
bool ConfidenceWeightedEntropyRows(const T *pred_probs, const int32_t *labels, int64_t n_rows,
                                   int64_t n_classes, RangeCheck<T> check, double *out) {
    const size_t rows_total = static_cast<size_t>(n_rows), k = static_cast<size_t>(n_classes);
    // Pieces of whole rows, a multiple of 8 rows (8 * k values fill whole vectors of up to
    // 8 doubles, so XlogXPiece's padded tail is only taken at the end).
    const size_t rows_per_piece = std::min(kPiece / k / 8 * 8, kMaxPieceRows);
    if (rows_per_piece == 0) {  // k > kPiece / 8: rows span pieces
        const bool ok = EntropyRatios(pred_probs, labels, rows_total, k, check, out);
        FinishScores(out, rows_total);
        return ok;
    }
    const double log_n_classes = std::log(static_cast<double>(k));
    HWY_ALIGN double terms[kPiece];
    bool ok = true;
    for (size_t row = 0; row < rows_total; row += rows_per_piece) {
        const size_t rows = std::min(rows_per_piece, rows_total - row);
        const T *values = pred_probs + row * k;
        ok &= XlogXPiece(values, rows * k, check, terms);
        WholeRowScores(terms, values, labels + row, rows, k, log_n_classes, out + row);
    }
    return ok;
}

// Whether the gather indices of a vector of rows, (N - 1) * n_classes + k, fit in the
// signed lane type TI of the vector kernels below; when they do not, those kernels take
// the scalar path for every row.
template <class TI>
HWY_INLINE bool GatherIndicesFit(int64_t n_classes) {
    return n_classes <= static_cast<int64_t>(hwy::LimitsMax<TI>() / static_cast<TI>(HWY_MAX_BYTES));
}

// Own probabilities and runner-ups of the N rows at `base` (N = lanes of T): class k of all
// N rows is one gather; the label's own class is kept in `own` and masked out of
// `runner_up` with -inf; the maximum is taken in T (exact).
template <class D, class DI, class T = hn::TFromD<D>>
HWY_INLINE void GatherOwnAndRunnerUp(D d, DI di, const T *base, hn::Vec<DI> row_starts,
                                     hn::Vec<DI> label, int64_t n_classes, hn::Vec<D> &own,
                                     hn::Vec<D> &runner_up) {
    using TI = hn::TFromD<DI>;
    const auto minus_infinity = hn::Set(d, -std::numeric_limits<T>::infinity());
    own = hn::Zero(d);
    runner_up = minus_infinity;
    for (int64_t k = 0; k < n_classes; ++k) {
        const auto kv = hn::Set(di, static_cast<TI>(k));
        const auto v = hn::GatherIndex(d, base, hn::Add(row_starts, kv));
        const auto is_label = hn::RebindMask(d, hn::Eq(label, kv));
        own = hn::IfThenElse(is_label, v, own);
        runner_up = hn::Max(runner_up, hn::IfThenElse(is_label, minus_infinity, v));
    }
}

// Normalized margins of N rows at a time (GatherOwnAndRunnerUp). The final arithmetic is
// the scalar kernel's, token by token, so every score is bitwise the one
// normalized_margin() gives; rows that do not fill a vector use it.
template <class T>
void NormalizedMarginRows(const T *pred_probs, const int32_t *labels, int64_t n_rows,
                          int64_t n_classes, double *out) {
    const hn::ScalableTag<T> d;
    const hn::RebindToSigned<decltype(d)> di;
    using TI = hn::TFromD<decltype(di)>;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    int64_t r = 0;
    if (GatherIndicesFit<TI>(n_classes)) {
        const auto row_starts = hn::Mul(hn::Iota(di, 0), hn::Set(di, static_cast<TI>(n_classes)));
        HWY_ALIGN T best[HWY_MAX_BYTES / sizeof(T)];
        HWY_ALIGN T own[HWY_MAX_BYTES / sizeof(T)];
        for (; r + lanes <= n_rows; r += lanes) {
            hn::Vec<decltype(d)> own_v, best_v;
            GatherOwnAndRunnerUp(d, di, pred_probs + r * n_classes, row_starts,
                                 LoadLabels(di, labels + r), n_classes, own_v, best_v);
            hn::Store(best_v, d, best);
            hn::Store(own_v, d, own);
            for (int64_t j = 0; j < lanes; ++j)
                out[r + j] = margin_from(own[j], best[j]);
        }
    }
    for (; r < n_rows; ++r) out[r] = normalized_margin(pred_probs + r * n_classes, n_classes, labels[r]);
}

void NormalizedMarginRowsF32(const float *pred_probs, const int32_t *labels, int64_t n_rows,
                             int64_t n_classes, double *out) {
    NormalizedMarginRows(pred_probs, labels, n_rows, n_classes, out);
}
void NormalizedMarginRowsF64(const double *pred_probs, const int32_t *labels, int64_t n_rows,
                             int64_t n_classes, double *out) {
    NormalizedMarginRows(pred_probs, labels, n_rows, n_classes, out);
}

// Unchecked: a range every value passes (NaN does not, but the result is then unused).
void ConfidenceWeightedEntropyRowsF32(const float *pred_probs, const int32_t *labels,
                                      int64_t n_rows, int64_t n_classes, double *out) {
    const RangeCheck<float> all{-std::numeric_limits<float>::infinity(),
                                std::numeric_limits<float>::infinity()};
    (void)ConfidenceWeightedEntropyRows(pred_probs, labels, n_rows, n_classes, all, out);
}
void ConfidenceWeightedEntropyRowsF64(const double *pred_probs, const int32_t *labels,
                                      int64_t n_rows, int64_t n_classes, double *out) {
    const RangeCheck<double> all{-std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::infinity()};
    (void)ConfidenceWeightedEntropyRows(pred_probs, labels, n_rows, n_classes, all, out);
}
bool CheckedConfidenceWeightedEntropyRowsF32(const float *pred_probs, const int32_t *labels,
                                             int64_t n_rows, int64_t n_classes, float low,
                                             float high, double *out) {
    return ConfidenceWeightedEntropyRows(pred_probs, labels, n_rows, n_classes,
                                         RangeCheck<float>{low, high}, out);
}
bool CheckedConfidenceWeightedEntropyRowsF64(const double *pred_probs, const int32_t *labels,
                                             int64_t n_rows, int64_t n_classes, double low,
                                             double high, double *out) {
    return ConfidenceWeightedEntropyRows(pred_probs, labels, n_rows, n_classes,
                                         RangeCheck<double>{low, high}, out);
}

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(NormalizedMarginRowsF32);
HWY_EXPORT(NormalizedMarginRowsF64);
HWY_EXPORT(ConfidenceWeightedEntropyRowsF32);
HWY_EXPORT(ConfidenceWeightedEntropyRowsF64);
HWY_EXPORT(CheckedConfidenceWeightedEntropyRowsF32);
HWY_EXPORT(CheckedConfidenceWeightedEntropyRowsF64);

void normalized_margin_rows(const float *pred_probs, const int32_t *labels, int64_t n_rows,
                            int64_t n_classes, double *out) {
    HWY_DYNAMIC_DISPATCH(NormalizedMarginRowsF32)(pred_probs, labels, n_rows, n_classes, out);
}
void normalized_margin_rows(const double *pred_probs, const int32_t *labels, int64_t n_rows,
                            int64_t n_classes, double *out) {
    HWY_DYNAMIC_DISPATCH(NormalizedMarginRowsF64)(pred_probs, labels, n_rows, n_classes, out);
}
void confidence_weighted_entropy_rows(const float *pred_probs, const int32_t *labels,
                                      int64_t n_rows, int64_t n_classes, double *out) {
    HWY_DYNAMIC_DISPATCH(ConfidenceWeightedEntropyRowsF32)(pred_probs, labels, n_rows, n_classes,
                                                           out);
}
void confidence_weighted_entropy_rows(const double *pred_probs, const int32_t *labels,
                                      int64_t n_rows, int64_t n_classes, double *out) {
    HWY_DYNAMIC_DISPATCH(ConfidenceWeightedEntropyRowsF64)(pred_probs, labels, n_rows, n_classes,
                                                           out);
}

bool checked_confidence_weighted_entropy_rows(const float *pred_probs, const int32_t *labels,
                                              int64_t n_rows, int64_t n_classes, float low,
                                              float high, double *out) {
    return HWY_DYNAMIC_DISPATCH(CheckedConfidenceWeightedEntropyRowsF32)(
        pred_probs, labels, n_rows, n_classes, low, high, out);
}
bool checked_confidence_weighted_entropy_rows(const double *pred_probs, const int32_t *labels,
                                              int64_t n_rows, int64_t n_classes, double low,
                                              double high, double *out) {
    return HWY_DYNAMIC_DISPATCH(CheckedConfidenceWeightedEntropyRowsF64)(
        pred_probs, labels, n_rows, n_classes, low, high, out);
}

}  // namespace tq
#endif  // HWY_ONCE
