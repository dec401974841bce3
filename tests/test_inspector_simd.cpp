// The streaming inspector's vectorized kernels (src/inspector_simd.hpp) against plain loops,
// on every Highway target this CPU runs: exact own probabilities, settled flags and count
// keys (ties with the label's probability, -0.0, rows narrower and wider than one or two
// vectors, the scalar rows at the end), every bad value found wherever it lies, the places
// at most a bound and the places of zero flags, the streamed scores; fetching the next
// block's rows changes no result.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "inspector_simd.hpp"
#include "stream_simd.hpp"
#include "simd_targets.hpp"
#include "token_facts.hpp"

namespace {

using tqtest::for_each_simd_target;

// Rows of random probabilities with many ties (values from a small set), exact zeros, -0.0
// and slightly negative values, so that "another class reaches the label" is often decided
// by equality.
template <class T>
void random_rows(int64_t n_rows, int64_t n_classes, uint32_t seed, std::vector<T> &probs,
                 std::vector<int32_t> &labels) {
    std::mt19937 rng(seed);
    const T values[] = {T(0), -T(0), static_cast<T>(-5e-7), static_cast<T>(0.25),
                        static_cast<T>(0.5), static_cast<T>(0.1), T(1)};
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    probs.resize(static_cast<size_t>(n_rows * n_classes));
    labels.resize(static_cast<size_t>(n_rows));
    for (T &p : probs) p = rng() % 2 ? values[rng() % 7] : static_cast<T>(uniform(rng));
    for (int32_t &y : labels) y = static_cast<int32_t>(rng() % static_cast<uint32_t>(n_classes));
}

template <class T>
void expect_exact(int64_t n_rows, int64_t n_classes, uint32_t seed) {
    std::vector<T> probs;
    std::vector<int32_t> labels;
    random_rows(n_rows, n_classes, seed, probs, labels);
    const T low = tq::lowest_at_least<T>(-1e-6), high = tq::highest_at_most<T>(1.0 + 1e-6);
    const size_t n = static_cast<size_t>(n_rows);
    std::vector<T> own(n), own2(n), lowered(static_cast<size_t>(n_classes));
    for (T &l : lowered) l = static_cast<T>(0.25 * static_cast<double>(&l - lowered.data() + 1) / static_cast<double>(n_classes + 1));
    std::vector<uint8_t> settled(n, 7);
    std::vector<int32_t> keys(n, -1);
    ASSERT_FALSE(tq::checked_own(probs.data(), labels.data(), n_rows, n_classes, low, high, own.data()));
    ASSERT_FALSE(tq::checked_own_settled(probs.data(), labels.data(), n_rows, n_classes, low, high,
                                         lowered.data(), own2.data(), settled.data(), keys.data()));
    // The same with the next block's rows fetched (the whole set again, or part of it):
    // fetching changes nothing.
    for (int64_t n_next : {n_rows, n_rows / 2}) {
        std::vector<T> own3(n), own4(n);
        std::vector<uint8_t> settled2(n, 7);
        std::vector<int32_t> keys2(n, -1);
        ASSERT_FALSE(tq::checked_own(probs.data(), labels.data(), n_rows, n_classes, low, high,
                                     own3.data(), probs.data(), n_next));
        ASSERT_FALSE(tq::checked_own_settled(probs.data(), labels.data(), n_rows, n_classes, low,
                                             high, lowered.data(), own4.data(), settled2.data(),
                                             keys2.data(), probs.data(), n_next));
        ASSERT_EQ(own, own3);
        ASSERT_EQ(own2, own4);
        ASSERT_EQ(settled, settled2);
        ASSERT_EQ(keys, keys2);
    }
    for (size_t r = 0; r < n; ++r) {
        const T *row = probs.data() + r * static_cast<size_t>(n_classes);
        const int32_t y = labels[r];
        bool reached = false;
        for (int64_t k = 0; k < n_classes; ++k) reached |= k != y && row[k] >= row[y];
        ASSERT_EQ(row[y], own[r]) << "row " << r << ", K = " << n_classes;
        ASSERT_EQ(row[y], own2[r]) << "row " << r << ", K = " << n_classes;
        ASSERT_EQ(reached ? 0 : 1, settled[r]) << "row " << r << ", K = " << n_classes;
        const int32_t confident = !reached && row[y] >= lowered[static_cast<size_t>(y)];
        ASSERT_EQ(4 * y + (reached ? 0 : 1) + 2 * confident, keys[r]) << "row " << r << ", K = " << n_classes;
    }
}

// A bad value at every position of a small block, one at a time: both kernels report it.
template <class T>
void expect_every_bad_value_found(int64_t n_rows, int64_t n_classes) {
    std::vector<T> probs;
    std::vector<int32_t> labels;
    random_rows(n_rows, n_classes, 5, probs, labels);
    const T low = tq::lowest_at_least<T>(-1e-6), high = tq::highest_at_most<T>(1.0 + 1e-6);
    std::vector<T> own(static_cast<size_t>(n_rows)), lowered(static_cast<size_t>(n_classes), T(0.5));
    std::vector<uint8_t> settled(static_cast<size_t>(n_rows));
    std::vector<int32_t> keys(static_cast<size_t>(n_rows));
    const T bad_values[] = {std::numeric_limits<T>::quiet_NaN(), static_cast<T>(1.5),
                            static_cast<T>(-1e-3), std::numeric_limits<T>::infinity(),
                            -std::numeric_limits<T>::infinity(), std::numeric_limits<T>::max()};
    for (size_t i = 0; i < probs.size(); ++i)
        for (T bad : bad_values) {
            std::vector<T> p = probs;
            p[i] = bad;
            EXPECT_TRUE(tq::checked_own(p.data(), labels.data(), n_rows, n_classes, low, high, own.data()))
                << "value " << i << ", K = " << n_classes;
            EXPECT_TRUE(tq::checked_own_settled(p.data(), labels.data(), n_rows, n_classes, low,
                                                high, lowered.data(), own.data(), settled.data(),
                                                keys.data()))
                << "value " << i << ", K = " << n_classes;
        }
}

TEST(InspectorSimd, OwnAndSettledExactOnEveryTarget) {
    for_each_simd_target([] {
        for (int64_t k : {1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 50})
            for (int64_t n : {1, 2, 3, 37, 256}) {
                expect_exact<float>(n, k, static_cast<uint32_t>(k * 1000 + n));
                expect_exact<double>(n, k, static_cast<uint32_t>(k * 1000 + n + 1));
            }
    });
}

TEST(InspectorSimd, EveryBadValueFoundOnEveryTarget) {
    for_each_simd_target([] {
        for (int64_t k : {1, 3, 8, 9, 17}) {
            expect_every_bad_value_found<float>(5, k);
            expect_every_bad_value_found<double>(5, k);
        }
        expect_every_bad_value_found<float>(23, 9);  // several unrolled pairs of vectors
        expect_every_bad_value_found<float>(40, 2);  // many rows checked on their loads
        expect_every_bad_value_found<double>(23, 4);
    });
}

TEST(InspectorSimd, PlacesAtMostOnEveryTarget) {
    for_each_simd_target([] {
        std::mt19937 rng(3);
        for (int64_t n : {0, 1, 7, 63, 64, 65, 200, 2048}) {
            std::vector<double> v(static_cast<size_t>(n));
            for (double &x : v) x = static_cast<double>(rng() % 16) / 8.0 - 1.0;  // ties
            for (double bound : {-2.0, -1.0, 0.0, -0.0, 0.375, 1.0,
                                 std::numeric_limits<double>::infinity()}) {
                std::vector<int64_t> expected, got(static_cast<size_t>(n));
                for (int64_t i = 0; i < n; ++i)
                    if (v[static_cast<size_t>(i)] <= bound) expected.push_back(i);
                const int64_t count = tq::places_at_most(v.data(), n, bound, got.data());
                got.resize(static_cast<size_t>(count));
                EXPECT_EQ(expected, got) << "n = " << n << ", bound = " << bound;
            }
        }
    });
}

// stream_store (stream_simd.hpp: the inspector's stored scores, and the label-quality
// scores published from their scratch): every length around the vector widths, at every
// alignment of the destination; exact conversions, nothing written outside [dst, dst + n).
template <class T, class Out = double>
void expect_streamed_scores() {
    std::mt19937 rng(6);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    for (int64_t n : {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 64, 255, 256})
        for (size_t shift = 0; shift < 9; ++shift) {
            std::vector<T> own(static_cast<size_t>(n));
            for (T &v : own) v = static_cast<T>(uniform(rng));
            if (n > 2) own[1] = -T(0);
            std::vector<Out> out(static_cast<size_t>(n) + 18, Out(-7.0));
            tq::stream_store(own.data(), n, out.data() + shift);
            tq::stream_fence();
            for (size_t i = 0; i < out.size(); ++i) {
                const bool inside = i >= shift && i < shift + static_cast<size_t>(n);
                const Out expected = inside ? static_cast<Out>(own[i - shift]) : Out(-7.0);
                ASSERT_EQ(expected, out[i]) << "n = " << n << ", shift = " << shift << ", i = " << i;
                if (inside) {
                    ASSERT_EQ(std::signbit(expected), std::signbit(out[i]));
                }
            }
        }
}

TEST(InspectorSimd, StreamScoresOnEveryTarget) {
    for_each_simd_target([] {
        expect_streamed_scores<float>();
        expect_streamed_scores<double>();
        expect_streamed_scores<float, float>();
    });
}

TEST(InspectorSimd, PlacesOfZeroOnEveryTarget) {
    for_each_simd_target([] {
        std::mt19937 rng(4);
        for (int64_t n : {0, 1, 31, 63, 64, 65, 130, 256}) {
            for (unsigned one_in : {1u, 2u, 16u}) {
                std::vector<uint8_t> flags(static_cast<size_t>(n));
                for (uint8_t &f : flags) f = rng() % one_in == 0 ? 0 : 1;
                std::vector<int64_t> expected, got(static_cast<size_t>(n));
                for (int64_t i = 0; i < n; ++i)
                    if (flags[static_cast<size_t>(i)] == 0) expected.push_back(i);
                got.resize(static_cast<size_t>(tq::places_of_zero(flags.data(), n, got.data())));
                EXPECT_EQ(expected, got) << "n = " << n;
            }
        }
    });
}

}  // namespace
