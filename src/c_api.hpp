// The guard every extern "C" entry point runs its body in: it turns any C++
// exception into a tq_status and a thread-local message, so nothing unwinds into C.
#pragma once

#include <new>

#include "error.hpp"

namespace tq {

template <class Body>
tq_status guarded_call(const char *function, Body &&body) noexcept {
    try {
        body();
        return TQ_OK;
    } catch (const Error &e) {
        set_last_error(function, e.what());
        return e.status();
    } catch (const std::bad_alloc &) {
        set_last_error(function, "out of memory");
        return TQ_ERR_OUT_OF_MEMORY;
    } catch (const std::exception &e) {
        set_last_error(function, e.what());
        return TQ_ERR_INTERNAL;
    } catch (...) {
        set_last_error(function, "unknown internal error");
        return TQ_ERR_INTERNAL;
    }
}

}  // namespace tq
