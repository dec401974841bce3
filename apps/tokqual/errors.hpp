// Failures of the tokqual tool and the exit status each one gets.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

#include <tokqual/tokqual.h>

namespace tqcli {

// Exit statuses (documented in README.md, "The tokqual command").
enum ExitStatus { kExitOk = 0, kExitFailure = 1, kExitUsage = 2, kExitInput = 3 };

// A failed run: one line for standard error and the exit status. The message names the
// file, and the line or byte offset, where the input is at fault.
struct Failure : std::runtime_error {
    int status;
    Failure(int status_, const std::string &message)
        : std::runtime_error(message), status(status_) {}
};

[[noreturn]] inline void usage_error(const std::string &message) {
    throw Failure(kExitUsage, message);
}
[[noreturn]] inline void input_error(const std::string &message) {
    throw Failure(kExitInput, message);
}

// Text from an input file made fit for a one-line message: control characters escaped
// as \xNN, at most 60 bytes kept.
inline std::string printable(std::string_view s) {
    std::string out;
    for (unsigned char c : s.substr(0, 60)) {
        if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    return s.size() > 60 ? out + "..." : out;
}

// The exit status of a library status: bad options are the user's command line, bad
// data is the input files, anything else (memory, a bug) a plain failure.
inline int exit_status_of(tq_status status) {
    switch (status) {
    case TQ_ERR_INVALID_OPTION:
        return kExitUsage;
    case TQ_ERR_INVALID_SIZE:
    case TQ_ERR_INVALID_OFFSETS:
    case TQ_ERR_INVALID_LABEL:
    case TQ_ERR_INVALID_PROBABILITY:
    case TQ_ERR_INVALID_VALUE:
        return kExitInput;
    default:
        return kExitFailure;
    }
}

// Throws a Failure carrying the library's message, prefixed with `context` (which
// input the call was about), when a tokqual call did not succeed.
inline void check(tq_status status, const std::string &context) {
    if (status != TQ_OK)
        throw Failure(exit_status_of(status), context + ": " + tq_last_error_message());
}

}  // namespace tqcli
