// The streaming, mergeable label inspector behind tq_inspector (cleanlab's
// find_label_issues_batched / LabelInspector), with exact, order-independent state so
// that inspectors fed different shards merge into the answer of one that saw all.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "exact_sum.hpp"
#include "raw_vector.hpp"
#include "tokqual/tokqual.h"

namespace tq {

class Inspector {
public:
    enum Pass : int32_t { kThresholdPass = 1, kScoringPass = 2 };

    // Checks n_classes and the options (already read from the caller's struct).
    Inspector(int64_t n_classes, const tq_inspector_options &options);

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
        // Per token (raw: every element is written before it is read, so pass 2 does not
        // zero them first), in as few bytes as hold them exactly (pass 2 writes them and
        // the ranking reads them back, so their size is memory traffic): the score, in
        // `float_scores` when it is a float for every token (self-confidence of float32
        // data: the probability itself), else in `double_scores` (the other is empty);
        // and one bit, whether the argmax with the bonus is the label (never reported).
        RawVector<float> float_scores;
        RawVector<double> double_scores;
        RawVector<uint64_t> never_bits;        // bit t % 64 of word t / 64
        int64_t n_sentences() const { return static_cast<int64_t>(offsets.size()) - 1; }
        int64_t n_tokens() const { return offsets.back(); }
        double score(size_t t) const {
            return float_scores.empty() ? double_scores[t] : static_cast<double>(float_scores[t]);
        }
        bool never_reported(size_t t) const { return (never_bits[t / 64] >> (t % 64)) & 1; }
        // Sizes the arrays for n_tokens tokens, the scores as floats or doubles.
        void allocate(int64_t n_tokens, bool as_floats) {
            const size_t n = static_cast<size_t>(n_tokens);
            if (as_floats)
                float_scores.resize(n);
            else
                double_scores.resize(n);
            never_bits.resize((n + 63) / 64);
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
};

}  // namespace tq
