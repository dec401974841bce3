// An exact, order-independent sum of doubles of magnitude below 2 (probabilities).
// The streaming inspector adds class confidences batch by batch on several machines
// and merges the partial sums in any order; a floating-point running sum would make
// the result depend on that order. This accumulator keeps the sum as a fixed-point
// integer with the weight of the smallest subnormal (2^-1074) as its unit, so adding
// and merging are exact, and it is rounded to double once, correctly, at the end.
#pragma once

#include <cstdint>

namespace tq {

class ExactSum {
public:
    // Digits of 32 bits each, least significant first. The unit of digit 0 is
    // 2^-kUnitExponent; digits 0..34 hold any value below 2, and the rest leave room
    // for 2^64 additions.
    static constexpr int kDigits = 38;
    static constexpr int kUnitExponent = 1088;  // a multiple of 32 that is >= 1074

    // Adds `value`, which must be finite with |value| < 2.
    void add(double value);
    // Adds another accumulator's sum.
    void add(const ExactSum &other);
    // Adds (negative ? -magnitude : magnitude) * 2^exponent, exactly: magnitude < 2^96,
    // exponent >= -kUnitExponent, and the value's size below 2^64.
    void add_scaled(unsigned __int128 magnitude, bool negative, int exponent);
    // The sum rounded to the nearest double (ties to even).
    double to_double() const;
    // Brings every digit but the last into [0, 2^32) (the last one carries the sign),
    // so that equal sums have equal digits. Done automatically when needed.
    void normalize();
    // Equal sums (compares normalized copies).
    bool operator==(const ExactSum &other) const;
    bool operator!=(const ExactSum &other) const { return !(*this == other); }

    // Raw access for serialization; digits are normalized first by the caller.
    const int64_t *digits() const { return digits_; }
    // Restores from normalized digits; returns false if they are not normalized.
    bool set_digits(const int64_t *digits);

private:
    int64_t digits_[kDigits] = {};
    // Additions since the last normalization; each adds less than 2^32 to a digit, so
    // 2^30 of them keep every digit far from overflow.
    int64_t pending_ = 0;
};

}  // namespace tq
