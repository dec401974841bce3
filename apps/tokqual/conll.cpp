#include "conll.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "errors.hpp"

namespace tqcli {

size_t find_invalid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        // ASCII text, eight bytes at a time: the common case costs next to nothing.
        while (n - i >= 8) {
            uint64_t word;
            std::memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned c = s[i];
        if (c < 0x80) { ++i; continue; }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) { len = 3; lo = 0xA0; }
        else if (c == 0xED) { len = 3; hi = 0x9F; }  // no surrogates
        else if (c >= 0xE1 && c <= 0xEF) len = 3;
        else if (c == 0xF0) { len = 4; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) { len = 4; hi = 0x8F; }  // nothing above U+10FFFF
        else return i;
        if (n - i < len) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return n;
}

namespace {

// Column separators: space, tab, and CR (of CRLF line ends), VT, FF. A table, since
// every byte of the file is tested.
struct SpaceTable {
    bool is[256] = {};
    SpaceTable() {
        for (unsigned char c : {' ', '\t', '\r', '\v', '\f'}) is[c] = true;  // clang: no char subscripts
    }
};
const SpaceTable kSpace;
inline bool is_space(unsigned char c) { return kSpace.is[c]; }

std::string line_ref(const std::string &name, size_t line) {
    return name + ":" + std::to_string(line);
}

std::string expected_tags(const std::vector<std::string> &names) {
    std::string list;
    for (size_t k = 0; k < names.size() && k < 20; ++k) list += (k ? ", " : "") + printable(names[k]);
    if (names.size() > 20) list += ", ... (" + std::to_string(names.size()) + " in all)";
    return list;
}

// Tags are short and mostly repeat the previous one: compared inline, not via memcmp.
inline bool same(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

}  // namespace

Corpus parse_conll(const unsigned char *data, size_t size, const std::string &name,
                   const TagIndex &tags, const std::vector<std::string> &tag_names,
                   void (*on_progress)(size_t, void *), void *progress_data) {
    // Validate the encoding once, up front; the message names the line of the bad byte.
    size_t bad = find_invalid_utf8(data, size);
    if (bad != size) {
        size_t line = 1 + static_cast<size_t>(std::count(data, data + bad, '\n'));
        input_error(line_ref(name, line) + ": ill-formed UTF-8 at byte offset " +
                    std::to_string(bad) + "; expected UTF-8 text");
    }
    Corpus c;
    c.token_text.reserve(size / 2);
    c.token_offsets.reserve(size / 6 + 1);
    c.labels.reserve(size / 6);
    c.token_offsets.push_back(0);
    c.offsets.push_back(0);

    size_t pos = 0, line = 0;
    if (size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    size_t next_report = 1 << 24;
    std::string_view last_tag;  // tags repeat; skip the hash lookup when they do
    int32_t last_label = -1;
    while (pos < size) {
        ++line;
        const unsigned char *nl =
            static_cast<const unsigned char *>(std::memchr(data + pos, '\n', size - pos));
        size_t end = nl ? static_cast<size_t>(nl - data) : size;
        // Split the line into its first and last columns.
        size_t b = pos;
        while (b < end && is_space(data[b])) ++b;
        size_t e = end;
        while (e > b && is_space(data[e - 1])) --e;
        pos = nl ? end + 1 : size;
        if (on_progress && pos >= next_report) {
            on_progress(pos, progress_data);
            next_report = pos + (1 << 24);
        }
        if (b == e) {  // a blank line ends the sentence, if one is open
            if (c.labels.size() > static_cast<size_t>(c.offsets.back()))
                c.offsets.push_back(static_cast<int64_t>(c.labels.size()));
            continue;
        }
        size_t word_end = b;
        while (word_end < e && !is_space(data[word_end])) ++word_end;
        std::string_view word(reinterpret_cast<const char *>(data + b), word_end - b);
        if (word.size() == 10 && word[0] == '-' && word == "-DOCSTART-") continue;
        if (word_end == e)
            input_error(line_ref(name, line) + ": expected a token and a tag separated by "
                        "white space, found one column '" + printable(word) + "'");
        size_t tag_begin = e;
        while (!is_space(data[tag_begin - 1])) --tag_begin;
        std::string_view tag(reinterpret_cast<const char *>(data + tag_begin), e - tag_begin);
        if (!same(tag, last_tag)) {
            auto it = tags.find(tag);
            if (it == tags.end())
                input_error(line_ref(name, line) + ": unknown tag '" + printable(tag) +
                            "'; expected one of the classes: " + expected_tags(tag_names));
            last_tag = tag;
            last_label = it->second;
        }
        c.token_text.append(word);
        c.token_offsets.push_back(static_cast<int64_t>(c.token_text.size()));
        c.labels.push_back(last_label);
    }
    if (c.labels.size() > static_cast<size_t>(c.offsets.back()))
        c.offsets.push_back(static_cast<int64_t>(c.labels.size()));
    if (c.labels.empty())
        input_error(name + ": no tokens found; expected lines of a token and its tag");
    return c;
}

}  // namespace tqcli
