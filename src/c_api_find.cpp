// The extern "C" layer of the "Confident learning" header section: argument
// forwarding only; every check and computation lives in find_issues.cpp.
#include "c_api.hpp"
#include "find_issues.hpp"

extern "C" {

tq_status tq_find_label_issues_f32(const int64_t *offsets, int64_t n_sentences,
                                   const int32_t *labels, const float *pred_probs,
                                   int64_t n_tokens, int64_t n_classes,
                                   const tq_find_options *options, int64_t *out_sentences,
                                   int64_t *out_tokens, int64_t *out_count) {
    return tq::guarded_call(__func__, [&] {
        tq::find_label_issues(offsets, n_sentences, labels, pred_probs, n_tokens, n_classes,
                              options, out_sentences, out_tokens, out_count);
    });
}

tq_status tq_find_label_issues_f64(const int64_t *offsets, int64_t n_sentences,
                                   const int32_t *labels, const double *pred_probs,
                                   int64_t n_tokens, int64_t n_classes,
                                   const tq_find_options *options, int64_t *out_sentences,
                                   int64_t *out_tokens, int64_t *out_count) {
    return tq::guarded_call(__func__, [&] {
        tq::find_label_issues(offsets, n_sentences, labels, pred_probs, n_tokens, n_classes,
                              options, out_sentences, out_tokens, out_count);
    });
}

tq_status tq_confident_thresholds_f32(const int32_t *labels, const float *pred_probs,
                                      int64_t n_tokens, int64_t n_classes,
                                      const tq_find_options *options, double *out_thresholds) {
    return tq::guarded_call(__func__, [&] {
        tq::confident_thresholds_entry(labels, pred_probs, n_tokens, n_classes, options,
                                       out_thresholds);
    });
}

tq_status tq_confident_thresholds_f64(const int32_t *labels, const double *pred_probs,
                                      int64_t n_tokens, int64_t n_classes,
                                      const tq_find_options *options, double *out_thresholds) {
    return tq::guarded_call(__func__, [&] {
        tq::confident_thresholds_entry(labels, pred_probs, n_tokens, n_classes, options,
                                       out_thresholds);
    });
}

tq_status tq_confident_joint_f32(const int32_t *labels, const float *pred_probs, int64_t n_tokens,
                                 int64_t n_classes, int32_t calibrate,
                                 const tq_find_options *options, int64_t *out_joint) {
    return tq::guarded_call(__func__, [&] {
        tq::confident_joint_entry(labels, pred_probs, n_tokens, n_classes, calibrate, options,
                                  out_joint);
    });
}

tq_status tq_confident_joint_f64(const int32_t *labels, const double *pred_probs,
                                 int64_t n_tokens, int64_t n_classes, int32_t calibrate,
                                 const tq_find_options *options, int64_t *out_joint) {
    return tq::guarded_call(__func__, [&] {
        tq::confident_joint_entry(labels, pred_probs, n_tokens, n_classes, calibrate, options,
                                  out_joint);
    });
}

tq_status tq_num_label_issues_f32(const int32_t *labels, const float *pred_probs,
                                  int64_t n_tokens, int64_t n_classes, int32_t method,
                                  const tq_find_options *options, int64_t *out_count) {
    return tq::guarded_call(__func__, [&] {
        tq::num_label_issues_entry(labels, pred_probs, n_tokens, n_classes, method, options,
                                   out_count);
    });
}

tq_status tq_num_label_issues_f64(const int32_t *labels, const double *pred_probs,
                                  int64_t n_tokens, int64_t n_classes, int32_t method,
                                  const tq_find_options *options, int64_t *out_count) {
    return tq::guarded_call(__func__, [&] {
        tq::num_label_issues_entry(labels, pred_probs, n_tokens, n_classes, method, options,
                                   out_count);
    });
}

tq_status tq_adjust_pred_probs_f32(const int32_t *labels, const float *pred_probs,
                                   int64_t n_tokens, int64_t n_classes,
                                   const tq_find_options *options, double *out_pred_probs) {
    return tq::guarded_call(__func__, [&] {
        tq::adjust_pred_probs_entry(labels, pred_probs, n_tokens, n_classes, options,
                                    out_pred_probs);
    });
}

tq_status tq_adjust_pred_probs_f64(const int32_t *labels, const double *pred_probs,
                                   int64_t n_tokens, int64_t n_classes,
                                   const tq_find_options *options, double *out_pred_probs) {
    return tq::guarded_call(__func__, [&] {
        tq::adjust_pred_probs_entry(labels, pred_probs, n_tokens, n_classes, options,
                                    out_pred_probs);
    });
}

}  // extern "C"
