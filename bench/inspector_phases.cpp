// The streaming inspector's workflow timed by phase (issue 14): pass 1 (update_thresholds
// and finish), pass 2 (score), the ranked issues (num_label_issues and find_label_issues),
// in batches of about TQ_BENCH_BATCH tokens (whole sentences; default 10000, as cleanlab's
// low-memory mode), one thread. Prints the CPU time of each phase (best of REPS runs), the
// issue count and a hash of the ranked list (equal lists, equal hashes). With a second
// argument "avx2", Highway runs its AVX2 kernels (as under valgrind).
//
//   TQ_BENCH_DATA=DIR build/bench/inspector_phases 20
//   TQ_BENCH_DATA=DIR valgrind --tool=callgrind --toggle-collect='tq_inspector_*'
//       build/bench/inspector_phases 1   (one command line)
#include <hwy/targets.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "bench_data.hpp"
#include "tokqual/tokqual.h"

namespace {

double cpu_ms() {
    timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

void check(tq_status status, const char *what) {
    if (status != TQ_OK) bench::die(std::string(what) + ": " + tq_last_error_message());
}

}  // namespace

int main(int argc, char **argv) {
    bench::program_name() = "inspector_phases";
    const bench::Dataset &d = bench::dataset();
    const int reps = argc > 1 ? std::atoi(argv[1]) : 10;
    if (argc > 2 && std::strcmp(argv[2], "avx2") == 0) hwy::SetSupportedTargetsForTest(HWY_AVX2);
    const int64_t batch = std::getenv("TQ_BENCH_BATCH") ? std::atoll(std::getenv("TQ_BENCH_BATCH")) : 10000;
    std::vector<std::pair<int64_t, int64_t>> cuts;  // sentence ranges of the batches
    for (int64_t s = 0; s < d.n_sentences;) {
        int64_t e = s + 1;
        while (e < d.n_sentences && d.offsets[static_cast<size_t>(e)] - d.offsets[static_cast<size_t>(s)] < batch) ++e;
        cuts.emplace_back(s, e);
        s = e;
    }
    double best[4] = {1e30, 1e30, 1e30, 1e30};
    std::vector<int64_t> local, out_s(static_cast<size_t>(d.n_tokens)), out_t(out_s.size());
    int64_t count = 0;
    for (int r = 0; r < reps; ++r) {
        tq_inspector_options o;
        tq_inspector_options_init(&o);
        o.n_threads = 1;
        tq_inspector *in = nullptr;
        check(tq_inspector_create(d.n_classes, &o, &in), "create");
        const double t0 = cpu_ms();
        for (const auto &c : cuts) {
            const int64_t a = d.offsets[static_cast<size_t>(c.first)], b = d.offsets[static_cast<size_t>(c.second)];
            check(tq_inspector_update_thresholds_f32(in, d.labels.data() + a, d.pred_probs.data() + a * d.n_classes,
                                                     b - a, d.n_classes), "update");
        }
        check(tq_inspector_finish_thresholds(in), "finish");
        const double t1 = cpu_ms();
        for (const auto &c : cuts) {
            const int64_t a = d.offsets[static_cast<size_t>(c.first)];
            local.assign(d.offsets.begin() + c.first, d.offsets.begin() + c.second + 1);
            for (int64_t &v : local) v -= a;
            check(tq_inspector_score_f32(in, c.first, local.data(), c.second - c.first, d.labels.data() + a,
                                         d.pred_probs.data() + a * d.n_classes, local.back(), d.n_classes,
                                         nullptr), "score");
        }
        const double t2 = cpu_ms();
        int64_t n = 0;
        check(tq_inspector_num_label_issues(in, &n), "num");
        check(tq_inspector_find_label_issues(in, out_s.data(), out_t.data(), d.n_tokens, &count), "find");
        const double t3 = cpu_ms();
        tq_inspector_destroy(in);
        const double phase[4] = {t1 - t0, t2 - t1, t3 - t2, t3 - t0};
        for (int i = 0; i < 4; ++i) best[i] = phase[i] < best[i] ? phase[i] : best[i];
    }
    unsigned long long hash = 0;
    for (int64_t i = 0; i < count; ++i)
        hash = hash * 1000003ULL + static_cast<unsigned long long>(out_s[static_cast<size_t>(i)] * 31 + out_t[static_cast<size_t>(i)]);
    std::printf("pass 1 %.2f ms, pass 2 %.2f ms, issues %.2f ms, total %.2f ms (CPU, best of %d); "
                "%lld issues, hash %llx\n",
                best[0], best[1], best[2], best[3], reps, static_cast<long long>(count), hash);
}
