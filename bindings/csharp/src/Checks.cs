namespace TokQual
{
    /// <summary>
    /// Checks made in C# before a native call: null arguments and array lengths that must agree.
    /// Each failure is a <see cref="TokQualException"/> with the status the C library gives for the
    /// same mistake and a message naming the function, the argument and the values.
    /// </summary>
    internal static class Checks
    {
        internal static TokQualException Fail(Status status, string function, string message)
        {
            return new TokQualException(status, function + ": " + message);
        }

        internal static T NotNull<T>(string function, T value, string name) where T : class
        {
            if (value == null) throw Fail(Status.NullArgument, function, name + " is null");
            return value;
        }

        /// <summary>n_sentences from an offsets array of n_sentences + 1 entries.</summary>
        internal static long Sentences(string function, long offsetsLength)
        {
            if (offsetsLength < 1)
                throw Fail(Status.InvalidSize, function, "offsets has 0 entries; it needs n_sentences + 1 (at least 1)");
            return offsetsLength - 1;
        }

        internal static void Length(string function, string name, long actual, long expected, string what)
        {
            if (actual != expected)
                throw Fail(Status.InvalidSize, function,
                    name + " has " + actual + " entries, expected " + expected + " (" + what + ")");
        }

        internal static void Classes(string function, long nClasses)
        {
            if (nClasses < 1) throw Fail(Status.InvalidSize, function, "n_classes = " + nClasses + " must be >= 1");
        }

        /// <summary>Rows of a row-major matrix of nClasses columns; its length must be a multiple.</summary>
        internal static long Rows(string function, string name, long length, long nClasses)
        {
            Classes(function, nClasses);
            if (length % nClasses != 0)
                throw Fail(Status.InvalidSize, function, name + " has " + length
                    + " entries, not a multiple of n_classes = " + nClasses);
            return length / nClasses;
        }

        /// <summary>An array length for a result of <paramref name="n"/> elements.</summary>
        internal static int ArrayLength(string function, string what, long n)
        {
            if (n < 0 || n > 0x7FFFFFC7)
                throw Fail(Status.InvalidSize, function, what + " (" + n + " values) does not fit in a .NET array");
            return (int)n;
        }
    }
}
