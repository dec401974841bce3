// Many threads at once on every family of calls, each thread also splitting its own work
// (n_threads > 1): the results equal one thread's, and each thread reads its own error
// message. Run under ThreadSanitizer by the README's test command (build-tsan), where a
// data race fails the test.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "test_util.hpp"

using namespace tqtest;

namespace {

constexpr int kCallers = 6;

// Runs body(i) on kCallers threads at once (released together) and waits for all.
template <class Body>
void at_once(const Body &body) {
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kCallers; ++i)
        threads.emplace_back([&, i] {
            ++ready;
            while (ready.load() < kCallers) std::this_thread::yield();
            body(i);
        });
    for (std::thread &t : threads) t.join();
}

struct Issues {
    std::vector<int64_t> sentences, tokens;
    bool operator==(const Issues &o) const { return sentences == o.sentences && tokens == o.tokens; }
};

Issues find(const Data &d, int32_t filter, int32_t n_threads) {
    tq_find_options o;
    tq_find_options_init(&o);
    o.filter_by = filter;
    o.n_threads = n_threads;
    Issues out;
    out.sentences.resize(static_cast<size_t>(d.n_tokens()));
    out.tokens.resize(out.sentences.size());
    int64_t n = 0;
    EXPECT_EQ(TQ_OK, tq_find_label_issues_f64(d.offsets.data(), d.n_sentences(), d.labels.data(),
                                              d.probs.data(), d.n_tokens(), d.n_classes, &o,
                                              out.sentences.data(), out.tokens.data(), &n))
        << tq_last_error_message();
    out.sentences.resize(static_cast<size_t>(n));
    out.tokens.resize(static_cast<size_t>(n));
    return out;
}

struct InspectorDeleter {
    void operator()(tq_inspector *p) const { tq_inspector_destroy(p); }
};
using Handle = std::unique_ptr<tq_inspector, InspectorDeleter>;

// Both passes over the data in two shards, merged, then the issues.
Issues inspect(const Data &d, int32_t n_threads) {
    tq_inspector_options o;
    tq_inspector_options_init(&o);
    o.n_threads = n_threads;
    tq_inspector *a = nullptr, *b = nullptr;
    EXPECT_EQ(TQ_OK, tq_inspector_create(d.n_classes, &o, &a));
    EXPECT_EQ(TQ_OK, tq_inspector_create(d.n_classes, &o, &b));
    Handle first(a), second(b);
    const int64_t half_sentences = d.n_sentences() / 2;
    const int64_t half = d.offsets[static_cast<size_t>(half_sentences)];
    const int64_t K = d.n_classes;
    EXPECT_EQ(TQ_OK, tq_inspector_update_thresholds_f64(a, d.labels.data(), d.probs.data(), half, K));
    EXPECT_EQ(TQ_OK, tq_inspector_update_thresholds_f64(b, d.labels.data() + half,
                                                        d.probs.data() + half * K,
                                                        d.n_tokens() - half, K));
    EXPECT_EQ(TQ_OK, tq_inspector_merge(a, b));
    EXPECT_EQ(TQ_OK, tq_inspector_finish_thresholds(a));
    tq_inspector *copy = nullptr;
    EXPECT_EQ(TQ_OK, tq_inspector_clone(a, &copy));
    second.reset(copy);
    EXPECT_EQ(TQ_OK, tq_inspector_score_f64(a, 0, d.offsets.data(), half_sentences, d.labels.data(),
                                            d.probs.data(), half, K, nullptr));
    std::vector<int64_t> rest(d.offsets.begin() + half_sentences, d.offsets.end());
    for (int64_t &x : rest) x -= half;
    EXPECT_EQ(TQ_OK, tq_inspector_score_f64(copy, half_sentences, rest.data(),
                                            d.n_sentences() - half_sentences,
                                            d.labels.data() + half, d.probs.data() + half * K,
                                            d.n_tokens() - half, K, nullptr));
    EXPECT_EQ(TQ_OK, tq_inspector_merge(a, copy));
    Issues out;
    out.sentences.resize(static_cast<size_t>(d.n_tokens()));
    out.tokens.resize(out.sentences.size());
    int64_t n = 0;
    EXPECT_EQ(TQ_OK, tq_inspector_find_label_issues(a, out.sentences.data(), out.tokens.data(),
                                                    d.n_tokens(), &n));
    out.sentences.resize(static_cast<size_t>(n));
    out.tokens.resize(static_cast<size_t>(n));
    return out;
}

}  // namespace

TEST(Concurrency, FindLabelIssuesFromManyThreads) {
    const Data d = make_random_data(11, 3000, 6);
    const Issues expected = find(d, TQ_PRUNE_BY_NOISE_RATE, 1);
    const Issues expected_both = find(d, TQ_BOTH, 1);
    ASSERT_FALSE(expected.sentences.empty());
    std::vector<int> same(kCallers, 0);
    at_once([&](int i) {
        const int32_t n_threads = 1 + i % 3;
        same[static_cast<size_t>(i)] = find(d, TQ_PRUNE_BY_NOISE_RATE, n_threads) == expected &&
                                       find(d, TQ_BOTH, n_threads) == expected_both;
    });
    EXPECT_EQ(std::vector<int>(kCallers, 1), same);
}

TEST(Concurrency, InspectorsOnManyThreads) {
    const Data d = make_random_data(12, 3000, 5);
    const Issues expected = inspect(d, 1);
    ASSERT_FALSE(expected.sentences.empty());
    std::vector<int> same(kCallers, 0);
    at_once([&](int i) { same[static_cast<size_t>(i)] = inspect(d, 1 + i % 3) == expected; });
    EXPECT_EQ(std::vector<int>(kCallers, 1), same);
}

TEST(Concurrency, StatisticsAndScoresFromManyThreads) {
    const Data d = make_random_data(13, 2000, 4);
    const std::vector<float> f32 = d.probs_f32();
    auto joint = [&](int32_t n_threads) {
        tq_find_options o;
        tq_find_options_init(&o);
        o.n_threads = n_threads;
        std::vector<int64_t> out(static_cast<size_t>(d.n_classes * d.n_classes));
        EXPECT_EQ(TQ_OK, tq_confident_joint_f32(d.labels.data(), f32.data(), d.n_tokens(),
                                                d.n_classes, 1, &o, out.data()));
        return out;
    };
    auto scores = [&](int32_t n_threads) {
        const tq_score_options o = score_options(TQ_CONFIDENCE_WEIGHTED_ENTROPY, TQ_SOFTMIN, 0.1,
                                                 n_threads);
        std::vector<double> s(static_cast<size_t>(d.n_sentences()));
        EXPECT_EQ(TQ_OK, tq_label_quality_scores_f32(d.offsets.data(), d.n_sentences(),
                                                     d.labels.data(), f32.data(), d.n_tokens(),
                                                     d.n_classes, &o, s.data(), nullptr));
        return s;
    };
    const std::vector<int64_t> expected_joint = joint(1);
    const std::vector<double> expected_scores = scores(1);
    std::vector<int> same(kCallers, 0);
    at_once([&](int i) {
        same[static_cast<size_t>(i)] =
            joint(1 + i % 3) == expected_joint && scores(1 + i % 3) == expected_scores;
    });
    EXPECT_EQ(std::vector<int>(kCallers, 1), same);
}

// The text helpers (ICU underneath) from many threads: the same sentence every time.
TEST(Concurrency, TextHelpersFromManyThreads) {
    const std::string text = "Ünïcode\xC3\x9F" "straße" "said" ".";
    const std::vector<int64_t> words{0, 11, 18, 22, 23};
    auto sentence = [&] {
        char out[64];
        int64_t size = 0;
        EXPECT_EQ(TQ_OK, tq_get_sentence(text.data(), static_cast<int64_t>(text.size()),
                                         words.data(), 4, out, sizeof out, &size));
        std::string s(out, static_cast<size_t>(size));
        EXPECT_EQ(TQ_OK, tq_color_sentence(s.data(), size, "said", 4, "[", "]", out, sizeof out,
                                           &size));
        return std::string(out, static_cast<size_t>(size));
    };
    const std::string expected = sentence();
    EXPECT_EQ("Ünïcodeß straße [said].", expected);
    std::vector<int> same(kCallers, 0);
    at_once([&](int i) {
        bool ok = true;
        for (int rep = 0; rep < 20; ++rep) ok = ok && sentence() == expected;
        same[static_cast<size_t>(i)] = ok;
    });
    EXPECT_EQ(std::vector<int>(kCallers, 1), same);
}

// Every thread fails differently at the same moment and reads its own message.
TEST(Concurrency, ErrorMessagesArePerThread) {
    const Data d = make_random_data(14, 50, 3);
    std::vector<std::string> messages(kCallers);
    at_once([&](int i) {
        Data bad = d;
        bad.labels[static_cast<size_t>(i)] = 40 + i;
        std::vector<double> s(static_cast<size_t>(bad.n_sentences()));
        for (int rep = 0; rep < 50; ++rep) {
            const tq_score_options o = score_options(TQ_SELF_CONFIDENCE, TQ_MIN, 0.05, 1 + i % 2);
            if (tq_label_quality_scores_f64(bad.offsets.data(), bad.n_sentences(), bad.labels.data(),
                                            bad.probs.data(), bad.n_tokens(), bad.n_classes, &o,
                                            s.data(), nullptr) != TQ_ERR_INVALID_LABEL)
                return;
            messages[static_cast<size_t>(i)] = tq_last_error_message();
        }
    });
    for (int i = 0; i < kCallers; ++i) {
        const std::string want = "labels[" + std::to_string(i) + "] = " + std::to_string(40 + i);
        EXPECT_NE(std::string::npos, messages[static_cast<size_t>(i)].find(want))
            << messages[static_cast<size_t>(i)];
    }
}
