package org.tokqual;

/**
 * Options of {@link Inspector} ({@code tq_inspector_options}). Immutable; defaults:
 * self-confidence ranking, no adjustment, off-diagonal count, all cores.
 */
public final class InspectorOptions {
    private final TokenMethod rankBy;
    private final boolean adjustPredProbs;
    private final NumIssuesMethod numIssuesMethod;
    private final int nThreads;

    private InspectorOptions(Builder b) {
        rankBy = b.rankBy;
        adjustPredProbs = b.adjustPredProbs;
        numIssuesMethod = b.numIssuesMethod;
        nThreads = b.nThreads;
    }

    private static final InspectorOptions DEFAULTS = builder().build();

    public static InspectorOptions defaults() { return DEFAULTS; }
    public static Builder builder() { return new Builder(); }

    public TokenMethod rankBy() { return rankBy; }
    public boolean adjustPredProbs() { return adjustPredProbs; }
    public NumIssuesMethod numIssuesMethod() { return numIssuesMethod; }
    public int nThreads() { return nThreads; }

    NativeInspectorOptions toNative() {
        NativeInspectorOptions n = new NativeInspectorOptions();
        n.setRank_by(rankBy.code);
        n.setAdjust_pred_probs(adjustPredProbs ? 1 : 0);
        n.setNum_issues_method(numIssuesMethod.code);
        n.setN_threads(nThreads);
        return n;
    }

    /** Builder of {@link InspectorOptions}. */
    public static final class Builder {
        private TokenMethod rankBy = TokenMethod.SELF_CONFIDENCE;
        private boolean adjustPredProbs = false;
        private NumIssuesMethod numIssuesMethod = NumIssuesMethod.OFF_DIAGONAL;
        private int nThreads = 0;

        private Builder() {}

        public Builder rankBy(TokenMethod m) { rankBy = Checks.notNull(m, "rankBy"); return this; }
        public Builder adjustPredProbs(boolean a) { adjustPredProbs = a; return this; }
        public Builder numIssuesMethod(NumIssuesMethod m) { numIssuesMethod = Checks.notNull(m, "numIssuesMethod"); return this; }
        public Builder nThreads(int n) { nThreads = n; return this; }
        public InspectorOptions build() { return new InspectorOptions(this); }
    }
}
