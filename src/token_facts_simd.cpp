// Highway kernel of token_facts.hpp's row_facts. This file is compiled once per target
// instruction set (foreach_target.h re-includes it); HWY_DYNAMIC_DISPATCH picks the best
// target the CPU supports on the first call. Every target makes the same exact
// comparisons and integer counts, so the results do not depend on which one runs.
#include "token_facts.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "token_facts_simd.cpp"  // found through this file's include path
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "compress-inl.h"
#include "lane_reduce-inl.h"

HWY_BEFORE_NAMESPACE();
namespace tq {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// One row's facts, the scalar way (rows that do not fill a vector, and wide rows whose
// gather indices would not fit the lanes).
template <class T>
HWY_INLINE void OneRowFacts(const T *row, int32_t label, int64_t n_classes, const T *lowered,
                            RowFacts<T> &out, size_t i) {
    using Lane = FactLane<T>;
    const T own = row[label];
    T best = row[0];
    Lane argmax = 0, n_confident = 0, first_confident = static_cast<Lane>(n_classes), n_at_least_own = 0;
    for (int64_t k = 0; k < n_classes; ++k) {
        const T v = row[k];
        if (v > best) {  // strictly: the first maximum stays
            best = v;
            argmax = static_cast<Lane>(k);
        }
        if (v >= lowered[k]) {
            if (n_confident == 0) first_confident = static_cast<Lane>(k);
            ++n_confident;
        }
        n_at_least_own += v >= own;
    }
    out.own[i] = own;
    out.best[i] = best;
    out.argmax[i] = argmax;
    out.n_confident[i] = n_confident;
    out.first_confident[i] = first_confident;
    out.n_at_least_own[i] = n_at_least_own;
}

// N rows at a time (N = lanes of T): class k of all N rows is one gather, so every step
// is one vector operation across the rows.
template <class T>
void RowFactsRows(const T *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes,
                  const T *lowered, RowFacts<T> &out) {
    const hn::ScalableTag<T> d;
    const hn::RebindToSigned<decltype(d)> di;
    using TI = hn::TFromD<decltype(di)>;
    static_assert(sizeof(TI) == sizeof(FactLane<T>), "lanes as wide as T");
    const int64_t lanes = static_cast<int64_t>(hn::Lanes(d));
    int64_t r = 0;
    // Gather indices (N - 1) * n_classes + k must fit in TI.
    if (n_classes <= static_cast<int64_t>(hwy::LimitsMax<TI>() / static_cast<TI>(HWY_MAX_BYTES))) {
        const auto row_starts = hn::Mul(hn::Iota(di, 0), hn::Set(di, static_cast<TI>(n_classes)));
        const auto one = hn::Set(di, 1), none = hn::Set(di, static_cast<TI>(n_classes));
        const hn::Rebind<int32_t, decltype(di)> d32;
        for (; r + lanes <= n_rows; r += lanes) {
            const T *base = rows + r * n_classes;
            hn::Vec<decltype(di)> label;
            if constexpr (sizeof(TI) == sizeof(int32_t))
                label = hn::LoadU(di, labels + r);
            else
                label = hn::PromoteTo(di, hn::LoadU(d32, labels + r));
            const auto own = hn::GatherIndex(d, base, hn::Add(row_starts, label));
            auto best = hn::GatherIndex(d, base, row_starts);
            auto argmax = hn::Zero(di), n_confident = hn::Zero(di), n_at_least_own = hn::Zero(di);
            auto first_confident = none;
            for (int64_t k = 0; k < n_classes; ++k) {
                const auto kv = hn::Set(di, static_cast<TI>(k));
                const auto v = k == 0 ? best : hn::GatherIndex(d, base, hn::Add(row_starts, kv));
                const auto above = hn::Gt(v, best);  // strictly: the first maximum stays
                best = hn::IfThenElse(above, v, best);
                argmax = hn::IfThenElse(hn::RebindMask(di, above), kv, argmax);
                const auto confident = hn::RebindMask(di, hn::Ge(v, hn::Set(d, lowered[k])));
                first_confident = hn::IfThenElse(
                    hn::And(confident, hn::Eq(n_confident, hn::Zero(di))), kv, first_confident);
                n_confident = hn::Add(n_confident, hn::IfThenElseZero(confident, one));
                n_at_least_own = hn::Add(n_at_least_own,
                                         hn::IfThenElseZero(hn::RebindMask(di, hn::Ge(v, own)), one));
            }
            const size_t at = static_cast<size_t>(r);
            hn::StoreU(own, d, out.own.data() + at);
            hn::StoreU(best, d, out.best.data() + at);
            hn::StoreU(argmax, di, out.argmax.data() + at);
            hn::StoreU(n_confident, di, out.n_confident.data() + at);
            hn::StoreU(first_confident, di, out.first_confident.data() + at);
            hn::StoreU(n_at_least_own, di, out.n_at_least_own.data() + at);
        }
    }
    for (; r < n_rows; ++r)
        OneRowFacts(rows + r * n_classes, labels[r], n_classes, lowered, out, static_cast<size_t>(r));
}

void RowFactsF32(const float *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes,
                 const float *lowered, RowFacts<float> &out) {
    RowFactsRows(rows, labels, n_rows, n_classes, lowered, out);
}
void RowFactsF64(const double *rows, const int32_t *labels, int64_t n_rows, int64_t n_classes,
                 const double *lowered, RowFacts<double> &out) {
    RowFactsRows(rows, labels, n_rows, n_classes, lowered, out);
}

// own_and_runner_up: every row read with contiguous loads. A row of K <= N classes is one
// unaligned load of N lanes (the lanes past the row are masked off; a row whose load would
// run past the array loads the N values ending at its end instead); a wider row is
// several loads, the last one ending at the row's end (overlapping lanes are harmless to
// a maximum). The label's lane is masked with -inf. Values are compared and kept exactly,
// never rounded.
//
// The rows' maxima are reduced N rows at a time (RowMaxima: lane_reduce-inl.h's
// TransposedReduce, shared with the scores' margin kernel): reducing each row alone
// across its lanes costs log2(N) shuffles and maxima per row, plus a scalar store; N
// rows reduced together cost N - 1 pairs of ConcatEven/ConcatOdd and one Max in all (about
// 3 operations a row) and one vector store. Rows of K <= N classes are range-checked on
// their loads; wider rows by a separate loop over the block's values, before the rows (see
// below). Checking on the loads, NER-like K = 9 float32, tq_find_label_issues_f32 with
// prune_by_noise_rate, 11 interleaved runs, min / median ms: 18.4 / 20.2 -> 16.3 / 18.6
// (uniform 19.1 / 21.9 -> 18.6 / 20.0; the inspector 23.8 / 25.3 -> 23.4 / 24.5).


// A float's bits as a signed integer that orders as the floats do (-0 just below +0, NaN
// beyond the infinities).
template <class T>
HWY_INLINE FactLane<T> OrderedBits(T v) {
    using TI = FactLane<T>;
    TI bits;
    std::memcpy(&bits, &v, sizeof bits);
    return bits ^ ((bits >> (sizeof(T) * 8 - 1)) & std::numeric_limits<TI>::max());
}

#if HWY_TARGET != HWY_SCALAR
// m[0 .. Lanes): one vector per row; lane i of the result is the maximum of m[i]'s lanes.
template <class D, class V>
HWY_INLINE V RowMaxima(D d, const V *m) {
    constexpr size_t kN = hn::MaxLanes(d);
    return TransposedReduce<kN>(d, 0, [](V a, V b) TQ_LAMBDA_INLINE { return hn::Max(a, b); },
                                [m](int64_t g) TQ_LAMBDA_INLINE { return m[g]; });
}
#endif

template <class T>
bool OwnAndRunnerUpContiguous(const T *rows, const int32_t *labels, int64_t n_rows,
                              int64_t n_classes, T low, T high, T *own, T *runner_up) {
    const hn::ScalableTag<T> d;
    const hn::RebindToSigned<decltype(d)> di;
    using TI = hn::TFromD<decltype(di)>;
    static_assert(sizeof(TI) == sizeof(T), "lanes as wide as T");
    constexpr size_t kN = hn::MaxLanes(d);
    const int64_t N = static_cast<int64_t>(hn::Lanes(d)), K = n_classes;
    const int64_t n_values = n_rows * K;
    // The range check first. Comparing floats gives masks, and AND/OR/NOT of masks is slow
    // on AVX-512 (a few mask ports); instead each value becomes an integer that orders as
    // the floats do (OrderedBits: the sign's bit flips the others), so "low <= v <= high" is
    // one unsigned comparison of v - low with high - low, checked once for the whole block
    // through the largest difference (a vector maximum). NaN lies above +infinity or below
    // -infinity in that order, so it fails too.
    const hn::RebindToUnsigned<decltype(d)> du;
    using TU = hn::TFromD<decltype(du)>;
    constexpr int kSignShift = static_cast<int>(sizeof(T) * 8 - 1);
    const auto magnitude = hn::Set(di, hwy::LimitsMax<TI>());
    // -0 and +0 are equal as floats but not as ordered bits: a bound of zero takes the
    // zero that keeps both inside.
    const TU low_bits = static_cast<TU>(OrderedBits(low == T(0) ? -T(0) : low));
    const TU span = static_cast<TU>(static_cast<TU>(OrderedBits(high == T(0) ? T(0) : high)) - low_bits);
    const auto low_u = hn::Set(du, low_bits);
    // Whether any of values [begin, n_values) fails the check.
    const auto any_bad_from = [&](int64_t begin) {
        auto largest = hn::Zero(du);
        int64_t i = begin;
        for (; i + N <= n_values; i += N) {
            const auto bits = hn::BitCast(di, hn::LoadU(d, rows + i));
            const auto ordered = hn::Xor(bits, hn::And(hn::ShiftRight<kSignShift>(bits), magnitude));
            largest = hn::Max(largest, hn::Sub(hn::BitCast(du, ordered), low_u));
        }
        HWY_ALIGN TU lanes_out[kN];
        hn::Store(largest, du, lanes_out);
        bool any_bad = !(low <= high);
        for (size_t j = 0; j < kN; ++j) any_bad |= lanes_out[j] > span;
        for (; i < n_values; ++i) any_bad |= !((rows[i] >= low) & (rows[i] <= high));
        return any_bad;
    };
#if HWY_TARGET != HWY_SCALAR
    // Rows of K <= N classes are checked as the row loop loads them (below).
    const bool check_in_rows = K <= N;
#else
    const bool check_in_rows = false;
#endif
    if (!check_in_rows && any_bad_from(0)) return true;

    const auto minus_infinity = hn::Set(d, -std::numeric_limits<T>::infinity());
    const auto lane = hn::Iota(di, 0);
    int64_t r = 0;
#if HWY_TARGET != HWY_SCALAR
    hn::Vec<decltype(d)> m[kN];  // groups of N rows
    if (K <= N) {
        // A row whose load would run past the array (the last rows of a block) is loaded so
        // that the load ends at the row's end instead: its classes are lanes N - K .. N - 1.
        const int64_t shift = N - K;
        const auto in_row = hn::Lt(lane, hn::Set(di, static_cast<TI>(K)));
        const auto in_row_shifted = hn::Gt(lane, hn::Set(di, static_cast<TI>(shift - 1)));
        // allow[y]: +inf in the lanes of the row's classes other than y, -inf elsewhere, so
        // that Min(row, allow[y]) masks a row by label with one load and one minimum (no mask
        // registers); allow[kN + y], the same for a row loaded backward.
        HWY_ALIGN T allow[2 * kN * kN];
        const auto plus_infinity = hn::Set(d, std::numeric_limits<T>::infinity());
        for (int64_t y = 0; y < K; ++y) {
            const auto is_y = hn::Eq(lane, hn::Set(di, static_cast<TI>(y)));
            const auto is_y_shifted = hn::Eq(lane, hn::Set(di, static_cast<TI>(y + shift)));
            hn::Store(hn::IfThenElse(hn::RebindMask(d, hn::AndNot(is_y, in_row)), plus_infinity, minus_infinity),
                      d, allow + static_cast<size_t>(y) * kN);
            hn::Store(hn::IfThenElse(hn::RebindMask(d, hn::AndNot(is_y_shifted, in_row_shifted)), plus_infinity,
                                     minus_infinity),
                      d, allow + (kN + static_cast<size_t>(y)) * kN);
        }
        // Every value of a row lies in its load (and the other lanes hold values of
        // neighbouring rows of the block): the check rides on the loads, by running minima,
        // maxima and a sum, which NaN makes NaN (no mask logic per row).
        const auto low_v = hn::Set(d, low), high_v = hn::Set(d, high);
        auto least = high_v, most = low_v, sum = hn::Zero(d);
        auto load_row = [&](int64_t at, bool shifted) {
            const T *row = rows + at * K;
            const int32_t y = labels[at];
            own[at] = row[y];
            const auto v = shifted ? hn::LoadU(d, row - shift) : hn::LoadU(d, row);
            least = hn::Min(least, v);
            most = hn::Max(most, v);
            sum = hn::Add(sum, v);
            return hn::Min(v, hn::Load(d, allow + ((shifted ? kN : 0) + static_cast<size_t>(y)) * kN));
        };
        for (; r + N <= n_rows && (r + N - 1) * K + N <= n_values; r += N) {
            for (size_t g = 0; g < kN; ++g) m[g] = load_row(r + static_cast<int64_t>(g), false);
            m[0] = RowMaxima(d, m);
            hn::StoreU(m[0], d, runner_up + r);
        }
        // The last group, whose last rows load backward (if that stays inside the array).
        if (r + N <= n_rows && r * K >= shift) {
            for (size_t g = 0; g < kN; ++g) {
                const int64_t at = r + static_cast<int64_t>(g);
                m[g] = load_row(at, at * K + N > n_values);
            }
            m[0] = RowMaxima(d, m);
            hn::StoreU(m[0], d, runner_up + r);
            r += N;
        }
        const auto outside = hn::Or(hn::Lt(least, low_v), hn::Gt(most, high_v));
        if (!(low <= high) || !hn::AllFalse(d, hn::Or(outside, hn::IsNaN(sum))) ||
            any_bad_from(r * K))  // the rows left to the scalar loop below
            return true;
    } else {
        for (; r + N <= n_rows; r += N) {
            for (size_t g = 0; g < kN; ++g) {
                const T *row = rows + (r + static_cast<int64_t>(g)) * K;
                const int32_t y = labels[r + static_cast<int64_t>(g)];
                const auto label = hn::Set(di, static_cast<TI>(y));
                auto best = minus_infinity;
                int64_t k = 0;
                for (; k + N <= K; k += N) {
                    const auto is_label = hn::Eq(hn::Add(lane, hn::Set(di, static_cast<TI>(k))), label);
                    best = hn::Max(best, hn::IfThenElse(hn::RebindMask(d, is_label), minus_infinity,
                                                        hn::LoadU(d, row + k)));
                }
                if (k < K) {
                    k = K - N;
                    const auto is_label = hn::Eq(hn::Add(lane, hn::Set(di, static_cast<TI>(k))), label);
                    best = hn::Max(best, hn::IfThenElse(hn::RebindMask(d, is_label), minus_infinity,
                                                        hn::LoadU(d, row + k)));
                }
                m[g] = best;
                own[r + static_cast<int64_t>(g)] = row[y];
            }
            m[0] = RowMaxima(d, m);
            hn::StoreU(m[0], d, runner_up + r);
        }
    }
#else
    (void)minus_infinity;
    (void)lane;
    (void)kN;
#endif
    for (; r < n_rows; ++r) {
        const T *row = rows + r * K;
        const int64_t y = labels[r];
        T best = -std::numeric_limits<T>::infinity();
        for (int64_t k = 0; k < K; ++k) best = k != y && row[k] > best ? row[k] : best;
        own[r] = row[y];
        runner_up[r] = best;
    }
    return false;
}

template <class T>
int64_t CandidatesInBlock(const T *own, const T *runner_up, int64_t n, FactLane<T> *out) {
    int64_t count = 0, i = 0;
#if HWY_TARGET <= HWY_AVX3
    // AVX-512 compresses in one instruction: compress in a register, then a plain store (a
    // compressing store to memory is microcoded and slow on Zen 4); out has room for the
    // full vector. (CompressLanes: Highway 1.0.3's Compress of 64-bit lanes, float64 data
    // here, copies a table on every call, as its emulation on the other targets does: the
    // scalar loop below is cheaper there.)
    const hn::ScalableTag<T> d;
    const hn::RebindToSigned<decltype(d)> di;
    using TI = hn::TFromD<decltype(di)>;
    const int64_t N = static_cast<int64_t>(hn::Lanes(d));
    auto place = hn::Iota(di, 0);
    const auto step = hn::Set(di, static_cast<TI>(N));
    for (; i + N <= n; i += N) {
        const auto found = hn::Ge(hn::LoadU(d, runner_up + i), hn::LoadU(d, own + i));
        const auto mask = hn::RebindMask(di, found);
        hn::StoreU(CompressLanes(place, mask), di, out + count);
        count += static_cast<int64_t>(hn::CountTrue(di, mask));
        place = hn::Add(place, step);
    }
#endif
    for (; i < n; ++i) {  // without a branch
        out[count] = static_cast<FactLane<T>>(i);
        count += runner_up[i] >= own[i];
    }
    return count;
}

#if HWY_TARGET <= HWY_AVX3
// The largest class count the AVX-512 scatter takes: it costs a compare, a compress and a
// masked store per class and vector, so beyond a few classes the scalar loop is cheaper.
constexpr int64_t kMaxCompressClasses = 16;
#endif

template <class T>
void ScatterByLabel(const int32_t *labels, const T *values, int64_t n, int64_t n_classes,
                    int64_t *slot, T *out) {
    int64_t i = 0;
#if HWY_TARGET <= HWY_AVX3
    // Per vector of tokens and class: the values of that class compressed to the front of
    // a register, then a masked store of exactly their count (a compressing store to
    // memory is microcoded and slow on Zen 4; the masked-off lanes are not accessed, so
    // nothing past the class's slots is written). Highway's Compress on the other targets
    // sets up a table on every call: the scalar loop below is cheaper there.
    if (n_classes <= kMaxCompressClasses) {
        const hn::ScalableTag<T> d;
        const hn::RebindToSigned<decltype(d)> di;
        using TI = hn::TFromD<decltype(di)>;
        const int64_t N = static_cast<int64_t>(hn::Lanes(d));
        for (; i + N <= n; i += N) {
            const auto v = hn::LoadU(d, values + i);
            hn::Vec<decltype(di)> y;
            if constexpr (sizeof(T) == 4) {
                y = hn::LoadU(di, labels + i);
            } else {
                const hn::Rebind<int32_t, decltype(d)> d32;
                y = hn::PromoteTo(di, hn::LoadU(d32, labels + i));
            }
            for (int64_t k = 0; k < n_classes; ++k) {
                const auto mask = hn::RebindMask(d, hn::Eq(y, hn::Set(di, static_cast<TI>(k))));
                const size_t count = hn::CountTrue(d, mask);
                hn::BlendedStore(CompressLanes(v, mask), hn::FirstN(d, count), d, out + slot[k]);
                slot[k] += static_cast<int64_t>(count);
            }
        }
    }
#else
    (void)n_classes;
#endif
    // Four tokens at a time: their slots are loaded together and corrected for equal labels
    // among them, so that a run of one label (most tokens of an NER corpus are class 0)
    // waits on one store of its counter per four tokens rather than per token.
    for (; i + 4 <= n; i += 4) {
        const int32_t y0 = labels[i], y1 = labels[i + 1], y2 = labels[i + 2], y3 = labels[i + 3];
        const int64_t s0 = slot[y0];
        const int64_t s1 = slot[y1] + (y1 == y0);
        const int64_t s2 = slot[y2] + (y2 == y0) + (y2 == y1);
        const int64_t s3 = slot[y3] + (y3 == y0) + (y3 == y1) + (y3 == y2);
        out[s0] = values[i];
        out[s1] = values[i + 1];
        out[s2] = values[i + 2];
        out[s3] = values[i + 3];
        // In token order: for equal labels the last store, the largest slot, stays.
        slot[y0] = s0 + 1;
        slot[y1] = s1 + 1;
        slot[y2] = s2 + 1;
        slot[y3] = s3 + 1;
    }
    for (; i < n; ++i) out[slot[labels[i]]++] = values[i];
}

void ScatterByLabelF32(const int32_t *labels, const float *values, int64_t n, int64_t n_classes,
                       int64_t *slot, float *out) {
    ScatterByLabel(labels, values, n, n_classes, slot, out);
}
void ScatterByLabelF64(const int32_t *labels, const double *values, int64_t n, int64_t n_classes,
                       int64_t *slot, double *out) {
    ScatterByLabel(labels, values, n, n_classes, slot, out);
}

int64_t CandidatesInBlockF32(const float *own, const float *runner_up, int64_t n, int32_t *out) {
    return CandidatesInBlock(own, runner_up, n, out);
}
int64_t CandidatesInBlockF64(const double *own, const double *runner_up, int64_t n, int64_t *out) {
    return CandidatesInBlock(own, runner_up, n, out);
}

bool OwnAndRunnerUpF32(const float *rows, const int32_t *labels, int64_t n_rows,
                       int64_t n_classes, float low, float high, float *own, float *runner_up) {
    return OwnAndRunnerUpContiguous(rows, labels, n_rows, n_classes, low, high, own, runner_up);
}
bool OwnAndRunnerUpF64(const double *rows, const int32_t *labels, int64_t n_rows,
                       int64_t n_classes, double low, double high, double *own,
                       double *runner_up) {
    return OwnAndRunnerUpContiguous(rows, labels, n_rows, n_classes, low, high, own, runner_up);
}

}  // namespace HWY_NAMESPACE
}  // namespace tq
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tq {

HWY_EXPORT(RowFactsF32);
HWY_EXPORT(RowFactsF64);
HWY_EXPORT(CandidatesInBlockF32);
HWY_EXPORT(CandidatesInBlockF64);
HWY_EXPORT(OwnAndRunnerUpF32);
HWY_EXPORT(OwnAndRunnerUpF64);
HWY_EXPORT(ScatterByLabelF32);
HWY_EXPORT(ScatterByLabelF64);

void scatter_by_label(const int32_t *labels, const float *values, int64_t n, int64_t n_classes,
                      int64_t *slot, float *out) {
    HWY_DYNAMIC_DISPATCH(ScatterByLabelF32)(labels, values, n, n_classes, slot, out);
}
void scatter_by_label(const int32_t *labels, const double *values, int64_t n, int64_t n_classes,
                      int64_t *slot, double *out) {
    HWY_DYNAMIC_DISPATCH(ScatterByLabelF64)(labels, values, n, n_classes, slot, out);
}

int64_t candidates_in_block(const float *own, const float *runner_up, int64_t n, int32_t *out) {
    return HWY_DYNAMIC_DISPATCH(CandidatesInBlockF32)(own, runner_up, n, out);
}
int64_t candidates_in_block(const double *own, const double *runner_up, int64_t n, int64_t *out) {
    return HWY_DYNAMIC_DISPATCH(CandidatesInBlockF64)(own, runner_up, n, out);
}

bool own_and_runner_up(const float *rows, const int32_t *labels, int64_t n_rows,
                       int64_t n_classes, float low, float high, float *own, float *runner_up) {
    return HWY_DYNAMIC_DISPATCH(OwnAndRunnerUpF32)(rows, labels, n_rows, n_classes, low, high, own,
                                                   runner_up);
}
bool own_and_runner_up(const double *rows, const int32_t *labels, int64_t n_rows,
                       int64_t n_classes, double low, double high, double *own,
                       double *runner_up) {
    return HWY_DYNAMIC_DISPATCH(OwnAndRunnerUpF64)(rows, labels, n_rows, n_classes, low, high, own,
                                                   runner_up);
}

void row_facts(const float *rows, const int32_t *labels, int64_t n, int64_t n_classes,
               const float *lowered, RowFacts<float> &out) {
    HWY_DYNAMIC_DISPATCH(RowFactsF32)(rows, labels, n, n_classes, lowered, out);
}
void row_facts(const double *rows, const int32_t *labels, int64_t n, int64_t n_classes,
               const double *lowered, RowFacts<double> &out) {
    HWY_DYNAMIC_DISPATCH(RowFactsF64)(rows, labels, n, n_classes, lowered, out);
}

}  // namespace tq
#endif  // HWY_ONCE
