package org.tokqual;

/** How the number of label issues is estimated ({@code tq_num_issues_method}). */
public enum NumIssuesMethod {
    /** Off-diagonal tokens of the confident joint. */
    OFF_DIAGONAL(0),
    /** {@code (1 - trace of the estimated joint) * n_tokens}, rounded half to even. */
    OFF_DIAGONAL_CALIBRATED(1);

    final int code;

    NumIssuesMethod(int code) {
        this.code = code;
    }
}
