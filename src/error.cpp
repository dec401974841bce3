// Thread-local last-error message, status names and the version entry points.
#include "error.hpp"

#include <cstdarg>
#include <cstdio>
#include <vector>

namespace tq {

namespace {
// A fixed buffer: storing a message must never allocate, so that even an
// out-of-memory failure can be reported.
constexpr size_t kMessageCapacity = 1024;
thread_local char last_error_message[kMessageCapacity] = "";

std::string vformat(const char *fmt, va_list args) {
    va_list copy;
    va_copy(copy, args);
    char small[256];
    int needed = std::vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (needed < 0) return std::string(fmt);
    if (static_cast<size_t>(needed) < sizeof small) return std::string(small, needed);
    std::vector<char> big(static_cast<size_t>(needed) + 1);
    std::vsnprintf(big.data(), big.size(), fmt, args);
    return std::string(big.data(), static_cast<size_t>(needed));
}
}  // namespace

std::string format(const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    std::string s = vformat(fmt, args);
    va_end(args);
    return s;
}

void fail(tq_status status, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    std::string s = vformat(fmt, args);
    va_end(args);
    throw Error(status, s);
}

void set_last_error(const char *function, const char *message) {
    std::snprintf(last_error_message, kMessageCapacity, "%s: %s", function, message);
}

}  // namespace tq

extern "C" {

const char *tq_last_error_message(void) { return tq::last_error_message; }

const char *tq_status_string(tq_status status) {
    switch (status) {
        case TQ_OK: return "ok";
        case TQ_ERR_NULL_ARGUMENT: return "null argument";
        case TQ_ERR_INVALID_SIZE: return "invalid size";
        case TQ_ERR_INVALID_OFFSETS: return "invalid offsets";
        case TQ_ERR_INVALID_LABEL: return "invalid label";
        case TQ_ERR_INVALID_PROBABILITY: return "invalid probability";
        case TQ_ERR_INVALID_OPTION: return "invalid option";
        case TQ_ERR_INVALID_STRUCT_SIZE: return "invalid struct size";
        case TQ_ERR_INVALID_VALUE: return "invalid value";
        case TQ_ERR_BUFFER_TOO_SMALL: return "buffer too small";
        case TQ_ERR_OUT_OF_MEMORY: return "out of memory";
        case TQ_ERR_INTERNAL: return "internal error";
        case TQ_ERR_INVALID_STATE: return "invalid state";
    }
    return "unknown status";
}

#define TQ_STRINGIFY2(x) #x
#define TQ_STRINGIFY(x) TQ_STRINGIFY2(x)

const char *tq_version(void) {
    return TQ_STRINGIFY(TQ_VERSION_MAJOR) "." TQ_STRINGIFY(TQ_VERSION_MINOR) "." TQ_STRINGIFY(
        TQ_VERSION_PATCH);
}

int32_t tq_version_number(void) { return TQ_VERSION_NUMBER; }

}  // extern "C"
