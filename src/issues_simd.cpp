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

#include "compress-inl.h"

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Appends the lanes of v (the scores at i .. i + N) that are below `limit` to values and
// indices at m; returns the new m. AVX-512 compresses in a register and stores whole
// vectors (a compressing store to memory is microcoded and slow on Zen 4; CompressLanes,
// not Highway's Compress of 64-bit lanes: see compress-inl.h): the arrays have room, since
// m <= i and i + N <= n. Elsewhere (Highway's Compress of 64-bit lanes goes through a
// table there too) each lane is written at m, and m moves on for the lanes below.
// `lane` is Iota(0) in 64-bit integer lanes (Iota copies a table on some targets: it is made
// once per scan).
template <class D, class V = hn::Vec<D>, class VI>
HWY_INLINE int64_t AppendBelow(D d, V v, V limit, VI lane, int64_t i, double *values,
                               int64_t *indices, int64_t m) {
    const auto below = hn::Lt(v, limit);
#if HWY_TARGET <= HWY_AVX3
    const hn::RebindToSigned<D> di;
    hn::StoreU(CompressLanes(v, below), d, values + m);
    hn::StoreU(CompressLanes(hn::Add(lane, hn::Set(di, i)), hn::RebindMask(di, below)), di,
               indices + m);
    return m + static_cast<int64_t>(hn::CountTrue(d, below));
#else
    (void)lane;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    HWY_ALIGN double lane_values[HWY_MAX_BYTES / sizeof(double)];
    hn::Store(v, d, lane_values);
    uint8_t bits[8] = {};  // up to 64 lanes
    hn::StoreMaskBits(d, below, bits);
    for (int64_t j = 0; j < lanes; ++j) {  // branch-free
        values[m] = lane_values[j];
        indices[m] = i + j;
        m += (bits[j / 8] >> (j % 8)) & 1;
    }
    return m;
#endif
}

// Four vectors at a time: when none of their scores is below the threshold (the common
// case: issues are few) that costs three minima and one test. NaN is looked for without
// mask registers: v * 0 summed turns NaN for good when some score is NaN (or infinite:
// the caller then looks for the NaN itself and finds none).
int64_t ListBelow(const double *scores, int64_t n, double threshold, double *values,
                  int64_t *indices, bool *any_nan) {
    const hn::ScalableTag<double> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    const auto limit = hn::Set(d, threshold);
    const auto zero = hn::Zero(d);
    const auto lane = hn::Iota(hn::RebindToSigned<decltype(d)>(), 0);
    auto nan0 = zero, nan1 = zero;
    int64_t m = 0, i = 0;
    for (; i + 4 * lanes <= n; i += 4 * lanes) {
        const auto v0 = hn::LoadU(d, scores + i), v1 = hn::LoadU(d, scores + i + lanes);
        const auto v2 = hn::LoadU(d, scores + i + 2 * lanes);
        const auto v3 = hn::LoadU(d, scores + i + 3 * lanes);
        nan0 = hn::MulAdd(v0, zero, hn::MulAdd(v1, zero, nan0));
        nan1 = hn::MulAdd(v2, zero, hn::MulAdd(v3, zero, nan1));
        // (A NaN may hide another lane from this minimum; the call then fails anyway.)
        const auto least = hn::Min(hn::Min(v0, v1), hn::Min(v2, v3));
        if (hn::AllFalse(d, hn::Lt(least, limit))) continue;
        m = AppendBelow(d, v0, limit, lane, i, values, indices, m);
        m = AppendBelow(d, v1, limit, lane, i + lanes, values, indices, m);
        m = AppendBelow(d, v2, limit, lane, i + 2 * lanes, values, indices, m);
        m = AppendBelow(d, v3, limit, lane, i + 3 * lanes, values, indices, m);
    }
    for (; i + lanes <= n; i += lanes) {
        const auto v = hn::LoadU(d, scores + i);
        nan0 = hn::MulAdd(v, zero, nan0);
        m = AppendBelow(d, v, limit, lane, i, values, indices, m);
    }
    bool found_nan = !hn::AllTrue(d, hn::Eq(hn::Add(nan0, nan1), zero));
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

// The sentence of each of tokens[0 .. m) (ascending): a cursor over the sentences that
// moves a vector of offsets at a time (how many of the next N sentence ends the token has
// reached, one compare and count) instead of one sentence per test: the number of
// sentences between two issues varies, and a loop over them mispredicts.
void SentencesOf(const int64_t *tokens, int64_t m, const int64_t *offsets, int64_t n_sentences,
                 int64_t *sentences) {
    const hn::ScalableTag<int64_t> d;
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    int64_t s = 0;
    for (int64_t k = 0; k < m; ++k) {
        const int64_t token = tokens[k];
        // offsets[s + 1 .. s + lanes] must exist: s + lanes <= n_sentences.
        while (s + lanes <= n_sentences) {
            // (Highway 1.0.3 has no Le of 64-bit integers on SSE: count those not reached.)
            const auto ahead = hn::Lt(hn::Set(d, token), hn::LoadU(d, offsets + s + 1));
            const int64_t count = lanes - static_cast<int64_t>(hn::CountTrue(d, ahead));
            s += count;
            if (count < lanes) break;
        }
        while (offsets[s + 1] <= token) ++s;  // near the last sentences
        sentences[k] = s;
    }
}

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(ListBelow);
HWY_EXPORT(SentencesOf);

int64_t list_below(const double *scores, int64_t n, double threshold, double *values,
                   int64_t *indices, bool *any_nan) {
    return HWY_DYNAMIC_DISPATCH(ListBelow)(scores, n, threshold, values, indices, any_nan);
}

void sentences_of(const int64_t *tokens, int64_t m, const int64_t *offsets, int64_t n_sentences,
                  int64_t *sentences) {
    HWY_DYNAMIC_DISPATCH(SentencesOf)(tokens, m, offsets, n_sentences, sentences);
}

}  // namespace tq
#endif  // HWY_ONCE
