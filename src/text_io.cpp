#include "text_io.hpp"

#include <cstring>

#include "error.hpp"
#include "utf8.hpp"
#include "validate.hpp"

namespace tq {

TextList read_text_list(const char *text, int64_t text_size, const int64_t *offsets,
                        int64_t count, const TextListNames &names) {
    require_non_negative(text_size, names.size);
    require_array(text, names.text, text_size);
    require_non_negative(count, names.count);
    if (count == INT64_MAX)
        fail(TQ_ERR_INVALID_SIZE, "%s = %lld is too large", names.count,
             static_cast<long long>(count));
    if (offsets == nullptr) {
        if (count == 0) return TextList{text, nullptr, 0};
        fail(TQ_ERR_NULL_ARGUMENT, "%s is NULL but must hold %lld entries", names.offsets,
             static_cast<long long>(count + 1));
    }
    for (int64_t i = 0; i <= count; ++i) {
        if (offsets[i] < 0 || offsets[i] > text_size)
            fail(TQ_ERR_INVALID_OFFSETS, "%s[%lld] = %lld is outside the text [0, %s = %lld]",
                 names.offsets, static_cast<long long>(i), static_cast<long long>(offsets[i]),
                 names.size, static_cast<long long>(text_size));
        if (i > 0 && offsets[i] < offsets[i - 1])
            fail(TQ_ERR_INVALID_OFFSETS, "%s[%lld] = %lld is less than %s[%lld] = %lld",
                 names.offsets, static_cast<long long>(i), static_cast<long long>(offsets[i]),
                 names.offsets, static_cast<long long>(i - 1),
                 static_cast<long long>(offsets[i - 1]));
    }
    const TextList list{text, offsets, count};
    for (int64_t i = 0; i < count; ++i) {
        const std::string_view item = list.item(i);
        size_t position = 0;
        while (position < item.size()) {
            const Decoded d = decode_utf8(item, position);
            if (d.length == 0) {
                // The message is only built for a bad item: validation is the hot path.
                const std::string what = format(
                    "%s %lld (bytes [%lld, %lld) of %s)", names.item, static_cast<long long>(i),
                    static_cast<long long>(offsets[i]), static_cast<long long>(offsets[i + 1]),
                    names.text);
                require_utf8(item, what.c_str(), offsets[i]);
            }
            position += static_cast<size_t>(d.length);
        }
    }
    return list;
}

std::string_view read_string(const char *text, int64_t size, const char *name) {
    require_non_negative(size, format("%s_size", name).c_str());
    require_array(text, name, size);
    const std::string_view view(text == nullptr ? "" : text, static_cast<size_t>(size));
    require_utf8(view, name);
    return view;
}

std::string_view read_c_string(const char *text, const char *name, std::string_view fallback) {
    if (text == nullptr) return fallback;
    const std::string_view view(text);
    require_utf8(view, name);
    return view;
}

TextOutput read_text_output(char *out_text, int64_t capacity, int64_t *out_size) {
    require_pointer(out_size, "out_size");
    require_non_negative(capacity, "capacity");
    require_array(out_text, "out_text", capacity);
    return TextOutput{out_text, capacity, out_size};
}

void write_text_output(const TextOutput &output, const std::string &result) {
    const int64_t needed = static_cast<int64_t>(result.size());
    *output.size = needed;
    if (output.capacity <= needed)
        fail(TQ_ERR_BUFFER_TOO_SMALL,
             "capacity = %lld but the text needs %lld bytes plus a NUL terminator "
             "(*out_size holds %lld)",
             static_cast<long long>(output.capacity), static_cast<long long>(needed),
             static_cast<long long>(needed));
    std::memcpy(output.text, result.data(), result.size());
    output.text[result.size()] = '\0';
}

}  // namespace tq
