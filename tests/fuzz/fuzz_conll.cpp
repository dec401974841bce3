// libFuzzer harness: the CoNLL reader of the tokqual command (apps/tokqual/conll.cpp).
//
// Input: the bytes of a CoNLL file; the classes are O, B-PER, I-PER, B-LOC and "é-X".
// Checked: the reader either throws its input error, whose message is one line naming
// the file, or returns a corpus that follows tokqual.h's "Data layout" (offsets from 0,
// strictly increasing, ending at n_tokens; token offsets consistent with the text;
// labels in range) with exactly one token per line that is neither blank nor a
// -DOCSTART- line (re-derived here independently), each token non-empty, free of white
// space and valid UTF-8; and the reader agrees with the reference reader
// (tests/cli/conll_reference.hpp: the same corpus, or the same message and status).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "conll.hpp"
#include "conll_reference.hpp"
#include "errors.hpp"

namespace {

bool blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Lines that hold a token: not blank, and not starting with the -DOCSTART- column.
int64_t expected_tokens(const uint8_t *d, size_t n) {
    size_t pos = n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF ? 3 : 0;
    int64_t count = 0;
    while (pos < n) {
        size_t end = pos;
        while (end < n && d[end] != '\n') ++end;
        size_t b = pos;
        while (b < end && blank(d[b])) ++b;
        size_t e = b;
        while (e < end && !blank(d[e])) ++e;
        std::string first(reinterpret_cast<const char *>(d + b), e - b);
        if (b < end && first != "-DOCSTART-") ++count;
        pos = end + 1;
    }
    return count;
}

void require(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_conll: invariant violated: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const std::vector<std::string> names = {"O", "B-PER", "I-PER", "B-LOC", "\xC3\xA9-X"};
    static const tqcli::TagIndex tags = [] {
        tqcli::TagIndex t;
        for (size_t k = 0; k < names.size(); ++k) t.emplace(names[k], static_cast<int32_t>(k));
        return t;
    }();
    const std::string why = tqcli_reference::compare_readers(
        std::string(reinterpret_cast<const char *>(data), size), tags, names);
    if (!why.empty()) {
        std::fprintf(stderr, "fuzz_conll: the reader and the reference differ: %s\n", why.c_str());
        std::abort();
    }
    tqcli::Corpus c;
    try {
        c = tqcli::parse_conll(data, size, "in.conll", tags, names);
    } catch (const tqcli::Failure &f) {
        const std::string m = f.what();
        require(f.status == tqcli::kExitInput, "input errors exit with 3");
        require(m.rfind("in.conll", 0) == 0, "the message names the file");
        require(m.find('\n') == std::string::npos && m.find('\r') == std::string::npos,
                "the message is one line");
        return 0;
    }
    const int64_t n = c.n_tokens();
    require(n > 0 && n == expected_tokens(data, size), "one token per token line");
    require(c.offsets.front() == 0 && c.offsets.back() == n, "offsets span the tokens");
    for (size_t s = 0; s + 1 < c.offsets.size(); ++s)
        require(c.offsets[s] < c.offsets[s + 1], "no empty sentence");
    require(static_cast<int64_t>(c.token_offsets.size()) == n + 1 && c.token_offsets[0] == 0 &&
                c.token_offsets[n] == static_cast<int64_t>(c.token_text.size()),
            "token offsets span the text");
    for (int64_t t = 0; t < n; ++t) {
        require(c.labels[t] >= 0 && c.labels[t] < static_cast<int32_t>(names.size()), "label range");
        std::string_view w = c.token(t);
        require(!w.empty(), "no empty token");
        for (unsigned char ch : w) require(!blank(ch) && ch != '\n', "no white space in a token");
        require(tqcli::find_invalid_utf8(reinterpret_cast<const unsigned char *>(w.data()),
                                         w.size()) == w.size(),
                "tokens are UTF-8");
    }
    return 0;
}
