// tq_inspector_save / tq_inspector_load: the inspector's state as portable bytes, so
// that shards processed in other processes or on other machines can be merged.
//
// Format (version 1), every integer little-endian, doubles as their IEEE-754 bits:
//   "TQINSPCT"                               8 bytes
//   u32 version = 1
//   i64 n_classes
//   i32 rank_by, adjust_pred_probs, num_issues_method, n_threads, pass
//   i64 threshold_tokens
//   per class: i64 tokens, i64 digits[ExactSum::kDigits]      (normalized exact sums)
//   i64 scored_tokens, i64 off_diagonal_count
//   per class: i64 scored, i64 confident, i64 off_diagonal
//   i64 n_batches
//   per batch: i64 first_sentence, i64 n_sentences, i64 offsets[n_sentences + 1],
//              u64 scores[n_tokens], u8 never_reported[n_tokens]
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "error.hpp"
#include "inspector.hpp"
#include "validate.hpp"

namespace tq {

namespace {

constexpr char kMagic[8] = {'T', 'Q', 'I', 'N', 'S', 'P', 'C', 'T'};
constexpr uint32_t kFormatVersion = 1;

class Writer {
public:
    void bytes(const void *data, size_t n) { out_.append(static_cast<const char *>(data), n); }
    void u64(uint64_t v) {
        char b[8];
        for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
        bytes(b, 8);
    }
    void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
    void u32(uint32_t v) {
        char b[4];
        for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
        bytes(b, 4);
    }
    void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
    void f64(double v) {
        uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        u64(bits);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

[[noreturn]] void damaged(const char *what) {
    fail(TQ_ERR_INVALID_VALUE, "the buffer is not a valid saved inspector: %s", what);
}

class Reader {
public:
    Reader(const unsigned char *data, size_t size) : data_(data), size_(size) {}
    size_t remaining() const { return size_ - at_; }
    const unsigned char *take(size_t n) {
        if (n > remaining()) damaged("it ends early");
        const unsigned char *p = data_ + at_;
        at_ += n;
        return p;
    }
    uint64_t u64() {
        const unsigned char *p = take(8);
        uint64_t v = 0;
        for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
        return v;
    }
    int64_t i64() { return static_cast<int64_t>(u64()); }
    uint32_t u32() {
        const unsigned char *p = take(4);
        uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
        return v;
    }
    int32_t i32() { return static_cast<int32_t>(u32()); }
    double f64() {
        const uint64_t bits = u64();
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    // A count of items of `item_size` bytes each that must still fit in the buffer.
    int64_t count(size_t item_size, const char *what) {
        const int64_t n = i64();
        if (n < 0 || static_cast<uint64_t>(n) > remaining() / item_size) damaged(what);
        return n;
    }

private:
    const unsigned char *data_;
    size_t size_;
    size_t at_ = 0;
};

int64_t non_negative(int64_t v, const char *what) {
    if (v < 0) damaged(what);
    return v;
}

// a + b for counts read from the buffer: damaged counts may be chosen so that a wrapped
// sum matches a stored total, so an overflow is itself damage.
int64_t add_counts(int64_t a, int64_t b) {
    int64_t sum;
    if (__builtin_add_overflow(a, b, &sum)) damaged("its counts overflow");
    return sum;
}

// The scores pass 2 can store (see "Label-quality scores" in tokqual.h): self-confidence
// and normalized margin in [-1e-6, 1 + 1e-6], the entropy score in [0, 1]; scores of
// adjusted probabilities are only known to be finite.
ProbabilityRange stored_score_range(const tq_inspector_options &o) {
    const double inf = std::numeric_limits<double>::infinity();
    if (o.adjust_pred_probs != 0) return {-inf, inf};
    if (o.rank_by == TQ_CONFIDENCE_WEIGHTED_ENTROPY) return {0.0, 1.0};
    return kTolerantRange;
}

}  // namespace

std::string Inspector::save() const {
    Writer w;
    w.bytes(kMagic, sizeof kMagic);
    w.u32(kFormatVersion);
    w.i64(n_classes_);
    w.i32(options_.rank_by);
    w.i32(options_.adjust_pred_probs);
    w.i32(options_.num_issues_method);
    w.i32(options_.n_threads);
    w.i32(pass_);
    w.i64(threshold_tokens_);
    for (size_t k = 0; k < class_sums_.size(); ++k) {
        w.i64(class_tokens_[k]);
        ExactSum sum = class_sums_[k];
        sum.normalize();
        for (int d = 0; d < ExactSum::kDigits; ++d) w.i64(sum.digits()[d]);
    }
    w.i64(scored_tokens_);
    w.i64(off_diagonal_count_);
    for (size_t k = 0; k < class_sums_.size(); ++k) {
        w.i64(scored_per_class_[k]);
        w.i64(confident_per_class_[k]);
        w.i64(off_diagonal_per_class_[k]);
    }
    w.i64(static_cast<int64_t>(batches_.size()));
    for (const auto &entry : batches_) {
        const Batch &b = entry.second;
        w.i64(entry.first);
        w.i64(b.n_sentences());
        for (int64_t o : b.offsets) w.i64(o);
        const size_t n_tokens = static_cast<size_t>(b.n_tokens());
        for (size_t t = 0; t < n_tokens; ++t) w.f64(b.score(t));
        std::vector<uint8_t> flags(n_tokens);
        for (size_t t = 0; t < n_tokens; ++t) flags[t] = b.never_reported(t) ? 1 : 0;
        w.bytes(flags.data(), flags.size());
    }
    return w.take();
}

Inspector Inspector::load(const unsigned char *bytes, size_t size) {
    Reader r(bytes, size);
    if (std::memcmp(r.take(sizeof kMagic), kMagic, sizeof kMagic) != 0)
        damaged("it does not start with the inspector signature");
    const uint32_t version = r.u32();
    if (version != kFormatVersion)
        fail(TQ_ERR_INVALID_VALUE,
             "the saved inspector has format version %u; this library reads version %u",
             version, kFormatVersion);
    // Per class: the pass-1 record and the pass-2 counters must fit in what is left.
    const int64_t n_classes =
        r.count((1 + ExactSum::kDigits + 3) * sizeof(int64_t), "its class count is wrong");
    tq_inspector_options options;
    tq_inspector_options_init(&options);
    options.rank_by = r.i32();
    options.adjust_pred_probs = r.i32();
    options.num_issues_method = r.i32();
    options.n_threads = r.i32();
    const int32_t pass = r.i32();
    if (pass != kThresholdPass && pass != kScoringPass) damaged("its pass is neither 1 nor 2");
    // The constructor checks the class count and the options again.
    Inspector in = [&] {
        try {
            return Inspector(n_classes, options);
        } catch (const Error &e) {
            fail(TQ_ERR_INVALID_VALUE, "the buffer is not a valid saved inspector: %s", e.what());
        }
    }();

    in.threshold_tokens_ = non_negative(r.i64(), "a token count is negative");
    int64_t class_total = 0;
    int64_t digits[ExactSum::kDigits];
    for (size_t k = 0; k < in.class_sums_.size(); ++k) {
        const int64_t tokens = non_negative(r.i64(), "a token count is negative");
        in.class_tokens_[k] = tokens;
        class_total = add_counts(class_total, tokens);
        for (int64_t &d : digits) d = r.i64();
        if (!in.class_sums_[k].set_digits(digits)) damaged("a class sum is not normalized");
        // Each token added a probability within the tolerance, so the class's mean (its
        // threshold before the floor) lies in that range too, up to the rounding of the
        // sum and the division; a class without tokens has an empty sum.
        const double sum = in.class_sums_[k].to_double();
        if (tokens == 0 ? sum != 0.0
                        : !(sum / static_cast<double>(tokens) >= kTolerantRange.low - 1e-12 &&
                            sum / static_cast<double>(tokens) <= kTolerantRange.high + 1e-12))
            damaged("a class's probability sum does not fit its token count");
    }
    if (class_total != in.threshold_tokens_) damaged("its pass-1 counts disagree");
    in.scored_tokens_ = non_negative(r.i64(), "a token count is negative");
    in.off_diagonal_count_ = non_negative(r.i64(), "a token count is negative");
    int64_t scored_total = 0, off_diagonal_total = 0;
    for (size_t k = 0; k < in.class_sums_.size(); ++k) {
        in.scored_per_class_[k] = non_negative(r.i64(), "a token count is negative");
        in.confident_per_class_[k] = non_negative(r.i64(), "a token count is negative");
        in.off_diagonal_per_class_[k] = non_negative(r.i64(), "a token count is negative");
        if (in.off_diagonal_per_class_[k] > in.confident_per_class_[k] ||
            in.confident_per_class_[k] > in.scored_per_class_[k])
            damaged("its pass-2 counts disagree");
        scored_total = add_counts(scored_total, in.scored_per_class_[k]);
        off_diagonal_total = add_counts(off_diagonal_total, in.off_diagonal_per_class_[k]);
    }
    if (scored_total != in.scored_tokens_ || off_diagonal_total != in.off_diagonal_count_)
        damaged("its pass-2 counts disagree");

    const ProbabilityRange score_range = stored_score_range(in.options_);
    const int64_t n_batches = r.count(3 * sizeof(int64_t), "its batch count is wrong");
    int64_t batch_tokens = 0;
    int64_t previous_first = -1;
    for (int64_t i = 0; i < n_batches; ++i) {
        const int64_t first = non_negative(r.i64(), "a first sentence is negative");
        // save() writes batches in ascending order; requiring it keeps every accepted
        // buffer canonical: saving what was loaded gives the same bytes back.
        if (first <= previous_first) damaged("its batches are not in ascending order");
        previous_first = first;
        const int64_t n_sentences = r.count(sizeof(int64_t), "a sentence count is wrong");
        if (n_sentences < 1 || n_sentences > std::numeric_limits<int64_t>::max() - first)
            damaged("a sentence count is wrong");
        Batch b;
        b.offsets.resize(static_cast<size_t>(n_sentences) + 1);
        for (int64_t &o : b.offsets) o = r.i64();
        if (b.offsets[0] != 0) damaged("a batch's offsets do not start at 0");
        for (size_t s = 1; s < b.offsets.size(); ++s)
            if (b.offsets[s] <= b.offsets[s - 1]) damaged("a batch's offsets do not increase");
        const int64_t n_tokens = b.n_tokens();
        if (static_cast<uint64_t>(n_tokens) > r.remaining() / 9) damaged("it ends early");
        b.allocate(in.arena_, false);  // the format keeps doubles
        for (size_t t = 0; t < static_cast<size_t>(n_tokens); ++t) {
            double &s = b.double_scores[t];
            s = r.f64();
            if (!std::isfinite(s)) damaged("a score is not finite");
            if (!(s >= score_range.low && s <= score_range.high))
                damaged("a score is outside the range of its rank_by method");
        }
        const unsigned char *flags = r.take(static_cast<size_t>(n_tokens));
        std::fill(b.never_bits, b.never_bits + b.n_words(), uint64_t{0});
        for (size_t t = 0; t < static_cast<size_t>(n_tokens); ++t) {
            if (flags[t] > 1) damaged("a token flag is not 0 or 1");
            b.never_bits[t / 64] |= uint64_t{flags[t]} << (t % 64);
        }
        in.require_free(first, n_sentences);
        in.batches_.emplace(first, std::move(b));
        batch_tokens = add_counts(batch_tokens, n_tokens);
    }
    if (batch_tokens != in.scored_tokens_) damaged("its stored scores and counts disagree");
    if (r.remaining() != 0) damaged("it has trailing bytes");
    if (pass == kThresholdPass && in.scored_tokens_ != 0) damaged("pass 1 holds pass-2 data");
    if (pass == kScoringPass) {
        if (in.threshold_tokens_ == 0) damaged("pass 2 without pass-1 tokens");
        in.thresholds_ = in.thresholds();
    }
    in.pass_ = static_cast<Pass>(pass);
    return in;
}

}  // namespace tq
