// Text crossing the C boundary: reading and checking UTF-8 inputs (single strings and
// lists of strings in one buffer with byte offsets), and writing text results into
// caller buffers snprintf-style (see "Text helpers and summaries" in tokqual.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tq {

// A list of strings in one buffer: item i is bytes [offsets[i], offsets[i+1]) of text.
struct TextList {
    const char *text = nullptr;
    const int64_t *offsets = nullptr;
    int64_t count = 0;

    std::string_view item(int64_t i) const {
        return std::string_view(text + offsets[i],
                                static_cast<size_t>(offsets[i + 1] - offsets[i]));
    }
};

// The argument names a TextList is reported under, e.g. {"token_text", "text_size",
// "token_offsets", "n_tokens", "token"}.
struct TextListNames {
    const char *text;
    const char *size;
    const char *offsets;
    const char *count;
    const char *item;
};

// Checks and returns a list of `count` strings: text_size >= 0, text not NULL when
// text_size > 0, offsets (count + 1 entries; may be NULL only when count == 0) within
// [0, text_size] and never decreasing, every item well-formed UTF-8.
TextList read_text_list(const char *text, int64_t text_size, const int64_t *offsets,
                        int64_t count, const TextListNames &names);

// Checks and returns one string of `size` bytes (NULL allowed when size == 0).
std::string_view read_string(const char *text, int64_t size, const char *name);

// Checks and returns a NUL-terminated string, or `fallback` when `text` is NULL.
std::string_view read_c_string(const char *text, const char *name, std::string_view fallback);

// A caller's text output: buffer, capacity, and where the needed size goes.
struct TextOutput {
    char *text;
    int64_t capacity;
    int64_t *size;
};

// Checks the output arguments: out_size not NULL, capacity >= 0, out_text not NULL
// when capacity > 0.
TextOutput read_text_output(char *out_text, int64_t capacity, int64_t *out_size);

// Delivers `result`: *size = its length in bytes (without the NUL). When capacity is
// at least that plus one, copies it and a NUL terminator; otherwise writes nothing to
// the buffer and throws TQ_ERR_BUFFER_TOO_SMALL.
void write_text_output(const TextOutput &output, const std::string &result);

}  // namespace tq
