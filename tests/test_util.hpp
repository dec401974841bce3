// Helpers shared by the GoogleTest suites: small random datasets and sentinel buffers.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "tokqual/tokqual.h"

namespace tqtest {

// A flat dataset as the C API takes it.
struct Data {
    std::vector<int64_t> offsets{0};
    std::vector<int32_t> labels;
    std::vector<double> probs;  // n_tokens x n_classes
    int64_t n_classes = 0;

    int64_t n_sentences() const { return static_cast<int64_t>(offsets.size()) - 1; }
    int64_t n_tokens() const { return static_cast<int64_t>(labels.size()); }
    std::vector<float> probs_f32() const { return std::vector<float>(probs.begin(), probs.end()); }
};

// Random sentences of 1..max_len tokens; rows are normalized random vectors, labels
// agree with the argmax about 80% of the time.
inline Data make_random_data(uint64_t seed, int64_t n_sentences, int64_t n_classes,
                        int64_t max_len = 20) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int64_t> len(1, max_len);
    std::uniform_int_distribution<int32_t> cls(0, static_cast<int32_t>(n_classes) - 1);
    std::gamma_distribution<double> gamma(0.5, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Data d;
    d.n_classes = n_classes;
    for (int64_t s = 0; s < n_sentences; ++s) {
        const int64_t n = len(rng);
        for (int64_t t = 0; t < n; ++t) {
            std::vector<double> row(static_cast<size_t>(n_classes));
            double sum = 0;
            for (double &v : row) sum += (v = gamma(rng) + 1e-12);
            int32_t arg = 0;
            for (int64_t k = 0; k < n_classes; ++k) {
                row[static_cast<size_t>(k)] /= sum;
                if (row[static_cast<size_t>(k)] > row[static_cast<size_t>(arg)])
                    arg = static_cast<int32_t>(k);
            }
            d.labels.push_back(unit(rng) < 0.8 ? arg : cls(rng));
            d.probs.insert(d.probs.end(), row.begin(), row.end());
        }
        d.offsets.push_back(d.n_tokens());
    }
    return d;
}

inline tq_score_options score_options(int32_t token_method, int32_t sentence_method,
                                      double temperature = 0.05, int32_t n_threads = 1) {
    tq_score_options o;
    tq_score_options_init(&o);
    o.token_method = token_method;
    o.sentence_method = sentence_method;
    o.temperature = temperature;
    o.n_threads = n_threads;
    return o;
}

// A value no tokqual function writes, to see that outputs stay untouched.
constexpr double kSentinel = -12345.678;
constexpr int64_t kSentinelIndex = -777;

}  // namespace tqtest
