package org.tokqual.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokqual.Inspector;
import org.tokqual.InspectorOptions;
import org.tokqual.NumIssuesMethod;
import org.tokqual.ScoreOptions;
import org.tokqual.Scores;
import org.tokqual.SentenceMethod;
import org.tokqual.Status;
import org.tokqual.TokQual;
import org.tokqual.TokQualException;
import org.tokqual.TokenMethod;

/** tokqual-spark in local mode against the single-process C results on the same data. */
class SparkTest {
    static final int K = 5;
    static final int N = 3000;
    static SparkSession spark;
    static List<Rows.Flat> rows;        // in id order; ids 7 i + 3
    static Rows.Flattened flat;
    static Dataset<Row> frame;
    static TokQualSpark tq;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("tokqual-spark-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        rows = Rows.generate(N, K, 7, 42);
        flat = Rows.flatten(rows, K);
        frame = spark.createDataset(rows, Encoders.bean(Rows.Flat.class)).toDF().cache();
        tq = TokQualSpark.builder().nClasses(K).predProbsColumn("predProbs").batchTokens(1000).build();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** The layouts the tests run: 1, 3, 7 partitions, and rows in random order. */
    static Map<String, Dataset<Row>> layouts(Dataset<Row> df) {
        Map<String, Dataset<Row>> m = new java.util.LinkedHashMap<>();
        m.put("1 partition", df.coalesce(1));
        m.put("3 partitions", df.repartition(3));
        m.put("7 partitions", df.repartition(7));
        m.put("shuffled", df.orderBy(rand(7)).repartition(5));
        return m;
    }

    // ---- Scores -----------------------------------------------------------------------------

    static void assertScoresEqual(Scores expected, Dataset<Row> actual, String what) {
        List<Row> got = actual.collectAsList();
        assertEquals(N, got.size(), what);
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < N; i++) {
            index.put(flat.ids()[i], i);
        }
        for (Row r : got) {
            int i = index.get(r.getLong(0));
            assertEquals(expected.sentenceScores()[i], r.getDouble(1), 0.0, what + " sentence " + i);
            List<Double> tokens = r.getList(2);
            int from = (int) flat.offsets()[i];
            assertEquals(flat.offsets()[i + 1] - from, tokens.size(), what);
            for (int j = 0; j < tokens.size(); j++) {
                assertEquals(expected.tokenScores()[from + j], tokens.get(j), 0.0, what + " token " + i + "," + j);
            }
        }
    }

    @Test
    void scoresEqualTheCResultsForAnyPartitioning() {
        ScoreOptions o = ScoreOptions.defaults();
        Scores expected = TokQual.labelQualityScores(flat.offsets(), flat.labels(), flat.probs32(), K, o);
        for (Map.Entry<String, Dataset<Row>> e : layouts(frame).entrySet()) {
            Dataset<Row> out = tq.labelQualityScores(e.getValue(), o);
            assertEquals(List.of("id", "sentence_score", "token_scores"), List.of(out.columns()));
            assertScoresEqual(expected, out, e.getKey());
        }
    }

    @Test
    void everyScoreOptionReachesTheCCall() {
        Scores defaults = TokQual.labelQualityScores(flat.offsets(), flat.labels(), flat.probs32(), K, ScoreOptions.defaults());
        List<ScoreOptions> all = new ArrayList<>();
        for (TokenMethod t : TokenMethod.values()) {
            all.add(ScoreOptions.builder().tokenMethod(t).sentenceMethod(SentenceMethod.MIN).nThreads(1).build());
        }
        all.add(ScoreOptions.builder().sentenceMethod(SentenceMethod.SOFTMIN).temperature(0.5).nThreads(2).build());
        all.add(ScoreOptions.builder().sentenceMethod(SentenceMethod.SOFTMIN).temperature(Double.POSITIVE_INFINITY).build());
        for (ScoreOptions o : all) {
            Scores expected = TokQual.labelQualityScores(flat.offsets(), flat.labels(), flat.probs32(), K, o);
            assertScoresEqual(expected, tq.labelQualityScores(frame.repartition(3), o), o.tokenMethod() + " " + o.sentenceMethod());
            ScoreOptions d = ScoreOptions.defaults();
            if (o.tokenMethod() != d.tokenMethod() || o.sentenceMethod() != d.sentenceMethod()
                    || (o.sentenceMethod() == SentenceMethod.SOFTMIN && o.temperature() != d.temperature())) {
                assertFalse(java.util.Arrays.equals(defaults.sentenceScores(), expected.sentenceScores()),
                        "option changes the result: " + o.tokenMethod() + " " + o.sentenceMethod() + " " + o.temperature());
            }
        }
        // A bad option fails in the tasks with the library's own check.
        ScoreOptions bad = ScoreOptions.builder().temperature(-1).sentenceMethod(SentenceMethod.SOFTMIN).build();
        Exception e = assertThrows(Exception.class, () -> tq.labelQualityScores(frame, bad).count());
        TokQualException t = TokQualSpark.tokQualCause(e);
        assertTrue(t != null, "cause: " + e);
        assertEquals(Status.INVALID_OPTION, t.status());
        assertTrue(t.getMessage().contains("temperature"), t.getMessage());
    }

    @Test
    void nestedDoubleInputScoresAsTheF64Call() {
        List<Rows.Nested> nested = new ArrayList<>();
        for (Rows.Flat f : rows) {
            nested.add(Rows.nested(f, K));
        }
        Dataset<Row> df = spark.createDataset(nested, Encoders.bean(Rows.Nested.class)).toDF()
                .withColumn("labels", col("labels").cast("array<bigint>"));
        ScoreOptions o = ScoreOptions.builder().tokenMethod(TokenMethod.NORMALIZED_MARGIN).build();
        Scores expected = TokQual.labelQualityScores(flat.offsets(), flat.labels(), flat.probs64(), K, o);
        assertScoresEqual(expected, tq.labelQualityScores(df.repartition(3), o), "nested double");
    }

    // ---- Confident learning -------------------------------------------------------------------

    /** One inspector fed the whole data in id order: the single-process C result. */
    record Expected(long[] ids, long[] tokens, double[] thresholds, long numIssues, double[] scores) {}

    static Expected single(InspectorOptions o, boolean f64) {
        try (Inspector whole = new Inspector(K, o)) {
            if (f64) {
                whole.updateThresholds(flat.labels(), flat.probs64());
            } else {
                whole.updateThresholds(flat.labels(), flat.probs32());
            }
            whole.finishThresholds();
            double[] scores = f64 ? whole.score(0, flat.offsets(), flat.labels(), flat.probs64())
                    : whole.score(0, flat.offsets(), flat.labels(), flat.probs32());
            Inspector.IssueArrays found = whole.findLabelIssueArrays();
            long[] ids = new long[found.sentences().length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = flat.ids()[(int) found.sentences()[i]];
            }
            return new Expected(ids, found.tokens(), whole.thresholds(), whole.numLabelIssues(), scores);
        }
    }

    static void assertIssuesEqual(Expected e, TokQualSpark.LabelIssues got, String what) {
        assertTrue(e.ids().length > 20, "the data has issues");
        assertArrayEquals(e.ids(), got.sentenceIds(), what);
        long[] tokens = new long[got.tokens().length];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = got.tokens()[i];
        }
        assertArrayEquals(e.tokens(), tokens, what);
        assertArrayEquals(e.thresholds(), got.thresholds(), 0.0, what);
        assertEquals(e.numIssues(), got.numLabelIssues(), what);
        assertEquals(flat.labels().length, got.thresholdTokens(), what);
        assertEquals(flat.labels().length, got.scoredTokens(), what);
        List<Row> issues = got.issues().collectAsList();
        assertEquals(e.ids().length, issues.size(), what);
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < N; i++) {
            index.put(flat.ids()[i], i);
        }
        for (int r = 0; r < issues.size(); r++) {
            Row row = issues.get(r);
            assertEquals(r + 1, row.getLong(0), what);
            assertEquals(e.ids()[r], row.getLong(1), what);
            assertEquals(e.tokens()[r], row.getInt(2), what);
            int at = (int) flat.offsets()[index.get(e.ids()[r])] + row.getInt(2);
            assertEquals(flat.labels()[at], row.getInt(3), what);
            int best = 0;
            for (int c = 1; c < K; c++) {
                if (flat.probs32()[at * K + c] > flat.probs32()[at * K + best]) {
                    best = c;
                }
            }
            assertEquals(best, row.getInt(4), what);
            assertEquals(e.scores()[at], row.getDouble(5), 0.0, what);
        }
    }

    @Test
    void labelIssuesEqualOneInspectorForAnyPartitioning() {
        Expected e = single(InspectorOptions.defaults(), false);
        for (Map.Entry<String, Dataset<Row>> l : layouts(frame).entrySet()) {
            assertIssuesEqual(e, tq.findLabelIssues(l.getValue(), InspectorOptions.defaults()), l.getKey());
        }
        // Ties in score rank by sentence id then token: a copy of every sentence under a
        // higher id ties with the original, and ranks right after it.
        // (The C API on the same rows in id order gives the same order: checked above.)
    }

    @Test
    void everyInspectorOptionReachesTheCCall() {
        Expected defaults = single(InspectorOptions.defaults(), false);
        List<InspectorOptions> all = List.of(
                InspectorOptions.builder().rankBy(TokenMethod.NORMALIZED_MARGIN).nThreads(1).build(),
                InspectorOptions.builder().rankBy(TokenMethod.CONFIDENCE_WEIGHTED_ENTROPY).nThreads(2).build(),
                InspectorOptions.builder().adjustPredProbs(true).build(),
                InspectorOptions.builder().numIssuesMethod(NumIssuesMethod.OFF_DIAGONAL_CALIBRATED).build());
        for (InspectorOptions o : all) {
            Expected e = single(o, false);
            assertFalse(java.util.Arrays.equals(defaults.scores(), e.scores()) && defaults.numIssues() == e.numIssues(),
                    "option changes the result: " + o.rankBy() + " " + o.adjustPredProbs() + " " + o.numIssuesMethod());
            assertIssuesEqual(e, tq.findLabelIssues(frame.repartition(3), o), o.rankBy() + " " + o.adjustPredProbs()
                    + " " + o.numIssuesMethod());
        }
        TokQualException t = assertThrows(TokQualException.class, () -> tq.findLabelIssues(frame,
                InspectorOptions.builder().rankBy(TokenMethod.CONFIDENCE_WEIGHTED_ENTROPY).adjustPredProbs(true).build()));
        assertEquals(Status.INVALID_OPTION, t.status());
    }

    @Test
    void tiesRankBySentenceIdThenToken() {
        // Every sentence twice: the copy (id + 1, ids are 7 i + 3 so no clash) ties with the original.
        List<Rows.Flat> doubled = new ArrayList<>();
        for (Rows.Flat f : rows.subList(0, 500)) {
            doubled.add(f);
            doubled.add(new Rows.Flat(f.getId() + 1, f.getLabels(), f.getPredProbs()));
        }
        Dataset<Row> df = spark.createDataset(doubled, Encoders.bean(Rows.Flat.class)).toDF();
        TokQualSpark.LabelIssues got = tq.findLabelIssues(df.orderBy(rand(3)).repartition(4), InspectorOptions.defaults());
        long[] ids = got.sentenceIds();
        int[] tokens = got.tokens();
        assertTrue(ids.length > 10);
        for (int r = 0; r + 1 < ids.length; r += 2) {
            assertEquals(ids[r] + 1, ids[r + 1], "a sentence's copy ranks right after it");
            assertEquals(tokens[r], tokens[r + 1]);
        }
        // and the whole order is one inspector's on the rows in id order
        Rows.Flattened d = Rows.flatten(doubled, K);
        try (Inspector whole = new Inspector(K, InspectorOptions.defaults())) {
            whole.updateThresholds(d.labels(), d.probs32());
            whole.finishThresholds();
            whole.score(0, d.offsets(), d.labels(), d.probs32());
            Inspector.IssueArrays c = whole.findLabelIssueArrays();
            long[] expectedIds = new long[c.sentences().length];
            for (int r = 0; r < expectedIds.length; r++) {
                expectedIds[r] = d.ids()[(int) c.sentences()[r]];
                assertEquals(c.tokens()[r], tokens[r]);
            }
            assertArrayEquals(expectedIds, ids);
        }
    }

    // ---- Bad rows, Parquet in and out -------------------------------------------------------

    static String writeInput(Path dir, List<Rows.Flat> data) {
        String in = dir.resolve("in.parquet").toString();
        spark.createDataset(data, Encoders.bean(Rows.Flat.class)).toDF().repartition(3).write().parquet(in);
        return in;
    }

    @Test
    void parquetInParquetOut(@TempDir Path dir) {
        String in = writeInput(dir, rows);
        String out = dir.resolve("issues.parquet").toString();
        TokQualSpark.LabelIssues got = tq.findLabelIssuesParquet(spark, in, out, InspectorOptions.defaults());
        assertIssuesEqual(single(InspectorOptions.defaults(), false), got, "parquet");
        List<Row> back = spark.read().parquet(out).collectAsList();
        List<Row> expected = got.issues().collectAsList();
        assertEquals(expected, back);
        String scores = dir.resolve("scores.parquet").toString();
        tq.labelQualityScoresParquet(spark, in, scores, ScoreOptions.defaults());
        assertScoresEqual(TokQual.labelQualityScores(flat.offsets(), flat.labels(), flat.probs32(), K, ScoreOptions.defaults()),
                spark.read().parquet(scores), "parquet scores");
        assertThrows(IllegalArgumentException.class, () -> tq.labelQualityScoresParquet(spark, in, scores, ScoreOptions.defaults()));
    }

    /** A copy of the rows with row {@code i} replaced. */
    static List<Rows.Flat> with(int i, Rows.Flat bad) {
        List<Rows.Flat> copy = new ArrayList<>(rows);
        copy.set(i, bad);
        return copy;
    }

    static void assertFailsCleanly(Path dir, List<Rows.Flat> data, Status status, String... parts) {
        String in = writeInput(dir, data);
        String issues = dir.resolve("issues.parquet").toString();
        String scores = dir.resolve("scores.parquet").toString();
        TokQualException a = assertThrows(TokQualException.class,
                () -> tq.findLabelIssuesParquet(spark, in, issues, InspectorOptions.defaults()));
        TokQualException b = assertThrows(TokQualException.class,
                () -> tq.labelQualityScoresParquet(spark, in, scores, ScoreOptions.defaults()));
        for (TokQualException t : List.of(a, b)) {
            assertEquals(status, t.status(), t.getMessage());
            for (String p : parts) {
                assertTrue(t.getMessage().contains(p), "'" + p + "' in: " + t.getMessage());
            }
        }
        assertFalse(new File(issues).exists(), "nothing written");
        assertFalse(new File(scores).exists(), "nothing written");
        try (var left = Files.list(dir)) {
            assertEquals(List.of("in.parquet"), left.map(p -> p.getFileName().toString()).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void labelOutOfRangeFailsTheJob(@TempDir Path dir) {
        Rows.Flat f = rows.get(1234);
        int[] labels = f.getLabels().clone();
        labels[labels.length - 1] = K + 2;
        assertFailsCleanly(dir, with(1234, new Rows.Flat(f.getId(), labels, f.getPredProbs())), Status.INVALID_LABEL,
                "sentence id " + f.getId() + " (column 'id')", "labels[" + (labels.length - 1) + "] = " + (K + 2));
    }

    @Test
    void nonFiniteProbabilityFailsTheJob(@TempDir Path dir) {
        Rows.Flat f = rows.get(77);
        float[] p = f.getPredProbs().clone();
        p[K + 1] = Float.NaN;
        assertFailsCleanly(dir, with(77, new Rows.Flat(f.getId(), f.getLabels(), p)), Status.INVALID_PROBABILITY,
                "sentence id " + f.getId(), "pred_probs[1][1] is NaN");
    }

    @Test
    void raggedProbabilitiesFailTheJob(@TempDir Path dir) {
        Rows.Flat f = rows.get(2999);
        float[] p = java.util.Arrays.copyOf(f.getPredProbs(), f.getPredProbs().length - 1);
        assertFailsCleanly(dir, with(2999, new Rows.Flat(f.getId(), f.getLabels(), p)), Status.INVALID_SIZE,
                "sentence id " + f.getId(), "x n_classes (" + K + ")");
    }

    @Test
    void nullLabelsFailTheJob(@TempDir Path dir) {
        Rows.Flat f = rows.get(5);
        assertFailsCleanly(dir, with(5, new Rows.Flat(f.getId(), null, f.getPredProbs())), Status.NULL_ARGUMENT,
                "sentence id " + f.getId(), "'labels' is null");
    }

    @Test
    void nestedRowOfWrongWidthFailsTheJob() {
        List<Rows.Nested> nested = new ArrayList<>();
        for (Rows.Flat f : rows) {
            nested.add(Rows.nested(f, K));
        }
        Rows.Nested bad = nested.get(10);
        bad.getPredProbs()[0] = new double[] {0.5, 0.5};
        Dataset<Row> df = spark.createDataset(nested, Encoders.bean(Rows.Nested.class)).toDF();
        TokQualException t = assertThrows(TokQualException.class, () -> tq.findLabelIssues(df, InspectorOptions.defaults()));
        assertEquals(Status.INVALID_SIZE, t.status());
        assertTrue(t.getMessage().contains("sentence id " + bad.getId() + " (column 'id'): 'predProbs'[0] has 2 values; expected n_classes = 5"),
                t.getMessage());
        // K given wrong for every row
        TokQualSpark wrongK = TokQualSpark.builder().nClasses(4).predProbsColumn("predProbs").build();
        assertEquals(Status.INVALID_SIZE, assertThrows(TokQualException.class,
                () -> wrongK.findLabelIssues(frame, InspectorOptions.defaults())).status());
    }

    @Test
    void repeatedIdsFailTheJob() {
        long id = rows.get(2000).getId();
        List<Rows.Flat> dup = with(9, new Rows.Flat(id, rows.get(9).getLabels(), rows.get(9).getPredProbs()));
        Dataset<Row> df = spark.createDataset(dup, Encoders.bean(Rows.Flat.class)).toDF();
        for (Dataset<Row> layout : List.of(df.coalesce(1), df.repartition(3))) {
            TokQualException t = assertThrows(TokQualException.class, () -> tq.findLabelIssues(layout, InspectorOptions.defaults()));
            assertEquals(Status.INVALID_VALUE, t.status(), t.getMessage());
            assertTrue(t.getMessage().contains("sentence id " + id + " (column 'id') appears in more than one row"), t.getMessage());
        }
    }

    @Test
    void anyIdsRankInIdOrder() {
        // Negative and sparse ids, in reverse: the ranking is the C API's on the rows in id order.
        List<Rows.Flat> renumbered = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Rows.Flat f = rows.get(i);
            renumbered.add(new Rows.Flat(-1_000_000_000_000L + (long) i * i, f.getLabels(), f.getPredProbs()));
        }
        java.util.Collections.reverse(renumbered);
        Dataset<Row> df = spark.createDataset(renumbered, Encoders.bean(Rows.Flat.class)).toDF().repartition(3);
        Expected e = single(InspectorOptions.defaults(), false);
        TokQualSpark.LabelIssues got = tq.findLabelIssues(df, InspectorOptions.defaults());
        long[] expectedIds = new long[e.ids().length];
        for (int r = 0; r < expectedIds.length; r++) {
            long i = (e.ids()[r] - 3) / 7;   // the row's index in id order
            expectedIds[r] = -1_000_000_000_000L + i * i;
        }
        assertArrayEquals(expectedIds, got.sentenceIds());
        assertArrayEquals(e.thresholds(), got.thresholds(), 0.0);
    }

    @Test
    void emptyDataIsRefusedAsTheInspectorRefusesIt() {
        for (Dataset<Row> empty : List.of(frame.limit(0), frame.limit(0).repartition(3))) {
            TokQualException t = assertThrows(TokQualException.class, () -> tq.findLabelIssues(empty, InspectorOptions.defaults()));
            assertEquals(Status.INVALID_STATE, t.status(), t.getMessage());
            assertEquals(0, tq.labelQualityScores(empty, ScoreOptions.defaults()).count());
        }
    }

    @Test
    void badColumnsAreRefusedBeforeAnyJob() {
        assertThrows(IllegalArgumentException.class, () -> TokQualSpark.builder().nClasses(K).build()
                .labelQualityScores(frame, ScoreOptions.defaults()));   // no column pred_probs
        Dataset<Row> strings = frame.withColumn("id", col("id").cast("string"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tq.findLabelIssues(strings, InspectorOptions.defaults()));
        assertTrue(e.getMessage().contains("column 'id' (the sentence id) is string"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokQualSpark.builder().nClasses(0).build());
    }
}
