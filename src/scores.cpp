#include "scores.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "error.hpp"
#include "options.hpp"
#include "parallel.hpp"
#include "sentence_scores.hpp"
#include "token_scores.hpp"
#include "validate.hpp"

namespace tq {

namespace {

template <class T, int Method>
void score_tokens_by(const int32_t *labels, const T *pred_probs, int64_t n_classes,
                     int64_t begin, int64_t end, double *out) {
    const double log_n_classes = std::log(static_cast<double>(n_classes));
    for (int64_t t = begin; t < end; ++t) {
        const T *row = pred_probs + t * n_classes;
        double s;
        if (Method == TQ_NORMALIZED_MARGIN)
            s = normalized_margin(row, n_classes, labels[t]);
        else if (Method == TQ_CONFIDENCE_WEIGHTED_ENTROPY)
            s = confidence_weighted_entropy(row, n_classes, labels[t], log_n_classes);
        else
            s = self_confidence(row, n_classes, labels[t]);
        out[t - begin] = s;
    }
}

const char *token_method_name(int32_t method) {
    switch (method) {
        case TQ_NORMALIZED_MARGIN: return "TQ_NORMALIZED_MARGIN";
        case TQ_CONFIDENCE_WEIGHTED_ENTROPY: return "TQ_CONFIDENCE_WEIGHTED_ENTROPY";
        default: return "TQ_SELF_CONFIDENCE";
    }
}

}  // namespace

template <class T>
void score_tokens(int32_t method, const int32_t *labels, const T *pred_probs, int64_t n_classes,
                  int64_t begin, int64_t end, double *out) {
    // One loop per method, so the method switch stays out of the per-token loop.
    switch (method) {
        case TQ_NORMALIZED_MARGIN:
            return score_tokens_by<T, TQ_NORMALIZED_MARGIN>(labels, pred_probs, n_classes, begin,
                                                            end, out);
        case TQ_CONFIDENCE_WEIGHTED_ENTROPY:
            return score_tokens_by<T, TQ_CONFIDENCE_WEIGHTED_ENTROPY>(labels, pred_probs,
                                                                      n_classes, begin, end, out);
        default:
            return score_tokens_by<T, TQ_SELF_CONFIDENCE>(labels, pred_probs, n_classes, begin,
                                                          end, out);
    }
}

template <class T>
void label_quality_scores(const int64_t *offsets, int64_t n_sentences, const int32_t *labels,
                          const T *pred_probs, int64_t n_tokens, int64_t n_classes,
                          const tq_score_options *user_options, double *sentence_scores,
                          double *token_scores) {
    const tq_score_options options = read_score_options(user_options);
    require_non_negative(n_sentences, "n_sentences");
    require_array(sentence_scores, "sentence_scores", n_sentences);
    if (options.token_method != TQ_SELF_CONFIDENCE && n_classes >= 0 && n_classes < 2)
        fail(TQ_ERR_INVALID_SIZE, "n_classes = %lld but %s needs at least 2 classes",
             static_cast<long long>(n_classes), token_method_name(options.token_method));
    const ProbabilityRange range =
        options.token_method == TQ_CONFIDENCE_WEIGHTED_ENTROPY ? kStrictRange : kTolerantRange;
    validate_dataset(offsets, n_sentences, labels, pred_probs, n_tokens, n_classes, range,
                     options.n_threads);
    if (n_sentences == 0) return;

    const int n_chunks = choose_thread_count(options.n_threads, n_tokens, kMinTokensPerThread);
    const std::vector<int64_t> bounds = split_sentences_by_tokens(offsets, n_sentences, n_chunks);
    // When the caller keeps no token scores, each chunk scores one sentence at a time
    // into its own slice of `scratch`, allocated up front: once outputs are being
    // written, nothing may fail any more.
    size_t longest = 0;
    if (token_scores == nullptr)
        for (int64_t i = 0; i < n_sentences; ++i)
            longest = std::max(longest, static_cast<size_t>(offsets[i + 1] - offsets[i]));
    std::vector<double> scratch(longest * static_cast<size_t>(n_chunks));
    run_chunks(n_chunks, [&](int c) {
        const int64_t first = bounds[static_cast<size_t>(c)];
        const int64_t last = bounds[static_cast<size_t>(c) + 1];
        for (int64_t i = first; i < last; ++i) {
            const int64_t begin = offsets[i], end = offsets[i + 1];
            double *scores = token_scores != nullptr
                                 ? token_scores + begin
                                 : scratch.data() + longest * static_cast<size_t>(c);
            score_tokens(options.token_method, labels, pred_probs, n_classes, begin, end, scores);
            sentence_scores[i] = options.sentence_method == TQ_SOFTMIN
                                     ? sentence_softmin(scores, end - begin, options.temperature)
                                     : sentence_min(scores, end - begin);
        }
    });
}

template void score_tokens<float>(int32_t, const int32_t *, const float *, int64_t, int64_t,
                                  int64_t, double *);
template void score_tokens<double>(int32_t, const int32_t *, const double *, int64_t, int64_t,
                                   int64_t, double *);
template void label_quality_scores<float>(const int64_t *, int64_t, const int32_t *,
                                          const float *, int64_t, int64_t,
                                          const tq_score_options *, double *, double *);
template void label_quality_scores<double>(const int64_t *, int64_t, const int32_t *,
                                           const double *, int64_t, int64_t,
                                           const tq_score_options *, double *, double *);

}  // namespace tq
