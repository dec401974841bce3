// The probabilities as the library reads them: the .npy array itself (mapped, never
// copied), or, with --logits or --merge, rows transformed into a buffer of doubles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "npy.hpp"

namespace tqcli {

// Rows of n_classes values, float32 or float64 (exactly one pointer is set).
struct RowsView {
    const float *f32 = nullptr;
    const double *f64 = nullptr;
    int64_t n_rows = 0, n_classes = 0;

    double at(int64_t row, int64_t k) const {
        size_t i = static_cast<size_t>(row * n_classes + k);
        return f64 ? f64[i] : static_cast<double>(f32[i]);
    }
    // The first index of the row's largest value (numpy's argmax).
    int32_t argmax(int64_t row) const;
};

// Calls f(const float *) or f(const double *) with the view's data.
template <class F>
auto visit(const RowsView &v, F &&f) {
    return v.f64 ? f(v.f64) : f(v.f32);
}

class Probs {
public:
    Probs() = default;
    // `maps` as ClassSetup::maps (empty: no merge), n_classes the dataset's class count.
    Probs(NpyArray array, bool logits, std::vector<int32_t> maps, int64_t n_classes);

    const NpyArray &array() const { return array_; }
    int64_t n_classes() const { return n_classes_; }
    bool transformed() const { return logits_ || !maps_.empty(); }

    // Rows [begin, end) as the library should read them. A transformed view lives in a
    // buffer owned by this object and stays valid until the next call of rows().
    RowsView rows(int64_t begin, int64_t end);

    // After the library refused the rows [begin, end) for a bad probability: finds the
    // first value outside [-1e-6, 1 + 1e-6] (or NaN/inf) and throws an input error naming
    // its byte offset in the file; returns if there is none.
    void explain_bad_probability(int64_t begin, int64_t end);

private:
    NpyArray array_;
    bool logits_ = false;
    std::vector<int32_t> maps_;
    int64_t n_classes_ = 0;
    std::vector<double> buffer_, merged_;
};

}  // namespace tqcli
