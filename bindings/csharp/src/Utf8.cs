using System;
using System.Runtime.InteropServices;
using System.Text;

namespace TokQual
{
    /// <summary>UTF-8 in and out of the native library (strict: no replacement characters).</summary>
    internal static class Utf8
    {
        static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        /// <summary>A NUL-terminated UTF-8 string at <paramref name="p"/> (static or
        /// thread-local in the library), decoded; "" for NULL.</summary>
        internal static string FromNative(IntPtr p)
        {
            if (p == IntPtr.Zero) return "";
            int n = 0;
            while (Marshal.ReadByte(p, n) != 0) n++;
            byte[] bytes = new byte[n];
            Marshal.Copy(p, bytes, 0, n);
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>The UTF-8 bytes of one string; an unpaired surrogate (not encodable) is
        /// <see cref="Status.InvalidValue"/> naming <paramref name="what"/> and the position.</summary>
        internal static byte[] Encode(string s, string what)
        {
            try
            {
                return Strict.GetBytes(s);
            }
            catch (EncoderFallbackException e)
            {
                throw new TokQualException(Status.InvalidValue, what + " has an unpaired surrogate U+"
                    + ((int)(e.CharUnknown != '\0' ? e.CharUnknown : e.CharUnknownHigh)).ToString("X4")
                    + " at char " + e.Index + " (not encodable as UTF-8)");
            }
        }

        /// <summary>A NUL-terminated copy for the C arguments that take a C string.</summary>
        internal static byte[] CString(string s, string what)
        {
            if (s.IndexOf('\0') >= 0)
                throw new TokQualException(Status.InvalidValue, what + " " + s.Replace("\0", "\\0")
                    + " contains a NUL character, which a C string cannot hold");
            byte[] b = Encode(s, what);
            byte[] z = new byte[b.Length + 1];
            Buffer.BlockCopy(b, 0, z, 0, b.Length);
            return z;
        }

        internal static string Decode(byte[] b, int offset, int count)
        {
            return Encoding.UTF8.GetString(b, offset, count);
        }
    }
}
