package org.tokqual;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * 100,000 calls and 10,000 inspectors (half closed, half left to the Cleaner) do not
 * grow the process's resident memory: every native allocation the binding makes (options
 * structs, inspectors, exceptions' messages) is freed. The JVM heap is fixed in size
 * (surefire's argLine: -Xms = -Xmx, pre-touched) so that RSS moves only with native memory.
 */
class LeakTest {
    static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }

    static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    static void work(Data d, int calls, int inspectors) {
        ScoreOptions so = ScoreOptions.builder().nThreads(1).build();
        FindOptions fo = FindOptions.builder().nThreads(1).numToRemovePerClass(new long[] {0, 0, 0}).build();
        InspectorOptions io = InspectorOptions.builder().nThreads(1).build();
        int[] bad = d.labels.clone();
        bad[0] = 7;
        for (int i = 0; i < calls; i++) {
            switch (i % 4) {
                case 0 -> TokQual.labelQualityScores(d.offsets, d.labels, d.probs32, d.nClasses, so);
                case 1 -> TokQual.findLabelIssues(d.offsets, d.labels, d.probs64, d.nClasses, fo);
                case 2 -> TokQual.colorSentence("a small sentence", "small", "<", ">");
                default -> {
                    try {
                        TokQual.labelQualityScores(d.offsets, bad, d.probs32, d.nClasses, so);
                    } catch (TokQualException expected) {
                        // the failure path allocates too
                    }
                }
            }
        }
        for (int i = 0; i < inspectors; i++) {
            Inspector in = new Inspector(d.nClasses, io);
            in.updateThresholds(d.labels, d.probs32);
            in.finishThresholds();
            in.score(0, d.offsets, d.labels, d.probs32);
            in.findLabelIssues();
            if (i % 2 == 0) {
                in.close();
            }
        }
    }

    @Test
    void noGrowthOverManyCallsAndInspectors() throws Exception {
        Data d = new Data(5, 8, 6, 3);
        // Warm up: JIT, code cache, malloc arenas and the Cleaner thread grow once (about
        // 8 MiB on the first 10,000 inspectors here), then stay flat.
        work(d, 20_000, 10_000);
        settle();
        long before = rssKiB();
        work(d, 100_000, 10_000);
        settle();
        long after = rssKiB();
        System.out.println("LeakTest: RSS " + before + " KiB -> " + after + " KiB");
        // A leak of even 100 bytes per call or per inspector would add 10 MiB or more.
        assertTrue(after - before < 8 * 1024, "RSS grew from " + before + " KiB to " + after + " KiB");
    }
}
