// The extern "C" layer of "Text helpers and summaries": argument checks that are
// specific to one entry point, and forwarding; the work lives in text_*.cpp,
// class_maps.cpp, summary.cpp and subword.cpp.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "c_api.hpp"
#include "class_maps.hpp"
#include "options.hpp"
#include "subword.hpp"
#include "summary.hpp"
#include "text_color.hpp"
#include "text_io.hpp"
#include "text_sentence.hpp"
#include "validate.hpp"

namespace tq {
namespace {

TextList read_words(const char *text, int64_t text_size, const int64_t *word_offsets,
                    int64_t n_words) {
    return read_text_list(text, text_size, word_offsets, n_words,
                          {"text", "text_size", "word_offsets", "n_words", "word"});
}

tq_format_issues_options read_format_issues_options(const tq_format_issues_options *user) {
    const tq_format_issues_options o =
        read_options(user, "options", &tq_format_issues_options_init);
    if (o.top < 0)
        fail(TQ_ERR_INVALID_OPTION, "options->top = %lld is negative",
             static_cast<long long>(o.top));
    return o;
}

tq_common_issues_options read_common_issues_options(const tq_common_issues_options *user) {
    const tq_common_issues_options o =
        read_options(user, "options", &tq_common_issues_options_init);
    if (o.top < 0)
        fail(TQ_ERR_INVALID_OPTION, "options->top = %lld is negative",
             static_cast<long long>(o.top));
    return o;
}

template <class T>
void format_issues_entry(const int64_t *offsets, int64_t n_sentences, const char *token_text,
                         int64_t text_size, const int64_t *token_offsets, int64_t n_tokens,
                         const int64_t *issue_sentences, const int64_t *issue_tokens,
                         int64_t n_issues, const int32_t *labels, const T *pred_probs,
                         int64_t n_classes, const char *class_names, int64_t class_names_size,
                         const int64_t *class_name_offsets, const int32_t *exclude,
                         int64_t n_exclude, const tq_format_issues_options *options,
                         char *out_text, int64_t capacity, int64_t *out_size) {
    const TextOutput output = read_text_output(out_text, capacity, out_size);
    const TokenDataset data =
        read_token_dataset(offsets, n_sentences, token_text, text_size, token_offsets, n_tokens);
    const IssueList issues = read_issues(data, issue_sentences, issue_tokens, n_issues, true);
    const ClassInfo<T> classes =
        read_class_info(data, labels, pred_probs, n_classes, class_names, class_names_size,
                        class_name_offsets, exclude, n_exclude);
    const tq_format_issues_options o = read_format_issues_options(options);
    write_text_output(output, format_issues(data, issues, classes, o));
}

template <class T>
void common_label_issues_entry(const int64_t *offsets, int64_t n_sentences,
                               const char *token_text, int64_t text_size,
                               const int64_t *token_offsets, int64_t n_tokens,
                               const int64_t *issue_sentences, const int64_t *issue_tokens,
                               int64_t n_issues, const int32_t *labels, const T *pred_probs,
                               int64_t n_classes, const int32_t *exclude, int64_t n_exclude,
                               int64_t *out_word_tokens, int32_t *out_given,
                               int32_t *out_predicted, int64_t *out_counts,
                               int64_t *out_count) {
    const TokenDataset data =
        read_token_dataset(offsets, n_sentences, token_text, text_size, token_offsets, n_tokens);
    const IssueList issues = read_issues(data, issue_sentences, issue_tokens, n_issues, false);
    const ClassInfo<T> classes = read_class_info(data, labels, pred_probs, n_classes, nullptr, 0,
                                                 nullptr, exclude, n_exclude);
    require_array(out_word_tokens, "out_word_tokens", n_issues);
    require_array(out_counts, "out_counts", n_issues);
    require_pointer(out_count, "out_count");
    const std::vector<CommonIssueRow> rows = common_label_issues(data, issues, classes);
    for (size_t r = 0; r < rows.size(); ++r) {
        out_word_tokens[r] = rows[r].word_token;
        if (out_given != nullptr) out_given[r] = rows[r].given;
        if (out_predicted != nullptr) out_predicted[r] = rows[r].predicted;
        out_counts[r] = rows[r].count;
    }
    *out_count = static_cast<int64_t>(rows.size());
}

template <class T>
void format_common_label_issues_entry(
    const int64_t *offsets, int64_t n_sentences, const char *token_text, int64_t text_size,
    const int64_t *token_offsets, int64_t n_tokens, const int64_t *issue_sentences,
    const int64_t *issue_tokens, int64_t n_issues, const int32_t *labels, const T *pred_probs,
    int64_t n_classes, const char *class_names, int64_t class_names_size,
    const int64_t *class_name_offsets, const int32_t *exclude, int64_t n_exclude,
    const tq_common_issues_options *options, char *out_text, int64_t capacity,
    int64_t *out_size) {
    const TextOutput output = read_text_output(out_text, capacity, out_size);
    const TokenDataset data =
        read_token_dataset(offsets, n_sentences, token_text, text_size, token_offsets, n_tokens);
    const IssueList issues = read_issues(data, issue_sentences, issue_tokens, n_issues, false);
    const ClassInfo<T> classes =
        read_class_info(data, labels, pred_probs, n_classes, class_names, class_names_size,
                        class_name_offsets, exclude, n_exclude);
    const tq_common_issues_options o = read_common_issues_options(options);
    write_text_output(output, format_common_label_issues(data, issues, classes, o));
}

}  // namespace
}  // namespace tq

extern "C" {

tq_status tq_get_sentence(const char *text, int64_t text_size, const int64_t *word_offsets,
                          int64_t n_words, char *out_text, int64_t capacity, int64_t *out_size) {
    return tq::guarded_call(__func__, [&] {
        const tq::TextOutput output = tq::read_text_output(out_text, capacity, out_size);
        const tq::TextList words = tq::read_words(text, text_size, word_offsets, n_words);
        tq::write_text_output(output, tq::join_sentence(words, 0, words.count));
    });
}

tq_status tq_filter_sentences(const char *text, int64_t text_size,
                              const int64_t *sentence_offsets, int64_t n_sentences,
                              tq_sentence_predicate predicate, void *user_data, uint8_t *out_mask,
                              int64_t *out_kept, int64_t *out_count) {
    return tq::guarded_call(__func__, [&] {
        const tq::TextList sentences =
            tq::read_text_list(text, text_size, sentence_offsets, n_sentences,
                               {"text", "text_size", "sentence_offsets", "n_sentences",
                                "sentence"});
        tq::require_pointer(out_count, "out_count");
        std::vector<uint8_t> keep(static_cast<size_t>(n_sentences));
        std::string copy;  // NUL-terminated, for the predicate
        for (int64_t i = 0; i < n_sentences; ++i) {
            const std::string_view sentence = sentences.item(i);
            if (predicate == nullptr) {
                keep[static_cast<size_t>(i)] = tq::default_sentence_condition(sentence) ? 1 : 0;
            } else {
                copy.assign(sentence);
                keep[static_cast<size_t>(i)] =
                    predicate(copy.c_str(), static_cast<int64_t>(copy.size()), i, user_data) != 0
                        ? 1
                        : 0;
            }
        }
        int64_t kept = 0;
        for (int64_t i = 0; i < n_sentences; ++i) {
            if (out_mask != nullptr) out_mask[i] = keep[static_cast<size_t>(i)];
            if (keep[static_cast<size_t>(i)] == 0) continue;
            if (out_kept != nullptr) out_kept[kept] = i;
            ++kept;
        }
        *out_count = kept;
    });
}

tq_status tq_process_token(const char *token, int64_t token_size, const char *pairs_text,
                           int64_t pairs_text_size, const int64_t *pair_offsets, int64_t n_pairs,
                           char *out_text, int64_t capacity, int64_t *out_size) {
    return tq::guarded_call(__func__, [&] {
        const tq::TextOutput output = tq::read_text_output(out_text, capacity, out_size);
        const std::string_view input = tq::read_string(token, token_size, "token");
        tq::require_non_negative(n_pairs, "n_pairs");
        if (n_pairs > INT64_MAX / 2 - 1)
            tq::fail(TQ_ERR_INVALID_SIZE, "n_pairs = %lld is too large",
                     static_cast<long long>(n_pairs));
        std::vector<std::pair<std::string_view, std::string_view>> pairs;
        if (n_pairs == 0) {
            pairs.emplace_back("#", "");  // cleanlab's default
        } else {
            const tq::TextList list =
                tq::read_text_list(pairs_text, pairs_text_size, pair_offsets, 2 * n_pairs,
                                   {"pairs_text", "pairs_text_size", "pair_offsets",
                                    "2 * n_pairs", "string"});
            for (int64_t p = 0; p < n_pairs; ++p) {
                if (list.item(2 * p).empty())
                    tq::fail(TQ_ERR_INVALID_VALUE,
                             "the find string of pair %lld (string %lld of pairs_text) is empty",
                             static_cast<long long>(p), static_cast<long long>(2 * p));
                pairs.emplace_back(list.item(2 * p), list.item(2 * p + 1));
            }
        }
        tq::write_text_output(output, tq::replace_tokens(input, pairs));
    });
}

tq_status tq_map_labels(const int32_t *labels, int64_t n_labels, const int32_t *maps,
                        int64_t n_maps, int32_t *out_labels) {
    return tq::guarded_call(__func__,
                            [&] { tq::map_labels(labels, n_labels, maps, n_maps, out_labels); });
}

tq_status tq_merge_probs_f32(const float *pred_probs, int64_t n_tokens, int64_t n_classes,
                             const int32_t *maps, int64_t n_merged_classes, float *out_probs) {
    return tq::guarded_call(__func__, [&] {
        tq::merge_probs(pred_probs, n_tokens, n_classes, maps, n_merged_classes, out_probs);
    });
}

tq_status tq_merge_probs_f64(const double *pred_probs, int64_t n_tokens, int64_t n_classes,
                             const int32_t *maps, int64_t n_merged_classes, double *out_probs) {
    return tq::guarded_call(__func__, [&] {
        tq::merge_probs(pred_probs, n_tokens, n_classes, maps, n_merged_classes, out_probs);
    });
}

tq_status tq_replace_word(const char *sentence, int64_t sentence_size, const char *word,
                          int64_t word_size, const char *new_word, int64_t new_word_size,
                          char *out_text, int64_t capacity, int64_t *out_size) {
    return tq::guarded_call(__func__, [&] {
        const tq::TextOutput output = tq::read_text_output(out_text, capacity, out_size);
        const std::string_view s = tq::read_string(sentence, sentence_size, "sentence");
        const std::string_view w = tq::read_string(word, word_size, "word");
        const std::string_view n = tq::read_string(new_word, new_word_size, "new_word");
        tq::write_text_output(output, tq::replace_word(s, w, n));
    });
}

tq_status tq_color_sentence(const char *sentence, int64_t sentence_size, const char *word,
                            int64_t word_size, const char *before, const char *after,
                            char *out_text, int64_t capacity, int64_t *out_size) {
    return tq::guarded_call(__func__, [&] {
        const tq::TextOutput output = tq::read_text_output(out_text, capacity, out_size);
        const std::string_view s = tq::read_string(sentence, sentence_size, "sentence");
        const std::string_view w = tq::read_string(word, word_size, "word");
        const std::string_view b = tq::read_c_string(before, "before", tq::kAnsiRed);
        const std::string_view a = tq::read_c_string(after, "after", tq::kAnsiReset);
        tq::write_text_output(output, tq::color_sentence(s, w, b, a));
    });
}

tq_status tq_format_issues_options_init(tq_format_issues_options *options) {
    if (options == nullptr) {
        tq::set_last_error(__func__, "options is NULL");
        return TQ_ERR_NULL_ARGUMENT;
    }
    options->struct_size = sizeof(tq_format_issues_options);
    options->top = 20;
    options->highlight_before = nullptr;
    options->highlight_after = nullptr;
    return TQ_OK;
}

tq_status tq_common_issues_options_init(tq_common_issues_options *options) {
    if (options == nullptr) {
        tq::set_last_error(__func__, "options is NULL");
        return TQ_ERR_NULL_ARGUMENT;
    }
    options->struct_size = sizeof(tq_common_issues_options);
    options->top = 10;
    options->verbose = 1;
    return TQ_OK;
}

#define TQ_FORMAT_ISSUES_ARGS                                                                  \
    offsets, n_sentences, token_text, text_size, token_offsets, n_tokens, issue_sentences,    \
        issue_tokens, n_issues, labels, pred_probs, n_classes, class_names, class_names_size, \
        class_name_offsets, exclude, n_exclude, options, out_text, capacity, out_size

tq_status tq_format_issues_f32(const int64_t *offsets, int64_t n_sentences, const char *token_text,
                               int64_t text_size, const int64_t *token_offsets, int64_t n_tokens,
                               const int64_t *issue_sentences, const int64_t *issue_tokens,
                               int64_t n_issues, const int32_t *labels, const float *pred_probs,
                               int64_t n_classes, const char *class_names,
                               int64_t class_names_size, const int64_t *class_name_offsets,
                               const int32_t *exclude, int64_t n_exclude,
                               const tq_format_issues_options *options, char *out_text,
                               int64_t capacity, int64_t *out_size) {
    return tq::guarded_call(__func__, [&] { tq::format_issues_entry(TQ_FORMAT_ISSUES_ARGS); });
}

tq_status tq_format_issues_f64(const int64_t *offsets, int64_t n_sentences, const char *token_text,
                               int64_t text_size, const int64_t *token_offsets, int64_t n_tokens,
                               const int64_t *issue_sentences, const int64_t *issue_tokens,
                               int64_t n_issues, const int32_t *labels, const double *pred_probs,
                               int64_t n_classes, const char *class_names,
                               int64_t class_names_size, const int64_t *class_name_offsets,
                               const int32_t *exclude, int64_t n_exclude,
                               const tq_format_issues_options *options, char *out_text,
                               int64_t capacity, int64_t *out_size) {
    return tq::guarded_call(__func__, [&] { tq::format_issues_entry(TQ_FORMAT_ISSUES_ARGS); });
}

tq_status tq_format_common_label_issues_f32(
    const int64_t *offsets, int64_t n_sentences, const char *token_text, int64_t text_size,
    const int64_t *token_offsets, int64_t n_tokens, const int64_t *issue_sentences,
    const int64_t *issue_tokens, int64_t n_issues, const int32_t *labels, const float *pred_probs,
    int64_t n_classes, const char *class_names, int64_t class_names_size,
    const int64_t *class_name_offsets, const int32_t *exclude, int64_t n_exclude,
    const tq_common_issues_options *options, char *out_text, int64_t capacity,
    int64_t *out_size) {
    return tq::guarded_call(__func__,
                            [&] { tq::format_common_label_issues_entry(TQ_FORMAT_ISSUES_ARGS); });
}

tq_status tq_format_common_label_issues_f64(
    const int64_t *offsets, int64_t n_sentences, const char *token_text, int64_t text_size,
    const int64_t *token_offsets, int64_t n_tokens, const int64_t *issue_sentences,
    const int64_t *issue_tokens, int64_t n_issues, const int32_t *labels,
    const double *pred_probs, int64_t n_classes, const char *class_names,
    int64_t class_names_size, const int64_t *class_name_offsets, const int32_t *exclude,
    int64_t n_exclude, const tq_common_issues_options *options, char *out_text,
    int64_t capacity, int64_t *out_size) {
    return tq::guarded_call(__func__,
                            [&] { tq::format_common_label_issues_entry(TQ_FORMAT_ISSUES_ARGS); });
}

#undef TQ_FORMAT_ISSUES_ARGS

#define TQ_COMMON_ISSUES_ARGS                                                                  \
    offsets, n_sentences, token_text, text_size, token_offsets, n_tokens, issue_sentences,    \
        issue_tokens, n_issues, labels, pred_probs, n_classes, exclude, n_exclude,            \
        out_word_tokens, out_given, out_predicted, out_counts, out_count

tq_status tq_common_label_issues_f32(const int64_t *offsets, int64_t n_sentences,
                                     const char *token_text, int64_t text_size,
                                     const int64_t *token_offsets, int64_t n_tokens,
                                     const int64_t *issue_sentences, const int64_t *issue_tokens,
                                     int64_t n_issues, const int32_t *labels,
                                     const float *pred_probs, int64_t n_classes,
                                     const int32_t *exclude, int64_t n_exclude,
                                     int64_t *out_word_tokens, int32_t *out_given,
                                     int32_t *out_predicted, int64_t *out_counts,
                                     int64_t *out_count) {
    return tq::guarded_call(__func__,
                            [&] { tq::common_label_issues_entry(TQ_COMMON_ISSUES_ARGS); });
}

tq_status tq_common_label_issues_f64(const int64_t *offsets, int64_t n_sentences,
                                     const char *token_text, int64_t text_size,
                                     const int64_t *token_offsets, int64_t n_tokens,
                                     const int64_t *issue_sentences, const int64_t *issue_tokens,
                                     int64_t n_issues, const int32_t *labels,
                                     const double *pred_probs, int64_t n_classes,
                                     const int32_t *exclude, int64_t n_exclude,
                                     int64_t *out_word_tokens, int32_t *out_given,
                                     int32_t *out_predicted, int64_t *out_counts,
                                     int64_t *out_count) {
    return tq::guarded_call(__func__,
                            [&] { tq::common_label_issues_entry(TQ_COMMON_ISSUES_ARGS); });
}

#undef TQ_COMMON_ISSUES_ARGS

tq_status tq_filter_by_token(const char *word, int64_t word_size, const int64_t *offsets,
                             int64_t n_sentences, const char *token_text, int64_t text_size,
                             const int64_t *token_offsets, int64_t n_tokens,
                             const int64_t *issue_sentences, const int64_t *issue_tokens,
                             int64_t n_issues, int64_t *out_sentences, int64_t *out_tokens,
                             int64_t *out_count) {
    return tq::guarded_call(__func__, [&] {
        const std::string_view wanted = tq::read_string(word, word_size, "word");
        const tq::TokenDataset data = tq::read_token_dataset(offsets, n_sentences, token_text,
                                                             text_size, token_offsets, n_tokens);
        const tq::IssueList issues =
            tq::read_issues(data, issue_sentences, issue_tokens, n_issues, false);
        tq::require_array(out_sentences, "out_sentences", n_issues);
        tq::require_array(out_tokens, "out_tokens", n_issues);
        tq::require_pointer(out_count, "out_count");
        const std::vector<int64_t> kept = tq::filter_by_token(data, issues, wanted);
        for (size_t k = 0; k < kept.size(); ++k) {
            out_sentences[k] = issue_sentences[kept[k]];
            out_tokens[k] = issue_tokens[kept[k]];
        }
        *out_count = static_cast<int64_t>(kept.size());
    });
}

tq_status tq_subword_to_word_probs_f32(const float *subword_probs, int64_t n_subwords,
                                       int64_t n_classes, const int64_t *word_begin,
                                       const int64_t *word_end, int64_t n_words,
                                       const double *weights, int64_t n_weights,
                                       float *out_word_probs) {
    return tq::guarded_call(__func__, [&] {
        tq::subword_to_word_probs(subword_probs, n_subwords, n_classes, word_begin, word_end,
                                  n_words, weights, n_weights, out_word_probs);
    });
}

tq_status tq_subword_to_word_probs_f64(const double *subword_probs, int64_t n_subwords,
                                       int64_t n_classes, const int64_t *word_begin,
                                       const int64_t *word_end, int64_t n_words,
                                       const double *weights, int64_t n_weights,
                                       double *out_word_probs) {
    return tq::guarded_call(__func__, [&] {
        tq::subword_to_word_probs(subword_probs, n_subwords, n_classes, word_begin, word_end,
                                  n_words, weights, n_weights, out_word_probs);
    });
}

tq_status tq_format_token_scores(const char *text, int64_t text_size, const int64_t *word_offsets,
                                 int64_t n_words, const double *scores, char *out_text,
                                 int64_t capacity, int64_t *out_size) {
    return tq::guarded_call(__func__, [&] {
        const tq::TextOutput output = tq::read_text_output(out_text, capacity, out_size);
        const tq::TextList words = tq::read_words(text, text_size, word_offsets, n_words);
        tq::require_array(scores, "scores", n_words);
        for (int64_t w = 0; w < n_words; ++w)
            if (!std::isfinite(scores[w]))
                tq::fail(TQ_ERR_INVALID_VALUE, "scores[%lld] = %g is not finite",
                         static_cast<long long>(w), scores[w]);
        tq::write_text_output(output, tq::format_token_scores(words, scores));
    });
}

}  // extern "C"
