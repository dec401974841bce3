using System.Collections.Generic;

namespace TokQual
{
    /// <summary>
    /// The reports of cleanlab.token_classification.summary over a list of issues: the text
    /// display_issues prints (<see cref="FormatIssues"/>), the rows of common_label_issues
    /// (<see cref="CommonLabelIssues"/>) and the text it prints (<see cref="FormatCommonLabelIssues"/>).
    /// </summary>
    /// <example><code>
    /// var report = IssueReport.OfTokenIssues(offsets, tokens, issues);
    /// report.Labels = labels;
    /// report.NClasses = 3;
    /// report.ClassNames = TokenList.Of("O", "B-PER", "I-PER");
    /// report.SetPredProbs(predProbs);
    /// string text = report.FormatIssues(new FormatIssuesOptions { Top = 5 });
    /// </code></example>
    public sealed class IssueReport
    {
        readonly long[] offsets;
        readonly TokenList tokens;
        readonly long[] issueSentences;
        readonly long[] issueTokens; // null: sentence-level issues
        float[] probs32;
        double[] probs64;

        /// <summary>The given labels (one per token), or null.</summary>
        public int[] Labels { get; set; }
        /// <summary>The number of classes labels, exclude pairs and class names are checked against.</summary>
        public int NClasses { get; set; }
        /// <summary>Class names (exactly <see cref="NClasses"/>), printed instead of indices; or null.</summary>
        public TokenList ClassNames { get; set; }
        /// <summary>(given, predicted) swaps to leave out, or null.</summary>
        public IEnumerable<KeyValuePair<int, int>> Exclude { get; set; }

        IssueReport(long[] offsets, TokenList tokens, long[] issueSentences, long[] issueTokens)
        {
            this.offsets = offsets;
            this.tokens = tokens;
            this.issueSentences = issueSentences;
            this.issueTokens = issueTokens;
        }

        /// <summary>A report of token issues over a dataset's tokens (one string per token).</summary>
        public static IssueReport OfTokenIssues(long[] offsets, IEnumerable<string> tokens, IEnumerable<Issue> issues)
        {
            const string fn = "IssueReport";
            long[] s, t;
            Tq.Pairs(fn, issues, out s, out t);
            return new IssueReport(Checks.NotNull(fn, offsets, "offsets"), TokenList.Of(Checks.NotNull(fn, tokens, "tokens")), s, t);
        }

        /// <summary>A report of sentence issues (as from <see cref="Tq.IssuesFromSentenceScores"/>).</summary>
        public static IssueReport OfSentenceIssues(long[] offsets, IEnumerable<string> tokens, long[] sentences)
        {
            const string fn = "IssueReport";
            return new IssueReport(Checks.NotNull(fn, offsets, "offsets"), TokenList.Of(Checks.NotNull(fn, tokens, "tokens")),
                (long[])Checks.NotNull(fn, sentences, "sentences").Clone(), null);
        }

        /// <summary>Model probabilities, row-major n_tokens x <see cref="NClasses"/> (float), or null.</summary>
        public void SetPredProbs(float[] predProbs) { probs32 = predProbs; probs64 = null; }
        /// <summary>Model probabilities, double, or null.</summary>
        public void SetPredProbs(double[] predProbs) { probs64 = predProbs; probs32 = null; }

        /// <summary>cleanlab's display_issues output, byte for byte.</summary>
        public string FormatIssues(FormatIssuesOptions options = null)
        {
            const string fn = "FormatIssues";
            int[] exclude = Check(fn);
            byte[] names = ClassNames == null ? null : ClassNames.Bytes;
            long[] nameOffsets = ClassNames == null ? null : ClassNames.Offsets;
            using (NativeFormatIssuesOptions n = (options ?? new FormatIssuesOptions()).ToNative())
            {
                return Text.Run(fn, tokens.Bytes.Length * 4L + 256L * issueSentences.Length + 256, (output, cap, size) =>
                {
                    if (probs64 != null)
                        NativeApi.format_issues_f64(offsets, Checks.Sentences(fn, offsets.Length), tokens.Bytes, tokens.Bytes.Length,
                            tokens.Offsets, tokens.Count, issueSentences, issueTokens, issueSentences.Length, Labels, probs64,
                            NClasses, names, names == null ? 0 : names.Length, nameOffsets, exclude, exclude.Length / 2, n,
                            output, cap, size);
                    else
                        NativeApi.format_issues_f32(offsets, Checks.Sentences(fn, offsets.Length), tokens.Bytes, tokens.Bytes.Length,
                            tokens.Offsets, tokens.Count, issueSentences, issueTokens, issueSentences.Length, Labels, probs32,
                            NClasses, names, names == null ? 0 : names.Length, nameOffsets, exclude, exclude.Length / 2, n,
                            output, cap, size);
                });
            }
        }

        /// <summary>The rows of cleanlab's common_label_issues (token issues only).</summary>
        public IReadOnlyList<CommonIssue> CommonLabelIssues()
        {
            const string fn = "CommonLabelIssues";
            int[] exclude = Check(fn);
            int n = issueSentences.Length;
            long[] words = new long[n];
            int[] given = new int[n];
            int[] predicted = new int[n];
            long[] counts = new long[n];
            long[] count = new long[1];
            if (probs64 != null)
                NativeApi.common_label_issues_f64(offsets, Checks.Sentences(fn, offsets.Length), tokens.Bytes, tokens.Bytes.Length,
                    tokens.Offsets, tokens.Count, issueSentences, issueTokens, n, Labels, probs64, NClasses, exclude,
                    exclude.Length / 2, words, given, predicted, counts, count);
            else
                NativeApi.common_label_issues_f32(offsets, Checks.Sentences(fn, offsets.Length), tokens.Bytes, tokens.Bytes.Length,
                    tokens.Offsets, tokens.Count, issueSentences, issueTokens, n, Labels, probs32, NClasses, exclude,
                    exclude.Length / 2, words, given, predicted, counts, count);
            CommonIssue[] rows = new CommonIssue[count[0]];
            for (int k = 0; k < rows.Length; k++)
                rows[k] = new CommonIssue(tokens[(int)words[k]], words[k], given[k], predicted[k], counts[k]);
            return System.Array.AsReadOnly(rows);
        }

        /// <summary>The text cleanlab's common_label_issues prints, byte for byte.</summary>
        public string FormatCommonLabelIssues(CommonIssuesOptions options = null)
        {
            const string fn = "FormatCommonLabelIssues";
            int[] exclude = Check(fn);
            byte[] names = ClassNames == null ? null : ClassNames.Bytes;
            long[] nameOffsets = ClassNames == null ? null : ClassNames.Offsets;
            using (NativeCommonIssuesOptions n = (options ?? new CommonIssuesOptions()).ToNative())
            {
                return Text.Run(fn, 256L * issueSentences.Length + 256, (output, cap, size) =>
                {
                    if (probs64 != null)
                        NativeApi.format_common_label_issues_f64(offsets, Checks.Sentences(fn, offsets.Length), tokens.Bytes,
                            tokens.Bytes.Length, tokens.Offsets, tokens.Count, issueSentences, issueTokens, issueSentences.Length,
                            Labels, probs64, NClasses, names, names == null ? 0 : names.Length, nameOffsets, exclude,
                            exclude.Length / 2, n, output, cap, size);
                    else
                        NativeApi.format_common_label_issues_f32(offsets, Checks.Sentences(fn, offsets.Length), tokens.Bytes,
                            tokens.Bytes.Length, tokens.Offsets, tokens.Count, issueSentences, issueTokens, issueSentences.Length,
                            Labels, probs32, NClasses, names, names == null ? 0 : names.Length, nameOffsets, exclude,
                            exclude.Length / 2, n, output, cap, size);
                });
            }
        }

        /// <summary>Lengths the C call cannot see: labels and probabilities per token, names per
        /// class. Returns the exclude pairs, flattened.</summary>
        int[] Check(string fn)
        {
            if (Labels != null) Checks.Length(fn, "labels", Labels.Length, tokens.Count, "one per token");
            if (probs32 != null || probs64 != null)
                Checks.Length(fn, "pred_probs", probs32 != null ? probs32.Length : probs64.Length, (long)tokens.Count * NClasses,
                    "n_tokens * n_classes");
            if (ClassNames != null) Checks.Length(fn, "class_names", ClassNames.Count, NClasses, "n_classes");
            List<int> flat = new List<int>();
            if (Exclude != null)
                foreach (KeyValuePair<int, int> p in Exclude)
                {
                    flat.Add(p.Key);
                    flat.Add(p.Value);
                }
            return flat.ToArray();
        }
    }
}
