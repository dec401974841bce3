package capi

/*
#include <time.h>
#include "tokqual/tokqual.h"

// One tq_label_quality_scores_f32 call made and timed in C on the memory the binding
// passes (for the benchmark's C baseline); returns nanoseconds of wall time (cpu == 0) or
// of this thread's CPU time (cpu != 0), or -status on failure.
static long long tq_go_bench_scores(int cpu, const int64_t *offsets, int64_t n_sentences,
                                    const int32_t *labels, const float *probs,
                                    int64_t n_tokens, int64_t n_classes, int32_t n_threads,
                                    double *sentence_scores, double *token_scores) {
    tq_score_options options;
    tq_score_options_init(&options);
    options.n_threads = n_threads;
    struct timespec a, b;
    const clockid_t clock = cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC;
    clock_gettime(clock, &a);
    tq_status status = tq_label_quality_scores_f32(offsets, n_sentences, labels, probs, n_tokens,
                                                   n_classes, &options, sentence_scores,
                                                   token_scores);
    clock_gettime(clock, &b);
    if (status != TQ_OK) return -(long long)status;
    return (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
}

static long long tq_go_thread_cpu_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}
*/
import "C"

import "unsafe"

// BenchScoresC is the C baseline of the scoring benchmark: one call timed inside C, on
// the slices' own memory (none may be empty). It returns nanoseconds of wall time, or of
// the thread's CPU time when cpu is true, or -status.
func BenchScoresC(cpu bool, offsets []int64, labels []int32, probs []float32, nClasses, nThreads int,
	sentenceScores, tokenScores []float64) int64 {
	c := C.int(0)
	if cpu {
		c = 1
	}
	return int64(C.tq_go_bench_scores(c,
		(*C.int64_t)(unsafe.Pointer(&offsets[0])), C.int64_t(len(offsets)-1),
		(*C.int32_t)(unsafe.Pointer(&labels[0])), (*C.float)(unsafe.Pointer(&probs[0])),
		C.int64_t(len(labels)), C.int64_t(nClasses), C.int32_t(nThreads),
		(*C.double)(unsafe.Pointer(&sentenceScores[0])), (*C.double)(unsafe.Pointer(&tokenScores[0]))))
}

// ThreadCPUNanos is the calling OS thread's CPU time (lock the goroutine to its thread
// around a measurement).
func ThreadCPUNanos() int64 { return int64(C.tq_go_thread_cpu_ns()) }
