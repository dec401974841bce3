#include "class_maps.hpp"

#include <algorithm>
#include <vector>

#include "error.hpp"
#include "validate.hpp"

namespace tq {

void map_labels(const int32_t *labels, int64_t n_labels, const int32_t *maps, int64_t n_maps,
                int32_t *out_labels) {
    require_non_negative(n_labels, "n_labels");
    require_non_negative(n_maps, "n_maps");
    require_array(labels, "labels", n_labels);
    require_array(maps, "maps", n_maps);
    require_array(out_labels, "out_labels", n_labels);
    for (int64_t i = 0; i < n_labels; ++i)
        if (labels[i] < 0 || labels[i] >= n_maps)
            fail(TQ_ERR_INVALID_LABEL, "labels[%lld] = %d is outside [0, n_maps = %lld)",
                 static_cast<long long>(i), labels[i], static_cast<long long>(n_maps));
    // Element by element, so out_labels may alias labels.
    for (int64_t i = 0; i < n_labels; ++i) out_labels[i] = maps[labels[i]];
}

template <class T>
void merge_probs(const T *pred_probs, int64_t n_tokens, int64_t n_classes, const int32_t *maps,
                 int64_t n_merged_classes, T *out_probs) {
    require_non_negative(n_tokens, "n_tokens");
    require_non_negative(n_classes, "n_classes");
    validate_matrix_size(n_tokens, n_classes, sizeof(T));
    require_array(pred_probs, "pred_probs", n_tokens);
    require_array(maps, "maps", n_classes);
    int32_t max_class = -1;
    bool drops_columns = false;
    for (int64_t k = 0; k < n_classes; ++k) {
        if (maps[k] < -1)
            fail(TQ_ERR_INVALID_VALUE,
                 "maps[%lld] = %d is invalid: a class map entry is a class index >= 0, or -1 "
                 "to drop the column",
                 static_cast<long long>(k), maps[k]);
        max_class = std::max(max_class, maps[k]);
        drops_columns |= maps[k] == -1;
    }
    if (max_class < 0)
        fail(TQ_ERR_INVALID_VALUE, "every entry of maps is -1: no class would be kept");
    if (n_merged_classes != static_cast<int64_t>(max_class) + 1)
        fail(TQ_ERR_INVALID_SIZE, "n_merged_classes = %lld but max(maps) + 1 = %lld",
             static_cast<long long>(n_merged_classes), static_cast<long long>(max_class) + 1);
    validate_matrix_size(n_tokens, n_merged_classes, sizeof(T), "n_tokens", "n_merged_classes");
    require_array(out_probs, "out_probs", n_tokens);
    validate_probabilities(pred_probs, n_tokens, n_classes, kTolerantRange, 1);

    // Computed in double, all rows first, so a bad row leaves out_probs untouched.
    const size_t width = static_cast<size_t>(n_merged_classes);
    std::vector<double> merged(static_cast<size_t>(n_tokens) * width, 0.0);
    for (int64_t t = 0; t < n_tokens; ++t) {
        const T *row = pred_probs + t * n_classes;
        double *out = merged.data() + static_cast<size_t>(t) * width;
        for (int64_t k = 0; k < n_classes; ++k)
            if (maps[k] >= 0) out[maps[k]] += static_cast<double>(row[k]);
        if (!drops_columns) continue;
        double kept = 0.0;
        for (size_t c = 0; c < width; ++c) kept += out[c];
        if (!(kept > 0.0))
            fail(TQ_ERR_INVALID_PROBABILITY,
                 "pred_probs[%lld] has kept mass %.17g after dropping the columns mapped to -1; "
                 "it cannot be renormalized (cleanlab would return NaN)",
                 static_cast<long long>(t), kept);
        for (size_t c = 0; c < width; ++c) out[c] /= kept;
    }
    for (size_t i = 0; i < merged.size(); ++i) out_probs[i] = static_cast<T>(merged[i]);
}

template void merge_probs<float>(const float *, int64_t, int64_t, const int32_t *, int64_t,
                                 float *);
template void merge_probs<double>(const double *, int64_t, int64_t, const int32_t *, int64_t,
                                  double *);

}  // namespace tq
