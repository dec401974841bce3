// The extern "C" layer of the scoring and issue-ranking entry points: argument
// forwarding only; every check and computation lives in its own file.
#include "aggregate_scores.hpp"
#include "c_api.hpp"
#include "issues.hpp"
#include "scores.hpp"

extern "C" {

tq_status tq_label_quality_scores_f32(const int64_t *offsets, int64_t n_sentences,
                                      const int32_t *labels, const float *pred_probs,
                                      int64_t n_tokens, int64_t n_classes,
                                      const tq_score_options *options, double *sentence_scores,
                                      double *token_scores) {
    return tq::guarded_call(__func__, [&] {
        tq::label_quality_scores(offsets, n_sentences, labels, pred_probs, n_tokens, n_classes,
                                 options, sentence_scores, token_scores);
    });
}

tq_status tq_label_quality_scores_f64(const int64_t *offsets, int64_t n_sentences,
                                      const int32_t *labels, const double *pred_probs,
                                      int64_t n_tokens, int64_t n_classes,
                                      const tq_score_options *options, double *sentence_scores,
                                      double *token_scores) {
    return tq::guarded_call(__func__, [&] {
        tq::label_quality_scores(offsets, n_sentences, labels, pred_probs, n_tokens, n_classes,
                                 options, sentence_scores, token_scores);
    });
}

tq_status tq_sentence_scores_from_token_scores(const int64_t *offsets, int64_t n_sentences,
                                               const double *token_scores, int64_t n_tokens,
                                               const tq_score_options *options,
                                               double *sentence_scores) {
    return tq::guarded_call(__func__, [&] {
        tq::sentence_scores_from_token_scores(offsets, n_sentences, token_scores, n_tokens,
                                              options, sentence_scores);
    });
}

tq_status tq_issues_from_sentence_scores(const double *sentence_scores, int64_t n_sentences,
                                         double threshold, int64_t *out_sentences,
                                         int64_t *out_count) {
    return tq::guarded_call(__func__, [&] {
        tq::issues_from_sentence_scores(sentence_scores, n_sentences, threshold, out_sentences,
                                        out_count);
    });
}

tq_status tq_issues_from_token_scores(const int64_t *offsets, int64_t n_sentences,
                                      const double *token_scores, int64_t n_tokens,
                                      double threshold, int64_t *out_sentences,
                                      int64_t *out_tokens, int64_t *out_count) {
    return tq::guarded_call(__func__, [&] {
        tq::issues_from_token_scores(offsets, n_sentences, token_scores, n_tokens, threshold,
                                     out_sentences, out_tokens, out_count);
    });
}

}  // extern "C"
