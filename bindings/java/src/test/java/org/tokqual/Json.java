package org.tokqual;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Reading tests/conformance/*.json (the data the C++ and Rust tests use). */
final class Json {
    private Json() {}

    static JsonObject load(String name) throws IOException {
        String dir = System.getProperty("tokqual.conformance.dir", "../../tests/conformance");
        Path path = Paths.get(dir, name);
        JsonObject data = JsonParser.parseString(Files.readString(path, StandardCharsets.UTF_8)).getAsJsonObject();
        if (!data.get("cleanlab_version").getAsString().equals("2.9.0")) {
            throw new AssertionError(path + ": not cleanlab 2.9.0 data");
        }
        return data;
    }

    static long[] longs(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsLong();
        return out;
    }

    static int[] ints(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    /** Numbers, or a nested list of them flattened row by row. */
    static double[] doubles(JsonElement e) {
        List<Double> out = new ArrayList<>();
        flatten(e, out);
        double[] d = new double[out.size()];
        for (int i = 0; i < d.length; i++) d[i] = out.get(i);
        return d;
    }

    private static void flatten(JsonElement e, List<Double> out) {
        if (e.isJsonArray()) {
            for (JsonElement x : e.getAsJsonArray()) flatten(x, out);
        } else {
            out.add(number(e));
        }
    }

    /** A number, where "inf", "-inf" and "nan" stand for the special values. */
    static double number(JsonElement e) {
        String s = e.getAsString();
        switch (s) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": return Double.NaN;
            default: return e.getAsDouble();
        }
    }

    static long[] flatLongs(JsonElement e) {
        double[] d = doubles(e);
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (long) d[i];
        return out;
    }

    static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    static List<String> strings(JsonElement e) {
        List<String> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) out.add(x.getAsString());
        return out;
    }

    static boolean isNull(JsonObject o, String key) {
        return !o.has(key) || o.get(key).isJsonNull();
    }

    /** (i, j) pairs, as a flat [i0, j0, i1, j1, ...] or a list of pairs. */
    static List<Issue> issues(JsonElement e) {
        long[] flat = flatLongs(e);
        List<Issue> out = new ArrayList<>();
        for (int k = 0; k + 1 < flat.length; k += 2) out.add(new Issue((int) flat[k], (int) flat[k + 1]));
        return out;
    }
}
