package org.tokqual;

import java.nio.charset.StandardCharsets;

/** Text results, snprintf-style: a first guess of the size, then the exact size if needed. */
final class Text {
    private Text() {}

    /** A native text call writing into (out, capacity) and the needed size into size[0]. */
    interface Call {
        void run(byte[] out, long capacity, long[] size);
    }

    static String call(long guess, Call call) {
        long[] size = new long[1];
        byte[] out = new byte[(int) Math.min(Math.max(guess, 16), 1 << 20)];
        try {
            call.run(out, out.length, size);
        } catch (TokQualException e) {
            if (e.status() != Status.BUFFER_TOO_SMALL) {
                throw e;
            }
            if (size[0] > Integer.MAX_VALUE - 9) {
                throw new TokQualException(Status.INVALID_SIZE, "the text result (" + size[0]
                        + " bytes) does not fit in a Java array");
            }
            out = new byte[(int) size[0] + 1];
            call.run(out, out.length, size);
        }
        return new String(out, 0, (int) size[0], StandardCharsets.UTF_8);
    }
}
