// Small stand-ins for the corpus and the probabilities, for the library's formatters
// (tq_format_issues_*, tq_common_label_issues_*, tq_format_common_label_issues_*) under
// --low-memory. Those functions take n_tokens x n_classes probabilities but read only
// the issues' rows, for the predicted class: each stand-in holds just the tokens the
// formatter needs, with one-hot float32 rows at each issue's predicted class (found when
// the issue was, from its row of the .npy), so the mapped .npy is not read again and
// memory stays bounded by the issues rather than the corpus.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "report.hpp"

namespace tqcli {

struct IssueCorpus {
    std::vector<int64_t> offsets{0};  // tokqual.h's "Data layout"
    std::string token_text;
    std::vector<int64_t> token_offsets{0};
    std::vector<int32_t> labels;
    std::vector<float> rows;  // one-hot: n_tokens x n_classes
    // The issues in the stand-in's own indices.
    std::vector<int64_t> issue_sentences, issue_tokens;

    int64_t n_sentences() const { return static_cast<int64_t>(offsets.size()) - 1; }
    int64_t n_tokens() const { return static_cast<int64_t>(labels.size()); }
};

// The issue's sentence alone (sentence 0 of the stand-in), for the text report; its
// other tokens get a one-hot row at their given class.
IssueCorpus issue_sentence(const Dataset &d, const IssueRow &issue);

// One sentence per issue holding just its token (for the summary functions, which
// look at the issues' words and labels only). Flat token k is issue k.
IssueCorpus issue_words(const Dataset &d, const std::vector<IssueRow> &issues);

}  // namespace tqcli
