// Label-quality scores per token and per sentence
// (cleanlab.token_classification.rank.get_label_quality_scores).
#pragma once

#include <cstdint>

#include "tokqual/tokqual.h"

namespace tq {

// Writes sentence_scores[n_sentences] and, when not NULL, token_scores[n_tokens]. The
// arguments are checked first; labels and probabilities are checked in the same pass
// that scores them, into scratch, so on bad input it throws tq::Error (the same error
// validate_dataset would throw) before writing anything to the outputs.
template <class T>
void label_quality_scores(const int64_t *offsets, int64_t n_sentences, const int32_t *labels,
                          const T *pred_probs, int64_t n_tokens, int64_t n_classes,
                          const tq_score_options *options, double *sentence_scores,
                          double *token_scores);

}  // namespace tq
