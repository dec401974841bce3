// The CoNLL reader: one token per line, the first column the token and the last column
// its tag, any run of spaces or tabs between columns, a blank line between sentences,
// "-DOCSTART-" lines skipped, UTF-8 (a leading byte-order mark is skipped).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tqcli {

// Tags by name -> class index; the views point into the caller's class names.
using TagIndex = std::unordered_map<std::string_view, int32_t>;

// A corpus in the layout of tokqual.h: the tokens' text as one buffer with byte offsets,
// sentence offsets, and one label per token.
struct Corpus {
    std::string token_text;              // every token's bytes, back to back
    std::vector<int64_t> token_offsets;  // n_tokens + 1: token t is [off[t], off[t+1])
    std::vector<int64_t> offsets;        // n_sentences + 1, as tokqual.h's "Data layout"
    std::vector<int32_t> labels;         // n_tokens, indices into the class list

    int64_t n_tokens() const { return static_cast<int64_t>(labels.size()); }
    int64_t n_sentences() const { return static_cast<int64_t>(offsets.size()) - 1; }
    std::string_view token(int64_t t) const {
        return std::string_view(token_text).substr(
            static_cast<size_t>(token_offsets[t]),
            static_cast<size_t>(token_offsets[t + 1] - token_offsets[t]));
    }
};

// Parses `size` bytes of CoNLL text. `name` is the file's name for messages. Throws an
// input error (exit 3) naming name:line for a line without a tag, a tag missing from
// `tags` (listing the expected ones), ill-formed UTF-8, or a file without tokens.
// `on_progress(bytes_done)` is called now and then, if given.
Corpus parse_conll(const unsigned char *data, size_t size, const std::string &name,
                   const TagIndex &tags, const std::vector<std::string> &tag_names,
                   void (*on_progress)(size_t, void *) = nullptr, void *progress_data = nullptr);

// The byte offset of the first ill-formed UTF-8 sequence in [data, data + size), or
// `size` when there is none (overlong forms, surrogates and code points above U+10FFFF
// are ill-formed, as in tokqual.h).
size_t find_invalid_utf8(const unsigned char *data, size_t size);

}  // namespace tqcli
