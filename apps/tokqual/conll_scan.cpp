// scan_blocks (conll_scan.hpp). This file is compiled once per target instruction set
// (foreach_target.h re-includes it); HWY_DYNAMIC_DISPATCH picks the best one at run time.
//
// UTF-8 is checked with the nibble-lookup method of Keiser and Lemire ("Validating UTF-8
// in less than one instruction per byte", 2021): every byte, looked at with the byte
// before it, falls into error classes found by three 16-entry table lookups (the high
// and low half of the byte before, the high half of this byte); a continuation byte
// that must follow a 3- or 4-byte lead two or three bytes back is checked with two
// comparisons. The tables below are derived from the UTF-8 definition (RFC 3629):
// overlong forms, surrogates and code points above U+10FFFF are ill-formed.
#ifndef TQCLI_CONLL_SCAN_ONCE
#define TQCLI_CONLL_SCAN_ONCE

#include "conll_scan.hpp"

#include <cstring>

namespace tqcli {
namespace utf8_classes {
// One bit per kind of error, set in all three tables when the pair (byte before, byte)
// can be that error: a bit set in all three is an error.
constexpr uint8_t kTooShort = 1 << 0;    // a lead byte not followed by a continuation
constexpr uint8_t kTooLong = 1 << 1;     // ASCII followed by a continuation
constexpr uint8_t kOverlong3 = 1 << 2;   // E0 80..9F
constexpr uint8_t kTooLarge = 1 << 3;    // F4 90..BF, F5..FF 90..BF
constexpr uint8_t kSurrogate = 1 << 4;   // ED A0..BF
constexpr uint8_t kOverlong2 = 1 << 5;   // C0, C1 then a continuation
constexpr uint8_t kTooLarge1000 = 1 << 6;  // F5..FF 80..8F
constexpr uint8_t kOverlong4 = 1 << 6;     // F0 80..8F (shares the bit: both need 1000____)
constexpr uint8_t kTwoConts = 1 << 7;    // a continuation after a continuation: allowed
                                         // only as the 3rd or 4th byte of a sequence
constexpr uint8_t kCarry = kTooShort | kTooLong | kTwoConts;  // decided by the high half

// Indexed by the high half of the byte before.
alignas(16) constexpr uint8_t kPrevHigh[16] = {
    kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,  // 0_______
    kTwoConts, kTwoConts, kTwoConts, kTwoConts,                                      // 10______
    kTooShort | kOverlong2,                                                          // 1100____
    kTooShort,                                                                       // 1101____
    kTooShort | kOverlong3 | kSurrogate,                                             // 1110____
    kTooShort | kTooLarge | kTooLarge1000 | kOverlong4};                             // 1111____
// Indexed by the low half of the byte before.
alignas(16) constexpr uint8_t kPrevLow[16] = {
    kCarry | kOverlong3 | kOverlong2 | kOverlong4,  // ____0000
    kCarry | kOverlong2,                            // ____0001
    kCarry, kCarry,
    kCarry | kTooLarge,                             // ____0100 (F4)
    kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000,
    kCarry | kTooLarge | kTooLarge1000 | kSurrogate,  // ____1101 (ED)
    kCarry | kTooLarge | kTooLarge1000, kCarry | kTooLarge | kTooLarge1000};
// Indexed by the high half of the byte itself.
alignas(16) constexpr uint8_t kHigh[16] = {
    kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,
    kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4,  // 1000____
    kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge,                   // 1001____
    kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,                   // 1010____
    kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,                   // 1011____
    kTooShort, kTooShort, kTooShort, kTooShort};
}  // namespace utf8_classes

bool scan_blocks_scalar(const unsigned char *data, size_t size, size_t begin, size_t end,
                        uint64_t *nl, uint64_t *ws) {
    using namespace utf8_classes;
    auto at = [&](size_t i) -> unsigned { return i < size ? data[i] : 0u; };
    unsigned error = 0;
    for (size_t o = begin, j = 0; o < end; o += 64, ++j) {
        uint64_t n = 0, w = 0;
        for (size_t i = 0; i < 64; ++i) {
            const size_t p = o + i;
            const unsigned c = at(p);
            const unsigned p1 = p >= 1 ? at(p - 1) : 0, p2 = p >= 2 ? at(p - 2) : 0,
                           p3 = p >= 3 ? at(p - 3) : 0;
            n |= uint64_t{c == '\n'} << i;
            w |= uint64_t{c == ' ' || (c >= '\t' && c <= '\r')} << i;
            const unsigned special = kPrevHigh[p1 >> 4] & kPrevLow[p1 & 15] & kHigh[c >> 4];
            const unsigned must23 = (p2 >= 0xE0 || p3 >= 0xF0) ? 0x80u : 0u;
            error |= special ^ must23;
        }
        nl[j] = n;
        ws[j] = w;
    }
    return error == 0;
}

}  // namespace tqcli

#endif  // TQCLI_CONLL_SCAN_ONCE

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "conll_scan.cpp"  // found through this file's include path
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace tqcli {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// The masks of lanes [i, i + N) go to bits [i, i + N) of a block's word.
template <class D, class M>
HWY_INLINE uint64_t MaskBits(D d, M m, size_t i) {
    uint8_t bytes[8] = {};
    hn::StoreMaskBits(d, m, bytes);
    uint64_t bits = 0;
    std::memcpy(&bits, bytes, hn::Lanes(d) / 8);
    return bits << i;
}

bool ScanBlocks(const unsigned char *data, size_t size, size_t begin, size_t end, uint64_t *nl,
                uint64_t *ws) {
    const hn::CappedTag<uint8_t, 64> d;
    const size_t lanes = hn::Lanes(d);
    // The lookups need whole 16-byte blocks; the masks whole bytes of bits.
    if (lanes < 16 || 64 % lanes != 0) return scan_blocks_scalar(data, size, begin, end, nl, ws);
    using namespace utf8_classes;
    const auto prev_high = hn::LoadDup128(d, kPrevHigh);
    const auto prev_low = hn::LoadDup128(d, kPrevLow);
    const auto high = hn::LoadDup128(d, kHigh);
    const auto newline = hn::Set(d, '\n'), space = hn::Set(d, ' '), tab = hn::Set(d, '\t');
    const auto five = hn::Set(d, 5), low_half = hn::Set(d, 0x0F), top_bit = hn::Set(d, 0x80);
    const auto third = hn::Set(d, 0xE0 - 0x80), fourth = hn::Set(d, 0xF0 - 0x80);
    auto error = hn::Zero(d);
    // A block at the start of the file (no three bytes before it) or past its end is
    // copied, with zeros around it, into `padded`.
    alignas(64) uint8_t padded[16 + 64];
    for (size_t o = begin, j = 0; o < end; o += 64, ++j) {
        const uint8_t *p = data + o;
        if (o < 16 || o + 64 > size) {
            for (size_t i = 0; i < 16 + 64; ++i) {
                const size_t at = o + i;  // the byte at o + i - 16
                padded[i] = at >= 16 && at - 16 < size ? data[at - 16] : 0;
            }
            p = padded + 16;
        }
        uint64_t n = 0, w = 0;
        for (size_t i = 0; i < 64; i += lanes) {
            const auto v = hn::LoadU(d, p + i);
            const auto is_nl = hn::Eq(v, newline);
            n |= MaskBits(d, is_nl, i);
            // '\t' .. '\r' are 9 .. 13: one unsigned comparison.
            const auto is_ws = hn::Or(hn::Eq(v, space), hn::Lt(hn::Sub(v, tab), five));
            w |= MaskBits(d, is_ws, i);
            const auto prev3 = hn::LoadU(d, p + i - 3);
            // Nothing to check where these bytes and the three before are all ASCII.
            if (hn::AllTrue(d, hn::Lt(hn::Or(v, prev3), top_bit))) continue;
            const auto prev1 = hn::LoadU(d, p + i - 1), prev2 = hn::LoadU(d, p + i - 2);
            const auto special =
                hn::And(hn::And(hn::TableLookupBytes(prev_high, hn::ShiftRight<4>(prev1)),
                                hn::TableLookupBytes(prev_low, hn::And(prev1, low_half))),
                        hn::TableLookupBytes(high, hn::ShiftRight<4>(v)));
            // 0x80 where this byte must be the 3rd or 4th of a sequence.
            const auto must23 = hn::And(
                hn::Or(hn::SaturatedSub(prev2, third), hn::SaturatedSub(prev3, fourth)), top_bit);
            error = hn::Or(error, hn::Xor(special, must23));
        }
        nl[j] = n;
        ws[j] = w;
    }
    return hn::AllTrue(d, hn::Eq(error, hn::Zero(d)));
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace tqcli
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace tqcli {

HWY_EXPORT(ScanBlocks);

bool scan_blocks(const unsigned char *data, size_t size, size_t begin, size_t end, uint64_t *nl,
                 uint64_t *ws) {
    return HWY_DYNAMIC_DISPATCH(ScanBlocks)(data, size, begin, end, nl, ws);
}

}  // namespace tqcli
#endif
