using System.Collections.Generic;

namespace TokQual
{
    /// <summary>
    /// A dataset in tokqual's flat layout: sentence offsets, one label per token, and a row-major
    /// n_tokens x NClasses probability matrix (float or double). Built from flat arrays (kept, not
    /// copied) or from per-sentence arrays (flattened once).
    /// </summary>
    public sealed class Dataset
    {
        /// <summary>The sentence offsets (not a copy).</summary>
        public long[] Offsets { get; private set; }
        /// <summary>The labels (not a copy).</summary>
        public int[] Labels { get; private set; }
        /// <summary>The float probabilities, or null when they are double (not a copy).</summary>
        public float[] PredProbsF32 { get; private set; }
        /// <summary>The double probabilities, or null when they are float (not a copy).</summary>
        public double[] PredProbsF64 { get; private set; }
        /// <summary>The number of classes.</summary>
        public int NClasses { get; private set; }
        /// <summary>The number of sentences.</summary>
        public int NSentences { get { return Offsets.Length - 1; } }
        /// <summary>The number of tokens.</summary>
        public int NTokens { get { return Labels.Length; } }

        Dataset(long[] offsets, int[] labels, float[] p32, double[] p64, int nClasses)
        {
            Offsets = offsets;
            Labels = labels;
            PredProbsF32 = p32;
            PredProbsF64 = p64;
            NClasses = nClasses;
        }

        /// <summary>The flat arrays as they are (checked at each call).</summary>
        public static Dataset Of(long[] offsets, int[] labels, float[] predProbs, int nClasses)
        {
            const string fn = "Dataset.Of";
            return new Dataset(Checks.NotNull(fn, offsets, "offsets"), Checks.NotNull(fn, labels, "labels"),
                Checks.NotNull(fn, predProbs, "pred_probs"), null, nClasses);
        }

        /// <summary>The flat arrays as they are, double probabilities.</summary>
        public static Dataset Of(long[] offsets, int[] labels, double[] predProbs, int nClasses)
        {
            const string fn = "Dataset.Of";
            return new Dataset(Checks.NotNull(fn, offsets, "offsets"), Checks.NotNull(fn, labels, "labels"),
                null, Checks.NotNull(fn, predProbs, "pred_probs"), nClasses);
        }

        /// <summary>
        /// Per-sentence input: <c>labels[i][j]</c> is token j of sentence i and <c>predProbs[i][j]</c>
        /// its probability row; every row has the same length (the number of classes).
        /// </summary>
        public static Dataset FromSentences(IReadOnlyList<int[]> labels, IReadOnlyList<float[][]> predProbs)
        {
            const string fn = "Dataset.FromSentences";
            int k = Nested(fn, labels, predProbs, r => r.Length, r => r);
            long[] offsets = OffsetsOf(fn, labels);
            float[] flat = new float[Checks.ArrayLength(fn, "pred_probs", offsets[offsets.Length - 1] * k)];
            int at = 0;
            for (int i = 0; i < predProbs.Count; i++)
                foreach (float[] row in predProbs[i])
                {
                    System.Array.Copy(row, 0, flat, at, k);
                    at += k;
                }
            return new Dataset(offsets, Concat(labels, offsets), flat, null, k);
        }

        /// <summary>Per-sentence input with double probabilities.</summary>
        public static Dataset FromSentences(IReadOnlyList<int[]> labels, IReadOnlyList<double[][]> predProbs)
        {
            const string fn = "Dataset.FromSentences";
            int k = Nested(fn, labels, predProbs, r => r.Length, r => r);
            long[] offsets = OffsetsOf(fn, labels);
            double[] flat = new double[Checks.ArrayLength(fn, "pred_probs", offsets[offsets.Length - 1] * k)];
            int at = 0;
            for (int i = 0; i < predProbs.Count; i++)
                foreach (double[] row in predProbs[i])
                {
                    System.Array.Copy(row, 0, flat, at, k);
                    at += k;
                }
            return new Dataset(offsets, Concat(labels, offsets), null, flat, k);
        }

        /// <summary>Checks the nesting (every row as long as the first); returns the number of classes.</summary>
        static int Nested<TRow>(string fn, IReadOnlyList<int[]> labels, IReadOnlyList<TRow[]> probs,
                                System.Func<TRow, int> length, System.Func<TRow, object> asObject)
        {
            Checks.NotNull(fn, labels, "labels");
            Checks.NotNull(fn, probs, "pred_probs");
            Checks.Length(fn, "pred_probs", probs.Count, labels.Count, "one entry per sentence, as labels");
            int k = -1;
            for (int i = 0; i < labels.Count; i++)
            {
                Checks.NotNull(fn, labels[i], "labels[" + i + "]");
                TRow[] rows = Checks.NotNull(fn, probs[i], "pred_probs[" + i + "]");
                Checks.Length(fn, "pred_probs[" + i + "]", rows.Length, labels[i].Length,
                    "one row per token of labels[" + i + "]");
                for (int j = 0; j < rows.Length; j++)
                {
                    Checks.NotNull(fn, asObject(rows[j]), "pred_probs[" + i + "][" + j + "]");
                    if (k < 0) k = length(rows[j]);
                    Checks.Length(fn, "pred_probs[" + i + "][" + j + "] row", length(rows[j]), k, "n_classes of the first row");
                }
            }
            return System.Math.Max(k, 1);
        }

        static long[] OffsetsOf(string fn, IReadOnlyList<int[]> labels)
        {
            long[] offsets = new long[labels.Count + 1];
            for (int i = 0; i < labels.Count; i++) offsets[i + 1] = offsets[i] + labels[i].Length;
            Checks.ArrayLength(fn, "labels", offsets[labels.Count]);
            return offsets;
        }

        static int[] Concat(IReadOnlyList<int[]> labels, long[] offsets)
        {
            int[] flat = new int[offsets[offsets.Length - 1]];
            for (int i = 0; i < labels.Count; i++) System.Array.Copy(labels[i], 0, flat, (int)offsets[i], labels[i].Length);
            return flat;
        }
    }
}
