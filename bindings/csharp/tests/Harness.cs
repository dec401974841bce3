using System;
using System.Collections.Generic;
using System.Linq;

namespace TokQual.Tests
{
    /// <summary>A failed check.</summary>
    sealed class CheckFailed : Exception
    {
        public CheckFailed(string message) : base(message) { }
    }

    /// <summary>
    /// The test program: runs every test, each on its own (a failure names the test and goes on),
    /// and prints "N passed, N failed" last (CTest's pass condition). Exit code 1 on any failure.
    /// Argument: a substring of test names to run only those.
    /// </summary>
    static class Harness
    {
        static int passed, failed;
        static string filter;

        static int Main(string[] args)
        {
            filter = args.Length > 0 ? args[0] : null;
            ApiTests.Run();
            ConformanceTests.Run();
            TextConformanceTests.Run();
            BadInputsTests.Run();
            ThreadsTests.Run();
            LeakTests.Run();
            Console.WriteLine("{0} passed, {1} failed", passed, failed);
            return failed == 0 ? 0 : 1;
        }

        public static void Test(string name, Action body)
        {
            if (filter != null && !name.Contains(filter)) return;
            try
            {
                body();
                passed++;
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine("FAILED " + name + ": " + e);
            }
        }

        // ---- Checks --------------------------------------------------------------------------

        public static void True(bool condition, string what)
        {
            if (!condition) throw new CheckFailed(what);
        }

        public static void Equal<T>(T expected, T actual, string what)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
                throw new CheckFailed(what + ": expected <" + expected + ">, got <" + actual + ">");
        }

        public static void SameSeq<T>(IEnumerable<T> expected, IEnumerable<T> actual, string what)
        {
            T[] e = expected.ToArray(), a = actual.ToArray();
            if (!e.SequenceEqual(a))
                throw new CheckFailed(what + ": expected [" + string.Join(", ", e) + "], got [" + string.Join(", ", a) + "]");
        }

        public static void Close(double[] expected, double[] actual, double tolerance, string what)
        {
            Equal(expected.Length, actual.Length, what + ": lengths");
            for (int i = 0; i < expected.Length; i++)
                if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
                    throw new CheckFailed(what + "[" + i + "]: expected " + expected[i].ToString("R") + ", got " + actual[i].ToString("R"));
        }

        /// <summary>The call throws TokQualException with this status and these words in its message.</summary>
        public static TokQualException Throws(Status status, Action call, string what, params string[] words)
        {
            try
            {
                call();
            }
            catch (TokQualException e)
            {
                Equal(status, e.Status, what + " (" + e.Message + ")");
                Equal((int)status, e.Code, what + ": code");
                foreach (string w in words) True(e.Message.Contains(w), what + ": '" + w + "' not in: " + e.Message);
                return e;
            }
            throw new CheckFailed(what + ": no exception, expected " + status);
        }
    }
}
