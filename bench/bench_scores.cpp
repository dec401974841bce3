// Google Benchmark of tq_label_quality_scores_f32 (issue 2), next to a baseline that tells
// how fast a method that reads all of its input could be:
//
//   streaming_read/threads:N     reads every float of pred_probs, every label and every
//                                offset once and sums them: the memory-bound floor of any
//                                method that looks at all of its input.
//   log_floor/threads:1          the sum of p * log(p) over every value of pred_probs with
//                                the library's vector log and nothing else
//                                (log_floor_simd.cpp): the compute-bound floor of the
//                                confidence-weighted entropy method (K logs a token).
//   floor/self_confidence/threads:1
//                                the library's checked self-confidence kernel over groups
//                                of 8 KiB of pred_probs (labels checked too), writing the
//                                token scores and sentence minima straight into the
//                                outputs: self_confidence / min without the error
//                                contract's scratch and copy, offsets' validation, or
//                                per-call allocations; the one-pass floor of that method.
//   issues_from_sentence_scores, issues_from_token_scores
//                                the ranking outputs: the issues (threshold 0.1) from the
//                                self_confidence / min scores, sentences or token pairs.
//   tokqual/<method>/<sentence method>/threads:N
//                                the public C API, token scores kept (cleanlab returns them
//                                too) unless the name says no_token_scores.
//
// All of them report the same bytes_processed (the input bytes: pred_probs + labels +
// offsets) and items_processed (tokens), so their GB/s and tokens/s compare directly.
//
// Data: with TQ_BENCH_DATA=DIR, the raw files written by
// `python3 bench/cleanlab_scores.py --out DIR` (offsets.i64, labels.i32, pred_probs.f32,
// meta.json); if DIR also holds ref_sentence_scores.<method>.f64 (--reference), tokqual's
// sentence scores are checked against them first. Without TQ_BENCH_DATA, data of the same
// shape is generated here (TQ_BENCH_TOKENS tokens, default 1000000; TQ_BENCH_CLASSES
// classes, default 9). Before timing, every configuration is run once and checked: identical
// results for n_threads = 1 and 0, and with token_scores = NULL.
//
// TQ_BENCH_DTYPE=f64 (default f32) times tq_label_quality_scores_f64 and a streaming read of
// the same values converted to double (converted before timing).
//
// Every benchmark reports peak_rss_MB: the process's peak resident set during that
// benchmark alone (the kernel's high-water mark is reset before it, /proc/self/clear_refs),
// which includes the data set itself (input_MB), so peak_rss_MB - input_MB is at most the
// benchmark's own memory (output buffers, scratch).
//
//   TQ_BENCH_DATA=build/bench-data build/bench/bench_scores --benchmark_repetitions=5

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
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_data.hpp"
#include "checked_scores_simd.hpp"
#include "tokqual/tokqual.h"

namespace bench {
// log_floor_simd.cpp
double sum_xlogx(const float *values, int64_t n);
double sum_xlogx(const double *values, int64_t n);
}  // namespace bench

namespace {

using bench::Dataset;
using bench::dataset;
using bench::die;
using bench::read_array;
using bench::read_text;
using bench::sum_xlogx;

int resolve_threads(int n_threads) {
    if (n_threads > 0) return n_threads;
    const unsigned hw = std::thread::hardware_concurrency();
    return hw == 0 ? 1 : static_cast<int>(hw);
}

// TQ_BENCH_DTYPE: whether the float64 entry point is timed.
bool use_f64() {
    static const bool f64 = [] {
        const char *text = std::getenv("TQ_BENCH_DTYPE");
        const std::string dtype = text == nullptr ? "f32" : text;
        if (dtype != "f32" && dtype != "f64") die("TQ_BENCH_DTYPE = '" + dtype + "': use f32 or f64");
        return dtype == "f64";
    }();
    return f64;
}

// The data set's probabilities as double, for TQ_BENCH_DTYPE=f64 (empty otherwise).
const std::vector<double> &pred_probs_f64() {
    static const std::vector<double> values = [] {
        const Dataset &d = dataset();
        return use_f64() ? std::vector<double>(d.pred_probs.begin(), d.pred_probs.end())
                         : std::vector<double>();
    }();
    return values;
}

// Bytes of input of the timed entry point: pred_probs in its dtype, labels, offsets.
int64_t input_bytes(const Dataset &d) {
    return d.input_bytes() + (use_f64() ? static_cast<int64_t>(d.pred_probs.size() * sizeof(float)) : 0);
}

// Resets the kernel's peak-RSS mark of this process (Linux 4.0+); false if not possible.
bool reset_peak_rss() {
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return clear.good();
}

// VmHWM of /proc/self/status in MB (0 if unknown).
double peak_rss_mb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
    return 0.0;
}

void set_counters(benchmark::State &state, const Dataset &d, bool peak_reset) {
    state.SetBytesProcessed(state.iterations() * input_bytes(d));
    state.SetItemsProcessed(state.iterations() * d.n_tokens);
    state.counters["peak_rss_MB"] = peak_reset ? peak_rss_mb() : -1.0;
    state.counters["input_MB"] = static_cast<double>(input_bytes(d)) / (1024.0 * 1024.0);
}

// ---- streaming read ----------------------------------------------------------------------

// Sum of tokens [begin, end): their probabilities, labels, and the offsets of their sentences
// (offsets are split by index in the same proportion). 16 independent float lanes let the
// compiler vectorize without reassociating, so this runs at memory speed, not add latency.
template <class T>
double sum_inputs(const Dataset &d, const T *pred_probs, int64_t begin, int64_t end,
                  int64_t offset_begin, int64_t offset_end) {
    constexpr int kLanes = 64 / sizeof(T);
    T lanes[kLanes] = {};
    const T *p = pred_probs + begin * d.n_classes;
    const int64_t n = (end - begin) * d.n_classes;
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
        for (int j = 0; j < kLanes; ++j) lanes[j] += p[i + j];
    for (; i < n; ++i) lanes[0] += p[i];
    int64_t integers = 0;
    for (int64_t t = begin; t < end; ++t) integers += d.labels[static_cast<size_t>(t)];
    for (int64_t s = offset_begin; s < offset_end; ++s) integers += d.offsets[static_cast<size_t>(s)];
    double total = static_cast<double>(integers);
    for (T lane : lanes) total += static_cast<double>(lane);
    return total;
}

double sum_inputs(const Dataset &d, int64_t begin, int64_t end, int64_t offset_begin,
                  int64_t offset_end) {
    return use_f64() ? sum_inputs(d, pred_probs_f64().data(), begin, end, offset_begin, offset_end)
                     : sum_inputs(d, d.pred_probs.data(), begin, end, offset_begin, offset_end);
}

volatile double g_sink;

void bm_streaming_read(benchmark::State &state, int n_threads) {
    const Dataset &d = dataset();
    const int threads = resolve_threads(n_threads);
    const int64_t n_offsets = static_cast<int64_t>(d.offsets.size());
    const bool peak_reset = reset_peak_rss();
    for (auto _ : state) {
        if (threads == 1) {
            g_sink = sum_inputs(d, 0, d.n_tokens, 0, n_offsets);
            continue;
        }
        // One thread per share, started and joined every iteration as tokqual does.
        std::vector<double> partial(static_cast<size_t>(threads));
        std::vector<std::thread> workers;
        for (int c = 0; c < threads; ++c)
            workers.emplace_back([&, c] {
                partial[static_cast<size_t>(c)] =
                    sum_inputs(d, d.n_tokens * c / threads, d.n_tokens * (c + 1) / threads,
                               n_offsets * c / threads, n_offsets * (c + 1) / threads);
            });
        for (std::thread &w : workers) w.join();
        double total = 0.0;
        for (double x : partial) total += x;
        g_sink = total;
    }
    set_counters(state, d, peak_reset);
}

void bm_log_floor(benchmark::State &state) {
    const Dataset &d = dataset();
    const int64_t n_values = d.n_tokens * d.n_classes;
    const bool peak_reset = reset_peak_rss();
    for (auto _ : state)
        g_sink = use_f64() ? sum_xlogx(pred_probs_f64().data(), n_values)
                           : sum_xlogx(d.pred_probs.data(), n_values);
    set_counters(state, d, peak_reset);
}

template <class T>
bool floor_self_confidence(const Dataset &d, const T *pred_probs, double *token_scores,
                           double *sentence_scores) {
    const int64_t per_group = std::max<int64_t>(1, 8192 / (d.n_classes * static_cast<int64_t>(sizeof(T))));
    const T low = static_cast<T>(-1e-6), high = static_cast<T>(1 + 1e-6);
    const uint32_t k = static_cast<uint32_t>(d.n_classes);
    bool ok = true;
    for (int64_t i = 0; i < d.n_sentences;) {
        const int64_t begin = d.offsets[static_cast<size_t>(i)];
        int64_t next = i + 1;
        while (next < d.n_sentences && d.offsets[static_cast<size_t>(next) + 1] - begin <= per_group)
            ++next;
        uint32_t bad = 0;
        for (int64_t t = begin; t < d.offsets[static_cast<size_t>(next)]; ++t)
            bad |= static_cast<uint32_t>(static_cast<uint32_t>(d.labels[static_cast<size_t>(t)]) >= k);
        ok &= bad == 0 && tq::checked_self_confidence_sentences(
                              pred_probs, d.labels.data(), d.n_classes, d.offsets.data() + i,
                              next - i, low, high, token_scores + begin, sentence_scores + i);
        i = next;
    }
    return ok;
}

void bm_floor_self_confidence(benchmark::State &state) {
    const Dataset &d = dataset();
    std::vector<double> token_scores(static_cast<size_t>(d.n_tokens), -1.0);
    std::vector<double> sentence_scores(static_cast<size_t>(d.n_sentences), -1.0);
    const bool peak_reset = reset_peak_rss();
    for (auto _ : state) {
        const bool ok = use_f64() ? floor_self_confidence(d, pred_probs_f64().data(),
                                                          token_scores.data(), sentence_scores.data())
                                  : floor_self_confidence(d, d.pred_probs.data(),
                                                          token_scores.data(), sentence_scores.data());
        if (!ok) {
            state.SkipWithError("floor/self_confidence: a bad label or probability");
            break;
        }
        benchmark::DoNotOptimize(token_scores.data());
        benchmark::DoNotOptimize(sentence_scores.data());
    }
    set_counters(state, d, peak_reset);
}

// ---- tokqual -----------------------------------------------------------------------------

struct Outputs {
    std::vector<double> sentence_scores, token_scores;
    explicit Outputs(const Dataset &d)
        // Filled, so page faults of first writes stay out of the timed loop.
        : sentence_scores(static_cast<size_t>(d.n_sentences), -1.0),
          token_scores(static_cast<size_t>(d.n_tokens), -1.0) {}
};

struct Config {
    const char *method_name;
    int32_t token_method;
    int32_t sentence_method;
    int32_t n_threads;
    bool keep_token_scores;
};

tq_score_options options_for(const Config &config) {
    tq_score_options options;
    tq_score_options_init(&options);
    options.token_method = config.token_method;
    options.sentence_method = config.sentence_method;
    options.n_threads = config.n_threads;
    return options;
}

tq_status run_tokqual(const Dataset &d, const Config &config, Outputs &out) {
    const tq_score_options options = options_for(config);
    if (use_f64())
        return tq_label_quality_scores_f64(d.offsets.data(), d.n_sentences, d.labels.data(),
                                           pred_probs_f64().data(), d.n_tokens, d.n_classes,
                                           &options, out.sentence_scores.data(),
                                           config.keep_token_scores ? out.token_scores.data()
                                                                    : nullptr);
    return tq_label_quality_scores_f32(d.offsets.data(), d.n_sentences, d.labels.data(),
                                       d.pred_probs.data(), d.n_tokens, d.n_classes, &options,
                                       out.sentence_scores.data(),
                                       config.keep_token_scores ? out.token_scores.data()
                                                                : nullptr);
}

void bm_tokqual(benchmark::State &state, Config config) {
    const Dataset &d = dataset();
    Outputs out(d);
    const bool peak_reset = reset_peak_rss();
    for (auto _ : state) {
        const tq_status status = run_tokqual(d, config, out);
        if (status != TQ_OK) {
            state.SkipWithError(tq_last_error_message());
            break;
        }
        benchmark::ClobberMemory();
    }
    set_counters(state, d, peak_reset);
}

// The ranking outputs (issue 14: "a small fraction of the total"): the issues from the
// self-confidence / min scores of this data set, at cleanlab's default threshold 0.1,
// sentences alone or (sentence, token) pairs.
void bm_issues_from_scores(benchmark::State &state, bool tokens) {
    const Dataset &d = dataset();
    Outputs scores(d);
    if (run_tokqual(d, {"self_confidence", TQ_SELF_CONFIDENCE, TQ_MIN, 1, true}, scores) != TQ_OK) {
        state.SkipWithError(tq_last_error_message());
        return;
    }
    const size_t capacity = static_cast<size_t>(tokens ? d.n_tokens : d.n_sentences);
    std::vector<int64_t> out_sentences(capacity, -1), out_tokens(capacity, -1);
    int64_t count = 0;
    const bool peak_reset = reset_peak_rss();
    for (auto _ : state) {
        const tq_status status =
            tokens ? tq_issues_from_token_scores(d.offsets.data(), d.n_sentences,
                                                 scores.token_scores.data(), d.n_tokens, 0.1,
                                                 out_sentences.data(), out_tokens.data(), &count)
                   : tq_issues_from_sentence_scores(scores.sentence_scores.data(), d.n_sentences,
                                                    0.1, out_sentences.data(), &count);
        if (status != TQ_OK) {
            state.SkipWithError(tq_last_error_message());
            break;
        }
        benchmark::ClobberMemory();
    }
    state.counters["issues"] = static_cast<double>(count);
    set_counters(state, d, peak_reset);
}

std::string config_name(const Config &c) {
    std::string name = std::string("tokqual/") + c.method_name + "/" +
                       (c.sentence_method == TQ_SOFTMIN ? "softmin" : "min");
    if (!c.keep_token_scores) name += "/no_token_scores";
    return name + "/threads:" + std::to_string(c.n_threads);
}

std::vector<Config> configs() {
    const struct {
        const char *name;
        int32_t method;
    } methods[] = {{"self_confidence", TQ_SELF_CONFIDENCE},
                   {"normalized_margin", TQ_NORMALIZED_MARGIN},
                   {"confidence_weighted_entropy", TQ_CONFIDENCE_WEIGHTED_ENTROPY}};
    std::vector<Config> list;
    for (int32_t threads : {1, 0}) {
        for (const auto &m : methods) list.push_back({m.name, m.method, TQ_MIN, threads, true});
        list.push_back({"self_confidence", TQ_SELF_CONFIDENCE, TQ_SOFTMIN, threads, true});
        list.push_back({"normalized_margin", TQ_NORMALIZED_MARGIN, TQ_SOFTMIN, threads, true});
    }
    list.push_back({"self_confidence", TQ_SELF_CONFIDENCE, TQ_MIN, 1, false});
    return list;
}

// ---- checks before timing ----------------------------------------------------------------

bool file_exists(const std::string &path) { return std::ifstream(path).good(); }

// Runs every configuration once; fails loudly rather than timing wrong results.
void check_results(const Dataset &d) {
    int failures = 0;
    auto complain = [&](const std::string &what) {
        std::fprintf(stderr, "bench_scores: CHECK FAILED: %s\n", what.c_str());
        ++failures;
    };
    for (const Config &config : configs()) {
        if (config.n_threads != 1 || !config.keep_token_scores) continue;
        Outputs one(d), all(d), no_tokens(d);
        Config all_threads = config, skip_tokens = config;
        all_threads.n_threads = 0;
        skip_tokens.keep_token_scores = false;
        if (run_tokqual(d, config, one) != TQ_OK || run_tokqual(d, all_threads, all) != TQ_OK ||
            run_tokqual(d, skip_tokens, no_tokens) != TQ_OK) {
            complain(config_name(config) + ": " + tq_last_error_message());
            continue;
        }
        if (one.sentence_scores != all.sentence_scores || one.token_scores != all.token_scores ||
            one.sentence_scores != no_tokens.sentence_scores)
            complain(config_name(config) + ": results differ between n_threads = 1 and 0 or "
                                           "with token_scores = NULL");
        // cleanlab's sentence scores on the same data, if cleanlab_scores.py --reference
        // wrote them (float32 values converted to float64, as tokqual computes).
        const std::string ref_path =
            d.dir + "/ref_sentence_scores." + config.method_name + ".f64";
        if (config.sentence_method != TQ_MIN || d.dir.empty() || !file_exists(ref_path))
            continue;
        const std::vector<double> ref = read_array<double>(ref_path, d.n_sentences);
        double worst = 0.0;
        for (size_t i = 0; i < ref.size(); ++i)
            worst = std::max(worst, std::fabs(ref[i] - one.sentence_scores[i]));
        std::fprintf(stderr, "bench_scores: %s: max |tokqual - cleanlab| = %.3g over %lld "
                             "sentences\n",
                     config.method_name, worst, static_cast<long long>(ref.size()));
        if (!(worst <= 1e-12)) complain(std::string(config.method_name) + " differs from " + ref_path);
    }
    if (failures != 0) std::exit(1);
}

}  // namespace

int main(int argc, char **argv) {
    bench::program_name() = "bench_scores";
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

    const Dataset &d = dataset();
    std::fprintf(stderr,
                 "bench_scores: %lld tokens, %lld sentences, K = %lld, %s, %.1f MB of "
                 "input; data: %s; tokqual %s\n",
                 static_cast<long long>(d.n_tokens), static_cast<long long>(d.n_sentences),
                 static_cast<long long>(d.n_classes), use_f64() ? "float64" : "float32",
                 static_cast<double>(input_bytes(d)) / 1e6,
                 d.source.c_str(), tq_version());
    check_results(d);

    for (int threads : {1, 0})
        benchmark::RegisterBenchmark(("streaming_read/threads:" + std::to_string(threads)).c_str(),
                                     bm_streaming_read, threads)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
    benchmark::RegisterBenchmark("log_floor/threads:1", bm_log_floor)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("floor/self_confidence/threads:1", bm_floor_self_confidence)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    for (const Config &config : configs())
        benchmark::RegisterBenchmark(config_name(config).c_str(), bm_tokqual, config)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();

    benchmark::RegisterBenchmark("issues_from_sentence_scores", bm_issues_from_scores, false)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark("issues_from_token_scores", bm_issues_from_scores, true)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();

    benchmark::AddCustomContext("tq_bench_data", d.source);
    benchmark::AddCustomContext("tq_n_tokens", std::to_string(d.n_tokens));
    benchmark::AddCustomContext("tq_n_classes", std::to_string(d.n_classes));
    benchmark::AddCustomContext("tq_dtype", use_f64() ? "f64" : "f32");
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
