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

#include "lane_reduce-inl.h"

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// How many of the `lanes` lanes starting at token j of an n-token sentence are its own.
HWY_INLINE int64_t LanesAt(int64_t n, int64_t j, int64_t lanes) {
    return n - j < 0 ? 0 : (n - j < lanes ? n - j : lanes);
}

// Exponents (1 - s) / t, computed as (1 - s) * (1 / t), stay below 512 (1 / t <= 512 and
// s >= -1e-6): exp of them and the sums of up to 2^63 of them are finite, so no shift is
// needed and the weights need not wait for the sentence's minimum.
constexpr double kMaxUnshiftedInverseTemperature = 512.0;

// The lane-wise accumulators of one sentence's softmin, s[0 .. n), n >= 1, with
// inv_t = 1 / t for kMinSoftminTemperature <= t < +inf: weights
// exp((1 - s) * inv_t - shift), the shift 0 when inv_t <= kMaxUnshiftedInverseTemperature
// and otherwise the minimum's exponent (so every exponent is <= 0 and exp never
// overflows). Lane j holds tokens j, j + N, j + 2N, ... of this sentence: the vectors start
// at the sentence's first token whatever the buffer's alignment. s[0 .. end) is readable
// (end >= s + n); lanes past the sentence are masked off.
template <class D, class V = hn::Vec<D>>
HWY_INLINE void SoftminSums(D d, const double *s, int64_t n, const double *end, double inv_t,
                            V &weight_sum, V &weighted, V &low, V &high) {
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    const auto infinity = hn::Set(d, std::numeric_limits<double>::infinity());
    const auto minus_infinity = hn::Set(d, -std::numeric_limits<double>::infinity());
    const auto one = hn::Set(d, 1.0), inv = hn::Set(d, inv_t);
    auto shift = hn::Zero(d);
    if (inv_t > kMaxUnshiftedInverseTemperature) {
        auto least = infinity;
        for (int64_t i = 0; i < n; i += lanes) {
            const int64_t count = LanesAt(n, i, lanes);
            const auto v = LoadWithin(d, s + i, end, count);
            least = hn::Min(least, hn::IfThenElse(hn::FirstN(d, static_cast<size_t>(count)), v, infinity));
        }
        shift = hn::Mul(hn::Sub(one, hn::MinOfLanes(d, least)), inv);
    }
    weight_sum = hn::Zero(d);
    weighted = hn::Zero(d);
    low = infinity;
    high = minus_infinity;
    for (int64_t i = 0; i < n; i += lanes) {
        const int64_t count = LanesAt(n, i, lanes);
        const auto v = LoadWithin(d, s + i, end, count);
        const auto in = hn::FirstN(d, static_cast<size_t>(count));
        const auto w = hn::IfThenElseZero(in, hn::Exp(d, hn::Sub(hn::Mul(hn::Sub(one, v), inv), shift)));
        weight_sum = hn::Add(weight_sum, w);
        weighted = hn::Add(weighted, hn::Mul(v, w));
        low = hn::Min(low, hn::IfThenElse(in, v, infinity));
        high = hn::Max(high, hn::IfThenElse(in, v, minus_infinity));
    }
}

// The weighted mean, clamped to the scores' range [low, high] (rounding can leave it by
// an ulp; the header promises the range). weight_sum >= 1 up to rounding: the minimum's
// weight is at least exp(0) = 1.
template <class D, class V = hn::Vec<D>>
HWY_INLINE V SoftminValue(D /*d*/, V weight_sum, V weighted, V low, V high) {
    const auto value = hn::Div(weighted, weight_sum);
    return hn::IfThenElse(hn::Lt(value, low), low, hn::IfThenElse(hn::Gt(value, high), high, value));
}

// Softmin of sentences [0, n_sentences) (cleanlab's formula, see SoftminSums). Where the
// lane count is fixed, Lanes sentences are finished together: their accumulators are
// reduced by one transposed reduction each (a fixed tree of additions per sentence, see
// TransposedReduce) and divided and clamped in one vector; a last, partial batch repeats
// its last sentence to fill the lanes. A sentence's bits depend on its own scores alone,
// never on where a group, a thread or the caller's buffer starts.
void SoftminSentences(const double *scores, const int64_t *offsets, int64_t n_sentences,
                      double t, double *sentence_scores) {
    const hn::ScalableTag<double> d;
    const int64_t base = offsets[0];
    const double *const end = scores + (offsets[n_sentences] - base);
    const double inv_t = 1.0 / t;
#if HWY_TARGET != HWY_SCALAR && !HWY_HAVE_SCALABLE
    constexpr size_t kLanes = hn::MaxLanes(d);
    constexpr int64_t kBatch = static_cast<int64_t>(kLanes);
    // The four accumulators of each sentence of a batch: weight sums, weighted sums,
    // minima, maxima; kLanes vectors each.
    HWY_ALIGN double sums[4 * kLanes * kLanes];
    const auto add = [](auto a, auto b) TQ_LAMBDA_INLINE { return hn::Add(a, b); };
    const auto min = [](auto a, auto b) TQ_LAMBDA_INLINE { return hn::Min(a, b); };
    const auto max = [](auto a, auto b) TQ_LAMBDA_INLINE { return hn::Max(a, b); };
    for (int64_t first = 0; first < n_sentences; first += kBatch) {
        const int64_t count = n_sentences - first < kBatch ? n_sentences - first : kBatch;
        for (int64_t j = 0; j < kBatch; ++j) {
            const int64_t i = first + (j < count ? j : count - 1);
            hn::Vec<decltype(d)> weight_sum, weighted, low, high;
            SoftminSums(d, scores + (offsets[i] - base), offsets[i + 1] - offsets[i], end, inv_t,
                        weight_sum, weighted, low, high);
            hn::Store(weight_sum, d, sums + (0 * kBatch + j) * kBatch);
            hn::Store(weighted, d, sums + (1 * kBatch + j) * kBatch);
            hn::Store(low, d, sums + (2 * kBatch + j) * kBatch);
            hn::Store(high, d, sums + (3 * kBatch + j) * kBatch);
        }
        const auto reduce = [&](int which, const auto &op) {
            return TransposedReduce<kLanes>(d, 0, op, [&](int64_t j) TQ_LAMBDA_INLINE {
                return hn::Load(d, sums + (which * kBatch + j) * kBatch);
            });
        };
        const auto value = SoftminValue(d, reduce(0, add), reduce(1, add), reduce(2, min), reduce(3, max));
        if (count == kBatch) {
            hn::StoreU(value, d, sentence_scores + first);
        } else {
            HWY_ALIGN double values[kLanes];
            hn::Store(value, d, values);
            for (int64_t j = 0; j < count; ++j) sentence_scores[first + j] = values[j];
        }
    }
#else
    for (int64_t i = 0; i < n_sentences; ++i) {
        hn::Vec<decltype(d)> weight_sum, weighted, low, high;
        SoftminSums(d, scores + (offsets[i] - base), offsets[i + 1] - offsets[i], end, inv_t,
                    weight_sum, weighted, low, high);
        sentence_scores[i] = hn::GetLane(SoftminValue(
            d, hn::SumOfLanes(d, weight_sum), hn::SumOfLanes(d, weighted),
            hn::MinOfLanes(d, low), hn::MaxOfLanes(d, high)));
    }
#endif
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
