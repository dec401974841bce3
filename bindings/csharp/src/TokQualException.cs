using System;

namespace TokQual
{
    /// <summary>
    /// A tokqual call failed. <see cref="Status"/> says what kind of failure, <see cref="LibraryMessage"/>
    /// is the library's sentence naming the argument and, where it applies, the index and value
    /// (for example <c>tq_label_quality_scores_f32: labels[12] = 9 is outside [0, n_classes = 9)</c>).
    /// </summary>
    /// <remarks>
    /// The binding raises it from the failing native call itself, so the message is always that
    /// call's. Checks the C# layer makes before calling the library (array lengths that must
    /// agree, null arguments) raise it too, with the status the library gives for the same
    /// mistake. A failed call writes nothing to caller arrays.
    /// </remarks>
    [Serializable]
    public class TokQualException : Exception
    {
        /// <summary>The C status value (also for a code this binding does not know).</summary>
        public int Code { get; private set; }

        /// <summary>The library's message alone (<see cref="Exception.Message"/> adds the status in front).</summary>
        public string LibraryMessage { get; private set; }

        /// <summary>What went wrong; a code this binding does not know keeps its number.</summary>
        public Status Status { get { return (Status)Code; } }

        internal TokQualException(int code, string message)
            : base(Name(code) + ": " + message)
        {
            Code = code;
            LibraryMessage = message;
        }

        internal TokQualException(Status status, string message) : this((int)status, message) { }

        static string Name(int code)
        {
            return Enum.IsDefined(typeof(Status), code) ? ((Status)code).ToString() : "Status " + code;
        }
    }
}
