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

// The cut of the `count` smallest of `keys` (kept in position order), 0 < count < size:
// nth_element on a copy for small arrays, radix selection over the keys for large ones.
inline Cut smallest_cut(const std::vector<uint64_t> &keys, int64_t count) {
    if (keys.size() >= (size_t{1} << 18))
        return smallest_cut(count, [&](const auto &visit) {
            for (uint64_t k : keys) visit(k);
        });
    std::vector<uint64_t> scratch(keys);
    const auto nth = scratch.begin() + (count - 1);
    std::nth_element(scratch.begin(), nth, scratch.end());
    const uint64_t cut = *nth;
    // Everything before the nth element is <= it; those equal to it fill the rest.
    const int64_t below = std::count_if(scratch.begin(), nth, [&](uint64_t k) { return k < cut; });
    return Cut{cut, count - below};
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
        // Monotone in v; clamped with min/max rather than branches, which mispredict.
        const double x = std::min(std::max((v - low) * scale, 0.0), static_cast<double>(count - 1));
        return static_cast<int>(x);
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

// Among the members of a cut bucket (keys in position order), calls take(members[m]) for
// the `need` smallest, ties by position.
template <class Take>
void take_in_bucket(const std::vector<uint64_t> &keys, const std::vector<int64_t> &members,
                    int64_t need, const Take &take) {
    if (need >= static_cast<int64_t>(keys.size())) {
        for (int64_t i : members) take(i);
        return;
    }
    if (need <= 0) return;
    Cut c = smallest_cut(keys, need);
    for (size_t m = 0; m < keys.size(); ++m)
        if (c.take(keys[m])) take(members[m]);
}

// Calls take(i) for the `count` smallest values of a sequence, ties by position, in two
// passes: `for_each(f)` must call f(i, value) for every element in position order (the
// same each time; i is passed back to take). For values in a known range [low, high],
// such as probabilities.
template <class ForEach, class Take>
void take_smallest(int64_t count, double low, double high, const ForEach &for_each,
                   const Take &take) {
    if (count <= 0) return;
    const Buckets bucket(low, high);
    std::vector<int64_t> histogram(static_cast<size_t>(bucket.count), 0);
    int64_t total = 0;
    for_each([&](int64_t, double v) {
        ++histogram[static_cast<size_t>(bucket(v))];
        ++total;
    });
    if (count >= total) {
        for_each([&](int64_t i, double) { take(i); });
        return;
    }
    const std::pair<int, int64_t> cut = Buckets::cut(histogram.data(), count);
    std::vector<uint64_t> keys;
    std::vector<int64_t> members;
    for_each([&](int64_t i, double v) {
        const int b = bucket(v);
        if (b < cut.first) {
            take(i);
        } else if (b == cut.first) {
            keys.push_back(order_key(v));
            members.push_back(i);
        }
    });
    take_in_bucket(keys, members, count - cut.second, take);
}

// The order that sorts `items` (each with a double `value`, not NaN) by value, keeping
// the input order among equal values: a least-significant-digit radix sort of item
// indices by their order-preserving keys, 8 bits per pass (256 buckets: the scatter stays
// within L1), over only the digits in which keys differ (float data converted to double
// has zero low bits); each pass is stable.
template <class Item>
std::vector<size_t> stable_order_by_value(const std::vector<Item> &items) {
    const size_t n = items.size();
    struct Entry {
        uint64_t key;
        size_t index;
    };
    std::vector<Entry> order(n);
    uint64_t low = ~uint64_t{0}, high = 0;
    for (size_t i = 0; i < n; ++i) {
        order[i] = {order_key(items[i].value), i};
        low = std::min(low, order[i].key);
        high = std::max(high, order[i].key);
    }
    uint64_t any_bits = 0;
    for (Entry &e : order) any_bits |= (e.key -= low);
    const int span_bits = n < 2 ? 0 : 64 - __builtin_clzll((high - low) | 1);
    std::vector<Entry> next(span_bits > 0 ? n : 0);
    std::vector<size_t> counts(257);
    for (int shift = 0; shift < span_bits; shift += 8) {
        if (((any_bits >> shift) & 0xff) == 0) continue;
        std::fill(counts.begin(), counts.end(), 0);
        for (const Entry &e : order) ++counts[((e.key >> shift) & 0xff) + 1];
        for (size_t d = 0; d < 256; ++d) counts[d + 1] += counts[d];
        for (const Entry &e : order) next[counts[(e.key >> shift) & 0xff]++] = e;
        order.swap(next);
    }
    std::vector<size_t> indices(n);
    for (size_t i = 0; i < n; ++i) indices[i] = order[i].index;
    return indices;
}

}  // namespace tq
