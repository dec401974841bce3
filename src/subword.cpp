#include "subword.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "error.hpp"
#include "validate.hpp"

namespace tq {

template <class T>
void subword_to_word_probs(const T *subword_probs, int64_t n_subwords, int64_t n_classes,
                           const int64_t *word_begin, const int64_t *word_end, int64_t n_words,
                           const double *weights, int64_t n_weights, T *out_word_probs) {
    require_non_negative(n_subwords, "n_subwords");
    require_non_negative(n_words, "n_words");
    validate_matrix_size(n_subwords, n_classes, sizeof(T), "n_subwords");
    validate_matrix_size(n_words, n_classes, sizeof(T), "n_words");
    require_array(subword_probs, "subword_probs", n_subwords);
    require_array(word_begin, "word_begin", n_words);
    require_array(word_end, "word_end", n_words);
    require_array(out_word_probs, "out_word_probs", n_words);
    int64_t n_pairs = 0;  // (word, row) pairs, the length weights must have
    for (int64_t w = 0; w < n_words; ++w) {
        if (word_begin[w] < 0 || word_begin[w] >= n_subwords)
            fail(TQ_ERR_INVALID_OFFSETS,
                 "word_begin[%lld] = %lld is outside [0, n_subwords = %lld)",
                 static_cast<long long>(w), static_cast<long long>(word_begin[w]),
                 static_cast<long long>(n_subwords));
        if (word_end[w] <= word_begin[w] || word_end[w] > n_subwords)
            fail(TQ_ERR_INVALID_OFFSETS,
                 "word_end[%lld] = %lld is outside (word_begin[%lld] = %lld, n_subwords = %lld]: "
                 "every word needs at least one subword row",
                 static_cast<long long>(w), static_cast<long long>(word_end[w]),
                 static_cast<long long>(w), static_cast<long long>(word_begin[w]),
                 static_cast<long long>(n_subwords));
        n_pairs += word_end[w] - word_begin[w];  // each term <= n_subwords: no overflow soon
        if (n_pairs < 0) fail(TQ_ERR_INVALID_SIZE, "the word ranges are too long in total");
    }
    if (weights != nullptr && n_weights != n_pairs)
        fail(TQ_ERR_INVALID_SIZE,
             "n_weights = %lld but the word ranges hold %lld (word, row) pairs in total",
             static_cast<long long>(n_weights), static_cast<long long>(n_pairs));
    if (weights == nullptr && n_weights != 0)
        fail(TQ_ERR_NULL_ARGUMENT, "weights is NULL but n_weights = %lld",
             static_cast<long long>(n_weights));
    validate_probabilities(subword_probs, n_subwords, n_classes, kTolerantRange, 1);
    if (weights != nullptr) {
        int64_t pair = 0;
        for (int64_t w = 0; w < n_words; ++w) {
            double total = 0.0;
            for (int64_t r = word_begin[w]; r < word_end[w]; ++r, ++pair) {
                if (!std::isfinite(weights[pair]) || weights[pair] < 0.0)
                    fail(TQ_ERR_INVALID_VALUE, "weights[%lld] = %g must be finite and >= 0",
                         static_cast<long long>(pair), weights[pair]);
                total += weights[pair];
            }
            if (!(total > 0.0))
                fail(TQ_ERR_INVALID_VALUE, "the weights of word %lld sum to 0",
                     static_cast<long long>(w));
        }
    }

    // Computed in double for every word before anything is written.
    const size_t width = static_cast<size_t>(n_classes);
    std::vector<double> result(static_cast<size_t>(n_words) * width, 0.0);
    int64_t pair = 0;
    for (int64_t w = 0; w < n_words; ++w) {
        double *out = result.data() + static_cast<size_t>(w) * width;
        if (word_end[w] - word_begin[w] == 1) {
            // One row: copied as it is, as the benchmark code does.
            const T *row = subword_probs + word_begin[w] * n_classes;
            for (size_t c = 0; c < width; ++c) out[c] = static_cast<double>(row[c]);
            ++pair;
            continue;
        }
        // Weights are scaled by a power of two that brings the word's largest into
        // [0.5, 1): exact, so ordinary weights give the same bits, while huge weights
        // cannot overflow the sums (DBL_MAX twice gave inf / inf = NaN) and tiny ones
        // cannot underflow the products (5e-324 * 0.5 gave 0).
        int exponent = 0;
        if (weights != nullptr) {
            double largest = 0.0;
            for (int64_t k = 0; k < word_end[w] - word_begin[w]; ++k)
                largest = std::max(largest, weights[pair + k]);
            std::frexp(largest, &exponent);
        }
        double total_weight = 0.0;
        for (int64_t r = word_begin[w]; r < word_end[w]; ++r, ++pair) {
            const double weight = weights != nullptr ? std::ldexp(weights[pair], -exponent) : 1.0;
            const T *row = subword_probs + r * n_classes;
            for (size_t c = 0; c < width; ++c) out[c] += weight * static_cast<double>(row[c]);
            total_weight += weight;
        }
        for (size_t c = 0; c < width; ++c) out[c] /= total_weight;
    }
    for (size_t i = 0; i < result.size(); ++i) out_word_probs[i] = static_cast<T>(result[i]);
}

template void subword_to_word_probs<float>(const float *, int64_t, int64_t, const int64_t *,
                                           const int64_t *, int64_t, const double *, int64_t,
                                           float *);
template void subword_to_word_probs<double>(const double *, int64_t, int64_t, const int64_t *,
                                            const int64_t *, int64_t, const double *, int64_t,
                                            double *);

std::string python_float_repr(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    // The shortest digits that round-trip, as "d.ddde+XX" (what repr() also starts from).
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const std::string scientific(buffer, result.ptr);
    const size_t e = scientific.find('e');
    std::string mantissa = scientific.substr(0, e);
    const int exponent = std::atoi(scientific.c_str() + e + 1);
    std::string sign;
    if (mantissa[0] == '-') {
        sign = "-";
        mantissa.erase(0, 1);
    }
    std::string digits;
    for (char c : mantissa)
        if (c != '.') digits.push_back(c);
    // value = 0.<digits> * 10^point
    const int point = exponent + 1;
    const int n = static_cast<int>(digits.size());
    if (point > -4 && point <= 16) {
        if (point <= 0) return sign + "0." + std::string(static_cast<size_t>(-point), '0') + digits;
        if (point >= n)
            return sign + digits + std::string(static_cast<size_t>(point - n), '0') + ".0";
        return sign + digits.substr(0, static_cast<size_t>(point)) + "." +
               digits.substr(static_cast<size_t>(point));
    }
    std::string out = sign + digits.substr(0, 1);
    if (n > 1) out += "." + digits.substr(1);
    const int shown_exponent = point - 1;
    char exponent_text[16];
    std::snprintf(exponent_text, sizeof exponent_text, "e%c%02d", shown_exponent < 0 ? '-' : '+',
                  std::abs(shown_exponent));
    return out + exponent_text;
}

std::string format_token_scores(const TextList &tokens, const double *scores) {
    std::string out;
    for (int64_t t = 0; t < tokens.count; ++t) {
        out += tokens.item(t);
        out += '\t';
        out += python_float_repr(scores[t]);
        out += '\n';
    }
    return out;
}

}  // namespace tq
