// cleanlab.token_classification.summary through the C API: display_issues
// (tq_format_issues_*), common_label_issues (tq_common_label_issues_* and
// tq_format_common_label_issues_*) and filter_by_token, plus the annotated token scores.
// Expected texts are cleanlab 2.9.0's printed output, byte for byte: its docstring
// examples, the cases of cleanlab's own unit tests (tests/test_token_classification.py,
// which only check that the calls succeed; the texts here are what those calls print),
// and a Unicode example whose texts were printed by cleanlab on the same input.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "text_test_util.hpp"
#include "tokqual/tokqual.h"

using tqtest::expect_text_error;
using tqtest::Strings;
using tqtest::text_result;
using tqtest::TokenData;

namespace {

// What one format call needs besides the tokens; NULL-able parts are empty vectors.
struct Inputs {
    std::vector<int64_t> issue_sentences;
    std::vector<int64_t> issue_tokens;  // empty = sentence-level issues
    std::vector<int32_t> labels;
    std::vector<double> pred_probs;
    int64_t n_classes = 0;
    std::vector<std::string> class_names;
    std::vector<int32_t> exclude;  // flattened pairs
    bool sentence_level = false;
};

const int32_t *or_null(const std::vector<int32_t> &v) { return v.empty() ? nullptr : v.data(); }
const double *or_null(const std::vector<double> &v) { return v.empty() ? nullptr : v.data(); }

std::string format_issues(const TokenData &d, const Inputs &in, int64_t top = 20,
                          const char *before = nullptr, const char *after = nullptr) {
    tq_format_issues_options o;
    tq_format_issues_options_init(&o);
    o.top = top;
    o.highlight_before = before;
    o.highlight_after = after;
    const Strings names(in.class_names);
    const std::vector<float> probs32(in.pred_probs.begin(), in.pred_probs.end());
    const int64_t n_issues = static_cast<int64_t>(in.issue_sentences.size());
    const std::string text = text_result([&](char *out, int64_t capacity, int64_t *size) {
        return tq_format_issues_f64(
            d.offsets.data(), d.n_sentences(), d.tokens.data(), d.tokens.size(),
            d.tokens.offsets.data(), d.n_tokens(), in.issue_sentences.data(),
            in.sentence_level ? nullptr : in.issue_tokens.data(), n_issues, or_null(in.labels),
            or_null(in.pred_probs), in.n_classes, in.class_names.empty() ? nullptr : names.data(),
            names.size(), in.class_names.empty() ? nullptr : names.offsets.data(), or_null(in.exclude),
            static_cast<int64_t>(in.exclude.size() / 2), &o, out, capacity, size);
    });
    // The float variant prints the same (the probabilities here are exact in float
    // as far as the argmax is concerned).
    const std::string text32 = text_result([&](char *out, int64_t capacity, int64_t *size) {
        return tq_format_issues_f32(
            d.offsets.data(), d.n_sentences(), d.tokens.data(), d.tokens.size(),
            d.tokens.offsets.data(), d.n_tokens(), in.issue_sentences.data(),
            in.sentence_level ? nullptr : in.issue_tokens.data(), n_issues, or_null(in.labels),
            in.pred_probs.empty() ? nullptr : probs32.data(), in.n_classes,
            in.class_names.empty() ? nullptr : names.data(), names.size(),
            in.class_names.empty() ? nullptr : names.offsets.data(), or_null(in.exclude),
            static_cast<int64_t>(in.exclude.size() / 2), &o, out, capacity, size);
    });
    EXPECT_EQ(text, text32);
    return text;
}

std::string format_common(const TokenData &d, const Inputs &in, int64_t top = 10,
                          bool verbose = true) {
    tq_common_issues_options o;
    tq_common_issues_options_init(&o);
    o.top = top;
    o.verbose = verbose ? 1 : 0;
    const Strings names(in.class_names);
    return text_result([&](char *out, int64_t capacity, int64_t *size) {
        return tq_format_common_label_issues_f64(
            d.offsets.data(), d.n_sentences(), d.tokens.data(), d.tokens.size(),
            d.tokens.offsets.data(), d.n_tokens(), in.issue_sentences.data(),
            in.issue_tokens.data(), static_cast<int64_t>(in.issue_sentences.size()),
            or_null(in.labels), or_null(in.pred_probs), in.n_classes,
            in.class_names.empty() ? nullptr : names.data(), names.size(),
            in.class_names.empty() ? nullptr : names.offsets.data(), or_null(in.exclude),
            static_cast<int64_t>(in.exclude.size() / 2), &o, out, capacity, size);
    });
}

// One DataFrame row of common_label_issues: the word's text, given, predicted, count.
struct Row {
    std::string word;
    int32_t given;
    int32_t predicted;
    int64_t count;
    bool operator==(const Row &o) const {
        return word == o.word && given == o.given && predicted == o.predicted && count == o.count;
    }
};
std::ostream &operator<<(std::ostream &os, const Row &r) {
    return os << "(" << r.word << ", " << r.given << ", " << r.predicted << ", " << r.count << ")";
}

std::vector<Row> common_rows(const TokenData &d, const Inputs &in) {
    const size_t n = in.issue_sentences.size();
    std::vector<int64_t> words(n, -1), counts(n, -1);
    std::vector<int32_t> given(n, -9), predicted(n, -9);
    int64_t count = -1;
    EXPECT_EQ(TQ_OK, tq_common_label_issues_f64(
                         d.offsets.data(), d.n_sentences(), d.tokens.data(), d.tokens.size(),
                         d.tokens.offsets.data(), d.n_tokens(), in.issue_sentences.data(),
                         in.issue_tokens.data(), static_cast<int64_t>(n), or_null(in.labels),
                         or_null(in.pred_probs), in.n_classes, or_null(in.exclude),
                         static_cast<int64_t>(in.exclude.size() / 2), words.data(), given.data(),
                         predicted.data(), counts.data(), &count))
        << tq_last_error_message();
    std::vector<Row> rows;
    for (int64_t r = 0; r < count; ++r)
        rows.push_back(Row{std::string(d.tokens.text.substr(
                               static_cast<size_t>(d.tokens.offsets[static_cast<size_t>(words[r])]),
                               static_cast<size_t>(d.tokens.offsets[static_cast<size_t>(words[r]) + 1] -
                                                   d.tokens.offsets[static_cast<size_t>(words[r])]))),
                           given[r], predicted[r], counts[r]});
    return rows;
}

std::vector<std::pair<int64_t, int64_t>> filter_by_token(const TokenData &d, const Inputs &in,
                                                         const std::string &word) {
    const size_t n = in.issue_sentences.size();
    std::vector<int64_t> s(n, -1), t(n, -1);
    int64_t count = -1;
    EXPECT_EQ(TQ_OK, tq_filter_by_token(word.data(), static_cast<int64_t>(word.size()),
                                        d.offsets.data(), d.n_sentences(), d.tokens.data(),
                                        d.tokens.size(), d.tokens.offsets.data(), d.n_tokens(),
                                        in.issue_sentences.data(), in.issue_tokens.data(),
                                        static_cast<int64_t>(n), s.data(), t.data(), &count))
        << tq_last_error_message();
    std::vector<std::pair<int64_t, int64_t>> kept;
    for (int64_t k = 0; k < count; ++k) kept.emplace_back(s[k], t[k]);
    return kept;
}

// The docstring dataset of display_issues, common_label_issues and filter_by_token.
TokenData docstring_tokens() {
    return TokenData{{"A", "?weird", "sentence"},
                     {"A", "valid", "sentence"},
                     {"An", "sentence", "with", "a", "typo"}};
}

// cleanlab's tests/test_token_classification.py dataset; its issues are [(1, 0)].
TokenData unit_test_tokens() { return TokenData{{"Hello", "World"}, {"#I", "love", "Cleanlab"}, {"A"}}; }
Inputs unit_test_inputs() {
    Inputs in;
    in.issue_sentences = {1};
    in.issue_tokens = {0};
    in.labels = {0, 0, 1, 1, 1, 2};
    in.pred_probs = {0.9, 0.1, 0, 0.6, 0.2, 0.2, 0.1, 0, 0.9, 0.1, 0.8, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8};
    in.n_classes = 3;
    return in;
}

const char *const kClassNote =
    "Classes will be printed in terms of their integer index since `class_names` was not "
    "provided.\nSpecify this argument to see the string names of each class.\n\n";

// The Unicode example: case variants with special lowercase rules.
TokenData rich_tokens() {
    return TokenData{{"İstanbul", "is", "in", "Türkiye", "."},
                     {"ISTANBUL", "and", "istanbul", "and", "İSTANBUL"},
                     {"ΟΔΟΣ", "and", "οδος", "(", "x", ")"}};
}
Inputs rich_inputs() {
    Inputs in;
    const std::vector<std::pair<int64_t, int64_t>> issues = {{1, 4}, {0, 0}, {1, 1}, {1, 3}, {2, 1},
                                                             {1, 0}, {1, 2}, {2, 0}, {2, 2}, {2, 4}};
    for (const auto &i : issues) {
        in.issue_sentences.push_back(i.first);
        in.issue_tokens.push_back(i.second);
    }
    in.labels = {1, 0, 0, 1, 0, 1, 0, 2, 0, 1, 2, 0, 1, 0, 0, 0};
    in.pred_probs = {0.1, 0.2, 0.7, 0.8, 0.1, 0.1,  0.5, 0.5, 0.0, 0.3, 0.3, 0.4, 0.9, 0.05,
                     0.05, 0.6, 0.3, 0.1, 0.2, 0.7, 0.1, 0.1, 0.2, 0.7, 0.2, 0.7, 0.1, 0.3,
                     0.3, 0.4, 0.2, 0.3, 0.5, 0.1, 0.6, 0.3, 0.7, 0.2, 0.1, 0.4, 0.4, 0.2,
                     0.1, 0.1, 0.8, 0.3, 0.3, 0.4};
    in.n_classes = 3;
    return in;
}

// Printed by cleanlab 2.9.0 on rich_tokens() / rich_inputs(); the common_label_issues
// texts with np.argsort made stable (the tie order tokqual documents; numpy's default
// sort orders the eight words of count 1 differently on this machine).
const char *const kRichDisplay =
        "Classes will be printed in terms of their integer index since `class_names` was not provided.\n"
        "Specify this argument to see the string names of each class.\n"
        "\n"
        "Sentence index: 1, Token index: 4\n"
        "Token: İSTANBUL\n"
        "Given label: 1, predicted label according to provided pred_probs: 2\n"
        "----\n"
        "ISTANBUL and istanbul and \x1b[31mİSTANBUL\x1b[0m\n"
        "\n"
        "\n"
        "Sentence index: 0, Token index: 0\n"
        "Token: İstanbul\n"
        "Given label: 1, predicted label according to provided pred_probs: 2\n"
        "----\n"
        "\x1b[31mİstanbul\x1b[0m is in Türkiye.\n"
        "\n"
        "\n"
        "Sentence index: 1, Token index: 0\n"
        "Token: ISTANBUL\n"
        "Given label: 1, predicted label according to provided pred_probs: 0\n"
        "----\n"
        "\x1b[31mISTANBUL\x1b[0m and istanbul and İSTANBUL\n"
        "\n"
        "\n"
        "Sentence index: 1, Token index: 2\n"
        "Token: istanbul\n"
        "Given label: 2, predicted label according to provided pred_probs: 2\n"
        "----\n"
        "ISTANBUL and \x1b[31mistanbul\x1b[0m and İSTANBUL\n";

const char *const kRichDisplayNamesTop0 =
        "Sentence index: 1, Token index: 4\n"
        "Token: İSTANBUL\n"
        "Given label: LOC\n"
        "----\n"
        "ISTANBUL and istanbul and \x1b[31mİSTANBUL\x1b[0m\n"
        "\n"
        "\n"
        "Sentence index: 0, Token index: 0\n"
        "Token: İstanbul\n"
        "Given label: LOC\n"
        "----\n"
        "\x1b[31mİstanbul\x1b[0m is in Türkiye.\n"
        "\n"
        "\n"
        "Sentence index: 1, Token index: 1\n"
        "Token: and\n"
        "Given label: O\n"
        "----\n"
        "ISTANBUL \x1b[31mand\x1b[0m istanbul \x1b[31mand\x1b[0m İSTANBUL\n"
        "\n"
        "\n"
        "Sentence index: 1, Token index: 3\n"
        "Token: and\n"
        "Given label: O\n"
        "----\n"
        "ISTANBUL \x1b[31mand\x1b[0m istanbul \x1b[31mand\x1b[0m İSTANBUL\n"
        "\n"
        "\n"
        "Sentence index: 2, Token index: 1\n"
        "Token: and\n"
        "Given label: O\n"
        "----\n"
        "ΟΔΟΣ \x1b[31mand\x1b[0m οδος (x)\n"
        "\n"
        "\n"
        "Sentence index: 1, Token index: 0\n"
        "Token: ISTANBUL\n"
        "Given label: LOC\n"
        "----\n"
        "\x1b[31mISTANBUL\x1b[0m and istanbul and İSTANBUL\n"
        "\n"
        "\n"
        "Sentence index: 1, Token index: 2\n"
        "Token: istanbul\n"
        "Given label: MISC\n"
        "----\n"
        "ISTANBUL and \x1b[31mistanbul\x1b[0m and İSTANBUL\n"
        "\n"
        "\n"
        "Sentence index: 2, Token index: 0\n"
        "Token: ΟΔΟΣ\n"
        "Given label: MISC\n"
        "----\n"
        "\x1b[31mΟΔΟΣ\x1b[0m and οδος (x)\n"
        "\n"
        "\n"
        "Sentence index: 2, Token index: 2\n"
        "Token: οδος\n"
        "Given label: LOC\n"
        "----\n"
        "ΟΔΟΣ and \x1b[31mοδος\x1b[0m (x)\n"
        "\n"
        "\n"
        "Sentence index: 2, Token index: 4\n"
        "Token: x\n"
        "Given label: O\n"
        "----\n"
        "ΟΔΟΣ and οδος (\x1b[31mx\x1b[0m)\n"
        "\n"
        "\n";

const char *const kRichCommonTop3 =
        "Classes will be printed in terms of their integer index since `class_names` was not provided. \n"
        "Specify this argument to see the string names of each class. \n"
        "\n"
        "Token 'and' is potentially mislabeled 3 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "labeled as class 0 but predicted to actually be class 1 3 times\n"
        "\n"
        "Token 'x' is potentially mislabeled 1 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "labeled as class 0 but predicted to actually be class 2 1 times\n"
        "\n"
        "Token 'οδος' is potentially mislabeled 1 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "labeled as class 1 but predicted to actually be class 0 1 times\n"
        "\n";

const char *const kRichCommonNamesExclude =
        "Token 'x' is potentially mislabeled 1 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "labeled as class `O` but predicted to actually be class `MISC` 1 times\n"
        "\n"
        "Token 'οδος' is potentially mislabeled 1 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "labeled as class `LOC` but predicted to actually be class `O` 1 times\n"
        "\n"
        "Token 'ΟΔΟΣ' is potentially mislabeled 1 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "labeled as class `MISC` but predicted to actually be class `MISC` 1 times\n"
        "\n"
        "Token 'istanbul' is potentially mislabeled 1 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "labeled as class `MISC` but predicted to actually be class `MISC` 1 times\n"
        "\n"
        "Token 'ISTANBUL' is potentially mislabeled 1 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "labeled as class `LOC` but predicted to actually be class `O` 1 times\n"
        "\n"
        "Token 'İstanbul' is potentially mislabeled 1 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "labeled as class `LOC` but predicted to actually be class `MISC` 1 times\n"
        "\n"
        "Token 'İSTANBUL' is potentially mislabeled 1 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "labeled as class `LOC` but predicted to actually be class `MISC` 1 times\n"
        "\n"
        "Token 'and' is potentially mislabeled 0 times throughout the dataset\n"
        "---------------------------------------------------------------------------------------\n"
        "\n";

const char *const kRichCommonWords =
        "Token 'and' is potentially mislabeled 3 times throughout the dataset\n"
        "\n"
        "Token 'x' is potentially mislabeled 1 times throughout the dataset\n"
        "\n"
        "Token 'οδος' is potentially mislabeled 1 times throughout the dataset\n"
        "\n"
        "Token 'ΟΔΟΣ' is potentially mislabeled 1 times throughout the dataset\n"
        "\n"
        "Token 'istanbul' is potentially mislabeled 1 times throughout the dataset\n"
        "\n"
        "Token 'ISTANBUL' is potentially mislabeled 1 times throughout the dataset\n"
        "\n"
        "Token 'İstanbul' is potentially mislabeled 1 times throughout the dataset\n"
        "\n"
        "Token 'İSTANBUL' is potentially mislabeled 1 times throughout the dataset\n"
        "\n";

}  // namespace

// ---------------------------------------------------------------------------------
// display_issues
// ---------------------------------------------------------------------------------

TEST(FormatIssues, DocstringExample) {
    Inputs in;
    in.issue_sentences = {2, 0};
    in.issue_tokens = {0, 1};
    EXPECT_EQ(
        "Sentence index: 2, Token index: 0\n"
        "Token: An\n"
        "----\n"
        "\x1b[31mAn\x1b[0m sentence with a typo\n"
        "\n"
        "\n"
        "Sentence index: 0, Token index: 1\n"
        "Token: ?weird\n"
        "----\n"
        "A \x1b[31m?weird\x1b[0m sentence\n",
        format_issues(docstring_tokens(), in));
}

TEST(FormatIssues, CleanlabUnitTestCalls) {
    const TokenData d = unit_test_tokens();
    const Inputs all = unit_test_inputs();
    const std::string head = "Sentence index: 1, Token index: 0\nToken: #I\n";
    const std::string tail = "----\n\x1b[31m#I\x1b[0m love Cleanlab\n";
    Inputs in = all;
    in.labels.clear();
    in.pred_probs.clear();
    EXPECT_EQ(head + tail, format_issues(d, in));  // display_issues(issues, words)
    in.labels = all.labels;
    EXPECT_EQ(kClassNote + head + "Given label: 1\n" + tail, format_issues(d, in));
    in.labels.clear();
    in.pred_probs = all.pred_probs;
    EXPECT_EQ(kClassNote + head + "Predicted label according to provided pred_probs: 2\n" + tail,
              format_issues(d, in));
    in = all;
    const std::string both =
        "Given label: 1, predicted label according to provided pred_probs: 2\n";
    EXPECT_EQ(kClassNote + head + both + tail, format_issues(d, in));
    in.class_names = {"A", "B", "C"};
    EXPECT_EQ(head + "Given label: B, predicted label according to provided pred_probs: C\n" + tail,
              format_issues(d, in));
    in = all;
    in.exclude = {1, 2};  // the swap of "#I": nothing is shown
    EXPECT_EQ(kClassNote, format_issues(d, in));
    in = all;
    EXPECT_EQ(kClassNote + head + both + tail, format_issues(d, in, 1));
    in = all;
    in.sentence_level = true;
    in.labels.clear();
    in.pred_probs.clear();
    EXPECT_EQ("Sentence issue: #I love Cleanlab\n", format_issues(d, in));
}

TEST(FormatIssues, UnicodeExampleWithExcludeTopAndClassNames) {
    const TokenData d = rich_tokens();
    Inputs in = rich_inputs();
    in.exclude = {0, 1};
    EXPECT_EQ(kRichDisplay, format_issues(d, in, 4));
    in = rich_inputs();
    in.pred_probs.clear();
    in.class_names = {"O", "LOC", "MISC"};
    // top = 0 shows every issue, each followed by the separator, as cleanlab.
    EXPECT_EQ(kRichDisplayNamesTop0, format_issues(d, in, 0));
}

TEST(FormatIssues, SentenceIssuesTopAndMarkers) {
    const TokenData d = docstring_tokens();
    Inputs in;
    in.sentence_level = true;
    in.issue_sentences = {2, 0, 1};
    EXPECT_EQ("Sentence issue: An sentence with a typo\n\n\nSentence issue: A ?weird sentence\n",
              format_issues(d, in, 2));
    in.sentence_level = false;
    in.issue_sentences = {2};
    in.issue_tokens = {3};
    EXPECT_EQ("Sentence index: 2, Token index: 3\nToken: a\n----\nAn sentence with <b>a</b> typo\n",
              format_issues(d, in, 20, "<b>", "</b>"));
    // No issues: cleanlab raises IndexError; tokqual gives the note alone, or nothing.
    in.issue_sentences.clear();
    in.issue_tokens.clear();
    EXPECT_EQ("", format_issues(d, in));
    in.labels = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    in.n_classes = 1;
    EXPECT_EQ(kClassNote, format_issues(d, in));
}

TEST(FormatIssues, ArgmaxTakesTheFirstMaximum) {
    const TokenData d{{"x", "y"}};
    Inputs in;
    in.issue_sentences = {0, 0};
    in.issue_tokens = {0, 1};
    in.pred_probs = {0.25, 0.5, 0.25, 0.5, 0.0, 0.5};
    in.n_classes = 3;
    const std::string text = format_issues(d, in);
    EXPECT_NE(std::string::npos, text.find("Token: x\nPredicted label according to provided pred_probs: 1\n"));
    EXPECT_NE(std::string::npos, text.find("Token: y\nPredicted label according to provided pred_probs: 0\n"));
}

// ---------------------------------------------------------------------------------
// common_label_issues
// ---------------------------------------------------------------------------------

TEST(CommonLabelIssues, DocstringExample) {
    const TokenData d = docstring_tokens();
    Inputs in;
    in.issue_sentences = {2, 0};
    in.issue_tokens = {0, 1};
    EXPECT_EQ(
        "Token '?weird' is potentially mislabeled 1 times throughout the dataset\n"
        "\n"
        "Token 'An' is potentially mislabeled 1 times throughout the dataset\n"
        "\n",
        format_common(d, in));
    // The DataFrame: An, then ?weird (stable sort keeps first-appearance order).
    EXPECT_EQ((std::vector<Row>{{"An", -1, -1, 1}, {"?weird", -1, -1, 1}}), common_rows(d, in));
}

TEST(CommonLabelIssues, CleanlabUnitTestCalls) {
    const TokenData d = unit_test_tokens();
    const std::string dashes(87, '-');
    for (int augmented = 0; augmented < 2; ++augmented) {
        Inputs all = unit_test_inputs();
        all.class_names = {"A", "B", "C"};
        if (augmented) {
            all.issue_sentences.push_back(1);
            all.issue_tokens.push_back(0);
        }
        const std::string n = augmented ? "2" : "1";
        const std::string token_line = "Token '#I' is potentially mislabeled " + n + " times throughout the dataset\n";
        Inputs words_only = all;
        words_only.labels.clear();
        words_only.pred_probs.clear();
        words_only.class_names.clear();
        EXPECT_EQ(token_line + "\n", format_common(d, words_only));
        EXPECT_EQ((std::vector<Row>{{"#I", -1, -1, augmented ? 2 : 1}}), common_rows(d, words_only));
        const std::string swap = "labeled as class `B` but predicted to actually be class `C` " + n + " times\n";
        EXPECT_EQ(token_line + dashes + "\n" + swap + "\n", format_common(d, all));
        EXPECT_EQ(token_line + dashes + "\n" + swap + "\n", format_common(d, all, 1));
        EXPECT_EQ(token_line + "\n", format_common(d, all, 10, false));
        EXPECT_EQ((std::vector<Row>{{"#I", 1, 2, augmented ? 2 : 1}}), common_rows(d, all));
        Inputs excluded = all;
        excluded.exclude = {1, 2};
        EXPECT_EQ("Token '#I' is potentially mislabeled 0 times throughout the dataset\n" + dashes + "\n\n",
                  format_common(d, excluded));
        EXPECT_EQ(std::vector<Row>{}, common_rows(d, excluded));
    }
}

TEST(CommonLabelIssues, UnicodeExample) {
    const TokenData d = rich_tokens();
    Inputs in = rich_inputs();
    EXPECT_EQ(kRichCommonTop3, format_common(d, in, 3));
    EXPECT_EQ((std::vector<Row>{{"and", 0, 1, 3},
                                {"İSTANBUL", 1, 2, 1},
                                {"İstanbul", 1, 2, 1},
                                {"ISTANBUL", 1, 0, 1},
                                {"istanbul", 2, 2, 1},
                                {"ΟΔΟΣ", 2, 2, 1},
                                {"οδος", 1, 0, 1},
                                {"x", 0, 2, 1}}),
              common_rows(d, in));
    in.exclude = {0, 1};
    in.class_names = {"O", "LOC", "MISC"};
    EXPECT_EQ(kRichCommonNamesExclude, format_common(d, in));
    in = rich_inputs();
    in.labels.clear();
    in.pred_probs.clear();
    EXPECT_EQ(kRichCommonWords, format_common(d, in));
    EXPECT_EQ("", format_common(d, in, 0));
}

TEST(CommonLabelIssues, OptionalClassOutputs) {
    const TokenData d = rich_tokens();
    const Inputs in = rich_inputs();
    std::vector<int64_t> words(10), counts(10);
    int64_t count = -1;
    ASSERT_EQ(TQ_OK, tq_common_label_issues_f64(d.offsets.data(), d.n_sentences(), d.tokens.data(), d.tokens.size(),
                                                d.tokens.offsets.data(), d.n_tokens(), in.issue_sentences.data(),
                                                in.issue_tokens.data(), 10, in.labels.data(), in.pred_probs.data(),
                                                3, nullptr, 0, words.data(), nullptr, nullptr, counts.data(),
                                                &count));
    EXPECT_EQ(8, count);
    EXPECT_EQ(3, counts[0]);
    EXPECT_EQ(6, words[0]);  // the first issue token "and": sentence 1, token 1
}

// ---------------------------------------------------------------------------------
// filter_by_token
// ---------------------------------------------------------------------------------

TEST(FilterByToken, DocstringAndCleanlabUnitTests) {
    Inputs in;
    in.issue_sentences = {2, 0};
    in.issue_tokens = {0, 1};
    EXPECT_EQ((std::vector<std::pair<int64_t, int64_t>>{{0, 1}}), filter_by_token(docstring_tokens(), in, "?weird"));
    const Inputs unit = unit_test_inputs();
    EXPECT_TRUE(filter_by_token(unit_test_tokens(), unit, "Hello").empty());
    EXPECT_EQ((std::vector<std::pair<int64_t, int64_t>>{{1, 0}}), filter_by_token(unit_test_tokens(), unit, "#I"));
}

TEST(FilterByToken, PythonLowerNotCasefold) {
    const TokenData d = rich_tokens();
    const Inputs in = rich_inputs();
    using Pairs = std::vector<std::pair<int64_t, int64_t>>;
    // 'İ'.lower() is "i" + U+0307, so "İSTANBUL" and "istanbul" differ.
    EXPECT_EQ((Pairs{{1, 0}, {1, 2}}), filter_by_token(d, in, "istanbul"));
    EXPECT_EQ((Pairs{{1, 4}, {0, 0}}), filter_by_token(d, in, "İSTANBUL"));
    // Final sigma: "ΟΔΟΣ".lower() == "οδος", not "οδοσ".
    EXPECT_EQ((Pairs{{2, 0}, {2, 2}}), filter_by_token(d, in, "ΟΔΟΣ"));
    EXPECT_TRUE(filter_by_token(d, in, "οδοσ").empty());
    EXPECT_EQ((Pairs{{1, 1}, {1, 3}, {2, 1}}), filter_by_token(d, in, "AND"));
    EXPECT_EQ((Pairs{{2, 4}}), filter_by_token(d, in, "x"));
    // lower() is not casefold(): "STRASSE" does not match "straße".
    const TokenData s{{"straße", "STRASSE", "Straße"}};
    Inputs all;
    all.issue_sentences = {0, 0, 0};
    all.issue_tokens = {0, 1, 2};
    EXPECT_EQ((Pairs{{0, 0}, {0, 2}}), filter_by_token(s, all, "STRAßE"));
    EXPECT_EQ((Pairs{{0, 1}}), filter_by_token(s, all, "strasse"));
}

// ---------------------------------------------------------------------------------
// Errors of the summary functions
// ---------------------------------------------------------------------------------

TEST(SummaryErrors, BadInputsAreRefusedAndNothingIsWritten) {
    const TokenData d = unit_test_tokens();
    const Inputs in = unit_test_inputs();
    auto call = [&](const int64_t *issue_sentences, const int64_t *issue_tokens, const int32_t *labels,
                    const double *probs, int64_t n_classes, const int32_t *exclude, int64_t n_exclude,
                    const tq_format_issues_options *options = nullptr, const char *names = nullptr,
                    const int64_t *name_offsets = nullptr) {
        return [=, &d](char *out, int64_t capacity, int64_t *size) {
            return tq_format_issues_f64(d.offsets.data(), d.n_sentences(), d.tokens.data(), d.tokens.size(),
                                        d.tokens.offsets.data(), d.n_tokens(), issue_sentences, issue_tokens, 1,
                                        labels, probs, n_classes, names, names == nullptr ? 0 : 3, name_offsets,
                                        exclude, n_exclude, options, out, capacity, size);
        };
    };
    const int64_t bad_sentence[] = {3};
    const int64_t bad_token[] = {3};
    const int64_t zero[] = {0};
    expect_text_error(TQ_ERR_INVALID_VALUE, "issue_sentences[0] = 3 is outside [0, n_sentences = 3)",
                      call(bad_sentence, zero, nullptr, nullptr, 0, nullptr, 0));
    expect_text_error(TQ_ERR_INVALID_VALUE, "issue_tokens[0] = 3 is outside sentence 1's tokens [0, 3)",
                      call(in.issue_sentences.data(), bad_token, nullptr, nullptr, 0, nullptr, 0));
    const int32_t bad_labels[] = {0, 0, 1, 1, 3, 2};
    expect_text_error(TQ_ERR_INVALID_LABEL, "labels[4] = 3 is outside [0, n_classes = 3)",
                      call(in.issue_sentences.data(), in.issue_tokens.data(), bad_labels, nullptr, 3, nullptr, 0));
    std::vector<double> nan_probs = in.pred_probs;
    nan_probs[4] = NAN;
    expect_text_error(TQ_ERR_INVALID_PROBABILITY, "pred_probs[1][1] is NaN",
                      call(in.issue_sentences.data(), in.issue_tokens.data(), nullptr, nan_probs.data(), 3, nullptr, 0));
    const int32_t bad_exclude[] = {1, 5};
    expect_text_error(TQ_ERR_INVALID_LABEL, "exclude[1] = 5 (the predicted class of pair 0)",
                      call(in.issue_sentences.data(), in.issue_tokens.data(), in.labels.data(),
                           in.pred_probs.data(), 3, bad_exclude, 1));
    expect_text_error(TQ_ERR_INVALID_SIZE, "n_classes = 0 but must be at least 1",
                      call(in.issue_sentences.data(), in.issue_tokens.data(), in.labels.data(), nullptr, 0,
                           nullptr, 0));
    tq_format_issues_options o;
    tq_format_issues_options_init(&o);
    o.top = -1;
    expect_text_error(TQ_ERR_INVALID_OPTION, "options->top = -1 is negative",
                      call(in.issue_sentences.data(), in.issue_tokens.data(), nullptr, nullptr, 0, nullptr, 0, &o));
    tq_format_issues_options_init(&o);
    o.struct_size = 3;
    expect_text_error(TQ_ERR_INVALID_STRUCT_SIZE, "options->struct_size = 3",
                      call(in.issue_sentences.data(), in.issue_tokens.data(), nullptr, nullptr, 0, nullptr, 0, &o));
    tq_format_issues_options_init(&o);
    o.highlight_after = "\xff";
    expect_text_error(TQ_ERR_INVALID_VALUE, "options->highlight_after is not valid UTF-8",
                      call(in.issue_sentences.data(), in.issue_tokens.data(), nullptr, nullptr, 0, nullptr, 0, &o));
    const Strings names{"A", "B", "C"};
    expect_text_error(TQ_ERR_NULL_ARGUMENT, "class_name_offsets is NULL",
                      call(in.issue_sentences.data(), in.issue_tokens.data(), nullptr, nullptr, 3, nullptr, 0,
                           nullptr, names.data(), nullptr));
    const int64_t bad_name_offsets[] = {0, 1, 2, 4};
    expect_text_error(TQ_ERR_INVALID_OFFSETS, "class_name_offsets[3] = 4 is outside the text",
                      call(in.issue_sentences.data(), in.issue_tokens.data(), nullptr, nullptr, 3, nullptr, 0,
                           nullptr, names.data(), bad_name_offsets));
    // Token text problems are found before anything else is looked at.
    const std::string bad_text = "Hello\xffWorld#IloveCleanlabA";
    const int64_t n_tokens = d.n_tokens();
    expect_text_error(TQ_ERR_INVALID_VALUE, "token 1 (bytes [5, 11) of token_text) is not valid UTF-8",
                      [&](char *out, int64_t capacity, int64_t *size) {
                          const int64_t token_offsets[] = {0, 5, 11, 13, 17, 25, 26};
                          return tq_format_issues_f64(d.offsets.data(), 3, bad_text.data(),
                                                      static_cast<int64_t>(bad_text.size()), token_offsets,
                                                      n_tokens, in.issue_sentences.data(), in.issue_tokens.data(),
                                                      1, nullptr, nullptr, 0, nullptr, 0, nullptr, nullptr, 0,
                                                      nullptr, out, capacity, size);
                      });
}

TEST(SummaryErrors, ArrayOutputsUntouchedOnError) {
    const TokenData d = unit_test_tokens();
    const Inputs in = unit_test_inputs();
    int64_t words[1] = {-7}, counts[1] = {-7}, count = -7;
    int32_t given[1] = {-7};
    const int64_t bad_token[] = {5};
    EXPECT_EQ(TQ_ERR_INVALID_VALUE,
              tq_common_label_issues_f64(d.offsets.data(), 3, d.tokens.data(), d.tokens.size(), d.tokens.offsets.data(),
                                         d.n_tokens(), in.issue_sentences.data(), bad_token, 1, nullptr, nullptr,
                                         0, nullptr, 0, words, given, nullptr, counts, &count));
    EXPECT_EQ(-7, words[0]);
    EXPECT_EQ(-7, count);
    // Sentence-level issues are not accepted here.
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_common_label_issues_f64(d.offsets.data(), 3, d.tokens.data(), d.tokens.size(), d.tokens.offsets.data(),
                                         d.n_tokens(), in.issue_sentences.data(), nullptr, 1, nullptr, nullptr, 0,
                                         nullptr, 0, words, given, nullptr, counts, &count));
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT,
              tq_common_label_issues_f64(d.offsets.data(), 3, d.tokens.data(), d.tokens.size(), d.tokens.offsets.data(),
                                         d.n_tokens(), in.issue_sentences.data(), in.issue_tokens.data(), 1,
                                         nullptr, nullptr, 0, nullptr, 0, nullptr, given, nullptr, counts, &count));
    int64_t s[1] = {-7}, t[1] = {-7};
    EXPECT_EQ(TQ_ERR_INVALID_VALUE, tq_filter_by_token("\xff", 1, d.offsets.data(), 3, d.tokens.data(),
                                                       d.tokens.size(), d.tokens.offsets.data(), d.n_tokens(),
                                                       in.issue_sentences.data(), in.issue_tokens.data(), 1, s, t,
                                                       &count));
    EXPECT_EQ(-7, s[0]);
    EXPECT_EQ(-7, count);
    tq_common_issues_options o;
    EXPECT_EQ(TQ_ERR_NULL_ARGUMENT, tq_common_issues_options_init(nullptr));
    EXPECT_EQ(TQ_OK, tq_common_issues_options_init(&o));
    EXPECT_EQ(10, o.top);
    EXPECT_EQ(1, o.verbose);
    tq_format_issues_options f;
    EXPECT_EQ(TQ_OK, tq_format_issues_options_init(&f));
    EXPECT_EQ(20, f.top);
    EXPECT_EQ(nullptr, f.highlight_before);
}
