using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using static TokQual.Tests.Harness;

namespace TokQual.Tests
{
    /// <summary>
    /// The public API beyond the conformance data: versions and constants against the header, every
    /// header function wrapped, the exception, C#-side checks, nested input, options defaults, the
    /// text helpers' C# forms, the inspector's life cycle, and that arrays are not copied.
    /// </summary>
    static class ApiTests
    {
        static readonly long[] Offsets = { 0, 3, 5 };
        static readonly int[] Labels = { 0, 0, 1, 0, 1 };
        static readonly float[] Probs = { 0.9f, 0.1f, 0.7f, 0.3f, 0.05f, 0.95f, 0.8f, 0.2f, 0.8f, 0.2f };

        public static void Run()
        {
            Test("api/version_and_constants_match_the_header", () =>
            {
                string header = File.ReadAllText(Environment.GetEnvironmentVariable("TOKQUAL_HEADER"));
                string version = string.Join(".", new[] { "MAJOR", "MINOR", "PATCH" }.Select(p =>
                    Regex.Match(header, "#define TQ_VERSION_" + p + " ([0-9]+)").Groups[1].Value));
                Equal(version, Tq.Version, "version");
                Equal(Environment.GetEnvironmentVariable("TOKQUAL_VERSION"), Tq.Version, "project version");
                Equal(version, typeof(Tq).Assembly.GetName().Version.ToString(3), "assembly version");
                int[] v = version.Split('.').Select(int.Parse).ToArray();
                Equal(v[0] * 10000 + v[1] * 100 + v[2], Tq.VersionNumber, "version number");
                // Hand-written enums against the header's values (each header enumerator by name).
                CheckEnum<Status>(header, "tq_status", n => n == "Ok" ? "TQ_OK" : "TQ_ERR_" + Snake(n));
                CheckEnum<TokenMethod>(header, "tq_token_method", n => "TQ_" + Snake(n));
                CheckEnum<SentenceMethod>(header, "tq_sentence_method", n => "TQ_" + Snake(n));
                CheckEnum<FilterMethod>(header, "tq_filter_method", n => "TQ_" + Snake(n));
                CheckEnum<NumIssuesMethod>(header, "tq_num_issues_method", n => "TQ_" + Snake(n));
                foreach (Status s in Enum.GetValues(typeof(Status)))
                    True(Tq.StatusString(s) != "unknown status", "status string of " + s);
                Equal("invalid offsets", Tq.StatusString(Status.InvalidOffsets), "status string");
                Equal("unknown status", Tq.StatusString((Status)99), "unknown status");
            });

            Test("api/every_header_function_is_wrapped_and_nothing_else", () =>
            {
                string header = File.ReadAllText(Environment.GetEnvironmentVariable("TOKQUAL_HEADER"));
                var declared = new SortedSet<string>(Regex.Matches(header, @"TQ_API [^;(]*?\btq_(\w+)\(").Cast<Match>().Select(m => m.Groups[1].Value));
                var wrapped = new SortedSet<string>(typeof(NativeApi).GetMethods(BindingFlags.Public | BindingFlags.Static).Select(m => m.Name));
                True(declared.Count >= 56, "only " + declared.Count + " functions in the header");
                SameSeq(declared, wrapped, "header functions vs NativeApi");
                // Nothing generated is public: users see only the hand-written layer.
                var exported = typeof(Tq).Assembly.GetExportedTypes().Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal);
                SameSeq(new[] { "CommonIssue", "CommonIssuesOptions", "Dataset", "FilterMethod", "FindOptions", "FormatIssuesOptions",
                    "Inspector", "InspectorCounts", "InspectorOptions", "Issue", "IssueReport", "NumIssuesMethod", "ScoreOptions",
                    "Scores", "SentenceMethod", "Status", "TokQualException", "TokenList", "TokenMethod", "Tq" }, exported, "public types");
            });

            Test("api/deploy_folder_libraries_are_the_ones_mapped", () =>
            {
                Tq.Version.ToString();
                // libtokqual_csharp.so and, through its DT_RPATH $ORIGIN, Highway and ICU come from
                // the folder of TokQual.dll, never from the system's library directories.
                string folder = Path.GetDirectoryName(Path.GetFullPath(typeof(Tq).Assembly.Location));
                var mapped = File.ReadAllLines("/proc/self/maps")
                    .Where(l => Regex.IsMatch(l, @"/(libicuuc|libicudata|libhwy|libhwy_contrib|libtokqual_csharp)\.so"))
                    .Select(l => l.Substring(l.IndexOf('/'))).Distinct().ToList();
                foreach (string lib in new[] { "libtokqual_csharp.so", "libhwy.so", "libhwy_contrib.so", "libicuuc.so", "libicudata.so" })
                    True(mapped.Any(m => Path.GetFileName(m).StartsWith(lib)), lib + " is not mapped: " + string.Join(", ", mapped));
                foreach (string m in mapped)
                    Equal(folder, Path.GetDirectoryName(m), "mapped from");
                Console.WriteLine("ApiTests: native libraries mapped from " + folder);
            });

            Test("api/a_failed_call_throws_the_librarys_message_and_writes_nothing", () =>
            {
                double[] sentences = { -1, -1 };
                double[] tokens = { -1, -1, -1, -1, -1 };
                int[] bad = { 0, 0, 9, 0, 1 };
                TokQualException e = Throws(Status.InvalidLabel, () => Tq.LabelQualityScoresInto(Offsets, bad, Probs, 2, null, sentences, tokens),
                    "bad label", "labels[2] = 9");
                Equal(e.LibraryMessage, Tq.LastErrorMessage(), "same message as tq_last_error_message");
                True(e.LibraryMessage.StartsWith("tq_label_quality_scores_f32"), e.LibraryMessage);
                Equal("InvalidLabel: " + e.LibraryMessage, e.Message, "Message");
                SameSeq(new double[] { -1, -1 }, sentences, "sentences untouched");
                SameSeq(new double[] { -1, -1, -1, -1, -1 }, tokens, "tokens untouched");
                float[] nan = (float[])Probs.Clone();
                nan[3] = float.NaN;
                Throws(Status.InvalidProbability, () => Tq.LabelQualityScores(Offsets, Labels, nan, 2), "nan", "pred_probs");
                Throws(Status.InvalidOffsets, () => Tq.LabelQualityScores(new long[] { 0, 4, 4 }, Labels, Probs, 2), "offsets", "offsets");
                Throws(Status.InvalidOption, () => Tq.LabelQualityScores(Offsets, Labels, Probs, 2, new ScoreOptions { Temperature = -1 }),
                    "temperature", "temperature");
                Throws(Status.InvalidOption, () => Tq.FindLabelIssues(Offsets, Labels, Probs, 2, new FindOptions { FracNoise = 2 }),
                    "frac_noise", "frac_noise");
                Throws(Status.InvalidOption, () => Tq.IssuesFromSentenceScores(new[] { 0.5 }, double.NaN), "nan threshold");
                Throws(Status.InvalidOption, () => Tq.LabelQualityScores(Offsets, Labels, Probs, 2,
                    new ScoreOptions { TokenMethod = (TokenMethod)7 }), "enum outside", "token_method");
                // A failure on another thread leaves this thread's message alone.
                string mine = Tq.LastErrorMessage();
                var t = new System.Threading.Thread(() => { try { Tq.MapLabels(new[] { 5 }, new[] { 0 }); } catch (TokQualException) { } });
                t.Start();
                t.Join();
                Equal(mine, Tq.LastErrorMessage(), "thread-local message");
            });

            Test("api/csharp_checks_come_before_any_native_call", () =>
            {
                Throws(Status.NullArgument, () => Tq.LabelQualityScores(null, Labels, Probs, 2), "null offsets", "offsets is null");
                Throws(Status.NullArgument, () => Tq.LabelQualityScores(Offsets, Labels, (float[])null, 2), "null probs", "pred_probs");
                Throws(Status.InvalidSize, () => Tq.LabelQualityScores(Offsets, Labels, new float[9], 2), "short probs",
                    "pred_probs has 9 entries, expected 10");
                Throws(Status.InvalidSize, () => Tq.LabelQualityScores(new long[0], Labels, Probs, 2), "no offsets", "offsets");
                Throws(Status.InvalidSize, () => Tq.LabelQualityScores(Offsets, Labels, Probs, 0), "0 classes", "n_classes = 0");
                Throws(Status.InvalidSize, () => Tq.LabelQualityScoresInto(Offsets, Labels, Probs, 2, null, new double[3], null),
                    "sentence scores length", "sentence_scores has 3 entries");
                Throws(Status.InvalidSize, () => Tq.FindLabelIssues(Offsets, Labels, Probs, 2,
                    new FindOptions { NumToRemovePerClass = new long[] { 1 } }), "counts", "num_to_remove_per_class");
                Throws(Status.InvalidSize, () => Tq.FormatTokenScores(new[] { "a", "b" }, new double[1]), "scores", "scores");
                Throws(Status.InvalidSize, () => Tq.MergeProbs(new double[5], 2, new[] { 0, 0 }), "rows", "not a multiple");
                Throws(Status.InvalidSize, () => Tq.SubwordToWordProbs(new double[4], 2, new long[] { 0 }, new long[0]), "ranges", "word_end");
                Throws(Status.InvalidValue, () => TokenList.Of("ok", "bad\uD800"), "surrogate", "strings[1]", "U+D800");
                Throws(Status.NullArgument, () => TokenList.Of("a", null), "null string", "strings[1]");
                Throws(Status.InvalidValue, () => Tq.ColorSentence("a b", "a", "x\0", "y"), "nul", "NUL");
                Throws(Status.InvalidValue, () => Tq.ReplaceWord("a\uDC00", "a", "b"), "surrogate sentence", "sentence", "U+DC00");
            });

            Test("api/arrays_are_pinned_not_copied", () =>
            {
                // The address native code receives is the array's own (pinned) memory, for every
                // element type and both directions the typemaps use.
                foreach (Array a in new Array[] { new long[1 << 16], new int[1 << 16], new float[1 << 16], new byte[1 << 16],
                                                  new double[1 << 16], new ulong[1] })
                {
                    GCHandle pin = GCHandle.Alloc(a, GCHandleType.Pinned);
                    try
                    {
                        long expected = pin.AddrOfPinnedObject().ToInt64(), got;
                        if (a is long[]) got = NativeMethods.AddressOf((long[])a);
                        else if (a is int[]) got = NativeMethods.AddressOf((int[])a);
                        else if (a is float[]) got = NativeMethods.AddressOf((float[])a);
                        else if (a is byte[]) got = NativeMethods.AddressOf((byte[])a);
                        else if (a is double[]) got = NativeMethods.AddressOf((double[])a);
                        else got = NativeMethods.AddressOf((ulong[])a);
                        Equal(expected, got, a.GetType().Name + " was copied");
                    }
                    finally
                    {
                        pin.Free();
                    }
                }
                // And C's writes land in the caller's array itself (in place: out_labels == labels).
                int[] labels = { 0, 0, 4, 4, 3 };
                NativeApi.map_labels(labels, labels.Length, new[] { 0, 1, 1, 2, 2 }, 5, labels);
                SameSeq(new[] { 0, 0, 2, 2, 2 }, labels, "in place");
            });

            Test("api/nested_input_equals_flat_input", () =>
            {
                var labels = new List<int[]> { new[] { 0, 0, 1 }, new[] { 0, 1 } };
                var probs = new List<float[][]> {
                    new[] { new[] { 0.9f, 0.1f }, new[] { 0.7f, 0.3f }, new[] { 0.05f, 0.95f } },
                    new[] { new[] { 0.8f, 0.2f }, new[] { 0.8f, 0.2f } } };
                Dataset d = Dataset.FromSentences(labels, probs);
                SameSeq(Offsets, d.Offsets, "offsets");
                SameSeq(Labels, d.Labels, "labels");
                SameSeq(Probs, d.PredProbsF32, "probs");
                Equal(2, d.NClasses, "classes");
                Equal(5, d.NTokens, "tokens");
                Equal(2, d.NSentences, "sentences");
                SameSeq(Tq.LabelQualityScores(Offsets, Labels, Probs, 2).TokenScores, Tq.LabelQualityScores(d).TokenScores, "scores");
                SameSeq(new[] { new Issue(1, 1) }, Tq.FindLabelIssues(d), "issues");
                var probs64 = new List<double[][]> {
                    new[] { new[] { 0.9, 0.1 }, new[] { 0.7, 0.3 }, new[] { 0.05, 0.95 } },
                    new[] { new[] { 0.8, 0.2 }, new[] { 0.8, 0.2 } } };
                SameSeq(new[] { 0.7, 0.2 }, Tq.LabelQualityScores(Dataset.FromSentences(labels, probs64)).SentenceScores, "f64");
                Throws(Status.InvalidSize, () => Dataset.FromSentences(labels, new List<float[][]> { probs[0] }), "sentences", "pred_probs");
                Throws(Status.InvalidSize, () => Dataset.FromSentences(labels, new List<float[][]> { probs[0],
                    new[] { new[] { 0.8f, 0.2f }, new[] { 0.8f, 0.1f, 0.1f } } }), "row", "row");
                Throws(Status.NullArgument, () => Dataset.FromSentences(labels, new List<float[][]> { probs[0], null }), "null", "pred_probs[1]");
                Dataset flat = Dataset.Of(Offsets, Labels, Probs, 2);
                True(ReferenceEquals(Labels, flat.Labels), "Of keeps the arrays");
                SameSeq(Tq.FindLabelIssues(flat), Tq.FindLabelIssues(Dataset.Of(Offsets, Labels, Probs.Select(x => (double)x).ToArray(), 2)), "f32 = f64");
            });

            Test("api/options_have_the_c_defaults_and_reach_the_library", () =>
            {
                using (var n = new NativeScoreOptions())
                {
                    var s = new ScoreOptions();
                    Equal((int)s.TokenMethod, n.token_method, "token_method");
                    Equal((int)s.SentenceMethod, n.sentence_method, "sentence_method");
                    Equal(s.Temperature, n.temperature, "temperature");
                    Equal(s.NThreads, n.n_threads, "n_threads");
                    True(n.struct_size > 0, "struct_size");
                }
                using (var n = new NativeFindOptions())
                {
                    var f = new FindOptions();
                    Equal((int)f.FilterBy, n.filter_by, "filter_by");
                    Equal((int)f.RankBy, n.rank_by, "rank_by");
                    Equal(f.FracNoise, n.frac_noise, "frac_noise");
                    Equal(f.MinExamplesPerClass, n.min_examples_per_class, "min_examples_per_class");
                    Equal(f.NThreads, n.n_threads, "n_threads");
                    Equal(f.AdjustPredProbs ? 1 : 0, n.adjust_pred_probs, "adjust_pred_probs");
                    True(f.NumToRemovePerClass == null, "num_to_remove_per_class");
                }
                using (var n = new NativeInspectorOptions())
                {
                    var i = new InspectorOptions();
                    Equal((int)i.RankBy, n.rank_by, "rank_by");
                    Equal(i.AdjustPredProbs ? 1 : 0, n.adjust_pred_probs, "adjust_pred_probs");
                    Equal((int)i.NumIssuesMethod, n.num_issues_method, "num_issues_method");
                    Equal(i.NThreads, n.n_threads, "n_threads");
                }
                using (var n = new NativeFormatIssuesOptions()) Equal(new FormatIssuesOptions().Top, n.top, "top");
                using (var n = new NativeCommonIssuesOptions())
                {
                    Equal(new CommonIssuesOptions().Top, n.top, "top");
                    Equal(new CommonIssuesOptions().Verbose ? 1 : 0, n.verbose, "verbose");
                }
                // Each option changes the result as the library documents.
                double[] min = Tq.LabelQualityScores(Offsets, Labels, Probs, 2).SentenceScores;
                double[] mean = Tq.LabelQualityScores(Offsets, Labels, Probs, 2,
                    new ScoreOptions { SentenceMethod = SentenceMethod.Softmin, Temperature = double.PositiveInfinity }).SentenceScores;
                Close(new[] { 0.7, 0.2 }, min, 1e-7, "min");
                Close(new[] { (0.9 + 0.7 + 0.95) / 3, 0.5 }, mean, 1e-7, "mean");
                SameSeq(Tq.FindLabelIssues(Offsets, Labels, Probs, 2, new FindOptions { FilterBy = FilterMethod.PredictedNeqGiven }),
                    new[] { new Issue(1, 1) }, "predicted_neq_given");
                string marked = IssueReport.OfTokenIssues(Offsets, new[] { "a", "b", "c", "d", "e" }, new[] { new Issue(1, 1) })
                    .FormatIssues(new FormatIssuesOptions { HighlightBefore = "**", HighlightAfter = "**", Top = 1 });
                True(marked.Contains("d **e**"), marked);
            });

            Test("api/text_helpers", () =>
            {
                Equal("This is a sentence.", Tq.GetSentence(new[] { "This", "is", "a", "sentence", "." }), "get_sentence");
                SameSeq(new long[] { 0, 2 }, Tq.FilterSentences(new[] { "ok", "#no", "yes" }), "filter");
                SameSeq(new[] { true, false, true }, Tq.FilterSentencesMask(new[] { "ok", "#no", "yes" }), "mask");
                SameSeq(new long[] { 1 }, Tq.FilterSentences(new[] { "ok", "Café ☕", "x" }, s => s.Contains("☕")), "predicate");
                var thrown = new InvalidOperationException("from the predicate");
                try
                {
                    Tq.FilterSentences(new[] { "a" }, s => { throw thrown; });
                    throw new CheckFailed("the predicate's exception was lost");
                }
                catch (InvalidOperationException e)
                {
                    True(ReferenceEquals(thrown, e), "the predicate's own exception");
                }
                Equal("Cleanlab", Tq.ProcessToken("Cl#eanlab"), "process_token default");
                Equal("aleCnlCb", Tq.ProcessToken("Cleanlab", new[] { new KeyValuePair<string, string>("C", "a"),
                    new KeyValuePair<string, string>("a", "C") }), "process_token pairs");
                SameSeq(new[] { 0, 0, 2, 2, 2 }, Tq.MapLabels(new[] { 0, 0, 4, 4, 3 }, new[] { 0, 1, 1, 2, 2 }), "map_labels");
                SameSeq(new float[] { 1, 0, 0.5f, 0.5f }, Tq.MergeProbs(new float[] { 0.5f, 0.5f, 0, 0.2f, 0.3f, 0.5f }, 3, new[] { 0, 0, 1 }), "merge_probs");
                Equal("This is a \u001b[31msentence\u001b[0m.", Tq.ColorSentence("This is a sentence.", "sentence"), "color");
                Equal("Ünïcødé <b>wörd</b> 😀", Tq.ColorSentence("Ünïcødé wörd 😀", "wörd", "<b>", "</b>"), "unicode");
                Equal("This was a sentence", Tq.ReplaceWord("This is a sentence", "is", "was"), "replace_word");
                SameSeq(new[] { 0.5, 0.5 }, Tq.SubwordToWordProbs(new[] { 1.0, 0.0, 0.0, 1.0 }, 2, new long[] { 0 }, new long[] { 2 }), "subword");
                SameSeq(new[] { 0.75f, 0.25f }, Tq.SubwordToWordProbs(new[] { 1f, 0f, 0f, 1f }, 2, new long[] { 0 }, new long[] { 2 },
                    new[] { 3.0, 1.0 }), "subword weighted");
                Equal("a\t0.5\nb\t1e-05\n", Tq.FormatTokenScores(new[] { "a", "b" }, new[] { 0.5, 1e-5 }), "format_token_scores");
                string big = string.Concat(Enumerable.Repeat("word ", 100000));
                Equal(big.Trim(), Tq.GetSentence(big.Trim().Split(' ')), "a result past the first size guess");
                TokenList t = TokenList.Of("a", "Café", "");
                Equal(3, t.Count, "count");
                Equal("Café", t[1], "item");
                SameSeq(new long[] { 0, 1, 6, 6 }, t.ByteOffsets(), "byte offsets");
                Equal(6, t.Utf8Bytes().Length, "bytes");
                SameSeq(new[] { "Café", "" }, t.Slice(1, 3), "slice");
                var tokens = new[] { "A", "b", "a", "c", "A" };
                var issues = new[] { new Issue(0, 0), new Issue(0, 2), new Issue(1, 1) };
                SameSeq(new[] { new Issue(0, 0), new Issue(0, 2), new Issue(1, 1) }, Tq.FilterByToken("a", Offsets, tokens, issues), "filter_by_token");
                var report = IssueReport.OfTokenIssues(Offsets, tokens, issues);
                report.Labels = Labels;
                report.NClasses = 2;
                report.SetPredProbs(Probs);
                report.ClassNames = TokenList.Of("O", "X");
                var rows = report.CommonLabelIssues();
                Equal("A", rows[0].Word, "common word");
                True(report.FormatCommonLabelIssues().Contains("Token 'A' is potentially mislabeled"), "common text");
                True(report.FormatIssues().Contains("Given label: O"), report.FormatIssues());
                report.ClassNames = TokenList.Of("O");
                Throws(Status.InvalidSize, () => report.FormatIssues(), "class names", "class_names has 1 entries");
                string sentenceIssues = IssueReport.OfSentenceIssues(Offsets, tokens, new long[] { 1 }).FormatIssues();
                True(sentenceIssues.StartsWith("Sentence issue: c A"), sentenceIssues);
            });

            Test("api/statistics", () =>
            {
                var d = new Data(11, 40, 8, 3);
                double[] t32 = Tq.ConfidentThresholds(d.Labels, d.Probs32, d.NClasses);
                Close(Tq.ConfidentThresholds(d.Labels, d.Probs64, d.NClasses), t32, 1e-7, "thresholds f32 vs f64");
                long[] joint = Tq.ConfidentJoint(d.Labels, d.Probs64, d.NClasses);
                Equal(9, joint.Length, "joint size");
                Equal((long)d.Labels.Length, joint.Sum(), "calibrated joint sums to the token count");
                SameSeq(joint, Tq.ConfidentJoint(d.Labels, d.Probs32, d.NClasses, true), "f32 joint");
                long n = Tq.NumLabelIssues(d.Labels, d.Probs32, d.NClasses);
                Equal(n, Tq.FindLabelIssues(d.Offsets, d.Labels, d.Probs64, d.NClasses,
                    new FindOptions { FilterBy = FilterMethod.LowSelfConfidence }).Count, "low_self_confidence count");
                Equal(d.Probs64.Length, Tq.AdjustPredProbs(d.Labels, d.Probs64, d.NClasses).Length, "adjusted size");
                Equal(d.Probs64.Length, Tq.AdjustPredProbs(d.Labels, d.Probs32, d.NClasses).Length, "adjusted size f32");
                Scores s = Tq.LabelQualityScores(d.Offsets, d.Labels, d.Probs64, d.NClasses);
                var ranked = Tq.IssuesFromTokenScores(d.Offsets, s.TokenScores, 0.5);
                True(ranked.Count > 0, "token issues");
                long[] worst = Tq.IssuesFromSentenceScores(s.SentenceScores, 1.0);
                Equal(d.Offsets.Length - 1, worst.Length, "every sentence below 1");
                True(s.SentenceScores[worst[0]] <= s.SentenceScores[worst[1]], "lowest first");
            });

            Test("api/inspector_life_cycle", () =>
            {
                var d = new Data(3, 60, 10, 4);
                int k = d.NClasses;
                // Every 7th label moved to another class: confidently mislabeled tokens.
                int[] labels = d.Labels.Select((l, t) => t % 7 == 0 ? (l + 1) % k : l).ToArray();
                var o = new InspectorOptions { NThreads = 1 };
                var whole = new Inspector(k, o);
                whole.UpdateThresholds(labels, d.Probs64);
                whole.FinishThresholds();
                whole.Score(0, d.Offsets, labels, d.Probs32);
                // Two shards, merged after pass 1 and after pass 2, with a save/load in between.
                int half = 30, cut = (int)d.Offsets[half];
                using (var a = new Inspector(k, o))
                using (var b = new Inspector(k, o))
                {
                    a.UpdateThresholds(labels.Take(cut).ToArray(), d.Probs64.Take(cut * k).ToArray());
                    b.UpdateThresholds(labels.Skip(cut).ToArray(), d.Probs64.Skip(cut * k).ToArray());
                    a.Merge(b);
                    a.FinishThresholds();
                    Close(Tq.ConfidentThresholds(labels, d.Probs64, k).Select(x => Math.Max(x, 2e-6)).ToArray(), a.Thresholds(), 1e-12, "thresholds");
                    using (Inspector second = Inspector.Load(a.Save(), k))
                    using (Inspector copy = a.Copy())
                    {
                        long[] o1 = d.Offsets.Take(half + 1).ToArray();
                        long[] o2 = d.Offsets.Skip(half).Select(x => x - cut).ToArray();
                        double[] scores = a.Score(0, o1, labels.Take(cut).ToArray(), d.Probs32.Take(cut * k).ToArray());
                        Equal(cut, scores.Length, "scores");
                        second.Score(half, o2, labels.Skip(cut).ToArray(), d.Probs32.Skip(cut * k).ToArray());
                        a.Merge(second);
                        Equal((long)labels.Length, a.Counts().ScoredTokens, "scored");
                        Equal((long)labels.Length * 1, a.Counts().ThresholdTokens, "pass-1 tokens");
                        True(a.NumLabelIssues() >= a.FindLabelIssues().Count, "num issues bound");
                        SameSeq(whole.FindLabelIssues(), a.FindLabelIssues(), "shards = one inspector over everything");
                        True(a.FindLabelIssues().Count > 0, "some issues");
                        Throws(Status.InvalidValue, () => a.Merge(a), "self merge");
                        Throws(Status.InvalidState, () => copy.FindLabelIssues(), "copy is still in pass 2 without tokens");
                        copy.Score(0, d.Offsets, labels, d.Probs64);
                        SameSeq(a.FindLabelIssues(), copy.FindLabelIssues(), "copy scored all = merged shards");
                    }
                }
                whole.Dispose();
                // Dispose twice, use after dispose, bad bytes, bad sizes.
                var c = new Inspector(2);
                Equal(2, c.NClasses, "classes");
                c.Dispose();
                c.Dispose();
                try
                {
                    c.UpdateThresholds(Labels, Probs);
                    throw new CheckFailed("no ObjectDisposedException");
                }
                catch (ObjectDisposedException e)
                {
                    True(e.Message.Contains("UpdateThresholds") && e.Message.Contains("disposed"), e.Message);
                }
                try
                {
                    c.Save();
                    throw new CheckFailed("no ObjectDisposedException");
                }
                catch (ObjectDisposedException) { }
                Throws(Status.InvalidValue, () => Inspector.Load(new byte[] { 1, 2, 3 }, 2), "bad bytes");
                Throws(Status.InvalidSize, () => new Inspector(0), "0 classes");
                using (var i = new Inspector(2))
                {
                    Throws(Status.InvalidSize, () => i.UpdateThresholds(Labels, new float[3]), "short probs", "pred_probs");
                    Throws(Status.InvalidState, () => i.FinishThresholds(), "no tokens yet");
                    Throws(Status.InvalidState, () => i.Score(0, Offsets, Labels, Probs), "pass 1 not finished");
                }
            });
        }

        static string Snake(string pascal)
        {
            return Regex.Replace(pascal, "(?<=[a-z])([A-Z])", "_$1").ToUpperInvariant();
        }

        /// <summary>Every member of the C# enum is the header enumerator of the same name and value,
        /// and the header's enum has no other enumerator.</summary>
        static void CheckEnum<T>(string header, string cName, Func<string, string> headerName)
        {
            string body = Regex.Match(header, @"typedef enum " + cName + @" \{(.*?)\} " + cName + ";", RegexOptions.Singleline).Groups[1].Value;
            var values = Regex.Matches(body, @"(TQ_\w+) = (\d+)").Cast<Match>().ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
            True(values.Count > 0, "no enumerators for " + cName);
            var names = Enum.GetNames(typeof(T));
            Equal(values.Count, names.Length, cName + " size");
            foreach (string n in names)
            {
                int v;
                True(values.TryGetValue(headerName(n), out v), cName + ": no " + headerName(n));
                Equal(v, Convert.ToInt32(Enum.Parse(typeof(T), n)), cName + "." + n);
            }
        }
    }
}
