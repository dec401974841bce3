using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace TokQual.Tests
{
    /// <summary>A JSON number, kept as its text so that integers beyond 2^53 stay exact.</summary>
    sealed class JsonNumber
    {
        public readonly string Text;
        public JsonNumber(string text) { Text = text; }
        public override string ToString() { return Text; }
    }

    /// <summary>
    /// A small JSON reader for tests/conformance/*.json: objects become Dictionary&lt;string, object&gt;
    /// (keys in file order in <see cref="Keys"/>), arrays List&lt;object&gt;, numbers JsonNumber,
    /// strings string, true/false bool, null null. Plus conversions the tests use.
    /// </summary>
    static class Json
    {
        public static Dictionary<string, object> Load(string name)
        {
            string dir = Environment.GetEnvironmentVariable("TOKQUAL_CONFORMANCE_DIR") ?? "../../tests/conformance";
            string text = File.ReadAllText(Path.Combine(dir, name), Encoding.UTF8);
            int at = 0;
            object v = Value(text, ref at);
            return (Dictionary<string, object>)v;
        }

        public static Dictionary<string, object> Parse(string text)
        {
            int at = 0;
            return (Dictionary<string, object>)Value(text, ref at);
        }

        static void Space(string s, ref int at)
        {
            while (at < s.Length && (s[at] == ' ' || s[at] == '\n' || s[at] == '\r' || s[at] == '\t')) at++;
        }

        static object Value(string s, ref int at)
        {
            Space(s, ref at);
            char c = s[at];
            if (c == '{')
            {
                var o = new Dictionary<string, object>();
                at++;
                Space(s, ref at);
                if (s[at] == '}') { at++; return o; }
                while (true)
                {
                    Space(s, ref at);
                    string key = Str(s, ref at);
                    Space(s, ref at);
                    Expect(s, ref at, ':');
                    o[key] = Value(s, ref at);
                    Space(s, ref at);
                    if (s[at] == ',') { at++; continue; }
                    Expect(s, ref at, '}');
                    return o;
                }
            }
            if (c == '[')
            {
                var a = new List<object>();
                at++;
                Space(s, ref at);
                if (s[at] == ']') { at++; return a; }
                while (true)
                {
                    a.Add(Value(s, ref at));
                    Space(s, ref at);
                    if (s[at] == ',') { at++; continue; }
                    Expect(s, ref at, ']');
                    return a;
                }
            }
            if (c == '"') return Str(s, ref at);
            if (string.CompareOrdinal(s, at, "true", 0, 4) == 0) { at += 4; return true; }
            if (string.CompareOrdinal(s, at, "false", 0, 5) == 0) { at += 5; return false; }
            if (string.CompareOrdinal(s, at, "null", 0, 4) == 0) { at += 4; return null; }
            int from = at;
            while (at < s.Length && "+-0123456789.eE".IndexOf(s[at]) >= 0) at++;
            if (at == from) throw new FormatException("JSON: unexpected '" + c + "' at " + from);
            return new JsonNumber(s.Substring(from, at - from));
        }

        static void Expect(string s, ref int at, char c)
        {
            if (s[at] != c) throw new FormatException("JSON: expected '" + c + "' at " + at);
            at++;
        }

        static string Str(string s, ref int at)
        {
            Expect(s, ref at, '"');
            var b = new StringBuilder();
            while (s[at] != '"')
            {
                char c = s[at++];
                if (c != '\\') { b.Append(c); continue; }
                char e = s[at++];
                switch (e)
                {
                    case 'n': b.Append('\n'); break;
                    case 't': b.Append('\t'); break;
                    case 'r': b.Append('\r'); break;
                    case 'b': b.Append('\b'); break;
                    case 'f': b.Append('\f'); break;
                    case 'u': b.Append((char)Convert.ToInt32(s.Substring(at, 4), 16)); at += 4; break;
                    default: b.Append(e); break;
                }
            }
            at++;
            return b.ToString();
        }

        // ---- Conversions ----------------------------------------------------------------

        public static Dictionary<string, object> Obj(object v) { return (Dictionary<string, object>)v; }
        public static List<object> Arr(object v) { return (List<object>)v; }
        public static bool IsNull(Dictionary<string, object> o, string key) { return !o.ContainsKey(key) || o[key] == null; }
        public static string Str(object v) { return (string)v; }
        public static bool Bool(object v) { return (bool)v; }

        /// <summary>A number; "inf", "-inf" and "nan" stand for the special values.</summary>
        public static double Number(object v)
        {
            string s = v is JsonNumber ? ((JsonNumber)v).Text : (string)v;
            switch (s)
            {
                case "inf": return double.PositiveInfinity;
                case "-inf": return double.NegativeInfinity;
                // C's NAN (sign bit clear; .NET's double.NaN has it set, which C prints as "-nan").
                case "nan": return BitConverter.Int64BitsToDouble(0x7FF8000000000000);
                default: return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        /// <summary>An integer, from a number or a decimal string (up to 2^64 - 1, kept as its bits).</summary>
        public static long Long(object v)
        {
            string s = v is JsonNumber ? ((JsonNumber)v).Text : (string)v;
            long l;
            if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out l)) return l;
            ulong u;
            if (ulong.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out u)) return unchecked((long)u);
            return (long)double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        public static int Int(object v) { return checked((int)Long(v)); }

        public static long[] Longs(object v)
        {
            List<object> a = Arr(v);
            long[] o = new long[a.Count];
            for (int i = 0; i < o.Length; i++) o[i] = Long(a[i]);
            return o;
        }

        public static int[] Ints(object v)
        {
            List<object> a = Arr(v);
            int[] o = new int[a.Count];
            for (int i = 0; i < o.Length; i++) o[i] = Int(a[i]);
            return o;
        }

        /// <summary>Numbers, or a nested list of them flattened row by row.</summary>
        public static double[] Doubles(object v)
        {
            var o = new List<double>();
            Flatten(v, o);
            return o.ToArray();
        }

        static void Flatten(object v, List<double> o)
        {
            List<object> a = v as List<object>;
            if (a == null) { o.Add(Number(v)); return; }
            foreach (object x in a) Flatten(x, o);
        }

        public static long[] FlatLongs(object v)
        {
            double[] d = Doubles(v);
            long[] o = new long[d.Length];
            for (int i = 0; i < d.Length; i++) o[i] = (long)d[i];
            return o;
        }

        public static float[] Floats(double[] d)
        {
            float[] f = new float[d.Length];
            for (int i = 0; i < d.Length; i++) f[i] = (float)d[i];
            return f;
        }

        public static List<string> Strings(object v)
        {
            var o = new List<string>();
            foreach (object x in Arr(v)) o.Add((string)x);
            return o;
        }

        /// <summary>(i, j) pairs, as a flat [i0, j0, i1, j1, ...] or a list of pairs.</summary>
        public static List<Issue> Issues(object v)
        {
            long[] flat = FlatLongs(v);
            var o = new List<Issue>();
            for (int k = 0; k + 1 < flat.Length; k += 2) o.Add(new Issue(flat[k], flat[k + 1]));
            return o;
        }
    }
}
