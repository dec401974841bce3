// Confident learning over the files: tq_find_label_issues_* on the whole mapped array,
// or with --low-memory the streaming inspector, two passes over batches of whole
// sentences (cleanlab's find_label_issues(..., low_memory=True)).
#include <algorithm>

#include "commands.hpp"
#include "errors.hpp"
#include "progress.hpp"
#include "timings.hpp"
#include "tq_calls.hpp"

namespace tqcli {

namespace {

std::vector<int64_t> parse_num_to_remove(const std::string &s, int64_t n_classes) {
    std::vector<int64_t> counts;
    for (const std::string &part : split_commas(s)) {
        size_t used = 0;
        long long v = -1;
        try {
            v = std::stoll(part, &used);
        } catch (const std::exception &) {
            used = 0;
        }
        if (used == 0 || used != part.size() || v < 0)
            usage_error("--num-to-remove-per-class: '" + part +
                        "'; expected a non-negative integer per class");
        counts.push_back(v);
    }
    if (static_cast<int64_t>(counts.size()) != n_classes)
        usage_error("--num-to-remove-per-class: " + std::to_string(counts.size()) +
                    " values; expected " + std::to_string(n_classes) + ", one per class");
    return counts;
}

// Each issue's score by --rank-by, as cleanlab ranks them (token scores of the whole
// data; with --adjust-pred-probs, of the adjusted probabilities).
std::vector<double> ranking_scores(Dataset &d, const RowsView &rows, const tq_find_options &f) {
    const Corpus &c = d.corpus;
    tq_score_options opt;
    tq_score_options_init(&opt);
    opt.token_method = f.rank_by;
    opt.n_threads = f.n_threads;
    std::vector<double> sentence_scores(static_cast<size_t>(c.n_sentences()));
    std::vector<double> token_scores(static_cast<size_t>(c.n_tokens()));
    auto score = [&](auto p) {
        return label_quality_scores(c.offsets.data(), c.n_sentences(), c.labels.data(), p,
                                    c.n_tokens(), d.n_classes(), &opt, sentence_scores.data(),
                                    token_scores.data());
    };
    if (f.adjust_pred_probs) {
        std::vector<double> adjusted(static_cast<size_t>(c.n_tokens() * d.n_classes()));
        check(visit(rows, [&](auto p) {
                  return adjust_pred_probs(c.labels.data(), p, c.n_tokens(), d.n_classes(), &f,
                                           adjusted.data());
              }),
              d.probs_name + ": tq_adjust_pred_probs");
        check(score(static_cast<const double *>(adjusted.data())),
              d.probs_name + ": tq_label_quality_scores");
    } else {
        check(visit(rows, score), d.probs_name + ": tq_label_quality_scores");
    }
    return token_scores;
}

std::vector<IssueRow> in_memory(Dataset &d, const FindOptions &o) {
    const Corpus &c = d.corpus;
    tq_find_options f;
    tq_find_options_init(&f);
    f.filter_by = filter_method_value(o.filter_by);
    f.rank_by = token_method_value(o.rank_by);
    f.frac_noise = o.frac_noise;
    f.min_examples_per_class = o.min_examples_per_class;
    f.n_threads = o.threads;
    f.adjust_pred_probs = o.adjust_pred_probs ? 1 : 0;
    std::vector<int64_t> num_to_remove;
    if (!o.num_to_remove_per_class.empty()) {
        num_to_remove = parse_num_to_remove(o.num_to_remove_per_class, d.n_classes());
        f.num_to_remove_per_class = num_to_remove.data();
    }
    std::vector<int64_t> sentences(static_cast<size_t>(c.n_tokens()));
    std::vector<int64_t> tokens(static_cast<size_t>(c.n_tokens()));
    int64_t n = 0;
    RowsView rows = d.probs.rows(0, c.n_tokens());
    tq_status s = visit(rows, [&](auto p) {
        return find_label_issues(c.offsets.data(), c.n_sentences(), c.labels.data(), p,
                                 c.n_tokens(), d.n_classes(), &f, sentences.data(),
                                 tokens.data(), &n);
    });
    if (s == TQ_ERR_INVALID_PROBABILITY) d.probs.explain_bad_probability(0, c.n_tokens());
    check(s, d.probs_name + ": tq_find_label_issues");
    timings().mark("find issues");
    std::vector<double> scores = ranking_scores(d, rows, f);
    std::vector<IssueRow> issues;
    issues.reserve(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k) {
        int64_t t = c.offsets[sentences[k]] + tokens[k];
        issues.push_back(IssueRow{sentences[k], tokens[k], scores[t], c.labels[t], rows.argmax(t)});
    }
    timings().mark("score issues");
    return issues;
}

// Batches of whole sentences holding about `batch_tokens` tokens: sentence indices.
std::vector<int64_t> batch_bounds(const Corpus &c, int64_t batch_tokens) {
    std::vector<int64_t> bounds{0};
    for (int64_t s = 1; s <= c.n_sentences(); ++s)
        if (s == c.n_sentences() || c.offsets[s + 1] - c.offsets[bounds.back()] > batch_tokens)
            bounds.push_back(s);
    return bounds;
}

struct InspectorHandle {
    tq_inspector *p = nullptr;
    ~InspectorHandle() { tq_inspector_destroy(p); }
};

std::vector<IssueRow> low_memory(Dataset &d, const FindOptions &o) {
    if (o.filter_by != "prune_by_noise_rate" || o.frac_noise != 1.0 ||
        o.min_examples_per_class != 1 || !o.num_to_remove_per_class.empty())
        usage_error("--low-memory runs cleanlab's batched method, which takes only --rank-by "
                    "and --adjust-pred-probs; drop --filter-by, --frac-noise, "
                    "--min-examples-per-class and --num-to-remove-per-class");
    if (o.batch_tokens < 1)
        usage_error("--batch-tokens " + std::to_string(o.batch_tokens) + "; expected 1 or more");
    const Corpus &c = d.corpus;
    tq_inspector_options io;
    tq_inspector_options_init(&io);
    io.rank_by = token_method_value(o.rank_by);
    io.adjust_pred_probs = o.adjust_pred_probs ? 1 : 0;
    io.n_threads = o.threads;
    InspectorHandle inspector;
    check(tq_inspector_create(d.n_classes(), &io, &inspector.p), "--low-memory");

    const std::vector<int64_t> bounds = batch_bounds(c, o.batch_tokens);
    const NpyArray &a = d.probs.array();
    const size_t row_bytes = static_cast<size_t>(a.cols) * a.item_size();
    // Drops a batch's pages of the mapped file once read: memory stays bounded.
    auto release = [&](int64_t t0, int64_t t1) {
        if (!a.owned.empty()) return;
        size_t base = static_cast<size_t>(a.data - d.probs_file->data());
        d.probs_file->release(base + static_cast<size_t>(t0) * row_bytes,
                              base + static_cast<size_t>(t1) * row_bytes);
    };
    std::vector<double> token_scores(static_cast<size_t>(c.n_tokens()));
    for (int pass = 1; pass <= 2; ++pass) {
        Progress progress(pass == 1 ? "thresholds" : "scores", static_cast<uint64_t>(c.n_tokens()));
        for (size_t b = 0; b + 1 < bounds.size(); ++b) {
            const int64_t s0 = bounds[b], s1 = bounds[b + 1];
            const int64_t t0 = c.offsets[s0], t1 = c.offsets[s1];
            RowsView rows = d.probs.rows(t0, t1);
            tq_status s;
            if (pass == 1) {
                s = visit(rows, [&](auto p) {
                    return inspector_update_thresholds(inspector.p, c.labels.data() + t0, p,
                                                       t1 - t0, d.n_classes());
                });
            } else {
                std::vector<int64_t> offsets(c.offsets.begin() + s0, c.offsets.begin() + s1 + 1);
                for (int64_t &v : offsets) v -= t0;
                s = visit(rows, [&](auto p) {
                    return inspector_score(inspector.p, s0, offsets.data(), s1 - s0,
                                           c.labels.data() + t0, p, t1 - t0, d.n_classes(),
                                           token_scores.data() + t0);
                });
            }
            if (s == TQ_ERR_INVALID_PROBABILITY) d.probs.explain_bad_probability(t0, t1);
            check(s, d.probs_name + ": --low-memory, sentences " + std::to_string(s0) + " to " +
                         std::to_string(s1 - 1));
            release(t0, t1);
            progress.update(static_cast<uint64_t>(t1));
        }
        if (pass == 1) check(tq_inspector_finish_thresholds(inspector.p), "--low-memory");
        timings().mark(pass == 1 ? "pass 1" : "pass 2");
    }
    int64_t capacity = 0, n = 0;
    check(tq_inspector_num_label_issues(inspector.p, &capacity), "--low-memory");
    std::vector<int64_t> sentences(static_cast<size_t>(capacity)), tokens(static_cast<size_t>(capacity));
    check(tq_inspector_find_label_issues(inspector.p, sentences.data(), tokens.data(), capacity, &n),
          "--low-memory");
    // Each issue's row, for its predicted class, read in file order. A fault on the
    // mapped file can map a whole large folio of the page cache (up to megabytes around
    // the row), so the mapping is dropped whenever the rows read since the last drop span
    // more than kReleaseBytes of the file, or random rows would fill memory (dropping it
    // after every row made one system call per issue: a second of system time for
    // 146,000 issues).
    constexpr size_t kReleaseBytes = size_t{8} << 20;
    std::vector<IssueRow> issues;
    std::vector<int64_t> flat(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k) {
        const int64_t t = c.offsets[sentences[k]] + tokens[k];
        flat[static_cast<size_t>(k)] = t;
        issues.push_back(IssueRow{sentences[k], tokens[k], token_scores[static_cast<size_t>(t)],
                                  c.labels[t], -1});
    }
    std::vector<size_t> order(issues.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return flat[x] < flat[y]; });
    size_t first_unreleased = 0;  // a byte offset of the array
    for (size_t k : order) {
        const size_t at = static_cast<size_t>(flat[k]) * row_bytes;
        if (a.owned.empty() && at - first_unreleased > kReleaseBytes) {
            d.probs_file->release(0, d.probs_file->size());
            first_unreleased = at;
        }
        issues[k].predicted = d.probs.rows(flat[k], flat[k] + 1).argmax(0);
    }
    if (a.owned.empty()) d.probs_file->release(0, d.probs_file->size());
    return issues;
}

}  // namespace

std::vector<IssueRow> find_issues(Dataset &d, const FindOptions &o) {
    return o.low_memory ? low_memory(d, o) : in_memory(d, o);
}

}  // namespace tqcli
