// Sentence scores from token scores computed elsewhere
// (tq_sentence_scores_from_token_scores): the aggregation step of
// get_label_quality_scores on its own.
#pragma once

#include <cstdint>

#include "tokqual/tokqual.h"

namespace tq {

// Validates everything (options, counts, offsets, every token score finite and within
// [0, 1] up to the 1e-6 tolerance), then writes sentence_scores[n_sentences]. Throws
// tq::Error before writing anything on bad input.
void sentence_scores_from_token_scores(const int64_t *offsets, int64_t n_sentences,
                                       const double *token_scores, int64_t n_tokens,
                                       const tq_score_options *options,
                                       double *sentence_scores);

}  // namespace tq
