// --timings: the wall-clock time of each phase of a run, on standard error (for the
// benchmark in bench/, and to see where a large input spends its time).
#pragma once

#include <chrono>
#include <cstdio>

namespace tqcli {

class Timings {
public:
    void enable() { enabled_ = true; last_ = start_ = std::chrono::steady_clock::now(); }
    void mark(const char *phase) {
        if (!enabled_) return;
        auto now = std::chrono::steady_clock::now();
        std::fprintf(stderr, "timing: %-12s %9.3f ms\n", phase,
                     std::chrono::duration<double, std::milli>(now - last_).count());
        last_ = now;
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
    bool enabled_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

// The one Timings of the process (a command-line tool runs one command).
inline Timings &timings() {
    static Timings t;
    return t;
}

}  // namespace tqcli
