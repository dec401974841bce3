package org.tokqual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The bad-input matrix (tests/conformance/bad_inputs.json, format in
 * tests/conformance/README.md) through the Java typemaps: every case's calls made on the
 * generated layer (NativeApi, which the public API wraps), each with the status and message
 * words C gives, nothing written to any output array (all filled with the sentinel byte
 * first, plus a guard element), and no inspector returned on error.
 *
 * <p>The generated methods keep the C parameter names (compiled with -parameters), so one
 * generic dispatcher reads each argument by name. The single-call "any" cases of the
 * scoring, issue, confident-learning, statistics and class-map functions also run
 * through the public API (TokQual), which must throw the same status and words. Skipped, by name, with the reason: the
 * cases that set options->struct_size (the binding's option objects always carry the
 * library's own size, there is no setter).
 */
class BadInputsTest {
    static final byte SENTINEL = (byte) 0xA5;

    /** Parameters whose C element type is int64_t, int32_t, double, char/uint8_t; the
     * probability matrices depend on the _f32 / _f64 suffix. */
    static final Set<String> LONGS = Set.of("offsets", "word_offsets", "token_offsets", "pair_offsets",
            "sentence_offsets", "issue_sentences", "issue_tokens", "class_name_offsets", "word_begin", "word_end",
            "values", "out_sentences", "out_tokens", "out_kept", "out_joint", "out_word_tokens", "out_counts",
            "out_count", "out_size", "out_threshold_tokens", "out_scored_tokens");
    static final Set<String> INTS = Set.of("labels", "maps", "exclude", "out_labels", "out_given", "out_predicted");
    static final Set<String> DOUBLES = Set.of("sentence_scores", "token_scores", "weights", "scores", "out_pred_probs",
            "out_thresholds");
    static final Set<String> PROBS = Set.of("pred_probs", "subword_probs", "out_probs", "out_word_probs");
    static final Set<String> BYTES = Set.of("text", "token", "pairs_text", "sentence", "word", "new_word", "token_text",
            "class_names", "buffer", "before", "after", "out_text", "out_mask");
    static final Set<String> CSTRINGS = Set.of("before", "after");

    /** One case's context: its named inspectors and saved states. */
    static final class Context {
        final Map<String, Long> inspectors = new HashMap<>();
        final Map<String, byte[]> saved = new HashMap<>();
    }

    @Test
    void everyCaseFailsAsInC() throws Exception {
        String dir = System.getProperty("tokqual.conformance.dir", "../../tests/conformance");
        Assumptions.assumeTrue(Files.exists(Paths.get(dir, "bad_inputs.json")),
                "bad_inputs.json is not in " + dir + " yet (it arrives with the bad-input matrix)");
        JsonObject data = com.google.gson.JsonParser.parseString(
                Files.readString(Paths.get(dir, "bad_inputs.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(1, data.get("version").getAsInt(), "bad_inputs.json format version");
        assertEquals(SENTINEL & 0xFF, data.get("sentinel_byte").getAsInt());
        Map<String, Method> methods = new HashMap<>();
        for (Method m : NativeApi.class.getDeclaredMethods()) methods.put(m.getName(), m);
        int ran = 0;
        int idiomatic = 0;
        int skipped = 0;
        List<String> failures = new ArrayList<>();
        for (JsonElement ce : data.getAsJsonArray("cases")) {
            JsonObject c = ce.getAsJsonObject();
            String name = c.get("name").getAsString();
            if (c.toString().contains("\"struct_size\"")) {
                skipped++; // options->struct_size: not settable from Java (see the class comment)
                continue;
            }
            Context context = new Context();
            try {
                int step = 0;
                for (JsonElement se : c.getAsJsonArray("steps")) {
                    runStep(methods, context, se.getAsJsonObject(), name + " step " + step++);
                }
                ran++;
                JsonArray steps = c.getAsJsonArray("steps");
                if (c.get("layer").getAsString().equals("any") && steps.size() == 1) {
                    JsonObject only = steps.get(0).getAsJsonObject();
                    Runnable call = idiomaticCall(only.get("call").getAsString(), only.getAsJsonObject("args"));
                    if (call != null) {
                        checkIdiomatic(call, only, name + " (public API)");
                        idiomatic++;
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                failures.add(name + ": " + e);
            } finally {
                for (long h : context.inspectors.values()) NativeApi.inspector_destroy(h);
            }
        }
        System.out.println("BadInputsTest: " + ran + " cases passed (" + idiomatic + " also through the public API), "
                + failures.size() + " failed, " + skipped + " skipped (struct_size)");
        assertTrue(failures.isEmpty(), failures.size() + " cases failed:\n" + String.join("\n", failures));
        assertTrue(ran > 400 && idiomatic > 100, "only " + ran + " cases ran, " + idiomatic + " through the public API");
    }

    static void checkIdiomatic(Runnable call, JsonObject step, String what) {
        try {
            call.run();
            assertEquals("TQ_OK", step.get("status").getAsString(), what + ": no exception");
        } catch (TokQualException e) {
            assertEquals(step.get("status").getAsString(), tq_status.swigToEnum(e.code()).toString(),
                    what + ": " + e.libraryMessage());
            for (JsonElement word : step.getAsJsonArray("message")) {
                assertTrue(e.libraryMessage().contains(word.getAsString()),
                        what + ": '" + word.getAsString() + "' not in: " + e.libraryMessage());
            }
        }
    }

    /** The public-API form of a call, or null where this runner has none. */
    static Runnable idiomaticCall(String call, JsonObject a) {
        boolean f32 = call.endsWith("_f32");
        String base = f32 || call.endsWith("_f64") ? call.substring(3, call.length() - 4) : call.substring(3);
        switch (base) {
            case "label_quality_scores": {
                long[] o = Json.longs(a.get("offsets"));
                int[] l = Json.ints(a.get("labels"));
                double[] p = Json.doubles(a.get("pred_probs"));
                int k = a.get("n_classes").getAsInt();
                ScoreOptions so = scoreOptions(a.get("options"));
                return f32 ? () -> TokQual.labelQualityScores(o, l, Json.floats(p), k, so)
                        : () -> TokQual.labelQualityScores(o, l, p, k, so);
            }
            case "find_label_issues": {
                long[] o = Json.longs(a.get("offsets"));
                int[] l = Json.ints(a.get("labels"));
                double[] p = Json.doubles(a.get("pred_probs"));
                int k = a.get("n_classes").getAsInt();
                FindOptions fo = findOptions(a.get("options"));
                return f32 ? () -> TokQual.findLabelIssues(o, l, Json.floats(p), k, fo)
                        : () -> TokQual.findLabelIssues(o, l, p, k, fo);
            }
            case "confident_thresholds":
            case "confident_joint":
            case "num_label_issues":
            case "adjust_pred_probs": {
                int[] l = Json.ints(a.get("labels"));
                double[] p = Json.doubles(a.get("pred_probs"));
                float[] p32 = Json.floats(p);
                int k = a.get("n_classes").getAsInt();
                FindOptions fo = findOptions(a.get("options"));
                switch (base) {
                    case "confident_thresholds":
                        return f32 ? () -> TokQual.confidentThresholds(l, p32, k, fo) : () -> TokQual.confidentThresholds(l, p, k, fo);
                    case "confident_joint": {
                        boolean calibrate = a.get("calibrate").getAsInt() != 0;
                        if (a.get("calibrate").getAsInt() > 1) return null; // a bool in Java
                        return f32 ? () -> TokQual.confidentJoint(l, p32, k, calibrate, fo)
                                : () -> TokQual.confidentJoint(l, p, k, calibrate, fo);
                    }
                    case "num_label_issues": {
                        NumIssuesMethod m = NumIssuesMethod.values()[enumValue(a.get("method"))];
                        return f32 ? () -> TokQual.numLabelIssues(l, p32, k, m, fo) : () -> TokQual.numLabelIssues(l, p, k, m, fo);
                    }
                    default:
                        return f32 ? () -> TokQual.adjustPredProbs(l, p32, k, fo) : () -> TokQual.adjustPredProbs(l, p, k, fo);
                }
            }
            case "sentence_scores_from_token_scores": {
                long[] o = Json.longs(a.get("offsets"));
                double[] sc = Json.doubles(a.get("token_scores"));
                ScoreOptions so = scoreOptions(a.get("options"));
                return () -> TokQual.sentenceScoresFromTokenScores(o, sc, so);
            }
            case "issues_from_sentence_scores": {
                double[] sc = Json.doubles(a.get("sentence_scores"));
                double t = Json.number(a.get("threshold"));
                return () -> TokQual.issuesFromSentenceScores(sc, t);
            }
            case "issues_from_token_scores": {
                long[] o = Json.longs(a.get("offsets"));
                double[] sc = Json.doubles(a.get("token_scores"));
                double t = Json.number(a.get("threshold"));
                return () -> TokQual.issuesFromTokenScores(o, sc, t);
            }
            case "map_labels": {
                int[] l = Json.ints(a.get("labels"));
                int[] m = Json.ints(a.get("maps"));
                return () -> TokQual.mapLabels(l, m);
            }
            case "subword_to_word_probs": {
                double[] p = Json.doubles(a.get("subword_probs"));
                int k = a.get("n_classes").getAsInt();
                long[] b = Json.longs(a.get("word_begin"));
                long[] e = Json.longs(a.get("word_end"));
                double[] w = a.get("weights").isJsonNull() ? null : Json.doubles(a.get("weights"));
                return f32 ? () -> TokQual.subwordToWordProbs(Json.floats(p), k, b, e, w)
                        : () -> TokQual.subwordToWordProbs(p, k, b, e, w);
            }
            default:
                return null;
        }
    }

    static ScoreOptions scoreOptions(JsonElement v) {
        ScoreOptions.Builder b = ScoreOptions.builder();
        if (v.isJsonNull()) return b.build();
        JsonObject o = v.getAsJsonObject();
        if (o.has("token_method")) b.tokenMethod(TokenMethod.values()[enumValue(o.get("token_method"))]);
        if (o.has("sentence_method")) b.sentenceMethod(SentenceMethod.values()[enumValue(o.get("sentence_method"))]);
        if (o.has("temperature")) b.temperature(Json.number(o.get("temperature")));
        if (o.has("n_threads")) b.nThreads(o.get("n_threads").getAsInt());
        return b.build();
    }

    static FindOptions findOptions(JsonElement v) {
        FindOptions.Builder b = FindOptions.builder();
        if (v.isJsonNull()) return b.build();
        JsonObject o = v.getAsJsonObject();
        if (o.has("filter_by")) b.filterBy(FilterMethod.values()[enumValue(o.get("filter_by"))]);
        if (o.has("rank_by")) b.rankBy(TokenMethod.values()[enumValue(o.get("rank_by"))]);
        if (o.has("frac_noise")) b.fracNoise(Json.number(o.get("frac_noise")));
        if (o.has("min_examples_per_class")) b.minExamplesPerClass(o.get("min_examples_per_class").getAsLong());
        if (o.has("n_threads")) b.nThreads(o.get("n_threads").getAsInt());
        if (o.has("adjust_pred_probs")) b.adjustPredProbs(o.get("adjust_pred_probs").getAsInt() != 0);
        if (o.has("num_to_remove_per_class") && !o.get("num_to_remove_per_class").isJsonNull()) {
            b.numToRemovePerClass(Json.longs(o.get("num_to_remove_per_class")));
        }
        return b.build();
    }

    static void runStep(Map<String, Method> methods, Context context, JsonObject step, String what) throws Exception {
        String call = step.get("call").getAsString();
        JsonObject args = step.getAsJsonObject("args");
        if (call.equals("tq_inspector_save") && args.has("buffer") && args.get("buffer").isJsonObject()
                && args.getAsJsonObject("buffer").has("bytes")) {
            long h = context.inspectors.get(args.get("inspector").getAsString());
            long[] size = new long[1];
            try {
                NativeApi.inspector_save(h, null, 0, size);
            } catch (TokQualException e) {
                assertEquals(Status.BUFFER_TOO_SMALL, e.status(), what);
            }
            byte[] bytes = new byte[(int) size[0]];
            NativeApi.inspector_save(h, bytes, bytes.length, size);
            context.saved.put(args.getAsJsonObject("buffer").get("bytes").getAsString(), bytes);
            return;
        }
        Method m = methods.get(call.substring(3));
        if (m == null) fail(what + ": no generated method for " + call);
        boolean f32 = call.endsWith("_f32");
        Parameter[] params = m.getParameters();
        Object[] values = new Object[params.length];
        Set<String> used = new java.util.HashSet<>();
        List<Object> options = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            String p = params[i].getName();
            JsonElement v = args.get(p);
            if (v == null && p.equals("size") && call.equals("tq_inspector_load")) {
                values[i] = (long) ((byte[]) values[0]).length;
                continue;
            }
            if (v == null) fail(what + ": case has no argument " + p + " for " + call);
            used.add(p);
            values[i] = argument(context, p, params[i].getType(), v, f32, what, options);
        }
        // tq_filter_sentences' callback: the Java layer always passes NULL (Java predicates
        // run in Java), which is all the matrix uses.
        for (String callback : new String[] {"predicate", "user_data"}) {
            if (call.equals("tq_filter_sentences") && args.has(callback)) {
                assertTrue(args.get(callback).isJsonNull(), what + ": a non-NULL " + callback + " cannot be passed");
                used.add(callback);
            }
        }
        for (String key : args.keySet()) {
            if (!used.contains(key)) fail(what + ": argument " + key + " not read by the runner");
        }
        String expected = step.get("status").getAsString();
        TokQualException error = null;
        try {
            m.invoke(null, values);
        } catch (InvocationTargetException e) {
            if (!(e.getCause() instanceof TokQualException)) throw e;
            error = (TokQualException) e.getCause();
        } finally {
            for (Object o : options) delete(o);
        }
        String actual = error == null ? "TQ_OK" : tq_status.swigToEnum(error.code()).toString();
        assertEquals(expected, actual, what + ": " + (error == null ? "" : error.libraryMessage()));
        if (error != null) {
            assertFalse(error.libraryMessage().isEmpty(), what + ": empty message");
            for (JsonElement word : step.getAsJsonArray("message")) {
                assertTrue(error.libraryMessage().contains(word.getAsString()),
                        what + ": '" + word.getAsString() + "' not in: " + error.libraryMessage());
            }
        }
        JsonObject written = step.has("written") ? step.getAsJsonObject("written") : new JsonObject();
        for (int i = 0; i < params.length; i++) {
            String p = params[i].getName();
            JsonElement v = args.get(p);
            if (v == null || !v.isJsonObject()) continue;
            JsonObject o = v.getAsJsonObject();
            if (o.has("out")) {
                checkOutput(values[i], o.get("out").getAsInt(), error != null, written.get(p), what + " " + p);
            } else if (o.has("inspector")) {
                long h = ((long[]) values[i])[0];
                if (error != null) {
                    assertEquals(0, h, what + ": out_inspector not NULL on error");
                } else {
                    context.inspectors.put(o.get("inspector").getAsString(), h);
                }
            }
        }
    }

    static Object argument(Context context, String p, Class<?> type, JsonElement v, boolean f32, String what,
                           List<Object> options) {
        if (type == long.class) {
            if (p.equals("inspector") || p.equals("into") || p.equals("from")) {
                if (v.isJsonNull()) return 0L;
                Long h = context.inspectors.get(v.getAsString());
                if (h == null) fail(what + ": no inspector " + v);
                return h;
            }
            String s = v.getAsString();
            return s.startsWith("-") || s.length() < 19 ? Long.parseLong(s) : Long.parseUnsignedLong(s);
        }
        if (type == int.class) return enumValue(v);
        if (type == double.class) return Json.number(v);
        if (type == NativeScoreOptions.class || type == NativeFindOptions.class || type == NativeInspectorOptions.class
                || type == NativeFormatIssuesOptions.class || type == NativeCommonIssuesOptions.class) {
            if (v.isJsonNull()) return null;
            Object o = options(type, v.getAsJsonObject(), what);
            options.add(o);
            return o;
        }
        if (type != Object.class) fail(what + ": parameter " + p + " of unexpected type " + type);
        if (v.isJsonNull()) return null;
        if (v.isJsonObject()) {
            JsonObject o = v.getAsJsonObject();
            if (o.has("out")) return sentinelArray(p, f32, o.get("out").getAsInt() + 1);
            if (o.has("inspector")) return new long[] {0xA5A5A5A5A5A5A5A5L};
            if (o.has("hex")) return withNul(p, hex(o.get("hex").getAsString()));
            if (o.has("saved")) return edited(context.saved.get(o.get("saved").getAsString()), o.getAsJsonArray("edits"));
            fail(what + ": unknown argument form " + v);
        }
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
            return withNul(p, v.getAsString().getBytes(StandardCharsets.UTF_8));
        }
        JsonArray a = v.getAsJsonArray();
        if (LONGS.contains(p)) {
            long[] out = new long[a.size()];
            for (int i = 0; i < out.length; i++) {
                String s = a.get(i).getAsString();
                out[i] = s.startsWith("-") || s.length() < 19 ? Long.parseLong(s) : Long.parseUnsignedLong(s);
            }
            return out;
        }
        if (INTS.contains(p)) return Json.ints(a);
        double[] d = Json.doubles(a);
        if (DOUBLES.contains(p) || (PROBS.contains(p) && !f32)) return d;
        if (PROBS.contains(p)) return Json.floats(d);
        if (BYTES.contains(p)) {
            byte[] b = new byte[a.size()];
            for (int i = 0; i < b.length; i++) b[i] = (byte) a.get(i).getAsInt();
            return b;
        }
        fail(what + ": unknown array parameter " + p);
        return null;
    }

    static byte[] withNul(String p, byte[] b) {
        return CSTRINGS.contains(p) ? java.util.Arrays.copyOf(b, b.length + 1) : b;
    }

    static Object sentinelArray(String p, boolean f32, int n) {
        if (LONGS.contains(p)) {
            long[] a = new long[n];
            java.util.Arrays.fill(a, 0xA5A5A5A5A5A5A5A5L);
            return a;
        }
        if (INTS.contains(p)) {
            int[] a = new int[n];
            java.util.Arrays.fill(a, 0xA5A5A5A5);
            return a;
        }
        if (DOUBLES.contains(p) || (PROBS.contains(p) && !f32)) {
            double[] a = new double[n];
            java.util.Arrays.fill(a, Double.longBitsToDouble(0xA5A5A5A5A5A5A5A5L));
            return a;
        }
        if (PROBS.contains(p)) {
            float[] a = new float[n];
            java.util.Arrays.fill(a, Float.intBitsToFloat(0xA5A5A5A5));
            return a;
        }
        byte[] a = new byte[n];
        java.util.Arrays.fill(a, SENTINEL);
        return a;
    }

    /** Every element still the sentinel, except the documented `written` values; on
     * success only the guard element is checked. */
    static void checkOutput(Object array, int n, boolean failed, JsonElement written, String what) {
        int from = failed ? 0 : n;
        long[] bits = bits(array);
        if (written != null) {
            double[] w = Json.doubles(written);
            for (int i = 0; i < w.length; i++) {
                assertEquals((long) w[i], bits[i], what + "[" + i + "] written");
            }
            from = Math.max(from, w.length);
        }
        long sentinel = bits(sentinelArray(array instanceof long[] ? "out_count" : array instanceof int[] ? "labels"
                : array instanceof double[] ? "scores" : array instanceof float[] ? "pred_probs" : "text", true, 1))[0];
        for (int i = from; i < bits.length; i++) {
            if (bits[i] != sentinel) fail(what + "[" + i + "] was written (" + bits[i] + ")");
        }
    }

    /** Elements as raw bits (long/int/byte values as they are). */
    static long[] bits(Object a) {
        if (a instanceof long[] l) return l.clone();
        long[] out;
        if (a instanceof int[] x) {
            out = new long[x.length];
            for (int i = 0; i < x.length; i++) out[i] = x[i];
        } else if (a instanceof double[] x) {
            out = new long[x.length];
            for (int i = 0; i < x.length; i++) out[i] = Double.doubleToRawLongBits(x[i]);
        } else if (a instanceof float[] x) {
            out = new long[x.length];
            for (int i = 0; i < x.length; i++) out[i] = Float.floatToRawIntBits(x[i]);
        } else {
            byte[] x = (byte[]) a;
            out = new long[x.length];
            for (int i = 0; i < x.length; i++) out[i] = x[i];
        }
        return out;
    }

    static Object options(Class<?> type, JsonObject fields, String what) {
        if (type == NativeScoreOptions.class) {
            NativeScoreOptions o = new NativeScoreOptions();
            for (String f : fields.keySet()) {
                JsonElement v = fields.get(f);
                switch (f) {
                    case "token_method" -> o.setToken_method(enumValue(v));
                    case "sentence_method" -> o.setSentence_method(enumValue(v));
                    case "temperature" -> o.setTemperature(Json.number(v));
                    case "n_threads" -> o.setN_threads(v.getAsInt());
                    default -> fail(what + ": unknown option " + f);
                }
            }
            return o;
        }
        if (type == NativeFindOptions.class) {
            NativeFindOptions o = new NativeFindOptions();
            for (String f : fields.keySet()) {
                JsonElement v = fields.get(f);
                switch (f) {
                    case "filter_by" -> o.setFilter_by(enumValue(v));
                    case "rank_by" -> o.setRank_by(enumValue(v));
                    case "frac_noise" -> o.setFrac_noise(Json.number(v));
                    case "min_examples_per_class" -> o.setMin_examples_per_class(v.getAsLong());
                    case "n_threads" -> o.setN_threads(v.getAsInt());
                    case "adjust_pred_probs" -> o.setAdjust_pred_probs(v.getAsInt());
                    case "num_to_remove_per_class" -> {
                        long[] n = v.isJsonNull() ? null : Json.longs(v);
                        o.set_num_to_remove_per_class(n, n == null ? 0 : n.length);
                    }
                    default -> fail(what + ": unknown option " + f);
                }
            }
            return o;
        }
        if (type == NativeInspectorOptions.class) {
            NativeInspectorOptions o = new NativeInspectorOptions();
            for (String f : fields.keySet()) {
                JsonElement v = fields.get(f);
                switch (f) {
                    case "rank_by" -> o.setRank_by(enumValue(v));
                    case "adjust_pred_probs" -> o.setAdjust_pred_probs(v.getAsInt());
                    case "num_issues_method" -> o.setNum_issues_method(enumValue(v));
                    case "n_threads" -> o.setN_threads(v.getAsInt());
                    default -> fail(what + ": unknown option " + f);
                }
            }
            return o;
        }
        if (type == NativeFormatIssuesOptions.class) {
            NativeFormatIssuesOptions o = new NativeFormatIssuesOptions();
            byte[] before = null;
            byte[] after = null;
            for (String f : fields.keySet()) {
                JsonElement v = fields.get(f);
                switch (f) {
                    case "top" -> o.setTop(v.getAsLong());
                    case "highlight_before" -> before = marker(v);
                    case "highlight_after" -> after = marker(v);
                    default -> fail(what + ": unknown option " + f);
                }
            }
            if (before != null || after != null) o.set_highlight(before, after);
            return o;
        }
        NativeCommonIssuesOptions o = new NativeCommonIssuesOptions();
        for (String f : fields.keySet()) {
            JsonElement v = fields.get(f);
            switch (f) {
                case "top" -> o.setTop(v.getAsLong());
                case "verbose" -> o.setVerbose(v.getAsInt());
                default -> fail(what + ": unknown option " + f);
            }
        }
        return o;
    }

    static byte[] marker(JsonElement v) {
        if (v.isJsonNull()) return null;
        byte[] b = v.isJsonObject() ? hex(v.getAsJsonObject().get("hex").getAsString())
                : v.getAsString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(b, b.length + 1);
    }

    static void delete(Object o) {
        if (o instanceof NativeScoreOptions x) x.delete();
        if (o instanceof NativeFindOptions x) x.delete();
        if (o instanceof NativeInspectorOptions x) x.delete();
        if (o instanceof NativeFormatIssuesOptions x) x.delete();
        if (o instanceof NativeCommonIssuesOptions x) x.delete();
    }

    /** An enum field: a name from tokqual.h, or a raw integer. */
    static int enumValue(JsonElement v) {
        if (v.getAsJsonPrimitive().isNumber()) return v.getAsInt();
        String name = v.getAsString();
        for (int i = 0; i < 16; i++) {
            for (String e : new String[] {tokenMethod(i), sentenceMethod(i), filterMethod(i), numIssuesMethod(i)}) {
                if (name.equals(e)) return i;
            }
        }
        throw new AssertionError("unknown enum value " + name);
    }

    static String tokenMethod(int i) { return i < 3 ? tq_token_method.swigToEnum(i).toString() : ""; }
    static String sentenceMethod(int i) { return i < 2 ? tq_sentence_method.swigToEnum(i).toString() : ""; }
    static String filterMethod(int i) { return i < 7 ? tq_filter_method.swigToEnum(i).toString() : ""; }
    static String numIssuesMethod(int i) { return i < 2 ? tq_num_issues_method.swigToEnum(i).toString() : ""; }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    static byte[] edited(byte[] saved, JsonArray edits) {
        byte[] b = saved.clone();
        for (JsonElement ee : edits) {
            JsonObject e = ee.getAsJsonObject();
            if (e.has("truncate")) {
                b = java.util.Arrays.copyOf(b, e.get("truncate").getAsInt());
            } else if (e.has("append")) {
                byte[] tail = hex(e.get("append").getAsString());
                int n = b.length;
                b = java.util.Arrays.copyOf(b, n + tail.length);
                System.arraycopy(tail, 0, b, n, tail.length);
            } else {
                ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                int at = e.get("at").getAsInt();
                if (e.has("i64")) w.putLong(at, e.get("i64").getAsLong());
                else if (e.has("i32")) w.putInt(at, e.get("i32").getAsInt());
                else if (e.has("f64")) w.putDouble(at, Json.number(e.get("f64")));
                else if (e.has("u8")) w.put(at, (byte) e.get("u8").getAsInt());
                else throw new AssertionError("unknown edit " + e);
            }
        }
        return b;
    }
}
