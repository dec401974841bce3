#include "find_issues.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>
#include <utility>
#include <vector>

#include "confident_joint.hpp"
#include "error.hpp"
#include "issues_simd.hpp"
#include "numpy_sum.hpp"
#include "options.hpp"
#include "parallel.hpp"
#include "prune.hpp"
#include "rank_scores.hpp"
#include "select.hpp"
#include "token_scores.hpp"
#include "validate.hpp"

extern "C" tq_status tq_find_options_init(tq_find_options *options) {
    if (options == nullptr) {
        tq::set_last_error("tq_find_options_init", "options is NULL");
        return TQ_ERR_NULL_ARGUMENT;
    }
    std::memset(static_cast<void *>(options), 0, sizeof *options);
    options->struct_size = sizeof *options;
    options->filter_by = TQ_PRUNE_BY_NOISE_RATE;
    options->rank_by = TQ_SELF_CONFIDENCE;
    options->frac_noise = 1.0;
    options->num_to_remove_per_class = nullptr;
    options->min_examples_per_class = 1;
    options->n_threads = 0;
    options->adjust_pred_probs = 0;
    return TQ_OK;
}

namespace tq {

namespace {

const char *filter_name(int32_t filter_by) {
    switch (filter_by) {
        case TQ_PRUNE_BY_NOISE_RATE: return "TQ_PRUNE_BY_NOISE_RATE";
        case TQ_PRUNE_BY_CLASS: return "TQ_PRUNE_BY_CLASS";
        case TQ_BOTH: return "TQ_BOTH";
        case TQ_CONFIDENT_LEARNING: return "TQ_CONFIDENT_LEARNING";
        case TQ_PREDICTED_NEQ_GIVEN: return "TQ_PREDICTED_NEQ_GIVEN";
        case TQ_LOW_NORMALIZED_MARGIN: return "TQ_LOW_NORMALIZED_MARGIN";
        default: return "TQ_LOW_SELF_CONFIDENCE";
    }
}

const char *method_name(int32_t method) {
    switch (method) {
        case TQ_NORMALIZED_MARGIN: return "TQ_NORMALIZED_MARGIN";
        case TQ_CONFIDENCE_WEIGHTED_ENTROPY: return "TQ_CONFIDENCE_WEIGHTED_ENTROPY";
        default: return "TQ_SELF_CONFIDENCE";
    }
}

bool is_prune_filter(int32_t filter_by) {
    return filter_by == TQ_PRUNE_BY_NOISE_RATE || filter_by == TQ_PRUNE_BY_CLASS ||
           filter_by == TQ_BOTH;
}

bool is_low_score_filter(int32_t filter_by) {
    return filter_by == TQ_LOW_NORMALIZED_MARGIN || filter_by == TQ_LOW_SELF_CONFIDENCE;
}

// The `count` tokens with the lowest self-confidence or normalized margin (ties by
// position), in position order. Both scores follow from the first pass's own
// probabilities and runner-ups (margin_from).
template <class T>
std::vector<int64_t> lowest_scores(int32_t method, const FirstPass<T> &first, int64_t count) {
    const int64_t n_tokens = first.n_tokens;
    const T *own = first.own.data(), *runner_up = first.runner_up.data();
    if (method == TQ_NORMALIZED_MARGIN)
        return smallest_indices(count, n_tokens, kLowestValue, kHighestValue,
                                [&](int64_t t) { return margin_from(own[t], runner_up[t]); });
    return smallest_indices(count, n_tokens, kLowestValue, kHighestValue,
                            [&](int64_t t) { return static_cast<double>(own[t]); });
}

void check_two_classes(const std::vector<int64_t> &counts, int64_t n_tokens, bool allow_class_zero,
                       const char *who) {
    if (n_tokens == 0) return;
    const PresentClasses present = present_classes(counts);
    if (present.count >= 2) return;
    if (allow_class_zero && present.one == 0) return;
    fail(TQ_ERR_INVALID_LABEL,
         "every label is %lld; %s needs at least two distinct labels%s",
         static_cast<long long>(present.one), who,
         allow_class_zero ? " (or all labels 0)" : "");
}

void check_num_to_remove(const int64_t *num_to_remove, const std::vector<int64_t> &counts) {
    if (num_to_remove == nullptr) return;
    for (size_t k = 0; k < counts.size(); ++k) {
        const int64_t v = num_to_remove[k];
        if (v < 0)
            fail(TQ_ERR_INVALID_OPTION, "options->num_to_remove_per_class[%zu] = %lld is negative",
                 k, static_cast<long long>(v));
        if (v > counts[k])
            fail(TQ_ERR_INVALID_OPTION,
                 "options->num_to_remove_per_class[%zu] = %lld exceeds the %lld tokens labeled %zu",
                 k, static_cast<long long>(v), static_cast<long long>(counts[k]), k);
    }
}

}  // namespace

void check_ranking_options(int32_t rank_by, int32_t adjust_pred_probs) {
    if (rank_by < TQ_SELF_CONFIDENCE || rank_by > TQ_CONFIDENCE_WEIGHTED_ENTROPY)
        fail(TQ_ERR_INVALID_OPTION, "options->rank_by = %d is not a tq_token_method (0, 1 or 2)",
             rank_by);
    if (adjust_pred_probs != 0 && adjust_pred_probs != 1)
        fail(TQ_ERR_INVALID_OPTION, "options->adjust_pred_probs = %d is not 0 or 1",
             adjust_pred_probs);
    if (adjust_pred_probs == 1 && rank_by == TQ_CONFIDENCE_WEIGHTED_ENTROPY)
        fail(TQ_ERR_INVALID_OPTION,
             "options->adjust_pred_probs = 1 is not supported with rank_by = "
             "TQ_CONFIDENCE_WEIGHTED_ENTROPY (as in cleanlab)");
}

tq_find_options read_find_options(const tq_find_options *user) {
    tq_find_options o = read_options(user, "options", tq_find_options_init);
    if (o.filter_by < TQ_PRUNE_BY_NOISE_RATE || o.filter_by > TQ_LOW_SELF_CONFIDENCE)
        fail(TQ_ERR_INVALID_OPTION, "options->filter_by = %d is not a tq_filter_method (0 to 6)",
             o.filter_by);
    check_ranking_options(o.rank_by, o.adjust_pred_probs);
    if (std::isnan(o.frac_noise))
        fail(TQ_ERR_INVALID_OPTION, "options->frac_noise is NaN");
    if (!(o.frac_noise > 0.0 && o.frac_noise <= 1.0))
        fail(TQ_ERR_INVALID_OPTION, "options->frac_noise = %.17g is outside (0, 1]", o.frac_noise);
    if (o.min_examples_per_class < 0)
        fail(TQ_ERR_INVALID_OPTION, "options->min_examples_per_class = %lld is negative",
             static_cast<long long>(o.min_examples_per_class));
    if (o.n_threads < 0)
        fail(TQ_ERR_INVALID_OPTION, "options->n_threads = %d is negative", o.n_threads);
    if (o.num_to_remove_per_class != nullptr && !is_prune_filter(o.filter_by))
        fail(TQ_ERR_INVALID_OPTION,
             "options->num_to_remove_per_class is set, but filter_by = %s does not support it "
             "(only TQ_PRUNE_BY_NOISE_RATE, TQ_PRUNE_BY_CLASS and TQ_BOTH do, as in cleanlab)",
             filter_name(o.filter_by));
    return o;
}

template <class T>
void find_label_issues(const int64_t *offsets, int64_t n_sentences, const int32_t *labels,
                       const T *pred_probs, int64_t n_tokens, int64_t n_classes,
                       const tq_find_options *user_options, int64_t *out_sentences,
                       int64_t *out_tokens, int64_t *out_count) {
    const tq_find_options o = read_find_options(user_options);
    require_non_negative(n_tokens, "n_tokens");
    require_array(out_sentences, "out_sentences", n_tokens);
    require_array(out_tokens, "out_tokens", n_tokens);
    require_pointer(out_count, "out_count");
    if (n_classes >= 0 && n_classes < 2) {
        if (o.rank_by != TQ_SELF_CONFIDENCE)
            fail(TQ_ERR_INVALID_SIZE, "n_classes = %lld but rank_by = %s needs at least 2 classes",
                 static_cast<long long>(n_classes), method_name(o.rank_by));
        if (o.filter_by == TQ_LOW_NORMALIZED_MARGIN)
            fail(TQ_ERR_INVALID_SIZE,
                 "n_classes = %lld but filter_by = TQ_LOW_NORMALIZED_MARGIN needs at least 2 classes",
                 static_cast<long long>(n_classes));
    }
    const ProbabilityRange range =
        o.rank_by == TQ_CONFIDENCE_WEIGHTED_ENTROPY ? kStrictRange : kTolerantRange;
    // validate_dataset's checks, in its order; the labels and then the probabilities are
    // checked by first_pass, as it reads them (nothing can fail in between).
    validate_dataset_shape(offsets, n_sentences, labels, pred_probs, n_tokens, n_classes,
                           sizeof(T));
    require_joint_size(n_classes);
    const int64_t K = n_classes;
    const bool by_class = o.filter_by == TQ_PRUNE_BY_CLASS || o.filter_by == TQ_BOTH;
    // Only the TQ_LOW_ filters rank every token by its own probability and runner-up.
    FirstPass<T> first = first_pass(labels, pred_probs, n_tokens, K, o.n_threads, range,
                                    is_low_score_filter(o.filter_by));
    const ClassGroups<T> &groups = first.groups;
    const std::vector<int64_t> counts = label_counts(groups);
    // cleanlab.filter.find_label_issues accepts a single class only when it is class 0,
    // and then only where no further check runs: num_label_issues (the TQ_LOW_ filters)
    // and find_predicted_neq_given check the labels again and need two classes.
    if (is_low_score_filter(o.filter_by))
        check_two_classes(counts, n_tokens, false,
                          "cleanlab's num_label_issues (used by the TQ_LOW_ filters)");
    else if (o.filter_by == TQ_PREDICTED_NEQ_GIVEN)
        check_two_classes(counts, n_tokens, false, "cleanlab's find_predicted_neq_given");
    else
        check_two_classes(counts, n_tokens, true, "cleanlab.filter.find_label_issues");
    check_num_to_remove(o.num_to_remove_per_class, counts);
    if (n_tokens == 0) {
        *out_count = 0;
        return;
    }

    const std::vector<double> thresholds = confident_thresholds(groups);
    const bool low_score = is_low_score_filter(o.filter_by);
    const ConfidentCounts cc =
        count_confident(labels, pred_probs, K, thresholds, first, o.n_threads);
    Candidates<T> &candidates = first.candidates;
    uint8_t required = 0;  // the flag bits that make a candidate an issue
    std::vector<int64_t> lowest;  // the TQ_LOW_ filters' issues, in position order
    switch (o.filter_by) {
        case TQ_PRUNE_BY_NOISE_RATE:
        case TQ_PRUNE_BY_CLASS:
        case TQ_BOTH: {
            const CountMatrix calibrated =
                calibrate_confident_joint(cc.joint, counts, SumOrder::kColumnMajor);
            const CountMatrix pcm = prune_count_matrix(calibrated, counts, o.min_examples_per_class,
                                                       o.frac_noise, o.num_to_remove_per_class);
            const bool by_noise = o.filter_by != TQ_PRUNE_BY_CLASS;
            if (by_class)
                prune_by_class(first, labels, pred_probs, pcm, K, o.min_examples_per_class,
                               o.n_threads);
            if (by_noise)
                prune_by_noise_rate(candidates, pcm, counts, labels, pred_probs, K, n_tokens,
                                    o.min_examples_per_class);
            required = static_cast<uint8_t>((by_class ? kFlaggedByClass : 0) |
                                            (by_noise ? kFlaggedByNoiseRate : 0));
            break;
        }
        case TQ_CONFIDENT_LEARNING: required = kConfidentOffDiagonal; break;
        case TQ_PREDICTED_NEQ_GIVEN: required = kArgmaxNotGiven; break;
        default:  // the TQ_LOW_ filters
            lowest = lowest_scores(o.filter_by == TQ_LOW_NORMALIZED_MARGIN ? TQ_NORMALIZED_MARGIN
                                                                          : TQ_SELF_CONFIDENCE,
                                   first, cc.n_off_diagonal_kept);
            break;
    }

    // The issues in position order: their tokens, then their sentences (walking the
    // sentences along) and scores. Except for the TQ_LOW_ filters, every issue is a
    // candidate, whose row is at hand.
    // (The candidates' labels and rows are copies in token order: no random reads into the
    // caller's arrays for them.)
    // The TQ_LOW_ filters' issues lie anywhere in pred_probs: reading their rows and labels
    // is a cache miss each. When the ranking score is the self-confidence or the margin of
    // the unadjusted row, it follows exactly from the first pass's own probability and
    // runner-up, kept for every token in token order (the same values the row gives:
    // ranking_score and margin_from agree bitwise).
    const bool scores_from_first_pass =
        low_score && !o.adjust_pred_probs && o.rank_by != TQ_CONFIDENCE_WEIGHTED_ENTROPY;
    std::vector<int64_t> issue_tokens;
    std::vector<const T *> issue_rows;
    std::vector<int32_t> issue_labels;
    if (!low_score) {
        issue_tokens.reserve(candidates.size());
        issue_rows.reserve(candidates.size());
        issue_labels.reserve(candidates.size());
        for (size_t i = 0; i < candidates.size(); ++i) {
            const uint8_t f = candidates.flags[i];
            if ((f & required) != required || (f & kPredictedIsGiven)) continue;
            issue_tokens.push_back(candidates.tokens[i]);
            issue_rows.push_back(candidates.rows.data() + i * static_cast<size_t>(K));
            issue_labels.push_back(candidates.labels[i]);
        }
    } else {
        issue_tokens = std::move(lowest);
        if (!scores_from_first_pass) {
            issue_rows.reserve(issue_tokens.size());
            issue_labels.reserve(issue_tokens.size());
            for (int64_t t : issue_tokens) {
                issue_rows.push_back(pred_probs + t * K);
                issue_labels.push_back(labels[t]);
            }
        }
    }
    const size_t n_issues = issue_tokens.size();
    RawVector<int64_t> issue_sentences(n_issues), issue_places(n_issues);
    RawVector<double> scores(n_issues);
    const double log_n_classes = std::log(static_cast<double>(K));
    const double max_threshold = *std::max_element(thresholds.begin(), thresholds.end());
    std::vector<double> adjusted(static_cast<size_t>(K)), terms(static_cast<size_t>(K));
    // The issues are in position order: their sentences by one cursor (issues_simd.hpp).
    sentences_of(issue_tokens.data(), static_cast<int64_t>(n_issues), offsets, n_sentences,
                 issue_sentences.data());
    for (size_t i = 0; i < n_issues; ++i) {
        const int64_t t = issue_tokens[i];
        issue_places[i] = t - offsets[issue_sentences[i]];
        if (scores_from_first_pass) {
            const T own = first.own[static_cast<size_t>(t)];
            scores[i] = o.rank_by == TQ_NORMALIZED_MARGIN
                            ? margin_from(own, first.runner_up[static_cast<size_t>(t)])
                            : static_cast<double>(own);
            continue;
        }
        const T *row = issue_rows[i];
        const int32_t label = issue_labels[i];
        if (o.adjust_pred_probs) {
            if (!adjust_row(row, K, thresholds.data(), max_threshold, adjusted.data()))
                fail(TQ_ERR_INVALID_VALUE,
                     "pred_probs row %lld sums to 0 after subtracting the confident thresholds "
                     "(cleanlab's adjusted score would be NaN)",
                     static_cast<long long>(t));
            scores[i] = ranking_score(o.rank_by, adjusted.data(), K, label, log_n_classes,
                                      terms.data());
        } else {
            scores[i] = ranking_score(o.rank_by, row, K, label, log_n_classes, terms.data());
        }
    }
    // In position order, so the stable order leaves ties by position.
    const std::vector<size_t> order = stable_order(scores.data(), n_issues);
    for (size_t i = 0; i < n_issues; ++i) {
        const size_t at = order[i];
        out_sentences[i] = issue_sentences[at];
        out_tokens[i] = issue_places[at];
    }
    *out_count = static_cast<int64_t>(n_issues);
}

// ------------------------------------------------------------------------------------
// Statistics entry points
// ------------------------------------------------------------------------------------

namespace {

template <class T>
tq_find_options validate_flat(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                              int64_t n_classes, const tq_find_options *user) {
    const tq_find_options o = read_find_options(user);
    require_non_negative(n_tokens, "n_tokens");
    require_non_negative(n_classes, "n_classes");
    require_array(labels, "labels", n_tokens);
    require_array(pred_probs, "pred_probs", n_tokens);
    validate_matrix_size(n_tokens, n_classes, sizeof(T));
    require_joint_size(n_classes);
    return o;  // the labels and probabilities: by first_pass, which every caller runs next
}

}  // namespace

template <class T>
void confident_thresholds_entry(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                                int64_t n_classes, const tq_find_options *options,
                                double *out_thresholds) {
    require_array(out_thresholds, "out_thresholds", n_classes);
    const tq_find_options o = validate_flat(labels, pred_probs, n_tokens, n_classes, options);
    const FirstPass<T> first =
        first_pass(labels, pred_probs, n_tokens, n_classes, o.n_threads, kTolerantRange, false);
    const std::vector<double> thresholds = confident_thresholds(first.groups);
    std::copy(thresholds.begin(), thresholds.end(), out_thresholds);
}

template <class T>
void confident_joint_entry(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                           int64_t n_classes, int32_t calibrate, const tq_find_options *options,
                           int64_t *out_joint) {
    if (calibrate != 0 && calibrate != 1)
        fail(TQ_ERR_INVALID_OPTION, "calibrate = %d is not 0 or 1", calibrate);
    require_joint_size(n_classes);
    require_array(out_joint, "out_joint", n_classes > 0 ? n_classes * n_classes : 0);
    const tq_find_options o = validate_flat(labels, pred_probs, n_tokens, n_classes, options);
    FirstPass<T> first =
        first_pass(labels, pred_probs, n_tokens, n_classes, o.n_threads, kTolerantRange, false);
    const std::vector<double> thresholds = confident_thresholds(first.groups);
    const ConfidentCounts cc =
        count_confident(labels, pred_probs, n_classes, thresholds, first, o.n_threads);
    const CountMatrix joint =
        calibrate ? calibrate_confident_joint(cc.joint, label_counts(first.groups),
                                              SumOrder::kColumnMajor)
                  : cc.joint;
    std::copy(joint.begin(), joint.end(), out_joint);
}

template <class T>
void num_label_issues_entry(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                            int64_t n_classes, int32_t method, const tq_find_options *options,
                            int64_t *out_count) {
    if (method != TQ_OFF_DIAGONAL && method != TQ_OFF_DIAGONAL_CALIBRATED)
        fail(TQ_ERR_INVALID_OPTION, "method = %d is not a tq_num_issues_method (0 or 1)", method);
    require_pointer(out_count, "out_count");
    const tq_find_options o = validate_flat(labels, pred_probs, n_tokens, n_classes, options);
    FirstPass<T> first =
        first_pass(labels, pred_probs, n_tokens, n_classes, o.n_threads, kTolerantRange, false);
    const std::vector<int64_t> counts = label_counts(first.groups);
    check_two_classes(counts, n_tokens, false, "cleanlab.count.num_label_issues");
    if (n_tokens == 0) {
        *out_count = 0;
        return;
    }
    const std::vector<double> thresholds = confident_thresholds(first.groups);
    const ConfidentCounts cc =
        count_confident(labels, pred_probs, n_classes, thresholds, first, o.n_threads);
    *out_count = method == TQ_OFF_DIAGONAL ? cc.n_off_diagonal_kept
                                           : num_label_issues_calibrated(cc.joint, counts);
}

template <class T>
void adjust_pred_probs_entry(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                             int64_t n_classes, const tq_find_options *options,
                             double *out_pred_probs) {
    const tq_find_options o = validate_flat(labels, pred_probs, n_tokens, n_classes, options);
    validate_labels(labels, n_tokens, n_classes, o.n_threads);  // (before the next check)
    require_array(out_pred_probs, "out_pred_probs", n_tokens * n_classes);
    if (n_tokens == 0) return;
    const FirstPass<T> first =
        first_pass(labels, pred_probs, n_tokens, n_classes, o.n_threads, kTolerantRange, false);
    const std::vector<double> thresholds = confident_thresholds(first.groups);
    const double max_threshold = *std::max_element(thresholds.begin(), thresholds.end());
    // Adjust into a temporary first: a zero row must fail before anything is written.
    std::vector<double> adjusted(static_cast<size_t>(n_tokens * n_classes));
    const int n_chunks = choose_thread_count(o.n_threads, n_tokens, kMinTokensPerThread);
    run_chunks(n_chunks, [&](int c) {
        const int64_t begin = n_tokens * c / n_chunks, end = n_tokens * (c + 1) / n_chunks;
        for (int64_t t = begin; t < end; ++t)
            if (!adjust_row(pred_probs + t * n_classes, n_classes, thresholds.data(), max_threshold,
                            adjusted.data() + t * n_classes))
                fail(TQ_ERR_INVALID_VALUE,
                     "pred_probs row %lld sums to 0 after subtracting the confident thresholds "
                     "(cleanlab would divide by zero)",
                     static_cast<long long>(t));
    });
    std::copy(adjusted.begin(), adjusted.end(), out_pred_probs);
}

#define TQ_INSTANTIATE(T)                                                                        \
    template void find_label_issues<T>(const int64_t *, int64_t, const int32_t *, const T *,     \
                                       int64_t, int64_t, const tq_find_options *, int64_t *,     \
                                       int64_t *, int64_t *);                                    \
    template void confident_thresholds_entry<T>(const int32_t *, const T *, int64_t, int64_t,   \
                                                const tq_find_options *, double *);              \
    template void confident_joint_entry<T>(const int32_t *, const T *, int64_t, int64_t,        \
                                           int32_t, const tq_find_options *, int64_t *);         \
    template void num_label_issues_entry<T>(const int32_t *, const T *, int64_t, int64_t,       \
                                            int32_t, const tq_find_options *, int64_t *);        \
    template void adjust_pred_probs_entry<T>(const int32_t *, const T *, int64_t, int64_t,      \
                                             const tq_find_options *, double *);
TQ_INSTANTIATE(float)
TQ_INSTANTIATE(double)
#undef TQ_INSTANTIATE

}  // namespace tq
