package org.tokqual;

/**
 * Options of {@link IssueReport#formatCommonLabelIssues}: at most {@code top} words
 * (default 10), each with its swaps listed when {@code verbose} (default true).
 */
public record CommonIssuesOptions(long top, boolean verbose) {
    public static CommonIssuesOptions defaults() { return new CommonIssuesOptions(10, true); }

    NativeCommonIssuesOptions toNative() {
        NativeCommonIssuesOptions n = new NativeCommonIssuesOptions();
        n.setTop(top);
        n.setVerbose(verbose ? 1 : 0);
        return n;
    }
}
