// Text helpers of cleanlab.internal.token_classification_utils through the C API:
// get_sentence, filter_sentence, process_token, mapping, merge_probs, color_sentence
// and _replace_sentence. Expected values are those of cleanlab's docstrings and of
// cleanlab's own unit tests (tests/test_token_classification.py), byte for byte.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "text_test_util.hpp"
#include "tokqual/tokqual.h"

using tqtest::expect_text_error;
using tqtest::red;
using tqtest::Strings;
using tqtest::text_result;

namespace {

std::string sentence_of(const Strings &words) {
    return text_result([&](char *out, int64_t capacity, int64_t *size) {
        return tq_get_sentence(words.data(), words.size(), words.offsets.data(), words.count(),
                               out, capacity, size);
    });
}

std::string colored(const std::string &sentence, const std::string &word,
                    const char *before = nullptr, const char *after = nullptr) {
    return text_result([&](char *out, int64_t capacity, int64_t *size) {
        return tq_color_sentence(sentence.data(), static_cast<int64_t>(sentence.size()),
                                 word.data(), static_cast<int64_t>(word.size()), before, after,
                                 out, capacity, size);
    });
}

std::string replaced(const std::string &sentence, const std::string &word,
                     const std::string &new_word) {
    return text_result([&](char *out, int64_t capacity, int64_t *size) {
        return tq_replace_word(sentence.data(), static_cast<int64_t>(sentence.size()), word.data(),
                               static_cast<int64_t>(word.size()), new_word.data(),
                               static_cast<int64_t>(new_word.size()), out, capacity, size);
    });
}

// process_token with (find, replace) pairs; no pairs = the default.
std::string processed(const std::string &token,
                      const std::vector<std::pair<std::string, std::string>> &pairs) {
    Strings list;
    for (const auto &p : pairs) {
        list.add(p.first);
        list.add(p.second);
    }
    return text_result([&](char *out, int64_t capacity, int64_t *size) {
        return tq_process_token(token.data(), static_cast<int64_t>(token.size()),
                                pairs.empty() ? nullptr : list.data(), list.size(),
                                pairs.empty() ? nullptr : list.offsets.data(),
                                static_cast<int64_t>(pairs.size()), out, capacity, size);
    });
}

struct FilterResult {
    std::vector<uint8_t> mask;
    std::vector<int64_t> kept;
};

FilterResult filtered(const Strings &sentences, tq_sentence_predicate predicate = nullptr,
                      void *user_data = nullptr) {
    FilterResult r;
    r.mask.assign(static_cast<size_t>(sentences.count()), 7);
    r.kept.assign(static_cast<size_t>(sentences.count()), -1);
    int64_t count = -1;
    EXPECT_EQ(TQ_OK, tq_filter_sentences(sentences.data(), sentences.size(),
                                         sentences.offsets.data(), sentences.count(), predicate,
                                         user_data, r.mask.data(), r.kept.data(), &count))
        << tq_last_error_message();
    r.kept.resize(static_cast<size_t>(count));
    return r;
}

}  // namespace

// ---------------------------------------------------------------------------------
// get_sentence
// ---------------------------------------------------------------------------------

TEST(GetSentence, DocstringExample) {
    EXPECT_EQ("This is a sentence.", sentence_of({"This", "is", "a", "sentence", "."}));
}

TEST(GetSentence, CleanlabUnitTests) {
    EXPECT_EQ("Hello World", sentence_of({"Hello", "World"}));
    EXPECT_EQ("#I love Cleanlab", sentence_of({"#I", "love", "Cleanlab"}));
    EXPECT_EQ("A", sentence_of({"A"}));
    EXPECT_EQ("Heading - Title", sentence_of({"Heading", "-", "Title"}));
    EXPECT_EQ("Some reason (Explanation)", sentence_of({"Some", "reason", "(", "Explanation", ")"}));
}

TEST(GetSentence, PunctuationIsASubstringTest) {
    // "()" and ",-." are substrings of string.punctuation; "..." is not.
    EXPECT_EQ("x()", sentence_of({"x", "()"}));
    EXPECT_EQ("x,-.", sentence_of({"x", ",-."}));
    EXPECT_EQ("x ...", sentence_of({"x", "..."}));
    EXPECT_EQ("x", sentence_of({"", "x", ""}));  // "" is "in" every string
    EXPECT_EQ("", sentence_of({}));
    EXPECT_EQ("don't", sentence_of({"don", "'t"}));
    EXPECT_EQ("(' x", sentence_of({"(", "'", "x"}));
    // Unicode white space is stripped at the ends only.
    EXPECT_EQ("a", sentence_of({"\u3000", "a", "\u00a0"}));
    EXPECT_EQ("a \u3000 b", sentence_of({"a", "\u3000", "b"}));
}

TEST(GetSentence, WordOffsetsNeedNotStartAtZero) {
    const std::string text = "xxHelloWorld";
    const int64_t word_offsets[] = {2, 7, 12};
    const std::string s = text_result([&](char *out, int64_t capacity, int64_t *size) {
        return tq_get_sentence(text.data(), static_cast<int64_t>(text.size()), word_offsets, 2, out,
                               capacity, size);
    });
    EXPECT_EQ("Hello World", s);
}

TEST(GetSentence, Errors) {
    const std::string text = "ab\xff";
    const int64_t good[] = {0, 1, 2};
    const int64_t outside[] = {0, 1, 9};
    const int64_t decreasing[] = {0, 2, 1};
    const int64_t bad_utf8[] = {0, 2, 3};
    const int64_t negative[] = {-1, 2, 3};
    auto call = [&](const int64_t *offsets, int64_t n = 2) {
        return [&text, offsets, n](char *out, int64_t capacity, int64_t *size) {
            return tq_get_sentence(text.data(), static_cast<int64_t>(text.size()), offsets, n, out,
                                   capacity, size);
        };
    };
    expect_text_error(TQ_ERR_INVALID_OFFSETS, "word_offsets[2] = 9 is outside the text [0, text_size = 3]",
                      call(outside));
    expect_text_error(TQ_ERR_INVALID_OFFSETS, "word_offsets[2] = 1 is less than word_offsets[1] = 2",
                      call(decreasing));
    expect_text_error(TQ_ERR_INVALID_OFFSETS, "word_offsets[0] = -1", call(negative));
    expect_text_error(TQ_ERR_INVALID_VALUE,
                      "word 1 (bytes [2, 3) of text) is not valid UTF-8: ill-formed sequence at byte 2 (0xFF)",
                      call(bad_utf8));
    expect_text_error(TQ_ERR_NULL_ARGUMENT, "word_offsets is NULL", call(nullptr));
    expect_text_error(TQ_ERR_INVALID_SIZE, "n_words = -1 is negative", call(good, -1));
    expect_text_error(TQ_ERR_NULL_ARGUMENT, "text is NULL", [&](char *out, int64_t c, int64_t *s) {
        return tq_get_sentence(nullptr, 3, good, 2, out, c, s);
    });
    expect_text_error(TQ_ERR_INVALID_SIZE, "capacity = -1 is negative", [&](char *, int64_t, int64_t *s) {
        return tq_get_sentence(text.data(), 3, good, 2, nullptr, -1, s);
    });
    expect_text_error(TQ_ERR_NULL_ARGUMENT, "out_text is NULL", [&](char *, int64_t c, int64_t *s) {
        return tq_get_sentence(text.data(), 3, good, 2, nullptr, c, s);
    });
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_get_sentence(text.data(), 3, good, 2, nullptr, 0, nullptr));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("out_size is NULL"));
}

TEST(GetSentence, IllFormedUtf8Variants) {
    // Overlong, surrogate, above U+10FFFF, truncated, stray continuation byte.
    for (const std::string bad : {"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                  "\xe6\x97", "\x80", "\xf5\x80\x80\x80"}) {
        const int64_t offsets[] = {0, static_cast<int64_t>(bad.size())};
        int64_t size = -5;
        char out[16];
        EXPECT_EQ(TQ_ERR_INVALID_VALUE,
                  tq_get_sentence(bad.data(), static_cast<int64_t>(bad.size()), offsets, 1, out,
                                  sizeof out, &size));
        EXPECT_EQ(-5, size);
    }
    // A token boundary inside a code point makes both tokens ill-formed.
    const std::string text = "日";
    const int64_t split[] = {0, 1, 3};
    int64_t size = -5;
    char out[16];
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_get_sentence(text.data(), 3, split, 2, out, sizeof out, &size));
}

// ---------------------------------------------------------------------------------
// filter_sentence
// ---------------------------------------------------------------------------------

namespace {
int longer_than_two_words(const char *sentence, int64_t, int64_t, void *) {
    // Python's len(x.split()) > 2 for ASCII text.
    int words = 0;
    bool in_word = false;
    for (const char *p = sentence; *p != '\0'; ++p) {
        const bool space = *p == ' ';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words > 2;
}

int longer_than_one(const char *, int64_t size, int64_t, void *) { return size > 1; }
int no_hash(const char *sentence, int64_t, int64_t, void *) {
    return std::string(sentence).find('#') == std::string::npos;
}

struct Recorder {
    std::vector<int64_t> indices;
    std::vector<std::string> sentences;
};
int record(const char *sentence, int64_t size, int64_t index, void *user_data) {
    auto *r = static_cast<Recorder *>(user_data);
    r->indices.push_back(index);
    r->sentences.emplace_back(sentence, static_cast<size_t>(size));
    EXPECT_EQ('\0', sentence[size]);
    return index % 2 == 0;
}
}  // namespace

TEST(FilterSentences, DocstringExamples) {
    const FilterResult longer = filtered({"Short sentence.", "This is a longer sentence."},
                                         &longer_than_two_words);
    EXPECT_EQ((std::vector<int64_t>{1}), longer.kept);
    const FilterResult d = filtered({"# Headline", "Sentence 1.", "&", "Sentence 2."});
    EXPECT_EQ((std::vector<uint8_t>{0, 1, 0, 1}), d.mask);
    EXPECT_EQ((std::vector<int64_t>{1, 3}), d.kept);
}

TEST(FilterSentences, CleanlabUnitTests) {
    const Strings sentences{"Hello World", "#I love Cleanlab", "A"};
    FilterResult r = filtered(sentences);
    EXPECT_EQ((std::vector<uint8_t>{1, 0, 0}), r.mask);
    EXPECT_EQ((std::vector<int64_t>{0}), r.kept);
    r = filtered(sentences, &longer_than_one);
    EXPECT_EQ((std::vector<uint8_t>{1, 1, 0}), r.mask);
    r = filtered(sentences, &no_hash);
    EXPECT_EQ((std::vector<uint8_t>{1, 0, 1}), r.mask);
    EXPECT_EQ((std::vector<int64_t>{0, 2}), r.kept);
}

TEST(FilterSentences, DefaultCountsCodePointsAndPredicateGetsUserData) {
    // "é" is 2 bytes but 1 code point: dropped, as Python's len("é") == 1.
    const FilterResult r = filtered({"é", "日本", "😀", "a#", ""});
    EXPECT_EQ((std::vector<uint8_t>{0, 1, 0, 0, 0}), r.mask);
    Recorder recorder;
    const FilterResult q = filtered({"a", "bb", "ccc"}, &record, &recorder);
    EXPECT_EQ((std::vector<int64_t>{0, 1, 2}), recorder.indices);
    EXPECT_EQ((std::vector<std::string>{"a", "bb", "ccc"}), recorder.sentences);
    EXPECT_EQ((std::vector<int64_t>{0, 2}), q.kept);
}

TEST(FilterSentences, OptionalOutputsAndErrors) {
    const Strings s{"Hello World", "A"};
    int64_t count = -1;
    EXPECT_EQ(TQ_OK, tq_filter_sentences(s.data(), s.size(), s.offsets.data(), 2, nullptr, nullptr,
                                         nullptr, nullptr, &count));
    EXPECT_EQ(1, count);
    uint8_t mask[2] = {7, 7};
    int64_t kept[2] = {-1, -1};
    count = -1;
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_filter_sentences(s.data(), s.size(), s.offsets.data(), 2,
                                                        nullptr, nullptr, mask, kept, nullptr));
    const std::string bad = "ok\xc3";
    const int64_t offsets[] = {0, 2, 3};
    EXPECT_EQ(TQ_ERR_INVALID_VALUE,
              tq_filter_sentences(bad.data(), 3, offsets, 2, nullptr, nullptr, mask, kept, &count));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("sentence 1"));
    EXPECT_EQ(7, mask[0]);
    EXPECT_EQ(-1, kept[0]);
    EXPECT_EQ(-1, count);
}

// ---------------------------------------------------------------------------------
// process_token
// ---------------------------------------------------------------------------------

TEST(ProcessToken, DocstringExamples) {
    EXPECT_EQ("Comment", processed("#Comment", {}));
    EXPECT_EQ("aleCnlCb", processed("Cleanlab", {{"C", "a"}, {"a", "C"}}));
}

TEST(ProcessToken, CleanlabUnitTests) {
    EXPECT_EQ("aleanlab", processed("Cleanlab", {{"C", "a"}}));
    EXPECT_EQ("aleCnlCb", processed("Cleanlab", {{"C", "a"}, {"a", "C"}}));
}

TEST(ProcessToken, FirstListedAlternativeWinsAndDuplicatesKeepLastValue) {
    EXPECT_EQ("bbb", processed("aaa", {{"a", "b"}, {"aa", "c"}}));
    EXPECT_EQ("cb", processed("aaa", {{"aa", "c"}, {"a", "b"}}));
    EXPECT_EQ("323", processed("aXa", {{"a", "1"}, {"X", "2"}, {"a", "3"}}));
    EXPECT_EQ("日ほん語", processed("日本語", {{"本", "ほん"}, {"本語x", "x"}}));
    EXPECT_EQ("ing", processed("##ing", {}));
    EXPECT_EQ("", processed("", {{"a", "b"}}));
}

TEST(ProcessToken, Errors) {
    const std::string token = "abc";
    const Strings empty_find{"", "x"};
    expect_text_error(TQ_ERR_INVALID_VALUE, "the find string of pair 0", [&](char *o, int64_t c, int64_t *s) {
        return tq_process_token(token.data(), 3, empty_find.data(), empty_find.size(),
                                empty_find.offsets.data(), 1, o, c, s);
    });
    const Strings one_pair{"a", "b"};
    expect_text_error(TQ_ERR_NULL_ARGUMENT, "pair_offsets is NULL", [&](char *o, int64_t c, int64_t *s) {
        return tq_process_token(token.data(), 3, one_pair.data(), one_pair.size(), nullptr, 1, o, c, s);
    });
    expect_text_error(TQ_ERR_INVALID_SIZE, "n_pairs = -1", [&](char *o, int64_t c, int64_t *s) {
        return tq_process_token(token.data(), 3, nullptr, 0, nullptr, -1, o, c, s);
    });
    expect_text_error(TQ_ERR_INVALID_VALUE, "token is not valid UTF-8", [&](char *o, int64_t c, int64_t *s) {
        return tq_process_token("a\xff", 2, nullptr, 0, nullptr, 0, o, c, s);
    });
}

// ---------------------------------------------------------------------------------
// mapping and merge_probs
// ---------------------------------------------------------------------------------

TEST(MapLabels, DocstringAndCleanlabUnitTests) {
    const int32_t maps[] = {0, 1, 1, 2, 2};
    const int32_t ids[] = {0, 1, 2, 3, 4};
    int32_t out[8];
    ASSERT_EQ(TQ_OK, tq_map_labels(ids, 5, maps, 5, out));
    EXPECT_EQ((std::vector<int32_t>{0, 1, 1, 2, 2}), std::vector<int32_t>(out, out + 5));
    const int32_t labels[] = {0, 0, 4, 4, 3, 4, 0, 2};
    ASSERT_EQ(TQ_OK, tq_map_labels(labels, 8, maps, 5, out));
    EXPECT_EQ((std::vector<int32_t>{0, 0, 2, 2, 2, 2, 0, 1}), std::vector<int32_t>(out, out + 8));
    // cleanlab's tests: maps = [0, 1, 0, 1] on the labels [[0, 0], [1, 1, 1], [2]].
    const int32_t test_maps[] = {0, 1, 0, 1};
    int32_t in_place[] = {0, 0, 1, 1, 1, 2};
    ASSERT_EQ(TQ_OK, tq_map_labels(in_place, 6, test_maps, 4, in_place));
    EXPECT_EQ((std::vector<int32_t>{0, 0, 1, 1, 1, 0}), std::vector<int32_t>(in_place, in_place + 6));
}

TEST(MapLabels, Errors) {
    const int32_t maps[] = {0, 1};
    const int32_t labels[] = {0, 2};
    int32_t out[2] = {9, 9};
    EXPECT_EQ(TQ_ERR_INVALID_LABEL, tq_map_labels(labels, 2, maps, 2, out));
    EXPECT_NE(std::string::npos,
              std::string(tq_last_error_message()).find("labels[1] = 2 is outside [0, n_maps = 2)"));
    const int32_t negative[] = {-1};
    EXPECT_EQ(TQ_ERR_INVALID_LABEL, tq_map_labels(negative, 1, maps, 2, out));
    EXPECT_EQ(9, out[0]);
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_map_labels(labels, 2, nullptr, 2, out));
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_map_labels(labels, -1, maps, 2, out));
    EXPECT_EQ(TQ_OK, tq_map_labels(nullptr, 0, nullptr, 0, nullptr));
}

namespace {
void expect_near_rows(const std::vector<double> &expected, const std::vector<double> &actual) {
    ASSERT_EQ(expected.size(), actual.size());
    for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(expected[i], actual[i], 1e-12) << i;
}

std::vector<double> merged(const std::vector<double> &probs, int64_t k, const std::vector<int32_t> &maps,
                           int64_t width) {
    const int64_t n = static_cast<int64_t>(probs.size()) / k;
    std::vector<double> out(static_cast<size_t>(n * width), -1.0);
    EXPECT_EQ(TQ_OK, tq_merge_probs_f64(probs.data(), n, k, maps.data(), width, out.data()))
        << tq_last_error_message();
    // The float variant agrees to float precision.
    const std::vector<float> probs32(probs.begin(), probs.end());
    std::vector<float> out32(out.size(), -1.0f);
    EXPECT_EQ(TQ_OK, tq_merge_probs_f32(probs32.data(), n, k, maps.data(), width, out32.data()));
    for (size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(out[i], out32[i], 1e-6);
    return out;
}
}  // namespace

TEST(MergeProbs, DocstringExample) {
    const std::vector<double> probs = {0.55, 0.0125, 0.0375, 0.1, 0.3, 0.1, 0.8, 0, 0.075, 0.025};
    expect_near_rows({0.55, 0.05, 0.4, 0.1, 0.8, 0.1}, merged(probs, 5, {0, 1, 1, 2, 2}, 3));
}

TEST(MergeProbs, CleanlabUnitTests) {
    const std::vector<double> p0 = {0.9, 0.1, 0, 0.6, 0.2, 0.2};
    const std::vector<double> p1 = {0.1, 0, 0.9, 0.1, 0.8, 0.1, 0.1, 0.8, 0.1};
    const std::vector<double> p2 = {0.1, 0.1, 0.8};
    // The tests pass 4 maps for 3 columns; only the first 3 are read.
    const std::vector<int32_t> maps = {0, 1, 0};
    expect_near_rows({0.9, 0.1, 0.8, 0.2}, merged(p0, 3, maps, 2));
    expect_near_rows({1.0, 0.0, 0.2, 0.8, 0.2, 0.8}, merged(p1, 3, maps, 2));
    expect_near_rows({0.9, 0.1}, merged(p2, 3, maps, 2));
    // With normalization: [-1, 1, 0, 1] and [0, -1, 0, 1].
    const std::vector<int32_t> drop0 = {-1, 1, 0};
    expect_near_rows({0.0, 1.0, 0.5, 0.5}, merged(p0, 3, drop0, 2));
    expect_near_rows({1.0, 0.0, 1.0 / 9, 8.0 / 9, 1.0 / 9, 8.0 / 9}, merged(p1, 3, drop0, 2));
    expect_near_rows({8.0 / 9, 1.0 / 9}, merged(p2, 3, drop0, 2));
    const std::vector<int32_t> drop1 = {0, -1, 0};
    expect_near_rows({1.0, 1.0}, merged(p0, 3, drop1, 1));
    expect_near_rows({1.0, 1.0, 1.0}, merged(p1, 3, drop1, 1));
}

TEST(MergeProbs, Errors) {
    const double probs[] = {0.5, 0.5, 0.0, 1.0};
    double out[4] = {-1, -1, -1, -1};
    const int32_t keeps_second[] = {-1, 0};
    const int32_t keeps_first[] = {0, -1};
    // Row 1 has no mass left in the kept column: cleanlab would give NaN.
    EXPECT_EQ(TQ_ERR_INVALID_PROBABILITY, tq_merge_probs_f64(probs, 2, 2, keeps_first, 1, out));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("pred_probs[1] has kept mass 0"));
    EXPECT_EQ(-1, out[0]);
    EXPECT_EQ(TQ_OK, tq_merge_probs_f64(probs, 2, 2, keeps_second, 1, out));
    EXPECT_EQ(1.0, out[0]);
    EXPECT_EQ(1.0, out[1]);
    const int32_t all_dropped[] = {-1, -1};
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_merge_probs_f64(probs, 2, 2, all_dropped, 0, out));
    const int32_t below[] = {-2, 0};
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_merge_probs_f64(probs, 2, 2, below, 1, out));
    EXPECT_NE(std::string::npos, std::string(tq_last_error_message()).find("maps[0] = -2"));
    const int32_t wide[] = {0, 3};
    EXPECT_EQ(TQ_ERR_INVALID_SIZE, tq_merge_probs_f64(probs, 2, 2, wide, 2, out));
    EXPECT_NE(std::string::npos,
              std::string(tq_last_error_message()).find("n_merged_classes = 2 but max(maps) + 1 = 4"));
    const double nan_probs[] = {0.5, NAN};
    EXPECT_EQ(TQ_ERR_INVALID_PROBABILITY, tq_merge_probs_f64(nan_probs, 1, 2, keeps_second, 1, out));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_merge_probs_f64(probs, 2, 2, nullptr, 1, out));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_merge_probs_f64(probs, 2, 2, keeps_second, 1, nullptr));
    EXPECT_EQ(-1, out[2]);
}

// ---------------------------------------------------------------------------------
// color_sentence and replace_word
// ---------------------------------------------------------------------------------

TEST(ColorSentence, DocstringExamples) {
    EXPECT_EQ("This is a \x1b[31msentence\x1b[0m.", colored("This is a sentence.", "sentence"));
    EXPECT_EQ("This is a \x1b[31msentence\x1b[0m. This is another \x1b[31msentence\x1b[0m.",
              colored("This is a sentence. This is another sentence.", "sentence"));
}

TEST(ColorSentence, CleanlabUnitTests) {
    EXPECT_EQ("Hello " + red("World"), colored("Hello World", "World"));
    EXPECT_EQ("If you and " + red("I") + " were to meet", colored("If you and I were to meet", "I"));
    EXPECT_EQ(red("If you and I") + " were to meet",
              colored("If you and I were to meet", "If you and I"));
    EXPECT_EQ(red("If you and I w") + "ere to meet",
              colored("If you and I were to meet", "If you and I w"));
    EXPECT_EQ(red("I") + " think " + red("I") + " know this", colored("I think I know this", "I"));
    EXPECT_EQ("A good reason for " + red("a") + " test", colored("A good reason for a test", "a"));
    EXPECT_EQ("ab " + red("ab a") + " b ab", colored("ab ab a b ab", "ab a"));
    EXPECT_EQ(red("ab a") + "b " + red("ab a") + "b", colored("ab ab ab ab", "ab a"));
    EXPECT_EQ("Alan John Percivale " + red("(") + "A.j.p.) Taylor died",
              colored("Alan John Percivale (A.j.p.) Taylor died", "("));
}

TEST(ColorSentence, UnicodeWordBoundaries) {
    // Letters of every script, digits of every kind and '_' are word characters.
    EXPECT_EQ("b" + red("and") + "s", colored("bands", "and"));  // no whole word: substring
    EXPECT_EQ("band " + red("and") + " sand", colored("band and sand", "and"));
    EXPECT_EQ(red("café") + " cafés", colored("café cafés", "café"));
    EXPECT_EQ("日本語 " + red("日本"), colored("日本語 日本", "日本"));
    EXPECT_EQ("x_y " + red("x"), colored("x_y x", "x"));
    EXPECT_EQ("x² " + red("x"), colored("x² x", "x"));  // '²' (No) is a word character
    // A combining mark (Mn) is not a word character, so "e" + U+0301 ends a word.
    EXPECT_EQ(red("e") + "\u0301t\u00e9 x", colored("e\u0301t\u00e9 x", "e"));
    EXPECT_EQ(red("😀") + "a " + red("😀"), colored("😀a 😀", "😀"));
    // Emoji (So) are not word characters either.
    EXPECT_EQ(red("a") + "😀b " + red("a"), colored("a😀b a", "a"));
    // "?weird" starts with a non-word character after a space: no \b, plain replace.
    EXPECT_EQ("A " + red("?weird") + " sentence", colored("A ?weird sentence", "?weird"));
}

TEST(ColorSentence, EmptyWordAndSentence) {
    // r"\b\b" matches at every boundary; with none, str.replace("", x) inserts everywhere.
    EXPECT_EQ(red("") + "ab" + red("") + " " + red("") + "cd" + red(""), colored("ab cd", ""));
    EXPECT_EQ(red("") + " " + red("") + " " + red(""), colored("  ", ""));
    EXPECT_EQ(red(""), colored("", ""));
    EXPECT_EQ("", colored("", "a"));
    EXPECT_EQ("x", colored("x", "y"));
}

TEST(ColorSentence, CallerMarkersAndReplaceWord) {
    EXPECT_EQ("a <mark>b</mark> c", colored("a b c", "b", "<mark>", "</mark>"));
    EXPECT_EQ("**b**c", colored("bc", "b", "**", "**"));
    EXPECT_EQ("a [X] c [X]", replaced("a b c b", "b", "[X]"));
    // Backslashes are inserted literally (cleanlab would turn "\n" into a newline).
    EXPECT_EQ("a \\n c", replaced("a b c", "b", "\\n"));
    EXPECT_EQ("a  c", replaced("a b c", "b", ""));
}

TEST(ColorSentence, Errors) {
    expect_text_error(TQ_ERR_INVALID_VALUE, "before is not valid UTF-8", [&](char *o, int64_t c, int64_t *s) {
        return tq_color_sentence("a", 1, "a", 1, "\xff", nullptr, o, c, s);
    });
    expect_text_error(TQ_ERR_INVALID_VALUE, "word is not valid UTF-8", [&](char *o, int64_t c, int64_t *s) {
        return tq_color_sentence("a", 1, "\xe2\x82", 2, nullptr, nullptr, o, c, s);
    });
    expect_text_error(TQ_ERR_NULL_ARGUMENT, "sentence is NULL", [&](char *o, int64_t c, int64_t *s) {
        return tq_color_sentence(nullptr, 1, "a", 1, nullptr, nullptr, o, c, s);
    });
    expect_text_error(TQ_ERR_INVALID_SIZE, "word_size = -2", [&](char *o, int64_t c, int64_t *s) {
        return tq_color_sentence("a", 1, "a", -2, nullptr, nullptr, o, c, s);
    });
    expect_text_error(TQ_ERR_INVALID_VALUE, "new_word is not valid UTF-8", [&](char *o, int64_t c, int64_t *s) {
        return tq_replace_word("a", 1, "a", 1, "\xc0\x80", 2, o, c, s);
    });
}

TEST(TextOutput, TooSmallBufferReportsSizeAndWritesNothing) {
    char buffer[8];
    std::fill(buffer, buffer + 8, '~');
    int64_t size = -1;
    // "Hello World" needs 11 bytes plus the NUL.
    const Strings words{"Hello", "World"};
    EXPECT_EQ(TQ_ERR_BUFFER_TOO_SMALL, tq_get_sentence(words.data(), words.size(), words.offsets.data(),
                                                       2, buffer, 8, &size));
    EXPECT_EQ(11, size);
    EXPECT_EQ(std::string(8, '~'), std::string(buffer, 8));
    EXPECT_NE(std::string::npos,
              std::string(tq_last_error_message()).find("capacity = 8 but the text needs 11 bytes"));
    EXPECT_STREQ("buffer too small", tq_status_string(TQ_ERR_BUFFER_TOO_SMALL));
    // An empty result needs one byte, for the NUL.
    size = -1;
    EXPECT_EQ(TQ_ERR_BUFFER_TOO_SMALL, tq_get_sentence(nullptr, 0, nullptr, 0, nullptr, 0, &size));
    EXPECT_EQ(0, size);
    EXPECT_EQ(TQ_OK, tq_get_sentence(nullptr, 0, nullptr, 0, buffer, 1, &size));
    EXPECT_EQ('\0', buffer[0]);
}
