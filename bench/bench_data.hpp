// The benchmarks' data set, shared by bench_scores and bench_find_issues: read from the
// files of bench/cleanlab_scores.py (TQ_BENCH_DATA=DIR: meta.json, offsets.i64, labels.i32,
// pred_probs.f32), or generated here with the same shape when TQ_BENCH_DATA is not set
// (TQ_BENCH_TOKENS, default 1000000; TQ_BENCH_CLASSES, default 9).
#pragma once

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
#include <vector>

namespace bench {

struct Dataset {
    std::vector<int64_t> offsets;
    std::vector<int32_t> labels;
    std::vector<float> pred_probs;
    int64_t n_sentences = 0;
    int64_t n_tokens = 0;
    int64_t n_classes = 0;
    std::string source;  // where the data came from, for the log
    std::string dir;     // TQ_BENCH_DATA, or empty

    int64_t input_bytes() const {
        return static_cast<int64_t>(pred_probs.size() * sizeof(float) +
                                    labels.size() * sizeof(int32_t) +
                                    offsets.size() * sizeof(int64_t));
    }
};

// The name error messages start with; each benchmark's main sets it.
inline const char *&program_name() {
    static const char *name = "bench";
    return name;
}

[[noreturn]] inline void die(const std::string &message) {
    std::fprintf(stderr, "%s: %s\n", program_name(), message.c_str());
    std::exit(2);
}

// A whole file; a missing one is an error unless `required` is false (then "").
inline std::string read_text(const std::string &path, bool required = true) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (required) die("cannot open " + path);
        return std::string();
    }
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The integer after "key": in meta.json (flat, written by cleanlab_scores.py).
inline int64_t json_integer(const std::string &json, const std::string &key, const std::string &path) {
    const std::string quoted = "\"" + key + "\"";
    size_t at = json.find(quoted);
    if (at == std::string::npos) die(path + " has no " + quoted);
    at = json.find(':', at + quoted.size());
    if (at == std::string::npos) die(path + ": no value for " + quoted);
    char *end = nullptr;
    const long long value = std::strtoll(json.c_str() + at + 1, &end, 10);
    if (end == json.c_str() + at + 1) die(path + ": " + quoted + " is not an integer");
    return value;
}

template <class T>
std::vector<T> read_array(const std::string &path, int64_t expected_count) {
    const std::string bytes = read_text(path);
    if (static_cast<int64_t>(bytes.size()) != expected_count * static_cast<int64_t>(sizeof(T)))
        die(path + " holds " + std::to_string(bytes.size()) + " bytes, expected " +
            std::to_string(expected_count) + " x " + std::to_string(sizeof(T)));
    std::vector<T> values(static_cast<size_t>(expected_count));
    if (!bytes.empty()) std::memcpy(values.data(), bytes.data(), bytes.size());
    return values;  // little-endian files on a little-endian machine (x86-64, aarch64)
}

inline Dataset load_dataset(const std::string &dir) {
    Dataset d;
    const std::string meta_path = dir + "/meta.json";
    const std::string meta = read_text(meta_path);
    d.n_sentences = json_integer(meta, "n_sentences", meta_path);
    d.n_tokens = json_integer(meta, "n_tokens", meta_path);
    d.n_classes = json_integer(meta, "n_classes", meta_path);
    d.offsets = read_array<int64_t>(dir + "/offsets.i64", d.n_sentences + 1);
    d.labels = read_array<int32_t>(dir + "/labels.i32", d.n_tokens);
    d.pred_probs = read_array<float>(dir + "/pred_probs.f32", d.n_tokens * d.n_classes);
    d.source = dir;
    d.dir = dir;
    return d;
}

inline int64_t env_integer(const char *name, int64_t fallback, int64_t minimum) {
    const char *text = std::getenv(name);
    if (text == nullptr || *text == '\0') return fallback;
    char *end = nullptr;
    const long long value = std::strtoll(text, &end, 10);
    if (*end != '\0' || value < minimum)
        die(std::string(name) + " = '" + text + "' is not an integer >= " +
            std::to_string(minimum));
    return value;
}

// The shape cleanlab_scores.py writes (sentence lengths uniform in 1..27, a softmax of
// Gaussian logits with a boosted argmax, labels = argmax with 10% flipped), not its values.
inline Dataset generate_dataset(int64_t n_tokens, int64_t n_classes) {
    Dataset d;
    d.n_tokens = n_tokens;
    d.n_classes = n_classes;
    std::mt19937_64 rng(20260101);
    std::uniform_int_distribution<int64_t> length(1, 27);
    d.offsets.push_back(0);
    while (d.offsets.back() < n_tokens)
        d.offsets.push_back(std::min(n_tokens, d.offsets.back() + length(rng)));
    d.n_sentences = static_cast<int64_t>(d.offsets.size()) - 1;

    std::normal_distribution<double> gaussian(0.0, 1.0);
    std::uniform_real_distribution<double> scale(0.5, 2.5), boost(0.0, 5.0), unit(0.0, 1.0);
    std::uniform_int_distribution<int64_t> any_class(0, n_classes - 1),
        other_class(1, n_classes - 1);
    d.pred_probs.resize(static_cast<size_t>(n_tokens * n_classes));
    d.labels.resize(static_cast<size_t>(n_tokens));
    std::vector<double> logits(static_cast<size_t>(n_classes));
    for (int64_t t = 0; t < n_tokens; ++t) {
        const double s = scale(rng);
        for (double &l : logits) l = gaussian(rng) * s;
        logits[static_cast<size_t>(any_class(rng))] += boost(rng);
        const double top = *std::max_element(logits.begin(), logits.end());
        double sum = 0.0;
        for (double &l : logits) sum += (l = std::exp(l - top));
        float *row = &d.pred_probs[static_cast<size_t>(t * n_classes)];
        for (int64_t k = 0; k < n_classes; ++k)
            row[k] = static_cast<float>(logits[static_cast<size_t>(k)] / sum);
        int64_t label = std::max_element(row, row + n_classes) - row;
        if (unit(rng) < 0.10) label = (label + other_class(rng)) % n_classes;
        d.labels[static_cast<size_t>(t)] = static_cast<int32_t>(label);
    }
    d.source = "generated in C++ (" + std::to_string(n_tokens) + " tokens, K = " +
               std::to_string(n_classes) + "; set TQ_BENCH_DATA to use cleanlab_scores.py data)";
    return d;
}

// The data set of this run, loaded or generated on first use.
inline const Dataset &dataset() {
    static const Dataset data = [] {
        const char *dir = std::getenv("TQ_BENCH_DATA");
        if (dir != nullptr && *dir != '\0') return load_dataset(dir);
        return generate_dataset(env_integer("TQ_BENCH_TOKENS", 1000000, 1),
                                env_integer("TQ_BENCH_CLASSES", 9, 2));
    }();
    return data;
}

}  // namespace bench
