// The vectorized block kernels (src/token_scores_simd.hpp) against the scalar per-row
// kernels of src/token_scores.hpp: the margin bitwise, the entropy method within a few
// ULP; and every token's score independent of where its block starts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>


#include "token_scores.hpp"
#include "token_scores_simd.hpp"
#include "simd_targets.hpp"

namespace {

using tqtest::for_each_simd_target;

template <class T>
struct Rows {
    std::vector<T> probs;
    std::vector<int32_t> labels;
    int64_t n_rows = 0, n_classes = 0;
};

// Random softmax-like rows, with exact zeros, ones (one-hot rows), ties and, for the
// margin, slightly negative values (cleanlab's tolerance) mixed in.
template <class T>
Rows<T> random_rows(int64_t n_rows, int64_t n_classes, uint32_t seed, bool allow_negative) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    Rows<T> rows;
    rows.n_rows = n_rows;
    rows.n_classes = n_classes;
    rows.probs.resize(static_cast<size_t>(n_rows * n_classes));
    rows.labels.resize(static_cast<size_t>(n_rows));
    for (int64_t r = 0; r < n_rows; ++r) {
        T *row = rows.probs.data() + r * n_classes;
        const int kind = static_cast<int>(rng() % 6);
        double total = 0.0;
        for (int64_t k = 0; k < n_classes; ++k) {
            const double u = uniform(rng);
            row[k] = static_cast<T>(kind == 0 && u < 0.3 ? 0.0 : std::pow(u, 6.0));
            total += static_cast<double>(row[k]);
        }
        for (int64_t k = 0; k < n_classes; ++k)
            row[k] = total > 0 ? static_cast<T>(static_cast<double>(row[k]) / total) : T(0);
        if (kind == 1) {  // one-hot
            for (int64_t k = 0; k < n_classes; ++k) row[k] = 0;
            row[rng() % n_classes] = 1;
        }
        if (kind == 2) row[0] = row[n_classes - 1];  // a tie
        if (kind == 3) {                               // nearly one-hot
            for (int64_t k = 0; k < n_classes; ++k) row[k] = static_cast<T>(1e-14);
            row[rng() % n_classes] = static_cast<T>(1.0 - 1e-12);
        }
        if (allow_negative && kind == 4) row[rng() % n_classes] = static_cast<T>(-5e-7);
        rows.labels[static_cast<size_t>(r)] = static_cast<int32_t>(rng() % n_classes);
    }
    return rows;
}

template <class T>
void expect_margin_bitwise(int64_t n_rows, int64_t n_classes, uint32_t seed) {
    const Rows<T> rows = random_rows<T>(n_rows, n_classes, seed, true);
    std::vector<double> out(static_cast<size_t>(n_rows));
    tq::normalized_margin_rows(rows.probs.data(), rows.labels.data(), n_rows, n_classes, out.data());
    for (int64_t r = 0; r < n_rows; ++r)
        ASSERT_EQ(out[static_cast<size_t>(r)],
                  tq::normalized_margin(rows.probs.data() + r * n_classes, n_classes,
                                        rows.labels[static_cast<size_t>(r)]))
            << "row " << r << ", K = " << n_classes;
}

TEST(TokenScoresSimd, NormalizedMarginIsBitwiseTheScalarKernel) {
    for_each_simd_target([] {
        for (int64_t k : {2, 3, 9, 17, 64, 300}) {
            expect_margin_bitwise<float>(1000 + k, k, static_cast<uint32_t>(k));
            expect_margin_bitwise<double>(1000 + k, k, static_cast<uint32_t>(k) + 1);
        }
    });
}


template <class T>
void expect_entropy_close(int64_t n_rows, int64_t n_classes, uint32_t seed) {
    const Rows<T> rows = random_rows<T>(n_rows, n_classes, seed, false);
    std::vector<double> out(static_cast<size_t>(n_rows));
    tq::confidence_weighted_entropy_rows(rows.probs.data(), rows.labels.data(), n_rows, n_classes,
                                         out.data());
    const double log_n_classes = std::log(static_cast<double>(n_classes));
    for (int64_t r = 0; r < n_rows; ++r) {
        const T *row = rows.probs.data() + r * n_classes;
        const double expected = tq::confidence_weighted_entropy(
            row, n_classes, rows.labels[static_cast<size_t>(r)], log_n_classes);
        const double got = out[static_cast<size_t>(r)];
        // Highway's log is within 4 ULP; the score is within a few 1e-16 relative.
        ASSERT_NEAR(got, expected, 1e-14 * std::fabs(expected) + 1e-300)
            << "row " << r << ", K = " << n_classes;
        bool one_hot = true;
        for (int64_t k = 0; k < n_classes; ++k) one_hot &= row[k] == T(0) || row[k] == T(1);
        if (one_hot) {
            ASSERT_EQ(got, 0.0) << "one-hot row " << r;  // log(1) must be exactly 0
        }
    }
}

// Class counts around the kernel's piece layout: pieces of whole rows, 8 at a time, up to
// K = 128 (K = 100 and 128: one group of 8 rows a piece); K = 129 and 1500 take the path
// whose rows span the 1024-value pieces.
constexpr int64_t kEntropyClassCounts[] = {2, 3, 9, 17, 64, 100, 128, 129, 1500};

TEST(TokenScoresSimd, ConfidenceWeightedEntropyMatchesTheScalarKernel) {
    for_each_simd_target([] {
        for (int64_t k : kEntropyClassCounts) {
            const int64_t n_rows = k > 128 ? 50 : 700 + k;  // fewer long rows (sanitizer builds)
            expect_entropy_close<float>(n_rows, k, static_cast<uint32_t>(k) + 7);
            expect_entropy_close<double>(n_rows, k, static_cast<uint32_t>(k) + 8);
        }
    });
}

// The checking kernel: the unchecked kernel's bits when every value is in range, and false
// for one bad value (NaN, infinite, below or above the range) wherever it is.
template <class T>
void expect_checked_entropy(int64_t n_rows, int64_t n_classes, uint32_t seed) {
    Rows<T> rows = random_rows<T>(n_rows, n_classes, seed, false);
    const size_t n = static_cast<size_t>(n_rows);
    std::vector<double> plain(n), checked(n);
    tq::confidence_weighted_entropy_rows(rows.probs.data(), rows.labels.data(), n_rows, n_classes,
                                         plain.data());
    ASSERT_TRUE(tq::checked_confidence_weighted_entropy_rows(rows.probs.data(), rows.labels.data(),
                                                             n_rows, n_classes, T(0), T(1),
                                                             checked.data()));
    for (size_t r = 0; r < n; ++r) ASSERT_EQ(plain[r], checked[r]) << "row " << r;
    const T bad_values[] = {std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::infinity(),
                            T(-0.25), T(1.5)};
    std::mt19937 rng(seed);
    const size_t n_values = rows.probs.size();
    for (size_t i = 0; i < n_values; i += 1 + rng() % (n_values / 16 + 1)) {
        for (T bad : bad_values) {
            const T saved = rows.probs[i];
            rows.probs[i] = bad;
            EXPECT_FALSE(tq::checked_confidence_weighted_entropy_rows(
                rows.probs.data(), rows.labels.data(), n_rows, n_classes, T(0), T(1),
                checked.data()))
                << "value " << i << " = " << bad << ", K = " << n_classes;
            rows.probs[i] = saved;
        }
    }
    // The last value too (the padded tail).
    rows.probs[n_values - 1] = T(2);
    EXPECT_FALSE(tq::checked_confidence_weighted_entropy_rows(
        rows.probs.data(), rows.labels.data(), n_rows, n_classes, T(0), T(1), checked.data()));
}

TEST(TokenScoresSimd, CheckedConfidenceWeightedEntropy) {
    for_each_simd_target([] {
        for (int64_t k : {2, 9, 17, 128, 129}) {
            const int64_t n_rows = k > 128 ? 9 : 37 + k % 5;  // a few pieces each
            expect_checked_entropy<float>(n_rows, k, static_cast<uint32_t>(k) + 3);
            expect_checked_entropy<double>(n_rows, k, static_cast<uint32_t>(k) + 4);
        }
    });
}

TEST(TokenScoresSimd, ConfidenceWeightedEntropyHandlesSubnormalDoubles) {
    const double tiny = std::numeric_limits<double>::denorm_min() * 12345.0;
    const std::vector<double> probs = {1.0 - tiny, tiny, 0.5, 0.5 - tiny, tiny, 0.0};
    const std::vector<int32_t> labels = {1, 2};
    std::vector<double> out(2);
    tq::confidence_weighted_entropy_rows(probs.data(), labels.data(), 2, 3, out.data());
    const double log3 = std::log(3.0);
    EXPECT_NEAR(out[0], tq::confidence_weighted_entropy(probs.data(), 3, 1, log3), 1e-15);
    EXPECT_NEAR(out[1], tq::confidence_weighted_entropy(probs.data() + 3, 3, 2, log3), 1e-15);
}

// What n_threads changes: where a block of tokens starts and ends. No score may change.
template <class T>
void expect_block_independent(int32_t method, int64_t n_classes) {
    const int64_t n = 3000;
    const Rows<T> rows = random_rows<T>(n, n_classes, 99, method != TQ_CONFIDENCE_WEIGHTED_ENTROPY);
    std::vector<double> whole(static_cast<size_t>(n)), pieces(static_cast<size_t>(n));
    tq::score_tokens(method, rows.labels.data(), rows.probs.data(), n_classes, 0, n, whole.data());
    for (int64_t step : {1, 3, 7, 13, 101, 1023}) {
        for (int64_t begin = 0; begin < n; begin += step) {
            const int64_t end = std::min(n, begin + step);
            tq::score_tokens(method, rows.labels.data(), rows.probs.data(), n_classes, begin, end,
                             pieces.data() + begin);
        }
        for (int64_t t = 0; t < n; ++t)
            ASSERT_EQ(pieces[static_cast<size_t>(t)], whole[static_cast<size_t>(t)])
                << "method " << method << ", K = " << n_classes << ", blocks of " << step
                << ", token " << t;
    }
}

TEST(TokenScoresSimd, ScoresDoNotDependOnBlockBoundaries) {
    for (int32_t method : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN, TQ_CONFIDENCE_WEIGHTED_ENTROPY})
        for (int64_t k : {2, 9, 130}) {
            expect_block_independent<float>(method, k);
            expect_block_independent<double>(method, k);
        }
}

}  // namespace
