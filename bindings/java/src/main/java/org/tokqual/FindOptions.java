package org.tokqual;

/**
 * Options of {@link TokQual#findLabelIssues} and of the statistics functions, which read
 * only {@link #nThreads()} ({@code tq_find_options}). Immutable; {@link #defaults()} are
 * cleanlab's: prune by noise rate, ranked by self-confidence, frac_noise 1, at least one
 * example per class, all cores, no adjustment.
 */
public final class FindOptions {
    private final FilterMethod filterBy;
    private final TokenMethod rankBy;
    private final double fracNoise;
    private final long[] numToRemovePerClass;
    private final long minExamplesPerClass;
    private final int nThreads;
    private final boolean adjustPredProbs;

    private FindOptions(Builder b) {
        filterBy = b.filterBy;
        rankBy = b.rankBy;
        fracNoise = b.fracNoise;
        numToRemovePerClass = b.numToRemovePerClass == null ? null : b.numToRemovePerClass.clone();
        minExamplesPerClass = b.minExamplesPerClass;
        nThreads = b.nThreads;
        adjustPredProbs = b.adjustPredProbs;
    }

    private static final FindOptions DEFAULTS = builder().build();

    public static FindOptions defaults() { return DEFAULTS; }
    public static Builder builder() { return new Builder(); }

    public FilterMethod filterBy() { return filterBy; }
    public TokenMethod rankBy() { return rankBy; }
    public double fracNoise() { return fracNoise; }
    /** A copy of the per-class counts, or null. */
    public long[] numToRemovePerClass() { return numToRemovePerClass == null ? null : numToRemovePerClass.clone(); }
    public long minExamplesPerClass() { return minExamplesPerClass; }
    public int nThreads() { return nThreads; }
    public boolean adjustPredProbs() { return adjustPredProbs; }

    /** A native copy (owning its copy of numToRemovePerClass); the caller deletes it. */
    NativeFindOptions toNative() {
        NativeFindOptions n = new NativeFindOptions();
        n.setFilter_by(filterBy.code);
        n.setRank_by(rankBy.code);
        n.setFrac_noise(fracNoise);
        n.setMin_examples_per_class(minExamplesPerClass);
        n.setN_threads(nThreads);
        n.setAdjust_pred_probs(adjustPredProbs ? 1 : 0);
        if (numToRemovePerClass != null && n.set_num_to_remove_per_class(numToRemovePerClass,
                numToRemovePerClass.length) == 0) {
            n.delete();
            throw new TokQualException(Status.OUT_OF_MEMORY, "FindOptions: cannot copy numToRemovePerClass");
        }
        return n;
    }

    /** Builder of {@link FindOptions}. */
    public static final class Builder {
        private FilterMethod filterBy = FilterMethod.PRUNE_BY_NOISE_RATE;
        private TokenMethod rankBy = TokenMethod.SELF_CONFIDENCE;
        private double fracNoise = 1.0;
        private long[] numToRemovePerClass = null;
        private long minExamplesPerClass = 1;
        private int nThreads = 0;
        private boolean adjustPredProbs = false;

        private Builder() {}

        public Builder filterBy(FilterMethod m) { filterBy = Checks.notNull(m, "filterBy"); return this; }
        public Builder rankBy(TokenMethod m) { rankBy = Checks.notNull(m, "rankBy"); return this; }
        public Builder fracNoise(double f) { fracNoise = f; return this; }
        /** One count per class (the number of classes is checked at the call), or null. */
        public Builder numToRemovePerClass(long[] counts) { numToRemovePerClass = counts == null ? null : counts.clone(); return this; }
        public Builder minExamplesPerClass(long m) { minExamplesPerClass = m; return this; }
        public Builder nThreads(int n) { nThreads = n; return this; }
        public Builder adjustPredProbs(boolean a) { adjustPredProbs = a; return this; }
        public FindOptions build() { return new FindOptions(this); }
    }
}
