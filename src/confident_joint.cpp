#include "confident_joint.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <type_traits>

#include "error.hpp"
#include "numpy_sum.hpp"
#include "parallel.hpp"
#include "select.hpp"
#include "token_facts.hpp"
#include "token_scores_simd.hpp"

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

// counts[y] += how many of labels[0 .. n) equal y, for y in [0, K); counts[K] += how many
// are outside [0, K) (negative labels are huge as uint32). Four histograms filled in turn
// (`scratch`, 4 * (K + 1) entries), so that runs of one label do not wait on each other's
// increments. K <= kMaxClasses.
void count_labels(const int32_t *labels, size_t n, size_t K, int64_t *scratch, int64_t *counts) {
    const size_t slots = K + 1;
    std::fill(scratch, scratch + 4 * slots, 0);
    int64_t *h0 = scratch, *h1 = h0 + slots, *h2 = h1 + slots, *h3 = h2 + slots;
    const uint32_t k = static_cast<uint32_t>(K);
    auto slot = [k](int32_t y) { return std::min(static_cast<uint32_t>(y), k); };
    const size_t whole = n / 4 * 4;
    for (size_t i = 0; i < whole; i += 4) {
        ++h0[slot(labels[i])];
        ++h1[slot(labels[i + 1])];
        ++h2[slot(labels[i + 2])];
        ++h3[slot(labels[i + 3])];
    }
    for (size_t i = whole; i < n; ++i) ++h0[slot(labels[i])];
    for (size_t v = 0; v < slots; ++v) counts[v] += h0[v] + h1[v] + h2[v] + h3[v];
}

}  // namespace

void require_joint_size(int64_t n_classes) {
    if (n_classes > kMaxClasses)
        fail(TQ_ERR_INVALID_SIZE,
             "n_classes = %lld is too large for a confident joint (at most %lld classes)",
             static_cast<long long>(n_classes), static_cast<long long>(kMaxClasses));
}

template <class T>
FirstPass<T> first_pass(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                        int64_t n_classes, int32_t n_threads, const ProbabilityRange &range,
                        bool keep_token_scores) {
    const size_t K = static_cast<size_t>(n_classes);
    const int n_chunks = choose_thread_count(n_threads, n_tokens, kMinTokensPerThread);
    // Counting sort: per-chunk counts give every chunk its own slots in each group, so
    // groups come out in position order whatever the number of chunks. The same pass
    // checks the labels: a label outside [0, K) is counted in a last slot (a clamp, not a
    // branch), and validate_labels then reports the first one.
    const size_t slots = K + 1;
    std::vector<int64_t> chunk_counts(static_cast<size_t>(n_chunks) * slots, 0);
    run_chunks(n_chunks, [&](int c) {
        const int64_t begin = chunk_begin(n_tokens, c, n_chunks);
        std::vector<int64_t> scratch(4 * slots);
        count_labels(labels + begin, static_cast<size_t>(chunk_begin(n_tokens, c + 1, n_chunks) - begin),
                     K, scratch.data(), chunk_counts.data() + static_cast<size_t>(c) * slots);
    });
    for (int c = 0; c < n_chunks; ++c)
        if (chunk_counts[static_cast<size_t>(c) * slots + K] != 0) {
            validate_labels(labels, n_tokens, n_classes, n_threads);
            fail(TQ_ERR_INTERNAL, "a label failed the count's check but not its error report");
        }
    FirstPass<T> f;
    ClassGroups<T> &g = f.groups;
    g.starts.assign(K + 1, 0);
    std::vector<int64_t> next(static_cast<size_t>(n_chunks) * K);
    int64_t position = 0;
    for (size_t k = 0; k < K; ++k) {
        g.starts[k] = position;
        for (int c = 0; c < n_chunks; ++c) {
            next[static_cast<size_t>(c) * K + k] = position;
            position += chunk_counts[static_cast<size_t>(c) * slots + k];
        }
    }
    g.starts[K] = position;
    g.own_probs.resize(static_cast<size_t>(n_tokens));
    f.n_tokens = n_tokens;
    if (keep_token_scores) {
        f.own.resize(static_cast<size_t>(n_tokens));
        f.runner_up.resize(static_cast<size_t>(n_tokens));
    }
    f.runner_up_bound.resize(static_cast<size_t>(n_tokens));
    std::vector<Candidates<T>> chunk_candidates(static_cast<size_t>(n_chunks));
    std::vector<char> bad(static_cast<size_t>(n_chunks), 0);
    const T low = lowest_at_least<T>(range.low), high = highest_at_most<T>(range.high);
    run_chunks(n_chunks, [&](int c) {
        int64_t *slot = next.data() + static_cast<size_t>(c) * K;
        Candidates<T> &candidates = chunk_candidates[static_cast<size_t>(c)];
        const int64_t begin = chunk_begin(n_tokens, c, n_chunks);
        const int64_t end = chunk_begin(n_tokens, c + 1, n_chunks);
        const size_t expected = static_cast<size_t>((end - begin) / 8 + 16);  // avoids most regrowth
        candidates.tokens.reserve(expected);
        candidates.labels.reserve(expected);
        candidates.rows.reserve(expected * K);
        constexpr int64_t kBlock = 256;  // tokens whose rows are still in cache when copied
        FactLane<T> found[kBlock + 64];  // candidates_in_block's room
        T own_block[kBlock], runner_up_block[kBlock];  // when the call does not keep them
        uint16_t *bound = f.runner_up_bound.data();
        for (int64_t first = begin; first < end; first += kBlock) {
            const int64_t last = std::min(end, first + kBlock), n = last - first;
            T *own = keep_token_scores ? f.own.data() + first : own_block;
            T *runner_up = keep_token_scores ? f.runner_up.data() + first : runner_up_block;
            if (own_and_runner_up(pred_probs + first * n_classes, labels + first, n, n_classes,
                                  low, high, own, runner_up)) {
                bad[static_cast<size_t>(c)] = 1;
                return;
            }
            // Each loop does one thing, without branches: scatter into the groups, then
            // the runner-up bounds, then list the candidates, then copy their rows.
            scatter_by_label(labels + first, own, n, n_classes, slot, g.own_probs.data());
            for (int64_t i = 0; i < n; ++i)  // (vectorizes: no branch)
                bound[first + i] = static_cast<uint16_t>(runner_up_bound_key(runner_up[i]) &
                                                         (0u - static_cast<unsigned>(runner_up[i] < own[i])));
            const int64_t n_found = candidates_in_block(own, runner_up, n, found);
            // (The rows by a plain loop: a vector insert of K values per candidate is a
            // memmove call each.)
            const size_t at = candidates.rows.size();
            candidates.rows.resize(at + static_cast<size_t>(n_found) * K);
            T *to = candidates.rows.data() + at;
            for (int64_t i = 0; i < n_found; ++i, to += K) {
                const int64_t t = first + found[i];
                candidates.tokens.push_back(t);
                candidates.labels.push_back(labels[t]);
                const T *row = pred_probs + t * n_classes;
                for (size_t k = 0; k < K; ++k) to[k] = row[k];
            }
        }
    });
    // The exact error (the first bad value) comes from the shared check.
    if (std::find(bad.begin(), bad.end(), 1) != bad.end()) {
        validate_probabilities(pred_probs, n_tokens, n_classes, range, n_threads);
        fail(TQ_ERR_INTERNAL, "a probability failed the range check but not its error report");
    }
    // Chunk order is position order.
    Candidates<T> &all = f.candidates;
    if (n_chunks == 1) {
        all = std::move(chunk_candidates[0]);
    } else {
        for (const Candidates<T> &c : chunk_candidates) {
            all.tokens.insert(all.tokens.end(), c.tokens.begin(), c.tokens.end());
            all.labels.insert(all.labels.end(), c.labels.begin(), c.labels.end());
            all.rows.insert(all.rows.end(), c.rows.begin(), c.rows.end());
        }
    }
    all.flags.assign(all.tokens.size(), 0);
    return f;
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

bool is_kept_off_diagonal(uint8_t flags) {
    return (flags & (kConfidentOffDiagonal | kPredictedIsGiven)) == kConfidentOffDiagonal;
}

}  // namespace

template <class T>
ConfidentCounts count_confident(const int32_t *labels, const T *pred_probs, int64_t n_classes,
                                const std::vector<double> &thresholds, FirstPass<T> &first,
                                int32_t n_threads) {
    const size_t K = static_cast<size_t>(n_classes);
    const int64_t n_tokens = first.n_tokens;
    // cleanlab compares p[k] >= threshold[k] - 1e-6 in double; for T data, the same test.
    std::vector<T> lowered(K);
    for (size_t k = 0; k < K; ++k)
        lowered[k] = lowest_at_least<T>(thresholds[k] - kFloatingPointComparison);
    // others_lowered[y]: the lowest bound of any class but y. A token labeled y whose
    // runner-up is below it and below p[y] can be confident for y only.
    std::vector<T> others_lowered(K, std::numeric_limits<T>::infinity());
    for (size_t y = 0; y < K; ++y)
        for (size_t k = 0; k < K; ++k)
            if (k != y) others_lowered[y] = std::min(others_lowered[y], lowered[k]);
    const ClassGroups<T> &groups = first.groups;
    Candidates<T> &candidates = first.candidates;
    const int n_chunks = choose_thread_count(n_threads, n_tokens, kMinTokensPerThread);
    std::vector<ConfidentCounts> chunks(static_cast<size_t>(n_chunks));
    for (ConfidentCounts &c : chunks) {
        c.joint.assign(K * K, 0);
        c.n_off_diagonal_kept = 0;
    }
    // Every token labeled y with p[y] >= its bound first counts on the diagonal: class by
    // class over the groups, where the bound is a constant (a loop the compiler
    // vectorizes). That is right for the settled tokens (runner-up below both p[y] and
    // every other class's bound: y is the only class that can be confident); the others
    // (the candidates, and the rare "unsettled" tokens) are corrected below from their
    // rows' facts.
    run_chunks(n_chunks, [&](int c) {
        for (size_t y = static_cast<size_t>(c); y < K; y += static_cast<size_t>(n_chunks)) {
            const size_t begin = static_cast<size_t>(groups.starts[y]);
            const size_t n = static_cast<size_t>(groups.starts[y + 1]) - begin;
            const T *own = groups.own_probs.data() + begin;
            const T bound = lowered[y];
            int64_t confident = 0;
            for (size_t i = 0; i < n; ++i) confident += own[i] >= bound;
            chunks[static_cast<size_t>(c)].joint[y * K + y] += confident;
        }
    });
    // Unsettled tokens can only have a runner-up at or above the lowest bound of all.
    T lowest_bound = std::numeric_limits<T>::infinity();
    for (T b : others_lowered) lowest_bound = std::min(lowest_bound, b);
    run_chunks(n_chunks, [&](int c) {
        ConfidentCounts &mine = chunks[static_cast<size_t>(c)];
        const int64_t begin = chunk_begin(n_tokens, c, n_chunks);
        const int64_t end = chunk_begin(n_tokens, c + 1, n_chunks);
        // Facts of n tokens whose rows lie contiguously at `rows`; then for each, takes back
        // its diagonal count (it is not settled), counts it by its facts, and passes its
        // flags to done(i, flag). The counts go to four interleaved joints with a last cell
        // for "not confident", so that the loop has no branch and runs of one cell do not
        // wait on each other's increments.
        RowFacts<T> facts;
        // (Four copies only while they are small: a K x K joint of many classes is large.)
        const size_t cells = K * K + 1, copies = cells <= (size_t{1} << 16) ? 4 : 1;
        std::vector<int64_t> joints(copies * cells, 0);
        auto correct = [&](const T *rows, const int32_t *row_labels, size_t n, const auto &done) {
            facts.resize(n);
            row_facts(rows, row_labels, static_cast<int64_t>(n), n_classes, lowered.data(), facts);
            for (size_t i = 0; i < n; ++i) {
                int64_t *joint = joints.data() + (i & (copies - 1)) * cells;
                const size_t y = static_cast<size_t>(row_labels[i]);
                joint[y * K + y] -= facts.own[i] >= lowered[y];
                const CellAndFlag cf = cell_and_flag(facts, i, row_labels[i], n_classes);
                ++joint[cf.cell];
                mine.n_off_diagonal_kept += is_kept_off_diagonal(cf.flag);
                done(i, cf.flag);
            }
        };
        // The candidates' bounds are 0, below every class's bound: only the other tokens
        // can pass (and, from a bound rounded up, some settled ones, which the correction
        // counts exactly all the same).
        const uint16_t *bound = first.runner_up_bound.data();
        int64_t maybe_unsettled = 0;  // a loop without branches: vectorizes
        for (int64_t t = begin; t < end; ++t)
            maybe_unsettled += runner_up_bound_value<T>(bound[t]) >= lowest_bound;
        if (maybe_unsettled > 0) {
            // Their rows copied together first.
            RawVector<T> rows;
            std::vector<int32_t> row_labels;
            for (int64_t t = begin; t < end; ++t) {
                const T r = runner_up_bound_value<T>(bound[t]);
                if (!(r < others_lowered[static_cast<size_t>(labels[t])])) {
                    rows.insert(rows.end(), pred_probs + t * n_classes, pred_probs + (t + 1) * n_classes);
                    row_labels.push_back(labels[t]);
                }
            }
            correct(rows.data(), row_labels.data(), row_labels.size(), [](size_t, uint8_t) {});
        }
        const auto &tokens = candidates.tokens;
        const size_t lo = static_cast<size_t>(std::lower_bound(tokens.begin(), tokens.end(), begin) - tokens.begin());
        const size_t hi = static_cast<size_t>(std::lower_bound(tokens.begin(), tokens.end(), end) - tokens.begin());
        correct(candidates.rows.data() + lo * K, candidates.labels.data() + lo, hi - lo,
                [&](size_t i, uint8_t flag) { candidates.flags[lo + i] = flag; });
        for (size_t cell = 0; cell + 1 < cells; ++cell)
            for (size_t c = 0; c < copies; ++c) mine.joint[cell] += joints[c * cells + cell];
    });
    ConfidentCounts result;
    result.joint.assign(K * K, 0);
    result.n_off_diagonal_kept = 0;
    for (const ConfidentCounts &c : chunks) {
        for (size_t i = 0; i < K * K; ++i) result.joint[i] += c.joint[i];
        result.n_off_diagonal_kept += c.n_off_diagonal_kept;
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

template FirstPass<float> first_pass<float>(const int32_t *, const float *, int64_t, int64_t,
                                           int32_t, const ProbabilityRange &, bool);
template FirstPass<double> first_pass<double>(const int32_t *, const double *, int64_t, int64_t,
                                             int32_t, const ProbabilityRange &, bool);
template std::vector<double> confident_thresholds<float>(const ClassGroups<float> &);
template std::vector<double> confident_thresholds<double>(const ClassGroups<double> &);
template ConfidentCounts count_confident<float>(const int32_t *, const float *, int64_t,
                                               const std::vector<double> &, FirstPass<float> &,
                                               int32_t);
template ConfidentCounts count_confident<double>(const int32_t *, const double *, int64_t,
                                                const std::vector<double> &, FirstPass<double> &,
                                                int32_t);
template bool adjust_row<float>(const float *, int64_t, const double *, double, double *);
template bool adjust_row<double>(const double *, int64_t, const double *, double, double *);

}  // namespace tq
