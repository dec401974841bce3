// Label issues by confident learning at token level
// (cleanlab.token_classification.filter.find_label_issues), and the statistics entry
// points of the "Confident learning" header section.
#pragma once

#include <cstdint>

#include "tokqual/tokqual.h"

namespace tq {

// The options, read and checked on their own (num_to_remove_per_class values are checked
// later, against the label counts).
tq_find_options read_find_options(const tq_find_options *user);

// The ranking options tq_find_options and tq_inspector_options share: rank_by a
// tq_token_method, adjust_pred_probs 0 or 1 and not with the entropy (as cleanlab).
void check_ranking_options(int32_t rank_by, int32_t adjust_pred_probs);

// Validates everything, then writes the ranked issues. Throws tq::Error before writing
// anything on bad input.
template <class T>
void find_label_issues(const int64_t *offsets, int64_t n_sentences, const int32_t *labels,
                       const T *pred_probs, int64_t n_tokens, int64_t n_classes,
                       const tq_find_options *options, int64_t *out_sentences,
                       int64_t *out_tokens, int64_t *out_count);

template <class T>
void confident_thresholds_entry(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                                int64_t n_classes, const tq_find_options *options,
                                double *out_thresholds);

template <class T>
void confident_joint_entry(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                           int64_t n_classes, int32_t calibrate, const tq_find_options *options,
                           int64_t *out_joint);

template <class T>
void num_label_issues_entry(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                            int64_t n_classes, int32_t method, const tq_find_options *options,
                            int64_t *out_count);

template <class T>
void adjust_pred_probs_entry(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                             int64_t n_classes, const tq_find_options *options,
                             double *out_pred_probs);

}  // namespace tq
