// The CoNLL reader of the tokqual command (apps/tokqual/conll.cpp) against the reference
// reader (conll_reference.hpp): the same corpus or the same one-line error on every edge
// of the format, on inputs that cross the reader's 16 KB windows and its long-line path,
// and on random text; and the vectorized scan against its scalar definition.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "conll.hpp"
#include "conll_reference.hpp"
#include "conll_scan.hpp"
#include "errors.hpp"
#include "../simd_targets.hpp"

namespace {

using tqtest::for_each_simd_target;

const std::vector<std::string> kNames = {"O", "B-PER", "I-PER", "B-LOC", "\xC3\xA9-X",
                                         "TAG-EIGHT", "12345678", "LONG-TAG-NAME-X",
                                         std::string("N\0L", 3)};

const tqcli::TagIndex &tags() {
    static const tqcli::TagIndex t = [] {
        tqcli::TagIndex index;
        for (size_t k = 0; k < kNames.size(); ++k) index.emplace(kNames[k], static_cast<int32_t>(k));
        return index;
    }();
    return t;
}

std::string compare(const std::string &text) {
    return tqcli_reference::compare_readers(text, tags(), kNames);
}

tqcli::Corpus parse(const std::string &text) {
    return tqcli::parse_conll(reinterpret_cast<const unsigned char *>(text.data()), text.size(),
                              "in.conll", tags(), kNames);
}

std::string error_of(const std::string &text) {
    try {
        parse(text);
    } catch (const tqcli::Failure &f) {
        EXPECT_EQ(f.status, tqcli::kExitInput);
        return f.what();
    }
    return "";
}

TEST(ConllReader, EdgesOfTheFormat) {
    for_each_simd_target([&] {
        const std::vector<std::string> cases = {
            "a O\nb B-PER\n",                           // plain
            "a O\nb B-PER",                             // no final newline
            "a O\r\nb B-PER\r\n\r\nc O\r\n",            // CRLF
            "a\tO\nb \t B-PER\t\n",                     // tabs, trailing tab
            "  a  x  O  \n\v b\fB-PER \r\n",            // leading and trailing spaces, VT, FF
            "a O\n\n\n\n\nb O\n\n",                     // runs of blank lines
            "\n\n  \n\t\r\na O\n",                      // leading blank and white-space lines
            "-DOCSTART- -X- O\n\na O\n",                // -DOCSTART- skipped
            "-DOCSTART-\na O\n-DOCSTART- O\nb O\n",     // alone, and inside a sentence
            "-DOCSTART-x O\n-docstart- O\n",            // not quite: tokens
            "\xEF\xBB\xBF" "a O\n",                     // byte-order mark
            "\xEF\xBB\xBF",                             // only a byte-order mark
            "",                                         // empty
            "\n\n",                                     // no tokens
            "Z\xC3\xBCrich x \xC3\xA9-X\n\xE6\x9D\xB1 B-LOC\n",  // UTF-8 tokens and tags
            "a TAG-EIGHT\nb 12345678\nc LONG-TAG-NAME-X\nd LONG-TAG-NAME-X\ne O\n",  // 8+ bytes
            std::string("a N\0L\nb N\0L\nc O\n", 15),   // a NUL inside a tag
            "a B-PERS\n",                               // a tag that extends a class name
            "a B-PE\n",                                 // a prefix of a class name
            "a LONG-TAG-NAME-Y\n",                      // a long tag one byte off
            "a O\nb\n",                                 // one column
            "a O\n \t b \r\n",                          // one column between spaces
            "a O\nb\xFF O\n",                           // ill-formed UTF-8
            "a \xC3\n",                                 // truncated at the end
            "a O\n\xE2\x82",                            // truncated at the end, no newline
            "a \xED\xA0\x80 O\n",                       // a surrogate
            "a \xF4\x90\x80\x80 O\n",                   // above U+10FFFF
            "a \xC0\xAF O\n",                           // overlong
            "a \xF0\x9F\x98\x80 O\n",                   // a 4-byte sequence
            "x\nb O\nc \xFF O\n",                       // one column on line 1, bad UTF-8 on 3
            "a FOO\n\xFF",                              // unknown tag on 1, bad UTF-8 on 2
        };
        for (const std::string &text : cases) EXPECT_EQ(compare(text), "") << text;
    });
}

TEST(ConllReader, MessagesNameTheLine) {
    EXPECT_EQ(error_of("a O\n\nb\n"),
              "in.conll:3: expected a token and a tag separated by white space, found one column 'b'");
    EXPECT_EQ(error_of("a O\r\nb B-FOO\r\n").substr(0, 31), "in.conll:2: unknown tag 'B-FOO'");
    EXPECT_EQ(error_of("a O\nb\xFF O\n"),
              "in.conll:2: ill-formed UTF-8 at byte offset 5; expected UTF-8 text");
    // An encoding error anywhere comes first, as when the file was checked up front.
    EXPECT_EQ(error_of("x\n" + std::string(40000, 'a') + " O\n\xFF\n"),
              "in.conll:3: ill-formed UTF-8 at byte offset 40005; expected UTF-8 text");
    EXPECT_EQ(error_of("\n \n"), "in.conll: no tokens found; expected lines of a token and its tag");
}

TEST(ConllReader, SameCorpusAsTheReference) {
    tqcli::Corpus c = parse("-DOCSTART- O\n\nAngela B-PER\nZ\xC3\xBCrich B-LOC\n\n\nb O");
    ASSERT_EQ(c.n_tokens(), 3);
    ASSERT_EQ(c.n_sentences(), 2);
    EXPECT_EQ(c.token(1), "Z\xC3\xBCrich");
    EXPECT_EQ(c.labels[1], 3);
    EXPECT_EQ(c.offsets[1], 2);
}

// Lines and sequences that straddle the 16 KB windows (every offset near a boundary),
// and lines longer than a window (the long-line path), in several positions.
TEST(ConllReader, WindowBoundariesAndLongLines) {
    for_each_simd_target([&] {
        const std::string euro = "\xE2\x82\xAC";  // 3 bytes
        for (size_t pad = 16384 - 40; pad <= 16384 + 8; ++pad) {
            std::string text(pad, 'x');
            text += " O\n" + euro + euro + " B-PER\nw \xF0\x9F\x98\x80 I-PER\n\nq O\n";
            ASSERT_EQ(compare(text), "") << pad;
            ASSERT_EQ(compare("a O\n" + text), "") << pad;
            std::string bad = text;
            bad[pad + 4] = '\xFF';  // inside the euro signs
            ASSERT_EQ(compare(bad), "") << pad;
            ASSERT_EQ(compare(text.substr(0, pad + 5)), "") << pad;  // truncated sequence at EOF
        }
        for (size_t len : {16383u, 16384u, 16385u, 40000u, 100000u}) {
            const std::string long_token(len, 'y');
            EXPECT_EQ(compare(long_token + " O\n"), "") << len;
            EXPECT_EQ(compare("a O\n" + long_token + " O\nb B-PER\n"), "") << len;
            EXPECT_EQ(compare("a O\n" + long_token + "\nb B-PER\n"), "") << len;  // one column
            EXPECT_EQ(compare("a O\n" + long_token + " x O"), "") << len;        // at EOF
            EXPECT_EQ(compare("a O\nb" + std::string(len, ' ') + "O\n"), "") << len;  // spaces
            EXPECT_EQ(compare("a O\n" + long_token + "\xC3" + " O\n"), "") << len;   // bad UTF-8
            EXPECT_EQ(compare(std::string(len, '\n') + "a O\n"), "") << len;       // blank lines
        }
    });
}

// Random files, a few hundred KB in all: well-formed lines with every kind of separator,
// blank and -DOCSTART- lines (most files), some with one bad byte, tag or column; and
// random runs of pieces (anything goes).
TEST(ConllReader, RandomFilesAgreeWithTheReference) {
    for_each_simd_target([&] {
        std::mt19937_64 rng(13);
        auto pick = [&](const std::vector<std::string> &v) -> const std::string & {
            return v[rng() % v.size()];
        };
        const std::vector<std::string> words = {"a", "word", "Z\xC3\xBCrich", "\xE6\x9D\xB1\xE4\xBA\xAC",
                                                "-DOCSTART-", "\xF0\x9F\x98\x80", "x.y", "12345678"};
        const std::vector<std::string> tag_list = {"O", "O", "O", "B-PER", "I-PER", "\xC3\xA9-X",
                                                   "TAG-EIGHT", "LONG-TAG-NAME-X", "12345678"};
        const std::vector<std::string> seps = {" ", " ", "\t", "  ", " \t ", "\v", "\f"};
        const std::vector<std::string> ends = {"\n", "\n", "\n", "\r\n", " \n", "\t\r\n"};
        const std::vector<std::string> bad = {"\xFF", "\xC3", "\xED\xA0\x80", "B-FOO", "\n", "\n\n"};
        const std::vector<std::string> pieces = {"a", "O", "B-PER", " ", "\t", "\r", "\n", "\n\n",
                                                 "-DOCSTART-", "\xC3\xA9", "\xFF", "\xC3"};
        int errors = 0, corpora = 0;
        for (int file = 0; file < 600; ++file) {
            std::string text;
            const size_t lines = rng() % (file % 20 == 0 ? 4000 : 60);
            if (file % 5 == 4) {  // anything goes
                for (size_t k = 0; k < lines * 3; ++k) text += pick(pieces);
            } else {
                for (size_t k = 0; k < lines; ++k) {
                    switch (rng() % 10) {
                    case 0: text += pick(ends); break;                   // blank
                    case 1: text += "-DOCSTART- -X- O" + pick(ends); break;
                    default:
                        if (rng() % 4 == 0) text += pick(seps);           // leading white space
                        text += pick(words);
                        if (rng() % 2) text += pick(seps) + "NN";         // a middle column
                        text += pick(seps) + pick(tag_list) + pick(ends);
                    }
                }
                if (rng() % 4 == 0 && !text.empty()) text.pop_back();  // no final newline
                if (file % 3 == 0 && !text.empty())                    // one mistake somewhere
                    text.insert(rng() % text.size(), pick(bad));
            }
            const std::string why = compare(text);
            ASSERT_EQ(why, "") << "file " << file << " of " << text.size() << " bytes";
            (error_of(text).empty() ? corpora : errors) += 1;
        }
        EXPECT_GT(corpora, 200);
        EXPECT_GT(errors, 100);
    });
}

// Class lists of every size (the tag table grows, probes, and must end a probe for an
// unknown tag even when every tag has a slot of its own), names of 1 to 12 bytes.
TEST(ConllReader, ManyClasses) {
    std::mt19937_64 rng(5);
    for (size_t n : {1u, 2u, 7u, 8u, 9u, 16u, 31u, 300u, 2000u}) {
        std::vector<std::string> names;
        tqcli::TagIndex index;
        for (size_t k = 0; k < n; ++k) names.push_back(std::string(1 + k % 12, 'A' + k % 26) +
                                                       std::to_string(k));
        for (size_t k = 0; k < n; ++k) index.emplace(names[k], static_cast<int32_t>(k));
        std::string text;
        for (int t = 0; t < 500; ++t) text += "w " + names[rng() % n] + (t % 9 == 8 ? "\n\n" : "\n");
        EXPECT_EQ(tqcli_reference::compare_readers(text, index, names), "") << n;
        for (const char *unknown : {"Z", "A", "AAAAAAAA", "AAAAAAAAAAAAAAAA", "A0 x"})
            EXPECT_EQ(tqcli_reference::compare_readers(text + "w " + unknown + "\n", index, names), "")
                << n << " " << unknown;
    }
}

TEST(ConllScan, VectorsAgreeWithTheScalarDefinition) {
    for_each_simd_target([&] {
        std::mt19937_64 rng(7);
        const std::string alphabet = std::string("ab \t\r\n\v\f\x7F\x80\xBF\xC2\xDF\xE0\xED\xEF\xF0\xF4\xF5\xFF", 20) +
                                     "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
        for (int round = 0; round < 3000; ++round) {
            const size_t size = rng() % 300;
            std::string bytes;
            const bool mostly_valid = round % 2 == 0;
            for (size_t i = 0; i < size; ++i)
                bytes += mostly_valid && rng() % 8 != 0 ? "a\xC3\xA9\n\xE2\x82\xAC"[rng() % 7]
                                                        : alphabet[rng() % alphabet.size()];
            const auto *d = reinterpret_cast<const unsigned char *>(bytes.data());
            const size_t begin = size >= 64 ? (rng() % (size / 64 + 1)) * 64 : 0;
            const size_t end = begin + rng() % (size + 2 - begin);
            const size_t words = (end - begin + 63) / 64;
            std::vector<uint64_t> nl1(words + 1), ws1(words + 1), nl2(words + 1), ws2(words + 1);
            const bool ok1 = tqcli::scan_blocks(d, bytes.size(), begin, end, nl1.data(), ws1.data());
            const bool ok2 = tqcli::scan_blocks_scalar(d, bytes.size(), begin, end, nl2.data(), ws2.data());
            ASSERT_EQ(ok1, ok2) << round;
            ASSERT_EQ(nl1, nl2) << round;
            ASSERT_EQ(ws1, ws2) << round;
            // The whole text: valid exactly when find_invalid_utf8 finds nothing.
            std::vector<uint64_t> nl(size / 64 + 1), ws(size / 64 + 1);
            ASSERT_EQ(tqcli::scan_blocks(d, size, 0, size + 1, nl.data(), ws.data()),
                      tqcli::find_invalid_utf8(d, size) == size) << round;
        }
    });
}

}  // namespace
