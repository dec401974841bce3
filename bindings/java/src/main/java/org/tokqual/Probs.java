package org.tokqual;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A row-major probability matrix as the native call takes it: a float[] or double[]
 * (pinned during the call) or a direct FloatBuffer / DoubleBuffer (its remaining part),
 * and whether it is single precision (the _f32 entry points).
 */
final class Probs {
    final Object data;
    final boolean single;
    final long length;

    private Probs(Object data, boolean single, long length) {
        this.data = data;
        this.single = single;
        this.length = length;
    }

    static Probs of(String function, String name, float[] a) {
        return new Probs(Checks.notNull(function, a, name), true, a.length);
    }

    static Probs of(String function, String name, double[] a) {
        return new Probs(Checks.notNull(function, a, name), false, a.length);
    }

    static Probs of(String function, String name, FloatBuffer b) {
        FloatBuffer s = Checks.direct(function, name, b, false);
        return new Probs(s, true, s.remaining());
    }

    static Probs of(String function, String name, DoubleBuffer b) {
        DoubleBuffer s = Checks.direct(function, name, b, false);
        return new Probs(s, false, s.remaining());
    }

    /** Rows for nClasses columns; the length must be n_tokens * n_classes. */
    long rows(String function, String name, long nClasses) {
        return Checks.rows(function, name, length, nClasses);
    }
}
