#include "probs.hpp"

#include <cmath>

#include "errors.hpp"
#include "tq_calls.hpp"

namespace tqcli {

int32_t RowsView::argmax(int64_t row) const {
    int32_t best = 0;
    double best_value = at(row, 0);
    for (int64_t k = 1; k < n_classes; ++k) {
        double v = at(row, k);
        if (v > best_value) {
            best_value = v;
            best = static_cast<int32_t>(k);
        }
    }
    return best;
}

Probs::Probs(NpyArray array, bool logits, std::vector<int32_t> maps, int64_t n_classes)
    : array_(std::move(array)), logits_(logits), maps_(std::move(maps)), n_classes_(n_classes) {}

RowsView Probs::rows(int64_t begin, int64_t end) {
    const int64_t cols = array_.cols;
    const size_t first = static_cast<size_t>(begin * cols);
    const size_t count = static_cast<size_t>((end - begin) * cols);
    RowsView raw;
    raw.n_rows = end - begin;
    raw.n_classes = cols;
    if (array_.is_f64) raw.f64 = reinterpret_cast<const double *>(array_.data) + first;
    else raw.f32 = reinterpret_cast<const float *>(array_.data) + first;
    if (!transformed()) return raw;

    buffer_.resize(count);
    for (size_t i = 0; i < count; ++i) buffer_[i] = raw.at(0, static_cast<int64_t>(i));
    if (logits_) {  // softmax per row, shifted by the row's maximum so exp cannot overflow
        for (int64_t r = 0; r < raw.n_rows; ++r) {
            double *row = buffer_.data() + r * cols;
            double top = -INFINITY;
            for (int64_t k = 0; k < cols; ++k) {
                if (!std::isfinite(row[k]))
                    input_error(array_.element_location(begin + r, k) + ": logit " +
                                std::to_string(row[k]) + "; expected a finite number");
                top = std::max(top, row[k]);
            }
            double sum = 0;
            for (int64_t k = 0; k < cols; ++k) sum += (row[k] = std::exp(row[k] - top));
            for (int64_t k = 0; k < cols; ++k) row[k] /= sum;
        }
    }
    RowsView out;
    out.n_rows = raw.n_rows;
    out.n_classes = cols;
    out.f64 = buffer_.data();
    if (!maps_.empty()) {
        merged_.resize(static_cast<size_t>(out.n_rows * n_classes_));
        tq_status s = tq_merge_probs_f64(buffer_.data(), out.n_rows, cols, maps_.data(),
                                         n_classes_, merged_.data());
        if (s == TQ_ERR_INVALID_PROBABILITY) explain_bad_probability(begin, end);
        check(s, array_.where + ": --merge");
        out.f64 = merged_.data();
        out.n_classes = n_classes_;
    }
    return out;
}

void Probs::explain_bad_probability(int64_t begin, int64_t end) {
    const int64_t cols = array_.cols;
    for (int64_t r = begin; r < end; ++r) {
        for (int64_t k = 0; k < cols; ++k) {
            size_t i = static_cast<size_t>(r * cols + k);
            double v = array_.is_f64 ? reinterpret_cast<const double *>(array_.data)[i]
                                     : reinterpret_cast<const float *>(array_.data)[i];
            bool bad = logits_ ? !std::isfinite(v) : !(v >= -1e-6 && v <= 1 + 1e-6);
            if (bad) {
                char text[64];
                std::snprintf(text, sizeof text, "%.17g", v);
                input_error(array_.element_location(r, k) + ": value " + text + "; expected " +
                            (logits_ ? "a finite logit" : "a probability in [0, 1]") +
                            (logits_ ? "" : " (use --logits for raw model outputs)"));
            }
        }
    }
    if (!maps_.empty())
        input_error(array_.where + ": a row has no probability left after --merge drops "
                                   "classes; expected some mass on the kept classes");
}

}  // namespace tqcli
