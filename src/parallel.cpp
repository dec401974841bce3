#include "parallel.hpp"

#include <algorithm>
#include <exception>
#include <system_error>
#include <thread>

namespace tq {

int choose_thread_count(int32_t requested, int64_t n_items, int64_t min_items_per_thread) {
    int64_t threads = requested;
    if (threads <= 0) {
        unsigned hw = std::thread::hardware_concurrency();
        threads = hw == 0 ? 1 : static_cast<int64_t>(hw);
    }
    int64_t useful = n_items / std::max<int64_t>(1, min_items_per_thread);
    threads = std::min(threads, std::max<int64_t>(1, useful));
    return static_cast<int>(std::max<int64_t>(1, threads));
}

std::vector<int64_t> split_sentences_by_tokens(const int64_t *offsets, int64_t n_sentences,
                                               int n_chunks) {
    std::vector<int64_t> bounds(static_cast<size_t>(n_chunks) + 1, n_sentences);
    bounds[0] = 0;
    if (n_sentences == 0) return bounds;
    const int64_t n_tokens = offsets[n_sentences];
    for (int c = 1; c < n_chunks; ++c) {
        // First sentence starting at or after the c-th equal share of tokens.
        int64_t target = static_cast<int64_t>(
            static_cast<double>(n_tokens) * c / n_chunks);
        const int64_t *it = std::lower_bound(offsets, offsets + n_sentences, target);
        bounds[static_cast<size_t>(c)] =
            std::max(bounds[static_cast<size_t>(c) - 1], static_cast<int64_t>(it - offsets));
    }
    return bounds;
}

void run_chunks(int n_chunks, const std::function<void(int)> &work) {
    if (n_chunks <= 0) return;
    std::vector<std::exception_ptr> errors(static_cast<size_t>(n_chunks));
    auto guarded = [&](int c) {
        try {
            work(c);
        } catch (...) {
            errors[static_cast<size_t>(c)] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    threads.reserve(static_cast<size_t>(n_chunks) - 1);
    int next_inline = 1;  // chunks the OS refused threads for run on this thread
    for (int c = 1; c < n_chunks; ++c) {
        try {
            threads.emplace_back(guarded, c);
            next_inline = c + 1;
        } catch (const std::system_error &) {
            break;
        }
    }
    guarded(0);
    for (int c = next_inline; c < n_chunks; ++c) guarded(c);
    for (std::thread &t : threads) t.join();
    for (const std::exception_ptr &e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace tq
