// Conformance of the text helpers: tokqual against cleanlab 2.9.0's outputs stored in
// tests/conformance/text.json (made by tests/conformance/generate_text.py), on random
// Unicode sentences; plus tokqual's character properties against Python's on every
// code point.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "subword.hpp"
#include "text_test_util.hpp"
#include "utf8.hpp"

using json = nlohmann::json;
using tqtest::Strings;
using tqtest::text_result;
using tqtest::TokenData;

namespace {

constexpr double kTolerance = 1e-12;

const json &data() {
    static const json loaded = [] {
        std::ifstream in(std::string(TQ_CONFORMANCE_DIR) + "/text.json");
        if (!in) throw std::runtime_error("cannot open conformance file text.json");
        return json::parse(in);
    }();
    return loaded;
}

std::string utf8_of(char32_t c) {
    std::string s;
    if (c < 0x80) {
        s += static_cast<char>(c);
    } else if (c < 0x800) {
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        s += static_cast<char>(0xE0 | (c >> 12));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (c >> 18));
        s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s;
}

Strings strings_of(const json &list) { return Strings(list.get<std::vector<std::string>>()); }

}  // namespace

TEST(TextConformance, GeneratedByCleanlab290) {
    EXPECT_EQ("2.9.0", data().at("cleanlab_version").get<std::string>());
}

// Every code point Python 14.0 knows (assigned there, not a surrogate): word character
// (isalnum or '_'), white space (isspace) and lower() agree with tokqual's ICU-based
// functions. Code points whose properties changed in a later Unicode version would be
// listed here as known differences; there are none for the ICU this suite runs with.
TEST(TextConformance, CharacterPropertiesMatchPython) {
    const json &u = data().at("unicode");
    std::vector<bool> assigned(0x110000, false), word(0x110000, false), space(0x110000, false);
    for (const json &r : u.at("assigned_ranges"))
        for (uint32_t c = r[0].get<uint32_t>(); c <= r[1].get<uint32_t>(); ++c) assigned[c] = true;
    for (const json &r : u.at("word_char_ranges"))
        for (uint32_t c = r[0].get<uint32_t>(); c <= r[1].get<uint32_t>(); ++c) word[c] = true;
    for (const json &c : u.at("spaces")) space[c.get<uint32_t>()] = true;
    std::map<uint32_t, std::string> lower;
    for (const auto &item : u.at("lower").items())
        lower[static_cast<uint32_t>(std::stoul(item.key()))] = item.value().get<std::string>();
    int64_t checked = 0, word_differences = 0, space_differences = 0, lower_differences = 0;
    for (uint32_t c = 0; c < 0x110000; ++c) {
        if (!assigned[c] || (c >= 0xD800 && c <= 0xDFFF)) continue;
        ++checked;
        if (tq::is_word_char(c) != word[c]) {
            ++word_differences;
            ADD_FAILURE() << "word character differs at U+" << std::hex << c;
        }
        if (tq::is_space(c) != space[c]) {
            ++space_differences;
            ADD_FAILURE() << "white space differs at U+" << std::hex << c;
        }
        const std::string own = utf8_of(c);
        const auto found = lower.find(c);
        const std::string expected = found == lower.end() ? own : found->second;
        if (tq::python_lower(own) != expected) {
            ++lower_differences;
            ADD_FAILURE() << "lower() differs at U+" << std::hex << c;
        }
    }
    EXPECT_GT(checked, 140000);
    RecordProperty("code_points_checked", static_cast<int>(checked));
    for (const json &pair : u.at("lower_strings"))
        EXPECT_EQ(pair[1].get<std::string>(), tq::python_lower(pair[0].get<std::string>()))
            << pair[0].get<std::string>();
}

TEST(TextConformance, GetSentence) {
    size_t n = 0;
    for (const json &c : data().at("get_sentence")) {
        const Strings words = strings_of(c.at("words"));
        const std::string s = text_result([&](char *out, int64_t capacity, int64_t *size) {
            return tq_get_sentence(words.data(), words.size(), words.offsets.data(), words.count(), out,
                                   capacity, size);
        });
        EXPECT_EQ(c.at("sentence").get<std::string>(), s);
        ++n;
    }
    EXPECT_GT(n, 100u);
}

TEST(TextConformance, FilterSentence) {
    const json &c = data().at("filter_sentence");
    const Strings sentences = strings_of(c.at("sentences"));
    std::vector<uint8_t> mask(static_cast<size_t>(sentences.count()));
    int64_t count = -1;
    ASSERT_EQ(TQ_OK, tq_filter_sentences(sentences.data(), sentences.size(), sentences.offsets.data(),
                                         sentences.count(), nullptr, nullptr, mask.data(), nullptr, &count));
    const auto expected = c.at("mask").get<std::vector<bool>>();
    ASSERT_EQ(expected.size(), mask.size());
    int64_t kept = 0;
    for (size_t i = 0; i < mask.size(); ++i) {
        EXPECT_EQ(expected[i] ? 1 : 0, mask[i]) << c.at("sentences")[i].get<std::string>();
        kept += expected[i];
    }
    EXPECT_EQ(kept, count);
}

TEST(TextConformance, ProcessToken) {
    for (const json &c : data().at("process_token")) {
        const std::string token = c.at("token").get<std::string>();
        Strings pairs;
        int64_t n_pairs = 0;
        if (!c.at("replace").is_null()) {
            for (const json &p : c.at("replace")) {
                pairs.add(p[0].get<std::string>());
                pairs.add(p[1].get<std::string>());
                ++n_pairs;
            }
        }
        const std::string result = text_result([&](char *out, int64_t capacity, int64_t *size) {
            return tq_process_token(token.data(), static_cast<int64_t>(token.size()), pairs.data(), pairs.size(),
                                    pairs.offsets.data(), n_pairs, out, capacity, size);
        });
        EXPECT_EQ(c.at("result").get<std::string>(), result) << token;
    }
}

TEST(TextConformance, ColorSentenceAndReplaceWord) {
    size_t n = 0;
    for (const json &c : data().at("color")) {
        const std::string sentence = c.at("sentence").get<std::string>();
        const std::string word = c.at("word").get<std::string>();
        if (c.contains("colored")) {
            const std::string result = text_result([&](char *out, int64_t capacity, int64_t *size) {
                return tq_color_sentence(sentence.data(), static_cast<int64_t>(sentence.size()), word.data(),
                                         static_cast<int64_t>(word.size()), nullptr, nullptr, out, capacity, size);
            });
            EXPECT_EQ(c.at("colored").get<std::string>(), result) << sentence << " / " << word;
        } else {
            const std::string new_word = c.at("new_word").get<std::string>();
            const std::string result = text_result([&](char *out, int64_t capacity, int64_t *size) {
                return tq_replace_word(sentence.data(), static_cast<int64_t>(sentence.size()), word.data(),
                                       static_cast<int64_t>(word.size()), new_word.data(),
                                       static_cast<int64_t>(new_word.size()), out, capacity, size);
            });
            EXPECT_EQ(c.at("replaced").get<std::string>(), result) << sentence << " / " << word;
        }
        ++n;
    }
    EXPECT_GT(n, 200u);
}

TEST(TextConformance, MappingAndMergeProbs) {
    for (const json &c : data().at("mapping")) {
        const auto labels = c.at("labels").get<std::vector<int32_t>>();
        const auto maps = c.at("maps").get<std::vector<int32_t>>();
        std::vector<int32_t> out(labels.size(), 99);
        ASSERT_EQ(TQ_OK, tq_map_labels(labels.data(), static_cast<int64_t>(labels.size()), maps.data(),
                                       static_cast<int64_t>(maps.size()), out.data()));
        EXPECT_EQ(c.at("mapped").get<std::vector<int32_t>>(), out);
    }
    for (const json &c : data().at("merge_probs")) {
        const auto probs = c.at("pred_probs").get<std::vector<double>>();
        const auto maps = c.at("maps").get<std::vector<int32_t>>();
        const auto expected = c.at("merged").get<std::vector<double>>();
        const int64_t k = c.at("n_classes").get<int64_t>();
        const int64_t width = c.at("n_merged_classes").get<int64_t>();
        const int64_t n = static_cast<int64_t>(probs.size()) / k;
        std::vector<double> out(expected.size());
        ASSERT_EQ(TQ_OK, tq_merge_probs_f64(probs.data(), n, k, maps.data(), width, out.data()))
            << tq_last_error_message();
        for (size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(expected[i], out[i], kTolerance);
        if (c.at("dtype").get<std::string>() == "float32") {
            // The stored values are exact floats; the result is rounded to float once.
            const std::vector<float> probs32(probs.begin(), probs.end());
            std::vector<float> out32(expected.size());
            ASSERT_EQ(TQ_OK, tq_merge_probs_f32(probs32.data(), n, k, maps.data(), width, out32.data()));
            for (size_t i = 0; i < out32.size(); ++i)
                EXPECT_NEAR(expected[i], static_cast<double>(out32[i]), 1e-7);
        }
    }
}

TEST(TextConformance, SubwordToWordProbs) {
    for (const json &c : data().at("subword")) {
        const auto probs = c.at("subword_probs").get<std::vector<double>>();
        const auto begin = c.at("word_begin").get<std::vector<int64_t>>();
        const auto end = c.at("word_end").get<std::vector<int64_t>>();
        const auto expected = c.at("word_probs").get<std::vector<double>>();
        const int64_t k = c.at("n_classes").get<int64_t>();
        std::vector<double> weights;
        if (!c.at("weights").is_null()) weights = c.at("weights").get<std::vector<double>>();
        std::vector<double> out(expected.size());
        ASSERT_EQ(TQ_OK, tq_subword_to_word_probs_f64(probs.data(), static_cast<int64_t>(probs.size()) / k, k,
                                                      begin.data(), end.data(), static_cast<int64_t>(begin.size()),
                                                      weights.empty() ? nullptr : weights.data(),
                                                      static_cast<int64_t>(weights.size()), out.data()))
            << tq_last_error_message();
        for (size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(expected[i], out[i], kTolerance);
    }
}

namespace {

struct Dataset {
    TokenData tokens;
    std::vector<int32_t> labels;
    std::vector<double> probs;
    int64_t n_classes;
    std::vector<int64_t> issue_sentences, issue_tokens;
    Strings class_names;
    bool has_class_names;
    std::vector<int32_t> exclude;

    explicit Dataset(const json &c) {
        const auto all = c.at("tokens").get<std::vector<std::string>>();
        const auto offsets = c.at("offsets").get<std::vector<int64_t>>();
        for (size_t s = 0; s + 1 < offsets.size(); ++s)
            tokens.add_sentence(std::vector<std::string>(all.begin() + offsets[s], all.begin() + offsets[s + 1]));
        labels = c.at("labels").get<std::vector<int32_t>>();
        probs = c.at("pred_probs").get<std::vector<double>>();
        n_classes = c.at("n_classes").get<int64_t>();
        for (const json &i : c.at("issues")) {
            issue_sentences.push_back(i[0].get<int64_t>());
            issue_tokens.push_back(i[1].get<int64_t>());
        }
        has_class_names = !c.at("class_names").is_null();
        if (has_class_names) class_names = strings_of(c.at("class_names"));
        for (const json &e : c.at("exclude")) {
            exclude.push_back(e[0].get<int32_t>());
            exclude.push_back(e[1].get<int32_t>());
        }
    }
    int64_t n_issues() const { return static_cast<int64_t>(issue_sentences.size()); }
    std::string token_text(int64_t t) const {
        const auto &o = tokens.tokens.offsets;
        return tokens.tokens.text.substr(static_cast<size_t>(o[static_cast<size_t>(t)]),
                                         static_cast<size_t>(o[static_cast<size_t>(t) + 1] - o[static_cast<size_t>(t)]));
    }
};

}  // namespace

TEST(TextConformance, DisplayIssues) {
    size_t n = 0;
    for (const json &c : data().at("datasets")) {
        const Dataset d(c);
        const TokenData &t = d.tokens;
        tq_format_issues_options o;
        tq_format_issues_options_init(&o);
        o.top = c.at("top_display").get<int64_t>();
        for (const json &v : c.at("display")) {
            const bool labels = v.at("labels").get<bool>(), probs = v.at("pred_probs").get<bool>(),
                       names = v.at("class_names").get<bool>();
            const std::string text = text_result([&](char *out, int64_t capacity, int64_t *size) {
                return tq_format_issues_f64(
                    t.offsets.data(), t.n_sentences(), t.tokens.data(), t.tokens.size(), t.tokens.offsets.data(),
                    t.n_tokens(), d.issue_sentences.data(), d.issue_tokens.data(), d.n_issues(),
                    labels ? d.labels.data() : nullptr, probs ? d.probs.data() : nullptr, d.n_classes,
                    names ? d.class_names.data() : nullptr, d.class_names.size(),
                    names ? d.class_names.offsets.data() : nullptr, d.exclude.empty() ? nullptr : d.exclude.data(),
                    static_cast<int64_t>(d.exclude.size() / 2), &o, out, capacity, size);
            });
            EXPECT_EQ(v.at("text").get<std::string>(), text) << "seed " << c.at("seed") << " " << v.dump();
            ++n;
        }
        const json &v = c.at("display_sentences");
        const auto sentences = v.at("issues").get<std::vector<int64_t>>();
        const bool with_labels = v.at("labels").get<bool>();
        const std::string text = text_result([&](char *out, int64_t capacity, int64_t *size) {
            return tq_format_issues_f64(t.offsets.data(), t.n_sentences(), t.tokens.data(), t.tokens.size(),
                                        t.tokens.offsets.data(), t.n_tokens(), sentences.data(), nullptr,
                                        static_cast<int64_t>(sentences.size()),
                                        with_labels ? d.labels.data() : nullptr, nullptr, d.n_classes, nullptr, 0,
                                        nullptr, nullptr, 0, &o, out, capacity, size);
        });
        EXPECT_EQ(v.at("text").get<std::string>(), text) << "seed " << c.at("seed");
    }
    EXPECT_GT(n, 100u);
}

TEST(TextConformance, CommonLabelIssues) {
    size_t n = 0;
    for (const json &c : data().at("datasets")) {
        const Dataset d(c);
        const TokenData &t = d.tokens;
        for (const json &v : c.at("common")) {
            const bool swaps = v.at("swaps").get<bool>(), names = v.at("class_names").get<bool>();
            const int32_t *labels = swaps ? d.labels.data() : nullptr;
            const double *probs = swaps ? d.probs.data() : nullptr;
            const int32_t *exclude = swaps && !d.exclude.empty() ? d.exclude.data() : nullptr;
            const int64_t n_exclude = swaps ? static_cast<int64_t>(d.exclude.size() / 2) : 0;
            tq_common_issues_options o;
            tq_common_issues_options_init(&o);
            o.top = c.at("top_common").get<int64_t>();
            o.verbose = v.at("verbose").get<bool>() ? 1 : 0;
            const std::string text = text_result([&](char *out, int64_t capacity, int64_t *size) {
                return tq_format_common_label_issues_f64(
                    t.offsets.data(), t.n_sentences(), t.tokens.data(), t.tokens.size(), t.tokens.offsets.data(),
                    t.n_tokens(), d.issue_sentences.data(), d.issue_tokens.data(), d.n_issues(), labels, probs,
                    d.n_classes, names ? d.class_names.data() : nullptr, d.class_names.size(),
                    names ? d.class_names.offsets.data() : nullptr, exclude, n_exclude, &o, out, capacity, size);
            });
            EXPECT_EQ(v.at("text").get<std::string>(), text) << "seed " << c.at("seed") << " " << v.at("swaps");

            const size_t cap = d.issue_sentences.size();
            std::vector<int64_t> words(cap), counts(cap);
            std::vector<int32_t> given(cap), predicted(cap);
            int64_t count = -1;
            ASSERT_EQ(TQ_OK, tq_common_label_issues_f64(
                                 t.offsets.data(), t.n_sentences(), t.tokens.data(), t.tokens.size(),
                                 t.tokens.offsets.data(), t.n_tokens(), d.issue_sentences.data(),
                                 d.issue_tokens.data(), d.n_issues(), labels, probs, d.n_classes, exclude, n_exclude,
                                 words.data(), given.data(), predicted.data(), counts.data(), &count))
                << tq_last_error_message();
            const json &rows = v.at("rows");
            ASSERT_EQ(static_cast<int64_t>(rows.size()), count) << "seed " << c.at("seed");
            for (int64_t r = 0; r < count; ++r) {
                EXPECT_EQ(rows[r][0].get<std::string>(), d.token_text(words[r]));
                EXPECT_EQ(rows[r][1].get<int32_t>(), given[r]);
                EXPECT_EQ(rows[r][2].get<int32_t>(), predicted[r]);
                EXPECT_EQ(rows[r][3].get<int64_t>(), counts[r]);
            }
            ++n;
        }
    }
    EXPECT_GT(n, 100u);
}

TEST(TextConformance, FilterByToken) {
    size_t n = 0;
    for (const json &c : data().at("datasets")) {
        const Dataset d(c);
        const TokenData &t = d.tokens;
        for (const json &q : c.at("filter_by_token")) {
            const std::string word = q.at("word").get<std::string>();
            const size_t cap = d.issue_sentences.size();
            std::vector<int64_t> s(cap), k(cap);
            int64_t count = -1;
            ASSERT_EQ(TQ_OK, tq_filter_by_token(word.data(), static_cast<int64_t>(word.size()), t.offsets.data(),
                                                t.n_sentences(), t.tokens.data(), t.tokens.size(),
                                                t.tokens.offsets.data(), t.n_tokens(), d.issue_sentences.data(),
                                                d.issue_tokens.data(), d.n_issues(), s.data(), k.data(), &count));
            const json &expected = q.at("issues");
            ASSERT_EQ(static_cast<int64_t>(expected.size()), count) << word;
            for (int64_t i = 0; i < count; ++i) {
                EXPECT_EQ(expected[i][0].get<int64_t>(), s[i]);
                EXPECT_EQ(expected[i][1].get<int64_t>(), k[i]);
            }
            ++n;
        }
    }
    EXPECT_GT(n, 100u);
}

// cleanlab's get_label_quality_scores(..., tokens=...) Series, scored by tokqual and
// written by tq_format_token_scores.
TEST(TextConformance, AnnotatedTokenScores) {
    for (const json &c : data().at("datasets")) {
        const Dataset d(c);
        const TokenData &t = d.tokens;
        std::vector<double> sentence_scores(static_cast<size_t>(t.n_sentences()));
        std::vector<double> token_scores(static_cast<size_t>(t.n_tokens()));
        ASSERT_EQ(TQ_OK, tq_label_quality_scores_f64(t.offsets.data(), t.n_sentences(), d.labels.data(),
                                                     d.probs.data(), t.n_tokens(), d.n_classes, nullptr,
                                                     sentence_scores.data(), token_scores.data()));
        const json &expected = c.at("token_scores_text");
        for (int64_t s = 0; s < t.n_sentences(); ++s) {
            const int64_t first = t.offsets[static_cast<size_t>(s)];
            const int64_t n_words = t.offsets[static_cast<size_t>(s) + 1] - first;
            const std::string text = text_result([&](char *out, int64_t capacity, int64_t *size) {
                return tq_format_token_scores(t.tokens.data(), t.tokens.size(),
                                              t.tokens.offsets.data() + first, n_words,
                                              token_scores.data() + first, out, capacity, size);
            });
            EXPECT_EQ(expected[static_cast<size_t>(s)].get<std::string>(), text);
        }
    }
}

TEST(TextConformance, PythonFloatRepr) {
    EXPECT_EQ("0.1", tq::python_float_repr(0.1));
    EXPECT_EQ("1e-05", tq::python_float_repr(1e-05));
    EXPECT_EQ("0.0001", tq::python_float_repr(0.0001));
    EXPECT_EQ("1.0", tq::python_float_repr(1.0));
    EXPECT_EQ("0.0", tq::python_float_repr(0.0));
    EXPECT_EQ("-0.0", tq::python_float_repr(-0.0));
    EXPECT_EQ("1234567890123456.0", tq::python_float_repr(1234567890123456.0));
    EXPECT_EQ("1e+16", tq::python_float_repr(1e16));
    EXPECT_EQ("1.5e+300", tq::python_float_repr(1.5e300));
    EXPECT_EQ("5e-324", tq::python_float_repr(5e-324));
    EXPECT_EQ("0.30000000000000004", tq::python_float_repr(0.1 + 0.2));
    EXPECT_EQ("-2.5e-07", tq::python_float_repr(-2.5e-07));
    EXPECT_EQ("123.456", tq::python_float_repr(123.456));
}
