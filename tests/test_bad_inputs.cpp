// The bad-input matrix (tests/conformance/bad_inputs.json, format in
// tests/conformance/README.md) run through the C API: every case, both layers, one test
// per case. Each step's call must return the expected status with a message holding the
// expected words; on error every output buffer must be untouched except those the case
// lists as written (which must hold the listed values).
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "tokqual/tokqual.h"

using json = nlohmann::json;

namespace {

constexpr unsigned char kSentinel = 0xA5;

[[noreturn]] void bad_data(const std::string &what) { throw std::runtime_error(what); }

const json &matrix() {
    static const json data = [] {
        // TOKQUAL_CONFORMANCE_DIR overrides the source tree's copy, as in the Rust tests.
        const char *dir = std::getenv("TOKQUAL_CONFORMANCE_DIR");
        std::ifstream in(std::string(dir != nullptr ? dir : TQ_CONFORMANCE_DIR) + "/bad_inputs.json");
        if (!in) bad_data("cannot open tests/conformance/bad_inputs.json");
        return json::parse(in);
    }();
    return data;
}

// ---------------------------------------------------------------------------------------
// JSON scalars (see "Values" in the README): integers beyond 2^53 come as decimal strings,
// special doubles as "nan", "inf", "-inf"; enums by name or number.
// ---------------------------------------------------------------------------------------

int64_t to_i64(const json &v) {
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_string()) {
        size_t used = 0;
        const std::string s = v.get<std::string>();
        const long long n = std::stoll(s, &used);
        if (used != s.size()) bad_data("not an integer: " + s);
        return n;
    }
    bad_data("not an integer: " + v.dump());
}

uint64_t to_u64(const json &v) {
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_string()) {
        size_t used = 0;
        const std::string s = v.get<std::string>();
        const unsigned long long n = std::stoull(s, &used);
        if (used != s.size() || s[0] == '-') bad_data("not an unsigned integer: " + s);
        return n;
    }
    bad_data("not an unsigned integer: " + v.dump());
}

double to_f64(const json &v) {
    if (v.is_number()) return v.get<double>();
    if (v == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (v == "inf") return std::numeric_limits<double>::infinity();
    if (v == "-inf") return -std::numeric_limits<double>::infinity();
    bad_data("not a number: " + v.dump());
}

int32_t enum_value(const json &v) {
    static const std::map<std::string, int32_t> names = {
        {"TQ_SELF_CONFIDENCE", TQ_SELF_CONFIDENCE},
        {"TQ_NORMALIZED_MARGIN", TQ_NORMALIZED_MARGIN},
        {"TQ_CONFIDENCE_WEIGHTED_ENTROPY", TQ_CONFIDENCE_WEIGHTED_ENTROPY},
        {"TQ_MIN", TQ_MIN},
        {"TQ_SOFTMIN", TQ_SOFTMIN},
        {"TQ_PRUNE_BY_NOISE_RATE", TQ_PRUNE_BY_NOISE_RATE},
        {"TQ_PRUNE_BY_CLASS", TQ_PRUNE_BY_CLASS},
        {"TQ_BOTH", TQ_BOTH},
        {"TQ_CONFIDENT_LEARNING", TQ_CONFIDENT_LEARNING},
        {"TQ_PREDICTED_NEQ_GIVEN", TQ_PREDICTED_NEQ_GIVEN},
        {"TQ_LOW_NORMALIZED_MARGIN", TQ_LOW_NORMALIZED_MARGIN},
        {"TQ_LOW_SELF_CONFIDENCE", TQ_LOW_SELF_CONFIDENCE},
        {"TQ_OFF_DIAGONAL", TQ_OFF_DIAGONAL},
        {"TQ_OFF_DIAGONAL_CALIBRATED", TQ_OFF_DIAGONAL_CALIBRATED},
    };
    if (v.is_string()) {
        const auto it = names.find(v.get<std::string>());
        if (it == names.end()) bad_data("unknown enum name " + v.dump());
        return it->second;
    }
    const int64_t n = to_i64(v);
    if (n < INT32_MIN || n > INT32_MAX) bad_data("enum value out of int32_t: " + v.dump());
    return static_cast<int32_t>(n);
}

tq_status status_value(const std::string &name) {
    static const std::map<std::string, tq_status> names = {
        {"TQ_OK", TQ_OK},
        {"TQ_ERR_NULL_ARGUMENT", TQ_ERR_NULL_ARGUMENT},
        {"TQ_ERR_INVALID_SIZE", TQ_ERR_INVALID_SIZE},
        {"TQ_ERR_INVALID_OFFSETS", TQ_ERR_INVALID_OFFSETS},
        {"TQ_ERR_INVALID_LABEL", TQ_ERR_INVALID_LABEL},
        {"TQ_ERR_INVALID_PROBABILITY", TQ_ERR_INVALID_PROBABILITY},
        {"TQ_ERR_INVALID_OPTION", TQ_ERR_INVALID_OPTION},
        {"TQ_ERR_INVALID_STRUCT_SIZE", TQ_ERR_INVALID_STRUCT_SIZE},
        {"TQ_ERR_INVALID_VALUE", TQ_ERR_INVALID_VALUE},
        {"TQ_ERR_BUFFER_TOO_SMALL", TQ_ERR_BUFFER_TOO_SMALL},
        {"TQ_ERR_OUT_OF_MEMORY", TQ_ERR_OUT_OF_MEMORY},
        {"TQ_ERR_INTERNAL", TQ_ERR_INTERNAL},
        {"TQ_ERR_INVALID_STATE", TQ_ERR_INVALID_STATE},
    };
    const auto it = names.find(name);
    if (it == names.end()) bad_data("unknown status " + name);
    return it->second;
}

std::string from_hex(const std::string &hex) {
    if (hex.size() % 2 != 0) bad_data("odd-length hex " + hex);
    std::string bytes;
    for (size_t i = 0; i < hex.size(); i += 2)
        bytes.push_back(static_cast<char>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    return bytes;
}

// Writes the little-endian bytes of `value` at `at` (edits of saved inspector state).
template <class T>
void put(std::string &bytes, const json &at, T value) {
    const uint64_t offset = to_u64(at);
    if (offset > bytes.size() || bytes.size() - offset < sizeof(T))
        bad_data("edit at " + at.dump() + " is past the saved bytes");
    unsigned char raw[sizeof(T)];
    std::memcpy(raw, &value, sizeof(T));  // the test machines are little-endian
    std::memcpy(&bytes[offset], raw, sizeof(T));
}

// An output buffer: n elements plus one guard element, all bytes the sentinel.
struct Output {
    std::string name;
    std::vector<unsigned char> bytes;
    size_t element_size;
    size_t n_elements;
};

// The state of one case: inspectors and saved bytes by name.
struct CaseState {
    std::map<std::string, tq_inspector *> inspectors;
    std::map<std::string, std::string> saved;
    ~CaseState() {
        for (auto &entry : inspectors) tq_inspector_destroy(entry.second);
    }
};

// The arguments of one call, decoded from JSON into storage the call can point into.
// Every argument in the JSON must be read by the call (a misspelled name fails).
class Args {
public:
    Args(const json &args, CaseState &state) : args_(args), state_(state) {
        if (!args_.is_object()) bad_data("args is not an object");
    }

    const json &get(const char *name) {
        if (!args_.contains(name)) bad_data(std::string("missing argument ") + name);
        used_.insert(name);
        return args_.at(name);
    }
    bool has(const char *name) const { return args_.contains(name); }

    int64_t i64(const char *name) { return to_i64(get(name)); }
    int32_t i32(const char *name) {
        const int64_t v = i64(name);
        if (v < INT32_MIN || v > INT32_MAX) bad_data(std::string(name) + " is not an int32_t");
        return static_cast<int32_t>(v);
    }
    size_t size(const char *name) { return static_cast<size_t>(to_u64(get(name))); }
    double f64(const char *name) { return to_f64(get(name)); }

    // An input array: JSON array, or null for NULL. Never NULL otherwise, even if empty.
    template <class T>
    const T *in(const char *name) {
        const json &v = get(name);
        if (v.is_null()) return nullptr;
        if (!v.is_array()) bad_data(std::string(name) + " is not an array");
        auto values = std::make_shared<std::vector<T>>();
        values->reserve(v.size() + 1);
        for (const json &e : v) values->push_back(element<T>(e));
        keep_.push_back(values);
        return values->data();
    }

    // Bytes: a JSON string (its UTF-8), {"hex": ...}, or {"saved": name, "edits": [...]};
    // null for NULL. Stored with a NUL after them (for NUL-terminated arguments).
    const char *bytes(const char *name) {
        const json &v = get(name);
        if (v.is_null()) return nullptr;
        auto data = std::make_shared<std::string>(decode_bytes(v));
        keep_.push_back(data);
        last_bytes_size_ = data->size();
        return data->c_str();
    }
    size_t last_bytes_size() const { return last_bytes_size_; }

    // An output buffer: {"out": n} or null.
    template <class T>
    T *out(const char *name) {
        const json &v = get(name);
        if (v.is_null()) return nullptr;
        if (!v.is_object() || !v.contains("out")) bad_data(std::string(name) + " is not {\"out\": n}");
        const size_t n = static_cast<size_t>(to_u64(v.at("out")));
        outputs_.push_back(Output{name, std::vector<unsigned char>((n + 1) * sizeof(T), kSentinel),
                                  sizeof(T), n});
        return reinterpret_cast<T *>(outputs_.back().bytes.data());
    }

    // An inspector argument: its name in the case, or null.
    tq_inspector *inspector(const char *name) {
        const json &v = get(name);
        if (v.is_null()) return nullptr;
        const auto it = state_.inspectors.find(v.get<std::string>());
        if (it == state_.inspectors.end()) bad_data("no inspector named " + v.dump());
        return it->second;
    }

    // An out tq_inspector**: {"inspector": name} or null. Starts as a non-NULL sentinel.
    tq_inspector **out_inspector(const char *name) {
        const json &v = get(name);
        if (v.is_null()) return nullptr;
        new_inspector_name_ = v.at("inspector").get<std::string>();
        std::memset(static_cast<void *>(&new_inspector_), kSentinel, sizeof new_inspector_);
        return &new_inspector_;
    }

    tq_score_options *score_options(const char *name) {
        return options<tq_score_options>(name, tq_score_options_init, [](tq_score_options &o, const std::string &f, const json &v) {
            if (f == "token_method") o.token_method = enum_value(v);
            else if (f == "sentence_method") o.sentence_method = enum_value(v);
            else if (f == "temperature") o.temperature = to_f64(v);
            else if (f == "n_threads") o.n_threads = static_cast<int32_t>(to_i64(v));
            else return false;
            return true;
        });
    }

    tq_find_options *find_options(const char *name) {
        return options<tq_find_options>(name, tq_find_options_init, [this](tq_find_options &o, const std::string &f, const json &v) {
            if (f == "filter_by") o.filter_by = enum_value(v);
            else if (f == "rank_by") o.rank_by = enum_value(v);
            else if (f == "frac_noise") o.frac_noise = to_f64(v);
            else if (f == "num_to_remove_per_class") o.num_to_remove_per_class = array<int64_t>(v);
            else if (f == "min_examples_per_class") o.min_examples_per_class = to_i64(v);
            else if (f == "n_threads") o.n_threads = static_cast<int32_t>(to_i64(v));
            else if (f == "adjust_pred_probs") o.adjust_pred_probs = static_cast<int32_t>(to_i64(v));
            else return false;
            return true;
        });
    }

    tq_inspector_options *inspector_options(const char *name) {
        return options<tq_inspector_options>(name, tq_inspector_options_init, [](tq_inspector_options &o, const std::string &f, const json &v) {
            if (f == "rank_by") o.rank_by = enum_value(v);
            else if (f == "adjust_pred_probs") o.adjust_pred_probs = static_cast<int32_t>(to_i64(v));
            else if (f == "num_issues_method") o.num_issues_method = enum_value(v);
            else if (f == "n_threads") o.n_threads = static_cast<int32_t>(to_i64(v));
            else return false;
            return true;
        });
    }

    tq_format_issues_options *format_issues_options(const char *name) {
        return options<tq_format_issues_options>(name, tq_format_issues_options_init, [this](tq_format_issues_options &o, const std::string &f, const json &v) {
            if (f == "top") o.top = to_i64(v);
            else if (f == "highlight_before") o.highlight_before = text(v);
            else if (f == "highlight_after") o.highlight_after = text(v);
            else return false;
            return true;
        });
    }

    tq_common_issues_options *common_issues_options(const char *name) {
        return options<tq_common_issues_options>(name, tq_common_issues_options_init, [](tq_common_issues_options &o, const std::string &f, const json &v) {
            if (f == "top") o.top = to_i64(v);
            else if (f == "verbose") o.verbose = static_cast<int32_t>(to_i64(v));
            else return false;
            return true;
        });
    }

    void require_all_used() const {
        for (const auto &item : args_.items())
            if (!used_.count(item.key())) bad_data("argument " + item.key() + " is not a parameter of the call");
    }

    std::vector<Output> &outputs() { return outputs_; }
    tq_inspector *new_inspector() const { return new_inspector_; }
    const std::string &new_inspector_name() const { return new_inspector_name_; }

private:
    template <class T>
    static T element(const json &e) {
        if constexpr (std::is_floating_point_v<T>) {
            return static_cast<T>(to_f64(e));
        } else {
            const int64_t n = to_i64(e);
            if (n < std::numeric_limits<T>::min() || n > std::numeric_limits<T>::max())
                bad_data("array element out of range: " + e.dump());
            return static_cast<T>(n);
        }
    }

    template <class T>
    const T *array(const json &v) {
        if (v.is_null()) return nullptr;
        auto values = std::make_shared<std::vector<T>>();
        values->reserve(v.size() + 1);
        for (const json &e : v) values->push_back(element<T>(e));
        keep_.push_back(values);
        return values->data();
    }

    const char *text(const json &v) {
        if (v.is_null()) return nullptr;
        auto data = std::make_shared<std::string>(decode_bytes(v));
        keep_.push_back(data);
        return data->c_str();
    }

    std::string decode_bytes(const json &v) {
        if (v.is_string()) return v.get<std::string>();
        if (v.contains("hex")) return from_hex(v.at("hex").get<std::string>());
        if (!v.contains("saved")) bad_data("bytes are not a string, {hex} or {saved}: " + v.dump());
        const auto it = state_.saved.find(v.at("saved").get<std::string>());
        if (it == state_.saved.end()) bad_data("nothing saved as " + v.at("saved").dump());
        std::string bytes = it->second;
        for (const json &e : v.value("edits", json::array())) {
            if (e.contains("truncate")) {
                const uint64_t n = to_u64(e.at("truncate"));
                if (n > bytes.size()) bad_data("truncate past the end");
                bytes.resize(static_cast<size_t>(n));
            } else if (e.contains("append")) {
                bytes += from_hex(e.at("append").get<std::string>());
            } else if (e.contains("i64")) {
                put<int64_t>(bytes, e.at("at"), to_i64(e.at("i64")));
            } else if (e.contains("i32")) {
                put<int32_t>(bytes, e.at("at"), static_cast<int32_t>(to_i64(e.at("i32"))));
            } else if (e.contains("f64")) {
                put<double>(bytes, e.at("at"), to_f64(e.at("f64")));
            } else if (e.contains("u8")) {
                put<uint8_t>(bytes, e.at("at"), static_cast<uint8_t>(to_u64(e.at("u8"))));
            } else {
                bad_data("unknown edit " + e.dump());
            }
        }
        return bytes;
    }

    // Options: null for NULL, else the _init() defaults with the given fields set
    // ("struct_size" included).
    template <class Options, class Set>
    Options *options(const char *name, tq_status (*init)(Options *), Set set) {
        const json &v = get(name);
        if (v.is_null()) return nullptr;
        auto o = std::make_shared<Options>();
        init(o.get());
        for (const auto &field : v.items()) {
            if (field.key() == "struct_size") o->struct_size = static_cast<size_t>(to_u64(field.value()));
            else if (!set(*o, field.key(), field.value())) bad_data("unknown option field " + field.key());
        }
        keep_.push_back(o);
        return o.get();
    }

    const json &args_;
    CaseState &state_;
    std::set<std::string> used_;
    std::vector<std::shared_ptr<void>> keep_;
    std::vector<Output> outputs_;
    tq_inspector *new_inspector_ = nullptr;
    std::string new_inspector_name_;
    size_t last_bytes_size_ = 0;
};

// ---------------------------------------------------------------------------------------
// The calls: one entry per C function, reading its parameters by name.
// ---------------------------------------------------------------------------------------

using Call = std::function<tq_status(Args &)>;

template <class T, class Fn>
Call label_quality_scores(Fn fn) {
    return [fn](Args &a) {
        return fn(a.in<int64_t>("offsets"), a.i64("n_sentences"), a.in<int32_t>("labels"),
                  a.in<T>("pred_probs"), a.i64("n_tokens"), a.i64("n_classes"),
                  a.score_options("options"), a.out<double>("sentence_scores"),
                  a.out<double>("token_scores"));
    };
}

template <class T, class Fn>
Call find_label_issues(Fn fn) {
    return [fn](Args &a) {
        return fn(a.in<int64_t>("offsets"), a.i64("n_sentences"), a.in<int32_t>("labels"),
                  a.in<T>("pred_probs"), a.i64("n_tokens"), a.i64("n_classes"),
                  a.find_options("options"), a.out<int64_t>("out_sentences"),
                  a.out<int64_t>("out_tokens"), a.out<int64_t>("out_count"));
    };
}

// tq_confident_thresholds_* and tq_adjust_pred_probs_*: the same parameters but the output.
template <class T, class Fn>
Call per_class_statistic(Fn fn, const char *output) {
    return [fn, output](Args &a) {
        return fn(a.in<int32_t>("labels"), a.in<T>("pred_probs"), a.i64("n_tokens"),
                  a.i64("n_classes"), a.find_options("options"), a.out<double>(output));
    };
}

template <class T, class Fn>
Call confident_joint(Fn fn) {
    return [fn](Args &a) {
        return fn(a.in<int32_t>("labels"), a.in<T>("pred_probs"), a.i64("n_tokens"),
                  a.i64("n_classes"), a.i32("calibrate"), a.find_options("options"),
                  a.out<int64_t>("out_joint"));
    };
}

template <class T, class Fn>
Call num_label_issues(Fn fn) {
    return [fn](Args &a) {
        return fn(a.in<int32_t>("labels"), a.in<T>("pred_probs"), a.i64("n_tokens"),
                  a.i64("n_classes"), enum_value(a.get("method")), a.find_options("options"),
                  a.out<int64_t>("out_count"));
    };
}

template <class T, class Fn>
Call inspector_update_thresholds(Fn fn) {
    return [fn](Args &a) {
        return fn(a.inspector("inspector"), a.in<int32_t>("labels"), a.in<T>("pred_probs"),
                  a.i64("n_tokens"), a.i64("n_classes"));
    };
}

template <class T, class Fn>
Call inspector_score(Fn fn) {
    return [fn](Args &a) {
        return fn(a.inspector("inspector"), a.i64("first_sentence"), a.in<int64_t>("offsets"),
                  a.i64("n_sentences"), a.in<int32_t>("labels"), a.in<T>("pred_probs"),
                  a.i64("n_tokens"), a.i64("n_classes"), a.out<double>("token_scores"));
    };
}

template <class T, class Fn>
Call merge_probs(Fn fn) {
    return [fn](Args &a) {
        return fn(a.in<T>("pred_probs"), a.i64("n_tokens"), a.i64("n_classes"),
                  a.in<int32_t>("maps"), a.i64("n_merged_classes"), a.out<T>("out_probs"));
    };
}

template <class T, class Fn>
Call subword_to_word_probs(Fn fn) {
    return [fn](Args &a) {
        return fn(a.in<T>("subword_probs"), a.i64("n_subwords"), a.i64("n_classes"),
                  a.in<int64_t>("word_begin"), a.in<int64_t>("word_end"), a.i64("n_words"),
                  a.in<double>("weights"), a.i64("n_weights"), a.out<T>("out_word_probs"));
    };
}

template <class T, class Fn>
Call format_issues(Fn fn) {
    return [fn](Args &a) {
        return fn(a.in<int64_t>("offsets"), a.i64("n_sentences"), a.bytes("token_text"),
                  a.i64("text_size"), a.in<int64_t>("token_offsets"), a.i64("n_tokens"),
                  a.in<int64_t>("issue_sentences"), a.in<int64_t>("issue_tokens"),
                  a.i64("n_issues"), a.in<int32_t>("labels"), a.in<T>("pred_probs"),
                  a.i64("n_classes"), a.bytes("class_names"), a.i64("class_names_size"),
                  a.in<int64_t>("class_name_offsets"), a.in<int32_t>("exclude"),
                  a.i64("n_exclude"), a.format_issues_options("options"),
                  a.out<char>("out_text"), a.i64("capacity"), a.out<int64_t>("out_size"));
    };
}

template <class T, class Fn>
Call common_label_issues(Fn fn) {
    return [fn](Args &a) {
        return fn(a.in<int64_t>("offsets"), a.i64("n_sentences"), a.bytes("token_text"),
                  a.i64("text_size"), a.in<int64_t>("token_offsets"), a.i64("n_tokens"),
                  a.in<int64_t>("issue_sentences"), a.in<int64_t>("issue_tokens"),
                  a.i64("n_issues"), a.in<int32_t>("labels"), a.in<T>("pred_probs"),
                  a.i64("n_classes"), a.in<int32_t>("exclude"), a.i64("n_exclude"),
                  a.out<int64_t>("out_word_tokens"), a.out<int32_t>("out_given"),
                  a.out<int32_t>("out_predicted"), a.out<int64_t>("out_counts"),
                  a.out<int64_t>("out_count"));
    };
}

template <class T, class Fn>
Call format_common_label_issues(Fn fn) {
    return [fn](Args &a) {
        return fn(a.in<int64_t>("offsets"), a.i64("n_sentences"), a.bytes("token_text"),
                  a.i64("text_size"), a.in<int64_t>("token_offsets"), a.i64("n_tokens"),
                  a.in<int64_t>("issue_sentences"), a.in<int64_t>("issue_tokens"),
                  a.i64("n_issues"), a.in<int32_t>("labels"), a.in<T>("pred_probs"),
                  a.i64("n_classes"), a.bytes("class_names"), a.i64("class_names_size"),
                  a.in<int64_t>("class_name_offsets"), a.in<int32_t>("exclude"),
                  a.i64("n_exclude"), a.common_issues_options("options"),
                  a.out<char>("out_text"), a.i64("capacity"), a.out<int64_t>("out_size"));
    };
}

const std::map<std::string, Call> &calls() {
    static const std::map<std::string, Call> table = {
        {"tq_label_quality_scores_f32", label_quality_scores<float>(tq_label_quality_scores_f32)},
        {"tq_label_quality_scores_f64", label_quality_scores<double>(tq_label_quality_scores_f64)},
        {"tq_find_label_issues_f32", find_label_issues<float>(tq_find_label_issues_f32)},
        {"tq_find_label_issues_f64", find_label_issues<double>(tq_find_label_issues_f64)},
        {"tq_confident_thresholds_f32", per_class_statistic<float>(tq_confident_thresholds_f32, "out_thresholds")},
        {"tq_confident_thresholds_f64", per_class_statistic<double>(tq_confident_thresholds_f64, "out_thresholds")},
        {"tq_adjust_pred_probs_f32", per_class_statistic<float>(tq_adjust_pred_probs_f32, "out_pred_probs")},
        {"tq_adjust_pred_probs_f64", per_class_statistic<double>(tq_adjust_pred_probs_f64, "out_pred_probs")},
        {"tq_confident_joint_f32", confident_joint<float>(tq_confident_joint_f32)},
        {"tq_confident_joint_f64", confident_joint<double>(tq_confident_joint_f64)},
        {"tq_num_label_issues_f32", num_label_issues<float>(tq_num_label_issues_f32)},
        {"tq_num_label_issues_f64", num_label_issues<double>(tq_num_label_issues_f64)},
        {"tq_inspector_create",
         [](Args &a) {
             return tq_inspector_create(a.i64("n_classes"), a.inspector_options("options"),
                                        a.out_inspector("out_inspector"));
         }},
        {"tq_inspector_clone",
         [](Args &a) { return tq_inspector_clone(a.inspector("inspector"), a.out_inspector("out_inspector")); }},
        {"tq_inspector_update_thresholds_f32",
         inspector_update_thresholds<float>(tq_inspector_update_thresholds_f32)},
        {"tq_inspector_update_thresholds_f64",
         inspector_update_thresholds<double>(tq_inspector_update_thresholds_f64)},
        {"tq_inspector_finish_thresholds",
         [](Args &a) { return tq_inspector_finish_thresholds(a.inspector("inspector")); }},
        {"tq_inspector_thresholds",
         [](Args &a) {
             return tq_inspector_thresholds(a.inspector("inspector"), a.out<double>("out_thresholds"),
                                            a.i64("n_classes"));
         }},
        {"tq_inspector_score_f32", inspector_score<float>(tq_inspector_score_f32)},
        {"tq_inspector_score_f64", inspector_score<double>(tq_inspector_score_f64)},
        {"tq_inspector_merge",
         [](Args &a) { return tq_inspector_merge(a.inspector("into"), a.inspector("from")); }},
        {"tq_inspector_counts",
         [](Args &a) {
             return tq_inspector_counts(a.inspector("inspector"), a.out<int64_t>("out_threshold_tokens"),
                                        a.out<int64_t>("out_scored_tokens"));
         }},
        {"tq_inspector_num_label_issues",
         [](Args &a) {
             return tq_inspector_num_label_issues(a.inspector("inspector"), a.out<int64_t>("out_count"));
         }},
        {"tq_inspector_find_label_issues",
         [](Args &a) {
             return tq_inspector_find_label_issues(a.inspector("inspector"), a.out<int64_t>("out_sentences"),
                                                   a.out<int64_t>("out_tokens"), a.i64("capacity"),
                                                   a.out<int64_t>("out_count"));
         }},
        {"tq_inspector_save",  // the explicit form; the keep-bytes form is in run_step
         [](Args &a) {
             return tq_inspector_save(a.inspector("inspector"), a.out<unsigned char>("buffer"),
                                      a.size("capacity"), a.out<size_t>("out_size"));
         }},
        {"tq_inspector_load",
         [](Args &a) {
             const char *buffer = a.bytes("buffer");
             const size_t size = a.has("size") ? a.size("size") : a.last_bytes_size();
             return tq_inspector_load(buffer, size, a.out_inspector("out_inspector"));
         }},
        {"tq_get_sentence",
         [](Args &a) {
             return tq_get_sentence(a.bytes("text"), a.i64("text_size"), a.in<int64_t>("word_offsets"),
                                    a.i64("n_words"), a.out<char>("out_text"), a.i64("capacity"),
                                    a.out<int64_t>("out_size"));
         }},
        {"tq_filter_sentences",
         [](Args &a) {
             if (!a.get("predicate").is_null() || !a.get("user_data").is_null())
                 bad_data("predicate and user_data can only be null");
             return tq_filter_sentences(a.bytes("text"), a.i64("text_size"),
                                        a.in<int64_t>("sentence_offsets"), a.i64("n_sentences"),
                                        nullptr, nullptr, a.out<uint8_t>("out_mask"),
                                        a.out<int64_t>("out_kept"), a.out<int64_t>("out_count"));
         }},
        {"tq_process_token",
         [](Args &a) {
             return tq_process_token(a.bytes("token"), a.i64("token_size"), a.bytes("pairs_text"),
                                     a.i64("pairs_text_size"), a.in<int64_t>("pair_offsets"),
                                     a.i64("n_pairs"), a.out<char>("out_text"), a.i64("capacity"),
                                     a.out<int64_t>("out_size"));
         }},
        {"tq_map_labels",
         [](Args &a) {
             return tq_map_labels(a.in<int32_t>("labels"), a.i64("n_labels"), a.in<int32_t>("maps"),
                                  a.i64("n_maps"), a.out<int32_t>("out_labels"));
         }},
        {"tq_merge_probs_f32", merge_probs<float>(tq_merge_probs_f32)},
        {"tq_merge_probs_f64", merge_probs<double>(tq_merge_probs_f64)},
        {"tq_replace_word",
         [](Args &a) {
             return tq_replace_word(a.bytes("sentence"), a.i64("sentence_size"), a.bytes("word"),
                                    a.i64("word_size"), a.bytes("new_word"), a.i64("new_word_size"),
                                    a.out<char>("out_text"), a.i64("capacity"), a.out<int64_t>("out_size"));
         }},
        {"tq_color_sentence",
         [](Args &a) {
             return tq_color_sentence(a.bytes("sentence"), a.i64("sentence_size"), a.bytes("word"),
                                      a.i64("word_size"), a.bytes("before"), a.bytes("after"),
                                      a.out<char>("out_text"), a.i64("capacity"), a.out<int64_t>("out_size"));
         }},
        {"tq_format_token_scores",
         [](Args &a) {
             return tq_format_token_scores(a.bytes("text"), a.i64("text_size"), a.in<int64_t>("word_offsets"),
                                           a.i64("n_words"), a.in<double>("scores"), a.out<char>("out_text"),
                                           a.i64("capacity"), a.out<int64_t>("out_size"));
         }},
        {"tq_subword_to_word_probs_f32", subword_to_word_probs<float>(tq_subword_to_word_probs_f32)},
        {"tq_subword_to_word_probs_f64", subword_to_word_probs<double>(tq_subword_to_word_probs_f64)},
        {"tq_format_issues_f32", format_issues<float>(tq_format_issues_f32)},
        {"tq_format_issues_f64", format_issues<double>(tq_format_issues_f64)},
        {"tq_common_label_issues_f32", common_label_issues<float>(tq_common_label_issues_f32)},
        {"tq_common_label_issues_f64", common_label_issues<double>(tq_common_label_issues_f64)},
        {"tq_format_common_label_issues_f32", format_common_label_issues<float>(tq_format_common_label_issues_f32)},
        {"tq_format_common_label_issues_f64", format_common_label_issues<double>(tq_format_common_label_issues_f64)},
        {"tq_filter_by_token",
         [](Args &a) {
             return tq_filter_by_token(a.bytes("word"), a.i64("word_size"), a.in<int64_t>("offsets"),
                                       a.i64("n_sentences"), a.bytes("token_text"), a.i64("text_size"),
                                       a.in<int64_t>("token_offsets"), a.i64("n_tokens"),
                                       a.in<int64_t>("issue_sentences"), a.in<int64_t>("issue_tokens"),
                                       a.i64("n_issues"), a.out<int64_t>("out_sentences"),
                                       a.out<int64_t>("out_tokens"), a.out<int64_t>("out_count"));
         }},
        {"tq_score_options_init",
         [](Args &a) { return tq_score_options_init(a.out<tq_score_options>("options")); }},
        {"tq_find_options_init",
         [](Args &a) { return tq_find_options_init(a.out<tq_find_options>("options")); }},
        {"tq_inspector_options_init",
         [](Args &a) { return tq_inspector_options_init(a.out<tq_inspector_options>("options")); }},
        {"tq_format_issues_options_init",
         [](Args &a) { return tq_format_issues_options_init(a.out<tq_format_issues_options>("options")); }},
        {"tq_common_issues_options_init",
         [](Args &a) { return tq_common_issues_options_init(a.out<tq_common_issues_options>("options")); }},
        {"tq_sentence_scores_from_token_scores",
         [](Args &a) {
             return tq_sentence_scores_from_token_scores(
                 a.in<int64_t>("offsets"), a.i64("n_sentences"), a.in<double>("token_scores"),
                 a.i64("n_tokens"), a.score_options("options"), a.out<double>("sentence_scores"));
         }},
        {"tq_issues_from_sentence_scores",
         [](Args &a) {
             return tq_issues_from_sentence_scores(a.in<double>("sentence_scores"), a.i64("n_sentences"),
                                                   a.f64("threshold"), a.out<int64_t>("out_sentences"),
                                                   a.out<int64_t>("out_count"));
         }},
        {"tq_issues_from_token_scores",
         [](Args &a) {
             return tq_issues_from_token_scores(a.in<int64_t>("offsets"), a.i64("n_sentences"),
                                                a.in<double>("token_scores"), a.i64("n_tokens"),
                                                a.f64("threshold"), a.out<int64_t>("out_sentences"),
                                                a.out<int64_t>("out_tokens"), a.out<int64_t>("out_count"));
         }},
    };
    return table;
}

// ---------------------------------------------------------------------------------------
// Running a case
// ---------------------------------------------------------------------------------------

// Compares output `o` with the values the step says were written (a JSON array of its
// first elements; null for a NULL pointer is not an output).
void expect_written(const Output &o, const json &expected, const std::string &where) {
    ASSERT_TRUE(expected.is_array()) << where << ": written." << o.name << " is not an array";
    ASSERT_LE(expected.size(), o.n_elements) << where << ": written." << o.name;
    for (size_t i = 0; i < expected.size(); ++i) {
        const unsigned char *p = o.bytes.data() + i * o.element_size;
        int64_t got = 0;
        if (o.element_size == 8) {
            std::memcpy(&got, p, 8);
        } else if (o.element_size == 4) {
            int32_t v;
            std::memcpy(&v, p, 4);
            got = v;
        } else {
            got = *p;
        }
        EXPECT_EQ(to_i64(expected[i]), got) << where << ": " << o.name << "[" << i << "]";
    }
    for (size_t i = expected.size() * o.element_size; i < o.bytes.size(); ++i)
        ASSERT_EQ(kSentinel, o.bytes[i]) << where << ": " << o.name << " byte " << i
                                         << " was written beyond the expected values";
}

void run_step(const json &s, CaseState &state, const std::string &where) {
    const std::string name = s.at("call").get<std::string>();
    Args args(s.at("args"), state);
    const tq_status expected = status_value(s.at("status").get<std::string>());
    tq_status status;
    if (name == "tq_inspector_save" && args.has("buffer") && args.get("buffer").is_object() &&
        args.get("buffer").contains("bytes")) {
        // Save and keep the bytes under a name (see "Saved inspector state" in the README).
        tq_inspector *inspector = args.inspector("inspector");
        size_t size = 0;
        status = tq_inspector_save(inspector, nullptr, 0, &size);
        if (status == TQ_ERR_BUFFER_TOO_SMALL || status == TQ_OK) {
            std::string bytes(size, '\0');
            status = tq_inspector_save(inspector, &bytes[0], bytes.size(), &size);
            state.saved[args.get("buffer").at("bytes").get<std::string>()] = bytes;
        }
    } else {
        const auto it = calls().find(name);
        if (it == calls().end()) bad_data("unknown call " + name);
        status = it->second(args);
    }
    args.require_all_used();
    const std::string message = tq_last_error_message();
    EXPECT_EQ(tq_status_string(expected), std::string(tq_status_string(status)))
        << where << " " << name << ": status " << status << ", message: " << message;
    if (status != TQ_OK) {
        EXPECT_FALSE(message.empty()) << where << ": no message";
        for (const json &word : s.at("message"))
            EXPECT_NE(std::string::npos, message.find(word.get<std::string>()))
                << where << ": message lacks \"" << word.get<std::string>() << "\": " << message;
    }
    const json written = s.value("written", json::object());
    for (const Output &o : args.outputs()) {
        if (written.contains(o.name)) {
            expect_written(o, written.at(o.name), where);
        } else {
            // On error nothing is written; on success at least nothing past the buffer.
            const size_t from = status == TQ_OK ? o.n_elements * o.element_size : 0;
            for (size_t i = from; i < o.bytes.size(); ++i)
                ASSERT_EQ(kSentinel, o.bytes[i]) << where << ": " << o.name << " byte " << i
                                                 << " was written (status " << status << ")";
        }
    }
    if (!args.new_inspector_name().empty()) {
        if (status == TQ_OK) {
            state.inspectors[args.new_inspector_name()] = args.new_inspector();
        } else {
            EXPECT_EQ(nullptr, args.new_inspector()) << where << ": out_inspector not set to NULL";
        }
    }
}

struct CaseParam {
    size_t index;
    std::string name;
};

std::vector<CaseParam> case_params() {
    std::vector<CaseParam> params;
    try {
        const json &cases = matrix().at("cases");
        for (size_t i = 0; i < cases.size(); ++i)
            params.push_back({i, cases[i].at("name").get<std::string>()});
    } catch (const std::exception &e) {
        params.push_back({SIZE_MAX, std::string("unreadable: ") + e.what()});
    }
    return params;
}

// gtest prints a parameter of a failed test with this.
void PrintTo(const CaseParam &p, std::ostream *os) { *os << p.name; }

std::string test_name(const testing::TestParamInfo<CaseParam> &info) {
    std::string name;
    for (char c : info.param.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return name;
}

class BadInput : public testing::TestWithParam<CaseParam> {};

TEST_P(BadInput, FailsAsExpected) {
    const CaseParam &p = GetParam();
    ASSERT_NE(SIZE_MAX, p.index) << p.name;
    const json &c = matrix().at("cases").at(p.index);
    CaseState state;
    try {
        const json &steps = c.at("steps");
        for (size_t i = 0; i < steps.size(); ++i) {
            run_step(steps[i], state, p.name + " step " + std::to_string(i));
            if (HasFatalFailure()) return;
        }
    } catch (const std::exception &e) {
        FAIL() << p.name << ": bad case data: " << e.what();
    }
}

INSTANTIATE_TEST_SUITE_P(Matrix, BadInput, testing::ValuesIn(case_params()), test_name);

// The runner itself catches each kind of wrong expectation (so no case passes vacuously).
void run_steps_text(const char *steps_json) {
    CaseState state;
    const json steps = json::parse(steps_json);
    for (size_t i = 0; i < steps.size(); ++i) run_step(steps[i], state, "self-test");
}

constexpr const char *kLabelAboveRange = R"([{"call": "tq_map_labels",
    "args": {"labels": [0, 5], "n_labels": 2, "maps": [0, 1], "n_maps": 2,
             "out_labels": {"out": 2}},
    "status": "%s", "message": ["%s"]}])";

std::string with(const char *format, const char *status, const char *word) {
    char text[512];
    std::snprintf(text, sizeof text, format, status, word);
    return text;
}

TEST(BadInputRunner, CatchesAWrongStatus) {
    EXPECT_NONFATAL_FAILURE(
        run_steps_text(with(kLabelAboveRange, "TQ_ERR_INVALID_SIZE", "labels[1] = 5").c_str()),
        "status");
}

TEST(BadInputRunner, CatchesAMissingWord) {
    EXPECT_NONFATAL_FAILURE(
        run_steps_text(with(kLabelAboveRange, "TQ_ERR_INVALID_LABEL", "labels[0]").c_str()),
        "message lacks");
}

TEST(BadInputRunner, CatchesAnUnlistedWrite) {
    // TQ_ERR_BUFFER_TOO_SMALL writes out_size; a case that does not list it must fail.
    EXPECT_FATAL_FAILURE(run_steps_text(R"([{"call": "tq_get_sentence",
        "args": {"text": "ab", "text_size": 2, "word_offsets": [0, 2], "n_words": 1,
                 "out_text": {"out": 1}, "capacity": 1, "out_size": {"out": 1}},
        "status": "TQ_ERR_BUFFER_TOO_SMALL", "message": ["capacity = 1"]}])"),
                         "out_size byte 0 was written");
}

TEST(BadInputRunner, CatchesAnUnreadArgument) {
    EXPECT_THROW(run_steps_text(R"([{"call": "tq_inspector_finish_thresholds",
        "args": {"inspector": null, "n_classes": 2},
        "status": "TQ_ERR_NULL_ARGUMENT", "message": ["inspector"]}])"),
                 std::runtime_error);
}

// The matrix itself: big enough, both layers, every family, and every call the runner
// knows is used by some case (so a table entry cannot rot unused).
TEST(BadInputMatrix, CoversEveryCallAndFamily) {
    const json &data = matrix();
    EXPECT_EQ(1, data.at("version").get<int>());
    const json &cases = data.at("cases");
    EXPECT_GE(cases.size(), 100u);
    std::set<std::string> used, families, layers, names;
    for (const json &c : cases) {
        EXPECT_TRUE(names.insert(c.at("name").get<std::string>()).second) << "duplicate " << c.at("name");
        families.insert(c.at("family").get<std::string>());
        layers.insert(c.at("layer").get<std::string>());
        EXPECT_EQ(c.at("layer") == "raw", c.contains("reason")) << c.at("name");
        for (const json &s : c.at("steps")) used.insert(s.at("call").get<std::string>());
    }
    for (const auto &entry : calls())
        EXPECT_TRUE(used.count(entry.first)) << entry.first << " has no case";
    EXPECT_EQ((std::set<std::string>{"any", "raw"}), layers);
    EXPECT_EQ((std::set<std::string>{"scores", "issues", "find", "inspector", "text", "summary",
                                     "options"}),
              families);
}

}  // namespace
