package org.tokqual;

/**
 * Options of {@link TokQual#labelQualityScores} ({@code tq_score_options}). Immutable;
 * {@link #defaults()} are cleanlab's: self-confidence token scores, min sentence scores,
 * softmin temperature 0.05, all cores.
 *
 * <pre>{@code
 * ScoreOptions o = ScoreOptions.builder().sentenceMethod(SentenceMethod.SOFTMIN).temperature(0.1).build();
 * }</pre>
 */
public final class ScoreOptions {
    private final TokenMethod tokenMethod;
    private final SentenceMethod sentenceMethod;
    private final double temperature;
    private final int nThreads;

    private ScoreOptions(Builder b) {
        tokenMethod = b.tokenMethod;
        sentenceMethod = b.sentenceMethod;
        temperature = b.temperature;
        nThreads = b.nThreads;
    }

    private static final ScoreOptions DEFAULTS = builder().build();

    /** The defaults. */
    public static ScoreOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    public TokenMethod tokenMethod() { return tokenMethod; }
    public SentenceMethod sentenceMethod() { return sentenceMethod; }
    /** Softmin temperature: {@code >= 0}, 0 gives the min, infinity the mean. */
    public double temperature() { return temperature; }
    /** Worker threads, 0 = all cores; results are identical for every value. */
    public int nThreads() { return nThreads; }

    /** A native copy; the caller deletes it. Values are checked by the library. */
    NativeScoreOptions toNative() {
        NativeScoreOptions n = new NativeScoreOptions();
        n.setToken_method(tokenMethod.code);
        n.setSentence_method(sentenceMethod.code);
        n.setTemperature(temperature);
        n.setN_threads(nThreads);
        return n;
    }

    /** Builder of {@link ScoreOptions}. */
    public static final class Builder {
        private TokenMethod tokenMethod = TokenMethod.SELF_CONFIDENCE;
        private SentenceMethod sentenceMethod = SentenceMethod.MIN;
        private double temperature = 0.05;
        private int nThreads = 0;

        private Builder() {}

        public Builder tokenMethod(TokenMethod m) { tokenMethod = Checks.notNull(m, "tokenMethod"); return this; }
        public Builder sentenceMethod(SentenceMethod m) { sentenceMethod = Checks.notNull(m, "sentenceMethod"); return this; }
        public Builder temperature(double t) { temperature = t; return this; }
        public Builder nThreads(int n) { nThreads = n; return this; }
        public ScoreOptions build() { return new ScoreOptions(this); }
    }
}
