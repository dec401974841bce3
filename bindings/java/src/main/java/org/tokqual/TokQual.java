package org.tokqual;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * tokqual from Java: label-quality scores, issue lists, confident learning and its
 * statistics, and the text helpers. Every method is a static call into the native
 * library (loaded from the JAR on first use, see README "Java").
 *
 * <p>Data layout, as in tokqual.h: sentence {@code i} owns tokens {@code [offsets[i],
 * offsets[i+1])}; {@code offsets} has {@code n_sentences + 1} entries, starts at 0,
 * strictly increases and ends at {@code labels.length}; {@code predProbs} is row-major
 * {@code n_tokens x nClasses}. {@link Dataset} builds this from per-sentence arrays.
 *
 * <p>Arrays are passed to the library without copying (pinned for the duration of the
 * call); the {@code FloatBuffer}/{@code DoubleBuffer}/{@code IntBuffer}/{@code LongBuffer}
 * overloads take direct buffers in native byte order instead (their remaining part). On
 * JDK 17, G1 cannot collect while an array is pinned, so one very long call on huge arrays
 * delays collections in other threads; direct buffers avoid that.
 *
 * <p>Every failure is a {@link TokQualException} carrying a {@link Status} and the
 * library's message; nothing is written to caller arrays or buffers on failure. Every
 * method may be called from many threads at once.
 */
public final class TokQual {
    private TokQual() {}

    // ---- Version ------------------------------------------------------------------

    /** The loaded native library's version, "MAJOR.MINOR.PATCH" (equal to the binding's). */
    public static String version() {
        return new String(NativeApi.version(), StandardCharsets.UTF_8);
    }

    /** The loaded library's {@code major * 10000 + minor * 100 + patch}. */
    public static int versionNumber() {
        return NativeApi.version_number();
    }

    /** The library's short English name of a status, e.g. "invalid offsets". */
    public static String statusString(Status status) {
        return new String(NativeApi.status_string(Checks.notNull(status, "status").code()), StandardCharsets.UTF_8);
    }

    /**
     * The message of the last failed call on this thread (the one a
     * {@link TokQualException} already carries; kept for completeness).
     */
    static String lastErrorMessage() {
        return new String(NativeApi.last_error_message(), StandardCharsets.UTF_8);
    }

    // ---- Label-quality scores ---------------------------------------------------------

    /** Scores with float probabilities (computed in double). */
    public static Scores labelQualityScores(long[] offsets, int[] labels, float[] predProbs, int nClasses,
                                            ScoreOptions options) {
        return scores(offsets, labels, Probs.of("labelQualityScores", "pred_probs", predProbs), nClasses, options);
    }

    /** Scores with double probabilities. */
    public static Scores labelQualityScores(long[] offsets, int[] labels, double[] predProbs, int nClasses,
                                            ScoreOptions options) {
        return scores(offsets, labels, Probs.of("labelQualityScores", "pred_probs", predProbs), nClasses, options);
    }

    /** Scores of a {@link Dataset}. */
    public static Scores labelQualityScores(Dataset data, ScoreOptions options) {
        Checks.notNull("labelQualityScores", data, "data");
        return scores(data.offsets, data.labels, data.probs("labelQualityScores"), data.nClasses, options);
    }

    private static Scores scores(long[] offsets, int[] labels, Probs p, int nClasses, ScoreOptions options) {
        String fn = "labelQualityScores";
        Checks.notNull(fn, offsets, "offsets");
        Checks.notNull(fn, labels, "labels");
        double[] sentenceScores = new double[(int) Checks.sentences(fn, offsets.length)];
        double[] tokenScores = new double[labels.length];
        scoresInto(fn, offsets, offsets.length, labels, labels.length, p, nClasses, options,
                sentenceScores, sentenceScores.length, tokenScores, tokenScores.length);
        return new Scores(sentenceScores, tokenScores);
    }

    /**
     * Scores from and into direct buffers: writes {@code offsets.remaining() - 1} sentence
     * scores to {@code sentenceScores} and one score per label to {@code tokenScores}
     * (null to skip them), each from its position on; positions do not move.
     */
    public static void labelQualityScores(LongBuffer offsets, IntBuffer labels, FloatBuffer predProbs, int nClasses,
                                          ScoreOptions options, DoubleBuffer sentenceScores, DoubleBuffer tokenScores) {
        String fn = "labelQualityScores";
        scoresBuffers(fn, offsets, labels, Probs.of(fn, "pred_probs", predProbs), nClasses, options,
                sentenceScores, tokenScores);
    }

    /** As the FloatBuffer overload, with double probabilities. */
    public static void labelQualityScores(LongBuffer offsets, IntBuffer labels, DoubleBuffer predProbs, int nClasses,
                                          ScoreOptions options, DoubleBuffer sentenceScores, DoubleBuffer tokenScores) {
        String fn = "labelQualityScores";
        scoresBuffers(fn, offsets, labels, Probs.of(fn, "pred_probs", predProbs), nClasses, options,
                sentenceScores, tokenScores);
    }

    private static void scoresBuffers(String fn, LongBuffer offsets, IntBuffer labels, Probs p, int nClasses,
                                      ScoreOptions options, DoubleBuffer sentenceScores, DoubleBuffer tokenScores) {
        LongBuffer o = Checks.direct(fn, "offsets", offsets, false);
        IntBuffer l = Checks.direct(fn, "labels", labels, false);
        DoubleBuffer s = Checks.direct(fn, "sentence_scores", sentenceScores, true);
        DoubleBuffer t = tokenScores == null ? null : Checks.direct(fn, "token_scores", tokenScores, true);
        scoresInto(fn, o, o.remaining(), l, l.remaining(), p, nClasses, options, s, s.remaining(),
                t, t == null ? -1 : t.remaining());
    }

    /**
     * Scores into caller arrays (no allocation): {@code sentenceScores} must hold
     * {@code offsets.length - 1} values, {@code tokenScores} {@code labels.length} (or be
     * null to skip the token scores).
     */
    public static void labelQualityScoresInto(long[] offsets, int[] labels, float[] predProbs, int nClasses,
                                              ScoreOptions options, double[] sentenceScores, double[] tokenScores) {
        String fn = "labelQualityScoresInto";
        Checks.notNull(fn, offsets, "offsets");
        Checks.notNull(fn, labels, "labels");
        Checks.notNull(fn, sentenceScores, "sentence_scores");
        scoresInto(fn, offsets, offsets.length, labels, labels.length, Probs.of(fn, "pred_probs", predProbs), nClasses,
                options, sentenceScores, sentenceScores.length, tokenScores, tokenScores == null ? -1 : tokenScores.length);
    }

    /** As the float overload, with double probabilities. */
    public static void labelQualityScoresInto(long[] offsets, int[] labels, double[] predProbs, int nClasses,
                                              ScoreOptions options, double[] sentenceScores, double[] tokenScores) {
        String fn = "labelQualityScoresInto";
        Checks.notNull(fn, offsets, "offsets");
        Checks.notNull(fn, labels, "labels");
        Checks.notNull(fn, sentenceScores, "sentence_scores");
        scoresInto(fn, offsets, offsets.length, labels, labels.length, Probs.of(fn, "pred_probs", predProbs), nClasses,
                options, sentenceScores, sentenceScores.length, tokenScores, tokenScores == null ? -1 : tokenScores.length);
    }

    private static void scoresInto(String fn, Object offsets, long nOffsets, Object labels, long nTokens, Probs p,
                                   int nClasses, ScoreOptions options, Object sentenceScores, long nSentenceScores,
                                   Object tokenScores, long nTokenScores) {
        long nSentences = Checks.sentences(fn, nOffsets);
        Checks.classes(fn, nClasses);
        Checks.length(fn, "pred_probs", p.length, nTokens * nClasses, "labels.length * n_classes");
        Checks.length(fn, "sentence_scores", nSentenceScores, nSentences, "offsets.length - 1");
        if (tokenScores != null) {
            Checks.length(fn, "token_scores", nTokenScores, nTokens, "labels.length");
        }
        NativeScoreOptions n = Checks.notNull(fn, options, "options").toNative();
        try {
            if (p.single) {
                NativeApi.label_quality_scores_f32(offsets, nSentences, labels, p.data, nTokens, nClasses, n,
                        sentenceScores, tokenScores);
            } else {
                NativeApi.label_quality_scores_f64(offsets, nSentences, labels, p.data, nTokens, nClasses, n,
                        sentenceScores, tokenScores);
            }
        } finally {
            n.delete();
        }
    }

    /**
     * Sentence scores from token scores computed elsewhere (another model, another token
     * method): the aggregation step of {@link #labelQualityScores} on its own, with the
     * same result bit for bit on the token scores it returns (cleanlab's min and softmin).
     * Each token score must be finite and within [0, 1] up to 1e-6 (the range of every
     * score tokqual returns), else {@link Status#INVALID_VALUE}. Of {@code options}, the
     * sentence method, temperature and thread count are used; the token method is not.
     */
    public static double[] sentenceScoresFromTokenScores(long[] offsets, double[] tokenScores, ScoreOptions options) {
        String fn = "sentenceScoresFromTokenScores";
        Checks.notNull(fn, offsets, "offsets");
        Checks.notNull(fn, tokenScores, "token_scores");
        long nSentences = Checks.sentences(fn, offsets.length);
        double[] sentenceScores = new double[(int) nSentences];
        NativeScoreOptions n = Checks.notNull(fn, options, "options").toNative();
        try {
            NativeApi.sentence_scores_from_token_scores(offsets, nSentences, tokenScores, tokenScores.length, n,
                    sentenceScores);
        } finally {
            n.delete();
        }
        return sentenceScores;
    }

    // ---- Issues from scores -----------------------------------------------------------

    /** The sentences scoring strictly below {@code threshold}, lowest first, ties by index. */
    public static int[] issuesFromSentenceScores(double[] sentenceScores, double threshold) {
        String fn = "issuesFromSentenceScores";
        Checks.notNull(fn, sentenceScores, "sentence_scores");
        long[] out = new long[sentenceScores.length];
        long[] count = new long[1];
        NativeApi.issues_from_sentence_scores(sentenceScores, sentenceScores.length, threshold, out, count);
        return toInts(out, count[0]);
    }

    /** The tokens scoring strictly below {@code threshold}, lowest first, ties by position. */
    public static List<Issue> issuesFromTokenScores(long[] offsets, double[] tokenScores, double threshold) {
        String fn = "issuesFromTokenScores";
        Checks.notNull(fn, offsets, "offsets");
        Checks.notNull(fn, tokenScores, "token_scores");
        long nSentences = Checks.sentences(fn, offsets.length);
        long[] s = new long[tokenScores.length];
        long[] t = new long[tokenScores.length];
        long[] count = new long[1];
        NativeApi.issues_from_token_scores(offsets, nSentences, tokenScores, tokenScores.length, threshold, s, t, count);
        return issues(s, t, count[0]);
    }

    // ---- Confident learning -------------------------------------------------------------

    /** Label issues by confident learning, most severe first (float probabilities). */
    public static List<Issue> findLabelIssues(long[] offsets, int[] labels, float[] predProbs, int nClasses,
                                              FindOptions options) {
        return find(offsets, offsets == null ? 0 : offsets.length, labels, labels == null ? 0 : labels.length,
                Probs.of("findLabelIssues", "pred_probs", predProbs), nClasses, options, offsets, labels);
    }

    /** Label issues by confident learning, most severe first (double probabilities). */
    public static List<Issue> findLabelIssues(long[] offsets, int[] labels, double[] predProbs, int nClasses,
                                              FindOptions options) {
        return find(offsets, offsets == null ? 0 : offsets.length, labels, labels == null ? 0 : labels.length,
                Probs.of("findLabelIssues", "pred_probs", predProbs), nClasses, options, offsets, labels);
    }

    /** Label issues of a {@link Dataset}. */
    public static List<Issue> findLabelIssues(Dataset data, FindOptions options) {
        Checks.notNull("findLabelIssues", data, "data");
        return find(data.offsets, data.offsets.length, data.labels, data.labels.length,
                data.probs("findLabelIssues"), data.nClasses, options, data.offsets, data.labels);
    }

    /** Label issues from direct buffers (float probabilities). */
    public static List<Issue> findLabelIssues(LongBuffer offsets, IntBuffer labels, FloatBuffer predProbs, int nClasses,
                                              FindOptions options) {
        String fn = "findLabelIssues";
        LongBuffer o = Checks.direct(fn, "offsets", offsets, false);
        IntBuffer l = Checks.direct(fn, "labels", labels, false);
        return find(o, o.remaining(), l, l.remaining(), Probs.of(fn, "pred_probs", predProbs), nClasses, options, o, l);
    }

    /** Label issues from direct buffers (double probabilities). */
    public static List<Issue> findLabelIssues(LongBuffer offsets, IntBuffer labels, DoubleBuffer predProbs, int nClasses,
                                              FindOptions options) {
        String fn = "findLabelIssues";
        LongBuffer o = Checks.direct(fn, "offsets", offsets, false);
        IntBuffer l = Checks.direct(fn, "labels", labels, false);
        return find(o, o.remaining(), l, l.remaining(), Probs.of(fn, "pred_probs", predProbs), nClasses, options, o, l);
    }

    private static List<Issue> find(Object offsets, long nOffsets, Object labels, long nTokens, Probs p, int nClasses,
                                    FindOptions options, Object offsetsArg, Object labelsArg) {
        String fn = "findLabelIssues";
        Checks.notNull(fn, offsetsArg, "offsets");
        Checks.notNull(fn, labelsArg, "labels");
        long nSentences = Checks.sentences(fn, nOffsets);
        Checks.classes(fn, nClasses);
        Checks.length(fn, "pred_probs", p.length, nTokens * nClasses, "labels.length * n_classes");
        numToRemoveLength(fn, options, nClasses);
        long[] s = new long[(int) nTokens];
        long[] t = new long[(int) nTokens];
        long[] count = new long[1];
        NativeFindOptions n = options.toNative();
        try {
            if (p.single) {
                NativeApi.find_label_issues_f32(offsets, nSentences, labels, p.data, nTokens, nClasses, n, s, t, count);
            } else {
                NativeApi.find_label_issues_f64(offsets, nSentences, labels, p.data, nTokens, nClasses, n, s, t, count);
            }
        } finally {
            n.delete();
        }
        return issues(s, t, count[0]);
    }

    private static void numToRemoveLength(String fn, FindOptions options, int nClasses) {
        Checks.notNull(fn, options, "options");
        long[] ntr = options.numToRemovePerClass();
        if (ntr != null) {
            Checks.length(fn, "num_to_remove_per_class", ntr.length, nClasses, "n_classes");
        }
    }

    /** Per-class confident thresholds (cleanlab.count.get_confident_thresholds). */
    public static double[] confidentThresholds(int[] labels, float[] predProbs, int nClasses, FindOptions options) {
        return thresholds(labels, Probs.of("confidentThresholds", "pred_probs", predProbs), nClasses, options);
    }

    /** Per-class confident thresholds, double probabilities. */
    public static double[] confidentThresholds(int[] labels, double[] predProbs, int nClasses, FindOptions options) {
        return thresholds(labels, Probs.of("confidentThresholds", "pred_probs", predProbs), nClasses, options);
    }

    private static double[] thresholds(int[] labels, Probs p, int nClasses, FindOptions options) {
        String fn = "confidentThresholds";
        long n = statsChecks(fn, labels, p, nClasses);
        double[] out = new double[nClasses];
        NativeFindOptions o = Checks.notNull(fn, options, "options").toNative();
        try {
            if (p.single) {
                NativeApi.confident_thresholds_f32(labels, p.data, n, nClasses, o, out);
            } else {
                NativeApi.confident_thresholds_f64(labels, p.data, n, nClasses, o, out);
            }
        } finally {
            o.delete();
        }
        return out;
    }

    /**
     * The confident joint, row-major {@code nClasses x nClasses} ({@code [i * nClasses + j]}
     * counts tokens labeled i guessed as j), calibrated or raw.
     */
    public static long[] confidentJoint(int[] labels, float[] predProbs, int nClasses, boolean calibrate,
                                        FindOptions options) {
        return joint(labels, Probs.of("confidentJoint", "pred_probs", predProbs), nClasses, calibrate, options);
    }

    /** The confident joint, double probabilities. */
    public static long[] confidentJoint(int[] labels, double[] predProbs, int nClasses, boolean calibrate,
                                        FindOptions options) {
        return joint(labels, Probs.of("confidentJoint", "pred_probs", predProbs), nClasses, calibrate, options);
    }

    private static long[] joint(int[] labels, Probs p, int nClasses, boolean calibrate, FindOptions options) {
        String fn = "confidentJoint";
        long n = statsChecks(fn, labels, p, nClasses);
        if ((long) nClasses * nClasses > Integer.MAX_VALUE - 8) {
            throw Checks.fail(Status.INVALID_SIZE, fn, "n_classes = " + nClasses + " gives a joint too large for a Java array");
        }
        long[] out = new long[nClasses * nClasses];
        NativeFindOptions o = Checks.notNull(fn, options, "options").toNative();
        try {
            if (p.single) {
                NativeApi.confident_joint_f32(labels, p.data, n, nClasses, calibrate ? 1 : 0, o, out);
            } else {
                NativeApi.confident_joint_f64(labels, p.data, n, nClasses, calibrate ? 1 : 0, o, out);
            }
        } finally {
            o.delete();
        }
        return out;
    }

    /** The estimated number of label issues (cleanlab.count.num_label_issues). */
    public static long numLabelIssues(int[] labels, float[] predProbs, int nClasses, NumIssuesMethod method,
                                      FindOptions options) {
        return numIssues(labels, Probs.of("numLabelIssues", "pred_probs", predProbs), nClasses, method, options);
    }

    /** The estimated number of label issues, double probabilities. */
    public static long numLabelIssues(int[] labels, double[] predProbs, int nClasses, NumIssuesMethod method,
                                      FindOptions options) {
        return numIssues(labels, Probs.of("numLabelIssues", "pred_probs", predProbs), nClasses, method, options);
    }

    private static long numIssues(int[] labels, Probs p, int nClasses, NumIssuesMethod method, FindOptions options) {
        String fn = "numLabelIssues";
        long n = statsChecks(fn, labels, p, nClasses);
        Checks.notNull(fn, method, "method");
        long[] count = new long[1];
        NativeFindOptions o = Checks.notNull(fn, options, "options").toNative();
        try {
            if (p.single) {
                NativeApi.num_label_issues_f32(labels, p.data, n, nClasses, method.code, o, count);
            } else {
                NativeApi.num_label_issues_f64(labels, p.data, n, nClasses, method.code, o, count);
            }
        } finally {
            o.delete();
        }
        return count[0];
    }

    /** The probabilities cleanlab scores with adjust_pred_probs=True, row-major. */
    public static double[] adjustPredProbs(int[] labels, float[] predProbs, int nClasses, FindOptions options) {
        return adjust(labels, Probs.of("adjustPredProbs", "pred_probs", predProbs), nClasses, options);
    }

    /** Adjusted probabilities, double input. */
    public static double[] adjustPredProbs(int[] labels, double[] predProbs, int nClasses, FindOptions options) {
        return adjust(labels, Probs.of("adjustPredProbs", "pred_probs", predProbs), nClasses, options);
    }

    private static double[] adjust(int[] labels, Probs p, int nClasses, FindOptions options) {
        String fn = "adjustPredProbs";
        long n = statsChecks(fn, labels, p, nClasses);
        double[] out = new double[(int) p.length];
        NativeFindOptions o = Checks.notNull(fn, options, "options").toNative();
        try {
            if (p.single) {
                NativeApi.adjust_pred_probs_f32(labels, p.data, n, nClasses, o, out);
            } else {
                NativeApi.adjust_pred_probs_f64(labels, p.data, n, nClasses, o, out);
            }
        } finally {
            o.delete();
        }
        return out;
    }

    private static long statsChecks(String fn, int[] labels, Probs p, int nClasses) {
        Checks.notNull(fn, labels, "labels");
        Checks.classes(fn, nClasses);
        Checks.length(fn, "pred_probs", p.length, (long) labels.length * nClasses, "labels.length * n_classes");
        return labels.length;
    }

    // ---- Text helpers -------------------------------------------------------------------

    /** The words joined into one readable sentence, as cleanlab's get_sentence. */
    public static String getSentence(List<String> words) {
        TokenList w = TokenList.of(Checks.notNull("getSentence", words, "words"));
        return Text.call(w.bytes.length + w.size() + 16, (out, cap, size) ->
                NativeApi.get_sentence(w.bytes, w.bytes.length, w.offsets, w.size(), out, cap, size));
    }

    /**
     * The indices of the sentences cleanlab's default filter_sentence condition keeps
     * (more than one character and no '#'), in order. Runs the C default condition.
     */
    public static int[] filterSentences(List<String> sentences) {
        TokenList s = TokenList.of(Checks.notNull("filterSentences", sentences, "sentences"));
        long[] kept = new long[s.size()];
        long[] count = new long[1];
        NativeApi.filter_sentences(s.bytes, s.bytes.length, s.offsets, s.size(), null, kept, count);
        return toInts(kept, count[0]);
    }

    /** cleanlab's filter_sentence mask for the default condition: true = kept. */
    public static boolean[] filterSentencesMask(List<String> sentences) {
        TokenList s = TokenList.of(Checks.notNull("filterSentencesMask", sentences, "sentences"));
        byte[] mask = new byte[s.size()];
        long[] count = new long[1];
        NativeApi.filter_sentences(s.bytes, s.bytes.length, s.offsets, s.size(), mask, null, count);
        boolean[] out = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = mask[i] != 0;
        }
        return out;
    }

    /**
     * The indices of the sentences {@code keep} accepts, in order (filter_sentence with a
     * condition). The predicate runs in Java, on the calling thread, once per sentence in
     * order; the C callback of tq_filter_sentences is not used from Java.
     */
    public static int[] filterSentences(List<String> sentences, Predicate<String> keep) {
        Checks.notNull("filterSentences", sentences, "sentences");
        Checks.notNull("filterSentences", keep, "keep");
        int[] kept = new int[sentences.size()];
        int n = 0;
        int i = 0;
        for (String s : sentences) {
            Checks.notNull("filterSentences", s, "sentences[" + i + "]");
            if (keep.test(s)) {
                kept[n++] = i;
            }
            i++;
        }
        return java.util.Arrays.copyOf(kept, n);
    }

    /** cleanlab's process_token with its default replacement ("#" removed). */
    public static String processToken(String token) {
        return processToken(token, List.of());
    }

    /**
     * cleanlab's process_token: one left-to-right pass applying the first (find, replace)
     * pair that matches at each position. An empty list means the default.
     */
    public static String processToken(String token, List<Map.Entry<String, String>> replace) {
        String fn = "processToken";
        byte[] t = TokenList.utf8(Checks.notNull(fn, token, "token"));
        Checks.notNull(fn, replace, "replace");
        List<String> flat = new ArrayList<>(2 * replace.size());
        for (Map.Entry<String, String> e : replace) {
            Checks.notNull(fn, e, "replace entry");
            flat.add(e.getKey());
            flat.add(e.getValue());
        }
        TokenList pairs = TokenList.of(flat);
        boolean none = replace.isEmpty();
        return Text.call(t.length * 2 + 16, (out, cap, size) -> NativeApi.process_token(t, t.length,
                none ? null : pairs.bytes, none ? 0 : pairs.bytes.length, none ? null : pairs.offsets,
                replace.size(), out, cap, size));
    }

    /** {@code out[i] = maps[labels[i]]} (cleanlab's mapping). */
    public static int[] mapLabels(int[] labels, int[] maps) {
        String fn = "mapLabels";
        Checks.notNull(fn, labels, "labels");
        Checks.notNull(fn, maps, "maps");
        int[] out = new int[labels.length];
        NativeApi.map_labels(labels, labels.length, maps, maps.length, out);
        return out;
    }

    /** Model classes merged into dataset classes (cleanlab's merge_probs); width max(maps) + 1. */
    public static float[] mergeProbs(float[] predProbs, int nClasses, int[] maps) {
        String fn = "mergeProbs";
        Probs p = Probs.of(fn, "pred_probs", predProbs);
        long width = mergedWidth(fn, maps);
        long rows = p.rows(fn, "pred_probs", nClasses);
        float[] out = new float[outSize(fn, rows, width)];
        NativeApi.merge_probs_f32(predProbs, rows, nClasses, maps, width, out);
        return out;
    }

    /** Model classes merged into dataset classes, double probabilities. */
    public static double[] mergeProbs(double[] predProbs, int nClasses, int[] maps) {
        String fn = "mergeProbs";
        Probs p = Probs.of(fn, "pred_probs", predProbs);
        long width = mergedWidth(fn, maps);
        long rows = p.rows(fn, "pred_probs", nClasses);
        double[] out = new double[outSize(fn, rows, width)];
        NativeApi.merge_probs_f64(predProbs, rows, nClasses, maps, width, out);
        return out;
    }

    private static long mergedWidth(String fn, int[] maps) {
        Checks.notNull(fn, maps, "maps");
        long max = -1;
        for (int m : maps) {
            max = Math.max(max, m);
        }
        return max + 1;
    }

    private static int outSize(String fn, long rows, long width) {
        if (rows * width > Integer.MAX_VALUE - 8) {
            throw Checks.fail(Status.INVALID_SIZE, fn, rows + " x " + width + " values do not fit in a Java array");
        }
        return (int) (rows * width);
    }

    /** Every whole-word {@code word} in {@code sentence} replaced by {@code newWord} (see tokqual.h). */
    public static String replaceWord(String sentence, String word, String newWord) {
        String fn = "replaceWord";
        byte[] s = TokenList.utf8(Checks.notNull(fn, sentence, "sentence"));
        byte[] w = TokenList.utf8(Checks.notNull(fn, word, "word"));
        byte[] nw = TokenList.utf8(Checks.notNull(fn, newWord, "new_word"));
        return Text.call(s.length * 2 + nw.length + 16, (out, cap, size) ->
                NativeApi.replace_word(s, s.length, w, w.length, nw, nw.length, out, cap, size));
    }

    /** {@code sentence} with {@code word} highlighted in red (cleanlab's color_sentence). */
    public static String colorSentence(String sentence, String word) {
        return color(sentence, word, null, null);
    }

    /** {@code sentence} with {@code word} between {@code before} and {@code after} (e.g. "**"). */
    public static String colorSentence(String sentence, String word, String before, String after) {
        Checks.notNull("colorSentence", before, "before");
        Checks.notNull("colorSentence", after, "after");
        return color(sentence, word, before, after);
    }

    private static String color(String sentence, String word, String before, String after) {
        String fn = "colorSentence";
        byte[] s = TokenList.utf8(Checks.notNull(fn, sentence, "sentence"));
        byte[] w = TokenList.utf8(Checks.notNull(fn, word, "word"));
        byte[] b = before == null ? null : TokenList.cString(before);
        byte[] a = after == null ? null : TokenList.cString(after);
        return Text.call(s.length * 2 + 32, (out, cap, size) ->
                NativeApi.color_sentence(s, s.length, w, w.length, b, a, out, cap, size));
    }

    /**
     * Word-level probability rows from subword rows: word {@code w} averages rows
     * {@code [wordBegin[w], wordEnd[w])}, weighted when {@code weights} (one per (word,
     * row) pair, word by word) is not null.
     */
    public static float[] subwordToWordProbs(float[] subwordProbs, int nClasses, long[] wordBegin, long[] wordEnd,
                                             double[] weights) {
        String fn = "subwordToWordProbs";
        Probs p = Probs.of(fn, "subword_probs", subwordProbs);
        long rows = p.rows(fn, "subword_probs", nClasses);
        int nWords = wordRanges(fn, wordBegin, wordEnd);
        float[] out = new float[outSize(fn, nWords, nClasses)];
        NativeApi.subword_to_word_probs_f32(subwordProbs, rows, nClasses, wordBegin, wordEnd, nWords, weights,
                weights == null ? 0 : weights.length, out);
        return out;
    }

    /** Word-level probability rows, double input. */
    public static double[] subwordToWordProbs(double[] subwordProbs, int nClasses, long[] wordBegin, long[] wordEnd,
                                              double[] weights) {
        String fn = "subwordToWordProbs";
        Probs p = Probs.of(fn, "subword_probs", subwordProbs);
        long rows = p.rows(fn, "subword_probs", nClasses);
        int nWords = wordRanges(fn, wordBegin, wordEnd);
        double[] out = new double[outSize(fn, nWords, nClasses)];
        NativeApi.subword_to_word_probs_f64(subwordProbs, rows, nClasses, wordBegin, wordEnd, nWords, weights,
                weights == null ? 0 : weights.length, out);
        return out;
    }

    private static int wordRanges(String fn, long[] begin, long[] end) {
        Checks.notNull(fn, begin, "word_begin");
        Checks.notNull(fn, end, "word_end");
        Checks.length(fn, "word_end", end.length, begin.length, "word_begin.length");
        return begin.length;
    }

    /** One line per token, "token\tscore\n", the score as Python's repr(float). */
    public static String formatTokenScores(List<String> words, double[] scores) {
        String fn = "formatTokenScores";
        TokenList w = TokenList.of(Checks.notNull(fn, words, "words"));
        Checks.notNull(fn, scores, "scores");
        Checks.length(fn, "scores", scores.length, w.size(), "words.size()");
        return Text.call(w.bytes.length + 26 * w.size() + 16, (out, cap, size) ->
                NativeApi.format_token_scores(w.bytes, w.bytes.length, w.offsets, w.size(), scores, out, cap, size));
    }

    /**
     * The issues whose token equals {@code word} ignoring case (cleanlab's
     * filter_by_token), in their order.
     */
    public static List<Issue> filterByToken(String word, long[] offsets, List<String> tokens, List<Issue> issues) {
        String fn = "filterByToken";
        byte[] w = TokenList.utf8(Checks.notNull(fn, word, "word"));
        Checks.notNull(fn, offsets, "offsets");
        TokenList t = TokenList.of(Checks.notNull(fn, tokens, "tokens"));
        long[][] pairs = IssueReport.pairs(fn, issues);
        int n = pairs[0].length;
        long[] s = new long[n];
        long[] k = new long[n];
        long[] count = new long[1];
        NativeApi.filter_by_token(w, w.length, offsets, Checks.sentences(fn, offsets.length), t.bytes, t.bytes.length,
                t.offsets, t.size(), pairs[0], pairs[1], n, s, k, count);
        return issues(s, k, count[0]);
    }

    // ---- Helpers ----------------------------------------------------------------------

    static List<Issue> issues(long[] sentences, long[] tokens, long count) {
        List<Issue> out = new ArrayList<>((int) count);
        for (int k = 0; k < count; k++) {
            out.add(new Issue((int) sentences[k], (int) tokens[k]));
        }
        return Collections.unmodifiableList(out);
    }

    static int[] toInts(long[] values, long count) {
        int[] out = new int[(int) count];
        for (int k = 0; k < count; k++) {
            out[k] = (int) values[k];
        }
        return out;
    }
}
