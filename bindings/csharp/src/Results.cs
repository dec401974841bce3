using System;

namespace TokQual
{
    /// <summary>Label-quality scores: one per sentence and one per token (lower = more likely mislabeled).</summary>
    public sealed class Scores
    {
        /// <summary>One score per sentence.</summary>
        public double[] SentenceScores { get; private set; }
        /// <summary>One score per token, flat (sentence i's are [offsets[i], offsets[i+1])).</summary>
        public double[] TokenScores { get; private set; }

        internal Scores(double[] sentenceScores, double[] tokenScores)
        {
            SentenceScores = sentenceScores;
            TokenScores = tokenScores;
        }
    }

    /// <summary>A token that may be mislabeled: token <see cref="Token"/> (counted within its
    /// sentence) of sentence <see cref="Sentence"/>, as cleanlab's (i, j) tuples. Ordered by
    /// position.</summary>
    public struct Issue : IEquatable<Issue>, IComparable<Issue>
    {
        /// <summary>The sentence index.</summary>
        public long Sentence { get; private set; }
        /// <summary>The token's index within its sentence.</summary>
        public long Token { get; private set; }

        /// <summary>Issue (sentence, token).</summary>
        public Issue(long sentence, long token) : this()
        {
            Sentence = sentence;
            Token = token;
        }

        /// <inheritdoc/>
        public bool Equals(Issue other) { return Sentence == other.Sentence && Token == other.Token; }
        /// <inheritdoc/>
        public override bool Equals(object obj) { return obj is Issue && Equals((Issue)obj); }
        /// <inheritdoc/>
        public override int GetHashCode() { return Sentence.GetHashCode() * 31 + Token.GetHashCode(); }
        /// <inheritdoc/>
        public int CompareTo(Issue other)
        {
            int c = Sentence.CompareTo(other.Sentence);
            return c != 0 ? c : Token.CompareTo(other.Token);
        }
        /// <summary>"(sentence, token)".</summary>
        public override string ToString() { return "(" + Sentence + ", " + Token + ")"; }
    }

    /// <summary>One row of cleanlab's common_label_issues: a word, the (given, predicted) swap
    /// (both -1 without labels or probabilities), and how many issues it has.
    /// <see cref="FirstToken"/> is the flat index of the first issue token with that word.</summary>
    public sealed class CommonIssue
    {
        /// <summary>The word (token text).</summary>
        public string Word { get; private set; }
        /// <summary>Flat index of the first issue token with this word.</summary>
        public long FirstToken { get; private set; }
        /// <summary>The given class, or -1.</summary>
        public int Given { get; private set; }
        /// <summary>The predicted class, or -1.</summary>
        public int Predicted { get; private set; }
        /// <summary>The number of issues.</summary>
        public long Count { get; private set; }

        internal CommonIssue(string word, long firstToken, int given, int predicted, long count)
        {
            Word = word;
            FirstToken = firstToken;
            Given = given;
            Predicted = predicted;
            Count = count;
        }
    }

    /// <summary>How many tokens each pass of an <see cref="Inspector"/> has seen.</summary>
    public struct InspectorCounts
    {
        /// <summary>Tokens seen in pass 1.</summary>
        public long ThresholdTokens { get; private set; }
        /// <summary>Tokens scored in pass 2.</summary>
        public long ScoredTokens { get; private set; }

        internal InspectorCounts(long thresholdTokens, long scoredTokens) : this()
        {
            ThresholdTokens = thresholdTokens;
            ScoredTokens = scoredTokens;
        }
    }
}
