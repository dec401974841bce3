using System;
using System.Collections.Generic;
using System.Linq;
using static TokQual.Tests.Harness;

namespace TokQual.Tests
{
    /// <summary>
    /// The binding against cleanlab 2.9.0's outputs in tests/conformance/scores.json and
    /// find_issues.json, the data the C++, Rust and Java tests read: numbers to 1e-12, issue lists
    /// exactly, and every refused configuration with the status the C test expects. One test per case.
    /// </summary>
    static class ConformanceTests
    {
        const double Tolerance = 1e-12;

        sealed class Case
        {
            public readonly string Name;
            public readonly long[] Offsets;
            public readonly int[] Labels;
            public readonly double[] Probs;
            public readonly float[] Probs32;
            public readonly bool Single;
            public readonly int NClasses;

            public Case(Dictionary<string, object> c)
            {
                Name = Json.Str(c["name"]);
                Offsets = Json.Longs(c["offsets"]);
                Labels = Json.Ints(c["labels"]);
                Probs = Json.Doubles(c["pred_probs"]);
                Probs32 = Json.Floats(Probs);
                Single = Json.Str(c["dtype"]) == "float32";
                NClasses = Json.Int(c["n_classes"]);
            }
        }

        static T ByName<T>(string snake) where T : struct
        {
            string pascal = string.Concat(snake.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
            return (T)Enum.Parse(typeof(T), pascal);
        }

        static Status StatusOf(string kind)
        {
            switch (kind)
            {
                case "one_class": return Status.InvalidLabel;
                case "num_to_remove": return Status.InvalidOption;
                case "one_column": return Status.InvalidSize;
                case "probability": return Status.InvalidProbability;
                default: throw new CheckFailed("unknown error kind " + kind);
            }
        }

        public static void Run()
        {
            int checks = 0;
            foreach (object ce in Json.Arr(Json.Load("scores.json")["cases"]))
            {
                var c = Json.Obj(ce);
                Test("conformance/scores/" + c["name"], () => checks += Scores(c));
            }
            Test("conformance/scores: enough checks", () => True(checks > 100, "only " + checks + " checks"));
            int aggregated = 0;
            foreach (object ce in Json.Arr(Json.Load("scores.json")["aggregation"]))
            {
                var c = Json.Obj(ce);
                Test("conformance/aggregation/" + c["name"], () => aggregated += Aggregation(c));
            }
            Test("conformance/aggregation: enough checks", () => True(aggregated >= 55, "only " + aggregated + " checks"));

            int found = 0, refused = 0, batched = 0;
            foreach (object ce in Json.Arr(Json.Load("find_issues.json")["cases"]))
            {
                var c = Json.Obj(ce);
                Case k = new Case(c);
                Test("conformance/find/" + k.Name, () => Find(c, k, ref found, ref refused));
                Test("conformance/statistics/" + k.Name, () => Statistics(c, k));
                Test("conformance/inspector/" + k.Name, () => batched += Batched(c, k));
            }
            Test("conformance/find: enough checks", () =>
                True(found > 1000 && refused > 100 && batched > 100, found + " + " + refused + " + " + batched + " checks"));
        }

        // Token scores given directly, rolled up by cleanlab's np.min and _softmin_sentence_score.
        static int Aggregation(Dictionary<string, object> c)
        {
            long[] offsets = Json.Longs(c["offsets"]);
            double[] tokenScores = Json.Doubles(c["token_scores"]);
            int checks = 0;
            foreach (object re in Json.Arr(c["results"]))
            {
                var r = Json.Obj(re);
                var o = new ScoreOptions
                {
                    SentenceMethod = ByName<SentenceMethod>(Json.Str(r["sentence_method"])),
                    Temperature = Json.IsNull(r, "temperature") ? 0.05 : Json.Number(r["temperature"]),
                    NThreads = 2,
                };
                string what = c["name"] + " " + r["sentence_method"] + " " + r["temperature"];
                Close(Json.Doubles(r["sentence_scores"]), Tq.SentenceScoresFromTokenScores(offsets, tokenScores, o),
                    Tolerance, what);
                checks++;
            }
            return checks;
        }

        static int Scores(Dictionary<string, object> c)
        {
            Case k = new Case(c);
            int checks = 0;
            foreach (object re in Json.Arr(c["scores"]))
            {
                var r = Json.Obj(re);
                var o = new ScoreOptions
                {
                    TokenMethod = ByName<TokenMethod>(Json.Str(r["token_method"])),
                    SentenceMethod = ByName<SentenceMethod>(Json.Str(r["sentence_method"])),
                    Temperature = Json.IsNull(r, "temperature") ? 0.05 : Json.Number(r["temperature"]),
                    NThreads = 2,
                };
                string what = k.Name + " " + r["token_method"] + " " + r["sentence_method"] + " " + r["temperature"];
                Scores s = k.Single ? Tq.LabelQualityScores(k.Offsets, k.Labels, k.Probs32, k.NClasses, o)
                    : Tq.LabelQualityScores(k.Offsets, k.Labels, k.Probs, k.NClasses, o);
                Close(Json.Doubles(r["sentence_scores"]), s.SentenceScores, Tolerance, what);
                Close(Json.Doubles(r["token_scores"]), s.TokenScores, Tolerance, what);
                checks++;
            }
            if (!c.ContainsKey("issues")) return checks;
            foreach (object ie in Json.Arr(c["issues"]))
            {
                var r = Json.Obj(ie);
                var reference = Json.Arr(c["scores"]).Select(Json.Obj).First(s =>
                    Json.Str(s["token_method"]) == Json.Str(r["token_method"]) && Json.Str(s["sentence_method"]) == "min");
                double threshold = Json.Number(r["threshold"]);
                SameSeq(Json.Longs(r["sentence_issues"]),
                    Tq.IssuesFromSentenceScores(Json.Doubles(reference["sentence_scores"]), threshold), k.Name + " " + threshold);
                SameSeq(Json.Issues(r["token_issues"]),
                    Tq.IssuesFromTokenScores(k.Offsets, Json.Doubles(reference["token_scores"]), threshold), k.Name + " " + threshold);
                checks++;
            }
            return checks;
        }

        static void Find(Dictionary<string, object> c, Case k, ref int found, ref int refused)
        {
            foreach (object ee in Json.Arr(c["find"]))
            {
                var e = Json.Obj(ee);
                var o = new FindOptions
                {
                    FilterBy = ByName<FilterMethod>(Json.Str(e["f"])),
                    RankBy = ByName<TokenMethod>(Json.Str(e["r"])),
                    AdjustPredProbs = Json.Bool(e["a"]),
                    FracNoise = Json.Number(e["fn"]),
                    MinExamplesPerClass = Json.Long(e["m"]),
                    NumToRemovePerClass = Json.IsNull(e, "n") ? null : Json.Longs(e["n"]),
                    NThreads = 1,
                };
                string what = k.Name + ": f=" + e["f"] + " r=" + e["r"] + " a=" + e["a"] + " fn=" + e["fn"] + " m=" + e["m"];
                if (e.ContainsKey("e"))
                {
                    // As tests/test_find_issues.cpp: options first, then sizes, then data.
                    Status expected = StatusOf(Json.Str(e["e"]));
                    if (k.NClasses < 2 && (o.RankBy != TokenMethod.SelfConfidence || o.FilterBy == FilterMethod.LowNormalizedMargin))
                        expected = Status.InvalidSize;
                    if (!Json.IsNull(e, "n") && o.FilterBy > FilterMethod.Both) expected = Status.InvalidOption;
                    Throws(expected, () => Run(k, o), what);
                    refused++;
                }
                else
                {
                    SameSeq(Json.Issues(e["i"]), Run(k, o), what);
                    found++;
                }
            }
        }

        static IReadOnlyList<Issue> Run(Case k, FindOptions o)
        {
            return k.Single ? Tq.FindLabelIssues(k.Offsets, k.Labels, k.Probs32, k.NClasses, o)
                : Tq.FindLabelIssues(k.Offsets, k.Labels, k.Probs, k.NClasses, o);
        }

        static void Statistics(Dictionary<string, object> c, Case k)
        {
            foreach (int threads in new[] { 1, 3 })
            {
                var o = new FindOptions { NThreads = threads };
                double[] t = k.Single ? Tq.ConfidentThresholds(k.Labels, k.Probs32, k.NClasses, o)
                    : Tq.ConfidentThresholds(k.Labels, k.Probs, k.NClasses, o);
                Close(Json.Doubles(c["thresholds"]), t, Tolerance, k.Name + " thresholds");
                foreach (bool calibrate in new[] { false, true })
                {
                    long[] joint = k.Single ? Tq.ConfidentJoint(k.Labels, k.Probs32, k.NClasses, calibrate, o)
                        : Tq.ConfidentJoint(k.Labels, k.Probs, k.NClasses, calibrate, o);
                    SameSeq(Json.FlatLongs(c[calibrate ? "joint_calibrated" : "joint_raw"]), joint, k.Name + " calibrate=" + calibrate);
                }
                foreach (NumIssuesMethod m in new[] { NumIssuesMethod.OffDiagonal, NumIssuesMethod.OffDiagonalCalibrated })
                {
                    object expected = c[m == NumIssuesMethod.OffDiagonal ? "num_issues_off_diagonal" : "num_issues_off_diagonal_calibrated"];
                    try
                    {
                        long n = k.Single ? Tq.NumLabelIssues(k.Labels, k.Probs32, k.NClasses, m, o)
                            : Tq.NumLabelIssues(k.Labels, k.Probs, k.NClasses, m, o);
                        True(expected is JsonNumber, k.Name + " " + m + ": cleanlab refuses, tokqual gave " + n);
                        Equal(Json.Long(expected), n, k.Name + " " + m);
                    }
                    catch (TokQualException x)
                    {
                        True(expected is Dictionary<string, object>, k.Name + " " + m + ": " + x.Message);
                        Equal(StatusOf(Json.Str(Json.Obj(expected)["error"])), x.Status, k.Name + " " + m);
                    }
                }
                if (c.ContainsKey("adjusted_pred_probs"))
                {
                    double[] adjusted = k.Single ? Tq.AdjustPredProbs(k.Labels, k.Probs32, k.NClasses, o)
                        : Tq.AdjustPredProbs(k.Labels, k.Probs, k.NClasses, o);
                    Close(Json.Doubles(c["adjusted_pred_probs"]), adjusted, Tolerance, k.Name + " adjusted");
                }
            }
        }

        static int Batched(Dictionary<string, object> c, Case k)
        {
            int checks = 0;
            foreach (object ee in Json.Arr(c["batched"]))
            {
                var e = Json.Obj(ee);
                var o = new InspectorOptions
                {
                    RankBy = ByName<TokenMethod>(Json.Str(e["rank_by"])),
                    AdjustPredProbs = Json.Bool(e["adjust_pred_probs"]),
                    NumIssuesMethod = ByName<NumIssuesMethod>(Json.Str(e["num_issues_method"])),
                    NThreads = 1,
                };
                string what = k.Name + ": " + e["rank_by"] + " " + e["adjust_pred_probs"] + " " + e["num_issues_method"];
                using (var inspector = new Inspector(k.NClasses, o))
                {
                    if (k.Single) inspector.UpdateThresholds(k.Labels, k.Probs32);
                    else inspector.UpdateThresholds(k.Labels, k.Probs);
                    inspector.FinishThresholds();
                    try
                    {
                        if (k.Single) inspector.Score(0, k.Offsets, k.Labels, k.Probs32);
                        else inspector.Score(0, k.Offsets, k.Labels, k.Probs);
                        True(!e.ContainsKey("error"), what + ": cleanlab refuses this");
                    }
                    catch (TokQualException x)
                    {
                        True(e.ContainsKey("error"), what + ": " + x.Message);
                        Equal(Status.InvalidProbability, x.Status, what);
                        continue;
                    }
                    Equal(Json.Long(e["num_issues"]), inspector.NumLabelIssues(), what);
                    Close(Json.Doubles(e["thresholds"]), inspector.Thresholds(), Tolerance, what);
                    // cleanlab lists the issues by position; tokqual ranks them.
                    List<Issue> issues = inspector.FindLabelIssues().ToList();
                    issues.Sort();
                    SameSeq(Json.Issues(e["issues"]), issues, what);
                    checks++;
                }
            }
            return checks;
        }
    }
}
