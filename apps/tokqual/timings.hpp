// --timings: the wall-clock time of each phase of a run, and the CPU time of the process
// in it (all threads), on standard error (for the benchmark in bench/, and to see where a
// large input spends its time; on a busy machine the CPU time is the steadier figure).
#pragma once

#include <chrono>
#include <cstdio>
#include <ctime>

namespace tqcli {

class Timings {
public:
    void enable() {
        enabled_ = true;
        last_ = start_ = std::chrono::steady_clock::now();
        last_cpu_ = cpu_ms();
    }
    void mark(const char *phase) {
        if (!enabled_) return;
        auto now = std::chrono::steady_clock::now();
        const double cpu = cpu_ms();
        std::fprintf(stderr, "timing: %-12s %9.3f ms (cpu %.3f ms)\n", phase,
                     std::chrono::duration<double, std::milli>(now - last_).count(),
                     cpu - last_cpu_);
        last_ = now;
        last_cpu_ = cpu;
    }

    // The peak resident memory of this program (VmHWM of Linux's /proc/self/status).
    void peak_memory() const {
        if (!enabled_) return;
        FILE *f = std::fopen("/proc/self/status", "r");
        if (f == nullptr) return;
        char line[256];
        while (std::fgets(line, sizeof line, f) != nullptr) {
            long kb = 0;
            if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1)
                std::fprintf(stderr, "timing: peak memory %9.1f MB\n", static_cast<double>(kb) / 1024);
        }
        std::fclose(f);
    }

private:
    static double cpu_ms() {
        timespec t{};
        ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
    }
    double last_cpu_ = 0;
    bool enabled_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

// The one Timings of the process (a command-line tool runs one command).
inline Timings &timings() {
    static Timings t;
    return t;
}

}  // namespace tqcli
