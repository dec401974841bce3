using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace TokQual
{
    /// <summary>
    /// A list of strings in the layout tokqual's text functions read: one UTF-8 buffer and
    /// <c>Count + 1</c> byte offsets (string i is bytes [offsets[i], offsets[i+1])). Encoded once
    /// and reusable across calls (for example a dataset's tokens, used by every report). Immutable.
    /// </summary>
    public sealed class TokenList : IReadOnlyList<string>
    {
        static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        internal readonly byte[] Bytes;
        internal readonly long[] Offsets;

        TokenList(byte[] bytes, long[] offsets)
        {
            Bytes = bytes;
            Offsets = offsets;
        }

        /// <summary>Encodes <paramref name="strings"/> as UTF-8. A null string is
        /// <see cref="Status.NullArgument"/>; one with an unpaired surrogate (not encodable) is
        /// <see cref="Status.InvalidValue"/>, both naming its index.</summary>
        public static TokenList Of(IEnumerable<string> strings)
        {
            Checks.NotNull("TokenList.Of", strings, "strings");
            TokenList already = strings as TokenList;
            if (already != null) return already;
            List<byte[]> parts = new List<byte[]>();
            long total = 0;
            foreach (string s in strings)
            {
                string what = "TokenList.Of: strings[" + parts.Count + "]";
                if (s == null) throw new TokQualException(Status.NullArgument, what + " is null");
                byte[] b;
                try
                {
                    b = Strict.GetBytes(s);
                }
                catch (EncoderFallbackException e)
                {
                    throw new TokQualException(Status.InvalidValue, what + " has an unpaired surrogate U+"
                        + ((int)(e.CharUnknown != '\0' ? e.CharUnknown : e.CharUnknownHigh)).ToString("X4")
                        + " at char " + e.Index + " (not encodable as UTF-8)");
                }
                parts.Add(b);
                total += b.Length;
            }
            byte[] bytes = new byte[Checks.ArrayLength("TokenList.Of", "the text", total)];
            long[] offsets = new long[parts.Count + 1];
            int at = 0;
            for (int i = 0; i < parts.Count; i++)
            {
                Buffer.BlockCopy(parts[i], 0, bytes, at, parts[i].Length);
                at += parts[i].Length;
                offsets[i + 1] = at;
            }
            return new TokenList(bytes, offsets);
        }

        /// <summary>Encodes the given strings (see <see cref="Of(IEnumerable{string})"/>).</summary>
        public static TokenList Of(params string[] strings)
        {
            return Of((IEnumerable<string>)strings);
        }

        /// <summary>The number of strings.</summary>
        public int Count { get { return Offsets.Length - 1; } }

        /// <summary>String <paramref name="index"/>, decoded.</summary>
        public string this[int index]
        {
            get
            {
                if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException("index");
                int from = (int)Offsets[index];
                return Utf8.Decode(Bytes, from, (int)Offsets[index + 1] - from);
            }
        }

        /// <summary>The UTF-8 bytes of all strings (a copy).</summary>
        public byte[] Utf8Bytes() { return (byte[])Bytes.Clone(); }

        /// <summary>The <c>Count + 1</c> byte offsets (a copy).</summary>
        public long[] ByteOffsets() { return (long[])Offsets.Clone(); }

        /// <summary>Strings [from, to) as a new list sharing nothing with this one.</summary>
        public TokenList Slice(int from, int to)
        {
            if (from < 0 || to < from || to > Count) throw new ArgumentOutOfRangeException("to");
            long[] o = new long[to - from + 1];
            for (int i = 0; i < o.Length; i++) o[i] = Offsets[from + i] - Offsets[from];
            byte[] b = new byte[o[o.Length - 1]];
            Buffer.BlockCopy(Bytes, (int)Offsets[from], b, 0, b.Length);
            return new TokenList(b, o);
        }

        /// <inheritdoc/>
        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 0; i < Count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }
    }
}
