// UTF-8 decoding and the few Unicode properties the text helpers need, with the
// meaning Python's `str` gives them (cleanlab's reference behaviour). Character data
// comes from ICU; nothing here is a hand-written table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tq {

// Whether a byte continues a multi-byte sequence (10xxxxxx).
inline bool is_utf8_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The result of decoding one code point.
struct Decoded {
    char32_t code_point;  // valid only when length > 0
    int length;           // bytes consumed; 0 means ill-formed input at this position
};

// Decodes the code point that starts at text[position]. Well-formed means the
// shortest form, no surrogates, nothing above U+10FFFF (Unicode Table 3-7).
Decoded decode_utf8(std::string_view text, size_t position);

// Throws TQ_ERR_INVALID_VALUE unless `text` is well-formed UTF-8. The message names
// `what` (e.g. "token 12 (bytes [40, 46) of token_text)") and the first bad byte,
// counted from `byte_base` (the position of text[0] in the caller's buffer).
void require_utf8(std::string_view text, const char *what, int64_t byte_base = 0);

// Number of code points of well-formed UTF-8 text (Python's len()).
int64_t count_code_points(std::string_view text);

// Python's re word character for str patterns: str.isalnum() or '_'. isalnum() is
// exactly "general category L* or N*" (Python's isalpha, isdecimal, isdigit and
// isnumeric together), checked over every code point in the tests.
bool is_word_char(char32_t c);

// Python's str.isspace(): bidirectional class WS, B or S, or general category Zs.
bool is_space(char32_t c);

// Python's str.lower(): full lowercase mappings (U+0130 becomes "i" + U+0307) and the
// Final_Sigma rule for U+03A3, with no language-specific rules. Input must be
// well-formed UTF-8.
std::string python_lower(std::string_view text);

// Python's str.strip() with no argument: drops is_space() code points at both ends.
std::string_view python_strip(std::string_view text);

// The Unicode version of the character data in use (ICU's), e.g. "15.0".
std::string unicode_version();

}  // namespace tq
