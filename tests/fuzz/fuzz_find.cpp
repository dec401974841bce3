// libFuzzer harness: tq_find_label_issues_f32/_f64 with every filter_by, rank_by and
// option, and the statistics under it (tq_confident_thresholds_*, tq_confident_joint_*,
// tq_num_label_issues_*, tq_adjust_pred_probs_*).
//
// Input layout (see fuzz_util.hpp for the decoders):
//   byte   call flags: bit 0 options NULL, bit 1 bad struct_size, bit 2 a NULL pointer,
//          bit 3 a hostile K, bit 4 f32 (else f64), bit 5 num_to_remove_per_class set
//   bytes  filter_by, rank_by, frac_noise, min_examples_per_class, n_threads,
//          adjust_pred_probs, calibrate, num_issues_method
//   ...    dataset (read_dataset: up to 10 sentences of up to 8 tokens, K up to 5)
//   ...    num_to_remove_per_class values
//
// Checked for find_label_issues: it succeeds exactly when the input is valid
// (re-derived from the header); on success the issues are distinct valid positions,
// ranked by the rank_by score (computed with tq_adjust_pred_probs_f64 and
// tq_label_quality_scores_f64), ties by position; no issue is a token whose boosted
// argmax is its label (except TQ_LOW_*); TQ_PREDICTED_NEQ_GIVEN is exactly its set,
// TQ_LOW_* select exactly tq_num_label_issues(TQ_OFF_DIAGONAL) tokens, TQ_BOTH is the
// intersection of the two prune methods, prune methods leave min_examples_per_class
// tokens in each class and respect num_to_remove_per_class; results are identical for
// every thread count and for _f32 and _f64 on the same values. On failure nothing is
// written. The statistics: thresholds are class means (2 for an absent class), the raw
// joint counts confident tokens, the calibrated joint's rows sum to the class counts,
// the number of issues is within [0, n_tokens], adjusted rows sum to 1.
#include "fuzz_checks.hpp"

namespace {

using namespace fuzz;

constexpr int64_t kMaxClasses = 46340;  // "n_classes 1 to 46340"

double read_frac_noise(Input &in) {
    static const double v[] = {1.0, 0.5, 0.1, 0.9, 1e-300, 5e-324, 0.0, -0.0,
                               std::numeric_limits<double>::quiet_NaN(),
                               std::numeric_limits<double>::infinity(), 1.0000000000000002,
                               0.999, -1.0, 2.0, 0.25, 0.75};
    return v[in.byte() % 16];
}

int64_t read_min_examples(Input &in) {
    static const int64_t v[] = {1, 0, 2, 3, 5, 100, std::numeric_limits<int64_t>::max(),
                                std::numeric_limits<int64_t>::max() - 1, int64_t{1} << 53,
                                (int64_t{1} << 53) + 1, int64_t{1} << 62, -1,
                                std::numeric_limits<int64_t>::min(), 4, 1, 0};
    return v[in.byte() % 16];
}

struct Flat {
    const Dataset *d;
    bool f32;
    const void *probs() const {
        return f32 ? static_cast<const void *>(data_or_null(d->p32))
                   : static_cast<const void *>(data_or_null(d->p64));
    }
    const std::vector<double> &values() const { return f32 ? d->p32_as_64 : d->p64; }
};

tq_status find(const Flat &f, const int64_t *offsets, const int32_t *labels, const void *probs,
               int64_t n_classes, const tq_find_options *o, int64_t *s, int64_t *t, int64_t *c) {
    const Dataset &d = *f.d;
    if (f.f32)
        return tq_find_label_issues_f32(offsets, d.n_sentences, labels,
                                        static_cast<const float *>(probs), d.n_tokens, n_classes,
                                        o, s, t, c);
    return tq_find_label_issues_f64(offsets, d.n_sentences, labels,
                                    static_cast<const double *>(probs), d.n_tokens, n_classes, o,
                                    s, t, c);
}

struct Issues {
    std::vector<int64_t> sentences, tokens;
};

// Runs find on the unmodified dataset; the call must succeed.
Issues find_ok(const Flat &f, const tq_find_options &o) {
    const Dataset &d = *f.d;
    Out<int64_t> s(d.n_tokens), t(d.n_tokens), c(1);
    FUZZ_CHECK(find(f, d.offsets.data(), data_or_null(d.labels), f.probs(), d.n_classes, &o,
                    s.ptr_nonnull(), t.ptr_nonnull(), c.ptr()) == TQ_OK);
    Issues r;
    r.sentences.assign(s.vec().begin(), s.vec().begin() + c[0]);
    r.tokens.assign(t.vec().begin(), t.vec().begin() + c[0]);
    return r;
}

// A token's first argmax, with `bonus` added to its label's probability.
int64_t argmax(const double *row, int64_t K, int32_t label, double bonus) {
    int64_t best = 0;
    double top = label == 0 ? row[0] + bonus : row[0];
    for (int64_t k = 1; k < K; ++k) {
        const double v = k == label ? row[k] + bonus : row[k];
        if (v > top) top = v, best = k;
    }
    return best;
}

void check_statistics(Input &in, const Flat &f, const tq_find_options *options,
                      bool options_ok, bool other_fields_ok, int32_t calibrate, int32_t method) {
    const Dataset &d = *f.d;
    const int64_t K = d.n_classes, n = d.n_tokens;
    const std::vector<double> &pv = f.values();
    const bool data_ok = labels_ok(d.labels, K) && probs_valid(pv);
    // The header says only n_threads is read; the library checks every field.
    // Either is accepted here: an error must then be TQ_ERR_INVALID_OPTION.
    const auto expect = [&](tq_status st, bool extra_ok) {
        const bool ok = options_ok && data_ok && extra_ok;
        if (ok && !other_fields_ok && st == TQ_ERR_INVALID_OPTION) return;
        FUZZ_CHECK((st == TQ_OK) == ok);
    };
    std::vector<int64_t> counts(K, 0);
    int present = 0;
    if (labels_ok(d.labels, K))
        for (int32_t y : d.labels) present += counts[y]++ == 0;

    const int which = in.byte() % 4;
    arm_error();
    if (which == 0) {
        Out<double> out(K);
        const tq_status st = f.f32
            ? tq_confident_thresholds_f32(data_or_null(d.labels), d.p32.data(), n, K, options, out.ptr())
            : tq_confident_thresholds_f64(data_or_null(d.labels), d.p64.data(), n, K, options, out.ptr());
        expect(st, true);
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(out.untouched());
            return;
        }
        for (int64_t k = 0; k < K; ++k) {
            if (counts[k] == 0) {
                FUZZ_CHECK(out[k] == 2.0);
                continue;
            }
            double sum = 0;
            for (int64_t t = 0; t < n; ++t)
                if (d.labels[t] == k) sum += pv[t * K + k];
            FUZZ_CHECK(std::isfinite(out[k]) && out[k] >= 2e-6);
            FUZZ_CHECK(std::fabs(out[k] - std::max(sum / counts[k], 2e-6)) <= 1e-12);
        }
    } else if (which == 1) {
        Out<int64_t> out(K * K);
        const tq_status st = f.f32
            ? tq_confident_joint_f32(data_or_null(d.labels), d.p32.data(), n, K, calibrate, options, out.ptr())
            : tq_confident_joint_f64(data_or_null(d.labels), d.p64.data(), n, K, calibrate, options, out.ptr());
        expect(st, calibrate == 0 || calibrate == 1);
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(out.untouched());
            return;
        }
        int64_t total = 0;
        for (int64_t i = 0; i < K; ++i) {
            int64_t row = 0;
            for (int64_t j = 0; j < K; ++j) {
                FUZZ_CHECK(out[i * K + j] >= 0);
                row += out[i * K + j];
            }
            // Raw: confident tokens labeled i, the diagonal raised to at least 1.
            if (calibrate == 0) FUZZ_CHECK(row <= counts[i] + 1 && out[i * K + i] >= 1);
            else if (n > 0) FUZZ_CHECK(row == counts[i]);
            total += row;
        }
        if (calibrate == 1 && n > 0) FUZZ_CHECK(total == n);
    } else if (which == 2) {
        Out<int64_t> out(1);
        const tq_status st = f.f32
            ? tq_num_label_issues_f32(data_or_null(d.labels), d.p32.data(), n, K, method, options, out.ptr())
            : tq_num_label_issues_f64(data_or_null(d.labels), d.p64.data(), n, K, method, options, out.ptr());
        expect(st, (method == 0 || method == 1) && (n == 0 || present >= 2));
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(out.untouched());
            return;
        }
        FUZZ_CHECK(out[0] >= 0 && out[0] <= n);
    } else {
        Out<double> out(n * K);
        const tq_status st = f.f32
            ? tq_adjust_pred_probs_f32(data_or_null(d.labels), d.p32.data(), n, K, options, out.ptr())
            : tq_adjust_pred_probs_f64(data_or_null(d.labels), d.p64.data(), n, K, options, out.ptr());
        // A shifted row that sums to 0 is TQ_ERR_INVALID_VALUE; not re-derived here.
        if (st != TQ_ERR_INVALID_VALUE) expect(st, true);
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(out.untouched());
            return;
        }
        for (int64_t t = 0; t < n; ++t) {
            double sum = 0;
            for (int64_t k = 0; k < K; ++k) {
                FUZZ_CHECK(std::isfinite(out[t * K + k]));
                sum += out[t * K + k];
            }
            FUZZ_CHECK(std::fabs(sum - 1) <= 1e-9);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Input in(data, size);
    const uint8_t flags = in.byte();
    tq_find_options o;
    tq_find_options_init(&o);
    o.filter_by = in.enum_value(7);
    o.rank_by = in.enum_value(3);
    o.frac_noise = read_frac_noise(in);
    o.min_examples_per_class = read_min_examples(in);
    o.n_threads = in.byte() < 250 ? 1 + in.small(2) : -1;
    {
        const uint8_t b = in.byte();
        o.adjust_pred_probs = b < 240 ? b % 2 : (b % 2 == 0 ? 2 : -1);
    }
    const int32_t calibrate = in.enum_value(2);
    const int32_t method = in.enum_value(2);
    if ((flags & 2) != 0) o.struct_size = in.coin() ? sizeof o + 8 : in.small(64);
    const Dataset d = read_dataset(in, 10, 8, 5);
    const int64_t K = d.n_classes;
    std::vector<int64_t> to_remove;
    if ((flags & 32) != 0) {
        for (int64_t k = 0; k < K; ++k) {
            const uint8_t b = in.byte();
            to_remove.push_back(b < 250 ? b % 6 : (b % 2 ? -1 : std::numeric_limits<int64_t>::max()));
        }
        o.num_to_remove_per_class = to_remove.data();
    }
    const tq_find_options *options = (flags & 1) != 0 ? nullptr : &o;
    tq_find_options eff;
    tq_find_options_init(&eff);
    if (options != nullptr) eff = o;

    const Flat f{&d, (flags & 16) != 0};
    const int64_t *offsets = d.offsets.data();
    const int32_t *labels = data_or_null(d.labels);
    const void *probs = f.probs();
    int64_t n_classes = K;
    bool null_out = false;
    if ((flags & 4) != 0) {
        switch (in.byte() % 4) {
            case 0: offsets = nullptr; break;
            case 1: labels = nullptr; break;
            case 2: probs = nullptr; break;
            default: null_out = true; break;
        }
    }
    if ((flags & 8) != 0) {
        // Outside 1..46340; buffers sized for the real K, which the call must not reach.
        static const int64_t bad[] = {0, -1, kMaxClasses + 1, std::numeric_limits<int64_t>::max()};
        n_classes = bad[in.byte() % 4];
    }
    const std::vector<double> &pv = f.values();

    // Validity, from the header.
    std::vector<int64_t> counts(K, 0);
    int present = 0;
    int32_t only_label = -1;
    if (labels_ok(d.labels, K))
        for (int32_t y : d.labels) {
            present += counts[y]++ == 0;
            only_label = y;
        }
    bool exact_01 = true;
    for (double v : pv) exact_01 = exact_01 && v >= 0 && v <= 1;
    const bool prune = eff.filter_by >= TQ_PRUNE_BY_NOISE_RATE && eff.filter_by <= TQ_BOTH;
    const bool low = eff.filter_by == TQ_LOW_NORMALIZED_MARGIN || eff.filter_by == TQ_LOW_SELF_CONFIDENCE;
    bool to_remove_ok = true;
    if (eff.num_to_remove_per_class != nullptr && labels_ok(d.labels, K))
        for (int64_t k = 0; k < K; ++k)
            to_remove_ok = to_remove_ok && to_remove[k] >= 0 && to_remove[k] <= counts[k];
    const bool fields_ok =
        eff.filter_by >= 0 && eff.filter_by <= 6 && eff.rank_by >= 0 && eff.rank_by <= 2 &&
        eff.frac_noise > 0 && eff.frac_noise <= 1 && eff.min_examples_per_class >= 0 &&
        (eff.adjust_pred_probs == 0 || eff.adjust_pred_probs == 1) &&
        !(eff.adjust_pred_probs == 1 && eff.rank_by == TQ_CONFIDENCE_WEIGHTED_ENTROPY) &&
        (eff.num_to_remove_per_class == nullptr || prune);
    const bool options_ok = eff.struct_size == sizeof(tq_find_options) && eff.n_threads >= 0;
    const bool has_tokens = d.n_tokens > 0;
    const bool valid =
        options_ok && fields_ok && to_remove_ok && n_classes == K && !null_out &&
        (offsets != nullptr || d.n_sentences == 0) && (!has_tokens || (labels != nullptr && probs != nullptr)) &&
        (offsets == nullptr || offsets_ok(offsets, d.n_sentences, d.n_tokens)) &&
        labels_ok(d.labels, K) && probs_valid(pv) &&
        (eff.rank_by == TQ_SELF_CONFIDENCE || K >= 2) &&
        (eff.filter_by != TQ_LOW_NORMALIZED_MARGIN || K >= 2) &&
        (eff.rank_by != TQ_CONFIDENCE_WEIGHTED_ENTROPY || exact_01) &&
        // Every token with the same label c: refused when c != 0, and for
        // TQ_PREDICTED_NEQ_GIVEN and TQ_LOW_* even when c == 0.
        (!has_tokens || present >= 2 ||
         (only_label == 0 && eff.filter_by != TQ_PREDICTED_NEQ_GIVEN && !low));

    Out<int64_t> out_s(d.n_tokens), out_t(d.n_tokens), count(1);
    arm_error();
    const tq_status st = find(f, offsets, labels, probs, n_classes, options, out_s.ptr_nonnull(),
                              out_t.ptr_nonnull(), null_out ? nullptr : count.ptr());
    if (st != TQ_OK) {
        check_error(st);
        FUZZ_CHECK(out_s.untouched() && out_t.untouched() && count.untouched());
        // A row whose shifted values sum to 0 (adjust_pred_probs) is not re-derived here.
        if (!(st == TQ_ERR_INVALID_VALUE && eff.adjust_pred_probs == 1)) FUZZ_CHECK(!valid);
        check_statistics(in, f, options, options_ok, fields_ok && to_remove_ok,
                         calibrate, method);
        return 0;
    }
    FUZZ_CHECK(valid);

    const int64_t c = count[0];
    FUZZ_CHECK(c >= 0 && c <= d.n_tokens);
    if (d.n_tokens == 0) return 0;  // offsets may have been NULL (or damaged and unused)
    check_positions(out_s.vec().data(), out_t.vec().data(), c, d.offsets);
    FUZZ_CHECK(out_s.untouched_from(c) && out_t.untouched_from(c));
    std::vector<Position> pos;
    std::vector<int64_t> flat;
    for (int64_t k = 0; k < c; ++k) {
        pos.push_back({out_s[k], out_t[k]});
        flat.push_back(d.offsets[out_s[k]] + out_t[k]);
    }

    // Ranked by the rank_by score of the (adjusted) probabilities.
    {
        std::vector<double> rank_probs = pv;
        bool have = true;
        if (eff.adjust_pred_probs == 1 && d.n_tokens > 0) {
            have = tq_adjust_pred_probs_f64(d.labels.data(), pv.data(), d.n_tokens, K, nullptr,
                                            rank_probs.data()) == TQ_OK;
        }
        tq_score_options so;
        tq_score_options_init(&so);
        so.token_method = eff.rank_by;
        so.n_threads = 1;
        std::vector<double> sentence_scores(d.n_sentences), token_scores(d.n_tokens);
        have = have && tq_label_quality_scores_f64(d.offsets.data(), d.n_sentences,
                                                   data_or_null(d.labels), data_or_null(rank_probs),
                                                   d.n_tokens, K, &so, sentence_scores.data(),
                                                   token_scores.data()) == TQ_OK;
        if (have) {
            std::vector<double> keys;
            for (int64_t t : flat) keys.push_back(token_scores[t]);
            // find ranks by the entropy as cleanlab.rank computes it (libm log, numpy's
            // pairwise sum: rank_scores.hpp); tq_label_quality_scores' vector log may
            // differ in the last bits (tokqual.h), so near-ties may swap.
            check_ranked(keys, pos,
                         eff.rank_by == TQ_CONFIDENCE_WEIGHTED_ENTROPY ? 1e-12 : 0.0);
        }
    }

    // Per-method facts.
    std::vector<char> is_issue(d.n_tokens, 0);
    std::vector<int64_t> flagged(K, 0);
    for (int64_t t : flat) {
        is_issue[t] = 1;
        ++flagged[d.labels[t]];
    }
    for (int64_t t = 0; t < d.n_tokens; ++t) {
        const double *row = pv.data() + t * K;
        const int32_t y = d.labels[t];
        const bool boosted_wins = argmax(row, K, y, 1e-6) == y;
        if (!low && is_issue[t]) FUZZ_CHECK(!boosted_wins);
        if (eff.filter_by == TQ_PREDICTED_NEQ_GIVEN)
            FUZZ_CHECK(is_issue[t] == (argmax(row, K, y, 0.0) != y && !boosted_wins));
    }
    if (low && d.n_tokens > 0) {
        int64_t want = -1;
        FUZZ_CHECK(tq_num_label_issues_f64(d.labels.data(), pv.data(), d.n_tokens, K,
                                           TQ_OFF_DIAGONAL, nullptr, &want) == TQ_OK);
        FUZZ_CHECK(c == std::min(want, d.n_tokens));
    }
    if (prune) {
        for (int64_t k = 0; k < K; ++k) {
            if (flagged[k] == 0) continue;
            FUZZ_CHECK(counts[k] > 1 && counts[k] > eff.min_examples_per_class);
            // num_to_remove_per_class replaces the counts that keep min_examples_per_class
            // tokens (as in cleanlab), so only without it are they left.
            if (eff.num_to_remove_per_class == nullptr)
                FUZZ_CHECK(counts[k] - flagged[k] >= eff.min_examples_per_class);
            if (eff.num_to_remove_per_class != nullptr && eff.filter_by == TQ_PRUNE_BY_CLASS)
                FUZZ_CHECK(flagged[k] <= to_remove[k]);
        }
    }
    if (eff.filter_by == TQ_BOTH) {
        tq_find_options a = eff, b = eff;
        a.filter_by = TQ_PRUNE_BY_NOISE_RATE;
        b.filter_by = TQ_PRUNE_BY_CLASS;
        const Issues ia = find_ok(f, a), ib = find_ok(f, b);
        std::vector<char> in_a(d.n_tokens, 0), in_b(d.n_tokens, 0);
        for (size_t k = 0; k < ia.sentences.size(); ++k) in_a[d.offsets[ia.sentences[k]] + ia.tokens[k]] = 1;
        for (size_t k = 0; k < ib.sentences.size(); ++k) in_b[d.offsets[ib.sentences[k]] + ib.tokens[k]] = 1;
        for (int64_t t = 0; t < d.n_tokens; ++t) FUZZ_CHECK(is_issue[t] == (in_a[t] && in_b[t]));
    }

    // Identical for another thread count, and for _f64 on the values _f32 saw.
    {
        tq_find_options other = eff;
        other.n_threads = eff.n_threads == 1 ? 3 : 1;
        const Issues r = find_ok(f, other);
        FUZZ_CHECK(static_cast<int64_t>(r.sentences.size()) == c);
        for (int64_t k = 0; k < c; ++k) FUZZ_CHECK(r.sentences[k] == out_s[k] && r.tokens[k] == out_t[k]);
        if (f.f32) {
            Dataset as64 = d;
            as64.p64 = d.p32_as_64;
            const Issues r64 = find_ok(Flat{&as64, false}, eff);
            FUZZ_CHECK(static_cast<int64_t>(r64.sentences.size()) == c);
            for (int64_t k = 0; k < c; ++k)
                FUZZ_CHECK(r64.sentences[k] == out_s[k] && r64.tokens[k] == out_t[k]);
        }
    }
    check_statistics(in, f, options, options_ok, true, calibrate, method);
    return 0;
}
