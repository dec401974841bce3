package org.tokqual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Eight threads calling at once on the same (shared, read-only) inputs get exactly what
 * one thread gets, and each thread's failures carry its own message.
 */
class ThreadsTest {
    record Result(double[] sentences, double[] tokens, List<Issue> issues, String text, String error) {}

    static Result run(Data d, int round) {
        Scores s = TokQual.labelQualityScores(d.offsets, d.labels, d.probs32, d.nClasses,
                ScoreOptions.builder().sentenceMethod(SentenceMethod.SOFTMIN).nThreads(1).build());
        List<Issue> issues = TokQual.findLabelIssues(d.offsets, d.labels, d.probs64, d.nClasses,
                FindOptions.builder().nThreads(1).build());
        String text = TokQual.colorSentence("round " + round + " of the test", "test");
        // A failure whose message names this thread's own bad index.
        int[] bad = d.labels.clone();
        bad[round % bad.length] = 99;
        String error;
        try {
            TokQual.labelQualityScores(d.offsets, bad, d.probs32, d.nClasses, ScoreOptions.defaults());
            error = "no error";
        } catch (TokQualException e) {
            error = e.libraryMessage();
        }
        return new Result(s.sentenceScores(), s.tokenScores(), issues, text, error);
    }

    @Test
    void eightThreadsEqualOne() throws Exception {
        Data d = new Data(42, 400, 20, 9);
        int rounds = 40;
        List<Result> reference = new ArrayList<>();
        for (int r = 0; r < rounds; r++) reference.add(run(d, r));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Result>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Callable<List<Result>> job = () -> {
                    start.await();
                    List<Result> out = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) out.add(run(d, r));
                    return out;
                };
                futures.add(pool.submit(job));
            }
            start.countDown();
            for (Future<List<Result>> f : futures) {
                List<Result> got = f.get();
                for (int r = 0; r < rounds; r++) {
                    Result e = reference.get(r);
                    Result g = got.get(r);
                    assertArrayEquals(e.sentences(), g.sentences());
                    assertArrayEquals(e.tokens(), g.tokens());
                    assertEquals(e.issues(), g.issues());
                    assertEquals(e.text(), g.text());
                    assertEquals(e.error(), g.error());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("tq_label_quality_scores_f32: labels[3] = 99 is outside [0, n_classes = 9)", reference.get(3).error());
    }
}
