// The vectorized softmin (src/softmin_simd.cpp), the one implementation behind both
// tq_label_quality_scores_* and tq_sentence_scores_from_token_scores: each sentence's bits
// depend on its own scores only (any grouping, thread count or buffer alignment gives the
// same bits), it stays within 1e-14 of a long-double libm softmin, and it keeps the
// documented limits (0 = min, +inf = mean, (0, 1e-6) acts as 1e-6, no overflow, clamped).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "sentence_scores.hpp"
#include "simd_targets.hpp"
#include "test_util.hpp"

using namespace tqtest;

namespace {

// Bit-for-bit equality (EXPECT_EQ on doubles would accept -0.0 == 0.0).
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

struct Sentences {
    std::vector<int64_t> offsets{0};
    std::vector<double> scores;
};

// Sentences of 1 .. max_len scores in [-1e-6, 1 + 1e-6], some with repeated or extreme
// values, so that every vector width sees full vectors and tails.
Sentences random_sentences(uint64_t seed, int64_t n_sentences, int64_t max_len) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int64_t> len(1, max_len);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Sentences s;
    for (int64_t i = 0; i < n_sentences; ++i) {
        const int64_t n = len(rng);
        for (int64_t j = 0; j < n; ++j) {
            const double r = u(rng);
            s.scores.push_back(r < 0.05 ? -1e-6 : (r > 0.95 ? 1.0 + 1e-6 : u(rng)));
        }
        s.offsets.push_back(static_cast<int64_t>(s.scores.size()));
    }
    return s;
}

// cleanlab's formula in long double with libm's expl: the reference.
double reference_softmin(const double *s, int64_t n, double temperature) {
    const long double t = temperature > 1e-6 ? temperature : 1e-6;
    double low = s[0];
    for (int64_t i = 1; i < n; ++i) low = std::fmin(low, s[i]);
    long double weights = 0, weighted = 0;
    for (int64_t i = 0; i < n; ++i) {
        const long double w = std::exp((1.0L - s[i]) / t - (1.0L - low) / t);
        weights += w;
        weighted += s[i] * w;
    }
    return static_cast<double>(weighted / weights);
}

const double kTemperatures[] = {1e-9, 1e-6, 1e-3, 0.05, 0.5, 1.0, 7.0, 1e6, 1e300};

}  // namespace

// Sentences up to 40 tokens, and up to 150 (many vectors per sentence).
TEST(Softmin, EachSentenceDependsOnItsOwnScoresOnly) {
  tqtest::for_each_simd_target([] {
   for (int64_t max_len : {40, 150}) {
    const Sentences s = random_sentences(3, 3000, max_len);
    const int64_t n = static_cast<int64_t>(s.offsets.size()) - 1;
    std::mt19937_64 rng(5);
    for (double t : kTemperatures) {
        std::vector<double> whole(static_cast<size_t>(n));
        tq::sentences_softmin(s.scores.data(), s.offsets.data(), n, t, whole.data());
        // One sentence at a time, copied behind 0 .. 7 leading doubles (any alignment).
        for (int64_t i = 0; i < n; ++i) {
            const int64_t b = s.offsets[static_cast<size_t>(i)];
            const int64_t len = s.offsets[static_cast<size_t>(i) + 1] - b;
            const size_t pad = static_cast<size_t>(i % 8);
            std::vector<double> copy(pad, 0.5);
            copy.insert(copy.end(), s.scores.begin() + b, s.scores.begin() + b + len);
            const double one = tq::sentence_softmin(copy.data() + pad, len, t);
            ASSERT_TRUE(same_bits(whole[static_cast<size_t>(i)], one))
                << "T " << t << " sentence " << i << " length " << len;
        }
        // Random groups of consecutive sentences, as the full call's groups and threads.
        std::vector<double> grouped(static_cast<size_t>(n), kSentinel);
        std::uniform_int_distribution<int64_t> group(1, 50);
        for (int64_t first = 0; first < n;) {
            const int64_t last = std::min(n, first + group(rng));
            tq::sentences_softmin(s.scores.data() + s.offsets[static_cast<size_t>(first)],
                                  s.offsets.data() + first, last - first, t,
                                  grouped.data() + first);
            first = last;
        }
        for (int64_t i = 0; i < n; ++i)
            ASSERT_TRUE(same_bits(whole[static_cast<size_t>(i)], grouped[static_cast<size_t>(i)]))
                << "T " << t << " sentence " << i;
    }
   }
  });
}

TEST(Softmin, SameBitsForEveryThreadCountAndBothEntryPoints) {
    // Over 3 x 32768 tokens, so that 1, 2 and 3 threads split the sentences differently.
    const Data d = make_random_data(17, 12000, 5, 30);
    for (int32_t m : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN, TQ_CONFIDENCE_WEIGHTED_ENTROPY}) {
        for (double t : {1e-7, 0.05, 1.0}) {
            std::vector<double> first_s, first_t;
            for (int32_t threads : {1, 2, 3}) {
                const tq_score_options o = score_options(m, TQ_SOFTMIN, t, threads);
                std::vector<double> s(static_cast<size_t>(d.n_sentences()));
                std::vector<double> tok(static_cast<size_t>(d.n_tokens()));
                ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(
                                     d.offsets.data(), d.n_sentences(), d.labels.data(),
                                     d.probs.data(), d.n_tokens(), d.n_classes, &o, s.data(),
                                     tok.data()))
                    << tq_last_error_message();
                if (threads == 1) {
                    first_s = s;
                    first_t = tok;
                }
                std::vector<double> agg(s.size(), kSentinel);
                ASSERT_EQ(TQ_OK, tq_sentence_scores_from_token_scores(
                                     d.offsets.data(), d.n_sentences(), first_t.data(),
                                     d.n_tokens(), &o, agg.data()));
                for (size_t i = 0; i < s.size(); ++i) {
                    ASSERT_TRUE(same_bits(first_s[i], s[i]))
                        << "method " << m << " T " << t << " threads " << threads << " sentence " << i;
                    ASSERT_TRUE(same_bits(first_s[i], agg[i]))
                        << "method " << m << " T " << t << " threads " << threads << " sentence " << i;
                }
            }
        }
    }
}

TEST(Softmin, WithinTinyDistanceOfALongDoubleReference) {
  tqtest::for_each_simd_target([] {
    const Sentences s = random_sentences(9, 2000, 70);
    const int64_t n = static_cast<int64_t>(s.offsets.size()) - 1;
    for (double t : kTemperatures) {
        std::vector<double> got(static_cast<size_t>(n));
        tq::sentences_softmin(s.scores.data(), s.offsets.data(), n, t, got.data());
        for (int64_t i = 0; i < n; ++i) {
            const int64_t b = s.offsets[static_cast<size_t>(i)];
            const int64_t len = s.offsets[static_cast<size_t>(i) + 1] - b;
            EXPECT_NEAR(reference_softmin(s.scores.data() + b, len, t),
                        got[static_cast<size_t>(i)], 1e-14)
                << "T " << t << " sentence " << i << " length " << len;
        }
    }
  });
}

TEST(Softmin, KeepsTheDocumentedLimits) {
    const Sentences s = random_sentences(21, 500, 25);
    const int64_t n = static_cast<int64_t>(s.offsets.size()) - 1;
    const double inf = std::numeric_limits<double>::infinity();
    for (int64_t i = 0; i < n; ++i) {
        const double *x = s.scores.data() + s.offsets[static_cast<size_t>(i)];
        const int64_t len = s.offsets[static_cast<size_t>(i) + 1] - s.offsets[static_cast<size_t>(i)];
        double low = x[0], high = x[0];
        for (int64_t j = 1; j < len; ++j) {
            low = std::fmin(low, x[j]);
            high = std::fmax(high, x[j]);
        }
        EXPECT_TRUE(same_bits(tq::sentence_min(x, len), tq::sentence_softmin(x, len, 0.0)));
        EXPECT_TRUE(same_bits(tq::sentence_mean(x, len), tq::sentence_softmin(x, len, inf)));
        EXPECT_TRUE(same_bits(tq::sentence_softmin(x, len, 1e-6),
                              tq::sentence_softmin(x, len, 1e-12)));
        for (double t : kTemperatures) {
            const double v = tq::sentence_softmin(x, len, t);
            EXPECT_TRUE(v >= low && v <= high) << "T " << t << " sentence " << i << ": " << v;
        }
    }
    // Scores 1e-6 apart at the smallest temperature: exponents up to 1e6 would overflow
    // without the shift; the minimum dominates.
    const std::vector<double> far = {1.0 + 1e-6, -1e-6, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0};
    EXPECT_EQ(-1e-6, tq::sentence_softmin(far.data(), static_cast<int64_t>(far.size()), 1e-6));
    const std::vector<double> equal(13, 0.25);
    EXPECT_EQ(0.25, tq::sentence_softmin(equal.data(), 13, 0.05));
}
