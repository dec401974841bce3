// A progress bar on standard error, shown only when standard error is a terminal and
// the work has taken more than half a second (quick runs and logs stay clean). The
// environment variable TOKQUAL_PROGRESS_AFTER_MS changes the half second (tests set 0).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tqcli {

class Progress {
public:
    Progress(std::string label, uint64_t total);
    ~Progress();  // clears the bar
    void update(uint64_t done);
    // For callbacks that take a plain function: data is a Progress*.
    static void callback(size_t done, void *data) { static_cast<Progress *>(data)->update(done); }

private:
    std::string label_;
    uint64_t total_;
    bool terminal_;
    bool shown_ = false;
    int last_percent_ = -1;
    std::chrono::steady_clock::time_point start_;
    std::chrono::milliseconds after_{500};
};

}  // namespace tqcli
