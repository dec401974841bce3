//! Errors: the C library's status code and message, as a Rust error value.

use std::ffi::CStr;
use std::fmt;

use tokqual_sys as sys;

/// Why a call failed: the C library's `tq_status` (never `TQ_OK`).
///
/// Built from the C integer with [`Status::from_code`], which checks the value: a code
/// this crate does not know (from a newer library) becomes [`Status::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// `TQ_ERR_NULL_ARGUMENT`: a required pointer was NULL.
    NullArgument,
    /// `TQ_ERR_INVALID_SIZE`: a count is negative, or sizes overflow or disagree.
    InvalidSize,
    /// `TQ_ERR_INVALID_OFFSETS`: sentence or string offsets are not valid.
    InvalidOffsets,
    /// `TQ_ERR_INVALID_LABEL`: a label or class is outside `[0, n_classes)`.
    InvalidLabel,
    /// `TQ_ERR_INVALID_PROBABILITY`: a probability is NaN, infinite or outside [0, 1].
    InvalidProbability,
    /// `TQ_ERR_INVALID_OPTION`: an option or scalar argument has a bad value.
    InvalidOption,
    /// `TQ_ERR_INVALID_STRUCT_SIZE`: an options struct size the library does not know.
    InvalidStructSize,
    /// `TQ_ERR_INVALID_VALUE`: an input value is invalid (a NaN score, bad UTF-8, ...).
    InvalidValue,
    /// `TQ_ERR_BUFFER_TOO_SMALL`: an output buffer is too small.
    BufferTooSmall,
    /// `TQ_ERR_OUT_OF_MEMORY`: an allocation failed.
    OutOfMemory,
    /// `TQ_ERR_INTERNAL`: a bug in tokqual.
    Internal,
    /// `TQ_ERR_INVALID_STATE`: a stateful object was called out of order.
    InvalidState,
    /// A status code this version of the crate does not know.
    Unknown(i32),
}

impl Status {
    /// The status of a C status code; `None` for `TQ_OK`.
    pub fn from_code(code: i32) -> Option<Status> {
        Some(match code {
            sys::TQ_OK => return None,
            sys::TQ_ERR_NULL_ARGUMENT => Status::NullArgument,
            sys::TQ_ERR_INVALID_SIZE => Status::InvalidSize,
            sys::TQ_ERR_INVALID_OFFSETS => Status::InvalidOffsets,
            sys::TQ_ERR_INVALID_LABEL => Status::InvalidLabel,
            sys::TQ_ERR_INVALID_PROBABILITY => Status::InvalidProbability,
            sys::TQ_ERR_INVALID_OPTION => Status::InvalidOption,
            sys::TQ_ERR_INVALID_STRUCT_SIZE => Status::InvalidStructSize,
            sys::TQ_ERR_INVALID_VALUE => Status::InvalidValue,
            sys::TQ_ERR_BUFFER_TOO_SMALL => Status::BufferTooSmall,
            sys::TQ_ERR_OUT_OF_MEMORY => Status::OutOfMemory,
            sys::TQ_ERR_INTERNAL => Status::Internal,
            sys::TQ_ERR_INVALID_STATE => Status::InvalidState,
            other => Status::Unknown(other),
        })
    }

    /// The C status code.
    pub fn code(self) -> i32 {
        match self {
            Status::NullArgument => sys::TQ_ERR_NULL_ARGUMENT,
            Status::InvalidSize => sys::TQ_ERR_INVALID_SIZE,
            Status::InvalidOffsets => sys::TQ_ERR_INVALID_OFFSETS,
            Status::InvalidLabel => sys::TQ_ERR_INVALID_LABEL,
            Status::InvalidProbability => sys::TQ_ERR_INVALID_PROBABILITY,
            Status::InvalidOption => sys::TQ_ERR_INVALID_OPTION,
            Status::InvalidStructSize => sys::TQ_ERR_INVALID_STRUCT_SIZE,
            Status::InvalidValue => sys::TQ_ERR_INVALID_VALUE,
            Status::BufferTooSmall => sys::TQ_ERR_BUFFER_TOO_SMALL,
            Status::OutOfMemory => sys::TQ_ERR_OUT_OF_MEMORY,
            Status::Internal => sys::TQ_ERR_INTERNAL,
            Status::InvalidState => sys::TQ_ERR_INVALID_STATE,
            Status::Unknown(code) => code,
        }
    }

    /// The library's short English name of the status, e.g. "invalid offsets".
    pub fn name(self) -> String {
        // SAFETY: tq_status_string accepts any value and returns a static string.
        let name = unsafe { CStr::from_ptr(sys::tq_status_string(self.code())) };
        name.to_string_lossy().into_owned()
    }
}

/// A failed call: its [`Status`] and the message that names the offending argument,
/// index and value (the C library's `tq_last_error_message()`, or one written by this
/// crate when it refuses arguments before calling C, e.g. slices of the wrong length).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    status: Status,
    message: String,
}

impl Error {
    /// An error with the given status and message.
    pub fn new(status: Status, message: impl Into<String>) -> Error {
        Error {
            status,
            message: message.into(),
        }
    }

    /// Why the call failed.
    pub fn status(&self) -> Status {
        self.status
    }

    /// What exactly was wrong, in one sentence.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status.name(), self.message)
    }
}

impl std::error::Error for Error {}

/// The result of every fallible function of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// `Ok(())` for `TQ_OK`, else the error with the calling thread's last error message.
/// Must be called right after the C call, on the same thread.
pub(crate) fn check(code: sys::tq_status) -> Result<()> {
    match Status::from_code(code) {
        None => Ok(()),
        Some(status) => {
            // SAFETY: never NULL; valid until the next tokqual call on this thread, and
            // copied before that.
            let message = unsafe { CStr::from_ptr(sys::tq_last_error_message()) };
            Err(Error::new(status, message.to_string_lossy().into_owned()))
        }
    }
}
