// Shared pieces of the libFuzzer harnesses: the byte decoder, sentinel-filled output
// buffers, and the checks every harness applies to every call.
//
// Decoder. The fuzz input is read front to back; once it is exhausted every read
// returns 0, so any input decodes to something. Small structural values (sizes, K,
// enum values) take one byte each, so that mutations of one byte change one thing.
#ifndef TOKQUAL_FUZZ_UTIL_HPP
#define TOKQUAL_FUZZ_UTIL_HPP

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <tokqual/tokqual.h>

namespace fuzz {

// The range every label-quality score must lie in on TQ_OK. Probabilities are accepted
// within 1e-6 of [0, 1], and self-confidence passes them through, so scores can be
// 1e-6 outside [0, 1]. The one place to change when the header states the real range.
constexpr double kScoreMin = -1e-6;
constexpr double kScoreMax = 1.0 + 1e-6;

[[noreturn]] inline void fail(const char *file, int line, const char *what) {
    std::fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, what);
    std::fprintf(stderr, "last error message: %s\n", tq_last_error_message());
    std::abort();
}

#define FUZZ_CHECK(cond)                                              \
    do {                                                              \
        if (!(cond)) ::fuzz::fail(__FILE__, __LINE__, #cond);         \
    } while (0)

// ---- Decoder ----------------------------------------------------------------------

class Input {
public:
    Input(const uint8_t *data, size_t size) : data_(data), size_(size) {}

    size_t remaining() const { return size_ - pos_; }

    uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
    bool coin() { return (byte() & 1) != 0; }
    uint64_t u64() {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(byte()) << (8 * i);
        return v;
    }
    // A value in [0, max] from one byte (max < 256).
    int64_t small(int64_t max) { return max <= 0 ? 0 : byte() % (max + 1); }

    // An enum value: mostly one of the n_valid values, sometimes one just outside
    // or an extreme, so that every check of an enum is reached.
    int32_t enum_value(int32_t n_valid) {
        const uint8_t b = byte();
        if (b < 240) return b % n_valid;
        static const int32_t bad[] = {-1, 0, 1, 2, 3, 7, std::numeric_limits<int32_t>::min(),
                                      std::numeric_limits<int32_t>::max()};
        const int32_t v = bad[b % 8];
        return v >= 0 && v < n_valid ? n_valid : v;
    }

    // A size or count that a call must refuse: negative, or so large that any product
    // with another size >= 2 overflows int64_t. Buffers are never allocated for these.
    int64_t hostile_size() {
        static const int64_t v[] = {-1, std::numeric_limits<int64_t>::min(),
                                    std::numeric_limits<int64_t>::max(),
                                    std::numeric_limits<int64_t>::max() / 2 + 1,
                                    int64_t{1} << 62, -(int64_t{1} << 32)};
        return v[byte() % 6];
    }

    // A probability-like double: mostly a coarse grid in [0, 1] (many exact ties),
    // sometimes a special value (tolerance edges, NaN, infinities, denormals), rarely
    // raw bits.
    double prob() {
        const uint8_t b = byte();
        if (b < 128) return (b % 17) / 16.0;
        if (b < 224) return (b - 128) / 95.0;
        if (b < 252) return special(b - 224);
        double d;
        const uint64_t bits = u64();
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    // A probability from the grid only (always valid).
    double clean_prob() {
        const uint8_t b = byte();
        return b < 128 ? (b % 17) / 16.0 : (b - 128) / 127.0;
    }
    // Any double, weighted towards interesting ones.
    double any_double() {
        const uint8_t b = byte();
        if (b < 64) return (b % 17) / 16.0;
        if (b < 192) return special(b);
        double d;
        const uint64_t bits = u64();
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    static double special(unsigned i) {
        static const double v[] = {
            0.0, 1.0, -1e-6, 1.0 + 1e-6, -1.1e-6, 1.0 + 1.1e-6, 1e-300, 5e-324,
            std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
            -std::numeric_limits<double>::infinity(), -0.0, 0.5, 1.0 - 1e-16, 2e-6, 1e-6,
            1.0000000000000002, 0.99999, 1e-7, -0.5, 2.0, 1.0 / 3.0, 1e-12, 0.1, 0.05,
            std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(), 1e300};
        return v[i % (sizeof v / sizeof v[0])];
    }

    // Up to max_len raw bytes.
    std::string bytes(size_t max_len) {
        const size_t n = std::min<size_t>(small(255) % (max_len + 1), remaining());
        std::string s(reinterpret_cast<const char *>(data_ + pos_), n);
        pos_ += n;
        return s;
    }
    // Everything not read yet.
    std::string rest() {
        std::string s(reinterpret_cast<const char *>(data_ + pos_), size_ - pos_);
        pos_ = size_;
        return s;
    }

private:
    const uint8_t *data_;
    size_t size_;
    size_t pos_ = 0;
};

// ---- Output buffers ---------------------------------------------------------------

// A caller buffer of exactly n elements (so that ASan sees a write past its end),
// filled with a sentinel byte pattern that no call is expected to produce, so that
// "nothing was written" can be checked after a failed call.
template <class T>
class Out {
public:
    explicit Out(size_t n) : buf_(n) {
        if (n > 0) std::memset(static_cast<void *>(buf_.data()), 0xA5, n * sizeof(T));
    }
    T *ptr() { return buf_.empty() ? nullptr : buf_.data(); }
    T *ptr_nonnull() { return buf_.empty() ? &dummy_ : buf_.data(); }
    T &operator[](size_t i) { return buf_[i]; }
    const T &operator[](size_t i) const { return buf_[i]; }
    size_t size() const { return buf_.size(); }
    bool untouched() const {
        const auto *p = reinterpret_cast<const unsigned char *>(buf_.data());
        for (size_t i = 0; i < buf_.size() * sizeof(T); ++i)
            if (p[i] != 0xA5) return false;
        return dummy_untouched();
    }
    // Bytes from element `from` on are still the sentinel.
    bool untouched_from(size_t from) const {
        const auto *p = reinterpret_cast<const unsigned char *>(buf_.data());
        for (size_t i = from * sizeof(T); i < buf_.size() * sizeof(T); ++i)
            if (p[i] != 0xA5) return false;
        return true;
    }
    const std::vector<T> &vec() const { return buf_; }

private:
    bool dummy_untouched() const {
        const auto *p = reinterpret_cast<const unsigned char *>(&dummy_);
        for (size_t i = 0; i < sizeof(T); ++i)
            if (p[i] != 0xA5) return false;
        return true;
    }
    std::vector<T> buf_;
    T dummy_ = sentinel();
    static T sentinel() {
        T t;
        std::memset(static_cast<void *>(&t), 0xA5, sizeof t);
        return t;
    }
};

// ---- Checks -----------------------------------------------------------------------

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool valid_utf8(const char *s, size_t n) {
    const auto *p = reinterpret_cast<const unsigned char *>(s);
    size_t i = 0;
    while (i < n) {
        const unsigned c = p[i];
        if (c < 0x80) { ++i; continue; }
        size_t len;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > n) return false;
        for (size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

// The message a known failing call leaves; arm_error() sets it before a call so that
// check_error() can tell a fresh message from a stale one (a successful call leaves
// the last message as it was).
inline const std::string &armed_message() {
    static const std::string m = [] {
        tq_score_options_init(nullptr);
        return std::string(tq_last_error_message());
    }();
    return m;
}
inline void arm_error() {
    tq_score_options_init(nullptr);
    (void)armed_message();
}

inline bool known_status(tq_status st) { return st >= TQ_OK && st <= TQ_ERR_INVALID_STATE; }

// After a failed call (armed with arm_error): a known status, and a fresh, non-empty,
// valid UTF-8 message.
inline void check_error(tq_status st) {
    FUZZ_CHECK(st != TQ_OK);
    FUZZ_CHECK(known_status(st));
    FUZZ_CHECK(st != TQ_ERR_INTERNAL);
    const char *name = tq_status_string(st);
    FUZZ_CHECK(name != nullptr && std::strcmp(name, "unknown status") != 0);
    const char *m = tq_last_error_message();
    FUZZ_CHECK(m != nullptr && m[0] != '\0');
    FUZZ_CHECK(armed_message() != m);
    FUZZ_CHECK(valid_utf8(m, std::strlen(m)));
}

inline bool in_score_range(double s) { return std::isfinite(s) && s >= kScoreMin && s <= kScoreMax; }

inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Two arrays hold the same bytes (bitwise: -0.0 differs from 0.0, NaN payloads count).
template <class T>
bool same_bytes(const std::vector<T> &a, const std::vector<T> &b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// ---- Datasets ---------------------------------------------------------------------

// Bits of the flags byte that shape a dataset.
enum DatasetFlags : uint8_t {
    kCleanProbs = 1,      // probabilities from the grid only (always valid)
    kNormalizeRows = 2,   // rows divided by their sum (when it is > 0)
    kDamageOffsets = 4,   // one offset replaced by a decoded value
    kDamageLabel = 8,     // one label replaced by an out-of-range value
};

// A dataset as the C API takes it: offsets, labels, probabilities in both precisions.
// p32 holds the float version of p64 and p32_as_64 that float converted back, so the
// _f32 and _f64 entry points can be compared on the same values.
struct Dataset {
    std::vector<int64_t> offsets;  // n_sentences + 1 entries
    int64_t n_sentences = 0;
    int64_t n_tokens = 0;
    int64_t n_classes = 1;
    std::vector<int32_t> labels;
    std::vector<double> p64;
    std::vector<float> p32;
    std::vector<double> p32_as_64;
    bool offsets_valid = true;
    bool labels_valid = true;

    int64_t sentence_of(int64_t t) const {
        int64_t s = 0;
        while (s + 1 < n_sentences && offsets[s + 1] <= t) ++s;
        return s;
    }
};

// Decodes: flags, K in [1, max_classes], the sentence count and lengths, labels, then
// n_tokens * K probabilities. Lengths are >= 1 (valid offsets) unless the damage flag
// rewrites one offset.
// With fixed_classes > 0, K is that value and is not decoded; with allow_bad_offsets
// false the offsets are always valid.
inline Dataset read_dataset(Input &in, int64_t max_sentences, int64_t max_len,
                            int64_t max_classes, int64_t fixed_classes = 0,
                            bool allow_bad_offsets = true) {
    Dataset d;
    uint8_t flags = in.byte();
    if (!allow_bad_offsets) flags &= static_cast<uint8_t>(~kDamageOffsets);
    d.n_classes = fixed_classes > 0 ? fixed_classes : 1 + in.small(max_classes - 1);
    d.n_sentences = in.small(max_sentences);
    d.offsets.push_back(0);
    for (int64_t s = 0; s < d.n_sentences; ++s)
        d.offsets.push_back(d.offsets.back() + 1 + in.small(max_len - 1));
    d.n_tokens = d.offsets.back();
    if ((flags & kDamageOffsets) != 0) {
        const size_t i = in.byte() % d.offsets.size();
        const uint8_t b = in.byte();
        const int64_t v = b < 200 ? static_cast<int64_t>(b % 32) - 2 : in.hostile_size();
        if (v != d.offsets[i]) {
            d.offsets[i] = v;
            d.offsets_valid = false;
        }
    }
    for (int64_t t = 0; t < d.n_tokens; ++t)
        d.labels.push_back(static_cast<int32_t>(in.byte() % d.n_classes));
    if ((flags & kDamageLabel) != 0 && d.n_tokens > 0) {
        static const int32_t bad[] = {-1, 0, std::numeric_limits<int32_t>::min(),
                                      std::numeric_limits<int32_t>::max()};
        int32_t v = bad[in.byte() % 4];
        if (v == 0) v = static_cast<int32_t>(d.n_classes);
        d.labels[in.byte() % d.n_tokens] = v;
        d.labels_valid = false;
    }
    const int64_t K = d.n_classes;
    d.p64.resize(static_cast<size_t>(d.n_tokens * K));
    for (double &v : d.p64) v = (flags & kCleanProbs) != 0 ? in.clean_prob() : in.prob();
    if ((flags & kNormalizeRows) != 0) {
        for (int64_t t = 0; t < d.n_tokens; ++t) {
            double sum = 0;
            for (int64_t k = 0; k < K; ++k) sum += d.p64[t * K + k];
            if (std::isfinite(sum) && sum > 0)
                for (int64_t k = 0; k < K; ++k) d.p64[t * K + k] /= sum;
        }
    }
    for (double v : d.p64) {
        d.p32.push_back(static_cast<float>(v));
        d.p32_as_64.push_back(static_cast<double>(d.p32.back()));
    }
    return d;
}

// Whether every probability is within the accepted [-1e-6, 1 + 1e-6].
inline bool probs_valid(const std::vector<double> &p) {
    for (double v : p)
        if (!(v >= -1e-6 && v <= 1.0 + 1e-6)) return false;
    return true;
}

// Pointers that are NULL for empty vectors, as a careful caller passes them.
template <class T>
const T *data_or_null(const std::vector<T> &v) { return v.empty() ? nullptr : v.data(); }

}  // namespace fuzz

#endif  // TOKQUAL_FUZZ_UTIL_HPP
