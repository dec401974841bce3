// Text from the library's text helpers (tq_get_sentence, tq_color_sentence), which
// write into a caller buffer and report the size they need.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

// sentence_text, computed once per sentence: an issue list names many sentences more
// than once, and joining a sentence (the library checks its UTF-8) is most of the cost
// of writing a row.
class SentenceTexts {
public:
    explicit SentenceTexts(const Corpus &c)
        : corpus_(c), slot_(static_cast<size_t>(c.n_sentences()), -1) {}
    const std::string &get(int64_t s) {
        int64_t &slot = slot_[static_cast<size_t>(s)];
        if (slot < 0) {
            slot = static_cast<int64_t>(texts_.size());
            texts_.push_back(sentence_text(corpus_, s));
        }
        return texts_[static_cast<size_t>(slot)];
    }

private:
    const Corpus &corpus_;
    std::vector<int64_t> slot_;  // per sentence: its text's index in texts_, or -1
    std::vector<std::string> texts_;
};

// `sentence` with `word` wrapped in before/after (cleanlab's color_sentence).
std::string highlight(const std::string &sentence, std::string_view word, const char *before,
                      const char *after);

}  // namespace tqcli
