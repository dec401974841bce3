// Token-score kernels that check the probabilities as they read them (issue 14): the
// label-quality scores make one pass over pred_probs that validates and scores a block of
// rows while it is in cache, instead of a validation pass followed by a scoring pass.
// Vectorized with Highway, dispatched at run time like token_scores_simd.hpp.
//
// Every function here takes rows whose labels are already known to be in [0, n_classes),
// returns false when some probability of those rows is NaN or outside [low, high] (then
// `out` holds anything and the caller reports the error by the ordinary validation), and
// otherwise writes exactly the scores of the scalar kernels in token_scores.hpp, bitwise,
// whatever the block boundaries (each row's score depends on that row alone).
#pragma once

#include <cstdint>

namespace tq {

// The scores of the tokens of sentences [0, n_sentences) of a group of consecutive
// sentences: token t (offsets[0] <= t < offsets[n_sentences], pred_probs and labels indexed
// as in the whole data set) gets out[t - offsets[0]]; when `mins` is not NULL, mins[i] is
// sentence i's minimum, bitwise what sentence_min() gives on its token scores (computed as
// they are made). n_sentences >= 1.
//
// Self-confidence: a batch of Lanes rows at a time, its values range-checked and its own
// probabilities gathered; then the sentence minima (sentences_min).
bool checked_self_confidence_sentences(const float *pred_probs, const int32_t *labels,
                                       int64_t n_classes, const int64_t *offsets,
                                       int64_t n_sentences, float low, float high, double *out,
                                       double *mins);
bool checked_self_confidence_sentences(const double *pred_probs, const int32_t *labels,
                                       int64_t n_classes, const int64_t *offsets,
                                       int64_t n_sentences, double low, double high,
                                       double *out, double *mins);
// The same with float scores for float data: the score is the probability itself, so a
// float holds it exactly, and a scratch of scores kept as floats is half the traffic.
bool checked_self_confidence_sentences(const float *pred_probs, const int32_t *labels,
                                       int64_t n_classes, const int64_t *offsets,
                                       int64_t n_sentences, float low, float high, float *out,
                                       double *mins);

// Normalized margin (needs n_classes >= 2): each row checked as it is read, whole rows in
// contiguous vectors, the label's lane masked out of a row maximum (for K <= lanes, the
// maxima of Lanes rows by one transposed reduction and their own probabilities by a gather).
bool checked_normalized_margin_sentences(const float *pred_probs, const int32_t *labels,
                                         int64_t n_classes, const int64_t *offsets,
                                         int64_t n_sentences, float low, float high,
                                         double *out, double *mins);
bool checked_normalized_margin_sentences(const double *pred_probs, const int32_t *labels,
                                         int64_t n_classes, const int64_t *offsets,
                                         int64_t n_sentences, double low, double high,
                                         double *out, double *mins);

}  // namespace tq
