//! Confident learning: `tq_find_label_issues_*` and the statistics behind it.

use tokqual_sys as sys;

use crate::error::{check, Error, Result, Status};
use crate::float::Float;
use crate::issues::{token_issues, TokenIssue};
use crate::scores::TokenMethod;
use crate::util::{dataset_counts, filled, probs_counts, product, require_len, thread_count};

/// The largest class count of the confident-learning functions and the inspector
/// (tokqual.h: the K x K joint's cell indices must fit in 32 bits).
const MAX_CLASSES: usize = 46340;

/// Which tokens [`find_label_issues`] flags (cleanlab.filter.find_label_issues'
/// `filter_by`); see `tq_filter_method` in tokqual.h for the details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum FilterMethod {
    /// `prune_by_noise_rate` (cleanlab's default).
    #[default]
    PruneByNoiseRate,
    /// `prune_by_class`.
    PruneByClass,
    /// `both`.
    Both,
    /// `confident_learning`.
    ConfidentLearning,
    /// `predicted_neq_given`.
    PredictedNeqGiven,
    /// `low_normalized_margin`.
    LowNormalizedMargin,
    /// `low_self_confidence`.
    LowSelfConfidence,
}

impl From<FilterMethod> for i32 {
    fn from(method: FilterMethod) -> i32 {
        match method {
            FilterMethod::PruneByNoiseRate => sys::TQ_PRUNE_BY_NOISE_RATE,
            FilterMethod::PruneByClass => sys::TQ_PRUNE_BY_CLASS,
            FilterMethod::Both => sys::TQ_BOTH,
            FilterMethod::ConfidentLearning => sys::TQ_CONFIDENT_LEARNING,
            FilterMethod::PredictedNeqGiven => sys::TQ_PREDICTED_NEQ_GIVEN,
            FilterMethod::LowNormalizedMargin => sys::TQ_LOW_NORMALIZED_MARGIN,
            FilterMethod::LowSelfConfidence => sys::TQ_LOW_SELF_CONFIDENCE,
        }
    }
}

impl TryFrom<i32> for FilterMethod {
    type Error = Error;
    /// Checks a C `tq_filter_method` value.
    fn try_from(value: i32) -> Result<FilterMethod> {
        Ok(match value {
            sys::TQ_PRUNE_BY_NOISE_RATE => FilterMethod::PruneByNoiseRate,
            sys::TQ_PRUNE_BY_CLASS => FilterMethod::PruneByClass,
            sys::TQ_BOTH => FilterMethod::Both,
            sys::TQ_CONFIDENT_LEARNING => FilterMethod::ConfidentLearning,
            sys::TQ_PREDICTED_NEQ_GIVEN => FilterMethod::PredictedNeqGiven,
            sys::TQ_LOW_NORMALIZED_MARGIN => FilterMethod::LowNormalizedMargin,
            sys::TQ_LOW_SELF_CONFIDENCE => FilterMethod::LowSelfConfidence,
            other => {
                return Err(Error::new(
                    Status::InvalidOption,
                    format!("unknown filter method {other}"),
                ))
            }
        })
    }
}

/// How [`num_label_issues`] estimates the number of issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum NumIssuesMethod {
    /// `off_diagonal` (the default).
    #[default]
    OffDiagonal,
    /// `off_diagonal_calibrated`.
    OffDiagonalCalibrated,
}

impl From<NumIssuesMethod> for i32 {
    fn from(method: NumIssuesMethod) -> i32 {
        match method {
            NumIssuesMethod::OffDiagonal => sys::TQ_OFF_DIAGONAL,
            NumIssuesMethod::OffDiagonalCalibrated => sys::TQ_OFF_DIAGONAL_CALIBRATED,
        }
    }
}

impl TryFrom<i32> for NumIssuesMethod {
    type Error = Error;
    /// Checks a C `tq_num_issues_method` value.
    fn try_from(value: i32) -> Result<NumIssuesMethod> {
        match value {
            sys::TQ_OFF_DIAGONAL => Ok(NumIssuesMethod::OffDiagonal),
            sys::TQ_OFF_DIAGONAL_CALIBRATED => Ok(NumIssuesMethod::OffDiagonalCalibrated),
            other => Err(Error::new(
                Status::InvalidOption,
                format!("unknown num-issues method {other}"),
            )),
        }
    }
}

/// Options of [`find_label_issues`] (and the `n_threads` of the statistics functions);
/// `FindOptions::default()` gives the library's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct FindOptions {
    /// Which tokens are flagged.
    pub filter_by: FilterMethod,
    /// How issues are ranked (cleanlab's `return_indices_ranked_by`).
    pub rank_by: TokenMethod,
    /// In (0, 1]: the fraction of the estimated noise the prune methods flag.
    pub frac_noise: f64,
    /// `None`, or one count per class: how many tokens of each class the prune methods
    /// flag.
    pub num_to_remove_per_class: Option<Vec<i64>>,
    /// The prune methods leave at least this many tokens in every class.
    pub min_examples_per_class: i64,
    /// Worker threads; 0 = all cores. Results are identical for every value.
    pub n_threads: u32,
    /// Rank by scores of the adjusted probabilities (see [`adjust_pred_probs`]).
    pub adjust_pred_probs: bool,
}

impl Default for FindOptions {
    fn default() -> FindOptions {
        FindOptions {
            filter_by: FilterMethod::PruneByNoiseRate,
            rank_by: TokenMethod::SelfConfidence,
            frac_noise: 1.0,
            num_to_remove_per_class: None,
            min_examples_per_class: 1,
            n_threads: 0,
            adjust_pred_probs: false,
        }
    }
}

impl FindOptions {
    /// The C struct, valid while `self` is borrowed (it points into
    /// `num_to_remove_per_class`), checked against `n_classes`.
    pub(crate) fn to_raw(&self, n_classes: usize) -> Result<sys::tq_find_options> {
        let mut raw = std::mem::MaybeUninit::<sys::tq_find_options>::zeroed();
        // SAFETY: a valid pointer to a struct of the declared layout.
        check(unsafe { sys::tq_find_options_init(raw.as_mut_ptr()) })?;
        // SAFETY: initialized above.
        let mut raw = unsafe { raw.assume_init() };
        raw.filter_by = self.filter_by.into();
        raw.rank_by = self.rank_by.into();
        raw.frac_noise = self.frac_noise;
        raw.num_to_remove_per_class = match &self.num_to_remove_per_class {
            None => std::ptr::null(),
            Some(counts) => {
                // The library reads n_classes values.
                require_len(counts, n_classes, "num_to_remove_per_class")?;
                counts.as_ptr()
            }
        };
        raw.min_examples_per_class = self.min_examples_per_class;
        raw.n_threads = thread_count(self.n_threads)?;
        raw.adjust_pred_probs = i32::from(self.adjust_pred_probs);
        Ok(raw)
    }
}

/// The tokens whose label is likely wrong, most severe first (ascending score of
/// `options.rank_by`, ties by position), as cleanlab's
/// token_classification.filter.find_label_issues. Arguments as for
/// [`label_quality_scores`](crate::label_quality_scores).
///
/// ```
/// use tokqual::{find_label_issues, FindOptions};
///
/// let offsets = [0, 2, 4];
/// let labels = [0, 1, 0, 1];
/// let pred_probs = [0.9, 0.1, 0.2, 0.8, 0.95, 0.05, 0.9, 0.1f64]; // the last label looks wrong
/// let issues = find_label_issues(&offsets, &labels, &pred_probs, 2, &FindOptions::default())?;
/// for issue in &issues {
///     println!("sentence {}, token {}", issue.sentence, issue.token);
/// }
/// # Ok::<(), tokqual::Error>(())
/// ```
pub fn find_label_issues<P: Float>(
    offsets: &[i64],
    labels: &[i32],
    pred_probs: &[P],
    n_classes: usize,
    options: &FindOptions,
) -> Result<Vec<TokenIssue>> {
    let (n_sentences, n_tokens, n_classes_c) =
        dataset_counts(offsets, labels, pred_probs, n_classes)?;
    let raw = options.to_raw(n_classes)?;
    let mut sentences = vec![0i64; labels.len()];
    let mut tokens = vec![0i64; labels.len()];
    let mut n = 0i64;
    // SAFETY: slices match their counts; outputs have the documented capacity n_tokens;
    // raw points into `options`, borrowed for the call.
    check(unsafe {
        P::FIND_LABEL_ISSUES(
            offsets.as_ptr(),
            n_sentences,
            labels.as_ptr(),
            pred_probs.as_ptr(),
            n_tokens,
            n_classes_c,
            &raw,
            sentences.as_mut_ptr(),
            tokens.as_mut_ptr(),
            &mut n,
        )
    })?;
    token_issues(&sentences, &tokens, n)
}

/// The per-class confident thresholds (cleanlab.count.get_confident_thresholds); a
/// class no token is labeled with gets 2. Only `options.n_threads` is read.
pub fn confident_thresholds<P: Float>(
    labels: &[i32],
    pred_probs: &[P],
    n_classes: usize,
    options: &FindOptions,
) -> Result<Vec<f64>> {
    let (n_tokens, n_classes_c) = probs_counts(labels.len(), pred_probs, n_classes)?;
    let raw = options.to_raw(n_classes)?;
    let mut out = filled(n_classes, 0.0)?;
    // SAFETY: slices match their counts; out holds n_classes values.
    check(unsafe {
        P::CONFIDENT_THRESHOLDS(
            labels.as_ptr(),
            pred_probs.as_ptr(),
            n_tokens,
            n_classes_c,
            &raw,
            out.as_mut_ptr(),
        )
    })?;
    Ok(out)
}

/// The confident joint (cleanlab.count.compute_confident_joint), row-major
/// `n_classes * n_classes`: entry `i * n_classes + j` counts tokens labeled `i` guessed
/// as `j`. `calibrate` as cleanlab's (its default is true).
pub fn confident_joint<P: Float>(
    labels: &[i32],
    pred_probs: &[P],
    n_classes: usize,
    calibrate: bool,
    options: &FindOptions,
) -> Result<Vec<i64>> {
    let (n_tokens, n_classes_c) = probs_counts(labels.len(), pred_probs, n_classes)?;
    let raw = options.to_raw(n_classes)?;
    // Refused by the library too, but only after the n_classes^2 output exists: for
    // 46341 classes that would be 17 GB.
    if n_classes > MAX_CLASSES {
        return Err(Error::new(
            Status::InvalidSize,
            format!("n_classes = {n_classes} is too large for a confident joint (at most {MAX_CLASSES} classes)"),
        ));
    }
    let mut out = filled(product(n_classes, n_classes)?, 0i64)?;
    // SAFETY: slices match their counts; out holds n_classes^2 values.
    check(unsafe {
        P::CONFIDENT_JOINT(
            labels.as_ptr(),
            pred_probs.as_ptr(),
            n_tokens,
            n_classes_c,
            i32::from(calibrate),
            &raw,
            out.as_mut_ptr(),
        )
    })?;
    Ok(out)
}

/// The estimated number of label issues (cleanlab.count.num_label_issues).
pub fn num_label_issues<P: Float>(
    labels: &[i32],
    pred_probs: &[P],
    n_classes: usize,
    method: NumIssuesMethod,
    options: &FindOptions,
) -> Result<usize> {
    let (n_tokens, n_classes_c) = probs_counts(labels.len(), pred_probs, n_classes)?;
    let raw = options.to_raw(n_classes)?;
    let mut n = 0i64;
    // SAFETY: slices match their counts.
    check(unsafe {
        P::NUM_LABEL_ISSUES(
            labels.as_ptr(),
            pred_probs.as_ptr(),
            n_tokens,
            n_classes_c,
            method.into(),
            &raw,
            &mut n,
        )
    })?;
    usize::try_from(n)
        .map_err(|_| Error::new(Status::Internal, format!("the library returned {n} issues")))
}

/// The probabilities cleanlab scores with `adjust_pred_probs=True`: row by row,
/// `p[k] - t[k] + max(t)` divided by the row's sum (t: the confident thresholds).
pub fn adjust_pred_probs<P: Float>(
    labels: &[i32],
    pred_probs: &[P],
    n_classes: usize,
    options: &FindOptions,
) -> Result<Vec<f64>> {
    let (n_tokens, n_classes_c) = probs_counts(labels.len(), pred_probs, n_classes)?;
    let raw = options.to_raw(n_classes)?;
    let mut out = vec![0.0; pred_probs.len()];
    // SAFETY: slices match their counts; out holds n_tokens * n_classes values and is a
    // fresh buffer, so it does not overlap pred_probs.
    check(unsafe {
        P::ADJUST_PRED_PROBS(
            labels.as_ptr(),
            pred_probs.as_ptr(),
            n_tokens,
            n_classes_c,
            &raw,
            out.as_mut_ptr(),
        )
    })?;
    Ok(out)
}
