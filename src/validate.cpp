#include "validate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "error.hpp"
#include "parallel.hpp"

namespace tq {

void require_non_negative(int64_t value, const char *name) {
    if (value < 0)
        fail(TQ_ERR_INVALID_SIZE, "%s = %lld is negative", name, static_cast<long long>(value));
}

void require_array(const void *pointer, const char *name, int64_t n_elements) {
    if (pointer == nullptr && n_elements > 0)
        fail(TQ_ERR_NULL_ARGUMENT, "%s is NULL but must hold %lld elements", name,
             static_cast<long long>(n_elements));
}

void require_pointer(const void *pointer, const char *name) {
    if (pointer == nullptr) fail(TQ_ERR_NULL_ARGUMENT, "%s is NULL", name);
}

void validate_offsets(const int64_t *offsets, int64_t n_sentences, int64_t n_tokens) {
    require_non_negative(n_sentences, "n_sentences");
    require_non_negative(n_tokens, "n_tokens");
    if (n_sentences == INT64_MAX)
        fail(TQ_ERR_INVALID_SIZE, "n_sentences = %lld is too large",
             static_cast<long long>(n_sentences));
    if (offsets == nullptr) {
        if (n_sentences == 0 && n_tokens == 0) return;
        fail(TQ_ERR_NULL_ARGUMENT, "offsets is NULL but must hold n_sentences + 1 = %lld entries",
             static_cast<long long>(n_sentences + 1));
    }
    if (offsets[0] != 0)
        fail(TQ_ERR_INVALID_OFFSETS, "offsets[0] = %lld but must be 0",
             static_cast<long long>(offsets[0]));
    for (int64_t i = 0; i < n_sentences; ++i) {
        if (offsets[i + 1] <= offsets[i])
            fail(TQ_ERR_INVALID_OFFSETS,
                 "offsets[%lld] = %lld is not greater than offsets[%lld] = %lld "
                 "(sentence %lld would be %s)",
                 static_cast<long long>(i + 1), static_cast<long long>(offsets[i + 1]),
                 static_cast<long long>(i), static_cast<long long>(offsets[i]),
                 static_cast<long long>(i), offsets[i + 1] == offsets[i] ? "empty" : "negative");
    }
    if (offsets[n_sentences] != n_tokens)
        fail(TQ_ERR_INVALID_OFFSETS, "offsets[n_sentences = %lld] = %lld but must equal n_tokens = %lld",
             static_cast<long long>(n_sentences), static_cast<long long>(offsets[n_sentences]),
             static_cast<long long>(n_tokens));
}

void validate_matrix_size(int64_t n_rows, int64_t n_columns, size_t element_size,
                          const char *rows_name, const char *columns_name) {
    require_non_negative(n_rows, rows_name);
    require_non_negative(n_columns, columns_name);
    if (n_columns == 0) fail(TQ_ERR_INVALID_SIZE, "%s = 0 but must be at least 1", columns_name);
    // The largest byte offset into the matrix must fit in ptrdiff_t (and so in size_t).
    const int64_t max_elements =
        std::numeric_limits<std::ptrdiff_t>::max() / static_cast<int64_t>(element_size);
    if (n_rows > max_elements / n_columns)
        fail(TQ_ERR_INVALID_SIZE, "%s * %s = %lld * %lld overflows the addressable size",
             rows_name, columns_name, static_cast<long long>(n_rows),
             static_cast<long long>(n_columns));
}

void validate_labels(const int32_t *labels, int64_t n_tokens, int64_t n_classes, int n_threads) {
    int n_chunks = choose_thread_count(n_threads, n_tokens, 1 << 20);
    run_chunks(n_chunks, [&](int c) {
        const int64_t begin = n_tokens * c / n_chunks, end = n_tokens * (c + 1) / n_chunks;
        uint32_t bad = 0;
        // As uint32, negative labels are >= 2^31; every label >= 0 is valid once n_classes > 2^31.
        const uint32_t k = static_cast<uint32_t>(std::min<int64_t>(n_classes, int64_t{1} << 31));
        for (int64_t t = begin; t < end; ++t)
            bad |= static_cast<uint32_t>(static_cast<uint32_t>(labels[t]) >= k);
        if (!bad) return;
        for (int64_t t = begin; t < end; ++t) {
            if (labels[t] < 0 || labels[t] >= n_classes)
                fail(TQ_ERR_INVALID_LABEL, "labels[%lld] = %d is outside [0, n_classes = %lld)",
                     static_cast<long long>(t), labels[t], static_cast<long long>(n_classes));
        }
    });
}

template <class T>
T range_bound_in(double bound, bool is_low) {
    T b = static_cast<T>(bound);
    if (is_low && static_cast<double>(b) < bound) b = std::nextafter(b, std::numeric_limits<T>::infinity());
    if (!is_low && static_cast<double>(b) > bound) b = std::nextafter(b, -std::numeric_limits<T>::infinity());
    return b;
}
template float range_bound_in<float>(double, bool);
template double range_bound_in<double>(double, bool);

namespace {
template <class T>
[[noreturn]] void fail_probability(const T *pred_probs, int64_t index, int64_t n_classes,
                                   ProbabilityRange range) {
    const double value = static_cast<double>(pred_probs[index]);
    const long long token = static_cast<long long>(index / n_classes);
    const long long cls = static_cast<long long>(index % n_classes);
    if (std::isnan(value))
        fail(TQ_ERR_INVALID_PROBABILITY, "pred_probs[%lld][%lld] is NaN", token, cls);
    if (std::isinf(value))
        fail(TQ_ERR_INVALID_PROBABILITY, "pred_probs[%lld][%lld] = %s is infinite", token, cls,
             value > 0 ? "inf" : "-inf");
    fail(TQ_ERR_INVALID_PROBABILITY, "pred_probs[%lld][%lld] = %.17g is outside [%.17g, %.17g]%s",
         token, cls, value, range.low, range.high,
         range.low < 0 ? " (cleanlab's tolerance of 1e-6 around [0, 1])"
                       : " (the entropy method needs exact probabilities)");
}
}  // namespace

template <class T>
void validate_probabilities(const T *pred_probs, int64_t n_tokens, int64_t n_classes,
                            ProbabilityRange range, int n_threads) {
    const int64_t n = n_tokens * n_classes;
    int n_chunks = choose_thread_count(n_threads, n, 1 << 20);
    run_chunks(n_chunks, [&](int c) {
        const int64_t begin = n * c / n_chunks, end = n * (c + 1) / n_chunks;
        // Blocks keep the branch-free test vectorizable; a bad block is searched again.
        constexpr int64_t kBlock = 1024;
        const T low = range_bound_in<T>(range.low, true), high = range_bound_in<T>(range.high, false);
        for (int64_t b = begin; b < end; b += kBlock) {
            const int64_t e = b + kBlock < end ? b + kBlock : end;
            uint32_t bad = 0;
            for (int64_t i = b; i < e; ++i) {
                const T v = pred_probs[i];
                bad |= static_cast<uint32_t>(!((v >= low) & (v <= high)));  // NaN fails both tests
            }
            if (!bad) continue;
            for (int64_t i = b; i < e; ++i) {
                const double v = static_cast<double>(pred_probs[i]);
                if (!(v >= range.low && v <= range.high))
                    fail_probability(pred_probs, i, n_classes, range);
            }
        }
    });
}

void validate_dataset_shape(const int64_t *offsets, int64_t n_sentences, const int32_t *labels,
                            const void *pred_probs, int64_t n_tokens, int64_t n_classes,
                            size_t element_size) {
    require_non_negative(n_sentences, "n_sentences");
    require_non_negative(n_tokens, "n_tokens");
    require_non_negative(n_classes, "n_classes");
    require_array(labels, "labels", n_tokens);
    require_array(pred_probs, "pred_probs", n_tokens);
    validate_offsets(offsets, n_sentences, n_tokens);
    validate_matrix_size(n_tokens, n_classes, element_size);
}

template <class T>
void validate_dataset(const int64_t *offsets, int64_t n_sentences, const int32_t *labels,
                      const T *pred_probs, int64_t n_tokens, int64_t n_classes,
                      ProbabilityRange range, int n_threads) {
    validate_dataset_shape(offsets, n_sentences, labels, pred_probs, n_tokens, n_classes,
                           sizeof(T));
    validate_labels(labels, n_tokens, n_classes, n_threads);
    validate_probabilities(pred_probs, n_tokens, n_classes, range, n_threads);
}

template void validate_probabilities<float>(const float *, int64_t, int64_t, ProbabilityRange, int);
template void validate_probabilities<double>(const double *, int64_t, int64_t, ProbabilityRange,
                                             int);
template void validate_dataset<float>(const int64_t *, int64_t, const int32_t *, const float *,
                                      int64_t, int64_t, ProbabilityRange, int);
template void validate_dataset<double>(const int64_t *, int64_t, const int32_t *, const double *,
                                       int64_t, int64_t, ProbabilityRange, int);

}  // namespace tq
