#include "utf8.hpp"

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/uchar.h>
#include <unicode/utypes.h>
#include <unicode/uversion.h>

#include <climits>

#include "error.hpp"

namespace tq {

Decoded decode_utf8(std::string_view text, size_t position) {
    const size_t available = text.size() - position;
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[position + k]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return {lead, 1};
    // The allowed range of the second byte depends on the lead byte: it rules out
    // overlong forms (E0, F0), surrogates (ED) and values above U+10FFFF (F4).
    int length;
    unsigned char second_low = 0x80, second_high = 0xBF;
    char32_t value;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        value = lead & 0x0F;
        if (lead == 0xE0) second_low = 0xA0;
        if (lead == 0xED) second_high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        value = lead & 0x07;
        if (lead == 0xF0) second_low = 0x90;
        if (lead == 0xF4) second_high = 0x8F;
    } else {
        return {0, 0};
    }
    if (available < static_cast<size_t>(length)) return {0, 0};
    if (byte(1) < second_low || byte(1) > second_high) return {0, 0};
    for (int k = 1; k < length; ++k) {
        if (!is_utf8_continuation(byte(static_cast<size_t>(k)))) return {0, 0};
        value = (value << 6) | (byte(static_cast<size_t>(k)) & 0x3F);
    }
    return {value, length};
}

void require_utf8(std::string_view text, const char *what, int64_t byte_base) {
    size_t position = 0;
    while (position < text.size()) {
        const Decoded d = decode_utf8(text, position);
        if (d.length == 0)
            fail(TQ_ERR_INVALID_VALUE,
                 "%s is not valid UTF-8: ill-formed sequence at byte %lld (0x%02X)", what,
                 static_cast<long long>(byte_base + static_cast<int64_t>(position)),
                 static_cast<unsigned>(static_cast<unsigned char>(text[position])));
        position += static_cast<size_t>(d.length);
    }
}

int64_t count_code_points(std::string_view text) {
    int64_t count = 0;
    for (char c : text)
        if (!is_utf8_continuation(static_cast<unsigned char>(c))) ++count;
    return count;
}

bool is_word_char(char32_t c) {
    if (c == U'_') return true;
    return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_N_MASK)) != 0;
}

bool is_space(char32_t c) {
    const UChar32 cp = static_cast<UChar32>(c);
    if (u_charType(cp) == U_SPACE_SEPARATOR) return true;
    const UCharDirection direction = u_charDirection(cp);
    return direction == U_WHITE_SPACE_NEUTRAL || direction == U_BLOCK_SEPARATOR ||
           direction == U_SEGMENT_SEPARATOR;
}

std::string python_lower(std::string_view text) {
    if (text.size() > static_cast<size_t>(INT32_MAX))
        fail(TQ_ERR_INVALID_SIZE, "a string of %zu bytes is too long to lowercase (limit %d)",
             text.size(), INT32_MAX);
    std::string lowered;
    lowered.reserve(text.size());
    icu::StringByteSink<std::string> sink(&lowered);
    UErrorCode status = U_ZERO_ERROR;
    // "" is ICU's root locale: no Turkish or Lithuanian rules, as Python's lower().
    const icu::StringPiece source(text.data(), static_cast<int32_t>(text.size()));
    icu::CaseMap::utf8ToLower("", 0, source, sink, nullptr, status);
    if (U_FAILURE(status))
        fail(TQ_ERR_INTERNAL, "ICU could not lowercase a string: %s", u_errorName(status));
    return lowered;
}

std::string_view python_strip(std::string_view text) {
    size_t begin = 0;
    while (begin < text.size()) {
        const Decoded d = decode_utf8(text, begin);
        if (d.length == 0 || !is_space(d.code_point)) break;
        begin += static_cast<size_t>(d.length);
    }
    size_t end = text.size();
    while (end > begin) {
        // Step back to the start of the last code point.
        size_t start = end - 1;
        while (start > begin && is_utf8_continuation(static_cast<unsigned char>(text[start])))
            --start;
        const Decoded d = decode_utf8(text, start);
        if (d.length == 0 || !is_space(d.code_point)) break;
        end = start;
    }
    return text.substr(begin, end - begin);
}

std::string unicode_version() {
    UVersionInfo version;
    u_getUnicodeVersion(version);
    return std::to_string(version[0]) + "." + std::to_string(version[1]);
}

}  // namespace tq
