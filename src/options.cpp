#include "options.hpp"

#include <cmath>

extern "C" tq_status tq_score_options_init(tq_score_options *options) {
    if (options == nullptr) {
        tq::set_last_error("tq_score_options_init", "options is NULL");
        return TQ_ERR_NULL_ARGUMENT;
    }
    std::memset(static_cast<void *>(options), 0, sizeof *options);
    options->struct_size = sizeof *options;
    options->token_method = TQ_SELF_CONFIDENCE;
    options->sentence_method = TQ_MIN;
    options->temperature = 0.05;
    options->n_threads = 0;
    return TQ_OK;
}

namespace tq {

tq_score_options read_score_options(const tq_score_options *user) {
    tq_score_options o = read_options(user, "options", tq_score_options_init);
    if (o.token_method < TQ_SELF_CONFIDENCE || o.token_method > TQ_CONFIDENCE_WEIGHTED_ENTROPY)
        fail(TQ_ERR_INVALID_OPTION,
             "options->token_method = %d is not a tq_token_method (0, 1 or 2)", o.token_method);
    if (o.sentence_method < TQ_MIN || o.sentence_method > TQ_SOFTMIN)
        fail(TQ_ERR_INVALID_OPTION,
             "options->sentence_method = %d is not a tq_sentence_method (0 or 1)",
             o.sentence_method);
    if (std::isnan(o.temperature))
        fail(TQ_ERR_INVALID_OPTION, "options->temperature is NaN");
    if (o.temperature < 0)
        fail(TQ_ERR_INVALID_OPTION, "options->temperature = %.17g is negative", o.temperature);
    if (o.n_threads < 0)
        fail(TQ_ERR_INVALID_OPTION, "options->n_threads = %d is negative", o.n_threads);
    return o;
}

}  // namespace tq
