package org.tokqual.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generated test data: beans for Spark's bean encoder, and the same data flat for the C calls. */
final class Rows {
    private Rows() {}

    /** A row with flat float probabilities. */
    public static final class Flat implements Serializable {
        private long id;
        private int[] labels;
        private float[] predProbs;

        public Flat() {}

        Flat(long id, int[] labels, float[] predProbs) {
            this.id = id;
            this.labels = labels;
            this.predProbs = predProbs;
        }

        public long getId() { return id; }
        public void setId(long v) { id = v; }
        public int[] getLabels() { return labels; }
        public void setLabels(int[] v) { labels = v; }
        public float[] getPredProbs() { return predProbs; }
        public void setPredProbs(float[] v) { predProbs = v; }
    }

    /** A row with one double array per token. */
    public static final class Nested implements Serializable {
        private long id;
        private int[] labels;
        private double[][] predProbs;

        public Nested() {}

        Nested(long id, int[] labels, double[][] predProbs) {
            this.id = id;
            this.labels = labels;
            this.predProbs = predProbs;
        }

        public long getId() { return id; }
        public void setId(long v) { id = v; }
        public int[] getLabels() { return labels; }
        public void setLabels(int[] v) { labels = v; }
        public double[][] getPredProbs() { return predProbs; }
        public void setPredProbs(double[][] v) { predProbs = v; }
    }

    /** n sentences in id order (ids idStep * i + 3), K classes, 1 to 20 tokens, about 8% of labels flipped. */
    static List<Flat> generate(int n, int k, int idStep, long seed) {
        Random r = new Random(seed);
        List<Flat> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = 1 + r.nextInt(20);
            int[] labels = new int[len];
            float[] probs = new float[len * k];
            for (int j = 0; j < len; j++) {
                int truth = r.nextDouble() < 0.6 ? 0 : r.nextInt(k);
                double sum = 0;
                double[] row = new double[k];
                for (int c = 0; c < k; c++) {
                    row[c] = r.nextDouble() * 0.3 + (c == truth ? 1.5 * r.nextDouble() : 0);
                    sum += row[c];
                }
                for (int c = 0; c < k; c++) {
                    probs[j * k + c] = (float) (row[c] / sum);
                }
                labels[j] = r.nextDouble() < 0.08 ? r.nextInt(k) : truth;
            }
            out.add(new Flat((long) idStep * i + 3, labels, probs));
        }
        return out;
    }

    static Nested nested(Flat f, int k) {
        double[][] p = new double[f.labels.length][k];
        for (int j = 0; j < f.labels.length; j++) {
            for (int c = 0; c < k; c++) {
                p[j][c] = f.predProbs[j * k + c];
            }
        }
        return new Nested(f.id, f.labels.clone(), p);
    }

    /** The rows (in id order) as the C API takes them. */
    record Flattened(long[] offsets, int[] labels, float[] probs32, double[] probs64, long[] ids) {}

    static Flattened flatten(List<Flat> rows, int k) {
        long[] offsets = new long[rows.size() + 1];
        long[] ids = new long[rows.size()];
        int total = 0;
        for (int i = 0; i < rows.size(); i++) {
            total += rows.get(i).labels.length;
            offsets[i + 1] = total;
            ids[i] = rows.get(i).id;
        }
        int[] labels = new int[total];
        float[] p32 = new float[total * k];
        double[] p64 = new double[total * k];
        for (int i = 0; i < rows.size(); i++) {
            Flat f = rows.get(i);
            System.arraycopy(f.labels, 0, labels, (int) offsets[i], f.labels.length);
            System.arraycopy(f.predProbs, 0, p32, (int) offsets[i] * k, f.predProbs.length);
            for (int x = 0; x < f.predProbs.length; x++) {
                p64[(int) offsets[i] * k + x] = f.predProbs[x];
            }
        }
        return new Flattened(offsets, labels, p32, p64, ids);
    }
}
