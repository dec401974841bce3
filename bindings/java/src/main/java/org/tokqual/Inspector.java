package org.tokqual;

import java.lang.ref.Cleaner;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streaming inspector ({@code tq_inspector}): label issues of data too large to hold at
 * once, or spread over processes, in two passes over batches of whole sentences
 * (cleanlab's low-memory mode; see tokqual.h "Streaming inspector").
 *
 * <pre>{@code
 * try (Inspector inspector = new Inspector(nClasses, InspectorOptions.defaults())) {
 *     for (Batch b : batches) inspector.updateThresholds(b.labels, b.predProbs);   // pass 1
 *     inspector.finishThresholds();
 *     for (Batch b : batches) inspector.score(b.firstSentence, b.offsets, b.labels, b.predProbs);  // pass 2
 *     List<Issue> issues = inspector.findLabelIssues();
 * }
 * }</pre>
 *
 * <p>Memory: the native state lives outside the Java heap; {@link #close()} frees it (safe
 * to call twice). An inspector never closed is freed by a {@link Cleaner} once
 * unreachable. Any call after close throws {@link TokQualException} with
 * {@link Status#INVALID_STATE}.
 *
 * <p>Threads: calls on one inspector are serialized (its methods synchronize on it), so
 * {@code close()} waits for a call in progress; distinct inspectors run in parallel.
 */
public final class Inspector implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong IDS = new AtomicLong();

    /** Frees the native inspector; static so that it does not keep the Inspector reachable. */
    private static final class Free implements Runnable {
        private long handle;

        Free(long handle) {
            this.handle = handle;
        }

        @Override
        public void run() {
            long h = handle;
            handle = 0;
            if (h != 0) {
                NativeApi.inspector_destroy(h);
            }
        }
    }

    private final long id = IDS.incrementAndGet(); // lock order for merge
    private final Cleaner.Cleanable cleanable;
    private final int nClasses;
    private long handle;

    private Inspector(long handle, int nClasses) {
        this.handle = handle;
        this.nClasses = nClasses;
        this.cleanable = CLEANER.register(this, new Free(handle));
    }

    /** A new inspector for {@code nClasses} classes (1 to 46340), in pass 1. */
    public Inspector(int nClasses, InspectorOptions options) {
        this(create(nClasses, options), nClasses);
    }

    private static long create(int nClasses, InspectorOptions options) {
        NativeInspectorOptions n = Checks.notNull("Inspector", options, "options").toNative();
        long[] out = new long[1];
        try {
            NativeApi.inspector_create(nClasses, n, out);
        } finally {
            n.delete();
        }
        return out[0];
    }

    /**
     * An inspector rebuilt from the bytes {@link #save()} wrote (possibly in another
     * process). The C API does not report an inspector's class count, so the caller gives
     * it: {@code nClasses} must be the saved inspector's (calls that take probabilities or
     * thresholds fail with {@link Status#INVALID_SIZE} otherwise).
     */
    public static Inspector load(byte[] bytes, int nClasses) {
        Checks.notNull("Inspector.load", bytes, "bytes");
        Checks.classes("Inspector.load", nClasses);
        long[] out = new long[1];
        NativeApi.inspector_load(bytes, bytes.length, out);
        return new Inspector(out[0], nClasses);
    }

    /** An independent copy (same pass, options and data). */
    public synchronized Inspector copy() {
        long[] out = new long[1];
        NativeApi.inspector_clone(live("copy"), out);
        return new Inspector(out[0], nClasses);
    }

    /** Pass 1: one batch of tokens (float probabilities, row-major). */
    public synchronized void updateThresholds(int[] labels, float[] predProbs) {
        Probs p = Probs.of("updateThresholds", "pred_probs", predProbs);
        long k = batch("updateThresholds", labels, p);
        NativeApi.inspector_update_thresholds_f32(live("updateThresholds"), labels, predProbs, labels.length, k);
    }

    /** Pass 1, double probabilities. */
    public synchronized void updateThresholds(int[] labels, double[] predProbs) {
        Probs p = Probs.of("updateThresholds", "pred_probs", predProbs);
        long k = batch("updateThresholds", labels, p);
        NativeApi.inspector_update_thresholds_f64(live("updateThresholds"), labels, predProbs, labels.length, k);
    }

    /** Pass 1 from direct buffers (their remaining part): labels and float probabilities. */
    public synchronized void updateThresholds(IntBuffer labels, FloatBuffer predProbs) {
        String fn = "updateThresholds";
        IntBuffer l = Checks.direct(fn, "labels", labels, false);
        Probs p = Probs.of(fn, "pred_probs", predProbs);
        batch(fn, l.remaining(), p);
        NativeApi.inspector_update_thresholds_f32(live(fn), l, p.data, l.remaining(), nClasses);
    }

    /** Pass 1 from direct buffers, double probabilities. */
    public synchronized void updateThresholds(IntBuffer labels, DoubleBuffer predProbs) {
        String fn = "updateThresholds";
        IntBuffer l = Checks.direct(fn, "labels", labels, false);
        Probs p = Probs.of(fn, "pred_probs", predProbs);
        batch(fn, l.remaining(), p);
        NativeApi.inspector_update_thresholds_f64(live(fn), l, p.data, l.remaining(), nClasses);
    }

    /** Ends pass 1 and fixes the thresholds. */
    public synchronized void finishThresholds() {
        NativeApi.inspector_finish_thresholds(live("finishThresholds"));
    }

    /** The current confident thresholds, one per class. */
    public synchronized double[] thresholds() {
        long h = live("thresholds");
        double[] out = new double[nClasses];
        NativeApi.inspector_thresholds(h, out, out.length);
        return out;
    }

    /**
     * Pass 2: one batch of whole sentences whose first sentence has dataset-wide index
     * {@code firstSentence} (offsets start at 0). Returns each token's score.
     */
    public synchronized double[] score(long firstSentence, long[] offsets, int[] labels, float[] predProbs) {
        Probs p = Probs.of("score", "pred_probs", predProbs);
        long k = batch("score", labels, p);
        long s = Checks.sentences("score", Checks.notNull("score", offsets, "offsets").length);
        double[] out = new double[labels.length];
        NativeApi.inspector_score_f32(live("score"), firstSentence, offsets, s, labels, predProbs, labels.length, k, out);
        return out;
    }

    /** Pass 2, double probabilities. */
    public synchronized double[] score(long firstSentence, long[] offsets, int[] labels, double[] predProbs) {
        Probs p = Probs.of("score", "pred_probs", predProbs);
        long k = batch("score", labels, p);
        long s = Checks.sentences("score", Checks.notNull("score", offsets, "offsets").length);
        double[] out = new double[labels.length];
        NativeApi.inspector_score_f64(live("score"), firstSentence, offsets, s, labels, predProbs, labels.length, k, out);
        return out;
    }

    /**
     * Pass 2 from direct buffers (their remaining part); each token's score goes to
     * {@code tokenScores} (one per label), or nowhere when it is null.
     */
    public synchronized void score(long firstSentence, LongBuffer offsets, IntBuffer labels, FloatBuffer predProbs,
                                   DoubleBuffer tokenScores) {
        scoreBuffers(firstSentence, offsets, labels, Probs.of("score", "pred_probs", predProbs), tokenScores);
    }

    /** Pass 2 from direct buffers, double probabilities. */
    public synchronized void score(long firstSentence, LongBuffer offsets, IntBuffer labels, DoubleBuffer predProbs,
                                   DoubleBuffer tokenScores) {
        scoreBuffers(firstSentence, offsets, labels, Probs.of("score", "pred_probs", predProbs), tokenScores);
    }

    private void scoreBuffers(long firstSentence, LongBuffer offsets, IntBuffer labels, Probs p, DoubleBuffer tokenScores) {
        String fn = "score";
        LongBuffer o = Checks.direct(fn, "offsets", offsets, false);
        IntBuffer l = Checks.direct(fn, "labels", labels, false);
        DoubleBuffer t = tokenScores == null ? null : Checks.direct(fn, "token_scores", tokenScores, true);
        long n = l.remaining();
        batch(fn, n, p);
        long s = Checks.sentences(fn, o.remaining());
        if (t != null) {
            Checks.length(fn, "token_scores", t.remaining(), n, "labels.remaining()");
        }
        if (p.single) {
            NativeApi.inspector_score_f32(live(fn), firstSentence, o, s, l, p.data, n, nClasses, t);
        } else {
            NativeApi.inspector_score_f64(live(fn), firstSentence, o, s, l, p.data, n, nClasses, t);
        }
    }

    /** Adds everything {@code from} saw to this inspector; {@code from} is unchanged. */
    public void merge(Inspector from) {
        Checks.notNull("merge", from, "from");
        Inspector first = id < from.id ? this : from;
        Inspector second = first == this ? from : this;
        synchronized (first) {
            synchronized (second) {
                NativeApi.inspector_merge(live("merge"), from.live("merge"));
            }
        }
    }

    /** Tokens seen in pass 1 and scored in pass 2. */
    public record Counts(long thresholdTokens, long scoredTokens) {}

    /** How many tokens each pass has seen. */
    public synchronized Counts counts() {
        long[] a = new long[1];
        long[] b = new long[1];
        NativeApi.inspector_counts(live("counts"), a, b);
        return new Counts(a[0], b[0]);
    }

    /** The number of issues estimated in pass 2. */
    public synchronized long numLabelIssues() {
        long[] out = new long[1];
        NativeApi.inspector_num_label_issues(live("numLabelIssues"), out);
        return out[0];
    }

    /** The label issues, most severe first. */
    public synchronized List<Issue> findLabelIssues() {
        long h = live("findLabelIssues");
        long[] n = new long[1];
        NativeApi.inspector_num_label_issues(h, n);
        if (n[0] > Integer.MAX_VALUE - 8) {
            throw new TokQualException(Status.INVALID_SIZE, "findLabelIssues: " + n[0] + " issues do not fit in Java arrays");
        }
        long[] s = new long[(int) n[0]];
        long[] t = new long[(int) n[0]];
        long[] count = new long[1];
        NativeApi.inspector_find_label_issues(h, s, t, s.length, count);
        return TokQual.issues(s, t, count[0]);
    }

    /** Issues as two parallel arrays: 64-bit sentence indices and token indices. */
    public record IssueArrays(long[] sentences, long[] tokens) {}

    /**
     * The label issues, most severe first, as {@link #findLabelIssues()}, with 64-bit
     * sentence indices (those given to {@code score} may exceed the int range of
     * {@link Issue}).
     */
    public synchronized IssueArrays findLabelIssueArrays() {
        long h = live("findLabelIssueArrays");
        long[] n = new long[1];
        NativeApi.inspector_num_label_issues(h, n);
        if (n[0] > Integer.MAX_VALUE - 8) {
            throw new TokQualException(Status.INVALID_SIZE, "findLabelIssueArrays: " + n[0] + " issues do not fit in Java arrays");
        }
        long[] s = new long[(int) n[0]];
        long[] t = new long[(int) n[0]];
        long[] count = new long[1];
        NativeApi.inspector_find_label_issues(h, s, t, s.length, count);
        return new IssueArrays(java.util.Arrays.copyOf(s, (int) count[0]), java.util.Arrays.copyOf(t, (int) count[0]));
    }

    /** The whole state as bytes, for {@link #load(byte[], int)} (a portable, versioned format). */
    public synchronized byte[] save() {
        long h = live("save");
        long[] size = new long[1];
        try {
            NativeApi.inspector_save(h, null, 0, size);
        } catch (TokQualException e) {
            if (e.status() != Status.BUFFER_TOO_SMALL) {
                throw e;
            }
        }
        if (size[0] > Integer.MAX_VALUE - 8) {
            throw new TokQualException(Status.INVALID_SIZE, "save: " + size[0] + " bytes do not fit in a Java array");
        }
        byte[] out = new byte[(int) size[0]];
        NativeApi.inspector_save(h, out, out.length, size);
        return out;
    }

    /** Frees the native inspector. Idempotent; waits for a call in progress on this inspector. */
    @Override
    public synchronized void close() {
        handle = 0;
        cleanable.clean();
    }

    /** The handle, or INVALID_STATE after close. Callers hold this object's lock. */
    private long live(String fn) {
        if (handle == 0) {
            throw new TokQualException(Status.INVALID_STATE, fn + ": the inspector is closed");
        }
        return handle;
    }

    /** The number of classes this inspector was made for. */
    public int nClasses() {
        return nClasses;
    }

    /** Checks a batch's lengths; returns n_classes. */
    private long batch(String fn, int[] labels, Probs p) {
        Checks.notNull(fn, labels, "labels");
        return batch(fn, labels.length, p);
    }

    private long batch(String fn, long nTokens, Probs p) {
        Checks.length(fn, "pred_probs", p.length, nTokens * nClasses, "labels * n_classes");
        return nClasses;
    }
}
