package org.tokqual;

/** The status codes of tokqual's C API ({@code tq_status}), carried by {@link TokQualException}. */
public enum Status {
    /** {@code TQ_OK}: success (never carried by an exception). */
    OK(0),
    /** A required argument is null. */
    NULL_ARGUMENT(1),
    /** A count is negative, or sizes overflow or disagree (array lengths included). */
    INVALID_SIZE(2),
    /** Offsets do not start at 0, decrease, leave a sentence empty, or do not end at the token count. */
    INVALID_OFFSETS(3),
    /** A label is outside {@code [0, nClasses)}. */
    INVALID_LABEL(4),
    /** A probability is NaN, infinite or outside [0, 1]. */
    INVALID_PROBABILITY(5),
    /** An option or scalar argument has a bad value. */
    INVALID_OPTION(6),
    /** An options struct size the library does not know (a binding/library mismatch). */
    INVALID_STRUCT_SIZE(7),
    /** An input value other than a label or probability is invalid (e.g. a NaN score, bad UTF-8). */
    INVALID_VALUE(8),
    /** An output buffer is too small. */
    BUFFER_TOO_SMALL(9),
    /** An allocation failed. */
    OUT_OF_MEMORY(10),
    /** A bug in tokqual. */
    INTERNAL(11),
    /** An inspector was used out of order (or after close). */
    INVALID_STATE(12),
    /** A code this binding does not know (a newer library). */
    UNKNOWN(-1);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** The C value of this status ({@code TQ_OK == 0}); -1 for {@link #UNKNOWN}. */
    public int code() {
        return code;
    }

    /** The status with this C value, or {@link #UNKNOWN} (never throws). */
    public static Status fromCode(int code) {
        for (Status s : values()) {
            if (s.code == code && s != UNKNOWN) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
