#include "text_sentence.hpp"

#include "utf8.hpp"

namespace tq {

namespace {

// Python's string.punctuation. cleanlab tests `word not in string.punctuation`, which
// is a substring test: "", "()" and ",-." count as punctuation too.
constexpr std::string_view kPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

bool attaches_to_previous_word(std::string_view word) {
    if (word == "-" || word == "(") return false;
    return kPunctuation.find(word) != std::string_view::npos;
}

}  // namespace

std::string replace_all(std::string_view text, std::string_view pattern,
                        std::string_view replacement) {
    std::string result;
    result.reserve(text.size());
    size_t position = 0;
    while (true) {
        const size_t found = text.find(pattern, position);
        if (found == std::string_view::npos) break;
        result.append(text.substr(position, found - position));
        result.append(replacement);
        position = found + pattern.size();
    }
    result.append(text.substr(position));
    return result;
}

std::string join_sentence(const TextList &words, int64_t first, int64_t end) {
    std::string joined;
    for (int64_t w = first; w < end; ++w) {
        const std::string_view word = words.item(w);
        if (!attaches_to_previous_word(word)) joined.push_back(' ');
        joined.append(word);
    }
    joined = replace_all(joined, " '", "'");
    joined = replace_all(joined, "( ", "(");
    return std::string(python_strip(joined));
}

bool default_sentence_condition(std::string_view sentence) {
    return count_code_points(sentence) > 1 && sentence.find('#') == std::string_view::npos;
}

std::string replace_tokens(
    std::string_view token,
    const std::vector<std::pair<std::string_view, std::string_view>> &pairs) {
    // cleanlab keys a dict by the find string: first position, last replacement.
    std::vector<std::pair<std::string_view, std::string_view>> rules;
    for (const auto &pair : pairs) {
        bool seen = false;
        for (auto &rule : rules) {
            if (rule.first == pair.first) {
                rule.second = pair.second;
                seen = true;
            }
        }
        if (!seen) rules.push_back(pair);
    }
    std::string result;
    result.reserve(token.size());
    size_t position = 0;
    while (position < token.size()) {
        bool replaced = false;
        for (const auto &rule : rules) {
            if (token.substr(position, rule.first.size()) == rule.first) {
                result.append(rule.second);
                position += rule.first.size();
                replaced = true;
                break;
            }
        }
        // A find string is well-formed UTF-8, so it can only match where a code point
        // starts; copying byte by byte is therefore the same as by code point.
        if (!replaced) result.push_back(token[position++]);
    }
    return result;
}

}  // namespace tq
