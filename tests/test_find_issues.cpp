// Confident learning (the "Confident learning" header section): conformance with
// cleanlab 2.9.0 on tests/conformance/find_issues.json (made by
// tests/conformance/generate_find_issues.py), every error path, and bitwise-identical
// results for every thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "confident_joint.hpp"
#include "prune.hpp"
#include "test_util.hpp"

using json = nlohmann::json;
using namespace tqtest;

namespace {

constexpr double kTolerance = 1e-12;

json load_find_conformance() {
    std::ifstream in(std::string(TQ_CONFORMANCE_DIR) + "/find_issues.json");
    if (!in) throw std::runtime_error("cannot open conformance file find_issues.json");
    return json::parse(in);
}

int32_t filter_of(const std::string &name) {
    static const char *names[] = {"prune_by_noise_rate", "prune_by_class", "both",
                                  "confident_learning", "predicted_neq_given",
                                  "low_normalized_margin", "low_self_confidence"};
    for (int32_t i = 0; i < 7; ++i)
        if (name == names[i]) return i;
    throw std::runtime_error("unknown filter " + name);
}

int32_t method_of(const std::string &name) {
    if (name == "self_confidence") return TQ_SELF_CONFIDENCE;
    if (name == "normalized_margin") return TQ_NORMALIZED_MARGIN;
    if (name == "confidence_weighted_entropy") return TQ_CONFIDENCE_WEIGHTED_ENTROPY;
    throw std::runtime_error("unknown method " + name);
}

// The status tokqual gives where cleanlab raises (see the generator's docstring).
tq_status status_of(const std::string &kind) {
    if (kind == "one_class") return TQ_ERR_INVALID_LABEL;
    if (kind == "num_to_remove") return TQ_ERR_INVALID_OPTION;
    if (kind == "one_column") return TQ_ERR_INVALID_SIZE;
    if (kind == "probability") return TQ_ERR_INVALID_PROBABILITY;
    throw std::runtime_error("unknown error kind " + kind);
}

// A conformance case's data.
struct Case {
    std::string name;
    bool single = false;
    std::vector<int64_t> offsets;
    std::vector<int32_t> labels;
    std::vector<double> probs;
    std::vector<float> probs32;
    int64_t n_classes = 0;
    int64_t n_sentences() const { return static_cast<int64_t>(offsets.size()) - 1; }
    int64_t n_tokens() const { return static_cast<int64_t>(labels.size()); }

    explicit Case(const json &c)
        : name(c.at("name").get<std::string>()),
          single(c.at("dtype").get<std::string>() == "float32"),
          offsets(c.at("offsets").get<std::vector<int64_t>>()),
          labels(c.at("labels").get<std::vector<int32_t>>()),
          probs(c.at("pred_probs").get<std::vector<double>>()),
          probs32(probs.begin(), probs.end()),
          n_classes(c.at("n_classes").get<int64_t>()) {}
};

// Runs tq_find_label_issues in the case's precision; pairs flattened as the JSON stores them.
tq_status find(const Case &c, const tq_find_options *o, std::vector<int64_t> &pairs) {
    const size_t n = static_cast<size_t>(c.n_tokens());
    std::vector<int64_t> s(n + 1, kSentinelIndex), t(n + 1, kSentinelIndex);
    int64_t count = -1;
    const tq_status st =
        c.single ? tq_find_label_issues_f32(c.offsets.data(), c.n_sentences(), c.labels.data(),
                                            c.probs32.data(), c.n_tokens(), c.n_classes, o,
                                            s.data(), t.data(), &count)
                 : tq_find_label_issues_f64(c.offsets.data(), c.n_sentences(), c.labels.data(),
                                            c.probs.data(), c.n_tokens(), c.n_classes, o,
                                            s.data(), t.data(), &count);
    pairs.clear();
    if (st != TQ_OK) {
        EXPECT_EQ(-1, count);
        for (size_t i = 0; i <= n; ++i) EXPECT_EQ(kSentinelIndex, s[i]);
        return st;
    }
    for (int64_t i = 0; i < count; ++i) {
        pairs.push_back(s[static_cast<size_t>(i)]);
        pairs.push_back(t[static_cast<size_t>(i)]);
    }
    EXPECT_EQ(kSentinelIndex, s[static_cast<size_t>(count)]);  // nothing past the count
    return st;
}

std::string describe(const json &e) {
    return "filter " + e.at("f").get<std::string>() + ", rank " + e.at("r").get<std::string>() +
           (e.at("a").get<bool>() ? " (adjusted)" : "") + ", frac_noise " + e.at("fn").dump() +
           ", min_examples " + e.at("m").dump() + ", num_to_remove " + e.at("n").dump();
}

}  // namespace

TEST(FindIssuesConformance, EveryFilterRankingAndOptionMatchesCleanlab) {
    const json data = load_find_conformance();
    ASSERT_EQ("2.9.0", data.at("cleanlab_version").get<std::string>());
    size_t n_checked = 0, n_errors = 0;
    for (const json &jc : data.at("cases")) {
        const Case c(jc);
        for (const json &e : jc.at("find")) {
            tq_find_options o;
            tq_find_options_init(&o);
            o.filter_by = filter_of(e.at("f").get<std::string>());
            o.rank_by = method_of(e.at("r").get<std::string>());
            o.adjust_pred_probs = e.at("a").get<bool>() ? 1 : 0;
            o.frac_noise = e.at("fn").get<double>();
            o.min_examples_per_class = e.at("m").get<int64_t>();
            o.n_threads = 1;
            std::vector<int64_t> ntr;
            if (!e.at("n").is_null()) {
                ntr = e.at("n").get<std::vector<int64_t>>();
                o.num_to_remove_per_class = ntr.data();
            }
            std::vector<int64_t> pairs;
            const tq_status st = find(c, &o, pairs);
            const std::string what = c.name + ": " + describe(e);
            if (e.contains("e")) {
                // When two refusals apply, cleanlab reports the labels first; tokqual checks
                // the options, then the sizes, then the data, as every entry point does.
                tq_status expected = status_of(e.at("e").get<std::string>());
                if (c.n_classes < 2 && (o.rank_by != TQ_SELF_CONFIDENCE ||
                                        o.filter_by == TQ_LOW_NORMALIZED_MARGIN))
                    expected = TQ_ERR_INVALID_SIZE;
                if (!e.at("n").is_null() && o.filter_by > TQ_BOTH) expected = TQ_ERR_INVALID_OPTION;
                EXPECT_EQ(expected, st) << what << ": " << tq_last_error_message();
                ++n_errors;
            } else {
                ASSERT_EQ(TQ_OK, st) << what << ": " << tq_last_error_message();
                EXPECT_EQ(e.at("i").get<std::vector<int64_t>>(), pairs) << what;
            }
            ++n_checked;
        }
    }
    EXPECT_GT(n_checked, 4000u);
    EXPECT_GT(n_errors, 100u);
}

TEST(FindIssuesConformance, DefaultOptionsAreCleanlabDefaults) {
    const json data = load_find_conformance();
    size_t n_checked = 0;
    for (const json &jc : data.at("cases")) {
        const Case c(jc);
        for (const json &e : jc.at("find")) {
            if (e.at("f") != "prune_by_noise_rate" || e.at("r") != "self_confidence" ||
                e.at("a").get<bool>() || e.at("fn").get<double>() != 1.0 ||
                e.at("m").get<int64_t>() != 1 || !e.at("n").is_null())
                continue;
            std::vector<int64_t> pairs;
            const tq_status st = find(c, nullptr, pairs);
            if (e.contains("e")) {
                EXPECT_EQ(status_of(e.at("e").get<std::string>()), st) << c.name;
            } else {
                ASSERT_EQ(TQ_OK, st) << c.name << ": " << tq_last_error_message();
                EXPECT_EQ(e.at("i").get<std::vector<int64_t>>(), pairs) << c.name;
            }
            ++n_checked;
        }
    }
    EXPECT_EQ(data.at("cases").size(), n_checked);
}

TEST(FindIssuesConformance, StatisticsMatchCleanlab) {
    const json data = load_find_conformance();
    for (const json &jc : data.at("cases")) {
        const Case c(jc);
        const int64_t K = c.n_classes, N = c.n_tokens();
        const size_t KK = static_cast<size_t>(K * K);
        for (int32_t n_threads : {1, 3}) {
            tq_find_options o;
            tq_find_options_init(&o);
            o.n_threads = n_threads;
            std::vector<double> thresholds(static_cast<size_t>(K));
            ASSERT_EQ(TQ_OK, c.single ? tq_confident_thresholds_f32(c.labels.data(), c.probs32.data(), N, K, &o, thresholds.data())
                                      : tq_confident_thresholds_f64(c.labels.data(), c.probs.data(), N, K, &o, thresholds.data()))
                << c.name << ": " << tq_last_error_message();
            const auto et = jc.at("thresholds").get<std::vector<double>>();
            for (size_t k = 0; k < et.size(); ++k)
                EXPECT_NEAR(et[k], thresholds[k], kTolerance) << c.name << " class " << k;

            for (int32_t calibrate : {0, 1}) {
                std::vector<int64_t> joint(KK);
                ASSERT_EQ(TQ_OK, c.single ? tq_confident_joint_f32(c.labels.data(), c.probs32.data(), N, K, calibrate, &o, joint.data())
                                          : tq_confident_joint_f64(c.labels.data(), c.probs.data(), N, K, calibrate, &o, joint.data()))
                    << c.name << ": " << tq_last_error_message();
                EXPECT_EQ(jc.at(calibrate ? "joint_calibrated" : "joint_raw").get<std::vector<int64_t>>(), joint)
                    << c.name << " calibrate=" << calibrate;
            }

            for (int32_t method : {TQ_OFF_DIAGONAL, TQ_OFF_DIAGONAL_CALIBRATED}) {
                const json &expected = jc.at(method == TQ_OFF_DIAGONAL ? "num_issues_off_diagonal"
                                                                       : "num_issues_off_diagonal_calibrated");
                int64_t count = -1;
                const tq_status st =
                    c.single ? tq_num_label_issues_f32(c.labels.data(), c.probs32.data(), N, K, method, &o, &count)
                             : tq_num_label_issues_f64(c.labels.data(), c.probs.data(), N, K, method, &o, &count);
                if (expected.is_object()) {
                    EXPECT_EQ(status_of(expected.at("error").get<std::string>()), st) << c.name;
                    EXPECT_EQ(-1, count);
                } else {
                    ASSERT_EQ(TQ_OK, st) << c.name << ": " << tq_last_error_message();
                    EXPECT_EQ(expected.get<int64_t>(), count) << c.name << " method " << method;
                }
            }

            if (jc.contains("adjusted_pred_probs")) {
                std::vector<double> adjusted(static_cast<size_t>(N * K));
                ASSERT_EQ(TQ_OK, c.single ? tq_adjust_pred_probs_f32(c.labels.data(), c.probs32.data(), N, K, &o, adjusted.data())
                                          : tq_adjust_pred_probs_f64(c.labels.data(), c.probs.data(), N, K, &o, adjusted.data()))
                    << c.name << ": " << tq_last_error_message();
                const auto ea = jc.at("adjusted_pred_probs").get<std::vector<double>>();
                ASSERT_EQ(ea.size(), adjusted.size());
                for (size_t i = 0; i < ea.size(); ++i)
                    ASSERT_NEAR(ea[i], adjusted[i], kTolerance) << c.name << " element " << i;
            }
        }
    }
}

// Ranking by adjusted self-confidence equals scoring the adjusted probabilities: the
// documented route to cleanlab.rank.get_label_quality_scores(adjust_pred_probs=True).
TEST(FindIssues, AdjustedProbabilitiesFeedTheScoringFunctions) {
    const Data d = make_random_data(5, 40, 4);
    std::vector<double> adjusted(d.probs.size());
    ASSERT_EQ(TQ_OK, tq_adjust_pred_probs_f64(d.labels.data(), d.probs.data(), d.n_tokens(),
                                              d.n_classes, nullptr, adjusted.data()));
    for (size_t t = 0; t < d.labels.size(); ++t) {
        double sum = 0;
        for (int64_t k = 0; k < d.n_classes; ++k) sum += adjusted[t * 4 + static_cast<size_t>(k)];
        EXPECT_NEAR(1.0, sum, 1e-12);
    }
    tq_score_options so = score_options(TQ_SELF_CONFIDENCE, TQ_MIN);
    std::vector<double> sentence(static_cast<size_t>(d.n_sentences())), token(d.labels.size());
    ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(d.offsets.data(), d.n_sentences(), d.labels.data(),
                                                 adjusted.data(), d.n_tokens(), d.n_classes, &so,
                                                 sentence.data(), token.data()));
    tq_find_options o;
    tq_find_options_init(&o);
    o.filter_by = TQ_PREDICTED_NEQ_GIVEN;
    o.adjust_pred_probs = 1;
    std::vector<int64_t> s(d.labels.size()), t(d.labels.size());
    int64_t count = 0;
    ASSERT_EQ(TQ_OK, tq_find_label_issues_f64(d.offsets.data(), d.n_sentences(), d.labels.data(),
                                              d.probs.data(), d.n_tokens(), d.n_classes, &o,
                                              s.data(), t.data(), &count));
    ASSERT_GT(count, 1);
    for (int64_t i = 1; i < count; ++i) {
        const double prev = token[static_cast<size_t>(d.offsets[static_cast<size_t>(s[i - 1])] + t[i - 1])];
        const double cur = token[static_cast<size_t>(d.offsets[static_cast<size_t>(s[i])] + t[i])];
        EXPECT_LE(prev, cur) << "rank " << i;
    }
}

TEST(FindIssues, EmptyDatasetHasNoIssues) {
    int64_t count = -1;
    const int64_t offsets[1] = {0};
    EXPECT_EQ(TQ_OK, tq_find_label_issues_f64(offsets, 0, nullptr, nullptr, 0, 3, nullptr,
                                              nullptr, nullptr, &count));
    EXPECT_EQ(0, count);
    count = -1;
    EXPECT_EQ(TQ_OK, tq_num_label_issues_f64(nullptr, nullptr, 0, 3, TQ_OFF_DIAGONAL, nullptr,
                                             &count));
    EXPECT_EQ(0, count);
    double thresholds[3];
    EXPECT_EQ(TQ_OK, tq_confident_thresholds_f64(nullptr, nullptr, 0, 3, nullptr, thresholds));
    for (double t : thresholds) EXPECT_EQ(2.0, t);  // every class absent, as cleanlab
}

// Each issue's sentence and place, with gaps of none to hundreds of sentences between
// issues: the sentence search skips sentences in windows. TQ_PREDICTED_NEQ_GIVEN reports exactly the tokens whose argmax is not their
// label (here: the chosen ones, 0.9 on another class).
TEST(FindIssues, IssueSentencesAcrossLongGaps) {
    std::mt19937_64 rng(5);
    std::vector<int64_t> offsets{0};
    std::vector<int32_t> labels;
    std::vector<double> probs;
    std::set<std::pair<int64_t, int64_t>> expected;
    for (int64_t s = 0; s < 3000; ++s) {
        const int64_t len = 1 + static_cast<int64_t>(rng() % 4);
        const bool with_issue = rng() % (s < 1500 ? 3 : 97) == 0;
        for (int64_t p = 0; p < len; ++p) {
            const int32_t y = static_cast<int32_t>(rng() % 3);
            const bool issue = with_issue && p == len - 1;
            const int32_t top = issue ? (y + 1) % 3 : y;
            labels.push_back(y);
            for (int32_t k = 0; k < 3; ++k) probs.push_back(k == top ? 0.9 : 0.05);
            if (issue) expected.insert({s, p});
        }
        offsets.push_back(static_cast<int64_t>(labels.size()));
    }
    const int64_t n = static_cast<int64_t>(labels.size());
    tq_find_options o;
    tq_find_options_init(&o);
    o.filter_by = TQ_PREDICTED_NEQ_GIVEN;
    std::vector<int64_t> sentences(static_cast<size_t>(n)), places(static_cast<size_t>(n));
    int64_t count = 0;
    ASSERT_EQ(TQ_OK, tq_find_label_issues_f64(offsets.data(), static_cast<int64_t>(offsets.size()) - 1,
                                              labels.data(), probs.data(), n, 3, &o, sentences.data(),
                                              places.data(), &count))
        << tq_last_error_message();
    std::set<std::pair<int64_t, int64_t>> found;
    for (int64_t i = 0; i < count; ++i) found.insert({sentences[static_cast<size_t>(i)], places[static_cast<size_t>(i)]});
    EXPECT_EQ(expected.size(), static_cast<size_t>(count));
    EXPECT_EQ(expected, found);
}

// ------------------------------------------------------------------------------------
// Errors: status, message, untouched outputs
// ------------------------------------------------------------------------------------

namespace {

// A valid call (3 sentences, 7 tokens, K = 3) with sentinel outputs.
struct FindCall {
    std::vector<int64_t> offsets{0, 2, 3, 7};
    std::vector<int32_t> labels{0, 1, 2, 0, 1, 2, 1};
    std::vector<double> probs{0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.1, 0.2, 0.7,
                              0.2, 0.5, 0.3, 0.1, 0.1, 0.8, 0.6, 0.3, 0.1};
    int64_t n_sentences = 3, n_tokens = 7, n_classes = 3;
    tq_find_options options = [] {
        tq_find_options o;
        tq_find_options_init(&o);
        o.n_threads = 1;
        return o;
    }();
    std::vector<int64_t> ntr;
    std::vector<int64_t> out_s = std::vector<int64_t>(8, kSentinelIndex);
    std::vector<int64_t> out_t = std::vector<int64_t>(8, kSentinelIndex);
    int64_t count = kSentinelIndex;

    tq_status run(bool single = false) {
        if (!ntr.empty()) options.num_to_remove_per_class = ntr.data();
        if (single) {
            std::vector<float> f(probs.begin(), probs.end());
            return tq_find_label_issues_f32(offsets.data(), n_sentences, labels.data(), f.data(),
                                            n_tokens, n_classes, &options, out_s.data(),
                                            out_t.data(), &count);
        }
        return tq_find_label_issues_f64(offsets.data(), n_sentences, labels.data(), probs.data(),
                                        n_tokens, n_classes, &options, out_s.data(), out_t.data(),
                                        &count);
    }
    bool untouched() const {
        for (size_t i = 0; i < out_s.size(); ++i)
            if (out_s[i] != kSentinelIndex || out_t[i] != kSentinelIndex) return false;
        return count == kSentinelIndex;
    }
};

// Expects `status` and message fragments in both precisions, with nothing written.
template <class Setup>
void expect_find_error(Setup setup, tq_status status, std::vector<std::string> fragments) {
    for (bool single : {false, true}) {
        FindCall c;
        setup(c);
        EXPECT_EQ(status, c.run(single)) << tq_last_error_message();
        const std::string msg = tq_last_error_message();
        for (const std::string &f : fragments)
            EXPECT_NE(std::string::npos, msg.find(f)) << "message: " << msg << "\nmissing: " << f;
        EXPECT_TRUE(c.untouched()) << msg;
    }
}

}  // namespace

TEST(FindIssuesErrors, ValidCallSucceeds) {
    FindCall c;
    ASSERT_EQ(TQ_OK, c.run()) << tq_last_error_message();
    EXPECT_GE(c.count, 0);
}

TEST(FindIssuesErrors, OptionValues) {
    expect_find_error([](FindCall &c) { c.options.struct_size = 3; },
                      TQ_ERR_INVALID_STRUCT_SIZE, {"options->struct_size = 3"});
    expect_find_error([](FindCall &c) { c.options.filter_by = 7; }, TQ_ERR_INVALID_OPTION,
                      {"options->filter_by = 7"});
    expect_find_error([](FindCall &c) { c.options.filter_by = -1; }, TQ_ERR_INVALID_OPTION,
                      {"options->filter_by = -1"});
    expect_find_error([](FindCall &c) { c.options.rank_by = 3; }, TQ_ERR_INVALID_OPTION,
                      {"options->rank_by = 3"});
    for (double frac : {0.0, -0.5, 1.0000001, 2.0, std::numeric_limits<double>::infinity()})
        expect_find_error([frac](FindCall &c) { c.options.frac_noise = frac; },
                          TQ_ERR_INVALID_OPTION, {"options->frac_noise", "outside (0, 1]"});
    expect_find_error(
        [](FindCall &c) { c.options.frac_noise = std::numeric_limits<double>::quiet_NaN(); },
        TQ_ERR_INVALID_OPTION, {"options->frac_noise is NaN"});
    expect_find_error([](FindCall &c) { c.options.min_examples_per_class = -1; },
                      TQ_ERR_INVALID_OPTION, {"options->min_examples_per_class = -1"});
    expect_find_error([](FindCall &c) { c.options.n_threads = -2; }, TQ_ERR_INVALID_OPTION,
                      {"options->n_threads = -2"});
    expect_find_error([](FindCall &c) { c.options.adjust_pred_probs = 2; },
                      TQ_ERR_INVALID_OPTION, {"options->adjust_pred_probs = 2"});
    expect_find_error(
        [](FindCall &c) {
            c.options.adjust_pred_probs = 1;
            c.options.rank_by = TQ_CONFIDENCE_WEIGHTED_ENTROPY;
        },
        TQ_ERR_INVALID_OPTION, {"adjust_pred_probs", "TQ_CONFIDENCE_WEIGHTED_ENTROPY"});
}

TEST(FindIssuesErrors, NumToRemovePerClass) {
    // Refused by the filters cleanlab refuses it for, whatever its values.
    for (int32_t f : {TQ_CONFIDENT_LEARNING, TQ_PREDICTED_NEQ_GIVEN, TQ_LOW_NORMALIZED_MARGIN,
                      TQ_LOW_SELF_CONFIDENCE})
        expect_find_error(
            [f](FindCall &c) {
                c.options.filter_by = f;
                c.ntr = {0, 0, 0};
            },
            TQ_ERR_INVALID_OPTION, {"num_to_remove_per_class", "does not support it"});
    expect_find_error([](FindCall &c) { c.ntr = {1, -1, 0}; }, TQ_ERR_INVALID_OPTION,
                      {"options->num_to_remove_per_class[1] = -1 is negative"});
    // Class 2 has 2 tokens.
    expect_find_error([](FindCall &c) { c.ntr = {0, 0, 3}; }, TQ_ERR_INVALID_OPTION,
                      {"options->num_to_remove_per_class[2] = 3 exceeds the 2 tokens labeled 2"});
    for (int32_t f : {TQ_PRUNE_BY_NOISE_RATE, TQ_PRUNE_BY_CLASS, TQ_BOTH}) {
        FindCall c;
        c.options.filter_by = f;
        c.ntr = {2, 3, 2};  // the largest valid values
        EXPECT_EQ(TQ_OK, c.run()) << tq_last_error_message();
    }
}

TEST(FindIssuesErrors, SingleClass) {
    // All labels 2: refused by every filter.
    for (int32_t f = TQ_PRUNE_BY_NOISE_RATE; f <= TQ_LOW_SELF_CONFIDENCE; ++f)
        expect_find_error(
            [f](FindCall &c) {
                c.options.filter_by = f;
                c.labels.assign(7, 2);
            },
            TQ_ERR_INVALID_LABEL, {"every label is 2", "at least two distinct labels"});
    // All labels 0: cleanlab accepts it where no second check runs.
    for (int32_t f : {TQ_PRUNE_BY_NOISE_RATE, TQ_PRUNE_BY_CLASS, TQ_BOTH, TQ_CONFIDENT_LEARNING}) {
        FindCall c;
        c.options.filter_by = f;
        c.labels.assign(7, 0);
        EXPECT_EQ(TQ_OK, c.run()) << tq_last_error_message();
    }
    for (int32_t f : {TQ_PREDICTED_NEQ_GIVEN, TQ_LOW_NORMALIZED_MARGIN, TQ_LOW_SELF_CONFIDENCE})
        expect_find_error(
            [f](FindCall &c) {
                c.options.filter_by = f;
                c.labels.assign(7, 0);
            },
            TQ_ERR_INVALID_LABEL, {"every label is 0"});
}

TEST(FindIssuesErrors, ClassCountForMarginAndEntropy) {
    auto one_class = [](FindCall &c) {
        c.n_classes = 1;
        c.labels.assign(7, 0);
        c.probs.assign(7, 1.0);
    };
    expect_find_error(
        [&](FindCall &c) {
            one_class(c);
            c.options.rank_by = TQ_NORMALIZED_MARGIN;
        },
        TQ_ERR_INVALID_SIZE, {"n_classes = 1", "TQ_NORMALIZED_MARGIN"});
    expect_find_error(
        [&](FindCall &c) {
            one_class(c);
            c.options.rank_by = TQ_CONFIDENCE_WEIGHTED_ENTROPY;
        },
        TQ_ERR_INVALID_SIZE, {"n_classes = 1", "TQ_CONFIDENCE_WEIGHTED_ENTROPY"});
    expect_find_error(
        [&](FindCall &c) {
            one_class(c);
            c.options.filter_by = TQ_LOW_NORMALIZED_MARGIN;
        },
        TQ_ERR_INVALID_SIZE, {"TQ_LOW_NORMALIZED_MARGIN needs at least 2 classes"});
    FindCall c;
    one_class(c);
    EXPECT_EQ(TQ_OK, c.run()) << tq_last_error_message();
    EXPECT_EQ(0, c.count);
}

TEST(FindIssuesErrors, Data) {
    expect_find_error([](FindCall &c) { c.offsets[2] = 2; }, TQ_ERR_INVALID_OFFSETS,
                      {"offsets[2] = 2"});
    expect_find_error([](FindCall &c) { c.labels[4] = 3; }, TQ_ERR_INVALID_LABEL,
                      {"labels[4] = 3"});
    expect_find_error([](FindCall &c) { c.probs[5] = 1.5; }, TQ_ERR_INVALID_PROBABILITY,
                      {"pred_probs[1][2]"});
    expect_find_error([](FindCall &c) { c.probs[0] = std::nan(""); },
                      TQ_ERR_INVALID_PROBABILITY, {"pred_probs[0][0] is NaN"});
    // The entropy needs exact probabilities; the other rankings accept cleanlab's 1e-6.
    expect_find_error(
        [](FindCall &c) {
            c.options.rank_by = TQ_CONFIDENCE_WEIGHTED_ENTROPY;
            c.probs[3] = -5e-7;
        },
        TQ_ERR_INVALID_PROBABILITY, {"pred_probs[1][0]"});
    FindCall ok;
    ok.probs[3] = -5e-7;
    EXPECT_EQ(TQ_OK, ok.run()) << tq_last_error_message();
    expect_find_error([](FindCall &c) { c.n_classes = 0; }, TQ_ERR_INVALID_SIZE,
                      {"n_classes = 0"});
    // Beyond 46340 classes the K x K joint's cells do not fit the kernel's 32-bit lanes.
    expect_find_error(
        [](FindCall &c) {
            c.n_classes = 46341;
            c.n_sentences = 0;
            c.n_tokens = 0;
            c.offsets = {0};
            c.labels.clear();
            c.probs.clear();
        },
        TQ_ERR_INVALID_SIZE, {"n_classes = 46341 is too large"});
    expect_find_error([](FindCall &c) { c.n_tokens = -1; }, TQ_ERR_INVALID_SIZE,
                      {"n_tokens = -1 is negative"});
}

TEST(FindIssuesErrors, NullPointers) {
    FindCall c;
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_find_label_issues_f64(c.offsets.data(), 3, c.labels.data(), c.probs.data(), 7, 3,
                                       nullptr, nullptr, c.out_t.data(), &c.count));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("out_sentences"));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_find_label_issues_f64(c.offsets.data(), 3, c.labels.data(), c.probs.data(), 7, 3,
                                       nullptr, c.out_s.data(), nullptr, &c.count));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("out_tokens"));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_find_label_issues_f64(c.offsets.data(), 3, c.labels.data(), c.probs.data(), 7, 3,
                                       nullptr, c.out_s.data(), c.out_t.data(), nullptr));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("out_count"));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_find_label_issues_f64(c.offsets.data(), 3, nullptr, c.probs.data(), 7, 3,
                                       nullptr, c.out_s.data(), c.out_t.data(), &c.count));
    EXPECT_TRUE(c.untouched());
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_find_options_init(nullptr));
}

TEST(FindIssuesErrors, Statistics) {
    FindCall c;
    double thresholds[3] = {kSentinel, kSentinel, kSentinel};
    int64_t joint[9];
    std::fill(joint, joint + 9, kSentinelIndex);
    int64_t count = kSentinelIndex;
    std::vector<double> adjusted(21, kSentinel);

    EXPECT_EQ(TQ_ERR_INVALID_OPTION, tq_confident_joint_f64(c.labels.data(), c.probs.data(), 7, 3,
                                                            2, nullptr, joint));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("calibrate = 2"));
    EXPECT_EQ(TQ_ERR_INVALID_OPTION, tq_num_label_issues_f64(c.labels.data(), c.probs.data(), 7,
                                                             3, 2, nullptr, &count));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("method = 2"));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_confident_thresholds_f64(c.labels.data(), c.probs.data(),
                                                                7, 3, nullptr, nullptr));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_confident_joint_f64(c.labels.data(), c.probs.data(), 7, 3,
                                                           1, nullptr, nullptr));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_num_label_issues_f64(c.labels.data(), c.probs.data(), 7, 3,
                                                            0, nullptr, nullptr));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_adjust_pred_probs_f64(c.labels.data(), c.probs.data(), 7,
                                                             3, nullptr, nullptr));
    c.labels[6] = 5;
    EXPECT_EQ(TQ_ERR_INVALID_LABEL, tq_confident_thresholds_f64(c.labels.data(), c.probs.data(),
                                                                7, 3, nullptr, thresholds));
    EXPECT_EQ(TQ_ERR_INVALID_LABEL, tq_confident_joint_f64(c.labels.data(), c.probs.data(), 7, 3,
                                                           1, nullptr, joint));
    c.labels.assign(7, 1);
    EXPECT_EQ(TQ_ERR_INVALID_LABEL, tq_num_label_issues_f64(c.labels.data(), c.probs.data(), 7, 3,
                                                            1, nullptr, &count));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("every label is 1"));
    tq_find_options bad;
    tq_find_options_init(&bad);
    bad.n_threads = -1;
    EXPECT_EQ(TQ_ERR_INVALID_OPTION, tq_adjust_pred_probs_f64(c.labels.data(), c.probs.data(), 7,
                                                              3, &bad, adjusted.data()));
    for (double t : thresholds) EXPECT_EQ(kSentinel, t);
    for (int64_t j : joint) EXPECT_EQ(kSentinelIndex, j);
    EXPECT_EQ(kSentinelIndex, count);
    for (double a : adjusted) EXPECT_EQ(kSentinel, a);

    // A row that sums to zero once shifted: equal thresholds (0.25 each) and a zero row.
    const int32_t labels[4] = {0, 1, 0, 1};
    const double probs[8] = {0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0};
    EXPECT_EQ(TQ_ERR_INVALID_VALUE,
              tq_adjust_pred_probs_f64(labels, probs, 4, 2, nullptr, adjusted.data()));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("row 2 sums to 0"));
    for (double a : adjusted) EXPECT_EQ(kSentinel, a);
}

// An adjusted row that sums to 0 (equal thresholds, 0.2 each, and an all-zero row) makes
// cleanlab's adjusted score NaN; tokqual refuses it, but only where the row is ranked.
TEST(FindIssuesErrors, AdjustedRowSummingToZero) {
    const std::vector<int64_t> offsets{0, 3, 6};
    const std::vector<int32_t> labels{0, 1, 0, 1, 0, 1};
    std::vector<double> probs{0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.1, 0.9, 0.9, 0.1};
    std::vector<int64_t> s(6, kSentinelIndex), t(6, kSentinelIndex);
    int64_t count = kSentinelIndex;
    tq_find_options o;
    tq_find_options_init(&o);
    o.filter_by = TQ_LOW_SELF_CONFIDENCE;  // ranks the zero rows (score 0) first
    o.adjust_pred_probs = 1;
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_find_label_issues_f64(offsets.data(), 2, labels.data(),
                                                             probs.data(), 6, 2, &o, s.data(),
                                                             t.data(), &count));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("row 2 sums to 0"));
    EXPECT_EQ(kSentinelIndex, count);
    for (size_t i = 0; i < 6; ++i) EXPECT_EQ(kSentinelIndex, s[i]);
    // Without the adjustment, or with a filter that never reports those rows, it is fine.
    o.adjust_pred_probs = 0;
    EXPECT_EQ(TQ_OK, tq_find_label_issues_f64(offsets.data(), 2, labels.data(), probs.data(), 6, 2,
                                              &o, s.data(), t.data(), &count));
    o.adjust_pred_probs = 1;
    o.filter_by = TQ_CONFIDENT_LEARNING;
    EXPECT_EQ(TQ_OK, tq_find_label_issues_f64(offsets.data(), 2, labels.data(), probs.data(), 6, 2,
                                              &o, s.data(), t.data(), &count));
    EXPECT_EQ(2, count);
    // A bad probability is reported first.
    probs[1] = 1.5;
    o.filter_by = TQ_LOW_SELF_CONFIDENCE;
    EXPECT_EQ(TQ_ERR_INVALID_PROBABILITY,
              tq_find_label_issues_f64(offsets.data(), 2, labels.data(), probs.data(), 6, 2, &o,
                                       s.data(), t.data(), &count));
}

// What count_confident computes, straight from cleanlab's definitions, one token at a
// time in double: the raw confident joint (diagonal raised to >= 1), the kept
// off-diagonal count, the candidates (tokens where another class reaches p[y]) and their
// TokenFlag bits.
struct ReferenceCounts {
    tq::CountMatrix joint;
    int64_t kept = 0;
    std::vector<int64_t> candidates;
    std::vector<uint8_t> flags;
    int64_t unsettled = 0;  // non-candidates whose runner-up reaches another class's bound
};

template <class T>
ReferenceCounts reference_counts(const std::vector<int32_t> &labels, const std::vector<T> &probs,
                                 int64_t K, const std::vector<double> &thresholds) {
    ReferenceCounts ref;
    ref.joint.assign(static_cast<size_t>(K * K), 0);
    double lowest_bound = 3.0;
    for (double t : thresholds) lowest_bound = std::min(lowest_bound, t - 1e-6);
    for (size_t t = 0; t < labels.size(); ++t) {
        const T *row = probs.data() + t * static_cast<size_t>(K);
        const int64_t y = labels[t];
        int64_t n_confident = 0, only = -1, argmax = 0, boosted_argmax = 0;
        bool candidate = false;
        double runner_up = -1.0;
        for (int64_t k = 0; k < K; ++k) {
            const double v = static_cast<double>(row[k]);
            if (v >= thresholds[static_cast<size_t>(k)] - 1e-6) {
                ++n_confident;
                only = k;
            }
            if (v > static_cast<double>(row[argmax])) argmax = k;
            const double boosted_v = k == y ? v + 1e-6 : v;
            const double boosted_best = boosted_argmax == y ? static_cast<double>(row[y]) + 1e-6
                                                            : static_cast<double>(row[boosted_argmax]);
            if (boosted_v > boosted_best) boosted_argmax = k;
            if (k != y) {
                candidate |= row[k] >= row[y];
                runner_up = std::max(runner_up, v);
            }
        }
        const int64_t guess = n_confident > 1 ? argmax : only;
        if (n_confident > 0) ++ref.joint[static_cast<size_t>(y * K + guess)];
        const bool off_diagonal = n_confident > 0 && guess != y;
        const bool predicted_is_given = boosted_argmax == y;
        ref.kept += off_diagonal && !predicted_is_given;
        if (candidate) {
            ref.candidates.push_back(static_cast<int64_t>(t));
            ref.flags.push_back(static_cast<uint8_t>(
                (off_diagonal ? tq::kConfidentOffDiagonal : 0) |
                (predicted_is_given ? tq::kPredictedIsGiven : 0) |
                (argmax != y ? tq::kArgmaxNotGiven : 0) | tq::kLabelNotStrictMax));
        } else if (runner_up >= lowest_bound) {
            ++ref.unsettled;
        }
    }
    for (int64_t k = 0; k < K; ++k)
        ref.joint[static_cast<size_t>(k * K + k)] = std::max<int64_t>(ref.joint[static_cast<size_t>(k * K + k)], 1);
    return ref;
}

template <class T>
void expect_counts_match_reference(const Data &d, const std::vector<T> &probs, int32_t n_threads,
                                   bool keep_token_scores, int64_t *unsettled) {
    const int64_t K = d.n_classes;
    tq::FirstPass<T> first = tq::first_pass(d.labels.data(), probs.data(), d.n_tokens(), K,
                                            n_threads, tq::kTolerantRange, keep_token_scores);
    const std::vector<double> thresholds = tq::confident_thresholds(first.groups);
    const tq::ConfidentCounts cc =
        tq::count_confident(d.labels.data(), probs.data(), K, thresholds, first, n_threads);
    const ReferenceCounts ref = reference_counts(d.labels, probs, K, thresholds);
    EXPECT_EQ(ref.joint, cc.joint);
    EXPECT_EQ(ref.kept, cc.n_off_diagonal_kept);
    EXPECT_EQ(ref.candidates, first.candidates.tokens);
    EXPECT_EQ(ref.flags, first.candidates.flags);
    for (size_t i = 0; i < first.candidates.size() && i < ref.candidates.size(); ++i) {
        const int64_t t = first.candidates.tokens[i];
        ASSERT_EQ(d.labels[static_cast<size_t>(t)], first.candidates.labels[i]);
        for (int64_t k = 0; k < K; ++k)
            ASSERT_EQ(probs[static_cast<size_t>(t * K + k)],
                      first.candidates.rows[i * static_cast<size_t>(K) + static_cast<size_t>(k)]);
    }
    if (keep_token_scores) {
        ASSERT_EQ(d.labels.size(), first.own.size());
        for (size_t t = 0; t < d.labels.size(); ++t)
            ASSERT_EQ(probs[t * static_cast<size_t>(K) + static_cast<size_t>(d.labels[t])], first.own[t]);
    } else {
        EXPECT_TRUE(first.own.empty());
    }
    // The runner-up bounds: 0 for the candidates, else at least the runner-up.
    for (size_t t = 0; t < d.labels.size(); ++t) {
        const T *row = probs.data() + t * static_cast<size_t>(K);
        const int32_t y = d.labels[t];
        T runner_up = -std::numeric_limits<T>::infinity();
        for (int64_t k = 0; k < K; ++k)
            if (k != y) runner_up = std::max(runner_up, row[k]);
        const T bound = tq::runner_up_bound_value<T>(first.runner_up_bound[t]);
        if (runner_up >= row[y])
            ASSERT_EQ(0, first.runner_up_bound[t]) << "token " << t;
        else
            ASSERT_GE(bound, runner_up) << "token " << t;
    }
    *unsettled += ref.unsettled;
}

// count_confident settles most tokens from their own probability and runner-up alone,
// reads the candidates' copied rows, and reads the remaining ("unsettled") tokens again:
// all three routes against the definitions, for both dtypes and several thread counts.
// Near-uniform rows (many classes with low thresholds) make unsettled tokens common.
TEST(FindIssues, CountConfidentMatchesTheDefinitions) {
    int64_t unsettled = 0;
    for (int64_t K : {2, 3, 9, 17, 40}) {
        for (bool flat : {false, true}) {
            Data d = make_random_data(static_cast<uint64_t>(K) + (flat ? 100 : 0), 1500, K);
            if (flat)
                for (size_t t = 0; t < d.labels.size(); ++t)
                    if (t % 3 != 0)
                        for (int64_t k = 0; k < K; ++k) {
                            double &v = d.probs[t * static_cast<size_t>(K) + static_cast<size_t>(k)];
                            v = (1.0 / static_cast<double>(K) + v) / 2.0;
                        }
            // Some exact ties and values at the thresholds' edges.
            for (size_t i = 0; i < d.probs.size(); i += 7) d.probs[i] = 0.25;
            const std::vector<float> f32 = d.probs_f32();
            for (int32_t n_threads : {1, 3}) {
                SCOPED_TRACE("K = " + std::to_string(K) + (flat ? ", flat" : "") +
                             ", n_threads = " + std::to_string(n_threads));
                for (bool keep : {false, true}) {
                    expect_counts_match_reference(d, d.probs, n_threads, keep, &unsettled);
                    expect_counts_match_reference(d, f32, n_threads, keep, &unsettled);
                }
            }
        }
    }
    EXPECT_GT(unsettled, 1000);  // the data does exercise the third route
}

// prune_by_noise_rate against cleanlab's _prune_by_count, straight from the definition:
// for each cell (k given, j true) that prunes n > 0 tokens of a class with more than
// min_examples tokens (and more than one), the n tokens labeled k with the largest margin
// p[j] - p[k] (in double), ties by position. Only candidates carry the flag. The counts to
// prune range from a few (the margin buckets and their exact cut) to more than the
// class's candidates (the fallback that ranks every token of the class); exact ties and
// near-ties at 0.25 test the cut buckets' exact ranking.
template <class T>
void expect_noise_rate_flags_match_reference(const Data &d, const std::vector<T> &probs,
                                             int64_t min_examples, uint64_t seed) {
    const int64_t K = d.n_classes;
    const size_t KK = static_cast<size_t>(K * K);
    tq::FirstPass<T> first = tq::first_pass(d.labels.data(), probs.data(), d.n_tokens(), K, 1,
                                            tq::kTolerantRange, false);
    const std::vector<int64_t> counts = tq::label_counts(first.groups);
    std::mt19937_64 rng(seed);
    tq::CountMatrix pcm(KK, 0);
    for (size_t cell = 0; cell < KK; ++cell) {
        const int64_t class_k = static_cast<int64_t>(cell % static_cast<size_t>(K));  // pcm is [j][k]
        const int64_t pick = static_cast<int64_t>(rng() % 4);
        pcm[cell] = pick == 0 ? 0 : pick == 1 ? 1 + static_cast<int64_t>(rng() % 5)
                  : pick == 2 ? static_cast<int64_t>(rng() % (counts[static_cast<size_t>(class_k)] / 4 + 1))
                              : static_cast<int64_t>(rng() % (counts[static_cast<size_t>(class_k)] + 1));
    }
    tq::prune_by_noise_rate(first.candidates, pcm, counts, d.labels.data(), probs.data(), K,
                            d.n_tokens(), min_examples);
    std::vector<uint8_t> expected(d.labels.size(), 0);
    for (int64_t k = 0; k < K; ++k) {
        if (counts[static_cast<size_t>(k)] <= min_examples || counts[static_cast<size_t>(k)] <= 1) continue;
        for (int64_t j = 0; j < K; ++j) {
            const int64_t need = j == k ? 0 : std::max<int64_t>(pcm[static_cast<size_t>(j * K + k)], 0);
            if (need == 0) continue;
            std::vector<std::pair<double, int64_t>> ranked;  // (negated margin, token)
            for (size_t t = 0; t < d.labels.size(); ++t)
                if (d.labels[t] == k) {
                    const T *row = probs.data() + t * static_cast<size_t>(K);
                    ranked.emplace_back(-(static_cast<double>(row[j]) - static_cast<double>(row[k])),
                                        static_cast<int64_t>(t));
                }
            std::sort(ranked.begin(), ranked.end());
            for (int64_t m = 0; m < need && m < static_cast<int64_t>(ranked.size()); ++m)
                expected[static_cast<size_t>(ranked[static_cast<size_t>(m)].second)] = 1;
        }
    }
    for (size_t i = 0; i < first.candidates.size(); ++i) {
        const int64_t t = first.candidates.tokens[i];
        ASSERT_EQ(expected[static_cast<size_t>(t)] != 0,
                  (first.candidates.flags[i] & tq::kFlaggedByNoiseRate) != 0)
            << "token " << t;
    }
}

TEST(FindIssues, PruneByNoiseRateMatchesTheDefinition) {
    for (int64_t K : {2, 3, 9, 17, 40}) {
        for (uint64_t variant = 0; variant < 3; ++variant) {
            Data d = make_random_data(static_cast<uint64_t>(K) * 10 + variant, 400, K);
            // Exact ties (margins of 0 and equal margins) at many places.
            for (size_t i = 0; i < d.probs.size(); i += 5) d.probs[i] = 0.25;
            for (size_t i = 3; i < d.probs.size(); i += 11) d.probs[i] = 0.125;
            const std::vector<float> f32 = d.probs_f32();
            SCOPED_TRACE("K = " + std::to_string(K) + ", variant " + std::to_string(variant));
            const int64_t min_examples = variant == 2 ? 300 : 1;
            expect_noise_rate_flags_match_reference(d, d.probs, min_examples, variant);
            expect_noise_rate_flags_match_reference(d, f32, min_examples, variant + 7);
        }
    }
}

// The prune-count matrix's diagonals gather each column's reduced noise. cleanlab's matrix
// is the transposed view of the joint (column-major in memory), so numpy sums a column as
// one contiguous run, pairwise; adding row by row gives 15.000000000000002 instead of
// 14.999999999999998 for column 1 here, and truncation then makes it 15 instead of 14.
// The joint is from a live cross-check case (K = 17) where that flipped one issue;
// expected: cleanlab 2.9.0's _keep_at_least_n_per_class(joint.T, n=2, frac_noise=0.6).
TEST(FindIssues, PruneCountMatrixSumsColumnsAsNumpyDoes) {
    const tq::CountMatrix joint{
        1, 3, 1, 1, 1, 0, 2, 3, 3, 2, 1, 4, 1, 0, 4, 2, 2, 1, 3, 2, 1, 3, 1, 5, 0, 0, 2, 5, 1,
        1, 2, 0, 2, 4, 0, 3, 7, 2, 3, 3, 0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 2, 1, 6, 2, 4, 3, 3, 2,
        2, 1, 2, 3, 2, 2, 3, 0, 2, 0, 0, 4, 3, 3, 4, 3, 1, 1, 1, 3, 2, 1, 2, 3, 2, 2, 2, 2, 4,
        1, 3, 0, 3, 4, 3, 1, 3, 1, 2, 1, 1, 3, 1, 2, 2, 3, 2, 0, 0, 2, 2, 1, 2, 2, 1, 4, 2, 0,
        1, 2, 1, 0, 2, 2, 1, 2, 3, 2, 3, 5, 1, 2, 1, 2, 2, 3, 1, 1, 3, 1, 4, 1, 4, 2, 2, 1, 6,
        4, 2, 0, 2, 0, 5, 3, 1, 2, 0, 2, 3, 3, 2, 0, 0, 1, 3, 3, 5, 2, 2, 4, 4, 3, 3, 0, 1, 2,
        0, 2, 4, 1, 2, 3, 6, 0, 3, 2, 2, 2, 1, 4, 2, 0, 0, 1, 2, 2, 4, 3, 1, 0, 2, 5, 0, 1, 2,
        1, 2, 4, 2, 2, 1, 3, 3, 1, 3, 2, 5, 1, 4, 0, 2, 0, 1, 1, 2, 3, 1, 7, 2, 3, 0, 1, 0, 2,
        4, 2, 2, 4, 1, 2, 4, 4, 2, 4, 0, 2, 2, 2, 2, 0, 2, 1, 3, 1, 1, 5, 1, 3, 5, 1, 1, 1, 1,
        3, 5, 0, 3, 4, 3, 1, 2, 2, 5, 2, 0, 3, 1, 2, 3, 2, 0, 2, 1, 1, 0, 1, 0, 0, 0, 1, 1};
    const tq::CountMatrix expected{
        13, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 2, 1, 0, 2, 1, 0, 1, 14, 1, 3, 2, 2, 1, 1, 0, 0, 0, 1,
        2, 1, 2, 3, 1, 0, 1, 17, 1, 1, 0, 1, 1, 2, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 1, 17, 1, 1, 0,
        0, 0, 1, 1, 0, 1, 0, 2, 0, 1, 0, 1, 1, 1, 17, 0, 0, 1, 2, 1, 0, 0, 0, 4, 0, 0, 1, 0, 0,
        1, 1, 1, 15, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 3, 0, 1, 0, 2, 12, 1, 1, 0, 2, 1, 1, 1,
        1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 15, 0, 0, 0, 2, 0, 0, 1, 3, 1, 1, 0, 0, 0, 0, 0, 1, 3, 20,
        0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 2, 17, 1, 0, 1, 0, 0, 1, 0, 0, 3, 0, 1,
        1, 0, 0, 1, 1, 1, 17, 0, 3, 1, 1, 2, 0, 2, 0, 1, 1, 0, 1, 2, 0, 0, 3, 0, 13, 0, 2, 0, 1,
        0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 3, 16, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1,
        0, 0, 16, 0, 1, 0, 2, 0, 1, 0, 1, 1, 0, 1, 3, 2, 1, 0, 1, 2, 15, 1, 0, 1, 1, 1, 1, 1, 0,
        1, 0, 1, 2, 1, 1, 0, 0, 2, 19, 0, 1, 2, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 8};
    const std::vector<int64_t> counts{
        31, 33, 33, 38, 37, 35, 27, 33, 41, 39, 34, 30, 36, 37, 36, 42, 18};
    EXPECT_EQ(expected, tq::prune_count_matrix(joint, counts, 2, 0.6, nullptr));
}

// ------------------------------------------------------------------------------------
// Threads
// ------------------------------------------------------------------------------------

TEST(FindIssuesThreads, BitwiseIdenticalForEveryThreadCount) {
    // About 200k tokens, so that several threads really run.
    const Data d = make_random_data(7, 20000, 9);
    const std::vector<float> f32 = d.probs_f32();
    const size_t n = d.labels.size();
    std::vector<int64_t> ntr(9, 40);
    for (int32_t filter = TQ_PRUNE_BY_NOISE_RATE; filter <= TQ_LOW_SELF_CONFIDENCE; ++filter) {
        for (int32_t rank : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN}) {
            for (bool with_ntr : {false, true}) {
                if (with_ntr && filter > TQ_BOTH) continue;
                std::vector<int64_t> first_s, first_t;
                for (int32_t n_threads : {1, 2, 3, 8, 0}) {
                    tq_find_options o;
                    tq_find_options_init(&o);
                    o.filter_by = filter;
                    o.rank_by = rank;
                    o.n_threads = n_threads;
                    o.frac_noise = 0.8;
                    if (with_ntr) o.num_to_remove_per_class = ntr.data();
                    std::vector<int64_t> s(n), t(n);
                    int64_t count = 0;
                    ASSERT_EQ(TQ_OK, tq_find_label_issues_f32(d.offsets.data(), d.n_sentences(),
                                                              d.labels.data(), f32.data(),
                                                              d.n_tokens(), 9, &o, s.data(),
                                                              t.data(), &count))
                        << tq_last_error_message();
                    s.resize(static_cast<size_t>(count));
                    t.resize(static_cast<size_t>(count));
                    if (n_threads == 1) {
                        EXPECT_GT(count, 0);
                        first_s = s;
                        first_t = t;
                    } else {
                        EXPECT_EQ(first_s, s) << "filter " << filter << " threads " << n_threads;
                        EXPECT_EQ(first_t, t) << "filter " << filter << " threads " << n_threads;
                    }
                }
            }
        }
    }
    std::vector<double> t1(9), tn(9);
    std::vector<int64_t> j1(81), jn(81);
    tq_find_options o;
    tq_find_options_init(&o);
    o.n_threads = 1;
    ASSERT_EQ(TQ_OK, tq_confident_thresholds_f64(d.labels.data(), d.probs.data(), d.n_tokens(), 9, &o, t1.data()));
    ASSERT_EQ(TQ_OK, tq_confident_joint_f64(d.labels.data(), d.probs.data(), d.n_tokens(), 9, 1, &o, j1.data()));
    o.n_threads = 5;
    ASSERT_EQ(TQ_OK, tq_confident_thresholds_f64(d.labels.data(), d.probs.data(), d.n_tokens(), 9, &o, tn.data()));
    ASSERT_EQ(TQ_OK, tq_confident_joint_f64(d.labels.data(), d.probs.data(), d.n_tokens(), 9, 1, &o, jn.data()));
    EXPECT_EQ(0, std::memcmp(t1.data(), tn.data(), 9 * sizeof(double)));
    EXPECT_EQ(j1, jn);
}
