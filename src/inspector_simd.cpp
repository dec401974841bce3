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
#include <hwy/cache_control.h>
#include <hwy/highway.h>

#include "range_check-inl.h"

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// The 64 mask bits of the vectors at offsets 0, N, 2N, ... 64 - N: bit j is lane j % N of
// test(j - j % N), the mask test gives for the vector starting j - j % N values on.
template <class D, class Test>
HWY_INLINE uint64_t MaskWord64(D d, const Test &test) {
    const int64_t N = static_cast<int64_t>(hn::Lanes(d));  // at most 64 lanes
    uint64_t word = 0;
    for (int64_t j = 0; j < 64; j += N) {
        uint8_t bytes[8] = {};
        hn::StoreMaskBits(d, test(j), bytes);
        uint64_t bits;
        std::memcpy(&bits, bytes, sizeof bits);
        word |= bits << j;
    }
    return word;
}

// 64 values at a time: a word of mask bits, one vector compare per vector of values, then
// a visit of its set bits only (few: a cut keeps a small part of the scores). A
// compress-store of 64-bit places would be cheaper per vector on AVX-512 but is emulated
// by table lookups on AVX2.
template <class T>
int64_t PlacesAtMost(const T *values, int64_t n, T bound, int64_t *out) {
    const hn::ScalableTag<T> d;
    const auto bound_v = hn::Set(d, bound);
    int64_t count = 0, i = 0;
    for (; i + 64 <= n; i += 64) {
        uint64_t word = MaskWord64(
            d, [&](int64_t j) { return hn::Le(hn::LoadU(d, values + i + j), bound_v); });
        for (; word != 0; word &= word - 1) out[count++] = i + __builtin_ctzll(word);
    }
    for (; i < n; ++i) {
        out[count] = i;
        count += values[i] <= bound;
    }
    return count;
}

// Pass 1: the next block's values, n_next_values from `next`, are fetched one 64-byte line
// per row while this block is worked on: lines [0, NextLines) start at next + line *
// kLineValues. (Pass 2, whose rows take longer, fetches the next block's row r with row r:
// measured a little faster there, the fetches spread over the whole block.)
template <class T>
constexpr int64_t kLineValues = static_cast<int64_t>(64 / sizeof(T));
template <class T>
HWY_INLINE int64_t NextLines(int64_t n_next_values) {
    return (n_next_values + kLineValues<T> - 1) / kLineValues<T>;
}

template <class T>
bool CheckedOwn(const T *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes, T low,
                T high, T *own, const T *next, int64_t n_next) {
    if (AnyOutside(rows, n_rows * n_classes, low, high)) return true;
    const int64_t n_lines = NextLines<T>(n_next * n_classes);
    for (int64_t r = 0; r < n_rows; ++r) {
        if (r < n_lines) hwy::Prefetch(next + r * kLineValues<T>);
        own[r] = rows[r * n_classes + labels[r]];
    }
    return false;
}

// Rows that fit one vector are one unaligned load each (running into the next row, whose
// lanes are masked off; the last rows, whose load would run past the array, take the
// scalar path); wider rows several loads, the last one ending at the row's end (lanes
// tested twice are harmless to "any").
template <class T>
bool CheckedOwnSettled(const T *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes,
                       T low, T high, const T *lowered, T *own, uint8_t *settled, int32_t *keys,
                       const T *next, int64_t n_next) {
    const int64_t K = n_classes;
    const hn::ScalableTag<T> d;
    const hn::RebindToSigned<decltype(d)> di;
    using TI = hn::TFromD<decltype(di)>;
    const int64_t N = static_cast<int64_t>(hn::Lanes(d)), n_values = n_rows * K;
    const auto lane = hn::Iota(di, 0);
    int64_t r = 0;
    if (K <= N) {
        // Each row's load holds the whole row: the range check rides on the loads (running
        // minima, maxima and a sum, which NaN makes NaN), instead of a separate loop over the
        // block first; the rows left to the scalar loop below are checked apart. As in
        // own_and_runner_up: the inspector workflow (bench_find_issues), NER-like K = 9
        // float32, min / median of 9 interleaved runs, 27.6 / 30.0 -> 25.0 / 27.4 ms.
        const auto in_row = hn::Lt(lane, hn::Set(di, static_cast<TI>(K)));
        const auto low_v = hn::Set(d, low), high_v = hn::Set(d, high);
        auto least = high_v, most = low_v, sum = hn::Zero(d);
        for (; r * K + N <= n_values; ++r) {
            if (r < n_next) hwy::Prefetch(next + r * K);
            const T *row = rows + r * K;
            const int32_t y = labels[r];
            const auto v = hn::LoadU(d, row);
            least = hn::Min(least, v);
            most = hn::Max(most, v);
            sum = hn::Add(sum, v);
            const auto others = hn::RebindMask(d, hn::AndNot(hn::Eq(lane, hn::Set(di, static_cast<TI>(y))), in_row));
            const auto reach = hn::And(hn::Ge(v, hn::Set(d, row[y])), others);
            const int32_t s = hn::AllFalse(d, reach) ? 1 : 0;
            own[r] = row[y];
            settled[r] = static_cast<uint8_t>(s);
            keys[r] = 4 * y + s + 2 * (s & (row[y] >= lowered[y]));
        }
        const auto outside = hn::Or(hn::Lt(least, low_v), hn::Gt(most, high_v));
        if (!hn::AllFalse(d, hn::Or(outside, hn::IsNaN(sum))) ||
            AnyOutside(rows + r * K, n_values - r * K, low, high))
            return true;
    } else if (AnyOutside(rows, n_values, low, high)) {
        return true;
    } else if (K <= 2 * N) {
        // Two loads per row: lanes [0, N) and [K - N, K).
        const auto lane2 = hn::Add(lane, hn::Set(di, static_cast<TI>(K - N)));
        for (; r < n_rows; ++r) {
            if (r < n_next) hwy::Prefetch(next + r * K);
            const T *row = rows + r * K;
            const int32_t y = labels[r];
            const auto label = hn::Set(di, static_cast<TI>(y));
            const auto own_v = hn::Set(d, row[y]);
            const auto reach1 = hn::AndNot(hn::RebindMask(d, hn::Eq(lane, label)), hn::Ge(hn::LoadU(d, row), own_v));
            const auto reach2 = hn::AndNot(hn::RebindMask(d, hn::Eq(lane2, label)), hn::Ge(hn::LoadU(d, row + K - N), own_v));
            const int32_t s = hn::AllFalse(d, hn::Or(reach1, reach2)) ? 1 : 0;
            own[r] = row[y];
            settled[r] = static_cast<uint8_t>(s);
            keys[r] = 4 * y + s + 2 * (s & (row[y] >= lowered[y]));
        }
    } else {
        for (; r < n_rows; ++r) {
            if (r < n_next)
                for (int64_t k = 0; k < K; k += kLineValues<T>) hwy::Prefetch(next + r * K + k);
            const T *row = rows + r * K;
            const int32_t y = labels[r];
            const auto label = hn::Set(di, static_cast<TI>(y));
            const auto own_v = hn::Set(d, row[y]);
            auto reach = hn::FirstN(d, 0);
            for (int64_t k = 0;; k += N) {
                if (k + N > K) k = K - N;
                const auto is_label = hn::RebindMask(d, hn::Eq(hn::Add(lane, hn::Set(di, static_cast<TI>(k))), label));
                reach = hn::Or(reach, hn::AndNot(is_label, hn::Ge(hn::LoadU(d, row + k), own_v)));
                if (k + N >= K) break;
            }
            const int32_t s = hn::AllFalse(d, reach) ? 1 : 0;
            own[r] = row[y];
            settled[r] = static_cast<uint8_t>(s);
            keys[r] = 4 * y + s + 2 * (s & (row[y] >= lowered[y]));
        }
    }
    for (; r < n_rows; ++r) {
        const T *row = rows + r * K;
        const int32_t y = labels[r];
        bool reach = false;
        for (int64_t k = 0; k < K; ++k) reach |= (k != y) & (row[k] >= row[y]);
        const int32_t s = reach ? 0 : 1;
        own[r] = row[y];
        settled[r] = static_cast<uint8_t>(s);
        keys[r] = 4 * y + s + 2 * (s & (row[y] >= lowered[y]));
    }
    return false;
}

// 64 flags at a time: a word of mask bits (one vector compare per vector of flags), then a
// visit of its set bits only.
int64_t PlacesOfZero(const uint8_t *flags, int64_t n, int64_t *out) {
    const hn::ScalableTag<uint8_t> d;
    const auto zero = hn::Zero(d);
    int64_t count = 0, i = 0;
    for (; i + 64 <= n; i += 64) {
        uint64_t word =
            MaskWord64(d, [&](int64_t j) { return hn::Eq(hn::LoadU(d, flags + i + j), zero); });
        for (; word != 0; word &= word - 1) out[count++] = i + __builtin_ctzll(word);
    }
    for (; i < n; ++i) {
        out[count] = i;
        count += flags[i] == 0;
    }
    return count;
}

bool CheckedOwnF32(const float *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes,
                   float low, float high, float *own, const float *next, int64_t n_next) {
    return CheckedOwn(rows, labels, n_rows, n_classes, low, high, own, next, n_next);
}
bool CheckedOwnF64(const double *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes,
                   double low, double high, double *own, const double *next, int64_t n_next) {
    return CheckedOwn(rows, labels, n_rows, n_classes, low, high, own, next, n_next);
}
bool CheckedOwnSettledF32(const float *rows, const int32_t *labels, int64_t n_rows,
                          int64_t n_classes, float low, float high, const float *lowered,
                          float *own, uint8_t *settled, int32_t *keys, const float *next,
                          int64_t n_next) {
    return CheckedOwnSettled(rows, labels, n_rows, n_classes, low, high, lowered, own, settled, keys,
                             next, n_next);
}
bool CheckedOwnSettledF64(const double *rows, const int32_t *labels, int64_t n_rows,
                          int64_t n_classes, double low, double high, const double *lowered,
                          double *own, uint8_t *settled, int32_t *keys, const double *next,
                          int64_t n_next) {
    return CheckedOwnSettled(rows, labels, n_rows, n_classes, low, high, lowered, own, settled, keys,
                             next, n_next);
}

int64_t PlacesAtMostF32(const float *values, int64_t n, float bound, int64_t *out) {
    return PlacesAtMost(values, n, bound, out);
}
int64_t PlacesAtMostF64(const double *values, int64_t n, double bound, int64_t *out) {
    return PlacesAtMost(values, n, bound, out);
}

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(PlacesAtMostF32);
HWY_EXPORT(PlacesAtMostF64);
HWY_EXPORT(CheckedOwnF32);
HWY_EXPORT(CheckedOwnF64);
HWY_EXPORT(CheckedOwnSettledF32);
HWY_EXPORT(CheckedOwnSettledF64);
HWY_EXPORT(PlacesOfZero);

int64_t places_at_most(const float *values, int64_t n, float bound, int64_t *out) {
    return HWY_DYNAMIC_DISPATCH(PlacesAtMostF32)(values, n, bound, out);
}
int64_t places_at_most(const double *values, int64_t n, double bound, int64_t *out) {
    return HWY_DYNAMIC_DISPATCH(PlacesAtMostF64)(values, n, bound, out);
}

bool checked_own(const float *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes,
                 float low, float high, float *own, const float *next, int64_t n_next) {
    return HWY_DYNAMIC_DISPATCH(CheckedOwnF32)(rows, labels, n_rows, n_classes, low, high, own,
                                               next, n_next);
}
bool checked_own(const double *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes,
                 double low, double high, double *own, const double *next, int64_t n_next) {
    return HWY_DYNAMIC_DISPATCH(CheckedOwnF64)(rows, labels, n_rows, n_classes, low, high, own,
                                               next, n_next);
}
bool checked_own_settled(const float *rows, const int32_t *labels, int64_t n_rows,
                         int64_t n_classes, float low, float high, const float *lowered,
                         float *own, uint8_t *settled, int32_t *keys, const float *next,
                         int64_t n_next) {
    return HWY_DYNAMIC_DISPATCH(CheckedOwnSettledF32)(rows, labels, n_rows, n_classes, low, high,
                                                      lowered, own, settled, keys, next, n_next);
}
bool checked_own_settled(const double *rows, const int32_t *labels, int64_t n_rows,
                         int64_t n_classes, double low, double high, const double *lowered,
                         double *own, uint8_t *settled, int32_t *keys, const double *next,
                         int64_t n_next) {
    return HWY_DYNAMIC_DISPATCH(CheckedOwnSettledF64)(rows, labels, n_rows, n_classes, low, high,
                                                      lowered, own, settled, keys, next, n_next);
}
int64_t places_of_zero(const uint8_t *flags, int64_t n, int64_t *out) {
    return HWY_DYNAMIC_DISPATCH(PlacesOfZero)(flags, n, out);
}

}  // namespace tq
#endif  // HWY_ONCE
