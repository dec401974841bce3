// Sums in the exact order numpy adds float64 values, so that statistics built from
// sums (confident thresholds, calibrated confident joints) are bitwise those of
// cleanlab. numpy reduces a contiguous run of n values by pairwise summation:
// runs shorter than 8 are added one by one onto 0; runs of up to 128 are added into 8
// interleaved partial sums that are then combined as ((0+1)+(2+3))+((4+5)+(6+7)), with
// the tail (n mod 8 values) added one by one; longer runs are split in two at half the
// length rounded down to a multiple of 8, and the two halves' sums added.
#pragma once

#include <cstdint>

namespace tq {

// numpy's sum of values[0 .. n), each converted to double first (float data summed as
// cleanlab sums it after converting to float64).
template <class V>
inline double numpy_sum(const V *values, int64_t n) {
    if (n < 8) {
        double sum = 0.0;
        for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(values[i]);
        return sum;
    }
    if (n <= 128) {
        double partial[8];
        for (int j = 0; j < 8; ++j) partial[j] = static_cast<double>(values[j]);
        int64_t i = 8;
        for (; i < n - n % 8; i += 8)
            for (int j = 0; j < 8; ++j) partial[j] += static_cast<double>(values[i + j]);
        double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                     ((partial[4] + partial[5]) + (partial[6] + partial[7]));
        for (; i < n; ++i) sum += static_cast<double>(values[i]);
        return sum;
    }
    int64_t half = n / 2;
    half -= half % 8;
    return numpy_sum(values, half) + numpy_sum(values + half, n - half);
}

}  // namespace tq
