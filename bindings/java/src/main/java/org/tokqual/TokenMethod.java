package org.tokqual;

/** How each token's label is scored ({@code tq_token_method}; cleanlab.rank's {@code method}). */
public enum TokenMethod {
    /** {@code p[y]}. */
    SELF_CONFIDENCE(0),
    /** {@code (p[y] - max_{k != y} p[k] + 1) / 2}; needs two classes or more. */
    NORMALIZED_MARGIN(1),
    /** cleanlab's confidence-weighted entropy; needs two classes or more. */
    CONFIDENCE_WEIGHTED_ENTROPY(2);

    final int code;

    TokenMethod(int code) {
        this.code = code;
    }
}
