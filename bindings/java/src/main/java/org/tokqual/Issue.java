package org.tokqual;

/**
 * One token-level label issue: token {@code token()} (counted within its sentence) of
 * sentence {@code sentence()}, as cleanlab's {@code (i, j)} tuples. Its flat index is
 * {@code offsets[sentence] + token}.
 */
public record Issue(int sentence, int token) implements Comparable<Issue> {
    /** Position order: by sentence, then token. */
    @Override
    public int compareTo(Issue other) {
        int c = Integer.compare(sentence, other.sentence);
        return c != 0 ? c : Integer.compare(token, other.token);
    }
}
