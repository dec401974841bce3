#include "select.hpp"

#include <hwy/base.h>
#include <hwy/contrib/sort/vqsort.h>

namespace tq {

std::vector<size_t> stable_order(const double *values, size_t n) {
    std::vector<size_t> indices(n);
    RawVector<uint64_t> keys(n);
    uint64_t low = ~uint64_t{0};
    for (size_t i = 0; i < n; ++i) {
        keys[i] = order_key(values[i]);
        low = std::min(low, keys[i]);
    }
    uint64_t any_bits = 0;
    for (uint64_t &k : keys) any_bits |= (k -= low);
    if (any_bits == 0) {  // all equal (or n < 2): position order
        for (size_t i = 0; i < n; ++i) indices[i] = i;
        return indices;
    }
    // The keys' varying bits [lowest, top), and the bits a position needs.
    const int lowest = __builtin_ctzll(any_bits), top = 64 - __builtin_clzll(any_bits);
    const int position_bits = n < 2 ? 1 : 64 - __builtin_clzll(static_cast<uint64_t>(n - 1));
    const hwy::Sorter sorter;
    if ((top - lowest) + position_bits <= 64) {
        RawVector<uint64_t> packed(n);
        for (size_t i = 0; i < n; ++i) packed[i] = ((keys[i] >> lowest) << position_bits) | i;
        sorter(packed.data(), n, hwy::SortAscending());
        const uint64_t mask = position_bits == 64 ? ~uint64_t{0} : (uint64_t{1} << position_bits) - 1;
        for (size_t i = 0; i < n; ++i) indices[i] = static_cast<size_t>(packed[i] & mask);
        return indices;
    }
    RawVector<hwy::uint128_t> pairs(n);  // sorted by hi, then lo
    for (size_t i = 0; i < n; ++i) {
        pairs[i].hi = keys[i];
        pairs[i].lo = i;
    }
    sorter(pairs.data(), n, hwy::SortAscending());
    for (size_t i = 0; i < n; ++i) indices[i] = static_cast<size_t>(pairs[i].lo);
    return indices;
}

}  // namespace tq
