using System;
using System.Collections.Generic;
using System.Threading;

namespace TokQual
{
    /// <summary>
    /// The streaming inspector (<c>tq_inspector</c>): label issues of data too large to hold at once,
    /// or spread over processes, in two passes over batches of whole sentences (cleanlab's
    /// low-memory mode; see tokqual.h "Streaming inspector").
    /// </summary>
    /// <example><code>
    /// using (var inspector = new Inspector(nClasses))
    /// {
    ///     foreach (var b in batches) inspector.UpdateThresholds(b.Labels, b.PredProbs);   // pass 1
    ///     inspector.FinishThresholds();
    ///     foreach (var b in batches) inspector.Score(b.FirstSentence, b.Offsets, b.Labels, b.PredProbs); // pass 2
    ///     var issues = inspector.FindLabelIssues();
    /// }
    /// </code></example>
    /// <remarks>
    /// The native state lives outside the managed heap; <see cref="Dispose"/> frees it (safe to call
    /// twice), and a finalizer (the <see cref="System.Runtime.InteropServices.SafeHandle"/> it holds)
    /// frees an inspector never disposed. Any call after Dispose throws
    /// <see cref="ObjectDisposedException"/>. Calls on one inspector are serialized (Dispose waits for
    /// a call in progress); distinct inspectors run in parallel.
    /// </remarks>
    public sealed class Inspector : IDisposable
    {
        static long ids;

        readonly long id = Interlocked.Increment(ref ids); // lock order for Merge
        readonly object sync = new object();
        readonly InspectorHandle handle;

        /// <summary>The number of classes this inspector was made for.</summary>
        public int NClasses { get; private set; }

        Inspector(IntPtr h, int nClasses)
        {
            handle = new InspectorHandle(h);
            NClasses = nClasses;
        }

        /// <summary>A new inspector for <paramref name="nClasses"/> classes (1 to 46340), in pass 1.</summary>
        public Inspector(int nClasses, InspectorOptions options = null) : this(Create(nClasses, options), nClasses) { }

        static IntPtr Create(int nClasses, InspectorOptions options)
        {
            IntPtr h;
            using (NativeInspectorOptions n = (options ?? new InspectorOptions()).ToNative())
                NativeApi.inspector_create(nClasses, n, out h);
            return h;
        }

        /// <summary>
        /// An inspector rebuilt from the bytes <see cref="Save"/> wrote (possibly in another process).
        /// The C API does not report an inspector's class count, so the caller gives it:
        /// <paramref name="nClasses"/> must be the saved inspector's (calls that take probabilities or
        /// thresholds fail with <see cref="Status.InvalidSize"/> otherwise).
        /// </summary>
        public static Inspector Load(byte[] bytes, int nClasses)
        {
            Checks.NotNull("Inspector.Load", bytes, "bytes");
            Checks.Classes("Inspector.Load", nClasses);
            IntPtr h;
            NativeApi.inspector_load(bytes, (ulong)bytes.Length, out h);
            return new Inspector(h, nClasses);
        }

        /// <summary>An independent copy (same pass, options and data).</summary>
        public Inspector Copy()
        {
            return With("Copy", h =>
            {
                IntPtr c;
                NativeApi.inspector_clone(h, out c);
                return new Inspector(c, NClasses);
            });
        }

        /// <summary>Pass 1: one batch of tokens (float probabilities, row-major).</summary>
        public void UpdateThresholds(int[] labels, float[] predProbs)
        {
            long k = Batch("UpdateThresholds", labels, Checks.NotNull("UpdateThresholds", predProbs, "pred_probs").Length);
            With("UpdateThresholds", h => { NativeApi.inspector_update_thresholds_f32(h, labels, predProbs, labels.Length, k); return 0; });
        }

        /// <summary>Pass 1, double probabilities.</summary>
        public void UpdateThresholds(int[] labels, double[] predProbs)
        {
            long k = Batch("UpdateThresholds", labels, Checks.NotNull("UpdateThresholds", predProbs, "pred_probs").Length);
            With("UpdateThresholds", h => { NativeApi.inspector_update_thresholds_f64(h, labels, predProbs, labels.Length, k); return 0; });
        }

        /// <summary>Ends pass 1 and fixes the thresholds.</summary>
        public void FinishThresholds()
        {
            With("FinishThresholds", h => { NativeApi.inspector_finish_thresholds(h); return 0; });
        }

        /// <summary>The current confident thresholds, one per class.</summary>
        public double[] Thresholds()
        {
            return With("Thresholds", h =>
            {
                double[] output = new double[NClasses];
                NativeApi.inspector_thresholds(h, output, output.Length);
                return output;
            });
        }

        /// <summary>Pass 2: one batch of whole sentences whose first sentence has dataset-wide index
        /// <paramref name="firstSentence"/> (offsets start at 0). Returns each token's score.</summary>
        public double[] Score(long firstSentence, long[] offsets, int[] labels, float[] predProbs)
        {
            const string fn = "Score";
            long k = Batch(fn, labels, Checks.NotNull(fn, predProbs, "pred_probs").Length);
            long s = Checks.Sentences(fn, Checks.NotNull(fn, offsets, "offsets").Length);
            double[] output = new double[labels.Length];
            With(fn, h => { NativeApi.inspector_score_f32(h, firstSentence, offsets, s, labels, predProbs, labels.Length, k, output); return 0; });
            return output;
        }

        /// <summary>Pass 2, double probabilities.</summary>
        public double[] Score(long firstSentence, long[] offsets, int[] labels, double[] predProbs)
        {
            const string fn = "Score";
            long k = Batch(fn, labels, Checks.NotNull(fn, predProbs, "pred_probs").Length);
            long s = Checks.Sentences(fn, Checks.NotNull(fn, offsets, "offsets").Length);
            double[] output = new double[labels.Length];
            With(fn, h => { NativeApi.inspector_score_f64(h, firstSentence, offsets, s, labels, predProbs, labels.Length, k, output); return 0; });
            return output;
        }

        /// <summary>Adds everything <paramref name="from"/> saw to this inspector; <paramref name="from"/> is unchanged.</summary>
        public void Merge(Inspector from)
        {
            Checks.NotNull("Merge", from, "from");
            Inspector first = id <= from.id ? this : from;
            Inspector second = first == this ? from : this;
            lock (first.sync)
                lock (second.sync)
                    With("Merge", into => from.With("Merge", f => { NativeApi.inspector_merge(into, f); return 0; }));
        }

        /// <summary>How many tokens each pass has seen.</summary>
        public InspectorCounts Counts()
        {
            return With("Counts", h =>
            {
                long[] a = new long[1], b = new long[1];
                NativeApi.inspector_counts(h, a, b);
                return new InspectorCounts(a[0], b[0]);
            });
        }

        /// <summary>The number of issues estimated in pass 2.</summary>
        public long NumLabelIssues()
        {
            return With("NumLabelIssues", h =>
            {
                long[] n = new long[1];
                NativeApi.inspector_num_label_issues(h, n);
                return n[0];
            });
        }

        /// <summary>The label issues, most severe first.</summary>
        public IReadOnlyList<Issue> FindLabelIssues()
        {
            const string fn = "FindLabelIssues";
            return With(fn, h =>
            {
                long[] n = new long[1];
                NativeApi.inspector_num_label_issues(h, n);
                long[] s = new long[Checks.ArrayLength(fn, "the issues", n[0])];
                long[] t = new long[s.Length];
                long[] count = new long[1];
                NativeApi.inspector_find_label_issues(h, s, t, s.Length, count);
                return Tq.Issues(s, t, count[0]);
            });
        }

        /// <summary>The whole state as bytes, for <see cref="Load"/> (a portable, versioned format).</summary>
        public byte[] Save()
        {
            const string fn = "Save";
            return With(fn, h =>
            {
                ulong[] size = new ulong[1];
                try
                {
                    NativeApi.inspector_save(h, null, 0, size);
                }
                catch (TokQualException e)
                {
                    if (e.Status != Status.BufferTooSmall) throw;
                }
                byte[] output = new byte[Checks.ArrayLength(fn, "the saved state", (long)size[0])];
                NativeApi.inspector_save(h, output, (ulong)output.Length, size);
                return output;
            });
        }

        /// <summary>Frees the native inspector. Safe to call twice; waits for a call in progress.</summary>
        public void Dispose()
        {
            lock (sync) handle.Dispose();
        }

        /// <summary>Runs <paramref name="call"/> on the live native handle, holding this inspector's
        /// lock and a reference on the handle (so no finalizer frees it mid-call).</summary>
        T With<T>(string fn, Func<IntPtr, T> call)
        {
            lock (sync)
            {
                if (handle.IsClosed)
                    throw new ObjectDisposedException("Inspector", "Inspector." + fn + ": the inspector is disposed");
                bool added = false;
                try
                {
                    handle.DangerousAddRef(ref added);
                    return call(handle.DangerousGetHandle());
                }
                finally
                {
                    if (added) handle.DangerousRelease();
                }
            }
        }

        /// <summary>Checks a batch's lengths; returns n_classes.</summary>
        long Batch(string fn, int[] labels, long probsLength)
        {
            Checks.NotNull(fn, labels, "labels");
            Checks.Length(fn, "pred_probs", probsLength, (long)labels.Length * NClasses, "labels * n_classes");
            return NClasses;
        }
    }
}
