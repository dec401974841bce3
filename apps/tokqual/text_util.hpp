// Text from the library's text helpers (tq_get_sentence, tq_color_sentence), which
// write into a caller buffer and report the size they need.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "conll.hpp"
#include "errors.hpp"

namespace tqcli {

// Calls fn(buffer, capacity, &size) twice when the first guess is too small.
template <class F>
std::string text_from(F &&fn, const std::string &what) {
    std::string out(256, '\0');
    int64_t size = 0;
    tq_status s = fn(out.data(), static_cast<int64_t>(out.size()), &size);
    if (s == TQ_ERR_BUFFER_TOO_SMALL) {
        out.assign(static_cast<size_t>(size) + 1, '\0');
        s = fn(out.data(), static_cast<int64_t>(out.size()), &size);
    }
    check(s, what);
    out.resize(static_cast<size_t>(size));
    return out;
}

// Sentence s joined as cleanlab's get_sentence does.
std::string sentence_text(const Corpus &c, int64_t s);

// `sentence` with `word` wrapped in before/after (cleanlab's color_sentence).
std::string highlight(const std::string &sentence, std::string_view word, const char *before,
                      const char *after);

}  // namespace tqcli
