// Conformance: tokqual against cleanlab 2.9.0's outputs stored in
// tests/conformance/scores.json (made by tests/conformance/generate_scores.py).
// Tolerance 1e-12; float32 cases are fed as float and compared with cleanlab on the
// same values converted to float64.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_util.hpp"

using json = nlohmann::json;

namespace {

constexpr double kTolerance = 1e-12;

json load(const char *name) {
    std::ifstream in(std::string(TQ_CONFORMANCE_DIR) + "/" + name);
    if (!in) throw std::runtime_error(std::string("cannot open conformance file ") + name);
    return json::parse(in);
}

int32_t token_method(const std::string &name) {
    if (name == "self_confidence") return TQ_SELF_CONFIDENCE;
    if (name == "normalized_margin") return TQ_NORMALIZED_MARGIN;
    if (name == "confidence_weighted_entropy") return TQ_CONFIDENCE_WEIGHTED_ENTROPY;
    throw std::runtime_error("unknown token method " + name);
}

double temperature(const json &value) {
    if (value.is_null()) return 0.05;
    if (value.is_string() && value.get<std::string>() == "inf")
        return std::numeric_limits<double>::infinity();
    return value.get<double>();
}

}  // namespace

TEST(Conformance, ScoresAndIssuesMatchCleanlab) {
    const json data = load("scores.json");
    ASSERT_EQ("2.9.0", data.at("cleanlab_version").get<std::string>());
    size_t n_checked = 0;
    for (const json &c : data.at("cases")) {
        const std::string name = c.at("name").get<std::string>();
        const bool single = c.at("dtype").get<std::string>() == "float32";
        const auto offsets = c.at("offsets").get<std::vector<int64_t>>();
        const auto labels = c.at("labels").get<std::vector<int32_t>>();
        const auto probs = c.at("pred_probs").get<std::vector<double>>();
        const std::vector<float> probs32(probs.begin(), probs.end());
        const int64_t n_classes = c.at("n_classes").get<int64_t>();
        const int64_t n_sentences = static_cast<int64_t>(offsets.size()) - 1;
        const int64_t n_tokens = static_cast<int64_t>(labels.size());
        for (const json &r : c.at("scores")) {
            tq_score_options o;
            tq_score_options_init(&o);
            o.token_method = token_method(r.at("token_method").get<std::string>());
            o.sentence_method =
                r.at("sentence_method").get<std::string>() == "softmin" ? TQ_SOFTMIN : TQ_MIN;
            o.temperature = temperature(r.at("temperature"));
            std::vector<double> s(static_cast<size_t>(n_sentences)), t(static_cast<size_t>(n_tokens));
            const tq_status status =
                single ? tq_label_quality_scores_f32(offsets.data(), n_sentences, labels.data(),
                                                     probs32.data(), n_tokens, n_classes, &o,
                                                     s.data(), t.data())
                       : tq_label_quality_scores_f64(offsets.data(), n_sentences, labels.data(),
                                                     probs.data(), n_tokens, n_classes, &o,
                                                     s.data(), t.data());
            ASSERT_EQ(TQ_OK, status) << name << ": " << tq_last_error_message();
            const auto es = r.at("sentence_scores").get<std::vector<double>>();
            const auto et = r.at("token_scores").get<std::vector<double>>();
            ASSERT_EQ(es.size(), s.size()) << name;
            ASSERT_EQ(et.size(), t.size()) << name;
            const std::string what = name + " " + r.at("token_method").get<std::string>() + " " +
                                     r.at("sentence_method").get<std::string>() + " T=" +
                                     r.at("temperature").dump();
            for (size_t i = 0; i < s.size(); ++i)
                ASSERT_NEAR(es[i], s[i], kTolerance) << what << " sentence " << i;
            for (size_t i = 0; i < t.size(); ++i)
                ASSERT_NEAR(et[i], t[i], kTolerance) << what << " token " << i;
            ++n_checked;
        }
        for (const json &r : c.value("issues", json::array())) {
            // Threshold cleanlab's own scores (token method, min), so a threshold equal
            // to a score tests strict "<" on exactly the values cleanlab compared.
            const json *ref = nullptr;
            for (const json &sc : c.at("scores"))
                if (sc.at("token_method") == r.at("token_method") &&
                    sc.at("sentence_method") == "min")
                    ref = &sc;
            ASSERT_NE(nullptr, ref) << name << ": no min scores for the issues' token method";
            const auto s = ref->at("sentence_scores").get<std::vector<double>>();
            const auto t = ref->at("token_scores").get<std::vector<double>>();
            const double threshold = r.at("threshold").get<double>();
            std::vector<int64_t> out(static_cast<size_t>(n_sentences));
            int64_t count = -1;
            ASSERT_EQ(TQ_OK, tq_issues_from_sentence_scores(s.data(), n_sentences, threshold,
                                                            out.data(), &count));
            out.resize(static_cast<size_t>(count));
            EXPECT_EQ(r.at("sentence_issues").get<std::vector<int64_t>>(), out)
                << name << " threshold " << threshold;
            std::vector<int64_t> si(static_cast<size_t>(n_tokens)), ti(static_cast<size_t>(n_tokens));
            ASSERT_EQ(TQ_OK, tq_issues_from_token_scores(offsets.data(), n_sentences, t.data(),
                                                         n_tokens, threshold, si.data(),
                                                         ti.data(), &count));
            std::vector<std::vector<int64_t>> pairs;
            for (int64_t k = 0; k < count; ++k) pairs.push_back({si[k], ti[k]});
            EXPECT_EQ(r.at("token_issues").get<std::vector<std::vector<int64_t>>>(), pairs)
                << name << " threshold " << threshold;
            ++n_checked;
        }
    }
    EXPECT_GT(n_checked, 100u);
}

namespace {

tq_score_options sentence_options(const json &r, int32_t n_threads) {
    tq_score_options o;
    tq_score_options_init(&o);
    o.sentence_method = r.at("sentence_method").get<std::string>() == "softmin" ? TQ_SOFTMIN : TQ_MIN;
    o.temperature = temperature(r.at("temperature"));
    o.n_threads = n_threads;
    return o;
}

}  // namespace

// tq_sentence_scores_from_token_scores against cleanlab's own aggregation (np.min and
// rank._softmin_sentence_score) on token scores given directly.
TEST(Conformance, SentenceScoresFromTokenScoresMatchCleanlab) {
    const json data = load("scores.json");
    size_t n_checked = 0;
    for (const json &c : data.at("aggregation")) {
        const std::string name = c.at("name").get<std::string>();
        const auto offsets = c.at("offsets").get<std::vector<int64_t>>();
        const auto tokens = c.at("token_scores").get<std::vector<double>>();
        const int64_t n_sentences = static_cast<int64_t>(offsets.size()) - 1;
        for (const json &r : c.at("results")) {
            const tq_score_options o = sentence_options(r, 1);
            std::vector<double> s(static_cast<size_t>(n_sentences), -7.0);
            ASSERT_EQ(TQ_OK, tq_sentence_scores_from_token_scores(
                                 offsets.data(), n_sentences, tokens.data(),
                                 static_cast<int64_t>(tokens.size()), &o, s.data()))
                << name << ": " << tq_last_error_message();
            const auto expected = r.at("sentence_scores").get<std::vector<double>>();
            ASSERT_EQ(expected.size(), s.size()) << name;
            for (size_t i = 0; i < s.size(); ++i)
                ASSERT_NEAR(expected[i], s[i], kTolerance)
                    << name << " " << r.at("sentence_method").get<std::string>()
                    << " T=" << r.at("temperature").dump() << " sentence " << i;
            ++n_checked;
        }
    }
    EXPECT_GE(n_checked, 5u * 11u);
}

// On the token scores of every scoring case: cleanlab's token scores give cleanlab's
// sentence scores, and tokqual's own token scores give, bit for bit, the sentence scores
// tq_label_quality_scores_* returned with them.
TEST(Conformance, SentenceScoresFromTokenScoresEqualTheFullCall) {
    const json data = load("scores.json");
    size_t n_checked = 0;
    for (const json &c : data.at("cases")) {
        const std::string name = c.at("name").get<std::string>();
        const auto offsets = c.at("offsets").get<std::vector<int64_t>>();
        const auto labels = c.at("labels").get<std::vector<int32_t>>();
        const auto probs = c.at("pred_probs").get<std::vector<double>>();
        const int64_t n_sentences = static_cast<int64_t>(offsets.size()) - 1;
        const int64_t n_tokens = static_cast<int64_t>(labels.size());
        for (const json &r : c.at("scores")) {
            tq_score_options o = sentence_options(r, 0);
            o.token_method = token_method(r.at("token_method").get<std::string>());
            const auto cleanlab_tokens = r.at("token_scores").get<std::vector<double>>();
            std::vector<double> s(static_cast<size_t>(n_sentences));
            ASSERT_EQ(TQ_OK, tq_sentence_scores_from_token_scores(offsets.data(), n_sentences,
                                                                  cleanlab_tokens.data(), n_tokens,
                                                                  &o, s.data()))
                << name << ": " << tq_last_error_message();
            const auto expected = r.at("sentence_scores").get<std::vector<double>>();
            for (size_t i = 0; i < s.size(); ++i)
                ASSERT_NEAR(expected[i], s[i], kTolerance) << name << " sentence " << i;

            std::vector<double> full_s(static_cast<size_t>(n_sentences));
            std::vector<double> full_t(static_cast<size_t>(n_tokens));
            ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(offsets.data(), n_sentences,
                                                         labels.data(), probs.data(), n_tokens,
                                                         c.at("n_classes").get<int64_t>(), &o,
                                                         full_s.data(), full_t.data()));
            ASSERT_EQ(TQ_OK, tq_sentence_scores_from_token_scores(
                                 offsets.data(), n_sentences, full_t.data(), n_tokens, &o, s.data()));
            for (size_t i = 0; i < s.size(); ++i)
                ASSERT_EQ(full_s[i], s[i]) << name << " sentence " << i;
            ++n_checked;
        }
    }
    EXPECT_GT(n_checked, 100u);
}
