package org.tokqual;

/**
 * Options of {@link IssueReport#formatIssues}: at most {@code top} issues (default 20; 0
 * shows all), the highlight markers around the issue's word (default: the ANSI red of
 * cleanlab's output).
 */
public final class FormatIssuesOptions {
    private final long top;
    private final String before;
    private final String after;

    private FormatIssuesOptions(long top, String before, String after) {
        this.top = top;
        this.before = before;
        this.after = after;
    }

    public static FormatIssuesOptions defaults() { return new FormatIssuesOptions(20, null, null); }

    /** The same with another {@code top}. */
    public FormatIssuesOptions top(long top) { return new FormatIssuesOptions(top, before, after); }

    /** The same with markers, e.g. {@code ("**", "**")}; null and null restore the ANSI default. */
    public FormatIssuesOptions highlight(String before, String after) { return new FormatIssuesOptions(top, before, after); }

    public long top() { return top; }

    NativeFormatIssuesOptions toNative() {
        byte[] b = before == null ? null : TokenList.cString(before);
        byte[] a = after == null ? null : TokenList.cString(after);
        NativeFormatIssuesOptions n = new NativeFormatIssuesOptions();
        n.setTop(top);
        if ((b != null || a != null) && n.set_highlight(b, a) == 0) {
            n.delete();
            throw new TokQualException(Status.OUT_OF_MEMORY, "FormatIssuesOptions: cannot copy the markers");
        }
        return n;
    }
}
