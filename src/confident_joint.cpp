#include "confident_joint.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <type_traits>

#include "error.hpp"
#include "numpy_sum.hpp"
#include "parallel.hpp"
#include "token_block.hpp"

namespace tq {

namespace {

// Contiguous token ranges, one per chunk.
int64_t chunk_begin(int64_t n, int c, int n_chunks) { return n * c / n_chunks; }

// numpy's float -> int64 cast: exact for the integral values used here; NaN and
// infinities give INT64_MIN on x86-64, as numpy does.
int64_t to_int64(double v) {
    if (!std::isfinite(v)) return std::numeric_limits<int64_t>::min();
    return static_cast<int64_t>(v);
}

}  // namespace

void require_joint_size(int64_t n_classes) {
    if (n_classes > kMaxClasses)
        fail(TQ_ERR_INVALID_SIZE,
             "n_classes = %lld is too large for a confident joint (at most %lld classes)",
             static_cast<long long>(n_classes), static_cast<long long>(kMaxClasses));
}

template <class T>
ClassGroups<T> group_by_class(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                              int64_t n_classes, int32_t n_threads, bool with_tokens,
                              const ProbabilityRange *validate) {
    const size_t K = static_cast<size_t>(n_classes);
    const int n_chunks = choose_thread_count(n_threads, n_tokens, kMinTokensPerThread);
    // Counting sort: per-chunk counts give every chunk its own slots in each group, so
    // groups come out in position order whatever the number of chunks.
    std::vector<int64_t> chunk_counts(static_cast<size_t>(n_chunks) * K, 0);
    run_chunks(n_chunks, [&](int c) {
        int64_t *counts = chunk_counts.data() + static_cast<size_t>(c) * K;
        const int64_t end = chunk_begin(n_tokens, c + 1, n_chunks);
        for (int64_t t = chunk_begin(n_tokens, c, n_chunks); t < end; ++t) ++counts[labels[t]];
    });
    ClassGroups<T> g;
    g.starts.assign(K + 1, 0);
    std::vector<int64_t> next(static_cast<size_t>(n_chunks) * K);
    int64_t position = 0;
    for (size_t k = 0; k < K; ++k) {
        g.starts[k] = position;
        for (int c = 0; c < n_chunks; ++c) {
            next[static_cast<size_t>(c) * K + k] = position;
            position += chunk_counts[static_cast<size_t>(c) * K + k];
        }
    }
    g.starts[K] = position;
    if (with_tokens) g.tokens.resize(static_cast<size_t>(n_tokens));
    g.own_probs.resize(static_cast<size_t>(n_tokens));
    std::vector<char> bad(static_cast<size_t>(n_chunks), 0);
    const T low = validate != nullptr ? lowest_at_least<T>(validate->low) : T(0);
    const T high = validate != nullptr ? highest_at_most<T>(validate->high) : T(0);
    run_chunks(n_chunks, [&](int c) {
        int64_t *slot = next.data() + static_cast<size_t>(c) * K;
        int64_t *tokens = with_tokens ? g.tokens.data() : nullptr;
        T *own = g.own_probs.data();
        const int64_t end = chunk_begin(n_tokens, c + 1, n_chunks);
        constexpr int64_t kBlock = 256;  // tokens checked while their rows are in cache
        bool any_bad = false;
        for (int64_t first = chunk_begin(n_tokens, c, n_chunks); first < end; first += kBlock) {
            const int64_t last = std::min(end, first + kBlock);
            if (validate != nullptr)
                any_bad |= any_outside(pred_probs + first * n_classes, (last - first) * n_classes,
                                       low, high);
            for (int64_t t = first; t < last; ++t) {
                const int32_t y = labels[t];
                const int64_t s = slot[y]++;
                if (tokens != nullptr) tokens[s] = t;
                own[s] = pred_probs[t * n_classes + y];
            }
        }
        bad[static_cast<size_t>(c)] = any_bad;
    });
    // The exact error (the first bad value) comes from the shared check.
    if (validate != nullptr && std::find(bad.begin(), bad.end(), 1) != bad.end())
        validate_probabilities(pred_probs, n_tokens, n_classes, *validate, n_threads);
    return g;
}

template <class T>
std::vector<double> confident_thresholds(const ClassGroups<T> &groups) {
    std::vector<double> thresholds(static_cast<size_t>(groups.n_classes()));
    for (int64_t k = 0; k < groups.n_classes(); ++k) {
        const int64_t n = groups.count(k);
        double t = kAbsentClassThreshold;
        if (n > 0)
            t = numpy_sum(groups.own_probs.data() + groups.starts[static_cast<size_t>(k)], n) /
                static_cast<double>(n);
        thresholds[static_cast<size_t>(k)] = std::max(t, kConfidentThresholdsLowerBound);
    }
    return thresholds;
}

namespace {

template <class T>
struct ChunkCounts {
    CountMatrix joint;
    int64_t n_off_diagonal_kept = 0;
    Candidates<T> candidates;
};


template <class T>
TQ_ALWAYS_INLINE void count_range_body(const int32_t *labels, const T *pred_probs, int64_t n_classes,
                 const T *lowered, int64_t begin, int64_t end, ChunkCounts<T> &out,
                 bool want_candidates) {
    const int64_t K = n_classes;
    const size_t cells = static_cast<size_t>(K * K + 1);  // the last one: not confident
    // Four interleaved histograms, so that runs of tokens in the same cell do not wait on
    // each other's increments.
    std::vector<int64_t> histogram(4 * cells, 0);
    int64_t kept = 0;
    if (want_candidates) {  // a guess, to avoid most regrowth
        const size_t expected = static_cast<size_t>((end - begin) / 8 + 16);
        out.candidates.tokens.reserve(expected);
        out.candidates.labels.reserve(expected);
        out.candidates.flags.reserve(expected);
        out.candidates.rows.reserve(expected * static_cast<size_t>(K));
    }
    auto emit = [&](const Block<T> &block, int64_t b, bool) {
        ++histogram[static_cast<size_t>(b & 3) * cells + static_cast<size_t>(block.cell[b])];
        const uint8_t f = static_cast<uint8_t>(block.flag[b]);
        kept += (f & (kConfidentOffDiagonal | kPredictedIsGiven)) == kConfidentOffDiagonal;
    };
    Block<T> block(K), hard(K);  // `hard` collects the tokens that are not easy
    auto finish_hard = [&] {
        hard.pad();
        hard.compute(lowered);
        for (int64_t b = 0; b < hard.n; ++b) emit(hard, b, false);
        if (want_candidates) {
            // Copy the block's candidates in one go.
            Candidates<T> &c = out.candidates;
            size_t n = c.tokens.size();
            for (int64_t b = 0; b < hard.n; ++b)
                if (hard.flag[b] & kLabelNotStrictMax) ++n;
            const size_t first = c.tokens.size();
            c.tokens.resize(n);
            c.labels.resize(n);
            c.flags.resize(n);
            c.rows.resize(n * static_cast<size_t>(K));
            size_t at = first;
            for (int64_t b = 0; b < hard.n; ++b) {
                if (!(hard.flag[b] & kLabelNotStrictMax)) continue;
                c.tokens[at] = hard.token[b];
                c.labels[at] = static_cast<int32_t>(hard.label[b]);
                c.flags[at] = static_cast<uint8_t>(hard.flag[b]);
                T *row = c.rows.data() + at * static_cast<size_t>(K);
                for (int64_t k = 0; k < K; ++k)
                    row[k] = hard.columns[static_cast<size_t>(k * Block<T>::kSize + b)];
                ++at;
            }
        }
        hard.n = 0;
    };
    for (int64_t first = begin; first < end; first += Block<T>::kSize) {
        block.load(labels, pred_probs, lowered, first, std::min(Block<T>::kSize, end - first));
        block.pad();
        block.screen(lowered);
        for (int64_t b = 0; b < block.n; ++b) {
            if (block.reaching[b] == 1) {  // easy tokens are never candidates
                emit(block, b, false);
                continue;
            }
            hard.push(block, b);
            if (hard.n == Block<T>::kSize) finish_hard();
        }
    }
    if (hard.n > 0) finish_hard();
    for (size_t i = 0; i + 1 < cells; ++i)
        out.joint[i] += histogram[i] + histogram[cells + i] + histogram[2 * cells + i] +
                        histogram[3 * cells + i];
    out.n_off_diagonal_kept += kept;
}

// The kernel compiled twice: for the baseline instruction set, and (on x86-64 with GCC or
// Clang) for AVX2, whose wider vectors the block loops use when the CPU has them. Both
// compute the same exact comparisons and integer counts, so results do not depend on which
// one runs.
template <class T>
void count_range_baseline(const int32_t *labels, const T *pred_probs, int64_t n_classes,
                          const T *lowered, int64_t begin, int64_t end, ChunkCounts<T> &out,
                          bool want_candidates) {
    count_range_body(labels, pred_probs, n_classes, lowered, begin, end, out, want_candidates);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TQ_HAVE_AVX2_KERNEL 1
template <class T>
__attribute__((target("avx2"))) void count_range_avx2(const int32_t *labels, const T *pred_probs,
                                                       int64_t n_classes, const T *lowered,
                                                       int64_t begin, int64_t end,
                                                       ChunkCounts<T> &out, bool want_candidates) {
    count_range_body(labels, pred_probs, n_classes, lowered, begin, end, out, want_candidates);
}
#endif

template <class T>
void count_range(const int32_t *labels, const T *pred_probs, int64_t n_classes,
                 const T *lowered, int64_t begin, int64_t end, ChunkCounts<T> &out,
                 bool want_candidates, KernelChoice kernel) {
#if defined(TQ_HAVE_AVX2_KERNEL)
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2 && kernel == KernelChoice::kBest)
        return count_range_avx2(labels, pred_probs, n_classes, lowered, begin, end, out,
                                want_candidates);
#endif
    count_range_baseline(labels, pred_probs, n_classes, lowered, begin, end, out,
                         want_candidates);
}

}  // namespace

template <class T>
ConfidentCounts<T> count_confident(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                                   int64_t n_classes, const std::vector<double> &thresholds,
                                   bool want_candidates, int32_t n_threads,
                                   KernelChoice kernel) {
    const size_t K = static_cast<size_t>(n_classes);
    // cleanlab compares p[k] >= threshold[k] - 1e-6 in double.
    std::vector<T> lowered(K);
    for (size_t k = 0; k < K; ++k)
        lowered[k] = lowest_at_least<T>(thresholds[k] - kFloatingPointComparison);
    ConfidentCounts<T> result;
    const int n_chunks = choose_thread_count(n_threads, n_tokens, kMinTokensPerThread);
    std::vector<ChunkCounts<T>> chunks(static_cast<size_t>(n_chunks));
    for (ChunkCounts<T> &c : chunks) c.joint.assign(K * K, 0);
    run_chunks(n_chunks, [&](int c) {
        count_range(labels, pred_probs, n_classes, lowered.data(),
                    chunk_begin(n_tokens, c, n_chunks), chunk_begin(n_tokens, c + 1, n_chunks),
                    chunks[static_cast<size_t>(c)], want_candidates, kernel);
    });
    result.joint.assign(K * K, 0);
    result.n_off_diagonal_kept = 0;
    for (ChunkCounts<T> &c : chunks) {
        for (size_t i = 0; i < K * K; ++i) result.joint[i] += c.joint[i];
        result.n_off_diagonal_kept += c.n_off_diagonal_kept;
    }
    if (want_candidates) {
        // Chunk order is position order.
        Candidates<T> &all = result.candidates;
        if (n_chunks == 1) {
            all = std::move(chunks[0].candidates);
        } else {
            for (ChunkCounts<T> &c : chunks) {
                all.tokens.insert(all.tokens.end(), c.candidates.tokens.begin(), c.candidates.tokens.end());
                all.labels.insert(all.labels.end(), c.candidates.labels.begin(), c.candidates.labels.end());
                all.flags.insert(all.flags.end(), c.candidates.flags.begin(), c.candidates.flags.end());
                all.rows.insert(all.rows.end(), c.candidates.rows.begin(), c.candidates.rows.end());
            }
        }
    }
    // cleanlab keeps at least one count on the diagonal of every class.
    for (size_t k = 0; k < K; ++k) result.joint[k * K + k] = std::max<int64_t>(result.joint[k * K + k], 1);
    return result;
}

std::vector<int64_t> round_preserving_sum(const double *values, int64_t n) {
    const size_t N = static_cast<size_t>(n);
    std::vector<double> rounded(N);
    for (size_t i = 0; i < N; ++i) rounded[i] = std::nearbyint(values[i]);
    const double target = std::nearbyint(numpy_sum(values, n));
    double total = std::nearbyint(numpy_sum(rounded.data(), n));
    std::vector<size_t> order(N);
    std::vector<double> residual(N);
    // NaN differences compare false and end the loop, as in cleanlab.
    for (int round = 0; std::fabs(total - target) > kFloatingPointComparison; ++round) {
        if (round > 1000) fail(TQ_ERR_INTERNAL, "round_preserving_sum did not converge");
        const double diff = std::nearbyint(target - total);
        const int step = diff < 0.0 ? -1 : 1;
        const size_t changes = std::min(static_cast<size_t>(std::fabs(diff)), N);
        for (size_t i = 0; i < N; ++i) residual[i] = values[i] - rounded[i];
        std::iota(order.begin(), order.end(), size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](size_t a, size_t b) { return residual[a] < residual[b]; });
        // Adding: the largest residuals first, read from the end of the stable order
        // (so the later of two equal residuals goes first). Subtracting: the smallest.
        if (step > 0) std::reverse(order.begin(), order.end());
        for (size_t i = 0; i < changes; ++i) rounded[order[i]] += step;
        total = std::nearbyint(numpy_sum(rounded.data(), n));
    }
    std::vector<int64_t> out(N);
    for (size_t i = 0; i < N; ++i) out[i] = to_int64(rounded[i]);
    return out;
}

CountMatrix calibrate_confident_joint(const CountMatrix &joint,
                                      const std::vector<int64_t> &label_counts, SumOrder order) {
    const size_t K = label_counts.size();
    std::vector<double> scaled(K * K);
    for (size_t i = 0; i < K; ++i) {
        int64_t row_total = 0;
        for (size_t j = 0; j < K; ++j) row_total += joint[i * K + j];
        const double divisor = std::max(static_cast<double>(row_total), kTinyValue);
        for (size_t j = 0; j < K; ++j)
            scaled[i * K + j] = static_cast<double>(joint[i * K + j]) / divisor *
                                static_cast<double>(label_counts[i]);
    }
    std::vector<double> visit(K * K);
    for (size_t i = 0; i < K; ++i)
        for (size_t j = 0; j < K; ++j)
            visit[order == SumOrder::kRowMajor ? i * K + j : j * K + i] = scaled[i * K + j];
    const double total =
        std::max(numpy_sum(visit.data(), static_cast<int64_t>(K * K)), kTinyValue);
    int64_t n_tokens = 0;
    for (int64_t c : label_counts) n_tokens += c;
    for (double &v : scaled) v = v / total * static_cast<double>(n_tokens);
    CountMatrix calibrated(K * K);
    for (size_t i = 0; i < K; ++i) {
        const std::vector<int64_t> row =
            round_preserving_sum(scaled.data() + i * K, static_cast<int64_t>(K));
        std::copy(row.begin(), row.end(), calibrated.begin() + static_cast<std::ptrdiff_t>(i * K));
    }
    return calibrated;
}

int64_t num_label_issues_calibrated(const CountMatrix &raw_joint,
                                    const std::vector<int64_t> &label_counts) {
    const size_t K = label_counts.size();
    // compute_confident_joint(calibrate=True), then estimate_joint calibrates again.
    const CountMatrix once = calibrate_confident_joint(raw_joint, label_counts, SumOrder::kColumnMajor);
    const CountMatrix twice = calibrate_confident_joint(once, label_counts, SumOrder::kRowMajor);
    int64_t sum = 0;
    for (int64_t v : twice) sum += v;
    const double total = std::max(static_cast<double>(sum), kTinyValue);
    std::vector<double> diagonal(K);
    for (size_t k = 0; k < K; ++k) diagonal[k] = static_cast<double>(twice[k * K + k]) / total;
    const double trace = numpy_sum(diagonal.data(), static_cast<int64_t>(K));
    int64_t n_tokens = 0;
    for (int64_t c : label_counts) n_tokens += c;
    return static_cast<int64_t>(std::nearbyint((1.0 - trace) * static_cast<double>(n_tokens)));
}

PresentClasses present_classes(const std::vector<int64_t> &label_counts) {
    PresentClasses p{0, -1};
    for (size_t k = 0; k < label_counts.size(); ++k)
        if (label_counts[k] > 0) {
            ++p.count;
            p.one = static_cast<int64_t>(k);
        }
    return p;
}

template <class T>
bool adjust_row(const T *row, int64_t n_classes, const double *thresholds, double max_threshold,
                double *out) {
    for (int64_t k = 0; k < n_classes; ++k)
        out[k] = (static_cast<double>(row[k]) - thresholds[k]) + max_threshold;
    const double sum = numpy_sum(out, n_classes);
    if (sum == 0.0) return false;
    for (int64_t k = 0; k < n_classes; ++k) out[k] /= sum;
    return true;
}

template ClassGroups<float> group_by_class<float>(const int32_t *, const float *, int64_t, int64_t,
                                                  int32_t, bool, const ProbabilityRange *);
template ClassGroups<double> group_by_class<double>(const int32_t *, const double *, int64_t,
                                                    int64_t, int32_t, bool,
                                                    const ProbabilityRange *);
template std::vector<double> confident_thresholds<float>(const ClassGroups<float> &);
template std::vector<double> confident_thresholds<double>(const ClassGroups<double> &);
template ConfidentCounts<float> count_confident<float>(const int32_t *, const float *, int64_t,
                                                      int64_t, const std::vector<double> &, bool,
                                                      int32_t, KernelChoice);
template ConfidentCounts<double> count_confident<double>(const int32_t *, const double *, int64_t,
                                                        int64_t, const std::vector<double> &,
                                                        bool, int32_t, KernelChoice);
template bool adjust_row<float>(const float *, int64_t, const double *, double, double *);
template bool adjust_row<double>(const double *, int64_t, const double *, double, double *);

}  // namespace tq
