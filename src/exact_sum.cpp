#include "exact_sum.hpp"

#include <cmath>
#include <cstring>

namespace tq {

namespace {
constexpr int64_t kDigitBase = int64_t{1} << 32;
constexpr int64_t kMaxPending = int64_t{1} << 30;

// Index of the highest set bit of a non-zero 128-bit value.
int highest_bit(unsigned __int128 w) {
    const uint64_t high = static_cast<uint64_t>(w >> 64);
    if (high != 0) return 127 - __builtin_clzll(high);
    return 63 - __builtin_clzll(static_cast<uint64_t>(w));
}
}  // namespace

void ExactSum::add(double value) {
    if (value == 0.0) return;
    uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    const bool negative = (bits >> 63) != 0;
    const int exponent_field = static_cast<int>((bits >> 52) & 0x7ff);
    uint64_t mantissa = bits & ((uint64_t{1} << 52) - 1);
    // value = mantissa * 2^(e - 1075), with e = 1 and no implicit bit for subnormals.
    int e = exponent_field;
    if (exponent_field == 0)
        e = 1;
    else
        mantissa |= uint64_t{1} << 52;
    // Position of the mantissa's lowest bit counted from the unit 2^-1088.
    const int position = e - 1075 + kUnitExponent;
    const int digit = position / 32;
    const unsigned __int128 shifted = static_cast<unsigned __int128>(mantissa) << (position % 32);
    const int64_t parts[3] = {static_cast<int64_t>(static_cast<uint64_t>(shifted) & 0xffffffffu),
                              static_cast<int64_t>(static_cast<uint64_t>(shifted >> 32) & 0xffffffffu),
                              static_cast<int64_t>(static_cast<uint64_t>(shifted >> 64))};
    for (int i = 0; i < 3; ++i) {
        if (negative)
            digits_[digit + i] -= parts[i];
        else
            digits_[digit + i] += parts[i];
    }
    if (++pending_ >= kMaxPending) normalize();
}

void ExactSum::add_scaled(unsigned __int128 magnitude, bool negative, int exponent) {
    if (magnitude == 0) return;
    const int position = exponent + kUnitExponent;
    const int digit = position / 32;
    const unsigned __int128 shifted = magnitude << (position % 32);  // below 2^127
    for (int i = 0; i < 4 && digit + i < kDigits; ++i) {
        const int64_t part = static_cast<int64_t>(static_cast<uint64_t>(shifted >> (32 * i)) & 0xffffffffu);
        digits_[digit + i] += negative ? -part : part;
    }
    if (++pending_ >= kMaxPending) normalize();
}

void ExactSum::add(const ExactSum &other) {
    ExactSum copy = other;
    copy.normalize();
    normalize();
    for (int i = 0; i < kDigits; ++i) digits_[i] += copy.digits_[i];
    pending_ = 1;
}

void ExactSum::normalize() {
    for (int i = 0; i + 1 < kDigits; ++i) {
        // Floor division by 2^32, so the digit left behind is in [0, 2^32).
        const int64_t carry = digits_[i] >= 0 ? digits_[i] / kDigitBase
                                              : -((-digits_[i] + kDigitBase - 1) / kDigitBase);
        digits_[i] -= carry * kDigitBase;
        digits_[i + 1] += carry;
    }
    pending_ = 0;
}

bool ExactSum::operator==(const ExactSum &other) const {
    ExactSum a = *this, b = other;
    a.normalize();
    b.normalize();
    return std::memcmp(a.digits_, b.digits_, sizeof a.digits_) == 0;
}

bool ExactSum::set_digits(const int64_t *digits) {
    for (int i = 0; i + 1 < kDigits; ++i)
        if (digits[i] < 0 || digits[i] >= kDigitBase) return false;
    if (digits[kDigits - 1] <= -kDigitBase || digits[kDigits - 1] >= kDigitBase) return false;
    std::memcpy(digits_, digits, sizeof digits_);
    pending_ = 0;
    return true;
}

double ExactSum::to_double() const {
    ExactSum a = *this;
    a.normalize();
    const bool negative = a.digits_[kDigits - 1] < 0;
    if (negative) {
        for (int64_t &d : a.digits_) d = -d;
        a.normalize();
    }
    int top = kDigits - 1;
    while (top >= 0 && a.digits_[top] == 0) --top;
    if (top < 0) return 0.0;
    // A window of the three highest digits; lower non-zero digits only matter as a
    // "sticky" bit for rounding.
    unsigned __int128 window = 0;
    for (int i = top; i >= top - 2; --i) {
        window <<= 32;
        if (i >= 0) window |= static_cast<uint64_t>(a.digits_[i]);
    }
    bool sticky = false;
    for (int i = top - 3; i >= 0; --i) sticky |= a.digits_[i] != 0;
    int scale = (top - 2) * 32 - kUnitExponent;  // weight of the window's lowest bit
    const int excess = highest_bit(window) + 1 - 53;
    uint64_t mantissa;
    if (excess > 0) {
        const unsigned __int128 one = 1;
        mantissa = static_cast<uint64_t>(window >> excess);
        const unsigned __int128 rest = window & ((one << excess) - 1);
        const unsigned __int128 half = one << (excess - 1);
        if (rest > half || (rest == half && (sticky || (mantissa & 1)))) ++mantissa;
        scale += excess;
    } else {
        mantissa = static_cast<uint64_t>(window);  // exact: fewer than 54 bits, nothing below
    }
    // Results in the subnormal range would be rounded twice here; sums of class
    // probabilities that small are clipped to the threshold floor anyway.
    const double magnitude = std::ldexp(static_cast<double>(mantissa), scale);
    return negative ? -magnitude : magnitude;
}

}  // namespace tq
