/*
 * tokqual.h: find label errors in token-classification data, from C.
 *
 * Copyright 2026 The tokqual developers. Licensed under the Apache License 2.0.
 *
 * tokqual scores how likely each token's annotated class is correct, given a model's
 * out-of-sample predicted probabilities, rolls those scores up to one score per
 * sentence, ranks the worst, and estimates which tokens are mislabeled. Its numbers are
 * those of cleanlab 2.9.0's `cleanlab.token_classification` package on the same input.
 *
 * ---------------------------------------------------------------------------------
 * Conventions shared by every function in this header
 * ---------------------------------------------------------------------------------
 *
 * Data layout. A dataset of N sentences and T tokens in all comes in as flat arrays:
 *   offsets     int64_t[N + 1]; sentence i owns tokens [offsets[i], offsets[i+1]).
 *               offsets[0] == 0, offsets[N] == T, and every sentence has at least one
 *               token (offsets strictly increase).
 *   labels      int32_t[T]; the annotated class of each token, in [0, K).
 *   pred_probs  T x K, row-major, float or double (the _f32 / _f64 entry points);
 *               pred_probs[t*K + k] is the model's probability that token t is class k.
 *               Every value must be finite and within [0, 1] up to cleanlab's tolerance
 *               of 1e-6 (that is, in [-1e-6, 1 + 1e-6]). Rows need not sum to 1.
 *               float input is converted to double value by value and computed in double.
 *   Token j of sentence i is flat token offsets[i] + j; issue lists report the pair
 *   (i, j), as cleanlab's (i, j) tuples.
 *
 * Errors. Every function returns a tq_status; TQ_OK (0) means success. On failure,
 * tq_last_error_message() returns one sentence that names the offending argument, and
 * where it applies the index and value. Unless a function documents otherwise, a failed
 * call writes nothing to any output buffer.
 *
 * Buffers. Outputs go into buffers the caller allocates; their required sizes follow
 * from the inputs and are given in each function's documentation. A NULL pointer is
 * only allowed where documented, or where the buffer's documented size is 0.
 *
 * Options. Options are plain structs whose first field is `struct_size`. Fill one with
 * its tq_..._options_init() function, change the fields you need, and pass a pointer;
 * passing NULL means "all defaults". New fields are only ever appended, so a program
 * compiled against an older header keeps working with a newer library.
 *
 * Threads. No function keeps global mutable state: every function may be called from
 * many threads at once on different (or the same, read-only) inputs. The error message
 * is per thread. Functions with an `n_threads` option split their work by sentence;
 * their results are bitwise identical for every thread count.
 *
 * Stability. Everything in this header is stable: it keeps its name, arguments and
 * meaning across minor versions (see README.md, "Versioning"). A section marked
 * EXPERIMENTAL, if any, may change in any release.
 */
#ifndef TOKQUAL_TOKQUAL_H
#define TOKQUAL_TOKQUAL_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  if defined(TQ_BUILDING_LIBRARY) && !defined(TQ_STATIC)
#    define TQ_API __declspec(dllexport)
#  elif !defined(TQ_STATIC)
#    define TQ_API __declspec(dllimport)
#  else
#    define TQ_API
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define TQ_API __attribute__((visibility("default")))
#else
#  define TQ_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ================================================================================= */
/* Version                                                                           */
/* ================================================================================= */

#define TQ_VERSION_MAJOR 0
#define TQ_VERSION_MINOR 1
#define TQ_VERSION_PATCH 0
/* One number that increases with every release: major * 10000 + minor * 100 + patch. */
#define TQ_VERSION_NUMBER (TQ_VERSION_MAJOR * 10000 + TQ_VERSION_MINOR * 100 + TQ_VERSION_PATCH)

/* tq_version(): the version of the library actually loaded, as "MAJOR.MINOR.PATCH".
 * The string is static; never free it. Compare with TQ_VERSION_* to detect a
 * header/library mismatch. */
TQ_API const char *tq_version(void);

/* tq_version_number(): the loaded library's TQ_VERSION_NUMBER. */
TQ_API int32_t tq_version_number(void);

/* ================================================================================= */
/* Status codes and errors                                                           */
/* ================================================================================= */

/* Every function returns one of these. Values are stable; new codes are only added. */
typedef enum tq_status {
    TQ_OK = 0,
    TQ_ERR_NULL_ARGUMENT = 1,     /* a required pointer is NULL */
    TQ_ERR_INVALID_SIZE = 2,      /* a count is negative, or sizes overflow or disagree */
    TQ_ERR_INVALID_OFFSETS = 3,   /* offsets do not start at 0, decrease, leave a
                                     sentence empty, or do not end at n_tokens */
    TQ_ERR_INVALID_LABEL = 4,     /* a label is outside [0, n_classes) */
    TQ_ERR_INVALID_PROBABILITY = 5, /* a probability is NaN, infinite or outside [0, 1] */
    TQ_ERR_INVALID_OPTION = 6,    /* an option or scalar argument has a bad value
                                     (unknown enum value, bad temperature, NaN threshold) */
    TQ_ERR_INVALID_STRUCT_SIZE = 7, /* an options struct_size this library does not know */
    TQ_ERR_INVALID_VALUE = 8,     /* an input value (other than a label or probability)
                                     is invalid, e.g. a NaN score */
    TQ_ERR_BUFFER_TOO_SMALL = 9,  /* a caller buffer's capacity is too small */
    TQ_ERR_OUT_OF_MEMORY = 10,    /* an internal allocation failed */
    TQ_ERR_INTERNAL = 11          /* a bug in tokqual; please report it */
} tq_status;

/* tq_status_string(): a short static English name for a status, e.g.
 * "invalid offsets". Unknown values give "unknown status". Never NULL. */
TQ_API const char *tq_status_string(tq_status status);

/* tq_last_error_message(): the message of the last failed call made on this thread,
 * e.g. "labels[12] = 9 is outside [0, n_classes = 9)". The returned pointer stays
 * valid until the next tokqual call on the same thread. A successful call leaves the
 * message as it was; it is "" when no call on this thread has failed. Never NULL. */
TQ_API const char *tq_last_error_message(void);

/* ================================================================================= */
/* Label-quality scores                                                              */
/* ================================================================================= */

/* How each token's label is scored (cleanlab.rank's `method`). Scores are in [0, 1];
 * lower means the label is less likely correct. With p = the token's probability row and
 * y = its label:
 *   TQ_SELF_CONFIDENCE              p[y]
 *   TQ_NORMALIZED_MARGIN            (p[y] - max_{k != y} p[k] + 1) / 2   (needs K >= 2)
 *   TQ_CONFIDENCE_WEIGHTED_ENTROPY  s = H(p) / max(p[y], 1e-6), with H the entropy of p
 *                                   divided by log(K); score = log(s + 1) / max(s, 1e-6)
 *                                   (needs K >= 2, and every probability within [0, 1]
 *                                   exactly, as cleanlab requires for entropy) */
typedef enum tq_token_method {
    TQ_SELF_CONFIDENCE = 0,
    TQ_NORMALIZED_MARGIN = 1,
    TQ_CONFIDENCE_WEIGHTED_ENTROPY = 2
} tq_token_method;

/* How a sentence's token scores become one sentence score:
 *   TQ_MIN      the minimum token score
 *   TQ_SOFTMIN  sum_i s_i * w_i, with w = softmax((1 - s) / temperature); it tends to
 *               the minimum as temperature -> 0 and to the mean as temperature -> inf. */
typedef enum tq_sentence_method {
    TQ_MIN = 0,
    TQ_SOFTMIN = 1
} tq_sentence_method;

/* Options of tq_label_quality_scores_*. Initialize with tq_score_options_init(). */
typedef struct tq_score_options {
    size_t struct_size;      /* sizeof(tq_score_options); set by tq_score_options_init */
    int32_t token_method;    /* a tq_token_method; default TQ_SELF_CONFIDENCE */
    int32_t sentence_method; /* a tq_sentence_method; default TQ_MIN */
    double temperature;      /* TQ_SOFTMIN only; default 0.05. Must be >= 0 and not NaN.
                                0 gives the minimum, +INFINITY the mean. Values in
                                (0, 1e-6) act as 1e-6, as in cleanlab. Never overflows. */
    int32_t n_threads;       /* worker threads; 0 = all cores (default). Must be >= 0.
                                Results are identical for every value. */
} tq_score_options;

/* tq_score_options_init(): fill *options with the defaults listed above, struct_size
 * included. Returns TQ_ERR_NULL_ARGUMENT if options is NULL. */
TQ_API tq_status tq_score_options_init(tq_score_options *options);

/* tq_label_quality_scores_f32 / _f64(): one label-quality score per token and per
 * sentence (cleanlab.token_classification.rank.get_label_quality_scores).
 *
 *   offsets          int64_t[n_sentences + 1], see "Data layout"
 *   n_sentences      >= 0; 0 is valid and writes nothing
 *   labels           int32_t[n_tokens], each in [0, n_classes)
 *   pred_probs       n_tokens x n_classes, row-major
 *   n_tokens         >= 0; must equal offsets[n_sentences]
 *   n_classes        >= 1 (>= 2 for the margin and entropy methods);
 *                    n_tokens * n_classes must fit in int64_t and size_t
 *   options          NULL for defaults
 *   sentence_scores  out: double[n_sentences]
 *   token_scores     out: double[n_tokens], or NULL to skip the token scores
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_LABEL, TQ_ERR_INVALID_PROBABILITY, TQ_ERR_INVALID_OPTION,
 * TQ_ERR_INVALID_STRUCT_SIZE, TQ_ERR_OUT_OF_MEMORY. On error nothing is written.
 * Differences from cleanlab: NaN/inf input is refused (cleanlab returns NaN scores). */
TQ_API tq_status tq_label_quality_scores_f32(
    const int64_t *offsets, int64_t n_sentences,
    const int32_t *labels, const float *pred_probs,
    int64_t n_tokens, int64_t n_classes,
    const tq_score_options *options,
    double *sentence_scores,
    double *token_scores);

TQ_API tq_status tq_label_quality_scores_f64(
    const int64_t *offsets, int64_t n_sentences,
    const int32_t *labels, const double *pred_probs,
    int64_t n_tokens, int64_t n_classes,
    const tq_score_options *options,
    double *sentence_scores,
    double *token_scores);

/* ================================================================================= */
/* Issues from scores                                                                */
/* ================================================================================= */

/* tq_issues_from_sentence_scores(): the sentences whose score is strictly below
 * `threshold`, most severe (lowest score) first, ties by sentence index
 * (cleanlab.token_classification.rank.issues_from_scores without token scores; unlike
 * cleanlab it does not fail when every sentence is below the threshold).
 *
 *   sentence_scores  double[n_sentences]; none may be NaN
 *   n_sentences      >= 0
 *   threshold        any non-NaN value (cleanlab's default is 0.1)
 *   out_sentences    out: int64_t[n_sentences] capacity; the first *out_count entries
 *                    are written
 *   out_count        out: number of issues
 */
TQ_API tq_status tq_issues_from_sentence_scores(
    const double *sentence_scores, int64_t n_sentences, double threshold,
    int64_t *out_sentences, int64_t *out_count);

/* tq_issues_from_token_scores(): the tokens whose score is strictly below `threshold`,
 * as (sentence, token-within-sentence) pairs, lowest score first, ties by position
 * (issues_from_scores with token scores).
 *
 *   offsets          int64_t[n_sentences + 1], see "Data layout"
 *   token_scores     double[n_tokens]; none may be NaN
 *   threshold        any non-NaN value
 *   out_sentences, out_tokens
 *                    out: int64_t[n_tokens] capacity each; the first *out_count written
 *   out_count        out: number of issues
 */
TQ_API tq_status tq_issues_from_token_scores(
    const int64_t *offsets, int64_t n_sentences,
    const double *token_scores, int64_t n_tokens, double threshold,
    int64_t *out_sentences, int64_t *out_tokens,
    int64_t *out_count);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TOKQUAL_TOKQUAL_H */
