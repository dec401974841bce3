#include "aggregate_scores.hpp"

#include <cmath>
#include <vector>

#include "error.hpp"
#include "options.hpp"
#include "parallel.hpp"
#include "sentence_scores.hpp"
#include "validate.hpp"

namespace tq {

namespace {

// Token scores must lie where tokqual's own token scores lie (the header's "Range"):
// finite and within [0, 1] up to the tolerance probabilities get, so that every score
// tq_label_quality_scores_* returns is accepted back. Reports the first bad score.
void validate_token_scores(const double *scores, int64_t n_tokens) {
    const ProbabilityRange range = kTolerantRange;
    for (int64_t t = 0; t < n_tokens; ++t) {
        const double s = scores[t];
        if (s >= range.low && s <= range.high) continue;  // false for NaN
        const long long index = static_cast<long long>(t);
        if (std::isnan(s)) fail(TQ_ERR_INVALID_VALUE, "token_scores[%lld] is NaN", index);
        if (std::isinf(s))
            fail(TQ_ERR_INVALID_VALUE, "token_scores[%lld] = %s is infinite", index,
                 s > 0 ? "inf" : "-inf");
        fail(TQ_ERR_INVALID_VALUE,
             "token_scores[%lld] = %.17g is outside [%.17g, %.17g] (scores lie within 1e-6 "
             "of [0, 1])",
             index, s, range.low, range.high);
    }
}

}  // namespace

void sentence_scores_from_token_scores(const int64_t *offsets, int64_t n_sentences,
                                       const double *token_scores, int64_t n_tokens,
                                       const tq_score_options *user_options,
                                       double *sentence_scores) {
    // The order of checks of tq_label_quality_scores_*: options, counts, outputs,
    // offsets, then values.
    const tq_score_options options = read_score_options(user_options);
    require_non_negative(n_sentences, "n_sentences");
    require_array(sentence_scores, "sentence_scores", n_sentences);
    validate_offsets(offsets, n_sentences, n_tokens);
    require_array(token_scores, "token_scores", n_tokens);
    validate_token_scores(token_scores, n_tokens);
    if (n_sentences == 0) return;

    // Each sentence's score depends on its own tokens only, so any split gives the same
    // bits.
    const int n_chunks = choose_thread_count(options.n_threads, n_tokens, kMinTokensPerThread);
    const std::vector<int64_t> bounds = split_sentences_by_tokens(offsets, n_sentences, n_chunks);
    run_chunks(n_chunks, [&](int c) {
        const int64_t first = bounds[static_cast<size_t>(c)];
        const int64_t last = bounds[static_cast<size_t>(c) + 1];
        if (first == last) return;
        if (options.sentence_method == TQ_SOFTMIN) {
            // The implementation tq_label_quality_scores_* uses, so the same bits.
            sentences_softmin(token_scores + offsets[first], offsets + first, last - first,
                              options.temperature, sentence_scores + first);
            return;
        }
        sentences_min(token_scores + offsets[first], offsets + first, last - first,
                      sentence_scores + first);
    });
}

}  // namespace tq
