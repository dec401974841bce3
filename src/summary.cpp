#include "summary.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "error.hpp"
#include "text_color.hpp"
#include "text_sentence.hpp"
#include "utf8.hpp"
#include "validate.hpp"

namespace tq {

TokenDataset read_token_dataset(const int64_t *offsets, int64_t n_sentences,
                                const char *token_text, int64_t text_size,
                                const int64_t *token_offsets, int64_t n_tokens) {
    validate_offsets(offsets, n_sentences, n_tokens);
    TokenDataset data;
    data.offsets = offsets;
    data.n_sentences = n_sentences;
    data.tokens = read_text_list(token_text, text_size, token_offsets, n_tokens,
                                 {"token_text", "text_size", "token_offsets", "n_tokens", "token"});
    return data;
}

IssueList read_issues(const TokenDataset &data, const int64_t *issue_sentences,
                      const int64_t *issue_tokens, int64_t n_issues, bool allow_sentence_level) {
    require_non_negative(n_issues, "n_issues");
    require_array(issue_sentences, "issue_sentences", n_issues);
    if (!allow_sentence_level) require_array(issue_tokens, "issue_tokens", n_issues);
    for (int64_t k = 0; k < n_issues; ++k) {
        const int64_t s = issue_sentences[k];
        if (s < 0 || s >= data.n_sentences)
            fail(TQ_ERR_INVALID_VALUE,
                 "issue_sentences[%lld] = %lld is outside [0, n_sentences = %lld)",
                 static_cast<long long>(k), static_cast<long long>(s),
                 static_cast<long long>(data.n_sentences));
        if (issue_tokens == nullptr) continue;
        const int64_t length = data.offsets[s + 1] - data.offsets[s];
        if (issue_tokens[k] < 0 || issue_tokens[k] >= length)
            fail(TQ_ERR_INVALID_VALUE,
                 "issue_tokens[%lld] = %lld is outside sentence %lld's tokens [0, %lld)",
                 static_cast<long long>(k), static_cast<long long>(issue_tokens[k]),
                 static_cast<long long>(s), static_cast<long long>(length));
    }
    return IssueList{issue_sentences, issue_tokens, n_issues};
}

template <class T>
int32_t ClassInfo<T>::predicted(int64_t token) const {
    const T *row = pred_probs + token * n_classes;
    int64_t best = 0;
    for (int64_t k = 1; k < n_classes; ++k)
        if (row[k] > row[best]) best = k;
    return static_cast<int32_t>(best);
}

template <class T>
bool ClassInfo<T>::excluded(int32_t given, int32_t predicted) const {
    return std::find(exclude.begin(), exclude.end(), std::make_pair(given, predicted)) !=
           exclude.end();
}

template <class T>
std::string ClassInfo<T>::class_text(int32_t cls) const {
    if (has_class_names) return std::string(class_names.item(cls));
    return std::to_string(cls);
}

template <class T>
ClassInfo<T> read_class_info(const TokenDataset &data, const int32_t *labels,
                             const T *pred_probs, int64_t n_classes,
                             const char *class_names_text, int64_t class_names_size,
                             const int64_t *class_name_offsets, const int32_t *exclude,
                             int64_t n_exclude) {
    const int64_t n_tokens = data.tokens.count;
    require_non_negative(n_classes, "n_classes");
    require_non_negative(n_exclude, "n_exclude");
    require_array(exclude, "exclude", n_exclude);
    const bool has_class_names = class_name_offsets != nullptr;
    if ((labels != nullptr || pred_probs != nullptr || has_class_names || n_exclude > 0) &&
        n_classes < 1)
        fail(TQ_ERR_INVALID_SIZE,
             "n_classes = %lld but must be at least 1 when labels, pred_probs, class names or "
             "exclude are given",
             static_cast<long long>(n_classes));
    ClassInfo<T> info;
    info.labels = labels;
    info.pred_probs = pred_probs;
    info.n_classes = n_classes;
    if (labels != nullptr) validate_labels(labels, n_tokens, n_classes, 1);
    if (pred_probs != nullptr) {
        validate_matrix_size(n_tokens, n_classes, sizeof(T));
        validate_probabilities(pred_probs, n_tokens, n_classes, kTolerantRange, 1);
    }
    if (has_class_names) {
        info.class_names = read_text_list(class_names_text, class_names_size, class_name_offsets,
                                          n_classes,
                                          {"class_names", "class_names_size", "class_name_offsets",
                                           "n_classes", "class name"});
        info.has_class_names = true;
    } else if (class_names_text != nullptr) {
        fail(TQ_ERR_NULL_ARGUMENT,
             "class_names is given but class_name_offsets is NULL (it must hold n_classes + 1 = "
             "%lld entries)",
             static_cast<long long>(n_classes + 1));
    }
    for (int64_t e = 0; e < n_exclude; ++e) {
        for (int side = 0; side < 2; ++side) {
            const int32_t cls = exclude[2 * e + side];
            if (cls < 0 || cls >= n_classes)
                fail(TQ_ERR_INVALID_LABEL,
                     "exclude[%lld] = %d (the %s class of pair %lld) is outside "
                     "[0, n_classes = %lld)",
                     static_cast<long long>(2 * e + side), cls, side == 0 ? "given" : "predicted",
                     static_cast<long long>(e), static_cast<long long>(n_classes));
        }
        info.exclude.emplace_back(exclude[2 * e], exclude[2 * e + 1]);
    }
    return info;
}

template <class T>
std::string format_issues(const TokenDataset &data, const IssueList &issues,
                          const ClassInfo<T> &classes, const tq_format_issues_options &options) {
    const std::string_view before =
        read_c_string(options.highlight_before, "options->highlight_before", kAnsiRed);
    const std::string_view after =
        read_c_string(options.highlight_after, "options->highlight_after", kAnsiReset);
    const bool has_labels = classes.labels != nullptr;
    const bool has_predictions = classes.pred_probs != nullptr;
    std::string out;
    if (!classes.has_class_names && (has_labels || has_predictions))
        out +=
            "Classes will be printed in terms of their integer index since `class_names` was not "
            "provided.\nSpecify this argument to see the string names of each class.\n\n";
    // cleanlab stops once `shown` reaches min(top, n_issues); with top == 0 it never does.
    const int64_t top = std::min(options.top, issues.count);
    int64_t shown = 0;
    for (int64_t k = 0; k < issues.count; ++k) {
        const int64_t s = issues.sentences[k];
        const std::string sentence =
            join_sentence(data.tokens, data.offsets[s], data.offsets[s + 1]);
        if (issues.tokens != nullptr) {
            const int64_t j = issues.tokens[k];
            const int64_t token = data.offsets[s] + j;
            const std::string_view word = data.tokens.item(token);
            const int32_t given = has_labels ? classes.labels[token] : -1;
            const int32_t predicted = has_predictions ? classes.predicted(token) : -1;
            if (has_labels && has_predictions && classes.excluded(given, predicted)) continue;
            ++shown;
            out += "Sentence index: " + std::to_string(s) + ", Token index: " +
                   std::to_string(j) + "\n";
            out += "Token: ";
            out += word;
            out += "\n";
            if (has_labels && !has_predictions) {
                out += "Given label: " + classes.class_text(given) + "\n";
            } else if (!has_labels && has_predictions) {
                out += "Predicted label according to provided pred_probs: " +
                       classes.class_text(predicted) + "\n";
            } else if (has_labels && has_predictions) {
                out += "Given label: " + classes.class_text(given) +
                       ", predicted label according to provided pred_probs: " +
                       classes.class_text(predicted) + "\n";
            }
            out += "----\n";
            out += color_sentence(sentence, word, before, after);
            out += "\n";
        } else {
            ++shown;
            out += "Sentence issue: " + sentence + "\n";
        }
        if (shown == top) break;
        out += "\n\n";
    }
    return out;
}

namespace {

// The issues grouped by word (exact token text), words in order of first appearance.
struct WordGroup {
    int64_t first_token;  // flat index of the word's first issue token
    int64_t total = 0;    // issues counted for the word (swaps not excluded)
    std::map<std::pair<int32_t, int32_t>, int64_t> swaps;  // (given, predicted) -> count
};

template <class T>
std::vector<WordGroup> group_by_word(const TokenDataset &data, const IssueList &issues,
                                     const ClassInfo<T> &classes, bool with_swaps) {
    std::vector<WordGroup> groups;
    std::unordered_map<std::string_view, size_t> group_of_word;
    for (int64_t k = 0; k < issues.count; ++k) {
        const int64_t token = data.offsets[issues.sentences[k]] + issues.tokens[k];
        const std::string_view word = data.tokens.item(token);
        auto found = group_of_word.find(word);
        if (found == group_of_word.end()) {
            found = group_of_word.emplace(word, groups.size()).first;
            groups.push_back(WordGroup{token, 0, {}});
        }
        WordGroup &group = groups[found->second];
        if (!with_swaps) {
            ++group.total;
            continue;
        }
        const int32_t given = classes.labels[token];
        const int32_t predicted = classes.predicted(token);
        if (classes.excluded(given, predicted)) continue;  // the word stays, with no count
        ++group.swaps[{given, predicted}];
        ++group.total;
    }
    return groups;
}

// cleanlab ranks with np.argsort(freq)[::-1]: descending, and among equal values the
// later index first (the reverse of a stable ascending sort). Returns indices.
std::vector<size_t> rank_descending(const std::vector<int64_t> &values) {
    std::vector<size_t> order(values.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (values[a] != values[b]) return values[a] > values[b];
        return a > b;
    });
    return order;
}

}  // namespace

template <class T>
std::vector<CommonIssueRow> common_label_issues(const TokenDataset &data, const IssueList &issues,
                                                const ClassInfo<T> &classes) {
    const bool with_swaps = classes.labels != nullptr && classes.pred_probs != nullptr;
    const std::vector<WordGroup> groups = group_by_word(data, issues, classes, with_swaps);
    std::vector<CommonIssueRow> rows;
    for (const WordGroup &group : groups) {
        if (!with_swaps) {
            rows.push_back(CommonIssueRow{group.first_token, -1, -1, group.total});
            continue;
        }
        for (const auto &swap : group.swaps)  // (given, predicted) ascending, as cleanlab
            rows.push_back(CommonIssueRow{group.first_token, swap.first.first,
                                          swap.first.second, swap.second});
    }
    // sorted(..., reverse=True) is stable: equal counts keep the order above.
    std::stable_sort(rows.begin(), rows.end(),
                     [](const CommonIssueRow &a, const CommonIssueRow &b) {
                         return a.count > b.count;
                     });
    return rows;
}

template <class T>
std::string format_common_label_issues(const TokenDataset &data, const IssueList &issues,
                                       const ClassInfo<T> &classes,
                                       const tq_common_issues_options &options) {
    const bool with_swaps = classes.labels != nullptr && classes.pred_probs != nullptr;
    const std::vector<WordGroup> groups = group_by_word(data, issues, classes, with_swaps);
    std::vector<int64_t> totals;
    for (const WordGroup &group : groups) totals.push_back(group.total);
    std::vector<size_t> ranked = rank_descending(totals);
    if (static_cast<int64_t>(ranked.size()) > options.top)
        ranked.resize(static_cast<size_t>(options.top));

    std::string out;
    if (with_swaps && !classes.has_class_names)
        out +=
            "Classes will be printed in terms of their integer index since `class_names` was not "
            "provided. \nSpecify this argument to see the string names of each class. \n\n";
    for (size_t r : ranked) {
        const WordGroup &group = groups[r];
        out += "Token '";
        out += data.tokens.item(group.first_token);
        out += "' is potentially mislabeled " + std::to_string(group.total) +
               " times throughout the dataset\n";
        if (!with_swaps) {
            out += "\n";
            continue;
        }
        if (options.verbose != 0) {
            out += std::string(87, '-') + "\n";
            // Largest count first; ties by descending (given, predicted), as the reversed
            // argsort over the flattened K x K matrix orders them.
            std::vector<std::pair<std::pair<int32_t, int32_t>, int64_t>> swaps(group.swaps.begin(),
                                                                               group.swaps.end());
            std::stable_sort(swaps.begin(), swaps.end(), [](const auto &a, const auto &b) {
                if (a.second != b.second) return a.second > b.second;
                return a.first > b.first;
            });
            for (const auto &swap : swaps) {
                const int32_t given = swap.first.first, predicted = swap.first.second;
                if (classes.has_class_names)
                    out += "labeled as class `" + classes.class_text(given) +
                           "` but predicted to actually be class `" +
                           classes.class_text(predicted) + "` " + std::to_string(swap.second) +
                           " times\n";
                else
                    out += "labeled as class " + std::to_string(given) +
                           " but predicted to actually be class " + std::to_string(predicted) +
                           " " + std::to_string(swap.second) + " times\n";
            }
        }
        out += "\n";
    }
    return out;
}

std::vector<int64_t> filter_by_token(const TokenDataset &data, const IssueList &issues,
                                     std::string_view word) {
    const std::string wanted = python_lower(word);
    std::vector<int64_t> kept;
    for (int64_t k = 0; k < issues.count; ++k) {
        const std::string_view token = data.token(issues.sentences[k], issues.tokens[k]);
        if (python_lower(token) == wanted) kept.push_back(k);
    }
    return kept;
}

#define TQ_INSTANTIATE_SUMMARY(T)                                                              \
    template struct ClassInfo<T>;                                                              \
    template ClassInfo<T> read_class_info<T>(const TokenDataset &, const int32_t *, const T *, \
                                             int64_t, const char *, int64_t, const int64_t *,  \
                                             const int32_t *, int64_t);                        \
    template std::string format_issues<T>(const TokenDataset &, const IssueList &,             \
                                          const ClassInfo<T> &,                                \
                                          const tq_format_issues_options &);                   \
    template std::vector<CommonIssueRow> common_label_issues<T>(                               \
        const TokenDataset &, const IssueList &, const ClassInfo<T> &);                        \
    template std::string format_common_label_issues<T>(                                        \
        const TokenDataset &, const IssueList &, const ClassInfo<T> &,                         \
        const tq_common_issues_options &);

TQ_INSTANTIATE_SUMMARY(float)
TQ_INSTANTIATE_SUMMARY(double)

}  // namespace tq
