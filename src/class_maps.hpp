// Mapping model classes onto dataset classes (cleanlab.internal.
// token_classification_utils: mapping, merge_probs).
#pragma once

#include <cstdint>

namespace tq {

// out_labels[i] = maps[labels[i]]. Validates everything before writing; out_labels
// may be labels itself.
void map_labels(const int32_t *labels, int64_t n_labels, const int32_t *maps, int64_t n_maps,
                int32_t *out_labels);

// Columns of pred_probs summed into the class maps[k] names; maps[k] == -1 drops column
// k and then every row is divided by its kept mass. out_probs is
// n_tokens x n_merged_classes, and n_merged_classes must equal max(maps) + 1.
template <class T>
void merge_probs(const T *pred_probs, int64_t n_tokens, int64_t n_classes, const int32_t *maps,
                 int64_t n_merged_classes, T *out_probs);

}  // namespace tq
