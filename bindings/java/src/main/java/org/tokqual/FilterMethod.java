package org.tokqual;

/** The {@code filter_by} methods of confident learning ({@code tq_filter_method}); see tokqual.h. */
public enum FilterMethod {
    /** Per off-diagonal cell of the prune-count matrix, the largest margins (cleanlab's default). */
    PRUNE_BY_NOISE_RATE(0),
    /** Per class, the lowest self-confidences. */
    PRUNE_BY_CLASS(1),
    /** Tokens flagged by both prune methods. */
    BOTH(2),
    /** The off-diagonal tokens of the confident joint. */
    CONFIDENT_LEARNING(3),
    /** argmax(p) differs from the label. */
    PREDICTED_NEQ_GIVEN(4),
    /** The n lowest normalized margins, n from the off-diagonal count (needs two classes). */
    LOW_NORMALIZED_MARGIN(5),
    /** The n lowest self-confidences, n from the off-diagonal count. */
    LOW_SELF_CONFIDENCE(6);

    final int code;

    FilterMethod(int code) {
        this.code = code;
    }
}
