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

// Sorts `items` (each with a double `value`, not NaN) by value, keeping the input order
// among equal values: one stable counting pass into buckets of the high bits of the
// order-preserving keys (spread over the keys' actual range), then an insertion sort of
// each bucket.
template <class Item>
void stable_sort_by_value(std::vector<Item> &items) {
    const size_t n = items.size();
    if (n < 2) return;
    uint64_t low = ~uint64_t{0}, high = 0;
    for (const Item &it : items) {
        const uint64_t k = order_key(it.value);
        low = std::min(low, k);
        high = std::max(high, k);
    }
    if (low == high) return;
    // About n buckets (at least 256, at most 2^16).
    int bucket_bits = 8;
    while (bucket_bits < 16 && (size_t{1} << bucket_bits) < n) ++bucket_bits;
    int span_bits = 64 - __builtin_clzll(high - low);
    const int shift = span_bits > bucket_bits ? span_bits - bucket_bits : 0;
    const size_t n_buckets = static_cast<size_t>(((high - low) >> shift) + 1);
    std::vector<size_t> start(n_buckets + 1, 0);
    for (const Item &it : items) ++start[((order_key(it.value) - low) >> shift) + 1];
    for (size_t b = 0; b < n_buckets; ++b) start[b + 1] += start[b];
    std::vector<Item> sorted(n);
    {
        std::vector<size_t> next(start.begin(), start.end() - 1);
        for (const Item &it : items) sorted[next[(order_key(it.value) - low) >> shift]++] = it;
    }
    for (size_t b = 0; b < n_buckets; ++b) {
        const auto first = sorted.begin() + static_cast<std::ptrdiff_t>(start[b]);
        const auto last = sorted.begin() + static_cast<std::ptrdiff_t>(start[b + 1]);
        if (last - first < 2) continue;
        auto before = [](const Item &a, const Item &b) { return a.value < b.value; };
        if (last - first <= 32) {  // insertion sort, stable
            for (auto i = first + 1; i != last; ++i)
                for (auto j = i; j != first && before(*j, *(j - 1)); --j) std::iter_swap(j, j - 1);
        } else {
            std::stable_sort(first, last, before);
        }
    }
    items.swap(sorted);
}

// Sorts `items` (each with a uint64_t `key` member) by key, keeping the input order among
// equal keys: LSD radix sort, 8 bits per pass (16 for large arrays), skipping digits all
// keys share.
template <class Item>
void stable_sort_by_key(std::vector<Item> &items) {
    if (items.size() < 2) return;
    const int bits = items.size() >= (size_t{1} << 16) ? 16 : 8;
    const size_t buckets = size_t{1} << bits;
    const uint64_t mask = buckets - 1;
    std::vector<Item> buffer(items.size());
    std::vector<size_t> counts(buckets + 1);
    for (int shift = 0; shift < 64; shift += bits) {
        std::fill(counts.begin(), counts.end(), 0);
        for (const Item &it : items) ++counts[((it.key >> shift) & mask) + 1];
        if (*std::max_element(counts.begin() + 1, counts.end()) == items.size()) continue;
        for (size_t b = 0; b < buckets; ++b) counts[b + 1] += counts[b];
        for (const Item &it : items) buffer[counts[(it.key >> shift) & mask]++] = it;
        items.swap(buffer);
    }
}

}  // namespace tq
