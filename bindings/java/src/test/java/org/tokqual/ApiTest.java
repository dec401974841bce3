package org.tokqual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The public API beyond the conformance data: versions and constants, the exception,
 * Java-side checks, buffers, nested input, options, the text helpers' Java forms, the
 * inspector's life cycle, and that arrays are not copied.
 */
class ApiTest {
    static final long[] OFFSETS = {0, 3, 5};
    static final int[] LABELS = {0, 0, 1, 0, 1};
    static final float[] PROBS = {0.9f, 0.1f, 0.7f, 0.3f, 0.05f, 0.95f, 0.8f, 0.2f, 0.8f, 0.2f};

    static TokQualException expect(Status status, Runnable call, String... words) {
        TokQualException e = assertThrows(TokQualException.class, call::run);
        assertEquals(status, e.status(), e.getMessage());
        assertEquals(status.code(), e.code());
        for (String w : words) assertTrue(e.getMessage().contains(w), "'" + w + "' not in: " + e.getMessage());
        return e;
    }

    @Test
    void versionAndConstantsMatchTheHeader() {
        assertEquals(BuildInfo.VERSION, TokQual.version());
        String[] v = BuildInfo.VERSION.split("\\.");
        assertEquals(Integer.parseInt(v[0]) * 10000 + Integer.parseInt(v[1]) * 100 + Integer.parseInt(v[2]),
                TokQual.versionNumber());
        // Hand-written enums against the values the C library reports (generated classes).
        assertEquals(tq_status.TQ_OK.swigValue(), Status.OK.code());
        assertEquals(tq_status.TQ_ERR_NULL_ARGUMENT.swigValue(), Status.NULL_ARGUMENT.code());
        assertEquals(tq_status.TQ_ERR_INVALID_SIZE.swigValue(), Status.INVALID_SIZE.code());
        assertEquals(tq_status.TQ_ERR_INVALID_OFFSETS.swigValue(), Status.INVALID_OFFSETS.code());
        assertEquals(tq_status.TQ_ERR_INVALID_LABEL.swigValue(), Status.INVALID_LABEL.code());
        assertEquals(tq_status.TQ_ERR_INVALID_PROBABILITY.swigValue(), Status.INVALID_PROBABILITY.code());
        assertEquals(tq_status.TQ_ERR_INVALID_OPTION.swigValue(), Status.INVALID_OPTION.code());
        assertEquals(tq_status.TQ_ERR_INVALID_STRUCT_SIZE.swigValue(), Status.INVALID_STRUCT_SIZE.code());
        assertEquals(tq_status.TQ_ERR_INVALID_VALUE.swigValue(), Status.INVALID_VALUE.code());
        assertEquals(tq_status.TQ_ERR_BUFFER_TOO_SMALL.swigValue(), Status.BUFFER_TOO_SMALL.code());
        assertEquals(tq_status.TQ_ERR_OUT_OF_MEMORY.swigValue(), Status.OUT_OF_MEMORY.code());
        assertEquals(tq_status.TQ_ERR_INTERNAL.swigValue(), Status.INTERNAL.code());
        assertEquals(tq_status.TQ_ERR_INVALID_STATE.swigValue(), Status.INVALID_STATE.code());
        assertEquals(tq_token_method.TQ_SELF_CONFIDENCE.swigValue(), TokenMethod.SELF_CONFIDENCE.code);
        assertEquals(tq_token_method.TQ_NORMALIZED_MARGIN.swigValue(), TokenMethod.NORMALIZED_MARGIN.code);
        assertEquals(tq_token_method.TQ_CONFIDENCE_WEIGHTED_ENTROPY.swigValue(), TokenMethod.CONFIDENCE_WEIGHTED_ENTROPY.code);
        assertEquals(tq_sentence_method.TQ_MIN.swigValue(), SentenceMethod.MIN.code);
        assertEquals(tq_sentence_method.TQ_SOFTMIN.swigValue(), SentenceMethod.SOFTMIN.code);
        for (FilterMethod f : FilterMethod.values()) {
            assertEquals("TQ_" + f.name(), tq_filter_method.swigToEnum(f.code).toString());
        }
        for (NumIssuesMethod m : NumIssuesMethod.values()) {
            assertEquals("TQ_" + m.name(), tq_num_issues_method.swigToEnum(m.code).toString());
        }
        for (TokenMethod m : TokenMethod.values()) assertEquals("TQ_" + m.name(), tq_token_method.swigToEnum(m.code).toString());
        for (Status s : Status.values()) {
            if (s == Status.UNKNOWN) {
                assertEquals("unknown status", TokQual.statusString(s));
                assertEquals(Status.UNKNOWN, Status.fromCode(99));
            } else {
                assertEquals("TQ_" + (s == Status.OK ? "OK" : "ERR_" + s.name()), tq_status.swigToEnum(s.code()).toString());
                assertNotEquals("unknown status", TokQual.statusString(s));
                assertEquals(s, Status.fromCode(s.code()));
            }
        }
        assertEquals("invalid offsets", TokQual.statusString(Status.INVALID_OFFSETS));
    }

    @Test
    void everyFunctionOfTheHeaderIsWrappedAndNothingElse() throws Exception {
        String header = java.nio.file.Files.readString(java.nio.file.Paths.get(
                System.getProperty("tokqual.header", "../../include/tokqual/tokqual.h")));
        java.util.Set<String> declared = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("TQ_API [^;(]*?\\btq_(\\w+)\\(").matcher(header);
        while (m.find()) declared.add(m.group(1));
        java.util.Set<String> wrapped = new java.util.TreeSet<>();
        for (java.lang.reflect.Method method : NativeApi.class.getDeclaredMethods()) {
            if (java.lang.reflect.Modifier.isPublic(method.getModifiers())) wrapped.add(method.getName());
        }
        assertTrue(declared.size() >= 56, "only " + declared.size() + " functions found in the header");
        assertEquals(declared, wrapped);
    }

    @Test
    void theLibrariesInUseAreTheJarsOwn() throws Exception {
        TokQual.version();
        if (System.getProperty("tokqual.library.path") != null) {
            return; // an installed library was asked for
        }
        // ICU, Highway and the JNI library are mapped from the extracted copies (deleted
        // right after loading), never from the system's library directories.
        List<String> maps = java.nio.file.Files.readAllLines(java.nio.file.Paths.get("/proc/self/maps"));
        int ours = 0;
        for (String line : maps) {
            if (line.matches(".*/(libicuuc|libicudata|libhwy|libhwy_contrib|libtokqual_jni)\\.so.*")) {
                assertTrue(line.contains("/tokqual-" + BuildInfo.VERSION + "-"), line);
                assertTrue(line.endsWith("(deleted)"), line);
                ours++;
            }
        }
        assertTrue(ours >= 5, "only " + ours + " mappings of the carried libraries");
        assertEquals("linux-x86_64", NativeLoader.platform());
    }

    @Test
    void aFailedCallThrowsWithTheLibrarysMessageAndWritesNothing() {
        double[] sentences = {-1, -1};
        double[] tokens = {-1, -1, -1, -1, -1};
        int[] bad = {0, 0, 9, 0, 1};
        TokQualException e = expect(Status.INVALID_LABEL, () -> TokQual.labelQualityScoresInto(OFFSETS, bad, PROBS, 2,
                ScoreOptions.defaults(), sentences, tokens), "labels[2] = 9");
        assertEquals(e.libraryMessage(), TokQual.lastErrorMessage());
        assertTrue(e.libraryMessage().startsWith("tq_label_quality_scores_f32"));
        assertArrayEquals(new double[] {-1, -1}, sentences);
        assertArrayEquals(new double[] {-1, -1, -1, -1, -1}, tokens);
        float[] nan = PROBS.clone();
        nan[3] = Float.NaN;
        expect(Status.INVALID_PROBABILITY, () -> TokQual.labelQualityScores(OFFSETS, LABELS, nan, 2, ScoreOptions.defaults()),
                "pred_probs");
        expect(Status.INVALID_OFFSETS, () -> TokQual.labelQualityScores(new long[] {0, 4, 4}, LABELS, PROBS, 2,
                ScoreOptions.defaults()), "offsets");
        expect(Status.INVALID_OPTION, () -> TokQual.labelQualityScores(OFFSETS, LABELS, PROBS, 2,
                ScoreOptions.builder().temperature(-1).build()), "temperature");
        expect(Status.INVALID_OPTION, () -> TokQual.findLabelIssues(OFFSETS, LABELS, PROBS, 2,
                FindOptions.builder().fracNoise(2).build()), "frac_noise");
        expect(Status.INVALID_OPTION, () -> TokQual.issuesFromSentenceScores(new double[] {0.5}, Double.NaN));
    }

    @Test
    void javaSideChecksComeBeforeAnyNativeCall() {
        ScoreOptions o = ScoreOptions.defaults();
        expect(Status.NULL_ARGUMENT, () -> TokQual.labelQualityScores(null, LABELS, PROBS, 2, o), "offsets is null");
        expect(Status.NULL_ARGUMENT, () -> TokQual.labelQualityScores(OFFSETS, LABELS, (float[]) null, 2, o), "pred_probs");
        expect(Status.NULL_ARGUMENT, () -> TokQual.labelQualityScores(OFFSETS, LABELS, PROBS, 2, null), "options");
        expect(Status.INVALID_SIZE, () -> TokQual.labelQualityScores(OFFSETS, LABELS, new float[9], 2, o),
                "pred_probs has 9 entries, expected 10");
        expect(Status.INVALID_SIZE, () -> TokQual.labelQualityScores(new long[0], LABELS, PROBS, 2, o), "offsets");
        expect(Status.INVALID_SIZE, () -> TokQual.labelQualityScores(OFFSETS, LABELS, PROBS, 0, o), "n_classes = 0");
        expect(Status.INVALID_SIZE, () -> TokQual.labelQualityScoresInto(OFFSETS, LABELS, PROBS, 2, o, new double[3], null),
                "sentence_scores has 3 entries");
        expect(Status.INVALID_SIZE, () -> TokQual.findLabelIssues(OFFSETS, LABELS, PROBS, 2,
                FindOptions.builder().numToRemovePerClass(new long[] {1}).build()), "num_to_remove_per_class");
        expect(Status.INVALID_SIZE, () -> TokQual.formatTokenScores(List.of("a", "b"), new double[1]), "scores");
        expect(Status.INVALID_VALUE, () -> TokenList.of(List.of("ok", "bad\uD800")), "strings[1]", "U+D800");
        expect(Status.NULL_ARGUMENT, () -> TokenList.of(java.util.Arrays.asList("a", null)), "strings[1]");
        expect(Status.INVALID_VALUE, () -> TokQual.colorSentence("a b", "a", "x\0", "y"), "NUL");
    }

    static DoubleBuffer directDoubles(int n) {
        return ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    @Test
    void directBuffersGiveTheArraysResults() {
        Data d = new Data(7, 50, 12, 5);
        ScoreOptions o = ScoreOptions.builder().sentenceMethod(SentenceMethod.SOFTMIN).build();
        Scores expected = TokQual.labelQualityScores(d.offsets, d.labels, d.probs32, d.nClasses, o);
        // Inputs placed after a one-element gap: only the remaining part is read.
        LongBuffer offsets = ByteBuffer.allocateDirect(8 * (d.offsets.length + 1)).order(ByteOrder.nativeOrder()).asLongBuffer();
        offsets.put(-7).put(d.offsets).position(1);
        IntBuffer labels = ByteBuffer.allocateDirect(4 * d.labels.length).order(ByteOrder.nativeOrder()).asIntBuffer();
        labels.put(d.labels).flip();
        FloatBuffer probs = ByteBuffer.allocateDirect(4 * d.probs32.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        probs.put(d.probs32).flip();
        DoubleBuffer probs64 = directDoubles(d.probs64.length).put(d.probs64).flip();
        DoubleBuffer sentences = directDoubles(d.offsets.length - 1);
        DoubleBuffer tokens = directDoubles(d.labels.length);
        TokQual.labelQualityScores(offsets, labels, probs, d.nClasses, o, sentences, tokens);
        double[] s = new double[sentences.capacity()];
        sentences.get(0, s);
        double[] t = new double[tokens.capacity()];
        tokens.get(0, t);
        assertArrayEquals(expected.sentenceScores(), s);
        assertArrayEquals(expected.tokenScores(), t);
        TokQual.labelQualityScores(offsets, labels, probs64, d.nClasses, o, sentences, null);
        sentences.get(0, s);
        assertArrayEquals(TokQual.labelQualityScores(d.offsets, d.labels, d.probs64, d.nClasses, o).sentenceScores(), s);
        FindOptions f = FindOptions.defaults();
        assertEquals(TokQual.findLabelIssues(d.offsets, d.labels, d.probs32, d.nClasses, f),
                TokQual.findLabelIssues(offsets, labels, probs, d.nClasses, f));
        assertEquals(TokQual.findLabelIssues(d.offsets, d.labels, d.probs64, d.nClasses, f),
                TokQual.findLabelIssues(offsets, labels, probs64, d.nClasses, f));
        // Heap buffers and foreign byte order are refused, not misread.
        expect(Status.INVALID_VALUE, () -> TokQual.findLabelIssues(offsets, labels, FloatBuffer.wrap(d.probs32), d.nClasses, f),
                "not a direct buffer");
        FloatBuffer swapped = ByteBuffer.allocateDirect(4 * d.probs32.length).order(
                ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).asFloatBuffer();
        expect(Status.INVALID_VALUE, () -> TokQual.findLabelIssues(offsets, labels, swapped, d.nClasses, f), "byte order");
        expect(Status.INVALID_VALUE, () -> TokQual.labelQualityScores(offsets, labels, probs, d.nClasses, o,
                sentences.asReadOnlyBuffer(), null), "read-only");
    }

    @Test
    void nestedInputEqualsFlatInput() {
        List<int[]> labels = List.of(new int[] {0, 0, 1}, new int[] {0, 1});
        List<float[][]> probs = List.of(new float[][] {{0.9f, 0.1f}, {0.7f, 0.3f}, {0.05f, 0.95f}},
                new float[][] {{0.8f, 0.2f}, {0.8f, 0.2f}});
        Dataset d = Dataset.fromSentences(labels, probs);
        assertArrayEquals(OFFSETS, d.offsets());
        assertArrayEquals(LABELS, d.labels());
        assertArrayEquals(PROBS, d.predProbsF32());
        Scores flat = TokQual.labelQualityScores(OFFSETS, LABELS, PROBS, 2, ScoreOptions.defaults());
        assertArrayEquals(flat.tokenScores(), TokQual.labelQualityScores(d, ScoreOptions.defaults()).tokenScores());
        assertEquals(List.of(new Issue(1, 1)), TokQual.findLabelIssues(d, FindOptions.defaults()));
        List<double[][]> probs64 = List.of(new double[][] {{0.9, 0.1}, {0.7, 0.3}, {0.05, 0.95}},
                new double[][] {{0.8, 0.2}, {0.8, 0.2}});
        Dataset d64 = Dataset.fromSentencesF64(labels, probs64);
        assertEquals(2, d64.nClasses());
        assertEquals(5, d64.nTokens());
        assertEquals(2, d64.nSentences());
        assertArrayEquals(new double[] {0.7, 0.2}, TokQual.labelQualityScores(d64, ScoreOptions.defaults()).sentenceScores());
        expect(Status.INVALID_SIZE, () -> Dataset.fromSentences(labels, List.<float[][]>of(probs.get(0))), "pred_probs");
        expect(Status.INVALID_SIZE, () -> Dataset.fromSentences(labels,
                List.of(probs.get(0), new float[][] {{0.8f, 0.2f}, {0.8f, 0.1f, 0.1f}})), "row");
        assertEquals(Dataset.of(OFFSETS, LABELS, PROBS, 2).labels(), LABELS);
    }

    @Test
    void optionsHaveCleanlabsDefaultsAndReachTheLibrary() {
        ScoreOptions s = ScoreOptions.defaults();
        assertEquals(TokenMethod.SELF_CONFIDENCE, s.tokenMethod());
        assertEquals(SentenceMethod.MIN, s.sentenceMethod());
        assertEquals(0.05, s.temperature());
        assertEquals(0, s.nThreads());
        // The Java defaults are the C defaults.
        NativeScoreOptions n = new NativeScoreOptions();
        NativeScoreOptions j = s.toNative();
        try {
            assertEquals(n.getToken_method(), j.getToken_method());
            assertEquals(n.getSentence_method(), j.getSentence_method());
            assertEquals(n.getTemperature(), j.getTemperature());
            assertEquals(n.getN_threads(), j.getN_threads());
            assertTrue(n.getStruct_size() > 0);
            NativeApi.score_options_init(n);
        } finally {
            n.delete();
            j.delete();
        }
        NativeFindOptions nf = new NativeFindOptions();
        NativeFindOptions jf = FindOptions.defaults().toNative();
        try {
            assertEquals(nf.getFilter_by(), jf.getFilter_by());
            assertEquals(nf.getRank_by(), jf.getRank_by());
            assertEquals(nf.getFrac_noise(), jf.getFrac_noise());
            assertEquals(nf.getMin_examples_per_class(), jf.getMin_examples_per_class());
            assertEquals(nf.getN_threads(), jf.getN_threads());
            assertEquals(nf.getAdjust_pred_probs(), jf.getAdjust_pred_probs());
            NativeApi.find_options_init(nf);
        } finally {
            nf.delete();
            jf.delete();
        }
        NativeInspectorOptions ni = new NativeInspectorOptions();
        NativeInspectorOptions ji = InspectorOptions.defaults().toNative();
        try {
            assertEquals(ni.getRank_by(), ji.getRank_by());
            assertEquals(ni.getAdjust_pred_probs(), ji.getAdjust_pred_probs());
            assertEquals(ni.getNum_issues_method(), ji.getNum_issues_method());
            assertEquals(ni.getN_threads(), ji.getN_threads());
            NativeApi.inspector_options_init(ni);
        } finally {
            ni.delete();
            ji.delete();
        }
        NativeFormatIssuesOptions nfi = new NativeFormatIssuesOptions();
        NativeCommonIssuesOptions nci = new NativeCommonIssuesOptions();
        try {
            assertEquals(nfi.getTop(), FormatIssuesOptions.defaults().top());
            assertEquals(nci.getTop(), CommonIssuesOptions.defaults().top());
            assertEquals(nci.getVerbose() != 0, CommonIssuesOptions.defaults().verbose());
            NativeApi.format_issues_options_init(nfi);
            NativeApi.common_issues_options_init(nci);
        } finally {
            nfi.delete();
            nci.delete();
        }
        // Non-default options change results as the library documents.
        Scores softmin = TokQual.labelQualityScores(OFFSETS, LABELS, PROBS, 2,
                ScoreOptions.builder().sentenceMethod(SentenceMethod.SOFTMIN).temperature(Double.POSITIVE_INFINITY).build());
        assertEquals((0.9 + 0.7 + 0.95) / 3, softmin.sentenceScores()[0], 1e-7);
        Scores margin = TokQual.labelQualityScores(OFFSETS, LABELS, PROBS, 2,
                ScoreOptions.builder().tokenMethod(TokenMethod.NORMALIZED_MARGIN).nThreads(1).build());
        assertEquals((0.9 - 0.1 + 1) / 2, margin.tokenScores()[0], 1e-7);
        assertEquals(List.of(new Issue(1, 1)), TokQual.findLabelIssues(OFFSETS, LABELS, PROBS, 2,
                FindOptions.builder().filterBy(FilterMethod.PRUNE_BY_CLASS).numToRemovePerClass(new long[] {0, 1}).build()));
        FindOptions f = FindOptions.builder().rankBy(TokenMethod.NORMALIZED_MARGIN).minExamplesPerClass(0)
                .adjustPredProbs(true).nThreads(2).fracNoise(0.5).numToRemovePerClass(new long[] {0, 0}).build();
        assertArrayEquals(new long[] {0, 0}, f.numToRemovePerClass());
        assertEquals(0.5, f.fracNoise());
        assertTrue(f.adjustPredProbs());
    }

    @Test
    void textHelpersJavaForms() {
        assertArrayEquals(new int[] {0, 2}, TokQual.filterSentences(List.of("Hello World", "#no", "keep me"),
                s -> !s.startsWith("#")));
        assertArrayEquals(new int[] {1}, TokQual.filterSentences(List.of("Hello World", "abc"), s -> s.length() == 3));
        assertEquals("Comment", TokQual.processToken("#Comment"));
        assertEquals("aleCnlCb", TokQual.processToken("Cleanlab", List.of(Map.entry("C", "a"), Map.entry("a", "C"))));
        assertEquals("This is a <b>sentence</b>.", TokQual.colorSentence("This is a sentence.", "sentence", "<b>", "</b>"));
        assertEquals("x 😀 y", TokQual.replaceWord("x a y", "a", "😀"));
        assertArrayEquals(new int[] {0, 0, 2, 2, 2}, TokQual.mapLabels(new int[] {0, 0, 4, 4, 3}, new int[] {0, 1, 1, 2, 2}));
        assertArrayEquals(new float[] {0.5f, 0.5f}, TokQual.subwordToWordProbs(new float[] {0.4f, 0.6f, 0.6f, 0.4f}, 2,
                new long[] {0}, new long[] {2}, null));
        assertArrayEquals(new double[] {0.45, 0.55}, TokQual.subwordToWordProbs(new double[] {0.4, 0.6, 0.6, 0.4}, 2,
                new long[] {0}, new long[] {2}, new double[] {3, 1}), 1e-15);
        assertEquals("a\t0.1\nb\t1e-05\n", TokQual.formatTokenScores(List.of("a", "b"), new double[] {0.1, 1e-5}));
        // A result longer than the first guess takes the second, exact call.
        String big = "w ".repeat(5000) + "end";
        assertEquals(big.replace("w", "[w]"), TokQual.colorSentence(big, "w", "[", "]"));
        TokenList t = TokenList.of(List.of("é", "", "😀"));
        assertEquals(List.of("é", "", "😀"), t);
        assertArrayEquals(new long[] {0, 2, 2, 6}, t.byteOffsets());
        assertEquals(6, t.utf8Bytes().length);
        // Reports with markers and class names.
        List<String> tokens = List.of("An", "sentence", "with", "a", "typo");
        long[] offsets = {0, 1, 5};
        String text = IssueReport.ofTokenIssues(offsets, tokens, List.of(new Issue(1, 2)))
                .labels(new int[] {0, 0, 0, 1, 0}).nClasses(2).classNames(List.of("O", "B-X"))
                .formatIssues(FormatIssuesOptions.defaults().highlight("**", "**").top(0));
        assertTrue(text.contains("sentence with **a** typo"), text);
        assertTrue(text.contains("Given label: B-X"), text);
        assertEquals(List.of(new Issue(1, 2)), TokQual.filterByToken("A", offsets, tokens,
                List.of(new Issue(1, 3), new Issue(1, 2))));
        expect(Status.INVALID_VALUE, () -> IssueReport.ofTokenIssues(offsets, tokens, List.of(new Issue(7, 0))).formatIssues(
                FormatIssuesOptions.defaults()));
        expect(Status.INVALID_OPTION, () -> IssueReport.ofTokenIssues(offsets, tokens, List.of(new Issue(1, 0)))
                .formatCommonLabelIssues(new CommonIssuesOptions(-1, true)), "top");
    }

    @Test
    void inspectorLifeCycle() {
        Data d = new Data(3, 60, 10, 4);
        InspectorOptions o = InspectorOptions.builder().nThreads(1).build();
        List<Issue> expected;
        byte[] saved;
        try (Inspector whole = new Inspector(d.nClasses, o)) {
            assertEquals(4, whole.nClasses());
            whole.updateThresholds(d.labels, d.probs32);
            assertEquals(new Inspector.Counts(d.labels.length, 0), whole.counts());
            expect(Status.INVALID_STATE, () -> whole.numLabelIssues());
            whole.finishThresholds();
            expect(Status.INVALID_STATE, whole::finishThresholds);
            double[] scores = whole.score(0, d.offsets, d.labels, d.probs32);
            assertEquals(d.labels.length, scores.length);
            expected = whole.findLabelIssues();
            assertEquals(expected.size(), whole.numLabelIssues());
            Inspector.IssueArrays arrays = whole.findLabelIssueArrays();
            assertEquals(expected.size(), arrays.sentences().length);
            assertEquals(expected.size(), arrays.tokens().length);
            for (int k = 0; k < expected.size(); k++) {
                assertEquals(expected.get(k), new Issue((int) arrays.sentences()[k], (int) arrays.tokens()[k]));
            }
            assertEquals(new Inspector.Counts(d.labels.length, d.labels.length), whole.counts());
            saved = whole.save();
            try (Inspector copy = whole.copy(); Inspector loaded = Inspector.load(saved, d.nClasses)) {
                assertEquals(expected, copy.findLabelIssues());
                assertEquals(expected, loaded.findLabelIssues());
                assertArrayEquals(whole.thresholds(), loaded.thresholds());
                assertArrayEquals(saved, loaded.save());
            }
        }
        // Two shards merged, after pass 1 and after pass 2, equal one inspector.
        int half = 30;
        int cut = (int) d.offsets[half];
        int k = d.nClasses;
        try (Inspector a = new Inspector(k, o); Inspector b = new Inspector(k, o)) {
            a.updateThresholds(java.util.Arrays.copyOfRange(d.labels, 0, cut), java.util.Arrays.copyOfRange(d.probs64, 0, cut * k));
            b.updateThresholds(java.util.Arrays.copyOfRange(d.labels, cut, d.labels.length),
                    java.util.Arrays.copyOfRange(d.probs64, cut * k, d.probs64.length));
            a.merge(b);
            a.finishThresholds();
            try (Inspector second = Inspector.load(a.save(), k)) {
                long[] o1 = java.util.Arrays.copyOfRange(d.offsets, 0, half + 1);
                long[] o2 = java.util.Arrays.stream(java.util.Arrays.copyOfRange(d.offsets, half, d.offsets.length))
                        .map(x -> x - cut).toArray();
                a.score(0, o1, java.util.Arrays.copyOfRange(d.labels, 0, cut), java.util.Arrays.copyOfRange(d.probs32, 0, cut * k));
                second.score(half, o2, java.util.Arrays.copyOfRange(d.labels, cut, d.labels.length),
                        java.util.Arrays.copyOfRange(d.probs32, cut * k, d.probs32.length));
                a.merge(second);
                assertEquals(expected, a.findLabelIssues());
                expect(Status.INVALID_VALUE, () -> a.merge(a));
            }
        }
        // The buffer forms give the array forms' results.
        try (Inspector arrays = new Inspector(k, o); Inspector buffers = new Inspector(k, o)) {
            ByteOrder order = ByteOrder.nativeOrder();
            IntBuffer lb = ByteBuffer.allocateDirect(4 * d.labels.length).order(order).asIntBuffer().put(d.labels).flip();
            FloatBuffer pb = ByteBuffer.allocateDirect(4 * d.probs32.length).order(order).asFloatBuffer().put(d.probs32).flip();
            DoubleBuffer pb64 = directDoubles(d.probs64.length).put(d.probs64).flip();
            LongBuffer ob = ByteBuffer.allocateDirect(8 * d.offsets.length).order(order).asLongBuffer().put(d.offsets).flip();
            arrays.updateThresholds(d.labels, d.probs32);
            buffers.updateThresholds(lb, pb);
            arrays.finishThresholds();
            buffers.finishThresholds();
            assertArrayEquals(arrays.thresholds(), buffers.thresholds());
            double[] expectedScores = arrays.score(0, d.offsets, d.labels, d.probs32);
            DoubleBuffer scores = directDoubles(d.labels.length);
            buffers.score(0, ob, lb, pb, scores);
            double[] got = new double[d.labels.length];
            scores.get(0, got);
            assertArrayEquals(expectedScores, got);
            assertEquals(arrays.findLabelIssues(), buffers.findLabelIssues());
            try (Inspector f64 = new Inspector(k, o)) {
                f64.updateThresholds(lb, pb64);
                f64.finishThresholds();
                f64.score(0, ob, lb, pb64, null);
                assertEquals(new Inspector.Counts(d.labels.length, d.labels.length), f64.counts());
            }
            expect(Status.INVALID_VALUE, () -> buffers.score(1000, ob, lb, FloatBuffer.wrap(d.probs32), null), "direct");
        }
        // Double close, use after close, bad bytes.
        Inspector c = new Inspector(2, InspectorOptions.defaults());
        c.close();
        c.close();
        expect(Status.INVALID_STATE, () -> c.updateThresholds(LABELS, PROBS), "closed");
        expect(Status.INVALID_STATE, c::save, "closed");
        expect(Status.INVALID_VALUE, () -> Inspector.load(new byte[] {1, 2, 3}, 2));
        expect(Status.INVALID_SIZE, () -> new Inspector(0, InspectorOptions.defaults()));
        expect(Status.INVALID_SIZE, () -> new Inspector(2, InspectorOptions.defaults()).updateThresholds(LABELS, new float[3]),
                "pred_probs");
    }

    @Test
    void arraysArePinnedNotCopied() {
        // The typemaps pin arrays with GetPrimitiveArrayCritical: it must hand out the
        // arrays' own memory for every element type the API uses.
        for (Object a : new Object[] {new long[1 << 20], new int[1 << 20], new float[1 << 20], new double[1 << 20],
                new byte[1 << 20]}) {
            assertFalse(NativeApiJNI.criticalIsCopy(a), a.getClass().getSimpleName() + " was copied");
        }
        // And C's writes land in the caller's array itself (in place: out_labels == labels).
        int[] labels = {0, 0, 4, 4, 3};
        NativeApi.map_labels(labels, labels.length, new int[] {0, 1, 1, 2, 2}, 5, labels);
        assertArrayEquals(new int[] {0, 0, 2, 2, 2}, labels);
    }

    @Test
    void statisticsJavaForms() {
        Data d = new Data(11, 40, 8, 3);
        FindOptions f = FindOptions.defaults();
        double[] t32 = TokQual.confidentThresholds(d.labels, d.probs32, d.nClasses, f);
        assertArrayEquals(TokQual.confidentThresholds(d.labels, d.probs64, d.nClasses, f), t32, 1e-7);
        long[] joint = TokQual.confidentJoint(d.labels, d.probs64, d.nClasses, true, f);
        assertEquals(9, joint.length);
        assertEquals(d.labels.length, java.util.Arrays.stream(joint).sum()); // calibrated: sums to the token count
        assertArrayEquals(joint, TokQual.confidentJoint(d.labels, d.probs32, d.nClasses, true, f));
        long n = TokQual.numLabelIssues(d.labels, d.probs32, d.nClasses, NumIssuesMethod.OFF_DIAGONAL, f);
        assertTrue(n >= 0);
        double[] adjusted = TokQual.adjustPredProbs(d.labels, d.probs64, d.nClasses, f);
        assertEquals(d.probs64.length, adjusted.length);
        List<Issue> ranked = new ArrayList<>(TokQual.findLabelIssues(d.offsets, d.labels, d.probs64, d.nClasses,
                FindOptions.builder().filterBy(FilterMethod.LOW_SELF_CONFIDENCE).build()));
        assertEquals(n, ranked.size());
    }
}
