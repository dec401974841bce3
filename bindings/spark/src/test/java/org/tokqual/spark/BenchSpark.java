package org.tokqual.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.tokqual.InspectorOptions;
import org.tokqual.ScoreOptions;

/**
 * tokqual-spark against a bare scan of the same columns, side by side in one local run:
 * a Parquet file of generated predictions (sentences of 1-27 tokens, K = 9, float32) is
 * read, round after round, by
 *   - scan, InternalRow: the three columns through the path tokqual-spark reads them
 *     ({@code queryExecution().toRdd()}, each array copied out in one block), summing
 *     every label and probability: Spark's I/O and decoding and nothing else;
 *   - scan, bean encoder: the same sum over a bean with int[] / float[] fields;
 *   - scan, Row: the same sum through {@code Row.getList} (boxes every element);
 *   - scores: labelQualityScores, summing the sentence scores;
 *   - pass 1, pass 2: the jobs of findLabelIssues (its third job is reported apart).
 * Prints the minimum per path over the rounds (after a warm-up round; with 0 rounds, the
 * warm-up round itself) and each one's ratio to the InternalRow scan.
 *
 * <p>The file holds the sentences in id order, as an inference job writes them; with
 * {@code shuffled} as fourth argument it holds them in random order (pass 2 then makes
 * about one native call per sentence; results are the same).
 *
 * <pre>java -Xmx2g -cp CLASSPATH org.tokqual.spark.BenchSpark [sentences] [rounds] [master] [shuffled]</pre>
 */
public final class BenchSpark {
    private BenchSpark() {}

    static final int K = 9;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String master = args.length > 2 ? args[2] : "local[2]";
        boolean shuffled = args.length > 3 && args[3].equals("shuffled");
        SparkSession spark = SparkSession.builder().master(master).appName("tokqual-spark-bench")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
        Path dir = Files.createTempDirectory("tokqual-spark-bench");
        try {
            String path = dir.resolve("preds.parquet").toString();
            int parts = spark.sparkContext().defaultParallelism();
            Dataset<Rows.Flat> generated = spark.range(0, n, 1, parts).mapPartitions((MapPartitionsFunction<Long, Rows.Flat>) ids -> {
                List<Rows.Flat> out = new ArrayList<>();
                while (ids.hasNext()) {
                    out.add(sentence(ids.next()));
                }
                return out.iterator();
            }, Encoders.bean(Rows.Flat.class));
            (shuffled ? generated.orderBy(org.apache.spark.sql.functions.rand(1)).coalesce(parts) : generated)
                    .write().parquet(path);
            Dataset<Row> df = spark.read().parquet(path);
            long tokens = df.select(sum(org.apache.spark.sql.functions.size(col("labels")))).first().getLong(0);
            TokQualSpark tq = TokQualSpark.builder().nClasses(K).predProbsColumn("predProbs").build();
            ScoreOptions so = ScoreOptions.builder().nThreads(1).build();
            InspectorOptions io = InspectorOptions.builder().nThreads(1).build();
            String[] names = {"scan, InternalRow", "scan, bean encoder", "scan, Row.getList", "scores",
                "pass 1", "pass 2", "issues' tokens (3rd job)"};
            long[] best = new long[names.length];
            java.util.Arrays.fill(best, Long.MAX_VALUE);
            double[] check = {0};
            // Each path as one step; a round runs them all, starting one further each
            // round, so that no path always follows the same one.
            List<java.util.function.Function<long[], Void>> steps = List.of(
                t -> {
                    long t0 = System.nanoTime();
                    check[0] += scanInternalRows(df);
                    t[0] = System.nanoTime() - t0;
                    return null;
                },
                t -> {
                    long t0 = System.nanoTime();
                    check[0] += df.as(Encoders.bean(Rows.Flat.class)).mapPartitions((MapPartitionsFunction<Rows.Flat, Double>) it -> {
                        double s = 0;
                        while (it.hasNext()) {
                            Rows.Flat f = it.next();
                            for (int l : f.getLabels()) s += l;
                            for (float p : f.getPredProbs()) s += p;
                        }
                        return Collections.singletonList(s).iterator();
                    }, Encoders.DOUBLE()).reduce((org.apache.spark.api.java.function.ReduceFunction<Double>) Double::sum);
                    t[1] = System.nanoTime() - t0;
                    return null;
                },
                t -> {
                    long t0 = System.nanoTime();
                    check[0] += df.select("id", "labels", "predProbs").javaRDD().map(row -> {
                        double s = 0;
                        for (Object l : row.getList(1)) s += (Integer) l;
                        for (Object p : row.getList(2)) s += (Float) p;
                        return s;
                    }).reduce(Double::sum);
                    t[2] = System.nanoTime() - t0;
                    return null;
                },
                t -> {
                    long t0 = System.nanoTime();
                    check[0] += tq.labelQualityScores(df, so).agg(sum("sentence_score")).first().getDouble(0);
                    t[3] = System.nanoTime() - t0;
                    return null;
                },
                t -> {
                    TokQualSpark.LabelIssues found = tq.findLabelIssues(df, io);
                    long[] jobs = found.jobNanos();
                    t[4] = jobs[0];
                    t[5] = jobs[1];
                    t[6] = jobs[2];
                    check[0] += found.numLabelIssues();
                    return null;
                });
            for (int r = 0; r <= rounds; r++) { // round 0 warms up
                long[] t = new long[names.length];
                for (int i = 0; i < steps.size(); i++) {
                    steps.get((i + r) % steps.size()).apply(t);
                }
                if (r > 0 || rounds == 0) {
                    for (int i = 0; i < t.length; i++) {
                        best[i] = Math.min(best[i], t[i]);
                    }
                }
            }
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf("BenchSpark: Spark %s, %s, %d sentences, %d tokens, K = %d, float32, %d partitions, "
                    + "%d rounds (minimum shown; 0: the warm-up round), rows %s, batchTokens %d, n_threads 1 per task; checksum %.6g%n",
                    spark.version(), master, n, tokens, K, df.rdd().getNumPartitions(), rounds,
                    shuffled ? "shuffled" : "in id order", tq.batchTokens(), check[0]);
            for (int i = 0; i < names.length; i++) {
                double s = best[i] / 1e9;
                System.out.printf("  %-26s %8.3f s  %6.2f M tokens/s (%5.2f M per core)  / scan = %.2f%n", names[i], s,
                        tokens / s / 1e6, tokens / s / 1e6 / Math.min(cores, parts), best[i] / (double) best[0]);
            }
        } finally {
            spark.stop();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Sentence {@code id}: 1-27 tokens, peaked probabilities, about 5% of labels flipped. */
    static Rows.Flat sentence(long id) {
        Random r = new Random(id * 0x9E3779B97F4A7C15L + 1);
        int len = 1 + r.nextInt(27);
        int[] labels = new int[len];
        float[] p = new float[len * K];
        for (int j = 0; j < len; j++) {
            int truth = r.nextDouble() < 0.8 ? 0 : r.nextInt(K);
            float s = 0;
            for (int c = 0; c < K; c++) {
                s += p[j * K + c] = r.nextFloat() * 0.2f + (c == truth ? 2 : 0);
            }
            for (int c = 0; c < K; c++) {
                p[j * K + c] /= s;
            }
            labels[j] = r.nextDouble() < 0.05 ? r.nextInt(K) : truth;
        }
        return new Rows.Flat(id, labels, p);
    }

    /** The sum of every label and probability, read as tokqual-spark reads them. */
    static double scanInternalRows(Dataset<Row> df) {
        return df.select("id", "labels", "predProbs").queryExecution().toRdd().toJavaRDD()
                .mapPartitions((Iterator<InternalRow> rows) -> {
                    double s = 0;
                    while (rows.hasNext()) {
                        InternalRow row = rows.next();
                        s += row.getLong(0);
                        ArrayData l = row.getArray(1);
                        for (int v : l.toIntArray()) s += v;
                        ArrayData p = row.getArray(2);
                        for (float v : p.toFloatArray()) s += v;
                    }
                    return Collections.singletonList(s).iterator();
                }).reduce(Double::sum);
    }
}
