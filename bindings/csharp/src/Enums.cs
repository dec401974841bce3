namespace TokQual
{
    /// <summary>How each token's label is scored (cleanlab.rank's <c>method</c>); lower means the
    /// label is less likely correct. See tokqual.h for the formulas.</summary>
    public enum TokenMethod
    {
        /// <summary>p[label].</summary>
        SelfConfidence = 0,
        /// <summary>(p[label] - max other p + 1) / 2; needs two classes or more.</summary>
        NormalizedMargin = 1,
        /// <summary>Entropy weighted by p[label]; needs two classes or more.</summary>
        ConfidenceWeightedEntropy = 2,
    }

    /// <summary>How a sentence's token scores become one sentence score.</summary>
    public enum SentenceMethod
    {
        /// <summary>The lowest token score.</summary>
        Min = 0,
        /// <summary>A softmin-weighted mean (see <see cref="ScoreOptions.Temperature"/>).</summary>
        Softmin = 1,
    }

    /// <summary>The <c>filter_by</c> methods of cleanlab.filter.find_label_issues.</summary>
    public enum FilterMethod
    {
        /// <summary>For every off-diagonal cell of the prune-count matrix, the tokens with the largest margin.</summary>
        PruneByNoiseRate = 0,
        /// <summary>For every class, the tokens with the lowest p[label].</summary>
        PruneByClass = 1,
        /// <summary>Tokens flagged by both prune methods.</summary>
        Both = 2,
        /// <summary>The off-diagonal tokens of the confident joint.</summary>
        ConfidentLearning = 3,
        /// <summary>argmax(p) differs from the label.</summary>
        PredictedNeqGiven = 4,
        /// <summary>The n tokens with the lowest normalized margin (n = the off-diagonal estimate).</summary>
        LowNormalizedMargin = 5,
        /// <summary>The n tokens with the lowest self-confidence.</summary>
        LowSelfConfidence = 6,
    }

    /// <summary>How the number of label issues is estimated (cleanlab's <c>estimation_method</c>).</summary>
    public enum NumIssuesMethod
    {
        /// <summary>The off-diagonal tokens of the confident joint ("off_diagonal").</summary>
        OffDiagonal = 0,
        /// <summary>(1 - trace of the estimated joint) * n_tokens ("off_diagonal_calibrated").</summary>
        OffDiagonalCalibrated = 1,
    }
}
