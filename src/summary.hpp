// Reviewing label issues as text (cleanlab.token_classification.summary:
// display_issues, common_label_issues, filter_by_token).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text_io.hpp"
#include "tokqual/tokqual.h"

namespace tq {

// Sentences of tokens with their text, checked.
struct TokenDataset {
    const int64_t *offsets = nullptr;
    int64_t n_sentences = 0;
    TextList tokens;  // tokens.count == n_tokens

    std::string_view token(int64_t sentence, int64_t index) const {
        return tokens.item(offsets[sentence] + index);
    }
};

TokenDataset read_token_dataset(const int64_t *offsets, int64_t n_sentences,
                                const char *token_text, int64_t text_size,
                                const int64_t *token_offsets, int64_t n_tokens);

// An issue list as tq_find_label_issues writes it: (sentence, token-within-sentence)
// pairs, or sentence indices alone when `tokens` is NULL.
struct IssueList {
    const int64_t *sentences = nullptr;
    const int64_t *tokens = nullptr;
    int64_t count = 0;
};

// Checks every issue against the dataset. Sentence-level lists (issue_tokens NULL)
// are refused unless `allow_sentence_level`.
IssueList read_issues(const TokenDataset &data, const int64_t *issue_sentences,
                      const int64_t *issue_tokens, int64_t n_issues, bool allow_sentence_level);

// Given labels, predictions (argmax of pred_probs), excluded swaps and class names; each
// part is optional.
template <class T>
struct ClassInfo {
    const int32_t *labels = nullptr;  // n_tokens, or NULL
    const T *pred_probs = nullptr;    // n_tokens x n_classes, or NULL
    int64_t n_classes = 0;
    TextList class_names;  // count == 0 when not given
    bool has_class_names = false;
    std::vector<std::pair<int32_t, int32_t>> exclude;  // (given, predicted)

    // numpy's argmax of token t's row: the first maximum.
    int32_t predicted(int64_t token) const;
    bool excluded(int32_t given, int32_t predicted) const;
    // The class as cleanlab prints it: its name when class names are given, else its index.
    std::string class_text(int32_t cls) const;
};

template <class T>
ClassInfo<T> read_class_info(const TokenDataset &data, const int32_t *labels,
                             const T *pred_probs, int64_t n_classes,
                             const char *class_names_text, int64_t class_names_size,
                             const int64_t *class_name_offsets, const int32_t *exclude,
                             int64_t n_exclude);

// display_issues' report.
template <class T>
std::string format_issues(const TokenDataset &data, const IssueList &issues,
                          const ClassInfo<T> &classes, const tq_format_issues_options &options);

// One row of common_label_issues' DataFrame. In the per-word form (no labels or no
// pred_probs) given and predicted are -1.
struct CommonIssueRow {
    int64_t word_token;  // flat index of the word's first issue token
    int32_t given;
    int32_t predicted;
    int64_t count;
};

// The DataFrame rows, in cleanlab's order.
template <class T>
std::vector<CommonIssueRow> common_label_issues(const TokenDataset &data, const IssueList &issues,
                                                const ClassInfo<T> &classes);

// What common_label_issues prints.
template <class T>
std::string format_common_label_issues(const TokenDataset &data, const IssueList &issues,
                                       const ClassInfo<T> &classes,
                                       const tq_common_issues_options &options);

// filter_by_token: indices k of the issues whose token equals `word` after Python's
// str.lower() on both.
std::vector<int64_t> filter_by_token(const TokenDataset &data, const IssueList &issues,
                                     std::string_view word);

}  // namespace tq
