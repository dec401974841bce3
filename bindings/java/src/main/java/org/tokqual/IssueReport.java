package org.tokqual;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The reports of cleanlab.token_classification.summary over a list of issues: the text
 * display_issues prints ({@link #formatIssues}), the rows of common_label_issues
 * ({@link #commonLabelIssues}) and the text it prints ({@link #formatCommonLabelIssues}).
 * Immutable; each setter returns a new report.
 *
 * <pre>{@code
 * String text = IssueReport.ofTokenIssues(offsets, tokens, issues)
 *         .labels(labels).predProbs(predProbs, nClasses).classNames(names)
 *         .formatIssues(FormatIssuesOptions.defaults());
 * }</pre>
 */
public final class IssueReport {
    private final long[] offsets;
    private final TokenList tokens;
    private final long[] issueSentences;
    private final long[] issueTokens; // null: sentence-level issues
    private int[] labels;
    private Object probs; // float[] or double[]
    private long nClasses;
    private TokenList classNames;
    private int[] exclude = new int[0];

    private IssueReport(long[] offsets, TokenList tokens, long[] issueSentences, long[] issueTokens) {
        this.offsets = offsets;
        this.tokens = tokens;
        this.issueSentences = issueSentences;
        this.issueTokens = issueTokens;
    }

    private IssueReport copy() {
        IssueReport r = new IssueReport(offsets, tokens, issueSentences, issueTokens);
        r.labels = labels;
        r.probs = probs;
        r.nClasses = nClasses;
        r.classNames = classNames;
        r.exclude = exclude;
        return r;
    }

    /** A report of token issues over a dataset's tokens (one string per token). */
    public static IssueReport ofTokenIssues(long[] offsets, List<String> tokens, List<Issue> issues) {
        String fn = "IssueReport";
        long[][] p = pairs(fn, issues);
        return new IssueReport(Checks.notNull(fn, offsets, "offsets"), TokenList.of(Checks.notNull(fn, tokens, "tokens")),
                p[0], p[1]);
    }

    /** A report of sentence issues (as from {@link TokQual#issuesFromSentenceScores}). */
    public static IssueReport ofSentenceIssues(long[] offsets, List<String> tokens, int[] sentences) {
        String fn = "IssueReport";
        Checks.notNull(fn, sentences, "sentences");
        long[] s = new long[sentences.length];
        for (int k = 0; k < s.length; k++) {
            s[k] = sentences[k];
        }
        return new IssueReport(Checks.notNull(fn, offsets, "offsets"), TokenList.of(Checks.notNull(fn, tokens, "tokens")),
                s, null);
    }

    /** The given labels (one per token); n_classes comes from {@link #nClasses} or the probabilities. */
    public IssueReport labels(int[] labels) {
        IssueReport r = copy();
        r.labels = Checks.notNull("IssueReport.labels", labels, "labels");
        return r;
    }

    /** The number of classes labels, exclude pairs and class names are checked against. */
    public IssueReport nClasses(int nClasses) {
        IssueReport r = copy();
        r.nClasses = nClasses;
        return r;
    }

    /** Model probabilities, row-major {@code n_tokens x nClasses}. */
    public IssueReport predProbs(float[] predProbs, int nClasses) {
        IssueReport r = nClasses(nClasses);
        r.probs = Checks.notNull("IssueReport.predProbs", predProbs, "pred_probs");
        return r;
    }

    /** Model probabilities, double. */
    public IssueReport predProbs(double[] predProbs, int nClasses) {
        IssueReport r = nClasses(nClasses);
        r.probs = Checks.notNull("IssueReport.predProbs", predProbs, "pred_probs");
        return r;
    }

    /** Class names (exactly n_classes), printed instead of indices. */
    public IssueReport classNames(List<String> names) {
        IssueReport r = copy();
        r.classNames = TokenList.of(Checks.notNull("IssueReport.classNames", names, "class_names"));
        return r;
    }

    /** (given, predicted) swaps to leave out: {@code exclude.get(e) = {given, predicted}}. */
    public IssueReport exclude(List<int[]> pairs) {
        Checks.notNull("IssueReport.exclude", pairs, "exclude");
        int[] flat = new int[2 * pairs.size()];
        for (int e = 0; e < pairs.size(); e++) {
            int[] p = Checks.notNull("IssueReport.exclude", pairs.get(e), "exclude[" + e + "]");
            Checks.length("IssueReport.exclude", "exclude[" + e + "]", p.length, 2, "a (given, predicted) pair");
            flat[2 * e] = p[0];
            flat[2 * e + 1] = p[1];
        }
        IssueReport r = copy();
        r.exclude = flat;
        return r;
    }

    /** cleanlab's display_issues output, byte for byte. */
    public String formatIssues(FormatIssuesOptions options) {
        String fn = "formatIssues";
        check(fn);
        NativeFormatIssuesOptions n = Checks.notNull(fn, options, "options").toNative();
        try {
            return Text.call(tokens.bytes.length * 4L + 256L * issueSentences.length + 256, (out, cap, size) -> {
                if (probs instanceof double[]) {
                    NativeApi.format_issues_f64(offsets, nSentences(fn), tokens.bytes, tokens.bytes.length, tokens.offsets,
                            tokens.size(), issueSentences, issueTokens, issueSentences.length, labels, probs, nClasses,
                            names(), namesSize(), nameOffsets(), exclude, exclude.length / 2, n, out, cap, size);
                } else {
                    NativeApi.format_issues_f32(offsets, nSentences(fn), tokens.bytes, tokens.bytes.length, tokens.offsets,
                            tokens.size(), issueSentences, issueTokens, issueSentences.length, labels, probs, nClasses,
                            names(), namesSize(), nameOffsets(), exclude, exclude.length / 2, n, out, cap, size);
                }
            });
        } finally {
            n.delete();
        }
    }

    /** The rows of cleanlab's common_label_issues (token issues only). */
    public List<CommonIssue> commonLabelIssues() {
        String fn = "commonLabelIssues";
        check(fn);
        int n = issueSentences.length;
        long[] words = new long[n];
        int[] given = new int[n];
        int[] predicted = new int[n];
        long[] counts = new long[n];
        long[] count = new long[1];
        if (probs instanceof double[]) {
            NativeApi.common_label_issues_f64(offsets, nSentences(fn), tokens.bytes, tokens.bytes.length, tokens.offsets,
                    tokens.size(), issueSentences, issueTokens, n, labels, probs, nClasses, exclude, exclude.length / 2,
                    words, given, predicted, counts, count);
        } else {
            NativeApi.common_label_issues_f32(offsets, nSentences(fn), tokens.bytes, tokens.bytes.length, tokens.offsets,
                    tokens.size(), issueSentences, issueTokens, n, labels, probs, nClasses, exclude, exclude.length / 2,
                    words, given, predicted, counts, count);
        }
        List<CommonIssue> rows = new ArrayList<>((int) count[0]);
        for (int k = 0; k < count[0]; k++) {
            rows.add(new CommonIssue(tokens.get((int) words[k]), (int) words[k], given[k], predicted[k], counts[k]));
        }
        return Collections.unmodifiableList(rows);
    }

    /** The text cleanlab's common_label_issues prints, byte for byte. */
    public String formatCommonLabelIssues(CommonIssuesOptions options) {
        String fn = "formatCommonLabelIssues";
        check(fn);
        NativeCommonIssuesOptions n = Checks.notNull(fn, options, "options").toNative();
        try {
            return Text.call(256L * issueSentences.length + 256, (out, cap, size) -> {
                if (probs instanceof double[]) {
                    NativeApi.format_common_label_issues_f64(offsets, nSentences(fn), tokens.bytes, tokens.bytes.length,
                            tokens.offsets, tokens.size(), issueSentences, issueTokens, issueSentences.length, labels,
                            probs, nClasses, names(), namesSize(), nameOffsets(), exclude, exclude.length / 2, n, out,
                            cap, size);
                } else {
                    NativeApi.format_common_label_issues_f32(offsets, nSentences(fn), tokens.bytes, tokens.bytes.length,
                            tokens.offsets, tokens.size(), issueSentences, issueTokens, issueSentences.length, labels,
                            probs, nClasses, names(), namesSize(), nameOffsets(), exclude, exclude.length / 2, n, out,
                            cap, size);
                }
            });
        } finally {
            n.delete();
        }
    }

    /** Lengths the C call cannot see: labels and probabilities per token, names per class. */
    private void check(String fn) {
        if (labels != null) {
            Checks.length(fn, "labels", labels.length, tokens.size(), "one per token");
        }
        if (probs != null) {
            long length = probs instanceof float[] f ? f.length : ((double[]) probs).length;
            Checks.length(fn, "pred_probs", length, (long) tokens.size() * nClasses, "n_tokens * n_classes");
        }
        if (classNames != null) {
            Checks.length(fn, "class_names", classNames.size(), nClasses, "n_classes");
        }
    }

    private long nSentences(String fn) {
        return Checks.sentences(fn, offsets.length);
    }

    private byte[] names() { return classNames == null ? null : classNames.bytes; }
    private long namesSize() { return classNames == null ? 0 : classNames.bytes.length; }
    private long[] nameOffsets() { return classNames == null ? null : classNames.offsets; }

    /** Issues as the two index arrays the C API reads. */
    static long[][] pairs(String fn, List<Issue> issues) {
        Checks.notNull(fn, issues, "issues");
        long[] s = new long[issues.size()];
        long[] t = new long[issues.size()];
        int k = 0;
        for (Issue i : issues) {
            Checks.notNull(fn, i, "issues[" + k + "]");
            s[k] = i.sentence();
            t[k++] = i.token();
        }
        return new long[][] {s, t};
    }
}
