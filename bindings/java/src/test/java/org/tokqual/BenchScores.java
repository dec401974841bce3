package org.tokqual;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Cost of the binding: tq_label_quality_scores_f32 on the same data (default: 1,000,000
 * tokens in sentences of 1-27 tokens, K = 9, float32, one thread), each path against C
 * on the same memory (where the data lives changes the kernel's speed by itself):
 *   - Java arrays through the binding (the critical-array path) against C on those arrays
 *     (a JNI hook pins them, then times the library call in C);
 *   - direct buffers through the binding against C on those buffers.
 * All four are interleaved round by round in one process; prints the minimum per path and
 * the ratios.
 *
 * <pre>java -cp maven/classes:maven/test-classes org.tokqual.BenchScores [tokens] [rounds]</pre>
 */
public final class BenchScores {
    private BenchScores() {}

    public static void main(String[] args) {
        int nTokens = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        // Wall time, and this thread's CPU time (which a busy machine's preemptions do not
        // inflate; the binding's own work is CPU work on the calling thread too).
        measure(nTokens, rounds, false);
        measure(nTokens, rounds, true);
        // The fixed cost of one call: a single 8-token sentence, many rounds.
        measure(8, rounds * 500, false);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long now(boolean cpu) {
        return cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static void measure(int nTokens, int rounds, boolean cpu) {
        int k = 9;
        Random r = new Random(1);
        long[] offsetsList = new long[nTokens + 2];
        int s = 0;
        for (long at = 0; at < nTokens; ) {
            at = Math.min(nTokens, at + 1 + r.nextInt(27));
            offsetsList[++s] = at;
        }
        long[] offsets = Arrays.copyOf(offsetsList, s + 1);
        int[] labels = new int[nTokens];
        float[] probs = new float[nTokens * k];
        for (int t = 0; t < nTokens; t++) {
            labels[t] = r.nextInt(k);
            float sum = 0;
            for (int c = 0; c < k; c++) sum += probs[t * k + c] = r.nextFloat() + (c == labels[t] ? 3 : 0);
            for (int c = 0; c < k; c++) probs[t * k + c] /= sum;
        }
        ByteOrder order = ByteOrder.nativeOrder();
        LongBuffer ob = ByteBuffer.allocateDirect(8 * offsets.length).order(order).asLongBuffer().put(offsets).flip();
        IntBuffer lb = ByteBuffer.allocateDirect(4 * nTokens).order(order).asIntBuffer().put(labels).flip();
        FloatBuffer pb = ByteBuffer.allocateDirect(4 * probs.length).order(order).asFloatBuffer().put(probs).flip();
        DoubleBuffer sb = ByteBuffer.allocateDirect(8 * s).order(order).asDoubleBuffer();
        DoubleBuffer tb = ByteBuffer.allocateDirect(8 * nTokens).order(order).asDoubleBuffer();
        double[] sa = new double[s];
        double[] ta = new double[nTokens];
        ScoreOptions options = ScoreOptions.builder().nThreads(1).build();

        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        for (int round = 0; round < rounds; round++) {
            // The four paths in a rotating order, so none always follows the same one.
            for (int step = 0; step < 4; step++) {
                int path = (round + step) % 4;
                long t0 = now(cpu);
                long c = 0;
                switch (path) {
                    case 0 -> c = NativeApiJNI.benchScoresC(offsets, s, labels, probs, nTokens, k, 1, sa, ta, cpu ? 1 : 0);
                    case 1 -> c = NativeApiJNI.benchScoresC(ob, s, lb, pb, nTokens, k, 1, sb, tb, cpu ? 1 : 0);
                    case 2 -> TokQual.labelQualityScoresInto(offsets, labels, probs, k, options, sa, ta);
                    default -> TokQual.labelQualityScores(ob, lb, pb, k, options, sb, tb);
                }
                long elapsed = path < 2 ? c : now(cpu) - t0;
                if (elapsed < 0) throw new AssertionError("C call failed with status " + -elapsed);
                best[path] = Math.min(best[path], elapsed);
            }
        }
        long bestCArrays = best[0];
        long bestCBuffers = best[1];
        long bestArrays = best[2];
        long bestBuffers = best[3];
        // The paths computed the same scores.
        double[] fromBuffers = new double[nTokens];
        tb.get(0, fromBuffers);
        if (!Arrays.equals(fromBuffers, ta)) throw new AssertionError("buffer and array results differ");
        System.out.printf("BenchScores: %d tokens, %d sentences, K = %d, float32, n_threads = 1, %d rounds (minimum), %s%n",
                nTokens, s, k, rounds, cpu ? "thread CPU time" : "wall time");
        System.out.printf("  arrays:  C %10.2f us, Java %10.2f us: Java / C = %.3f, Java - C = %.2f us%n",
                bestCArrays / 1e3, bestArrays / 1e3, (double) bestArrays / bestCArrays, (bestArrays - bestCArrays) / 1e3);
        System.out.printf("  buffers: C %10.2f us, Java %10.2f us: Java / C = %.3f, Java - C = %.2f us%n",
                bestCBuffers / 1e3, bestBuffers / 1e3, (double) bestBuffers / bestCBuffers, (bestBuffers - bestCBuffers) / 1e3);
    }
}
