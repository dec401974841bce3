/* The streaming inspector's whole workflow (pass 1 and pass 2 in batches of whole sentences,
 * then the ranked issues) as one C call, for bench/compare_find_issues.py to time through
 * ctypes as one call: the timed figure is then the tokqual calls alone, as bench_find_issues
 * and inspector_phases time them from C, and not ~200 ctypes calls with Python between them
 * (issue 14). Not part of tokqual.
 *
 * The tokqual functions are looked up (dlsym) in the library the caller already loaded and
 * passes by its dlopen handle, so that the library under test is the one the script was
 * given (--lib), whatever this file was linked against. The batches (their sentence ranges
 * and batch-local offsets) and the function pointers are prepared once, untimed, by
 * tq_bench_workflow_prepare; tq_bench_workflow_run makes only the tokqual calls:
 *   create, update_thresholds per batch, finish_thresholds, score per batch,
 *   num_label_issues, find_label_issues, destroy. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokqual/tokqual.h"

typedef tq_status (*options_init_fn)(tq_inspector_options *);
typedef tq_status (*create_fn)(int64_t, const tq_inspector_options *, tq_inspector **);
typedef tq_status (*destroy_fn)(tq_inspector *);
typedef tq_status (*update_f32_fn)(tq_inspector *, const int32_t *, const float *, int64_t, int64_t);
typedef tq_status (*update_f64_fn)(tq_inspector *, const int32_t *, const double *, int64_t, int64_t);
typedef tq_status (*finish_fn)(tq_inspector *);
typedef tq_status (*score_f32_fn)(tq_inspector *, int64_t, const int64_t *, int64_t, const int32_t *,
                                  const float *, int64_t, int64_t, double *);
typedef tq_status (*score_f64_fn)(tq_inspector *, int64_t, const int64_t *, int64_t, const int32_t *,
                                  const double *, int64_t, int64_t, double *);
typedef tq_status (*num_fn)(const tq_inspector *, int64_t *);
typedef tq_status (*find_fn)(const tq_inspector *, int64_t *, int64_t *, int64_t, int64_t *);

typedef struct tq_bench_workflow {
    options_init_fn options_init;
    create_fn create;
    destroy_fn destroy;
    update_f32_fn update_f32;
    update_f64_fn update_f64;
    finish_fn finish;
    score_f32_fn score_f32;
    score_f64_fn score_f64;
    num_fn num;
    find_fn find;
    int is_f64;
    int64_t n_classes;
    const int32_t *labels;
    const void *pred_probs;   /* float or double, n_tokens x n_classes */
    int64_t n_batches;
    int64_t *first_sentence;  /* [n_batches + 1]: batch b holds sentences [first[b], first[b+1]) */
    int64_t *first_token;     /* [n_batches + 1]: and tokens [first_token[b], first_token[b+1]) */
    int64_t *local_offsets;   /* batch b's offsets, from 0, at local_offsets + first_sentence[b] + b */
} tq_bench_workflow;

/* A symbol of the library as a function pointer (POSIX: a data pointer from dlsym). */
#define LOOKUP(field, name)                                 \
    do {                                                    \
        void *sym = dlsym(tokqual_handle, name);            \
        if (sym == NULL) ok = 0;                            \
        memcpy(&w->field, &sym, sizeof sym);                \
    } while (0)

void tq_bench_workflow_free(tq_bench_workflow *w) {
    if (w == NULL) return;
    free(w->first_sentence);
    free(w->first_token);
    free(w->local_offsets);
    free(w);
}

/* The workflow over the dataset (offsets[n_sentences + 1] from 0, labels, pred_probs of
 * float (is_f64 = 0) or double), in batches of whole sentences of about batch_tokens tokens
 * each (the first sentence boundary at or past batch_tokens tokens, as
 * tests/live/tokqual_ctypes.py and bench/inspector_phases.cpp cut them), calling the
 * library opened as tokqual_handle. NULL if a symbol is missing or memory runs out. The
 * arrays must outlive the workflow; free it with tq_bench_workflow_free. */
tq_bench_workflow *tq_bench_workflow_prepare(void *tokqual_handle, const int64_t *offsets,
                                             int64_t n_sentences, const int32_t *labels,
                                             const void *pred_probs, int is_f64, int64_t n_classes,
                                             int64_t batch_tokens) {
    tq_bench_workflow *w = calloc(1, sizeof *w);
    if (w == NULL) return NULL;
    int ok = 1;
    LOOKUP(options_init, "tq_inspector_options_init");
    LOOKUP(create, "tq_inspector_create");
    LOOKUP(destroy, "tq_inspector_destroy");
    LOOKUP(update_f32, "tq_inspector_update_thresholds_f32");
    LOOKUP(update_f64, "tq_inspector_update_thresholds_f64");
    LOOKUP(finish, "tq_inspector_finish_thresholds");
    LOOKUP(score_f32, "tq_inspector_score_f32");
    LOOKUP(score_f64, "tq_inspector_score_f64");
    LOOKUP(num, "tq_inspector_num_label_issues");
    LOOKUP(find, "tq_inspector_find_label_issues");
    w->is_f64 = is_f64;
    w->n_classes = n_classes;
    w->labels = labels;
    w->pred_probs = pred_probs;
    const size_t n = (size_t)n_sentences;
    w->first_sentence = malloc((n + 2) * sizeof(int64_t));
    w->first_token = malloc((n + 2) * sizeof(int64_t));
    w->local_offsets = malloc((2 * n + 2) * sizeof(int64_t));
    if (!ok || w->first_sentence == NULL || w->first_token == NULL || w->local_offsets == NULL) {
        tq_bench_workflow_free(w);
        return NULL;
    }
    int64_t b = 0, s = 0;
    w->first_sentence[0] = 0;
    w->first_token[0] = offsets[0];
    while (s < n_sentences) {
        int64_t e = s + 1;
        while (e < n_sentences && offsets[e] - offsets[s] < batch_tokens) ++e;
        int64_t *local = w->local_offsets + s + b;
        for (int64_t i = s; i <= e; ++i) local[i - s] = offsets[i] - offsets[s];
        ++b;
        w->first_sentence[b] = e;
        w->first_token[b] = offsets[e];
        s = e;
    }
    w->n_batches = b;
    return w;
}

/* One run of the workflow with one thread; the issues, most severe first, into
 * out_sentences / out_tokens (capacity entries each) and *out_count. Returns the first
 * failing call's status (tq_last_error_message of the library explains it). */
tq_status tq_bench_workflow_run(const tq_bench_workflow *w, int64_t *out_sentences,
                                int64_t *out_tokens, int64_t capacity, int64_t *out_count) {
    tq_inspector_options o;
    tq_status st = w->options_init(&o);
    if (st != TQ_OK) return st;
    o.n_threads = 1;
    tq_inspector *in = NULL;
    st = w->create(w->n_classes, &o, &in);
    if (st != TQ_OK) return st;
    const int64_t k = w->n_classes;
    const float *p32 = (const float *)w->pred_probs;
    const double *p64 = (const double *)w->pred_probs;
    for (int64_t b = 0; b < w->n_batches && st == TQ_OK; ++b) {
        const int64_t a = w->first_token[b], n = w->first_token[b + 1] - a;
        st = w->is_f64 ? w->update_f64(in, w->labels + a, p64 + a * k, n, k)
                       : w->update_f32(in, w->labels + a, p32 + a * k, n, k);
    }
    if (st == TQ_OK) st = w->finish(in);
    for (int64_t b = 0; b < w->n_batches && st == TQ_OK; ++b) {
        const int64_t a = w->first_token[b], n = w->first_token[b + 1] - a;
        const int64_t s = w->first_sentence[b], ns = w->first_sentence[b + 1] - s;
        const int64_t *local = w->local_offsets + s + b;
        st = w->is_f64 ? w->score_f64(in, s, local, ns, w->labels + a, p64 + a * k, n, k, NULL)
                       : w->score_f32(in, s, local, ns, w->labels + a, p32 + a * k, n, k, NULL);
    }
    int64_t n_issues = 0;
    if (st == TQ_OK) st = w->num(in, &n_issues);
    if (st == TQ_OK) st = w->find(in, out_sentences, out_tokens, capacity, out_count);
    w->destroy(in);
    return st;
}
