/* tokqual_go.i: the Go typemaps of the parameter classes of ../swig/tokqual.i.
 *
 * SWIG writes package capi (bindings/go/internal/capi): raw, internal to the module; the
 * public API is the hand-written package tokqual in bindings/go. CMake generates it with
 * `swig -go -cgo -intgosize 64` and gofmt, and the output is committed, so that `go build`
 * needs no SWIG (CTest's go_generated_up_to_date checks it matches this file).
 *   - arrays (TQ_IN_ARRAY, TQ_OUT_ARRAY) are Go slices passed without copying: C gets the
 *     slice's own memory (cgo pins it for the call). A nil slice is NULL.
 *   - TQ_OUT_VALUE is a Go pointer (*int64, *uint64) C writes through.
 *   - TQ_STATUS: the Go function returns *Failure, nil for TQ_OK. On failure the message
 *     is copied in the same C call (goroutines move between OS threads between two cgo
 *     calls, and the message is per thread) into malloc'd memory holding the status byte
 *     and the message; Go copies it and frees it (newFailure, failure.go).
 *   - TQ_STATIC_STRING comes back as a Go string copied from the static C string.
 *   - TQ_HANDLE is the inspector's address as a uintptr; TQ_HANDLE_OUT a *uintptr.
 *   - TQ_PREDICATE is always NULL: Go predicates run in the Go layer (FilterSentencesFunc).
 *   - SWIG's char * defaults (which copy and free strings) never apply: every char *
 *     parameter belongs to a class above.
 * Go-only additions at the end: go_set (an options struct filled in one cgo call) and
 * free_failure.
 */
%module capi

%go_import("strings")

%{
#include "tokqual/tokqual.h"
#include <stdlib.h>
#include <string.h>

/* One status byte per code, for a failure whose message cannot be allocated. */
static char tq_go_status_only[256];

/* The failure of `status` as a Go string: empty for TQ_OK, else the status byte then the
 * thread's message, in memory Go frees with tq_go_free_failure. */
static _gostring_ tq_go_failure(tq_status status) {
    _gostring_ r = {NULL, 0};
    if (status == TQ_OK) return r;
    const char *message = tq_last_error_message();
    size_t n = strlen(message);
    char *p = (char *)malloc(n + 1);
    unsigned char code = (unsigned char)((int)status & 0xff);
    if (!p) {
        tq_go_status_only[code] = (char)code;
        r.p = &tq_go_status_only[code];
        r.n = 1;
        return r;
    }
    p[0] = (char)code;
    memcpy(p + 1, message, n);
    r.p = p;
    r.n = (intgo)(n + 1);
    return r;
}
%}

/* ---- Arrays ----------------------------------------------------------------------- */

%define TQ_GO_ARRAY(CTYPE, GOTYPE)
%typemap(gotype) const CTYPE *TQ_IN_ARRAY, CTYPE *TQ_OUT_ARRAY "GOTYPE"
%typemap(imtype) const CTYPE *TQ_IN_ARRAY, CTYPE *TQ_OUT_ARRAY "GOTYPE"
%typemap(in) const CTYPE *TQ_IN_ARRAY, CTYPE *TQ_OUT_ARRAY %{ $1 = ($1_ltype)$input.array; %}
/* Nothing to free or copy back: SWIG's char * defaults would free Go memory. */
%typemap(freearg) const CTYPE *TQ_IN_ARRAY, CTYPE *TQ_OUT_ARRAY ""
%typemap(argout) const CTYPE *TQ_IN_ARRAY, CTYPE *TQ_OUT_ARRAY ""
%typemap(goargout) const CTYPE *TQ_IN_ARRAY, CTYPE *TQ_OUT_ARRAY ""
%enddef
TQ_GO_ARRAY(int32_t, []int32)
TQ_GO_ARRAY(int64_t, []int64)
TQ_GO_ARRAY(float, []float32)
TQ_GO_ARRAY(double, []float64)
TQ_GO_ARRAY(char, []byte)
TQ_GO_ARRAY(uint8_t, []byte)
TQ_GO_ARRAY(void, []byte)

/* A NUL-terminated string: the Go layer appends the NUL; nil is NULL. */
%typemap(gotype) const char *TQ_IN_CSTRING "[]byte"
%typemap(imtype) const char *TQ_IN_CSTRING "[]byte"
%typemap(in) const char *TQ_IN_CSTRING %{ $1 = ($1_ltype)$input.array; %}
%typemap(freearg) const char *TQ_IN_CSTRING ""
%typemap(argout) const char *TQ_IN_CSTRING ""
%typemap(goargout) const char *TQ_IN_CSTRING ""

%define TQ_GO_VALUE(CTYPE, GOTYPE)
%typemap(gotype) CTYPE *TQ_OUT_VALUE "*GOTYPE"
%typemap(imtype) CTYPE *TQ_OUT_VALUE "*GOTYPE"
%typemap(in) CTYPE *TQ_OUT_VALUE %{ $1 = ($1_ltype)$input; %}
%enddef
TQ_GO_VALUE(int64_t, int64)
TQ_GO_VALUE(size_t, uint64)

%typemap(gotype) size_t TQ_SIZE "uint64"
%typemap(imtype) size_t TQ_SIZE "uint64"
%typemap(in) size_t TQ_SIZE %{ $1 = (size_t)$input; %}

/* ---- Status ----------------------------------------------------------------------- */

%typemap(gotype) tq_status TQ_STATUS "*Failure"
%typemap(imtype) tq_status TQ_STATUS "string"
%typemap(out) tq_status TQ_STATUS %{ $result = tq_go_failure($1); %}
%typemap(goout) tq_status TQ_STATUS %{ $result = newFailure($1) %}

%typemap(gotype) tq_status TQ_STATUS_IN "int32"
%typemap(imtype) tq_status TQ_STATUS_IN "int32"
%typemap(in) tq_status TQ_STATUS_IN %{ $1 = (tq_status)$input; %}

/* Static strings: copied into Go memory (the C string is never freed). */
%typemap(gotype) const char *TQ_STATIC_STRING "string"
%typemap(imtype) const char *TQ_STATIC_STRING "string"
%typemap(out) const char *TQ_STATIC_STRING %{
    $result.p = (char *)$1;
    $result.n = (intgo)strlen($1);
%}
%typemap(goout) const char *TQ_STATIC_STRING %{ $result = strings.Clone($1) %}

/* ---- Inspector handle ------------------------------------------------------------- */

%typemap(gotype) tq_inspector *TQ_HANDLE, const tq_inspector *TQ_HANDLE "uintptr"
%typemap(imtype) tq_inspector *TQ_HANDLE, const tq_inspector *TQ_HANDLE "uintptr"
%typemap(in) tq_inspector *TQ_HANDLE, const tq_inspector *TQ_HANDLE %{ $1 = ($1_ltype)$input; %}
%typemap(gotype) tq_inspector **TQ_HANDLE_OUT "*uintptr"
%typemap(imtype) tq_inspector **TQ_HANDLE_OUT "*uintptr"
%typemap(in) tq_inspector **TQ_HANDLE_OUT %{ $1 = ($1_ltype)$input; %}

/* ---- Sentence predicate: always the C default (see above) -------------------------- */

%typemap(in, numinputs=0) (tq_sentence_predicate TQ_PREDICATE, void *TQ_PREDICATE_DATA) {
    $1 = NULL;
    $2 = NULL;
}

%include "../swig/tokqual.i"

/* Frees what tq_go_failure allocated (called by newFailure after copying it). */
%rename("free_failure") tq_go_free_failure;
%inline %{
void tq_go_free_failure(int64_t address) {
    char *p = (char *)(intptr_t)address;
    if (p < tq_go_status_only || p >= tq_go_status_only + sizeof tq_go_status_only) free(p);
}
%}

/* Go only: each options struct filled in one cgo call (a setter per field costs a cgo
 * call each, about 0.1 us). */
%rename("%s") tq_score_options::go_set;
%rename("%s") tq_find_options::go_set;
%rename("%s") tq_inspector_options::go_set;
%rename("%s") tq_common_issues_options::go_set;
%extend tq_score_options {
    void go_set(int32_t token_method, int32_t sentence_method, double temperature,
                int32_t n_threads) {
        $self->token_method = token_method;
        $self->sentence_method = sentence_method;
        $self->temperature = temperature;
        $self->n_threads = n_threads;
    }
}
%extend tq_find_options {
    void go_set(int32_t filter_by, int32_t rank_by, double frac_noise,
                int64_t min_examples_per_class, int32_t n_threads, int32_t adjust_pred_probs) {
        $self->filter_by = filter_by;
        $self->rank_by = rank_by;
        $self->frac_noise = frac_noise;
        $self->min_examples_per_class = min_examples_per_class;
        $self->n_threads = n_threads;
        $self->adjust_pred_probs = adjust_pred_probs;
    }
}
%extend tq_inspector_options {
    void go_set(int32_t rank_by, int32_t adjust_pred_probs, int32_t num_issues_method,
                int32_t n_threads) {
        $self->rank_by = rank_by;
        $self->adjust_pred_probs = adjust_pred_probs;
        $self->num_issues_method = num_issues_method;
        $self->n_threads = n_threads;
    }
}
%extend tq_common_issues_options {
    void go_set(int64_t top, int32_t verbose) {
        $self->top = top;
        $self->verbose = verbose;
    }
}
