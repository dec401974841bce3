#include "text_color.hpp"

#include <vector>

#include "text_sentence.hpp"
#include "utf8.hpp"

namespace tq {

namespace {

// Whether the code point ending right before byte `position` is a word character.
bool word_char_before(std::string_view text, size_t position) {
    if (position == 0) return false;
    size_t start = position - 1;
    while (start > 0 && is_utf8_continuation(static_cast<unsigned char>(text[start]))) --start;
    return is_word_char(decode_utf8(text, start).code_point);
}

// Whether the code point starting at byte `position` is a word character.
bool word_char_at(std::string_view text, size_t position) {
    if (position >= text.size()) return false;
    return is_word_char(decode_utf8(text, position).code_point);
}

// Python's re \b: the neighbours differ in being word characters. Like Python, an
// empty string has no boundary at all.
bool is_boundary(std::string_view text, size_t position) {
    if (text.empty()) return false;
    return word_char_before(text, position) != word_char_at(text, position);
}

// Python's str.replace("", new_word): new_word before every code point and at the end.
std::string insert_everywhere(std::string_view text, std::string_view new_word) {
    std::string result(new_word);
    for (size_t position = 0; position < text.size();) {
        const size_t length = static_cast<size_t>(decode_utf8(text, position).length);
        result.append(text.substr(position, length));
        result.append(new_word);
        position += length;
    }
    return result;
}

}  // namespace

std::string replace_word(std::string_view sentence, std::string_view word,
                         std::string_view new_word) {
    // Byte positions where a whole-word match starts, leftmost first, non-overlapping.
    std::vector<size_t> matches;
    if (word.empty()) {
        // r"\b\b" matches the empty string at every boundary.
        for (size_t position = 0; position <= sentence.size(); ++position) {
            const bool starts_code_point =
                position == sentence.size() ||
                !is_utf8_continuation(static_cast<unsigned char>(sentence[position]));
            if (starts_code_point && is_boundary(sentence, position)) matches.push_back(position);
        }
        if (matches.empty()) return insert_everywhere(sentence, new_word);
    } else {
        size_t from = 0;
        while (true) {
            // A well-formed word can only occur where a code point starts.
            const size_t found = sentence.find(word, from);
            if (found == std::string_view::npos) break;
            if (is_boundary(sentence, found) && is_boundary(sentence, found + word.size())) {
                matches.push_back(found);
                from = found + word.size();
            } else {
                from = found + 1;
            }
        }
        if (matches.empty()) return replace_all(sentence, word, new_word);
    }
    std::string result;
    result.reserve(sentence.size() + matches.size() * new_word.size());
    size_t copied = 0;
    for (size_t match : matches) {
        result.append(sentence.substr(copied, match - copied));
        result.append(new_word);
        copied = match + word.size();
    }
    result.append(sentence.substr(copied));
    return result;
}

std::string color_sentence(std::string_view sentence, std::string_view word,
                           std::string_view before, std::string_view after) {
    std::string highlighted;
    highlighted.reserve(before.size() + word.size() + after.size());
    highlighted.append(before).append(word).append(after);
    return replace_word(sentence, word, highlighted);
}

}  // namespace tq
