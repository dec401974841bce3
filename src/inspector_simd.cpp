// Highway kernels of inspector_simd.hpp. This file is compiled once per target instruction
// set (foreach_target.h re-includes it); HWY_DYNAMIC_DISPATCH picks the best target the CPU
// supports on the first call.
#include "inspector_simd.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "inspector_simd.cpp"  // found through this file's include path
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// 64 values at a time: a word of mask bits, one vector compare per vector of values, then
// a visit of its set bits only (few: a cut keeps a small part of the scores). A
// compress-store of 64-bit places would be cheaper per vector on AVX-512 but is emulated
// by table lookups on AVX2.
int64_t PlacesAtMost(const double *values, int64_t n, double bound, int64_t *out) {
    const hn::ScalableTag<double> d;
    const int64_t N = static_cast<int64_t>(hn::Lanes(d));  // at most 64 doubles
    const auto bound_v = hn::Set(d, bound);
    int64_t count = 0, i = 0;
    for (; i + 64 <= n; i += 64) {
        uint64_t word = 0;
        for (int64_t j = 0; j < 64; j += N) {
            uint8_t bytes[8] = {};
            hn::StoreMaskBits(d, hn::Le(hn::LoadU(d, values + i + j), bound_v), bytes);
            uint64_t bits;
            std::memcpy(&bits, bytes, sizeof bits);
            word |= bits << j;
        }
        for (; word != 0; word &= word - 1) out[count++] = i + __builtin_ctzll(word);
    }
    for (; i < n; ++i) {
        out[count] = i;
        count += values[i] <= bound;
    }
    return count;
}

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(PlacesAtMost);

int64_t places_at_most(const double *values, int64_t n, double bound, int64_t *out) {
    return HWY_DYNAMIC_DISPATCH(PlacesAtMost)(values, n, bound, out);
}

}  // namespace tq
#endif  // HWY_ONCE
