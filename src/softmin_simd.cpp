// cleanlab's softmin sentence score with Highway's vector Exp: the one implementation
// behind both tq_label_quality_scores_* and tq_sentence_scores_from_token_scores, so the
// two give the same bits. Compiled once per target instruction set (foreach_target.h
// re-includes this file); HWY_DYNAMIC_DISPATCH picks the best target the CPU supports.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "sentence_scores.hpp"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "softmin_simd.cpp"  // found through this file's include path
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>
#include <hwy/contrib/math/math-inl.h>

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Up to `lanes` scores from p, lanes [0, count) valid: a plain unaligned load when the
// whole vector lies within the caller's buffer (it ends at `end`), else a copy through a
// stack array (only near the buffer's end). Lanes past `count` hold other tokens' scores
// or p[0]: finite values the callers mask off.
template <class D>
HWY_INLINE hn::Vec<D> LoadWithin(D d, const double *p, const double *end, int64_t count) {
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    if (end - p >= lanes) return hn::LoadU(d, p);
    HWY_ALIGN double copy[HWY_MAX_BYTES / sizeof(double)];
    for (int64_t j = 0; j < lanes; ++j) copy[j] = j < count ? p[j] : p[0];
    return hn::Load(d, copy);
}

// Exponents (1 - s) / t, computed as (1 - s) * (1 / t), stay below 512 (1 / t <= 512 and
// s >= -1e-6): exp of them and the sums of up to 2^63 of them are finite, so no shift is
// needed and the weights need not wait for the sentence's minimum.
constexpr double kMaxUnshiftedInverseTemperature = 512.0;

// Softmin of one sentence s[0 .. n), n >= 1, with inv_t = 1 / t for
// kMinSoftminTemperature <= t < +inf: weights exp((1 - s) * inv_t - shift), the shift 0
// when inv_t <= kMaxUnshiftedInverseTemperature and otherwise the minimum's exponent (so
// every exponent is <= 0 and exp never overflows); the weighted mean is clamped to the
// scores' range. Lane j sums tokens j, j + N, j + 2N, ... of this sentence (vectors start
// at the sentence's first token, whatever the buffer's alignment), then the lanes are
// added: the order depends on the sentence alone, never on where a group, a thread or the
// caller's buffer starts, so every split of the data gives the same bits. s[0 .. end) is
// readable (end >= s + n); lanes past the sentence are masked off.
HWY_INLINE double SoftminSentence(const double *s, int64_t n, const double *end, double inv_t) {
    const hn::ScalableTag<double> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    const auto infinity = hn::Set(d, std::numeric_limits<double>::infinity());
    const auto minus_infinity = hn::Set(d, -std::numeric_limits<double>::infinity());
    const auto one = hn::Set(d, 1.0), inv = hn::Set(d, inv_t);
    auto shift = hn::Zero(d);
    if (inv_t > kMaxUnshiftedInverseTemperature) {
        auto low = infinity;
        for (int64_t i = 0; i < n; i += lanes) {
            const int64_t count = n - i < lanes ? n - i : lanes;
            const auto v = LoadWithin(d, s + i, end, count);
            low = hn::Min(low, hn::IfThenElse(hn::FirstN(d, static_cast<size_t>(count)), v, infinity));
        }
        shift = hn::Mul(hn::Sub(one, hn::MinOfLanes(d, low)), inv);
    }
    auto weight_sum = hn::Zero(d), weighted = hn::Zero(d);
    auto low = infinity, high = minus_infinity;
    for (int64_t i = 0; i < n; i += lanes) {
        const int64_t count = n - i < lanes ? n - i : lanes;
        const auto v = LoadWithin(d, s + i, end, count);
        const auto in = hn::FirstN(d, static_cast<size_t>(count));
        const auto w = hn::IfThenElseZero(in, hn::Exp(d, hn::Sub(hn::Mul(hn::Sub(one, v), inv), shift)));
        weight_sum = hn::Add(weight_sum, w);
        weighted = hn::Add(weighted, hn::Mul(v, w));
        low = hn::Min(low, hn::IfThenElse(in, v, infinity));
        high = hn::Max(high, hn::IfThenElse(in, v, minus_infinity));
    }
    // weight_sum >= 1 up to rounding: the minimum's weight is at least exp(0) = 1.
    const double value = hn::GetLane(hn::SumOfLanes(d, weighted)) /
                         hn::GetLane(hn::SumOfLanes(d, weight_sum));
    const double lo = hn::GetLane(hn::MinOfLanes(d, low)), hi = hn::GetLane(hn::MaxOfLanes(d, high));
    return value < lo ? lo : (value > hi ? hi : value);
}

void SoftminSentences(const double *scores, const int64_t *offsets, int64_t n_sentences,
                      double t, double *sentence_scores) {
    const int64_t base = offsets[0];
    const double *const end = scores + (offsets[n_sentences] - base);
    const double inv_t = 1.0 / t;
    for (int64_t i = 0; i < n_sentences; ++i)
        sentence_scores[i] = SoftminSentence(scores + (offsets[i] - base),
                                             offsets[i + 1] - offsets[i], end, inv_t);
}

// sentence_min of every sentence, one vector min per sentence (read as the softmin reads
// it). A minimum is exact in any order; only its sign at zero could depend on the order
// (sentence_min keeps the first of -0.0 and +0.0), so a zero minimum is taken again by
// sentence_min itself: the same bits.
void MinSentences(const double *scores, const int64_t *offsets, int64_t n_sentences,
                  double *sentence_scores) {
    const hn::ScalableTag<double> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    const auto infinity = hn::Set(d, std::numeric_limits<double>::infinity());
    const int64_t base = offsets[0];
    const double *const end = scores + (offsets[n_sentences] - base);
    for (int64_t i = 0; i < n_sentences; ++i) {
        const double *s = scores + (offsets[i] - base);
        const int64_t n = offsets[i + 1] - offsets[i];
        auto low = infinity;
        for (int64_t j = 0; j < n; j += lanes) {
            const int64_t count = n - j < lanes ? n - j : lanes;
            const auto v = LoadWithin(d, s + j, end, count);
            low = hn::Min(low, hn::IfThenElse(hn::FirstN(d, static_cast<size_t>(count)), v, infinity));
        }
        const double m = hn::GetLane(hn::MinOfLanes(d, low));
        sentence_scores[i] = m == 0.0 ? sentence_min(s, n) : m;
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(SoftminSentences);
HWY_EXPORT(MinSentences);

void sentences_min(const double *scores, const int64_t *offsets, int64_t n_sentences,
                   double *sentence_scores) {
    HWY_DYNAMIC_DISPATCH(MinSentences)(scores, offsets, n_sentences, sentence_scores);
}

void sentences_softmin(const double *scores, const int64_t *offsets, int64_t n_sentences,
                       double temperature, double *sentence_scores) {
    const int64_t base = offsets[0];
    if (temperature == 0.0) return sentences_min(scores, offsets, n_sentences, sentence_scores);
    if (std::isinf(temperature)) {
        for (int64_t i = 0; i < n_sentences; ++i)
            sentence_scores[i] =
                sentence_mean(scores + (offsets[i] - base), offsets[i + 1] - offsets[i]);
        return;
    }
    const double t = temperature > kMinSoftminTemperature ? temperature : kMinSoftminTemperature;
    HWY_DYNAMIC_DISPATCH(SoftminSentences)(scores, offsets, n_sentences, t, sentence_scores);
}

double sentence_softmin(const double *scores, int64_t n, double temperature) {
    const int64_t offsets[2] = {0, n};
    double result;
    sentences_softmin(scores, offsets, 1, temperature, &result);
    return result;
}

}  // namespace tq
#endif  // HWY_ONCE
