// Every invalid input: the status, a message naming the argument (and index and
// value), and output buffers left exactly as they were.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <cstring>
#include <thread>
#include <vector>

#include "test_util.hpp"

using namespace tqtest;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// A valid dataset of 3 sentences (2 + 1 + 3 tokens), K = 3, plus sentinel outputs.
struct Call {
    std::vector<int64_t> offsets{0, 2, 3, 6};
    int64_t n_sentences = 3;
    std::vector<int32_t> labels{0, 1, 2, 0, 1, 2};
    std::vector<double> probs{0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4,
                              0.6, 0.2, 0.2, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8};
    int64_t n_tokens = 6;
    int64_t n_classes = 3;
    tq_score_options options = score_options(TQ_SELF_CONFIDENCE, TQ_SOFTMIN);
    bool default_options = false;  // pass NULL instead of &options
    const tq_score_options *options_ptr() const { return default_options ? nullptr : &options; }
    std::vector<double> sentence_out = std::vector<double>(8, kSentinel);
    std::vector<double> token_out = std::vector<double>(8, kSentinel);
    const int64_t *offsets_ptr() const { return offsets.empty() ? nullptr : offsets.data(); }
    const int32_t *labels_ptr() const { return labels.empty() ? nullptr : labels.data(); }

    tq_status run_f64() {
        return tq_label_quality_scores_f64(offsets_ptr(), n_sentences, labels_ptr(),
                                           probs.empty() ? nullptr : probs.data(), n_tokens,
                                           n_classes, options_ptr(), sentence_out.data(),
                                           token_out.data());
    }
    tq_status run_f32() {
        std::vector<float> f(probs.begin(), probs.end());
        return tq_label_quality_scores_f32(offsets_ptr(), n_sentences, labels_ptr(),
                                           f.empty() ? nullptr : f.data(), n_tokens, n_classes,
                                           options_ptr(), sentence_out.data(), token_out.data());
    }
    bool outputs_untouched() const {
        for (double v : sentence_out)
            if (v != kSentinel) return false;
        for (double v : token_out)
            if (v != kSentinel) return false;
        return true;
    }
};

// Runs the call in both precisions and checks status, message fragments and outputs.
void expect_refused(Call call, tq_status status, std::vector<std::string> fragments) {
    for (int precision = 0; precision < 2; ++precision) {
        Call c = call;
        const tq_status got = precision == 0 ? c.run_f64() : c.run_f32();
        EXPECT_EQ(status, got) << (precision ? "f32: " : "f64: ") << tq_last_error_message();
        const std::string message = tq_last_error_message();
        EXPECT_NE(std::string::npos, message.find(precision == 0 ? "tq_label_quality_scores_f64"
                                                                 : "tq_label_quality_scores_f32"))
            << message;
        for (const std::string &f : fragments)
            EXPECT_NE(std::string::npos, message.find(f)) << "'" << f << "' not in: " << message;
        EXPECT_TRUE(c.outputs_untouched());
    }
}

}  // namespace

TEST(Errors, ValidCallSucceeds) {
    Call c;
    EXPECT_EQ(TQ_OK, c.run_f64()) << tq_last_error_message();
    EXPECT_EQ(TQ_OK, c.run_f32()) << tq_last_error_message();
}

TEST(Errors, NullPointersWithNonZeroSizes) {
    Call c;
    c.offsets.clear();
    expect_refused(c, TQ_ERR_NULL_ARGUMENT, {"offsets is NULL"});
    c = Call();
    c.labels.clear();
    expect_refused(c, TQ_ERR_NULL_ARGUMENT, {"labels is NULL", "6"});
    c = Call();
    c.probs.clear();
    expect_refused(c, TQ_ERR_NULL_ARGUMENT, {"pred_probs is NULL"});
    c = Call();
    std::vector<double> s(4, kSentinel);
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_label_quality_scores_f64(c.offsets.data(), 3, c.labels.data(), c.probs.data(), 6,
                                          3, nullptr, nullptr, s.data()));
    EXPECT_NE(nullptr, std::strstr(tq_last_error_message(), "sentence_scores is NULL"));
    EXPECT_EQ(kSentinel, s[0]);
}

TEST(Errors, NegativeCounts) {
    Call c;
    c.n_sentences = -1;
    expect_refused(c, TQ_ERR_INVALID_SIZE, {"n_sentences = -1"});
    c = Call();
    c.n_tokens = -5;
    expect_refused(c, TQ_ERR_INVALID_SIZE, {"n_tokens = -5"});
    c = Call();
    c.n_classes = -2;
    expect_refused(c, TQ_ERR_INVALID_SIZE, {"n_classes = -2"});
    c = Call();
    c.n_classes = 0;
    expect_refused(c, TQ_ERR_INVALID_SIZE, {"n_classes = 0"});
}

TEST(Errors, BadOffsets) {
    Call c;
    c.offsets = {1, 2, 3, 6};
    expect_refused(c, TQ_ERR_INVALID_OFFSETS, {"offsets[0] = 1"});
    c = Call();
    c.offsets = {0, 3, 2, 6};
    expect_refused(c, TQ_ERR_INVALID_OFFSETS, {"offsets[2] = 2", "offsets[1] = 3"});
    c = Call();
    c.offsets = {0, 2, 2, 6};
    expect_refused(c, TQ_ERR_INVALID_OFFSETS, {"offsets[2] = 2", "sentence 1", "empty"});
    c = Call();
    c.offsets = {0, 2, 3, 5};
    expect_refused(c, TQ_ERR_INVALID_OFFSETS, {"offsets[n_sentences = 3] = 5", "n_tokens = 6"});
    c = Call();
    c.n_tokens = 5;  // disagrees with offsets[3] = 6
    expect_refused(c, TQ_ERR_INVALID_OFFSETS, {"n_tokens = 5"});
}

TEST(Errors, LabelsOutOfRange) {
    Call c;
    c.labels[4] = 3;
    expect_refused(c, TQ_ERR_INVALID_LABEL, {"labels[4] = 3", "n_classes = 3"});
    c = Call();
    c.labels[0] = -1;
    c.default_options = true;
    expect_refused(c, TQ_ERR_INVALID_LABEL, {"labels[0] = -1"});
}

TEST(Errors, BadProbabilities) {
    Call c;
    c.probs[7] = kNaN;
    expect_refused(c, TQ_ERR_INVALID_PROBABILITY, {"pred_probs[2][1] is NaN"});
    c = Call();
    c.probs[3] = kInf;
    expect_refused(c, TQ_ERR_INVALID_PROBABILITY, {"pred_probs[1][0] = inf"});
    c = Call();
    c.probs[17] = -kInf;
    expect_refused(c, TQ_ERR_INVALID_PROBABILITY, {"pred_probs[5][2] = -inf"});
    c = Call();
    c.probs[5] = -0.25;  // exact in float and double
    expect_refused(c, TQ_ERR_INVALID_PROBABILITY, {"pred_probs[1][2] = -0.25", "outside"});
    c = Call();
    c.probs[0] = 1.5;
    expect_refused(c, TQ_ERR_INVALID_PROBABILITY, {"pred_probs[0][0] = 1.5"});
    c = Call();
    c.probs[0] = 1 + 2e-6;  // just past cleanlab's tolerance
    expect_refused(c, TQ_ERR_INVALID_PROBABILITY, {"pred_probs[0][0]"});
    // The entropy method needs [0, 1] exactly, as cleanlab's entropy does.
    c = Call();
    c.options.token_method = TQ_CONFIDENCE_WEIGHTED_ENTROPY;
    c.probs[4] = 1 + 1e-7;
    expect_refused(c, TQ_ERR_INVALID_PROBABILITY, {"pred_probs[1][1]", "entropy"});
}

TEST(Errors, FirstBadValueIsReported) {
    Call c;
    c.probs[16] = kNaN;
    c.probs[2] = 2.0;
    expect_refused(c, TQ_ERR_INVALID_PROBABILITY, {"pred_probs[0][2] = 2"});
}

TEST(Errors, SizeOverflow) {
    Call c;
    c.n_classes = INT64_MAX / 2;
    c.labels.assign(6, 0);
    // Refused before any probability is read.
    expect_refused(c, TQ_ERR_INVALID_SIZE, {"overflows"});
}

TEST(Errors, TooFewClassesForMethod) {
    Call c;
    c.n_classes = 1;
    c.labels.assign(6, 0);
    c.options.token_method = TQ_NORMALIZED_MARGIN;
    expect_refused(c, TQ_ERR_INVALID_SIZE, {"n_classes = 1", "TQ_NORMALIZED_MARGIN"});
    c.options.token_method = TQ_CONFIDENCE_WEIGHTED_ENTROPY;
    expect_refused(c, TQ_ERR_INVALID_SIZE, {"n_classes = 1", "TQ_CONFIDENCE_WEIGHTED_ENTROPY"});
}

TEST(Errors, BadOptions) {
    Call c;
    c.options.token_method = 3;
    expect_refused(c, TQ_ERR_INVALID_OPTION, {"options->token_method = 3"});
    c = Call();
    c.options.token_method = -1;
    expect_refused(c, TQ_ERR_INVALID_OPTION, {"options->token_method = -1"});
    c = Call();
    c.options.sentence_method = 2;
    expect_refused(c, TQ_ERR_INVALID_OPTION, {"options->sentence_method = 2"});
    c = Call();
    c.options.temperature = kNaN;
    expect_refused(c, TQ_ERR_INVALID_OPTION, {"options->temperature is NaN"});
    c = Call();
    c.options.temperature = -0.5;
    expect_refused(c, TQ_ERR_INVALID_OPTION, {"options->temperature = -0.5"});
    c = Call();
    c.options.temperature = -kInf;
    expect_refused(c, TQ_ERR_INVALID_OPTION, {"options->temperature"});
    c = Call();
    c.options.n_threads = -3;
    expect_refused(c, TQ_ERR_INVALID_OPTION, {"options->n_threads = -3"});
}

TEST(Errors, UnknownStructSize) {
    Call c;
    c.options.struct_size = sizeof(tq_score_options) + 8;
    expect_refused(c, TQ_ERR_INVALID_STRUCT_SIZE, {"options->struct_size"});
    c.options.struct_size = 0;
    expect_refused(c, TQ_ERR_INVALID_STRUCT_SIZE, {"options->struct_size = 0"});
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_score_options_init(nullptr));
}

TEST(Errors, IssuesFromSentenceScores) {
    std::vector<double> scores{0.5, 0.1, 0.2};
    std::vector<int64_t> out(3, kSentinelIndex);
    int64_t count = kSentinelIndex;
    auto untouched = [&] {
        return count == kSentinelIndex && out == std::vector<int64_t>(3, kSentinelIndex);
    };
    EXPECT_EQ(TQ_ERR_INVALID_OPTION,
              tq_issues_from_sentence_scores(scores.data(), 3, kNaN, out.data(), &count));
    EXPECT_NE(nullptr, std::strstr(tq_last_error_message(), "threshold is NaN"));
    EXPECT_TRUE(untouched());
    scores[2] = kNaN;
    EXPECT_EQ(TQ_ERR_INVALID_VALUE,
              tq_issues_from_sentence_scores(scores.data(), 3, 0.3, out.data(), &count));
    EXPECT_NE(nullptr, std::strstr(tq_last_error_message(), "sentence_scores[2] is NaN"));
    EXPECT_TRUE(untouched());
    EXPECT_EQ(TQ_ERR_INVALID_SIZE,
              tq_issues_from_sentence_scores(scores.data(), -1, 0.3, out.data(), &count));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_issues_from_sentence_scores(nullptr, 3, 0.3, out.data(),
                                                                   &count));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_issues_from_sentence_scores(scores.data(), 3, 0.3, nullptr, &count));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_issues_from_sentence_scores(scores.data(), 3, 0.3, out.data(), nullptr));
    EXPECT_NE(nullptr, std::strstr(tq_last_error_message(), "out_count is NULL"));
    EXPECT_TRUE(untouched());
}

TEST(Errors, IssuesFromTokenScores) {
    std::vector<int64_t> offsets{0, 2, 3};
    std::vector<double> scores{0.5, 0.1, 0.2};
    std::vector<int64_t> si(3, kSentinelIndex), ti(3, kSentinelIndex);
    int64_t count = kSentinelIndex;
    auto untouched = [&] {
        return count == kSentinelIndex && si == std::vector<int64_t>(3, kSentinelIndex) &&
               ti == std::vector<int64_t>(3, kSentinelIndex);
    };
    auto run = [&](double threshold) {
        return tq_issues_from_token_scores(offsets.data(), 2, scores.data(), 3, threshold,
                                           si.data(), ti.data(), &count);
    };
    EXPECT_EQ(TQ_ERR_INVALID_OPTION, run(kNaN));
    scores[1] = kNaN;
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, run(0.3));
    EXPECT_NE(nullptr, std::strstr(tq_last_error_message(), "token_scores[1] is NaN"));
    scores[1] = 0.1;
    offsets = {0, 2, 2};
    EXPECT_EQ(TQ_ERR_INVALID_OFFSETS, run(0.3));
    offsets = {0, 2, 4};
    EXPECT_EQ(TQ_ERR_INVALID_OFFSETS, run(0.3));
    offsets = {0, 2, 3};
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_issues_from_token_scores(offsets.data(), 2, scores.data(),
                                                                3, 0.3, si.data(), nullptr,
                                                                &count));
    EXPECT_NE(nullptr, std::strstr(tq_last_error_message(), "out_tokens is NULL"));
    EXPECT_TRUE(untouched());
}

TEST(Errors, MessageIsPerThreadAndKeptOnSuccess) {
    Call bad;
    bad.labels[0] = 9;
    ASSERT_EQ(TQ_ERR_INVALID_LABEL, bad.run_f64());
    std::string here = tq_last_error_message();
    std::string there = "unset";
    std::thread([&] { there = tq_last_error_message(); }).join();
    EXPECT_EQ("", there);
    Call good;
    ASSERT_EQ(TQ_OK, good.run_f64());
    EXPECT_EQ(here, tq_last_error_message());
}
