// The limits tq_label_quality_scores_* and tq_find_label_issues_* promise in tokqual.h:
// inputs past 2^31 elements are indexed correctly, and an allocation that fails under a
// lowered address-space limit gives TQ_ERR_OUT_OF_MEMORY with nothing written, never a
// crash or a partial result.
//
// The large inputs are anonymous mappings left mostly untouched: every page reads as
// zeros from the kernel's shared zero page, so a 9 GB pred_probs costs almost no memory.
// Only the pages a test writes become real. Not run under the sanitizers (ASan reserves
// more address space than any limit below would allow); CTest label "slow".
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "tokqual/tokqual.h"

namespace {

// A zero-filled array of n elements that does not reserve memory.
template <class T>
class ZeroArray {
public:
    explicit ZeroArray(size_t n) : bytes_(n * sizeof(T)) {
        void *p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) {
            std::perror("mmap");
            std::abort();
        }
        data_ = static_cast<T *>(p);
    }
    ~ZeroArray() { munmap(data_, bytes_); }
    ZeroArray(const ZeroArray &) = delete;
    ZeroArray &operator=(const ZeroArray &) = delete;
    T *data() { return data_; }
    T &operator[](size_t i) { return data_[i]; }

private:
    size_t bytes_;
    T *data_;
};

// The address space this process has mapped now (VmSize), in bytes.
uint64_t mapped_bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmSize:", 0) == 0) return std::stoull(line.substr(7)) * 1024;
    return 0;
}

// Lowers the address-space limit to what is mapped now plus `headroom` bytes while it
// lives, then lifts it again.
class AddressSpaceLimit {
public:
    explicit AddressSpaceLimit(uint64_t headroom) {
        getrlimit(RLIMIT_AS, &saved_);
        rlimit lowered = saved_;
        lowered.rlim_cur = mapped_bytes() + headroom;
        EXPECT_EQ(0, setrlimit(RLIMIT_AS, &lowered));
    }
    ~AddressSpaceLimit() { setrlimit(RLIMIT_AS, &saved_); }

private:
    rlimit saved_{};
};

constexpr int64_t kTwoTo31 = int64_t{1} << 31;

}  // namespace

// K = 46340 (the largest K the confident-learning calls accept) and enough tokens that
// pred_probs holds more than 2^31 elements: the last token's score comes from past them.
TEST(Limits, ScoresPastTwoTo31Elements) {
    const int64_t K = 46340, n_tokens = kTwoTo31 / K + 2;
    ASSERT_GT(n_tokens * K, kTwoTo31);
    ZeroArray<float> probs(static_cast<size_t>(n_tokens * K));
    std::vector<int32_t> labels(static_cast<size_t>(n_tokens), 0);
    const std::vector<int64_t> offsets{0, n_tokens - 1, n_tokens};
    // The last token: labeled K - 1 with probability 1 for it, far past element 2^31.
    labels.back() = static_cast<int32_t>(K - 1);
    probs[static_cast<size_t>(n_tokens * K - 1)] = 1.0f;
    for (int32_t method : {TQ_SELF_CONFIDENCE, TQ_NORMALIZED_MARGIN}) {
        tq_score_options o;
        tq_score_options_init(&o);
        o.token_method = method;
        o.n_threads = 2;
        double sentence[2] = {-1, -1};
        std::vector<double> token(static_cast<size_t>(n_tokens), -1);
        ASSERT_EQ(TQ_OK, tq_label_quality_scores_f32(offsets.data(), 2, labels.data(), probs.data(),
                                                     n_tokens, K, &o, sentence, token.data()))
            << tq_last_error_message();
        EXPECT_EQ(1.0, token.back());
        EXPECT_EQ(1.0, sentence[1]);
        EXPECT_EQ(method == TQ_SELF_CONFIDENCE ? 0.0 : 0.5, sentence[0]);
    }
}

// Confident learning over more than 2^31 elements (K = 8192: K x K tables of 0.5 GiB, a
// few of them), with one mislabeled token at the very end that must be found.
TEST(Limits, FindLabelIssuesPastTwoTo31Elements) {
    const int64_t K = 8192, n_tokens = kTwoTo31 / K + 2;
    ASSERT_GT(n_tokens * K, kTwoTo31);
    ZeroArray<float> probs(static_cast<size_t>(n_tokens * K));
    std::vector<int32_t> labels(static_cast<size_t>(n_tokens));
    // Every token certain of its label, labels cycling over four classes; the last one is
    // labeled 1 but certain of class 0.
    for (int64_t t = 0; t < n_tokens; ++t) {
        labels[static_cast<size_t>(t)] = static_cast<int32_t>(t % 4);
        probs[static_cast<size_t>(t * K + t % 4)] = 1.0f;
    }
    const int64_t last = n_tokens - 1;
    probs[static_cast<size_t>(last * K + last % 4)] = 0.0f;
    probs[static_cast<size_t>(last * K)] = 1.0f;
    labels.back() = 1;
    const std::vector<int64_t> offsets{0, n_tokens / 2, n_tokens};
    std::vector<int64_t> sentences(static_cast<size_t>(n_tokens)), tokens(sentences.size());
    int64_t n = -1;
    tq_find_options o;
    tq_find_options_init(&o);
    o.n_threads = 1;
    for (int32_t filter : {TQ_PRUNE_BY_NOISE_RATE, TQ_CONFIDENT_LEARNING, TQ_PREDICTED_NEQ_GIVEN}) {
        o.filter_by = filter;
        ASSERT_EQ(TQ_OK, tq_find_label_issues_f32(offsets.data(), 2, labels.data(), probs.data(),
                                                  n_tokens, K, &o, sentences.data(), tokens.data(),
                                                  &n))
            << tq_last_error_message();
        ASSERT_EQ(1, n) << filter;
        EXPECT_EQ(1, sentences[0]);
        EXPECT_EQ(last - n_tokens / 2, tokens[0]);
    }
}

// One class more than the limit, and sizes whose product overflows, are size errors.
TEST(Limits, SizesPastTheLimitsAreRefused) {
    const int32_t labels[1] = {0};
    const float probs[1] = {1.0f};
    const int64_t offsets[2] = {0, 1};
    int64_t s[1] = {-7}, t[1] = {-7}, n = -7;
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_find_label_issues_f32(offsets, 1, labels, probs, 1, 46341,
                                                            nullptr, s, t, &n));
    double ss[1] = {-7};
    EXPECT_EQ(TQ_ERR_INVALID_SIZE,
              tq_label_quality_scores_f32(offsets, 1, labels, probs, 1, int64_t{1} << 62, nullptr,
                                          ss, nullptr));
    EXPECT_EQ(-7, s[0]);
    EXPECT_EQ(-7, n);
    EXPECT_EQ(-7, ss[0]);
}

// Under a lowered address-space limit, calls whose temporaries do not fit fail cleanly.
TEST(Limits, FailedAllocationsAreCleanErrors) {
    // find_label_issues at K = 46340 needs a 17 GB joint.
    {
        const int64_t K = 46340;
        std::vector<float> probs(static_cast<size_t>(2 * K), 0.0f);
        probs[0] = 1.0f;
        probs[static_cast<size_t>(K + 1)] = 1.0f;
        const int32_t labels[2] = {0, 1};
        const int64_t offsets[2] = {0, 2};
        int64_t s[2] = {-7, -7}, t[2] = {-7, -7}, n = -7;
        AddressSpaceLimit limit(uint64_t{1} << 30);
        EXPECT_EQ(TQ_ERR_OUT_OF_MEMORY, tq_find_label_issues_f32(offsets, 1, labels, probs.data(),
                                                                 2, K, nullptr, s, t, &n));
        EXPECT_NE(nullptr, std::strstr(tq_last_error_message(), "memory")) << tq_last_error_message();
        EXPECT_EQ(-7, s[0]);
        EXPECT_EQ(-7, n);
    }
    // The inspector keeps 9 bytes per scored token: a batch of 2^31 tokens does not fit.
    {
        const int64_t n_tokens = kTwoTo31, K = 2;
        ZeroArray<float> probs(static_cast<size_t>(n_tokens * K));
        ZeroArray<int32_t> labels(static_cast<size_t>(n_tokens));
        const int64_t offsets[2] = {0, n_tokens};
        tq_inspector_options o;
        tq_inspector_options_init(&o);
        o.n_threads = 1;
        tq_inspector *in = nullptr;
        ASSERT_EQ(TQ_OK, tq_inspector_create(K, &o, &in));
        const float first[2] = {1.0f, 0.0f};
        const int32_t first_label[1] = {0};
        ASSERT_EQ(TQ_OK, tq_inspector_update_thresholds_f32(in, first_label, first, 1, K));
        ASSERT_EQ(TQ_OK, tq_inspector_finish_thresholds(in));
        {
            AddressSpaceLimit limit(uint64_t{1} << 30);
            EXPECT_EQ(TQ_ERR_OUT_OF_MEMORY, tq_inspector_score_f32(in, 0, offsets, 1, labels.data(),
                                                                   probs.data(), n_tokens, K,
                                                                   nullptr));
        }
        int64_t threshold_tokens = -1, scored = -1;
        EXPECT_EQ(TQ_OK, tq_inspector_counts(in, &threshold_tokens, &scored));
        EXPECT_EQ(1, threshold_tokens);
        EXPECT_EQ(0, scored);  // unchanged
        tq_inspector_destroy(in);
    }
}
