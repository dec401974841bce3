// The float32 and float64 entry points of tokqual.h under one name each, so that code
// handling both dtypes is written once (with visit() of probs.hpp).
#pragma once

#include <tokqual/tokqual.h>

namespace tqcli {

inline tq_status label_quality_scores(const int64_t *o, int64_t n, const int32_t *l,
                                      const float *p, int64_t t, int64_t k,
                                      const tq_score_options *opt, double *ss, double *ts) {
    return tq_label_quality_scores_f32(o, n, l, p, t, k, opt, ss, ts);
}
inline tq_status label_quality_scores(const int64_t *o, int64_t n, const int32_t *l,
                                      const double *p, int64_t t, int64_t k,
                                      const tq_score_options *opt, double *ss, double *ts) {
    return tq_label_quality_scores_f64(o, n, l, p, t, k, opt, ss, ts);
}

inline tq_status find_label_issues(const int64_t *o, int64_t n, const int32_t *l,
                                   const float *p, int64_t t, int64_t k,
                                   const tq_find_options *opt, int64_t *os, int64_t *ot,
                                   int64_t *c) {
    return tq_find_label_issues_f32(o, n, l, p, t, k, opt, os, ot, c);
}
inline tq_status find_label_issues(const int64_t *o, int64_t n, const int32_t *l,
                                   const double *p, int64_t t, int64_t k,
                                   const tq_find_options *opt, int64_t *os, int64_t *ot,
                                   int64_t *c) {
    return tq_find_label_issues_f64(o, n, l, p, t, k, opt, os, ot, c);
}

inline tq_status adjust_pred_probs(const int32_t *l, const float *p, int64_t t, int64_t k,
                                   const tq_find_options *opt, double *out) {
    return tq_adjust_pred_probs_f32(l, p, t, k, opt, out);
}
inline tq_status adjust_pred_probs(const int32_t *l, const double *p, int64_t t, int64_t k,
                                   const tq_find_options *opt, double *out) {
    return tq_adjust_pred_probs_f64(l, p, t, k, opt, out);
}

inline tq_status inspector_update_thresholds(tq_inspector *i, const int32_t *l,
                                             const float *p, int64_t t, int64_t k) {
    return tq_inspector_update_thresholds_f32(i, l, p, t, k);
}
inline tq_status inspector_update_thresholds(tq_inspector *i, const int32_t *l,
                                             const double *p, int64_t t, int64_t k) {
    return tq_inspector_update_thresholds_f64(i, l, p, t, k);
}

inline tq_status inspector_score(tq_inspector *i, int64_t first, const int64_t *o, int64_t n,
                                 const int32_t *l, const float *p, int64_t t, int64_t k,
                                 double *ts) {
    return tq_inspector_score_f32(i, first, o, n, l, p, t, k, ts);
}
inline tq_status inspector_score(tq_inspector *i, int64_t first, const int64_t *o, int64_t n,
                                 const int32_t *l, const double *p, int64_t t, int64_t k,
                                 double *ts) {
    return tq_inspector_score_f64(i, first, o, n, l, p, t, k, ts);
}

// tq_format_issues_* with the text arguments grouped as the CLI holds them.
inline tq_status format_issues(const int64_t *o, int64_t n, const char *text, int64_t size,
                               const int64_t *to, int64_t t, const int64_t *is,
                               const int64_t *it, int64_t ni, const int32_t *l, const float *p,
                               int64_t k, const char *cn, int64_t cs, const int64_t *co,
                               const tq_format_issues_options *opt, char *out, int64_t cap,
                               int64_t *outsz) {
    return tq_format_issues_f32(o, n, text, size, to, t, is, it, ni, l, p, k, cn, cs, co,
                                nullptr, 0, opt, out, cap, outsz);
}
inline tq_status format_issues(const int64_t *o, int64_t n, const char *text, int64_t size,
                               const int64_t *to, int64_t t, const int64_t *is,
                               const int64_t *it, int64_t ni, const int32_t *l,
                               const double *p, int64_t k, const char *cn, int64_t cs,
                               const int64_t *co, const tq_format_issues_options *opt,
                               char *out, int64_t cap, int64_t *outsz) {
    return tq_format_issues_f64(o, n, text, size, to, t, is, it, ni, l, p, k, cn, cs, co,
                                nullptr, 0, opt, out, cap, outsz);
}

inline tq_status common_label_issues(const int64_t *o, int64_t n, const char *text,
                                     int64_t size, const int64_t *to, int64_t t,
                                     const int64_t *is, const int64_t *it, int64_t ni,
                                     const int32_t *l, const float *p, int64_t k,
                                     int64_t *w, int32_t *g, int32_t *pr, int64_t *c,
                                     int64_t *count) {
    return tq_common_label_issues_f32(o, n, text, size, to, t, is, it, ni, l, p, k, nullptr,
                                      0, w, g, pr, c, count);
}
inline tq_status common_label_issues(const int64_t *o, int64_t n, const char *text,
                                     int64_t size, const int64_t *to, int64_t t,
                                     const int64_t *is, const int64_t *it, int64_t ni,
                                     const int32_t *l, const double *p, int64_t k,
                                     int64_t *w, int32_t *g, int32_t *pr, int64_t *c,
                                     int64_t *count) {
    return tq_common_label_issues_f64(o, n, text, size, to, t, is, it, ni, l, p, k, nullptr,
                                      0, w, g, pr, c, count);
}

inline tq_status format_common_label_issues(
    const int64_t *o, int64_t n, const char *text, int64_t size, const int64_t *to, int64_t t,
    const int64_t *is, const int64_t *it, int64_t ni, const int32_t *l, const float *p,
    int64_t k, const char *cn, int64_t cs, const int64_t *co,
    const tq_common_issues_options *opt, char *out, int64_t cap, int64_t *outsz) {
    return tq_format_common_label_issues_f32(o, n, text, size, to, t, is, it, ni, l, p, k, cn,
                                             cs, co, nullptr, 0, opt, out, cap, outsz);
}
inline tq_status format_common_label_issues(
    const int64_t *o, int64_t n, const char *text, int64_t size, const int64_t *to, int64_t t,
    const int64_t *is, const int64_t *it, int64_t ni, const int32_t *l, const double *p,
    int64_t k, const char *cn, int64_t cs, const int64_t *co,
    const tq_common_issues_options *opt, char *out, int64_t cap, int64_t *outsz) {
    return tq_format_common_label_issues_f64(o, n, text, size, to, t, is, it, ni, l, p, k, cn,
                                             cs, co, nullptr, 0, opt, out, cap, outsz);
}

}  // namespace tqcli
