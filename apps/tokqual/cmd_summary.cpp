// tokqual summary: the words that most often carry label issues, with their label swaps
// (cleanlab.token_classification.summary.common_label_issues), or with --word W the
// issues of one word (summary.filter_by_token).
#include "commands.hpp"
#include "errors.hpp"
#include "issue_corpus.hpp"
#include "timings.hpp"
#include "tq_calls.hpp"

namespace tqcli {

int run_summary(const SummaryOptions &o) {
    if (o.top < 0) usage_error("--top " + std::to_string(o.top) + "; expected 0 or more");
    Dataset d = load_dataset(o.in);
    const Corpus &c = d.corpus;
    std::vector<IssueRow> issues = find_issues(d, o.find);
    std::vector<int64_t> sentences, tokens;
    for (const IssueRow &i : issues) {
        sentences.push_back(i.sentence);
        tokens.push_back(i.token);
    }
    const int64_t n_issues = static_cast<int64_t>(issues.size());
    Report r;
    r.data = &d;
    r.low_memory = o.find.low_memory;
    if (!o.word.empty()) {  // the issues of one word, as `tokqual issues` shows them
        std::vector<int64_t> ks(issues.size()), kt(issues.size());
        int64_t n = 0;
        check(tq_filter_by_token(o.word.data(), static_cast<int64_t>(o.word.size()),
                                 c.offsets.data(), c.n_sentences(), c.token_text.data(),
                                 static_cast<int64_t>(c.token_text.size()),
                                 c.token_offsets.data(), c.n_tokens(), sentences.data(),
                                 tokens.data(), n_issues, ks.data(), kt.data(), &n),
              "--word");
        // The filter keeps the issues' order, so walk both lists together.
        size_t i = 0;
        for (int64_t k = 0; k < n; ++k) {
            while (issues[i].sentence != ks[k] || issues[i].token != kt[k]) ++i;
            r.issues.push_back(issues[i]);
        }
        r.kind = Report::kIssues;
        r.title = "tokqual summary --word " + o.word + ": " + d.conll_name;
        write_report(r, o.out);
        return kExitOk;
    }
    std::vector<int64_t> word_tokens(issues.size()), counts(issues.size());
    std::vector<int32_t> given(issues.size()), predicted(issues.size());
    int64_t n = 0;
    if (o.find.low_memory) {  // the issues' words alone: flat token k is issue k
        const IssueCorpus ic = issue_words(d, issues);
        check(common_label_issues(ic.offsets.data(), ic.n_sentences(), ic.token_text.data(),
                                  static_cast<int64_t>(ic.token_text.size()),
                                  ic.token_offsets.data(), ic.n_tokens(),
                                  ic.issue_sentences.data(), ic.issue_tokens.data(), n_issues,
                                  ic.labels.data(), ic.rows.data(), d.n_classes(),
                                  word_tokens.data(), given.data(), predicted.data(),
                                  counts.data(), &n),
              d.probs_name + ": tq_common_label_issues");
        for (int64_t k = 0; k < n; ++k) {
            const IssueRow &x = issues[static_cast<size_t>(word_tokens[k])];
            word_tokens[k] = c.offsets[x.sentence] + x.token;
        }
    } else {
        RowsView rows = d.probs.rows(0, c.n_tokens());
        check(visit(rows,
                    [&](auto p) {
                        return common_label_issues(
                            c.offsets.data(), c.n_sentences(), c.token_text.data(),
                            static_cast<int64_t>(c.token_text.size()), c.token_offsets.data(),
                            c.n_tokens(), sentences.data(), tokens.data(), n_issues,
                            c.labels.data(), p, d.n_classes(), word_tokens.data(), given.data(),
                            predicted.data(), counts.data(), &n);
                    }),
              d.probs_name + ": tq_common_label_issues");
    }
    for (int64_t k = 0; k < n; ++k)
        r.summary.push_back(SummaryRow{word_tokens[k], given[k], predicted[k], counts[k]});
    r.kind = Report::kSummary;
    r.title = "tokqual summary: " + d.conll_name;
    r.summarized = std::move(issues);
    r.summary_top = o.top;
    r.summary_verbose = !o.no_swaps;
    write_report(r, o.out);
    timings().mark("write");
    return kExitOk;
}

}  // namespace tqcli
