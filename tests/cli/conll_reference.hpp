// The CoNLL reader as it was before it was vectorized (a loop over the bytes, the UTF-8
// check up front), kept as the oracle of the reader's tests and of the fuzz_conll
// harness: apps/tokqual/conll.cpp must return the same corpus, or fail with the same
// message, for every input.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "conll.hpp"
#include "errors.hpp"

namespace tqcli_reference {

struct Corpus {
    std::string token_text;
    std::vector<int64_t> token_offsets{0}, offsets{0};
    std::vector<int32_t> labels;
};

inline bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

inline std::string expected_tags(const std::vector<std::string> &names) {
    std::string list;
    for (size_t k = 0; k < names.size() && k < 20; ++k)
        list += (k ? ", " : "") + tqcli::printable(names[k]);
    if (names.size() > 20) list += ", ... (" + std::to_string(names.size()) + " in all)";
    return list;
}

// Throws tqcli::Failure as parse_conll does.
inline Corpus parse_conll(const unsigned char *data, size_t size, const std::string &name,
                          const tqcli::TagIndex &tags, const std::vector<std::string> &tag_names) {
    auto where = [&](size_t line) { return name + ":" + std::to_string(line); };
    size_t bad = tqcli::find_invalid_utf8(data, size);
    if (bad != size) {
        size_t line = 1 + static_cast<size_t>(std::count(data, data + bad, '\n'));
        tqcli::input_error(where(line) + ": ill-formed UTF-8 at byte offset " +
                           std::to_string(bad) + "; expected UTF-8 text");
    }
    Corpus c;
    size_t pos = 0, line = 0;
    if (size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    while (pos < size) {
        ++line;
        size_t end = pos;
        while (end < size && data[end] != '\n') ++end;
        size_t b = pos;
        while (b < end && is_space(data[b])) ++b;
        size_t e = end;
        while (e > b && is_space(data[e - 1])) --e;
        pos = end + 1;
        if (b == e) {
            if (c.labels.size() > static_cast<size_t>(c.offsets.back()))
                c.offsets.push_back(static_cast<int64_t>(c.labels.size()));
            continue;
        }
        size_t word_end = b;
        while (word_end < e && !is_space(data[word_end])) ++word_end;
        std::string_view word(reinterpret_cast<const char *>(data + b), word_end - b);
        if (word == "-DOCSTART-") continue;
        if (word_end == e)
            tqcli::input_error(where(line) + ": expected a token and a tag separated by white "
                               "space, found one column '" + tqcli::printable(word) + "'");
        size_t tag_begin = e;
        while (!is_space(data[tag_begin - 1])) --tag_begin;
        std::string_view tag(reinterpret_cast<const char *>(data + tag_begin), e - tag_begin);
        auto it = tags.find(tag);
        if (it == tags.end())
            tqcli::input_error(where(line) + ": unknown tag '" + tqcli::printable(tag) +
                               "'; expected one of the classes: " + expected_tags(tag_names));
        c.token_text.append(word);
        c.token_offsets.push_back(static_cast<int64_t>(c.token_text.size()));
        c.labels.push_back(it->second);
    }
    if (c.labels.size() > static_cast<size_t>(c.offsets.back()))
        c.offsets.push_back(static_cast<int64_t>(c.labels.size()));
    if (c.labels.empty())
        tqcli::input_error(name + ": no tokens found; expected lines of a token and its tag");
    return c;
}

// "" when the reader and the reference agree on `text` (the same corpus, or the same
// failure), else what differs.
inline std::string compare_readers(const std::string &text, const tqcli::TagIndex &tags,
                                   const std::vector<std::string> &names) {
    const auto *data = reinterpret_cast<const unsigned char *>(text.data());
    std::string want_error, got_error;
    int want_status = 0, got_status = 0;
    Corpus want;
    tqcli::Corpus got;
    try {
        want = parse_conll(data, text.size(), "in.conll", tags, names);
    } catch (const tqcli::Failure &f) {
        want_error = f.what();
        want_status = f.status;
    }
    try {
        got = tqcli::parse_conll(data, text.size(), "in.conll", tags, names);
    } catch (const tqcli::Failure &f) {
        got_error = f.what();
        got_status = f.status;
    }
    if (want_error != got_error || want_status != got_status)
        return "error '" + got_error + "' (" + std::to_string(got_status) + "), expected '" +
               want_error + "' (" + std::to_string(want_status) + ")";
    if (!want_error.empty()) return "";
    if (std::string(got.token_text.begin(), got.token_text.end()) != want.token_text)
        return "token text differs";
    if (std::vector<int64_t>(got.token_offsets.begin(), got.token_offsets.end()) != want.token_offsets)
        return "token offsets differ";
    if (got.offsets != want.offsets) return "sentence offsets differ";
    if (std::vector<int32_t>(got.labels.begin(), got.labels.end()) != want.labels)
        return "labels differ";
    return "";
}

}  // namespace tqcli_reference
