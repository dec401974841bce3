#include "text_util.hpp"

#include <vector>

#include "errors.hpp"

namespace tqcli {

std::string sentence_text(const Corpus &c, int64_t s) {
    const int64_t first = c.offsets[s], n = c.offsets[s + 1] - first;
    // Only the sentence's own bytes: the library checks the text it is given, and the
    // whole corpus's text would make every call cost as much as the corpus.
    const int64_t begin = c.token_offsets[first], end = c.token_offsets[first + n];
    std::vector<int64_t> offsets(c.token_offsets.begin() + first,
                                 c.token_offsets.begin() + first + n + 1);
    for (int64_t &o : offsets) o -= begin;
    return text_from(
        [&](char *out, int64_t cap, int64_t *size) {
            return tq_get_sentence(c.token_text.data() + begin, end - begin, offsets.data(), n,
                                   out, cap, size);
        },
        "tq_get_sentence");
}

std::string highlight(const std::string &sentence, std::string_view word, const char *before,
                      const char *after) {
    return text_from(
        [&](char *out, int64_t cap, int64_t *size) {
            return tq_color_sentence(sentence.data(), static_cast<int64_t>(sentence.size()),
                                     word.data(), static_cast<int64_t>(word.size()), before,
                                     after, out, cap, size);
        },
        "tq_color_sentence");
}

}  // namespace tqcli
