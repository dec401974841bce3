package org.tokqual.spark;

import java.io.Serializable;

/** One output row of {@link TokQualSpark#labelQualityScores}: a Java bean for Spark's bean encoder. */
public final class ScoredSentence implements Serializable {
    private static final long serialVersionUID = 1L;

    private long id;
    private double sentenceScore;
    private double[] tokenScores;

    public ScoredSentence() {}

    ScoredSentence(long id, double sentenceScore, double[] tokenScores) {
        this.id = id;
        this.sentenceScore = sentenceScore;
        this.tokenScores = tokenScores;
    }

    public long getId() { return id; }
    public void setId(long id) { this.id = id; }
    public double getSentenceScore() { return sentenceScore; }
    public void setSentenceScore(double s) { sentenceScore = s; }
    public double[] getTokenScores() { return tokenScores; }
    public void setTokenScores(double[] s) { tokenScores = s; }
}
