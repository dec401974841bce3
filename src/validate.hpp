// Checks of caller input shared by every entry point. Each check throws tq::Error
// with a message naming the argument, index and value; the checks only read.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tq {

// The closed interval a probability must lie in.
struct ProbabilityRange {
    double low;
    double high;
};
// cleanlab's assert_valid_inputs accepts values within 1e-6 of [0, 1].
constexpr double kProbabilityTolerance = 1e-6;
constexpr ProbabilityRange kTolerantRange = {0.0 - kProbabilityTolerance,
                                             1.0 + kProbabilityTolerance};
// cleanlab's entropy refuses anything outside [0, 1] exactly.
constexpr ProbabilityRange kStrictRange = {0.0, 1.0};

// `value` (named `name`) must be >= 0.
void require_non_negative(int64_t value, const char *name);

// `pointer` may only be NULL when the array it stands for has no elements.
void require_array(const void *pointer, const char *name, int64_t n_elements);

// `pointer` must not be NULL (a single output value, such as a count).
void require_pointer(const void *pointer, const char *name);

// offsets[0] == 0, offsets[i] < offsets[i+1], offsets[n_sentences] == n_tokens.
// `offsets` may be NULL only when n_sentences == 0 (and then n_tokens must be 0).
void validate_offsets(const int64_t *offsets, int64_t n_sentences, int64_t n_tokens);

// n_rows * n_columns elements of `element_size` bytes must be addressable; the names are
// those of the caller's arguments, for the message.
void validate_matrix_size(int64_t n_rows, int64_t n_columns, size_t element_size,
                          const char *rows_name = "n_tokens", const char *columns_name = "n_classes");

// Every label in [0, n_classes). Reports the first bad label.
void validate_labels(const int32_t *labels, int64_t n_tokens, int64_t n_classes, int n_threads);

// The T nearest to `bound` on the inside of the range: for a T value v,
// v >= range_bound_in<T>(low, true) exactly when double(v) >= low (and likewise high),
// so a range test in T accepts exactly what the test in double accepts.
template <class T>
T range_bound_in(double bound, bool is_low);

// Every probability finite and within `range`. Reports the first bad value.
template <class T>
void validate_probabilities(const T *pred_probs, int64_t n_tokens, int64_t n_classes,
                            ProbabilityRange range, int n_threads);

// The checks of validate_dataset that read no label or probability value: counts,
// pointers, offsets and sizes, in validate_dataset's order. For callers that check the
// values themselves (in their own first pass over the data).
void validate_dataset_shape(const int64_t *offsets, int64_t n_sentences, const int32_t *labels,
                            const void *pred_probs, int64_t n_tokens, int64_t n_classes,
                            size_t element_size);

// The full check of a (offsets, labels, pred_probs) dataset, in the order every entry
// point uses: pointers, counts, offsets, sizes, labels, probabilities.
template <class T>
void validate_dataset(const int64_t *offsets, int64_t n_sentences, const int32_t *labels,
                      const T *pred_probs, int64_t n_tokens, int64_t n_classes,
                      ProbabilityRange range, int n_threads);

}  // namespace tq
