#include "text_util.hpp"

#include "errors.hpp"

namespace tqcli {

std::string sentence_text(const Corpus &c, int64_t s) {
    const int64_t first = c.offsets[s], n = c.offsets[s + 1] - first;
    return text_from(
        [&](char *out, int64_t cap, int64_t *size) {
            return tq_get_sentence(c.token_text.data(), static_cast<int64_t>(c.token_text.size()),
                                   c.token_offsets.data() + first, n, out, cap, size);
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
