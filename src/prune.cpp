#include "prune.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "numpy_sum.hpp"
#include "parallel.hpp"
#include "raw_vector.hpp"
#include "select.hpp"

namespace tq {

CountMatrix prune_count_matrix(const CountMatrix &calibrated, const std::vector<int64_t> &counts,
                               int64_t min_examples, double frac_noise,
                               const int64_t *num_to_remove) {
    const size_t K = counts.size();
    // A min_examples of at least the number of tokens leaves every class unflagged
    // whatever the matrix holds (no class has more tokens), so lowering it to that number
    // changes no result and keeps the diagonal below, converted to double and back, far
    // inside int64_t (min_examples may be anything up to INT64_MAX).
    int64_t n_tokens = 0;
    for (int64_t c : counts) n_tokens += c;
    min_examples = std::min(min_examples, n_tokens);
    auto prune = [&](size_t i, size_t j) { return calibrated[j * K + i]; };  // transposed
    std::vector<double> kept(K * K);
    for (size_t j = 0; j < K; ++j) {
        const int64_t diagonal = prune(j, j);
        const int64_t raised = std::max(diagonal, min_examples);
        int64_t nonzero = 0;
        for (size_t i = 0; i < K; ++i) nonzero += prune(i, j) != 0;
        // Take what the diagonal gained evenly from the column's other cells.
        const double others = std::max(static_cast<double>(nonzero) - 1.0, 1.0);
        const double take = static_cast<double>(raised - diagonal) / others;
        for (size_t i = 0; i < K; ++i) {
            const double v = static_cast<double>(prune(i, j)) - take;
            kept[i * K + j] = v < 0.0 ? 0.0 : v;
        }
        kept[j * K + j] = static_cast<double>(raised);
    }
    // Scale the off-diagonals by frac_noise and give the column's loss to its diagonal,
    // then truncate every entry. cleanlab's matrix is the transposed view of the joint,
    // column-major in memory, so numpy sums each column's losses as one contiguous run:
    // pairwise (numpy_sum), not row by row.
    CountMatrix reduced(K * K);
    std::vector<double> loss(K);  // column j's losses, in row order
    for (size_t j = 0; j < K; ++j) {
        for (size_t i = 0; i < K; ++i) {
            const double scaled = i == j ? kept[i * K + j] : kept[i * K + j] * frac_noise;
            loss[i] = kept[i * K + j] - scaled;
            reduced[i * K + j] = static_cast<int64_t>(scaled);
        }
        reduced[j * K + j] =
            static_cast<int64_t>(kept[j * K + j] + numpy_sum(loss.data(), static_cast<int64_t>(K)));
    }
    if (num_to_remove == nullptr) return reduced;

    // Redistribute num_to_remove[i] over row i in proportion to the noise rates (each
    // cell divided by the total of the row with the column's index, as cleanlab's
    // broadcasting does), keep label_count - num_to_remove on the diagonal, and round
    // rows preserving their totals.
    std::vector<double> row_total(K);
    for (size_t j = 0; j < K; ++j) {
        int64_t total = 0;
        for (size_t l = 0; l < K; ++l) total += reduced[j * K + l];
        row_total[j] = static_cast<double>(total);
    }
    std::vector<double> rate(K * K);
    for (size_t i = 0; i < K; ++i)
        for (size_t j = 0; j < K; ++j)
            rate[i * K + j] = static_cast<double>(reduced[i * K + j]) / row_total[j];
    CountMatrix result(K * K);
    std::vector<double> row(K);
    for (size_t i = 0; i < K; ++i) {
        const double noise = numpy_sum(rate.data() + i * K, static_cast<int64_t>(K)) - rate[i * K + i];
        for (size_t j = 0; j < K; ++j)
            row[j] = rate[i * K + j] * static_cast<double>(num_to_remove[i]) / noise;
        row[i] = static_cast<double>(counts[i] - num_to_remove[i]);
        const std::vector<int64_t> rounded = round_preserving_sum(row.data(), static_cast<int64_t>(K));
        std::copy(rounded.begin(), rounded.end(), result.begin() + static_cast<std::ptrdiff_t>(i * K));
    }
    return result;
}

namespace {

// Which classes a worker handles: k = c, c + n_workers, ... (any split gives the same
// flags, since each class touches only its own tokens).
template <class Work>
void for_each_class(int64_t n_classes, int32_t n_threads, int64_t n_tokens, const Work &work) {
    const int n_workers = static_cast<int>(std::min<int64_t>(
        choose_thread_count(n_threads, n_tokens, kMinTokensPerThread), n_classes));
    run_chunks(n_workers, [&](int c) {
        for (int64_t k = c; k < n_classes; k += n_workers) work(k);
    });
}

// The tokens labeled k, in position order (for the rare fallback below).
std::vector<int64_t> tokens_labeled(const int32_t *labels, int64_t n_tokens, int64_t k) {
    std::vector<int64_t> out;
    for (int64_t t = 0; t < n_tokens; ++t)
        if (labels[t] == k) out.push_back(t);
    return out;
}

// Value buckets of negated margins p[k] - p[j] over [-1, 0] (where a margin >= 0 lies, up
// to the 1e-6 tolerance). Buckets kMarginBuckets and above stand for "not a member"
// (margin < 0): kNotMemberSlots of them, used in turn, so that runs of non-members do not
// wait on each other's histogram increments.
constexpr int kMarginBuckets = 1024;
constexpr int kNotMemberSlots = 8;

// For the n candidates labeled k, whose rows (K values each) lie at `rows`, their
// probabilities of k (own) and of j (other): buckets[g] = the bucket of the negated margin
// own - other if other >= own (a member of cell k, j), else a not-member slot;
// histogram[b] = how many fall in bucket b (scratch: 4 * (kMarginBuckets +
// kNotMemberSlots) entries). Returns the number of members. The bucket is computed in T:
// each step is a rounded operation with constants, so it is monotone in the exact margin,
// which is all a bucket needs (the cut bucket's members are ranked by their exact keys).
// Validated probabilities keep the scaled value within [0, 2 * kMarginBuckets + 1], so the
// truncation to int is safe and only an upper clamp is needed. The first loop has no
// branch (the select is written as arithmetic); the histogram is a second loop, four
// interleaved histograms (runs of one bucket would wait on each other's increments).
template <class T>
int64_t bucket_margins(const T *rows, size_t K, size_t k, size_t j, size_t n, int32_t *buckets,
                       int64_t *histogram, int64_t *scratch) {
    const T low = static_cast<T>(-1.0 - 1e-5), scale = static_cast<T>(kMarginBuckets / (1.0 + 2e-5));
    for (size_t g = 0; g < n; ++g) {
        const T o = rows[g * K + k], x = rows[g * K + j];
        const int32_t b = static_cast<int32_t>((o - x - low) * scale);
        const int32_t clamped = b < kMarginBuckets - 1 ? b : kMarginBuckets - 1;
        const int32_t not_member = kMarginBuckets + static_cast<int32_t>(g % kNotMemberSlots);
        const int32_t member = x >= o;
        buckets[g] = (clamped & -member) | (not_member & (member - 1));
    }
    std::fill(histogram, histogram + kMarginBuckets + kNotMemberSlots, 0);
    count_values(buckets, n, kMarginBuckets + kNotMemberSlots, scratch, histogram);
    int64_t not_members = 0;
    for (int s = 0; s < kNotMemberSlots; ++s) not_members += histogram[kMarginBuckets + s];
    return static_cast<int64_t>(n) - not_members;
}

// After bucket_margins: marks every member below the cut bucket (marks[g] = 1; a loop
// without branches, since non-members' slots lie above every cut), and lists the members
// in it (order keys of their exact negated margins, in double, and their places g), in
// position order.
template <class T>
void mark_below_cut(const T *rows, size_t K, size_t k, size_t j, size_t n,
                    const int32_t *buckets, int cut, uint8_t *marks, int64_t *places,
                    std::vector<uint64_t> &cut_keys, std::vector<int64_t> &cut_places) {
    for (size_t g = 0; g < n; ++g) marks[g] |= static_cast<uint8_t>(buckets[g] < cut);
    // The cut bucket's members listed without a branch (which would mispredict), into
    // `places` (room for n).
    size_t m = 0;
    for (size_t g = 0; g < n; ++g) {
        places[m] = static_cast<int64_t>(g);
        m += buckets[g] == cut;
    }
    cut_places.assign(places, places + m);
    cut_keys.resize(m);
    for (size_t i = 0; i < m; ++i) {
        const size_t g = static_cast<size_t>(places[i]);
        const T *row = rows + g * K;
        cut_keys[i] = order_key(static_cast<double>(row[k]) - static_cast<double>(row[j]));
    }
}

}  // namespace

// For each noise cell (k given, j true) with n_prune > 0: the n_prune tokens labeled k with
// the largest margin p[j] - p[k] (smallest negated margin), ties by position. Whenever at
// least n_prune tokens of the class have a margin >= 0, the largest are among them, and
// those are all candidates (another class reaches p[k]). So the candidates' rows are first
// sorted by label (one pass), and each cell reads only its class's, in position order:
// their negated margins go into a histogram of value buckets, every member below the bucket
// that holds the n_prune-th is taken, and that bucket's members are ranked exactly.
// Otherwise (rare) every token of the class is ranked.
template <class T>
void prune_by_noise_rate(Candidates<T> &candidates, const CountMatrix &pcm,
                         const std::vector<int64_t> &counts, const int32_t *labels,
                         const T *pred_probs, int64_t n_classes, int64_t n_tokens,
                         int64_t min_examples) {
    const size_t K = static_cast<size_t>(n_classes);
    // cell k * K + j is active when it prunes something from a class cleanlab prunes (more
    // than min_examples tokens, and not a single one, whose mask cleanlab drops).
    std::vector<int64_t> n_prune(K * K, 0);
    for (size_t k = 0; k < K; ++k)
        if (counts[k] > min_examples && counts[k] > 1)
            for (size_t j = 0; j < K; ++j)
                if (j != k) n_prune[k * K + j] = std::max<int64_t>(pcm[j * K + k], 0);
    // The candidates' rows sorted by label, each class in position order
    // (class_rows[(group_start[k] + g) * K + j]: p[j] of class k's g-th candidate), so that
    // each cell reads its class's rows in order. A counting sort: the candidates are read
    // in order once.
    const size_t n = candidates.size();
    std::vector<size_t> group_start(K + 1, 0);
    for (size_t i = 0; i < n; ++i) ++group_start[static_cast<size_t>(candidates.labels[i]) + 1];
    size_t largest_group = 0;
    for (size_t k = 0; k < K; ++k) {
        largest_group = std::max(largest_group, group_start[k + 1]);
        group_start[k + 1] += group_start[k];
    }
    RawVector<size_t> by_label(n);
    RawVector<T> class_rows(n * K);
    {
        // In token order: the candidates' rows are read once, sequentially, and copied
        // whole into their class's run (one store stream per class; scattering each value
        // into per-class columns instead stalled on K x K store streams).
        std::vector<size_t> fill(group_start.begin(), group_start.end() - 1);
        for (size_t i = 0; i < n; ++i) {
            const size_t k = static_cast<size_t>(candidates.labels[i]);
            const size_t at = fill[k]++;
            by_label[at] = i;
            const T *row = candidates.rows.data() + i * K;
            T *to = class_rows.data() + at * K;
            for (size_t j = 0; j < K; ++j) to[j] = row[j];
        }
    }
    RawVector<int32_t> buckets(largest_group);
    RawVector<int64_t> places(largest_group);
    std::vector<int64_t> scratch(4 * (kMarginBuckets + kNotMemberSlots));
    std::vector<uint8_t> marks(largest_group);  // per candidate of the class: pruned by some cell
    std::vector<uint64_t> cut_keys;
    std::vector<int64_t> cut_places;
    std::vector<int64_t> histogram(kMarginBuckets + kNotMemberSlots);
    auto flag = [&](int64_t i) { candidates.flags[static_cast<size_t>(i)] |= kFlaggedByNoiseRate; };
    for (size_t k = 0; k < K; ++k) {
        const size_t *group = by_label.data() + group_start[k];
        const size_t group_size = group_start[k + 1] - group_start[k];
        const T *rows = class_rows.data() + group_start[k] * K;
        std::fill(marks.begin(), marks.begin() + static_cast<std::ptrdiff_t>(group_size), 0);
        std::vector<int64_t> class_tokens;
        bool have_class_tokens = false;
        for (size_t j = 0; j < K; ++j) {
            const int64_t need = n_prune[k * K + j];
            if (need == 0) continue;
            const int64_t m = bucket_margins(rows, K, k, j, group_size, buckets.data(),
                                             histogram.data(), scratch.data());
            if (m >= need) {
                const std::pair<int, int64_t> cut = Buckets::cut(histogram.data(), need);
                mark_below_cut(rows, K, k, j, group_size, buckets.data(), cut.first, marks.data(),
                               places.data(), cut_keys, cut_places);
                take_in_bucket(cut_keys, cut_places, need - cut.second,
                               [&](int64_t g) { marks[static_cast<size_t>(g)] = 1; });
                continue;
            }
            // Only candidates can be reported; the others need no mark. (The class's tokens
            // are listed once for all its cells that come here.)
            if (!have_class_tokens) {
                class_tokens = tokens_labeled(labels, n_tokens, static_cast<int64_t>(k));
                have_class_tokens = true;
            }
            const std::vector<int64_t> &tokens = class_tokens;
            const std::vector<int64_t> taken = smallest_indices(
                need, static_cast<int64_t>(tokens.size()), kLowestValue, kHighestValue, [&](int64_t s) {
                    const T *row = pred_probs + tokens[static_cast<size_t>(s)] * n_classes;
                    return -(static_cast<double>(row[j]) - static_cast<double>(row[k]));
                });
            for (int64_t s : taken) {
                const int64_t i = candidates.find(tokens[static_cast<size_t>(s)]);
                if (i >= 0) flag(i);
            }
        }
        for (size_t g = 0; g < group_size; ++g)
            candidates.flags[group[g]] |= static_cast<uint8_t>(marks[g] ? kFlaggedByNoiseRate : 0);
    }
}

// The tokens with the lowest p[k] of each class, as many as the class's count minus the
// prune-count matrix's diagonal (ties by position). Only candidates can be reported, so
// each class's selection is kept as a cut (ValueCut) that the candidates are checked
// against; when a run of equal values straddles a cut, the tokens of the run that are in
// are found by one pass in token order.
template <class T>
void prune_by_class(FirstPass<T> &first, const int32_t *labels, const T *pred_probs,
                    const CountMatrix &pcm, int64_t n_classes, int64_t min_examples,
                    int32_t n_threads) {
    const ClassGroups<T> &groups = first.groups;
    Candidates<T> &candidates = first.candidates;
    const size_t K = static_cast<size_t>(n_classes);
    const int64_t n_tokens = first.n_tokens;
    std::vector<ValueCut> cuts(K);
    for_each_class(n_classes, n_threads, n_tokens, [&](int64_t k) {
        const int64_t n_k = groups.count(k);
        ValueCut &cut = cuts[static_cast<size_t>(k)];
        if (n_k <= min_examples || n_k <= 1) {  // as in prune_by_noise_rate
            cut.nothing = true;
            return;
        }
        const T *own = groups.own_probs.data() + groups.starts[static_cast<size_t>(k)];
        cut = cut_of_smallest(n_k - pcm[static_cast<size_t>(k) * K + static_cast<size_t>(k)], n_k,
                              kLowestValue, kHighestValue,
                              [&](int64_t s) { return static_cast<double>(own[s]); });
    });
    std::vector<int64_t> left(K, 0);  // per class: tokens of a straddling run still to take
    bool any_straddling = false;
    for (size_t k = 0; k < K; ++k) {
        const ValueCut &c = cuts[k];
        if (!c.nothing && !c.everything && c.ties < c.n_at_key) {
            left[k] = c.ties;
            any_straddling = true;
        }
    }
    std::vector<std::vector<int64_t>> early_ties(K);  // those tokens, ascending
    if (any_straddling) {  // (rare: the own probabilities read again, in token order)
        for (int64_t t = 0; t < n_tokens; ++t) {
            const size_t y = static_cast<size_t>(labels[t]);
            if (left[y] > 0 &&
                order_key(static_cast<double>(pred_probs[t * n_classes + labels[t]])) == cuts[y].key) {
                early_ties[y].push_back(t);
                --left[y];
            }
        }
    }
    for (size_t i = 0; i < candidates.size(); ++i) {
        const size_t k = static_cast<size_t>(candidates.labels[i]);
        const uint64_t key = order_key(static_cast<double>(candidates.rows[i * K + k]));
        const bool in = cuts[k].contains(key, [&] {
            return std::binary_search(early_ties[k].begin(), early_ties[k].end(), candidates.tokens[i]);
        });
        candidates.flags[i] |= in ? kFlaggedByClass : 0;
    }
}

template void prune_by_noise_rate<float>(Candidates<float> &, const CountMatrix &,
                                         const std::vector<int64_t> &, const int32_t *,
                                         const float *, int64_t, int64_t, int64_t);
template void prune_by_noise_rate<double>(Candidates<double> &, const CountMatrix &,
                                          const std::vector<int64_t> &, const int32_t *,
                                          const double *, int64_t, int64_t, int64_t);
template void prune_by_class<float>(FirstPass<float> &, const int32_t *, const float *,
                                    const CountMatrix &, int64_t, int64_t, int32_t);
template void prune_by_class<double>(FirstPass<double> &, const int32_t *, const double *,
                                     const CountMatrix &, int64_t, int64_t, int32_t);

}  // namespace tq
