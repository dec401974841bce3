// The streaming inspector: cleanlab's low-memory mode on the conformance data, the same
// answer however the data is sharded, batched, merged, cloned or saved, every error
// path, and state that does not grow with the data in pass 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "test_util.hpp"

using json = nlohmann::json;
using namespace tqtest;

namespace {

struct InspectorDeleter {
    void operator()(tq_inspector *p) const { tq_inspector_destroy(p); }
};
using Handle = std::unique_ptr<tq_inspector, InspectorDeleter>;

tq_inspector_options inspector_options(int32_t rank_by = TQ_SELF_CONFIDENCE, int32_t adjust = 0,
                                       int32_t method = TQ_OFF_DIAGONAL, int32_t n_threads = 1) {
    tq_inspector_options o;
    tq_inspector_options_init(&o);
    o.rank_by = rank_by;
    o.adjust_pred_probs = adjust;
    o.num_issues_method = method;
    o.n_threads = n_threads;
    return o;
}

Handle create(int64_t n_classes, const tq_inspector_options &o) {
    tq_inspector *p = nullptr;
    EXPECT_EQ(TQ_OK, tq_inspector_create(n_classes, &o, &p)) << tq_last_error_message();
    return Handle(p);
}

Handle clone(const tq_inspector *from) {
    tq_inspector *p = nullptr;
    EXPECT_EQ(TQ_OK, tq_inspector_clone(from, &p)) << tq_last_error_message();
    return Handle(p);
}

Handle save_and_load(const tq_inspector *from) {
    size_t size = 0;
    EXPECT_EQ(TQ_ERR_BUFFER_TOO_SMALL, tq_inspector_save(from, nullptr, 0, &size));
    std::vector<unsigned char> bytes(size);
    EXPECT_EQ(TQ_OK, tq_inspector_save(from, bytes.data(), bytes.size(), &size));
    tq_inspector *p = nullptr;
    EXPECT_EQ(TQ_OK, tq_inspector_load(bytes.data(), bytes.size(), &p)) << tq_last_error_message();
    return Handle(p);
}

// A dataset view: sentences [first, last) of a flat dataset.
struct Dataset {
    const std::vector<int64_t> *offsets;
    const std::vector<int32_t> *labels;
    const std::vector<double> *probs;
    const std::vector<float> *probs32;  // used when single
    int64_t n_classes;
    bool single;
    int64_t n_sentences() const { return static_cast<int64_t>(offsets->size()) - 1; }
};

void update(tq_inspector *in, const Dataset &d, int64_t first, int64_t last) {
    const int64_t a = (*d.offsets)[static_cast<size_t>(first)];
    const int64_t b = (*d.offsets)[static_cast<size_t>(last)];
    const int32_t *labels = d.labels->data() + a;
    const tq_status st =
        d.single ? tq_inspector_update_thresholds_f32(in, labels, d.probs32->data() + a * d.n_classes,
                                                      b - a, d.n_classes)
                 : tq_inspector_update_thresholds_f64(in, labels, d.probs->data() + a * d.n_classes,
                                                      b - a, d.n_classes);
    ASSERT_EQ(TQ_OK, st) << tq_last_error_message();
}

void score(tq_inspector *in, const Dataset &d, int64_t first, int64_t last,
           double *token_scores = nullptr) {
    const int64_t a = (*d.offsets)[static_cast<size_t>(first)];
    std::vector<int64_t> local(static_cast<size_t>(last - first) + 1);
    for (int64_t s = first; s <= last; ++s)
        local[static_cast<size_t>(s - first)] = (*d.offsets)[static_cast<size_t>(s)] - a;
    const int64_t n = local.back();
    const int32_t *labels = d.labels->data() + a;
    const tq_status st =
        d.single ? tq_inspector_score_f32(in, first, local.data(), last - first, labels,
                                          d.probs32->data() + a * d.n_classes, n, d.n_classes,
                                          token_scores)
                 : tq_inspector_score_f64(in, first, local.data(), last - first, labels,
                                          d.probs->data() + a * d.n_classes, n, d.n_classes,
                                          token_scores);
    ASSERT_EQ(TQ_OK, st) << tq_last_error_message();
}

std::vector<std::pair<int64_t, int64_t>> issues_of(const tq_inspector *in) {
    int64_t n = -1;
    EXPECT_EQ(TQ_OK, tq_inspector_num_label_issues(in, &n)) << tq_last_error_message();
    const size_t capacity = static_cast<size_t>(std::max<int64_t>(n, 1));
    std::vector<int64_t> s(capacity), t(capacity);
    int64_t count = -1;
    EXPECT_EQ(TQ_OK, tq_inspector_find_label_issues(in, s.data(), t.data(), n, &count))
        << tq_last_error_message();
    std::vector<std::pair<int64_t, int64_t>> out;
    for (int64_t i = 0; i < count; ++i)
        out.emplace_back(s[static_cast<size_t>(i)], t[static_cast<size_t>(i)]);
    return out;
}

// Random sentence boundaries splitting [0, n_sentences) into `n_shards` ranges (some may
// be empty).
std::vector<std::pair<int64_t, int64_t>> shard_ranges(std::mt19937_64 &rng, int64_t n_sentences,
                                                      int n_shards) {
    std::vector<int64_t> cuts{0, n_sentences};
    std::uniform_int_distribution<int64_t> cut(0, n_sentences);
    for (int i = 1; i < n_shards; ++i) cuts.push_back(cut(rng));
    std::sort(cuts.begin(), cuts.end());
    std::vector<std::pair<int64_t, int64_t>> ranges;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) ranges.emplace_back(cuts[i], cuts[i + 1]);
    return ranges;
}

// Merges `parts` into one, in a random order and grouping (pairs merged into pairs).
Handle merge_all(std::mt19937_64 &rng, std::vector<Handle> parts) {
    while (parts.size() > 1) {
        std::shuffle(parts.begin(), parts.end(), rng);
        Handle from = std::move(parts.back());
        parts.pop_back();
        EXPECT_EQ(TQ_OK, tq_inspector_merge(parts.back().get(), from.get()))
            << tq_last_error_message();
    }
    return std::move(parts.front());
}

// The full sharded workflow: pass 1 per shard (random batches), merge, finish, copy to
// every shard (clone or save/load), pass 2 per shard (random batches, random order),
// merge. Returns the final inspector.
Handle run_sharded(std::mt19937_64 &rng, const Dataset &d, const tq_inspector_options &o,
                   int n_shards) {
    const auto ranges = shard_ranges(rng, d.n_sentences(), n_shards);
    std::uniform_int_distribution<int64_t> batch(1, 40);
    std::vector<Handle> pass1;
    for (const auto &r : ranges) {
        pass1.push_back(create(d.n_classes, o));
        for (int64_t s = r.first; s < r.second;) {
            const int64_t e = std::min(r.second, s + batch(rng));
            update(pass1.back().get(), d, s, e);
            s = e;
        }
    }
    Handle global = merge_all(rng, std::move(pass1));
    EXPECT_EQ(TQ_OK, tq_inspector_finish_thresholds(global.get())) << tq_last_error_message();
    std::vector<Handle> pass2;
    for (size_t i = 0; i < ranges.size(); ++i) {
        pass2.push_back(i % 2 == 0 ? clone(global.get()) : save_and_load(global.get()));
        // Batches of a shard in a random order.
        std::vector<std::pair<int64_t, int64_t>> batches;
        for (int64_t s = ranges[i].first; s < ranges[i].second;) {
            const int64_t e = std::min(ranges[i].second, s + batch(rng));
            batches.emplace_back(s, e);
            s = e;
        }
        std::shuffle(batches.begin(), batches.end(), rng);
        for (const auto &b : batches) score(pass2.back().get(), d, b.first, b.second);
    }
    return merge_all(rng, std::move(pass2));
}

json load_find_conformance() {
    std::ifstream in(std::string(TQ_CONFORMANCE_DIR) + "/find_issues.json");
    if (!in) throw std::runtime_error("cannot open conformance file find_issues.json");
    return json::parse(in);
}

int32_t method_of(const std::string &name) {
    if (name == "self_confidence") return TQ_SELF_CONFIDENCE;
    if (name == "normalized_margin") return TQ_NORMALIZED_MARGIN;
    return TQ_CONFIDENCE_WEIGHTED_ENTROPY;
}

}  // namespace

TEST(InspectorConformance, MatchesCleanlabLowMemoryModeForEveryShardingAndOption) {
    const json data = load_find_conformance();
    std::mt19937_64 rng(2024);
    size_t n_checked = 0;
    for (const json &jc : data.at("cases")) {
        const auto offsets = jc.at("offsets").get<std::vector<int64_t>>();
        const auto labels = jc.at("labels").get<std::vector<int32_t>>();
        const auto probs = jc.at("pred_probs").get<std::vector<double>>();
        const std::vector<float> probs32(probs.begin(), probs.end());
        const Dataset d{&offsets, &labels, &probs, &probs32, jc.at("n_classes").get<int64_t>(),
                        jc.at("dtype").get<std::string>() == "float32"};
        const std::string name = jc.at("name").get<std::string>();
        for (const json &e : jc.at("batched")) {
            const tq_inspector_options o = inspector_options(
                method_of(e.at("rank_by").get<std::string>()), e.at("adjust_pred_probs").get<bool>(),
                e.at("num_issues_method") == "off_diagonal" ? TQ_OFF_DIAGONAL
                                                            : TQ_OFF_DIAGONAL_CALIBRATED);
            const std::string what = name + " " + e.dump().substr(0, 120);
            if (e.contains("error")) {
                // Only the entropy on probabilities outside [0, 1] is refused here.
                ASSERT_EQ("probability", e.at("error").get<std::string>()) << what;
                Handle in = create(d.n_classes, o);
                update(in.get(), d, 0, d.n_sentences());
                ASSERT_EQ(TQ_OK, tq_inspector_finish_thresholds(in.get()));
                std::vector<int64_t> local = offsets;
                EXPECT_EQ(TQ_ERR_INVALID_PROBABILITY,
                          d.single ? tq_inspector_score_f32(in.get(), 0, local.data(), d.n_sentences(), labels.data(),
                                                            probs32.data(), static_cast<int64_t>(labels.size()), d.n_classes, nullptr)
                                   : tq_inspector_score_f64(in.get(), 0, local.data(), d.n_sentences(), labels.data(),
                                                            probs.data(), static_cast<int64_t>(labels.size()), d.n_classes, nullptr))
                    << what;
                continue;
            }
            const auto flat = e.at("issues").get<std::vector<int64_t>>();
            std::vector<std::pair<int64_t, int64_t>> expected;
            for (size_t i = 0; i < flat.size(); i += 2) expected.emplace_back(flat[i], flat[i + 1]);
            std::vector<std::pair<int64_t, int64_t>> first;
            for (int n_shards : {1, 2, 7}) {
                Handle in = run_sharded(rng, d, o, n_shards);
                int64_t n_issues = -1;
                ASSERT_EQ(TQ_OK, tq_inspector_num_label_issues(in.get(), &n_issues));
                EXPECT_EQ(e.at("num_issues").get<int64_t>(), n_issues) << what;
                std::vector<double> thresholds(static_cast<size_t>(d.n_classes));
                ASSERT_EQ(TQ_OK, tq_inspector_thresholds(in.get(), thresholds.data(), d.n_classes));
                const auto et = e.at("thresholds").get<std::vector<double>>();
                for (size_t k = 0; k < et.size(); ++k)
                    EXPECT_NEAR(et[k], thresholds[k], 1e-12) << what << " class " << k;
                const auto got = issues_of(in.get());
                if (n_shards == 1) {
                    // cleanlab lists them by position; tokqual ranks them.
                    auto by_position = got;
                    std::sort(by_position.begin(), by_position.end());
                    EXPECT_EQ(expected, by_position) << what;
                    first = got;
                } else {
                    EXPECT_EQ(first, got) << what << " with " << n_shards << " shards";
                }
            }
            ++n_checked;
        }
    }
    EXPECT_GT(n_checked, 150u);
}

TEST(Inspector, RankedByScoreTiesByPosition) {
    const Data d = make_random_data(11, 300, 5);
    const std::vector<float> f32 = d.probs_f32();
    const Dataset ds{&d.offsets, &d.labels, &d.probs, &f32, 5, false};
    for (int32_t m : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN, TQ_CONFIDENCE_WEIGHTED_ENTROPY}) {
        Handle in = create(5, inspector_options(m));
        update(in.get(), ds, 0, ds.n_sentences());
        ASSERT_EQ(TQ_OK, tq_inspector_finish_thresholds(in.get()));
        std::vector<double> scores(d.labels.size());
        score(in.get(), ds, 0, ds.n_sentences(), scores.data());
        // Token scores are the scoring functions' token scores (the entropy there uses a
        // vectorized log, within a few ULP; the inspector keeps cleanlab's bits).
        tq_score_options so = score_options(m, TQ_MIN);
        std::vector<double> sentence(static_cast<size_t>(d.n_sentences())), token(d.labels.size());
        ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(d.offsets.data(), d.n_sentences(), d.labels.data(),
                                                     d.probs.data(), d.n_tokens(), 5, &so,
                                                     sentence.data(), token.data()));
        if (m == TQ_CONFIDENCE_WEIGHTED_ENTROPY) {
            for (size_t i = 0; i < token.size(); ++i) EXPECT_NEAR(token[i], scores[i], 1e-12);
            token = scores;  // rank by the inspector's own scores below
        } else {
            EXPECT_EQ(token, scores);
        }
        const auto issues = issues_of(in.get());
        ASSERT_GT(issues.size(), 2u);
        for (size_t i = 1; i < issues.size(); ++i) {
            const double a = token[static_cast<size_t>(d.offsets[static_cast<size_t>(issues[i - 1].first)] + issues[i - 1].second)];
            const double b = token[static_cast<size_t>(d.offsets[static_cast<size_t>(issues[i].first)] + issues[i].second)];
            EXPECT_TRUE(a < b || (a == b && issues[i - 1] < issues[i]));
        }
    }
}

TEST(Inspector, ShardingThreadsAndPrecision) {
    // Larger than one thread's share, float32 and float64, both estimation methods.
    const Data d = make_random_data(12, 9000, 9);
    const std::vector<float> f32 = d.probs_f32();
    std::mt19937_64 rng(99);
    for (bool single : {false, true}) {
        const Dataset ds{&d.offsets, &d.labels, &d.probs, &f32, 9, single};
        for (int32_t method : {TQ_OFF_DIAGONAL, TQ_OFF_DIAGONAL_CALIBRATED}) {
            std::vector<std::pair<int64_t, int64_t>> first;
            for (int32_t n_threads : {1, 3, 0}) {
                for (int n_shards : {1, 2, 7}) {
                    Handle in = run_sharded(rng, ds, inspector_options(TQ_NORMALIZED_MARGIN, 1, method, n_threads), n_shards);
                    const auto got = issues_of(in.get());
                    if (first.empty()) {
                        ASSERT_GT(got.size(), 100u);
                        first = got;
                    } else {
                        EXPECT_EQ(first, got) << "threads " << n_threads << " shards " << n_shards;
                    }
                }
            }
        }
    }
}

// The issues by brute force: every token in (score, position) order, the first
// num_label_issues of them, those whose label does not win the argmax once it gets
// cleanlab's 1e-6 bonus (first argmax at ties).
std::vector<std::pair<int64_t, int64_t>> brute_force_issues(const std::vector<int64_t> &offsets,
                                                            const std::vector<int32_t> &labels,
                                                            const std::vector<double> &probs,
                                                            int64_t n_classes,
                                                            const std::vector<double> &scores,
                                                            int64_t n_issues) {
    const size_t n = labels.size(), K = static_cast<size_t>(n_classes);
    std::vector<size_t> order(n);
    for (size_t t = 0; t < n; ++t) order[t] = t;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return scores[a] < scores[b]; });
    order.resize(static_cast<size_t>(std::min<int64_t>(std::max<int64_t>(n_issues, 0), static_cast<int64_t>(n))));
    std::vector<std::pair<int64_t, int64_t>> out;
    for (size_t t : order) {
        const double *row = probs.data() + t * K;
        const size_t y = static_cast<size_t>(labels[t]);
        size_t argmax = 0;
        for (size_t k = 1; k < K; ++k)
            if (row[k] > row[argmax]) argmax = k;
        const double boosted = row[y] + 1e-6;
        const bool label_wins = argmax == y || row[argmax] < boosted ||
                                (row[argmax] == boosted && argmax > y);
        if (label_wins) continue;
        const int64_t s = std::upper_bound(offsets.begin(), offsets.end(), static_cast<int64_t>(t)) -
                          offsets.begin() - 1;
        out.emplace_back(s, static_cast<int64_t>(t) - offsets[static_cast<size_t>(s)]);
    }
    return out;
}

TEST(Inspector, IssuesAreTheLowestScoresForAnyLayoutOfScores) {
    // 65,536 tokens, K = 4: the issue cut keeps the scores at most a bound taken from a
    // sample of them. Layouts: random; every 16th token (where a sample could fall) the
    // lowest score but never counted as an issue, so a sampled bound is too low and must be
    // widened; scores from a few values only (long runs of ties at the cut).
    const int64_t n = 65536, K = 4;
    std::mt19937_64 rng(7);
    std::vector<int64_t> offsets{0};
    while (offsets.back() < n)
        offsets.push_back(std::min<int64_t>(n, offsets.back() + 1 + static_cast<int64_t>(rng() % 20)));
    std::vector<int32_t> labels(static_cast<size_t>(n));
    for (int layout = 0; layout < 3; ++layout) {
        std::vector<double> probs(static_cast<size_t>(n * K));
        for (int64_t t = 0; t < n; ++t) {
            double *row = probs.data() + t * K;
            const int32_t y = static_cast<int32_t>(rng() % K);
            labels[static_cast<size_t>(t)] = y;
            const int32_t other = (y + 1 + static_cast<int32_t>(rng() % (K - 1))) % K;
            const bool flipped = rng() % 10 == 0;
            double own = 0.9, top = 0.05;
            if (layout == 0) {
                own = flipped ? 0.25 * static_cast<double>(rng() % 1000) / 1000.0
                              : 0.5 + 0.5 * static_cast<double>(rng() % 1000) / 1000.0;
                top = flipped ? 0.7 : (1.0 - own) / 2;
            } else if (layout == 1) {
                if (t % 16 == 0) {
                    own = 0.05;  // lowest, but no class is confident: never an issue
                    top = 0.35;
                } else if (flipped) {
                    own = 0.1;
                    top = 0.85;
                }
            } else {
                const double levels[] = {0.02, 0.05, 0.05, 0.1};
                own = flipped ? levels[rng() % 4] : 0.9;
                top = flipped ? 0.85 : 0.05;
            }
            for (int64_t k = 0; k < K; ++k) row[k] = (1.0 - own - top) / static_cast<double>(K - 2);
            row[y] = own;
            row[other] = top;
        }
        const std::vector<float> f32(probs.begin(), probs.end());
        const Dataset ds{&offsets, &labels, &probs, &f32, K, false};
        for (int32_t method : {TQ_OFF_DIAGONAL, TQ_OFF_DIAGONAL_CALIBRATED}) {
            SCOPED_TRACE("layout " + std::to_string(layout) + ", method " + std::to_string(method));
            Handle in = create(K, inspector_options(TQ_SELF_CONFIDENCE, 0, method));
            update(in.get(), ds, 0, ds.n_sentences());
            ASSERT_EQ(TQ_OK, tq_inspector_finish_thresholds(in.get()));
            std::vector<double> scores(static_cast<size_t>(n));
            score(in.get(), ds, 0, ds.n_sentences(), scores.data());
            int64_t n_issues = -1;
            ASSERT_EQ(TQ_OK, tq_inspector_num_label_issues(in.get(), &n_issues));
            ASSERT_GT(n_issues, 1000);
            const auto expected = brute_force_issues(offsets, labels, probs, K, scores, n_issues);
            EXPECT_EQ(expected, issues_of(in.get()));
            // The same in random batches and shards.
            EXPECT_EQ(expected, issues_of(run_sharded(rng, ds, inspector_options(TQ_SELF_CONFIDENCE, 0, method), 3).get()));
        }
    }
}

TEST(Inspector, PassOneStateDoesNotGrowWithTheData) {
    const Data d = make_random_data(13, 2000, 4);
    const Dataset ds{&d.offsets, &d.labels, &d.probs, nullptr, 4, false};
    Handle in = create(4, inspector_options());
    update(in.get(), ds, 0, 10);
    size_t small = 0, large = 0;
    ASSERT_EQ(TQ_ERR_BUFFER_TOO_SMALL, tq_inspector_save(in.get(), nullptr, 0, &small));
    update(in.get(), ds, 10, ds.n_sentences());
    ASSERT_EQ(TQ_ERR_BUFFER_TOO_SMALL, tq_inspector_save(in.get(), nullptr, 0, &large));
    EXPECT_EQ(small, large);
    // Pass 2 stores 9 bytes per token and 8 per sentence, plus a small record per batch.
    ASSERT_EQ(TQ_OK, tq_inspector_finish_thresholds(in.get()));
    size_t before = 0, after = 0;
    ASSERT_EQ(TQ_ERR_BUFFER_TOO_SMALL, tq_inspector_save(in.get(), nullptr, 0, &before));
    score(in.get(), ds, 0, ds.n_sentences());
    ASSERT_EQ(TQ_ERR_BUFFER_TOO_SMALL, tq_inspector_save(in.get(), nullptr, 0, &after));
    EXPECT_EQ(before + 9 * d.labels.size() + 8 * (static_cast<size_t>(ds.n_sentences()) + 1) + 16,
              after);
    int64_t seen = -1, scored = -1;
    ASSERT_EQ(TQ_OK, tq_inspector_counts(in.get(), &seen, &scored));
    EXPECT_EQ(d.n_tokens(), seen);
    EXPECT_EQ(d.n_tokens(), scored);
}

// ------------------------------------------------------------------------------------
// Errors
// ------------------------------------------------------------------------------------

namespace {

void expect_message(const std::vector<std::string> &fragments) {
    const std::string msg = tq_last_error_message();
    for (const std::string &f : fragments)
        EXPECT_NE(std::string::npos, msg.find(f)) << "message: " << msg << "\nmissing: " << f;
}

// A small valid dataset: 3 sentences, 6 tokens, K = 3.
struct Small {
    std::vector<int64_t> offsets{0, 2, 3, 6};
    std::vector<int32_t> labels{0, 1, 2, 0, 1, 2};
    std::vector<double> probs{0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4,
                              0.6, 0.2, 0.2, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8};
    Dataset view() const { return Dataset{&offsets, &labels, &probs, nullptr, 3, false}; }
};

Handle ready_for_scoring(const Small &s, const tq_inspector_options &o = inspector_options()) {
    Handle in = create(3, o);
    update(in.get(), s.view(), 0, 3);
    EXPECT_EQ(TQ_OK, tq_inspector_finish_thresholds(in.get()));
    return in;
}

std::string saved(const tq_inspector *in) {
    size_t size = 0;
    tq_inspector_save(in, nullptr, 0, &size);
    std::string bytes(size, '\0');
    EXPECT_EQ(TQ_OK, tq_inspector_save(in, &bytes[0], size, &size));
    return bytes;
}

}  // namespace

TEST(Inspector, FloatScoresAreThoseOfTheSameValuesAsDoubles) {
    // Self-confidence of float32 data keeps each score as the float itself (and each flag
    // as a bit, in chunks that start at multiples of 64 tokens): the token scores, the
    // issues and the saved bytes are those of the same values given as float64, for every
    // thread count; saving what was loaded gives the same bytes; sharded runs (clones and
    // save/load between the passes, small batches) find the same issues.
    const Data d = make_random_data(21, 12000, 9);
    const std::vector<float> f32 = d.probs_f32();
    const std::vector<double> widened(f32.begin(), f32.end());
    const Dataset single{&d.offsets, &d.labels, &d.probs, &f32, 9, true};
    const Dataset wide{&d.offsets, &d.labels, &widened, nullptr, 9, false};
    const int64_t n_sentences = single.n_sentences();
    ASSERT_GT(d.n_tokens(), 3 * 32768);  // three chunks with three threads
    std::vector<double> first_scores;
    std::vector<std::pair<int64_t, int64_t>> first_issues;
    for (int32_t n_threads : {1, 3, 0}) {
        std::string wide_bytes;  // the saved state holds n_threads: compared per thread count
        for (const Dataset *ds : {&wide, &single}) {
            Handle in = create(9, inspector_options(TQ_SELF_CONFIDENCE, 0, TQ_OFF_DIAGONAL, n_threads));
            update(in.get(), *ds, 0, n_sentences);
            ASSERT_EQ(TQ_OK, tq_inspector_finish_thresholds(in.get()));
            std::vector<double> scores(static_cast<size_t>(d.n_tokens()), -1.0);
            score(in.get(), *ds, 0, n_sentences, scores.data());
            const std::string bytes = saved(in.get());
            const auto issues = issues_of(in.get());
            Handle loaded = save_and_load(in.get());
            EXPECT_TRUE(bytes == saved(loaded.get())) << "float32 " << ds->single << ", threads " << n_threads;
            EXPECT_EQ(issues, issues_of(loaded.get()));
            if (wide_bytes.empty())
                wide_bytes = bytes;
            else
                EXPECT_TRUE(wide_bytes == bytes) << "threads " << n_threads;
            if (first_scores.empty()) {
                ASSERT_GT(issues.size(), 100u);
                first_scores = scores;
                first_issues = issues;
                continue;
            }
            EXPECT_TRUE(first_scores == scores) << "float32 " << ds->single << ", threads " << n_threads;
            EXPECT_EQ(first_issues, issues) << "float32 " << ds->single << ", threads " << n_threads;
        }
    }
    std::mt19937_64 rng(5);
    for (int n_shards : {1, 7})
        EXPECT_EQ(first_issues, issues_of(run_sharded(rng, single, inspector_options(), n_shards).get()))
            << n_shards << " shards";
}

TEST(InspectorErrors, Create) {
    tq_inspector *p = reinterpret_cast<tq_inspector *>(0x1);
    tq_inspector_options o = inspector_options();
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_inspector_create(0, &o, &p));
    EXPECT_EQ(nullptr, p);
    expect_message({"n_classes = 0"});
    o.rank_by = 5;
    EXPECT_EQ(TQ_ERR_INVALID_OPTION, tq_inspector_create(3, &o, &p));
    expect_message({"options->rank_by = 5"});
    o = inspector_options(TQ_CONFIDENCE_WEIGHTED_ENTROPY, 1);
    EXPECT_EQ(TQ_ERR_INVALID_OPTION, tq_inspector_create(3, &o, &p));
    expect_message({"adjust_pred_probs", "TQ_CONFIDENCE_WEIGHTED_ENTROPY"});
    o = inspector_options(TQ_SELF_CONFIDENCE, 0, 7);
    EXPECT_EQ(TQ_ERR_INVALID_OPTION, tq_inspector_create(3, &o, &p));
    expect_message({"num_issues_method = 7"});
    o = inspector_options(TQ_SELF_CONFIDENCE, 0, TQ_OFF_DIAGONAL, -1);
    EXPECT_EQ(TQ_ERR_INVALID_OPTION, tq_inspector_create(3, &o, &p));
    o = inspector_options();
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_inspector_create(46341, &o, &p));
    expect_message({"n_classes = 46341 is too large"});
    o = inspector_options(TQ_NORMALIZED_MARGIN);
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_inspector_create(1, &o, &p));
    expect_message({"n_classes = 1", "at least 2 classes"});
    o = inspector_options();
    o.struct_size = 1;
    EXPECT_EQ(TQ_ERR_INVALID_STRUCT_SIZE, tq_inspector_create(3, &o, &p));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_inspector_create(3, nullptr, nullptr));
    EXPECT_EQ(TQ_OK, tq_inspector_create(3, nullptr, &p));  // NULL options: defaults
    EXPECT_EQ(TQ_OK, tq_inspector_destroy(p));
    EXPECT_EQ(TQ_OK, tq_inspector_destroy(nullptr));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_inspector_options_init(nullptr));
}

TEST(InspectorErrors, CallOrder) {
    Small s;
    Handle in = create(3, inspector_options());
    int64_t n = kSentinelIndex;
    double t[3] = {kSentinel, kSentinel, kSentinel};
    EXPECT_EQ(TQ_ERR_INVALID_STATE, tq_inspector_thresholds(in.get(), t, 3));
    expect_message({"no token has been seen in pass 1"});
    EXPECT_EQ(TQ_ERR_INVALID_STATE, tq_inspector_finish_thresholds(in.get()));
    expect_message({"no token has been seen in pass 1"});
    EXPECT_EQ(TQ_ERR_INVALID_STATE,
              tq_inspector_score_f64(in.get(), 0, s.offsets.data(), 3, s.labels.data(),
                                     s.probs.data(), 6, 3, nullptr));
    expect_message({"cannot score tokens", "pass 1", "tq_inspector_finish_thresholds"});
    EXPECT_EQ(TQ_ERR_INVALID_STATE, tq_inspector_num_label_issues(in.get(), &n));
    update(in.get(), s.view(), 0, 3);
    EXPECT_EQ(TQ_OK, tq_inspector_thresholds(in.get(), t, 3));
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_inspector_thresholds(in.get(), t, 4));
    ASSERT_EQ(TQ_OK, tq_inspector_finish_thresholds(in.get()));
    EXPECT_EQ(TQ_ERR_INVALID_STATE, tq_inspector_finish_thresholds(in.get()));
    expect_message({"cannot finish the thresholds", "pass 2"});
    EXPECT_EQ(TQ_ERR_INVALID_STATE,
              tq_inspector_update_thresholds_f64(in.get(), s.labels.data(), s.probs.data(), 6, 3));
    expect_message({"cannot update the thresholds", "pass 2"});
    // Pass 2 without any scored token.
    int64_t out_s[8], out_t[8], count = kSentinelIndex;
    EXPECT_EQ(TQ_ERR_INVALID_STATE, tq_inspector_num_label_issues(in.get(), &n));
    expect_message({"no token has been scored"});
    EXPECT_EQ(TQ_ERR_INVALID_STATE,
              tq_inspector_find_label_issues(in.get(), out_s, out_t, 8, &count));
    EXPECT_EQ(kSentinelIndex, n);
    EXPECT_EQ(kSentinelIndex, count);
}

TEST(InspectorErrors, ScoringBatchesLeaveTheInspectorUnchanged) {
    Small s;
    Handle in = ready_for_scoring(s);
    const std::string before = saved(in.get());
    std::vector<double> scores(6, kSentinel);
    auto attempt = [&](int64_t first, std::vector<int64_t> offsets, std::vector<int32_t> labels,
                       std::vector<double> probs, int64_t n_classes, tq_status status,
                       std::vector<std::string> fragments) {
        EXPECT_EQ(status, tq_inspector_score_f64(in.get(), first, offsets.data(),
                                                 static_cast<int64_t>(offsets.size()) - 1,
                                                 labels.data(), probs.data(),
                                                 static_cast<int64_t>(labels.size()), n_classes,
                                                 scores.data()));
        expect_message(fragments);
        EXPECT_EQ(before, saved(in.get()));
        for (double v : scores) EXPECT_EQ(kSentinel, v);
    };
    attempt(-1, s.offsets, s.labels, s.probs, 3, TQ_ERR_INVALID_VALUE, {"first_sentence = -1"});
    attempt(0, s.offsets, s.labels, s.probs, 4, TQ_ERR_INVALID_SIZE, {"n_classes = 4", "has 3"});
    attempt(0, {0, 2, 2, 6}, s.labels, s.probs, 3, TQ_ERR_INVALID_OFFSETS, {"offsets[2] = 2"});
    attempt(0, s.offsets, {0, 1, 2, 0, 3, 2}, s.probs, 3, TQ_ERR_INVALID_LABEL, {"labels[4] = 3"});
    auto bad = s.probs;
    bad[7] = -0.1;
    attempt(0, s.offsets, s.labels, bad, 3, TQ_ERR_INVALID_PROBABILITY, {"pred_probs[2][1]"});
    // Overlaps: score sentences 10..12 first, then try batches that meet them.
    ASSERT_EQ(TQ_OK, tq_inspector_score_f64(in.get(), 10, s.offsets.data(), 3, s.labels.data(),
                                            s.probs.data(), 6, 3, nullptr));
    const std::string scored = saved(in.get());
    for (int64_t first : {8, 9, 10, 11, 12}) {
        EXPECT_EQ(TQ_ERR_INVALID_VALUE,
                  tq_inspector_score_f64(in.get(), first, s.offsets.data(), 3, s.labels.data(),
                                         s.probs.data(), 6, 3, nullptr))
            << first;
        expect_message({"overlap sentences [10, 13) already scored"});
        EXPECT_EQ(scored, saved(in.get()));
    }
    // Several errors at once keep their order: a bad label before the overlap, the overlap
    // before a bad probability (the pass that checks labels and probabilities runs first).
    auto bad_label = s.labels;
    bad_label[4] = 3;
    EXPECT_EQ(TQ_ERR_INVALID_LABEL, tq_inspector_score_f64(in.get(), 11, s.offsets.data(), 3,
                                                           bad_label.data(), s.probs.data(), 6, 3,
                                                           nullptr));
    expect_message({"labels[4] = 3"});
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_inspector_score_f64(in.get(), 11, s.offsets.data(), 3,
                                                           s.labels.data(), bad.data(), 6, 3,
                                                           nullptr));
    expect_message({"overlap sentences [10, 13) already scored"});
    EXPECT_EQ(scored, saved(in.get()));
    EXPECT_EQ(TQ_OK, tq_inspector_score_f64(in.get(), 7, s.offsets.data(), 3, s.labels.data(),
                                            s.probs.data(), 6, 3, nullptr));
    EXPECT_EQ(TQ_OK, tq_inspector_score_f64(in.get(), 13, s.offsets.data(), 3, s.labels.data(),
                                            s.probs.data(), 6, 3, nullptr));
}

TEST(InspectorErrors, AdjustedRowSummingToZero) {
    // Equal thresholds (0.2 each) and all-zero rows: the adjusted rows sum to 0.
    const std::vector<int64_t> offsets{0, 3, 6};
    const std::vector<int32_t> labels{0, 1, 0, 1, 0, 1};
    std::vector<double> probs{0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.1, 0.9, 0.9, 0.1};
    Handle in = create(2, inspector_options(TQ_SELF_CONFIDENCE, 1));
    ASSERT_EQ(TQ_OK, tq_inspector_update_thresholds_f64(in.get(), labels.data(), probs.data(), 6, 2));
    ASSERT_EQ(TQ_OK, tq_inspector_finish_thresholds(in.get()));
    const std::string before = saved(in.get());
    std::vector<double> scores(6, kSentinel);
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_inspector_score_f64(in.get(), 0, offsets.data(), 2,
                                                           labels.data(), probs.data(), 6, 2,
                                                           scores.data()));
    expect_message({"row 2 sums to 0"});
    EXPECT_EQ(before, saved(in.get()));
    for (double v : scores) EXPECT_EQ(kSentinel, v);
    probs[11] = -0.5;  // a bad probability is reported first
    EXPECT_EQ(TQ_ERR_INVALID_PROBABILITY, tq_inspector_score_f64(in.get(), 0, offsets.data(), 2,
                                                                 labels.data(), probs.data(), 6,
                                                                 2, scores.data()));
    expect_message({"pred_probs[5][1]"});
}

TEST(InspectorErrors, Merge) {
    Small s;
    Handle a = create(3, inspector_options());
    Handle b = create(4, inspector_options());
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_inspector_merge(a.get(), b.get()));
    expect_message({"from has 4 classes but into has 3"});
    Handle c = create(3, inspector_options(TQ_NORMALIZED_MARGIN));
    EXPECT_EQ(TQ_ERR_INVALID_OPTION, tq_inspector_merge(a.get(), c.get()));
    expect_message({"different options"});
    Handle d = create(3, inspector_options(TQ_SELF_CONFIDENCE, 0, TQ_OFF_DIAGONAL, 4));
    EXPECT_EQ(TQ_OK, tq_inspector_merge(a.get(), d.get()));  // n_threads may differ
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_inspector_merge(a.get(), a.get()));
    expect_message({"same inspector"});
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_inspector_merge(a.get(), nullptr));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_inspector_merge(nullptr, a.get()));

    Handle p2 = ready_for_scoring(s);
    update(a.get(), s.view(), 0, 3);
    EXPECT_EQ(TQ_ERR_INVALID_STATE, tq_inspector_merge(a.get(), p2.get()));
    expect_message({"from is in pass 2 (scoring) but into is in pass 1 (thresholds)"});
    EXPECT_EQ(TQ_ERR_INVALID_STATE, tq_inspector_merge(p2.get(), a.get()));

    // Pass-2 inspectors from different thresholds.
    Handle other = create(3, inspector_options());
    update(other.get(), s.view(), 0, 2);
    ASSERT_EQ(TQ_OK, tq_inspector_finish_thresholds(other.get()));
    const std::string before = saved(p2.get());
    EXPECT_EQ(TQ_ERR_INVALID_STATE, tq_inspector_merge(p2.get(), other.get()));
    expect_message({"different thresholds"});
    EXPECT_EQ(before, saved(p2.get()));

    // Overlapping scored sentences.
    Handle left = clone(p2.get()), right = clone(p2.get());
    score(left.get(), s.view(), 0, 2);
    score(right.get(), s.view(), 1, 3);
    const std::string left_before = saved(left.get());
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_inspector_merge(left.get(), right.get()));
    expect_message({"overlap"});
    EXPECT_EQ(left_before, saved(left.get()));
    Handle disjoint = clone(p2.get());
    score(disjoint.get(), s.view(), 2, 3);
    EXPECT_EQ(TQ_OK, tq_inspector_merge(left.get(), disjoint.get()));
    int64_t scored = 0;
    ASSERT_EQ(TQ_OK, tq_inspector_counts(left.get(), nullptr, &scored));
    EXPECT_EQ(6, scored);
}

TEST(InspectorErrors, IssueBufferTooSmall) {
    const Data d = make_random_data(21, 200, 4);
    const Dataset ds{&d.offsets, &d.labels, &d.probs, nullptr, 4, false};
    Handle in = create(4, inspector_options());
    update(in.get(), ds, 0, ds.n_sentences());
    ASSERT_EQ(TQ_OK, tq_inspector_finish_thresholds(in.get()));
    score(in.get(), ds, 0, ds.n_sentences());
    const auto issues = issues_of(in.get());
    ASSERT_GT(issues.size(), 3u);
    const int64_t need = static_cast<int64_t>(issues.size());
    std::vector<int64_t> s(issues.size(), kSentinelIndex), t(issues.size(), kSentinelIndex);
    int64_t count = kSentinelIndex;
    EXPECT_EQ(TQ_ERR_BUFFER_TOO_SMALL,
              tq_inspector_find_label_issues(in.get(), s.data(), t.data(), need - 1, &count));
    EXPECT_EQ(need, count);  // the one documented write
    for (size_t i = 0; i < s.size(); ++i) {
        EXPECT_EQ(kSentinelIndex, s[i]);
        EXPECT_EQ(kSentinelIndex, t[i]);
    }
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_inspector_find_label_issues(in.get(), s.data(), t.data(), -1, &count));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_inspector_find_label_issues(in.get(), nullptr, t.data(), need, &count));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_inspector_find_label_issues(in.get(), s.data(), t.data(), need, nullptr));
    EXPECT_EQ(TQ_OK, tq_inspector_find_label_issues(in.get(), s.data(), t.data(), need, &count));
    EXPECT_EQ(need, count);
}

TEST(InspectorErrors, SaveAndLoad) {
    Small s;
    Handle in = ready_for_scoring(s);
    score(in.get(), s.view(), 0, 3);
    const std::string bytes = saved(in.get());
    size_t size = 0;
    std::string small(bytes.size() - 1, '\0');
    EXPECT_EQ(TQ_ERR_BUFFER_TOO_SMALL, tq_inspector_save(in.get(), &small[0], small.size(), &size));
    EXPECT_EQ(bytes.size(), size);
    EXPECT_EQ(std::string(bytes.size() - 1, '\0'), small);
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_inspector_save(in.get(), nullptr, bytes.size(), &size));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_inspector_save(in.get(), &small[0], small.size(), nullptr));

    tq_inspector *p = reinterpret_cast<tq_inspector *>(0x1);
    // Every truncation is refused, never read past the end.
    for (size_t n = 0; n < bytes.size(); ++n) {
        ASSERT_EQ(TQ_ERR_INVALID_VALUE, tq_inspector_load(bytes.data(), n, &p)) << n;
        EXPECT_EQ(nullptr, p);
    }
    // Every single-byte change is refused or loads into a valid inspector.
    for (size_t i = 0; i < bytes.size(); ++i) {
        std::string changed = bytes;
        changed[i] = static_cast<char>(changed[i] ^ 0x5a);
        const tq_status st = tq_inspector_load(changed.data(), changed.size(), &p);
        if (st == TQ_OK) {
            Handle h(p);
            int64_t n = 0;
            tq_inspector_num_label_issues(h.get(), &n);
        } else {
            EXPECT_EQ(TQ_ERR_INVALID_VALUE, st) << i;
        }
    }
    std::string wrong_version = bytes;
    wrong_version[8] = 2;
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_inspector_load(wrong_version.data(), wrong_version.size(), &p));
    expect_message({"format version 2"});
    std::string trailing = bytes + "x";
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_inspector_load(trailing.data(), trailing.size(), &p));
    expect_message({"trailing bytes"});
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_inspector_load(nullptr, 10, &p));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_inspector_load(bytes.data(), bytes.size(), nullptr));
    // A faithful round trip.
    ASSERT_EQ(TQ_OK, tq_inspector_load(bytes.data(), bytes.size(), &p));
    Handle back(p);
    EXPECT_EQ(bytes, saved(back.get()));
    EXPECT_EQ(issues_of(in.get()), issues_of(back.get()));
}
