// --format text: the issue and summary reports exactly as cleanlab's display_issues and
// common_label_issues print them (through the library's formatters), and for the
// ranking one block per sentence in the same style.
#include <cstdio>

#include "formats.hpp"
#include "issue_corpus.hpp"
#include "text_util.hpp"
#include "tq_calls.hpp"

namespace tqcli {

namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

void write_rank(const Report &r, const Output &out, bool color) {
    const Dataset &d = *r.data;
    const auto &names = d.classes.names;
    for (size_t k = 0; k < r.rank.size(); ++k) {
        const RankRow &row = r.rank[k];
        std::string_view word = d.corpus.token(d.corpus.offsets[row.sentence] + row.token);
        std::string text = sentence_text(d.corpus, row.sentence);
        // Without colour, brackets keep the token visible in a log or a pipe.
        std::string shown = color ? highlight(text, word, TQ_ANSI_RED, TQ_ANSI_RESET)
                                  : highlight(text, word, "[", "]");
        out.write("Rank " + std::to_string(k + 1) + ": sentence " + std::to_string(row.sentence) +
                  ", score " + number(row.score) + "\nToken: " + std::string(word) +
                  " (token " + std::to_string(row.token) + ", score " + number(row.token_score) +
                  ")\nGiven label: " + names[row.given] +
                  ", predicted label according to provided pred_probs: " +
                  names[row.predicted] + "\n----\n" + shown + "\n\n\n");
    }
}

// --low-memory: one issue at a time, each with a stand-in of its sentence alone
// (issue_corpus.hpp). The library then prints sentence index 0: the block's first line
// ("Sentence index: 0, Token index: J", as tokqual.h documents it) gets the issue's own
// index back. Every issue ends with the same separator, so the blocks join into the
// text of a single call.
void write_issues_one_by_one(const Report &r, const Output &out,
                             const tq_format_issues_options &opt) {
    const Dataset &d = *r.data;
    const std::string printed = "Sentence index: 0, ";
    for (const IssueRow &issue : r.issues) {
        const IssueCorpus ic = issue_sentence(d, issue);
        std::string block = text_from(
            [&](char *buf, int64_t cap, int64_t *size) {
                return format_issues(ic.offsets.data(), ic.n_sentences(), ic.token_text.data(),
                                     static_cast<int64_t>(ic.token_text.size()),
                                     ic.token_offsets.data(), ic.n_tokens(),
                                     ic.issue_sentences.data(), ic.issue_tokens.data(), 1,
                                     ic.labels.data(), ic.rows.data(), d.n_classes(),
                                     d.class_text.data(), static_cast<int64_t>(d.class_text.size()),
                                     d.class_offsets.data(), &opt, buf, cap, size);
            },
            d.probs_name + ": tq_format_issues");
        if (block.compare(0, printed.size(), printed) != 0)
            throw Failure(kExitFailure, "internal error: tq_format_issues began '" +
                                            printable(block.substr(0, 40)) + "'");
        out.write("Sentence index: " + std::to_string(issue.sentence) + ", ");
        out.write(std::string_view(block).substr(printed.size()));
    }
}

void write_issues(const Report &r, const Output &out, bool color) {
    Dataset &d = *r.data;
    if (r.issues.empty()) {
        out.write("No label issues found.\n");
        return;
    }
    tq_format_issues_options opt;
    tq_format_issues_options_init(&opt);
    opt.top = 0;  // every issue the subcommand kept
    opt.highlight_before = color ? TQ_ANSI_RED : "";
    opt.highlight_after = color ? TQ_ANSI_RESET : "";
    const Corpus &c = d.corpus;
    if (r.low_memory) {
        write_issues_one_by_one(r, out, opt);
        return;
    }
    std::vector<int64_t> sentences, tokens;
    for (const IssueRow &i : r.issues) {
        sentences.push_back(i.sentence);
        tokens.push_back(i.token);
    }
    RowsView rows = d.probs.rows(0, c.n_tokens());
    out.write(text_from(
        [&](char *buf, int64_t cap, int64_t *size) {
            return visit(rows, [&](auto p) {
                return format_issues(c.offsets.data(), c.n_sentences(), c.token_text.data(),
                                     static_cast<int64_t>(c.token_text.size()),
                                     c.token_offsets.data(), c.n_tokens(), sentences.data(),
                                     tokens.data(), static_cast<int64_t>(sentences.size()),
                                     c.labels.data(), p, d.n_classes(), d.class_text.data(),
                                     static_cast<int64_t>(d.class_text.size()),
                                     d.class_offsets.data(), &opt, buf, cap, size);
            });
        },
        d.probs_name + ": tq_format_issues"));
}

void write_summary(const Report &r, const Output &out) {
    Dataset &d = *r.data;
    tq_common_issues_options opt;
    tq_common_issues_options_init(&opt);
    opt.top = r.summary_top;
    opt.verbose = r.summary_verbose ? 1 : 0;
    if (r.low_memory) {  // the issues' words alone (issue_corpus.hpp)
        const IssueCorpus ic = issue_words(d, r.summarized);
        out.write(text_from(
            [&](char *buf, int64_t cap, int64_t *size) {
                return format_common_label_issues(
                    ic.offsets.data(), ic.n_sentences(), ic.token_text.data(),
                    static_cast<int64_t>(ic.token_text.size()), ic.token_offsets.data(),
                    ic.n_tokens(), ic.issue_sentences.data(), ic.issue_tokens.data(),
                    static_cast<int64_t>(ic.issue_sentences.size()), ic.labels.data(),
                    ic.rows.data(), d.n_classes(), d.class_text.data(),
                    static_cast<int64_t>(d.class_text.size()), d.class_offsets.data(), &opt, buf,
                    cap, size);
            },
            d.probs_name + ": tq_format_common_label_issues"));
        return;
    }
    std::vector<int64_t> sentences, tokens;
    for (const IssueRow &i : r.summarized) {
        sentences.push_back(i.sentence);
        tokens.push_back(i.token);
    }
    const Corpus &c = d.corpus;
    RowsView rows = d.probs.rows(0, c.n_tokens());
    out.write(text_from(
        [&](char *buf, int64_t cap, int64_t *size) {
            return visit(rows, [&](auto p) {
                return format_common_label_issues(
                    c.offsets.data(), c.n_sentences(), c.token_text.data(),
                    static_cast<int64_t>(c.token_text.size()), c.token_offsets.data(),
                    c.n_tokens(), sentences.data(), tokens.data(),
                    static_cast<int64_t>(sentences.size()), c.labels.data(), p,
                    d.n_classes(), d.class_text.data(), static_cast<int64_t>(d.class_text.size()),
                    d.class_offsets.data(), &opt, buf, cap, size);
            });
        },
        d.probs_name + ": tq_format_common_label_issues"));
}

}  // namespace

void write_text(const Report &r, const Output &out, bool color) {
    switch (r.kind) {
    case Report::kRank: write_rank(r, out, color); break;
    case Report::kIssues: write_issues(r, out, color); break;
    case Report::kSummary: write_summary(r, out); break;
    }
}

}  // namespace tqcli
