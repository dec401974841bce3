//! Raw FFI declarations of tokqual's C API (`include/tokqual/tokqual.h`), written by hand.
//!
//! Everything here mirrors the header one to one: the same names, argument order and
//! types (`int64_t` -> `i64`, `int32_t` -> `i32`, `size_t` -> `usize`, `T *` -> `*mut T`,
//! `const T *` -> `*const T`). The header is the documentation: read it for buffer
//! sizes, statuses and semantics. For a safe API over slices use the `tokqual` crate.
//!
//! Enum-valued option fields are `int32_t` in the header, so the enums are declared here
//! as integer type aliases with one constant per value, never as Rust enums: a value
//! coming back from C is just an integer, and turning it into a Rust enum needs a check.
//!
//! Drift between these declarations and the header is caught by two tests:
//! `tests/layout.rs` compares every struct size, field offset, enum value and macro with
//! a C probe compiled from the header (see build.rs), and `tests/signatures.rs` compares
//! every function's name, argument names and types with the header's declarations.
//!
//! Adding a function: declare it in the `extern "C"` block of its header section below,
//! spelled as in the header; `cargo test` then checks it.
#![no_std]
#![allow(non_camel_case_types)]

use core::ffi::{c_char, c_int, c_void};
use core::marker::{PhantomData, PhantomPinned};

// ---------------------------------------------------------------------------------------
// Version
// ---------------------------------------------------------------------------------------

/// The header version these declarations were written for.
pub const TQ_VERSION_MAJOR: c_int = 0;
pub const TQ_VERSION_MINOR: c_int = 1;
pub const TQ_VERSION_PATCH: c_int = 0;
pub const TQ_VERSION_NUMBER: c_int =
    TQ_VERSION_MAJOR * 10000 + TQ_VERSION_MINOR * 100 + TQ_VERSION_PATCH;

extern "C" {
    pub fn tq_version() -> *const c_char;
    pub fn tq_version_number() -> i32;
}

// ---------------------------------------------------------------------------------------
// Status codes and errors
// ---------------------------------------------------------------------------------------

/// `tq_status`: a C enum, passed as an int. Values are stable; new ones may be added.
pub type tq_status = c_int;
pub const TQ_OK: tq_status = 0;
pub const TQ_ERR_NULL_ARGUMENT: tq_status = 1;
pub const TQ_ERR_INVALID_SIZE: tq_status = 2;
pub const TQ_ERR_INVALID_OFFSETS: tq_status = 3;
pub const TQ_ERR_INVALID_LABEL: tq_status = 4;
pub const TQ_ERR_INVALID_PROBABILITY: tq_status = 5;
pub const TQ_ERR_INVALID_OPTION: tq_status = 6;
pub const TQ_ERR_INVALID_STRUCT_SIZE: tq_status = 7;
pub const TQ_ERR_INVALID_VALUE: tq_status = 8;
pub const TQ_ERR_BUFFER_TOO_SMALL: tq_status = 9;
pub const TQ_ERR_OUT_OF_MEMORY: tq_status = 10;
pub const TQ_ERR_INTERNAL: tq_status = 11;
pub const TQ_ERR_INVALID_STATE: tq_status = 12;

extern "C" {
    pub fn tq_status_string(status: tq_status) -> *const c_char;
    pub fn tq_last_error_message() -> *const c_char;
}

// ---------------------------------------------------------------------------------------
// Label-quality scores
// ---------------------------------------------------------------------------------------

/// `tq_token_method`, stored in `int32_t` option fields.
pub type tq_token_method = c_int;
pub const TQ_SELF_CONFIDENCE: tq_token_method = 0;
pub const TQ_NORMALIZED_MARGIN: tq_token_method = 1;
pub const TQ_CONFIDENCE_WEIGHTED_ENTROPY: tq_token_method = 2;

/// `tq_sentence_method`, stored in `int32_t` option fields.
pub type tq_sentence_method = c_int;
pub const TQ_MIN: tq_sentence_method = 0;
pub const TQ_SOFTMIN: tq_sentence_method = 1;

#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct tq_score_options {
    pub struct_size: usize,
    pub token_method: i32,
    pub sentence_method: i32,
    pub temperature: f64,
    pub n_threads: i32,
}

extern "C" {
    pub fn tq_score_options_init(options: *mut tq_score_options) -> tq_status;
    pub fn tq_label_quality_scores_f32(
        offsets: *const i64,
        n_sentences: i64,
        labels: *const i32,
        pred_probs: *const f32,
        n_tokens: i64,
        n_classes: i64,
        options: *const tq_score_options,
        sentence_scores: *mut f64,
        token_scores: *mut f64,
    ) -> tq_status;
    pub fn tq_label_quality_scores_f64(
        offsets: *const i64,
        n_sentences: i64,
        labels: *const i32,
        pred_probs: *const f64,
        n_tokens: i64,
        n_classes: i64,
        options: *const tq_score_options,
        sentence_scores: *mut f64,
        token_scores: *mut f64,
    ) -> tq_status;
    pub fn tq_sentence_scores_from_token_scores(
        offsets: *const i64,
        n_sentences: i64,
        token_scores: *const f64,
        n_tokens: i64,
        options: *const tq_score_options,
        sentence_scores: *mut f64,
    ) -> tq_status;
}

// ---------------------------------------------------------------------------------------
// Issues from scores
// ---------------------------------------------------------------------------------------

extern "C" {
    pub fn tq_issues_from_sentence_scores(
        sentence_scores: *const f64,
        n_sentences: i64,
        threshold: f64,
        out_sentences: *mut i64,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_issues_from_token_scores(
        offsets: *const i64,
        n_sentences: i64,
        token_scores: *const f64,
        n_tokens: i64,
        threshold: f64,
        out_sentences: *mut i64,
        out_tokens: *mut i64,
        out_count: *mut i64,
    ) -> tq_status;
}

// ---------------------------------------------------------------------------------------
// Text helpers and summaries
// ---------------------------------------------------------------------------------------

/// `TQ_ANSI_RED`: the marker cleanlab puts before a highlighted word.
pub const TQ_ANSI_RED: &core::ffi::CStr = c"\x1b[31m";
/// `TQ_ANSI_RESET`: the marker after it.
pub const TQ_ANSI_RESET: &core::ffi::CStr = c"\x1b[0m";

/// `tq_sentence_predicate`: nonzero keeps the sentence. NULL (`None`) is allowed where
/// the header says so.
pub type tq_sentence_predicate = Option<
    unsafe extern "C" fn(
        sentence: *const c_char,
        sentence_size: i64,
        index: i64,
        user_data: *mut c_void,
    ) -> c_int,
>;

#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct tq_format_issues_options {
    pub struct_size: usize,
    pub top: i64,
    pub highlight_before: *const c_char,
    pub highlight_after: *const c_char,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct tq_common_issues_options {
    pub struct_size: usize,
    pub top: i64,
    pub verbose: i32,
}

extern "C" {
    pub fn tq_get_sentence(
        text: *const c_char,
        text_size: i64,
        word_offsets: *const i64,
        n_words: i64,
        out_text: *mut c_char,
        capacity: i64,
        out_size: *mut i64,
    ) -> tq_status;
    pub fn tq_filter_sentences(
        text: *const c_char,
        text_size: i64,
        sentence_offsets: *const i64,
        n_sentences: i64,
        predicate: tq_sentence_predicate,
        user_data: *mut c_void,
        out_mask: *mut u8,
        out_kept: *mut i64,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_process_token(
        token: *const c_char,
        token_size: i64,
        pairs_text: *const c_char,
        pairs_text_size: i64,
        pair_offsets: *const i64,
        n_pairs: i64,
        out_text: *mut c_char,
        capacity: i64,
        out_size: *mut i64,
    ) -> tq_status;
    pub fn tq_map_labels(
        labels: *const i32,
        n_labels: i64,
        maps: *const i32,
        n_maps: i64,
        out_labels: *mut i32,
    ) -> tq_status;
    pub fn tq_merge_probs_f32(
        pred_probs: *const f32,
        n_tokens: i64,
        n_classes: i64,
        maps: *const i32,
        n_merged_classes: i64,
        out_probs: *mut f32,
    ) -> tq_status;
    pub fn tq_merge_probs_f64(
        pred_probs: *const f64,
        n_tokens: i64,
        n_classes: i64,
        maps: *const i32,
        n_merged_classes: i64,
        out_probs: *mut f64,
    ) -> tq_status;
    pub fn tq_replace_word(
        sentence: *const c_char,
        sentence_size: i64,
        word: *const c_char,
        word_size: i64,
        new_word: *const c_char,
        new_word_size: i64,
        out_text: *mut c_char,
        capacity: i64,
        out_size: *mut i64,
    ) -> tq_status;
    pub fn tq_color_sentence(
        sentence: *const c_char,
        sentence_size: i64,
        word: *const c_char,
        word_size: i64,
        before: *const c_char,
        after: *const c_char,
        out_text: *mut c_char,
        capacity: i64,
        out_size: *mut i64,
    ) -> tq_status;
    pub fn tq_format_issues_options_init(options: *mut tq_format_issues_options) -> tq_status;
    pub fn tq_format_issues_f32(
        offsets: *const i64,
        n_sentences: i64,
        token_text: *const c_char,
        text_size: i64,
        token_offsets: *const i64,
        n_tokens: i64,
        issue_sentences: *const i64,
        issue_tokens: *const i64,
        n_issues: i64,
        labels: *const i32,
        pred_probs: *const f32,
        n_classes: i64,
        class_names: *const c_char,
        class_names_size: i64,
        class_name_offsets: *const i64,
        exclude: *const i32,
        n_exclude: i64,
        options: *const tq_format_issues_options,
        out_text: *mut c_char,
        capacity: i64,
        out_size: *mut i64,
    ) -> tq_status;
    pub fn tq_format_issues_f64(
        offsets: *const i64,
        n_sentences: i64,
        token_text: *const c_char,
        text_size: i64,
        token_offsets: *const i64,
        n_tokens: i64,
        issue_sentences: *const i64,
        issue_tokens: *const i64,
        n_issues: i64,
        labels: *const i32,
        pred_probs: *const f64,
        n_classes: i64,
        class_names: *const c_char,
        class_names_size: i64,
        class_name_offsets: *const i64,
        exclude: *const i32,
        n_exclude: i64,
        options: *const tq_format_issues_options,
        out_text: *mut c_char,
        capacity: i64,
        out_size: *mut i64,
    ) -> tq_status;
    pub fn tq_common_label_issues_f32(
        offsets: *const i64,
        n_sentences: i64,
        token_text: *const c_char,
        text_size: i64,
        token_offsets: *const i64,
        n_tokens: i64,
        issue_sentences: *const i64,
        issue_tokens: *const i64,
        n_issues: i64,
        labels: *const i32,
        pred_probs: *const f32,
        n_classes: i64,
        exclude: *const i32,
        n_exclude: i64,
        out_word_tokens: *mut i64,
        out_given: *mut i32,
        out_predicted: *mut i32,
        out_counts: *mut i64,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_common_label_issues_f64(
        offsets: *const i64,
        n_sentences: i64,
        token_text: *const c_char,
        text_size: i64,
        token_offsets: *const i64,
        n_tokens: i64,
        issue_sentences: *const i64,
        issue_tokens: *const i64,
        n_issues: i64,
        labels: *const i32,
        pred_probs: *const f64,
        n_classes: i64,
        exclude: *const i32,
        n_exclude: i64,
        out_word_tokens: *mut i64,
        out_given: *mut i32,
        out_predicted: *mut i32,
        out_counts: *mut i64,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_common_issues_options_init(options: *mut tq_common_issues_options) -> tq_status;
    pub fn tq_format_common_label_issues_f32(
        offsets: *const i64,
        n_sentences: i64,
        token_text: *const c_char,
        text_size: i64,
        token_offsets: *const i64,
        n_tokens: i64,
        issue_sentences: *const i64,
        issue_tokens: *const i64,
        n_issues: i64,
        labels: *const i32,
        pred_probs: *const f32,
        n_classes: i64,
        class_names: *const c_char,
        class_names_size: i64,
        class_name_offsets: *const i64,
        exclude: *const i32,
        n_exclude: i64,
        options: *const tq_common_issues_options,
        out_text: *mut c_char,
        capacity: i64,
        out_size: *mut i64,
    ) -> tq_status;
    pub fn tq_format_common_label_issues_f64(
        offsets: *const i64,
        n_sentences: i64,
        token_text: *const c_char,
        text_size: i64,
        token_offsets: *const i64,
        n_tokens: i64,
        issue_sentences: *const i64,
        issue_tokens: *const i64,
        n_issues: i64,
        labels: *const i32,
        pred_probs: *const f64,
        n_classes: i64,
        class_names: *const c_char,
        class_names_size: i64,
        class_name_offsets: *const i64,
        exclude: *const i32,
        n_exclude: i64,
        options: *const tq_common_issues_options,
        out_text: *mut c_char,
        capacity: i64,
        out_size: *mut i64,
    ) -> tq_status;
    pub fn tq_filter_by_token(
        word: *const c_char,
        word_size: i64,
        offsets: *const i64,
        n_sentences: i64,
        token_text: *const c_char,
        text_size: i64,
        token_offsets: *const i64,
        n_tokens: i64,
        issue_sentences: *const i64,
        issue_tokens: *const i64,
        n_issues: i64,
        out_sentences: *mut i64,
        out_tokens: *mut i64,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_subword_to_word_probs_f32(
        subword_probs: *const f32,
        n_subwords: i64,
        n_classes: i64,
        word_begin: *const i64,
        word_end: *const i64,
        n_words: i64,
        weights: *const f64,
        n_weights: i64,
        out_word_probs: *mut f32,
    ) -> tq_status;
    pub fn tq_subword_to_word_probs_f64(
        subword_probs: *const f64,
        n_subwords: i64,
        n_classes: i64,
        word_begin: *const i64,
        word_end: *const i64,
        n_words: i64,
        weights: *const f64,
        n_weights: i64,
        out_word_probs: *mut f64,
    ) -> tq_status;
    pub fn tq_format_token_scores(
        text: *const c_char,
        text_size: i64,
        word_offsets: *const i64,
        n_words: i64,
        scores: *const f64,
        out_text: *mut c_char,
        capacity: i64,
        out_size: *mut i64,
    ) -> tq_status;
}

// ---------------------------------------------------------------------------------------
// Confident learning
// ---------------------------------------------------------------------------------------

/// `tq_filter_method`, stored in `tq_find_options::filter_by`.
pub type tq_filter_method = c_int;
pub const TQ_PRUNE_BY_NOISE_RATE: tq_filter_method = 0;
pub const TQ_PRUNE_BY_CLASS: tq_filter_method = 1;
pub const TQ_BOTH: tq_filter_method = 2;
pub const TQ_CONFIDENT_LEARNING: tq_filter_method = 3;
pub const TQ_PREDICTED_NEQ_GIVEN: tq_filter_method = 4;
pub const TQ_LOW_NORMALIZED_MARGIN: tq_filter_method = 5;
pub const TQ_LOW_SELF_CONFIDENCE: tq_filter_method = 6;

#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct tq_find_options {
    pub struct_size: usize,
    pub filter_by: i32,
    pub rank_by: i32,
    pub frac_noise: f64,
    pub num_to_remove_per_class: *const i64,
    pub min_examples_per_class: i64,
    pub n_threads: i32,
    pub adjust_pred_probs: i32,
}

/// `tq_num_issues_method`, passed as `int32_t method`.
pub type tq_num_issues_method = c_int;
pub const TQ_OFF_DIAGONAL: tq_num_issues_method = 0;
pub const TQ_OFF_DIAGONAL_CALIBRATED: tq_num_issues_method = 1;

extern "C" {
    pub fn tq_find_options_init(options: *mut tq_find_options) -> tq_status;
    pub fn tq_find_label_issues_f32(
        offsets: *const i64,
        n_sentences: i64,
        labels: *const i32,
        pred_probs: *const f32,
        n_tokens: i64,
        n_classes: i64,
        options: *const tq_find_options,
        out_sentences: *mut i64,
        out_tokens: *mut i64,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_find_label_issues_f64(
        offsets: *const i64,
        n_sentences: i64,
        labels: *const i32,
        pred_probs: *const f64,
        n_tokens: i64,
        n_classes: i64,
        options: *const tq_find_options,
        out_sentences: *mut i64,
        out_tokens: *mut i64,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_confident_thresholds_f32(
        labels: *const i32,
        pred_probs: *const f32,
        n_tokens: i64,
        n_classes: i64,
        options: *const tq_find_options,
        out_thresholds: *mut f64,
    ) -> tq_status;
    pub fn tq_confident_thresholds_f64(
        labels: *const i32,
        pred_probs: *const f64,
        n_tokens: i64,
        n_classes: i64,
        options: *const tq_find_options,
        out_thresholds: *mut f64,
    ) -> tq_status;
    pub fn tq_confident_joint_f32(
        labels: *const i32,
        pred_probs: *const f32,
        n_tokens: i64,
        n_classes: i64,
        calibrate: i32,
        options: *const tq_find_options,
        out_joint: *mut i64,
    ) -> tq_status;
    pub fn tq_confident_joint_f64(
        labels: *const i32,
        pred_probs: *const f64,
        n_tokens: i64,
        n_classes: i64,
        calibrate: i32,
        options: *const tq_find_options,
        out_joint: *mut i64,
    ) -> tq_status;
    pub fn tq_num_label_issues_f32(
        labels: *const i32,
        pred_probs: *const f32,
        n_tokens: i64,
        n_classes: i64,
        method: i32,
        options: *const tq_find_options,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_num_label_issues_f64(
        labels: *const i32,
        pred_probs: *const f64,
        n_tokens: i64,
        n_classes: i64,
        method: i32,
        options: *const tq_find_options,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_adjust_pred_probs_f32(
        labels: *const i32,
        pred_probs: *const f32,
        n_tokens: i64,
        n_classes: i64,
        options: *const tq_find_options,
        out_pred_probs: *mut f64,
    ) -> tq_status;
    pub fn tq_adjust_pred_probs_f64(
        labels: *const i32,
        pred_probs: *const f64,
        n_tokens: i64,
        n_classes: i64,
        options: *const tq_find_options,
        out_pred_probs: *mut f64,
    ) -> tq_status;
}

// ---------------------------------------------------------------------------------------
// Streaming inspector
// ---------------------------------------------------------------------------------------

/// `tq_inspector`: opaque; only ever handled through a pointer.
#[repr(C)]
pub struct tq_inspector {
    _private: [u8; 0],
    _not_send_sync_unpin: PhantomData<(*mut u8, PhantomPinned)>,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct tq_inspector_options {
    pub struct_size: usize,
    pub rank_by: i32,
    pub adjust_pred_probs: i32,
    pub num_issues_method: i32,
    pub n_threads: i32,
}

extern "C" {
    pub fn tq_inspector_options_init(options: *mut tq_inspector_options) -> tq_status;
    pub fn tq_inspector_create(
        n_classes: i64,
        options: *const tq_inspector_options,
        out_inspector: *mut *mut tq_inspector,
    ) -> tq_status;
    pub fn tq_inspector_destroy(inspector: *mut tq_inspector) -> tq_status;
    pub fn tq_inspector_clone(
        inspector: *const tq_inspector,
        out_inspector: *mut *mut tq_inspector,
    ) -> tq_status;
    pub fn tq_inspector_update_thresholds_f32(
        inspector: *mut tq_inspector,
        labels: *const i32,
        pred_probs: *const f32,
        n_tokens: i64,
        n_classes: i64,
    ) -> tq_status;
    pub fn tq_inspector_update_thresholds_f64(
        inspector: *mut tq_inspector,
        labels: *const i32,
        pred_probs: *const f64,
        n_tokens: i64,
        n_classes: i64,
    ) -> tq_status;
    pub fn tq_inspector_finish_thresholds(inspector: *mut tq_inspector) -> tq_status;
    pub fn tq_inspector_thresholds(
        inspector: *const tq_inspector,
        out_thresholds: *mut f64,
        n_classes: i64,
    ) -> tq_status;
    pub fn tq_inspector_score_f32(
        inspector: *mut tq_inspector,
        first_sentence: i64,
        offsets: *const i64,
        n_sentences: i64,
        labels: *const i32,
        pred_probs: *const f32,
        n_tokens: i64,
        n_classes: i64,
        token_scores: *mut f64,
    ) -> tq_status;
    pub fn tq_inspector_score_f64(
        inspector: *mut tq_inspector,
        first_sentence: i64,
        offsets: *const i64,
        n_sentences: i64,
        labels: *const i32,
        pred_probs: *const f64,
        n_tokens: i64,
        n_classes: i64,
        token_scores: *mut f64,
    ) -> tq_status;
    pub fn tq_inspector_merge(into: *mut tq_inspector, from: *const tq_inspector) -> tq_status;
    pub fn tq_inspector_counts(
        inspector: *const tq_inspector,
        out_threshold_tokens: *mut i64,
        out_scored_tokens: *mut i64,
    ) -> tq_status;
    pub fn tq_inspector_num_label_issues(
        inspector: *const tq_inspector,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_inspector_find_label_issues(
        inspector: *const tq_inspector,
        out_sentences: *mut i64,
        out_tokens: *mut i64,
        capacity: i64,
        out_count: *mut i64,
    ) -> tq_status;
    pub fn tq_inspector_save(
        inspector: *const tq_inspector,
        buffer: *mut c_void,
        capacity: usize,
        out_size: *mut usize,
    ) -> tq_status;
    pub fn tq_inspector_load(
        buffer: *const c_void,
        size: usize,
        out_inspector: *mut *mut tq_inspector,
    ) -> tq_status;
}

// ---------------------------------------------------------------------------------------
// The C side of tests/layout.rs (not part of the API)
// ---------------------------------------------------------------------------------------

#[doc(hidden)]
pub mod layout_probe {
    //! Numbers the C compiler computed from the header (see build.rs).
    use core::ffi::{c_char, c_longlong, CStr};

    #[repr(C)]
    pub struct Number {
        pub name: *const c_char,
        pub value: c_longlong,
    }

    #[repr(C)]
    pub struct Str {
        pub name: *const c_char,
        pub value: *const c_char,
        pub size: usize,
    }

    extern "C" {
        fn tokqual_sys_layout_numbers(count: *mut usize) -> *const Number;
        fn tokqual_sys_layout_strings(count: *mut usize) -> *const Str;
    }

    /// ("sizeof(T)" | "alignof(T)" | "offsetof(T, f)" | "sizeof(T.f)" | constant, value).
    pub fn numbers() -> impl Iterator<Item = (&'static str, i64)> {
        let mut count = 0usize;
        // SAFETY: the probe returns a static array of `count` entries with static names.
        let entries =
            unsafe { core::slice::from_raw_parts(tokqual_sys_layout_numbers(&mut count), count) };
        entries.iter().map(|entry| {
            // SAFETY: names are NUL-terminated string literals.
            let name = unsafe { CStr::from_ptr(entry.name) };
            (name.to_str().unwrap_or("?"), entry.value)
        })
    }

    /// (macro name, its bytes without the NUL) for every string macro of the header.
    pub fn strings() -> impl Iterator<Item = (&'static str, &'static [u8])> {
        let mut count = 0usize;
        // SAFETY: as above; values are string literals of `size` bytes plus a NUL.
        let entries =
            unsafe { core::slice::from_raw_parts(tokqual_sys_layout_strings(&mut count), count) };
        entries.iter().map(|entry| unsafe {
            let name = CStr::from_ptr(entry.name).to_str().unwrap_or("?");
            (
                name,
                core::slice::from_raw_parts(entry.value.cast::<u8>(), entry.size),
            )
        })
    }
}
