package org.tokqual;

import java.nio.Buffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * Checks made in Java before a native call: null arguments, array lengths that must
 * agree, buffers that must be direct and in native byte order. Each failure is a
 * {@link TokQualException} with the status the C library gives for the same mistake and
 * a message naming the function, the argument and the values.
 */
final class Checks {
    private Checks() {}

    static TokQualException fail(Status status, String function, String message) {
        return new TokQualException(status, function + ": " + message);
    }

    static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new TokQualException(Status.NULL_ARGUMENT, name + " is null");
        }
        return value;
    }

    static <T> T notNull(String function, T value, String name) {
        if (value == null) {
            throw fail(Status.NULL_ARGUMENT, function, name + " is null");
        }
        return value;
    }

    /** n_sentences from an offsets array of n_sentences + 1 entries. */
    static long sentences(String function, long offsetsLength) {
        if (offsetsLength < 1) {
            throw fail(Status.INVALID_SIZE, function,
                    "offsets has 0 entries; it needs n_sentences + 1 (at least 1)");
        }
        return offsetsLength - 1;
    }

    static void length(String function, String name, long actual, long expected, String what) {
        if (actual != expected) {
            throw fail(Status.INVALID_SIZE, function,
                    name + " has " + actual + " entries, expected " + expected + " (" + what + ")");
        }
    }

    static int classes(String function, long nClasses) {
        if (nClasses < 1) {
            throw fail(Status.INVALID_SIZE, function, "n_classes = " + nClasses + " must be >= 1");
        }
        return (int) nClasses;
    }

    /** Rows of a row-major matrix of nClasses columns; its length must be a multiple. */
    static long rows(String function, String name, long length, long nClasses) {
        classes(function, nClasses);
        if (length % nClasses != 0) {
            throw fail(Status.INVALID_SIZE, function, name + " has " + length
                    + " entries, not a multiple of n_classes = " + nClasses);
        }
        return length / nClasses;
    }

    /** A direct buffer in native byte order (its remaining part, as a slice). */
    static <B extends Buffer> B direct(String function, String name, B buffer, boolean output) {
        notNull(function, buffer, name);
        if (!buffer.isDirect()) {
            throw fail(Status.INVALID_VALUE, function, name + " is not a direct buffer (use an array, or allocateDirect)");
        }
        if (output && buffer.isReadOnly()) {
            throw fail(Status.INVALID_VALUE, function, name + " is read-only");
        }
        ByteOrder order = order(buffer);
        if (order != ByteOrder.nativeOrder()) {
            throw fail(Status.INVALID_VALUE, function, name + " is " + order
                    + ", not the native byte order " + ByteOrder.nativeOrder());
        }
        @SuppressWarnings("unchecked")
        B slice = (B) buffer.slice();
        return slice;
    }

    private static ByteOrder order(Buffer b) {
        if (b instanceof FloatBuffer f) return f.order();
        if (b instanceof DoubleBuffer d) return d.order();
        if (b instanceof IntBuffer i) return i.order();
        if (b instanceof LongBuffer l) return l.order();
        return ByteOrder.nativeOrder();
    }
}
