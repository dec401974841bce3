using System;
using System.IO;
using System.Linq;
using static TokQual.Tests.Harness;

namespace TokQual.Tests
{
    /// <summary>
    /// 100,000 calls and 10,000 inspectors (half disposed, half left to their finalizers) do not
    /// grow the process's resident memory: every native allocation the binding makes (options
    /// structs, inspectors, the failure path) is freed.
    /// </summary>
    static class LeakTests
    {
        static long RssKiB()
        {
            foreach (string line in File.ReadAllLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:")) return long.Parse(new string(line.Where(char.IsDigit).ToArray()));
            throw new CheckFailed("no VmRSS in /proc/self/status");
        }

        static void Settle()
        {
            for (int i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }

        static void Work(Data d, int calls, int inspectors)
        {
            var so = new ScoreOptions { NThreads = 1 };
            var fo = new FindOptions { NThreads = 1, NumToRemovePerClass = new long[] { 0, 0, 0 } };
            var io = new InspectorOptions { NThreads = 1 };
            int[] bad = (int[])d.Labels.Clone();
            bad[0] = 7;
            for (int i = 0; i < calls; i++)
            {
                switch (i % 4)
                {
                    case 0: Tq.LabelQualityScores(d.Offsets, d.Labels, d.Probs32, d.NClasses, so); break;
                    case 1: Tq.FindLabelIssues(d.Offsets, d.Labels, d.Probs64, d.NClasses, fo); break;
                    case 2: Tq.ColorSentence("a small sentence", "small", "<", ">"); break;
                    default:
                        try
                        {
                            Tq.LabelQualityScores(d.Offsets, bad, d.Probs32, d.NClasses, so);
                        }
                        catch (TokQualException)
                        {
                            // the failure path allocates too
                        }
                        break;
                }
            }
            for (int i = 0; i < inspectors; i++)
            {
                var inspector = new Inspector(d.NClasses, io);
                inspector.UpdateThresholds(d.Labels, d.Probs32);
                inspector.FinishThresholds();
                inspector.Score(0, d.Offsets, d.Labels, d.Probs32);
                inspector.FindLabelIssues();
                if (i % 2 == 0) inspector.Dispose();
            }
        }

        public static void Run()
        {
            Test("leak/no_growth_over_100k_calls_and_10k_inspectors", () =>
            {
                var d = new Data(5, 8, 6, 3);
                // Warm up: JIT, malloc arenas and the finalizer queue grow once, then stay flat.
                Work(d, 20000, 10000);
                Settle();
                long before = RssKiB();
                Work(d, 100000, 10000);
                Settle();
                long after = RssKiB();
                Console.WriteLine("LeakTests: RSS " + before + " KiB -> " + after + " KiB");
                // A leak of even 100 bytes per call or per inspector would add 10 MiB or more.
                True(after - before < 8 * 1024, "RSS grew from " + before + " KiB to " + after + " KiB");
            });
        }
    }
}
