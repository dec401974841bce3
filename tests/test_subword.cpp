// Word-level probabilities from subword rows (tq_subword_to_word_probs_*) and annotated
// token scores (tq_format_token_scores). The conformance suite checks both against
// numpy / cleanlab on random data; these are the hand-checked cases and the errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "text_test_util.hpp"
#include "tokqual/tokqual.h"

using tqtest::expect_text_error;
using tqtest::Strings;
using tqtest::text_result;

TEST(SubwordToWordProbs, AveragesAndWeightedAverages) {
    // [CLS] Wash ##ington is [SEP]: rows 1-2 make "Washington", row 3 "is".
    const std::vector<double> rows = {0.5, 0.5, 0.2, 0.8, 0.6, 0.4, 0.9, 0.1, 0.5, 0.5};
    const int64_t begin[] = {1, 3}, end[] = {3, 4};
    std::vector<double> out(4, -1);
    ASSERT_EQ(TQ_OK, tq_subword_to_word_probs_f64(rows.data(), 5, 2, begin, end, 2, nullptr, 0, out.data()));
    EXPECT_NEAR(0.4, out[0], 1e-15);
    EXPECT_NEAR(0.6, out[1], 1e-15);
    EXPECT_EQ(0.9, out[2]);  // one row is copied exactly
    EXPECT_EQ(0.1, out[3]);
    // Weighted by characters covered: "Wash" 4, "ington" 6.
    const double weights[] = {4, 6, 1};
    ASSERT_EQ(TQ_OK, tq_subword_to_word_probs_f64(rows.data(), 5, 2, begin, end, 2, weights, 3, out.data()));
    EXPECT_NEAR((4 * 0.2 + 6 * 0.6) / 10, out[0], 1e-15);
    EXPECT_NEAR((4 * 0.8 + 6 * 0.4) / 10, out[1], 1e-15);
    // Words may share a row (a subword spanning two words) and use a zero weight.
    const int64_t begin2[] = {1, 2}, end2[] = {3, 3};
    const double weights2[] = {0, 3, 2};
    ASSERT_EQ(TQ_OK, tq_subword_to_word_probs_f64(rows.data(), 5, 2, begin2, end2, 2, weights2, 3, out.data()));
    EXPECT_NEAR(0.6, out[0], 1e-15);
    EXPECT_EQ(0.6, out[2]);
    // float in, float out.
    const std::vector<float> rows32(rows.begin(), rows.end());
    std::vector<float> out32(4, -1);
    ASSERT_EQ(TQ_OK, tq_subword_to_word_probs_f32(rows32.data(), 5, 2, begin, end, 2, nullptr, 0, out32.data()));
    EXPECT_FLOAT_EQ(0.4f, out32[0]);
}

// Found by fuzz_text: finite weights whose sum overflows (DBL_MAX, twice) gave NaN
// probabilities with TQ_OK, and tiny weights (5e-324) underflowed to a zero row.
TEST(SubwordToWordProbs, ExtremeWeightsStayAverages) {
    const std::vector<double> rows = {0.25, 0.75, 0.75, 0.25, 0.5, 0.5};
    const int64_t begin[] = {0, 1}, end[] = {2, 3};
    const double huge = std::numeric_limits<double>::max();
    const double tiny = std::numeric_limits<double>::denorm_min();
    const double weights[] = {huge, huge, tiny, tiny};
    std::vector<double> out(4, -1);
    ASSERT_EQ(TQ_OK, tq_subword_to_word_probs_f64(rows.data(), 3, 2, begin, end, 2, weights, 4, out.data()));
    EXPECT_EQ(0.5, out[0]);
    EXPECT_EQ(0.5, out[1]);
    EXPECT_EQ(0.625, out[2]);
    EXPECT_EQ(0.375, out[3]);
    const std::vector<float> rows32(rows.begin(), rows.end());
    std::vector<float> out32(4, -1);
    ASSERT_EQ(TQ_OK, tq_subword_to_word_probs_f32(rows32.data(), 3, 2, begin, end, 2, weights, 4, out32.data()));
    EXPECT_EQ(0.5f, out32[0]);
    EXPECT_EQ(0.625f, out32[2]);
    // Scaling by a power of two keeps ordinary weights' results bit for bit.
    const double plain[] = {3, 5, 1, 7};
    ASSERT_EQ(TQ_OK, tq_subword_to_word_probs_f64(rows.data(), 3, 2, begin, end, 2, plain, 4, out.data()));
    EXPECT_EQ((3 * 0.25 + 5 * 0.75) / 8, out[0]);
    EXPECT_EQ((1 * 0.75 + 7 * 0.5) / 8, out[2]);
}

TEST(SubwordToWordProbs, Errors) {
    const std::vector<double> rows = {0.5, 0.5, 0.2, 0.8, 0.6, 0.4};
    std::vector<double> out(4, -1);
    const int64_t begin[] = {0, 2}, end[] = {2, 3};
    const int64_t empty_end[] = {2, 2};
    const int64_t outside_end[] = {2, 4};
    const int64_t negative_begin[] = {-1, 2};
    EXPECT_EQ(TQ_ERR_INVALID_OFFSETS, tq_subword_to_word_probs_f64(rows.data(), 3, 2, begin, empty_end, 2, nullptr, 0, out.data()));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("word_end[1] = 2"));
    EXPECT_EQ(TQ_ERR_INVALID_OFFSETS, tq_subword_to_word_probs_f64(rows.data(), 3, 2, begin, outside_end, 2, nullptr, 0, out.data()));
    EXPECT_EQ(TQ_ERR_INVALID_OFFSETS, tq_subword_to_word_probs_f64(rows.data(), 3, 2, negative_begin, end, 2, nullptr, 0, out.data()));
    const double zero[] = {0, 0, 1};
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_subword_to_word_probs_f64(rows.data(), 3, 2, begin, end, 2, zero, 3, out.data()));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("the weights of word 0 sum to 0"));
    const double negative[] = {1, -1, 1};
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_subword_to_word_probs_f64(rows.data(), 3, 2, begin, end, 2, negative, 3, out.data()));
    const double nan[] = {1, NAN, 1};
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_subword_to_word_probs_f64(rows.data(), 3, 2, begin, end, 2, nan, 3, out.data()));
    const double ok[] = {1, 1, 1};
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_subword_to_word_probs_f64(rows.data(), 3, 2, begin, end, 2, ok, 2, out.data()));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("n_weights = 2 but the word ranges hold 3"));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_subword_to_word_probs_f64(rows.data(), 3, 2, begin, end, 2, nullptr, 3, out.data()));
    std::vector<double> bad = rows;
    bad[3] = 1.5;
    EXPECT_EQ(TQ_ERR_INVALID_PROBABILITY, tq_subword_to_word_probs_f64(bad.data(), 3, 2, begin, end, 2, nullptr, 0, out.data()));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_subword_to_word_probs_f64(rows.data(), 3, 2, begin, nullptr, 2, nullptr, 0, out.data()));
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_subword_to_word_probs_f64(rows.data(), 3, 0, begin, end, 2, nullptr, 0, out.data()));
    EXPECT_EQ(std::vector<double>(4, -1), out);
}

TEST(FormatTokenScores, OneLinePerTokenWithPythonRepr) {
    const Strings tokens{"A", "?weird", "日本", "x"};
    const double scores[] = {0.9, 0.1 + 0.2, 1e-05, 1.0};
    const std::string text = text_result([&](char *out, int64_t capacity, int64_t *size) {
        return tq_format_token_scores(tokens.data(), tokens.size(), tokens.offsets.data(), 4, scores, out,
                                      capacity, size);
    });
    EXPECT_EQ("A\t0.9\n?weird\t0.30000000000000004\n日本\t1e-05\nx\t1.0\n", text);
    const double bad[] = {0.9, std::numeric_limits<double>::infinity(), 0, 0};
    expect_text_error(TQ_ERR_INVALID_VALUE, "scores[1] = inf is not finite", [&](char *o, int64_t c, int64_t *s) {
        return tq_format_token_scores(tokens.data(), tokens.size(), tokens.offsets.data(), 4, bad, o, c, s);
    });
    expect_text_error(TQ_ERR_NULL_ARGUMENT, "scores is NULL", [&](char *o, int64_t c, int64_t *s) {
        return tq_format_token_scores(tokens.data(), tokens.size(), tokens.offsets.data(), 4, nullptr, o, c, s);
    });
}
