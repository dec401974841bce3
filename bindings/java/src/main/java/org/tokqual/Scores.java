package org.tokqual;

/**
 * Label-quality scores: one per sentence and one per token (in [0, 1]; lower means the
 * label is less likely correct). The arrays are the caller's to keep.
 */
public record Scores(double[] sentenceScores, double[] tokenScores) {}
