using System;
using System.Runtime.InteropServices;

namespace TokQual
{
    /// <summary>
    /// Carries a failing status out of the native wrapper: the C side calls <see cref="Raise"/>
    /// with the status and tq_last_error_message() inside the failing call (so the message is
    /// that call's, on that thread), and the generated method throws the parked exception as
    /// soon as the P/Invoke returns.
    /// </summary>
    internal static class TqExceptionHelper
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate void RaiseCallback(int status, IntPtr message);

        // Kept in a static field: the native side holds the function pointer forever.
        static readonly RaiseCallback raise = Raise;

        [ThreadStatic] static Exception pending;

        /// <summary>Called once, by NativeMethods' static constructor. Also refuses a native library
        /// of another version than this assembly's (a stale libtokqual_csharp.so on the search path).</summary>
        internal static void Register()
        {
            NativeMethods.RegisterRaise(raise);
            Version mine = typeof(TqExceptionHelper).Assembly.GetName().Version;
            int expected = mine.Major * 10000 + mine.Minor * 100 + mine.Build;
            int loaded = NativeMethods.version_number();
            if (loaded != expected)
                throw new InvalidOperationException("TokQual.dll " + mine.ToString(3) + " loaded libtokqual_csharp.so of version "
                    + (loaded / 10000) + "." + (loaded / 100 % 100) + "." + (loaded % 100) + "; use the library built with it");
        }

        static void Raise(int status, IntPtr message)
        {
            pending = new TokQualException(status, Utf8.FromNative(message));
        }

        internal static bool Pending
        {
            get { return pending != null; }
        }

        internal static Exception Retrieve()
        {
            Exception e = pending;
            pending = null;
            return e;
        }
    }
}
