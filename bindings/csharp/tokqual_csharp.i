/* tokqual_csharp.i: the C# typemaps of the parameter classes of ../swig/tokqual.i.
 *
 * Generated classes (NativeApi, NativeMethods, the Native*Options, the tq_* enums) are
 * `internal` to the TokQual assembly; the public API is the hand-written layer in src/.
 * What the typemaps do:
 *   - arrays (TQ_IN_ARRAY, TQ_OUT_ARRAY, TQ_OUT_VALUE) are C# arrays of blittable
 *     elements, declared [In] on the P/Invoke method, outputs included: the marshaller
 *     pins a blittable array for the call and passes its address, so C reads and writes
 *     the managed array itself and no element is copied (ApiTests checks the address C
 *     receives and that C's writes land in the array). Outputs are not marked [Out]:
 *     Mono 6.8 pins such an array too but then walks it element by element after the call
 *     (measured: 1.2 ms per million doubles, 28% of a 1M-token scoring call), and [Out]
 *     adds nothing for a pinned array. int64_t is `long` and size_t `ulong` by their own
 *     typemaps (SWIG's defaults are wrong for both on LP64).
 *   - TQ_STATUS: the C# method returns void. When the status is not TQ_OK the C wrapper
 *     calls back into C# (a delegate registered once by NativeMethods' static
 *     constructor) with the status and tq_last_error_message(), inside the same native
 *     call, so the message is this call's whatever thread .NET resumes on; the callback
 *     parks a TokQualException, thrown as soon as the P/Invoke returns ($excode).
 *   - TQ_STATIC_STRING: the pointer, decoded as UTF-8 in C#.
 *   - TQ_HANDLE is the inspector's address as an IntPtr (InspectorHandle, a SafeHandle in
 *     the C# layer, owns it); TQ_HANDLE_OUT an `out IntPtr`.
 *   - TQ_PREDICATE is always NULL: C# predicates run in the C# layer (TokQual.
 *     FilterSentences), the C default condition through this call.
 */
%module(imclassname="NativeMethods") NativeApi

%{
#include "tokqual/tokqual.h"
#include <stdint.h>

/* Set by TqExceptionHelper's static constructor (NativeMethods loads first). */
typedef void (*tq_csharp_raise_fn)(int status, const char *message);
static tq_csharp_raise_fn tq_csharp_raise = 0;

#ifdef __cplusplus
extern "C"
#endif
SWIGEXPORT void SWIGSTDCALL tq_csharp_register_raise(tq_csharp_raise_fn fn) {
    tq_csharp_raise = fn;
}

/* For the no-copy test: the address the wrapper receives for an array argument. */
#ifdef __cplusplus
extern "C"
#endif
SWIGEXPORT int64_t SWIGSTDCALL tq_csharp_address(const void *p) {
    return (int64_t)(intptr_t)p;
}

/* For the benchmark (BenchScores): one tq_label_quality_scores_f32 call made from C on
 * the memory the binding passes (pinned by the marshaller before this call), timed in C;
 * returns nanoseconds of wall time (cpu == 0) or of this thread's CPU time, or -status. */
#include <time.h>
#ifdef __cplusplus
extern "C"
#endif
SWIGEXPORT int64_t SWIGSTDCALL tq_csharp_bench_scores_c(
        const int64_t *offsets, int64_t n_sentences, const int32_t *labels, const float *probs,
        int64_t n_tokens, int64_t n_classes, int32_t n_threads, double *sentence_scores,
        double *token_scores, int32_t cpu) {
    const clockid_t clock = cpu ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC;
    tq_score_options options;
    tq_score_options_init(&options);
    options.n_threads = n_threads;
    struct timespec a, b;
    clock_gettime(clock, &a);
    tq_status status = tq_label_quality_scores_f32(offsets, n_sentences, labels, probs, n_tokens,
                                                   n_classes, &options, sentence_scores, token_scores);
    clock_gettime(clock, &b);
    if (status != TQ_OK) return -(int64_t)status;
    return (int64_t)(b.tv_sec - a.tv_sec) * 1000000000 + (b.tv_nsec - a.tv_nsec);
}
%}

%begin %{
/* clock_gettime for the benchmark hook. */
#define _POSIX_C_SOURCE 200809L
%}

/* size_t is 64 bits here; SWIG's C# default is a 32-bit uint. */
%{
typedef char tq_csharp_size_t_is_64_bits[sizeof(size_t) == 8 ? 1 : -1];
%}
%apply unsigned long long { size_t };

/* Generated classes are internal to the assembly. */
%pragma(csharp) moduleclassmodifiers="internal static class"
%pragma(csharp) imclassclassmodifiers="internal class"
%typemap(csclassmodifiers) SWIGTYPE "internal class"
%typemap(csclassmodifiers) enum SWIGTYPE "internal enum"
/* SWIG's own exception and string helpers are left out (swig -DSWIG_CSHARP_NO_EXCEPTION_HELPER
 * -DSWIG_CSHARP_NO_STRING_HELPER -DSWIG_CSHARP_NO_IMCLASS_STATIC_CONSTRUCTOR): no typemap
 * here uses them, and the static constructor below replaces SWIG's empty one. */
%pragma(csharp) imclasscode=%{
  // The status callback is registered before any other native call of this class.
  static NativeMethods() {
    TokQual.TqExceptionHelper.Register();
  }

  [global::System.Runtime.InteropServices.DllImport("$dllimport", EntryPoint="tq_csharp_register_raise")]
  internal static extern void RegisterRaise(TokQual.TqExceptionHelper.RaiseCallback callback);

  // Test hook: the address native code receives for a marshalled array (ApiTests: it must be
  // the pinned array itself, for every element type the typemaps use).
  [global::System.Runtime.InteropServices.DllImport("$dllimport", EntryPoint="tq_csharp_address")]
  internal static extern long AddressOf([global::System.Runtime.InteropServices.In] long[] a);
  [global::System.Runtime.InteropServices.DllImport("$dllimport", EntryPoint="tq_csharp_address")]
  internal static extern long AddressOf([global::System.Runtime.InteropServices.In] int[] a);
  [global::System.Runtime.InteropServices.DllImport("$dllimport", EntryPoint="tq_csharp_address")]
  internal static extern long AddressOf([global::System.Runtime.InteropServices.In] float[] a);
  [global::System.Runtime.InteropServices.DllImport("$dllimport", EntryPoint="tq_csharp_address")]
  internal static extern long AddressOf([global::System.Runtime.InteropServices.In] byte[] a);
  [global::System.Runtime.InteropServices.DllImport("$dllimport", EntryPoint="tq_csharp_address")]
  internal static extern long AddressOf([global::System.Runtime.InteropServices.In] double[] a);
  [global::System.Runtime.InteropServices.DllImport("$dllimport", EntryPoint="tq_csharp_address")]
  internal static extern long AddressOf([global::System.Runtime.InteropServices.In] ulong[] a);

  // Benchmark hook: one scoring call made and timed in C (see tokqual_csharp.i).
  [global::System.Runtime.InteropServices.DllImport("$dllimport", EntryPoint="tq_csharp_bench_scores_c")]
  internal static extern long BenchScoresC([global::System.Runtime.InteropServices.In] long[] offsets, long nSentences,
      [global::System.Runtime.InteropServices.In] int[] labels, [global::System.Runtime.InteropServices.In] float[] probs,
      long nTokens, long nClasses, int nThreads,
      [global::System.Runtime.InteropServices.In] double[] sentenceScores,
      [global::System.Runtime.InteropServices.In] double[] tokenScores, int cpu);
%}

/* The pending exception, thrown right after the P/Invoke returns. */
%define TQ_EXCODE
"\n    if (TokQual.TqExceptionHelper.Pending) throw TokQual.TqExceptionHelper.Retrieve();"
%enddef

/* ---- Arrays ----------------------------------------------------------------------- */

/* TQ_CS_ARRAY(CTYPE, CSTYPE, ATTRS, CLASS): an array parameter of class CLASS whose C
 * elements are CTYPE and C# elements CSTYPE, marshalled with ATTRS (pinned). */
%define TQ_CS_ARRAY(CTYPE, CSTYPE, ATTRS, CLASS)
%typemap(ctype) CTYPE *CLASS "CTYPE *"
%typemap(imtype) CTYPE *CLASS "ATTRS CSTYPE[]"
%typemap(cstype) CTYPE *CLASS "CSTYPE[]"
%typemap(csin) CTYPE *CLASS "$csinput"
%typemap(in) CTYPE *CLASS %{ $1 = ($1_ltype)$input; %}
%enddef

#define TQ_CS_IN [global::System.Runtime.InteropServices.In]

%define TQ_CS_ARRAYS(CTYPE, CSTYPE)
TQ_CS_ARRAY(const CTYPE, CSTYPE, TQ_CS_IN, TQ_IN_ARRAY)
TQ_CS_ARRAY(CTYPE, CSTYPE, TQ_CS_IN, TQ_OUT_ARRAY)
TQ_CS_ARRAY(CTYPE, CSTYPE, TQ_CS_IN, TQ_OUT_VALUE)
%enddef
TQ_CS_ARRAYS(int32_t, int)
TQ_CS_ARRAYS(int64_t, long)
TQ_CS_ARRAYS(float, float)
TQ_CS_ARRAYS(double, double)
TQ_CS_ARRAYS(char, byte)
TQ_CS_ARRAYS(uint8_t, byte)
TQ_CS_ARRAYS(void, byte)
TQ_CS_ARRAYS(size_t, ulong)
/* NUL-terminated strings come as UTF-8 bytes with the NUL (the C# layer appends it). */
TQ_CS_ARRAY(const char, byte, TQ_CS_IN, TQ_IN_CSTRING)

/* ---- Status ----------------------------------------------------------------------- */

%typemap(ctype) tq_status TQ_STATUS "int"
%typemap(imtype) tq_status TQ_STATUS "int"
%typemap(cstype) tq_status TQ_STATUS "void"
%typemap(out, canthrow=1) tq_status TQ_STATUS %{
    $result = (int)$1;
    if ($1 != TQ_OK && tq_csharp_raise) tq_csharp_raise((int)$1, tq_last_error_message());
%}
%typemap(csout, excode=TQ_EXCODE) tq_status TQ_STATUS {
    $imcall;$excode
  }

%typemap(ctype) tq_status TQ_STATUS_IN "int"
%typemap(imtype) tq_status TQ_STATUS_IN "int"
%typemap(cstype) tq_status TQ_STATUS_IN "int"
%typemap(csin) tq_status TQ_STATUS_IN "$csinput"
%typemap(in) tq_status TQ_STATUS_IN %{ $1 = (tq_status)$input; %}

/* Static strings: the pointer, decoded as UTF-8 by the C# layer (Marshal's UTF-8
 * decoding is not in .NET Standard 2.0). */
%typemap(ctype) const char *TQ_STATIC_STRING "const char *"
%typemap(imtype) const char *TQ_STATIC_STRING "global::System.IntPtr"
%typemap(cstype) const char *TQ_STATIC_STRING "string"
%typemap(out) const char *TQ_STATIC_STRING %{ $result = $1; %}
%typemap(csout) const char *TQ_STATIC_STRING {
    return TokQual.Utf8.FromNative($imcall);
  }

/* Byte counts (size_t) as ulong. */
%typemap(ctype) size_t TQ_SIZE "unsigned long long"
%typemap(imtype) size_t TQ_SIZE "ulong"
%typemap(cstype) size_t TQ_SIZE "ulong"
%typemap(csin) size_t TQ_SIZE "$csinput"
%typemap(in) size_t TQ_SIZE %{ $1 = (size_t)$input; %}

/* ---- Inspector handle ------------------------------------------------------------- */

%define TQ_CS_HANDLE(CTYPE)
%typemap(ctype) CTYPE *TQ_HANDLE "void *"
%typemap(imtype) CTYPE *TQ_HANDLE "global::System.IntPtr"
%typemap(cstype) CTYPE *TQ_HANDLE "global::System.IntPtr"
%typemap(csin) CTYPE *TQ_HANDLE "$csinput"
%typemap(in) CTYPE *TQ_HANDLE %{ $1 = ($1_ltype)$input; %}
%enddef
TQ_CS_HANDLE(tq_inspector)
TQ_CS_HANDLE(const tq_inspector)
%typemap(ctype) tq_inspector **TQ_HANDLE_OUT "void **"
%typemap(imtype) tq_inspector **TQ_HANDLE_OUT "out global::System.IntPtr"
%typemap(cstype) tq_inspector **TQ_HANDLE_OUT "out global::System.IntPtr"
%typemap(csin) tq_inspector **TQ_HANDLE_OUT "out $csinput"
%typemap(in) tq_inspector **TQ_HANDLE_OUT %{ $1 = ($1_ltype)$input; %}

/* ---- Sentence predicate: always the C default (see above) -------------------------- */

%typemap(in, numinputs=0) (tq_sentence_predicate TQ_PREDICATE, void *TQ_PREDICATE_DATA) {
    $1 = NULL;
    $2 = NULL;
}

%include "../swig/tokqual.i"
