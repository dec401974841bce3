// Internal error handling: library code throws tq::Error; the extern "C" layer
// (c_api.cpp) catches it, stores the message for tq_last_error_message() and returns
// the status. Nothing here crosses the C boundary.
#pragma once

#include <stdexcept>
#include <string>

#include "tokqual/tokqual.h"

namespace tq {

class Error : public std::runtime_error {
public:
    Error(tq_status status, const std::string &message)
        : std::runtime_error(message), status_(status) {}
    tq_status status() const { return status_; }

private:
    tq_status status_;
};

// printf-style formatting into a std::string, for error messages.
std::string format(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

// Throws Error(status, formatted message).
[[noreturn]] void fail(tq_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

// Thread-local message storage behind tq_last_error_message().
void set_last_error(const char *function, const char *message);

}  // namespace tq
