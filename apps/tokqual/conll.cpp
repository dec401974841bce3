#include "conll.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <new>
#include <sys/mman.h>

#include "conll_scan.hpp"
#include "errors.hpp"

namespace tqcli {

void *allocate_large(size_t bytes) {
    const size_t rounded = (bytes + kLargeAllocation - 1) / kLargeAllocation * kLargeAllocation;
    // One page more than needed, to cut an aligned run out of it.
    void *p = ::mmap(nullptr, rounded + kLargeAllocation, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    const uintptr_t start = reinterpret_cast<uintptr_t>(p);
    const uintptr_t aligned = (start + kLargeAllocation - 1) / kLargeAllocation * kLargeAllocation;
    if (aligned > start) ::munmap(p, aligned - start);
    if (const uintptr_t tail = start + kLargeAllocation - aligned; tail > 0)
        ::munmap(reinterpret_cast<void *>(aligned + rounded), tail);
#ifdef MADV_HUGEPAGE
    ::madvise(reinterpret_cast<void *>(aligned), rounded, MADV_HUGEPAGE);  // a hint only
#endif
    return reinterpret_cast<void *>(aligned);
}

void free_large(void *p, size_t bytes) {
    ::munmap(p, (bytes + kLargeAllocation - 1) / kLargeAllocation * kLargeAllocation);
}

size_t find_invalid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        // ASCII text, eight bytes at a time: the common case costs next to nothing.
        while (n - i >= 8) {
            uint64_t word;
            std::memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned c = s[i];
        if (c < 0x80) { ++i; continue; }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) { len = 3; lo = 0xA0; }
        else if (c == 0xED) { len = 3; hi = 0x9F; }  // no surrogates
        else if (c >= 0xE1 && c <= 0xEF) len = 3;
        else if (c == 0xF0) { len = 4; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) { len = 4; hi = 0x8F; }  // nothing above U+10FFFF
        else return i;
        if (n - i < len) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return n;
}

namespace {

// The reader classifies kWindow bytes at a time (conll_scan.hpp), so the bytes and their
// masks stay in the first-level cache while the lines in them are split.
constexpr size_t kWindow = 16384;
constexpr size_t kWords = kWindow / 64 + 1;  // + 1: bits_from reads a word past the last

inline bool bit(const uint64_t *m, size_t i) { return (m[i >> 6] >> (i & 63)) & 1; }

// The first index in [i, limit) whose bit is `one`, or limit.
template <bool one>
inline size_t next_bit(const uint64_t *m, size_t i, size_t limit) {
    size_t w = i >> 6;
    uint64_t x = (one ? m[w] : ~m[w]) & (~uint64_t{0} << (i & 63));
    while (x == 0) {
        if (++w << 6 >= limit) return limit;
        x = one ? m[w] : ~m[w];
    }
    const size_t r = (w << 6) + static_cast<size_t>(__builtin_ctzll(x));
    return r < limit ? r : limit;
}

// The last index in [floor, i) whose bit is `one`; the caller knows there is one.
template <bool one>
inline size_t prev_bit(const uint64_t *m, size_t i, size_t floor) {
    size_t w = (i - 1) >> 6;
    uint64_t x = (one ? m[w] : ~m[w]) & (~uint64_t{0} >> (63 - ((i - 1) & 63)));
    while (x == 0 && (w << 6) > floor) {
        --w;
        x = one ? m[w] : ~m[w];
    }
    return (w << 6) + 63 - static_cast<size_t>(__builtin_clzll(x | 1));
}

// The 64 mask bits from index i on (m holds a word past the last one read).
inline uint64_t bits_from(const uint64_t *m, size_t i) {
    const size_t w = i >> 6, shift = i & 63;
    return shift == 0 ? m[w] : (m[w] >> shift) | (m[w + 1] << (64 - shift));
}

// Column separators of the scalar path (lines longer than a window): as conll_scan.hpp.
inline bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r' && c != '\n'); }

std::string line_ref(const std::string &name, size_t line) {
    return name + ":" + std::to_string(line);
}

std::string expected_tags(const std::vector<std::string> &names) {
    std::string list;
    for (size_t k = 0; k < names.size() && k < 20; ++k) list += (k ? ", " : "") + printable(names[k]);
    if (names.size() > 20) list += ", ... (" + std::to_string(names.size()) + " in all)";
    return list;
}

// Tags of up to 8 bytes, looked up by those bytes as one integer in an open-addressing
// table sized so that every class has a slot of its own (no string hashing per token,
// and one probe that hits: the lookup costs about the same whatever the tag); longer
// tags go through the TagIndex.
class TagTable {
public:
    explicit TagTable(const TagIndex &tags) : tags_(tags) {
        size_t first = 16;  // at least twice the tags: a probe for an unknown one ends
        while (first < 2 * tags.size()) first *= 2;
        for (size_t slots = first;; slots *= 2) {
            shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(slots));
            slots_.assign(slots, Slot{});
            bool collided = false;
            for (const auto &kv : tags) {
                const auto *p = reinterpret_cast<const unsigned char *>(kv.first.data());
                const size_t len = kv.first.size();
                if (len == 0 || len > 8) continue;
                const uint64_t k = key(p, len, p + len);
                size_t i = slot_of(k);
                collided |= slots_[i].len != 0;
                while (slots_[i].len != 0) i = (i + 1) & (slots - 1);
                slots_[i] = Slot{k, static_cast<uint32_t>(len), kv.second};
            }
            // Probing stays correct when no size separates them all (a big class list).
            if (!collided || slots >= 64 * tags.size()) break;
        }
    }

    // The class of the tag [p, p + len), or -1; `end` bounds what may be read.
    int32_t find(const unsigned char *p, size_t len, const unsigned char *end) const {
        if (len > 8) {
            auto it = tags_.find(std::string_view(reinterpret_cast<const char *>(p), len));
            return it == tags_.end() ? -1 : it->second;
        }
        const uint64_t k = key(p, len, end);
        for (size_t i = slot_of(k);; i = (i + 1) & (slots_.size() - 1)) {
            const Slot &s = slots_[i];
            if (s.key == k && s.len == len) return s.label;
            if (s.len == 0) return -1;
        }
    }

    // The tag's bytes as one little-endian integer (len <= 8; bytes past it zero).
    static uint64_t key(const unsigned char *p, size_t len, const unsigned char *end) {
        uint64_t k = 0;
        if (end - p >= 8) {
            std::memcpy(&k, p, 8);
            k &= ~uint64_t{0} >> (64 - 8 * len);
        } else {
            for (size_t i = 0; i < len; ++i) k |= uint64_t{p[i]} << (8 * i);
        }
        return k;
    }

private:
    struct Slot {
        uint64_t key = 0;
        uint32_t len = 0;  // 0: empty
        int32_t label = -1;
    };
    size_t slot_of(uint64_t k) const {
        return static_cast<size_t>((k * 0x9E3779B97F4A7C15ull) >> shift_);
    }
    const TagIndex &tags_;
    std::vector<Slot> slots_;
    unsigned shift_ = 60;
};

// Where the reader is in the corpus's arrays (sized by Reader::reserve).
struct Cursor {
    const unsigned char *data = nullptr;  // the input
    size_t size = 0;
    size_t n_tokens = 0, n_text = 0;
    char *text = nullptr;
    int32_t *labels = nullptr;
    int64_t *token_offsets = nullptr;
};

// The reader's state: the input, the corpus being filled, and the errors it reports.
class Reader {
public:
    Reader(const unsigned char *data, size_t size, const std::string &name, const TagIndex &tags,
           const std::vector<std::string> &tag_names)
        : data_(data), size_(size), name_(name), tag_names_(tag_names), table_(tags) {
        cursor_.data = data;
        cursor_.size = size;
    }

    Corpus read(void (*on_progress)(size_t, void *), void *progress_data);

private:
    void scan(size_t begin, size_t end, uint64_t *nl, uint64_t *ws) const;
    void reserve(size_t bytes);
    void line(Cursor &at, size_t line_start, size_t b, size_t word_end, size_t tag, size_t e);
    size_t lines(size_t base, size_t i, size_t limit, const uint64_t *nl, const uint64_t *ws);
    size_t long_line(size_t pos, size_t scanned);
    [[noreturn, gnu::cold, gnu::noinline]] void fail(size_t line_start, const std::string &what) const;
    [[noreturn, gnu::cold, gnu::noinline]] void fail_utf8() const;
    [[noreturn, gnu::cold, gnu::noinline]] void fail_one_column(size_t line_start, size_t b,
                                                               size_t len) const;
    [[noreturn, gnu::cold, gnu::noinline]] void fail_unknown_tag(size_t line_start, size_t tag,
                                                                size_t len) const;

    const unsigned char *data_;
    size_t size_;
    const std::string &name_;
    const std::vector<std::string> &tag_names_;
    TagTable table_;
    Corpus c_;
    Cursor cursor_;
    std::vector<uint32_t> ends_ = std::vector<uint32_t>(kWindow);  // lines() scratch
};

void Reader::fail_utf8() const {
    const size_t bad = find_invalid_utf8(data_, size_);
    if (bad == size_)  // the vectorized check and the scalar one disagree: a bug
        throw Failure(kExitFailure, name_ + ": internal error: the UTF-8 checks disagree");
    const size_t line = 1 + static_cast<size_t>(std::count(data_, data_ + bad, '\n'));
    input_error(line_ref(name_, line) + ": ill-formed UTF-8 at byte offset " +
                std::to_string(bad) + "; expected UTF-8 text");
}

void Reader::fail(size_t line_start, const std::string &what) const {
    // An encoding error anywhere in the file is reported first, as when the whole file
    // was checked before any line was read.
    if (find_invalid_utf8(data_, size_) != size_) fail_utf8();
    const size_t line = 1 + static_cast<size_t>(std::count(data_, data_ + line_start, '\n'));
    input_error(line_ref(name_, line) + ": " + what);
}

void Reader::scan(size_t begin, size_t end, uint64_t *nl, uint64_t *ws) const {
    if (!scan_blocks(data_, size_, begin, end, nl, ws)) fail_utf8();
    if (end == size_ + 1) {  // the end of the file ends the last line
        const size_t i = size_ - begin;
        nl[i >> 6] |= uint64_t{1} << (i & 63);
        ws[i >> 6] |= uint64_t{1} << (i & 63);
    }
}

// Room for the tokens of `bytes` more bytes: a token line takes at least 4 ("a b\n").
void Reader::reserve(size_t bytes) {
    const size_t tokens = cursor_.n_tokens + bytes / 4 + 2;
    if (c_.labels.size() < tokens) {
        c_.labels.resize(std::max(tokens, c_.labels.size() + c_.labels.size() / 2));
        c_.token_offsets.resize(c_.labels.size() + 1);
    }
    const size_t text = cursor_.n_text + bytes + 16;  // + 16: tokens are copied 16 bytes at a time
    if (c_.token_text.size() < text)
        c_.token_text.resize(std::max(text, c_.token_text.size() + c_.token_text.size() / 2));
    cursor_.text = c_.token_text.data();
    cursor_.labels = c_.labels.data();
    cursor_.token_offsets = c_.token_offsets.data();
}

void Reader::fail_one_column(size_t line_start, size_t b, size_t len) const {
    fail(line_start, "expected a token and a tag separated by white space, found one column '" +
                         printable(std::string_view(reinterpret_cast<const char *>(data_ + b), len)) +
                         "'");
}

void Reader::fail_unknown_tag(size_t line_start, size_t tag, size_t len) const {
    fail(line_start, "unknown tag '" +
                         printable(std::string_view(reinterpret_cast<const char *>(data_ + tag), len)) +
                         "'; expected one of the classes: " + expected_tags(tag_names_));
}

// One line: [b, word_end) is its first column, [tag, e) its last; b == e when blank.
[[gnu::always_inline]] inline void Reader::line(Cursor &at, size_t line_start, size_t b,
                                                size_t word_end, size_t tag, size_t e) {
    // Everything comes from `at`, a local of the caller: read through `this`, members
    // would be reloaded after every store through the char pointer of the text.
    if (b == e) {  // a blank line ends the sentence, if one is open
        if (static_cast<int64_t>(at.n_tokens) > c_.offsets.back())
            c_.offsets.push_back(static_cast<int64_t>(at.n_tokens));
        return;
    }
    const size_t word_len = word_end - b;
    if (word_len == 10 && std::memcmp(at.data + b, "-DOCSTART-", 10) == 0) return;
    if (word_end == e) fail_one_column(line_start, b, word_len);
    const size_t tag_len = e - tag;
    const int32_t label = table_.find(at.data + tag, tag_len, at.data + at.size);
    if (label < 0) fail_unknown_tag(line_start, tag, tag_len);
    char *out = at.text + at.n_text;
    if (word_len <= 16 && at.size - b >= 16) std::memcpy(out, at.data + b, 16);  // one fixed-size copy
    else std::memcpy(out, at.data + b, word_len);
    at.n_text += word_len;
    at.labels[at.n_tokens] = label;
    at.token_offsets[++at.n_tokens] = static_cast<int64_t>(at.n_text);
}

// A line that does not fit in a window (rare): its end is found window by window, each
// window checked as UTF-8, and its columns split byte by byte. `scanned` is where the
// bytes already checked end. Returns where the next line starts.
size_t Reader::long_line(size_t pos, size_t scanned) {
    uint64_t nl[kWords] = {}, ws[kWords] = {};
    size_t end = size_;
    for (size_t at = scanned; at <= size_; at += kWindow) {
        const size_t stop = std::min(at + kWindow, size_ + 1);
        scan(at, stop, nl, ws);
        const size_t i = next_bit<true>(nl, 0, stop - at);
        if (i < stop - at) {
            end = at + i;
            break;
        }
    }
    size_t b = pos;
    while (b < end && is_space(data_[b])) ++b;
    size_t e = end;
    while (e > b && is_space(data_[e - 1])) --e;
    size_t word_end = b;
    while (word_end < e && !is_space(data_[word_end])) ++word_end;
    size_t tag = e;
    while (tag > word_end && !is_space(data_[tag - 1])) --tag;
    reserve(end - pos);
    line(cursor_, pos, b, word_end, tag, e);
    return end + 1;
}

// The lines that end in the window [base, base + limit): each split with a few bit scans
// over its masks. Returns the window index where the first unfinished line starts.
size_t Reader::lines(size_t base, size_t i, size_t limit, const uint64_t *nl, const uint64_t *ws) {
    Cursor at = cursor_;  // a local: its fields stay in registers
    // The line ends first, as a list: each line's work then depends only on its own end
    // and the one before, not on a bit scan from the previous line (lines overlap in
    // the CPU).
    uint32_t *const ends = ends_.data();
    size_t n_ends = 0;
    for (size_t w = i >> 6; w << 6 < limit; ++w) {
        uint64_t x = nl[w] & (w == i >> 6 ? ~uint64_t{0} << (i & 63) : ~uint64_t{0});
        if ((w + 1) << 6 > limit) x &= ~uint64_t{0} >> (64 - (limit & 63));
        for (; x != 0; x &= x - 1)
            ends[n_ends++] = static_cast<uint32_t>((w << 6) + static_cast<size_t>(__builtin_ctzll(x)));
    }
    for (size_t k = 0; k < n_ends; ++k) {
        const size_t end = ends[k];
        const size_t len = end - i;
        if (len - 1 < 64) {  // a line of 1 to 64 bytes: its white-space bits in one word
            const uint64_t line_bits = ~uint64_t{0} >> (64 - len);
            const uint64_t space = bits_from(ws, i) & line_bits, text = ~space & line_bits;
            if (text != 0) {
                const size_t b = static_cast<size_t>(__builtin_ctzll(text));  // first column
                const size_t e = 64 - static_cast<size_t>(__builtin_clzll(text));  // its end
                // The white space between the first and the last column.
                const uint64_t inner = space & (~uint64_t{0} << b) & (~uint64_t{0} >> (64 - e));
                if (inner != 0) {
                    const size_t word_end = static_cast<size_t>(__builtin_ctzll(inner));
                    const size_t tag = 64 - static_cast<size_t>(__builtin_clzll(inner));
                    line(at, base + i, base + i + b, base + i + word_end, base + i + tag,
                         base + i + e);
                    i = end + 1;
                    continue;
                }
            }
        }
        // Blank lines, one column, lines over 64 bytes: scan for each boundary.
        size_t b = i, e = end, word_end = end, tag = end;
        if (bit(ws, b)) b = next_bit<false>(ws, b, end);
        if (b < end) {
            if (bit(ws, e - 1)) e = prev_bit<false>(ws, e, b) + 1;
            word_end = next_bit<true>(ws, b, e);
            tag = word_end < e ? prev_bit<true>(ws, e, word_end) + 1 : e;
        } else {
            e = b;
        }
        line(at, base + i, base + b, base + word_end, base + tag, base + e);
        i = end + 1;
    }
    cursor_ = at;
    return i;
}

Corpus Reader::read(void (*on_progress)(size_t, void *), void *progress_data) {
    c_.offsets.push_back(0);
    // Sized for a typical file (a token line of about 10 bytes) and grown as needed.
    c_.labels.reserve(size_ / 8 + 16);
    c_.token_offsets.reserve(size_ / 8 + 17);
    c_.token_text.reserve(size_ / 2 + 64);
    c_.token_offsets.resize(1);
    c_.token_offsets[0] = 0;
    size_t pos = 0;
    if (size_ >= 3 && std::memcmp(data_, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    size_t next_report = size_t{1} << 24;
    uint64_t nl[kWords] = {}, ws[kWords] = {};  // (bits_from may read past what scan wrote)
    while (pos < size_) {
        const size_t base = pos & ~size_t{63};
        const size_t stop = std::min(base + kWindow, size_ + 1);
        scan(base, stop, nl, ws);
        reserve(stop - pos);
        const size_t limit = stop - base;
        const size_t i = lines(base, pos - base, limit, nl, ws);
        const size_t next = base + i;
        pos = next == pos && stop <= size_ ? long_line(pos, stop) : next;
        if (on_progress && pos >= next_report) {
            on_progress(std::min(pos, size_), progress_data);
            next_report = pos + (size_t{1} << 24);
        }
    }
    if (static_cast<int64_t>(cursor_.n_tokens) > c_.offsets.back())
        c_.offsets.push_back(static_cast<int64_t>(cursor_.n_tokens));
    if (cursor_.n_tokens == 0) input_error(name_ + ": no tokens found; expected lines of a token and its tag");
    c_.labels.resize(cursor_.n_tokens);
    c_.token_offsets.resize(cursor_.n_tokens + 1);
    c_.token_text.resize(cursor_.n_text);
    return std::move(c_);
}

}  // namespace

Corpus parse_conll(const unsigned char *data, size_t size, const std::string &name,
                   const TagIndex &tags, const std::vector<std::string> &tag_names,
                   void (*on_progress)(size_t, void *), void *progress_data) {
    return Reader(data, size, name, tags, tag_names).read(on_progress, progress_data);
}

}  // namespace tqcli
