package org.tokqual;

import java.util.Random;

/** A deterministic random dataset for the API, thread and leak tests. */
final class Data {
    final long[] offsets;
    final int[] labels;
    final float[] probs32;
    final double[] probs64;
    final int nClasses;

    Data(long seed, int nSentences, int maxLength, int nClasses) {
        Random r = new Random(seed);
        this.nClasses = nClasses;
        offsets = new long[nSentences + 1];
        for (int i = 0; i < nSentences; i++) offsets[i + 1] = offsets[i] + 1 + r.nextInt(maxLength);
        int n = (int) offsets[nSentences];
        labels = new int[n];
        probs64 = new double[n * nClasses];
        for (int t = 0; t < n; t++) {
            labels[t] = r.nextInt(nClasses);
            double sum = 0;
            for (int k = 0; k < nClasses; k++) {
                double v = r.nextDouble() + (k == labels[t] && r.nextInt(10) > 0 ? 4 : 0);
                probs64[t * nClasses + k] = v;
                sum += v;
            }
            for (int k = 0; k < nClasses; k++) probs64[t * nClasses + k] /= sum;
        }
        probs32 = Json.floats(probs64);
    }
}
