// tq_sentence_scores_from_token_scores: the aggregation on its own. Its agreement with
// cleanlab is in test_conformance.cpp; here: the same bits as the full call for every
// method and thread count, the accepted range, and the error contract.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "test_util.hpp"

using namespace tqtest;

namespace {

std::vector<double> aggregate(const std::vector<int64_t> &offsets, const std::vector<double> &tokens,
                              const tq_score_options *o) {
    std::vector<double> s(offsets.size() - 1, kSentinel);
    EXPECT_EQ(TQ_OK, tq_sentence_scores_from_token_scores(
                         offsets.data(), static_cast<int64_t>(offsets.size()) - 1, tokens.data(),
                         static_cast<int64_t>(tokens.size()), o, s.data()))
        << tq_last_error_message();
    return s;
}

// Calls with one bad argument must fail with `status`, a message containing `words`,
// and leave the output untouched.
void expect_refused(const std::vector<int64_t> &offsets, const std::vector<double> &tokens,
                    const tq_score_options *o, tq_status status, const std::string &words) {
    std::vector<double> s(offsets.size() - 1, kSentinel);
    EXPECT_EQ(status, tq_sentence_scores_from_token_scores(
                          offsets.data(), static_cast<int64_t>(offsets.size()) - 1, tokens.data(),
                          static_cast<int64_t>(tokens.size()), o, s.data()));
    EXPECT_NE(std::string(tq_last_error_message()).find(words), std::string::npos)
        << "message: " << tq_last_error_message() << "; expected: " << words;
    for (double v : s) EXPECT_EQ(kSentinel, v);
}

}  // namespace

TEST(AggregateScores, SameBitsAsTheFullCallForEveryMethodAndThreadCount) {
    // Large enough for several threads (kMinTokensPerThread = 32768).
    const Data d = make_random_data(11, 12000, 6, 30);
    for (int32_t m : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN, TQ_CONFIDENCE_WEIGHTED_ENTROPY}) {
        for (int32_t sm : {TQ_MIN, TQ_SOFTMIN}) {
            for (double temperature : {0.0, 1e-7, 0.05, 1.0, std::numeric_limits<double>::infinity()}) {
                tq_score_options o = score_options(m, sm, temperature, 1);
                std::vector<double> s(static_cast<size_t>(d.n_sentences()));
                std::vector<double> t(static_cast<size_t>(d.n_tokens()));
                ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(
                                     d.offsets.data(), d.n_sentences(), d.labels.data(),
                                     d.probs.data(), d.n_tokens(), d.n_classes, &o, s.data(),
                                     t.data()));
                for (int32_t threads : {1, 2, 3, 0}) {
                    o.n_threads = threads;
                    ASSERT_EQ(s, aggregate(d.offsets, t, &o))
                        << "method " << m << " sentence method " << sm << " T " << temperature
                        << " threads " << threads;
                }
            }
        }
    }
}

TEST(AggregateScores, DefaultsAreMinAndZeroSentencesWriteNothing) {
    const std::vector<int64_t> offsets{0, 2, 5};
    const std::vector<double> tokens{0.9, 0.4, 0.2, 1.0, 0.0};
    EXPECT_EQ((std::vector<double>{0.4, 0.0}), aggregate(offsets, tokens, nullptr));
    ASSERT_EQ(TQ_OK, tq_sentence_scores_from_token_scores(nullptr, 0, nullptr, 0, nullptr, nullptr));
}

TEST(AggregateScores, AcceptsTheRangeOfTokqualsOwnScores) {
    const std::vector<int64_t> offsets{0, 2};
    const double low = -1e-6, high = 1.0 + 1e-6;
    EXPECT_EQ((std::vector<double>{low}), aggregate(offsets, {low, high}, nullptr));
    const tq_score_options o = score_options(TQ_SELF_CONFIDENCE, TQ_SOFTMIN, 0.05);
    const std::vector<double> s = aggregate(offsets, {low, high}, &o);
    EXPECT_GE(s[0], low);
    EXPECT_LE(s[0], high);
}

TEST(AggregateScores, RefusesBadScoresAndChangesNothing) {
    const std::vector<int64_t> offsets{0, 2, 4};
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    expect_refused(offsets, {0.5, 0.5, nan, 0.5}, nullptr, TQ_ERR_INVALID_VALUE,
                   "token_scores[2] is NaN");
    expect_refused(offsets, {0.5, -inf, 0.5, 0.5}, nullptr, TQ_ERR_INVALID_VALUE,
                   "token_scores[1] = -inf is infinite");
    expect_refused(offsets, {0.5, 0.5, 0.5, 1.5}, nullptr, TQ_ERR_INVALID_VALUE,
                   "token_scores[3] = 1.5 is outside");
    expect_refused(offsets, {-0.0001, 0.5, 0.5, 0.5}, nullptr, TQ_ERR_INVALID_VALUE,
                   "token_scores[0] = -0.0001");
    // The first bad score is reported.
    expect_refused(offsets, {0.5, 2.0, nan, 0.5}, nullptr, TQ_ERR_INVALID_VALUE, "token_scores[1]");
}

TEST(AggregateScores, RefusesBadShapesAndOptions) {
    const std::vector<double> tokens{0.5, 0.5, 0.5, 0.5};
    expect_refused({0, 2, 2, 4}, tokens, nullptr, TQ_ERR_INVALID_OFFSETS, "sentence 1 would be empty");
    expect_refused({1, 2, 4}, tokens, nullptr, TQ_ERR_INVALID_OFFSETS, "offsets[0] = 1");
    expect_refused({0, 2, 3}, tokens, nullptr, TQ_ERR_INVALID_OFFSETS, "must equal n_tokens = 4");
    tq_score_options o = score_options(TQ_SELF_CONFIDENCE, TQ_SOFTMIN, -1.0);
    expect_refused({0, 2, 4}, tokens, &o, TQ_ERR_INVALID_OPTION, "options->temperature = -1");
    o = score_options(TQ_SELF_CONFIDENCE, 2);
    expect_refused({0, 2, 4}, tokens, &o, TQ_ERR_INVALID_OPTION, "options->sentence_method = 2");
    o = score_options(7, TQ_MIN);
    expect_refused({0, 2, 4}, tokens, &o, TQ_ERR_INVALID_OPTION, "options->token_method = 7");
    o = score_options(TQ_SELF_CONFIDENCE, TQ_MIN, 0.05, -1);
    expect_refused({0, 2, 4}, tokens, &o, TQ_ERR_INVALID_OPTION, "options->n_threads = -1");
    o = score_options(TQ_SELF_CONFIDENCE, TQ_MIN);
    o.struct_size = 3;
    expect_refused({0, 2, 4}, tokens, &o, TQ_ERR_INVALID_STRUCT_SIZE, "struct_size");

    const int64_t offsets[] = {0, 2, 4};
    double out[2] = {kSentinel, kSentinel};
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_sentence_scores_from_token_scores(offsets, 2, nullptr, 4, nullptr, out));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_sentence_scores_from_token_scores(offsets, 2, tokens.data(), 4, nullptr, nullptr));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_sentence_scores_from_token_scores(nullptr, 2, tokens.data(), 4, nullptr, out));
    EXPECT_EQ(TQ_ERR_INVALID_SIZE,
              tq_sentence_scores_from_token_scores(offsets, -1, tokens.data(), 4, nullptr, out));
    EXPECT_EQ(TQ_ERR_INVALID_SIZE,
              tq_sentence_scores_from_token_scores(offsets, 2, tokens.data(), -4, nullptr, out));
    EXPECT_EQ(kSentinel, out[0]);
    EXPECT_EQ(kSentinel, out[1]);
}
