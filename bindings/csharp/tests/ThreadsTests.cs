using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using static TokQual.Tests.Harness;

namespace TokQual.Tests
{
    /// <summary>A deterministic random dataset for the API, thread and leak tests.</summary>
    sealed class Data
    {
        public readonly long[] Offsets;
        public readonly int[] Labels;
        public readonly float[] Probs32;
        public readonly double[] Probs64;
        public readonly int NClasses;

        public Data(int seed, int nSentences, int maxLength, int nClasses)
        {
            var r = new Random(seed);
            NClasses = nClasses;
            Offsets = new long[nSentences + 1];
            for (int i = 0; i < nSentences; i++) Offsets[i + 1] = Offsets[i] + 1 + r.Next(maxLength);
            int n = (int)Offsets[nSentences];
            Labels = new int[n];
            Probs64 = new double[n * nClasses];
            for (int t = 0; t < n; t++)
            {
                Labels[t] = r.Next(nClasses);
                double sum = 0;
                for (int k = 0; k < nClasses; k++)
                {
                    double v = r.NextDouble() + (k == Labels[t] && r.Next(10) > 0 ? 4 : 0);
                    Probs64[t * nClasses + k] = v;
                    sum += v;
                }
                for (int k = 0; k < nClasses; k++) Probs64[t * nClasses + k] /= sum;
            }
            Probs32 = Json.Floats(Probs64);
        }
    }

    /// <summary>Eight threads calling at once on the same (shared, read-only) inputs get exactly what
    /// one thread gets, and each thread's failures carry its own message.</summary>
    static class ThreadsTests
    {
        sealed class Result
        {
            public double[] Sentences, Tokens;
            public IReadOnlyList<Issue> Issues;
            public string Text, Error;
        }

        static Result One(Data d, int round)
        {
            Scores s = Tq.LabelQualityScores(d.Offsets, d.Labels, d.Probs32, d.NClasses,
                new ScoreOptions { SentenceMethod = SentenceMethod.Softmin, NThreads = 1 });
            var issues = Tq.FindLabelIssues(d.Offsets, d.Labels, d.Probs64, d.NClasses, new FindOptions { NThreads = 1 });
            string text = Tq.ColorSentence("round " + round + " of the test", "test");
            // A failure whose message names this thread's own bad index.
            int[] bad = (int[])d.Labels.Clone();
            bad[round % bad.Length] = 99;
            string error = "no error";
            try
            {
                Tq.LabelQualityScores(d.Offsets, bad, d.Probs32, d.NClasses);
            }
            catch (TokQualException e)
            {
                error = e.LibraryMessage;
            }
            return new Result { Sentences = s.SentenceScores, Tokens = s.TokenScores, Issues = issues, Text = text, Error = error };
        }

        public static void Run()
        {
            Test("threads/one_inspector_shared_then_disposed_under_load", () =>
            {
                // Calls on one inspector from four threads are serialized; a Dispose in the middle
                // waits for the call in progress, and later calls fail cleanly.
                var d = new Data(8, 300, 12, 5);
                var inspector = new Inspector(d.NClasses, new InspectorOptions { NThreads = 1 });
                inspector.UpdateThresholds(d.Labels, d.Probs32);
                inspector.FinishThresholds();
                inspector.Score(0, d.Offsets, d.Labels, d.Probs32);
                byte[] saved = inspector.Save();
                var expected = inspector.FindLabelIssues();
                int calls = 0, disposedSeen = 0;
                var errors = new Exception[4];
                var threads = Enumerable.Range(0, 4).Select(id => new Thread(() =>
                {
                    try
                    {
                        for (int i = 0; i < 100000; i++)
                        {
                            SameSeq(saved, inspector.Save(), "save");
                            SameSeq(expected, inspector.FindLabelIssues(), "issues");
                            Interlocked.Increment(ref calls);
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref disposedSeen);
                    }
                    catch (Exception e)
                    {
                        errors[id] = e;
                    }
                })).ToList();
                threads.ForEach(t => t.Start());
                while (Volatile.Read(ref calls) < 200) Thread.Sleep(1);
                inspector.Dispose();
                threads.ForEach(t => t.Join());
                foreach (Exception e in errors) if (e != null) throw new CheckFailed("a thread failed: " + e);
                Equal(4, disposedSeen, "every thread saw ObjectDisposedException");
            });

            Test("threads/eight_threads_equal_one", () =>
            {
                var d = new Data(42, 400, 20, 9);
                const int rounds = 40;
                var reference = Enumerable.Range(0, rounds).Select(r => One(d, r)).ToList();
                var results = new List<Result>[8];
                var errors = new Exception[8];
                var start = new ManualResetEvent(false);
                var threads = new Thread[8];
                for (int t = 0; t < 8; t++)
                {
                    int id = t;
                    threads[t] = new Thread(() =>
                    {
                        try
                        {
                            start.WaitOne();
                            results[id] = Enumerable.Range(0, rounds).Select(r => One(d, r)).ToList();
                        }
                        catch (Exception e)
                        {
                            errors[id] = e;
                        }
                    });
                    threads[t].Start();
                }
                start.Set();
                foreach (Thread t in threads) t.Join();
                for (int t = 0; t < 8; t++)
                {
                    if (errors[t] != null) throw new CheckFailed("thread " + t + ": " + errors[t]);
                    for (int r = 0; r < rounds; r++)
                    {
                        Result e = reference[r], g = results[t][r];
                        SameSeq(e.Sentences, g.Sentences, "sentences");
                        SameSeq(e.Tokens, g.Tokens, "tokens");
                        SameSeq(e.Issues, g.Issues, "issues");
                        Equal(e.Text, g.Text, "text");
                        Equal(e.Error, g.Error, "error");
                    }
                }
                Equal("tq_label_quality_scores_f32: labels[3] = 99 is outside [0, n_classes = 9)", reference[3].Error, "message");
            });
        }
    }
}
