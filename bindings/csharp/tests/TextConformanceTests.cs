using System.Collections.Generic;
using System.Linq;
using static TokQual.Tests.Harness;

namespace TokQual.Tests
{
    /// <summary>
    /// The text helpers and issue reports against cleanlab 2.9.0's outputs in
    /// tests/conformance/text.json: strings byte for byte (through .NET's UTF-16 and back),
    /// numbers to 1e-12.
    /// </summary>
    static class TextConformanceTests
    {
        public static void Run()
        {
            var data = Json.Load("text.json");
            Test("text/get_sentence", () =>
            {
                foreach (object ce in Json.Arr(data["get_sentence"]))
                {
                    var c = Json.Obj(ce);
                    Equal(Json.Str(c["sentence"]), Tq.GetSentence(Json.Strings(c["words"])), "get_sentence");
                }
            });
            Test("text/filter_sentence", () =>
            {
                var f = Json.Obj(data["filter_sentence"]);
                List<string> sentences = Json.Strings(f["sentences"]);
                bool[] mask = Json.Arr(f["mask"]).Select(Json.Bool).ToArray();
                SameSeq(Enumerable.Range(0, mask.Length).Where(i => mask[i]).Select(i => (long)i), Tq.FilterSentences(sentences), "kept");
                SameSeq(mask, Tq.FilterSentencesMask(sentences), "mask");
                // The C# predicate form with cleanlab's default condition written in C# gives the same.
                SameSeq(Tq.FilterSentences(sentences), Tq.FilterSentences(sentences,
                    s => CodePoints(s) > 1 && !s.Contains("#")), "predicate");
            });
            Test("text/process_token", () =>
            {
                foreach (object ce in Json.Arr(data["process_token"]))
                {
                    var c = Json.Obj(ce);
                    var replace = new List<KeyValuePair<string, string>>();
                    if (!Json.IsNull(c, "replace"))
                        foreach (object p in Json.Arr(c["replace"]))
                            replace.Add(new KeyValuePair<string, string>(Json.Str(Json.Arr(p)[0]), Json.Str(Json.Arr(p)[1])));
                    Equal(Json.Str(c["result"]), Tq.ProcessToken(Json.Str(c["token"]), replace), "process_token " + c["token"]);
                }
            });
            Test("text/color_and_replace", () =>
            {
                int colored = 0;
                foreach (object ce in Json.Arr(data["color"]))
                {
                    var c = Json.Obj(ce);
                    string sentence = Json.Str(c["sentence"]), word = Json.Str(c["word"]);
                    if (c.ContainsKey("colored"))
                    {
                        Equal(Json.Str(c["colored"]), Tq.ColorSentence(sentence, word), sentence + " / " + word);
                        colored++;
                    }
                    else
                    {
                        Equal(Json.Str(c["replaced"]), Tq.ReplaceWord(sentence, word, Json.Str(c["new_word"])), sentence + " / " + word);
                    }
                }
                True(colored > 100, "only " + colored);
            });
            Test("text/mapping", () =>
            {
                foreach (object ce in Json.Arr(data["mapping"]))
                {
                    var c = Json.Obj(ce);
                    SameSeq(Json.Ints(c["mapped"]), Tq.MapLabels(Json.Ints(c["labels"]), Json.Ints(c["maps"])), "mapping");
                }
            });
            Test("text/merge_probs", () =>
            {
                foreach (object ce in Json.Arr(data["merge_probs"]))
                {
                    var c = Json.Obj(ce);
                    double[] probs = Json.Doubles(c["pred_probs"]);
                    int[] maps = Json.Ints(c["maps"]);
                    int k = Json.Int(c["n_classes"]);
                    double[] expected = Json.Doubles(c["merged"]);
                    Close(expected, Tq.MergeProbs(probs, k, maps), 1e-12, "merge_probs f64");
                    if (Json.Str(c["dtype"]) == "float32")
                        Close(expected, Tq.MergeProbs(Json.Floats(probs), k, maps).Select(x => (double)x).ToArray(), 1e-7, "merge_probs f32");
                }
            });
            Test("text/subword_to_word_probs", () =>
            {
                foreach (object ce in Json.Arr(data["subword"]))
                {
                    var c = Json.Obj(ce);
                    double[] weights = Json.IsNull(c, "weights") ? null : Json.Doubles(c["weights"]);
                    double[] words = Tq.SubwordToWordProbs(Json.Doubles(c["subword_probs"]), Json.Int(c["n_classes"]),
                        Json.Longs(c["word_begin"]), Json.Longs(c["word_end"]), weights);
                    Close(Json.Doubles(c["word_probs"]), words, 1e-12, "subword_to_word_probs");
                }
            });
            int checks = 0;
            foreach (object ce in Json.Arr(data["datasets"]))
            {
                var c = Json.Obj(ce);
                Test("text/reports/seed " + c["seed"], () => checks += Reports(c));
            }
            Test("text/reports: enough checks", () => True(checks > 100, "only " + checks + " checks"));
        }

        static int CodePoints(string s)
        {
            int n = 0;
            for (int i = 0; i < s.Length; i++) if (!char.IsLowSurrogate(s[i])) n++;
            return n;
        }

        static int Reports(Dictionary<string, object> c)
        {
            int checks = 0;
            TokenList tokens = TokenList.Of(Json.Strings(c["tokens"]));
            long[] offsets = Json.Longs(c["offsets"]);
            int[] labels = Json.Ints(c["labels"]);
            double[] probs = Json.Doubles(c["pred_probs"]);
            int k = Json.Int(c["n_classes"]);
            List<Issue> issues = Json.Issues(c["issues"]);
            TokenList names = Json.IsNull(c, "class_names") ? null : TokenList.Of(Json.Strings(c["class_names"]));
            var exclude = Json.Arr(c["exclude"]).Select(p => new KeyValuePair<int, int>(Json.Ints(p)[0], Json.Ints(p)[1])).ToList();
            string seed = "seed " + c["seed"];
            var display = new FormatIssuesOptions { Top = Json.Long(c["top_display"]) };

            foreach (object ve in Json.Arr(c["display"]))
            {
                var v = Json.Obj(ve);
                IssueReport r = Report(IssueReport.OfTokenIssues(offsets, tokens, issues), v, Json.Bool(v["labels"]),
                    Json.Bool(v["pred_probs"]), labels, probs, k, names);
                r.Exclude = exclude;
                Equal(Json.Str(v["text"]), r.FormatIssues(display), seed + " " + string.Join(",", v.Keys));
                checks++;
            }
            var ds = Json.Obj(c["display_sentences"]);
            IssueReport sr = Report(IssueReport.OfSentenceIssues(offsets, tokens, Json.Longs(ds["issues"])), ds,
                Json.Bool(ds["labels"]), false, labels, probs, k, names);
            Equal(Json.Str(ds["text"]), sr.FormatIssues(display), seed + " sentence issues");

            foreach (object we in Json.Arr(c["common"]))
            {
                var w = Json.Obj(we);
                bool swaps = Json.Bool(w["swaps"]);
                IssueReport r = Report(IssueReport.OfTokenIssues(offsets, tokens, issues), w, swaps, swaps, labels, probs, k, names);
                if (swaps) r.Exclude = exclude;
                var o = new CommonIssuesOptions { Top = Json.Long(c["top_common"]), Verbose = Json.Bool(w["verbose"]) };
                Equal(Json.Str(w["text"]), r.FormatCommonLabelIssues(o), seed);
                var rows = new List<string>();
                foreach (CommonIssue row in r.CommonLabelIssues())
                {
                    Equal(row.Word, tokens[(int)row.FirstToken], seed + " first token");
                    rows.Add(row.Word + "|" + row.Given + "|" + row.Predicted + "|" + row.Count);
                }
                var expectedRows = Json.Arr(w["rows"]).Select(re =>
                {
                    var a = Json.Arr(re);
                    return Json.Str(a[0]) + "|" + Json.Int(a[1]) + "|" + Json.Int(a[2]) + "|" + Json.Long(a[3]);
                });
                SameSeq(expectedRows, rows, seed + " rows");
                checks++;
            }
            foreach (object qe in Json.Arr(c["filter_by_token"]))
            {
                var q = Json.Obj(qe);
                SameSeq(Json.Issues(q["issues"]), Tq.FilterByToken(Json.Str(q["word"]), offsets, tokens, issues), seed + " " + q["word"]);
            }
            Scores scores = Tq.LabelQualityScores(offsets, labels, probs, k);
            List<object> texts = Json.Arr(c["token_scores_text"]);
            for (int s = 0; s < texts.Count; s++)
            {
                int from = (int)offsets[s], to = (int)offsets[s + 1];
                Equal(Json.Str(texts[s]), Tq.FormatTokenScores(tokens.Slice(from, to),
                    scores.TokenScores.Skip(from).Take(to - from).ToArray()), seed + " sentence " + s);
            }
            return checks;
        }

        static IssueReport Report(IssueReport r, Dictionary<string, object> v, bool withLabels, bool withProbs, int[] labels,
                                  double[] probs, int k, TokenList names)
        {
            r.NClasses = k;
            if (withLabels) r.Labels = labels;
            if (withProbs) r.SetPredProbs(probs);
            if (v.ContainsKey("class_names") && Json.Bool(v["class_names"])) r.ClassNames = names;
            return r;
        }
    }
}
