// tokqual rank: sentences by label-quality score, most suspicious first
// (cleanlab.token_classification.rank.get_label_quality_scores, then
// issues_from_scores on the sentence scores).
#include <cmath>

#include "commands.hpp"
#include "errors.hpp"
#include "timings.hpp"
#include "tq_calls.hpp"

namespace tqcli {

namespace {

RankRow rank_row(const Dataset &d, const RowsView &all_rows, const double *token_scores,
                 int64_t sentence, double score) {
    const Corpus &c = d.corpus;
    const int64_t first = c.offsets[sentence], end = c.offsets[sentence + 1];
    int64_t worst = first;  // the first lowest-scoring token
    for (int64_t t = first + 1; t < end; ++t)
        if (token_scores[t] < token_scores[worst]) worst = t;
    return RankRow{sentence, score, worst - first, token_scores[worst], c.labels[worst],
                   all_rows.argmax(worst)};
}

}  // namespace

std::vector<RankRow> compute_rank(Dataset &d, const RankOptions &o) {
    if (o.top < 0) usage_error("--top " + std::to_string(o.top) + "; expected 0 (all) or more");
    const Corpus &c = d.corpus;
    tq_score_options opt;
    tq_score_options_init(&opt);
    opt.token_method = token_method_value(o.token_method);
    opt.sentence_method = o.sentence_method == "softmin" ? TQ_SOFTMIN : TQ_MIN;
    opt.temperature = o.temperature;
    opt.n_threads = o.threads;

    std::vector<double> sentence_scores(static_cast<size_t>(c.n_sentences()));
    std::vector<double> token_scores(static_cast<size_t>(c.n_tokens()));
    RowsView rows = d.probs.rows(0, c.n_tokens());
    tq_status s = visit(rows, [&](auto p) {
        return label_quality_scores(c.offsets.data(), c.n_sentences(), c.labels.data(), p,
                                    c.n_tokens(), d.n_classes(), &opt, sentence_scores.data(),
                                    token_scores.data());
    });
    if (s == TQ_ERR_INVALID_PROBABILITY) d.probs.explain_bad_probability(0, c.n_tokens());
    check(s, d.probs_name + ": tq_label_quality_scores");

    // All sentences (threshold +inf) or those strictly below --threshold, lowest first.
    std::vector<int64_t> order(static_cast<size_t>(c.n_sentences()));
    int64_t n = 0;
    check(tq_issues_from_sentence_scores(sentence_scores.data(), c.n_sentences(),
                                         o.has_threshold ? o.threshold : INFINITY,
                                         order.data(), &n),
          "--threshold");
    if (o.top > 0 && n > o.top) n = o.top;
    std::vector<RankRow> ranked;
    for (int64_t k = 0; k < n; ++k)
        ranked.push_back(rank_row(d, rows, token_scores.data(), order[k], sentence_scores[order[k]]));
    timings().mark("score");
    return ranked;
}

int run_rank(const RankOptions &o) {
    Dataset d = load_dataset(o.in);
    Report r;
    r.kind = Report::kRank;
    r.data = &d;
    r.title = "tokqual rank: " + d.conll_name;
    r.rank = compute_rank(d, o);
    write_report(r, o.out);
    timings().mark("write");
    return kExitOk;
}

}  // namespace tqcli
