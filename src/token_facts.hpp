// The per-token facts confident learning needs (cleanlab.count.compute_confident_joint
// and _reduce_issues): for rows of predicted probabilities, the first argmax and its
// value, the classes that reach their confident threshold, and how many classes reach the
// label's own probability; then each token's confident-joint cell and TokenFlag bits.
// The raw facts come from a vectorized kernel (token_facts_simd.cpp, Highway, dispatched
// at run time) on rows held contiguously: the candidates' copied rows, or rows copied
// there first. Inputs are validated already: no NaN can occur.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "confident_joint.hpp"
#include "raw_vector.hpp"

namespace tq {

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

// An integer as wide as T: the kernel's count and index lanes.
template <class T>
using FactLane = typename std::conditional<sizeof(T) == 4, int32_t, int64_t>::type;

// The raw facts of n rows, one entry per row.
template <class T>
struct RowFacts {
    RawVector<T> own;                         // row[label]
    RawVector<T> best;                        // the largest value
    RawVector<FactLane<T>> argmax;            // its first class
    RawVector<FactLane<T>> n_confident;       // classes k with row[k] >= lowered[k]
    RawVector<FactLane<T>> first_confident;   // the first of them, n_classes if none
    RawVector<FactLane<T>> n_at_least_own;    // classes k with row[k] >= row[label] (label included)
    void resize(size_t n) {
        own.resize(n);
        best.resize(n);
        argmax.resize(n);
        n_confident.resize(n);
        first_confident.resize(n);
        n_at_least_own.resize(n);
    }
};

// The raw facts of rows[0 .. n) (n_classes values each, contiguous) labeled labels[0 .. n),
// `lowered` the classes' confident bounds in T (threshold - 1e-6, see lowest_at_least):
// out must hold n entries. The same for every instruction set (exact comparisons only).
void row_facts(const float *rows, const int32_t *labels, int64_t n, int64_t n_classes,
               const float *lowered, RowFacts<float> &out);
void row_facts(const double *rows, const int32_t *labels, int64_t n, int64_t n_classes,
               const double *lowered, RowFacts<double> &out);

// For rows t in [0, n_rows) (n_classes values each, contiguous): own[t] = rows[t][labels[t]]
// and runner_up[t] = the largest value of another class (-infinity for one class), both
// exact. Returns true when some value of these rows is NaN or outside [low, high] (then
// own and runner_up may hold anything). This is confident learning's one full read of
// pred_probs (first_pass, and the inspector's scoring pass). It checks the block's values
// first, in one contiguous loop (ordered integer bits, no mask registers), then reads each
// row with contiguous vector loads (no gathers, which are slow on CPUs with the
// gather-data-sampling microcode fix) and reduces N rows' maxima together. Labels must be
// valid. Same results on every instruction set.
bool own_and_runner_up(const float *rows, const int32_t *labels, int64_t n_rows,
                       int64_t n_classes, float low, float high, float *own, float *runner_up);
bool own_and_runner_up(const double *rows, const int32_t *labels, int64_t n_rows,
                       int64_t n_classes, double low, double high, double *own,
                       double *runner_up);

// The places i in [0, n) where runner_up[i] >= own[i] (the candidates of a block), in
// order, into out (room for n + 64 entries: vector stores may write past the count);
// returns how many. One vector compare and compress per vector of places.
int64_t candidates_in_block(const float *own, const float *runner_up, int64_t n, int32_t *out);
int64_t candidates_in_block(const double *own, const double *runner_up, int64_t n, int64_t *out);

// out[slot[labels[i]]++] = values[i] for i in [0, n), in order: the values grouped by
// label (first_pass's counting sort). Labels must be in [0, n_classes). Writes only the
// slots it fills.
void scatter_by_label(const int32_t *labels, const float *values, int64_t n, int64_t n_classes,
                      int64_t *slot, float *out);
void scatter_by_label(const int32_t *labels, const double *values, int64_t n, int64_t n_classes,
                      int64_t *slot, double *out);

// A token's confident-joint cell (label * K + guess, or K * K when no class is confident)
// and TokenFlag bits, from its raw facts i.
struct CellAndFlag {
    int64_t cell;
    uint8_t flag;
};

template <class T>
inline CellAndFlag cell_and_flag(const RowFacts<T> &f, size_t i, int32_t label, int64_t n_classes) {
    const int64_t K = n_classes, argmax = f.argmax[i];
    // A confident token's guess: its only confident class, or the argmax of several.
    const int64_t guess = f.n_confident[i] > 1 ? argmax : static_cast<int64_t>(f.first_confident[i]);
    const bool counted = f.n_confident[i] > 0;
    CellAndFlag out;
    out.cell = counted ? label * K + guess : K * K;
    // _reduce_issues: is the first argmax the label once p[label] gets 1e-6 more (compared
    // in double, as cleanlab)? Yes if it already is; otherwise if the maximum stays below
    // the boosted value, or equals it but first occurs after the label. (Bitwise & and |:
    // no branches.)
    const double bonus = static_cast<double>(f.own[i]) + kFloatingPointComparison;
    const double top = static_cast<double>(f.best[i]);
    const bool wins = (argmax == label) | (top < bonus) | ((top == bonus) & (argmax > label));
    out.flag = static_cast<uint8_t>(((counted & (guess != label)) ? kConfidentOffDiagonal : 0) |
                                    (argmax != label ? kArgmaxNotGiven : 0) |
                                    (f.n_at_least_own[i] > 1 ? kLabelNotStrictMax : 0) |
                                    (wins ? kPredictedIsGiven : 0));
    return out;
}

}  // namespace tq
