/* tokqual.i: the SWIG interface shared by the Java, C# and Go bindings.
 *
 * A language file (bindings/java/tokqual_java.i, ...) declares the module, defines the
 * typemaps of the named parameter classes below for its language, and then includes
 * this file. This file says which C declarations are wrapped and which parameter
 * belongs to which class; it holds no language-specific code.
 *
 * Parameter classes (pseudo-typemaps; each language defines them for the C types used):
 *   const T *TQ_IN_ARRAY      an input array read during the call (T: int32_t, int64_t,
 *                             float, double, char, uint8_t, void); NULL where the header
 *                             allows it
 *   T *TQ_OUT_ARRAY           an output array written during the call (caller-sized)
 *   T *TQ_OUT_VALUE           one output value (int64_t, size_t)
 *   const char *TQ_IN_CSTRING a NUL-terminated UTF-8 string, or NULL
 *   const char *TQ_STATIC_STRING   a returned static NUL-terminated string (UTF-8; applied
 *                             by function name)
 *   tq_status TQ_STATUS       the status every function returns (applied by function
 *                             name, see TQ_FUNCTION): the language raises its error, with
 *                             the thread's message read in the same native call, when it
 *                             is not TQ_OK
 *   tq_status TQ_STATUS_IN    a status passed in (tq_status_string)
 *   tq_inspector *TQ_HANDLE, const tq_inspector *TQ_HANDLE
 *                             the opaque inspector handle
 *   tq_inspector **TQ_HANDLE_OUT   a new inspector handle
 *   (tq_sentence_predicate TQ_PREDICATE, void *TQ_PREDICATE_DATA)
 *                             tq_filter_sentences' callback and its user data, as one
 *                             multi-argument class (a language may pass NULL, NULL and
 *                             offer predicates in its own layer, as Java does)
 *   size_t TQ_SIZE            a byte count (size_t in C)
 * Options structs are wrapped as classes (renamed Native*Options below) with a
 * constructor that fills the defaults, and setters for the strings and arrays they point
 * to that copy them into memory the struct owns.
 *
 * The API is whitelisted: everything is ignored, then each tq_ function, enum and
 * options struct is un-ignored (and renamed without its tq_ prefix). A function added to
 * tokqual.h reaches no binding until it is listed here.
 */

/* int64_t and int32_t explicitly: <stdint.i> maps int64_t to a 32-bit type in some
 * languages on LP64. */
%apply long long { int64_t };
%apply int { int32_t };
%apply unsigned char { uint8_t };

/* ---- Whitelist --------------------------------------------------------------------- */

%rename("$ignore", regextarget=1, fullname=1) "";

/* TQ_UNIGNORE(name): a function returning something else than a status;
 * TQ_FUNCTION(name): a function returning a tq_status (class TQ_STATUS, applied to the
 * return value by function name so that the enum type itself stays an ordinary enum). */
%define TQ_UNIGNORE(NAME)
%rename("%(strip:[tq_])s") NAME;
%enddef
%define TQ_FUNCTION(NAME)
%rename("%(strip:[tq_])s") NAME;
%apply tq_status TQ_STATUS { tq_status NAME };
%enddef

TQ_UNIGNORE(tq_version)
TQ_UNIGNORE(tq_version_number)
TQ_UNIGNORE(tq_status_string)
TQ_UNIGNORE(tq_last_error_message)
/* Scores and issues */
TQ_FUNCTION(tq_score_options_init)
TQ_FUNCTION(tq_label_quality_scores_f32)
TQ_FUNCTION(tq_label_quality_scores_f64)
TQ_FUNCTION(tq_sentence_scores_from_token_scores)
TQ_FUNCTION(tq_issues_from_sentence_scores)
TQ_FUNCTION(tq_issues_from_token_scores)
/* Text helpers and summaries */
TQ_FUNCTION(tq_get_sentence)
TQ_FUNCTION(tq_filter_sentences)
TQ_FUNCTION(tq_process_token)
TQ_FUNCTION(tq_map_labels)
TQ_FUNCTION(tq_merge_probs_f32)
TQ_FUNCTION(tq_merge_probs_f64)
TQ_FUNCTION(tq_replace_word)
TQ_FUNCTION(tq_color_sentence)
TQ_FUNCTION(tq_format_issues_options_init)
TQ_FUNCTION(tq_format_issues_f32)
TQ_FUNCTION(tq_format_issues_f64)
TQ_FUNCTION(tq_common_label_issues_f32)
TQ_FUNCTION(tq_common_label_issues_f64)
TQ_FUNCTION(tq_common_issues_options_init)
TQ_FUNCTION(tq_format_common_label_issues_f32)
TQ_FUNCTION(tq_format_common_label_issues_f64)
TQ_FUNCTION(tq_filter_by_token)
TQ_FUNCTION(tq_subword_to_word_probs_f32)
TQ_FUNCTION(tq_subword_to_word_probs_f64)
TQ_FUNCTION(tq_format_token_scores)
/* Confident learning */
TQ_FUNCTION(tq_find_options_init)
TQ_FUNCTION(tq_find_label_issues_f32)
TQ_FUNCTION(tq_find_label_issues_f64)
TQ_FUNCTION(tq_confident_thresholds_f32)
TQ_FUNCTION(tq_confident_thresholds_f64)
TQ_FUNCTION(tq_confident_joint_f32)
TQ_FUNCTION(tq_confident_joint_f64)
TQ_FUNCTION(tq_num_label_issues_f32)
TQ_FUNCTION(tq_num_label_issues_f64)
TQ_FUNCTION(tq_adjust_pred_probs_f32)
TQ_FUNCTION(tq_adjust_pred_probs_f64)
/* Streaming inspector */
TQ_FUNCTION(tq_inspector_options_init)
TQ_FUNCTION(tq_inspector_create)
TQ_FUNCTION(tq_inspector_destroy)
TQ_FUNCTION(tq_inspector_clone)
TQ_FUNCTION(tq_inspector_update_thresholds_f32)
TQ_FUNCTION(tq_inspector_update_thresholds_f64)
TQ_FUNCTION(tq_inspector_finish_thresholds)
TQ_FUNCTION(tq_inspector_thresholds)
TQ_FUNCTION(tq_inspector_score_f32)
TQ_FUNCTION(tq_inspector_score_f64)
TQ_FUNCTION(tq_inspector_merge)
TQ_FUNCTION(tq_inspector_counts)
TQ_FUNCTION(tq_inspector_num_label_issues)
TQ_FUNCTION(tq_inspector_find_label_issues)
TQ_FUNCTION(tq_inspector_save)
TQ_FUNCTION(tq_inspector_load)

/* Enums, so that each binding can check its own constants against the header's. */
%rename("%s") tq_status;
%rename("%s") tq_token_method;
%rename("%s") tq_sentence_method;
%rename("%s") tq_filter_method;
%rename("%s") tq_num_issues_method;
%rename("%s", regextarget=1) "^TQ_(OK|ERR_.*|SELF_CONFIDENCE|NORMALIZED_MARGIN|CONFIDENCE_WEIGHTED_ENTROPY|MIN|SOFTMIN|PRUNE_BY_.*|BOTH|CONFIDENT_LEARNING|PREDICTED_NEQ_GIVEN|LOW_.*|OFF_DIAGONAL.*)$";

/* Options structs: the numeric fields as they are; struct_size is set by the
 * constructor and read-only; pointer fields are set through copying setters. */
%define TQ_OPTIONS_STRUCT(TYPE, NAME)
%rename(NAME) TYPE;
%rename("%s") TYPE::TYPE;
%rename("%s") TYPE::~TYPE;
%immutable TYPE::struct_size;
%rename("%s") TYPE::struct_size;
%enddef
TQ_OPTIONS_STRUCT(tq_score_options, NativeScoreOptions)
TQ_OPTIONS_STRUCT(tq_find_options, NativeFindOptions)
TQ_OPTIONS_STRUCT(tq_inspector_options, NativeInspectorOptions)
TQ_OPTIONS_STRUCT(tq_format_issues_options, NativeFormatIssuesOptions)
TQ_OPTIONS_STRUCT(tq_common_issues_options, NativeCommonIssuesOptions)
%rename("%s") tq_score_options::token_method;
%rename("%s") tq_score_options::sentence_method;
%rename("%s") tq_score_options::temperature;
%rename("%s") tq_score_options::n_threads;
%rename("%s") tq_find_options::filter_by;
%rename("%s") tq_find_options::rank_by;
%rename("%s") tq_find_options::frac_noise;
%rename("%s") tq_find_options::min_examples_per_class;
%rename("%s") tq_find_options::n_threads;
%rename("%s") tq_find_options::adjust_pred_probs;
%rename("%s") tq_find_options::set_num_to_remove_per_class;
%rename("%s") tq_inspector_options::rank_by;
%rename("%s") tq_inspector_options::adjust_pred_probs;
%rename("%s") tq_inspector_options::num_issues_method;
%rename("%s") tq_inspector_options::n_threads;
%rename("%s") tq_format_issues_options::top;
%rename("%s") tq_format_issues_options::set_highlight;
%rename("%s") tq_common_issues_options::top;
%rename("%s") tq_common_issues_options::verbose;

/* ---- Parameter classes, by parameter name ------------------------------------------ */

%apply tq_status TQ_STATUS_IN { tq_status status };
%apply const char *TQ_STATIC_STRING { const char *tq_version, const char *tq_status_string,
                                      const char *tq_last_error_message };
%apply size_t TQ_SIZE { size_t capacity, size_t size };

%apply const int64_t *TQ_IN_ARRAY {
    const int64_t *offsets, const int64_t *word_offsets, const int64_t *token_offsets,
    const int64_t *pair_offsets, const int64_t *sentence_offsets,
    const int64_t *issue_sentences, const int64_t *issue_tokens,
    const int64_t *class_name_offsets, const int64_t *word_begin, const int64_t *word_end,
    const int64_t *values };
%apply const int32_t *TQ_IN_ARRAY {
    const int32_t *labels, const int32_t *maps, const int32_t *exclude };
%apply const float *TQ_IN_ARRAY { const float *pred_probs, const float *subword_probs };
%apply const double *TQ_IN_ARRAY {
    const double *pred_probs, const double *subword_probs, const double *sentence_scores,
    const double *token_scores, const double *weights, const double *scores };
%apply const char *TQ_IN_ARRAY {
    const char *text, const char *token, const char *pairs_text, const char *sentence,
    const char *word, const char *new_word, const char *token_text,
    const char *class_names };
%apply const void *TQ_IN_ARRAY { const void *buffer };
%apply const char *TQ_IN_CSTRING { const char *before, const char *after };

%apply double *TQ_OUT_ARRAY {
    double *sentence_scores, double *token_scores, double *out_pred_probs,
    double *out_thresholds, double *out_probs, double *out_word_probs };
%apply float *TQ_OUT_ARRAY { float *out_probs, float *out_word_probs };
%apply int64_t *TQ_OUT_ARRAY {
    int64_t *out_sentences, int64_t *out_tokens, int64_t *out_kept, int64_t *out_joint,
    int64_t *out_word_tokens, int64_t *out_counts };
%apply int32_t *TQ_OUT_ARRAY { int32_t *out_labels, int32_t *out_given, int32_t *out_predicted };
%apply uint8_t *TQ_OUT_ARRAY { uint8_t *out_mask };
%apply char *TQ_OUT_ARRAY { char *out_text };
%apply void *TQ_OUT_ARRAY { void *buffer };

%apply int64_t *TQ_OUT_VALUE {
    int64_t *out_count, int64_t *out_size, int64_t *out_threshold_tokens,
    int64_t *out_scored_tokens };
%apply size_t *TQ_OUT_VALUE { size_t *out_size };

%apply tq_inspector *TQ_HANDLE { tq_inspector *inspector, tq_inspector *into };
%apply const tq_inspector *TQ_HANDLE { const tq_inspector *inspector, const tq_inspector *from };
%apply tq_inspector **TQ_HANDLE_OUT { tq_inspector **out_inspector };
%apply (tq_sentence_predicate TQ_PREDICATE, void *TQ_PREDICATE_DATA) {
    (tq_sentence_predicate predicate, void *user_data) };

/* ---- Options structs: construction and owned pointer fields ------------------------ */

%{
#include <stdlib.h>
#include <string.h>

/* A heap copy of n bytes plus a NUL (NULL for NULL input, or when malloc fails). */
static char *tq_swig_copy_string(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s);
    char *copy = (char *)malloc(n + 1);
    if (copy) memcpy(copy, s, n + 1);
    return copy;
}
%}

/* The header declares these structs; SWIG needs their definitions to make classes. */
%extend tq_score_options {
    tq_score_options() {
        tq_score_options *o = (tq_score_options *)calloc(1, sizeof *o);
        if (o) tq_score_options_init(o);
        return o;
    }
    ~tq_score_options() { free($self); }
}
%extend tq_inspector_options {
    tq_inspector_options() {
        tq_inspector_options *o = (tq_inspector_options *)calloc(1, sizeof *o);
        if (o) tq_inspector_options_init(o);
        return o;
    }
    ~tq_inspector_options() { free($self); }
}
%extend tq_common_issues_options {
    tq_common_issues_options() {
        tq_common_issues_options *o = (tq_common_issues_options *)calloc(1, sizeof *o);
        if (o) tq_common_issues_options_init(o);
        return o;
    }
    ~tq_common_issues_options() { free($self); }
}
/* num_to_remove_per_class points at caller memory read during the call: the wrapper
 * struct owns a copy instead, freed with it. */
%extend tq_find_options {
    tq_find_options() {
        tq_find_options *o = (tq_find_options *)calloc(1, sizeof *o);
        if (o) tq_find_options_init(o);
        return o;
    }
    ~tq_find_options() {
        free((void *)$self->num_to_remove_per_class);
        free($self);
    }
    /* values: n entries, or NULL (n = 0) for none. Returns 0 if out of memory. */
    int set_num_to_remove_per_class(const int64_t *values, int64_t n) {
        int64_t *copy = NULL;
        if (values && n > 0) {
            copy = (int64_t *)malloc((size_t)n * sizeof *copy);
            if (!copy) return 0;
            memcpy(copy, values, (size_t)n * sizeof *copy);
        }
        free((void *)$self->num_to_remove_per_class);
        $self->num_to_remove_per_class = copy;
        return 1;
    }
}
/* The highlight markers are owned copies too (NULL keeps the ANSI default). */
%extend tq_format_issues_options {
    tq_format_issues_options() {
        tq_format_issues_options *o = (tq_format_issues_options *)calloc(1, sizeof *o);
        if (o) tq_format_issues_options_init(o);
        return o;
    }
    ~tq_format_issues_options() {
        free((void *)$self->highlight_before);
        free((void *)$self->highlight_after);
        free($self);
    }
    /* Returns 0 if out of memory. */
    int set_highlight(const char *before, const char *after) {
        char *b = tq_swig_copy_string(before), *a = tq_swig_copy_string(after);
        if ((before && !b) || (after && !a)) { free(b); free(a); return 0; }
        free((void *)$self->highlight_before);
        free((void *)$self->highlight_after);
        $self->highlight_before = b;
        $self->highlight_after = a;
        return 1;
    }
}

/* tq_inspector is opaque in C; the handle class needs a (empty) definition. */
%nodefaultctor tq_inspector;
%nodefaultdtor tq_inspector;
struct tq_inspector {};

%include "tokqual/tokqual.h"
