package org.tokqual;

import java.nio.charset.StandardCharsets;

/**
 * A tokqual call failed. Unchecked. Carries the {@link Status} and the library's message,
 * which names the offending argument and, where it applies, the index and value (for
 * example {@code "tq_label_quality_scores_f32: labels[12] = 9 is outside [0, n_classes = 9)"}).
 *
 * <p>The binding raises it from inside the failing native call, on the same thread, so
 * the message is always the one of that call. Checks the Java layer makes before calling
 * the library (array lengths, buffer kinds, a closed inspector) raise it too, with the
 * status the library would give ({@link Status#INVALID_SIZE}, {@link Status#NULL_ARGUMENT},
 * {@link Status#INVALID_STATE}). A failed call writes nothing to caller arrays.
 */
public class TokQualException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Status status;
    private final int code;

    /** From the JNI wrapper: the C status and the UTF-8 bytes of the thread's message. */
    TokQualException(int code, byte[] message) {
        this(code, new String(message, StandardCharsets.UTF_8));
    }

    /**
     * A failure with a library status, raised by code built on the binding (for example
     * tokqual-spark, which adds the failing row's sentence id to the library's message).
     */
    public TokQualException(Status status, String message) {
        this(status.code(), message);
    }

    private TokQualException(int code, String message) {
        super(Status.fromCode(code) + ": " + message);
        this.status = Status.fromCode(code);
        this.code = code;
    }

    /** What went wrong, as an enum. */
    public Status status() {
        return status;
    }

    /** The C status value (useful when {@link #status()} is {@link Status#UNKNOWN}). */
    public int code() {
        return code;
    }

    /** The library's message alone, without the status prefix of {@link #getMessage()}. */
    public String libraryMessage() {
        String m = getMessage();
        return m.substring(m.indexOf(": ") + 2);
    }
}
