// Rolling token scores up to one sentence score (cleanlab's "min" and "softmin").
#pragma once

#include <cstdint>

namespace tq {

// cleanlab's softmax divides by max(temperature, EPSILON) with EPSILON = 1e-6.
constexpr double kMinSoftminTemperature = 1e-6;

double sentence_min(const double *scores, int64_t n);
// mins[i] = sentence_min() of sentence i, bitwise, for sentences [0, n_sentences) whose
// scores are scores[offsets[i] - offsets[0] .. offsets[i + 1] - offsets[0]), none NaN and
// none empty: several sentences at a time in vectors (checked_scores_simd.cpp).
void sentences_min(const double *scores, const int64_t *offsets, int64_t n_sentences,
                   double *mins);
double sentence_mean(const double *scores, int64_t n);

// sum_i s_i * softmax((1 - s) / t)_i with t = max(temperature, 1e-6), clamped to
// [min, max] of the scores; below t = 1/512 the exponents are shifted by the largest so
// exp never overflows (above, they stay below 512 and need no shift). temperature == 0
// gives the minimum and temperature == +inf the mean, as in cleanlab. exp is Highway's
// vector Exp, the sums are taken lane by lane within the sentence and the lanes added by a
// fixed tree (src/softmin_simd.cpp): a sentence's result depends on its own scores only
// (not on grouping, threads or alignment), within 1e-14 of a libm softmin but not bitwise.
double sentence_softmin(const double *scores, int64_t n, double temperature);

// sentence_scores[i] = sentence_softmin(sentence i) for i in [0, n_sentences), where
// sentence i's scores are scores[offsets[i] - offsets[0] .. offsets[i + 1] - offsets[0]):
// the same bits as sentence_softmin, one dispatch for many sentences.
void sentences_softmin(const double *scores, const int64_t *offsets, int64_t n_sentences,
                       double temperature, double *sentence_scores);

}  // namespace tq
