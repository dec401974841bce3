using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using static TokQual.Tests.Harness;

namespace TokQual.Tests
{
    /// <summary>
    /// The bad-input matrix (tests/conformance/bad_inputs.json, format in tests/conformance/README.md)
    /// through the C# typemaps: every case's calls made on the generated layer (NativeApi, which the
    /// public API wraps), each with the status and message words C gives, nothing written to any
    /// output array (all filled with the sentinel byte first, plus a guard element), and no inspector
    /// returned on error. The generated methods keep the C parameter names, so one dispatcher reads
    /// each argument by name. The single-call "any" cases of the scoring, issue, confident-learning,
    /// statistics, class-map and subword functions also run through the public API (Tq), which must
    /// throw the same status and words. Skipped, by name, with the reason: the cases that set
    /// options->struct_size (the binding's option objects always carry the library's own size; SWIG
    /// makes the field read-only), and the NULL out_inspector cases (a C# `out IntPtr` is never NULL:
    /// the typemap cannot express them).
    /// </summary>
    static class BadInputsTests
    {
        const byte Sentinel = 0xA5;

        static readonly HashSet<string> CStrings = new HashSet<string> { "before", "after" };

        /// <summary>One case's context: its named inspectors and saved states.</summary>
        sealed class Context
        {
            public readonly Dictionary<string, IntPtr> Inspectors = new Dictionary<string, IntPtr>();
            public readonly Dictionary<string, byte[]> Saved = new Dictionary<string, byte[]>();
        }

        public static void Run()
        {
            var data = Json.Load("bad_inputs.json");
            Test("bad_inputs/format", () =>
            {
                Equal(1L, Json.Long(data["version"]), "format version");
                Equal((long)Sentinel, Json.Long(data["sentinel_byte"]), "sentinel");
            });
            var methods = typeof(NativeApi).GetMethods(BindingFlags.Public | BindingFlags.Static).ToDictionary(m => m.Name);
            int ran = 0, idiomatic = 0, skipped = 0, skippedNull = 0;
            foreach (object ce in Json.Arr(data["cases"]))
            {
                var c = Json.Obj(ce);
                string name = Json.Str(c["name"]);
                List<object> steps = Json.Arr(c["steps"]);
                if (steps.Select(Json.Obj).Any(s => s["args"] is Dictionary<string, object> && Json.Obj(s["args"]).ContainsKey("options")
                        && Json.Obj(s["args"])["options"] is Dictionary<string, object> && Json.Obj(Json.Obj(s["args"])["options"]).ContainsKey("struct_size")))
                {
                    skipped++; // options->struct_size: not settable from C# (see the class comment)
                    continue;
                }
                if (steps.Select(Json.Obj).Any(s => Json.Obj(s["args"]).ContainsKey("out_inspector") && Json.Obj(s["args"])["out_inspector"] == null))
                {
                    skippedNull++; // a NULL tq_inspector **: `out IntPtr` cannot be NULL (see the class comment)
                    continue;
                }
                Test("bad_inputs/" + name, () =>
                {
                    var context = new Context();
                    try
                    {
                        int step = 0;
                        foreach (object se in steps) RunStep(methods, context, Json.Obj(se), name + " step " + step++);
                        ran++;
                        if (Json.Str(c["layer"]) == "any" && steps.Count == 1)
                        {
                            var only = Json.Obj(steps[0]);
                            Action call = IdiomaticCall(Json.Str(only["call"]), Json.Obj(only["args"]));
                            if (call != null)
                            {
                                CheckIdiomatic(call, only, name + " (public API)");
                                idiomatic++;
                            }
                        }
                    }
                    finally
                    {
                        foreach (IntPtr h in context.Inspectors.Values) NativeApi.inspector_destroy(h);
                    }
                });
            }
            Console.WriteLine("BadInputsTests: " + ran + " cases passed (" + idiomatic + " also through the public API), "
                + skipped + " skipped (struct_size), " + skippedNull + " skipped (NULL out_inspector)");
            Test("bad_inputs: enough cases", () => True(ran > 400 && idiomatic > 100, ran + " cases, " + idiomatic + " through the public API"));
        }

        static string StatusName(int code) { return ((tq_status)code).ToString(); }

        static void CheckIdiomatic(Action call, Dictionary<string, object> step, string what)
        {
            try
            {
                call();
                Equal("TQ_OK", Json.Str(step["status"]), what + ": no exception");
            }
            catch (TokQualException e)
            {
                Equal(Json.Str(step["status"]), StatusName(e.Code), what + ": " + e.LibraryMessage);
                foreach (object word in Json.Arr(step["message"]))
                    True(e.LibraryMessage.Contains(Json.Str(word)), what + ": '" + word + "' not in: " + e.LibraryMessage);
            }
        }

        /// <summary>The public-API form of a call, or null where this runner has none.</summary>
        static Action IdiomaticCall(string call, Dictionary<string, object> a)
        {
            bool f32 = call.EndsWith("_f32");
            string b = f32 || call.EndsWith("_f64") ? call.Substring(3, call.Length - 7) : call.Substring(3);
            switch (b)
            {
                case "label_quality_scores":
                {
                    long[] o = Json.Longs(a["offsets"]);
                    int[] l = Json.Ints(a["labels"]);
                    double[] p = Json.Doubles(a["pred_probs"]);
                    int k = Json.Int(a["n_classes"]);
                    ScoreOptions so = ScoreOptionsOf(a["options"]);
                    if (f32) return () => Tq.LabelQualityScores(o, l, Json.Floats(p), k, so);
                    return () => Tq.LabelQualityScores(o, l, p, k, so);
                }
                case "find_label_issues":
                {
                    long[] o = Json.Longs(a["offsets"]);
                    int[] l = Json.Ints(a["labels"]);
                    double[] p = Json.Doubles(a["pred_probs"]);
                    int k = Json.Int(a["n_classes"]);
                    FindOptions fo = FindOptionsOf(a["options"]);
                    if (f32) return () => Tq.FindLabelIssues(o, l, Json.Floats(p), k, fo);
                    return () => Tq.FindLabelIssues(o, l, p, k, fo);
                }
                case "confident_thresholds":
                case "confident_joint":
                case "num_label_issues":
                case "adjust_pred_probs":
                {
                    int[] l = Json.Ints(a["labels"]);
                    double[] p = Json.Doubles(a["pred_probs"]);
                    float[] p32 = Json.Floats(p);
                    int k = Json.Int(a["n_classes"]);
                    FindOptions fo = FindOptionsOf(a["options"]);
                    switch (b)
                    {
                        case "confident_thresholds":
                            if (f32) return () => Tq.ConfidentThresholds(l, p32, k, fo);
                            return () => Tq.ConfidentThresholds(l, p, k, fo);
                        case "confident_joint":
                        {
                            if (Json.Int(a["calibrate"]) > 1 || Json.Int(a["calibrate"]) < 0) return null; // a bool in C#
                            bool calibrate = Json.Int(a["calibrate"]) != 0;
                            if (f32) return () => Tq.ConfidentJoint(l, p32, k, calibrate, fo);
                            return () => Tq.ConfidentJoint(l, p, k, calibrate, fo);
                        }
                        case "num_label_issues":
                        {
                            var m = (NumIssuesMethod)EnumValue(a["method"]);
                            if (f32) return () => Tq.NumLabelIssues(l, p32, k, m, fo);
                            return () => Tq.NumLabelIssues(l, p, k, m, fo);
                        }
                        default:
                            if (f32) return () => Tq.AdjustPredProbs(l, p32, k, fo);
                            return () => Tq.AdjustPredProbs(l, p, k, fo);
                    }
                }
                case "sentence_scores_from_token_scores":
                {
                    long[] o = Json.Longs(a["offsets"]);
                    double[] sc = Json.Doubles(a["token_scores"]);
                    ScoreOptions so = ScoreOptionsOf(a["options"]);
                    return () => Tq.SentenceScoresFromTokenScores(o, sc, so);
                }
                case "issues_from_sentence_scores":
                {
                    double[] sc = Json.Doubles(a["sentence_scores"]);
                    double t = Json.Number(a["threshold"]);
                    return () => Tq.IssuesFromSentenceScores(sc, t);
                }
                case "issues_from_token_scores":
                {
                    long[] o = Json.Longs(a["offsets"]);
                    double[] sc = Json.Doubles(a["token_scores"]);
                    double t = Json.Number(a["threshold"]);
                    return () => Tq.IssuesFromTokenScores(o, sc, t);
                }
                case "map_labels":
                {
                    int[] l = Json.Ints(a["labels"]);
                    int[] m = Json.Ints(a["maps"]);
                    return () => Tq.MapLabels(l, m);
                }
                case "subword_to_word_probs":
                {
                    double[] p = Json.Doubles(a["subword_probs"]);
                    int k = Json.Int(a["n_classes"]);
                    long[] wb = Json.Longs(a["word_begin"]);
                    long[] we = Json.Longs(a["word_end"]);
                    double[] w = a["weights"] == null ? null : Json.Doubles(a["weights"]);
                    if (f32) return () => Tq.SubwordToWordProbs(Json.Floats(p), k, wb, we, w);
                    return () => Tq.SubwordToWordProbs(p, k, wb, we, w);
                }
                default:
                    return null;
            }
        }

        static ScoreOptions ScoreOptionsOf(object v)
        {
            var s = new ScoreOptions();
            if (v == null) return s;
            var o = Json.Obj(v);
            if (o.ContainsKey("token_method")) s.TokenMethod = (TokenMethod)EnumValue(o["token_method"]);
            if (o.ContainsKey("sentence_method")) s.SentenceMethod = (SentenceMethod)EnumValue(o["sentence_method"]);
            if (o.ContainsKey("temperature")) s.Temperature = Json.Number(o["temperature"]);
            if (o.ContainsKey("n_threads")) s.NThreads = Json.Int(o["n_threads"]);
            return s;
        }

        static FindOptions FindOptionsOf(object v)
        {
            var f = new FindOptions();
            if (v == null) return f;
            var o = Json.Obj(v);
            if (o.ContainsKey("filter_by")) f.FilterBy = (FilterMethod)EnumValue(o["filter_by"]);
            if (o.ContainsKey("rank_by")) f.RankBy = (TokenMethod)EnumValue(o["rank_by"]);
            if (o.ContainsKey("frac_noise")) f.FracNoise = Json.Number(o["frac_noise"]);
            if (o.ContainsKey("min_examples_per_class")) f.MinExamplesPerClass = Json.Long(o["min_examples_per_class"]);
            if (o.ContainsKey("n_threads")) f.NThreads = Json.Int(o["n_threads"]);
            if (o.ContainsKey("adjust_pred_probs"))
            {
                int a = Json.Int(o["adjust_pred_probs"]);
                if (a != 0 && a != 1) throw new ArgumentException("adjust_pred_probs = " + a + " is not a bool");
                f.AdjustPredProbs = a != 0;
            }
            if (o.ContainsKey("num_to_remove_per_class") && o["num_to_remove_per_class"] != null)
                f.NumToRemovePerClass = Json.Longs(o["num_to_remove_per_class"]);
            return f;
        }

        static void RunStep(Dictionary<string, MethodInfo> methods, Context context, Dictionary<string, object> step, string what)
        {
            string call = Json.Str(step["call"]);
            var args = Json.Obj(step["args"]);
            if (call == "tq_inspector_save" && args["buffer"] is Dictionary<string, object> && Json.Obj(args["buffer"]).ContainsKey("bytes"))
            {
                IntPtr h = context.Inspectors[Json.Str(args["inspector"])];
                ulong[] size = new ulong[1];
                try
                {
                    NativeApi.inspector_save(h, null, 0, size);
                }
                catch (TokQualException e)
                {
                    Equal(Status.BufferTooSmall, e.Status, what);
                }
                byte[] bytes = new byte[size[0]];
                NativeApi.inspector_save(h, bytes, (ulong)bytes.Length, size);
                context.Saved[Json.Str(Json.Obj(args["buffer"])["bytes"])] = bytes;
                return;
            }
            MethodInfo m;
            if (!methods.TryGetValue(call.Substring(3), out m)) throw new CheckFailed(what + ": no generated method for " + call);
            bool f32 = call.EndsWith("_f32");
            ParameterInfo[] ps = m.GetParameters();
            object[] values = new object[ps.Length];
            var used = new HashSet<string>();
            var options = new List<IDisposable>();
            for (int i = 0; i < ps.Length; i++)
            {
                string p = ps[i].Name;
                if (!args.ContainsKey(p) && p == "size" && call == "tq_inspector_load")
                {
                    values[i] = (ulong)((byte[])values[0]).Length;
                    continue;
                }
                if (!args.ContainsKey(p)) throw new CheckFailed(what + ": case has no argument " + p + " for " + call);
                used.Add(p);
                values[i] = Argument(context, p, ps[i].ParameterType, args[p], f32, what, options);
            }
            // tq_filter_sentences' callback: the C# layer always passes NULL (C# predicates run in
            // C#), which is all the matrix uses.
            foreach (string callback in new[] { "predicate", "user_data" })
                if (call == "tq_filter_sentences" && args.ContainsKey(callback))
                {
                    True(args[callback] == null, what + ": a non-NULL " + callback + " cannot be passed");
                    used.Add(callback);
                }
            foreach (string key in args.Keys)
                if (!used.Contains(key)) throw new CheckFailed(what + ": argument " + key + " not read by the runner");
            TokQualException error = null;
            try
            {
                m.Invoke(null, values);
            }
            catch (TargetInvocationException e)
            {
                error = e.InnerException as TokQualException;
                if (error == null) throw;
            }
            finally
            {
                foreach (IDisposable o in options) o.Dispose();
            }
            string actual = error == null ? "TQ_OK" : StatusName(error.Code);
            Equal(Json.Str(step["status"]), actual, what + ": " + (error == null ? "" : error.LibraryMessage));
            if (error != null)
            {
                True(error.LibraryMessage.Length > 0, what + ": empty message");
                foreach (object word in Json.Arr(step["message"]))
                    True(error.LibraryMessage.Contains(Json.Str(word)), what + ": '" + word + "' not in: " + error.LibraryMessage);
            }
            var written = step.ContainsKey("written") ? Json.Obj(step["written"]) : new Dictionary<string, object>();
            for (int i = 0; i < ps.Length; i++)
            {
                string p = ps[i].Name;
                object v;
                if (!args.TryGetValue(p, out v) || !(v is Dictionary<string, object>)) continue;
                var o = Json.Obj(v);
                if (o.ContainsKey("out"))
                {
                    object w;
                    written.TryGetValue(p, out w);
                    CheckOutput((Array)values[i], Json.Int(o["out"]), error != null, w, what + " " + p);
                }
                else if (o.ContainsKey("inspector"))
                {
                    IntPtr h = (IntPtr)values[i];
                    if (error != null) Equal(IntPtr.Zero, h, what + ": out_inspector not NULL on error");
                    else context.Inspectors[Json.Str(o["inspector"])] = h;
                }
            }
        }

        static object Argument(Context context, string p, Type type, object v, bool f32, string what, List<IDisposable> options)
        {
            if (type == typeof(IntPtr))
            {
                if (v == null) return IntPtr.Zero;
                IntPtr h;
                if (!context.Inspectors.TryGetValue(Json.Str(v), out h)) throw new CheckFailed(what + ": no inspector " + v);
                return h;
            }
            if (type == typeof(IntPtr).MakeByRefType()) return new IntPtr(unchecked((long)0xA5A5A5A5A5A5A5A5UL));
            if (type == typeof(long)) return Json.Long(v);
            if (type == typeof(ulong)) return unchecked((ulong)Json.Long(v));
            if (type == typeof(int)) return EnumValue(v);
            if (type == typeof(double)) return Json.Number(v);
            if (typeof(IDisposable).IsAssignableFrom(type))
            {
                if (v == null) return null;
                IDisposable o = NativeOptions(type, Json.Obj(v), what);
                options.Add(o);
                return o;
            }
            if (!type.IsArray) throw new CheckFailed(what + ": parameter " + p + " of unexpected type " + type);
            Type element = type.GetElementType();
            if (v == null) return null;
            var d = v as Dictionary<string, object>;
            if (d != null)
            {
                if (d.ContainsKey("out")) return SentinelArray(element, Json.Int(d["out"]) + 1);
                if (d.ContainsKey("hex")) return WithNul(p, Hex(Json.Str(d["hex"])));
                if (d.ContainsKey("saved")) return Edited(context.Saved[Json.Str(d["saved"])], Json.Arr(d["edits"]));
                throw new CheckFailed(what + ": unknown argument form for " + p);
            }
            if (v is string) return WithNul(p, Encoding.UTF8.GetBytes((string)v));
            if (element == typeof(long)) return Json.Longs(v);
            if (element == typeof(int)) return Json.Ints(v);
            if (element == typeof(double)) return Json.Doubles(v);
            if (element == typeof(float)) return Json.Floats(Json.Doubles(v));
            if (element == typeof(byte)) return Json.Arr(v).Select(x => (byte)Json.Int(x)).ToArray();
            throw new CheckFailed(what + ": unknown array parameter " + p);
        }

        static byte[] WithNul(string p, byte[] b)
        {
            if (!CStrings.Contains(p)) return b;
            byte[] z = new byte[b.Length + 1];
            Buffer.BlockCopy(b, 0, z, 0, b.Length);
            return z;
        }

        static Array SentinelArray(Type element, int n)
        {
            Array a = Array.CreateInstance(element, n);
            byte[] fill = Enumerable.Repeat(Sentinel, Buffer.ByteLength(a)).ToArray();
            Buffer.BlockCopy(fill, 0, a, 0, fill.Length);
            return a;
        }

        /// <summary>Every byte still the sentinel, except the documented `written` values; on success
        /// only the guard element is checked.</summary>
        static void CheckOutput(Array array, int n, bool failed, object written, string what)
        {
            int size = Buffer.ByteLength(array) / array.Length;
            int from = failed ? 0 : n;
            if (written != null)
            {
                List<object> w = Json.Arr(written);
                for (int i = 0; i < w.Count; i++)
                    Equal(Json.Long(w[i]), Convert.ToInt64(array.GetValue(i)), what + "[" + i + "] written");
                from = Math.Max(from, w.Count);
            }
            byte[] bytes = new byte[Buffer.ByteLength(array)];
            Buffer.BlockCopy(array, 0, bytes, 0, bytes.Length);
            for (int i = from * size; i < bytes.Length; i++)
                if (bytes[i] != Sentinel) throw new CheckFailed(what + "[" + (i / size) + "] was written");
        }

        static IDisposable NativeOptions(Type type, Dictionary<string, object> fields, string what)
        {
            if (type == typeof(NativeFormatIssuesOptions))
            {
                var o = new NativeFormatIssuesOptions();
                byte[] before = null, after = null;
                foreach (var f in fields)
                {
                    if (f.Key == "top") o.top = Json.Long(f.Value);
                    else if (f.Key == "highlight_before") before = Marker(f.Value);
                    else if (f.Key == "highlight_after") after = Marker(f.Value);
                    else throw new CheckFailed(what + ": unknown option " + f.Key);
                }
                if (before != null || after != null) o.set_highlight(before, after);
                return o;
            }
            var options = (IDisposable)Activator.CreateInstance(type);
            foreach (var f in fields)
            {
                if (f.Key == "num_to_remove_per_class")
                {
                    long[] n = f.Value == null ? null : Json.Longs(f.Value);
                    ((NativeFindOptions)options).set_num_to_remove_per_class(n, n == null ? 0 : n.Length);
                    continue;
                }
                PropertyInfo prop = type.GetProperty(f.Key);
                if (prop == null || !prop.CanWrite) throw new CheckFailed(what + ": unknown option " + f.Key);
                if (prop.PropertyType == typeof(int)) prop.SetValue(options, EnumValue(f.Value));
                else if (prop.PropertyType == typeof(long)) prop.SetValue(options, Json.Long(f.Value));
                else prop.SetValue(options, Json.Number(f.Value));
            }
            return options;
        }

        static byte[] Marker(object v)
        {
            if (v == null) return null;
            byte[] b = v is Dictionary<string, object> ? Hex(Json.Str(Json.Obj(v)["hex"])) : Encoding.UTF8.GetBytes((string)v);
            return WithNul("before", b);
        }

        /// <summary>An enum field: a name from tokqual.h, or a raw integer.</summary>
        static int EnumValue(object v)
        {
            if (v is JsonNumber) return Json.Int(v);
            string name = Json.Str(v);
            foreach (Type t in new[] { typeof(tq_token_method), typeof(tq_sentence_method), typeof(tq_filter_method), typeof(tq_num_issues_method) })
                if (Enum.IsDefined(t, name)) return (int)Enum.Parse(t, name);
            throw new CheckFailed("unknown enum value " + name);
        }

        static byte[] Hex(string s)
        {
            byte[] b = new byte[s.Length / 2];
            for (int i = 0; i < b.Length; i++) b[i] = Convert.ToByte(s.Substring(2 * i, 2), 16);
            return b;
        }

        static byte[] Edited(byte[] saved, List<object> edits)
        {
            var b = new List<byte>(saved);
            foreach (object ee in edits)
            {
                var e = Json.Obj(ee);
                if (e.ContainsKey("truncate")) { b.RemoveRange(Json.Int(e["truncate"]), b.Count - Json.Int(e["truncate"])); continue; }
                if (e.ContainsKey("append")) { b.AddRange(Hex(Json.Str(e["append"]))); continue; }
                int at = Json.Int(e["at"]);
                byte[] v;
                if (e.ContainsKey("i64")) v = BitConverter.GetBytes(Json.Long(e["i64"]));
                else if (e.ContainsKey("i32")) v = BitConverter.GetBytes(Json.Int(e["i32"]));
                else if (e.ContainsKey("f64")) v = BitConverter.GetBytes(Json.Number(e["f64"]));
                else if (e.ContainsKey("u8")) v = new[] { (byte)Json.Int(e["u8"]) };
                else throw new CheckFailed("unknown edit");
                if (!BitConverter.IsLittleEndian) Array.Reverse(v);
                for (int i = 0; i < v.Length; i++) b[at + i] = v[i];
            }
            return b.ToArray();
        }
    }
}
