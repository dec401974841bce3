package org.tokqual;

/** How token scores become one sentence score ({@code tq_sentence_method}). */
public enum SentenceMethod {
    /** The minimum token score. */
    MIN(0),
    /** A softmin with {@link ScoreOptions#temperature()}. */
    SOFTMIN(1);

    final int code;

    SentenceMethod(int code) {
        this.code = code;
    }
}
