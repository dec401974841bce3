//! Label-quality scores (`tq_label_quality_scores_*`, and the sentence aggregation alone:
//! `tq_sentence_scores_from_token_scores`).

use tokqual_sys as sys;

use crate::error::{check, Error, Result, Status};
use crate::float::Float;
use crate::util::{count, dataset_counts, thread_count};

/// How each token's label is scored (cleanlab.rank's `method`). Scores are in [0, 1];
/// lower means the label is less likely correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum TokenMethod {
    /// `p[y]`, the probability of the given label.
    #[default]
    SelfConfidence,
    /// `(p[y] - max_{k != y} p[k] + 1) / 2`; needs two classes or more.
    NormalizedMargin,
    /// The confidence-weighted entropy of the row; needs two classes or more.
    ConfidenceWeightedEntropy,
}

/// How a sentence's token scores become one sentence score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SentenceMethod {
    /// The lowest token score.
    #[default]
    Min,
    /// A softmin with `temperature`: the minimum as it tends to 0, the mean as it grows.
    Softmin,
}

impl From<TokenMethod> for i32 {
    fn from(method: TokenMethod) -> i32 {
        match method {
            TokenMethod::SelfConfidence => sys::TQ_SELF_CONFIDENCE,
            TokenMethod::NormalizedMargin => sys::TQ_NORMALIZED_MARGIN,
            TokenMethod::ConfidenceWeightedEntropy => sys::TQ_CONFIDENCE_WEIGHTED_ENTROPY,
        }
    }
}

impl TryFrom<i32> for TokenMethod {
    type Error = Error;
    /// Checks a C `tq_token_method` value.
    fn try_from(value: i32) -> Result<TokenMethod> {
        match value {
            sys::TQ_SELF_CONFIDENCE => Ok(TokenMethod::SelfConfidence),
            sys::TQ_NORMALIZED_MARGIN => Ok(TokenMethod::NormalizedMargin),
            sys::TQ_CONFIDENCE_WEIGHTED_ENTROPY => Ok(TokenMethod::ConfidenceWeightedEntropy),
            other => Err(Error::new(
                Status::InvalidOption,
                format!("unknown token method {other}"),
            )),
        }
    }
}

impl From<SentenceMethod> for i32 {
    fn from(method: SentenceMethod) -> i32 {
        match method {
            SentenceMethod::Min => sys::TQ_MIN,
            SentenceMethod::Softmin => sys::TQ_SOFTMIN,
        }
    }
}

impl TryFrom<i32> for SentenceMethod {
    type Error = Error;
    /// Checks a C `tq_sentence_method` value.
    fn try_from(value: i32) -> Result<SentenceMethod> {
        match value {
            sys::TQ_MIN => Ok(SentenceMethod::Min),
            sys::TQ_SOFTMIN => Ok(SentenceMethod::Softmin),
            other => Err(Error::new(
                Status::InvalidOption,
                format!("unknown sentence method {other}"),
            )),
        }
    }
}

/// Options of [`label_quality_scores`]; `ScoreOptions::default()` gives the library's
/// defaults (self-confidence, min, temperature 0.05, all cores).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreOptions {
    /// How tokens are scored.
    pub token_method: TokenMethod,
    /// How token scores become a sentence score.
    pub sentence_method: SentenceMethod,
    /// [`SentenceMethod::Softmin`] only: >= 0, not NaN; 0 gives the minimum,
    /// `f64::INFINITY` the mean.
    pub temperature: f64,
    /// Worker threads; 0 = all cores. Results are identical for every value.
    pub n_threads: u32,
}

impl Default for ScoreOptions {
    fn default() -> ScoreOptions {
        ScoreOptions {
            token_method: TokenMethod::SelfConfidence,
            sentence_method: SentenceMethod::Min,
            temperature: 0.05,
            n_threads: 0,
        }
    }
}

impl ScoreOptions {
    /// The C struct: the library's defaults (struct_size included), then these fields.
    pub(crate) fn to_raw(&self) -> Result<sys::tq_score_options> {
        let mut raw = std::mem::MaybeUninit::<sys::tq_score_options>::zeroed();
        // SAFETY: a valid pointer to a struct of the declared layout.
        check(unsafe { sys::tq_score_options_init(raw.as_mut_ptr()) })?;
        // SAFETY: initialized above (and zeroed before).
        let mut raw = unsafe { raw.assume_init() };
        raw.token_method = self.token_method.into();
        raw.sentence_method = self.sentence_method.into();
        raw.temperature = self.temperature;
        raw.n_threads = thread_count(self.n_threads)?;
        Ok(raw)
    }
}

/// Label-quality scores of a dataset: one per sentence, one per token.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores {
    /// `sentence_scores[i]` scores sentence `i`; lower means more likely mislabeled.
    pub sentence_scores: Vec<f64>,
    /// `token_scores[t]` scores flat token `t` (token `j` of sentence `i` is
    /// `offsets[i] + j`).
    pub token_scores: Vec<f64>,
}

/// One label-quality score per token and per sentence
/// (cleanlab.token_classification.rank.get_label_quality_scores).
///
/// * `offsets`: `n_sentences + 1` entries; sentence `i` owns tokens
///   `offsets[i]..offsets[i + 1]`; starts at 0, strictly increases, ends at `labels.len()`.
/// * `labels`: one class per token, each in `0..n_classes`.
/// * `pred_probs`: `labels.len() * n_classes` probabilities, row-major, `f32` or `f64`.
///
/// Errors carry the library's status and message, e.g. [`Status::InvalidLabel`] with
/// `"labels[3] = 9 is outside [0, n_classes = 2)"`.
///
/// ```
/// use tokqual::{label_quality_scores, ScoreOptions};
///
/// let offsets = [0, 3, 5]; // two sentences: tokens 0..3 and 3..5
/// let labels = [0, 0, 1, 0, 1];
/// let pred_probs: [f32; 10] = [0.9, 0.1, 0.7, 0.3, 0.05, 0.95, 0.8, 0.2, 0.8, 0.2];
/// let scores = label_quality_scores(&offsets, &labels, &pred_probs, 2, &ScoreOptions::default())?;
/// assert_eq!(scores.sentence_scores.len(), 2);
/// assert!(scores.sentence_scores[1] < scores.sentence_scores[0]); // token 4 looks wrong
/// # Ok::<(), tokqual::Error>(())
/// ```
pub fn label_quality_scores<P: Float>(
    offsets: &[i64],
    labels: &[i32],
    pred_probs: &[P],
    n_classes: usize,
    options: &ScoreOptions,
) -> Result<Scores> {
    let (n_sentences, n_tokens, n_classes) =
        dataset_counts(offsets, labels, pred_probs, n_classes)?;
    let raw = options.to_raw()?;
    let mut scores = Scores {
        sentence_scores: vec![0.0; offsets.len() - 1],
        token_scores: vec![0.0; labels.len()],
    };
    // SAFETY: every slice holds the number of elements its count says (checked above).
    check(unsafe {
        P::LABEL_QUALITY_SCORES(
            offsets.as_ptr(),
            n_sentences,
            labels.as_ptr(),
            pred_probs.as_ptr(),
            n_tokens,
            n_classes,
            &raw,
            scores.sentence_scores.as_mut_ptr(),
            scores.token_scores.as_mut_ptr(),
        )
    })?;
    Ok(scores)
}

/// Sentence scores from token scores computed elsewhere (another model, another token
/// method): the aggregation step of [`label_quality_scores`] on its own, with the same
/// result bit for bit on the token scores it returns (cleanlab's min and softmin).
///
/// * `offsets`: `n_sentences + 1` entries, as in [`label_quality_scores`], ending at
///   `token_scores.len()`.
/// * `token_scores`: one per token, each finite and within `[0, 1]` up to 1e-6 (the
///   range of every score [`label_quality_scores`] returns); anything else is
///   [`Status::InvalidValue`].
/// * `options`: `sentence_method`, `temperature` and `n_threads` are used;
///   `token_method` is not.
///
/// ```
/// use tokqual::{sentence_scores_from_token_scores, ScoreOptions, SentenceMethod};
///
/// let offsets = [0, 2, 5, 6];
/// let token_scores = [0.9, 0.6, 0.0, 0.8, 0.8, 0.8];
/// let options = ScoreOptions { sentence_method: SentenceMethod::Softmin, ..Default::default() };
/// let s = sentence_scores_from_token_scores(&offsets, &token_scores, &options)?;
/// assert!((s[0] - 0.600741787).abs() < 1e-9); // cleanlab's _softmin_sentence_score docstring
/// # Ok::<(), tokqual::Error>(())
/// ```
pub fn sentence_scores_from_token_scores(
    offsets: &[i64],
    token_scores: &[f64],
    options: &ScoreOptions,
) -> Result<Vec<f64>> {
    if offsets.is_empty() {
        return Err(Error::new(
            Status::InvalidSize,
            "offsets is empty but must hold n_sentences + 1 entries (at least [0])",
        ));
    }
    let (n_sentences, n_tokens) = (count(offsets.len() - 1)?, count(token_scores.len())?);
    let raw = options.to_raw()?;
    let mut sentence_scores = vec![0.0; offsets.len() - 1];
    // SAFETY: offsets holds n_sentences + 1 entries, token_scores n_tokens, and the output
    // n_sentences (the C call checks that offsets end at n_tokens before reading more).
    check(unsafe {
        sys::tq_sentence_scores_from_token_scores(
            offsets.as_ptr(),
            n_sentences,
            token_scores.as_ptr(),
            n_tokens,
            &raw,
            sentence_scores.as_mut_ptr(),
        )
    })?;
    Ok(sentence_scores)
}
