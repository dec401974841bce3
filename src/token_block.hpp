// A block of up to 64 tokens held column by column, and the per-token facts confident
// learning needs (first argmax, maximum, confident classes, _reduce_issues), computed by
// simple loops over the block's tokens that the compiler vectorizes. Used by
// count_confident and the streaming inspector.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "confident_joint.hpp"

namespace tq {

// Forces inlining of the block loops into their callers' own loops.
#if defined(__GNUC__)
#define TQ_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define TQ_ALWAYS_INLINE inline
#endif

// The smallest T that is >= `bound`: for any T value v, v >= bound exactly when v >= it,
// so float data can be compared in float with the outcome of a comparison in double.
template <class T>
inline T lowest_at_least(double bound) {
    T v = static_cast<T>(bound);
    if (static_cast<double>(v) < bound) v = std::nextafter(v, std::numeric_limits<T>::infinity());
    return v;
}

// The largest T that is <= `bound` (likewise).
template <class T>
inline T highest_at_most(double bound) {
    T v = static_cast<T>(bound);
    if (static_cast<double>(v) > bound) v = std::nextafter(v, -std::numeric_limits<T>::infinity());
    return v;
}

// Whether any of v[0 .. n) is NaN or outside [low, high], the bounds already in T: a loop
// the compiler vectorizes (an integer accumulator, comparisons in T).
template <class T>
inline bool any_outside(const T *v, int64_t n, T low, T high) {
    using Lane = typename std::conditional<sizeof(T) == 4, int32_t, int64_t>::type;
    Lane bad = 0;
    for (int64_t i = 0; i < n; ++i) {
        const T x = v[i];
        bad |= !((x >= low) & (x <= high));  // NaN fails both
    }
    return bad != 0;
}

// Per-token facts, computed for blocks of tokens held column by column so that every step
// is a simple loop over the block's tokens that the compiler vectorizes. count_confident
// needs them only for the few tokens their own probability and runner-up do not settle;
// the inspector computes them for every token. No NaN can occur: the input is validated
// first.
template <class T>
struct Block {
    static constexpr int64_t kSize = 64;
    // An integer lane as wide as T, so that comparisons and selects share one vector shape.
    using Lane = typename std::conditional<sizeof(T) == 4, int32_t, int64_t>::type;
    int64_t n_classes;
    int64_t n = 0;           // tokens held
    std::vector<T> columns;  // columns[k * kSize + b]: probability of class k for token b
    int64_t token[kSize];
    T own[kSize], own_bound[kSize];
    Lane label[kSize];
    T best[kSize];
    Lane argmax[kSize], first_confident[kSize], n_confident[kSize], n_at_least_own[kSize];
    Lane cell[kSize];  // y * K + guess in the confident joint, or K * K when not confident
    Lane flag[kSize];  // TokenFlag bits

    explicit Block(int64_t classes)
        : n_classes(classes), columns(static_cast<size_t>(classes * kSize)) {}

    TQ_ALWAYS_INLINE T &at(int64_t k, int64_t b) { return columns[static_cast<size_t>(k * kSize + b)]; }

    // Appends token t (label y, probabilities `row`); n < kSize.
    TQ_ALWAYS_INLINE void add(int64_t t, int32_t y, const T *row, const T *lowered) {
        for (int64_t k = 0; k < n_classes; ++k) at(k, n) = row[k];
        token[n] = t;
        label[n] = y;
        own[n] = row[y];
        own_bound[n] = lowered[y];
        ++n;
    }

    // Tokens [first, first + count) of the dataset, count <= kSize.
    TQ_ALWAYS_INLINE void load(const int32_t *labels, const T *pred_probs, const T *lowered, int64_t first,
              int64_t count) {
        n = 0;
        for (int64_t t = first; t < first + count; ++t)
            add(t, labels[t], pred_probs + t * n_classes, lowered);
    }

    // Lanes past n hold harmless values, so loops can run over whole blocks.
    TQ_ALWAYS_INLINE void pad() {
        for (int64_t b = n; b < kSize; ++b) {
            for (int64_t k = 0; k < n_classes; ++k) at(k, b) = T(0);
            label[b] = 0;
            own[b] = T(0);
            own_bound[b] = T(1);
        }
    }

    // Every fact of every token.
    TQ_ALWAYS_INLINE void compute(const T *lowered) {
        const T *c = columns.data();
        const Lane K = static_cast<Lane>(n_classes);
        for (int64_t b = 0; b < kSize; ++b) best[b] = c[b];
        for (int64_t k = 1; k < n_classes; ++k)
            for (int64_t b = 0; b < kSize; ++b) {
                const T v = c[k * kSize + b];
                best[b] = v > best[b] ? v : best[b];
            }
        for (int64_t b = 0; b < kSize; ++b) {
            argmax[b] = K;
            first_confident[b] = K;
            n_confident[b] = 0;
            n_at_least_own[b] = 0;
        }
        // Downwards, so the last write is the first index.
        for (int64_t k = n_classes - 1; k >= 0; --k) {
            const T bound = lowered[k];
            const Lane kk = static_cast<Lane>(k);
            for (int64_t b = 0; b < kSize; ++b) {
                const T v = c[k * kSize + b];
                argmax[b] = v == best[b] ? kk : argmax[b];
                const Lane confident = v >= bound ? 1 : 0;
                first_confident[b] = confident ? kk : first_confident[b];
                n_confident[b] += confident;
                n_at_least_own[b] += v >= own[b] ? 1 : 0;
            }
        }
        for (int64_t b = 0; b < kSize; ++b) {
            // A confident token's guess: its only confident class, or the argmax of several.
            const Lane guess = n_confident[b] > 1 ? argmax[b] : first_confident[b];
            const bool counted = n_confident[b] > 0;
            cell[b] = counted ? label[b] * K + guess : K * K;
            const Lane off_diagonal = counted && guess != label[b] ? kConfidentOffDiagonal : 0;
            const Lane not_given = argmax[b] != label[b] ? kArgmaxNotGiven : 0;
            const Lane not_strict = n_at_least_own[b] > 1 ? kLabelNotStrictMax : 0;
            flag[b] = off_diagonal | not_given | not_strict;
        }
        // _reduce_issues: is the first argmax y once p[y] gets 1e-6 more (compared in
        // double, as cleanlab)? Yes if y already is the argmax; otherwise if the maximum
        // stays below the boosted value, or equals it but first occurs after y.
        for (int64_t b = 0; b < kSize; ++b) {
            const double bonus = static_cast<double>(own[b]) + kFloatingPointComparison;
            const double top = static_cast<double>(best[b]);
            const bool wins =
                argmax[b] == label[b] || top < bonus || (top == bonus && argmax[b] > label[b]);
            flag[b] |= wins ? kPredictedIsGiven : 0;
        }
    }
};

}  // namespace tq
