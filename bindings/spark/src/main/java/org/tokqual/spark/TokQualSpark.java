package org.tokqual.spark;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.tokqual.Inspector;
import org.tokqual.InspectorOptions;
import org.tokqual.ScoreOptions;
import org.tokqual.TokQual;
import org.tokqual.TokQualException;

/**
 * tokqual on Apache Spark: label-quality scores and token-level confident learning over a
 * DataFrame with one row per sentence.
 *
 * <p>Input columns (names configurable): a sentence id (any integer type, unique), {@code labels: array<int>} (or byte, short, bigint), and {@code pred_probs}:
 * either {@code array<float|double>} flattened row-major ({@code labels.length x
 * nClasses} values) or {@code array<array<float|double>>} (one row of {@code nClasses}
 * per label). Float input goes to the C library's {@code _f32} calls, double to {@code _f64}.
 *
 * <pre>{@code
 * TokQualSpark tq = TokQualSpark.builder().nClasses(9).build();   // columns id, labels, pred_probs
 * Dataset<Row> scores = tq.labelQualityScores(df, ScoreOptions.defaults());
 * TokQualSpark.LabelIssues found = tq.findLabelIssues(df, InspectorOptions.defaults());
 * found.issues().show();   // rank, id, token, given, predicted, score
 * }</pre>
 *
 * <p>Every partition is read in batches of whole sentences ({@link Builder#batchTokens},
 * default 65536 tokens) copied from Spark's arrays in blocks and handed to the flat C call
 * in one JNI call per batch. The native library is the Java binding's: loaded once per
 * executor JVM from its JAR (or {@code -Dtokqual.library.path}).
 *
 * <p>Bad rows (nulls, ragged or non-finite {@code pred_probs}, labels out of range, rows
 * not {@code nClasses} wide, repeated ids) fail the job with the {@link TokQualException}
 * of the failing call, its message prefixed with the row's sentence id. The methods that
 * run jobs here ({@link #findLabelIssues}, the Parquet entry points) rethrow it as it is;
 * {@link #labelQualityScores} is lazy, so its failures come from the user's action,
 * wrapped in Spark's exception ({@link #tokQualCause} finds it).
 */
public final class TokQualSpark implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String idColumn;
    private final String labelsColumn;
    private final String predProbsColumn;
    private final int nClasses;
    private final int batchTokens;
    private final int treeDepth;

    private TokQualSpark(Builder b) {
        idColumn = b.idColumn;
        labelsColumn = b.labelsColumn;
        predProbsColumn = b.predProbsColumn;
        nClasses = b.nClasses;
        batchTokens = b.batchTokens;
        treeDepth = b.treeDepth;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String idColumn() { return idColumn; }
    public String labelsColumn() { return labelsColumn; }
    public String predProbsColumn() { return predProbsColumn; }
    public int nClasses() { return nClasses; }
    public int batchTokens() { return batchTokens; }

    /** Builder of {@link TokQualSpark}; {@link #nClasses} is required. */
    public static final class Builder {
        private String idColumn = "id";
        private String labelsColumn = "labels";
        private String predProbsColumn = "pred_probs";
        private int nClasses = 0;
        private int batchTokens = 65536;
        private int treeDepth = 2;

        private Builder() {}

        /** The sentence id column (default {@code id}): ranks and issues refer to sentences by it. */
        public Builder idColumn(String c) { idColumn = name(c, "idColumn"); return this; }
        /** The labels column (default {@code labels}). */
        public Builder labelsColumn(String c) { labelsColumn = name(c, "labelsColumn"); return this; }
        /** The probabilities column (default {@code pred_probs}). */
        public Builder predProbsColumn(String c) { predProbsColumn = name(c, "predProbsColumn"); return this; }
        /** The number of classes K (1 to 46340). */
        public Builder nClasses(int k) { nClasses = k; return this; }
        /** Tokens per native call (a batch is closed at the first sentence reaching it); default 65536. */
        public Builder batchTokens(int n) { batchTokens = n; return this; }
        /** Depth of the {@code treeAggregate} merging the inspectors' states (default 2). */
        public Builder treeDepth(int d) { treeDepth = d; return this; }

        public TokQualSpark build() {
            if (nClasses < 1 || nClasses > 46340) {
                throw new IllegalArgumentException("TokQualSpark: nClasses = " + nClasses + "; expected 1 to 46340");
            }
            if (batchTokens < 1) {
                throw new IllegalArgumentException("TokQualSpark: batchTokens = " + batchTokens + "; expected >= 1");
            }
            if (treeDepth < 1) {
                throw new IllegalArgumentException("TokQualSpark: treeDepth = " + treeDepth + "; expected >= 1");
            }
            return new TokQualSpark(this);
        }

        private static String name(String c, String what) {
            if (c == null || c.isEmpty()) {
                throw new IllegalArgumentException("TokQualSpark: " + what + " is empty");
            }
            return c;
        }
    }

    // ---- Input ----------------------------------------------------------------------

    /** The three columns, cast where it is lossless, and the reader of their rows. */
    private record Input(JavaRDD<InternalRow> rows, RowReader reader) {}

    private Input input(Dataset<Row> data) {
        if (data == null) {
            throw new IllegalArgumentException("TokQualSpark: data is null");
        }
        StructType schema = data.schema();
        DataType idType = field(schema, idColumn, "the sentence id").dataType();
        if (!(idType.equals(DataTypes.LongType) || idType.equals(DataTypes.IntegerType)
                || idType.equals(DataTypes.ShortType) || idType.equals(DataTypes.ByteType))) {
            throw new IllegalArgumentException("TokQualSpark: column '" + idColumn + "' (the sentence id) is "
                    + idType.simpleString() + "; expected an integer type");
        }
        DataType labelsType = field(schema, labelsColumn, "the labels").dataType();
        boolean labelsLong;
        boolean labelsNullable;
        Column labels = col(labelsColumn);
        if (labelsType instanceof ArrayType a && (a.elementType().equals(DataTypes.IntegerType)
                || a.elementType().equals(DataTypes.ShortType) || a.elementType().equals(DataTypes.ByteType))) {
            labelsLong = false;
            labelsNullable = a.containsNull();
            labels = labels.cast(DataTypes.createArrayType(DataTypes.IntegerType, a.containsNull()));
        } else if (labelsType instanceof ArrayType a && a.elementType().equals(DataTypes.LongType)) {
            labelsLong = true;
            labelsNullable = a.containsNull();
        } else {
            throw new IllegalArgumentException("TokQualSpark: column '" + labelsColumn + "' (the labels) is "
                    + labelsType.simpleString() + "; expected array<int> (or byte, short, bigint)");
        }
        DataType probsType = field(schema, predProbsColumn, "the predicted probabilities").dataType();
        boolean nested = false;
        boolean nullable = false;
        DataType element = null;
        if (probsType instanceof ArrayType a) {
            nullable = a.containsNull();
            element = a.elementType();
            if (element instanceof ArrayType inner) {
                nested = true;
                nullable |= inner.containsNull();
                element = inner.elementType();
            }
        }
        if (element == null || !(element.equals(DataTypes.FloatType) || element.equals(DataTypes.DoubleType))) {
            throw new IllegalArgumentException("TokQualSpark: column '" + predProbsColumn + "' (the predicted probabilities) is "
                    + probsType.simpleString() + "; expected array<float>, array<double>, array<array<float>> or array<array<double>>");
        }
        Dataset<Row> three = data.select(col(idColumn).cast(DataTypes.LongType), labels, col(predProbsColumn));
        RowReader reader = new RowReader(idColumn, labelsColumn, predProbsColumn, nClasses, labelsLong, labelsNullable,
                element.equals(DataTypes.DoubleType), nested, nullable);
        return new Input(three.queryExecution().toRdd().toJavaRDD(), reader);
    }

    private static StructField field(StructType schema, String name, String what) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("TokQualSpark: no column '" + name + "' (" + what + ") among "
                + Arrays.toString(schema.fieldNames()));
    }

    /** Feeds a partition's rows to {@code sink} in batches of whole sentences of about {@code batchTokens} tokens. */
    static void forEachBatch(Iterator<InternalRow> rows, RowReader reader, int batchTokens, Consumer<Batch> sink) {
        Batch batch = reader.newBatch();
        while (rows.hasNext()) {
            reader.append(rows.next(), batch);
            if (batch.nTokens >= batchTokens) {
                sink.accept(batch);
                batch.clear();
            }
        }
        if (batch.nSentences > 0) {
            sink.accept(batch);
        }
    }

    // ---- Label-quality scores -----------------------------------------------------------

    /**
     * One row per input row: the sentence id (named as the input's), {@code sentence_score}
     * (double) and {@code token_scores} ({@code array<double>}, one per label), computed by
     * {@code tq_label_quality_scores_*} with {@code options} (every field is passed on;
     * {@code nThreads} is per task: 1 suits executors that run one task per core). Lazy:
     * the scoring runs in the user's action (with adaptive query execution, Spark may
     * already run the input's own shuffle stages here, while planning).
     */
    public Dataset<Row> labelQualityScores(Dataset<Row> data, ScoreOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("TokQualSpark.labelQualityScores: options is null");
        }
        Input in = input(data);
        Specs.Score spec = Specs.Score.of(options);
        RowReader reader = in.reader;
        int budget = batchTokens;
        JavaRDD<ScoredSentence> scored = in.rows.mapPartitions(rows -> new ScoringIterator(rows, reader, budget, spec));
        Dataset<ScoredSentence> out = data.sparkSession().createDataset(scored.rdd(), Encoders.bean(ScoredSentence.class));
        return out.select(col("id").as(idColumn), col("sentenceScore").as("sentence_score"),
                col("tokenScores").as("token_scores"));
    }

    /** Scores a partition batch by batch, as its rows are asked for. */
    private static final class ScoringIterator implements Iterator<ScoredSentence> {
        private final Iterator<InternalRow> rows;
        private final RowReader reader;
        private final int budget;
        private final ScoreOptions options;
        private final Batch batch;
        private double[] sentenceScores = new double[0];
        private double[] tokenScores = new double[0];
        private long[] ids = new long[0];
        private long[] offsets = new long[1];
        private int next = 0;

        ScoringIterator(Iterator<InternalRow> rows, RowReader reader, int budget, Specs.Score spec) {
            this.rows = rows;
            this.reader = reader;
            this.budget = budget;
            this.options = spec.options();
            this.batch = reader.newBatch();
        }

        @Override
        public boolean hasNext() {
            if (next < sentenceScores.length) {
                return true;
            }
            batch.clear();
            while (rows.hasNext() && batch.nTokens < budget) {
                reader.append(rows.next(), batch);
            }
            if (batch.nSentences == 0) {
                return false;
            }
            Batch.Exact x = batch.exact();
            double[] s = new double[batch.nSentences];
            double[] t = new double[batch.nTokens];
            try {
                score(x, s, t);
            } catch (TokQualException e) {
                throw locate(e);
            }
            sentenceScores = s;
            tokenScores = t;
            ids = Arrays.copyOf(batch.ids, batch.nSentences);
            offsets = x.offsets();
            next = 0;
            return true;
        }

        private void score(Batch.Exact x, double[] s, double[] t) {
            if (x.doubles() != null) {
                TokQual.labelQualityScoresInto(x.offsets(), x.labels(), x.doubles(), reader.nClasses, options, s, t);
            } else {
                TokQual.labelQualityScoresInto(x.offsets(), x.labels(), x.floats(), reader.nClasses, options, s, t);
            }
        }

        /** The same call on each sentence alone, to name the row the failure came from. */
        private TokQualException locate(TokQualException e) {
            for (int i = 0; i < batch.nSentences; i++) {
                Batch.Exact one = batch.sentence(i);
                try {
                    score(one, new double[1], new double[one.labels().length]);
                } catch (TokQualException f) {
                    return reader.bad(f.status(), batch.ids[i], f.libraryMessage());
                }
            }
            return e;
        }

        @Override
        public ScoredSentence next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int i = next++;
            double[] tokens = Arrays.copyOfRange(tokenScores, (int) offsets[i], (int) offsets[i + 1]);
            return new ScoredSentence(ids[i], sentenceScores[i], tokens);
        }
    }

    // ---- Confident learning: the inspector's two passes -----------------------------------

    /**
     * What {@link #findLabelIssues} found: the ranked issues, and the inspector's
     * thresholds and counts (the same as one {@code tq_inspector} fed all the data).
     */
    public static final class LabelIssues implements Serializable {
        private static final long serialVersionUID = 1L;
        private final transient Dataset<Row> issues;
        private final long[] sentenceIds;
        private final int[] tokens;
        private final double[] thresholds;
        private final long numLabelIssues;
        private final long thresholdTokens;
        private final long scoredTokens;
        private final long[] jobNanos;

        LabelIssues(Dataset<Row> issues, long[] sentenceIds, int[] tokens, double[] thresholds, long numLabelIssues,
                    long thresholdTokens, long scoredTokens, long[] jobNanos) {
            this.jobNanos = jobNanos;
            this.issues = issues;
            this.sentenceIds = sentenceIds;
            this.tokens = tokens;
            this.thresholds = thresholds;
            this.numLabelIssues = numLabelIssues;
            this.thresholdTokens = thresholdTokens;
            this.scoredTokens = scoredTokens;
        }

        /**
         * The issues, most severe first (ties by sentence id, then token): columns
         * {@code rank} (from 1), the sentence id (named as the input's), {@code token} (its
         * index in the sentence), {@code given} (the label), {@code predicted} (the argmax of
         * its {@code pred_probs} row, the first on ties) and {@code score} (its score under
         * the options' {@code rankBy}). One partition, in rank order.
         */
        public Dataset<Row> issues() { return issues; }
        /** The issues' sentence ids, in rank order. */
        public long[] sentenceIds() { return sentenceIds.clone(); }
        /** The issues' token indices within their sentences, in rank order. */
        public int[] tokens() { return tokens.clone(); }
        /** The confident thresholds, one per class. */
        public double[] thresholds() { return thresholds.clone(); }
        /** The number of issues estimated in pass 2 ({@code tq_inspector_num_label_issues}). */
        public long numLabelIssues() { return numLabelIssues; }
        /** Tokens seen in pass 1. */
        public long thresholdTokens() { return thresholdTokens; }
        /** Tokens scored in pass 2. */
        public long scoredTokens() { return scoredTokens; }
        /** Wall time in nanoseconds of the three jobs: pass 1, pass 2, reading back the issues' tokens. */
        public long[] jobNanos() { return jobNanos.clone(); }
    }

    /**
     * Token-level confident learning over the whole DataFrame: cleanlab's low-memory
     * method, as one {@code tq_inspector} would run it on all rows in sentence-id order.
     * Pass 1 and pass 2 each run one Spark job: every partition feeds its batches to its
     * own inspector, whose state ({@code tq_inspector_save} bytes) is merged with the
     * others' by {@code treeAggregate}; pass 1 also gathers the set of sentence ids (as
     * runs of consecutive ids: a repeated id fails here). The driver finishes pass 1 and
     * broadcasts the thresholds' state and the id set to pass 2, which numbers every
     * sentence by its id's rank, so that ties rank by id whatever the partitioning. A
     * third job reads back the given and predicted class and the score of the issues'
     * tokens (only the rows of sentences with an issue are scored).
     *
     * <p>Speed: pass 2 hands the C library one call per run of sentences whose ids are
     * consecutive among all ids; rows stored in id order (as an inference job writing
     * its output in order leaves them) make that one call per batch, while randomly
     * shuffled rows approach one call per sentence (same results, slower).
     *
     * <p>The data is read three times: cache it first if it is expensive to compute.
     * Memory: the merged pass-2 state (9 bytes per token and 8 per sentence) is held by
     * the tasks merging it and by the driver; the id set takes 24 bytes per run of
     * consecutive ids (one run for ids 0..n-1) on the driver and every executor.
     *
     * @throws TokQualException a bad row or option, as the C library reports it
     */
    public LabelIssues findLabelIssues(Dataset<Row> data, InspectorOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("TokQualSpark.findLabelIssues: options is null");
        }
        Input in = input(data);
        Specs.Inspect spec = Specs.Inspect.of(options);
        RowReader reader = in.reader;
        int k = nClasses;
        int budget = batchTokens;
        String idName = idColumn;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        return rethrowingTokQual(() -> {
            // Pass 1: per-partition threshold sums and id sets, merged.
            JavaRDD<Pass1> pass1 = in.rows.mapPartitions(rows -> {
                try (Inspector inspector = new Inspector(k, spec.options())) {
                    long[][] ids = {new long[64]};
                    int[] nIds = {0};
                    forEachBatch(rows, reader, budget, b -> {
                        updateThresholds(inspector, b, reader, spec);
                        if (nIds[0] + b.nSentences > ids[0].length) {
                            ids[0] = Arrays.copyOf(ids[0], Math.max(2 * ids[0].length, nIds[0] + b.nSentences));
                        }
                        System.arraycopy(b.ids, 0, ids[0], nIds[0], b.nSentences);
                        nIds[0] += b.nSentences;
                    });
                    return Collections.singletonList(new Pass1(inspector.save(), IdRanges.of(ids[0], nIds[0], idName))).iterator();
                }
            });
            long[] nanos = new long[3];
            long t0 = System.nanoTime();
            Pass1 zero = new Pass1(new byte[0], IdRanges.EMPTY);
            Pass1 all = pass1.treeAggregate(zero, (a, b) -> a.merge(b, k, idName), (a, b) -> a.merge(b, k, idName), treeDepth);
            IdRanges idSet = all.ids();
            byte[] finished;
            // No partition at all leaves the aggregate's zero: a fresh inspector then gives
            // the library's own refusal of a pass 1 that saw nothing.
            try (Inspector inspector = all.state().length == 0 ? new Inspector(k, spec.options())
                    : Inspector.load(all.state(), k)) {
                inspector.finishThresholds();
                finished = inspector.save();
            }
            nanos[0] = System.nanoTime() - t0;
            Broadcast<IdRanges> ranks = jsc.broadcast(idSet);
            Broadcast<byte[]> thresholds = jsc.broadcast(finished);
            try {
                // Pass 2: per-partition scores and counts, sentences numbered by id, merged.
                JavaRDD<byte[]> pass2 = in.rows.mapPartitions(rows -> {
                    try (Inspector inspector = Inspector.load(thresholds.value(), k)) {
                        IdRanges r = ranks.value();
                        forEachBatch(rows, reader, budget, b -> {
                            for (Batch.Run run : b.runsByRank(r)) {
                                scoreRun(inspector, run, b, reader);
                            }
                        });
                        return Collections.singletonList(inspector.save()).iterator();
                    }
                });
                long t1 = System.nanoTime();
                byte[] scored = pass2.treeAggregate(new byte[0], (a, b) -> merge(a, b, k), (a, b) -> merge(a, b, k), treeDepth);
                try (Inspector inspector = Inspector.load(scored, k)) {
                    Inspector.IssueArrays byRank = inspector.findLabelIssueArrays();
                    nanos[1] = System.nanoTime() - t1;
                    long t2 = System.nanoTime();
                    long[] issueIds = new long[byRank.sentences().length];
                    for (int i = 0; i < issueIds.length; i++) {
                        issueIds[i] = idSet.idOf(byRank.sentences()[i]);
                    }
                    Inspector.IssueArrays found = new Inspector.IssueArrays(issueIds, byRank.tokens());
                    Inspector.Counts counts = inspector.counts();
                    List<IssueDetail> details = details(in, thresholds, ranks, found);
                    nanos[2] = System.nanoTime() - t2;
                    int[] tokens = new int[found.tokens().length];
                    for (int i = 0; i < tokens.length; i++) {
                        tokens[i] = (int) found.tokens()[i];
                    }
                    return new LabelIssues(rankedFrame(data.sparkSession(), found, details), found.sentences(), tokens,
                            inspector.thresholds(), inspector.numLabelIssues(), counts.thresholdTokens(),
                            counts.scoredTokens(), nanos);
                }
            } finally {
                thresholds.destroy();
                ranks.destroy();
            }
        });
    }

    private static void updateThresholds(Inspector inspector, Batch b, RowReader reader, Specs.Inspect spec) {
        Batch.Exact x = b.exact();
        try {
            feed(inspector, x);
        } catch (TokQualException e) {
            // Name the row: the same call on each sentence alone, in a scratch inspector.
            try (Inspector probe = new Inspector(reader.nClasses, spec.options())) {
                for (int i = 0; i < b.nSentences; i++) {
                    try {
                        feed(probe, b.sentence(i));
                    } catch (TokQualException f) {
                        throw reader.bad(f.status(), b.ids[i], f.libraryMessage());
                    }
                }
            }
            throw e;
        }
    }

    private static void feed(Inspector inspector, Batch.Exact x) {
        if (x.doubles() != null) {
            inspector.updateThresholds(x.labels(), x.doubles());
        } else {
            inspector.updateThresholds(x.labels(), x.floats());
        }
    }

    private static double[] scoreRun(Inspector inspector, Batch.Run run, Batch b, RowReader reader) {
        try {
            return score(inspector, run.firstRank(), run.data());
        } catch (TokQualException e) {
            try (Inspector probe = inspector.copy()) {
                for (int k = 0; k < run.batchIndex().length; k++) {
                    int i = run.batchIndex()[k];
                    try {
                        score(probe, run.firstRank() + k, b.sentence(i));
                    } catch (TokQualException f) {
                        throw reader.bad(f.status(), b.ids[i], f.libraryMessage());
                    }
                }
            }
            throw e;
        }
    }

    private static double[] score(Inspector inspector, long first, Batch.Exact x) {
        return x.doubles() != null
                ? inspector.score(first, x.offsets(), x.labels(), x.doubles())
                : inspector.score(first, x.offsets(), x.labels(), x.floats());
    }

    /** Pass 1's partial result: an inspector's saved state and the ids it saw. */
    record Pass1(byte[] state, IdRanges ids) implements Serializable {
        Pass1 merge(Pass1 other, int nClasses, String idColumn) {
            return new Pass1(TokQualSpark.merge(state, other.state, nClasses), IdRanges.merge(ids, other.ids, idColumn));
        }
    }

    /** Two saved states merged into one (an empty array is the aggregate's zero). */
    static byte[] merge(byte[] a, byte[] b, int nClasses) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        try (Inspector x = Inspector.load(a, nClasses); Inspector y = Inspector.load(b, nClasses)) {
            x.merge(y);
            return x.save();
        }
    }

    /** Third job: the given and predicted class and the score of every issue's token. */
    private List<IssueDetail> details(Input in, Broadcast<byte[]> thresholds, Broadcast<IdRanges> ranks,
                                      Inspector.IssueArrays found) {
        int n = found.sentences().length;
        if (n == 0) {
            return List.of();
        }
        // The issues sorted by (id, token), so that a sentence's issues are one range.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] s = found.sentences(), t = found.tokens();
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0 : s[a] != s[b] ? Long.compare(s[a], s[b]) : Long.compare(t[a], t[b]));
        long[] ids = new long[n];
        int[] toks = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = s[order[i]];
            toks[i] = (int) t[order[i]];
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(in.rows.context());
        Broadcast<long[]> issueIds = jsc.broadcast(ids);
        Broadcast<int[]> issueTokens = jsc.broadcast(toks);
        RowReader reader = in.reader;
        int budget = batchTokens;
        int k = nClasses;
        try {
            return in.rows.mapPartitions(rows -> {
                long[] wanted = issueIds.value();
                int[] wantedTokens = issueTokens.value();
                List<IssueDetail> out = new ArrayList<>();
                Iterator<InternalRow> withIssues = new FilteringIterator(rows, r -> Arrays.binarySearch(wanted, reader.id(r)) >= 0);
                try (Inspector inspector = Inspector.load(thresholds.value(), k)) {
                    forEachBatch(withIssues, reader, budget, b -> {
                        for (Batch.Run run : b.runsByRank(ranks.value())) {
                            double[] scores = scoreRun(inspector, run, b, reader);
                            for (int q = 0; q < run.batchIndex().length; q++) {
                                int i = run.batchIndex()[q];
                                long id = b.ids[i];
                                int from = (int) b.offsets[i];
                                long runFrom = run.data().offsets()[q]; // its tokens' place in the run
                                int lo = lowerBound(wanted, id);
                                for (int j = lo; j < wanted.length && wanted[j] == id; j++) {
                                    int token = wantedTokens[j];
                                    out.add(new IssueDetail(id, token, b.labels[from + token],
                                            argmax(b, from + token), scores[(int) runFrom + token]));
                                }
                            }
                        }
                    });
                }
                return out.iterator();
            }).collect();
        } finally {
            issueIds.destroy();
            issueTokens.destroy();
        }
    }

    private static int lowerBound(long[] a, long v) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first class of largest probability of a batch token. */
    private static int argmax(Batch b, int token) {
        int k = b.nClasses, best = 0;
        int at = token * k;
        if (b.isDouble) {
            for (int c = 1; c < k; c++) {
                if (b.doubles[at + c] > b.doubles[at + best]) {
                    best = c;
                }
            }
        } else {
            for (int c = 1; c < k; c++) {
                if (b.floats[at + c] > b.floats[at + best]) {
                    best = c;
                }
            }
        }
        return best;
    }

    /** The ranked issues as a one-partition DataFrame, in rank order. */
    private Dataset<Row> rankedFrame(SparkSession spark, Inspector.IssueArrays found, List<IssueDetail> details) {
        Map<List<Long>, IssueDetail> byPosition = new HashMap<>();
        for (IssueDetail d : details) {
            byPosition.put(List.of(d.id(), (long) d.token()), d);
        }
        List<Row> rows = new ArrayList<>(found.sentences().length);
        for (int r = 0; r < found.sentences().length; r++) {
            IssueDetail d = byPosition.get(List.of(found.sentences()[r], found.tokens()[r]));
            if (d == null) {
                throw new IllegalStateException("tokqual-spark: issue (" + found.sentences()[r] + ", " + found.tokens()[r]
                        + ") was not found again in the data; was it changed between the passes?");
            }
            rows.add(RowFactory.create((long) r + 1, d.id(), d.token(), d.given(), d.predicted(), d.score()));
        }
        StructType schema = new StructType(new StructField[] {
            DataTypes.createStructField("rank", DataTypes.LongType, false),
            DataTypes.createStructField(idColumn, DataTypes.LongType, false),
            DataTypes.createStructField("token", DataTypes.IntegerType, false),
            DataTypes.createStructField("given", DataTypes.IntegerType, false),
            DataTypes.createStructField("predicted", DataTypes.IntegerType, false),
            DataTypes.createStructField("score", DataTypes.DoubleType, false),
        });
        return spark.createDataFrame(rows, schema).coalesce(1);
    }

    /** Rows of a partition for which {@code keep} holds. */
    private static final class FilteringIterator implements Iterator<InternalRow> {
        private final Iterator<InternalRow> rows;
        private final java.util.function.Predicate<InternalRow> keep;
        private InternalRow pending;

        FilteringIterator(Iterator<InternalRow> rows, java.util.function.Predicate<InternalRow> keep) {
            this.rows = rows;
            this.keep = keep;
        }

        @Override
        public boolean hasNext() {
            while (pending == null && rows.hasNext()) {
                InternalRow r = rows.next();
                if (keep.test(r)) {
                    pending = r;
                }
            }
            return pending != null;
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            InternalRow r = pending;
            pending = null;
            return r;
        }
    }

    // ---- Parquet in, Parquet out -----------------------------------------------------------

    /**
     * Reads a Parquet file (or folder) of predictions, finds the label issues as
     * {@link #findLabelIssues} and writes the ranked issues as Parquet to {@code output}
     * (which must not exist). Everything is computed before anything is written; the file
     * is written to a temporary sibling and renamed, so on any failure (a bad row: its
     * {@link TokQualException} is thrown) nothing is left at {@code output}.
     */
    public LabelIssues findLabelIssuesParquet(SparkSession spark, String input, String output, InspectorOptions options) {
        requireAbsent(spark, output);
        LabelIssues found = findLabelIssues(spark.read().parquet(input), options);
        writeParquet(spark, found.issues(), output);
        return found;
    }

    /**
     * Reads a Parquet file (or folder) of predictions and writes its scores as
     * {@link #labelQualityScores} (one row per sentence) as Parquet to {@code output}
     * (which must not exist), through a temporary sibling renamed at the end: on any
     * failure (a bad row: its {@link TokQualException} is thrown) nothing is left at
     * {@code output}.
     */
    public void labelQualityScoresParquet(SparkSession spark, String input, String output, ScoreOptions options) {
        requireAbsent(spark, output);
        writeParquet(spark, labelQualityScores(spark.read().parquet(input), options), output);
    }

    private static void requireAbsent(SparkSession spark, String output) {
        try {
            org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
            if (out.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(out)) {
                throw new IllegalArgumentException("TokQualSpark: output '" + output + "' already exists");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes to a hidden sibling of {@code output}, renamed once complete; removed on failure. */
    private static void writeParquet(SparkSession spark, Dataset<Row> frame, String output) {
        rethrowingTokQual(() -> {
            org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
            org.apache.hadoop.fs.FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
            org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(out.getParent(),
                    "." + out.getName() + ".tokqual-" + java.util.UUID.randomUUID());
            boolean done = false;
            try {
                frame.write().parquet(tmp.toString());
                if (!fs.rename(tmp, out)) {
                    throw new java.io.IOException("cannot rename " + tmp + " to " + out);
                }
                done = true;
            } finally {
                if (!done) {
                    fs.delete(tmp, true);
                }
            }
            return null;
        });
    }

    // ---- Failures -----------------------------------------------------------------------

    /** The TokQualException a Spark job failed with (the cause of its SparkException), or null. */
    public static TokQualException tokQualCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TokQualException e) {
                return e;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    interface Job<T> {
        T run() throws Exception;
    }

    /** Runs Spark jobs; a failure caused by a TokQualException rethrows that exception itself. */
    static <T> T rethrowingTokQual(Job<T> job) {
        try {
            return job.run();
        } catch (Exception e) {
            TokQualException cause = tokQualCause(e);
            if (cause != null) {
                throw cause;
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e);
        }
    }
}
