// Regression tests for the defects found by fuzzing (issue 9), each reduced to the input
// that reached it: damaged saved inspectors that used to load, count arithmetic that used
// to wrap, an option value converted out of range, the zero-count cut, and scores that
// left the range the header states.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "exact_sum.hpp"
#include "select.hpp"
#include "test_util.hpp"
#include "tokqual/tokqual.h"

using namespace tqtest;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

struct InspectorDeleter {
    void operator()(tq_inspector *p) const { tq_inspector_destroy(p); }
};
using Handle = std::unique_ptr<tq_inspector, InspectorDeleter>;

// A saved inspector written field by field in the format of src/inspector_io.cpp, so
// that a test can claim any state, consistent or not.
struct SavedState {
    int64_t n_classes = 2;
    int32_t rank_by = TQ_SELF_CONFIDENCE, adjust = 0, num_issues_method = TQ_OFF_DIAGONAL,
            n_threads = 1, pass = 1;
    std::vector<int64_t> class_tokens;
    std::vector<double> class_sums;  // each added to an exact sum as one value
    int64_t scored_tokens = 0, off_diagonal_count = 0;
    std::vector<int64_t> scored, confident, off_diagonal;  // per class
    struct Batch {
        int64_t first;
        std::vector<int64_t> offsets;
        std::vector<double> scores;
        std::vector<uint8_t> never_reported;
    };
    std::vector<Batch> batches;

    int64_t threshold_tokens() const {
        uint64_t total = 0;  // wraps as the old loader's sum did
        for (int64_t n : class_tokens) total += static_cast<uint64_t>(n);
        return static_cast<int64_t>(total);
    }

    std::string bytes() const {
        std::string out("TQINSPCT");
        auto u64 = [&](uint64_t v) {
            for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
        };
        auto u32 = [&](uint32_t v) {
            for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
        };
        auto f64 = [&](double v) {
            uint64_t b;
            std::memcpy(&b, &v, sizeof b);
            u64(b);
        };
        u32(1);
        u64(static_cast<uint64_t>(n_classes));
        for (int32_t v : {rank_by, adjust, num_issues_method, n_threads, pass})
            u32(static_cast<uint32_t>(v));
        u64(static_cast<uint64_t>(threshold_tokens()));
        for (size_t k = 0; k < static_cast<size_t>(n_classes); ++k) {
            u64(static_cast<uint64_t>(class_tokens[k]));
            tq::ExactSum sum;
            sum.add(class_sums[k]);
            sum.normalize();
            for (int d = 0; d < tq::ExactSum::kDigits; ++d) u64(static_cast<uint64_t>(sum.digits()[d]));
        }
        u64(static_cast<uint64_t>(scored_tokens));
        u64(static_cast<uint64_t>(off_diagonal_count));
        for (size_t k = 0; k < static_cast<size_t>(n_classes); ++k) {
            u64(static_cast<uint64_t>(scored.empty() ? 0 : scored[k]));
            u64(static_cast<uint64_t>(confident.empty() ? 0 : confident[k]));
            u64(static_cast<uint64_t>(off_diagonal.empty() ? 0 : off_diagonal[k]));
        }
        u64(batches.size());
        for (const Batch &b : batches) {
            u64(static_cast<uint64_t>(b.first));
            u64(b.offsets.size() - 1);
            for (int64_t o : b.offsets) u64(static_cast<uint64_t>(o));
            for (double s : b.scores) f64(s);
            out.append(b.never_reported.begin(), b.never_reported.end());
        }
        return out;
    }
};

tq_status load(const std::string &bytes, Handle *out) {
    tq_inspector *p = nullptr;
    const tq_status st = tq_inspector_load(bytes.data(), bytes.size(), &p);
    out->reset(p);
    return st;
}

std::string saved(const tq_inspector *in) {
    size_t size = 0;
    tq_inspector_save(in, nullptr, 0, &size);
    std::string bytes(size, '\0');
    EXPECT_EQ(TQ_OK, tq_inspector_save(in, &bytes[0], size, &size));
    return bytes;
}

bool message_has(const char *words) {
    return std::strstr(tq_last_error_message(), words) != nullptr;
}

// A valid pass-2 state: two classes, one sentence of three tokens, one counted issue.
SavedState scored_state(std::vector<double> scores) {
    SavedState s;
    s.pass = 2;
    s.class_tokens = {2, 1};
    s.class_sums = {1.5, 0.5};
    s.scored_tokens = 3;
    s.off_diagonal_count = 1;
    s.scored = {2, 1};
    s.confident = {2, 1};
    s.off_diagonal = {1, 0};
    s.batches.push_back({0, {0, 3}, std::move(scores), {0, 0, 0}});
    return s;
}

}  // namespace

// The valid state above loads, reports its one issue and round-trips byte for byte, so the
// refusals below come from the one field each test damages.
TEST(Regressions, CraftedStateIsValid) {
    const std::string bytes = scored_state({0.9, 0.2, 0.7}).bytes();
    Handle in;
    ASSERT_EQ(TQ_OK, load(bytes, &in)) << tq_last_error_message();
    EXPECT_EQ(bytes, saved(in.get()));
    int64_t s[3], t[3], n = -1;
    ASSERT_EQ(TQ_OK, tq_inspector_find_label_issues(in.get(), s, t, 3, &n));
    ASSERT_EQ(1, n);
    EXPECT_EQ(0, s[0]);
    EXPECT_EQ(1, t[0]);
}

// Scores outside the rank_by method's range used to load, and with no issue to report
// the cut then read before the start of a buffer (heap overflow, SIGSEGV in release).
TEST(Regressions, LoadRefusesScoresOutsideTheirRange) {
    for (double bad : {-0.5, -1e300, 1.5, 1e300, 1.0 + 2e-6, -2e-6,
                       std::numeric_limits<double>::infinity()}) {
        SavedState s = scored_state({0.9, bad, 0.7});
        s.off_diagonal_count = 0;  // no issue counted: the zero-count cut
        s.off_diagonal = {0, 0};
        Handle in;
        EXPECT_EQ(TQ_ERR_INVALID_VALUE, load(s.bytes(), &in)) << bad;
        EXPECT_EQ(nullptr, in.get());
        EXPECT_TRUE(message_has("not a valid saved inspector")) << tq_last_error_message();
    }
    // The entropy score lies in [0, 1] exactly; adjusted scores need only be finite.
    SavedState entropy = scored_state({0.9, -1e-7, 0.7});
    entropy.rank_by = TQ_CONFIDENCE_WEIGHTED_ENTROPY;
    Handle in;
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, load(entropy.bytes(), &in));
    SavedState adjusted = scored_state({0.9, -3.0, 0.7});
    adjusted.adjust = 1;
    EXPECT_EQ(TQ_OK, load(adjusted.bytes(), &in)) << tq_last_error_message();
}

// With such scores allowed (adjusted probabilities), a count of 0 must select nothing.
TEST(Regressions, ZeroIssuesWithScoresBelowTheBucketRange) {
    SavedState s = scored_state({-5.0, -7.0, 0.7});
    s.adjust = 1;
    s.off_diagonal_count = 0;
    s.off_diagonal = {0, 0};
    Handle in;
    ASSERT_EQ(TQ_OK, load(s.bytes(), &in)) << tq_last_error_message();
    int64_t sentences[3] = {kSentinelIndex, kSentinelIndex, kSentinelIndex};
    int64_t tokens[3] = {kSentinelIndex, kSentinelIndex, kSentinelIndex};
    int64_t n = -1;
    ASSERT_EQ(TQ_OK, tq_inspector_find_label_issues(in.get(), sentences, tokens, 3, &n));
    EXPECT_EQ(0, n);
    EXPECT_EQ(kSentinelIndex, sentences[0]);
}

TEST(Regressions, SmallestCutAtBothEnds) {
    const std::vector<uint64_t> keys{5, 3, 9};
    for (int64_t count : {int64_t{-1}, int64_t{0}}) {
        tq::Cut c = tq::smallest_cut(keys, count);
        for (uint64_t k : keys) EXPECT_FALSE(c.take(k)) << count;
    }
    for (int64_t count : {int64_t{3}, int64_t{4}}) {
        tq::Cut c = tq::smallest_cut(keys, count);
        for (uint64_t k : keys) EXPECT_TRUE(c.take(k)) << count;
    }
}

// Per-class counts whose sum wraps back to the stored total used to load.
TEST(Regressions, LoadRefusesCountsThatOverflow) {
    SavedState s;
    s.n_classes = 3;
    s.class_tokens = {kMax, kMax, 3};  // wraps to 1
    s.class_sums = {0.0, 0.0, 0.0};
    ASSERT_EQ(1, s.threshold_tokens());
    Handle in;
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, load(s.bytes(), &in));
    EXPECT_TRUE(message_has("overflow")) << tq_last_error_message();

    SavedState p2 = scored_state({0.9, 0.2, 0.7});
    p2.n_classes = 3;
    p2.class_tokens = {2, 1, 0};
    p2.class_sums = {1.5, 0.5, 0.0};
    p2.scored = {kMax, kMax, 5};  // wraps to the stored 3 scored tokens
    p2.confident = {0, 0, 0};
    p2.off_diagonal = {0, 0, 0};
    p2.off_diagonal_count = 0;
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, load(p2.bytes(), &in));
}

// A class's probability sum must fit its token count: its mean is the threshold.
TEST(Regressions, LoadRefusesSumsThatDoNotFitTheirCounts) {
    for (const std::pair<int64_t, double> &bad :
         {std::make_pair(int64_t{1}, 1.5), std::make_pair(int64_t{2}, -0.5),
          std::make_pair(int64_t{0}, 0.25)}) {
        SavedState s;
        s.class_tokens = {bad.first, 1};
        s.class_sums = {bad.second, 0.5};
        Handle in;
        EXPECT_EQ(TQ_ERR_INVALID_VALUE, load(s.bytes(), &in)) << bad.first << " " << bad.second;
    }
}

// Merging a pass-1 state of huge counts with its clone used to wrap to negative counts,
// which then no longer saved and loaded; updating such a state wrapped the same way.
TEST(Regressions, MergeAndUpdateRefuseCountsThatOverflow) {
    SavedState s;
    s.class_tokens = {kMax / 2 + 1, 1};
    s.class_sums = {0.0, 0.5};
    Handle in, copy;
    ASSERT_EQ(TQ_OK, load(s.bytes(), &in)) << tq_last_error_message();
    ASSERT_EQ(TQ_OK, load(s.bytes(), &copy));
    const std::string before = saved(in.get());
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_inspector_merge(in.get(), copy.get()));
    EXPECT_TRUE(message_has("overflow")) << tq_last_error_message();
    EXPECT_EQ(before, saved(in.get()));

    SavedState full;
    full.class_tokens = {kMax - 1, 0};
    full.class_sums = {0.0, 0.0};
    Handle f;
    ASSERT_EQ(TQ_OK, load(full.bytes(), &f)) << tq_last_error_message();
    const std::string full_before = saved(f.get());
    const int32_t labels[2] = {0, 1};
    const double probs[4] = {0.5, 0.5, 0.5, 0.5};
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_inspector_update_thresholds_f64(f.get(), labels, probs, 2, 2));
    EXPECT_EQ(full_before, saved(f.get()));
    EXPECT_EQ(TQ_OK, tq_inspector_update_thresholds_f64(f.get(), labels, probs, 1, 2));
}

// min_examples_per_class near INT64_MAX was converted to double and back out of range
// (undefined behaviour, seen with -fsanitize=float-cast-overflow). Any value of at least
// the number of tokens leaves every class unflagged.
TEST(Regressions, HugeMinExamplesPerClass) {
    const Data d = make_random_data(7, 40, 4);
    for (int32_t filter : {TQ_PRUNE_BY_NOISE_RATE, TQ_PRUNE_BY_CLASS, TQ_BOTH}) {
        for (int64_t m : {d.n_tokens(), d.n_tokens() + 1, kMax - 1, kMax}) {
            tq_find_options o;
            tq_find_options_init(&o);
            o.filter_by = filter;
            o.min_examples_per_class = m;
            std::vector<int64_t> s(static_cast<size_t>(d.n_tokens())), t(s.size());
            int64_t n = -1;
            ASSERT_EQ(TQ_OK, tq_find_label_issues_f64(d.offsets.data(), d.n_sentences(),
                                                      d.labels.data(), d.probs.data(),
                                                      d.n_tokens(), d.n_classes, &o, s.data(),
                                                      t.data(), &n))
                << tq_last_error_message();
            EXPECT_EQ(0, n) << filter << " " << m;
        }
    }
}

// Probabilities accepted within the 1e-6 tolerance pass into the scores (as in
// cleanlab), and the header states that range: [-1e-6, 1 + 1e-6] for self-confidence
// and normalized margin, [0, 1] for the entropy, sentence scores within their tokens'.
TEST(Regressions, ScoresStayInTheStatedRange) {
    const double lo = -1e-6, hi = 1.0 + 1e-6;
    // Extreme rows: the label at each end of the tolerance, the runner-up at the other.
    const std::vector<int64_t> offsets{0, 3, 4};
    const std::vector<int32_t> labels{0, 1, 0, 1};
    const std::vector<double> probs{hi, lo, lo, hi, lo, hi, hi, hi};
    const std::vector<float> probs32(probs.begin(), probs.end());
    for (int32_t method : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN}) {
        for (int32_t sentence : {TQ_MIN, TQ_SOFTMIN}) {
            for (double temperature : {0.05, 1e-7, 3.0, std::numeric_limits<double>::infinity()}) {
                const tq_score_options o = score_options(method, sentence, temperature);
                double ss[2], ts[4];
                ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(offsets.data(), 2, labels.data(),
                                                             probs.data(), 4, 2, &o, ss, ts));
                for (double v : ts) EXPECT_TRUE(v >= lo && v <= hi) << method << " " << v;
                for (int i = 0; i < 2; ++i) {
                    const double *begin = ts + offsets[static_cast<size_t>(i)];
                    const double *end = ts + offsets[static_cast<size_t>(i) + 1];
                    EXPECT_GE(ss[i], *std::min_element(begin, end));
                    EXPECT_LE(ss[i], *std::max_element(begin, end));
                }
                ASSERT_EQ(TQ_OK, tq_label_quality_scores_f32(offsets.data(), 2, labels.data(),
                                                             probs32.data(), 4, 2, &o, ss, ts));
                for (double v : ts) EXPECT_TRUE(v >= lo && v <= hi) << method << " " << v;
            }
        }
    }
    // Self-confidence keeps the tolerated value itself, as cleanlab does.
    const tq_score_options sc = score_options(TQ_SELF_CONFIDENCE, TQ_MIN);
    double ss[2], ts[4];
    ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(offsets.data(), 2, labels.data(), probs.data(),
                                                 4, 2, &sc, ss, ts));
    EXPECT_EQ(hi, ts[0]);
    EXPECT_EQ(lo, ts[2]);
}

// A sentence of many equal scores: the mean and softmin sums round, but the result stays
// within the sentence's token scores.
TEST(Regressions, SentenceScoreWithinItsTokens) {
    const int64_t n = 100000;
    const std::vector<int64_t> offsets{0, n};
    const std::vector<int32_t> labels(static_cast<size_t>(n), 0);
    std::vector<double> probs;
    for (int64_t t = 0; t < n; ++t) {
        probs.push_back(0.1);
        probs.push_back(0.9);
    }
    for (double temperature : {0.05, 7.0, std::numeric_limits<double>::infinity()}) {
        const tq_score_options o = score_options(TQ_SELF_CONFIDENCE, TQ_SOFTMIN, temperature);
        double ss = 0;
        ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(offsets.data(), 1, labels.data(),
                                                     probs.data(), n, 2, &o, &ss, nullptr));
        EXPECT_EQ(0.1, ss) << temperature;
    }
}

// Only canonical bytes load (batches in ascending order), so that saving a loaded
// inspector gives back the bytes it came from.
TEST(Regressions, LoadAcceptsOnlyCanonicalBytes) {
    SavedState s = scored_state({0.9, 0.2, 0.7});
    s.scored_tokens = 4;
    s.scored = {3, 1};
    s.batches.push_back({1, {0, 1}, {0.5}, {0}});
    Handle in;
    ASSERT_EQ(TQ_OK, load(s.bytes(), &in)) << tq_last_error_message();
    EXPECT_EQ(s.bytes(), saved(in.get()));
    std::swap(s.batches[0], s.batches[1]);
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, load(s.bytes(), &in));
    EXPECT_TRUE(message_has("ascending")) << tq_last_error_message();
}
