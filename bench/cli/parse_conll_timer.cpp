// Times the tokqual command's CoNLL reader alone: maps FILE (paged in first, so only the
// parsing is timed), parses it ROUNDS times with the classes of bench/cli/make_data.py,
// and prints the best wall and CPU time. Built and run by bench/cli/compare_readers.sh,
// against this tree's reader or an older one.
//
//     parse_conll_timer FILE [ROUNDS]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "conll.hpp"

namespace {

double ms(clockid_t clock) {
    timespec t{};
    clock_gettime(clock, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: parse_conll_timer FILE [ROUNDS]\n");
        return 2;
    }
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    const int fd = open(argv[1], O_RDONLY);
    struct stat st {};
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
        std::perror(argv[1]);
        return 1;
    }
    const size_t size = static_cast<size_t>(st.st_size);
    void *data = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (data == MAP_FAILED) {
        std::perror("mmap");
        return 1;
    }
    const std::vector<std::string> names = {"O",     "B-PER", "I-PER",  "B-LOC", "I-LOC",
                                            "B-ORG", "I-ORG", "B-MISC", "I-MISC"};
    tqcli::TagIndex tags;
    for (size_t k = 0; k < names.size(); ++k) tags.emplace(names[k], static_cast<int32_t>(k));
    double best_wall = 1e300, best_cpu = 1e300;
    long tokens = 0;
    for (int r = 0; r < rounds; ++r) {
        const double w0 = ms(CLOCK_MONOTONIC), c0 = ms(CLOCK_PROCESS_CPUTIME_ID);
        tqcli::Corpus c =
            tqcli::parse_conll(static_cast<const unsigned char *>(data), size, argv[1], tags, names);
        best_wall = std::min(best_wall, ms(CLOCK_MONOTONIC) - w0);
        best_cpu = std::min(best_cpu, ms(CLOCK_PROCESS_CPUTIME_ID) - c0);
        tokens = static_cast<long>(c.n_tokens());
    }
    std::printf("%ld tokens, %.1f MB: best of %d: wall %.2f ms, cpu %.2f ms\n", tokens,
                static_cast<double>(size) / 1e6, rounds, best_wall, best_cpu);
    return 0;
}
