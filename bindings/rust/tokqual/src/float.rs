//! `f32` and `f64` probabilities: every `_f32` / `_f64` pair of C functions, selected by
//! the element type of the caller's slice.

use std::ffi::c_char;

use tokqual_sys as sys;

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

// One function pointer type per C function pair, generic over the probability type T.
type LabelQualityScores<T> = unsafe extern "C" fn(
    *const i64,
    i64,
    *const i32,
    *const T,
    i64,
    i64,
    *const sys::tq_score_options,
    *mut f64,
    *mut f64,
) -> sys::tq_status;
type FindLabelIssues<T> = unsafe extern "C" fn(
    *const i64,
    i64,
    *const i32,
    *const T,
    i64,
    i64,
    *const sys::tq_find_options,
    *mut i64,
    *mut i64,
    *mut i64,
) -> sys::tq_status;
type ConfidentThresholds<T> = unsafe extern "C" fn(
    *const i32,
    *const T,
    i64,
    i64,
    *const sys::tq_find_options,
    *mut f64,
) -> sys::tq_status;
type ConfidentJoint<T> = unsafe extern "C" fn(
    *const i32,
    *const T,
    i64,
    i64,
    i32,
    *const sys::tq_find_options,
    *mut i64,
) -> sys::tq_status;
type NumLabelIssues<T> = ConfidentJoint<T>;
type AdjustPredProbs<T> = ConfidentThresholds<T>;
type MergeProbs<T> =
    unsafe extern "C" fn(*const T, i64, i64, *const i32, i64, *mut T) -> sys::tq_status;
type SubwordToWordProbs<T> = unsafe extern "C" fn(
    *const T,
    i64,
    i64,
    *const i64,
    *const i64,
    i64,
    *const f64,
    i64,
    *mut T,
) -> sys::tq_status;
type FormatIssues<T> = unsafe extern "C" fn(
    *const i64,
    i64,
    *const c_char,
    i64,
    *const i64,
    i64,
    *const i64,
    *const i64,
    i64,
    *const i32,
    *const T,
    i64,
    *const c_char,
    i64,
    *const i64,
    *const i32,
    i64,
    *const sys::tq_format_issues_options,
    *mut c_char,
    i64,
    *mut i64,
) -> sys::tq_status;
type CommonLabelIssues<T> = unsafe extern "C" fn(
    *const i64,
    i64,
    *const c_char,
    i64,
    *const i64,
    i64,
    *const i64,
    *const i64,
    i64,
    *const i32,
    *const T,
    i64,
    *const i32,
    i64,
    *mut i64,
    *mut i32,
    *mut i32,
    *mut i64,
    *mut i64,
) -> sys::tq_status;
type FormatCommonLabelIssues<T> = unsafe extern "C" fn(
    *const i64,
    i64,
    *const c_char,
    i64,
    *const i64,
    i64,
    *const i64,
    *const i64,
    i64,
    *const i32,
    *const T,
    i64,
    *const c_char,
    i64,
    *const i64,
    *const i32,
    i64,
    *const sys::tq_common_issues_options,
    *mut c_char,
    i64,
    *mut i64,
) -> sys::tq_status;
type InspectorUpdateThresholds<T> =
    unsafe extern "C" fn(*mut sys::tq_inspector, *const i32, *const T, i64, i64) -> sys::tq_status;
type InspectorScore<T> = unsafe extern "C" fn(
    *mut sys::tq_inspector,
    i64,
    *const i64,
    i64,
    *const i32,
    *const T,
    i64,
    i64,
    *mut f64,
) -> sys::tq_status;

/// The element type of probability arrays: `f32` or `f64` (sealed). `f32` input is
/// converted to `f64` value by value and computed in `f64`, as in the C library.
///
/// Each associated constant is one `_f32` / `_f64` pair of C functions; a new pair in the
/// header means one new constant here and a line in each `float_functions!` below.
pub trait Float: sealed::Sealed + Copy + Default + PartialOrd + std::fmt::Debug + 'static {
    #[doc(hidden)]
    const LABEL_QUALITY_SCORES: LabelQualityScores<Self>;
    #[doc(hidden)]
    const FIND_LABEL_ISSUES: FindLabelIssues<Self>;
    #[doc(hidden)]
    const CONFIDENT_THRESHOLDS: ConfidentThresholds<Self>;
    #[doc(hidden)]
    const CONFIDENT_JOINT: ConfidentJoint<Self>;
    #[doc(hidden)]
    const NUM_LABEL_ISSUES: NumLabelIssues<Self>;
    #[doc(hidden)]
    const ADJUST_PRED_PROBS: AdjustPredProbs<Self>;
    #[doc(hidden)]
    const MERGE_PROBS: MergeProbs<Self>;
    #[doc(hidden)]
    const SUBWORD_TO_WORD_PROBS: SubwordToWordProbs<Self>;
    #[doc(hidden)]
    const FORMAT_ISSUES: FormatIssues<Self>;
    #[doc(hidden)]
    const COMMON_LABEL_ISSUES: CommonLabelIssues<Self>;
    #[doc(hidden)]
    const FORMAT_COMMON_LABEL_ISSUES: FormatCommonLabelIssues<Self>;
    #[doc(hidden)]
    const INSPECTOR_UPDATE_THRESHOLDS: InspectorUpdateThresholds<Self>;
    #[doc(hidden)]
    const INSPECTOR_SCORE: InspectorScore<Self>;
}

macro_rules! float_functions {
    ($t:ty { $($constant:ident: $alias:ident = $function:ident),* $(,)? }) => {
        impl Float for $t {
            $(const $constant: $alias<$t> = sys::$function;)*
        }
    };
}

float_functions!(f32 {
    LABEL_QUALITY_SCORES: LabelQualityScores = tq_label_quality_scores_f32,
    FIND_LABEL_ISSUES: FindLabelIssues = tq_find_label_issues_f32,
    CONFIDENT_THRESHOLDS: ConfidentThresholds = tq_confident_thresholds_f32,
    CONFIDENT_JOINT: ConfidentJoint = tq_confident_joint_f32,
    NUM_LABEL_ISSUES: NumLabelIssues = tq_num_label_issues_f32,
    ADJUST_PRED_PROBS: AdjustPredProbs = tq_adjust_pred_probs_f32,
    MERGE_PROBS: MergeProbs = tq_merge_probs_f32,
    SUBWORD_TO_WORD_PROBS: SubwordToWordProbs = tq_subword_to_word_probs_f32,
    FORMAT_ISSUES: FormatIssues = tq_format_issues_f32,
    COMMON_LABEL_ISSUES: CommonLabelIssues = tq_common_label_issues_f32,
    FORMAT_COMMON_LABEL_ISSUES: FormatCommonLabelIssues = tq_format_common_label_issues_f32,
    INSPECTOR_UPDATE_THRESHOLDS: InspectorUpdateThresholds = tq_inspector_update_thresholds_f32,
    INSPECTOR_SCORE: InspectorScore = tq_inspector_score_f32,
});

float_functions!(f64 {
    LABEL_QUALITY_SCORES: LabelQualityScores = tq_label_quality_scores_f64,
    FIND_LABEL_ISSUES: FindLabelIssues = tq_find_label_issues_f64,
    CONFIDENT_THRESHOLDS: ConfidentThresholds = tq_confident_thresholds_f64,
    CONFIDENT_JOINT: ConfidentJoint = tq_confident_joint_f64,
    NUM_LABEL_ISSUES: NumLabelIssues = tq_num_label_issues_f64,
    ADJUST_PRED_PROBS: AdjustPredProbs = tq_adjust_pred_probs_f64,
    MERGE_PROBS: MergeProbs = tq_merge_probs_f64,
    SUBWORD_TO_WORD_PROBS: SubwordToWordProbs = tq_subword_to_word_probs_f64,
    FORMAT_ISSUES: FormatIssues = tq_format_issues_f64,
    COMMON_LABEL_ISSUES: CommonLabelIssues = tq_common_label_issues_f64,
    FORMAT_COMMON_LABEL_ISSUES: FormatCommonLabelIssues = tq_format_common_label_issues_f64,
    INSPECTOR_UPDATE_THRESHOLDS: InspectorUpdateThresholds = tq_inspector_update_thresholds_f64,
    INSPECTOR_SCORE: InspectorScore = tq_inspector_score_f64,
});
