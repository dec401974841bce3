// Cost of the binding: tq_label_quality_scores_f32 on the same data (default: 1,000,000 tokens
// in sentences of 1-27 tokens, K = 9, float32, one thread), through the binding
// (Tq.LabelQualityScoresInto, arrays pinned by the marshaller) against the same call made and
// timed in C on the same arrays (NativeMethods.BenchScoresC). Both are interleaved round by
// round in one process; prints the minimum of each and the ratio, in wall time and in this
// thread's CPU time (which preemption on a busy machine does not inflate), then the fixed cost
// of one call (8 tokens).
//
//   MONO_PATH=<build>/bindings/csharp/TokQual mono TokQualBench.exe [tokens] [rounds]
using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using TokQual;

static class BenchScores
{
    [StructLayout(LayoutKind.Sequential)]
    struct Timespec { public long Sec; public long Nsec; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGettime(int clock, out Timespec t);

    const int ClockThreadCputime = 3;

    static long Now(bool cpu)
    {
        if (!cpu) return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
        Timespec t;
        ClockGettime(ClockThreadCputime, out t);
        return t.Sec * 1000000000L + t.Nsec;
    }

    static int Main(string[] args)
    {
        int nTokens = args.Length > 0 ? int.Parse(args[0]) : 1000000;
        int rounds = args.Length > 1 ? int.Parse(args[1]) : 40;
        Measure(nTokens, rounds, false);
        Measure(nTokens, rounds, true);
        Measure(8, rounds * 500, false);
        return 0;
    }

    static void Measure(int nTokens, int rounds, bool cpu)
    {
        const int k = 9;
        Random r = new Random(1);
        long[] offsetsList = new long[nTokens + 2];
        int s = 0;
        for (long at = 0; at < nTokens;)
        {
            at = Math.Min(nTokens, at + 1 + r.Next(27));
            offsetsList[++s] = at;
        }
        long[] offsets = new long[s + 1];
        Array.Copy(offsetsList, offsets, s + 1);
        int[] labels = new int[nTokens];
        float[] probs = new float[nTokens * k];
        for (int t = 0; t < nTokens; t++)
        {
            labels[t] = r.Next(k);
            float sum = 0;
            for (int c = 0; c < k; c++) sum += probs[t * k + c] = (float)r.NextDouble() + (c == labels[t] ? 3 : 0);
            for (int c = 0; c < k; c++) probs[t * k + c] /= sum;
        }
        double[] sc = new double[s], tc = new double[nTokens];
        double[] sb = new double[s], tb = new double[nTokens];
        ScoreOptions options = new ScoreOptions { NThreads = 1 };
        long bestC = long.MaxValue, bestBinding = long.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            for (int step = 0; step < 2; step++)
            {
                if ((round + step) % 2 == 0)
                {
                    long ns = NativeMethods.BenchScoresC(offsets, s, labels, probs, nTokens, k, 1, sc, tc, cpu ? 1 : 0);
                    if (ns < 0) throw new Exception("C call failed with status " + -ns);
                    bestC = Math.Min(bestC, ns);
                }
                else
                {
                    long t0 = Now(cpu);
                    Tq.LabelQualityScoresInto(offsets, labels, probs, k, options, sb, tb);
                    bestBinding = Math.Min(bestBinding, Now(cpu) - t0);
                }
            }
        }
        for (int i = 0; i < nTokens; i++)
            if (tb[i] != tc[i]) throw new Exception("binding and C results differ at token " + i);
        Console.WriteLine("BenchScores: {0} tokens, {1} sentences, K = {2}, float32, n_threads = 1, {3} rounds (minimum), {4}",
            nTokens, s, k, rounds, cpu ? "thread CPU time" : "wall time");
        Console.WriteLine("  C {0,10:F2} us, C# {1,10:F2} us: C# / C = {2:F3}, C# - C = {3:F2} us",
            bestC / 1e3, bestBinding / 1e3, (double)bestBinding / bestC, (bestBinding - bestC) / 1e3);
    }
}
