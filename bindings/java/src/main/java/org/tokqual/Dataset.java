package org.tokqual;

import java.util.List;

/**
 * A dataset in tokqual's flat layout: sentence offsets, one label per token, and a
 * row-major {@code n_tokens x nClasses} probability matrix (float or double). Built from
 * flat arrays (kept, not copied) or from per-sentence arrays (flattened once).
 */
public final class Dataset {
    final long[] offsets;
    final int[] labels;
    final float[] probs32;
    final double[] probs64;
    final int nClasses;

    private Dataset(long[] offsets, int[] labels, float[] probs32, double[] probs64, int nClasses) {
        this.offsets = offsets;
        this.labels = labels;
        this.probs32 = probs32;
        this.probs64 = probs64;
        this.nClasses = nClasses;
    }

    /** The flat arrays as they are (not copied; checked at each call). */
    public static Dataset of(long[] offsets, int[] labels, float[] predProbs, int nClasses) {
        return new Dataset(Checks.notNull("Dataset.of", offsets, "offsets"), Checks.notNull("Dataset.of", labels, "labels"),
                Checks.notNull("Dataset.of", predProbs, "pred_probs"), null, nClasses);
    }

    /** The flat arrays as they are, double probabilities. */
    public static Dataset of(long[] offsets, int[] labels, double[] predProbs, int nClasses) {
        return new Dataset(Checks.notNull("Dataset.of", offsets, "offsets"), Checks.notNull("Dataset.of", labels, "labels"),
                null, Checks.notNull("Dataset.of", predProbs, "pred_probs"), nClasses);
    }

    /**
     * Per-sentence input: {@code labels.get(i)[j]} is token j of sentence i, and
     * {@code predProbs.get(i)[j]} its probability row; every row has the same length
     * (the number of classes).
     */
    public static Dataset fromSentences(List<int[]> labels, List<float[][]> predProbs) {
        String fn = "Dataset.fromSentences";
        int nClasses = nested(fn, labels, predProbs == null ? null : predProbs.stream().map(r -> (Object[]) r).toList());
        long[] offsets = offsetsOf(labels);
        int n = (int) offsets[offsets.length - 1];
        float[] flat = new float[Math.multiplyExact(n, nClasses)];
        int at = 0;
        for (int i = 0; i < predProbs.size(); i++) {
            for (float[] row : predProbs.get(i)) {
                Checks.length(fn, "pred_probs[" + i + "] row", row.length, nClasses, "n_classes of the first row");
                System.arraycopy(row, 0, flat, at, nClasses);
                at += nClasses;
            }
        }
        return new Dataset(offsets, concat(labels, n), flat, null, nClasses);
    }

    /** Per-sentence input with double probabilities. */
    public static Dataset fromSentencesF64(List<int[]> labels, List<double[][]> predProbs) {
        String fn = "Dataset.fromSentencesF64";
        int nClasses = nested(fn, labels, predProbs == null ? null : predProbs.stream().map(r -> (Object[]) r).toList());
        long[] offsets = offsetsOf(labels);
        int n = (int) offsets[offsets.length - 1];
        double[] flat = new double[Math.multiplyExact(n, nClasses)];
        int at = 0;
        for (int i = 0; i < predProbs.size(); i++) {
            for (double[] row : predProbs.get(i)) {
                Checks.length(fn, "pred_probs[" + i + "] row", row.length, nClasses, "n_classes of the first row");
                System.arraycopy(row, 0, flat, at, nClasses);
                at += nClasses;
            }
        }
        return new Dataset(offsets, concat(labels, n), null, flat, nClasses);
    }

    /** Checks the nesting; returns the number of classes (the first row's length). */
    private static int nested(String fn, List<int[]> labels, List<Object[]> probs) {
        Checks.notNull(fn, labels, "labels");
        Checks.notNull(fn, probs, "pred_probs");
        Checks.length(fn, "pred_probs", probs.size(), labels.size(), "one entry per sentence, as labels");
        int nClasses = -1;
        for (int i = 0; i < labels.size(); i++) {
            Checks.notNull(fn, labels.get(i), "labels[" + i + "]");
            Object[] rows = Checks.notNull(fn, probs.get(i), "pred_probs[" + i + "]");
            Checks.length(fn, "pred_probs[" + i + "]", rows.length, labels.get(i).length, "one row per token of labels[" + i + "]");
            for (int j = 0; j < rows.length; j++) {
                Object row = Checks.notNull(fn, rows[j], "pred_probs[" + i + "][" + j + "]");
                if (nClasses < 0) {
                    nClasses = row instanceof float[] f ? f.length : ((double[]) row).length;
                }
            }
        }
        return Math.max(nClasses, 1);
    }

    private static long[] offsetsOf(List<int[]> labels) {
        long[] offsets = new long[labels.size() + 1];
        for (int i = 0; i < labels.size(); i++) {
            offsets[i + 1] = offsets[i] + labels.get(i).length;
        }
        if (offsets[labels.size()] > Integer.MAX_VALUE - 8) {
            throw new TokQualException(Status.INVALID_SIZE, "Dataset: more tokens than a Java array holds");
        }
        return offsets;
    }

    private static int[] concat(List<int[]> labels, int n) {
        int[] flat = new int[n];
        int at = 0;
        for (int[] l : labels) {
            System.arraycopy(l, 0, flat, at, l.length);
            at += l.length;
        }
        return flat;
    }

    Probs probs(String fn) {
        return probs32 != null ? Probs.of(fn, "pred_probs", probs32) : Probs.of(fn, "pred_probs", probs64);
    }

    /** The sentence offsets (not a copy). */
    public long[] offsets() { return offsets; }
    /** The labels (not a copy). */
    public int[] labels() { return labels; }
    /** The float probabilities, or null when they are double (not a copy). */
    public float[] predProbsF32() { return probs32; }
    /** The double probabilities, or null when they are float (not a copy). */
    public double[] predProbsF64() { return probs64; }
    public int nClasses() { return nClasses; }
    public int nSentences() { return offsets.length - 1; }
    public int nTokens() { return labels.length; }
}
