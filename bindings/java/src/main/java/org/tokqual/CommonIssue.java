package org.tokqual;

/**
 * One row of cleanlab's common_label_issues: a word, the (given, predicted) swap
 * (both -1 when labels or probabilities were not given), and how many issues it has.
 * {@code firstToken} is the flat index of the first issue token with that word.
 */
public record CommonIssue(String word, int firstToken, int given, int predicted, long count) {}
