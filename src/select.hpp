// Selecting and ordering doubles by value with ties by position, without comparison
// sorts: radix passes over 64-bit keys that order like the doubles. cleanlab picks "the
// m lowest scores" and ranks issues with (stable) argsorts; these give the same sets
// and orders in linear time.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "raw_vector.hpp"

namespace tq {

// The value range the bucket selections map: probabilities, margins and scores lie within
// [-1, 1] up to cleanlab's 1e-6 tolerance (anything outside only lands in an end bucket,
// which costs speed, never correctness).
constexpr double kLowestValue = -1.0 - 1e-5;
constexpr double kHighestValue = 1.0 + 1e-5;

// A key whose unsigned order is the order of the (non-NaN) double, with -0 == +0.
inline uint64_t order_key(double value) {
    if (value == 0.0) value = 0.0;
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return (bits >> 63) != 0 ? ~bits : bits | (uint64_t{1} << 63);
}

// The boundary of the `count` smallest keys in (key, position) order: every key below
// `key`, and the first `ties` keys equal to it in position order.
struct Cut {
    uint64_t key;
    int64_t ties;
    // Call for each key in position order; true if that element is among the smallest.
    bool take(uint64_t k) {
        if (k < key) return true;
        if (k == key && ties > 0) {
            --ties;
            return true;
        }
        return false;
    }
};

// The cut of the `count` smallest of `total` keys, 0 < count < total. `for_each_key(f)`
// must call f(key) for every key (any order); it is called four times.
template <class ForEachKey>
Cut smallest_cut(int64_t count, const ForEachKey &for_each_key) {
    int64_t rank = count - 1;  // 0-based rank of the cut key
    int64_t below = 0;
    uint64_t prefix = 0;
    std::vector<int64_t> histogram(size_t{1} << 16);
    for (int shift = 48; shift >= 0; shift -= 16) {
        const uint64_t high_mask = shift == 48 ? 0 : ~((uint64_t{1} << (shift + 16)) - 1);
        std::fill(histogram.begin(), histogram.end(), 0);
        for_each_key([&](uint64_t key) {
            if ((key & high_mask) == prefix) ++histogram[(key >> shift) & 0xffff];
        });
        uint64_t digit = 0;
        while (rank >= histogram[digit]) {
            rank -= histogram[digit];
            below += histogram[digit];
            ++digit;
        }
        prefix |= digit << shift;
    }
    return Cut{prefix, count - below};
}

// The cut of the `count` smallest of keys[0 .. n) (kept in position order): nth_element
// on a copy for small arrays, radix selection over the keys for large ones. A count <= 0
// takes nothing and a count >= n everything (no rank to look up at either end).
inline Cut smallest_cut(const uint64_t *keys, int64_t n, int64_t count) {
    if (count <= 0) return Cut{0, 0};
    if (count >= n) return Cut{~uint64_t{0}, n};
    if (n >= (int64_t{1} << 18))
        return smallest_cut(count, [&](const auto &visit) {
            for (int64_t i = 0; i < n; ++i) visit(keys[i]);
        });
    std::vector<uint64_t> scratch(keys, keys + n);
    const auto nth = scratch.begin() + (count - 1);
    std::nth_element(scratch.begin(), nth, scratch.end());
    const uint64_t cut = *nth;
    // Everything before the nth element is <= it; those equal to it fill the rest.
    const int64_t below = std::count_if(scratch.begin(), nth, [&](uint64_t k) { return k < cut; });
    return Cut{cut, count - below};
}

inline Cut smallest_cut(const std::vector<uint64_t> &keys, int64_t count) {
    return smallest_cut(keys.data(), static_cast<int64_t>(keys.size()), count);
}

// A monotone map of values to `count` buckets over [low, high] (values outside fall into
// the end buckets): the k smallest values of a sequence then lie in the lowest buckets,
// and only the bucket holding the cut needs an exact ranking.
struct Buckets {
    int count;
    double low, scale;
    Buckets(double low_value, double high_value, int n_buckets = 4096)
        : count(n_buckets), low(low_value), scale(n_buckets / (high_value - low_value)) {}
    int operator()(double v) const {
        // Monotone in v; clamped with selects rather than branches, which mispredict:
        // first in double (into the int range; the ternaries compile to maxsd/minsd),
        // then the truncated integer.
        double x = (v - low) * scale;
        x = x > 0.0 ? x : 0.0;
        x = x < static_cast<double>(count) ? x : static_cast<double>(count);
        const int b = static_cast<int>(x);
        return b < count - 1 ? b : count - 1;
    }
    // The bucket holding the n-th smallest (1 <= n <= total), and how many values lie in
    // lower buckets.
    template <class Count>
    static std::pair<int, int64_t> cut(const Count *histogram, int64_t n) {
        int b = 0;
        int64_t below = 0;
        while (below + static_cast<int64_t>(histogram[b]) < n) below += histogram[b++];
        return {b, below};
    }
};

// Among n members (keys[m] the key of members[m], in position order), calls
// take(members[m]) for the `need` smallest, ties by position.
template <class Take>
void take_in_bucket(const uint64_t *keys, const int64_t *members, int64_t n, int64_t need,
                    const Take &take) {
    if (need >= n) {
        for (int64_t m = 0; m < n; ++m) take(members[m]);
        return;
    }
    if (need <= 0) return;
    Cut c = smallest_cut(keys, n, need);
    for (int64_t m = 0; m < n; ++m)
        if (c.take(keys[m])) take(members[m]);
}

template <class Take>
void take_in_bucket(const std::vector<uint64_t> &keys, const std::vector<int64_t> &members,
                    int64_t need, const Take &take) {
    take_in_bucket(keys.data(), members.data(), static_cast<int64_t>(keys.size()), need, take);
}

// The `count` smallest of value_at(0), ..., value_at(n - 1) (0 < count < n), values in
// [low, high] (a known range: probabilities, margins, scores; values outside only cost
// speed), by value buckets: every value's bucket (computed once and kept), the bucket that
// holds the count-th smallest, and the indices taken from it (ascending; its members are
// ranked exactly by take_in_bucket). The histogram is four interleaved ones, so that runs
// of one bucket do not wait on each other's increments.
// counts[v] += how many of values[0 .. n) equal v (values in [0, n_counts)), with four
// histograms filled in turn (`scratch`, 4 * n_counts entries) so that runs of one value do
// not wait on each other's increments, then added into counts.
template <class Value>
void count_values(const Value *values, size_t n, size_t n_counts, int64_t *scratch, int64_t *counts) {
    std::fill(scratch, scratch + 4 * n_counts, 0);
    int64_t *h0 = scratch, *h1 = h0 + n_counts, *h2 = h1 + n_counts, *h3 = h2 + n_counts;
    const size_t whole = n / 4 * 4;
    for (size_t i = 0; i < whole; i += 4) {
        ++h0[values[i]];
        ++h1[values[i + 1]];
        ++h2[values[i + 2]];
        ++h3[values[i + 3]];
    }
    for (size_t i = whole; i < n; ++i) ++h0[values[i]];
    for (size_t v = 0; v < n_counts; ++v) counts[v] += h0[v] + h1[v] + h2[v] + h3[v];
}

// 1024 buckets: four interleaved histograms of them (32 KiB) stay in the L1 cache.
constexpr int kCutBuckets = 1024;

struct BucketCut {
    Buckets bucket;
    RawVector<uint16_t> buckets;     // bucket of every value
    int cut_bucket = 0;
    std::vector<uint64_t> cut_keys;  // order keys of the cut bucket's members, ascending index
    std::vector<int64_t> cut_taken;  // indices taken from the cut bucket, ascending
};

template <class ValueAt>
void cut_smallest(int64_t count, int64_t n, const ValueAt &value_at, BucketCut &out) {
    const Buckets bucket = out.bucket;  // a local copy: the loop below then vectorizes
    const size_t n_buckets = static_cast<size_t>(bucket.count);
    out.buckets.resize(static_cast<size_t>(n));
    uint16_t *buckets = out.buckets.data();
    for (int64_t i = 0; i < n; ++i) buckets[i] = static_cast<uint16_t>(bucket(value_at(i)));
    std::vector<int64_t> scratch(4 * n_buckets), histogram(n_buckets, 0);
    const size_t size = static_cast<size_t>(n), whole = size / 4 * 4;
    count_values(buckets, size, n_buckets, scratch.data(), histogram.data());
    const std::pair<int, int64_t> cut = Buckets::cut(histogram.data(), count);
    out.cut_bucket = cut.first;
    // The cut bucket's members, four buckets tested at a time (few groups hold one).
    const uint16_t c = static_cast<uint16_t>(cut.first);
    std::vector<int64_t> members;
    auto take_member = [&](size_t m) {
        if (buckets[m] != c) return;
        out.cut_keys.push_back(order_key(value_at(static_cast<int64_t>(m))));
        members.push_back(static_cast<int64_t>(m));
    };
    for (size_t i = 0; i < whole; i += 4)
        if ((buckets[i] == c) | (buckets[i + 1] == c) | (buckets[i + 2] == c) | (buckets[i + 3] == c))
            for (size_t m = i; m < i + 4; ++m) take_member(m);
    for (size_t i = whole; i < size; ++i) take_member(i);
    take_in_bucket(out.cut_keys, members, count - cut.second,
                   [&](int64_t i) { out.cut_taken.push_back(i); });
}

// The `count` smallest of value_at(0 .. n) (ties by position) as a cut on their order
// keys: every value whose key is below `key` is in, and of the `n_at_key` values whose
// key equals it, the first `ties` in position order. When ties == n_at_key (no run of
// equal values straddles the cut, the usual case) membership needs no position at all.
struct ValueCut {
    bool nothing = false;     // count <= 0
    bool everything = false;  // count >= n
    uint64_t key = 0;
    int64_t ties = 0, n_at_key = 0;
    // Whether a value with this key is in, given whether it is among the first `ties`
    // values at `key` (asked only when it must be).
    template <class IsEarlyTie>
    bool contains(uint64_t value_key, const IsEarlyTie &is_early_tie) const {
        if (nothing) return false;
        if (everything || value_key < key) return true;
        return value_key == key && (ties == n_at_key || is_early_tie());
    }
};

template <class ValueAt>
ValueCut cut_of_smallest(int64_t count, int64_t n, double low, double high, const ValueAt &value_at) {
    ValueCut c;
    if (count <= 0) {
        c.nothing = true;
        return c;
    }
    if (count >= n) {
        c.everything = true;
        return c;
    }
    BucketCut buckets{Buckets(low, high, kCutBuckets), {}, 0, {}, {}};
    cut_smallest(count, n, value_at, buckets);
    // The count-th smallest is the largest value taken from the cut bucket (at least one
    // is); every value at its key lies in that bucket.
    for (int64_t i : buckets.cut_taken) c.key = std::max(c.key, order_key(value_at(i)));
    for (int64_t i : buckets.cut_taken) c.ties += order_key(value_at(i)) == c.key;
    for (uint64_t k : buckets.cut_keys) c.n_at_key += k == c.key;
    return c;
}

// The indices of the `count` smallest of value_at(0 .. n) (ties by position), ascending: a
// walk over the kept buckets, which takes every index below the cut bucket and, in it,
// those listed (a merge with the ascending list).
template <class ValueAt>
std::vector<int64_t> smallest_indices(int64_t count, int64_t n, double low, double high,
                                      const ValueAt &value_at) {
    std::vector<int64_t> chosen;
    if (count <= 0) return chosen;
    chosen.reserve(static_cast<size_t>(std::min(count, n)));
    if (count >= n) {
        for (int64_t i = 0; i < n; ++i) chosen.push_back(i);
        return chosen;
    }
    BucketCut cut{Buckets(low, high, kCutBuckets), {}, 0, {}, {}};
    cut_smallest(count, n, value_at, cut);
    const uint16_t *buckets = cut.buckets.data();
    const int cut_bucket = cut.cut_bucket;
    size_t next = 0;  // the next index listed from the cut bucket
    for (int64_t i = 0; i < n; ++i) {
        if (buckets[i] < cut_bucket) {
            chosen.push_back(i);
        } else if (buckets[i] == cut_bucket && next < cut.cut_taken.size() && cut.cut_taken[next] == i) {
            chosen.push_back(i);
            ++next;
        }
    }
    return chosen;
}

// The order that sorts values[0 .. n) (not NaN) by value, keeping the input order among
// equal values. Implemented in select.cpp with Highway's vectorized quicksort (vqsort) on
// keys that carry the position: (order key, position) pairs, packed into 64 bits when the
// keys' varying bits and the positions fit together (float data converted to double has
// 29 constant low bits), else 128 bits. Equal values then differ by position, so an
// unstable sort gives the stable order.
std::vector<size_t> stable_order(const double *values, size_t n);

// The same for `items`, each with a double `value`.
template <class Item>
std::vector<size_t> stable_order_by_value(const std::vector<Item> &items) {
    RawVector<double> values(items.size());
    for (size_t i = 0; i < items.size(); ++i) values[i] = items[i].value;
    return stable_order(values.data(), values.size());
}

}  // namespace tq
