#include "scores.hpp"

#include <algorithm>
#include <vector>

#include "error.hpp"
#include "options.hpp"
#include "parallel.hpp"
#include "sentence_scores.hpp"
#include "token_scores.hpp"
#include "token_scores_simd.hpp"
#include "validate.hpp"

namespace tq {

namespace {

// Sentences are scored in groups of about this many tokens: one kernel call per group
// instead of per sentence, and the group's token scores are still in cache when the
// sentence scores are taken from them.
constexpr int64_t kTokensPerGroup = 4096;

template <class T>
void self_confidence_rows(const int32_t *labels, const T *pred_probs, int64_t n_classes,
                          int64_t begin, int64_t end, double *out) {
    for (int64_t t = begin; t < end; ++t)
        out[t - begin] = self_confidence(pred_probs + t * n_classes, n_classes, labels[t]);
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
            return normalized_margin_rows(pred_probs + begin * n_classes, labels + begin,
                                          end - begin, n_classes, out);
        case TQ_CONFIDENCE_WEIGHTED_ENTROPY:
            // Vectorized over the whole range (token_scores_simd.hpp).
            return confidence_weighted_entropy_rows(pred_probs + begin * n_classes, labels + begin,
                                                    end - begin, n_classes, out);
        default:
            return self_confidence_rows(labels, pred_probs, n_classes, begin, end, out);
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
    // When the caller keeps no token scores, each chunk scores one group of sentences at
    // a time into its own slice of `scratch`, allocated up front: once outputs are being
    // written, nothing may fail any more. A group holds at most kTokensPerGroup tokens,
    // or one longer sentence.
    size_t group_capacity = 0;
    if (token_scores == nullptr) {
        int64_t longest = 0;
        for (int64_t i = 0; i < n_sentences; ++i)
            longest = std::max(longest, offsets[i + 1] - offsets[i]);
        group_capacity = static_cast<size_t>(std::max(longest, std::min(kTokensPerGroup, n_tokens)));
    }
    std::vector<double> scratch(group_capacity * static_cast<size_t>(n_chunks));
    run_chunks(n_chunks, [&](int c) {
        const int64_t first = bounds[static_cast<size_t>(c)];
        const int64_t last = bounds[static_cast<size_t>(c) + 1];
        for (int64_t i = first; i < last;) {
            // Sentences [i, next) form the group; it holds at least sentence i.
            const int64_t group_begin = offsets[i];
            int64_t next = i + 1;
            while (next < last && offsets[next + 1] - group_begin <= kTokensPerGroup) ++next;
            const int64_t group_end = offsets[next];
            double *scores = token_scores != nullptr
                                 ? token_scores + group_begin
                                 : scratch.data() + group_capacity * static_cast<size_t>(c);
            score_tokens(options.token_method, labels, pred_probs, n_classes, group_begin,
                         group_end, scores);
            for (; i < next; ++i) {
                const double *sentence = scores + (offsets[i] - group_begin);
                const int64_t length = offsets[i + 1] - offsets[i];
                sentence_scores[i] = options.sentence_method == TQ_SOFTMIN
                                         ? sentence_softmin(sentence, length, options.temperature)
                                         : sentence_min(sentence, length);
            }
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
