// Helpers of the text-helper suites: lists of strings in one buffer, token datasets,
// and calling a text-returning function the documented way (size query, then call).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokqual/tokqual.h"

namespace tqtest {

// A list of strings as the C API takes it: one buffer and count + 1 byte offsets.
struct Strings {
    std::string text;
    std::vector<int64_t> offsets{0};

    Strings() = default;
    Strings(std::initializer_list<std::string_view> items) {
        for (std::string_view s : items) add(s);
    }
    explicit Strings(const std::vector<std::string> &items) {
        for (const std::string &s : items) add(s);
    }
    void add(std::string_view s) {
        text.append(s);
        offsets.push_back(static_cast<int64_t>(text.size()));
    }
    int64_t count() const { return static_cast<int64_t>(offsets.size()) - 1; }
    int64_t size() const { return static_cast<int64_t>(text.size()); }
    const char *data() const { return text.data(); }
};

// Sentences of tokens: token text, token offsets and sentence offsets.
struct TokenData {
    Strings tokens;
    std::vector<int64_t> offsets{0};

    TokenData() = default;
    TokenData(std::initializer_list<std::vector<std::string>> sentences) {
        for (const auto &s : sentences) add_sentence(s);
    }
    void add_sentence(const std::vector<std::string> &sentence) {
        for (const std::string &t : sentence) tokens.add(t);
        offsets.push_back(tokens.count());
    }
    int64_t n_sentences() const { return static_cast<int64_t>(offsets.size()) - 1; }
    int64_t n_tokens() const { return tokens.count(); }
};

// Calls `call(out_text, capacity, out_size)` as documented: first with capacity 0 (it
// must report TQ_ERR_BUFFER_TOO_SMALL and the size), then with exactly size + 1 bytes
// (TQ_OK, NUL-terminated). Also checks that capacity == size leaves the buffer alone.
template <class Call>
std::string text_result(Call &&call) {
    int64_t size = -1;
    EXPECT_EQ(TQ_ERR_BUFFER_TOO_SMALL, call(nullptr, 0, &size)) << tq_last_error_message();
    EXPECT_GE(size, 0);
    if (size < 0) return "<no size>";
    std::vector<char> short_buffer(static_cast<size_t>(size) + 1, '~');
    int64_t short_size = -1;
    if (size > 0) {
        EXPECT_EQ(TQ_ERR_BUFFER_TOO_SMALL, call(short_buffer.data(), size, &short_size));
        EXPECT_EQ(size, short_size);
        EXPECT_EQ(std::string(short_buffer.size(), '~'),
                  std::string(short_buffer.begin(), short_buffer.end()))
            << "a too small buffer was written to";
    }
    std::vector<char> buffer(static_cast<size_t>(size) + 1, '~');
    int64_t written = -1;
    const tq_status status = call(buffer.data(), size + 1, &written);
    EXPECT_EQ(TQ_OK, status) << tq_last_error_message();
    EXPECT_EQ(size, written);
    EXPECT_EQ('\0', buffer[static_cast<size_t>(size)]);
    return std::string(buffer.data(), static_cast<size_t>(size));
}

// Calls `call(out_text, capacity, out_size)` expecting the error `expected` with a message
// containing `fragment`, and checks that neither the buffer nor out_size were touched.
template <class Call>
void expect_text_error(tq_status expected, const std::string &fragment, Call &&call) {
    std::vector<char> buffer(64, '~');
    int64_t size = -5;
    EXPECT_EQ(expected, call(buffer.data(), static_cast<int64_t>(buffer.size()), &size))
        << tq_last_error_message();
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find(fragment))
        << "message: " << tq_last_error_message() << "\nexpected to contain: " << fragment;
    EXPECT_EQ(-5, size);
    EXPECT_EQ(std::string(64, '~'), std::string(buffer.begin(), buffer.end()));
}

inline std::string red(const std::string &word) { return "\x1b[31m" + word + "\x1b[0m"; }

}  // namespace tqtest
