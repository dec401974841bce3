package org.tokqual;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;

/**
 * A list of strings in the layout tokqual's text functions read: one UTF-8 buffer and
 * {@code size() + 1} byte offsets (string {@code i} is bytes {@code [offsets[i],
 * offsets[i+1])}). Built once, in one pass over the characters, and reusable across calls
 * (for example the tokens of a dataset, used by every report). Immutable.
 */
public final class TokenList extends AbstractList<String> {
    final byte[] bytes;
    final long[] offsets;
    private final int size;

    private TokenList(byte[] bytes, long[] offsets) {
        this.bytes = bytes;
        this.offsets = offsets;
        this.size = offsets.length - 1;
    }

    /**
     * Encodes {@code strings} as UTF-8. A string with an unpaired surrogate (not valid
     * Unicode, so not encodable) is refused with {@link Status#INVALID_VALUE}.
     */
    public static TokenList of(List<String> strings) {
        Checks.notNull(strings, "strings");
        if (strings instanceof TokenList t) {
            return t;
        }
        long[] offsets = new long[strings.size() + 1];
        byte[] out = new byte[Math.max(16, strings.size() * 8)];
        int n = 0;
        int i = 0;
        for (String s : strings) {
            if (s == null) {
                throw new TokQualException(Status.NULL_ARGUMENT, "TokenList.of: strings[" + i + "] is null");
            }
            if (out.length - n < 3L * s.length()) {
                long want = Math.max((long) out.length * 2, (long) n + 3L * s.length());
                if (want > Integer.MAX_VALUE - 8) {
                    throw new TokQualException(Status.INVALID_SIZE, "TokenList.of: the text exceeds 2 GiB");
                }
                out = java.util.Arrays.copyOf(out, (int) want);
            }
            for (int k = 0; k < s.length(); k++) {
                int c = s.charAt(k);
                if (c < 0x80) {
                    out[n++] = (byte) c;
                } else if (c < 0x800) {
                    out[n++] = (byte) (0xC0 | (c >> 6));
                    out[n++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate((char) c)) {
                    if (Character.isHighSurrogate((char) c) && k + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(k + 1))) {
                        int cp = Character.toCodePoint((char) c, s.charAt(++k));
                        out[n++] = (byte) (0xF0 | (cp >> 18));
                        out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        out[n++] = (byte) (0x80 | (cp & 0x3F));
                    } else {
                        throw new TokQualException(Status.INVALID_VALUE, "TokenList.of: strings[" + i
                                + "] has an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                                + " at char " + k + " (not encodable as UTF-8)");
                    }
                } else {
                    out[n++] = (byte) (0xE0 | (c >> 12));
                    out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    out[n++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            offsets[++i] = n;
        }
        return new TokenList(java.util.Arrays.copyOf(out, n), offsets);
    }

    /** One string, NUL-terminated, for the C arguments that take a C string. */
    static byte[] cString(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new TokQualException(Status.INVALID_VALUE, "marker " + s.replace("\0", "\\0")
                    + " contains a NUL character, which a C string cannot hold");
        }
        TokenList t = of(List.of(s));
        return java.util.Arrays.copyOf(t.bytes, t.bytes.length + 1);
    }

    /** One string's UTF-8 bytes. */
    static byte[] utf8(String s) {
        return of(List.of(s)).bytes;
    }

    @Override
    public String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int from = (int) offsets[index];
        return new String(bytes, from, (int) offsets[index + 1] - from, StandardCharsets.UTF_8);
    }

    @Override
    public int size() {
        return size;
    }

    /** The UTF-8 bytes of all strings (a copy). */
    public byte[] utf8Bytes() {
        return bytes.clone();
    }

    /** The {@code size() + 1} byte offsets (a copy). */
    public long[] byteOffsets() {
        return offsets.clone();
    }
}
