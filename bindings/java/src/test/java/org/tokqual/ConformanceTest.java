package org.tokqual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binding against cleanlab 2.9.0's outputs in tests/conformance/scores.json and
 * find_issues.json, the data the C++ and Rust tests read: numbers to 1e-12, issue lists
 * exactly, and every refused configuration with the status the C test expects.
 */
class ConformanceTest {
    static final double TOLERANCE = 1e-12;

    /** One case's dataset, with pred_probs in the case's dtype. */
    static final class Case {
        final String name;
        final long[] offsets;
        final int[] labels;
        final double[] probs;
        final float[] probs32;
        final boolean single;
        final int nClasses;

        Case(JsonObject c) {
            name = c.get("name").getAsString();
            offsets = Json.longs(c.get("offsets"));
            labels = Json.ints(c.get("labels"));
            probs = Json.doubles(c.get("pred_probs"));
            probs32 = Json.floats(probs);
            single = c.get("dtype").getAsString().equals("float32");
            nClasses = c.get("n_classes").getAsInt();
        }
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": lengths");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= TOLERANCE)) {
                fail(what + "[" + i + "]: cleanlab " + expected[i] + ", tokqual " + actual[i]);
            }
        }
    }

    static TokenMethod tokenMethod(String name) {
        return TokenMethod.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    static FilterMethod filterMethod(String name) {
        return FilterMethod.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    static Status statusOf(String kind) {
        switch (kind) {
            case "one_class": return Status.INVALID_LABEL;
            case "num_to_remove": return Status.INVALID_OPTION;
            case "one_column": return Status.INVALID_SIZE;
            case "probability": return Status.INVALID_PROBABILITY;
            default: throw new AssertionError("unknown error kind " + kind);
        }
    }

    @Test
    void scoresAndIssuesMatchCleanlab() throws Exception {
        int checked = 0;
        for (JsonElement ce : Json.load("scores.json").getAsJsonArray("cases")) {
            JsonObject c = ce.getAsJsonObject();
            Case k = new Case(c);
            for (JsonElement re : c.getAsJsonArray("scores")) {
                JsonObject r = re.getAsJsonObject();
                ScoreOptions o = ScoreOptions.builder()
                        .tokenMethod(tokenMethod(r.get("token_method").getAsString()))
                        .sentenceMethod(r.get("sentence_method").getAsString().equals("softmin")
                                ? SentenceMethod.SOFTMIN : SentenceMethod.MIN)
                        .temperature(Json.isNull(r, "temperature") ? 0.05 : Json.number(r.get("temperature")))
                        .nThreads(2)
                        .build();
                String what = k.name + " " + r.get("token_method") + " " + r.get("sentence_method") + " " + r.get("temperature");
                Scores s = k.single ? TokQual.labelQualityScores(k.offsets, k.labels, k.probs32, k.nClasses, o)
                        : TokQual.labelQualityScores(k.offsets, k.labels, k.probs, k.nClasses, o);
                assertClose(Json.doubles(r.get("sentence_scores")), s.sentenceScores(), what);
                assertClose(Json.doubles(r.get("token_scores")), s.tokenScores(), what);
                checked++;
            }
            if (!c.has("issues")) continue;
            for (JsonElement ie : c.getAsJsonArray("issues")) {
                JsonObject r = ie.getAsJsonObject();
                JsonObject reference = null;
                for (JsonElement se : c.getAsJsonArray("scores")) {
                    JsonObject s = se.getAsJsonObject();
                    if (s.get("token_method").equals(r.get("token_method"))
                            && s.get("sentence_method").getAsString().equals("min")) {
                        reference = s;
                        break;
                    }
                }
                double threshold = r.get("threshold").getAsDouble();
                int[] sentences = TokQual.issuesFromSentenceScores(Json.doubles(reference.get("sentence_scores")), threshold);
                long[] expected = Json.longs(r.get("sentence_issues"));
                assertEquals(expected.length, sentences.length, k.name + " threshold " + threshold);
                for (int i = 0; i < expected.length; i++) assertEquals(expected[i], sentences[i], k.name);
                List<Issue> tokens = TokQual.issuesFromTokenScores(k.offsets, Json.doubles(reference.get("token_scores")), threshold);
                assertEquals(Json.issues(r.get("token_issues")), tokens, k.name + " threshold " + threshold);
                checked++;
            }
        }
        assertTrue(checked > 100, "only " + checked + " checks");
    }

    /** Token scores given directly, rolled up by cleanlab's np.min and _softmin_sentence_score. */
    @Test
    void sentenceScoresFromTokenScoresMatchCleanlab() throws Exception {
        int checked = 0;
        for (JsonElement ce : Json.load("scores.json").getAsJsonArray("aggregation")) {
            JsonObject c = ce.getAsJsonObject();
            long[] offsets = Json.longs(c.get("offsets"));
            double[] tokenScores = Json.doubles(c.get("token_scores"));
            for (JsonElement re : c.getAsJsonArray("results")) {
                JsonObject r = re.getAsJsonObject();
                ScoreOptions o = ScoreOptions.builder()
                        .sentenceMethod(r.get("sentence_method").getAsString().equals("softmin")
                                ? SentenceMethod.SOFTMIN : SentenceMethod.MIN)
                        .temperature(Json.isNull(r, "temperature") ? 0.05 : Json.number(r.get("temperature")))
                        .nThreads(2)
                        .build();
                String what = c.get("name").getAsString() + " " + r.get("sentence_method") + " " + r.get("temperature");
                assertClose(Json.doubles(r.get("sentence_scores")),
                        TokQual.sentenceScoresFromTokenScores(offsets, tokenScores, o), what);
                checked++;
            }
        }
        assertTrue(checked >= 55, "only " + checked + " checks");
    }

    @Test
    void confidentLearningMatchesCleanlab() throws Exception {
        int found = 0;
        int refused = 0;
        for (JsonElement ce : Json.load("find_issues.json").getAsJsonArray("cases")) {
            JsonObject c = ce.getAsJsonObject();
            Case k = new Case(c);
            for (JsonElement ee : c.getAsJsonArray("find")) {
                JsonObject e = ee.getAsJsonObject();
                FindOptions o = FindOptions.builder()
                        .filterBy(filterMethod(e.get("f").getAsString()))
                        .rankBy(tokenMethod(e.get("r").getAsString()))
                        .adjustPredProbs(e.get("a").getAsBoolean())
                        .fracNoise(e.get("fn").getAsDouble())
                        .minExamplesPerClass(e.get("m").getAsLong())
                        .numToRemovePerClass(Json.isNull(e, "n") ? null : Json.longs(e.get("n")))
                        .nThreads(1)
                        .build();
                String what = k.name + ": " + e;
                if (e.has("e")) {
                    // As tests/test_find_issues.cpp: options first, then sizes, then data.
                    Status expected = statusOf(e.get("e").getAsString());
                    if (k.nClasses < 2 && (o.rankBy() != TokenMethod.SELF_CONFIDENCE
                            || o.filterBy() == FilterMethod.LOW_NORMALIZED_MARGIN)) {
                        expected = Status.INVALID_SIZE;
                    }
                    if (!Json.isNull(e, "n") && o.filterBy().ordinal() > FilterMethod.BOTH.ordinal()) {
                        expected = Status.INVALID_OPTION;
                    }
                    try {
                        find(k, o);
                        fail(what + ": cleanlab refuses this, tokqual accepted it");
                    } catch (TokQualException x) {
                        assertEquals(expected, x.status(), what + ": " + x.getMessage());
                    }
                    refused++;
                } else {
                    assertEquals(Json.issues(e.get("i")), find(k, o), what);
                    found++;
                }
            }
            statistics(c, k);
        }
        assertTrue(found > 1000 && refused > 100, "only " + found + " + " + refused + " checks");
    }

    static List<Issue> find(Case k, FindOptions o) {
        return k.single ? TokQual.findLabelIssues(k.offsets, k.labels, k.probs32, k.nClasses, o)
                : TokQual.findLabelIssues(k.offsets, k.labels, k.probs, k.nClasses, o);
    }

    private static void statistics(JsonObject c, Case k) {
        for (int threads : new int[] {1, 3}) {
            FindOptions o = FindOptions.builder().nThreads(threads).build();
            double[] t = k.single ? TokQual.confidentThresholds(k.labels, k.probs32, k.nClasses, o)
                    : TokQual.confidentThresholds(k.labels, k.probs, k.nClasses, o);
            assertClose(Json.doubles(c.get("thresholds")), t, k.name + " thresholds");
            for (boolean calibrate : new boolean[] {false, true}) {
                long[] joint = k.single ? TokQual.confidentJoint(k.labels, k.probs32, k.nClasses, calibrate, o)
                        : TokQual.confidentJoint(k.labels, k.probs, k.nClasses, calibrate, o);
                assertEquals(java.util.Arrays.toString(Json.flatLongs(c.get(calibrate ? "joint_calibrated" : "joint_raw"))),
                        java.util.Arrays.toString(joint), k.name + " calibrate=" + calibrate);
            }
            for (NumIssuesMethod m : NumIssuesMethod.values()) {
                JsonElement expected = c.get(m == NumIssuesMethod.OFF_DIAGONAL ? "num_issues_off_diagonal"
                        : "num_issues_off_diagonal_calibrated");
                try {
                    long n = k.single ? TokQual.numLabelIssues(k.labels, k.probs32, k.nClasses, m, o)
                            : TokQual.numLabelIssues(k.labels, k.probs, k.nClasses, m, o);
                    assertTrue(expected.isJsonPrimitive(), k.name + " " + m + ": cleanlab refuses, tokqual gave " + n);
                    assertEquals(expected.getAsLong(), n, k.name + " " + m);
                } catch (TokQualException x) {
                    assertTrue(expected.isJsonObject(), k.name + " " + m + ": " + x.getMessage());
                    assertEquals(statusOf(expected.getAsJsonObject().get("error").getAsString()), x.status(), k.name);
                }
            }
            if (c.has("adjusted_pred_probs")) {
                double[] adjusted = k.single ? TokQual.adjustPredProbs(k.labels, k.probs32, k.nClasses, o)
                        : TokQual.adjustPredProbs(k.labels, k.probs, k.nClasses, o);
                assertClose(Json.doubles(c.get("adjusted_pred_probs")), adjusted, k.name + " adjusted");
            }
        }
    }

    @Test
    void inspectorMatchesCleanlabLowMemoryMode() throws Exception {
        int checked = 0;
        for (JsonElement ce : Json.load("find_issues.json").getAsJsonArray("cases")) {
            JsonObject c = ce.getAsJsonObject();
            Case k = new Case(c);
            for (JsonElement ee : c.getAsJsonArray("batched")) {
                JsonObject e = ee.getAsJsonObject();
                InspectorOptions o = InspectorOptions.builder()
                        .rankBy(tokenMethod(e.get("rank_by").getAsString()))
                        .adjustPredProbs(e.get("adjust_pred_probs").getAsBoolean())
                        .numIssuesMethod(e.get("num_issues_method").getAsString().equals("off_diagonal")
                                ? NumIssuesMethod.OFF_DIAGONAL : NumIssuesMethod.OFF_DIAGONAL_CALIBRATED)
                        .nThreads(1)
                        .build();
                String what = k.name + ": " + e.get("rank_by") + " " + e.get("adjust_pred_probs") + " " + e.get("num_issues_method");
                try (Inspector inspector = new Inspector(k.nClasses, o)) {
                    if (k.single) inspector.updateThresholds(k.labels, k.probs32);
                    else inspector.updateThresholds(k.labels, k.probs);
                    inspector.finishThresholds();
                    try {
                        if (k.single) inspector.score(0, k.offsets, k.labels, k.probs32);
                        else inspector.score(0, k.offsets, k.labels, k.probs);
                        assertTrue(!e.has("error"), what + ": cleanlab refuses this");
                    } catch (TokQualException x) {
                        assertTrue(e.has("error"), what + ": " + x.getMessage());
                        assertEquals(Status.INVALID_PROBABILITY, x.status(), what);
                        continue;
                    }
                    assertEquals(e.get("num_issues").getAsLong(), inspector.numLabelIssues(), what);
                    assertClose(Json.doubles(e.get("thresholds")), inspector.thresholds(), what);
                    // cleanlab lists the issues by position; tokqual ranks them.
                    List<Issue> issues = new ArrayList<>(inspector.findLabelIssues());
                    java.util.Collections.sort(issues);
                    assertEquals(Json.issues(e.get("issues")), issues, what);
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "only " + checked + " checks");
    }
}
