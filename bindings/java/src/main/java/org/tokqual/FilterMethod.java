package org.tokqual;

/** The {@code filter_by} methods of confident learning ({@code tq_filter_method}); see tokqual.h. */
public enum FilterMethod {
    PRUNE_BY_NOISE_RATE(0),
    PRUNE_BY_CLASS(1),
    BOTH(2),
    CONFIDENT_LEARNING(3),
    PREDICTED_NEQ_GIVEN(4),
    LOW_NORMALIZED_MARGIN(5),
    LOW_SELF_CONFIDENCE(6);

    final int code;

    FilterMethod(int code) {
        this.code = code;
    }
}
