// Independent re-derivations of what the C API must accept and return, used by more than
// one harness: the validity of offsets and options, and the exact issue lists of
// tq_issues_from_*_scores.
#ifndef TOKQUAL_FUZZ_CHECKS_HPP
#define TOKQUAL_FUZZ_CHECKS_HPP

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "fuzz_util.hpp"

namespace fuzz {

// "Data layout": offsets start at 0, strictly increase and end at n_tokens.
inline bool offsets_ok(const int64_t *offsets, int64_t n_sentences, int64_t n_tokens) {
    if (offsets == nullptr || n_sentences < 0 || n_tokens < 0) return false;
    if (offsets[0] != 0 || offsets[n_sentences] != n_tokens) return false;
    for (int64_t s = 0; s < n_sentences; ++s)
        if (offsets[s + 1] <= offsets[s]) return false;
    return true;
}

inline bool labels_ok(const std::vector<int32_t> &labels, int64_t n_classes) {
    for (int32_t y : labels)
        if (y < 0 || y >= n_classes) return false;
    return true;
}

// Issue lists are "ranked most severe first; ties broken by position": keys ascending,
// equal keys by ascending position. Positions are (sentence, token) pairs.
struct Position {
    int64_t sentence, token;
    bool operator<(const Position &o) const {
        return sentence != o.sentence ? sentence < o.sentence : token < o.token;
    }
    bool operator==(const Position &o) const { return sentence == o.sentence && token == o.token; }
};

// Every issue is a distinct, valid position of the dataset.
inline void check_positions(const int64_t *sentences, const int64_t *tokens, int64_t count,
                            const std::vector<int64_t> &offsets) {
    const int64_t n_sentences = static_cast<int64_t>(offsets.size()) - 1;
    std::vector<Position> seen;
    for (int64_t k = 0; k < count; ++k) {
        const int64_t s = sentences[k];
        FUZZ_CHECK(s >= 0 && s < n_sentences);
        if (tokens != nullptr) FUZZ_CHECK(tokens[k] >= 0 && tokens[k] < offsets[s + 1] - offsets[s]);
        seen.push_back({s, tokens != nullptr ? tokens[k] : 0});
    }
    std::sort(seen.begin(), seen.end());
    FUZZ_CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
}

// The ranking order: key[k] non-decreasing, and equal keys in position order. With a
// relative `tolerance`, for keys computed by another formula than the one that ranked
// (their last bits may differ): a pair within it may come in either order.
inline void check_ranked(const std::vector<double> &keys, const std::vector<Position> &pos,
                         double tolerance = 0.0) {
    for (size_t k = 1; k < keys.size(); ++k) {
        const double slack = tolerance * std::fmax(1.0, std::fabs(keys[k]));
        FUZZ_CHECK(keys[k - 1] <= keys[k] + slack);
        if (keys[k - 1] >= keys[k] - slack && tolerance == 0.0) FUZZ_CHECK(pos[k - 1] < pos[k]);
    }
}

// The exact result of tq_issues_from_sentence_scores: indices with score < threshold,
// ascending score, ties by index.
inline std::vector<int64_t> expected_sentence_issues(const std::vector<double> &scores,
                                                     double threshold) {
    std::vector<int64_t> idx;
    for (size_t i = 0; i < scores.size(); ++i)
        if (scores[i] < threshold) idx.push_back(static_cast<int64_t>(i));
    std::stable_sort(idx.begin(), idx.end(),
                     [&](int64_t a, int64_t b) { return scores[a] < scores[b]; });
    return idx;
}

}  // namespace fuzz

#endif  // TOKQUAL_FUZZ_CHECKS_HPP
