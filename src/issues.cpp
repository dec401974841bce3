#include "issues.hpp"

#include <cmath>
#include <vector>

#include "error.hpp"
#include "issues_simd.hpp"
#include "raw_vector.hpp"
#include "select.hpp"
#include "validate.hpp"

namespace tq {

namespace {

void require_threshold(double threshold) {
    if (std::isnan(threshold)) fail(TQ_ERR_INVALID_OPTION, "threshold is NaN");
}

// Fails with the first NaN's index when scores[0 .. n) has one.
void require_no_nan(const double *scores, int64_t n, const char *name) {
    for (int64_t i = 0; i < n; ++i)
        if (std::isnan(scores[i]))
            fail(TQ_ERR_INVALID_VALUE, "%s[%lld] is NaN", name, static_cast<long long>(i));
}

// list_below (issues_simd.hpp), failing as require_no_nan when a score is NaN.
int64_t checked_list_below(const double *scores, int64_t n, double threshold, const char *name,
                           double *values, int64_t *indices) {
    bool any_nan = false;
    const int64_t m = list_below(scores, n, threshold, values, indices, &any_nan);
    if (any_nan) require_no_nan(scores, n, name);
    return m;
}

}  // namespace

// Both functions list the scores below the threshold in index order, then rank them with
// stable_order (vqsort on keys that carry the position: lowest score first, ties by
// index, -0 equal to +0), which is what sorting (score, index) pairs gives, in a fraction
// of the time. Nothing is written to the caller's arrays before every check passed.
void issues_from_sentence_scores(const double *sentence_scores, int64_t n_sentences,
                                 double threshold, int64_t *out_sentences, int64_t *out_count) {
    require_non_negative(n_sentences, "n_sentences");
    require_array(sentence_scores, "sentence_scores", n_sentences);
    require_array(out_sentences, "out_sentences", n_sentences);
    require_pointer(out_count, "out_count");
    require_threshold(threshold);
    RawVector<double> values(static_cast<size_t>(n_sentences));
    RawVector<int64_t> sentences(static_cast<size_t>(n_sentences));
    const int64_t m = checked_list_below(sentence_scores, n_sentences, threshold, "sentence_scores",
                                 values.data(), sentences.data());
    const std::vector<size_t> order = stable_order(values.data(), static_cast<size_t>(m));
    for (int64_t k = 0; k < m; ++k) out_sentences[k] = sentences[order[static_cast<size_t>(k)]];
    *out_count = m;
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
    RawVector<double> values(static_cast<size_t>(n_tokens));
    RawVector<int64_t> tokens(static_cast<size_t>(n_tokens));
    const int64_t m = checked_list_below(token_scores, n_tokens, threshold, "token_scores",
                                 values.data(), tokens.data());
    const std::vector<size_t> order = stable_order(values.data(), static_cast<size_t>(m));
    // Each issue's sentence: a cursor over the sentences while walking the issues in
    // token order (no search per issue), then the places in ranked order.
    RawVector<int64_t> sentences(static_cast<size_t>(m));
    sentences_of(tokens.data(), m, offsets, n_sentences, sentences.data());
    for (int64_t k = 0; k < m; ++k) {
        const size_t j = order[static_cast<size_t>(k)];
        out_sentences[k] = sentences[j];
        out_tokens[k] = tokens[j] - offsets[sentences[j]];
    }
    *out_count = m;
}

}  // namespace tq
