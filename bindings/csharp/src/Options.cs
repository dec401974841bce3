using System.Collections.Generic;

namespace TokQual
{
    /// <summary>
    /// Options of <see cref="Tq.LabelQualityScores(long[], int[], float[], int, ScoreOptions)"/>
    /// (<c>tq_score_options</c>). The defaults are cleanlab's; set what you need with an object
    /// initializer: <c>new ScoreOptions { SentenceMethod = SentenceMethod.Softmin }</c>.
    /// Values are checked by the library at the call.
    /// </summary>
    public sealed class ScoreOptions
    {
        /// <summary>Token scores; default <see cref="TokenMethod.SelfConfidence"/>.</summary>
        public TokenMethod TokenMethod { get; set; } = TokenMethod.SelfConfidence;
        /// <summary>Sentence scores; default <see cref="SentenceMethod.Min"/>.</summary>
        public SentenceMethod SentenceMethod { get; set; } = SentenceMethod.Min;
        /// <summary>Softmin temperature, &gt;= 0: 0 gives the min, infinity the mean; default 0.05.</summary>
        public double Temperature { get; set; } = 0.05;
        /// <summary>Worker threads, 0 = all cores (default); results are identical for every value.</summary>
        public int NThreads { get; set; }

        internal NativeScoreOptions ToNative()
        {
            NativeScoreOptions n = new NativeScoreOptions();
            n.token_method = (int)TokenMethod;
            n.sentence_method = (int)SentenceMethod;
            n.temperature = Temperature;
            n.n_threads = NThreads;
            return n;
        }
    }

    /// <summary>
    /// Options of <see cref="Tq.FindLabelIssues(long[], int[], float[], int, FindOptions)"/> and of
    /// the statistics functions, which read only <see cref="NThreads"/> (<c>tq_find_options</c>).
    /// Defaults are cleanlab's: prune by noise rate, ranked by self-confidence, frac_noise 1, at
    /// least one example per class, all cores, no adjustment.
    /// </summary>
    public sealed class FindOptions
    {
        /// <summary>Which tokens are issues; default <see cref="FilterMethod.PruneByNoiseRate"/>.</summary>
        public FilterMethod FilterBy { get; set; } = FilterMethod.PruneByNoiseRate;
        /// <summary>How issues are ranked; default <see cref="TokenMethod.SelfConfidence"/>.</summary>
        public TokenMethod RankBy { get; set; } = TokenMethod.SelfConfidence;
        /// <summary>In (0, 1]: the fraction of the estimated noise the prune methods flag; default 1.</summary>
        public double FracNoise { get; set; } = 1.0;
        /// <summary>null (default), or one count per class for the prune methods.</summary>
        public long[] NumToRemovePerClass { get; set; }
        /// <summary>&gt;= 0; default 1.</summary>
        public long MinExamplesPerClass { get; set; } = 1;
        /// <summary>Worker threads, 0 = all cores (default).</summary>
        public int NThreads { get; set; }
        /// <summary>Rank by scores of the adjusted probabilities; default false.</summary>
        public bool AdjustPredProbs { get; set; }

        internal NativeFindOptions ToNative()
        {
            NativeFindOptions n = new NativeFindOptions();
            n.filter_by = (int)FilterBy;
            n.rank_by = (int)RankBy;
            n.frac_noise = FracNoise;
            n.min_examples_per_class = MinExamplesPerClass;
            n.n_threads = NThreads;
            n.adjust_pred_probs = AdjustPredProbs ? 1 : 0;
            long[] counts = NumToRemovePerClass;
            if (counts != null && n.set_num_to_remove_per_class(counts, counts.Length) == 0)
            {
                n.Dispose();
                throw new TokQualException(Status.OutOfMemory, "FindOptions: cannot copy NumToRemovePerClass");
            }
            return n;
        }
    }

    /// <summary>Options of <see cref="Inspector"/> (<c>tq_inspector_options</c>). Defaults:
    /// self-confidence ranking, no adjustment, off-diagonal count, all cores.</summary>
    public sealed class InspectorOptions
    {
        /// <summary>How tokens are scored and ranked; default <see cref="TokenMethod.SelfConfidence"/>.</summary>
        public TokenMethod RankBy { get; set; } = TokenMethod.SelfConfidence;
        /// <summary>Score adjusted probabilities; default false (not with the entropy).</summary>
        public bool AdjustPredProbs { get; set; }
        /// <summary>How the number of issues is estimated; default <see cref="NumIssuesMethod.OffDiagonal"/>.</summary>
        public NumIssuesMethod NumIssuesMethod { get; set; } = NumIssuesMethod.OffDiagonal;
        /// <summary>Threads per batch, 0 = all cores (default).</summary>
        public int NThreads { get; set; }

        internal NativeInspectorOptions ToNative()
        {
            NativeInspectorOptions n = new NativeInspectorOptions();
            n.rank_by = (int)RankBy;
            n.adjust_pred_probs = AdjustPredProbs ? 1 : 0;
            n.num_issues_method = (int)NumIssuesMethod;
            n.n_threads = NThreads;
            return n;
        }
    }

    /// <summary>Options of <see cref="IssueReport.FormatIssues"/>: at most <see cref="Top"/> issues
    /// (default 20; 0 shows all) and the markers around each issue's word (default: the ANSI red
    /// of cleanlab's output).</summary>
    public sealed class FormatIssuesOptions
    {
        /// <summary>At most this many issues; default 20; 0 shows every issue.</summary>
        public long Top { get; set; } = 20;
        /// <summary>Marker before the word, e.g. "**"; null (default) = ANSI red.</summary>
        public string HighlightBefore { get; set; }
        /// <summary>Marker after the word; null (default) = ANSI reset.</summary>
        public string HighlightAfter { get; set; }

        internal NativeFormatIssuesOptions ToNative()
        {
            byte[] b = HighlightBefore == null ? null : Utf8.CString(HighlightBefore, "HighlightBefore");
            byte[] a = HighlightAfter == null ? null : Utf8.CString(HighlightAfter, "HighlightAfter");
            NativeFormatIssuesOptions n = new NativeFormatIssuesOptions();
            n.top = Top;
            if ((b != null || a != null) && n.set_highlight(b, a) == 0)
            {
                n.Dispose();
                throw new TokQualException(Status.OutOfMemory, "FormatIssuesOptions: cannot copy the markers");
            }
            return n;
        }
    }

    /// <summary>Options of <see cref="IssueReport.FormatCommonLabelIssues"/>: at most <see cref="Top"/>
    /// words (default 10), each with its swaps listed when <see cref="Verbose"/> (default true).</summary>
    public sealed class CommonIssuesOptions
    {
        /// <summary>At most this many words; default 10.</summary>
        public long Top { get; set; } = 10;
        /// <summary>List each word's swaps under it; default true.</summary>
        public bool Verbose { get; set; } = true;

        internal NativeCommonIssuesOptions ToNative()
        {
            NativeCommonIssuesOptions n = new NativeCommonIssuesOptions();
            n.top = Top;
            n.verbose = Verbose ? 1 : 0;
            return n;
        }
    }
}
