#include "scores.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <type_traits>
#include <vector>

#include "checked_scores_simd.hpp"
#include "error.hpp"
#include "options.hpp"
#include "parallel.hpp"
#include "sentence_scores.hpp"
#include "stream_simd.hpp"
#include "token_scores.hpp"
#include "token_scores_simd.hpp"
#include "validate.hpp"

namespace tq {

namespace {

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

namespace {

// Whether every label of tokens [begin, end) is in [0, n_classes), with validate_labels'
// branch-free test (as uint32, negative labels are >= 2^31).
bool labels_valid(const int32_t *labels, int64_t begin, int64_t end, int64_t n_classes) {
    const uint32_t k = static_cast<uint32_t>(std::min<int64_t>(n_classes, int64_t{1} << 31));
    uint32_t bad = 0;
    for (int64_t t = begin; t < end; ++t)
        bad |= static_cast<uint32_t>(static_cast<uint32_t>(labels[t]) >= k);
    return bad == 0;
}

// Checks and scores the tokens of sentences [first, last) (a group) into
// out[0 .. offsets[last] - offsets[first]), and their sentence scores into
// sentence_scores[first .. last): labels first (the kernels index rows by label), then the
// probabilities as the kernels read them. Returns false, with the outputs holding anything,
// when some label or probability is bad.
template <class T>
bool checked_score_sentences(const tq_score_options &options, const int64_t *offsets,
                             int64_t first, int64_t last, const int32_t *labels,
                             const T *pred_probs, int64_t n_classes, T low, T high, double *out,
                             double *sentence_scores) {
    const int64_t begin = offsets[first], end = offsets[last];
    if (!labels_valid(labels, begin, end, n_classes)) return false;
    const bool min = options.sentence_method == TQ_MIN;
    // Self-confidence and margin with min: one kernel call does it all; the minimum is
    // taken while the token scores are in registers.
    double *mins = min ? sentence_scores + first : nullptr;
    switch (options.token_method) {
        case TQ_NORMALIZED_MARGIN:
            if (!checked_normalized_margin_sentences(pred_probs, labels, n_classes, offsets + first,
                                                     last - first, low, high, out, mins))
                return false;
            break;
        case TQ_CONFIDENCE_WEIGHTED_ENTROPY:
            // Checked as the kernel reads the values (which it prefetches ahead: the
            // kernel is compute-bound, K logarithms a row).
            if (!checked_confidence_weighted_entropy_rows(pred_probs + begin * n_classes,
                                                          labels + begin, end - begin,
                                                          n_classes, low, high, out))
                return false;
            mins = nullptr;
            break;
        default:
            if (!checked_self_confidence_sentences(pred_probs, labels, n_classes, offsets + first,
                                                   last - first, low, high, out, mins))
                return false;
    }
    if (mins != nullptr) return true;
    // Softmin (and entropy's min) from the group's token scores while they are in cache.
    // sentences_softmin is what tq_sentence_scores_from_token_scores calls too, and each
    // sentence's result depends on its own scores only, so the two give the same bits.
    if (!min) {
        sentences_softmin(out, offsets + first, last - first, options.temperature,
                          sentence_scores + first);
        return true;
    }
    sentences_min(out, offsets + first, last - first, sentence_scores + first);
    return true;
}

// Sentences are checked and scored in groups of about this many bytes of pred_probs (at
// least one sentence): small enough that a group read for its check is still in the L1
// cache (32 KiB a core on Zen 4, 32-48 KiB on recent Intel) when it is scored, together with
// its labels and token scores, and large enough that a kernel call is worth its overhead.
// 8 KiB measured 10-15% faster than 32 KiB for self-confidence (NER-like corpus, 1M tokens,
// one thread) and no slower for the margin. The entropy method checks values as it reads
// them and is compute-bound (K logarithms a token): larger groups are slightly faster.
constexpr int64_t kBytesPerGroup = 8 * 1024;
constexpr int64_t kBytesPerEntropyGroup = 32 * 1024;

// The largest scratch for token scores (2M tokens); see label_quality_scores.
constexpr uint64_t kMaxTokenScratchBytes = 16u << 20;

}  // namespace

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
    // Counts, pointers, offsets and sizes first, as validate_dataset does; the labels and
    // probabilities are checked in the one pass below that scores them (issue 14).
    validate_dataset_shape(offsets, n_sentences, labels, pred_probs, n_tokens, n_classes,
                           sizeof(T));
    if (n_sentences == 0) return;

    // The error contract (nothing written on error) with one pass: every result goes to
    // scratch first and is copied to the caller's buffers only once the whole input has
    // passed. (Validating each block just before publishing it would still leave earlier
    // blocks written when a later one fails; a separate validation pass costs a full read
    // of pred_probs, more than writing and copying the scores.) Except for token scores
    // too large for that: scratch beyond kMaxTokenScratchBytes comes fresh from the kernel
    // on every call (glibc maps anything over 32 MiB anew), and its page faults cost more
    // than the read; then labels and probabilities are validated first, as before issue
    // 14, and the token scores are written straight into the caller's buffer.
    const bool validate_first =
        token_scores != nullptr &&
        static_cast<uint64_t>(n_tokens) > kMaxTokenScratchBytes / sizeof(double);
    if (validate_first) {
        validate_labels(labels, n_tokens, n_classes, options.n_threads);
        validate_probabilities(pred_probs, n_tokens, n_classes, range, options.n_threads);
    }
    const std::unique_ptr<double[]> sentence_out(new double[static_cast<size_t>(n_sentences)]);
    // Self-confidence with min on float data keeps its token scores as floats (the scores
    // are the probabilities themselves): half the scratch to write and to read back.
    const bool float_scratch = std::is_same<T, float>::value && token_scores != nullptr &&
                               !validate_first &&
                               options.token_method == TQ_SELF_CONFIDENCE &&
                               options.sentence_method == TQ_MIN;
    const std::unique_ptr<float[]> float_token_out(
        float_scratch ? new float[static_cast<size_t>(n_tokens)] : nullptr);
    const std::unique_ptr<double[]> token_out(
        token_scores != nullptr && !validate_first && !float_scratch
            ? new double[static_cast<size_t>(n_tokens)]
            : nullptr);
    double *const token_dest = validate_first ? token_scores : token_out.get();

    const int64_t tokens_per_group =
        std::max<int64_t>(1, (options.token_method == TQ_CONFIDENCE_WEIGHTED_ENTROPY
                                  ? kBytesPerEntropyGroup
                                  : kBytesPerGroup) /
                                 (n_classes * static_cast<int64_t>(sizeof(T))));
    const int n_chunks = choose_thread_count(options.n_threads, n_tokens, kMinTokensPerThread);
    const std::vector<int64_t> bounds = split_sentences_by_tokens(offsets, n_sentences, n_chunks);
    // Without token scores to keep, each chunk scores a group into its own slice of
    // `group_scratch`; a group holds at most tokens_per_group tokens, or one longer sentence.
    size_t group_capacity = 0;
    if (token_dest == nullptr && !float_scratch) {
        int64_t longest = 0;
        for (int64_t i = 0; i < n_sentences; ++i)
            longest = std::max(longest, offsets[i + 1] - offsets[i]);
        group_capacity =
            static_cast<size_t>(std::max(longest, std::min(tokens_per_group, n_tokens)));
    }
    std::vector<double> group_scratch(group_capacity * static_cast<size_t>(n_chunks));
    const T low = range_bound_in<T>(range.low, true), high = range_bound_in<T>(range.high, false);
    // Set by the first chunk that meets a bad value; the others then stop early.
    std::atomic<bool> bad_input{false};
    run_chunks(n_chunks, [&](int c) {
        const int64_t first = bounds[static_cast<size_t>(c)];
        const int64_t last = bounds[static_cast<size_t>(c) + 1];
        for (int64_t i = first; i < last;) {
            if (bad_input.load(std::memory_order_relaxed)) return;
            // Sentences [i, next) form the group; it holds at least sentence i.
            const int64_t group_begin = offsets[i];
            int64_t next = i + 1;
            while (next < last && offsets[next + 1] - group_begin <= tokens_per_group) ++next;
            bool ok = false;
            if constexpr (std::is_same<T, float>::value) {
                if (float_scratch) {
                    ok = labels_valid(labels, group_begin, offsets[next], n_classes) &&
                         checked_self_confidence_sentences(
                             pred_probs, labels, n_classes, offsets + i, next - i, low, high,
                             float_token_out.get() + group_begin, sentence_out.get() + i);
                }
            }
            if (!float_scratch) {
                double *scores =
                    token_dest != nullptr
                        ? token_dest + group_begin
                        : group_scratch.data() + group_capacity * static_cast<size_t>(c);
                ok = checked_score_sentences(options, offsets, i, next, labels, pred_probs,
                                             n_classes, low, high, scores, sentence_out.get());
            }
            if (!ok) {
                bad_input.store(true, std::memory_order_relaxed);
                return;
            }
            i = next;
        }
    });
    if (bad_input.load()) {
        // Some label or probability is bad. The ordinary checks, in their order (every
        // label before any probability, each in index order), report the same error as
        // the validation pass that used to run first.
        validate_labels(labels, n_tokens, n_classes, options.n_threads);
        validate_probabilities(pred_probs, n_tokens, n_classes, range, options.n_threads);
        fail(TQ_ERR_INTERNAL, "the scoring pass found a bad label or probability that "
                              "validation does not report");
    }
    // Published by the same chunks that made them, so the copy scales with the threads too.
    // Non-temporal stores: the caller's buffer (8 bytes a token) is not read first.
    run_chunks(n_chunks, [&](int c) {
        const int64_t first = bounds[static_cast<size_t>(c)];
        const int64_t last = bounds[static_cast<size_t>(c) + 1];
        std::copy(sentence_out.get() + first, sentence_out.get() + last, sentence_scores + first);
        if (token_out != nullptr)
            stream_store(token_out.get() + offsets[first], offsets[last] - offsets[first],
                         token_scores + offsets[first]);
        if (float_token_out != nullptr)
            stream_store(float_token_out.get() + offsets[first], offsets[last] - offsets[first],
                         token_scores + offsets[first]);
        stream_fence();  // the stores are visible to the caller once the chunk has joined
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
