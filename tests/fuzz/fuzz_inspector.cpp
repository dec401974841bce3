// libFuzzer harness: the streaming inspector, tq_inspector_*.
//
// Input layout (see fuzz_util.hpp for the decoders):
//   byte 0   mode: even = workflow, odd = load
// Workflow:
//   bytes    K (1..5, or a bad one), options: rank_by, adjust_pred_probs,
//            num_issues_method, n_threads, struct_size
//   ...      a dataset of K classes (read_dataset: up to 8 sentences of up to 5 tokens;
//            labels and probabilities may be bad, offsets are valid)
//   ...      a script of operations, one byte each plus arguments, on two inspectors A
//            and B: update thresholds, finish, score, merge, clone, save/load, counts,
//            thresholds, num_label_issues, find_label_issues, bad calls
// Load (the seed corpus holds saved inspectors of every pass, K and option; see
// make_inspector_seeds.cpp):
//   bytes 1..16   arguments for the calls made on the loaded inspector
//   bytes 17..    the bytes given to tq_inspector_load
//
// Checked: every call succeeds exactly when the state and input make it valid (a model
// of the inspector is kept here); on failure the message is fresh, outputs are untouched
// and the inspector is unchanged (its saved bytes are equal); counts and thresholds match
// the model (thresholds are the class means); issues are distinct scored positions, at
// most tq_inspector_num_label_issues of them, ranked by the scores pass 2 returned, ties
// by position; splitting a batch in two and merging in either order give the same saved
// bytes; save -> load -> save is byte for byte, and bytes that load accepts save back
// unchanged.
#include <map>
#include <memory>

#include "fuzz_checks.hpp"

namespace {

using namespace fuzz;

struct Deleter {
    void operator()(tq_inspector *p) const { tq_inspector_destroy(p); }
};
using Handle = std::unique_ptr<tq_inspector, Deleter>;

std::string save(const tq_inspector *h) {
    size_t size = 0;
    arm_error();
    const tq_status st = tq_inspector_save(h, nullptr, 0, &size);
    FUZZ_CHECK(st == TQ_OK || st == TQ_ERR_BUFFER_TOO_SMALL);
    if (st == TQ_OK) return std::string();  // an empty state: cannot be, but allowed
    check_error(st);
    FUZZ_CHECK(size > 0);
    // One byte short: refused, nothing written.
    Out<char> small(size - 1);
    size_t size2 = 0;
    arm_error();
    const tq_status st2 = tq_inspector_save(h, small.ptr_nonnull(), size - 1, &size2);
    FUZZ_CHECK(st2 == TQ_ERR_BUFFER_TOO_SMALL && size2 == size);
    check_error(st2);
    FUZZ_CHECK(small.untouched());
    std::string bytes(size, '\0');
    size_t size3 = 0;
    FUZZ_CHECK(tq_inspector_save(h, &bytes[0], size, &size3) == TQ_OK && size3 == size);
    return bytes;
}

Handle load(const std::string &bytes, tq_status *status) {
    tq_inspector *h = reinterpret_cast<tq_inspector *>(uintptr_t{0x1234});
    arm_error();
    *status = tq_inspector_load(bytes.data(), bytes.size(), &h);
    if (*status != TQ_OK) {
        check_error(*status);
        FUZZ_CHECK(h == nullptr);
        return Handle();
    }
    FUZZ_CHECK(h != nullptr);
    return Handle(h);
}

Handle clone(const tq_inspector *h) {
    tq_inspector *c = nullptr;
    FUZZ_CHECK(tq_inspector_clone(h, &c) == TQ_OK && c != nullptr);
    return Handle(c);
}

// save -> load -> save gives the same bytes.
void check_round_trip(const tq_inspector *h) {
    const std::string bytes = save(h);
    tq_status st;
    Handle back = load(bytes, &st);
    FUZZ_CHECK(st == TQ_OK);
    FUZZ_CHECK(save(back.get()) == bytes);
}

// What this harness knows about an inspector.
struct Model {
    Handle h;
    int pass = 1;
    int64_t threshold_tokens = 0, scored_tokens = 0;
    std::vector<int64_t> pass1_tokens;               // flat token ids of the dataset
    std::map<int64_t, int64_t> sentence_length;       // scored sentence -> its length
    std::map<std::pair<int64_t, int64_t>, double> score;  // (sentence, token) -> score
};

Model copy_of(const Model &m) {
    Model c;
    c.h = clone(m.h.get());
    c.pass = m.pass;
    c.threshold_tokens = m.threshold_tokens;
    c.scored_tokens = m.scored_tokens;
    c.pass1_tokens = m.pass1_tokens;
    c.sentence_length = m.sentence_length;
    c.score = m.score;
    return c;
}

// A batch: sentences [a, b) of the dataset, offsets rebased to 0.
struct Batch {
    int64_t a = 0, b = 0;
    std::vector<int64_t> offsets;
    std::vector<int32_t> labels;
    std::vector<double> p64;
    std::vector<float> p32;
    std::vector<double> p32_as_64;
    int64_t n_tokens() const { return static_cast<int64_t>(labels.size()); }
    int64_t n_sentences() const { return b - a; }
};

Batch make_batch(const Dataset &d, int64_t a, int64_t b) {
    Batch x;
    x.a = a;
    x.b = b;
    const int64_t K = d.n_classes, t0 = d.offsets[a], t1 = d.offsets[b];
    for (int64_t s = a; s <= b; ++s) x.offsets.push_back(d.offsets[s] - t0);
    x.labels.assign(d.labels.begin() + t0, d.labels.begin() + t1);
    x.p64.assign(d.p64.begin() + t0 * K, d.p64.begin() + t1 * K);
    x.p32.assign(d.p32.begin() + t0 * K, d.p32.begin() + t1 * K);
    x.p32_as_64.assign(d.p32_as_64.begin() + t0 * K, d.p32_as_64.begin() + t1 * K);
    return x;
}

struct Run {
    const Dataset *d = nullptr;
    int64_t K = 1;
    tq_inspector_options options;
    Model m[2];

    bool data_ok(const Batch &x, bool f32, bool exact) const {
        if (!labels_ok(x.labels, K)) return false;
        const std::vector<double> &p = f32 ? x.p32_as_64 : x.p64;
        if (!probs_valid(p)) return false;
        if (exact)
            for (double v : p)
                if (v < 0 || v > 1) return false;
        return true;
    }

    tq_status update(Model &m, const Batch &x, bool f32, int64_t n_classes) {
        return f32 ? tq_inspector_update_thresholds_f32(m.h.get(), data_or_null(x.labels),
                                                        data_or_null(x.p32), x.n_tokens(), n_classes)
                   : tq_inspector_update_thresholds_f64(m.h.get(), data_or_null(x.labels),
                                                        data_or_null(x.p64), x.n_tokens(), n_classes);
    }
    tq_status score(Model &m, int64_t first, const Batch &x, bool f32, double *out) {
        return f32 ? tq_inspector_score_f32(m.h.get(), first, x.offsets.data(), x.n_sentences(),
                                            data_or_null(x.labels), data_or_null(x.p32),
                                            x.n_tokens(), K, out)
                   : tq_inspector_score_f64(m.h.get(), first, x.offsets.data(), x.n_sentences(),
                                            data_or_null(x.labels), data_or_null(x.p64),
                                            x.n_tokens(), K, out);
    }

    void op_update(Input &in, Model &m) {
        const int64_t a = in.small(d->n_sentences), b = a + in.small(d->n_sentences - a);
        const Batch x = make_batch(*d, a, b);
        const bool f32 = in.coin();
        const bool bad_k = in.byte() >= 250;
        const std::string before = save(m.h.get());
        const bool valid = m.pass == 1 && !bad_k && data_ok(x, f32, false);
        // The same batch in two halves, on a copy: must give the same state.
        const bool split = in.coin() && valid && b - a >= 2;
        std::string halves;
        if (split) {
            Model c = copy_of(m);
            const int64_t mid = a + (b - a) / 2;
            FUZZ_CHECK(update(c, make_batch(*d, a, mid), f32, K) == TQ_OK);
            FUZZ_CHECK(update(c, make_batch(*d, mid, b), f32, K) == TQ_OK);
            halves = save(c.h.get());
        }
        arm_error();
        const tq_status st = update(m, x, f32, bad_k ? K + 1 : K);
        FUZZ_CHECK((st == TQ_OK) == valid);
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(save(m.h.get()) == before);
            return;
        }
        m.threshold_tokens += x.n_tokens();
        for (int64_t t = d->offsets[a]; t < d->offsets[b]; ++t) m.pass1_tokens.push_back(t);
        if (split) FUZZ_CHECK(save(m.h.get()) == halves);
    }

    void op_finish(Model &m) {
        const std::string before = save(m.h.get());
        arm_error();
        const tq_status st = tq_inspector_finish_thresholds(m.h.get());
        FUZZ_CHECK((st == TQ_OK) == (m.pass == 1 && m.threshold_tokens > 0));
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(st == TQ_ERR_INVALID_STATE);
            FUZZ_CHECK(save(m.h.get()) == before);
            return;
        }
        m.pass = 2;
    }

    bool overlaps(const Model &m, int64_t first, int64_t n) const {
        for (int64_t s = first; s < first + n; ++s)
            if (m.sentence_length.count(s) != 0) return true;
        return false;
    }

    void op_score(Input &in, Model &m) {
        const int64_t a = in.small(d->n_sentences), b = a + in.small(d->n_sentences - a);
        Batch x = make_batch(*d, a, b);
        const bool f32 = in.coin();
        const uint8_t how = in.byte();
        // Mostly the batch's own index; sometimes elsewhere, or negative.
        const int64_t first = how < 200 ? a : how < 250 ? a + 8 * (how % 4) : -1;
        const bool bad_offsets = in.byte() >= 240 && x.n_sentences() > 0;
        if (bad_offsets) x.offsets.back() += 1;
        const bool want_scores = in.byte() < 200;
        const std::string before = save(m.h.get());
        const bool valid = m.pass == 2 && first >= 0 && !bad_offsets &&
                           data_ok(x, f32, options.rank_by == TQ_CONFIDENCE_WEIGHTED_ENTROPY) &&
                           !overlaps(m, first, x.n_sentences());
        Out<double> out(x.n_tokens());
        arm_error();
        const tq_status st = score(m, first, x, f32, want_scores ? out.ptr_nonnull() : nullptr);
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(out.untouched());
            FUZZ_CHECK(save(m.h.get()) == before);
            // An adjusted row summing to 0 is not re-derived here.
            if (!(st == TQ_ERR_INVALID_VALUE && options.adjust_pred_probs == 1)) FUZZ_CHECK(!valid);
            return;
        }
        FUZZ_CHECK(valid);
        std::vector<double> scores = out.vec();
        if (!want_scores) {
            // The scores are needed for the ranking check: score a copy of the state
            // before this call, which must give the same state.
            tq_status lst;
            Handle c = load(before, &lst);
            FUZZ_CHECK(lst == TQ_OK);
            Model tmp;
            tmp.h = std::move(c);
            Out<double> out2(x.n_tokens());
            FUZZ_CHECK(score(tmp, first, x, f32, out2.ptr_nonnull()) == TQ_OK);
            FUZZ_CHECK(save(tmp.h.get()) == save(m.h.get()));
            scores = out2.vec();
        }
        for (int64_t i = 0; i < x.n_sentences(); ++i) {
            m.sentence_length[first + i] = x.offsets[i + 1] - x.offsets[i];
            for (int64_t j = 0; j < x.offsets[i + 1] - x.offsets[i]; ++j) {
                const double s = scores[x.offsets[i] + j];
                FUZZ_CHECK(std::isfinite(s));
                if (options.adjust_pred_probs == 0) FUZZ_CHECK(in_score_range(s));
                m.score[{first + i, j}] = s;
            }
        }
        m.scored_tokens += x.n_tokens();
    }

    bool same_thresholds(const Model &a, const Model &b) const {
        std::vector<double> ta(K), tb(K);
        return tq_inspector_thresholds(a.h.get(), ta.data(), K) == TQ_OK &&
               tq_inspector_thresholds(b.h.get(), tb.data(), K) == TQ_OK && same_bytes(ta, tb);
    }

    // 1: the merge must succeed, 0: it must fail, -1: either. In pass 2 the library
    // wants the same pass-1 state (token counts and exact sums), which the header words
    // as "the same thresholds": equal pass-1 token multisets must merge, different
    // thresholds must not, and anything between may go either way.
    int can_merge(const Model &into, const Model &from) const {
        if (into.pass != from.pass) return 0;
        for (const auto &s : from.sentence_length)
            if (into.sentence_length.count(s.first) != 0) return 0;
        if (into.pass == 1) return 1;
        if (!same_thresholds(into, from)) return 0;
        std::vector<int64_t> a = into.pass1_tokens, b = from.pass1_tokens;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        return a == b ? 1 : -1;
    }

    // Pass 1 adds the token sums; pass 2 adds the scored batches (pass 1 is shared).
    static void absorb(Model &into, const Model &from) {
        into.scored_tokens += from.scored_tokens;
        if (into.pass == 2) {
            into.sentence_length.insert(from.sentence_length.begin(), from.sentence_length.end());
            into.score.insert(from.score.begin(), from.score.end());
            return;
        }
        into.threshold_tokens += from.threshold_tokens;
        into.pass1_tokens.insert(into.pass1_tokens.end(), from.pass1_tokens.begin(),
                                 from.pass1_tokens.end());
        into.sentence_length.insert(from.sentence_length.begin(), from.sentence_length.end());
        into.score.insert(from.score.begin(), from.score.end());
    }

    void op_merge(Model &into, const Model &from) {
        const std::string before = save(into.h.get()), from_before = save(from.h.get());
        const int expected = can_merge(into, from);
        // The other order, on copies: the same state.
        std::string other_order;
        if (expected == 1) {
            Model c = copy_of(from);
            FUZZ_CHECK(tq_inspector_merge(c.h.get(), into.h.get()) == TQ_OK);
            other_order = save(c.h.get());
        }
        arm_error();
        const tq_status st = tq_inspector_merge(into.h.get(), from.h.get());
        FUZZ_CHECK(save(from.h.get()) == from_before);
        if (expected != -1) FUZZ_CHECK((st == TQ_OK) == (expected == 1));
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(save(into.h.get()) == before);
            return;
        }
        absorb(into, from);
        if (expected == 1) FUZZ_CHECK(save(into.h.get()) == other_order);
    }

    void op_merge_self(Model &m) {
        const std::string before = save(m.h.get());
        arm_error();
        const tq_status st = tq_inspector_merge(m.h.get(), m.h.get());
        FUZZ_CHECK(st == TQ_ERR_INVALID_VALUE);
        check_error(st);
        FUZZ_CHECK(save(m.h.get()) == before);
    }

    void check_counts(const Model &m) {
        Out<int64_t> a(1), b(1);
        FUZZ_CHECK(tq_inspector_counts(m.h.get(), a.ptr(), b.ptr()) == TQ_OK);
        FUZZ_CHECK(a[0] == m.threshold_tokens && b[0] == m.scored_tokens);
        FUZZ_CHECK(tq_inspector_counts(m.h.get(), nullptr, nullptr) == TQ_OK);
    }

    void check_thresholds(Input &in, const Model &m) {
        const bool bad_k = in.byte() >= 240;
        Out<double> out(K);
        arm_error();
        const tq_status st = tq_inspector_thresholds(m.h.get(), out.ptr(), bad_k ? K + 1 : K);
        FUZZ_CHECK((st == TQ_OK) == (!bad_k && m.threshold_tokens > 0));
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(out.untouched());
            return;
        }
        std::vector<double> sum(K, 0);
        std::vector<int64_t> count(K, 0);
        for (int64_t t : m.pass1_tokens) {
            const int32_t y = d->labels[t];
            // The model records which values were fed: f32 batches fed p32.
            sum[y] += d->p64[t * K + y];
            ++count[y];
        }
        for (int64_t k = 0; k < K; ++k) {
            FUZZ_CHECK(std::isfinite(out[k]) && out[k] >= 2e-6 && out[k] <= 1 + 1e-6);
            const double want = count[k] > 0 ? std::max(sum[k] / count[k], 2e-6) : 2e-6;
            // float batches see p32; allow float rounding.
            FUZZ_CHECK(std::fabs(out[k] - want) <= 1e-6);
        }
    }

    void check_issues(Input &in, const Model &m) {
        Out<int64_t> n(1);
        arm_error();
        const tq_status st = tq_inspector_num_label_issues(m.h.get(), n.ptr());
        const bool ready = m.pass == 2 && m.scored_tokens > 0;
        FUZZ_CHECK((st == TQ_OK) == ready);
        const uint8_t cap_byte = in.byte();
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(n.untouched());
            Out<int64_t> s(4), t(4), c(1);
            arm_error();
            const tq_status st2 = tq_inspector_find_label_issues(m.h.get(), s.ptr(), t.ptr(), 4, c.ptr());
            FUZZ_CHECK(st2 != TQ_OK);
            check_error(st2);
            FUZZ_CHECK(s.untouched() && t.untouched() && c.untouched());
            return;
        }
        FUZZ_CHECK(n[0] >= 0 && n[0] <= m.scored_tokens);
        // The needed count first, with capacity 0.
        Out<int64_t> c0(1);
        arm_error();
        const tq_status s0 = tq_inspector_find_label_issues(m.h.get(), nullptr, nullptr, 0, c0.ptr());
        FUZZ_CHECK(s0 == TQ_OK || s0 == TQ_ERR_BUFFER_TOO_SMALL);
        const int64_t need = c0[0];
        FUZZ_CHECK(need >= 0 && need <= n[0]);
        FUZZ_CHECK((s0 == TQ_OK) == (need == 0));
        if (s0 != TQ_OK) check_error(s0);
        // A capacity from the input: too small is refused with the count, else OK.
        const int64_t cap = cap_byte < 128 ? n[0] : cap_byte % (n[0] + 2);
        Out<int64_t> s(cap), t(cap), c(1);
        arm_error();
        const tq_status st2 = tq_inspector_find_label_issues(m.h.get(), s.ptr_nonnull(), t.ptr_nonnull(), cap, c.ptr());
        if (cap < need) {
            FUZZ_CHECK(st2 == TQ_ERR_BUFFER_TOO_SMALL && c[0] == need);
            check_error(st2);
            FUZZ_CHECK(s.untouched() && t.untouched());
            return;
        }
        FUZZ_CHECK(st2 == TQ_OK && c[0] == need);
        FUZZ_CHECK(s.untouched_from(need) && t.untouched_from(need));
        std::vector<Position> pos;
        std::vector<double> keys;
        for (int64_t k = 0; k < need; ++k) {
            const auto len = m.sentence_length.find(s[k]);
            FUZZ_CHECK(len != m.sentence_length.end());
            FUZZ_CHECK(t[k] >= 0 && t[k] < len->second);
            pos.push_back({s[k], t[k]});
            keys.push_back(m.score.at({s[k], t[k]}));
        }
        std::vector<Position> sorted = pos;
        std::sort(sorted.begin(), sorted.end());
        FUZZ_CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
        check_ranked(keys, pos);
    }

    void op_bad_call(Input &in, Model &m) {
        const std::string before = save(m.h.get());
        arm_error();
        tq_status st;
        switch (in.byte() % 8) {
            case 4: st = tq_inspector_clone(m.h.get(), nullptr); break;
            case 5: st = tq_inspector_counts(nullptr, nullptr, nullptr); break;
            case 6: {
                size_t size = 0;
                st = tq_inspector_save(m.h.get(), nullptr, 16, &size);  // NULL with a capacity
                break;
            }
            case 7: {
                const std::string bytes = save(m.h.get());
                st = tq_inspector_load(bytes.data(), bytes.size(), nullptr);
                break;
            }
            case 0: st = tq_inspector_update_thresholds_f64(m.h.get(), nullptr, nullptr, 1, K); break;
            case 1: st = tq_inspector_update_thresholds_f32(m.h.get(), nullptr, nullptr, -1, K); break;
            case 2: {
                const int64_t offsets[2] = {0, 1};
                st = tq_inspector_score_f64(m.h.get(), 0, offsets, 1, nullptr, nullptr, 1, K, nullptr);
                break;
            }
            default: st = tq_inspector_update_thresholds_f64(nullptr, nullptr, nullptr, 0, K); break;
        }
        FUZZ_CHECK(st != TQ_OK);
        check_error(st);
        FUZZ_CHECK(save(m.h.get()) == before);
    }

    void step(Input &in) {
        const uint8_t op = in.byte();
        Model &m = this->m[op >> 7];
        Model &other = this->m[1 - (op >> 7)];
        switch (op % 12) {
            case 0: case 1: op_update(in, m); break;
            case 2: op_finish(m); break;
            case 3: case 4: op_score(in, m); break;
            case 5: op_merge(m, other); break;
            case 6: {  // the other one becomes a copy of this one (sharding step 2)
                other = copy_of(m);
                FUZZ_CHECK(save(other.h.get()) == save(m.h.get()));
                break;
            }
            case 7: {  // replace by what save -> load gives
                const std::string bytes = save(m.h.get());
                tq_status st;
                Handle back = load(bytes, &st);
                FUZZ_CHECK(st == TQ_OK);
                FUZZ_CHECK(save(back.get()) == bytes);
                m.h = std::move(back);
                break;
            }
            case 8: check_counts(m); check_thresholds(in, m); break;
            case 9: check_issues(in, m); break;
            case 10: op_bad_call(in, m); break;
            default: op_merge_self(m); break;
        }
    }
};

int workflow(Input &in) {
    const uint8_t kb = in.byte();
    const int64_t K = kb < 250 ? 1 + kb % 5 : (kb % 2 ? 0 : 46341);
    tq_inspector_options options;
    tq_inspector_options_init(&options);
    options.rank_by = in.enum_value(3);
    {
        const uint8_t b = in.byte();
        options.adjust_pred_probs = b < 250 ? b % 2 : 2;
    }
    options.num_issues_method = in.enum_value(2);
    options.n_threads = in.byte() < 250 ? 1 + in.small(2) : -1;
    const bool null_options = in.byte() >= 240;
    if (in.byte() >= 250) options.struct_size = in.small(64);
    const tq_inspector_options eff = null_options ? [] {
        tq_inspector_options o;
        tq_inspector_options_init(&o);
        return o;
    }() : options;

    const bool valid = K >= 1 && K <= 46340 && eff.struct_size == sizeof eff &&
                       eff.rank_by >= 0 && eff.rank_by <= 2 &&
                       (eff.adjust_pred_probs == 0 || eff.adjust_pred_probs == 1) &&
                       !(eff.adjust_pred_probs == 1 && eff.rank_by == TQ_CONFIDENCE_WEIGHTED_ENTROPY) &&
                       (eff.num_issues_method == 0 || eff.num_issues_method == 1) &&
                       eff.n_threads >= 0 && (eff.rank_by == TQ_SELF_CONFIDENCE || K >= 2);
    Run run;
    run.K = K;
    run.options = eff;
    for (Model &m : run.m) {
        tq_inspector *h = reinterpret_cast<tq_inspector *>(uintptr_t{0x1234});
        arm_error();
        const tq_status st = tq_inspector_create(K, null_options ? nullptr : &options, &h);
        FUZZ_CHECK((st == TQ_OK) == valid);
        if (st != TQ_OK) {
            check_error(st);
            FUZZ_CHECK(h == nullptr);
            return 0;
        }
        m.h.reset(h);
    }
    const Dataset d = read_dataset(in, 8, 5, 5, K, false);
    run.d = &d;
    for (int ops = 0; ops < 32 && in.remaining() > 0; ++ops) run.step(in);
    for (Model &m : run.m) {
        run.check_counts(m);
        check_round_trip(m.h.get());
    }
    return 0;
}

// Fields of the saved format (src/inspector_io.cpp): n_classes is the i64 at byte 12
// (after the magic and the version), the pass the i32 at byte 36.
uint64_t saved_le(const std::string &bytes, size_t at, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n && at + i < bytes.size(); ++i)
        v |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[at + i])) << (8 * i);
    return v;
}
int64_t saved_classes(const std::string &bytes) { return static_cast<int64_t>(saved_le(bytes, 12, 8)); }
int32_t saved_i32(const std::string &bytes, size_t at) {
    return static_cast<int32_t>(static_cast<uint32_t>(saved_le(bytes, at, 4)));
}

int load_mode(Input &in) {
    uint8_t args[16];
    for (uint8_t &a : args) a = in.byte();
    const std::string bytes = in.rest();
    tq_status st;
    Handle h = load(bytes, &st);
    if (st != TQ_OK) return 0;
    // Load accepts canonical bytes only (batches ascending, no trailing bytes): what it
    // accepts saves back unchanged.
    const std::string canonical = save(h.get());
    FUZZ_CHECK(canonical == bytes);
    const int64_t K = saved_classes(canonical);
    FUZZ_CHECK(K >= 1 && K <= 46340);
    Input a(args, sizeof args);

    int64_t thr = -1, scored = -1;
    FUZZ_CHECK(tq_inspector_counts(h.get(), &thr, &scored) == TQ_OK);
    FUZZ_CHECK(thr >= 0 && scored >= 0);
    std::vector<double> t(K);
    arm_error();
    tq_status ts = tq_inspector_thresholds(h.get(), t.data(), K);
    FUZZ_CHECK((ts == TQ_OK) == (thr > 0));
    if (ts == TQ_OK)
        for (double v : t) FUZZ_CHECK(std::isfinite(v) && v >= 2e-6 && v <= 1 + 1e-6);
    else
        check_error(ts);

    // Every reading call, through the same checks as the workflow; the model knows only
    // what the state says about itself, so it is rebuilt from the issue list's needs.
    int64_t n = -1;
    arm_error();
    const tq_status sn = tq_inspector_num_label_issues(h.get(), &n);
    if (sn == TQ_OK) {
        FUZZ_CHECK(n >= 0 && n <= scored);
        int64_t need = -1;
        const tq_status s0 = tq_inspector_find_label_issues(h.get(), nullptr, nullptr, 0, &need);
        FUZZ_CHECK(s0 == TQ_OK || s0 == TQ_ERR_BUFFER_TOO_SMALL);
        FUZZ_CHECK(need >= 0 && need <= n);
        Out<int64_t> s(need), tk(need), c(1);
        FUZZ_CHECK(tq_inspector_find_label_issues(h.get(), s.ptr_nonnull(), tk.ptr_nonnull(), need,
                                                  c.ptr()) == TQ_OK);
        FUZZ_CHECK(c[0] == need);
        std::vector<Position> pos;
        for (int64_t k = 0; k < need; ++k) {
            FUZZ_CHECK(s[k] >= 0 && tk[k] >= 0);
            pos.push_back({s[k], tk[k]});
        }
        std::sort(pos.begin(), pos.end());
        FUZZ_CHECK(std::adjacent_find(pos.begin(), pos.end()) == pos.end());
    } else {
        check_error(sn);
        FUZZ_CHECK(sn == TQ_ERR_INVALID_STATE);
    }

    // Clone saves the same; merging with the clone doubles pass 1 (or overflows), and in
    // pass 2 overlaps unless nothing was scored.
    Handle c = clone(h.get());
    FUZZ_CHECK(save(c.get()) == canonical);
    arm_error();
    const tq_status sm = tq_inspector_merge(c.get(), h.get());
    if (sm == TQ_OK) {
        int64_t thr2 = -1, scored2 = -1;
        FUZZ_CHECK(tq_inspector_counts(c.get(), &thr2, &scored2) == TQ_OK);
        FUZZ_CHECK(scored2 == 2 * scored);
        FUZZ_CHECK(thr2 == (saved_i32(canonical, 36) == 1 ? 2 * thr : thr));
        FUZZ_CHECK(scored == 0);  // scored sentences would overlap
        check_round_trip(c.get());
    } else {
        check_error(sm);
        FUZZ_CHECK(save(c.get()) == canonical);
    }

    // Then feed it a little: finish, a batch of one sentence of a.small(3)+1 tokens.
    arm_error();
    const tq_status sf = tq_inspector_finish_thresholds(h.get());
    if (sf != TQ_OK) check_error(sf);
    const int64_t len = 1 + a.small(3);
    std::vector<int64_t> offsets = {0, len};
    std::vector<int32_t> labels;
    std::vector<double> probs;
    for (int64_t i = 0; i < len; ++i) {
        labels.push_back(static_cast<int32_t>(a.byte() % K));
        for (int64_t k = 0; k < K; ++k) probs.push_back(a.clean_prob());
    }
    const int64_t first = a.coin() ? 0 : int64_t{1} << 40;
    Out<double> out(len);
    arm_error();
    const tq_status ss = tq_inspector_score_f64(h.get(), first, offsets.data(), 1, labels.data(),
                                                probs.data(), len, K, out.ptr());
    if (ss != TQ_OK) {
        check_error(ss);
        FUZZ_CHECK(out.untouched());
    } else {
        for (int64_t i = 0; i < len; ++i) FUZZ_CHECK(std::isfinite(out[i]));
    }
    arm_error();
    const tq_status su = tq_inspector_update_thresholds_f64(h.get(), labels.data(), probs.data(), len, K);
    if (su != TQ_OK) check_error(su);
    int64_t n2 = -1;
    if (tq_inspector_num_label_issues(h.get(), &n2) == TQ_OK) {
        std::vector<int64_t> s(n2 + 1), tk(n2 + 1);
        int64_t c2 = -1;
        FUZZ_CHECK(tq_inspector_find_label_issues(h.get(), s.data(), tk.data(), n2, &c2) == TQ_OK);
        FUZZ_CHECK(c2 >= 0 && c2 <= n2);
    }
    check_round_trip(h.get());
    return 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Input in(data, size);
    return (in.byte() & 1) != 0 ? load_mode(in) : workflow(in);
}
