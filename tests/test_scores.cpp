// Label-quality scores: cleanlab's documented examples, each method by hand, softmin
// limits, float32 == float64 on the same values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_util.hpp"

using namespace tqtest;

namespace {

// cleanlab's get_label_quality_scores docstring example.
struct DocExample {
    std::vector<int64_t> offsets{0, 3, 5};
    std::vector<int32_t> labels{0, 0, 1, 0, 1};
    std::vector<double> probs{0.9, 0.1, 0.7, 0.3, 0.05, 0.95, 0.8, 0.2, 0.8, 0.2};
};

std::vector<double> scores_f64(const Data &d, const tq_score_options &o,
                               std::vector<double> *tokens = nullptr) {
    std::vector<double> s(static_cast<size_t>(d.n_sentences()));
    std::vector<double> t(static_cast<size_t>(d.n_tokens()));
    EXPECT_EQ(TQ_OK, tq_label_quality_scores_f64(d.offsets.data(), d.n_sentences(),
                                                 d.labels.data(), d.probs.data(), d.n_tokens(),
                                                 d.n_classes, &o, s.data(), t.data()))
        << tq_last_error_message();
    if (tokens) *tokens = t;
    return s;
}

}  // namespace

TEST(Scores, DocstringExampleMinSelfConfidence) {
    DocExample e;
    double sentence[2], token[5];
    ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(e.offsets.data(), 2, e.labels.data(),
                                                 e.probs.data(), 5, 2, nullptr, sentence, token));
    EXPECT_DOUBLE_EQ(0.7, sentence[0]);
    EXPECT_DOUBLE_EQ(0.2, sentence[1]);
    const double expected[5] = {0.9, 0.7, 0.95, 0.8, 0.2};
    for (int i = 0; i < 5; ++i) EXPECT_DOUBLE_EQ(expected[i], token[i]);
}

TEST(Scores, TokenScoresMayBeSkipped) {
    Data d = make_random_data(7, 50, 5);
    for (int32_t m : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN, TQ_CONFIDENCE_WEIGHTED_ENTROPY}) {
        for (int32_t sm : {TQ_MIN, TQ_SOFTMIN}) {
            tq_score_options o = score_options(m, sm);
            std::vector<double> with = scores_f64(d, o);
            std::vector<double> without(with.size());
            ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(
                                 d.offsets.data(), d.n_sentences(), d.labels.data(),
                                 d.probs.data(), d.n_tokens(), d.n_classes, &o, without.data(),
                                 nullptr));
            EXPECT_EQ(with, without);
        }
    }
}

TEST(Scores, NormalizedMarginByHand) {
    Data d;
    d.n_classes = 3;
    d.offsets = {0, 2};
    d.labels = {2, 0};
    d.probs = {0.5, 0.3, 0.2, 0.1, 0.6, 0.3};
    std::vector<double> t;
    scores_f64(d, score_options(TQ_NORMALIZED_MARGIN, TQ_MIN), &t);
    EXPECT_DOUBLE_EQ((0.2 - 0.5 + 1) / 2, t[0]);
    EXPECT_DOUBLE_EQ((0.1 - 0.6 + 1) / 2, t[1]);
}

TEST(Scores, ConfidenceWeightedEntropyByHand) {
    Data d;
    d.n_classes = 3;
    d.offsets = {0, 2};
    d.labels = {0, 1};
    d.probs = {0.5, 0.5, 0.0, 0.0, 0.0, 1.0};
    std::vector<double> t;
    scores_f64(d, score_options(TQ_CONFIDENCE_WEIGHTED_ENTROPY, TQ_MIN), &t);
    const double h = -(0.5 * std::log(0.5) * 2) / std::log(3.0);
    const double s0 = h / 0.5;
    EXPECT_NEAR(std::log(s0 + 1) / s0, t[0], 1e-15);
    // Zero entropy and p[y] = 0 clipped to 1e-6: s = 0, score = log(1) / 1e-6 = 0.
    EXPECT_EQ(0.0, t[1]);
}

TEST(Scores, SoftminLimitsAndExtremeTemperatures) {
    Data d = make_random_data(11, 40, 4);
    std::vector<double> min_scores = scores_f64(d, score_options(TQ_SELF_CONFIDENCE, TQ_MIN));
    std::vector<double> t0 = scores_f64(d, score_options(TQ_SELF_CONFIDENCE, TQ_SOFTMIN, 0.0));
    EXPECT_EQ(min_scores, t0);
    std::vector<double> tokens;
    std::vector<double> tinf = scores_f64(
        d, score_options(TQ_SELF_CONFIDENCE, TQ_SOFTMIN, std::numeric_limits<double>::infinity()),
        &tokens);
    for (int64_t i = 0; i < d.n_sentences(); ++i) {
        double sum = 0;
        for (int64_t t = d.offsets[i]; t < d.offsets[i + 1]; ++t) sum += tokens[t];
        EXPECT_NEAR(sum / (d.offsets[i + 1] - d.offsets[i]), tinf[i], 1e-15);
    }
    for (double temp : {1e-300, 5e-324, 1e-7, 1e-6, 1e6, 1e300,
                        std::numeric_limits<double>::max()}) {
        std::vector<double> s = scores_f64(d, score_options(TQ_SELF_CONFIDENCE, TQ_SOFTMIN, temp));
        for (int64_t i = 0; i < d.n_sentences(); ++i) {
            ASSERT_TRUE(std::isfinite(s[i])) << "temperature " << temp;
            EXPECT_GE(s[i], min_scores[i] - 1e-15);
            EXPECT_LE(s[i], 1.0);
        }
    }
    // Below cleanlab's EPSILON the temperature acts as 1e-6.
    EXPECT_EQ(scores_f64(d, score_options(TQ_SELF_CONFIDENCE, TQ_SOFTMIN, 1e-300)),
              scores_f64(d, score_options(TQ_SELF_CONFIDENCE, TQ_SOFTMIN, 1e-6)));
}

TEST(Scores, SoftminDocstringExample) {
    // cleanlab's _softmin_sentence_score docstring: [[0.9, 0.6], [0.0, 0.8, 0.8], [0.8]]
    // -> [6.00741787e-01, 1.80056239e-07, 8.00000000e-01], reproduced via self-confidence.
    Data d;
    d.n_classes = 2;
    d.offsets = {0, 2, 5, 6};
    d.labels = {0, 0, 0, 0, 0, 0};
    for (double s : {0.9, 0.6, 0.0, 0.8, 0.8, 0.8}) {
        d.probs.push_back(s);
        d.probs.push_back(1 - s);
    }
    std::vector<double> s = scores_f64(d, score_options(TQ_SELF_CONFIDENCE, TQ_SOFTMIN, 0.05));
    EXPECT_NEAR(6.00741787e-01, s[0], 1e-9);
    EXPECT_NEAR(1.80056239e-07, s[1], 1e-15);
    EXPECT_NEAR(0.8, s[2], 1e-15);
}

TEST(Scores, Float32IsComputedInDoubleOnTheSameValues) {
    Data d = make_random_data(5, 60, 9);
    std::vector<float> f = d.probs_f32();
    Data rounded = d;
    rounded.probs.assign(f.begin(), f.end());
    for (int32_t m : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN, TQ_CONFIDENCE_WEIGHTED_ENTROPY}) {
        tq_score_options o = score_options(m, TQ_SOFTMIN, 0.05);
        std::vector<double> tokens64;
        std::vector<double> s64 = scores_f64(rounded, o, &tokens64);
        std::vector<double> s32(s64.size()), tokens32(tokens64.size());
        ASSERT_EQ(TQ_OK, tq_label_quality_scores_f32(d.offsets.data(), d.n_sentences(),
                                                     d.labels.data(), f.data(), d.n_tokens(),
                                                     d.n_classes, &o, s32.data(),
                                                     tokens32.data()));
        EXPECT_EQ(s64, s32);
        EXPECT_EQ(tokens64, tokens32);
    }
}

TEST(Scores, ZeroSentencesIsValidAndWritesNothing) {
    int64_t offsets[1] = {0};
    EXPECT_EQ(TQ_OK, tq_label_quality_scores_f64(offsets, 0, nullptr, nullptr, 0, 3, nullptr,
                                                 nullptr, nullptr));
    EXPECT_EQ(TQ_OK, tq_label_quality_scores_f32(nullptr, 0, nullptr, nullptr, 0, 3, nullptr,
                                                 nullptr, nullptr));
}

TEST(Scores, SelfConfidenceAcceptsOneClass) {
    int64_t offsets[2] = {0, 2};
    int32_t labels[2] = {0, 0};
    double probs[2] = {1.0, 0.25};
    double s[1], t[2];
    ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(offsets, 1, labels, probs, 2, 1, nullptr, s, t));
    EXPECT_EQ(0.25, s[0]);
}

TEST(Scores, ToleranceAroundZeroAndOneAccepted) {
    int64_t offsets[2] = {0, 1};
    int32_t labels[1] = {1};
    double probs[2] = {-1e-6, 1 + 1e-6};
    double s[1];
    tq_score_options o = score_options(TQ_NORMALIZED_MARGIN, TQ_MIN);
    ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(offsets, 1, labels, probs, 1, 2, &o, s, nullptr));
    EXPECT_DOUBLE_EQ((1 + 1e-6 + 1e-6 + 1) / 2, s[0]);
}

TEST(Options, InitFillsDefaults) {
    tq_score_options o;
    ASSERT_EQ(TQ_OK, tq_score_options_init(&o));
    EXPECT_EQ(sizeof o, o.struct_size);
    EXPECT_EQ(TQ_SELF_CONFIDENCE, o.token_method);
    EXPECT_EQ(TQ_MIN, o.sentence_method);
    EXPECT_EQ(0.05, o.temperature);
    EXPECT_EQ(0, o.n_threads);
}

TEST(Version, MatchesHeader) {
    EXPECT_STREQ("0.1.0", tq_version());
    EXPECT_EQ(TQ_VERSION_NUMBER, tq_version_number());
}

TEST(Status, EveryCodeHasAName) {
    for (int s = TQ_OK; s <= TQ_ERR_INTERNAL; ++s)
        EXPECT_STRNE("unknown status", tq_status_string(static_cast<tq_status>(s)));
    EXPECT_STREQ("unknown status", tq_status_string(static_cast<tq_status>(999)));
    EXPECT_STREQ("invalid offsets", tq_status_string(TQ_ERR_INVALID_OFFSETS));
}
