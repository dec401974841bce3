namespace TokQual
{
    /// <summary>The status codes of tokqual's C API (<c>tq_status</c>), carried by
    /// <see cref="TokQualException"/>.</summary>
    public enum Status
    {
        /// <summary><c>TQ_OK</c>: success (never carried by an exception).</summary>
        Ok = 0,
        /// <summary>A required argument is null.</summary>
        NullArgument = 1,
        /// <summary>A count is negative, or sizes overflow or disagree (array lengths included).</summary>
        InvalidSize = 2,
        /// <summary>Offsets do not start at 0, decrease, leave a sentence empty, or do not end at the token count.</summary>
        InvalidOffsets = 3,
        /// <summary>A label is outside [0, nClasses).</summary>
        InvalidLabel = 4,
        /// <summary>A probability is NaN, infinite or outside [0, 1].</summary>
        InvalidProbability = 5,
        /// <summary>An option or scalar argument has a bad value.</summary>
        InvalidOption = 6,
        /// <summary>An options struct size the library does not know (a binding/library mismatch).</summary>
        InvalidStructSize = 7,
        /// <summary>An input value other than a label or probability is invalid (a NaN score, bad UTF-8, damaged saved state).</summary>
        InvalidValue = 8,
        /// <summary>An output buffer is too small.</summary>
        BufferTooSmall = 9,
        /// <summary>An allocation failed.</summary>
        OutOfMemory = 10,
        /// <summary>A bug in tokqual.</summary>
        Internal = 11,
        /// <summary>An inspector was used out of order.</summary>
        InvalidState = 12,
    }
}
