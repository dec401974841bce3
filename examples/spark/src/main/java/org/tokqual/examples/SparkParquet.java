package org.tokqual.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.tokqual.InspectorOptions;
import org.tokqual.ScoreOptions;
import org.tokqual.SentenceMethod;
import org.tokqual.spark.TokQualSpark;

/**
 * Scores a Parquet file of predictions and finds its label issues on Spark (local mode
 * here; the same code runs under spark-submit on a cluster).
 *
 * <p>Usage: {@code SparkParquet INPUT.parquet OUTPUT_DIR N_CLASSES}, or {@code SparkParquet
 * demo} to generate 2,000 sentences with labels flipped at known places first (in a
 * temporary folder, removed at the end), and count how many of them are found. Input
 * columns: {@code id} (long), {@code labels} (array<int>), {@code pred_probs}
 * (array<float> of labels x N_CLASSES values, or array<array<float>>). Writes
 * OUTPUT_DIR/scores.parquet (id, sentence_score, token_scores) and
 * OUTPUT_DIR/issues.parquet (rank, id, token, given, predicted, score).
 */
public final class SparkParquet {
    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("tokqual-spark-example")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        java.util.Set<List<Long>> flipped = null;
        Path demoDir = null;
        try {
            String input;
            String outDir;
            int nClasses;
            if (args.length == 1 && args[0].equals("demo")) {
                demoDir = Files.createTempDirectory("tokqual-spark-example");
                input = demoDir.resolve("predictions.parquet").toString();
                outDir = demoDir.toString();
                nClasses = 5;
                flipped = new java.util.HashSet<>();
                writeDemo(spark, input, 2000, nClasses, flipped);
                System.out.println("demo: 2000 sentences, " + flipped.size() + " labels flipped, in " + input);
            } else if (args.length == 3) {
                input = args[0];
                outDir = args[1];
                nClasses = Integer.parseInt(args[2]);
            } else {
                System.err.println("usage: SparkParquet INPUT.parquet OUTPUT_DIR N_CLASSES | SparkParquet demo");
                System.exit(2);
                return;
            }
            TokQualSpark tq = TokQualSpark.builder().nClasses(nClasses).build();

            // Sentence scores (softmin of the tokens' self-confidence), one task per partition.
            String scores = outDir + "/scores.parquet";
            tq.labelQualityScoresParquet(spark, input, scores,
                    ScoreOptions.builder().sentenceMethod(SentenceMethod.SOFTMIN).nThreads(1).build());
            System.out.println("lowest sentence scores (" + scores + "):");
            spark.read().parquet(scores).orderBy("sentence_score", "id").limit(3).collectAsList()
                    .forEach(r -> System.out.printf("  sentence %d: %.4f%n", r.getLong(0), r.getDouble(1)));

            // Token-level confident learning: two distributed passes, states merged by treeAggregate.
            String issues = outDir + "/issues.parquet";
            TokQualSpark.LabelIssues found = tq.findLabelIssuesParquet(spark, input, issues,
                    InspectorOptions.builder().nThreads(1).build());
            System.out.println(found.numLabelIssues() + " label issues (" + issues + "), most severe first:");
            for (Row r : spark.read().parquet(issues).limit(5).collectAsList()) {
                System.out.printf("  #%d sentence %d token %d: given %d, predicted %d, score %.4f%n",
                        r.getLong(0), r.getLong(1), r.getInt(2), r.getInt(3), r.getInt(4), r.getDouble(5));
            }
            if (flipped != null) {
                long caught = 0;
                for (int i = 0; i < found.sentenceIds().length; i++) {
                    caught += flipped.contains(List.of(found.sentenceIds()[i], (long) found.tokens()[i])) ? 1 : 0;
                }
                System.out.println("flipped labels among the issues: " + caught + " of " + flipped.size()
                        + " (" + (found.sentenceIds().length - caught) + " issues elsewhere)");
            }
        } finally {
            spark.stop();
            if (demoDir != null) {
                try (var files = Files.walk(demoDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** A demo file: class 0 most frequent, confident predictions, about 5% of labels flipped. */
    private static void writeDemo(SparkSession spark, String path, int n, int k, java.util.Set<List<Long>> flipped) {
        Random r = new Random(1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(15);
            List<Integer> labels = new ArrayList<>();
            List<Float> probs = new ArrayList<>();
            for (int j = 0; j < len; j++) {
                int truth = r.nextDouble() < 0.7 ? 0 : 1 + r.nextInt(k - 1);
                double[] p = new double[k];
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    p[c] = 0.05 * r.nextDouble() + (c == truth ? 1 : 0);
                    sum += p[c];
                }
                for (int c = 0; c < k; c++) {
                    probs.add((float) (p[c] / sum));
                }
                int label = truth;
                if (r.nextDouble() < 0.05) {
                    label = (truth + 1 + r.nextInt(k - 1)) % k;
                    flipped.add(List.of((long) i, (long) j));
                }
                labels.add(label);
            }
            rows.add(RowFactory.create((long) i, labels, probs));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("labels", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add("pred_probs", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        df.repartition(3).write().parquet(path);
    }
}
