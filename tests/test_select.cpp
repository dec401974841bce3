// src/select.hpp against comparison sorts: stable_order_by_value against std::stable_sort,
// smallest_indices, cut_of_smallest and take_in_bucket against a sorted (value, position)
// list, and Buckets
// against its monotone contract, on values shaped like tokqual's (floats converted to
// double, doubles, ties, -0 and +0, values outside the bucket range).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "select.hpp"

namespace {

struct Item {
    double value;
};

enum class Shape { kFloats, kDoubles, kFewValues, kSigned, kAllEqual };

std::vector<double> make_values(Shape shape, size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> v(n);
    for (double &x : v) {
        const double u = unit(rng);
        switch (shape) {
            case Shape::kFloats: x = static_cast<double>(static_cast<float>(u)); break;
            case Shape::kDoubles: x = u * u; break;
            case Shape::kFewValues: x = static_cast<double>(rng() % 5) / 4.0; break;
            case Shape::kSigned: x = (rng() % 7 == 0) ? ((rng() & 1) ? 0.0 : -0.0) : 2.0 * u - 1.0; break;
            case Shape::kAllEqual: x = 0.25; break;
        }
    }
    return v;
}

std::vector<size_t> reference_order(const std::vector<double> &v) {
    std::vector<size_t> order(v.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
    return order;
}

TEST(Select, StableOrderByValueIsAStableSort) {
    for (Shape shape : {Shape::kFloats, Shape::kDoubles, Shape::kFewValues, Shape::kSigned,
                        Shape::kAllEqual}) {
        for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{17}, size_t{5000}, size_t{70000}}) {
            const std::vector<double> v = make_values(shape, n, static_cast<uint32_t>(n) + 3);
            std::vector<Item> items(n);
            for (size_t i = 0; i < n; ++i) items[i].value = v[i];
            ASSERT_EQ(reference_order(v), tq::stable_order_by_value(items))
                << "shape " << static_cast<int>(shape) << ", n = " << n;
        }
    }
}

TEST(Select, SmallestIndicesAndCutsHoldTheCountLowestTiesByPosition) {
    for (Shape shape : {Shape::kFloats, Shape::kDoubles, Shape::kFewValues, Shape::kSigned,
                        Shape::kAllEqual}) {
        const std::vector<double> v = make_values(shape, 20000, 11);
        const std::vector<size_t> sorted = reference_order(v);
        for (int64_t count : {int64_t{0}, int64_t{1}, int64_t{7}, int64_t{5000}, int64_t{19999},
                              int64_t{20000}, int64_t{30000}}) {
            std::vector<int64_t> expected(sorted.begin(),
                                          sorted.begin() + std::min<int64_t>(count, 20000));
            std::sort(expected.begin(), expected.end());
            auto value_at = [&](int64_t i) { return v[static_cast<size_t>(i)]; };
            ASSERT_EQ(expected, tq::smallest_indices(count, 20000, tq::kLowestValue,
                                                     tq::kHighestValue, value_at))
                << "shape " << static_cast<int>(shape) << ", count " << count;
            // The same selection as a cut on keys; a value at the cut key is in when it is
            // among the first `ties` values at that key.
            const tq::ValueCut cut = tq::cut_of_smallest(count, 20000, tq::kLowestValue,
                                                         tq::kHighestValue, value_at);
            std::vector<int64_t> held;
            int64_t at_key_seen = 0;
            for (int64_t i = 0; i < 20000; ++i) {
                const uint64_t key = tq::order_key(v[static_cast<size_t>(i)]);
                const bool early = key == cut.key && at_key_seen < cut.ties;
                if (cut.contains(key, [&] { return early; })) held.push_back(i);
                at_key_seen += key == cut.key;
            }
            if (!cut.nothing && !cut.everything) {
                EXPECT_EQ(cut.n_at_key, at_key_seen);
            }
            ASSERT_EQ(expected, held) << "shape " << static_cast<int>(shape) << ", count " << count;
        }
    }
}

TEST(Select, TakeInBucketRanksByKeyThenPosition) {
    const std::vector<double> v = make_values(Shape::kFewValues, 3000, 5);
    std::vector<uint64_t> keys(v.size());
    std::vector<int64_t> members(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
        keys[i] = tq::order_key(v[i]);
        members[i] = static_cast<int64_t>(i) * 10;
    }
    const std::vector<size_t> sorted = reference_order(v);
    for (int64_t need : {int64_t{0}, int64_t{1}, int64_t{600}, int64_t{2999}, int64_t{3000}}) {
        std::vector<int64_t> taken;
        tq::take_in_bucket(keys, members, need, [&](int64_t m) { taken.push_back(m); });
        std::vector<int64_t> expected;
        for (int64_t r = 0; r < need; ++r) expected.push_back(static_cast<int64_t>(sorted[static_cast<size_t>(r)]) * 10);
        std::sort(expected.begin(), expected.end());
        ASSERT_EQ(expected, taken) << "need " << need;  // taken in position order
    }
}

TEST(Select, BucketsAreMonotoneAndClamped) {
    const tq::Buckets bucket(tq::kLowestValue, tq::kHighestValue, 1024);
    std::vector<double> v = make_values(Shape::kSigned, 10000, 9);
    v.insert(v.end(), {-1e300, -2.0, tq::kLowestValue, tq::kHighestValue, 2.0, 1e300,
                       -std::numeric_limits<double>::infinity(),
                       std::numeric_limits<double>::infinity()});
    std::sort(v.begin(), v.end());
    int previous = 0;
    for (double x : v) {
        const int b = bucket(x);
        ASSERT_GE(b, previous) << x;
        ASSERT_LE(b, 1023) << x;
        previous = b;
    }
    EXPECT_EQ(0, bucket(-1e300));
    EXPECT_EQ(1023, bucket(1e300));
}

}  // namespace
