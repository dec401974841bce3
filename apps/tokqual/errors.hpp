// Failures of the tokqual tool and the exit status each one gets.
#pragma once

#include <stdexcept>
#include <string>

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
