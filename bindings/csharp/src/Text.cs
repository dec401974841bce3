namespace TokQual
{
    /// <summary>Text results, snprintf-style: a first guess of the size, then the exact size if needed.</summary>
    internal static class Text
    {
        /// <summary>A native text call writing into (out, capacity) and the needed size into size[0].</summary>
        internal delegate void Call(byte[] output, long capacity, long[] size);

        internal static string Run(string function, long guess, Call call)
        {
            long[] size = new long[1];
            byte[] output = new byte[(int)System.Math.Min(System.Math.Max(guess, 16), 1 << 20)];
            try
            {
                call(output, output.Length, size);
            }
            catch (TokQualException e)
            {
                if (e.Status != Status.BufferTooSmall) throw;
                output = new byte[Checks.ArrayLength(function, "the text result", size[0] + 1)];
                call(output, output.Length, size);
            }
            return Utf8.Decode(output, 0, (int)size[0]);
        }
    }
}
