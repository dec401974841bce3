// Reading caller option structs: NULL means defaults, `struct_size` says which
// version of the struct the caller was compiled with, and every field is checked.
#pragma once

#include <cstring>

#include "error.hpp"

namespace tq {

// Copies the caller's struct over the defaults produced by `init`. The caller's
// struct_size must be one this library knows: sizeof(Options) today; when fields are
// appended, the sizes of older versions are added to `known_sizes`.
template <class Options>
Options read_options(const Options *user, const char *name, tq_status (*init)(Options *)) {
    Options options;
    init(&options);
    if (user == nullptr) return options;
    const size_t known_sizes[] = {sizeof(Options)};
    for (size_t size : known_sizes) {
        if (user->struct_size == size) {
            std::memcpy(static_cast<void *>(&options), user, size);
            return options;
        }
    }
    fail(TQ_ERR_INVALID_STRUCT_SIZE,
         "%s->struct_size = %zu is not a size this library knows (expected %zu; "
         "initialize options with their _init() function)",
         name, user->struct_size, sizeof(Options));
}

// The score options, read and checked.
tq_score_options read_score_options(const tq_score_options *user);

}  // namespace tq
