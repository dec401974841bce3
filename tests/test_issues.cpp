// Issues from scores: cleanlab's docstring examples, ties, and the cases cleanlab fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "issues_simd.hpp"
#include "simd_targets.hpp"
#include "test_util.hpp"

using namespace tqtest;

namespace {

std::vector<int64_t> sentence_issues(const std::vector<double> &scores, double threshold) {
    std::vector<int64_t> out(scores.size(), kSentinelIndex);
    int64_t count = -1;
    EXPECT_EQ(TQ_OK, tq_issues_from_sentence_scores(scores.data(),
                                                    static_cast<int64_t>(scores.size()),
                                                    threshold, out.data(), &count))
        << tq_last_error_message();
    out.resize(static_cast<size_t>(count));
    return out;
}

std::vector<std::pair<int64_t, int64_t>> token_issues(
    const std::vector<std::vector<double>> &nested, double threshold) {
    std::vector<int64_t> offsets{0};
    std::vector<double> flat;
    for (const auto &s : nested) {
        flat.insert(flat.end(), s.begin(), s.end());
        offsets.push_back(static_cast<int64_t>(flat.size()));
    }
    std::vector<int64_t> si(flat.size()), ti(flat.size());
    int64_t count = -1;
    EXPECT_EQ(TQ_OK, tq_issues_from_token_scores(offsets.data(),
                                                 static_cast<int64_t>(nested.size()),
                                                 flat.data(), static_cast<int64_t>(flat.size()),
                                                 threshold, si.data(), ti.data(), &count))
        << tq_last_error_message();
    std::vector<std::pair<int64_t, int64_t>> out;
    for (int64_t k = 0; k < count; ++k) out.emplace_back(si[k], ti[k]);
    return out;
}

const std::vector<double> kDocSentenceScores{0.1, 0.3, 0.6, 0.2,    0.05,
                                             0.9, 0.8, 0.0125, 0.5, 0.6};

}  // namespace

TEST(Issues, SentenceDocstringExamples) {
    EXPECT_EQ((std::vector<int64_t>{7, 4}), sentence_issues(kDocSentenceScores, 0.1));
    EXPECT_EQ((std::vector<int64_t>{7, 4, 0, 3, 1}), sentence_issues(kDocSentenceScores, 0.5));
}

TEST(Issues, TokenDocstringExample) {
    const std::vector<std::vector<double>> token_scores{
        {0.9, 0.6},           {0.0, 0.8, 0.8},       {0.8, 0.8},
        {0.1, 0.02, 0.3, 0.4}, {0.1, 0.2, 0.03, 0.4}, {0.1, 0.2, 0.3, 0.04},
        {0.1, 0.2, 0.4},       {0.3, 0.4},            {0.08, 0.2, 0.5, 0.4},
        {0.1, 0.2, 0.3, 0.4}};
    const std::vector<std::pair<int64_t, int64_t>> expected{
        {1, 0}, {3, 1}, {4, 2}, {5, 3}, {8, 0}};
    EXPECT_EQ(expected, token_issues(token_scores, 0.1));
}

TEST(Issues, StrictlyBelowThreshold) {
    EXPECT_EQ((std::vector<int64_t>{0}), sentence_issues({0.1, 0.2}, 0.2));
    EXPECT_TRUE(sentence_issues({0.1, 0.2}, 0.1).empty());
}

TEST(Issues, TiesFallByPosition) {
    EXPECT_EQ((std::vector<int64_t>{1, 3, 0, 2, 4}),
              sentence_issues({0.5, 0.2, 0.5, 0.2, 0.5}, 1.0));
    // -0.0 and 0.0 tie, too.
    EXPECT_EQ((std::vector<int64_t>{0, 1}), sentence_issues({0.0, -0.0}, 0.5));
    const std::vector<std::pair<int64_t, int64_t>> expected{{0, 1}, {1, 0}, {1, 1}, {0, 0}};
    EXPECT_EQ(expected, token_issues({{0.3, 0.1}, {0.1, 0.1}}, 0.5));
}

TEST(Issues, EverySentenceBelowThreshold) {
    // cleanlab raises IndexError here; tokqual returns every sentence.
    EXPECT_EQ((std::vector<int64_t>{1, 2, 0}), sentence_issues({0.5, 0.1, 0.3}, 1.5));
}

TEST(Issues, EmptyInputs) {
    int64_t count = -1;
    EXPECT_EQ(TQ_OK, tq_issues_from_sentence_scores(nullptr, 0, 0.1, nullptr, &count));
    EXPECT_EQ(0, count);
    count = -1;
    int64_t offsets[1] = {0};
    EXPECT_EQ(TQ_OK,
              tq_issues_from_token_scores(offsets, 0, nullptr, 0, 0.1, nullptr, nullptr, &count));
    EXPECT_EQ(0, count);
}

TEST(Issues, InfiniteScoresAndThresholds) {
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ((std::vector<int64_t>{1, 0}), sentence_issues({0.2, -inf}, inf));
    EXPECT_TRUE(sentence_issues({0.2, 0.1}, -inf).empty());
}

TEST(Issues, OnlyFirstCountEntriesWritten) {
    std::vector<int64_t> out(3, kSentinelIndex);
    int64_t count = -1;
    const double scores[3] = {0.9, 0.01, 0.9};
    ASSERT_EQ(TQ_OK, tq_issues_from_sentence_scores(scores, 3, 0.1, out.data(), &count));
    EXPECT_EQ(1, count);
    EXPECT_EQ(1, out[0]);
    EXPECT_EQ(kSentinelIndex, out[1]);
    EXPECT_EQ(kSentinelIndex, out[2]);
}

// Against the plain definition (sort (score, index) pairs; -0 equal to +0), on random
// scores drawn from a few values (many ties), with -0, +0 and infinities, sentences of
// 1 to 20 tokens, and sizes around the vector widths of the scan.
TEST(Issues, RandomScoresMatchSortingPairs) {
    std::mt19937 rng(17);
    const double inf = std::numeric_limits<double>::infinity();
    const double pool[] = {0.0, -0.0, 0.05, 0.05, 0.1, 0.3, 0.7, 1.0, -inf, inf, 0.099999};
    for (int64_t n : {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000}) {
        for (double threshold : {0.1, 0.0, 1.0, inf, -inf}) {
            std::vector<std::vector<double>> nested;
            std::vector<double> flat;
            while (static_cast<int64_t>(flat.size()) < n) {
                std::vector<double> sentence(std::min<size_t>(1 + rng() % 20, n - flat.size()));
                for (double &x : sentence) x = pool[rng() % (sizeof pool / sizeof pool[0])];
                flat.insert(flat.end(), sentence.begin(), sentence.end());
                nested.push_back(sentence);
            }
            std::vector<std::pair<double, int64_t>> pairs;
            for (size_t i = 0; i < flat.size(); ++i)
                if (flat[i] < threshold) pairs.emplace_back(flat[i] == 0.0 ? 0.0 : flat[i], i);
            std::stable_sort(pairs.begin(), pairs.end(),
                             [](const auto &a, const auto &b) { return a.first < b.first; });
            // Sentences: the flat scores as one score per sentence.
            std::vector<int64_t> expected_sentences;
            for (const auto &p : pairs) expected_sentences.push_back(p.second);
            EXPECT_EQ(expected_sentences, sentence_issues(flat, threshold)) << "n = " << n;
            // Tokens: (sentence, place) of each flat index, in the same order.
            std::vector<std::pair<int64_t, int64_t>> expected_tokens;
            for (const auto &p : pairs) {
                int64_t s = 0, start = 0;
                while (start + static_cast<int64_t>(nested[s].size()) <= p.second)
                    start += static_cast<int64_t>(nested[s++].size());
                expected_tokens.emplace_back(s, p.second - start);
            }
            EXPECT_EQ(expected_tokens, token_issues(nested, threshold)) << "n = " << n;
        }
    }
}

// A NaN anywhere is reported at its index, and nothing is written.
TEST(Issues, FirstNaNIsReportedAndNothingWritten) {
    for (int64_t at : {0, 5, 8, 31, 32, 63, 99}) {
        std::vector<double> scores(100, 0.05);
        scores[static_cast<size_t>(at)] = std::numeric_limits<double>::quiet_NaN();
        scores[99 - static_cast<size_t>(at) / 2] = std::numeric_limits<double>::quiet_NaN();
        const int64_t first = std::min<int64_t>(at, 99 - at / 2);
        std::vector<int64_t> out(100, kSentinelIndex), places(100, kSentinelIndex);
        int64_t count = -7;
        EXPECT_EQ(TQ_ERR_INVALID_VALUE,
                  tq_issues_from_sentence_scores(scores.data(), 100, 0.1, out.data(), &count));
        EXPECT_NE(std::string(tq_last_error_message()).find("sentence_scores[" + std::to_string(first) + "] is NaN"),
                  std::string::npos)
            << tq_last_error_message();
        const int64_t offsets[2] = {0, 100};
        EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_issues_from_token_scores(offsets, 1, scores.data(), 100, 0.1,
                                                                    out.data(), places.data(), &count));
        EXPECT_NE(std::string(tq_last_error_message()).find("token_scores[" + std::to_string(first) + "] is NaN"),
                  std::string::npos)
            << tq_last_error_message();
        EXPECT_EQ(-7, count);
        for (size_t i = 0; i < 100; ++i) ASSERT_EQ(kSentinelIndex, out[i]);
        for (size_t i = 0; i < 100; ++i) ASSERT_EQ(kSentinelIndex, places[i]);
    }
}

// The scan itself on every SIMD target (the C calls above run the CPU's best one; vqsort
// cannot be forced to the others): random scores with ties, -0, infinities and a few NaN,
// every length up to 200 and every alignment, against a plain loop.
TEST(Issues, ListBelowOnEveryTarget) {
    tqtest::for_each_simd_target([] {
        std::mt19937 rng(5);
        const double inf = std::numeric_limits<double>::infinity();
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double pool[] = {0.0, -0.0, 0.05, 0.1, 0.3, 1.0, -inf, inf, 0.099999};
        std::vector<double> buffer(260);
        for (int64_t n = 0; n <= 200; ++n) {
            for (int variant = 0; variant < 3; ++variant) {
                const size_t shift = static_cast<size_t>(rng() % 8);
                double *scores = buffer.data() + shift;
                for (int64_t i = 0; i < n; ++i) scores[i] = pool[rng() % (sizeof pool / sizeof pool[0])];
                const bool with_nan = variant == 2 && n > 0;
                if (with_nan) scores[rng() % static_cast<size_t>(n)] = nan;
                std::vector<double> values(static_cast<size_t>(n)), expected_values;
                std::vector<int64_t> indices(static_cast<size_t>(n)), expected_indices;
                for (int64_t i = 0; i < n; ++i)
                    if (scores[i] < 0.1) {
                        expected_values.push_back(scores[i]);
                        expected_indices.push_back(i);
                    }
                bool any_nan = false;
                const int64_t m = tq::list_below(scores, n, 0.1, values.data(), indices.data(), &any_nan);
                if (with_nan) {
                    EXPECT_TRUE(any_nan) << "n = " << n;
                    continue;  // the call fails then: the list does not matter
                }
                ASSERT_EQ(static_cast<int64_t>(expected_indices.size()), m) << "n = " << n;
                values.resize(static_cast<size_t>(m));
                indices.resize(static_cast<size_t>(m));
                EXPECT_EQ(expected_indices, indices) << "n = " << n;
                for (int64_t k = 0; k < m; ++k)  // bitwise: -0 stays -0
                    ASSERT_EQ(std::signbit(expected_values[static_cast<size_t>(k)]),
                              std::signbit(values[static_cast<size_t>(k)]));
                EXPECT_EQ(expected_values, values) << "n = " << n;
            }
        }
    });
}

// Each issue's sentence on every SIMD target: sentences of 0 to 12 tokens (empty ones
// included), issues at random tokens, including the last sentences and long jumps.
TEST(Issues, SentencesOfOnEveryTarget) {
    tqtest::for_each_simd_target([] {
        std::mt19937 rng(11);
        for (int64_t n_sentences : {1, 2, 3, 7, 8, 9, 16, 17, 100, 1000}) {
            std::vector<int64_t> offsets{0};
            for (int64_t i = 0; i < n_sentences; ++i)
                offsets.push_back(offsets.back() + static_cast<int64_t>(rng() % 13));
            if (offsets.back() == 0) offsets.back() = 1;  // at least one token
            const int64_t n_tokens = offsets.back();
            for (int density : {1, 5, 50, 100}) {
                std::vector<int64_t> tokens, expected;
                int64_t s = 0;
                for (int64_t t = 0; t < n_tokens; ++t) {
                    if (static_cast<int>(rng() % 100) >= density && t != n_tokens - 1) continue;
                    tokens.push_back(t);
                    while (offsets[static_cast<size_t>(s) + 1] <= t) ++s;
                    expected.push_back(s);
                }
                std::vector<int64_t> got(tokens.size());
                tq::sentences_of(tokens.data(), static_cast<int64_t>(tokens.size()), offsets.data(),
                                 n_sentences, got.data());
                EXPECT_EQ(expected, got) << n_sentences << " sentences, density " << density;
            }
        }
    });
}
