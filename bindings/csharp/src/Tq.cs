using System;
using System.Collections.Generic;

namespace TokQual
{
    /// <summary>
    /// tokqual from C#: label-quality scores, issue lists, confident learning and its statistics,
    /// and the text helpers. Every method is a static call into the native library
    /// (libtokqual_csharp.so, found next to TokQual.dll).
    /// </summary>
    /// <remarks>
    /// <para>Data layout, as in tokqual.h: sentence i owns tokens [offsets[i], offsets[i+1]);
    /// <c>offsets</c> has n_sentences + 1 entries, starts at 0, strictly increases and ends at
    /// <c>labels.Length</c>; <c>predProbs</c> is row-major n_tokens x nClasses.
    /// <see cref="Dataset"/> builds this from per-sentence arrays.</para>
    /// <para>Arrays are passed to the library without copying (pinned for the call). Every failure
    /// is a <see cref="TokQualException"/> carrying a <see cref="Status"/> and the library's message;
    /// nothing is written to caller arrays on failure. Every method may be called from many threads
    /// at once. A null options argument means the defaults.</para>
    /// </remarks>
    public static class Tq
    {
        // ---- Version -------------------------------------------------------------------

        /// <summary>The loaded native library's version, "MAJOR.MINOR.PATCH".</summary>
        public static string Version { get { return NativeApi.version(); } }

        /// <summary>The loaded library's major * 10000 + minor * 100 + patch.</summary>
        public static int VersionNumber { get { return NativeApi.version_number(); } }

        /// <summary>The library's short English name of a status, e.g. "invalid offsets".</summary>
        public static string StatusString(Status status) { return NativeApi.status_string((int)status); }

        /// <summary>The message of the last failed call on this thread (a <see cref="TokQualException"/>
        /// already carries it; kept for completeness).</summary>
        public static string LastErrorMessage() { return NativeApi.last_error_message(); }

        // ---- Label-quality scores ------------------------------------------------------

        /// <summary>One score per token and per sentence (float probabilities, computed in double).</summary>
        public static Scores LabelQualityScores(long[] offsets, int[] labels, float[] predProbs, int nClasses,
                                                ScoreOptions options = null)
        {
            return ScoresOf("LabelQualityScores", offsets, labels, predProbs, null, nClasses, options);
        }

        /// <summary>One score per token and per sentence (double probabilities).</summary>
        public static Scores LabelQualityScores(long[] offsets, int[] labels, double[] predProbs, int nClasses,
                                                ScoreOptions options = null)
        {
            return ScoresOf("LabelQualityScores", offsets, labels, null, predProbs, nClasses, options);
        }

        /// <summary>Scores of a <see cref="Dataset"/>.</summary>
        public static Scores LabelQualityScores(Dataset data, ScoreOptions options = null)
        {
            Checks.NotNull("LabelQualityScores", data, "data");
            return ScoresOf("LabelQualityScores", data.Offsets, data.Labels, data.PredProbsF32, data.PredProbsF64,
                data.NClasses, options);
        }

        static Scores ScoresOf(string fn, long[] offsets, int[] labels, float[] p32, double[] p64, int nClasses,
                               ScoreOptions options)
        {
            Checks.NotNull(fn, offsets, "offsets");
            Checks.NotNull(fn, labels, "labels");
            double[] s = new double[Checks.Sentences(fn, offsets.Length)];
            double[] t = new double[labels.Length];
            Into(fn, offsets, labels, p32, p64, nClasses, options, s, t);
            return new Scores(s, t);
        }

        /// <summary>Scores into caller arrays (no allocation): <paramref name="sentenceScores"/> holds
        /// offsets.Length - 1 values, <paramref name="tokenScores"/> labels.Length (or is null to skip).</summary>
        public static void LabelQualityScoresInto(long[] offsets, int[] labels, float[] predProbs, int nClasses,
                                                  ScoreOptions options, double[] sentenceScores, double[] tokenScores)
        {
            Into("LabelQualityScoresInto", offsets, labels, Checks.NotNull("LabelQualityScoresInto", predProbs, "pred_probs"),
                null, nClasses, options, sentenceScores, tokenScores);
        }

        /// <summary>As the float overload, with double probabilities.</summary>
        public static void LabelQualityScoresInto(long[] offsets, int[] labels, double[] predProbs, int nClasses,
                                                  ScoreOptions options, double[] sentenceScores, double[] tokenScores)
        {
            Into("LabelQualityScoresInto", offsets, labels, null,
                Checks.NotNull("LabelQualityScoresInto", predProbs, "pred_probs"), nClasses, options, sentenceScores, tokenScores);
        }

        static void Into(string fn, long[] offsets, int[] labels, float[] p32, double[] p64, int nClasses,
                         ScoreOptions options, double[] sentenceScores, double[] tokenScores)
        {
            Checks.NotNull(fn, offsets, "offsets");
            Checks.NotNull(fn, labels, "labels");
            if (p32 == null && p64 == null) throw Checks.Fail(Status.NullArgument, fn, "pred_probs is null");
            Checks.NotNull(fn, sentenceScores, "sentence_scores");
            long nSentences = Checks.Sentences(fn, offsets.Length);
            Checks.Classes(fn, nClasses);
            long n = labels.Length;
            Checks.Length(fn, "pred_probs", p32 != null ? p32.Length : p64.Length, n * nClasses, "labels.Length * n_classes");
            Checks.Length(fn, "sentence_scores", sentenceScores.Length, nSentences, "offsets.Length - 1");
            if (tokenScores != null) Checks.Length(fn, "token_scores", tokenScores.Length, n, "labels.Length");
            using (NativeScoreOptions o = (options ?? new ScoreOptions()).ToNative())
            {
                if (p32 != null)
                    NativeApi.label_quality_scores_f32(offsets, nSentences, labels, p32, n, nClasses, o, sentenceScores, tokenScores);
                else
                    NativeApi.label_quality_scores_f64(offsets, nSentences, labels, p64, n, nClasses, o, sentenceScores, tokenScores);
            }
        }

        /// <summary>Sentence scores from token scores computed elsewhere (another model, another token
        /// method): the aggregation step of <see cref="LabelQualityScores(long[], int[], double[], int, ScoreOptions)"/>
        /// on its own, with the same result bit for bit on the token scores it returns (cleanlab's min and
        /// softmin). Each token score must be finite and within [0, 1] up to 1e-6 (the range of every score
        /// tokqual returns), else <see cref="Status.InvalidValue"/>. Of <paramref name="options"/>, the
        /// sentence method, temperature and thread count are used; the token method is not.</summary>
        public static double[] SentenceScoresFromTokenScores(long[] offsets, double[] tokenScores,
                                                             ScoreOptions options = null)
        {
            const string fn = "SentenceScoresFromTokenScores";
            Checks.NotNull(fn, offsets, "offsets");
            Checks.NotNull(fn, tokenScores, "token_scores");
            long nSentences = Checks.Sentences(fn, offsets.Length);
            double[] sentenceScores = new double[nSentences];
            using (NativeScoreOptions o = (options ?? new ScoreOptions()).ToNative())
                NativeApi.sentence_scores_from_token_scores(offsets, nSentences, tokenScores, tokenScores.Length, o,
                    sentenceScores);
            return sentenceScores;
        }

        // ---- Issues from scores --------------------------------------------------------

        /// <summary>The sentences scoring strictly below <paramref name="threshold"/>, lowest first, ties by index.</summary>
        public static long[] IssuesFromSentenceScores(double[] sentenceScores, double threshold = 0.1)
        {
            Checks.NotNull("IssuesFromSentenceScores", sentenceScores, "sentence_scores");
            long[] output = new long[sentenceScores.Length];
            long[] count = new long[1];
            NativeApi.issues_from_sentence_scores(sentenceScores, sentenceScores.Length, threshold, output, count);
            Array.Resize(ref output, (int)count[0]);
            return output;
        }

        /// <summary>The tokens scoring strictly below <paramref name="threshold"/>, lowest first, ties by position.</summary>
        public static IReadOnlyList<Issue> IssuesFromTokenScores(long[] offsets, double[] tokenScores, double threshold = 0.1)
        {
            const string fn = "IssuesFromTokenScores";
            Checks.NotNull(fn, offsets, "offsets");
            Checks.NotNull(fn, tokenScores, "token_scores");
            long[] s = new long[tokenScores.Length];
            long[] t = new long[tokenScores.Length];
            long[] count = new long[1];
            NativeApi.issues_from_token_scores(offsets, Checks.Sentences(fn, offsets.Length), tokenScores, tokenScores.Length,
                threshold, s, t, count);
            return Issues(s, t, count[0]);
        }

        // ---- Confident learning --------------------------------------------------------

        /// <summary>Label issues by confident learning, most severe first (float probabilities).</summary>
        public static IReadOnlyList<Issue> FindLabelIssues(long[] offsets, int[] labels, float[] predProbs, int nClasses,
                                                           FindOptions options = null)
        {
            return Find(offsets, labels, Checks.NotNull("FindLabelIssues", predProbs, "pred_probs"), null, nClasses, options);
        }

        /// <summary>Label issues by confident learning, most severe first (double probabilities).</summary>
        public static IReadOnlyList<Issue> FindLabelIssues(long[] offsets, int[] labels, double[] predProbs, int nClasses,
                                                           FindOptions options = null)
        {
            return Find(offsets, labels, null, Checks.NotNull("FindLabelIssues", predProbs, "pred_probs"), nClasses, options);
        }

        /// <summary>Label issues of a <see cref="Dataset"/>.</summary>
        public static IReadOnlyList<Issue> FindLabelIssues(Dataset data, FindOptions options = null)
        {
            Checks.NotNull("FindLabelIssues", data, "data");
            return Find(data.Offsets, data.Labels, data.PredProbsF32, data.PredProbsF64, data.NClasses, options);
        }

        static IReadOnlyList<Issue> Find(long[] offsets, int[] labels, float[] p32, double[] p64, int nClasses,
                                         FindOptions options)
        {
            const string fn = "FindLabelIssues";
            Checks.NotNull(fn, offsets, "offsets");
            Checks.NotNull(fn, labels, "labels");
            long nSentences = Checks.Sentences(fn, offsets.Length);
            Checks.Classes(fn, nClasses);
            long n = labels.Length;
            Checks.Length(fn, "pred_probs", p32 != null ? p32.Length : p64.Length, n * nClasses, "labels.Length * n_classes");
            options = options ?? new FindOptions();
            NumToRemoveLength(fn, options, nClasses);
            long[] s = new long[n];
            long[] t = new long[n];
            long[] count = new long[1];
            using (NativeFindOptions o = options.ToNative())
            {
                if (p32 != null) NativeApi.find_label_issues_f32(offsets, nSentences, labels, p32, n, nClasses, o, s, t, count);
                else NativeApi.find_label_issues_f64(offsets, nSentences, labels, p64, n, nClasses, o, s, t, count);
            }
            return Issues(s, t, count[0]);
        }

        static void NumToRemoveLength(string fn, FindOptions options, int nClasses)
        {
            if (options.NumToRemovePerClass != null)
                Checks.Length(fn, "num_to_remove_per_class", options.NumToRemovePerClass.Length, nClasses, "n_classes");
        }

        /// <summary>The per-class confident thresholds (cleanlab.count.get_confident_thresholds).</summary>
        public static double[] ConfidentThresholds(int[] labels, float[] predProbs, int nClasses, FindOptions options = null)
        {
            return Thresholds(labels, Checks.NotNull("ConfidentThresholds", predProbs, "pred_probs"), null, nClasses, options);
        }

        /// <summary>The per-class confident thresholds, double probabilities.</summary>
        public static double[] ConfidentThresholds(int[] labels, double[] predProbs, int nClasses, FindOptions options = null)
        {
            return Thresholds(labels, null, Checks.NotNull("ConfidentThresholds", predProbs, "pred_probs"), nClasses, options);
        }

        static double[] Thresholds(int[] labels, float[] p32, double[] p64, int nClasses, FindOptions options)
        {
            const string fn = "ConfidentThresholds";
            long n = StatsChecks(fn, labels, p32, p64, nClasses);
            double[] output = new double[nClasses];
            using (NativeFindOptions o = (options ?? new FindOptions()).ToNative())
            {
                if (p32 != null) NativeApi.confident_thresholds_f32(labels, p32, n, nClasses, o, output);
                else NativeApi.confident_thresholds_f64(labels, p64, n, nClasses, o, output);
            }
            return output;
        }

        /// <summary>The confident joint, row-major nClasses x nClasses ([i * nClasses + j] counts tokens
        /// labeled i guessed as j), calibrated (cleanlab's default) or raw.</summary>
        public static long[] ConfidentJoint(int[] labels, float[] predProbs, int nClasses, bool calibrate = true,
                                            FindOptions options = null)
        {
            return Joint(labels, Checks.NotNull("ConfidentJoint", predProbs, "pred_probs"), null, nClasses, calibrate, options);
        }

        /// <summary>The confident joint, double probabilities.</summary>
        public static long[] ConfidentJoint(int[] labels, double[] predProbs, int nClasses, bool calibrate = true,
                                            FindOptions options = null)
        {
            return Joint(labels, null, Checks.NotNull("ConfidentJoint", predProbs, "pred_probs"), nClasses, calibrate, options);
        }

        static long[] Joint(int[] labels, float[] p32, double[] p64, int nClasses, bool calibrate, FindOptions options)
        {
            const string fn = "ConfidentJoint";
            long n = StatsChecks(fn, labels, p32, p64, nClasses);
            if (nClasses > 46340)
                throw Checks.Fail(Status.InvalidSize, fn, "n_classes = " + nClasses + " is above 46340");
            long[] output = new long[(long)nClasses * nClasses];
            using (NativeFindOptions o = (options ?? new FindOptions()).ToNative())
            {
                if (p32 != null) NativeApi.confident_joint_f32(labels, p32, n, nClasses, calibrate ? 1 : 0, o, output);
                else NativeApi.confident_joint_f64(labels, p64, n, nClasses, calibrate ? 1 : 0, o, output);
            }
            return output;
        }

        /// <summary>The estimated number of label issues (cleanlab.count.num_label_issues).</summary>
        public static long NumLabelIssues(int[] labels, float[] predProbs, int nClasses,
                                          NumIssuesMethod method = NumIssuesMethod.OffDiagonal, FindOptions options = null)
        {
            return NumIssues(labels, Checks.NotNull("NumLabelIssues", predProbs, "pred_probs"), null, nClasses, method, options);
        }

        /// <summary>The estimated number of label issues, double probabilities.</summary>
        public static long NumLabelIssues(int[] labels, double[] predProbs, int nClasses,
                                          NumIssuesMethod method = NumIssuesMethod.OffDiagonal, FindOptions options = null)
        {
            return NumIssues(labels, null, Checks.NotNull("NumLabelIssues", predProbs, "pred_probs"), nClasses, method, options);
        }

        static long NumIssues(int[] labels, float[] p32, double[] p64, int nClasses, NumIssuesMethod method, FindOptions options)
        {
            long n = StatsChecks("NumLabelIssues", labels, p32, p64, nClasses);
            long[] count = new long[1];
            using (NativeFindOptions o = (options ?? new FindOptions()).ToNative())
            {
                if (p32 != null) NativeApi.num_label_issues_f32(labels, p32, n, nClasses, (int)method, o, count);
                else NativeApi.num_label_issues_f64(labels, p64, n, nClasses, (int)method, o, count);
            }
            return count[0];
        }

        /// <summary>The probabilities cleanlab scores with adjust_pred_probs=True, row-major.</summary>
        public static double[] AdjustPredProbs(int[] labels, float[] predProbs, int nClasses, FindOptions options = null)
        {
            return Adjust(labels, Checks.NotNull("AdjustPredProbs", predProbs, "pred_probs"), null, nClasses, options);
        }

        /// <summary>Adjusted probabilities, double input.</summary>
        public static double[] AdjustPredProbs(int[] labels, double[] predProbs, int nClasses, FindOptions options = null)
        {
            return Adjust(labels, null, Checks.NotNull("AdjustPredProbs", predProbs, "pred_probs"), nClasses, options);
        }

        static double[] Adjust(int[] labels, float[] p32, double[] p64, int nClasses, FindOptions options)
        {
            long n = StatsChecks("AdjustPredProbs", labels, p32, p64, nClasses);
            double[] output = new double[p32 != null ? p32.Length : p64.Length];
            using (NativeFindOptions o = (options ?? new FindOptions()).ToNative())
            {
                if (p32 != null) NativeApi.adjust_pred_probs_f32(labels, p32, n, nClasses, o, output);
                else NativeApi.adjust_pred_probs_f64(labels, p64, n, nClasses, o, output);
            }
            return output;
        }

        static long StatsChecks(string fn, int[] labels, float[] p32, double[] p64, int nClasses)
        {
            Checks.NotNull(fn, labels, "labels");
            Checks.Classes(fn, nClasses);
            Checks.Length(fn, "pred_probs", p32 != null ? p32.Length : p64.Length, (long)labels.Length * nClasses,
                "labels.Length * n_classes");
            return labels.Length;
        }

        // ---- Text helpers --------------------------------------------------------------

        /// <summary>The words joined into one readable sentence, as cleanlab's get_sentence.</summary>
        public static string GetSentence(IEnumerable<string> words)
        {
            TokenList w = TokenList.Of(Checks.NotNull("GetSentence", words, "words"));
            return Text.Run("GetSentence", w.Bytes.Length + w.Count + 16, (output, cap, size) =>
                NativeApi.get_sentence(w.Bytes, w.Bytes.Length, w.Offsets, w.Count, output, cap, size));
        }

        /// <summary>The indices of the sentences cleanlab's default filter_sentence condition keeps (more
        /// than one character and no '#'), in order. Runs the C default condition.</summary>
        public static long[] FilterSentences(IEnumerable<string> sentences)
        {
            TokenList s = TokenList.Of(Checks.NotNull("FilterSentences", sentences, "sentences"));
            long[] kept = new long[s.Count];
            long[] count = new long[1];
            NativeApi.filter_sentences(s.Bytes, s.Bytes.Length, s.Offsets, s.Count, null, kept, count);
            Array.Resize(ref kept, (int)count[0]);
            return kept;
        }

        /// <summary>cleanlab's filter_sentence mask for the default condition: true = kept.</summary>
        public static bool[] FilterSentencesMask(IEnumerable<string> sentences)
        {
            TokenList s = TokenList.Of(Checks.NotNull("FilterSentencesMask", sentences, "sentences"));
            byte[] mask = new byte[s.Count];
            long[] count = new long[1];
            NativeApi.filter_sentences(s.Bytes, s.Bytes.Length, s.Offsets, s.Count, mask, null, count);
            return Array.ConvertAll(mask, m => m != 0);
        }

        /// <summary>The indices of the sentences <paramref name="keep"/> accepts, in order (filter_sentence
        /// with a condition). The predicate runs in C#, on the calling thread, once per sentence in order;
        /// the C callback of tq_filter_sentences is not used from C#, so an exception it throws simply
        /// propagates.</summary>
        public static long[] FilterSentences(IEnumerable<string> sentences, Func<string, bool> keep)
        {
            Checks.NotNull("FilterSentences", sentences, "sentences");
            Checks.NotNull("FilterSentences", keep, "keep");
            List<long> kept = new List<long>();
            long i = 0;
            foreach (string s in sentences)
            {
                Checks.NotNull("FilterSentences", s, "sentences[" + i + "]");
                if (keep(s)) kept.Add(i);
                i++;
            }
            return kept.ToArray();
        }

        /// <summary>cleanlab's process_token: one left-to-right pass applying the first (find, replace) pair
        /// that matches at each position. Null or an empty list means the default ("#" removed).</summary>
        public static string ProcessToken(string token, IEnumerable<KeyValuePair<string, string>> replace = null)
        {
            const string fn = "ProcessToken";
            byte[] t = Utf8.Encode(Checks.NotNull(fn, token, "token"), fn + ": token");
            List<string> flat = new List<string>();
            if (replace != null)
                foreach (KeyValuePair<string, string> e in replace)
                {
                    flat.Add(e.Key);
                    flat.Add(e.Value);
                }
            TokenList pairs = TokenList.Of(flat);
            bool none = flat.Count == 0;
            return Text.Run(fn, t.Length * 2 + 16, (output, cap, size) => NativeApi.process_token(t, t.Length,
                none ? null : pairs.Bytes, none ? 0 : pairs.Bytes.Length, none ? null : pairs.Offsets, flat.Count / 2,
                output, cap, size));
        }

        /// <summary><c>result[i] = maps[labels[i]]</c> (cleanlab's mapping).</summary>
        public static int[] MapLabels(int[] labels, int[] maps)
        {
            Checks.NotNull("MapLabels", labels, "labels");
            Checks.NotNull("MapLabels", maps, "maps");
            int[] output = new int[labels.Length];
            NativeApi.map_labels(labels, labels.Length, maps, maps.Length, output);
            return output;
        }

        /// <summary>Model classes merged into dataset classes (cleanlab's merge_probs); width max(maps) + 1.</summary>
        public static float[] MergeProbs(float[] predProbs, int nClasses, int[] maps)
        {
            const string fn = "MergeProbs";
            Checks.NotNull(fn, predProbs, "pred_probs");
            long width = MergedWidth(fn, maps);
            long rows = Checks.Rows(fn, "pred_probs", predProbs.Length, nClasses);
            float[] output = new float[Checks.ArrayLength(fn, "the merged probabilities", rows * width)];
            NativeApi.merge_probs_f32(predProbs, rows, nClasses, maps, width, output);
            return output;
        }

        /// <summary>Model classes merged into dataset classes, double probabilities.</summary>
        public static double[] MergeProbs(double[] predProbs, int nClasses, int[] maps)
        {
            const string fn = "MergeProbs";
            Checks.NotNull(fn, predProbs, "pred_probs");
            long width = MergedWidth(fn, maps);
            long rows = Checks.Rows(fn, "pred_probs", predProbs.Length, nClasses);
            double[] output = new double[Checks.ArrayLength(fn, "the merged probabilities", rows * width)];
            NativeApi.merge_probs_f64(predProbs, rows, nClasses, maps, width, output);
            return output;
        }

        static long MergedWidth(string fn, int[] maps)
        {
            Checks.NotNull(fn, maps, "maps");
            long max = -1;
            foreach (int m in maps) max = Math.Max(max, m);
            return max + 1;
        }

        /// <summary>Every whole-word <paramref name="word"/> in <paramref name="sentence"/> replaced by
        /// <paramref name="newWord"/> (see tq_replace_word).</summary>
        public static string ReplaceWord(string sentence, string word, string newWord)
        {
            const string fn = "ReplaceWord";
            byte[] s = Utf8.Encode(Checks.NotNull(fn, sentence, "sentence"), fn + ": sentence");
            byte[] w = Utf8.Encode(Checks.NotNull(fn, word, "word"), fn + ": word");
            byte[] nw = Utf8.Encode(Checks.NotNull(fn, newWord, "new_word"), fn + ": new_word");
            return Text.Run(fn, s.Length * 2 + nw.Length + 16, (output, cap, size) =>
                NativeApi.replace_word(s, s.Length, w, w.Length, nw, nw.Length, output, cap, size));
        }

        /// <summary><paramref name="sentence"/> with <paramref name="word"/> between <paramref name="before"/>
        /// and <paramref name="after"/> (null for cleanlab's ANSI red), as cleanlab's color_sentence.</summary>
        public static string ColorSentence(string sentence, string word, string before = null, string after = null)
        {
            const string fn = "ColorSentence";
            byte[] s = Utf8.Encode(Checks.NotNull(fn, sentence, "sentence"), fn + ": sentence");
            byte[] w = Utf8.Encode(Checks.NotNull(fn, word, "word"), fn + ": word");
            byte[] b = before == null ? null : Utf8.CString(before, fn + ": before");
            byte[] a = after == null ? null : Utf8.CString(after, fn + ": after");
            return Text.Run(fn, s.Length * 2 + 32, (output, cap, size) =>
                NativeApi.color_sentence(s, s.Length, w, w.Length, b, a, output, cap, size));
        }

        /// <summary>Word-level probability rows from subword rows: word w averages rows
        /// [wordBegin[w], wordEnd[w]), weighted when <paramref name="weights"/> (one per (word, row)
        /// pair, word by word) is not null.</summary>
        public static float[] SubwordToWordProbs(float[] subwordProbs, int nClasses, long[] wordBegin, long[] wordEnd,
                                                 double[] weights = null)
        {
            const string fn = "SubwordToWordProbs";
            Checks.NotNull(fn, subwordProbs, "subword_probs");
            long rows = Checks.Rows(fn, "subword_probs", subwordProbs.Length, nClasses);
            int nWords = WordRanges(fn, wordBegin, wordEnd);
            float[] output = new float[Checks.ArrayLength(fn, "the word probabilities", (long)nWords * nClasses)];
            NativeApi.subword_to_word_probs_f32(subwordProbs, rows, nClasses, wordBegin, wordEnd, nWords, weights,
                weights == null ? 0 : weights.Length, output);
            return output;
        }

        /// <summary>Word-level probability rows, double input.</summary>
        public static double[] SubwordToWordProbs(double[] subwordProbs, int nClasses, long[] wordBegin, long[] wordEnd,
                                                  double[] weights = null)
        {
            const string fn = "SubwordToWordProbs";
            Checks.NotNull(fn, subwordProbs, "subword_probs");
            long rows = Checks.Rows(fn, "subword_probs", subwordProbs.Length, nClasses);
            int nWords = WordRanges(fn, wordBegin, wordEnd);
            double[] output = new double[Checks.ArrayLength(fn, "the word probabilities", (long)nWords * nClasses)];
            NativeApi.subword_to_word_probs_f64(subwordProbs, rows, nClasses, wordBegin, wordEnd, nWords, weights,
                weights == null ? 0 : weights.Length, output);
            return output;
        }

        static int WordRanges(string fn, long[] begin, long[] end)
        {
            Checks.NotNull(fn, begin, "word_begin");
            Checks.NotNull(fn, end, "word_end");
            Checks.Length(fn, "word_end", end.Length, begin.Length, "word_begin.Length");
            return begin.Length;
        }

        /// <summary>One line per token, "token\tscore\n", the score as Python's repr(float).</summary>
        public static string FormatTokenScores(IEnumerable<string> words, double[] scores)
        {
            const string fn = "FormatTokenScores";
            TokenList w = TokenList.Of(Checks.NotNull(fn, words, "words"));
            Checks.NotNull(fn, scores, "scores");
            Checks.Length(fn, "scores", scores.Length, w.Count, "words.Count");
            return Text.Run(fn, w.Bytes.Length + 26L * w.Count + 16, (output, cap, size) =>
                NativeApi.format_token_scores(w.Bytes, w.Bytes.Length, w.Offsets, w.Count, scores, output, cap, size));
        }

        /// <summary>The issues whose token equals <paramref name="word"/> ignoring case (cleanlab's
        /// filter_by_token), in their order.</summary>
        public static IReadOnlyList<Issue> FilterByToken(string word, long[] offsets, IEnumerable<string> tokens,
                                                         IEnumerable<Issue> issues)
        {
            const string fn = "FilterByToken";
            byte[] w = Utf8.Encode(Checks.NotNull(fn, word, "word"), fn + ": word");
            Checks.NotNull(fn, offsets, "offsets");
            TokenList t = TokenList.Of(Checks.NotNull(fn, tokens, "tokens"));
            long[] si, ti;
            Pairs(fn, issues, out si, out ti);
            long[] s = new long[si.Length];
            long[] k = new long[si.Length];
            long[] count = new long[1];
            NativeApi.filter_by_token(w, w.Length, offsets, Checks.Sentences(fn, offsets.Length), t.Bytes, t.Bytes.Length,
                t.Offsets, t.Count, si, ti, si.Length, s, k, count);
            return Issues(s, k, count[0]);
        }

        // ---- Helpers -------------------------------------------------------------------

        internal static IReadOnlyList<Issue> Issues(long[] sentences, long[] tokens, long count)
        {
            Issue[] output = new Issue[count];
            for (int k = 0; k < count; k++) output[k] = new Issue(sentences[k], tokens[k]);
            return Array.AsReadOnly(output);
        }

        /// <summary>Issues as the two index arrays the C API reads.</summary>
        internal static void Pairs(string fn, IEnumerable<Issue> issues, out long[] sentences, out long[] tokens)
        {
            Checks.NotNull(fn, issues, "issues");
            List<long> s = new List<long>();
            List<long> t = new List<long>();
            foreach (Issue i in issues)
            {
                s.Add(i.Sentence);
                t.Add(i.Token);
            }
            sentences = s.ToArray();
            tokens = t.ToArray();
        }
    }
}
