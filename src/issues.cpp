#include "issues.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "error.hpp"
#include "validate.hpp"

namespace tq {

namespace {

void require_threshold(double threshold) {
    if (std::isnan(threshold)) fail(TQ_ERR_INVALID_OPTION, "threshold is NaN");
}

void require_no_nan(const double *scores, int64_t n, const char *name) {
    for (int64_t i = 0; i < n; ++i)
        if (std::isnan(scores[i]))
            fail(TQ_ERR_INVALID_VALUE, "%s[%lld] is NaN", name, static_cast<long long>(i));
}

// Indices i with scores[i] < threshold, lowest score first, ties by index.
std::vector<std::pair<double, int64_t>> ranked_below(const double *scores, int64_t n,
                                                     double threshold) {
    std::vector<std::pair<double, int64_t>> below;
    for (int64_t i = 0; i < n; ++i)
        if (scores[i] < threshold) below.emplace_back(scores[i], i);
    std::sort(below.begin(), below.end());  // pairs compare by score, then index
    return below;
}

}  // namespace

int64_t sentence_of_token(const int64_t *offsets, int64_t n_sentences, int64_t token) {
    const int64_t *it = std::upper_bound(offsets, offsets + n_sentences + 1, token);
    return static_cast<int64_t>(it - offsets) - 1;
}

void issues_from_sentence_scores(const double *sentence_scores, int64_t n_sentences,
                                 double threshold, int64_t *out_sentences, int64_t *out_count) {
    require_non_negative(n_sentences, "n_sentences");
    require_array(sentence_scores, "sentence_scores", n_sentences);
    require_array(out_sentences, "out_sentences", n_sentences);
    require_pointer(out_count, "out_count");
    require_threshold(threshold);
    require_no_nan(sentence_scores, n_sentences, "sentence_scores");
    const auto below = ranked_below(sentence_scores, n_sentences, threshold);
    for (size_t k = 0; k < below.size(); ++k) out_sentences[k] = below[k].second;
    *out_count = static_cast<int64_t>(below.size());
}

void issues_from_token_scores(const int64_t *offsets, int64_t n_sentences,
                              const double *token_scores, int64_t n_tokens, double threshold,
                              int64_t *out_sentences, int64_t *out_tokens, int64_t *out_count) {
    validate_offsets(offsets, n_sentences, n_tokens);
    require_array(token_scores, "token_scores", n_tokens);
    require_array(out_sentences, "out_sentences", n_tokens);
    require_array(out_tokens, "out_tokens", n_tokens);
    require_pointer(out_count, "out_count");
    require_threshold(threshold);
    require_no_nan(token_scores, n_tokens, "token_scores");
    // Flat token order is (sentence, token) order, so ties fall by position.
    const auto below = ranked_below(token_scores, n_tokens, threshold);
    for (size_t k = 0; k < below.size(); ++k) {
        const int64_t t = below[k].second;
        const int64_t s = sentence_of_token(offsets, n_sentences, t);
        out_sentences[k] = s;
        out_tokens[k] = t - offsets[s];
    }
    *out_count = static_cast<int64_t>(below.size());
}

}  // namespace tq
