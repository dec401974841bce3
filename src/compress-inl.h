// Compress (the lanes of a mask moved to the front of a vector) for the Highway kernels that
// list places or values (issues_simd.cpp, token_facts_simd.cpp). Included once per target
// by each kernel file after hwy/highway.h (Highway's per-target include guard below).
#if defined(TQ_COMPRESS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef TQ_COMPRESS_INL_H_
#undef TQ_COMPRESS_INL_H_
#else
#define TQ_COMPRESS_INL_H_
#endif

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {

#if HWY_TARGET <= HWY_AVX3
// hn::Compress(v, mask) on AVX-512 targets (512-bit vectors). For 64-bit lanes this is the
// instruction itself: Highway 1.0.3's Compress of 64-bit lanes copies a 2 KiB table on
// every call (it took most of the time of the loops that called it). 32-bit lanes are
// Highway's, already the instruction.
template <class V, class M>
HWY_INLINE V CompressLanes(V v, M mask) {
    using T = hwy::HWY_NAMESPACE::TFromV<V>;
    if constexpr (sizeof(T) == 8 && hwy::IsFloat<T>()) {
        return V{_mm512_maskz_compress_pd(mask.raw, v.raw)};
    } else if constexpr (sizeof(T) == 8) {
        return V{_mm512_maskz_compress_epi64(mask.raw, v.raw)};
    } else {
        return hwy::HWY_NAMESPACE::Compress(v, mask);
    }
}
#endif

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#endif  // TQ_COMPRESS_INL_H_ toggle
