// The extern "C" layer of the "Streaming inspector" header section: the opaque handle
// and argument forwarding; the work is in inspector.cpp and inspector_io.cpp.
#include <cstring>
#include <memory>
#include <new>

#include "c_api.hpp"
#include "inspector.hpp"
#include "options.hpp"
#include "validate.hpp"

struct tq_inspector {
    tq::Inspector inspector;
};

namespace {

tq::Inspector &get(tq_inspector *handle, const char *name) {
    tq::require_pointer(handle, name);
    return handle->inspector;
}

const tq::Inspector &get(const tq_inspector *handle, const char *name) {
    tq::require_pointer(handle, name);
    return handle->inspector;
}

// Stores a new handle in *out, which was already checked and set to NULL.
void hand_out(tq::Inspector &&inspector, tq_inspector **out) {
    *out = new tq_inspector{std::move(inspector)};
}

}  // namespace

extern "C" {

tq_status tq_inspector_options_init(tq_inspector_options *options) {
    if (options == nullptr) {
        tq::set_last_error("tq_inspector_options_init", "options is NULL");
        return TQ_ERR_NULL_ARGUMENT;
    }
    std::memset(static_cast<void *>(options), 0, sizeof *options);
    options->struct_size = sizeof *options;
    options->rank_by = TQ_SELF_CONFIDENCE;
    options->adjust_pred_probs = 0;
    options->num_issues_method = TQ_OFF_DIAGONAL;
    options->n_threads = 0;
    return TQ_OK;
}

tq_status tq_inspector_create(int64_t n_classes, const tq_inspector_options *options,
                              tq_inspector **out_inspector) {
    return tq::guarded_call(__func__, [&] {
        tq::require_pointer(out_inspector, "out_inspector");
        *out_inspector = nullptr;
        const tq_inspector_options o =
            tq::read_options(options, "options", tq_inspector_options_init);
        hand_out(tq::Inspector(n_classes, o), out_inspector);
    });
}

tq_status tq_inspector_destroy(tq_inspector *inspector) {
    delete inspector;
    return TQ_OK;
}

tq_status tq_inspector_clone(const tq_inspector *inspector, tq_inspector **out_inspector) {
    return tq::guarded_call(__func__, [&] {
        tq::require_pointer(out_inspector, "out_inspector");
        *out_inspector = nullptr;
        tq::Inspector copy = get(inspector, "inspector");
        hand_out(std::move(copy), out_inspector);
    });
}

tq_status tq_inspector_update_thresholds_f32(tq_inspector *inspector, const int32_t *labels,
                                             const float *pred_probs, int64_t n_tokens,
                                             int64_t n_classes) {
    return tq::guarded_call(__func__, [&] {
        get(inspector, "inspector").update_thresholds(labels, pred_probs, n_tokens, n_classes);
    });
}

tq_status tq_inspector_update_thresholds_f64(tq_inspector *inspector, const int32_t *labels,
                                             const double *pred_probs, int64_t n_tokens,
                                             int64_t n_classes) {
    return tq::guarded_call(__func__, [&] {
        get(inspector, "inspector").update_thresholds(labels, pred_probs, n_tokens, n_classes);
    });
}

tq_status tq_inspector_finish_thresholds(tq_inspector *inspector) {
    return tq::guarded_call(__func__, [&] { get(inspector, "inspector").finish_thresholds(); });
}

tq_status tq_inspector_thresholds(const tq_inspector *inspector, double *out_thresholds,
                                  int64_t n_classes) {
    return tq::guarded_call(__func__, [&] {
        const tq::Inspector &in = get(inspector, "inspector");
        if (n_classes != in.n_classes())
            tq::fail(TQ_ERR_INVALID_SIZE, "n_classes = %lld but the inspector has %lld classes",
                     static_cast<long long>(n_classes), static_cast<long long>(in.n_classes()));
        tq::require_array(out_thresholds, "out_thresholds", n_classes);
        const std::vector<double> t = in.thresholds();
        std::copy(t.begin(), t.end(), out_thresholds);
    });
}

tq_status tq_inspector_score_f32(tq_inspector *inspector, int64_t first_sentence,
                                 const int64_t *offsets, int64_t n_sentences,
                                 const int32_t *labels, const float *pred_probs, int64_t n_tokens,
                                 int64_t n_classes, double *token_scores) {
    return tq::guarded_call(__func__, [&] {
        get(inspector, "inspector")
            .score(first_sentence, offsets, n_sentences, labels, pred_probs, n_tokens, n_classes,
                   token_scores);
    });
}

tq_status tq_inspector_score_f64(tq_inspector *inspector, int64_t first_sentence,
                                 const int64_t *offsets, int64_t n_sentences,
                                 const int32_t *labels, const double *pred_probs,
                                 int64_t n_tokens, int64_t n_classes, double *token_scores) {
    return tq::guarded_call(__func__, [&] {
        get(inspector, "inspector")
            .score(first_sentence, offsets, n_sentences, labels, pred_probs, n_tokens, n_classes,
                   token_scores);
    });
}

tq_status tq_inspector_merge(tq_inspector *into, const tq_inspector *from) {
    return tq::guarded_call(__func__, [&] {
        tq::Inspector &target = get(into, "into");
        target.merge(get(from, "from"));
    });
}

tq_status tq_inspector_counts(const tq_inspector *inspector, int64_t *out_threshold_tokens,
                              int64_t *out_scored_tokens) {
    return tq::guarded_call(__func__, [&] {
        const tq::Inspector &in = get(inspector, "inspector");
        if (out_threshold_tokens != nullptr) *out_threshold_tokens = in.threshold_tokens();
        if (out_scored_tokens != nullptr) *out_scored_tokens = in.scored_tokens();
    });
}

tq_status tq_inspector_num_label_issues(const tq_inspector *inspector, int64_t *out_count) {
    return tq::guarded_call(__func__, [&] {
        const tq::Inspector &in = get(inspector, "inspector");
        tq::require_pointer(out_count, "out_count");
        *out_count = in.num_label_issues();
    });
}

tq_status tq_inspector_find_label_issues(const tq_inspector *inspector, int64_t *out_sentences,
                                         int64_t *out_tokens, int64_t capacity,
                                         int64_t *out_count) {
    return tq::guarded_call(__func__, [&] {
        get(inspector, "inspector").find_label_issues(out_sentences, out_tokens, capacity,
                                                      out_count);
    });
}

tq_status tq_inspector_save(const tq_inspector *inspector, void *buffer, size_t capacity,
                            size_t *out_size) {
    return tq::guarded_call(__func__, [&] {
        const tq::Inspector &in = get(inspector, "inspector");
        tq::require_pointer(out_size, "out_size");
        const std::string bytes = in.save();
        if (capacity >= bytes.size() && buffer == nullptr)
            tq::fail(TQ_ERR_NULL_ARGUMENT, "buffer is NULL but capacity = %zu", capacity);
        *out_size = bytes.size();
        if (capacity < bytes.size())
            tq::fail(TQ_ERR_BUFFER_TOO_SMALL, "capacity = %zu but the inspector needs %zu bytes",
                     capacity, bytes.size());
        std::memcpy(buffer, bytes.data(), bytes.size());
    });
}

tq_status tq_inspector_load(const void *buffer, size_t size, tq_inspector **out_inspector) {
    return tq::guarded_call(__func__, [&] {
        tq::require_pointer(out_inspector, "out_inspector");
        *out_inspector = nullptr;
        tq::require_pointer(buffer, "buffer");
        hand_out(tq::Inspector::load(static_cast<const unsigned char *>(buffer), size),
                 out_inspector);
    });
}

}  // extern "C"
