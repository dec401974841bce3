// Results are bitwise identical for every n_threads, and concurrent calls are safe.
#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

#include "test_util.hpp"

using namespace tqtest;

namespace {

void run(const Data &d, const std::vector<float> &f32, int32_t token_method,
         int32_t sentence_method, int32_t n_threads, std::vector<double> &sentence,
         std::vector<double> &token, bool single_precision) {
    tq_score_options o = score_options(token_method, sentence_method, 0.05, n_threads);
    sentence.assign(static_cast<size_t>(d.n_sentences()), 0);
    token.assign(static_cast<size_t>(d.n_tokens()), 0);
    const tq_status s =
        single_precision
            ? tq_label_quality_scores_f32(d.offsets.data(), d.n_sentences(), d.labels.data(),
                                          f32.data(), d.n_tokens(), d.n_classes, &o,
                                          sentence.data(), token.data())
            : tq_label_quality_scores_f64(d.offsets.data(), d.n_sentences(), d.labels.data(),
                                          d.probs.data(), d.n_tokens(), d.n_classes, &o,
                                          sentence.data(), token.data());
    ASSERT_EQ(TQ_OK, s) << tq_last_error_message();
}

}  // namespace

TEST(Threads, BitwiseIdenticalForEveryThreadCount) {
    // Large enough (about 200k tokens) that several threads really are used.
    const Data d = make_random_data(42, 20000, 9);
    const std::vector<float> f32 = d.probs_f32();
    for (bool single : {false, true}) {
        for (int32_t m :
             {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN, TQ_CONFIDENCE_WEIGHTED_ENTROPY}) {
            std::vector<double> s1, t1;
            run(d, f32, m, TQ_SOFTMIN, 1, s1, t1, single);
            for (int32_t n : {0, 2, 3, 7, 64}) {
                std::vector<double> s, t;
                run(d, f32, m, TQ_SOFTMIN, n, s, t, single);
                EXPECT_EQ(0, std::memcmp(s1.data(), s.data(), s.size() * sizeof(double)))
                    << "n_threads " << n;
                EXPECT_EQ(0, std::memcmp(t1.data(), t.data(), t.size() * sizeof(double)))
                    << "n_threads " << n;
            }
        }
    }
}

TEST(Threads, ErrorReportedIsTheFirstWhateverTheThreadCount) {
    Data d = make_random_data(3, 20000, 5);
    d.probs[d.probs.size() - 1] = 7.0;                     // late, found by the last thread
    d.probs[static_cast<size_t>(d.n_classes) * 1000 + 1] = -3.0;  // earlier: must win
    std::vector<double> s(static_cast<size_t>(d.n_sentences()), kSentinel);
    for (int32_t n : {1, 2, 8}) {
        tq_score_options o = score_options(TQ_SELF_CONFIDENCE, TQ_MIN, 0.05, n);
        ASSERT_EQ(TQ_ERR_INVALID_PROBABILITY,
                  tq_label_quality_scores_f64(d.offsets.data(), d.n_sentences(), d.labels.data(),
                                              d.probs.data(), d.n_tokens(), d.n_classes, &o,
                                              s.data(), nullptr));
        EXPECT_NE(nullptr, std::strstr(tq_last_error_message(), "pred_probs[1000][1] = -3"))
            << tq_last_error_message();
        EXPECT_EQ(kSentinel, s[0]);
    }
}

TEST(Threads, ConcurrentCallsAgree) {
    const Data d = make_random_data(9, 3000, 7);
    const std::vector<float> f32 = d.probs_f32();
    std::vector<double> expected_s, expected_t;
    run(d, f32, TQ_NORMALIZED_MARGIN, TQ_SOFTMIN, 1, expected_s, expected_t, false);
    std::vector<std::thread> threads;
    std::vector<int> ok(8, 0);
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            for (int rep = 0; rep < 5; ++rep) {
                std::vector<double> s, t;
                run(d, f32, TQ_NORMALIZED_MARGIN, TQ_SOFTMIN, i % 3, s, t, false);
                if (s != expected_s || t != expected_t) return;
            }
            ok[static_cast<size_t>(i)] = 1;
        });
    }
    for (auto &t : threads) t.join();
    EXPECT_EQ(std::vector<int>(8, 1), ok);
}
