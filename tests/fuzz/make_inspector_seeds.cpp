// Writes the load-mode seeds of fuzz_inspector: valid saved inspectors of every pass,
// several K and every option, each prefixed as fuzz_inspector's load mode reads it
// (byte 1, 16 argument bytes, then the saved bytes).
//
//   make_inspector_seeds write DIR   (re)writes DIR/load-*
//   make_inspector_seeds check DIR   fails unless DIR/load-* are exactly what write gives
//
// The data is a fixed pseudo-random dataset, so the output is the same on every run.
#include <cstdint>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <tokqual/tokqual.h>

namespace {

struct Lcg {
    uint64_t state;
    uint32_t next() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<uint32_t>(state >> 33);
    }
    double unit() { return next() / 4294967296.0; }
};

void require(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "make_inspector_seeds: %s failed: %s\n", what, tq_last_error_message());
        std::exit(1);
    }
}

// Sentences of 1 to 4 tokens; rows that mostly agree with the label, some that do not.
struct Data {
    std::vector<int64_t> offsets{0};
    std::vector<int32_t> labels;
    std::vector<double> probs;
};

Data make_data(int64_t K, int64_t n_sentences, uint64_t seed) {
    Lcg rng{seed};
    Data d;
    for (int64_t s = 0; s < n_sentences; ++s) {
        const int64_t len = 1 + rng.next() % 4;
        for (int64_t j = 0; j < len; ++j) {
            const int32_t y = static_cast<int32_t>(rng.next() % K);
            const int32_t guess = rng.next() % 4 == 0 ? static_cast<int32_t>(rng.next() % K) : y;
            std::vector<double> row(K);
            double sum = 0;
            for (int64_t k = 0; k < K; ++k) sum += row[k] = rng.unit() * 0.3 + (k == guess ? 1.0 : 0.0);
            for (int64_t k = 0; k < K; ++k) d.probs.push_back(row[k] / sum);
            d.labels.push_back(y);
        }
        d.offsets.push_back(d.offsets.back() + len);
    }
    return d;
}

std::string saved(const tq_inspector *h) {
    size_t size = 0;
    tq_inspector_save(h, nullptr, 0, &size);
    std::string bytes(size, '\0');
    require(tq_inspector_save(h, &bytes[0], size, &size) == TQ_OK, "tq_inspector_save");
    return bytes;
}

// pass: 1 = thresholds being collected, 2 = finished and nothing scored, 3 = scored.
std::string make_seed(int64_t K, const tq_inspector_options &o, int pass, uint64_t seed) {
    const Data d = make_data(K, 6, seed);
    tq_inspector *h = nullptr;
    require(tq_inspector_create(K, &o, &h) == TQ_OK, "tq_inspector_create");
    const int64_t n = static_cast<int64_t>(d.labels.size());
    require(tq_inspector_update_thresholds_f64(h, d.labels.data(), d.probs.data(), n, K) == TQ_OK,
            "tq_inspector_update_thresholds_f64");
    if (pass >= 2) require(tq_inspector_finish_thresholds(h) == TQ_OK, "finish");
    if (pass == 3) {
        // Two batches, sentences [0, 3) and [4, 6): a gap at 3, as shards leave.
        const int64_t t3 = d.offsets[3], t4 = d.offsets[4];
        std::vector<int64_t> first(d.offsets.begin(), d.offsets.begin() + 4);
        require(tq_inspector_score_f64(h, 0, first.data(), 3, d.labels.data(), d.probs.data(), t3,
                                       K, nullptr) == TQ_OK, "score");
        std::vector<int64_t> second;
        for (int s = 4; s <= 6; ++s) second.push_back(d.offsets[s] - t4);
        require(tq_inspector_score_f64(h, 4, second.data(), 2, d.labels.data() + t4,
                                       d.probs.data() + t4 * K, n - t4, K, nullptr) == TQ_OK,
                "score");
    }
    const std::string bytes = saved(h);
    tq_inspector_destroy(h);
    std::string seed_bytes(1, '\x01');
    for (int i = 0; i < 16; ++i) seed_bytes.push_back(static_cast<char>((seed * 31 + i * 7) & 0xff));
    return seed_bytes + bytes;
}

// name -> content of every seed.
std::vector<std::pair<std::string, std::string>> all_seeds() {
    std::vector<std::pair<std::string, std::string>> out;
    const int64_t ks[] = {1, 2, 3, 5};
    uint64_t seed = 1;
    for (int64_t K : ks) {
        for (int rank_by = 0; rank_by < 3; ++rank_by)
            for (int adjust = 0; adjust < 2; ++adjust)
                for (int method = 0; method < 2; ++method) {
                    if (adjust == 1 && rank_by == TQ_CONFIDENCE_WEIGHTED_ENTROPY) continue;
                    if (rank_by != TQ_SELF_CONFIDENCE && K < 2) continue;
                    // Every option combination for K = 3; two for the other K.
                    const bool all = K == 3;
                    if (!all && !((rank_by == 0 && adjust == 0 && method == 0) ||
                                  (rank_by == (K == 1 ? 0 : 1) && adjust == 1 && method == 1)))
                        continue;
                    tq_inspector_options o;
                    tq_inspector_options_init(&o);
                    o.rank_by = rank_by;
                    o.adjust_pred_probs = adjust;
                    o.num_issues_method = method;
                    o.n_threads = 1;
                    for (int pass = 1; pass <= 3; ++pass) {
                        char name[64];
                        std::snprintf(name, sizeof name, "load-k%lld-r%d-a%d-m%d-p%d",
                                      static_cast<long long>(K), rank_by, adjust, method, pass);
                        out.emplace_back(name, make_seed(K, o, pass, seed++));
                    }
                }
    }
    return out;
}

std::string read_file(const std::string &path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::set<std::string> existing_load_files(const std::string &dir) {
    std::set<std::string> names;
    if (DIR *d = opendir(dir.c_str())) {
        while (dirent *e = readdir(d))
            if (std::string(e->d_name).rfind("load-", 0) == 0) names.insert(e->d_name);
        closedir(d);
    }
    return names;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 3 || (std::string(argv[1]) != "write" && std::string(argv[1]) != "check")) {
        std::fprintf(stderr, "usage: make_inspector_seeds write|check DIR\n");
        return 2;
    }
    const std::string mode = argv[1], dir = argv[2];
    const auto seeds = all_seeds();
    std::set<std::string> stale = existing_load_files(dir);
    int bad = 0;
    for (const auto &s : seeds) {
        const std::string path = dir + "/" + s.first;
        stale.erase(s.first);
        if (mode == "write") {
            std::ofstream(path, std::ios::binary) << s.second;
        } else if (read_file(path) != s.second) {
            std::fprintf(stderr, "make_inspector_seeds: %s is missing or differs\n", path.c_str());
            ++bad;
        }
    }
    for (const std::string &name : stale) {
        std::fprintf(stderr, "make_inspector_seeds: %s/%s is not generated any more%s\n",
                     dir.c_str(), name.c_str(), mode == "write" ? " (removed)" : "");
        if (mode == "write") std::remove((dir + "/" + name).c_str());
        else ++bad;
    }
    if (bad != 0) {
        std::fprintf(stderr, "regenerate with: make_inspector_seeds write %s\n", dir.c_str());
        return 1;
    }
    std::printf("make_inspector_seeds: %zu seeds %s\n", seeds.size(),
                mode == "write" ? "written" : "up to date");
    return 0;
}
