// Highlighting a word in a sentence (cleanlab.internal.token_classification_utils:
// color_sentence and _replace_sentence).
#pragma once

#include <string>
#include <string_view>

namespace tq {

// termcolor's colored(word, "red") markers, which cleanlab uses.
constexpr std::string_view kAnsiRed = "\x1b[31m";
constexpr std::string_view kAnsiReset = "\x1b[0m";

// Every whole-word occurrence of `word` in `sentence` replaced by `new_word`, "whole
// word" meaning what Python's re.sub(r"\b" + re.escape(word) + r"\b", ...) matches on
// str: a word boundary is a position whose neighbours differ in being word characters
// (is_word_char; the ends of the sentence count as non-word). When there is no such
// occurrence, every plain occurrence is replaced (str.replace). `new_word` is inserted
// literally. Both inputs must be well-formed UTF-8.
std::string replace_word(std::string_view sentence, std::string_view word,
                         std::string_view new_word);

// replace_word with new_word = before + word + after.
std::string color_sentence(std::string_view sentence, std::string_view word,
                           std::string_view before, std::string_view after);

}  // namespace tq
