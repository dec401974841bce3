// libFuzzer harness: the text helpers and summaries (tq_get_sentence,
// tq_filter_sentences, tq_process_token, tq_map_labels, tq_merge_probs_*,
// tq_replace_word, tq_color_sentence, tq_format_issues_*, tq_common_label_issues_*,
// tq_format_common_label_issues_*, tq_filter_by_token, tq_subword_to_word_probs_*,
// tq_format_token_scores).
//
// Input layout (see fuzz_util.hpp for the decoders):
//   byte   which function (mod 13)
//   ...    its arguments. Strings are mostly pieces from a table of interesting UTF-8
//          (punctuation, white space, case-mapping edge cases, multi-byte characters,
//          NUL) and sometimes raw bytes (often ill-formed); string lists may have bad
//          offsets; capacities are decoded from 0 up.
//
// Checked for every text result: the snprintf protocol (capacity 0 reports the size;
// one byte short is refused with the size and nothing written; enough gives the text, a
// NUL after it and nothing beyond), the result is valid UTF-8 and the same on a second
// call. Ill-formed UTF-8 or bad offsets in an input must fail, with a fresh message and
// untouched outputs. Per function: get_sentence has no white space at its ends;
// filter_sentences matches cleanlab's default condition or calls the predicate once per
// sentence in order with the sentence's bytes; process_token and map_labels equal a
// reference; merge_probs and subword_to_word_probs are sums/averages of their rows;
// replacing a word by itself changes nothing and coloring only inserts the markers;
// common_label_issues rows are sorted counts of distinct issues; filter_by_token keeps a
// subsequence (exactly the ASCII case-insensitive matches for ASCII text);
// format_token_scores prints each token and a score that reads back exactly.
#include <functional>
#include <tuple>

#include "fuzz_checks.hpp"

namespace {

using namespace fuzz;

// ---- Strings ----------------------------------------------------------------------

const char *const kPieces[] = {
    "a", "B", "word", "Word_1", "the", "The", "THE", ".", ",", "-", "(", ")", "()", "'", "'s",
    "...", "#", "##ing", "\"", "!", "?weird", " ", "\t", "\n", "\x1c", "\xc2\xa0" /* NBSP */,
    "\xe2\x80\x83" /* em space */, "\xc3\xa9" /* é */, "\xc3\x89" /* É */, "\xc3\x9f" /* ß */,
    "\xc4\xb0" /* İ */, "\xce\xa3" /* Σ */, "\xcf\x82" /* ς */, "\xce\xa3\xce\x91" /* ΣΑ */,
    "\xe6\x97\xa5\xe6\x9c\xac" /* 日本 */, "\xf0\x9f\x98\x80" /* 😀 */,
    "\xcc\x81" /* combining acute */, "\xef\xac\x81" /* ﬁ */, "_", "1", "\xd9\xa3" /* ٣ */,
    "\x1b[31m", "\x1b[0m", "", "x"};
constexpr size_t kNumPieces = sizeof kPieces / sizeof kPieces[0];

// A string: 0 to 3 pieces, or (rarely) raw bytes.
std::string read_string(Input &in) {
    const uint8_t b = in.byte();
    if (b >= 240) return in.bytes(6);
    std::string s;
    for (int i = 0, n = b % 4; i < n; ++i) {
        const uint8_t p = in.byte();
        if (p == 255) s.push_back('\0');
        else s += kPieces[p % kNumPieces];
    }
    return s;
}

// A list of n strings as one buffer and n + 1 offsets (see "Text input"), optionally
// not starting at 0, optionally with one offset damaged.
struct StringList {
    std::string text;
    std::vector<int64_t> offsets;
    std::vector<std::string> items;
    bool offsets_ok = true;
    int64_t size() const { return static_cast<int64_t>(items.size()); }
    bool all_utf8() const {
        for (const std::string &s : items)
            if (!valid_utf8(s.data(), s.size())) return false;
        return true;
    }
    bool valid() const { return offsets_ok && all_utf8(); }
};

StringList read_list(Input &in, int64_t n, bool may_damage = true) {
    StringList l;
    const uint8_t flags = in.byte();
    if ((flags & 1) != 0) l.text = "pad";  // offsets need not start at 0
    l.offsets.push_back(static_cast<int64_t>(l.text.size()));
    for (int64_t i = 0; i < n; ++i) {
        l.items.push_back(read_string(in));
        l.text += l.items.back();
        l.offsets.push_back(static_cast<int64_t>(l.text.size()));
    }
    if ((flags & 2) != 0) l.text += "tail";
    if (may_damage && (flags & 0xF0) == 0xF0) {
        const size_t i = in.byte() % l.offsets.size();
        const int64_t v = static_cast<int64_t>(in.byte() % 48) - 4;
        if (v != l.offsets[i]) {
            l.offsets[i] = v;
            // Still valid if it stays non-decreasing and inside the text.
            bool ok = true;
            for (size_t k = 0; k < l.offsets.size(); ++k) {
                ok = ok && l.offsets[k] >= 0 && l.offsets[k] <= static_cast<int64_t>(l.text.size());
                if (k > 0) ok = ok && l.offsets[k] >= l.offsets[k - 1];
            }
            l.offsets_ok = ok;
            if (ok) {
                for (int64_t k = 0; k < n; ++k)
                    l.items[k] = l.text.substr(l.offsets[k], l.offsets[k + 1] - l.offsets[k]);
            }
        }
    }
    return l;
}

bool is_ascii_space(unsigned char c) { return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f); }

// ---- The text output protocol ------------------------------------------------------

using TextFn = std::function<tq_status(char *out, int64_t capacity, int64_t *out_size)>;

// Runs the protocol; returns the status of the size query and, on success, the text.
tq_status text_call(Input &in, const TextFn &fn, std::string *text) {
    Out<int64_t> size0(1);
    arm_error();
    const tq_status st0 = fn(nullptr, 0, size0.ptr());
    FUZZ_CHECK(st0 != TQ_OK);  // the NUL alone needs a byte
    check_error(st0);
    if (st0 != TQ_ERR_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(size0.untouched());
        return st0;
    }
    const int64_t need = size0[0];
    FUZZ_CHECK(need >= 0 && need < (int64_t{1} << 40));
    // Sometimes out_size NULL, or out_text NULL with a capacity: refused, nothing written.
    const uint8_t nulls = in.byte();
    if (nulls >= 240) {
        Out<char> out(need + 1);
        Out<int64_t> size(1);
        arm_error();
        const tq_status st = nulls % 2 ? fn(out.ptr_nonnull(), need + 1, nullptr)
                                       : fn(nullptr, need + 1, size.ptr());
        FUZZ_CHECK(st == TQ_ERR_NULL_ARGUMENT);
        check_error(st);
        FUZZ_CHECK(out.untouched() && size.untouched());
    }
    // One byte short: refused, nothing written, the size reported again.
    {
        Out<char> out(need);
        Out<int64_t> size(1);
        arm_error();
        const tq_status st = fn(out.ptr_nonnull(), need, size.ptr());
        FUZZ_CHECK(st == TQ_ERR_BUFFER_TOO_SMALL && size[0] == need);
        check_error(st);
        FUZZ_CHECK(out.untouched());
    }
    // Enough, with some slack from the input.
    const int64_t slack = in.small(3);
    Out<char> out(need + 1 + slack);
    Out<int64_t> size(1);
    FUZZ_CHECK(fn(out.ptr(), need + 1 + slack, size.ptr()) == TQ_OK);
    FUZZ_CHECK(size[0] == need);
    FUZZ_CHECK(out[need] == '\0');
    FUZZ_CHECK(out.untouched_from(need + 1));
    text->assign(out.vec().data(), need);
    FUZZ_CHECK(valid_utf8(text->data(), text->size()));
    // Deterministic.
    Out<char> again(need + 1);
    FUZZ_CHECK(fn(again.ptr(), need + 1, size.ptr()) == TQ_OK);
    FUZZ_CHECK(std::memcmp(again.vec().data(), out.vec().data(), need + 1) == 0);
    return TQ_ERR_BUFFER_TOO_SMALL;
}

// ---- The functions ----------------------------------------------------------------

void get_sentence(Input &in) {
    const StringList w = read_list(in, in.small(6));
    std::string text;
    const tq_status st = text_call(in, [&](char *o, int64_t c, int64_t *s) {
        return tq_get_sentence(w.text.data(), static_cast<int64_t>(w.text.size()), w.offsets.data(),
                               w.size(), o, c, s);
    }, &text);
    if (!w.valid()) FUZZ_CHECK(st != TQ_ERR_BUFFER_TOO_SMALL);
    if (st != TQ_ERR_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(!w.valid());
        return;
    }
    if (!text.empty()) FUZZ_CHECK(!is_ascii_space(text.front()) && !is_ascii_space(text.back()));
    size_t total = 0;
    for (const std::string &s : w.items) total += s.size() + 1;
    FUZZ_CHECK(text.size() <= total);
}

struct PredicateLog {
    const StringList *l;
    int64_t calls = 0;
    uint8_t salt = 0;
};

int predicate(const char *sentence, int64_t size, int64_t index, void *user) {
    auto *log = static_cast<PredicateLog *>(user);
    FUZZ_CHECK(index == log->calls);  // once per sentence, in order
    ++log->calls;
    const std::string &want = log->l->items[index];
    FUZZ_CHECK(size == static_cast<int64_t>(want.size()));
    FUZZ_CHECK(std::memcmp(sentence, want.data(), want.size()) == 0 && sentence[size] == '\0');
    return ((index + log->salt) & 1) != 0;
}

void filter_sentences(Input &in) {
    const StringList l = read_list(in, in.small(6));
    const uint8_t mode = in.byte();
    const bool custom = (mode & 1) != 0, mask_null = (mode & 2) != 0, kept_null = (mode & 4) != 0;
    PredicateLog log{&l, 0, static_cast<uint8_t>(mode >> 3)};
    Out<uint8_t> mask(l.size());
    Out<int64_t> kept(l.size()), count(1);
    arm_error();
    const tq_status st = tq_filter_sentences(
        l.text.data(), static_cast<int64_t>(l.text.size()), l.offsets.data(), l.size(),
        custom ? predicate : nullptr, &log, mask_null ? nullptr : mask.ptr_nonnull(),
        kept_null ? nullptr : kept.ptr_nonnull(), count.ptr());
    FUZZ_CHECK((st == TQ_OK) == l.valid());
    if (st != TQ_OK) {
        check_error(st);
        FUZZ_CHECK(mask.untouched() && kept.untouched() && count.untouched());
        return;
    }
    if (custom) FUZZ_CHECK(log.calls == l.size());
    int64_t n_kept = 0;
    for (int64_t i = 0; i < l.size(); ++i) {
        bool keep;
        if (custom) {
            keep = ((i + log.salt) & 1) != 0;
        } else {
            const std::string &s = l.items[i];
            int64_t chars = 0;
            for (unsigned char ch : s) chars += (ch & 0xC0) != 0x80;
            keep = chars > 1 && s.find('#') == std::string::npos;
        }
        if (!mask_null) FUZZ_CHECK(mask[i] == (keep ? 1 : 0));
        if (keep) {
            if (!kept_null) FUZZ_CHECK(kept[n_kept] == i);
            ++n_kept;
        }
    }
    FUZZ_CHECK(count[0] == n_kept);
    if (!kept_null) FUZZ_CHECK(kept.untouched_from(n_kept));
}

void process_token(Input &in) {
    const std::string token = read_string(in);
    const int64_t n_pairs = in.small(3);
    const StringList pairs = read_list(in, 2 * n_pairs);
    bool valid = valid_utf8(token.data(), token.size()) && (n_pairs == 0 || pairs.valid());
    std::vector<std::pair<std::string, std::string>> rules;  // first position, last value
    if (n_pairs == 0) rules.push_back({"#", ""});
    for (int64_t p = 0; p < n_pairs && valid; ++p) {
        const std::string &find = pairs.items[2 * p], &repl = pairs.items[2 * p + 1];
        if (find.empty()) valid = false;
        bool seen = false;
        for (auto &r : rules)
            if (r.first == find) r.second = repl, seen = true;
        if (!seen) rules.push_back({find, repl});
    }
    std::string text;
    const tq_status st = text_call(in, [&](char *o, int64_t c, int64_t *s) {
        return tq_process_token(token.data(), static_cast<int64_t>(token.size()),
                                n_pairs ? pairs.text.data() : nullptr,
                                static_cast<int64_t>(pairs.text.size()),
                                n_pairs ? pairs.offsets.data() : nullptr, n_pairs, o, c, s);
    }, &text);
    FUZZ_CHECK((st == TQ_ERR_BUFFER_TOO_SMALL) == valid);
    if (!valid) return;
    std::string want;
    for (size_t i = 0; i < token.size();) {
        bool hit = false;
        for (const auto &r : rules)
            if (token.compare(i, r.first.size(), r.first) == 0) {
                want += r.second;
                i += r.first.size();
                hit = true;
                break;
            }
        if (!hit) want.push_back(token[i++]);
    }
    FUZZ_CHECK(text == want);
}

void map_labels(Input &in) {
    const int64_t n_labels = in.small(6), n_maps = in.small(5);
    std::vector<int32_t> labels(n_labels), maps(n_maps);
    for (int32_t &y : labels) y = static_cast<int32_t>(in.byte() % 7) - 1;
    for (int32_t &m : maps) m = static_cast<int32_t>(in.byte()) - 128;
    bool valid = true;
    for (int32_t y : labels) valid = valid && y >= 0 && y < n_maps;
    const bool in_place = in.coin();
    Out<int32_t> out(n_labels);
    std::vector<int32_t> buf = labels;
    arm_error();
    const tq_status st = tq_map_labels(data_or_null(labels), n_labels, data_or_null(maps), n_maps,
                                       in_place ? buf.data() : out.ptr_nonnull());
    FUZZ_CHECK((st == TQ_OK) == valid);
    if (st != TQ_OK) {
        check_error(st);
        FUZZ_CHECK(out.untouched() && buf == labels);
        return;
    }
    for (int64_t i = 0; i < n_labels; ++i)
        FUZZ_CHECK((in_place ? buf[i] : out[i]) == maps[labels[i]]);
}

void merge_probs(Input &in) {
    const Dataset d = read_dataset(in, 3, 3, 5);
    const int64_t K = d.n_classes, n = d.n_tokens;
    std::vector<int32_t> maps(K);
    for (int32_t &m : maps) {
        const uint8_t b = in.byte();
        m = b < 240 ? static_cast<int32_t>(b % 5) - 1 : -2;
    }
    int32_t top = -1;
    bool maps_ok = true, dropped = false;
    for (int32_t m : maps) {
        top = std::max(top, m);
        maps_ok = maps_ok && m >= -1;
        dropped = dropped || m == -1;
    }
    const int64_t M = in.byte() < 240 ? top + 1 : top + 2;
    const bool f32 = in.coin();
    const std::vector<double> &pv = f32 ? d.p32_as_64 : d.p64;
    // The reference, in double.
    std::vector<double> want(static_cast<size_t>(std::max<int64_t>(M, 0) * n), 0.0);
    bool valid = maps_ok && top >= 0 && M == top + 1 && probs_valid(pv);
    for (int64_t t = 0; t < n && valid; ++t) {
        double kept = 0;
        for (int64_t k = 0; k < K; ++k)
            if (maps[k] >= 0) {
                want[t * M + maps[k]] += pv[t * K + k];
                kept += pv[t * K + k];
            }
        if (dropped) {
            if (!(kept > 0)) valid = false;
            for (int64_t j = 0; j < M; ++j) want[t * M + j] /= kept;
        }
    }
    const size_t out_n = static_cast<size_t>(std::max<int64_t>(M, 0) * n);
    arm_error();
    if (f32) {
        Out<float> out(out_n);
        const tq_status st = tq_merge_probs_f32(data_or_null(d.p32), n, K, maps.data(), M, out.ptr_nonnull());
        FUZZ_CHECK((st == TQ_OK) == valid);
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(out.untouched());
            return;
        }
        for (size_t i = 0; i < out_n; ++i)
            FUZZ_CHECK(std::fabs(out[i] - want[i]) <= 1e-6 * (1 + std::fabs(want[i])));
    } else {
        Out<double> out(out_n);
        const tq_status st = tq_merge_probs_f64(data_or_null(d.p64), n, K, maps.data(), M, out.ptr_nonnull());
        FUZZ_CHECK((st == TQ_OK) == valid);
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(out.untouched());
            return;
        }
        for (size_t i = 0; i < out_n; ++i)
            FUZZ_CHECK(std::fabs(out[i] - want[i]) <= 1e-12 * (1 + std::fabs(want[i])));
    }
}

void replace_word(Input &in) {
    const std::string sentence = read_string(in) + read_string(in) + read_string(in);
    const std::string word = read_string(in);
    const uint8_t mode = in.byte();
    const bool valid = valid_utf8(sentence.data(), sentence.size()) && valid_utf8(word.data(), word.size());
    std::string text;
    if ((mode & 1) == 0) {
        // The word replaced by itself: nothing changes.
        const tq_status st = text_call(in, [&](char *o, int64_t c, int64_t *s) {
            return tq_replace_word(sentence.data(), static_cast<int64_t>(sentence.size()), word.data(),
                                   static_cast<int64_t>(word.size()), word.data(),
                                   static_cast<int64_t>(word.size()), o, c, s);
        }, &text);
        FUZZ_CHECK((st == TQ_ERR_BUFFER_TOO_SMALL) == valid);
        if (valid) FUZZ_CHECK(text == sentence);
        const std::string other = read_string(in);
        const bool valid2 = valid && valid_utf8(other.data(), other.size());
        const tq_status st2 = text_call(in, [&](char *o, int64_t c, int64_t *s) {
            return tq_replace_word(sentence.data(), static_cast<int64_t>(sentence.size()), word.data(),
                                   static_cast<int64_t>(word.size()), other.data(),
                                   static_cast<int64_t>(other.size()), o, c, s);
        }, &text);
        FUZZ_CHECK((st2 == TQ_ERR_BUFFER_TOO_SMALL) == valid2);
        // A non-empty word that does not occur leaves the sentence as it is.
        if (valid2 && !word.empty() && sentence.find(word) == std::string::npos) FUZZ_CHECK(text == sentence);
        return;
    }
    // Coloring with markers that occur nowhere else only inserts the markers.
    const char *before = "\x01<", *after = ">\x02";
    const bool custom = (mode & 2) != 0;
    const tq_status st = text_call(in, [&](char *o, int64_t c, int64_t *s) {
        return tq_color_sentence(sentence.data(), static_cast<int64_t>(sentence.size()), word.data(),
                                 static_cast<int64_t>(word.size()), custom ? before : nullptr,
                                 custom ? after : nullptr, o, c, s);
    }, &text);
    FUZZ_CHECK((st == TQ_ERR_BUFFER_TOO_SMALL) == valid);
    if (!valid) return;
    const std::string b = custom ? before : TQ_ANSI_RED, a = custom ? after : TQ_ANSI_RESET;
    if (sentence.find(b) != std::string::npos || sentence.find(a) != std::string::npos ||
        word.find(b) != std::string::npos || word.find(a) != std::string::npos)
        return;
    std::string stripped;
    for (size_t i = 0; i < text.size();) {
        if (text.compare(i, b.size(), b) == 0) i += b.size();
        else if (text.compare(i, a.size(), a) == 0) i += a.size();
        else stripped.push_back(text[i++]);
    }
    // An empty word is inserted between the markers; it adds nothing either.
    FUZZ_CHECK(stripped == sentence);
}

// A dataset of tokens with text, for the summaries.
struct Summary {
    Dataset d;
    StringList tokens;
    std::vector<int64_t> issue_s, issue_t;
    bool issues_ok = true;
    bool with_labels = false, with_probs = false;
    StringList class_names;
    bool with_names = false;
    std::vector<int32_t> exclude;
    int64_t n_exclude = 0;
    bool f32 = false;
};

Summary read_summary(Input &in) {
    Summary s;
    s.d = read_dataset(in, 4, 4, 4);
    // A damaged offset may still leave valid offsets.
    s.d.offsets_valid = offsets_ok(s.d.offsets.data(), s.d.n_sentences, s.d.n_tokens);
    s.tokens = read_list(in, s.d.n_tokens);
    const int64_t n_issues = in.small(5);
    for (int64_t k = 0; k < n_issues; ++k) {
        const uint8_t b = in.byte();
        int64_t sentence = s.d.n_sentences > 0 ? b % s.d.n_sentences : 0;
        int64_t token = in.byte() % 5;
        if (b >= 250) sentence = b % 2 ? -1 : s.d.n_sentences;
        s.issue_s.push_back(sentence);
        s.issue_t.push_back(token);
        const bool ok = s.d.offsets_valid && sentence >= 0 && sentence < s.d.n_sentences &&
                        token < s.d.offsets[sentence + 1] - s.d.offsets[sentence];
        s.issues_ok = s.issues_ok && ok;
    }
    const uint8_t flags = in.byte();
    s.with_labels = (flags & 1) != 0;
    s.with_probs = (flags & 2) != 0;
    s.with_names = (flags & 4) != 0;
    s.f32 = (flags & 8) != 0;
    if (s.with_names) s.class_names = read_list(in, s.d.n_classes);
    s.n_exclude = in.small(2);
    for (int64_t e = 0; e < 2 * s.n_exclude; ++e) s.exclude.push_back(static_cast<int32_t>(in.byte() % 5));
    return s;
}

// The inputs are certainly bad (the call must fail) when a token or (for the functions
// that take them) a class name is ill-formed or has bad offsets, an issue is outside the
// dataset, or the data is bad.
bool summary_certainly_bad(const Summary &s, bool uses_names) {
    if (!s.tokens.valid() || !s.issues_ok || !s.d.offsets_valid) return true;
    if (uses_names && s.with_names && !s.class_names.valid()) return true;
    if (s.with_labels && !labels_ok(s.d.labels, s.d.n_classes)) return true;
    if (s.with_probs && !probs_valid(s.f32 ? s.d.p32_as_64 : s.d.p64)) return true;
    return false;
}

void format_issues(Input &in) {
    const Summary s = read_summary(in);
    const bool sentence_level = in.byte() >= 224;
    tq_format_issues_options o;
    tq_format_issues_options_init(&o);
    const uint8_t top = in.byte();
    o.top = top < 250 ? top % 4 : -1;
    if (in.coin()) {
        o.highlight_before = "<<";
        o.highlight_after = ">>";
    }
    std::string text;
    const tq_status st = text_call(in, [&](char *out, int64_t c, int64_t *size) {
        const int32_t *labels = s.with_labels ? data_or_null(s.d.labels) : nullptr;
        const char *names = s.with_names ? s.class_names.text.data() : nullptr;
        const int64_t names_size = s.with_names ? static_cast<int64_t>(s.class_names.text.size()) : 0;
        const int64_t *name_offsets = s.with_names ? s.class_names.offsets.data() : nullptr;
        const int64_t *issue_tokens = sentence_level ? nullptr : data_or_null(s.issue_t);
        if (s.f32)
            return tq_format_issues_f32(s.d.offsets.data(), s.d.n_sentences, s.tokens.text.data(),
                                        static_cast<int64_t>(s.tokens.text.size()), s.tokens.offsets.data(),
                                        s.d.n_tokens, data_or_null(s.issue_s), issue_tokens,
                                        static_cast<int64_t>(s.issue_s.size()), labels,
                                        s.with_probs ? data_or_null(s.d.p32) : nullptr, s.d.n_classes,
                                        names, names_size, name_offsets, data_or_null(s.exclude),
                                        s.n_exclude, &o, out, c, size);
        return tq_format_issues_f64(s.d.offsets.data(), s.d.n_sentences, s.tokens.text.data(),
                                    static_cast<int64_t>(s.tokens.text.size()), s.tokens.offsets.data(),
                                    s.d.n_tokens, data_or_null(s.issue_s), issue_tokens,
                                    static_cast<int64_t>(s.issue_s.size()), labels,
                                    s.with_probs ? data_or_null(s.d.p64) : nullptr, s.d.n_classes,
                                    names, names_size, name_offsets, data_or_null(s.exclude),
                                    s.n_exclude, &o, out, c, size);
    }, &text);
    const bool bad_issue_sentence = [&] {
        for (int64_t v : s.issue_s)
            if (v < 0 || v >= s.d.n_sentences) return true;
        return false;
    }();
    if (o.top < 0 || !s.tokens.valid() || !s.d.offsets_valid || bad_issue_sentence ||
        (!sentence_level && summary_certainly_bad(s, true)))
        FUZZ_CHECK(st != TQ_ERR_BUFFER_TOO_SMALL);
}

void common_label_issues(Input &in) {
    const Summary s = read_summary(in);
    const int64_t n_issues = static_cast<int64_t>(s.issue_s.size());
    const uint8_t nulls = in.byte();
    Out<int64_t> words(n_issues), counts(n_issues), count(1);
    Out<int32_t> given(n_issues), predicted(n_issues);
    const int32_t *labels = s.with_labels ? data_or_null(s.d.labels) : nullptr;
    int32_t *given_p = (nulls & 1) ? nullptr : given.ptr_nonnull();
    int32_t *pred_p = (nulls & 2) ? nullptr : predicted.ptr_nonnull();
    arm_error();
    const tq_status st = s.f32
        ? tq_common_label_issues_f32(s.d.offsets.data(), s.d.n_sentences, s.tokens.text.data(),
                                     static_cast<int64_t>(s.tokens.text.size()), s.tokens.offsets.data(),
                                     s.d.n_tokens, data_or_null(s.issue_s), data_or_null(s.issue_t),
                                     n_issues, labels, s.with_probs ? data_or_null(s.d.p32) : nullptr,
                                     s.d.n_classes, data_or_null(s.exclude), s.n_exclude,
                                     words.ptr_nonnull(), given_p, pred_p, counts.ptr_nonnull(), count.ptr())
        : tq_common_label_issues_f64(s.d.offsets.data(), s.d.n_sentences, s.tokens.text.data(),
                                     static_cast<int64_t>(s.tokens.text.size()), s.tokens.offsets.data(),
                                     s.d.n_tokens, data_or_null(s.issue_s), data_or_null(s.issue_t),
                                     n_issues, labels, s.with_probs ? data_or_null(s.d.p64) : nullptr,
                                     s.d.n_classes, data_or_null(s.exclude), s.n_exclude,
                                     words.ptr_nonnull(), given_p, pred_p, counts.ptr_nonnull(), count.ptr());
    if (st != TQ_OK) {
        check_error(st);
        FUZZ_CHECK(words.untouched() && counts.untouched() && count.untouched() &&
                   given.untouched() && predicted.untouched());
        return;
    }
    FUZZ_CHECK(!summary_certainly_bad(s, false));
    const int64_t rows = count[0];
    FUZZ_CHECK(rows >= 0 && rows <= n_issues);
    const bool swaps = s.with_labels && s.with_probs;
    int64_t total = 0;
    std::vector<std::tuple<std::string, int32_t, int32_t>> seen;
    for (int64_t r = 0; r < rows; ++r) {
        FUZZ_CHECK(words[r] >= 0 && words[r] < s.d.n_tokens);
        FUZZ_CHECK(counts[r] >= (swaps ? 0 : 1));
        if (r > 0) FUZZ_CHECK(counts[r - 1] >= counts[r]);
        total += counts[r];
        const int32_t g = given_p ? given[r] : -1, p = pred_p ? predicted[r] : -1;
        if (swaps) {
            if (given_p) FUZZ_CHECK(g >= 0 && g < s.d.n_classes);
            if (pred_p) FUZZ_CHECK(p >= 0 && p < s.d.n_classes);
        } else {
            FUZZ_CHECK(g == -1 && p == -1);
        }
        seen.emplace_back(s.tokens.items[words[r]], g, p);
    }
    if (!swaps) FUZZ_CHECK(total == n_issues);
    FUZZ_CHECK(total <= n_issues);
    if (given_p && pred_p) {
        std::sort(seen.begin(), seen.end());
        FUZZ_CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
    }
    FUZZ_CHECK(words.untouched_from(rows) && counts.untouched_from(rows));
}

void format_common_label_issues(Input &in) {
    const Summary s = read_summary(in);
    tq_common_issues_options o;
    tq_common_issues_options_init(&o);
    const uint8_t top = in.byte();
    o.top = top < 250 ? top % 4 : -1;
    o.verbose = in.coin();
    if (in.byte() >= 250) o.struct_size = 3;
    std::string text;
    const tq_status st = text_call(in, [&](char *out, int64_t c, int64_t *size) {
        const int32_t *labels = s.with_labels ? data_or_null(s.d.labels) : nullptr;
        const char *names = s.with_names ? s.class_names.text.data() : nullptr;
        const int64_t names_size = s.with_names ? static_cast<int64_t>(s.class_names.text.size()) : 0;
        const int64_t *name_offsets = s.with_names ? s.class_names.offsets.data() : nullptr;
        if (s.f32)
            return tq_format_common_label_issues_f32(
                s.d.offsets.data(), s.d.n_sentences, s.tokens.text.data(),
                static_cast<int64_t>(s.tokens.text.size()), s.tokens.offsets.data(), s.d.n_tokens,
                data_or_null(s.issue_s), data_or_null(s.issue_t), static_cast<int64_t>(s.issue_s.size()),
                labels, s.with_probs ? data_or_null(s.d.p32) : nullptr, s.d.n_classes, names, names_size,
                name_offsets, data_or_null(s.exclude), s.n_exclude, &o, out, c, size);
        return tq_format_common_label_issues_f64(
            s.d.offsets.data(), s.d.n_sentences, s.tokens.text.data(),
            static_cast<int64_t>(s.tokens.text.size()), s.tokens.offsets.data(), s.d.n_tokens,
            data_or_null(s.issue_s), data_or_null(s.issue_t), static_cast<int64_t>(s.issue_s.size()),
            labels, s.with_probs ? data_or_null(s.d.p64) : nullptr, s.d.n_classes, names, names_size,
            name_offsets, data_or_null(s.exclude), s.n_exclude, &o, out, c, size);
    }, &text);
    if (o.top < 0 || o.struct_size != sizeof o || summary_certainly_bad(s, true))
        FUZZ_CHECK(st != TQ_ERR_BUFFER_TOO_SMALL);
}

std::string ascii_lower(const std::string &s) {
    std::string r = s;
    for (char &c : r)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return r;
}

void filter_by_token(Input &in) {
    const Summary s = read_summary(in);
    const std::string word = read_string(in);
    const int64_t n_issues = static_cast<int64_t>(s.issue_s.size());
    Out<int64_t> os(n_issues), ot(n_issues), count(1);
    arm_error();
    const tq_status st = tq_filter_by_token(
        word.data(), static_cast<int64_t>(word.size()), s.d.offsets.data(), s.d.n_sentences,
        s.tokens.text.data(), static_cast<int64_t>(s.tokens.text.size()), s.tokens.offsets.data(),
        s.d.n_tokens, data_or_null(s.issue_s), data_or_null(s.issue_t), n_issues, os.ptr_nonnull(),
        ot.ptr_nonnull(), count.ptr());
    const bool valid = s.tokens.valid() && s.issues_ok && s.d.offsets_valid &&
                       valid_utf8(word.data(), word.size());
    FUZZ_CHECK((st == TQ_OK) == valid);
    if (st != TQ_OK) {
        check_error(st);
        FUZZ_CHECK(os.untouched() && ot.untouched() && count.untouched());
        return;
    }
    const auto ascii = [](const std::string &x) {
        for (unsigned char c : x)
            if (c >= 0x80) return false;
        return true;
    };
    // A subsequence of the issues, in order; exact for ASCII text.
    int64_t k = 0;
    for (int64_t i = 0; i < n_issues; ++i) {
        const bool kept = k < count[0] && os[k] == s.issue_s[i] && ot[k] == s.issue_t[i];
        const std::string &tok = s.tokens.items[s.d.offsets[s.issue_s[i]] + s.issue_t[i]];
        if (ascii(tok) && ascii(word)) FUZZ_CHECK(kept == (ascii_lower(tok) == ascii_lower(word)));
        if (kept) ++k;
    }
    FUZZ_CHECK(k == count[0]);
    FUZZ_CHECK(os.untouched_from(k) && ot.untouched_from(k));
}

void subword_to_word(Input &in) {
    const Dataset d = read_dataset(in, 1, 6, 4);
    const int64_t K = d.n_classes, n_sub = d.n_tokens, n_words = in.small(4);
    std::vector<int64_t> begin(n_words), end(n_words);
    bool valid = probs_valid(d.p64);
    for (int64_t w = 0; w < n_words; ++w) {
        begin[w] = static_cast<int64_t>(in.byte() % 8) - 1;
        end[w] = begin[w] + static_cast<int64_t>(in.byte() % 4);
        valid = valid && begin[w] >= 0 && begin[w] < end[w] && end[w] <= n_sub;
    }
    const bool weighted = in.coin();
    std::vector<double> weights;
    if (weighted) {
        for (int64_t w = 0; w < n_words; ++w) {
            const int64_t rows = std::max<int64_t>(end[w] - begin[w], 0);
            double sum = 0;
            bool ok = true;
            for (int64_t r = 0; r < rows; ++r) {
                const uint8_t b = in.byte();
                weights.push_back(b < 240 ? (b % 4) : Input::special(b));
                ok = ok && std::isfinite(weights.back()) && weights.back() >= 0;
                sum += ok ? weights.back() : 0;
            }
            valid = valid && ok && sum > 0;
        }
    }
    const bool f32 = in.coin();
    const std::vector<double> &pv = f32 ? d.p32_as_64 : d.p64;
    if (f32) valid = valid && probs_valid(pv);
    const size_t out_n = static_cast<size_t>(n_words * K);
    std::vector<double> got(out_n);
    arm_error();
    tq_status st;
    if (f32) {
        Out<float> out(out_n);
        st = tq_subword_to_word_probs_f32(data_or_null(d.p32), n_sub, K, begin.data(), end.data(), n_words,
                                          weighted ? data_or_null(weights) : nullptr,
                                          weighted ? static_cast<int64_t>(weights.size()) : 0, out.ptr_nonnull());
        if (st != TQ_OK) FUZZ_CHECK(out.untouched());
        for (size_t i = 0; i < out_n && st == TQ_OK; ++i) got[i] = out[i];
    } else {
        Out<double> out(out_n);
        st = tq_subword_to_word_probs_f64(data_or_null(d.p64), n_sub, K, begin.data(), end.data(), n_words,
                                          weighted ? data_or_null(weights) : nullptr,
                                          weighted ? static_cast<int64_t>(weights.size()) : 0, out.ptr_nonnull());
        if (st != TQ_OK) FUZZ_CHECK(out.untouched());
        for (size_t i = 0; i < out_n && st == TQ_OK; ++i) got[i] = out[i];
    }
    FUZZ_CHECK((st == TQ_OK) == valid);
    if (st != TQ_OK) {
        check_error(st);
        return;
    }
    const double tol = f32 ? 1e-6 : 1e-12;
    for (int64_t w = 0; w < n_words; ++w)
        for (int64_t k = 0; k < K; ++k) {
            double lo = INFINITY, hi = -INFINITY;
            for (int64_t r = begin[w]; r < end[w]; ++r) {
                lo = std::min(lo, pv[r * K + k]);
                hi = std::max(hi, pv[r * K + k]);
            }
            const double v = got[w * K + k];
            FUZZ_CHECK(v >= lo - tol && v <= hi + tol);
            if (end[w] - begin[w] == 1 && !f32) FUZZ_CHECK(same_bits(v, pv[begin[w] * K + k]));
        }
}

void format_token_scores(Input &in) {
    const StringList w = read_list(in, in.small(5));
    std::vector<double> scores(w.size());
    for (double &s : scores) s = in.any_double();
    bool finite = true;
    for (double s : scores) finite = finite && std::isfinite(s);
    std::string text;
    const tq_status st = text_call(in, [&](char *o, int64_t c, int64_t *s) {
        return tq_format_token_scores(w.text.data(), static_cast<int64_t>(w.text.size()), w.offsets.data(),
                                      w.size(), data_or_null(scores), o, c, s);
    }, &text);
    FUZZ_CHECK((st == TQ_ERR_BUFFER_TOO_SMALL) == (w.valid() && finite));
    if (st != TQ_ERR_BUFFER_TOO_SMALL) return;
    // "<token>\t<score>\n" per token; the score reads back exactly.
    size_t at = 0;
    for (int64_t i = 0; i < w.size(); ++i) {
        const std::string &tok = w.items[i];
        FUZZ_CHECK(text.compare(at, tok.size(), tok) == 0);
        at += tok.size();
        FUZZ_CHECK(at < text.size() && text[at] == '\t');
        const size_t nl = text.find('\n', at + 1);
        FUZZ_CHECK(nl != std::string::npos);
        const std::string number = text.substr(at + 1, nl - at - 1);
        char *end = nullptr;
        const double v = std::strtod(number.c_str(), &end);
        FUZZ_CHECK(end == number.c_str() + number.size() && !number.empty());
        FUZZ_CHECK(v == scores[i] && std::signbit(v) == std::signbit(scores[i]));
        at = nl + 1;
    }
    FUZZ_CHECK(at == text.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Input in(data, size);
    switch (in.byte() % 13) {
        case 0: get_sentence(in); break;
        case 1: filter_sentences(in); break;
        case 2: process_token(in); break;
        case 3: map_labels(in); break;
        case 4: merge_probs(in); break;
        case 5: case 6: replace_word(in); break;
        case 7: format_issues(in); break;
        case 8: common_label_issues(in); break;
        case 9: format_common_label_issues(in); break;
        case 10: filter_by_token(in); break;
        case 11: subword_to_word(in); break;
        default: format_token_scores(in); break;
    }
    return 0;
}
