package org.tokqual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The text helpers and issue reports against cleanlab 2.9.0's outputs in
 * tests/conformance/text.json: strings byte for byte (through Java's UTF-16 and back),
 * numbers to 1e-12.
 */
class TextConformanceTest {
    @Test
    void sentenceAndTokenHelpers() throws Exception {
        JsonObject data = Json.load("text.json");
        for (JsonElement ce : data.getAsJsonArray("get_sentence")) {
            JsonObject c = ce.getAsJsonObject();
            assertEquals(c.get("sentence").getAsString(), TokQual.getSentence(Json.strings(c.get("words"))));
        }
        JsonObject f = data.getAsJsonObject("filter_sentence");
        List<String> sentences = Json.strings(f.get("sentences"));
        JsonArray mask = f.getAsJsonArray("mask");
        List<Integer> expected = new ArrayList<>();
        boolean[] expectedMask = new boolean[mask.size()];
        for (int i = 0; i < mask.size(); i++) {
            expectedMask[i] = mask.get(i).getAsBoolean();
            if (expectedMask[i]) expected.add(i);
        }
        assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), TokQual.filterSentences(sentences));
        assertArrayEquals(expectedMask, TokQual.filterSentencesMask(sentences));
        for (JsonElement ce : data.getAsJsonArray("process_token")) {
            JsonObject c = ce.getAsJsonObject();
            List<Map.Entry<String, String>> replace = new ArrayList<>();
            if (!Json.isNull(c, "replace")) {
                for (JsonElement p : c.getAsJsonArray("replace")) {
                    replace.add(Map.entry(p.getAsJsonArray().get(0).getAsString(), p.getAsJsonArray().get(1).getAsString()));
                }
            }
            assertEquals(c.get("result").getAsString(), TokQual.processToken(c.get("token").getAsString(), replace), c.toString());
        }
        int colored = 0;
        for (JsonElement ce : data.getAsJsonArray("color")) {
            JsonObject c = ce.getAsJsonObject();
            String sentence = c.get("sentence").getAsString();
            String word = c.get("word").getAsString();
            if (c.has("colored")) {
                assertEquals(c.get("colored").getAsString(), TokQual.colorSentence(sentence, word), sentence + " / " + word);
                colored++;
            } else {
                assertEquals(c.get("replaced").getAsString(),
                        TokQual.replaceWord(sentence, word, c.get("new_word").getAsString()), sentence + " / " + word);
            }
        }
        assertTrue(colored > 100, "only " + colored);
    }

    @Test
    void classMapsAndSubwords() throws Exception {
        JsonObject data = Json.load("text.json");
        for (JsonElement ce : data.getAsJsonArray("mapping")) {
            JsonObject c = ce.getAsJsonObject();
            assertArrayEquals(Json.ints(c.get("mapped")), TokQual.mapLabels(Json.ints(c.get("labels")), Json.ints(c.get("maps"))));
        }
        for (JsonElement ce : data.getAsJsonArray("merge_probs")) {
            JsonObject c = ce.getAsJsonObject();
            double[] probs = Json.doubles(c.get("pred_probs"));
            int[] maps = Json.ints(c.get("maps"));
            int k = c.get("n_classes").getAsInt();
            double[] expected = Json.doubles(c.get("merged"));
            ConformanceTest.assertClose(expected, TokQual.mergeProbs(probs, k, maps), "merge_probs f64");
            if (c.get("dtype").getAsString().equals("float32")) {
                float[] merged = TokQual.mergeProbs(Json.floats(probs), k, maps);
                assertEquals(expected.length, merged.length);
                for (int i = 0; i < merged.length; i++) assertEquals(expected[i], merged[i], 1e-7, "merge_probs f32");
            }
        }
        for (JsonElement ce : data.getAsJsonArray("subword")) {
            JsonObject c = ce.getAsJsonObject();
            double[] weights = Json.isNull(c, "weights") ? null : Json.doubles(c.get("weights"));
            double[] words = TokQual.subwordToWordProbs(Json.doubles(c.get("subword_probs")), c.get("n_classes").getAsInt(),
                    Json.longs(c.get("word_begin")), Json.longs(c.get("word_end")), weights);
            ConformanceTest.assertClose(Json.doubles(c.get("word_probs")), words, "subword_to_word_probs");
        }
    }

    @Test
    void issueReportsMatchCleanlab() throws Exception {
        JsonObject data = Json.load("text.json");
        int checked = 0;
        for (JsonElement ce : data.getAsJsonArray("datasets")) {
            JsonObject c = ce.getAsJsonObject();
            TokenList tokens = TokenList.of(Json.strings(c.get("tokens")));
            long[] offsets = Json.longs(c.get("offsets"));
            int[] labels = Json.ints(c.get("labels"));
            double[] probs = Json.doubles(c.get("pred_probs"));
            int k = c.get("n_classes").getAsInt();
            List<Issue> issues = Json.issues(c.get("issues"));
            List<String> names = Json.isNull(c, "class_names") ? null : Json.strings(c.get("class_names"));
            List<int[]> exclude = new ArrayList<>();
            for (JsonElement p : c.getAsJsonArray("exclude")) exclude.add(Json.ints(p));
            long seed = c.get("seed").getAsLong();
            FormatIssuesOptions display = FormatIssuesOptions.defaults().top(c.get("top_display").getAsLong());

            for (JsonElement ve : c.getAsJsonArray("display")) {
                JsonObject v = ve.getAsJsonObject();
                IssueReport r = report(IssueReport.ofTokenIssues(offsets, tokens, issues), v, v.get("labels").getAsBoolean(),
                        v.get("pred_probs").getAsBoolean(), labels, probs, k, names).exclude(exclude);
                assertEquals(v.get("text").getAsString(), r.formatIssues(display), "seed " + seed + " " + v.keySet());
                checked++;
            }
            JsonObject v = c.getAsJsonObject("display_sentences");
            IssueReport sr = report(IssueReport.ofSentenceIssues(offsets, tokens, Json.ints(v.get("issues"))), v,
                    v.get("labels").getAsBoolean(), false, labels, probs, k, names);
            assertEquals(v.get("text").getAsString(), sr.formatIssues(display), "seed " + seed + " sentence issues");

            for (JsonElement we : c.getAsJsonArray("common")) {
                JsonObject w = we.getAsJsonObject();
                boolean swaps = w.get("swaps").getAsBoolean();
                IssueReport r = report(IssueReport.ofTokenIssues(offsets, tokens, issues), w, swaps, swaps, labels, probs, k, names);
                if (swaps) r = r.exclude(exclude);
                CommonIssuesOptions o = new CommonIssuesOptions(c.get("top_common").getAsLong(), w.get("verbose").getAsBoolean());
                assertEquals(w.get("text").getAsString(), r.formatCommonLabelIssues(o), "seed " + seed);
                List<String> rows = new ArrayList<>();
                for (CommonIssue row : r.commonLabelIssues()) {
                    assertEquals(row.word(), tokens.get(row.firstToken()));
                    rows.add(row.word() + "|" + row.given() + "|" + row.predicted() + "|" + row.count());
                }
                List<String> expectedRows = new ArrayList<>();
                for (JsonElement re : w.getAsJsonArray("rows")) {
                    JsonArray a = re.getAsJsonArray();
                    expectedRows.add(a.get(0).getAsString() + "|" + a.get(1).getAsInt() + "|" + a.get(2).getAsInt() + "|"
                            + a.get(3).getAsLong());
                }
                assertEquals(expectedRows, rows, "seed " + seed);
                checked++;
            }
            for (JsonElement qe : c.getAsJsonArray("filter_by_token")) {
                JsonObject q = qe.getAsJsonObject();
                assertEquals(Json.issues(q.get("issues")),
                        TokQual.filterByToken(q.get("word").getAsString(), offsets, tokens, issues), "seed " + seed);
            }
            Scores scores = TokQual.labelQualityScores(offsets, labels, probs, k, ScoreOptions.defaults());
            JsonArray texts = c.getAsJsonArray("token_scores_text");
            for (int s = 0; s < texts.size(); s++) {
                int from = (int) offsets[s];
                int to = (int) offsets[s + 1];
                assertEquals(texts.get(s).getAsString(), TokQual.formatTokenScores(tokens.subList(from, to),
                        java.util.Arrays.copyOfRange(scores.tokenScores(), from, to)), "seed " + seed + " sentence " + s);
            }
        }
        assertTrue(checked > 100, "only " + checked + " checks");
    }

    private static IssueReport report(IssueReport r, JsonObject v, boolean withLabels, boolean withProbs, int[] labels,
                                      double[] probs, int k, List<String> names) {
        r = r.nClasses(k);
        if (withLabels) r = r.labels(labels);
        if (withProbs) r = r.predProbs(probs, k);
        if (v.has("class_names") && v.get("class_names").getAsBoolean()) r = r.classNames(names);
        return r;
    }
}
