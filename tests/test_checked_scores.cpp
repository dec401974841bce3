// The fused label-quality pass (issue 14: src/checked_scores_simd.hpp and scores.cpp): the
// checking kernels give bitwise the scalar kernels' scores and sentence minima for every
// class count (one vector per row, several, a partial one) and both dtypes; and when the
// input is bad, the call reports the same first error as the separate validation (every
// label before any probability, each in index order), with any thread count, and writes
// nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "checked_scores_simd.hpp"
#include "sentence_scores.hpp"
#include "simd_targets.hpp"
#include "token_scores.hpp"
#include "tokqual/tokqual.h"

namespace {

template <class T>
struct Data {
    std::vector<int64_t> offsets{0};
    std::vector<int32_t> labels;
    std::vector<T> probs;
    int64_t n_classes = 0;
    int64_t n_tokens() const { return static_cast<int64_t>(labels.size()); }
    int64_t n_sentences() const { return static_cast<int64_t>(offsets.size()) - 1; }
};

// Bit-for-bit equality (== would accept -0.0 for 0.0, which sentence_min tells apart).
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Sentences of 1..30 tokens; rows with ties, zeros (+0.0 and -0.0), one-hot rows and values just outside
// [0, 1] within cleanlab's tolerance (unless `tolerance` is false: the entropy method
// refuses them).
template <class T>
Data<T> make_data(int64_t n_tokens, int64_t n_classes, uint32_t seed, bool tolerance = true) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Data<T> d;
    d.n_classes = n_classes;
    while (d.offsets.back() < n_tokens)
        d.offsets.push_back(std::min<int64_t>(n_tokens, d.offsets.back() + 1 + rng() % 30));
    d.labels.resize(static_cast<size_t>(n_tokens));
    d.probs.resize(static_cast<size_t>(n_tokens * n_classes));
    for (int64_t t = 0; t < n_tokens; ++t) {
        T *row = d.probs.data() + t * n_classes;
        double total = 0;
        for (int64_t k = 0; k < n_classes; ++k) total += row[k] = static_cast<T>(std::pow(u(rng), 4));
        for (int64_t k = 0; k < n_classes; ++k) row[k] = static_cast<T>(row[k] / total);
        const int kind = static_cast<int>(rng() % 8);
        if (kind == 0) row[rng() % n_classes] = row[rng() % n_classes];  // a tie
        if (kind == 1) {                                                    // one-hot
            for (int64_t k = 0; k < n_classes; ++k) row[k] = 0;
            row[rng() % n_classes] = 1;
        }
        if (tolerance && kind == 2) row[rng() % n_classes] = static_cast<T>(-5e-7);
        if (tolerance && kind == 3) row[rng() % n_classes] = static_cast<T>(1.0000005);
        if (kind == 4) row[rng() % n_classes] = static_cast<T>(-0.0);
        d.labels[static_cast<size_t>(t)] = static_cast<int32_t>(rng() % n_classes);
    }
    return d;
}

template <class T>
void expect_kernels_match_scalar(int64_t n_classes) {
    const Data<T> d = make_data<T>(997, n_classes, static_cast<uint32_t>(n_classes));
    const T low = static_cast<T>(-1e-6), high = static_cast<T>(1 + 1e-6);
    const int64_t n = d.n_tokens(), s = d.n_sentences();
    // Every group split: the whole data set, groups starting at each 7th sentence, and one
    // sentence a group (fewer rows than a vector's batch, a single sentence).
    for (int64_t step : {s, int64_t{7}, int64_t{1}}) {
        for (int method : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN}) {
            std::vector<double> out(static_cast<size_t>(n)), mins(static_cast<size_t>(s));
            for (int64_t first = 0; first < s; first += step) {
                const int64_t last = std::min(s, first + step);
                double *o = out.data() + d.offsets[static_cast<size_t>(first)];
                const bool ok =
                    method == TQ_SELF_CONFIDENCE
                        ? tq::checked_self_confidence_sentences(
                              d.probs.data(), d.labels.data(), n_classes, d.offsets.data() + first,
                              last - first, low, high, o, mins.data() + first)
                        : tq::checked_normalized_margin_sentences(
                              d.probs.data(), d.labels.data(), n_classes, d.offsets.data() + first,
                              last - first, low, high, o, mins.data() + first);
                ASSERT_TRUE(ok);
            }
            for (int64_t t = 0; t < n; ++t) {
                const T *row = d.probs.data() + t * n_classes;
                const int32_t y = d.labels[static_cast<size_t>(t)];
                const double want = method == TQ_SELF_CONFIDENCE
                                        ? tq::self_confidence(row, n_classes, y)
                                        : tq::normalized_margin(row, n_classes, y);
                ASSERT_TRUE(same_bits(out[static_cast<size_t>(t)], want))
                    << "K = " << n_classes << ", token " << t;
            }
            for (int64_t i = 0; i < s; ++i) {
                const int64_t b = d.offsets[static_cast<size_t>(i)];
                ASSERT_TRUE(same_bits(mins[static_cast<size_t>(i)],
                                      tq::sentence_min(out.data() + b,
                                                       d.offsets[static_cast<size_t>(i) + 1] - b)))
                    << "K = " << n_classes << ", sentence " << i;
            }
            // A value outside the range anywhere is reported: NaN, infinities, the largest
            // values and values just outside the range, at the first, a middle and the last
            // value, and at the first class of the row after a vector's end.
            const T bad_values[] = {std::numeric_limits<T>::quiet_NaN(),
                                    std::numeric_limits<T>::infinity(),
                                    -std::numeric_limits<T>::infinity(),
                                    std::numeric_limits<T>::max(),
                                    -std::numeric_limits<T>::max(),
                                    static_cast<T>(-2e-6),
                                    static_cast<T>(1 + 2e-6)};
            const int64_t n_values = n * n_classes;
            for (int64_t at : {int64_t{0}, n_values / 2, n_values / 2 + 1, 16 * n_classes,
                               n_values - 1}) {
                for (T value : bad_values) {
                    Data<T> bad = d;
                    bad.probs[static_cast<size_t>(at)] = value;
                    const bool ok =
                        method == TQ_SELF_CONFIDENCE
                            ? tq::checked_self_confidence_sentences(
                                  bad.probs.data(), bad.labels.data(), n_classes,
                                  bad.offsets.data(), s, low, high, out.data(), nullptr)
                            : tq::checked_normalized_margin_sentences(
                                  bad.probs.data(), bad.labels.data(), n_classes,
                                  bad.offsets.data(), s, low, high, out.data(), nullptr);
                    EXPECT_FALSE(ok) << "K = " << n_classes << ", value " << value << " at " << at;
                }
            }
        }
    }
    if constexpr (std::is_same<T, float>::value) {
        // Self-confidence with float scores: the same values, as floats.
        std::vector<float> out(static_cast<size_t>(n));
        std::vector<double> mins(static_cast<size_t>(s)), want_mins(static_cast<size_t>(s));
        std::vector<double> want(static_cast<size_t>(n));
        ASSERT_TRUE(tq::checked_self_confidence_sentences(d.probs.data(), d.labels.data(),
                                                          n_classes, d.offsets.data(), s, low,
                                                          high, out.data(), mins.data()));
        ASSERT_TRUE(tq::checked_self_confidence_sentences(d.probs.data(), d.labels.data(),
                                                          n_classes, d.offsets.data(), s, low,
                                                          high, want.data(), want_mins.data()));
        for (int64_t t = 0; t < n; ++t)
            ASSERT_TRUE(same_bits(static_cast<double>(out[static_cast<size_t>(t)]),
                                  want[static_cast<size_t>(t)]));
        for (int64_t i = 0; i < s; ++i)
            ASSERT_TRUE(same_bits(mins[static_cast<size_t>(i)], want_mins[static_cast<size_t>(i)]));
        Data<T> bad = d;
        bad.probs[static_cast<size_t>(n / 2 * n_classes)] = std::numeric_limits<T>::quiet_NaN();
        EXPECT_FALSE(tq::checked_self_confidence_sentences(bad.probs.data(), bad.labels.data(),
                                                           n_classes, bad.offsets.data(), s, low,
                                                           high, out.data(), nullptr));
    }
}

// On every SIMD target this CPU supports (the kernels differ per target).
TEST(CheckedScores, KernelsMatchScalarFloat) {
    tqtest::for_each_simd_target([] {
        for (int64_t k : {2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 50, 64, 65})
            expect_kernels_match_scalar<float>(k);
    });
}

TEST(CheckedScores, KernelsMatchScalarDouble) {
    tqtest::for_each_simd_target([] {
        for (int64_t k : {2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 50, 64, 65})
            expect_kernels_match_scalar<double>(k);
    });
}

// Calls the f32 entry point with sentinel-filled outputs; returns the status and checks
// that a failed call left the outputs alone.
tq_status call(const Data<float> &d, int32_t method, int32_t n_threads, std::string *message) {
    tq_score_options options;
    tq_score_options_init(&options);
    options.token_method = method;
    options.n_threads = n_threads;
    std::vector<double> sentences(static_cast<size_t>(d.n_sentences()), -7.0),
        tokens(static_cast<size_t>(d.n_tokens()), -7.0);
    const tq_status status = tq_label_quality_scores_f32(
        d.offsets.data(), d.n_sentences(), d.labels.data(), d.probs.data(), d.n_tokens(),
        d.n_classes, &options, sentences.data(), tokens.data());
    if (status != TQ_OK) {
        for (double v : sentences) EXPECT_EQ(v, -7.0);
        for (double v : tokens) EXPECT_EQ(v, -7.0);
        *message = tq_last_error_message();
    }
    return status;
}

TEST(CheckedScores, FirstErrorIsTheValidationOrdersAndNothingIsWritten) {
    const Data<float> good = make_data<float>(200000, 9, 5, false);
    for (int32_t method : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN, TQ_CONFIDENCE_WEIGHTED_ENTROPY}) {
        for (int32_t threads : {1, 2, 3}) {
            std::string message;
            // A bad label late wins over a bad probability early (labels come first).
            Data<float> d = good;
            d.probs[5 * 9 + 2] = std::numeric_limits<float>::quiet_NaN();
            d.labels[190000] = 9;
            EXPECT_EQ(call(d, method, threads, &message), TQ_ERR_INVALID_LABEL);
            EXPECT_NE(message.find("labels[190000] = 9"), std::string::npos) << message;
            // Of two bad probabilities, the first in index order, whichever thread meets it.
            d = good;
            d.probs[150000 * 9 + 1] = 2.0f;
            d.probs[120000 * 9 + 4] = std::numeric_limits<float>::infinity();
            EXPECT_EQ(call(d, method, threads, &message), TQ_ERR_INVALID_PROBABILITY);
            EXPECT_NE(message.find("pred_probs[120000][4]"), std::string::npos) << message;
            // Of two bad labels, the first.
            d = good;
            d.labels[180000] = -1;
            d.labels[100001] = 12;
            EXPECT_EQ(call(d, method, threads, &message), TQ_ERR_INVALID_LABEL);
            EXPECT_NE(message.find("labels[100001] = 12"), std::string::npos) << message;
        }
    }
}

// Above 2^21 tokens with token scores kept, labels and probabilities are validated before
// the pass (no scratch for the token scores): the same errors, nothing written, and the
// same scores as with token_scores = NULL (which still takes the one-pass path).
TEST(CheckedScores, LargeInputsWithTokenScoresValidateFirst) {
    const Data<float> good = make_data<float>((int64_t{1} << 21) + 1000, 2, 9, false);
    std::string message;
    Data<float> d = good;
    d.probs[7] = -1.0f;
    d.labels[2000000] = 5;
    EXPECT_EQ(call(d, TQ_NORMALIZED_MARGIN, 2, &message), TQ_ERR_INVALID_LABEL);
    EXPECT_NE(message.find("labels[2000000] = 5"), std::string::npos) << message;
    d = good;
    d.probs[2 * 2000000 + 1] = std::numeric_limits<float>::quiet_NaN();
    EXPECT_EQ(call(d, TQ_SELF_CONFIDENCE, 1, &message), TQ_ERR_INVALID_PROBABILITY);
    EXPECT_NE(message.find("pred_probs[2000000][1] is NaN"), std::string::npos) << message;

    tq_score_options options;
    tq_score_options_init(&options);
    options.token_method = TQ_NORMALIZED_MARGIN;
    options.sentence_method = TQ_SOFTMIN;
    std::vector<double> with(static_cast<size_t>(good.n_sentences())),
        without(static_cast<size_t>(good.n_sentences())), tokens(static_cast<size_t>(good.n_tokens()));
    ASSERT_EQ(tq_label_quality_scores_f32(good.offsets.data(), good.n_sentences(), good.labels.data(),
                                          good.probs.data(), good.n_tokens(), 2, &options,
                                          with.data(), tokens.data()),
              TQ_OK);
    ASSERT_EQ(tq_label_quality_scores_f32(good.offsets.data(), good.n_sentences(), good.labels.data(),
                                          good.probs.data(), good.n_tokens(), 2, &options,
                                          without.data(), nullptr),
              TQ_OK);
    EXPECT_EQ(with, without);
    for (int64_t t = 0; t < good.n_tokens(); t += 9973)
        EXPECT_EQ(tokens[static_cast<size_t>(t)],
                  tq::normalized_margin(good.probs.data() + 2 * t, 2, good.labels[static_cast<size_t>(t)]));
}

}  // namespace
