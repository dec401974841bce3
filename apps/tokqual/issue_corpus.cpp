#include "issue_corpus.hpp"

namespace tqcli {

namespace {

void add_token(IssueCorpus &ic, std::string_view word, int32_t label, int32_t hot, int64_t k) {
    ic.token_text.append(word);
    ic.token_offsets.push_back(static_cast<int64_t>(ic.token_text.size()));
    ic.labels.push_back(label);
    const size_t row = ic.rows.size();
    ic.rows.resize(row + static_cast<size_t>(k), 0.0f);
    ic.rows[row + static_cast<size_t>(hot)] = 1.0f;
}

}  // namespace

IssueCorpus issue_sentence(const Dataset &d, const IssueRow &issue) {
    const Corpus &c = d.corpus;
    IssueCorpus ic;
    const int64_t first = c.offsets[issue.sentence], end = c.offsets[issue.sentence + 1];
    for (int64_t t = first; t < end; ++t)
        add_token(ic, c.token(t), c.labels[t],
                  t == first + issue.token ? issue.predicted : c.labels[t], d.n_classes());
    ic.offsets.push_back(ic.n_tokens());
    ic.issue_sentences.push_back(0);
    ic.issue_tokens.push_back(issue.token);
    return ic;
}

IssueCorpus issue_words(const Dataset &d, const std::vector<IssueRow> &issues) {
    const Corpus &c = d.corpus;
    IssueCorpus ic;
    for (const IssueRow &x : issues) {
        const int64_t t = c.offsets[x.sentence] + x.token;
        add_token(ic, c.token(t), x.given, x.predicted, d.n_classes());
        ic.offsets.push_back(ic.n_tokens());
        ic.issue_sentences.push_back(ic.n_sentences() - 1);
        ic.issue_tokens.push_back(0);
    }
    return ic;
}

}  // namespace tqcli
