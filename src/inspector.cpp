#include "inspector.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <tuple>
#include <type_traits>

#include <hwy/cache_control.h>

#include "confident_joint.hpp"
#include "error.hpp"
#include "find_issues.hpp"
#include "inspector_simd.hpp"
#include "numpy_sum.hpp"
#include "parallel.hpp"
#include "rank_scores.hpp"
#include "raw_vector.hpp"
#include "select.hpp"
#include "stream_simd.hpp"
#include "token_facts.hpp"
#include "token_scores_simd.hpp"
#include "validate.hpp"

namespace tq {

namespace {

// cleanlab's CLIPPING_LOWER_BOUND, the floor of the confident counts it divides by.
constexpr double kClippingLowerBoundCounts = 1e-6;

const char *pass_name(Inspector::Pass pass) {
    return pass == Inspector::kThresholdPass ? "pass 1 (thresholds)" : "pass 2 (scoring)";
}

// a + b tokens. Per-class counts never exceed these totals, so checking the totals covers
// them. Real data cannot come near 2^63 tokens, but a loaded state may claim any count, so
// an overflow is refused (and the inspector left unchanged), never wrapped.
int64_t add_token_counts(int64_t a, int64_t b, const char *what) {
    int64_t sum;
    if (__builtin_add_overflow(a, b, &sum))
        fail(TQ_ERR_INVALID_SIZE, "%s: %lld + %lld tokens would overflow int64_t", what,
             static_cast<long long>(a), static_cast<long long>(b));
    return sum;
}

// Whether any of labels[0 .. n) is outside [0, n_classes) (a loop the compiler vectorizes).
inline bool labels_outside(const int32_t *labels, int64_t n, int64_t n_classes) {
    // As uint32, negative labels are >= 2^31; every label >= 0 is valid once n_classes > 2^31.
    const uint32_t k = static_cast<uint32_t>(std::min<int64_t>(n_classes, int64_t{1} << 31));
    uint32_t bad = 0;
    for (int64_t t = 0; t < n; ++t) bad |= static_cast<uint32_t>(static_cast<uint32_t>(labels[t]) >= k);
    return bad != 0;
}

// Where chunk c of n_chunks over n_tokens starts (c = n_chunks: n_tokens): a multiple of 64.
inline int64_t chunk_edge(int64_t n_tokens, int c, int n_chunks) {
    return c == n_chunks ? n_tokens : n_tokens * c / n_chunks / 64 * 64;
}

// Pass 2's float scores (only for float data: never called with double).
inline void stream_float_scores(const float *own, int64_t n, float *dst) { stream_store(own, n, dst); }
inline void stream_float_scores(const double *, int64_t, float *) {}

// Fetches labels[0 .. n) into the cache ahead of their use (n may be 0).
inline void fetch_labels(const int32_t *labels, int64_t n) {
    for (int64_t i = 0; i < n; i += 16) hwy::Prefetch(labels + i);
}

// The exact per-class sums of one chunk's own probabilities, added faster than by one
// ExactSum::add per value: values of one class and one binary exponent share an integer
// sum of their mantissas (signed, exact), in four copies used in turn so that a run of one
// class (most tokens of an NER corpus) does not wait on its own previous addition. The
// 64 exponents below 2 cover every probability from 2^-63 up; zeros, tinier values and
// subnormals go to the ExactSum directly. flush() adds everything to the ExactSums, whose
// result is the same whatever the grouping (exact arithmetic).
template <class T>
class ClassSums {
public:
    static constexpr size_t kBlock = 256;

    explicit ClassSums(size_t n_classes)
        : sums_(n_classes), acc_(n_classes * kCopies * kExponents, 0), counts_(n_classes * kCopies, 0) {}
    // Adds own[i] to the sum of class labels[i] (valid), and counts it, for i < n <= kBlock.
    void add_block(const T *own, const int32_t *labels, size_t n) {
        // First, without branches (a loop the compiler vectorizes), each value's
        // accumulator and signed mantissa; values outside the 64 exponents add 0 there and
        // are added one by one below.
        uint32_t slot_of[kBlock], count_of[kBlock];
        Mantissa mantissa[kBlock];
        uint32_t outside = 0;
        for (size_t i = 0; i < n; ++i) {
            Bits bits;
            std::memcpy(&bits, &own[i], sizeof bits);
            const uint32_t biased = static_cast<uint32_t>((bits >> kMantissaBits) & kExponentMask);
            // 0 for [1, 2), 1 for [1/2, 1), ...; zeros and subnormals (biased 0) fall outside.
            const uint32_t slot = static_cast<uint32_t>(kBias) - biased;
            const uint32_t in = 0u - static_cast<uint32_t>(slot < kExponents);  // all ones or 0
            const Mantissa m = static_cast<Mantissa>((bits & kMantissaMask) | (Bits{1} << kMantissaBits));
            const Mantissa sign = static_cast<Mantissa>(0) - static_cast<Mantissa>(bits >> (8 * sizeof(T) - 1));
            count_of[i] = static_cast<uint32_t>(labels[i]) * kCopies + (static_cast<uint32_t>(i) & (kCopies - 1));
            slot_of[i] = (count_of[i] * kExponents + slot) & in;
            mantissa[i] = ((m ^ sign) - sign) & static_cast<Mantissa>(static_cast<int32_t>(in));
            outside |= ~in;
        }
        for (size_t i = 0; i < n; ++i) {
            acc_[slot_of[i]] += mantissa[i];
            ++counts_[count_of[i]];
        }
        if (outside)
            for (size_t i = 0; i < n; ++i) {
                Bits bits;
                std::memcpy(&bits, &own[i], sizeof bits);
                const uint32_t biased = static_cast<uint32_t>((bits >> kMantissaBits) & kExponentMask);
                if (static_cast<uint32_t>(kBias) - biased >= kExponents)
                    sums_[static_cast<size_t>(labels[i])].add(static_cast<double>(own[i]));
            }
        // Every accumulator stays far from overflow: at most 2^30 values between flushes.
        pending_ += n;
        if (pending_ >= (size_t{1} << 30)) flush();
    }
    // The class sums, everything added: the copies' sums first, then only the non-zero
    // ones (few exponents occur) go to the ExactSums.
    std::vector<ExactSum> &flush() {
        for (size_t k = 0; k < sums_.size(); ++k)
            for (size_t slot = 0; slot < kExponents; ++slot) {
                Acc a = 0;
                for (size_t c = 0; c < kCopies; ++c) a += acc_[(k * kCopies + c) * kExponents + slot];
                if (a == 0) continue;
                const unsigned __int128 magnitude = a < 0 ? -static_cast<unsigned __int128>(a)
                                                          : static_cast<unsigned __int128>(a);
                sums_[k].add_scaled(magnitude, a < 0, -static_cast<int>(slot) - kMantissaBits);
            }
        std::fill(acc_.begin(), acc_.end(), Acc{0});
        pending_ = 0;
        return sums_;
    }
    // counts[k] += how many values of class k were added.
    void add_counts(int64_t *counts) const {
        for (size_t k = 0; k < sums_.size(); ++k)
            for (size_t c = 0; c < kCopies; ++c) counts[k] += counts_[k * kCopies + c];
    }

private:
    using Bits = typename std::conditional<sizeof(T) == 4, uint32_t, uint64_t>::type;
    using Mantissa = typename std::conditional<sizeof(T) == 4, int32_t, int64_t>::type;
    // 2^30 of a float's 24-bit mantissas sum exactly in 64 bits, of a double's 53-bit ones
    // in 128 bits.
    using Acc = typename std::conditional<sizeof(T) == 4, int64_t, __int128>::type;
    static constexpr int kMantissaBits = sizeof(T) == 4 ? 23 : 52;
    static constexpr int kBias = sizeof(T) == 4 ? 127 : 1023;
    static constexpr Bits kExponentMask = sizeof(T) == 4 ? 0xff : 0x7ff;
    static constexpr Bits kMantissaMask = (Bits{1} << kMantissaBits) - 1;
    static constexpr size_t kCopies = 4;
    static constexpr uint32_t kExponents = 64;
    std::vector<ExactSum> sums_;
    std::vector<Acc> acc_;
    std::vector<int64_t> counts_;  // per class, in the same four copies as acc_
    size_t pending_ = 0;
};

}  // namespace

Inspector::Inspector(int64_t n_classes, const tq_inspector_options &o)
    : n_classes_(n_classes), options_(o) {
    if (n_classes < 1)
        fail(TQ_ERR_INVALID_SIZE, "n_classes = %lld but must be at least 1",
             static_cast<long long>(n_classes));
    require_joint_size(n_classes);  // the scoring kernel indexes K x K cells
    check_ranking_options(o.rank_by, o.adjust_pred_probs);
    if (o.num_issues_method != TQ_OFF_DIAGONAL && o.num_issues_method != TQ_OFF_DIAGONAL_CALIBRATED)
        fail(TQ_ERR_INVALID_OPTION,
             "options->num_issues_method = %d is not a tq_num_issues_method (0 or 1)",
             o.num_issues_method);
    if (o.n_threads < 0)
        fail(TQ_ERR_INVALID_OPTION, "options->n_threads = %d is negative", o.n_threads);
    if (o.rank_by != TQ_SELF_CONFIDENCE && n_classes < 2)
        fail(TQ_ERR_INVALID_SIZE, "n_classes = %lld but rank_by = %d needs at least 2 classes",
             static_cast<long long>(n_classes), o.rank_by);
    const size_t K = static_cast<size_t>(n_classes);
    class_sums_.resize(K);
    class_tokens_.assign(K, 0);
    scored_per_class_.assign(K, 0);
    confident_per_class_.assign(K, 0);
    off_diagonal_per_class_.assign(K, 0);
}

Inspector::Inspector(const Inspector &o)
    : n_classes_(o.n_classes_), options_(o.options_), pass_(o.pass_), class_sums_(o.class_sums_),
      class_tokens_(o.class_tokens_), threshold_tokens_(o.threshold_tokens_), thresholds_(o.thresholds_),
      scored_tokens_(o.scored_tokens_), off_diagonal_count_(o.off_diagonal_count_),
      scored_per_class_(o.scored_per_class_), confident_per_class_(o.confident_per_class_),
      off_diagonal_per_class_(o.off_diagonal_per_class_) {
    for (const auto &entry : o.batches_) batches_.emplace(entry.first, entry.second.copy_into(arena_));
}

void Inspector::require_pass(Pass pass, const char *action) const {
    if (pass_ != pass)
        fail(TQ_ERR_INVALID_STATE, "cannot %s: the inspector is in %s%s", action, pass_name(pass_),
             pass == kScoringPass ? "; call tq_inspector_finish_thresholds first" : "");
}

void Inspector::require_scored() const {
    require_pass(kScoringPass, "report issues");
    if (scored_tokens_ == 0)
        fail(TQ_ERR_INVALID_STATE, "no token has been scored yet (pass 2 is empty)");
}

void Inspector::require_free(int64_t first, int64_t n) const {
    if (n == 0) return;
    // The batch starting at or after `first`, and the one before it.
    auto next = batches_.lower_bound(first);
    if (next != batches_.end() && next->first < first + n)
        fail(TQ_ERR_INVALID_VALUE,
             "sentences [%lld, %lld) overlap sentences [%lld, %lld) already scored",
             static_cast<long long>(first), static_cast<long long>(first + n),
             static_cast<long long>(next->first),
             static_cast<long long>(next->first + next->second.n_sentences()));
    if (next != batches_.begin()) {
        auto previous = std::prev(next);
        const int64_t end = previous->first + previous->second.n_sentences();
        if (end > first)
            fail(TQ_ERR_INVALID_VALUE,
                 "sentences [%lld, %lld) overlap sentences [%lld, %lld) already scored",
                 static_cast<long long>(first), static_cast<long long>(first + n),
                 static_cast<long long>(previous->first), static_cast<long long>(end));
    }
}

bool Inspector::same_settings(const Inspector &other) const {
    return options_.rank_by == other.options_.rank_by &&
           options_.adjust_pred_probs == other.options_.adjust_pred_probs &&
           options_.num_issues_method == other.options_.num_issues_method;
}

template <class T>
void Inspector::update_thresholds(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                                  int64_t n_classes) {
    require_pass(kThresholdPass, "update the thresholds");
    require_non_negative(n_tokens, "n_tokens");
    require_non_negative(n_classes, "n_classes");
    if (n_classes != n_classes_)
        fail(TQ_ERR_INVALID_SIZE, "n_classes = %lld but the inspector has %lld classes",
             static_cast<long long>(n_classes), static_cast<long long>(n_classes_));
    require_array(labels, "labels", n_tokens);
    require_array(pred_probs, "pred_probs", n_tokens);
    validate_matrix_size(n_tokens, n_classes, sizeof(T));

    // One pass: the labels and probabilities are checked block by block while they are in
    // cache; on a bad one, the shared checks then report the first (every label before
    // any probability, as they always have).
    const size_t K = static_cast<size_t>(n_classes);
    const int n_chunks = choose_thread_count(options_.n_threads, n_tokens, kMinTokensPerThread);
    std::vector<std::vector<ExactSum>> sums(static_cast<size_t>(n_chunks));
    std::vector<std::vector<int64_t>> counts(static_cast<size_t>(n_chunks), std::vector<int64_t>(K, 0));
    std::vector<char> bad(static_cast<size_t>(n_chunks), 0);
    const T low = lowest_at_least<T>(kTolerantRange.low), high = highest_at_most<T>(kTolerantRange.high);
    run_chunks(n_chunks, [&](int c) {
        ClassSums<T> s(K);
        std::vector<int64_t> &n = counts[static_cast<size_t>(c)];
        const int64_t begin = n_tokens * c / n_chunks, end = n_tokens * (c + 1) / n_chunks;
        constexpr int64_t kBlock = static_cast<int64_t>(ClassSums<T>::kBlock);
        T own[kBlock];
        for (int64_t first = begin; first < end; first += kBlock) {
            const int64_t n_block = std::min(end - first, kBlock);
            // The next block's rows are fetched while this one is worked on.
            const int64_t n_next = std::min(kBlock, end - first - n_block);
            fetch_labels(labels + first + n_block, n_next);
            const T *rows = pred_probs + first * n_classes;
            if (labels_outside(labels + first, n_block, n_classes) ||
                checked_own(rows, labels + first, n_block, n_classes, low, high, own,
                            n_next > 0 ? rows + n_block * n_classes : nullptr, n_next)) {
                bad[static_cast<size_t>(c)] = 1;
                return;
            }
            s.add_block(own, labels + first, static_cast<size_t>(n_block));
        }
        s.add_counts(n.data());
        sums[static_cast<size_t>(c)] = std::move(s.flush());
    });
    if (std::find(bad.begin(), bad.end(), 1) != bad.end()) {
        validate_labels(labels, n_tokens, n_classes, options_.n_threads);
        validate_probabilities(pred_probs, n_tokens, n_classes, kTolerantRange, options_.n_threads);
        fail(TQ_ERR_INTERNAL, "pass 1 found a bad label or probability that the checks did not");
    }
    const int64_t new_total =
        add_token_counts(threshold_tokens_, n_tokens, "the tokens seen in pass 1");
    // Exact sums: the order of these additions does not matter.
    for (int c = 0; c < n_chunks; ++c)
        for (size_t k = 0; k < K; ++k) {
            class_sums_[k].add(sums[static_cast<size_t>(c)][k]);
            class_tokens_[k] += counts[static_cast<size_t>(c)][k];
        }
    threshold_tokens_ = new_total;
}

std::vector<double> Inspector::thresholds() const {
    if (threshold_tokens_ == 0)
        fail(TQ_ERR_INVALID_STATE, "no token has been seen in pass 1, so there are no thresholds");
    std::vector<double> t(static_cast<size_t>(n_classes_));
    for (size_t k = 0; k < t.size(); ++k) {
        // cleanlab's running mean starts at 0 and divides by max(count, 1).
        const double mean = class_tokens_[k] > 0 ? class_sums_[k].to_double() /
                                                       static_cast<double>(class_tokens_[k])
                                                 : 0.0;
        t[k] = std::max(mean, kConfidentThresholdsLowerBound);
    }
    return t;
}

void Inspector::finish_thresholds() {
    require_pass(kThresholdPass, "finish the thresholds");
    if (threshold_tokens_ == 0)
        fail(TQ_ERR_INVALID_STATE,
             "no token has been seen in pass 1; feed tq_inspector_update_thresholds first");
    thresholds_ = thresholds();
    pass_ = kScoringPass;
}

namespace {

struct ScoreCounters {
    int64_t off_diagonal = 0;
    std::vector<int64_t> scored, confident, off_diagonal_per_class;
};

}  // namespace

template <class T>
void Inspector::score(int64_t first_sentence, const int64_t *offsets, int64_t n_sentences,
                      const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                      int64_t n_classes, double *token_scores) {
    require_pass(kScoringPass, "score tokens");
    if (first_sentence < 0)
        fail(TQ_ERR_INVALID_VALUE, "first_sentence = %lld is negative",
             static_cast<long long>(first_sentence));
    require_non_negative(n_classes, "n_classes");
    if (n_classes != n_classes_)
        fail(TQ_ERR_INVALID_SIZE, "n_classes = %lld but the inspector has %lld classes",
             static_cast<long long>(n_classes), static_cast<long long>(n_classes_));
    const int32_t method = options_.rank_by;
    const ProbabilityRange range =
        method == TQ_CONFIDENCE_WEIGHTED_ENTROPY ? kStrictRange : kTolerantRange;
    // validate_dataset's checks, in its order; the labels and probabilities are checked by
    // the scoring pass itself (which changes nothing before every check has passed), and on
    // a bad one the checks below run in their order (labels, the sentence range, then
    // probabilities), so the first error is the one it always was.
    validate_dataset_shape(offsets, n_sentences, labels, pred_probs, n_tokens, n_classes,
                           sizeof(T));
    auto check_sentence_range = [&] {
        if (n_sentences > std::numeric_limits<int64_t>::max() - first_sentence)
            fail(TQ_ERR_INVALID_VALUE, "first_sentence + n_sentences = %lld + %lld overflows",
                 static_cast<long long>(first_sentence), static_cast<long long>(n_sentences));
        require_free(first_sentence, n_sentences);
    };
    if (n_sentences == 0) {
        check_sentence_range();
        return;
    }

    const int64_t K = n_classes;
    const size_t Kz = static_cast<size_t>(K);
    Batch batch;
    batch.offsets.assign(offsets, offsets + n_sentences + 1);
    const bool adjust = options_.adjust_pred_probs == 1;
    // Self-confidence of float data: each score is the float p[label] itself.
    const bool float_scores = std::is_same<T, float>::value && method == TQ_SELF_CONFIDENCE && !adjust;
    // The batch's arrays go back to the arena unless the batch is stored.
    struct Rewind {
        Arena &arena;
        Arena::Mark mark;
        bool keep = false;
        ~Rewind() {
            if (!keep) arena.rewind(mark);
        }
    } rewind{arena_, arena_.mark()};
    batch.allocate(arena_, float_scores);
    // cleanlab compares p[k] >= threshold[k] - 1e-6 in double; for T data, the same test.
    std::vector<T> lowered(Kz);
    for (size_t k = 0; k < Kz; ++k)
        lowered[k] = lowest_at_least<T>(thresholds_[k] - kFloatingPointComparison);
    const T low = lowest_at_least<T>(range.low), high = highest_at_most<T>(range.high);
    const double max_threshold = *std::max_element(thresholds_.begin(), thresholds_.end());
    const double log_n_classes = std::log(static_cast<double>(K));
    const bool margin_scores = method == TQ_NORMALIZED_MARGIN && !adjust;

    const int n_chunks = choose_thread_count(options_.n_threads, n_tokens, kMinTokensPerThread);
    std::vector<ScoreCounters> counters(static_cast<size_t>(n_chunks));
    // Per chunk: whether a probability is bad, and the first token whose adjusted row sums
    // to 0 (reported only if every probability is good).
    std::vector<char> bad(static_cast<size_t>(n_chunks), 0);
    std::vector<int64_t> zero_row(static_cast<size_t>(n_chunks), -1);
    run_chunks(n_chunks, [&](int c) {
        ScoreCounters &mine = counters[static_cast<size_t>(c)];
        mine.scored.assign(Kz, 0);
        mine.confident.assign(Kz, 0);
        mine.off_diagonal_per_class.assign(Kz, 0);
        std::vector<double> adjusted(Kz), terms(Kz);
        // Chunks start at multiples of 64 tokens, so that each word of flag bits has one
        // writer (and so do its blocks of 256).
        const int64_t begin = chunk_edge(n_tokens, c, n_chunks), end = chunk_edge(n_tokens, c + 1, n_chunks);
        // A block's own probabilities and whether the label is the only argmax (read and
        // checked by one vectorized pass; runner-ups too for the margin), and its "hard"
        // tokens (another class reaches the label's probability), whose rows are copied
        // together for the facts kernel.
        constexpr int64_t kBlock = 256;
        T own[kBlock], runner_up[kBlock];
        RawVector<T> hard_rows;
        std::vector<int32_t> hard_labels;
        std::vector<int64_t> hard_tokens;
        RowFacts<T> facts;
        // Four interleaved histograms of the keys 4 * label + (settled) + 2 * (settled and
        // confident), used in turn so that runs of one label do not wait on each other's
        // increments.
        std::vector<int64_t> histograms(4 * 4 * Kz, 0);
        int32_t keys[kBlock];
        int64_t found[kBlock];
        for (int64_t first = begin; first < end; first += kBlock) {
            const int64_t n = std::min(kBlock, end - first);
            const int32_t *block_labels = labels + first;
            const T *rows = pred_probs + first * K;
            // A settled token (the label the only argmax) is never reported; it is confident
            // when p[y] reaches y's threshold, as in LabelInspector. The block's flags and
            // scores are made here and then stored in one go (the scores with non-temporal
            // stores: 4 or 8 bytes a token that are not read back until the ranking).
            uint8_t never[kBlock];
            // The next block's labels and rows are fetched while this one is worked on.
            const int64_t n_next = std::min(kBlock, end - first - n);
            fetch_labels(block_labels + n, n_next);
            bool bad_block = labels_outside(block_labels, n, K);
            if (!bad_block && margin_scores) {
                bad_block = own_and_runner_up(rows, block_labels, n, K, low, high, own, runner_up);
                if (!bad_block)
                    for (int64_t b = 0; b < n; ++b) {
                        const int32_t y = block_labels[b], settled = runner_up[b] < own[b];
                        never[b] = static_cast<uint8_t>(settled);
                        keys[b] = 4 * y + settled + 2 * (settled & (own[b] >= lowered[static_cast<size_t>(y)]));
                    }
            } else if (!bad_block) {
                bad_block = checked_own_settled(rows, block_labels, n, K, low, high, lowered.data(),
                                                own, never, keys, n_next > 0 ? rows + n * K : nullptr,
                                                n_next);
            }
            if (bad_block) {
                stream_fence();
                bad[static_cast<size_t>(c)] = 1;
                return;
            }
            // Each loop does one thing, without branches where it can: the counts, the hard
            // tokens' rows, the scores.
            {
                int64_t *h0 = histograms.data(), *h1 = h0 + 4 * Kz, *h2 = h1 + 4 * Kz, *h3 = h2 + 4 * Kz;
                int64_t b = 0;
                for (; b + 4 <= n; b += 4) {
                    ++h0[keys[b]];
                    ++h1[keys[b + 1]];
                    ++h2[keys[b + 2]];
                    ++h3[keys[b + 3]];
                }
                for (; b < n; ++b) ++h0[keys[b]];
            }
            const int64_t n_found = places_of_zero(never, n, found);
            hard_labels.clear();
            hard_tokens.clear();
            // Rows of at most 64 bytes are copied as 64 bytes where the data has them (a
            // copy of fixed size, inlined; a call to memmove per row cost more).
            constexpr int64_t kFixed = static_cast<int64_t>(64 / sizeof(T));
            if (hard_rows.size() < static_cast<size_t>(kBlock * K + kFixed))
                hard_rows.resize(static_cast<size_t>(kBlock * K + kFixed));
            for (int64_t i = 0; i < n_found; ++i) {
                const int64_t t = first + found[i];
                const T *row = pred_probs + t * K;
                T *dst = hard_rows.data() + i * K;
                if (K <= kFixed && t * K + kFixed <= n_tokens * K)
                    std::memcpy(dst, row, 64);
                else
                    std::memcpy(dst, row, static_cast<size_t>(K) * sizeof(T));
                hard_labels.push_back(labels[t]);
                hard_tokens.push_back(found[i]);
            }
            double block_scores[kBlock];
            double *scores = block_scores;
            if (adjust) {
                for (int64_t b = 0; b < n; ++b) {
                    const int64_t t = first + b;
                    double sc = 0.0;
                    if (!adjust_row(pred_probs + t * K, K, thresholds_.data(), max_threshold,
                                    adjusted.data())) {
                        if (zero_row[static_cast<size_t>(c)] < 0) zero_row[static_cast<size_t>(c)] = t;
                    } else {
                        sc = ranking_score(method, adjusted.data(), K, labels[t], log_n_classes,
                                           terms.data());
                    }
                    scores[b] = sc;
                }
            } else if (method == TQ_SELF_CONFIDENCE) {
                scores = nullptr;  // the scores are own[], streamed as they are below
            } else if (method == TQ_NORMALIZED_MARGIN) {
                for (int64_t b = 0; b < n; ++b) scores[b] = margin_from(own[b], runner_up[b]);
            } else {
                for (int64_t b = 0; b < n; ++b)
                    scores[b] = ranking_score(method, pred_probs + (first + b) * K, K,
                                              labels[first + b], log_n_classes, terms.data());
            }
            if (float_scores)
                stream_float_scores(own, n, batch.float_scores + first);
            else if (scores == nullptr)
                stream_store(own, n, batch.double_scores + first);
            else
                stream_store(scores, n, batch.double_scores + first);
            // The flag bits: 1 (settled, never reported) but where a hard token's facts say 0.
            const size_t n_words = static_cast<size_t>(n + 63) / 64;
            uint64_t bits[kBlock / 64];
            for (size_t w = 0; w < n_words; ++w) {
                const int64_t left = n - static_cast<int64_t>(64 * w);
                bits[w] = left >= 64 ? ~uint64_t{0} : (uint64_t{1} << left) - 1;
            }
            const size_t n_hard = hard_tokens.size();
            facts.resize(n_hard);
            if (n_hard > 0)
                row_facts(hard_rows.data(), hard_labels.data(), static_cast<int64_t>(n_hard), K,
                          lowered.data(), facts);
            for (size_t h = 0; h < n_hard; ++h) {
                const size_t y = static_cast<size_t>(hard_labels[h]);
                const int64_t argmax = facts.argmax[h];
                // LabelInspector counts an issue when the argmax is not the label and its
                // probability reaches the argmax class's threshold.
                if (facts.best[h] >= lowered[static_cast<size_t>(argmax)]) {
                    ++mine.confident[y];
                    if (argmax != static_cast<int64_t>(y)) {
                        ++mine.off_diagonal;
                        ++mine.off_diagonal_per_class[y];
                    }
                }
                const CellAndFlag cf = cell_and_flag(facts, h, hard_labels[h], K);
                if (!(cf.flag & kPredictedIsGiven)) {
                    const int64_t b = hard_tokens[h];
                    bits[b / 64] &= ~(uint64_t{1} << (b % 64));
                }
            }
            std::memcpy(batch.never_bits + first / 64, bits, n_words * sizeof(uint64_t));
        }
        stream_fence();  // the streamed scores are visible once the chunk has joined
        for (size_t c4 = 0; c4 < 4; ++c4)
            for (size_t y = 0; y < Kz; ++y) {
                const int64_t *h = histograms.data() + c4 * 4 * Kz + 4 * y;
                mine.scored[y] += h[0] + h[1] + h[2] + h[3];
                mine.confident[y] += h[3];
            }
    });
    const bool any_bad = std::find(bad.begin(), bad.end(), 1) != bad.end();
    if (any_bad) validate_labels(labels, n_tokens, n_classes, options_.n_threads);
    check_sentence_range();
    if (any_bad) {
        validate_probabilities(pred_probs, n_tokens, n_classes, range, options_.n_threads);
        fail(TQ_ERR_INTERNAL, "pass 2 found a bad label or probability that the checks did not");
    }
    for (int64_t t : zero_row)
        if (t >= 0)
            fail(TQ_ERR_INVALID_VALUE,
                 "pred_probs row %lld sums to 0 after subtracting the confident thresholds "
                 "(cleanlab's adjusted score would be NaN)",
                 static_cast<long long>(t));

    const int64_t new_scored = add_token_counts(scored_tokens_, n_tokens, "the tokens scored");
    // Commit: the map insertion is the only step that can fail, and it comes first.
    batches_.emplace(first_sentence, std::move(batch));
    rewind.keep = true;
    for (const ScoreCounters &c : counters) {
        off_diagonal_count_ += c.off_diagonal;
        for (size_t k = 0; k < Kz; ++k) {
            scored_per_class_[k] += c.scored[k];
            confident_per_class_[k] += c.confident[k];
            off_diagonal_per_class_[k] += c.off_diagonal_per_class[k];
        }
    }
    scored_tokens_ = new_scored;
    if (token_scores != nullptr) {
        const Batch &stored = batches_.at(first_sentence);
        for (size_t t = 0; t < static_cast<size_t>(n_tokens); ++t) token_scores[t] = stored.score(t);
    }
}

void Inspector::merge(const Inspector &from) {
    if (&from == this)
        fail(TQ_ERR_INVALID_VALUE, "into and from are the same inspector");
    if (from.n_classes_ != n_classes_)
        fail(TQ_ERR_INVALID_SIZE, "from has %lld classes but into has %lld",
             static_cast<long long>(from.n_classes_), static_cast<long long>(n_classes_));
    if (!same_settings(from))
        fail(TQ_ERR_INVALID_OPTION,
             "from and into were created with different options (rank_by %d / %d, "
             "adjust_pred_probs %d / %d, num_issues_method %d / %d)",
             from.options_.rank_by, options_.rank_by, from.options_.adjust_pred_probs,
             options_.adjust_pred_probs, from.options_.num_issues_method,
             options_.num_issues_method);
    if (from.pass_ != pass_)
        fail(TQ_ERR_INVALID_STATE, "from is in %s but into is in %s", pass_name(from.pass_),
             pass_name(pass_));
    const size_t K = static_cast<size_t>(n_classes_);
    if (pass_ == kThresholdPass) {
        const int64_t new_total = add_token_counts(threshold_tokens_, from.threshold_tokens_,
                                                   "the tokens seen in pass 1");
        for (size_t k = 0; k < K; ++k) {
            class_sums_[k].add(from.class_sums_[k]);
            class_tokens_[k] += from.class_tokens_[k];
        }
        threshold_tokens_ = new_total;
        return;
    }
    if (from.threshold_tokens_ != threshold_tokens_ || from.class_tokens_ != class_tokens_ ||
        from.class_sums_ != class_sums_)
        fail(TQ_ERR_INVALID_STATE,
             "from and into have different thresholds: pass-2 inspectors must come from the "
             "same finished pass 1 (merge pass 1 first, then clone)");
    for (const auto &entry : from.batches_)
        require_free(entry.first, entry.second.n_sentences());
    const int64_t new_scored =
        add_token_counts(scored_tokens_, from.scored_tokens_, "the tokens scored");
    // Insert, undoing the insertions if memory runs out, so `into` stays unchanged.
    std::vector<std::map<int64_t, Batch>::iterator> inserted;
    inserted.reserve(from.batches_.size());
    const Arena::Mark mark = arena_.mark();
    try {
        for (const auto &entry : from.batches_)
            inserted.push_back(batches_.emplace(entry.first, entry.second.copy_into(arena_)).first);
    } catch (...) {
        for (auto it : inserted) batches_.erase(it);
        arena_.rewind(mark);
        throw;
    }
    off_diagonal_count_ += from.off_diagonal_count_;
    for (size_t k = 0; k < K; ++k) {
        scored_per_class_[k] += from.scored_per_class_[k];
        confident_per_class_[k] += from.confident_per_class_[k];
        off_diagonal_per_class_[k] += from.off_diagonal_per_class_[k];
    }
    scored_tokens_ = new_scored;
}

int64_t Inspector::num_label_issues() const {
    require_scored();
    if (options_.num_issues_method == TQ_OFF_DIAGONAL) return off_diagonal_count_;
    // LabelInspector.get_num_issues with estimation_method="off_diagonal_calibrated".
    std::vector<double> per_class(static_cast<size_t>(n_classes_));
    for (size_t k = 0; k < per_class.size(); ++k)
        per_class[k] = static_cast<double>(off_diagonal_per_class_[k]) *
                       static_cast<double>(scored_per_class_[k]) /
                       std::max(static_cast<double>(confident_per_class_[k]),
                                kClippingLowerBoundCounts);
    return static_cast<int64_t>(
        std::nearbyint(numpy_sum(per_class.data(), static_cast<int64_t>(per_class.size()))));
}

double Inspector::score_bound(int64_t count, double widen) const {
    const int64_t n = scored_tokens_;
    // About 4096 scores at a fixed stride over the stored order: cheap next to a pass, and
    // accurate enough that the bound rarely needs widening.
    const int64_t stride = std::max<int64_t>(1, n / 4096);
    std::vector<double> sample;
    sample.reserve(static_cast<size_t>(n / stride + 1));
    int64_t next = 0;  // the next sampled place, counted from the start of this batch
    for (const auto &entry : batches_) {
        const Batch &b = entry.second;
        const int64_t size = b.n_tokens();
        for (; next < size; next += stride) sample.push_back(b.score(static_cast<size_t>(next)));
        next -= size;
    }
    const int64_t m = static_cast<int64_t>(sample.size());
    int64_t rank;
    if (stride == 1) {
        rank = count - 1;  // the sample is every score: the count-th smallest, exactly
    } else {
        // The count-th smallest's expected rank in the sample, widened, plus a margin of
        // about three standard deviations of a sampled rank.
        const double expected = static_cast<double>(count) * static_cast<double>(m) /
                                static_cast<double>(n) * widen;
        rank = static_cast<int64_t>(expected + 3.0 * std::sqrt(expected) + 8.0);
    }
    if (rank >= m) return std::numeric_limits<double>::infinity();
    std::nth_element(sample.begin(), sample.begin() + rank, sample.end());
    return sample[static_cast<size_t>(rank)];
}

int64_t Inspector::scores_at_most(double bound, std::vector<int64_t> &places,
                                  std::vector<double> &values) const {
    places.clear();
    values.clear();
    int64_t base = 0;
    // Float scores are compared with the largest float at most the bound: the same outcome
    // (the bound is +infinity or a stored score, so within the range of floats).
    const float float_bound = bound >= static_cast<double>(std::numeric_limits<float>::max())
                                  ? std::numeric_limits<float>::infinity()
                                  : highest_at_most<float>(bound);
    for (const auto &entry : batches_) {
        const Batch &b = entry.second;
        const size_t size = static_cast<size_t>(b.n_tokens());
        // Blocks of places at most the bound (few), found by vector compares.
        constexpr int64_t kBlock = 2048;
        int64_t found[kBlock];
        for (size_t first = 0; first < size; first += kBlock) {
            const int64_t n = std::min<int64_t>(kBlock, static_cast<int64_t>(size - first));
            const int64_t n_found =
                b.floats ? places_at_most(b.float_scores + first, n, float_bound, found)
                         : places_at_most(b.double_scores + first, n, bound, found);
            for (int64_t f = 0; f < n_found; ++f) {
                const size_t t = first + static_cast<size_t>(found[f]);
                places.push_back((base + static_cast<int64_t>(t)) * 2 + (b.never_reported(t) ? 0 : 1));
                values.push_back(b.score(t));
            }
        }
        base += static_cast<int64_t>(size);
    }
    return static_cast<int64_t>(places.size());
}

void Inspector::find_label_issues(int64_t *out_sentences, int64_t *out_tokens, int64_t capacity,
                                  int64_t *out_count) const {
    require_scored();
    require_pointer(out_count, "out_count");
    require_non_negative(capacity, "capacity");
    require_array(out_sentences, "out_sentences", capacity);
    require_array(out_tokens, "out_tokens", capacity);
    const int64_t n = scored_tokens_;
    const int64_t top = std::min(std::max<int64_t>(num_label_issues(), 0), n);

    // The `top` lowest scores (ties by position), of which the reportable ones are the
    // issues: the scores at most a bound that a sample of them puts a little above the
    // top-th smallest (one pass, keeping a few more tokens than `top`), widened until
    // there are at least `top` of them (rarely needed; +infinity keeps everything), then
    // put in (score, position) order by one sort, whose first `top` are the lowest.
    std::vector<int64_t> places;
    std::vector<double> values;
    std::vector<size_t> order;
    if (top > 0) {
        for (double widen = 1.0;; widen *= 4.0)
            if (scores_at_most(score_bound(top, widen), places, values) >= top) break;
        order = stable_order(values.data(), values.size());
        order.resize(static_cast<size_t>(top));
    }
    // The issues among them (sentence -1: not an issue), located by one walk in position
    // order.
    std::vector<int64_t> sentences(places.size(), -1), tokens(places.size());
    int64_t n_issues = 0;
    for (size_t m : order)
        if (places[m] & 1) {
            sentences[m] = 0;
            ++n_issues;
        }
    auto batch = batches_.begin();
    int64_t base = 0, sentence = 0;
    for (size_t m = 0; m < places.size(); ++m) {
        if (sentences[m] < 0) continue;
        const int64_t flat = places[m] >> 1;
        while (flat >= base + batch->second.n_tokens()) {
            base += batch->second.n_tokens();
            ++batch;
            sentence = 0;
        }
        const std::vector<int64_t> &offsets = batch->second.offsets;
        const int64_t t = flat - base;
        while (offsets[static_cast<size_t>(sentence) + 1] <= t) ++sentence;
        sentences[m] = batch->first + sentence;
        tokens[m] = t - offsets[static_cast<size_t>(sentence)];
    }
    if (n_issues > capacity) {
        *out_count = n_issues;
        fail(TQ_ERR_BUFFER_TOO_SMALL, "capacity = %lld but there are %lld issues",
             static_cast<long long>(capacity), static_cast<long long>(n_issues));
    }
    int64_t k = 0;
    for (size_t m : order)
        if (sentences[m] >= 0) {
            out_sentences[k] = sentences[m];
            out_tokens[k] = tokens[m];
            ++k;
        }
    *out_count = n_issues;
}

template void Inspector::update_thresholds<float>(const int32_t *, const float *, int64_t, int64_t);
template void Inspector::update_thresholds<double>(const int32_t *, const double *, int64_t,
                                                   int64_t);
template void Inspector::score<float>(int64_t, const int64_t *, int64_t, const int32_t *,
                                      const float *, int64_t, int64_t, double *);
template void Inspector::score<double>(int64_t, const int64_t *, int64_t, const int32_t *,
                                       const double *, int64_t, int64_t, double *);

}  // namespace tq
