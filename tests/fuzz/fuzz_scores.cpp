// libFuzzer harness: tq_label_quality_scores_f32/_f64, tq_sentence_scores_from_token_scores,
// tq_issues_from_sentence_scores, tq_issues_from_token_scores.
//
// Input layout (see fuzz_util.hpp for the decoders):
//   byte   mode: bit 0 = also run the issues functions on raw decoded scores (NaN,
//          infinities, anything) instead of computed ones
//   byte   call flags: bit 0 options NULL, bit 1 bad struct_size, bit 2 a NULL pointer,
//          bit 3 a hostile size, bit 4 f32 (else f64)
//   bytes  options: token_method, sentence_method, temperature, n_threads
//   ...    dataset (read_dataset: up to 6 sentences of up to 6 tokens, K up to 6)
//   ...    thresholds and raw scores for the issues functions
//
// Checked: the call succeeds exactly when its input is valid (re-derived here); on
// success scores lie in [kScoreMin, kScoreMax], self-confidence is p[y], the margin is
// its formula, min is the minimum, softmin lies between min and max (the minimum at
// temperature 0, the mean at infinity), results are bitwise identical for every thread
// count, with or without token scores, and for _f32 and _f64 on the same values; on
// failure nothing is written and the message is fresh. The issue lists are compared
// with their exact expected value. tq_sentence_scores_from_token_scores gives the same
// bits as the full call on its token scores, and on raw scores succeeds exactly when they
// are all within [kScoreMin, kScoreMax] (with results between each sentence's min and
// max), else writes nothing.
#include "fuzz_checks.hpp"

namespace {

using namespace fuzz;

double read_temperature(Input &in) {
    static const double v[] = {0.05, 0.0, std::numeric_limits<double>::infinity(), 1e-7,
                               1e-6, 1e-300, 5e-324, 1.0, 100.0,
                               std::numeric_limits<double>::quiet_NaN(), -1.0, -0.0,
                               std::numeric_limits<double>::max(), 0.5, 1e-3, 2e-6};
    const uint8_t b = in.byte();
    if (b < 240) return v[b % 16];
    return in.any_double();
}

struct ScoreCall {
    const Dataset *d;
    bool f32 = false;
    const tq_score_options *options = nullptr;
    const int64_t *offsets = nullptr;
    const int32_t *labels = nullptr;
    const void *probs = nullptr;
    int64_t n_sentences = 0, n_tokens = 0, n_classes = 0;

    tq_status run(double *sentence_scores, double *token_scores) const {
        if (f32)
            return tq_label_quality_scores_f32(offsets, n_sentences, labels,
                                               static_cast<const float *>(probs), n_tokens,
                                               n_classes, options, sentence_scores, token_scores);
        return tq_label_quality_scores_f64(offsets, n_sentences, labels,
                                           static_cast<const double *>(probs), n_tokens,
                                           n_classes, options, sentence_scores, token_scores);
    }
};

// Runs the issues functions on `scores` (n_sentences of them per sentence, n_tokens per
// token) and compares with the exact expected lists.
void check_issues(Input &in, const Dataset &d, const std::vector<double> &sentence_scores,
                  const std::vector<double> &token_scores) {
    const double threshold = in.any_double();
    const bool null_out = in.byte() < 16;
    {
        Out<int64_t> out(sentence_scores.size());
        Out<int64_t> count(1);
        arm_error();
        const tq_status st = tq_issues_from_sentence_scores(
            data_or_null(sentence_scores), static_cast<int64_t>(sentence_scores.size()), threshold,
            null_out ? nullptr : out.ptr_nonnull(), count.ptr());
        // NULL is allowed for a buffer of documented size 0.
        bool ok = !std::isnan(threshold) && !(null_out && !sentence_scores.empty());
        for (double s : sentence_scores) ok = ok && !std::isnan(s);
        FUZZ_CHECK((st == TQ_OK) == ok);
        if (st == TQ_OK) {
            const std::vector<int64_t> want = expected_sentence_issues(sentence_scores, threshold);
            FUZZ_CHECK(count[0] == static_cast<int64_t>(want.size()));
            for (size_t k = 0; k < want.size(); ++k) FUZZ_CHECK(out[k] == want[k]);
            FUZZ_CHECK(out.untouched_from(want.size()));
        } else {
            check_error(st);
            FUZZ_CHECK(out.untouched() && count.untouched());
        }
    }
    if (!d.offsets_valid) {
        // Damaged offsets: the call must refuse them and write nothing.
        Out<int64_t> s(token_scores.size()), t(token_scores.size()), count(1);
        arm_error();
        const tq_status st = tq_issues_from_token_scores(
            d.offsets.data(), d.n_sentences, data_or_null(token_scores), d.n_tokens, threshold,
            s.ptr_nonnull(), t.ptr_nonnull(), count.ptr());
        const bool ok = offsets_ok(d.offsets.data(), d.n_sentences, d.n_tokens);
        if (!ok) {
            FUZZ_CHECK(st != TQ_OK);
        }
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(s.untouched() && t.untouched() && count.untouched());
        }
        return;
    }
    Out<int64_t> s(token_scores.size()), t(token_scores.size()), count(1);
    arm_error();
    const tq_status st = tq_issues_from_token_scores(
        d.offsets.data(), d.n_sentences, data_or_null(token_scores), d.n_tokens, threshold,
        null_out ? nullptr : s.ptr_nonnull(), t.ptr_nonnull(), count.ptr());
    bool ok = !std::isnan(threshold) && !(null_out && !token_scores.empty());
    for (double v : token_scores) ok = ok && !std::isnan(v);
    FUZZ_CHECK((st == TQ_OK) == ok);
    if (st != TQ_OK) {
        check_error(st);
        FUZZ_CHECK(s.untouched() && t.untouched() && count.untouched());
        return;
    }
    const std::vector<int64_t> want = expected_sentence_issues(token_scores, threshold);
    FUZZ_CHECK(count[0] == static_cast<int64_t>(want.size()));
    for (size_t k = 0; k < want.size(); ++k) {
        const int64_t sentence = d.sentence_of(want[k]);
        FUZZ_CHECK(s[k] == sentence);
        FUZZ_CHECK(t[k] == want[k] - d.offsets[sentence]);
    }
    FUZZ_CHECK(s.untouched_from(want.size()) && t.untouched_from(want.size()));
}

// tq_sentence_scores_from_token_scores on arbitrary token scores (the dataset's offsets,
// which may be damaged): success exactly when the call is valid, results within each
// sentence's range; nothing written on failure.
void check_aggregation(const Dataset &d, const tq_score_options *options, bool options_ok,
                       const std::vector<double> &token_scores) {
    Out<double> out(d.n_sentences);
    arm_error();
    const tq_status st = tq_sentence_scores_from_token_scores(
        d.offsets.data(), d.n_sentences, data_or_null(token_scores), d.n_tokens, options,
        out.ptr_nonnull());
    bool ok = options_ok && offsets_ok(d.offsets.data(), d.n_sentences, d.n_tokens);
    for (double v : token_scores) ok = ok && in_score_range(v);
    FUZZ_CHECK((st == TQ_OK) == ok);
    if (st != TQ_OK) {
        check_error(st);
        FUZZ_CHECK(out.untouched());
        return;
    }
    for (int64_t i = 0; i < d.n_sentences; ++i) {
        const auto first = token_scores.begin() + d.offsets[i];
        const auto last = token_scores.begin() + d.offsets[i + 1];
        FUZZ_CHECK(out[i] >= *std::min_element(first, last) && out[i] <= *std::max_element(first, last));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Input in(data, size);
    const uint8_t mode = in.byte();
    const uint8_t flags = in.byte();
    tq_score_options options;
    tq_score_options_init(&options);
    options.token_method = in.enum_value(3);
    options.sentence_method = in.enum_value(2);
    options.temperature = read_temperature(in);
    options.n_threads = in.byte() < 250 ? 1 + in.small(2) : -1 - in.small(3);
    if ((flags & 2) != 0) options.struct_size = in.coin() ? sizeof options + 8 : in.small(40);
    const Dataset d = read_dataset(in, 6, 6, 6);

    ScoreCall call;
    call.d = &d;
    call.f32 = (flags & 16) != 0;
    call.options = (flags & 1) != 0 ? nullptr : &options;
    call.offsets = d.offsets.data();
    call.labels = data_or_null(d.labels);
    call.probs = call.f32 ? static_cast<const void *>(data_or_null(d.p32))
                          : static_cast<const void *>(data_or_null(d.p64));
    call.n_sentences = d.n_sentences;
    call.n_tokens = d.n_tokens;
    call.n_classes = d.n_classes;
    bool null_scores = false, hostile = false;
    if ((flags & 4) != 0) {
        switch (in.byte() % 4) {
            case 0: call.offsets = nullptr; break;
            case 1: call.labels = nullptr; break;
            case 2: call.probs = nullptr; break;
            default: null_scores = true; break;
        }
    }
    if ((flags & 8) != 0) {
        hostile = true;
        switch (in.byte() % 3) {
            case 0: call.n_sentences = -1 - in.small(3); break;
            case 1: call.n_tokens = -1 - in.small(3); break;
            default:
                // Zero or negative, or (with two or more tokens) a K whose product with
                // n_tokens overflows int64_t.
                if (d.n_tokens >= 2 && in.coin())
                    call.n_classes = in.coin() ? std::numeric_limits<int64_t>::max()
                                               : std::numeric_limits<int64_t>::max() / 2 + 1;
                else
                    call.n_classes = -in.small(3);
                break;
        }
    }

    // Is the call valid? Re-derived from the header, independently of the library.
    const tq_score_options eff = call.options != nullptr ? options : [] {
        tq_score_options o;
        tq_score_options_init(&o);
        return o;
    }();
    const std::vector<double> &pv = call.f32 ? d.p32_as_64 : d.p64;
    bool exact_01 = true;
    for (double v : pv) exact_01 = exact_01 && v >= 0 && v <= 1;
    const bool options_ok =
        eff.struct_size == sizeof(tq_score_options) && eff.token_method >= 0 &&
        eff.token_method <= 2 && eff.sentence_method >= 0 && eff.sentence_method <= 1 &&
        !std::isnan(eff.temperature) && eff.temperature >= 0 && eff.n_threads >= 0;
    // offsets may be NULL for an empty dataset (validate.cpp accepts it; the header's
    // "Buffers" rule does not say so, as offsets then still has one entry).
    const bool pointers_ok = (call.offsets != nullptr || d.n_sentences == 0) && !(null_scores && d.n_sentences > 0) &&
                             (d.n_tokens == 0 || (call.labels != nullptr && call.probs != nullptr));
    const bool valid = options_ok && pointers_ok && !hostile &&
                       (call.offsets == nullptr || offsets_ok(d.offsets.data(), d.n_sentences, d.n_tokens)) &&
                       labels_ok(d.labels, d.n_classes) && probs_valid(pv) &&
                       (eff.token_method == TQ_SELF_CONFIDENCE || d.n_classes >= 2) &&
                       (eff.token_method != TQ_CONFIDENCE_WEIGHTED_ENTROPY || exact_01);

    Out<double> sentence_scores(d.n_sentences), token_scores(d.n_tokens);
    arm_error();
    const tq_status st = call.run(null_scores ? nullptr : sentence_scores.ptr_nonnull(),
                                  token_scores.ptr_nonnull());
    if (st != TQ_OK) {
        check_error(st);
        FUZZ_CHECK(sentence_scores.untouched() && token_scores.untouched());
    }
    FUZZ_CHECK((st == TQ_OK) == valid);
    if (st != TQ_OK) {
        if ((mode & 1) != 0) {
            std::vector<double> raw_s(d.n_sentences), raw_t(d.n_tokens);
            for (double &v : raw_s) v = in.any_double();
            for (double &v : raw_t) v = in.any_double();
            check_aggregation(d, call.options, options_ok, raw_t);
            check_issues(in, d, raw_s, raw_t);
        }
        return 0;
    }

    // Token scores: in range, and equal to their definition where it is simple.
    const int64_t K = d.n_classes;
    for (int64_t t = 0; t < d.n_tokens; ++t) {
        const double s = token_scores[t];
        FUZZ_CHECK(in_score_range(s));
        const double *row = pv.data() + t * K;
        const double own = row[d.labels[t]];
        if (eff.token_method == TQ_SELF_CONFIDENCE) {
            FUZZ_CHECK(s == own || (own > 1 && s == 1) || (own < 0 && s == 0));
        } else if (eff.token_method == TQ_NORMALIZED_MARGIN) {
            double other = -std::numeric_limits<double>::infinity();
            for (int64_t k = 0; k < K; ++k)
                if (k != d.labels[t]) other = std::max(other, row[k]);
            const double m = (own - other + 1) / 2;
            FUZZ_CHECK(std::fabs(s - std::min(std::max(m, 0.0), 1.0)) <= 1e-6 + 1e-15);
        }
    }
    // Sentence scores: in range, and consistent with the token scores.
    for (int64_t i = 0; i < d.n_sentences; ++i) {
        const double s = sentence_scores[i];
        FUZZ_CHECK(in_score_range(s));
        double lo = std::numeric_limits<double>::infinity(), hi = -lo, sum = 0;
        for (int64_t t = d.offsets[i]; t < d.offsets[i + 1]; ++t) {
            lo = std::min(lo, token_scores[t]);
            hi = std::max(hi, token_scores[t]);
            sum += token_scores[t];
        }
        if (eff.sentence_method == TQ_MIN || eff.temperature == 0) {
            FUZZ_CHECK(s == lo);
        } else {
            FUZZ_CHECK(s >= lo - 1e-12 && s <= hi + 1e-12);
            if (std::isinf(eff.temperature))
                FUZZ_CHECK(std::fabs(s - sum / (d.offsets[i + 1] - d.offsets[i])) <= 1e-12);
        }
    }

    // Bitwise identical: other thread counts, no token scores, and the other precision
    // on the same values.
    tq_score_options other = eff;
    other.n_threads = eff.n_threads == 1 ? 3 : 1;
    Out<double> s2(d.n_sentences), t2(d.n_tokens);
    ScoreCall call2 = call;
    call2.options = &other;
    FUZZ_CHECK(call2.run(s2.ptr_nonnull(), t2.ptr_nonnull()) == TQ_OK);
    FUZZ_CHECK(same_bytes(s2.vec(), sentence_scores.vec()));
    FUZZ_CHECK(same_bytes(t2.vec(), token_scores.vec()));
    Out<double> s3(d.n_sentences);
    FUZZ_CHECK(call.run(s3.ptr_nonnull(), nullptr) == TQ_OK);
    FUZZ_CHECK(same_bytes(s3.vec(), sentence_scores.vec()));
    if (call.f32) {
        ScoreCall as64 = call;
        as64.f32 = false;
        as64.probs = data_or_null(d.p32_as_64);
        Out<double> s4(d.n_sentences), t4(d.n_tokens);
        FUZZ_CHECK(as64.run(s4.ptr_nonnull(), t4.ptr_nonnull()) == TQ_OK);
        FUZZ_CHECK(same_bytes(s4.vec(), sentence_scores.vec()));
        FUZZ_CHECK(same_bytes(t4.vec(), token_scores.vec()));
    }

    // The sentence step alone, on the token scores just computed: the same bits.
    Out<double> s5(d.n_sentences);
    FUZZ_CHECK(tq_sentence_scores_from_token_scores(call.offsets, d.n_sentences,
                                                    data_or_null(token_scores.vec()), d.n_tokens,
                                                    &other, s5.ptr_nonnull()) == TQ_OK);
    FUZZ_CHECK(same_bytes(s5.vec(), sentence_scores.vec()));

    if ((mode & 1) != 0) {
        std::vector<double> raw_s(d.n_sentences), raw_t(d.n_tokens);
        for (double &v : raw_s) v = in.any_double();
        for (double &v : raw_t) v = in.any_double();
        check_aggregation(d, call.options, options_ok, raw_t);
        check_issues(in, d, raw_s, raw_t);
    } else {
        check_issues(in, d, sentence_scores.vec(), token_scores.vec());
    }
    return 0;
}
