// Writes one JSON object per line, straight into a string: the JSONL output of a large
// corpus has a row per sentence or issue, and building a nlohmann::json object for each
// (allocating every key and value) cost several times the scoring itself. Numbers use
// std::to_chars, whose shortest form reads back as the same double.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tqcli {

class JsonLine {
public:
    explicit JsonLine(std::string &out) : out_(out) { out_ += '{'; }

    JsonLine &str(const char *key, std::string_view value) {
        start(key);
        out_ += '"';
        escape(value);
        out_ += '"';
        return *this;
    }
    JsonLine &num(const char *key, double value) {
        start(key);
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, value);
        out_.append(buf, r.ptr);
        return *this;
    }
    JsonLine &integer(const char *key, int64_t value) {
        start(key);
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, value);
        out_.append(buf, r.ptr);
        return *this;
    }
    JsonLine &null(const char *key) {
        start(key);
        out_ += "null";
        return *this;
    }
    void end() { out_ += "}\n"; }

private:
    void start(const char *key) {
        if (!first_) out_ += ',';
        first_ = false;
        out_ += '"';
        out_ += key;  // keys are plain ASCII literals
        out_ += "\":";
    }
    // RFC 8259: quote, backslash and control characters escaped; the text is valid UTF-8
    // (the readers check), so every other byte is written as it is.
    void escape(std::string_view s) {
        static const char hex[] = "0123456789abcdef";
        size_t run = 0;  // bytes since the last escape, appended in one go
        for (size_t i = 0; i < s.size(); ++i) {
            // Eight bytes at a time while none needs escaping (no byte < 0x20, '"' or '\\').
            while (s.size() - i >= 8 && !needs_escape(s.data() + i)) i += 8;
            if (i >= s.size()) break;
            const unsigned char c = static_cast<unsigned char>(s[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            out_.append(s.data() + run, i - run);
            run = i + 1;
            out_ += '\\';
            switch (c) {
            case '"': out_ += '"'; break;
            case '\\': out_ += '\\'; break;
            case '\n': out_ += 'n'; break;
            case '\r': out_ += 'r'; break;
            case '\t': out_ += 't'; break;
            default:
                out_ += "u00";
                out_ += hex[c >> 4];
                out_ += hex[c & 15];
            }
        }
        out_.append(s.data() + run, s.size() - run);
    }
    // Bit tricks on a 64-bit word: a byte is zero (or below n) where subtracting borrows.
    static bool needs_escape(const char *p) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
        auto zero_byte = [&](uint64_t v) { return (v - ones) & ~v & high; };
        return ((w - ones * 0x20) & ~w & high) | zero_byte(w ^ (ones * '"')) |
               zero_byte(w ^ (ones * '\\'));
    }
    std::string &out_;
    bool first_ = true;
};

}  // namespace tqcli
