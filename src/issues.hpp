// Issues from scores (cleanlab.token_classification.rank.issues_from_scores).
#pragma once

#include <cstdint>

namespace tq {

void issues_from_sentence_scores(const double *sentence_scores, int64_t n_sentences,
                                 double threshold, int64_t *out_sentences, int64_t *out_count);

void issues_from_token_scores(const int64_t *offsets, int64_t n_sentences,
                              const double *token_scores, int64_t n_tokens, double threshold,
                              int64_t *out_sentences, int64_t *out_tokens, int64_t *out_count);

}  // namespace tq
