//! Find label errors in token-classification data (named entities, part-of-speech, any
//! per-token tagging): a safe Rust API over the tokqual C library, whose numbers are
//! those of cleanlab 2.9.0's `cleanlab.token_classification`.
//!
//! A dataset is three flat slices, exactly as the C API takes them (nothing is copied):
//!
//! * `offsets: &[i64]`, `n_sentences + 1` entries: sentence `i` owns tokens
//!   `offsets[i]..offsets[i + 1]`; starts at 0, strictly increases, ends at `n_tokens`;
//! * `labels: &[i32]`, one annotated class per token, in `0..n_classes`;
//! * `pred_probs: &[f32]` or `&[f64]`, `n_tokens * n_classes` out-of-sample predicted
//!   probabilities, row-major.
//!
//! Every function returns [`Result`]; an [`Error`] carries the library's [`Status`] and a
//! message naming the offending argument, index and value. Slice lengths are checked
//! before any C call, so a wrong length is an error, never undefined behaviour.
//!
//! ```
//! use tokqual::{find_label_issues, label_quality_scores, issues_from_sentence_scores};
//! use tokqual::{FindOptions, ScoreOptions, SentenceMethod};
//!
//! let offsets = [0, 3, 5];
//! let labels = [0, 0, 1, 0, 1];
//! let pred_probs: Vec<f32> = vec![0.9, 0.1, 0.7, 0.3, 0.05, 0.95, 0.8, 0.2, 0.8, 0.2];
//!
//! let options = ScoreOptions { sentence_method: SentenceMethod::Softmin, ..Default::default() };
//! let scores = label_quality_scores(&offsets, &labels, &pred_probs, 2, &options)?;
//! let worst = issues_from_sentence_scores(&scores.sentence_scores, 0.5)?;
//! assert_eq!(worst, vec![1]);
//!
//! let issues = find_label_issues(&offsets, &labels, &pred_probs, 2, &FindOptions::default())?;
//! println!("{issues:?}");
//! # Ok::<(), tokqual::Error>(())
//! ```
//!
//! Linking: the `tokqual-sys` crate finds the C library through pkg-config (set
//! `PKG_CONFIG_PATH` for an install prefix outside the system paths; `TOKQUAL_STATIC=1`
//! links it statically) or through `TOKQUAL_LIB_DIR`. Thread safety is the C library's:
//! every function may run on many threads at once; an [`Inspector`] is `Send`, not `Sync`.

mod error;
mod find;
mod float;
mod inspector;
mod issues;
mod scores;
mod summary;
mod text;
mod util;

pub use error::{Error, Result, Status};
pub use find::{
    adjust_pred_probs, confident_joint, confident_thresholds, find_label_issues, num_label_issues,
    FilterMethod, FindOptions, NumIssuesMethod,
};
pub use float::Float;
pub use inspector::{Inspector, InspectorOptions};
pub use issues::{issues_from_sentence_scores, issues_from_token_scores, TokenIssue};
pub use scores::{
    label_quality_scores, sentence_scores_from_token_scores, ScoreOptions, Scores,
    SentenceMethod, TokenMethod,
};
pub use summary::{
    filter_by_token, CommonIssue, CommonIssuesOptions, FormatIssuesOptions, IssueList, IssueReport,
};
pub use text::{
    color_sentence, filter_sentences, filter_sentences_by, format_token_scores, get_sentence,
    map_labels, merge_probs, process_token, replace_word, subword_to_word_probs, StringList,
};

/// The raw declarations, for what this crate does not wrap.
pub use tokqual_sys as sys;

/// The version of the C library actually loaded, e.g. "0.1.0".
pub fn version() -> String {
    // SAFETY: returns a static NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(sys::tq_version()) }
        .to_string_lossy()
        .into_owned()
}
