// Word-level probabilities from subword-level ones (the paper's benchmark code,
// get_pred_probs), and token scores annotated with their token text (what cleanlab's
// get_label_quality_scores returns as pandas Series when tokens are given).
#pragma once

#include <cstdint>
#include <string>

#include "text_io.hpp"

namespace tq {

// out_word_probs row w = the average of subword_probs rows [word_begin[w], word_end[w]),
// weighted by `weights` when not NULL (weights holds one entry per (word, row) pair,
// word by word). Validates everything before writing.
template <class T>
void subword_to_word_probs(const T *subword_probs, int64_t n_subwords, int64_t n_classes,
                           const int64_t *word_begin, const int64_t *word_end, int64_t n_words,
                           const double *weights, int64_t n_weights, T *out_word_probs);

// Python's repr() of a finite double, e.g. "0.1", "1e-05", "1234.0".
std::string python_float_repr(double value);

// One line per token: its text, a tab, repr(score), a newline.
std::string format_token_scores(const TextList &tokens, const double *scores);

}  // namespace tq
