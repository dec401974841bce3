// The CoNLL reader: one token per line, the first column the token and the last column
// its tag, any run of spaces or tabs between columns, a blank line between sentences,
// "-DOCSTART-" lines skipped, UTF-8 (a leading byte-order mark is skipped).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tqcli {

// Tags by name -> class index; the views point into the caller's class names.
using TagIndex = std::unordered_map<std::string_view, int32_t>;

// Memory for the reader's large arrays: whole 2 MB pages, asked to be backed by huge
// pages where Linux offers them (madvise). Faulting in fresh memory 4 KB at a time cost
// more than all the parsing (some 5 us per page in a virtual machine; 16 MB of arrays
// for 1M tokens). Throws std::bad_alloc.
void *allocate_large(size_t bytes);
void free_large(void *p, size_t bytes);
constexpr size_t kLargeAllocation = size_t{1} << 21;

// An allocator whose resize() leaves new elements uninitialized (the reader sizes its
// arrays for the most tokens a stretch of input can hold, then writes them: zeroing
// first would touch every byte twice), and whose large blocks come from allocate_large.
template <class T>
struct UninitAllocator : std::allocator<T> {
    template <class U>
    struct rebind {
        using other = UninitAllocator<U>;
    };
    UninitAllocator() = default;
    template <class U>
    UninitAllocator(const UninitAllocator<U> &) noexcept {}
    T *allocate(size_t n) {
        if (n * sizeof(T) < kLargeAllocation) return std::allocator<T>::allocate(n);
        return static_cast<T *>(allocate_large(n * sizeof(T)));
    }
    void deallocate(T *p, size_t n) {
        if (n * sizeof(T) < kLargeAllocation) std::allocator<T>::deallocate(p, n);
        else free_large(p, n * sizeof(T));
    }
    template <class U>
    void construct(U *p) noexcept {
        ::new (static_cast<void *>(p)) U;
    }
    template <class U, class... Args>
    void construct(U *p, Args &&...args) {
        ::new (static_cast<void *>(p)) U(std::forward<Args>(args)...);
    }
};
template <class T>
using RawVector = std::vector<T, UninitAllocator<T>>;

// A corpus in the layout of tokqual.h: the tokens' text as one buffer with byte offsets,
// sentence offsets, and one label per token.
struct Corpus {
    RawVector<char> token_text;        // every token's bytes, back to back
    RawVector<int64_t> token_offsets;  // n_tokens + 1: token t is [off[t], off[t+1])
    std::vector<int64_t> offsets;      // n_sentences + 1, as tokqual.h's "Data layout"
    RawVector<int32_t> labels;         // n_tokens, indices into the class list

    int64_t n_tokens() const { return static_cast<int64_t>(labels.size()); }
    int64_t n_sentences() const { return static_cast<int64_t>(offsets.size()) - 1; }
    std::string_view token(int64_t t) const {
        return std::string_view(token_text.data() + token_offsets[t],
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
