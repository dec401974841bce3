using System;
using System.Runtime.InteropServices;

namespace TokQual
{
    /// <summary>
    /// Owns one native tq_inspector: <see cref="ReleaseHandle"/> calls tq_inspector_destroy once,
    /// when the handle is disposed or finalized and no call holds it (each call takes a
    /// reference with DangerousAddRef, so a Dispose from another thread never frees the
    /// inspector under a running call).
    /// </summary>
    internal sealed class InspectorHandle : SafeHandle
    {
        internal InspectorHandle(IntPtr handle) : base(IntPtr.Zero, true)
        {
            SetHandle(handle);
        }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            NativeApi.inspector_destroy(handle);
            return true;
        }
    }
}
