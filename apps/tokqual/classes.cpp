#include "classes.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "conll.hpp"
#include "errors.hpp"
#include "mapped_file.hpp"

namespace tqcli {

std::vector<std::string> split_commas(const std::string &s) {
    std::vector<std::string> parts;
    size_t b = 0;
    for (;;) {
        size_t e = s.find(',', b);
        parts.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
        if (e == std::string::npos) return parts;
        b = e + 1;
    }
}

namespace {

std::vector<std::string> read_classes_file(const std::string &path) {
    MappedFile f(path);
    const char *d = reinterpret_cast<const char *>(f.data());
    size_t bad = find_invalid_utf8(f.data(), f.size());
    if (bad != f.size())
        input_error(path + ": byte offset " + std::to_string(bad) +
                    ": ill-formed UTF-8; expected UTF-8 text");
    std::vector<std::string> names;
    std::set<std::string> seen;
    size_t pos = 0, line = 0;
    while (pos < f.size()) {
        ++line;
        size_t end = pos;
        while (end < f.size() && d[end] != '\n') ++end;
        std::string name(d + pos, end - pos);
        pos = end + 1;
        while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
        size_t lead = 0;
        while (lead < name.size() && std::isspace(static_cast<unsigned char>(name[lead]))) ++lead;
        name.erase(0, lead);
        if (name.empty()) continue;
        if (!seen.insert(name).second)
            input_error(path + ":" + std::to_string(line) + ": class '" + printable(name) +
                        "' listed twice; expected each class once");
        names.push_back(name);
    }
    if (names.empty()) input_error(path + ": no class names; expected one per line");
    return names;
}

}  // namespace

ClassSetup load_classes(const std::string &classes, const std::string &classes_file,
                        const std::string &merge) {
    ClassSetup c;
    if (classes.empty() == classes_file.empty())
        usage_error("give the class names (the columns of --probs, in order) with exactly one "
                    "of --classes O,B-PER,... or --classes-file FILE");
    if (!classes.empty()) {
        const auto *bytes = reinterpret_cast<const unsigned char *>(classes.data());
        if (size_t bad = find_invalid_utf8(bytes, classes.size()); bad != classes.size())
            usage_error("--classes: ill-formed UTF-8 at byte " + std::to_string(bad) +
                        "; expected UTF-8 class names");
        c.model_names = split_commas(classes);
        std::set<std::string> seen;
        for (const std::string &n : c.model_names) {
            if (n.empty()) usage_error("--classes: an empty class name; expected NAME,NAME,...");
            if (!seen.insert(n).second)
                usage_error("--classes: class '" + printable(n) + "' listed twice; expected each class once");
        }
    } else {
        c.model_names = read_classes_file(classes_file);
    }
    if (merge.empty()) {
        c.names = c.model_names;
        return c;
    }
    const auto *merge_bytes = reinterpret_cast<const unsigned char *>(merge.data());
    if (size_t bad = find_invalid_utf8(merge_bytes, merge.size()); bad != merge.size())
        usage_error("--merge: ill-formed UTF-8 at byte " + std::to_string(bad) +
                    "; expected UTF-8 class names");
    // Each model class maps to its target name; unnamed ones to themselves.
    std::vector<std::string> target = c.model_names;
    for (const std::string &pair : split_commas(merge)) {
        size_t colon = pair.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size())
            usage_error("--merge: '" + printable(pair) + "'; expected FROM:TO pairs such as B-PER:PER "
                        "(TO '-' drops the class)");
        std::string from = pair.substr(0, colon), to = pair.substr(colon + 1);
        auto it = std::find(c.model_names.begin(), c.model_names.end(), from);
        if (it == c.model_names.end())
            usage_error("--merge: '" + printable(from) + "' is not one of the classes of --probs");
        target[static_cast<size_t>(it - c.model_names.begin())] = to;
    }
    for (const std::string &t : target) {
        if (t == "-") {
            c.maps.push_back(-1);
            continue;
        }
        auto it = std::find(c.names.begin(), c.names.end(), t);
        if (it == c.names.end()) {
            c.names.push_back(t);
            it = c.names.end() - 1;
        }
        c.maps.push_back(static_cast<int32_t>(it - c.names.begin()));
    }
    if (c.names.empty()) usage_error("--merge drops every class; expected at least one kept");
    return c;
}

}  // namespace tqcli
