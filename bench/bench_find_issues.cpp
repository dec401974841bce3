// Google Benchmark of confident learning (issue 3): tq_find_label_issues_f32 for every
// filter, the statistics, and the streaming inspector, next to a streaming read of the
// same arrays (the memory-bound floor of anything that looks at all of its input).
//
//   find/<filter>/<rank>/threads:N   tq_find_label_issues_f32, default options otherwise
//   stats/<function>/threads:N       tq_confident_thresholds, tq_confident_joint
//                                    (calibrated), tq_num_label_issues (both methods)
//   inspector/threads:N              the whole low-memory workflow in one inspector:
//                                    pass 1 and pass 2 in batches of about 10000 tokens
//                                    (whole sentences), then the ranked issues
//   inspector_sharded/threads:1      the same over 7 shards: 7 pass-1 inspectors merged,
//                                    7 clones scoring, merged, then the issues
//   streaming_read/threads:N         every float, label and offset read once and summed
//   floor/own_and_runner_up/threads:1
//                                    only the work no filter can skip: every row's range
//                                    check, own probability and runner-up (the library's
//                                    kernel, blocks of 256 rows as find_label_issues reads
//                                    them), nothing kept; its ratio to streaming_read is the
//                                    floor of any find_label_issues (issue 14)
//
// Every benchmark reports items_processed = tokens and bytes_processed = input bytes.
//
// Data: with TQ_BENCH_DATA=DIR, the files of `python3 bench/cleanlab_find_issues.py --out
// DIR` (the format of bench/cleanlab_scores.py); when DIR holds ref_issues.<name>.i64
// (--reference), tokqual's issues are checked against cleanlab's first (exact pairs and
// order; the low-memory list as a set, since cleanlab lists it by position). Without
// TQ_BENCH_DATA, data of the same shape is generated here (TQ_BENCH_TOKENS, default
// 1000000; TQ_BENCH_CLASSES, default 9). Before timing, every configuration is also run
// with n_threads = 1 and 0 and the results compared.
//
//   TQ_BENCH_DATA=build/bench-data build/bench/bench_find_issues --benchmark_repetitions=5

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench_data.hpp"
#include "token_facts.hpp"
#include "tokqual/tokqual.h"

namespace {

using bench::Dataset;
using bench::die;

const Dataset &data() { return bench::dataset(); }

using Pairs = std::vector<std::pair<int64_t, int64_t>>;

const char *kFilterNames[] = {"prune_by_noise_rate", "prune_by_class", "both",
                              "confident_learning", "predicted_neq_given",
                              "low_normalized_margin", "low_self_confidence"};
const char *kMethodNames[] = {"self_confidence", "normalized_margin",
                              "confidence_weighted_entropy"};

Pairs find(int32_t filter, int32_t rank, int32_t n_threads, std::vector<int64_t> &s,
           std::vector<int64_t> &t) {
    const Dataset &d = data();
    tq_find_options o;
    tq_find_options_init(&o);
    o.filter_by = filter;
    o.rank_by = rank;
    o.n_threads = n_threads;
    int64_t count = 0;
    if (tq_find_label_issues_f32(d.offsets.data(), d.n_sentences, d.labels.data(),
                                 d.pred_probs.data(), d.n_tokens, d.n_classes, &o, s.data(),
                                 t.data(), &count) != TQ_OK)
        die(std::string("tq_find_label_issues_f32: ") + tq_last_error_message());
    Pairs out;
    for (int64_t i = 0; i < count; ++i) out.emplace_back(s[static_cast<size_t>(i)], t[static_cast<size_t>(i)]);
    return out;
}

void check(tq_status status, const char *what) {
    if (status != TQ_OK) die(std::string(what) + ": " + tq_last_error_message());
}

// One inspector (or `shards` inspectors merged) over the whole data; returns the issues.
Pairs inspect(int32_t n_threads, int shards) {
    const Dataset &d = data();
    tq_inspector_options o;
    tq_inspector_options_init(&o);
    o.n_threads = n_threads;
    // Sentence ranges of the shards, and batches of about 10000 tokens within them.
    std::vector<int64_t> cuts;
    for (int i = 0; i <= shards; ++i) cuts.push_back(d.n_sentences * i / shards);
    auto batches = [&](int shard, auto &&fn) {
        for (int64_t s = cuts[static_cast<size_t>(shard)]; s < cuts[static_cast<size_t>(shard) + 1];) {
            int64_t e = s + 1;
            while (e < cuts[static_cast<size_t>(shard) + 1] &&
                   d.offsets[static_cast<size_t>(e)] - d.offsets[static_cast<size_t>(s)] < 10000)
                ++e;
            fn(s, e);
            s = e;
        }
    };
    std::vector<tq_inspector *> pass1(static_cast<size_t>(shards));
    for (int i = 0; i < shards; ++i) {
        check(tq_inspector_create(d.n_classes, &o, &pass1[static_cast<size_t>(i)]), "create");
        batches(i, [&](int64_t s, int64_t e) {
            const int64_t a = d.offsets[static_cast<size_t>(s)], b = d.offsets[static_cast<size_t>(e)];
            check(tq_inspector_update_thresholds_f32(pass1[static_cast<size_t>(i)], d.labels.data() + a,
                                                     d.pred_probs.data() + a * d.n_classes, b - a,
                                                     d.n_classes),
                  "update");
        });
    }
    for (int i = 1; i < shards; ++i) check(tq_inspector_merge(pass1[0], pass1[static_cast<size_t>(i)]), "merge");
    check(tq_inspector_finish_thresholds(pass1[0]), "finish");
    std::vector<tq_inspector *> pass2(static_cast<size_t>(shards));
    std::vector<int64_t> local;
    for (int i = 0; i < shards; ++i) {
        if (shards == 1)
            pass2[0] = pass1[0];
        else
            check(tq_inspector_clone(pass1[0], &pass2[static_cast<size_t>(i)]), "clone");
        batches(i, [&](int64_t s, int64_t e) {
            const int64_t a = d.offsets[static_cast<size_t>(s)];
            local.assign(d.offsets.begin() + s, d.offsets.begin() + e + 1);
            for (int64_t &v : local) v -= a;
            check(tq_inspector_score_f32(pass2[static_cast<size_t>(i)], s, local.data(), e - s,
                                         d.labels.data() + a, d.pred_probs.data() + a * d.n_classes,
                                         local.back(), d.n_classes, nullptr),
                  "score");
        });
    }
    for (int i = 1; i < shards; ++i) check(tq_inspector_merge(pass2[0], pass2[static_cast<size_t>(i)]), "merge");
    int64_t n = 0, count = 0;
    check(tq_inspector_num_label_issues(pass2[0], &n), "num");
    std::vector<int64_t> s(static_cast<size_t>(std::max<int64_t>(n, 1))), t(s.size());
    check(tq_inspector_find_label_issues(pass2[0], s.data(), t.data(), n, &count), "find");
    Pairs out;
    for (int64_t i = 0; i < count; ++i) out.emplace_back(s[static_cast<size_t>(i)], t[static_cast<size_t>(i)]);
    for (tq_inspector *p : pass1) tq_inspector_destroy(p);
    if (shards > 1)
        for (tq_inspector *p : pass2) tq_inspector_destroy(p);
    return out;
}

// cleanlab's reference, when bench/cleanlab_find_issues.py --reference wrote one.
bool reference(const std::string &name, Pairs &out) {
    const Dataset &d = data();
    if (d.dir.empty()) return false;
    const std::string bytes = bench::read_text(d.dir + "/ref_issues." + name + ".i64", false);
    if (bytes.empty() && !std::ifstream(d.dir + "/ref_issues." + name + ".i64")) return false;
    std::vector<int64_t> v(bytes.size() / sizeof(int64_t));
    std::memcpy(v.data(), bytes.data(), v.size() * sizeof(int64_t));
    out.clear();
    for (size_t i = 0; i + 1 < v.size(); i += 2) out.emplace_back(v[i], v[i + 1]);
    return true;
}

// Runs every configuration once before timing: threads agree, and cleanlab agrees.
void verify() {
    const Dataset &d = data();
    std::vector<int64_t> s(static_cast<size_t>(d.n_tokens)), t(s.size());
    for (int32_t f = 0; f < 7; ++f) {
        const Pairs one = find(f, TQ_SELF_CONFIDENCE, 1, s, t);
        if (find(f, TQ_SELF_CONFIDENCE, 0, s, t) != one) die(std::string(kFilterNames[f]) + ": threads disagree");
        Pairs ref;
        if (reference(kFilterNames[f], ref)) {
            if (ref != one) die(std::string(kFilterNames[f]) + ": differs from cleanlab");
            std::fprintf(stderr, "bench_find_issues: %s matches cleanlab (%zu issues)\n", kFilterNames[f], one.size());
        }
    }
    Pairs one = inspect(1, 1);
    if (inspect(0, 7) != one) die("inspector: sharding or threads disagree");
    Pairs ref;
    if (reference("low_memory", ref)) {
        std::sort(one.begin(), one.end());
        if (ref != one) die("inspector: differs from cleanlab's low-memory mode");
        std::fprintf(stderr, "bench_find_issues: low_memory matches cleanlab (%zu issues)\n", one.size());
    }
}

void report(benchmark::State &state) {
    const Dataset &d = data();
    state.SetItemsProcessed(state.iterations() * d.n_tokens);
    state.SetBytesProcessed(state.iterations() * d.input_bytes());
}

void BM_find(benchmark::State &state, int32_t filter, int32_t rank) {
    const Dataset &d = data();
    std::vector<int64_t> s(static_cast<size_t>(d.n_tokens)), t(s.size());
    tq_find_options o;
    tq_find_options_init(&o);
    o.filter_by = filter;
    o.rank_by = rank;
    o.n_threads = static_cast<int32_t>(state.range(0));
    int64_t count = 0;
    for (auto _ : state) {
        check(tq_find_label_issues_f32(d.offsets.data(), d.n_sentences, d.labels.data(),
                                       d.pred_probs.data(), d.n_tokens, d.n_classes, &o, s.data(),
                                       t.data(), &count),
              "find");
        benchmark::DoNotOptimize(count);
    }
    state.counters["issues"] = static_cast<double>(count);
    report(state);
}

void BM_thresholds(benchmark::State &state) {
    const Dataset &d = data();
    tq_find_options o;
    tq_find_options_init(&o);
    o.n_threads = static_cast<int32_t>(state.range(0));
    std::vector<double> out(static_cast<size_t>(d.n_classes));
    for (auto _ : state)
        check(tq_confident_thresholds_f32(d.labels.data(), d.pred_probs.data(), d.n_tokens,
                                          d.n_classes, &o, out.data()),
              "thresholds");
    report(state);
}

void BM_joint(benchmark::State &state) {
    const Dataset &d = data();
    tq_find_options o;
    tq_find_options_init(&o);
    o.n_threads = static_cast<int32_t>(state.range(0));
    std::vector<int64_t> out(static_cast<size_t>(d.n_classes * d.n_classes));
    for (auto _ : state)
        check(tq_confident_joint_f32(d.labels.data(), d.pred_probs.data(), d.n_tokens,
                                     d.n_classes, 1, &o, out.data()),
              "joint");
    report(state);
}

void BM_num_issues(benchmark::State &state, int32_t method) {
    const Dataset &d = data();
    tq_find_options o;
    tq_find_options_init(&o);
    o.n_threads = static_cast<int32_t>(state.range(0));
    int64_t n = 0;
    for (auto _ : state)
        check(tq_num_label_issues_f32(d.labels.data(), d.pred_probs.data(), d.n_tokens,
                                      d.n_classes, method, &o, &n),
              "num");
    report(state);
}

void BM_inspector(benchmark::State &state, int shards) {
    size_t count = 0;
    for (auto _ : state) count = inspect(static_cast<int32_t>(state.range(0)), shards).size();
    state.counters["issues"] = static_cast<double>(count);
    report(state);
}

void BM_streaming_read(benchmark::State &state) {
    const Dataset &d = data();
    for (auto _ : state) {
        float acc[16] = {};
        const size_t n = d.pred_probs.size() / 16 * 16;
        for (size_t i = 0; i < n; i += 16)
            for (int j = 0; j < 16; ++j) acc[j] += d.pred_probs[i + static_cast<size_t>(j)];
        int64_t lab = 0;
        for (int32_t l : d.labels) lab += l;
        int64_t off = 0;
        for (int64_t o : d.offsets) off += o;
        float total = 0;
        for (float a : acc) total += a;
        benchmark::DoNotOptimize(total);
        benchmark::DoNotOptimize(lab + off);
    }
    report(state);
}

void BM_floor(benchmark::State &state) {
    const Dataset &d = data();
    const int64_t K = d.n_classes, n = d.n_tokens, kBlock = 256;
    const float low = tq::lowest_at_least<float>(-1e-6), high = tq::highest_at_most<float>(1.0 + 1e-6);
    std::vector<float> own(kBlock), runner_up(kBlock);
    for (auto _ : state) {
        float kept = 0;
        for (int64_t first = 0; first < n; first += kBlock) {
            const int64_t rows = std::min(kBlock, n - first);
            if (tq::own_and_runner_up(d.pred_probs.data() + first * K, d.labels.data() + first, rows, K,
                                      low, high, own.data(), runner_up.data()))
                die("own_and_runner_up: a probability out of range");
            kept += own[0] + runner_up[0];
        }
        benchmark::DoNotOptimize(kept);
    }
    report(state);
}

void register_all() {
    for (int64_t threads : {1, 0}) {
        for (int32_t f = 0; f < 7; ++f)
            benchmark::RegisterBenchmark(
                (std::string("find/") + kFilterNames[f] + "/self_confidence").c_str(), BM_find, f,
                TQ_SELF_CONFIDENCE)
                ->Arg(threads)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();
        for (int32_t rank : {TQ_NORMALIZED_MARGIN, TQ_CONFIDENCE_WEIGHTED_ENTROPY})
            benchmark::RegisterBenchmark(
                (std::string("find/prune_by_noise_rate/") + kMethodNames[rank]).c_str(), BM_find,
                TQ_PRUNE_BY_NOISE_RATE, rank)
                ->Arg(threads)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();
        benchmark::RegisterBenchmark("stats/confident_thresholds", BM_thresholds)
            ->Arg(threads)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();
        benchmark::RegisterBenchmark("stats/confident_joint_calibrated", BM_joint)
            ->Arg(threads)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();
        benchmark::RegisterBenchmark("stats/num_label_issues/off_diagonal", BM_num_issues, TQ_OFF_DIAGONAL)
            ->Arg(threads)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();
        benchmark::RegisterBenchmark("stats/num_label_issues/off_diagonal_calibrated", BM_num_issues,
                                     TQ_OFF_DIAGONAL_CALIBRATED)
            ->Arg(threads)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();
        benchmark::RegisterBenchmark("inspector", BM_inspector, 1)
            ->Arg(threads)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();
    }
    benchmark::RegisterBenchmark("inspector_sharded7", BM_inspector, 7)
        ->Arg(1)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark("streaming_read", BM_streaming_read)
        ->Arg(1)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark("floor/own_and_runner_up", BM_floor)
        ->Arg(1)->ArgName("threads")->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

int main(int argc, char **argv) {
    bench::program_name() = "bench_find_issues";
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    const Dataset &d = data();
    std::fprintf(stderr, "bench_find_issues: %lld tokens, %lld sentences, K = %lld%s\n",
                 static_cast<long long>(d.n_tokens), static_cast<long long>(d.n_sentences),
                 static_cast<long long>(d.n_classes), d.dir.empty() ? " (generated)" : "");
    verify();
    register_all();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
