// The contiguous-load kernel of confident learning's first read (own_and_runner_up in
// src/token_facts.hpp) against a plain loop, on every Highway target this CPU runs: exact
// own probabilities and runner-ups, and every bad value found wherever it lies (a row's
// vector, the lanes a load reads past its row, the scalar rows at the end); and the
// scatter of values by label (scatter_by_label) against out[slot[label]++] = value.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>


#include "token_facts.hpp"
#include "simd_targets.hpp"

namespace {

using tqtest::for_each_simd_target;

// Rows of random probabilities with ties, exact zeros, -0.0 and slightly negative values.
template <class T>
void random_rows(int64_t n_rows, int64_t n_classes, uint32_t seed, std::vector<T> &probs,
                 std::vector<int32_t> &labels) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    probs.resize(static_cast<size_t>(n_rows * n_classes));
    labels.resize(static_cast<size_t>(n_rows));
    for (size_t i = 0; i < probs.size(); ++i) {
        const unsigned kind = rng() % 8;
        probs[i] = kind == 0 ? T(0) : kind == 1 ? -T(0) : kind == 2 ? static_cast<T>(-5e-7)
                                                                     : static_cast<T>(uniform(rng));
        if (kind == 3 && i > 0) probs[i] = probs[i - 1];  // a tie
    }
    for (int32_t &y : labels) y = static_cast<int32_t>(rng() % static_cast<uint32_t>(n_classes));
}

template <class T>
void expect_exact(int64_t n_rows, int64_t n_classes, uint32_t seed) {
    std::vector<T> probs;
    std::vector<int32_t> labels;
    random_rows(n_rows, n_classes, seed, probs, labels);
    const T low = tq::lowest_at_least<T>(-1e-6), high = tq::highest_at_most<T>(1.0 + 1e-6);
    const size_t n = static_cast<size_t>(n_rows);
    std::vector<T> own(n), runner_up(n);
    ASSERT_FALSE(tq::own_and_runner_up(probs.data(), labels.data(), n_rows, n_classes, low, high,
                                       own.data(), runner_up.data()));
    for (size_t r = 0; r < n; ++r) {
        const T *row = probs.data() + r * static_cast<size_t>(n_classes);
        const int32_t y = labels[r];
        T best = -std::numeric_limits<T>::infinity();
        for (int64_t k = 0; k < n_classes; ++k)
            if (k != y) best = std::max(best, row[k]);
        ASSERT_EQ(row[y], own[r]) << "row " << r << ", K = " << n_classes;
        ASSERT_EQ(best, runner_up[r]) << "row " << r << ", K = " << n_classes;
    }
}

// A bad value at every position of a small block, one at a time.
template <class T>
void expect_every_bad_value_found(int64_t n_rows, int64_t n_classes) {
    std::vector<T> probs;
    std::vector<int32_t> labels;
    random_rows(n_rows, n_classes, 7, probs, labels);
    for (T &p : probs) p = std::max(p, T(0));
    const T low = tq::lowest_at_least<T>(-1e-6), high = tq::highest_at_most<T>(1.0 + 1e-6);
    std::vector<T> own(static_cast<size_t>(n_rows)), runner_up(own.size());
    const T bad_values[] = {std::numeric_limits<T>::quiet_NaN(), static_cast<T>(1.01),
                            static_cast<T>(-0.01), -std::numeric_limits<T>::infinity(),
                            std::numeric_limits<T>::infinity()};
    for (size_t at = 0; at < probs.size(); ++at)
        for (T bad : bad_values) {
            const T saved = probs[at];
            probs[at] = bad;
            ASSERT_TRUE(tq::own_and_runner_up(probs.data(), labels.data(), n_rows, n_classes, low,
                                              high, own.data(), runner_up.data()))
                << "value " << at << " = " << bad << ", K = " << n_classes;
            probs[at] = saved;
        }
    EXPECT_FALSE(tq::own_and_runner_up(probs.data(), labels.data(), n_rows, n_classes, low, high,
                                       own.data(), runner_up.data()));
}

TEST(TokenFacts, OwnAndRunnerUpIsExact) {
    for_each_simd_target([] {
        for (int64_t k : {1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 33, 50, 300}) {
            expect_exact<float>(1003 + k, k, static_cast<uint32_t>(k) + 3);
            expect_exact<double>(1003 + k, k, static_cast<uint32_t>(k) + 4);
        }
    });
}

TEST(TokenFacts, OwnAndRunnerUpFindsEveryBadValue) {
    for_each_simd_target([] {
        for (int64_t k : {1, 2, 5, 9, 16, 17, 40}) {
            expect_every_bad_value_found<float>(37, k);
            expect_every_bad_value_found<double>(37, k);
        }
    });
}

// scatter_by_label against the plain loop: every class's values in token order in its own
// region, and nothing written outside the slots filled (each region is followed by a gap
// of sentinels, and the last region ends at the buffer's end). Labels mostly class 0, as in
// an NER corpus, with runs and lone tokens of the others.
template <class T>
void expect_scatter_exact(int64_t n, int64_t n_classes, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<int32_t> labels(static_cast<size_t>(n));
    std::vector<T> values(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        labels[static_cast<size_t>(i)] =
            rng() % 4 == 0 ? static_cast<int32_t>(rng() % static_cast<uint32_t>(n_classes)) : 0;
        values[static_cast<size_t>(i)] = static_cast<T>(i) + static_cast<T>(0.5);
    }
    std::vector<int64_t> counts(static_cast<size_t>(n_classes), 0);
    for (int32_t y : labels) ++counts[static_cast<size_t>(y)];
    constexpr int64_t kGap = 3;
    std::vector<int64_t> slot(static_cast<size_t>(n_classes)), end(static_cast<size_t>(n_classes));
    int64_t position = 0;
    for (int64_t k = 0; k < n_classes; ++k) {
        slot[static_cast<size_t>(k)] = position;
        position += counts[static_cast<size_t>(k)];
        end[static_cast<size_t>(k)] = position;
        if (k + 1 < n_classes) position += kGap;
    }
    const T sentinel = static_cast<T>(-7);
    std::vector<T> expected(static_cast<size_t>(position), sentinel), out = expected;
    std::vector<int64_t> expected_slot = slot;
    for (int64_t i = 0; i < n; ++i)
        expected[static_cast<size_t>(expected_slot[static_cast<size_t>(labels[static_cast<size_t>(i)])]++)] =
            values[static_cast<size_t>(i)];
    // In pieces, as first_pass calls it per block, so that the slots carry over.
    for (int64_t at = 0; at < n;) {
        const int64_t piece = std::min<int64_t>(n - at, 1 + static_cast<int64_t>(rng() % 300));
        tq::scatter_by_label(labels.data() + at, values.data() + at, piece, n_classes, slot.data(),
                             out.data());
        at += piece;
    }
    EXPECT_EQ(expected_slot, slot);
    EXPECT_EQ(end, slot);
    ASSERT_EQ(expected, out) << "n = " << n << ", K = " << n_classes;
}

TEST(TokenFacts, ScatterByLabelIsExact) {
    for_each_simd_target([] {
        for (int64_t k : {1, 2, 3, 9, 15, 16, 17, 40}) {
            for (int64_t n : {0, 1, 3, 15, 16, 17, 33, 1000, 4099}) {
                expect_scatter_exact<float>(n, k, static_cast<uint32_t>(n * 100 + k));
                expect_scatter_exact<double>(n, k, static_cast<uint32_t>(n * 100 + k + 1));
            }
        }
    });
}

}  // namespace
