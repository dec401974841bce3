// What a subcommand found, handed to the output formats.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dataset.hpp"

namespace tqcli {

// A sentence of the ranking and its lowest-scoring token.
struct RankRow {
    int64_t sentence;
    double score;        // the sentence's label-quality score
    int64_t token;       // its lowest-scoring token, counted within the sentence
    double token_score;
    int32_t given, predicted;
};

// A token whose label is likely wrong.
struct IssueRow {
    int64_t sentence, token;  // token counted within the sentence
    double score;             // the token's score by --rank-by
    int32_t given, predicted;
};

// A word and label swap that carries issues (tq_common_label_issues_*).
struct SummaryRow {
    int64_t word_token;  // a flat token index whose text is the word
    int32_t given, predicted;
    int64_t count;
};

struct Report {
    enum Kind { kRank, kIssues, kSummary } kind = kRank;
    Dataset *data = nullptr;
    std::vector<RankRow> rank;
    std::vector<IssueRow> issues;
    std::vector<SummaryRow> summary;
    // kSummary, text format: the issues summarized, and how many words to describe.
    std::vector<IssueRow> summarized;
    int64_t summary_top = 10;
    bool summary_verbose = true;
    std::string title;  // what was run, for the HTML page
    // --low-memory: the text formats must not hand the whole mapped array to the
    // library's formatters (issue_corpus.hpp).
    bool low_memory = false;
};

}  // namespace tqcli
