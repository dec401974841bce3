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
 *               token (offsets strictly increase). offsets may be NULL when N == 0
 *               (then T must be 0).
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
 * Limits. Counts are int64_t and every size product (n_tokens * n_classes, its byte
 * size, a K x K joint) is checked: one that does not fit int64_t and size_t is
 * TQ_ERR_INVALID_SIZE, never a wrapped index. Arrays past 2^31 elements are indexed in
 * 64 bits (tested past 2^31 pred_probs elements, tests/test_limits.cpp). The confident-
 * learning calls and the inspector take 1 <= n_classes <= 46340, so that the K x K joint's
 * cells fit in 32 bits; they allocate K x K tables of 8 bytes a cell (two per worker
 * thread and a few more: each is 17 GB at K = 46340, 0.5 GB at K = 8192).
 * When memory runs out (or an address-space limit is reached) a call returns
 * TQ_ERR_OUT_OF_MEMORY, writes nothing and leaves any inspector unchanged.
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
    TQ_ERR_INTERNAL = 11,         /* a bug in tokqual; please report it */
    TQ_ERR_INVALID_STATE = 12     /* a stateful object (tq_inspector) was called out of
                                     order, e.g. scoring before its thresholds are final */
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

/* How each token's label is scored (cleanlab.rank's `method`); lower means the label is
 * less likely correct. With p = the token's probability row and y = its label:
 *   TQ_SELF_CONFIDENCE              p[y]
 *   TQ_NORMALIZED_MARGIN            (p[y] - max_{k != y} p[k] + 1) / 2   (needs K >= 2)
 *   TQ_CONFIDENCE_WEIGHTED_ENTROPY  s = H(p) / max(p[y], 1e-6), with H the entropy of p
 *                                   divided by log(K); score = log(s + 1) / max(s, 1e-6)
 *                                   (needs K >= 2, and every probability within [0, 1]
 *                                   exactly, as cleanlab requires for entropy)
 * Range. Entropy scores lie in [0, 1]. Self-confidence and normalized-margin scores lie
 * in [0, 1] when every probability does, and in [-1e-6, 1 + 1e-6] in general: a
 * probability accepted within the 1e-6 tolerance passes into the score as it does in
 * cleanlab (p[y] = 1.000001 gives a self-confidence of 1.000001). A sentence score lies
 * between the smallest and the largest of its token scores (min and softmin alike), so
 * in the same range. These bounds hold exactly, rounding included. */
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
 * When several things are wrong, one error is reported, always the same: the checks of
 * options, counts, pointers, offsets and sizes come first, then the first bad label
 * (lowest index), and only then the first bad probability (lowest index), whatever
 * n_threads.
 * Differences from cleanlab: NaN/inf input is refused (cleanlab returns NaN scores).
 *
 * Cost: one pass over pred_probs that checks, scores and aggregates each group of
 * sentences while it is in cache. So that a failed call still writes nothing, the
 * results go to scratch memory first (n_sentences doubles, plus n_tokens doubles when
 * token_scores is not NULL) and are copied to the caller's buffers once the whole input
 * has passed; that is cheaper than a separate validation pass over pred_probs. Above 2^21
 * tokens with token_scores, where fresh scratch costs more in page faults than a read,
 * the labels and probabilities are validated first and the scores written directly.
 * Results are bitwise identical for every n_threads. Min, self-confidence, normalized
 * margin and entropy are bitwise those of earlier builds; softmin (exp vectorized since
 * issue 14) may differ from releases before it in the last bits, within 1e-12 of
 * cleanlab as before. Entropy and softmin use vector log and exp from Highway, which
 * picks the widest SIMD instruction set of the CPU at run time: on CPUs with different
 * instruction sets their last bits may differ (one machine always gives the same bits). */
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

/* tq_sentence_scores_from_token_scores(): sentence scores from token scores computed
 * elsewhere (another model, another token method): the aggregation step of
 * tq_label_quality_scores_* on its own, with the same result bit for bit on the token
 * scores that call returns (cleanlab's min and _softmin_sentence_score).
 *
 *   offsets          int64_t[n_sentences + 1], see "Data layout"
 *   n_sentences      >= 0; 0 is valid and writes nothing
 *   token_scores     double[n_tokens]; each finite and within [0, 1] up to the 1e-6
 *                    tolerance of probabilities, i.e. in [-1e-6, 1 + 1e-6], the range of
 *                    every token score tq_label_quality_scores_* returns
 *   n_tokens         >= 0; must equal offsets[n_sentences]
 *   options          NULL for defaults; sentence_method, temperature and n_threads are
 *                    used. token_method is not used but must still be a valid
 *                    tq_token_method, so one options struct serves both calls.
 *   sentence_scores  out: double[n_sentences]
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_VALUE (a token score NaN, infinite or out of range),
 * TQ_ERR_INVALID_OPTION, TQ_ERR_INVALID_STRUCT_SIZE, TQ_ERR_OUT_OF_MEMORY. On error
 * nothing is written. Differences from cleanlab: it returns NaN for NaN scores and
 * accepts any float; tokqual refuses scores outside the range above. */
TQ_API tq_status tq_sentence_scores_from_token_scores(
    const int64_t *offsets, int64_t n_sentences,
    const double *token_scores, int64_t n_tokens,
    const tq_score_options *options,
    double *sentence_scores);

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
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE (n_sentences < 0),
 * TQ_ERR_INVALID_OPTION (threshold is NaN), TQ_ERR_INVALID_VALUE (a NaN score),
 * TQ_ERR_OUT_OF_MEMORY. On error nothing is written.
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
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_OPTION (threshold is NaN), TQ_ERR_INVALID_VALUE (a NaN score),
 * TQ_ERR_OUT_OF_MEMORY. On error nothing is written.
 */
TQ_API tq_status tq_issues_from_token_scores(
    const int64_t *offsets, int64_t n_sentences,
    const double *token_scores, int64_t n_tokens, double threshold,
    int64_t *out_sentences, int64_t *out_tokens,
    int64_t *out_count);

/* ================================================================================= */
/* Text helpers and summaries                                                        */
/* ================================================================================= */

/* The rest of cleanlab's token-classification toolkit: sentences from tokens, token
 * clean-up, class maps, highlighting a word, the issue report of
 * cleanlab.token_classification.summary, and word-level probabilities from subword
 * models.
 *
 * Text input. All text is UTF-8; ill-formed UTF-8 (overlong forms, surrogates, bytes
 * that start no sequence, truncated sequences) is refused with TQ_ERR_INVALID_VALUE.
 * A single string comes as a pointer and a byte count (the pointer may be NULL when the
 * count is 0; no NUL terminator is needed, and NUL bytes are ordinary characters).
 * A list of N strings (the tokens of a dataset, class names, ...) comes as one buffer,
 * its size in bytes, and N + 1 byte offsets:
 *   token_text     const char[text_size]
 *   text_size      >= 0
 *   token_offsets  int64_t[n_tokens + 1]; token t is bytes
 *                  [token_offsets[t], token_offsets[t+1]) of token_text. Offsets never
 *                  decrease and lie within [0, text_size] (they need not start at 0);
 *                  empty strings are allowed. Each string must be valid UTF-8 on its
 *                  own. An offset outside the text or a decreasing offset is
 *                  TQ_ERR_INVALID_OFFSETS.
 * Token t of a dataset is the same token t as in labels and pred_probs; the sentence
 * offsets ("Data layout") say which tokens form which sentence.
 *
 * Text output. Text results go into a caller buffer, snprintf-style:
 *   out_text   char[capacity]; may be NULL when capacity == 0
 *   capacity   >= 0, in bytes, including room for the NUL terminator
 *   out_size   out: the length of the full result in bytes, NOT counting the NUL
 * If capacity >= *out_size + 1, the result and a terminating NUL are written and the
 * call returns TQ_OK. Otherwise NOTHING is written to out_text (not even a NUL),
 * *out_size still receives the needed length, and the call returns
 * TQ_ERR_BUFFER_TOO_SMALL. So: call once with capacity 0 to learn the size, allocate
 * *out_size + 1 bytes, call again. For every other error out_size is not written
 * either. (The result may contain NUL bytes when the input does; use *out_size, not
 * strlen, when that matters.)
 *
 * Array output. Arrays whose length depends on the data get a documented upper bound
 * for their capacity (n_sentences or n_issues), and the number of entries written goes
 * to an out_count argument, as in tq_issues_from_token_scores.
 *
 * Issue lists. The summary functions read issues exactly as tq_issues_from_token_scores
 * and tq_find_label_issues_* write them: issue k is token issue_tokens[k] (counted
 * within its sentence) of sentence issue_sentences[k]. Where sentence-level issues are
 * accepted, pass issue_tokens = NULL: issue k is then sentence issue_sentences[k] (as
 * written by tq_issues_from_sentence_scores). An index outside the dataset is
 * TQ_ERR_INVALID_VALUE.
 *
 * Classes. Where labels, pred_probs, class names or excluded (given, predicted) pairs
 * are optional inputs, NULL means "not given" and n_classes (>= 1 when any of them is
 * given) is what labels, predictions, exclude pairs and class names are checked
 * against: a class outside [0, n_classes) is TQ_ERR_INVALID_LABEL. The predicted class
 * of a token is the index of the largest entry of its pred_probs row, the first one on
 * ties (numpy's argmax). pred_probs is checked as everywhere in this header.
 *   class_names        a list of n_classes strings (class_name_offsets holds
 *                      n_classes + 1 entries), or NULL (both pointers) to print class
 *                      indices instead. Exactly n_classes names: a longer list, which
 *                      cleanlab accepts and partly ignores, is passed as its first
 *                      n_classes names
 *   exclude            int32_t[2 * n_exclude]: pairs (given, predicted), flattened:
 *                      exclude[2e] is the given class and exclude[2e+1] the predicted
 *                      class of pair e; NULL when n_exclude == 0
 *
 * Unicode. Character classes and case mappings come from ICU (the Unicode version of
 * the ICU tokqual is built with; cleanlab uses that of its Python). Where cleanlab's
 * result depends on character properties, tokqual uses Python's definitions:
 *   - word characters (for whole-word matching, Python's `re` \b on str): general
 *     category L* or N*, or '_' (= str.isalnum() or '_')
 *   - white space (for str.strip()): bidirectional class WS, B or S, or category Zs
 *     (= str.isspace())
 *   - lowercase (tq_filter_by_token): str.lower(), full mappings (U+0130 becomes
 *     U+0069 U+0307) with the final-sigma rule and no language-specific rules. This is
 *     not case folding: "ß" stays "ß" (casefold() would give "ss").
 */

/* The markers termcolor's colored(word, "red") puts around a word, which cleanlab
 * uses to highlight it: ESC [31m before and ESC [0m after. */
#define TQ_ANSI_RED "\x1b[31m"
#define TQ_ANSI_RESET "\x1b[0m"

/* tq_get_sentence(): the words joined into one readable sentence, as cleanlab's
 * get_sentence(words): every word gets a space in front unless it is punctuation
 * (a substring of Python's string.punctuation, !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~, so
 * "", "." and "()" count, "..." does not); "-" and "(" keep their space; then every
 * " '" becomes "'" and every "( " becomes "(", and white space is stripped from both
 * ends (Python's str.strip()).
 *   ["This", "is", "a", "sentence", "."]  ->  "This is a sentence."
 *
 *   text          UTF-8 bytes of the words; text_size bytes
 *   word_offsets  int64_t[n_words + 1]: word w is bytes [word_offsets[w],
 *                 word_offsets[w+1]) of text; may be NULL when n_words == 0.
 *                 For sentence i of a dataset pass token_offsets + offsets[i] and
 *                 n_words = offsets[i+1] - offsets[i].
 *   out_text, capacity, out_size    see "Text output"
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_VALUE (ill-formed UTF-8), TQ_ERR_BUFFER_TOO_SMALL,
 * TQ_ERR_OUT_OF_MEMORY. */
TQ_API tq_status tq_get_sentence(
    const char *text, int64_t text_size,
    const int64_t *word_offsets, int64_t n_words,
    char *out_text, int64_t capacity, int64_t *out_size);

/* A sentence filter for tq_filter_sentences: return nonzero to keep the sentence.
 *   sentence       the sentence's UTF-8 bytes followed by a NUL (a temporary copy,
 *                  valid during the call only)
 *   sentence_size  its length in bytes, without the NUL
 *   index          the sentence's index in the list
 *   user_data      the pointer given to tq_filter_sentences, passed through */
typedef int (*tq_sentence_predicate)(const char *sentence, int64_t sentence_size,
                                     int64_t index, void *user_data);

/* tq_filter_sentences(): which sentences to keep, as cleanlab's
 * filter_sentence(sentences, condition). The default condition (predicate NULL) keeps
 * a sentence that has more than one character (code point, as Python's len) and no '#'.
 * The predicate is called once per sentence, in order, on the calling thread.
 *
 *   text, text_size, sentence_offsets
 *                  the n_sentences sentences, a list of strings (see "Text input"):
 *                  sentence i is bytes [sentence_offsets[i], sentence_offsets[i+1])
 *   predicate      NULL for cleanlab's default condition
 *   user_data      passed to predicate; may be NULL
 *   out_mask       out: uint8_t[n_sentences], 1 = kept, 0 = dropped (cleanlab's mask);
 *                  or NULL to skip
 *   out_kept       out: int64_t[n_sentences] capacity: the indices of the kept
 *                  sentences in order, the first *out_count entries; or NULL to skip
 *   out_count      out: the number of kept sentences
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_VALUE, TQ_ERR_OUT_OF_MEMORY. Nothing is written until every
 * sentence has been checked and judged. */
TQ_API tq_status tq_filter_sentences(
    const char *text, int64_t text_size,
    const int64_t *sentence_offsets, int64_t n_sentences,
    tq_sentence_predicate predicate, void *user_data,
    uint8_t *out_mask, int64_t *out_kept, int64_t *out_count);

/* tq_process_token(): the token with special characters replaced, as cleanlab's
 * process_token(token, replace): one left-to-right pass; at each position the first
 * pair (in the order given) whose find string occurs there is applied and the scan
 * continues after it; replacement text is never scanned again. So
 * [("C", "a"), ("a", "C")] turns "Cleanlab" into "aleCnlCb". A find string given twice
 * keeps its first position and its last replacement (cleanlab builds a dict).
 *
 *   token, token_size    the token (UTF-8)
 *   pairs_text, pairs_text_size, pair_offsets
 *                  a list of 2 * n_pairs strings (pair_offsets holds 2 * n_pairs + 1
 *                  entries): string 2p is the find string of pair p, string 2p + 1 its
 *                  replacement. Find strings must not be empty.
 *   n_pairs        >= 0; 0 means cleanlab's default, one pair ("#", "") (then
 *                  pairs_text and pair_offsets may be NULL)
 *   out_text, capacity, out_size    see "Text output"
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_VALUE (ill-formed UTF-8, an empty find string),
 * TQ_ERR_BUFFER_TOO_SMALL, TQ_ERR_OUT_OF_MEMORY.
 * Differences from cleanlab: an empty find string is refused (cleanlab's regex then
 * matches the empty string between characters); an empty list means the default
 * (cleanlab raises KeyError). */
TQ_API tq_status tq_process_token(
    const char *token, int64_t token_size,
    const char *pairs_text, int64_t pairs_text_size,
    const int64_t *pair_offsets, int64_t n_pairs,
    char *out_text, int64_t capacity, int64_t *out_size);

/* tq_map_labels(): out_labels[i] = maps[labels[i]], as cleanlab's mapping(entities,
 * maps); e.g. labels [0, 0, 4, 4, 3] with maps [0, 1, 1, 2, 2] give [0, 0, 2, 2, 2].
 *
 *   labels      int32_t[n_labels], each in [0, n_maps)
 *   maps        int32_t[n_maps]; any values (they are copied, not checked)
 *   out_labels  out: int32_t[n_labels]; may be the labels array itself
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_LABEL.
 * Difference from cleanlab: a negative label is refused (Python would index from the
 * end of maps). */
TQ_API tq_status tq_map_labels(
    const int32_t *labels, int64_t n_labels,
    const int32_t *maps, int64_t n_maps,
    int32_t *out_labels);

/* tq_merge_probs_f32 / _f64(): model classes merged into dataset classes, as cleanlab's
 * merge_probs(probs, maps): column k of pred_probs is added to column maps[k] of the
 * result; maps[k] == -1 drops column k, and when any column is dropped every row is
 * divided by its remaining (kept) sum. Computed in double; the _f32 variant rounds the
 * result to float once at the end.
 *
 *   pred_probs        n_tokens x n_classes, row-major (checked as everywhere)
 *   maps              int32_t[n_classes], each -1 or a class index >= 0; at least one
 *                     entry >= 0
 *   n_merged_classes  must equal max(maps) + 1 (the width of the result; classes no
 *                     column maps to get 0)
 *   out_probs         out: n_tokens x n_merged_classes, row-major; must not overlap
 *                     pred_probs
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE (also n_merged_classes !=
 * max(maps) + 1), TQ_ERR_INVALID_PROBABILITY (also: a row whose kept sum is not > 0
 * while renormalizing), TQ_ERR_INVALID_VALUE (a map entry below -1, or all -1),
 * TQ_ERR_OUT_OF_MEMORY. On error nothing is written.
 * Differences from cleanlab: a row with no kept mass is an error (cleanlab returns
 * NaN); entries below -1 are refused (cleanlab drops such a column but only
 * renormalizes when -1 itself occurs). */
TQ_API tq_status tq_merge_probs_f32(
    const float *pred_probs, int64_t n_tokens, int64_t n_classes,
    const int32_t *maps, int64_t n_merged_classes,
    float *out_probs);

TQ_API tq_status tq_merge_probs_f64(
    const double *pred_probs, int64_t n_tokens, int64_t n_classes,
    const int32_t *maps, int64_t n_merged_classes,
    double *out_probs);

/* tq_replace_word(): every whole-word occurrence of `word` in `sentence` replaced by
 * `new_word`, as cleanlab's _replace_sentence: "whole word" is what Python's
 * re.sub(r"\b" + re.escape(word) + r"\b", ...) matches on str, leftmost first and
 * without overlaps, where \b is a position whose two neighbours differ in being word
 * characters (see "Unicode"; the ends of the sentence count as non-word characters).
 * So in "This is a sentence. This is another sentence." both "sentence"s are whole
 * words, while "is" inside "This" is not. If no whole-word occurrence exists, every
 * plain occurrence is replaced instead (Python's str.replace), e.g. a word that starts
 * with punctuation after a space ("?weird" in "A ?weird sentence"). An empty word is
 * inserted at every boundary (or, when there is none, before every character and at
 * the end), as Python does.
 *
 *   sentence, sentence_size    UTF-8
 *   word, word_size            UTF-8
 *   new_word, new_word_size    UTF-8; inserted literally
 *   out_text, capacity, out_size    see "Text output"
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_VALUE (ill-formed
 * UTF-8), TQ_ERR_BUFFER_TOO_SMALL, TQ_ERR_OUT_OF_MEMORY.
 * Difference from cleanlab: cleanlab passes the new word to re.sub as a template, so a
 * backslash in it is interpreted ("\n" becomes a newline, "\d" raises re.error);
 * tokqual always inserts it as it is. */
TQ_API tq_status tq_replace_word(
    const char *sentence, int64_t sentence_size,
    const char *word, int64_t word_size,
    const char *new_word, int64_t new_word_size,
    char *out_text, int64_t capacity, int64_t *out_size);

/* tq_color_sentence(): `sentence` with every occurrence of `word` highlighted, as
 * cleanlab's color_sentence(sentence, word): tq_replace_word with new_word =
 * before + word + after.
 *   color_sentence("This is a sentence.", "sentence")
 *     -> "This is a \x1b[31msentence\x1b[0m."
 *
 *   before, after   NUL-terminated UTF-8 markers, e.g. "<mark>" and "</mark>" for HTML
 *                   or "**" and "**" for Markdown; NULL gives TQ_ANSI_RED and
 *                   TQ_ANSI_RESET (cleanlab's termcolor output)
 *   other arguments as for tq_replace_word
 *
 * Errors: as tq_replace_word. */
TQ_API tq_status tq_color_sentence(
    const char *sentence, int64_t sentence_size,
    const char *word, int64_t word_size,
    const char *before, const char *after,
    char *out_text, int64_t capacity, int64_t *out_size);

/* Options of tq_format_issues_*. Initialize with tq_format_issues_options_init(). */
typedef struct tq_format_issues_options {
    size_t struct_size;           /* sizeof(tq_format_issues_options); set by _init */
    int64_t top;                  /* at most this many issues are shown; default 20.
                                     Must be >= 0; 0 shows every issue (as cleanlab,
                                     whose loop never stops at 0). */
    const char *highlight_before; /* NUL-terminated UTF-8 marker put before the issue's
                                     word in its sentence; NULL (default) = TQ_ANSI_RED */
    const char *highlight_after;  /* marker after the word; NULL (default) =
                                     TQ_ANSI_RESET */
} tq_format_issues_options;

/* tq_format_issues_options_init(): fill *options with the defaults above. Returns
 * TQ_ERR_NULL_ARGUMENT if options is NULL. */
TQ_API tq_status tq_format_issues_options_init(tq_format_issues_options *options);

/* tq_format_issues_f32 / _f64(): the report cleanlab's display_issues(issues, tokens,
 * labels=..., pred_probs=..., exclude=..., class_names=..., top=...) prints, byte for
 * byte, as text. For each token issue, in the order given:
 *
 *   Sentence index: 2, Token index: 0
 *   Token: An
 *   Given label: 1, predicted label according to provided pred_probs: 0
 *   ----
 *   \x1b[31mAn\x1b[0m sentence with a typo
 *
 * (the label line reads "Given label: G" with labels only, "Predicted label according
 * to provided pred_probs: P" with pred_probs only, and is left out without either; G
 * and P are class names when given, else indices; the last line is the sentence of
 * tq_get_sentence with the token highlighted by tq_color_sentence). Issues are
 * separated by two empty lines ("\n\n" after the sentence's newline), and the text
 * stops right after the `top`-th issue shown; when fewer are shown, the separator
 * follows the last one too. When labels and pred_probs are both given, an issue whose
 * (given, predicted) pair is in `exclude` is skipped and does not count towards top.
 * A sentence-level issue (issue_tokens NULL) reads "Sentence issue: <sentence>".
 * When labels or pred_probs are given without class names, the text starts with
 * cleanlab's note: "Classes will be printed in terms of their integer index since
 * `class_names` was not provided.\nSpecify this argument to see the string names of
 * each class.\n\n".
 *
 *   offsets, n_sentences           sentence offsets, see "Data layout"
 *   token_text, text_size, token_offsets, n_tokens
 *                                  the tokens' text, see "Text input"
 *   issue_sentences, issue_tokens, n_issues
 *                                  the issues, see "Issue lists"; issue_tokens may be
 *                                  NULL for sentence-level issues
 *   labels                         int32_t[n_tokens] or NULL
 *   pred_probs                     n_tokens x n_classes or NULL
 *   n_classes                      see "Classes"
 *   class_names, class_names_size, class_name_offsets
 *                                  the class names or NULL, see "Classes"
 *   exclude, n_exclude             excluded (given, predicted) pairs, see "Classes"
 *   options                        NULL for defaults
 *   out_text, capacity, out_size   see "Text output"
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_LABEL, TQ_ERR_INVALID_PROBABILITY, TQ_ERR_INVALID_VALUE,
 * TQ_ERR_INVALID_OPTION (top < 0), TQ_ERR_INVALID_STRUCT_SIZE,
 * TQ_ERR_BUFFER_TOO_SMALL, TQ_ERR_OUT_OF_MEMORY.
 * Differences from cleanlab: an empty issue list gives the note alone (or ""),
 * where cleanlab raises IndexError; the highlighted word is inserted literally (see
 * tq_replace_word); a negative top is refused (cleanlab shows everything). */
TQ_API tq_status tq_format_issues_f32(
    const int64_t *offsets, int64_t n_sentences,
    const char *token_text, int64_t text_size, const int64_t *token_offsets,
    int64_t n_tokens,
    const int64_t *issue_sentences, const int64_t *issue_tokens, int64_t n_issues,
    const int32_t *labels, const float *pred_probs, int64_t n_classes,
    const char *class_names, int64_t class_names_size, const int64_t *class_name_offsets,
    const int32_t *exclude, int64_t n_exclude,
    const tq_format_issues_options *options,
    char *out_text, int64_t capacity, int64_t *out_size);

TQ_API tq_status tq_format_issues_f64(
    const int64_t *offsets, int64_t n_sentences,
    const char *token_text, int64_t text_size, const int64_t *token_offsets,
    int64_t n_tokens,
    const int64_t *issue_sentences, const int64_t *issue_tokens, int64_t n_issues,
    const int32_t *labels, const double *pred_probs, int64_t n_classes,
    const char *class_names, int64_t class_names_size, const int64_t *class_name_offsets,
    const int32_t *exclude, int64_t n_exclude,
    const tq_format_issues_options *options,
    char *out_text, int64_t capacity, int64_t *out_size);

/* tq_common_label_issues_f32 / _f64(): the words (token texts, compared exactly) that
 * most often carry label issues: the rows of the DataFrame cleanlab's
 * common_label_issues(issues, tokens, labels=..., pred_probs=..., exclude=...) returns.
 *
 * Without labels or without pred_probs: one row per distinct word, with the number of
 * issues on it (given and predicted are -1). With both: one row per word and
 * (given, predicted) swap that occurs, with the number of issues of that swap; issues
 * whose swap is in `exclude` are not counted. Rows are ordered by count, largest first;
 * equal counts keep the order of the words' first issues, then ascending
 * (given, predicted) (cleanlab's stable sort).
 *
 *   offsets ... n_issues           as for tq_format_issues_*; token issues only
 *                                  (issue_tokens must not be NULL when n_issues > 0)
 *   labels, pred_probs, n_classes  see "Classes"; both are needed for the swap rows
 *   exclude, n_exclude             see "Classes"
 *   out_word_tokens  out: int64_t[n_issues] capacity: for each row, the flat index
 *                    (offsets[s] + j) of the first issue token with that word; its
 *                    text is bytes [token_offsets[t], token_offsets[t+1])
 *   out_given        out: int32_t[n_issues] capacity: the given class, or -1; or NULL
 *   out_predicted    out: int32_t[n_issues] capacity: the predicted class, or -1; or NULL
 *   out_counts       out: int64_t[n_issues] capacity: the number of issues
 *   out_count        out: the number of rows (<= n_issues)
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_LABEL, TQ_ERR_INVALID_PROBABILITY, TQ_ERR_INVALID_VALUE,
 * TQ_ERR_OUT_OF_MEMORY. On error nothing is written. */
TQ_API tq_status tq_common_label_issues_f32(
    const int64_t *offsets, int64_t n_sentences,
    const char *token_text, int64_t text_size, const int64_t *token_offsets,
    int64_t n_tokens,
    const int64_t *issue_sentences, const int64_t *issue_tokens, int64_t n_issues,
    const int32_t *labels, const float *pred_probs, int64_t n_classes,
    const int32_t *exclude, int64_t n_exclude,
    int64_t *out_word_tokens, int32_t *out_given, int32_t *out_predicted,
    int64_t *out_counts, int64_t *out_count);

TQ_API tq_status tq_common_label_issues_f64(
    const int64_t *offsets, int64_t n_sentences,
    const char *token_text, int64_t text_size, const int64_t *token_offsets,
    int64_t n_tokens,
    const int64_t *issue_sentences, const int64_t *issue_tokens, int64_t n_issues,
    const int32_t *labels, const double *pred_probs, int64_t n_classes,
    const int32_t *exclude, int64_t n_exclude,
    int64_t *out_word_tokens, int32_t *out_given, int32_t *out_predicted,
    int64_t *out_counts, int64_t *out_count);

/* Options of tq_format_common_label_issues_*. Initialize with
 * tq_common_issues_options_init(). */
typedef struct tq_common_issues_options {
    size_t struct_size; /* sizeof(tq_common_issues_options); set by _init */
    int64_t top;        /* at most this many words are described; default 10. Must be
                           >= 0; 0 describes none (as cleanlab's [:0]). */
    int32_t verbose;    /* nonzero (default 1): list each word's swaps under it */
} tq_common_issues_options;

/* tq_common_issues_options_init(): fill *options with the defaults above. Returns
 * TQ_ERR_NULL_ARGUMENT if options is NULL. */
TQ_API tq_status tq_common_issues_options_init(tq_common_issues_options *options);

/* tq_format_common_label_issues_f32 / _f64(): what cleanlab's common_label_issues
 * prints, byte for byte. Words are described most issues first; among words with equal
 * counts, the word whose first issue comes LATER is described first (cleanlab's
 * np.argsort(...)[::-1], taken with a stable sort). numpy's default sort does not keep
 * that order among equal counts, even in short lists: with numpy 2.4 on an AVX-512 CPU,
 * np.argsort([1,2,1,1,1,1,1]) gives [0 2 3 4 6 5 1], so cleanlab's order of words with
 * equal counts can differ from tokqual's (and between machines) on small inputs too;
 * the words and their counts are the same. Without labels or pred_probs, each word gives
 *   Token 'An' is potentially mislabeled 1 times throughout the dataset\n\n
 * With both, the text starts with "Classes will be printed in terms of their integer
 * index since `class_names` was not provided. \nSpecify this argument to see the string
 * names of each class. \n\n" unless class names are given, and each word gives the
 * "Token '...' is potentially mislabeled N times throughout the dataset\n" line (N
 * without excluded swaps; a word whose issues were all excluded shows 0), then, when
 * verbose, a line of 87 '-' and one line per swap, most frequent first, ties by
 * descending (given, predicted):
 *   labeled as class 1 but predicted to actually be class 0 2 times
 *   labeled as class `B-PER` but predicted to actually be class `O` 2 times
 * (the second form with class names), then an empty line.
 *
 *   arguments as for tq_common_label_issues_*, plus
 *   class_names, class_names_size, class_name_offsets   see "Classes", or NULL
 *   options                        NULL for defaults
 *   out_text, capacity, out_size   see "Text output"
 *
 * Errors: as tq_common_label_issues_*, plus TQ_ERR_INVALID_OPTION (top < 0),
 * TQ_ERR_INVALID_STRUCT_SIZE and TQ_ERR_BUFFER_TOO_SMALL.
 * Differences from cleanlab: a negative top is refused (Python's slice [:top] would
 * drop words from the end). */
TQ_API tq_status tq_format_common_label_issues_f32(
    const int64_t *offsets, int64_t n_sentences,
    const char *token_text, int64_t text_size, const int64_t *token_offsets,
    int64_t n_tokens,
    const int64_t *issue_sentences, const int64_t *issue_tokens, int64_t n_issues,
    const int32_t *labels, const float *pred_probs, int64_t n_classes,
    const char *class_names, int64_t class_names_size, const int64_t *class_name_offsets,
    const int32_t *exclude, int64_t n_exclude,
    const tq_common_issues_options *options,
    char *out_text, int64_t capacity, int64_t *out_size);

TQ_API tq_status tq_format_common_label_issues_f64(
    const int64_t *offsets, int64_t n_sentences,
    const char *token_text, int64_t text_size, const int64_t *token_offsets,
    int64_t n_tokens,
    const int64_t *issue_sentences, const int64_t *issue_tokens, int64_t n_issues,
    const int32_t *labels, const double *pred_probs, int64_t n_classes,
    const char *class_names, int64_t class_names_size, const int64_t *class_name_offsets,
    const int32_t *exclude, int64_t n_exclude,
    const tq_common_issues_options *options,
    char *out_text, int64_t capacity, int64_t *out_size);

/* tq_filter_by_token(): the issues whose token equals `word`, ignoring case, as
 * cleanlab's filter_by_token(token, issues, tokens): both sides are lowercased with
 * Python's str.lower() (see "Unicode") and compared exactly. Issues keep their order.
 *
 *   word, word_size                the word (UTF-8)
 *   offsets ... n_issues           as for tq_common_label_issues_* (token issues only)
 *   out_sentences, out_tokens      out: int64_t[n_issues] capacity each: the kept
 *                                  issues, the first *out_count entries
 *   out_count                      out: the number of kept issues
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_VALUE, TQ_ERR_OUT_OF_MEMORY. On error nothing is written. */
TQ_API tq_status tq_filter_by_token(
    const char *word, int64_t word_size,
    const int64_t *offsets, int64_t n_sentences,
    const char *token_text, int64_t text_size, const int64_t *token_offsets,
    int64_t n_tokens,
    const int64_t *issue_sentences, const int64_t *issue_tokens, int64_t n_issues,
    int64_t *out_sentences, int64_t *out_tokens, int64_t *out_count);

/* tq_subword_to_word_probs_f32 / _f64(): word-level probability rows from the rows of a
 * subword model (a transformer tokenizer splits "Washington" into "Wash", "##ington"),
 * as the paper's benchmark code (get_pred_probs) does: row w of the result is the
 * average of subword rows [word_begin[w], word_end[w]), or their weighted average
 * sum_r weight_r * row_r / sum_r weight_r when weights are given (the benchmark weighs
 * each subword by the number of the word's characters it covers). A word of one row
 * copies it exactly. Ranges may skip rows (e.g. [CLS] and [SEP]) and may share a row (a
 * subword that spans two words). Computed in double; _f32 rounds to float at the end.
 *
 *   subword_probs     n_subwords x n_classes, row-major (checked as pred_probs is)
 *   word_begin, word_end
 *                     int64_t[n_words] each: 0 <= word_begin[w] < word_end[w] <=
 *                     n_subwords
 *   weights           NULL for plain averages, or double[n_weights] with one weight per
 *                     (word, row) pair, word by word: word 0's rows first, then word
 *                     1's, ...; finite and >= 0, and each word's weights must not all
 *                     be 0
 *   n_weights         the sum of word_end[w] - word_begin[w] when weights is given, 0
 *                     when it is NULL
 *   out_word_probs    out: n_words x n_classes, row-major
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS (a range
 * outside the rows, or empty), TQ_ERR_INVALID_PROBABILITY, TQ_ERR_INVALID_VALUE (a bad
 * weight, or a word whose weights sum to 0), TQ_ERR_OUT_OF_MEMORY. On error nothing is
 * written. */
TQ_API tq_status tq_subword_to_word_probs_f32(
    const float *subword_probs, int64_t n_subwords, int64_t n_classes,
    const int64_t *word_begin, const int64_t *word_end, int64_t n_words,
    const double *weights, int64_t n_weights,
    float *out_word_probs);

TQ_API tq_status tq_subword_to_word_probs_f64(
    const double *subword_probs, int64_t n_subwords, int64_t n_classes,
    const int64_t *word_begin, const int64_t *word_end, int64_t n_words,
    const double *weights, int64_t n_weights,
    double *out_word_probs);

/* tq_format_token_scores(): token scores annotated with their tokens, the content of the
 * pandas Series cleanlab's get_label_quality_scores(..., tokens=...) returns for one
 * sentence, as text: one line per token, "<token>\t<score>\n", the score written as
 * Python's repr(float) writes it (shortest round-trip digits: "0.1", "1e-05",
 * "0.9957186126708984").
 *
 *   text, text_size, word_offsets, n_words
 *                  the tokens (see tq_get_sentence; for sentence i of a dataset pass
 *                  token_offsets + offsets[i])
 *   scores         double[n_words], finite (for sentence i: token_scores + offsets[i])
 *   out_text, capacity, out_size    see "Text output"
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_VALUE (ill-formed UTF-8, a non-finite score),
 * TQ_ERR_BUFFER_TOO_SMALL, TQ_ERR_OUT_OF_MEMORY. */
TQ_API tq_status tq_format_token_scores(
    const char *text, int64_t text_size,
    const int64_t *word_offsets, int64_t n_words,
    const double *scores,
    char *out_text, int64_t capacity, int64_t *out_size);

/* ================================================================================= */
/* End of "Text helpers and summaries"                                               */
/* ================================================================================= */

/* ================================================================================= */
/* Confident learning                                                                */
/* ================================================================================= */

/* Which tokens are label issues, by confident learning at token level: cleanlab 2.9.0's
 * cleanlab.token_classification.filter.find_label_issues, which flattens the sentences
 * and runs cleanlab.filter.find_label_issues on the tokens, and the statistics of
 * cleanlab.count underneath.
 *
 * Terms. With p = a token's probability row and y = its label:
 *   confident threshold t[k]  the mean of p[k] over the tokens labeled k; 2 for a class
 *                             no token is labeled with; never below 2e-6.
 *   confident                 a token is confident for class k when p[k] >= t[k] - 1e-6.
 *                             Its guess is that class if only one is confident, else the
 *                             first argmax of p.
 *   confident joint C         K x K counts, C[i][j] = confident tokens labeled i whose
 *                             guess is j; each diagonal entry is raised to at least 1.
 *                             Calibrated: each row scaled to the number of tokens labeled
 *                             i, the whole to the number of tokens, rows rounded
 *                             preserving their totals.
 *   argmax                    always the first index of the row's maximum.
 *
 * Ties. Wherever cleanlab sorts (the k lowest scores, the k largest margins, the issue
 * ranking, the row rounding of calibration) it uses numpy's default argsort, whose order
 * among equal keys is unspecified and differs between machines. tokqual breaks every
 * such tie by position (the earlier token first), which is what cleanlab gives with a
 * stable sort; its conformance data is generated that way. On data without exact ties
 * the results are cleanlab's, bitwise for the statistics. */

/* The filter_by methods of cleanlab.filter.find_label_issues:
 *   TQ_PRUNE_BY_NOISE_RATE    for every off-diagonal cell (i, j) of the prune-count
 *                             matrix (the calibrated joint, adjusted for frac_noise and
 *                             min_examples_per_class), the tokens labeled i with the
 *                             largest margin p[j] - p[i]
 *   TQ_PRUNE_BY_CLASS         for every class i, the tokens labeled i with the lowest
 *                             p[i]; as many as the labeled count minus the matrix's
 *                             diagonal entry
 *   TQ_BOTH                   tokens flagged by both of the above
 *   TQ_CONFIDENT_LEARNING     the off-diagonal tokens of the confident joint
 *   TQ_PREDICTED_NEQ_GIVEN    argmax(p) != y
 *   TQ_LOW_NORMALIZED_MARGIN  the n tokens with the lowest normalized margin, n =
 *                             tq_num_label_issues(TQ_OFF_DIAGONAL) (needs K >= 2)
 *   TQ_LOW_SELF_CONFIDENCE    the n tokens with the lowest self-confidence, same n
 * Except for the two TQ_LOW_ methods, a token is never reported when the argmax of p,
 * with 1e-6 added to p[y], is y. The prune methods never flag a class with at most
 * min_examples_per_class tokens, nor a class with a single token (as cleanlab). */
typedef enum tq_filter_method {
    TQ_PRUNE_BY_NOISE_RATE = 0,
    TQ_PRUNE_BY_CLASS = 1,
    TQ_BOTH = 2,
    TQ_CONFIDENT_LEARNING = 3,
    TQ_PREDICTED_NEQ_GIVEN = 4,
    TQ_LOW_NORMALIZED_MARGIN = 5,
    TQ_LOW_SELF_CONFIDENCE = 6
} tq_filter_method;

/* Options of tq_find_label_issues_* (and the n_threads of the statistics functions).
 * Initialize with tq_find_options_init(). */
typedef struct tq_find_options {
    size_t struct_size;      /* sizeof(tq_find_options); set by tq_find_options_init */
    int32_t filter_by;       /* a tq_filter_method; default TQ_PRUNE_BY_NOISE_RATE */
    int32_t rank_by;         /* a tq_token_method ranking the issues (cleanlab's
                                return_indices_ranked_by); default TQ_SELF_CONFIDENCE.
                                TQ_NORMALIZED_MARGIN and TQ_CONFIDENCE_WEIGHTED_ENTROPY
                                need K >= 2; the entropy needs every probability within
                                [0, 1] exactly. */
    double frac_noise;       /* in (0, 1]; default 1. The prune methods flag only this
                                fraction of the estimated noise in every cell. The other
                                methods ignore it (cleanlab warns and ignores it too). */
    const int64_t *num_to_remove_per_class;
                             /* NULL (default), or n_classes values: how many tokens of
                                each class the prune methods flag. Each value must be in
                                [0, number of tokens labeled with the class]. With
                                TQ_PRUNE_BY_CLASS the count is exact; with
                                TQ_PRUNE_BY_NOISE_RATE / TQ_BOTH it can be off by one
                                from rounding (as in cleanlab). The other methods refuse
                                it with TQ_ERR_INVALID_OPTION, as cleanlab does. Read
                                during the call only. Given, these counts take precedence
                                over min_examples_per_class, which then no longer keeps a
                                floor of tokens in each class (as in cleanlab). */
    int64_t min_examples_per_class;
                             /* >= 0 (any value up to INT64_MAX); default 1. The prune
                                methods never flag a class with at most this many tokens
                                (so a value of at least n_tokens flags nothing) and,
                                without num_to_remove_per_class, leave at least this many
                                tokens in every class. */
    int32_t n_threads;       /* worker threads; 0 = all cores (default). Must be >= 0.
                                Results are identical for every value. */
    int32_t adjust_pred_probs;
                             /* 0 (default) or 1: rank issues by scores of the adjusted
                                probabilities (see tq_adjust_pred_probs_*), as cleanlab's
                                rank_by_kwargs={"adjust_pred_probs": True}. Not with
                                TQ_CONFIDENCE_WEIGHTED_ENTROPY (cleanlab refuses it).
                                Does not change which tokens are issues. */
} tq_find_options;

/* tq_find_options_init(): fill *options with the defaults listed above, struct_size
 * included. Returns TQ_ERR_NULL_ARGUMENT if options is NULL. */
TQ_API tq_status tq_find_options_init(tq_find_options *options);

/* tq_find_label_issues_f32 / _f64(): the tokens whose label is likely wrong, as
 * (sentence, token-within-sentence) pairs, most severe first: ascending score of
 * options->rank_by, ties by position
 * (cleanlab.token_classification.filter.find_label_issues). The ranking score is computed
 * bitwise as cleanlab.rank computes it, so near-ties fall as in cleanlab: for the entropy
 * that is libm's log and numpy's pairwise sum, whose last bits may differ from the vector
 * log of tq_label_quality_scores_* (two tokens within about 1e-15 of each other may come
 * in the other order than those scores would put them).
 *
 *   offsets          int64_t[n_sentences + 1], see "Data layout"
 *   labels           int32_t[n_tokens], each in [0, n_classes)
 *   pred_probs       n_tokens x n_classes, row-major
 *   n_tokens         >= 0; must equal offsets[n_sentences]. 0 gives no issues.
 *   n_classes        1 to 46340
 *   options          NULL for defaults
 *   out_sentences, out_tokens
 *                    out: int64_t[n_tokens] capacity each; the first *out_count written
 *   out_count        out: number of issues
 *
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_LABEL (also: every token has the same label c, where cleanlab needs two
 * classes: always when c != 0, and with TQ_PREDICTED_NEQ_GIVEN and the TQ_LOW_ methods
 * even when c == 0), TQ_ERR_INVALID_PROBABILITY, TQ_ERR_INVALID_OPTION (unknown enum
 * value, frac_noise outside (0, 1] or NaN, negative min_examples_per_class or n_threads,
 * adjust_pred_probs not 0/1 or with the entropy, num_to_remove_per_class with a method
 * that refuses it, or a value of it that is negative or larger than its class),
 * TQ_ERR_INVALID_STRUCT_SIZE, TQ_ERR_INVALID_VALUE (adjust_pred_probs and an issue whose
 * shifted row sums to 0), TQ_ERR_OUT_OF_MEMORY. Options are checked first, then sizes,
 * then the data (offsets, labels, probabilities), then the label counts. On error
 * nothing is written.
 * Memory: pred_probs is read once in full; the temporaries are K x K tables (see
 * "Limits"), about three values of its type and a few bytes per token, plus up to two copies of the row and about 64 bytes for
 * each token where another class reaches the label's probability (usually a small
 * fraction of the tokens), and about 64 bytes per issue.
 * Differences from cleanlab: ties are broken by position (see "Ties"); the invalid
 * options above are errors where cleanlab silently computes something; n_tokens == 0
 * gives no issues (cleanlab fails); NaN/inf input is refused; the margin and entropy
 * rankings need n_classes >= 2 (with one class cleanlab's margin fails and its entropy
 * divides by log(1) = 0). */
TQ_API tq_status tq_find_label_issues_f32(
    const int64_t *offsets, int64_t n_sentences,
    const int32_t *labels, const float *pred_probs,
    int64_t n_tokens, int64_t n_classes,
    const tq_find_options *options,
    int64_t *out_sentences, int64_t *out_tokens,
    int64_t *out_count);

TQ_API tq_status tq_find_label_issues_f64(
    const int64_t *offsets, int64_t n_sentences,
    const int32_t *labels, const double *pred_probs,
    int64_t n_tokens, int64_t n_classes,
    const tq_find_options *options,
    int64_t *out_sentences, int64_t *out_tokens,
    int64_t *out_count);

/* The statistics below work on the flat tokens (sentences play no part): labels is
 * int32_t[n_tokens] with values in [0, n_classes), pred_probs n_tokens x n_classes as
 * above, n_tokens >= 0, 1 <= n_classes <= 46340 (for every function of this section and
 * the inspector: the K x K joint's cell indices must fit in 32 bits). `options` may be
 * NULL; only its n_threads is used, but every field is checked as for
 * tq_find_label_issues_* (a bad filter_by is TQ_ERR_INVALID_OPTION here too). Common errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_LABEL,
 * TQ_ERR_INVALID_PROBABILITY, TQ_ERR_INVALID_OPTION, TQ_ERR_INVALID_STRUCT_SIZE,
 * TQ_ERR_OUT_OF_MEMORY; on error nothing is written. */

/* tq_confident_thresholds_f32 / _f64(): the per-class confident thresholds
 * (cleanlab.count.get_confident_thresholds), into out_thresholds (double[n_classes]).
 * A class no token is labeled with gets 2. */
TQ_API tq_status tq_confident_thresholds_f32(
    const int32_t *labels, const float *pred_probs, int64_t n_tokens, int64_t n_classes,
    const tq_find_options *options, double *out_thresholds);
TQ_API tq_status tq_confident_thresholds_f64(
    const int32_t *labels, const double *pred_probs, int64_t n_tokens, int64_t n_classes,
    const tq_find_options *options, double *out_thresholds);

/* tq_confident_joint_f32 / _f64(): the confident joint (cleanlab.count.
 * compute_confident_joint), into out_joint (int64_t[n_classes * n_classes], row-major:
 * out_joint[i * n_classes + j] counts tokens labeled i guessed as j). calibrate = 1
 * calibrates it (cleanlab's default), 0 gives the raw counts; other values are
 * TQ_ERR_INVALID_OPTION. */
TQ_API tq_status tq_confident_joint_f32(
    const int32_t *labels, const float *pred_probs, int64_t n_tokens, int64_t n_classes,
    int32_t calibrate, const tq_find_options *options, int64_t *out_joint);
TQ_API tq_status tq_confident_joint_f64(
    const int32_t *labels, const double *pred_probs, int64_t n_tokens, int64_t n_classes,
    int32_t calibrate, const tq_find_options *options, int64_t *out_joint);

/* How tq_num_label_issues_* estimates the number of issues
 * (cleanlab.count.num_label_issues' estimation_method):
 *   TQ_OFF_DIAGONAL             the off-diagonal tokens of the confident joint, less
 *                               those whose argmax (with 1e-6 added to the label's
 *                               probability) is their label ("off_diagonal")
 *   TQ_OFF_DIAGONAL_CALIBRATED  (1 - trace of the estimated joint) * n_tokens, rounded
 *                               half to even ("off_diagonal_calibrated") */
typedef enum tq_num_issues_method {
    TQ_OFF_DIAGONAL = 0,
    TQ_OFF_DIAGONAL_CALIBRATED = 1
} tq_num_issues_method;

/* tq_num_label_issues_f32 / _f64(): the estimated number of label issues, into
 * *out_count. method is a tq_num_issues_method. Needs at least two distinct labels when
 * n_tokens > 0 (TQ_ERR_INVALID_LABEL otherwise, as cleanlab); n_tokens == 0 gives 0.
 * cleanlab's "off_diagonal_custom" (a caller-supplied joint) is not offered. */
TQ_API tq_status tq_num_label_issues_f32(
    const int32_t *labels, const float *pred_probs, int64_t n_tokens, int64_t n_classes,
    int32_t method, const tq_find_options *options, int64_t *out_count);
TQ_API tq_status tq_num_label_issues_f64(
    const int32_t *labels, const double *pred_probs, int64_t n_tokens, int64_t n_classes,
    int32_t method, const tq_find_options *options, int64_t *out_count);

/* tq_adjust_pred_probs_f32 / _f64(): the probabilities cleanlab scores when
 * adjust_pred_probs=True (cleanlab.internal.label_quality_utils.
 * _subtract_confident_thresholds): row by row, p[k] - t[k] + max(t), divided by the
 * row's sum. Written to out_pred_probs (double[n_tokens * n_classes], row-major; it must
 * not overlap pred_probs). Passing the result to tq_label_quality_scores_f64 with
 * TQ_SELF_CONFIDENCE or TQ_NORMALIZED_MARGIN gives cleanlab.rank.
 * get_label_quality_scores(..., adjust_pred_probs=True) as token scores (cleanlab
 * refuses the adjustment with confidence_weighted_entropy).
 * Extra error: TQ_ERR_INVALID_VALUE if a shifted row sums to exactly 0 (cleanlab
 * returns NaN there). */
TQ_API tq_status tq_adjust_pred_probs_f32(
    const int32_t *labels, const float *pred_probs, int64_t n_tokens, int64_t n_classes,
    const tq_find_options *options, double *out_pred_probs);
TQ_API tq_status tq_adjust_pred_probs_f64(
    const int32_t *labels, const double *pred_probs, int64_t n_tokens, int64_t n_classes,
    const tq_find_options *options, double *out_pred_probs);

/* ================================================================================= */
/* End of "Confident learning"                                                       */
/* ================================================================================= */

/* ================================================================================= */
/* Streaming inspector                                                               */
/* ================================================================================= */

/* Label issues of a dataset too large to hold at once, or spread over several
 * processes or machines: cleanlab's low-memory mode (token_classification.filter.
 * find_label_issues(low_memory=True), which runs cleanlab.experimental.
 * label_issues_batched.find_label_issues_batched on the flat tokens).
 *
 * The data is read twice, in batches of whole sentences:
 *   pass 1  tq_inspector_update_thresholds_*: per-class sums for the confident thresholds;
 *           then tq_inspector_finish_thresholds() fixes the thresholds.
 *   pass 2  tq_inspector_score_*: each token's score (options->rank_by), whether it counts
 *           towards the number of issues (its argmax k differs from its label and
 *           p[k] >= t[k] - 1e-6), and whether its argmax with 1e-6 added to its label's
 *           probability is its label (then it is never reported).
 *   then    tq_inspector_find_label_issues(): the n lowest-scoring tokens, n = the number
 *           of issues counted in pass 2 (or its calibrated estimate), less those never
 *           reported; ranked by score, ties by position.
 *
 * Sharding. Inspectors that saw different parts of the data merge into one with
 * tq_inspector_merge(), after pass 1 and after pass 2, in any order and grouping; the
 * result is identical to one inspector that saw everything, because pass 1 sums exactly
 * (no rounding until the final division) and pass 2 keeps integer counts and per-token
 * scores filed by sentence index. A typical run over S shards:
 *   1. each shard: create, update_thresholds on its batches;
 *   2. merge all into one, finish_thresholds, and hand a copy to every shard
 *      (tq_inspector_clone, or tq_inspector_save / tq_inspector_load across processes);
 *   3. each shard: score its batches, giving each batch's global first sentence index;
 *   4. merge all, then find_label_issues.
 * Pass-2 inspectors only merge when they come from the same finished pass 1 (the same
 * counts and exact sums, hence the same thresholds); every sentence may
 * be scored once only (overlapping sentence ranges are refused).
 *
 * Memory: about 300 bytes per class plus, in pass 2, per scored token its stored score (4
 * bytes for float32 data ranked by self-confidence, the probability itself; 8 otherwise)
 * and a one-bit flag, and 8 bytes per scored sentence, held in chunks of 256 KiB and then
 * 2 MiB. Nothing else grows with the data; tq_inspector_find_label_issues needs a
 * temporary of 24 bytes per issue. (tq_inspector_save writes 9 bytes per token whatever
 * the data type.)
 *
 * Differences from cleanlab's batched function:
 *   - thresholds: cleanlab keeps a running mean updated batch by batch (and raises each
 *     batch's mean to 2e-6 before averaging), so its last bits depend on the batch size;
 *     tokqual computes the exact mean over all tokens, correctly rounded, then raises it
 *     to 2e-6. A class never seen gets 2e-6, as in cleanlab's batched function (not 2 as
 *     in tq_confident_thresholds).
 *   - order: cleanlab returns the issues in position order; tokqual ranks them by score
 *     (ties by position). Sort the pairs to get cleanlab's order.
 *   - ties at the cut (equal scores around the n-th lowest) go to the earlier position.
 * Thread safety: one inspector must not be used from two threads at once; distinct
 * inspectors are independent. */

/* An inspector; opaque. */
typedef struct tq_inspector tq_inspector;

/* Options of tq_inspector_create. Initialize with tq_inspector_options_init(). */
typedef struct tq_inspector_options {
    size_t struct_size;          /* sizeof(tq_inspector_options) */
    int32_t rank_by;             /* a tq_token_method scoring the tokens (cleanlab's
                                    quality_score_kwargs["method"]); default
                                    TQ_SELF_CONFIDENCE. The margin and entropy methods
                                    need n_classes >= 2. */
    int32_t adjust_pred_probs;   /* 0 (default) or 1: score adjusted probabilities, with
                                    the inspector's thresholds (quality_score_kwargs
                                    ["adjust_pred_probs"]); not with the entropy method */
    int32_t num_issues_method;   /* a tq_num_issues_method: TQ_OFF_DIAGONAL (default)
                                    counts; TQ_OFF_DIAGONAL_CALIBRATED is cleanlab's
                                    num_issue_kwargs estimation_method=
                                    "off_diagonal_calibrated" (per class: counted issues
                                    * tokens / confident tokens, summed, rounded) */
    int32_t n_threads;           /* threads per batch; 0 = all cores (default); results
                                    are identical for every value */
} tq_inspector_options;

/* tq_inspector_options_init(): fill *options with the defaults above. Returns
 * TQ_ERR_NULL_ARGUMENT if options is NULL. */
TQ_API tq_status tq_inspector_options_init(tq_inspector_options *options);

/* tq_inspector_create(): a new inspector for 1 <= n_classes <= 46340 classes, in pass 1, into
 * *out_inspector (set to NULL on error). Free it with tq_inspector_destroy.
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_OPTION,
 * TQ_ERR_INVALID_STRUCT_SIZE, TQ_ERR_OUT_OF_MEMORY. */
TQ_API tq_status tq_inspector_create(int64_t n_classes, const tq_inspector_options *options,
                                     tq_inspector **out_inspector);

/* tq_inspector_destroy(): frees an inspector; NULL is allowed. Always TQ_OK. */
TQ_API tq_status tq_inspector_destroy(tq_inspector *inspector);

/* tq_inspector_clone(): an independent copy of `inspector` (same pass, options and
 * data), into *out_inspector (set to NULL on error). Free it with tq_inspector_destroy.
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_OUT_OF_MEMORY. */
TQ_API tq_status tq_inspector_clone(const tq_inspector *inspector,
                                    tq_inspector **out_inspector);

/* tq_inspector_update_thresholds_f32 / _f64(): pass 1, one batch of tokens.
 *   labels      int32_t[n_tokens], in [0, n_classes)
 *   pred_probs  n_tokens x n_classes, row-major (see "Data layout")
 *   n_tokens    >= 0 (0 does nothing)
 *   n_classes   must equal the inspector's
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_INVALID_LABEL,
 * TQ_ERR_INVALID_PROBABILITY, TQ_ERR_INVALID_STATE (pass 1 is finished),
 * TQ_ERR_OUT_OF_MEMORY. On error the inspector is unchanged. */
TQ_API tq_status tq_inspector_update_thresholds_f32(
    tq_inspector *inspector, const int32_t *labels, const float *pred_probs,
    int64_t n_tokens, int64_t n_classes);
TQ_API tq_status tq_inspector_update_thresholds_f64(
    tq_inspector *inspector, const int32_t *labels, const double *pred_probs,
    int64_t n_tokens, int64_t n_classes);

/* tq_inspector_finish_thresholds(): ends pass 1 and fixes the thresholds.
 * Errors: TQ_ERR_INVALID_STATE if pass 1 already ended or saw no token (cleanlab:
 * "Have not computed any confident_thresholds yet"). */
TQ_API tq_status tq_inspector_finish_thresholds(tq_inspector *inspector);

/* tq_inspector_thresholds(): the current confident thresholds, into out_thresholds
 * (double[n_classes]; n_classes must equal the inspector's).
 * Errors: TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE (another n_classes),
 * TQ_ERR_INVALID_STATE if no token has been seen in pass 1. */
TQ_API tq_status tq_inspector_thresholds(const tq_inspector *inspector,
                                         double *out_thresholds, int64_t n_classes);

/* tq_inspector_score_f32 / _f64(): pass 2, one batch of whole sentences.
 *   first_sentence  the dataset-wide index of the batch's first sentence (>= 0); issues
 *                   are reported as (first_sentence + i, j)
 *   offsets, n_sentences, labels, pred_probs, n_tokens, n_classes
 *                   the batch, as in "Data layout" (offsets start at 0)
 *   token_scores    out: double[n_tokens], each token's score, or NULL. Scores lie in
 *                   the range of their method (see "Label-quality scores"); scores of
 *                   adjusted probabilities (adjust_pred_probs = 1) are finite, and in
 *                   [0, 1] up to rounding when every probability is, but a row holding
 *                   tolerated values below 0 can take them anywhere (as in cleanlab).
 * Errors: those of tq_inspector_update_thresholds_*, TQ_ERR_INVALID_OFFSETS,
 * TQ_ERR_INVALID_VALUE (first_sentence is negative or first_sentence + n_sentences
 * overflows; a sentence of the batch was already scored, here or in an inspector merged
 * into this one; an adjusted row sums to 0), TQ_ERR_INVALID_STATE
 * (pass 1 not finished). On error nothing is written and the inspector is unchanged. */
TQ_API tq_status tq_inspector_score_f32(
    tq_inspector *inspector, int64_t first_sentence,
    const int64_t *offsets, int64_t n_sentences,
    const int32_t *labels, const float *pred_probs,
    int64_t n_tokens, int64_t n_classes, double *token_scores);
TQ_API tq_status tq_inspector_score_f64(
    tq_inspector *inspector, int64_t first_sentence,
    const int64_t *offsets, int64_t n_sentences,
    const int32_t *labels, const double *pred_probs,
    int64_t n_tokens, int64_t n_classes, double *token_scores);

/* tq_inspector_merge(): adds everything `from` saw to `into`; `from` is unchanged.
 * Token counts that would overflow int64_t are refused with TQ_ERR_INVALID_SIZE (only a
 * loaded state claiming huge counts can get there; the same holds for the update and
 * score calls). Both must have the same n_classes (TQ_ERR_INVALID_SIZE) and options
 * (TQ_ERR_INVALID_OPTION), be in the same pass, and in pass 2 come from the same pass-1
 * state, its counts and exact sums (TQ_ERR_INVALID_STATE); their scored sentences must not overlap (TQ_ERR_INVALID_VALUE);
 * into != from (TQ_ERR_INVALID_VALUE). On error `into` is unchanged. */
TQ_API tq_status tq_inspector_merge(tq_inspector *into, const tq_inspector *from);

/* tq_inspector_counts(): the number of tokens seen in pass 1, into
 * *out_threshold_tokens, and of tokens scored in pass 2, into *out_scored_tokens
 * (either pointer may be NULL). Errors: TQ_ERR_NULL_ARGUMENT (inspector is NULL). */
TQ_API tq_status tq_inspector_counts(const tq_inspector *inspector,
                                     int64_t *out_threshold_tokens, int64_t *out_scored_tokens);

/* tq_inspector_num_label_issues(): the number of issues estimated in pass 2
 * (LabelInspector.get_num_issues), into *out_count; the issue list holds at most this
 * many, and at most the number of scored tokens. Errors: TQ_ERR_NULL_ARGUMENT,
 * TQ_ERR_INVALID_STATE before pass 2 or when no token was scored (cleanlab: "Have not
 * evaluated any labels yet"). */
TQ_API tq_status tq_inspector_num_label_issues(const tq_inspector *inspector,
                                               int64_t *out_count);

/* tq_inspector_find_label_issues(): the label issues, most severe first, as
 * (sentence, token-within-sentence) pairs.
 *   out_sentences, out_tokens  out: int64_t[capacity] each
 *   capacity                   >= the number of issues; tq_inspector_num_label_issues
 *                              is always enough
 *   out_count                  out: number of issues
 * Errors: TQ_ERR_INVALID_STATE (as tq_inspector_num_label_issues),
 * TQ_ERR_BUFFER_TOO_SMALL (then *out_count is set to the number needed and nothing else
 * is written), TQ_ERR_NULL_ARGUMENT, TQ_ERR_INVALID_SIZE, TQ_ERR_OUT_OF_MEMORY. */
TQ_API tq_status tq_inspector_find_label_issues(const tq_inspector *inspector,
                                                int64_t *out_sentences, int64_t *out_tokens,
                                                int64_t capacity, int64_t *out_count);

/* tq_inspector_save(): the inspector's whole state as bytes, to rebuild it elsewhere
 * with tq_inspector_load (a portable little-endian format, versioned). Writes
 * *out_size = the number of bytes needed; the bytes themselves only when capacity >=
 * that (buffer may be NULL when capacity is 0), else TQ_ERR_BUFFER_TOO_SMALL. */
TQ_API tq_status tq_inspector_save(const tq_inspector *inspector, void *buffer,
                                   size_t capacity, size_t *out_size);

/* tq_inspector_load(): a new inspector from the `size` bytes at `buffer` that
 * tq_inspector_save wrote, into *out_inspector (set to NULL on error). The bytes may come
 * from anywhere (see SECURITY.md): besides the format, every invariant the inspector
 * relies on is checked, so whatever loads behaves as an inspector fed real data would.
 * Refused as damaged: a class count or option outside what tq_inspector_create accepts;
 * a pass other than 1 or 2; negative token counts, or counts whose sums overflow or
 * disagree with their stored totals; a class's probability sum whose mean (its threshold)
 * lies outside [-1e-6, 1 + 1e-6], or a non-zero sum for a class without tokens; a class
 * with more off-diagonal than confident tokens, or more confident than scored tokens;
 * pass-2 data in pass 1,
 * or pass 2 without pass-1 tokens; batches whose offsets do not start at 0 and increase,
 * whose sentences overlap or overflow, or whose token total differs from the scored count;
 * scores that are not finite or lie outside their rank_by method's range (unless
 * adjusted); flags other than 0 and 1; trailing bytes; anything save would have written
 * otherwise (batches out of order, sums not normalized), so that saving a loaded
 * inspector gives back the very bytes it was loaded from. Errors: TQ_ERR_NULL_ARGUMENT,
 * TQ_ERR_INVALID_VALUE (not an inspector, another format version, or damaged),
 * TQ_ERR_OUT_OF_MEMORY. */
TQ_API tq_status tq_inspector_load(const void *buffer, size_t size,
                                   tq_inspector **out_inspector);

/* ================================================================================= */
/* End of "Streaming inspector"                                                      */
/* ================================================================================= */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TOKQUAL_TOKQUAL_H */
