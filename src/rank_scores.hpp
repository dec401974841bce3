// Token scores for ranking issues, bitwise as cleanlab.rank computes them. Ranking
// compares scores exactly, so near-ties must come out as numpy makes them: the
// self-confidence and the normalized margin do not depend on any summation order, but
// the entropy of confidence_weighted_entropy is numpy's pairwise sum over the row, which
// differs in the last bit from a running sum once a row has 8 or more classes.
#pragma once

#include <cmath>
#include <cstdint>

#include "numpy_sum.hpp"
#include "token_scores.hpp"

namespace tq {

// `scratch` holds n_classes doubles.
template <class T>
inline double ranking_score(int32_t method, const T *row, int64_t n_classes, int32_t label,
                            double log_n_classes, double *scratch) {
    if (method != TQ_CONFIDENCE_WEIGHTED_ENTROPY)
        return token_score(method, row, n_classes, label, log_n_classes);
    for (int64_t k = 0; k < n_classes; ++k) {
        const double p = static_cast<double>(row[k]);
        scratch[k] = p == 0.0 ? 0.0 : p * std::log(p);  // scipy's xlogy(p, p)
    }
    const double entropy = -numpy_sum(scratch, n_classes) / log_n_classes;
    const double s = entropy / std::fmax(static_cast<double>(row[label]), kClippingLowerBound);
    return std::log(s + 1.0) / std::fmax(s, kClippingLowerBound);
}

}  // namespace tq
