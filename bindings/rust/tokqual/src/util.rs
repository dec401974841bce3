//! Argument checks and conversions shared by the wrappers. The C functions trust the
//! counts they are given, so every slice length is checked here before a call: a wrong
//! length is an `InvalidSize` error, never an out-of-bounds access.

use std::ffi::{c_char, CString};
use std::ptr;

use tokqual_sys as sys;

use crate::error::{check, Error, Result, Status};

/// A length as the C library's `int64_t`.
pub(crate) fn count(n: usize) -> Result<i64> {
    i64::try_from(n).map_err(|_| Error::new(Status::InvalidSize, format!("{n} is too large")))
}

/// The counts of a dataset given as slices: (n_sentences, n_tokens, n_classes).
pub(crate) fn dataset_counts<P>(
    offsets: &[i64],
    labels: &[i32],
    pred_probs: &[P],
    n_classes: usize,
) -> Result<(i64, i64, i64)> {
    if offsets.is_empty() {
        return Err(Error::new(
            Status::InvalidSize,
            "offsets is empty but must hold n_sentences + 1 entries (at least [0])",
        ));
    }
    probs_counts(labels.len(), pred_probs, n_classes)?;
    Ok((
        count(offsets.len() - 1)?,
        count(labels.len())?,
        count(n_classes)?,
    ))
}

/// Checks pred_probs.len() == n_tokens * n_classes; returns (n_tokens, n_classes).
pub(crate) fn probs_counts<P>(
    n_tokens: usize,
    pred_probs: &[P],
    n_classes: usize,
) -> Result<(i64, i64)> {
    match n_tokens.checked_mul(n_classes) {
        Some(expected) if expected == pred_probs.len() => Ok((count(n_tokens)?, count(n_classes)?)),
        _ => Err(Error::new(
            Status::InvalidSize,
            format!(
                "pred_probs holds {} values but must hold n_tokens * n_classes = {n_tokens} * {n_classes}",
                pred_probs.len()
            ),
        )),
    }
}

/// Checks that `slice` holds exactly `expected` elements.
pub(crate) fn require_len<T>(slice: &[T], expected: usize, name: &str) -> Result<()> {
    if slice.len() == expected {
        Ok(())
    } else {
        Err(Error::new(
            Status::InvalidSize,
            format!(
                "{name} holds {} values but must hold {expected}",
                slice.len()
            ),
        ))
    }
}

/// `n` copies of `value`, or an `OutOfMemory` error (sizes that come from the caller's
/// scalars, such as a class count, must not abort the process).
pub(crate) fn filled<T: Clone>(n: usize, value: T) -> Result<Vec<T>> {
    let mut out = Vec::new();
    out.try_reserve_exact(n).map_err(|_| {
        Error::new(
            Status::OutOfMemory,
            format!("cannot allocate {n} output values"),
        )
    })?;
    out.resize(n, value);
    Ok(out)
}

/// `a * b`, or an `InvalidSize` error on overflow.
pub(crate) fn product(a: usize, b: usize) -> Result<usize> {
    a.checked_mul(b)
        .ok_or_else(|| Error::new(Status::InvalidSize, format!("{a} * {b} values is too many")))
}

/// The C library's non-negative indices as usize.
pub(crate) fn indices(values: &[i64]) -> Result<Vec<usize>> {
    values
        .iter()
        .map(|&v| {
            usize::try_from(v).map_err(|_| {
                Error::new(Status::Internal, format!("the library returned index {v}"))
            })
        })
        .collect()
}

/// A pointer for an optional input slice: NULL for None.
pub(crate) fn opt_ptr<T>(slice: Option<&[T]>) -> *const T {
    slice.map_or(ptr::null(), <[T]>::as_ptr)
}

/// A NUL-terminated copy of `text` for C.
pub(crate) fn c_string(text: &str, name: &str) -> Result<CString> {
    CString::new(text)
        .map_err(|_| Error::new(Status::InvalidValue, format!("{name} contains a NUL byte")))
}

/// A `threads` count as the C library's int32_t.
pub(crate) fn thread_count(n_threads: u32) -> Result<i32> {
    i32::try_from(n_threads).map_err(|_| {
        Error::new(
            Status::InvalidOption,
            format!("n_threads = {n_threads} is too large"),
        )
    })
}

/// Runs a C function with snprintf-style text output (see "Text output" in tokqual.h):
/// first with capacity 0 to learn the size, then with a buffer of that size.
pub(crate) fn text_output(
    mut call: impl FnMut(*mut c_char, i64, *mut i64) -> sys::tq_status,
) -> Result<String> {
    let mut size: i64 = 0;
    let status = call(ptr::null_mut(), 0, &mut size);
    if status != sys::TQ_ERR_BUFFER_TOO_SMALL {
        check(status)?;
    }
    let length = usize::try_from(size)
        .map_err(|_| Error::new(Status::Internal, format!("the library needs {size} bytes")))?;
    let mut buffer = vec![0u8; length + 1];
    check(call(
        buffer.as_mut_ptr().cast(),
        count(buffer.len())?,
        &mut size,
    ))?;
    buffer.truncate(length);
    String::from_utf8(buffer).map_err(|_| {
        Error::new(
            Status::Internal,
            "the library returned text that is not UTF-8",
        )
    })
}
