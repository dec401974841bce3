// Sentences from tokens and token clean-up (cleanlab.internal.token_classification_utils:
// get_sentence, filter_sentence, process_token).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text_io.hpp"

namespace tq {

// Python's str.replace(pattern, replacement) for a non-empty pattern: every
// non-overlapping occurrence, left to right.
std::string replace_all(std::string_view text, std::string_view pattern,
                        std::string_view replacement);

// The words joined as cleanlab's get_sentence joins them.
std::string join_sentence(const TextList &words, int64_t first, int64_t end);

// cleanlab's default filter_sentence condition: more than one code point and no '#'.
bool default_sentence_condition(std::string_view sentence);

// process_token: every occurrence of any `find` string replaced in one left-to-right
// pass; at each position the first listed find string that matches wins. A find string
// listed twice keeps its first position and its last replacement (cleanlab builds a
// dict). Find strings must be non-empty.
std::string replace_tokens(std::string_view token,
                           const std::vector<std::pair<std::string_view, std::string_view>> &pairs);

}  // namespace tq
