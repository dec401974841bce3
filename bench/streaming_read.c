/* The memory-bound floor the benchmarks compare against: every value of pred_probs, every
 * label and every offset read once and summed, with independent accumulators so that the
 * loop runs at the speed of memory rather than of one chain of additions. Built as a small
 * shared library (bench_streaming_read) for bench/compare_find_issues.py to time through
 * ctypes next to tokqual and cleanlab, in the same process and the same rounds; the same
 * loop as the streaming_read benchmark of bench_find_issues.cpp. Not part of tokqual. */
#include <stdint.h>

#define LANES 16

double tq_bench_streaming_read_f32(const float *pred_probs, int64_t n_values, const int32_t *labels,
                                   int64_t n_tokens, const int64_t *offsets, int64_t n_offsets) {
    float acc[LANES] = {0};
    const int64_t whole = n_values / LANES * LANES;
    for (int64_t i = 0; i < whole; i += LANES)
        for (int j = 0; j < LANES; ++j) acc[j] += pred_probs[i + j];
    double total = 0.0;
    for (int64_t i = whole; i < n_values; ++i) total += pred_probs[i];
    for (int j = 0; j < LANES; ++j) total += acc[j];
    int64_t lab = 0, off = 0;
    for (int64_t i = 0; i < n_tokens; ++i) lab += labels[i];
    for (int64_t i = 0; i < n_offsets; ++i) off += offsets[i];
    return total + (double)lab + (double)off;
}

double tq_bench_streaming_read_f64(const double *pred_probs, int64_t n_values, const int32_t *labels,
                                   int64_t n_tokens, const int64_t *offsets, int64_t n_offsets) {
    double acc[LANES] = {0};
    const int64_t whole = n_values / LANES * LANES;
    for (int64_t i = 0; i < whole; i += LANES)
        for (int j = 0; j < LANES; ++j) acc[j] += pred_probs[i + j];
    double total = 0.0;
    for (int64_t i = whole; i < n_values; ++i) total += pred_probs[i];
    for (int j = 0; j < LANES; ++j) total += acc[j];
    int64_t lab = 0, off = 0;
    for (int64_t i = 0; i < n_tokens; ++i) lab += labels[i];
    for (int64_t i = 0; i < n_offsets; ++i) off += offsets[i];
    return total + (double)lab + (double)off;
}
