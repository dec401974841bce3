// Transposed reductions shared by the Highway kernels (checked_scores_simd.cpp,
// softmin_simd.cpp): the per-row results of Lanes rows (a row maximum, a sentence's sum or
// minimum) in one vector, without one cross-lane reduction per row; and the bounded load
// of a sentence's scores that feeds them. Included once per target by each kernel file
// after hwy/highway.h (Highway's per-target include guard below).
// Lambdas handed to TransposedReduce (a row's vector, a combining op) must be inlined into
// it: GCC's inliner gives up on them once a kernel file grows, and an out-of-line call per
// row made the margin kernel twice as slow (session 7). HWY_INLINE does not apply to
// lambdas; this attribute does (after the parameter list).
#ifndef TQ_LAMBDA_INLINE
#if defined(__GNUC__) || defined(__clang__)
#define TQ_LAMBDA_INLINE __attribute__((always_inline))
#else
#define TQ_LAMBDA_INLINE
#endif
#endif

#if defined(TQ_LANE_REDUCE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef TQ_LANE_REDUCE_INL_H_
#undef TQ_LANE_REDUCE_INL_H_
#else
#define TQ_LANE_REDUCE_INL_H_
#endif

#include <cstddef>
#include <cstdint>

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {

// Up to `lanes` scores from p, lanes [0, count) valid (count may be 0): a plain unaligned
// load when the whole vector lies within the caller's buffer (it ends at `end`), else a
// copy through a stack array (only near the buffer's end). Lanes past `count` hold other
// tokens' scores or 0: finite values the callers mask off.
template <class D, class T = hwy::HWY_NAMESPACE::TFromD<D>>
HWY_INLINE hwy::HWY_NAMESPACE::Vec<D> LoadWithin(D d, const T *p, const T *end, int64_t count) {
    const int64_t lanes = static_cast<int64_t>(hwy::HWY_NAMESPACE::Lanes(d));
    if (end - p >= lanes) return hwy::HWY_NAMESPACE::LoadU(d, p);
    HWY_ALIGN T copy[HWY_MAX_BYTES / sizeof(T)];
    for (int64_t j = 0; j < lanes; ++j) copy[j] = j < count ? p[j] : T(0);
    return hwy::HWY_NAMESPACE::Load(d, copy);
}

// The labels of Lanes(di) rows in lanes of DI (int32, or int64 for rows of doubles), for
// the gathers of the row kernels.
template <class DI>
HWY_INLINE hwy::HWY_NAMESPACE::Vec<DI> LoadLabels(DI di, const int32_t *labels) {
    namespace hn = hwy::HWY_NAMESPACE;
    if constexpr (sizeof(hn::TFromD<DI>) == sizeof(int32_t)) {
        return hn::LoadU(di, labels);
    } else {
        return hn::PromoteTo(di, hn::LoadU(hn::Rebind<int32_t, DI>(), labels));
    }
}

// Only on targets with a fixed, known lane count (callers test the same condition).
#if HWY_TARGET != HWY_SCALAR && !HWY_HAVE_SCALABLE

// Lane i of the result is op applied over the lanes of row(first + i), for i < kRows,
// with kRows = Lanes(d) (a power of two). Each level pairs the rows of two vectors
// (ConcatEven / ConcatOdd) and combines neighbouring lanes, halving the lanes per row:
// about 3 operations a row instead of a cross-lane reduction per row. The order of the
// combinations is the same fixed tree for every row, whatever its position among the
// kRows (lanes 0+1, 2+3, ..., then pairs of those), so a row's result depends on its own
// lanes only, which keeps sums bitwise reproducible.
template <size_t kRows, class D, class Op, class Row>
HWY_INLINE hwy::HWY_NAMESPACE::Vec<D> TransposedReduce(D d, int64_t first, const Op &op,
                                                       const Row &row) {
    if constexpr (kRows == 1) {
        return row(first);
    } else {
        const auto lo = TransposedReduce<kRows / 2>(d, first, op, row);
        const auto hi = TransposedReduce<kRows / 2>(d, first + static_cast<int64_t>(kRows / 2), op, row);
        return op(hwy::HWY_NAMESPACE::ConcatEven(d, hi, lo), hwy::HWY_NAMESPACE::ConcatOdd(d, hi, lo));
    }
}
#endif

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#endif  // TQ_LANE_REDUCE_INL_H_
