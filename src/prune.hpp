// cleanlab.filter's pruning for the TQ_PRUNE_BY_NOISE_RATE, TQ_PRUNE_BY_CLASS and TQ_BOTH
// filters: the prune-count matrix, and the marks it puts on the candidates.
#pragma once

#include <cstdint>
#include <vector>

#include "confident_joint.hpp"

namespace tq {

// Bits added to a candidate's TokenFlag byte while filtering.
enum FilterFlag : uint8_t {
    kFlaggedByClass = 16,
    kFlaggedByNoiseRate = 32,
};

// The prune-count matrix of cleanlab.filter.find_label_issues: the transposed calibrated
// joint with at least min_examples on the diagonal (_keep_at_least_n_per_class), its
// off-diagonals scaled by frac_noise (_reduce_prune_counts), and, with
// num_to_remove_per_class, rebuilt so that row i removes that many. Entry [i * K + j]
// (true class i, given label j) is how many tokens labeled j to prune towards class i.
CountMatrix prune_count_matrix(const CountMatrix &calibrated, const std::vector<int64_t> &counts,
                               int64_t min_examples, double frac_noise,
                               const int64_t *num_to_remove);

// cleanlab.filter._prune_by_count for every noise cell: sets kFlaggedByNoiseRate on the
// candidates it prunes. `counts` are the label counts.
template <class T>
void prune_by_noise_rate(Candidates<T> &candidates, const CountMatrix &pcm,
                         const std::vector<int64_t> &counts, const int32_t *labels,
                         const T *pred_probs, int64_t n_classes, int64_t n_tokens,
                         int64_t min_examples);

// cleanlab.filter._prune_by_class for every class: sets kFlaggedByClass on the candidates
// (first.candidates) it prunes.
template <class T>
void prune_by_class(FirstPass<T> &first, const int32_t *labels, const T *pred_probs,
                    const CountMatrix &pcm, int64_t n_classes, int64_t min_examples,
                    int32_t n_threads);

}  // namespace tq
