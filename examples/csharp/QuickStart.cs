// The README's C# quick start: scores, the worst sentences, confident-learning issues, and
// what a bad input looks like. Build: mcs -r:<TokQual folder>/TokQual.dll QuickStart.cs;
// run: MONO_PATH=<TokQual folder> mono QuickStart.exe (CTest: example_csharp_quickstart).
using System;
using TokQual;

static class QuickStart
{
    static int Main()
    {
        long[] offsets = { 0, 3, 5 };        // sentence i owns tokens offsets[i]..offsets[i+1]
        int[] labels = { 0, 0, 1, 0, 1 };
        float[] predProbs = { 0.9f, 0.1f, 0.7f, 0.3f, 0.05f, 0.95f, 0.8f, 0.2f, 0.8f, 0.2f };

        var options = new ScoreOptions { SentenceMethod = SentenceMethod.Softmin };
        Scores scores = Tq.LabelQualityScores(offsets, labels, predProbs, 2, options);
        foreach (long s in Tq.IssuesFromSentenceScores(scores.SentenceScores, 0.5))
            Console.WriteLine("sentence {0}: {1:F3}", s, scores.SentenceScores[s]);
        foreach (Issue issue in Tq.FindLabelIssues(offsets, labels, predProbs, 2))
            Console.WriteLine("token {0} of sentence {1} may be mislabeled", issue.Token, issue.Sentence);

        try
        {
            Tq.LabelQualityScores(offsets, new[] { 0, 0, 7, 0, 1 }, predProbs, 2);
            return 1;
        }
        catch (TokQualException e)   // e.Status == Status.InvalidLabel; the message names labels[2]
        {
            Console.WriteLine("as expected: " + e.Message);
        }
        return 0;
    }
}
