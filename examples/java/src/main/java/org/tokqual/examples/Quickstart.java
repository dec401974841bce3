package org.tokqual.examples;

import org.tokqual.FindOptions;
import org.tokqual.Issue;
import org.tokqual.ScoreOptions;
import org.tokqual.Scores;
import org.tokqual.SentenceMethod;
import org.tokqual.TokQual;
import org.tokqual.TokQualException;

/** The README's Java quick start. */
public final class Quickstart {
    public static void main(String[] args) {
        // Two sentences: tokens [0, 3) and [3, 5); two classes.
        long[] offsets = {0, 3, 5};
        int[] labels = {0, 0, 1, 0, 1};
        float[] predProbs = {0.9f, 0.1f, 0.7f, 0.3f, 0.05f, 0.95f,  // sentence 0
                             0.8f, 0.2f, 0.8f, 0.2f};               // sentence 1

        ScoreOptions options = ScoreOptions.builder()
                .sentenceMethod(SentenceMethod.SOFTMIN)             // temperature 0.05
                .build();
        Scores scores = TokQual.labelQualityScores(offsets, labels, predProbs, 2, options);
        for (int s : TokQual.issuesFromSentenceScores(scores.sentenceScores(), 0.5)) {
            System.out.printf("sentence %d: %.3f%n", s, scores.sentenceScores()[s]);
        }

        for (Issue issue : TokQual.findLabelIssues(offsets, labels, predProbs, 2, FindOptions.defaults())) {
            System.out.printf("token %d of sentence %d may be mislabeled%n", issue.token(), issue.sentence());
        }

        try {
            TokQual.labelQualityScores(offsets, new int[] {0, 0, 7, 0, 1}, predProbs, 2, options);
        } catch (TokQualException e) {
            System.out.println("as expected: " + e.status() + ": " + e.libraryMessage());
        }
    }
}
