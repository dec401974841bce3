// The streaming, mergeable label inspector behind tq_inspector (cleanlab's
// find_label_issues_batched / LabelInspector), with exact, order-independent state so
// that inspectors fed different shards merge into the answer of one that saw all.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "exact_sum.hpp"
#include "inspector_arena.hpp"
#include "tokqual/tokqual.h"

namespace tq {

class Inspector {
public:
    enum Pass : int32_t { kThresholdPass = 1, kScoringPass = 2 };

    // Checks n_classes and the options (already read from the caller's struct).
    Inspector(int64_t n_classes, const tq_inspector_options &options);
    // A copy owns copies of the stored arrays (in its own arena).
    Inspector(const Inspector &other);
    Inspector &operator=(const Inspector &) = delete;
    Inspector(Inspector &&) = default;
    Inspector &operator=(Inspector &&) = default;

    int64_t n_classes() const { return n_classes_; }
    Pass pass() const { return pass_; }
    int64_t threshold_tokens() const { return threshold_tokens_; }
    int64_t scored_tokens() const { return scored_tokens_; }

    template <class T>
    void update_thresholds(const int32_t *labels, const T *pred_probs, int64_t n_tokens,
                           int64_t n_classes);
    void finish_thresholds();
    // Current thresholds; needs at least one token in pass 1.
    std::vector<double> thresholds() const;

    template <class T>
    void score(int64_t first_sentence, const int64_t *offsets, int64_t n_sentences,
               const int32_t *labels, const T *pred_probs, int64_t n_tokens, int64_t n_classes,
               double *token_scores);

    void merge(const Inspector &from);
    int64_t num_label_issues() const;
    void find_label_issues(int64_t *out_sentences, int64_t *out_tokens, int64_t capacity,
                           int64_t *out_count) const;

    std::string save() const;
    static Inspector load(const unsigned char *bytes, size_t size);

private:
    // Sentences scored together in one call, filed under their first sentence index.
    struct Batch {
        std::vector<int64_t> offsets;          // n_sentences + 1, from 0
        // Per token, in the inspector's arena (written before they are read, never zeroed),
        // in as few bytes as hold them exactly (pass 2 writes them and the ranking reads
        // them back, so their size is memory traffic): the score, in `float_scores` when it
        // is a float for every token (self-confidence of float32 data: the probability
        // itself; `floats`), else in `double_scores`; and one bit, whether the
        // argmax with the bonus is the label (never reported).
        bool floats = false;
        float *float_scores = nullptr;
        double *double_scores = nullptr;
        uint64_t *never_bits = nullptr;        // bit t % 64 of word t / 64
        int64_t n_sentences() const { return static_cast<int64_t>(offsets.size()) - 1; }
        int64_t n_tokens() const { return offsets.back(); }
        size_t n_words() const { return (static_cast<size_t>(n_tokens()) + 63) / 64; }
        double score(size_t t) const {
            return floats ? static_cast<double>(float_scores[t]) : double_scores[t];
        }
        bool never_reported(size_t t) const { return (never_bits[t / 64] >> (t % 64)) & 1; }
        // The arrays for the tokens of `offsets`, the scores as floats or doubles.
        void allocate(Arena &arena, bool as_floats) {
            const size_t n = static_cast<size_t>(n_tokens());
            floats = as_floats;
            if (as_floats)
                float_scores = arena.allocate<float>(n);
            else
                double_scores = arena.allocate<double>(n);
            never_bits = arena.allocate<uint64_t>(n_words());
        }
        // A copy whose arrays are in `arena`.
        Batch copy_into(Arena &arena) const {
            Batch b;
            b.offsets = offsets;
            b.allocate(arena, floats);
            const size_t n = static_cast<size_t>(n_tokens());
            if (floats)
                std::copy(float_scores, float_scores + n, b.float_scores);
            else
                std::copy(double_scores, double_scores + n, b.double_scores);
            std::copy(never_bits, never_bits + n_words(), b.never_bits);
            return b;
        }
    };

    void require_pass(Pass pass, const char *action) const;
    void require_scored() const;
    // A score such that probably a little more than `count` stored scores are at most it,
    // from a sample of the stored scores (`widen` > 1 asks for more); +infinity when the
    // sample cannot tell. Exact (the count-th smallest) when the sample is everything.
    double score_bound(int64_t count, double widen) const;
    // The places (flat index over the batches in sentence order, times 2, plus 1 if the
    // token can be reported) and values of the stored scores at most `bound`, in position
    // order; returns how many there are.
    int64_t scores_at_most(double bound, std::vector<int64_t> &places,
                           std::vector<double> &values) const;
    // Fails if sentences [first, first + n) meet a batch already stored.
    void require_free(int64_t first, int64_t n) const;
    bool same_settings(const Inspector &other) const;

    int64_t n_classes_;
    tq_inspector_options options_;
    Pass pass_ = kThresholdPass;

    // Pass 1: per class, the exact sum of p[label] over the tokens with that label.
    std::vector<ExactSum> class_sums_;
    std::vector<int64_t> class_tokens_;
    int64_t threshold_tokens_ = 0;

    // Pass 2.
    std::vector<double> thresholds_;        // fixed by finish_thresholds
    int64_t scored_tokens_ = 0;
    int64_t off_diagonal_count_ = 0;        // argmax != label and confident
    std::vector<int64_t> scored_per_class_; // tokens scored, by label
    std::vector<int64_t> confident_per_class_;
    std::vector<int64_t> off_diagonal_per_class_;
    std::map<int64_t, Batch> batches_;
    Arena arena_;  // the batches' per-token arrays
};

}  // namespace tq
