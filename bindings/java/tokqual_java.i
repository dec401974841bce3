/* tokqual_java.i: the Java typemaps of the parameter classes of ../swig/tokqual.i.
 *
 * Generated classes live in package org.tokqual and are package-private; the public API
 * is the hand-written layer in src/main/java. What the typemaps do:
 *   - arrays (TQ_IN_ARRAY, TQ_OUT_ARRAY, TQ_OUT_VALUE) arrive as a Java primitive array
 *     or a direct NIO buffer, typed Object (the Java layer checks types and lengths).
 *     A direct buffer's address is taken in the `in` typemap; arrays are pinned with
 *     GetPrimitiveArrayCritical in `check`, after every `in` typemap ran, so that no other
 *     JNI call happens inside a critical region, and released in `freearg` (JNI_ABORT for
 *     inputs: nothing to copy back). No element is copied.
 *   - TQ_STATUS: the Java method returns void; the `ret` typemap, which runs after every
 *     `freearg`, throws TokQualException(status, message) when the status is not TQ_OK,
 *     reading the thread-local message in the same native call.
 *   - TQ_HANDLE is the inspector's address as a long; TQ_HANDLE_OUT a long[1].
 *   - TQ_PREDICATE is always NULL: Java predicates run in the Java layer (TokQual.
 *     filterSentences), the C default condition through this call.
 */
%module(jniclassname="NativeApiJNI") NativeApi

%begin %{
/* clock_gettime for the benchmark hook below. */
#define _POSIX_C_SOURCE 200809L
%}

%{
#include "tokqual/tokqual.h"
#include <jni.h>
#include <time.h>
#include <string.h>
#include <stdint.h>

/* Cached at load time: TokQualException and its (int, byte[]) constructor. */
static jclass tq_java_exception_class = NULL;
static jmethodID tq_java_exception_ctor = NULL;

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void)reserved;
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
    jclass local = (*env)->FindClass(env, "org/tokqual/TokQualException");
    if (!local) return JNI_ERR;
    tq_java_exception_class = (jclass)(*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    if (!tq_java_exception_class) return JNI_ERR;
    tq_java_exception_ctor =
        (*env)->GetMethodID(env, tq_java_exception_class, "<init>", "(I[B)V");
    if (!tq_java_exception_ctor) return JNI_ERR;
    return JNI_VERSION_1_8;
}

/* Throws TokQualException(status, tq_last_error_message()) unless an exception (say an
 * OutOfMemoryError from pinning an array) is already pending. The message goes as UTF-8
 * bytes: NewStringUTF would read it as modified UTF-8. */
static void tq_java_throw(JNIEnv *env, tq_status status) {
    if ((*env)->ExceptionCheck(env)) return;
    const char *message = tq_last_error_message();
    jsize n = (jsize)strlen(message);
    jbyteArray bytes = (*env)->NewByteArray(env, n);
    if (!bytes) return;
    (*env)->SetByteArrayRegion(env, bytes, 0, n, (const jbyte *)message);
    jobject e = (*env)->NewObject(env, tq_java_exception_class, tq_java_exception_ctor,
                                  (jint)status, bytes);
    if (e) (*env)->Throw(env, (jthrowable)e);
}

/* For the no-copy test: whether pinning `array` the way the array typemaps do gives the
 * array's own memory (isCopy false) rather than a copy. */
JNIEXPORT jboolean JNICALL Java_org_tokqual_NativeApiJNI_criticalIsCopy(JNIEnv *env, jclass cls, jobject array) {
    (void)cls;
    jboolean is_copy = JNI_TRUE;
    void *p = (*env)->GetPrimitiveArrayCritical(env, (jarray)array, &is_copy);
    if (!p) return JNI_TRUE;
    (*env)->ReleasePrimitiveArrayCritical(env, (jarray)array, p, JNI_ABORT);
    return is_copy;
}

/* For the benchmark (BenchScores): one tq_label_quality_scores_f32 call made from C and
 * timed in C, on the same memory the binding passes (direct buffers, or arrays pinned
 * before the clock starts); returns nanoseconds of wall time (cpu == 0) or of this
 * thread's CPU time (cpu != 0), or -status on failure. */
static void *tq_bench_address(JNIEnv *env, jobject o, int *pinned) {
    void *p = (*env)->GetDirectBufferAddress(env, o);
    *pinned = (p == NULL);
    return p;
}

JNIEXPORT jlong JNICALL Java_org_tokqual_NativeApiJNI_benchScoresC(
        JNIEnv *env, jclass cls, jobject offsets, jlong n_sentences, jobject labels, jobject probs,
        jlong n_tokens, jlong n_classes, jint n_threads, jobject sentence_scores, jobject token_scores,
        jint cpu) {
    (void)cls;
    const clockid_t clock = cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC;
    tq_score_options options;
    tq_score_options_init(&options);
    options.n_threads = n_threads;
    jobject objects[5] = {offsets, labels, probs, sentence_scores, token_scores};
    void *p[5];
    int pinned[5];
    for (int i = 0; i < 5; i++) p[i] = tq_bench_address(env, objects[i], &pinned[i]);
    for (int i = 0; i < 5; i++)
        if (pinned[i]) p[i] = (*env)->GetPrimitiveArrayCritical(env, (jarray)objects[i], NULL);
    struct timespec a, b;
    clock_gettime(clock, &a);
    tq_status status = tq_label_quality_scores_f32((const int64_t *)p[0], n_sentences, (const int32_t *)p[1],
                                                   (const float *)p[2], n_tokens, n_classes, &options,
                                                   (double *)p[3], (double *)p[4]);
    clock_gettime(clock, &b);
    for (int i = 4; i >= 0; i--)
        if (pinned[i] && p[i]) (*env)->ReleasePrimitiveArrayCritical(env, (jarray)objects[i], p[i], i < 3 ? JNI_ABORT : 0);
    if (status != TQ_OK) return -(jlong)status;
    return (jlong)(b.tv_sec - a.tv_sec) * 1000000000 + (b.tv_nsec - a.tv_nsec);
}

/* A C string as a new byte[] (NULL stays NULL). */
static jbyteArray tq_java_bytes(JNIEnv *env, const char *s) {
    if (!s) return NULL;
    jsize n = (jsize)strlen(s);
    jbyteArray bytes = (*env)->NewByteArray(env, n);
    if (bytes) (*env)->SetByteArrayRegion(env, bytes, 0, n, (const jbyte *)s);
    return bytes;
}
%}

/* The handle and pointer-sized values travel as jlong. */
%{
typedef char tq_java_pointer_fits_in_jlong[sizeof(void *) <= sizeof(jlong) ? 1 : -1];
typedef char tq_java_size_t_is_jlong[sizeof(size_t) == sizeof(jlong) ? 1 : -1];
%}

/* Generated classes are internal to the package. */
%pragma(java) moduleclassmodifiers="final class"
%pragma(java) jniclassclassmodifiers="final class"
%typemap(javaclassmodifiers) SWIGTYPE "final class"
%typemap(javaclassmodifiers) enum SWIGTYPE "final class"
/* The native code loads with the first use of the JNI class. */
%pragma(java) jniclasscode=%{
  static {
    NativeLoader.load();
  }

  /** Test hook: does pinning this primitive array copy it? (see tokqual_java.i) */
  static native boolean criticalIsCopy(Object array);

  /** Benchmark hook: one scoring call made and timed in C, in nanoseconds (see tokqual_java.i). */
  static native long benchScoresC(Object offsets, long nSentences, Object labels, Object probs, long nTokens,
                                  long nClasses, int nThreads, Object sentenceScores, Object tokenScores, int cpu);
%}
/* No finalizers: the Java layer deletes every options object it makes. */
%typemap(javafinalize) SWIGTYPE ""

/* ---- Arrays ----------------------------------------------------------------------- */

/* TQ_JAVA_ARRAY(CTYPE, MODE, CLASS): an array parameter of class CLASS whose elements
 * are CTYPE, released with MODE (JNI_ABORT: input, 0: output). */
%define TQ_JAVA_ARRAY(CTYPE, MODE, CLASS)
%typemap(jni) CTYPE *CLASS "jobject"
%typemap(jtype) CTYPE *CLASS "Object"
%typemap(jstype) CTYPE *CLASS "Object"
%typemap(javain) CTYPE *CLASS "$javainput"
%typemap(in) CTYPE *CLASS (int pinned = 0) {
    $1 = NULL;
    if ($input) {
        $1 = ($1_ltype)(*jenv)->GetDirectBufferAddress(jenv, $input);
        pinned = ($1 == NULL);
    }
}
%typemap(check) CTYPE *CLASS {
    if (pinned$argnum)
        $1 = ($1_ltype)(*jenv)->GetPrimitiveArrayCritical(jenv, (jarray)$input, NULL);
}
%typemap(freearg) CTYPE *CLASS {
    if (pinned$argnum && $1)
        (*jenv)->ReleasePrimitiveArrayCritical(jenv, (jarray)$input, (void *)$1, MODE);
}
%enddef

%define TQ_JAVA_ARRAYS(CTYPE)
TQ_JAVA_ARRAY(const CTYPE, JNI_ABORT, TQ_IN_ARRAY)
TQ_JAVA_ARRAY(CTYPE, 0, TQ_OUT_ARRAY)
TQ_JAVA_ARRAY(CTYPE, 0, TQ_OUT_VALUE)
%enddef
TQ_JAVA_ARRAYS(int32_t)
TQ_JAVA_ARRAYS(int64_t)
TQ_JAVA_ARRAYS(float)
TQ_JAVA_ARRAYS(double)
TQ_JAVA_ARRAYS(char)
TQ_JAVA_ARRAYS(uint8_t)
TQ_JAVA_ARRAYS(void)
TQ_JAVA_ARRAYS(size_t)
TQ_JAVA_ARRAY(const char, JNI_ABORT, TQ_IN_CSTRING)

/* ---- Status ----------------------------------------------------------------------- */

%typemap(jni) tq_status TQ_STATUS "void"
%typemap(jtype) tq_status TQ_STATUS "void"
%typemap(jstype) tq_status TQ_STATUS "void"
%typemap(javaout) tq_status TQ_STATUS { $jnicall; }
%typemap(out) tq_status TQ_STATUS ""
%typemap(ret) tq_status TQ_STATUS {
    if ($1 != TQ_OK) tq_java_throw(jenv, $1);
}

%typemap(jni) tq_status TQ_STATUS_IN "jint"
%typemap(jtype) tq_status TQ_STATUS_IN "int"
%typemap(jstype) tq_status TQ_STATUS_IN "int"
%typemap(javain) tq_status TQ_STATUS_IN "$javainput"
%typemap(in) tq_status TQ_STATUS_IN { $1 = (tq_status)$input; }

/* Static strings come back as UTF-8 bytes. */
%typemap(jni) const char *TQ_STATIC_STRING "jbyteArray"
%typemap(jtype) const char *TQ_STATIC_STRING "byte[]"
%typemap(jstype) const char *TQ_STATIC_STRING "byte[]"
%typemap(javaout) const char *TQ_STATIC_STRING { return $jnicall; }
%typemap(out) const char *TQ_STATIC_STRING { $result = tq_java_bytes(jenv, $1); }

/* Byte counts (size_t) as long; the Java layer never passes a negative one. */
%typemap(jni) size_t TQ_SIZE "jlong"
%typemap(jtype) size_t TQ_SIZE "long"
%typemap(jstype) size_t TQ_SIZE "long"
%typemap(javain) size_t TQ_SIZE "$javainput"
%typemap(in) size_t TQ_SIZE { $1 = (size_t)$input; }

/* ---- Inspector handle ------------------------------------------------------------- */

%define TQ_JAVA_HANDLE(CTYPE)
%typemap(jni) CTYPE *TQ_HANDLE "jlong"
%typemap(jtype) CTYPE *TQ_HANDLE "long"
%typemap(jstype) CTYPE *TQ_HANDLE "long"
%typemap(javain) CTYPE *TQ_HANDLE "$javainput"
%typemap(in) CTYPE *TQ_HANDLE { $1 = ($1_ltype)(intptr_t)$input; }
%enddef
TQ_JAVA_HANDLE(tq_inspector)
TQ_JAVA_HANDLE(const tq_inspector)
TQ_JAVA_ARRAY(tq_inspector *, 0, TQ_HANDLE_OUT)

/* ---- Sentence predicate: always the C default (see above) -------------------------- */

%typemap(in, numinputs=0) (tq_sentence_predicate TQ_PREDICATE, void *TQ_PREDICATE_DATA) {
    $1 = NULL;
    $2 = NULL;
}

%include "../swig/tokqual.i"
