package org.tokqual.spark;

import java.util.Arrays;

/**
 * A batch of whole sentences gathered from one partition, in the flat layout of the C API:
 * sentence {@code i} (id {@code ids[i]}) owns tokens {@code [offsets[i], offsets[i+1])} of
 * {@code labels}, and rows {@code nClasses} wide of {@code floats} (float input) or
 * {@code doubles} (double input). The arrays grow as rows arrive and are reused after
 * {@link #clear()}; {@link #exact()} gives arrays of exactly the batch's length, as the
 * Java binding takes them.
 */
final class Batch {
    final int nClasses;
    final boolean isDouble;
    long[] ids = new long[64];
    long[] offsets = new long[65];
    int[] labels = new int[1024];
    float[] floats;
    double[] doubles;
    int nSentences;
    int nTokens;

    Batch(int nClasses, boolean isDouble) {
        this.nClasses = nClasses;
        this.isDouble = isDouble;
        if (isDouble) {
            doubles = new double[1024 * nClasses];
        } else {
            floats = new float[1024 * nClasses];
        }
    }

    void clear() {
        nSentences = 0;
        nTokens = 0;
    }

    /** Opens a sentence of {@code n} tokens; returns the index of its first token. */
    int beginSentence(long id, int n) {
        if (nSentences + 1 >= ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        long needTokens = (long) nTokens + n;
        if (needTokens * nClasses > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tokqual-spark: a batch of " + needTokens + " tokens x " + nClasses
                    + " classes does not fit in a Java array; lower batchTokens");
        }
        if (needTokens > labels.length) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(needTokens, 2L * labels.length));
            labels = Arrays.copyOf(labels, cap);
        }
        long needProbs = needTokens * nClasses;
        if (isDouble && needProbs > doubles.length) {
            doubles = Arrays.copyOf(doubles, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(needProbs, 2L * doubles.length)));
        } else if (!isDouble && needProbs > floats.length) {
            floats = Arrays.copyOf(floats, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(needProbs, 2L * floats.length)));
        }
        ids[nSentences] = id;
        offsets[nSentences] = nTokens;
        int first = nTokens;
        nSentences++;
        nTokens += n;
        offsets[nSentences] = nTokens;
        return first;
    }

    /** Drops the sentence just opened (its row was refused). */
    void dropLast() {
        nSentences--;
        nTokens = (int) offsets[nSentences];
    }

    /** This batch's data in arrays of exactly its length (offsets start at 0). */
    Exact exact() {
        return new Exact(Arrays.copyOf(offsets, nSentences + 1), Arrays.copyOf(labels, nTokens),
                isDouble ? null : Arrays.copyOf(floats, nTokens * nClasses),
                isDouble ? Arrays.copyOf(doubles, nTokens * nClasses) : null);
    }

    /** One sentence of the batch alone, to find which row a failed call came from. */
    Exact sentence(int i) {
        int from = (int) offsets[i], to = (int) offsets[i + 1];
        return new Exact(new long[] {0, to - from}, Arrays.copyOfRange(labels, from, to),
                isDouble ? null : Arrays.copyOfRange(floats, from * nClasses, to * nClasses),
                isDouble ? Arrays.copyOfRange(doubles, from * nClasses, to * nClasses) : null);
    }

    /** Flat arrays for one native call; exactly one of floats / doubles is set. */
    record Exact(long[] offsets, int[] labels, float[] floats, double[] doubles) {}

    /**
     * For the inspector's pass 2, whose sentences are numbered by their id's rank in
     * {@code ids}: the batch's sentences in rank order, cut into runs of consecutive
     * ranks (one native call each).
     */
    java.util.List<Run> runsByRank(IdRanges ranks) {
        long[] rank = new long[nSentences];
        Integer[] order = new Integer[nSentences];
        boolean sorted = true;
        for (int i = 0; i < nSentences; i++) {
            rank[i] = ranks.rankOf(ids[i]);
            order[i] = i;
            sorted &= i == 0 || rank[i] > rank[i - 1];
        }
        if (!sorted) {
            Arrays.sort(order, (a, b) -> Long.compare(rank[a], rank[b]));
        }
        java.util.List<Run> runs = new java.util.ArrayList<>();
        int start = 0;
        while (start < nSentences) {
            int end = start + 1;
            while (end < nSentences && rank[order[end]] == rank[order[end - 1]] + 1) {
                end++;
            }
            runs.add(run(order, start, end, rank[order[start]]));
            start = end;
        }
        return runs;
    }

    /** Sentences order[start..end) as one batch for the C call. */
    private Run run(Integer[] order, int start, int end, long firstRank) {
        int tokens = 0;
        for (int k = start; k < end; k++) {
            tokens += (int) (offsets[order[k] + 1] - offsets[order[k]]);
        }
        long[] runOffsets = new long[end - start + 1];
        int[] runLabels = new int[tokens];
        float[] runFloats = isDouble ? null : new float[tokens * nClasses];
        double[] runDoubles = isDouble ? new double[tokens * nClasses] : null;
        int pos = 0;
        int[] batchIndex = new int[end - start];
        for (int k = start; k < end; k++) {
            int i = order[k];
            int from = (int) offsets[i], n = (int) offsets[i + 1] - from;
            System.arraycopy(labels, from, runLabels, pos, n);
            if (isDouble) {
                System.arraycopy(doubles, from * nClasses, runDoubles, pos * nClasses, n * nClasses);
            } else {
                System.arraycopy(floats, from * nClasses, runFloats, pos * nClasses, n * nClasses);
            }
            pos += n;
            runOffsets[k - start + 1] = pos;
            batchIndex[k - start] = i;
        }
        return new Run(firstRank, new Exact(runOffsets, runLabels, runFloats, runDoubles), batchIndex);
    }

    /** Consecutive ranks from {@code firstRank}; sentence k of {@code data} is batch sentence {@code batchIndex[k]}. */
    record Run(long firstRank, Exact data, int[] batchIndex) {}
}
