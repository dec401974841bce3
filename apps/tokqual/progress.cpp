#include "progress.hpp"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace tqcli {

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)), total_(total), terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {
    if (const char *env = std::getenv("TOKQUAL_PROGRESS_AFTER_MS"); env != nullptr && *env != '\0')
        after_ = std::chrono::milliseconds(std::strtol(env, nullptr, 10));
}

Progress::~Progress() {
    if (shown_) std::fputs("\r\x1b[K", stderr);
}

void Progress::update(uint64_t done) {
    if (!terminal_ || total_ == 0) return;
    if (!shown_ && std::chrono::steady_clock::now() - start_ < after_)
        return;
    int percent = static_cast<int>(done >= total_ ? 100 : done * 100 / total_);
    if (percent == last_percent_) return;
    last_percent_ = percent;
    shown_ = true;
    char bar[41];
    int filled = percent * 40 / 100;
    for (int i = 0; i < 40; ++i) bar[i] = i < filled ? '#' : '.';
    bar[40] = '\0';
    std::fprintf(stderr, "\r%s [%s] %3d%%", label_.c_str(), bar, percent);
    std::fflush(stderr);
}

}  // namespace tqcli
