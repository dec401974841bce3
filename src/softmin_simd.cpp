// cleanlab's softmin sentence score with Highway's vector Exp: the one implementation
// behind both tq_label_quality_scores_* and tq_sentence_scores_from_token_scores, so the
// two give the same bits. Compiled once per target instruction set (foreach_target.h
// re-includes this file); HWY_DYNAMIC_DISPATCH picks the best target the CPU supports.
#include <cmath>
#include <cstddef>
#include <cstdint>

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

// Softmin of one sentence s[0 .. n), n >= 1, for kMinSoftminTemperature <= t < +inf:
// weights exp((1 - s) / t - shift), shifted by the largest exponent (the minimum's, so
// every exponent is <= 0 and exp never overflows), the weighted mean clamped to the
// scores' range. Lane j sums tokens j, j + N, j + 2N, ... of this sentence, then the lanes
// are added: the order depends on the sentence alone, never on where a group, a thread or
// the caller's buffer starts, so every split of the data gives the same bits.
HWY_INLINE double SoftminSentence(const double *s, int64_t n, double t) {
    const hn::ScalableTag<double> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    double low = s[0], high = s[0];
    for (int64_t i = 1; i < n; ++i) {
        low = s[i] < low ? s[i] : low;
        high = s[i] > high ? s[i] : high;
    }
    const auto one = hn::Set(d, 1.0), t_v = hn::Set(d, t), shift = hn::Set(d, (1.0 - low) / t);
    auto weight_sum = hn::Zero(d), weighted = hn::Zero(d);
    int64_t i = 0;
    for (; i + lanes <= n; i += lanes) {
        const auto v = hn::LoadU(d, s + i);
        const auto w = hn::Exp(d, hn::Sub(hn::Div(hn::Sub(one, v), t_v), shift));
        weight_sum = hn::Add(weight_sum, w);
        weighted = hn::Add(weighted, hn::Mul(v, w));
    }
    if (i < n) {  // the last partial vector, padded with the minimum; padding weighs 0
        HWY_ALIGN double tail[HWY_MAX_BYTES / sizeof(double)];
        for (int64_t j = 0; j < lanes; ++j) tail[j] = i + j < n ? s[i + j] : low;
        const auto v = hn::Load(d, tail);
        const auto in = hn::FirstN(d, static_cast<size_t>(n - i));
        const auto w =
            hn::IfThenElseZero(in, hn::Exp(d, hn::Sub(hn::Div(hn::Sub(one, v), t_v), shift)));
        weight_sum = hn::Add(weight_sum, w);
        weighted = hn::Add(weighted, hn::Mul(v, w));
    }
    // weight_sum >= 1 up to rounding: the minimum's weight is exp(0) = 1.
    const double value = hn::GetLane(hn::SumOfLanes(d, weighted)) /
                         hn::GetLane(hn::SumOfLanes(d, weight_sum));
    return value < low ? low : (value > high ? high : value);
}

void SoftminSentences(const double *scores, const int64_t *offsets, int64_t n_sentences,
                      double t, double *sentence_scores) {
    const int64_t base = offsets[0];
    for (int64_t i = 0; i < n_sentences; ++i)
        sentence_scores[i] =
            SoftminSentence(scores + (offsets[i] - base), offsets[i + 1] - offsets[i], t);
}

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(SoftminSentences);

void sentences_softmin(const double *scores, const int64_t *offsets, int64_t n_sentences,
                       double temperature, double *sentence_scores) {
    const int64_t base = offsets[0];
    if (temperature == 0.0 || std::isinf(temperature)) {
        for (int64_t i = 0; i < n_sentences; ++i) {
            const double *sentence = scores + (offsets[i] - base);
            const int64_t length = offsets[i + 1] - offsets[i];
            sentence_scores[i] = temperature == 0.0 ? sentence_min(sentence, length)
                                                    : sentence_mean(sentence, length);
        }
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
