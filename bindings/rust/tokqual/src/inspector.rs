//! The streaming inspector (`tq_inspector_*`): label issues of data read in batches,
//! possibly in several processes, in two passes. See "Streaming inspector" in tokqual.h.

use std::ptr::{self, NonNull};

use tokqual_sys as sys;

use crate::error::{check, Error, Result, Status};
use crate::find::NumIssuesMethod;
use crate::float::Float;
use crate::issues::{token_issues, TokenIssue};
use crate::scores::TokenMethod;
use crate::util::{count, dataset_counts, filled, probs_counts, thread_count};

/// Options of [`Inspector::new`]; `InspectorOptions::default()` gives the library's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InspectorOptions {
    /// How tokens are scored (cleanlab's `quality_score_kwargs["method"]`).
    pub rank_by: TokenMethod,
    /// Score adjusted probabilities (not with the entropy method).
    pub adjust_pred_probs: bool,
    /// How the number of issues is estimated.
    pub num_issues_method: NumIssuesMethod,
    /// Threads per batch; 0 = all cores. Results are identical for every value.
    pub n_threads: u32,
}

impl InspectorOptions {
    fn to_raw(&self) -> Result<sys::tq_inspector_options> {
        let mut raw = std::mem::MaybeUninit::<sys::tq_inspector_options>::zeroed();
        // SAFETY: a valid pointer to a struct of the declared layout.
        check(unsafe { sys::tq_inspector_options_init(raw.as_mut_ptr()) })?;
        // SAFETY: initialized above.
        let mut raw = unsafe { raw.assume_init() };
        raw.rank_by = self.rank_by.into();
        raw.adjust_pred_probs = i32::from(self.adjust_pred_probs);
        raw.num_issues_method = self.num_issues_method.into();
        raw.n_threads = thread_count(self.n_threads)?;
        Ok(raw)
    }
}

/// A two-pass label-issue finder for data read in batches of whole sentences
/// (cleanlab's low-memory mode):
///
/// 1. [`update_thresholds`](Inspector::update_thresholds) on every batch, then
///    [`finish_thresholds`](Inspector::finish_thresholds);
/// 2. [`score`](Inspector::score) on every batch;
/// 3. [`find_label_issues`](Inspector::find_label_issues).
///
/// Shards merge with [`merge`](Inspector::merge); [`save`](Inspector::save) and
/// [`load`](Inspector::load) move an inspector between processes. An inspector may move
/// to another thread (`Send`) but is not shared between threads (`!Sync`), as the C
/// library requires.
///
/// ```
/// use tokqual::{Inspector, InspectorOptions};
///
/// let offsets = [0, 2, 4];
/// let labels = [0, 1, 0, 1];
/// let pred_probs = [0.9, 0.1, 0.2, 0.8, 0.95, 0.05, 0.9, 0.1f32];
/// let mut inspector = Inspector::new(2, &InspectorOptions::default())?;
/// inspector.update_thresholds(&labels, &pred_probs)?; // pass 1, one batch
/// inspector.finish_thresholds()?;
/// inspector.score(0, &offsets, &labels, &pred_probs)?; // pass 2, the same batch
/// let issues = inspector.find_label_issues()?;
/// assert!(issues.len() <= 4);
/// # Ok::<(), tokqual::Error>(())
/// ```
#[derive(Debug)]
pub struct Inspector {
    raw: NonNull<sys::tq_inspector>,
    n_classes: usize,
}

// SAFETY: the C library keeps no thread affinity: an inspector may be used from any
// thread, one at a time. It is not Sync: `&self` methods must not run concurrently.
unsafe impl Send for Inspector {}

impl Inspector {
    fn from_raw(raw: *mut sys::tq_inspector, n_classes: usize) -> Result<Inspector> {
        NonNull::new(raw)
            .map(|raw| Inspector { raw, n_classes })
            .ok_or_else(|| Error::new(Status::Internal, "the library returned a NULL inspector"))
    }

    /// A new inspector for `n_classes` (>= 1) classes, in pass 1.
    pub fn new(n_classes: usize, options: &InspectorOptions) -> Result<Inspector> {
        let raw_options = options.to_raw()?;
        let mut raw = ptr::null_mut();
        // SAFETY: valid pointers; on success *raw owns a new inspector.
        check(unsafe { sys::tq_inspector_create(count(n_classes)?, &raw_options, &mut raw) })?;
        Inspector::from_raw(raw, n_classes)
    }

    /// The number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Pass 1: one batch of tokens (`labels`, and `pred_probs` with `n_classes` columns).
    pub fn update_thresholds<P: Float>(&mut self, labels: &[i32], pred_probs: &[P]) -> Result<()> {
        let (n_tokens, n_classes) = probs_counts(labels.len(), pred_probs, self.n_classes)?;
        // SAFETY: slices match their counts; the inspector is valid and exclusively borrowed.
        check(unsafe {
            P::INSPECTOR_UPDATE_THRESHOLDS(
                self.raw.as_ptr(),
                labels.as_ptr(),
                pred_probs.as_ptr(),
                n_tokens,
                n_classes,
            )
        })
    }

    /// Ends pass 1 and fixes the thresholds.
    pub fn finish_thresholds(&mut self) -> Result<()> {
        // SAFETY: a valid inspector, exclusively borrowed.
        check(unsafe { sys::tq_inspector_finish_thresholds(self.raw.as_ptr()) })
    }

    /// The current confident thresholds, one per class.
    pub fn thresholds(&self) -> Result<Vec<f64>> {
        let mut out = filled(self.n_classes, 0.0)?;
        // SAFETY: out holds n_classes values.
        check(unsafe {
            sys::tq_inspector_thresholds(
                self.raw.as_ptr(),
                out.as_mut_ptr(),
                count(self.n_classes)?,
            )
        })?;
        Ok(out)
    }

    /// Pass 2: one batch of whole sentences whose first sentence has the dataset-wide
    /// index `first_sentence`; `offsets` start at 0. Returns each token's score.
    pub fn score<P: Float>(
        &mut self,
        first_sentence: usize,
        offsets: &[i64],
        labels: &[i32],
        pred_probs: &[P],
    ) -> Result<Vec<f64>> {
        let (n_sentences, n_tokens, n_classes) =
            dataset_counts(offsets, labels, pred_probs, self.n_classes)?;
        let mut token_scores = vec![0.0; labels.len()];
        // SAFETY: slices match their counts; token_scores holds n_tokens values.
        check(unsafe {
            P::INSPECTOR_SCORE(
                self.raw.as_ptr(),
                count(first_sentence)?,
                offsets.as_ptr(),
                n_sentences,
                labels.as_ptr(),
                pred_probs.as_ptr(),
                n_tokens,
                n_classes,
                token_scores.as_mut_ptr(),
            )
        })?;
        Ok(token_scores)
    }

    /// Adds everything `other` saw to `self` (same classes, options and pass; in pass 2
    /// the same thresholds and no sentence scored twice).
    pub fn merge(&mut self, other: &Inspector) -> Result<()> {
        // SAFETY: two valid inspectors; the borrows make them distinct objects.
        check(unsafe { sys::tq_inspector_merge(self.raw.as_ptr(), other.raw.as_ptr()) })
    }

    /// (tokens seen in pass 1, tokens scored in pass 2).
    pub fn counts(&self) -> Result<(u64, u64)> {
        let (mut seen, mut scored) = (0i64, 0i64);
        // SAFETY: valid pointers.
        check(unsafe { sys::tq_inspector_counts(self.raw.as_ptr(), &mut seen, &mut scored) })?;
        Ok((seen.max(0) as u64, scored.max(0) as u64))
    }

    /// The number of issues estimated in pass 2.
    pub fn num_label_issues(&self) -> Result<usize> {
        let mut n = 0i64;
        // SAFETY: valid pointers.
        check(unsafe { sys::tq_inspector_num_label_issues(self.raw.as_ptr(), &mut n) })?;
        usize::try_from(n)
            .map_err(|_| Error::new(Status::Internal, format!("the library returned {n} issues")))
    }

    /// The label issues, most severe first.
    pub fn find_label_issues(&self) -> Result<Vec<TokenIssue>> {
        let capacity = self.num_label_issues()?;
        let mut sentences = vec![0i64; capacity];
        let mut tokens = vec![0i64; capacity];
        let mut n = 0i64;
        // SAFETY: both outputs hold `capacity` values, the capacity passed.
        check(unsafe {
            sys::tq_inspector_find_label_issues(
                self.raw.as_ptr(),
                sentences.as_mut_ptr(),
                tokens.as_mut_ptr(),
                count(capacity)?,
                &mut n,
            )
        })?;
        token_issues(&sentences, &tokens, n)
    }

    /// The inspector's whole state as bytes, for [`Inspector::load`].
    pub fn save(&self) -> Result<Vec<u8>> {
        let mut size = 0usize;
        // SAFETY: capacity 0 with a NULL buffer asks for the size only.
        let status =
            unsafe { sys::tq_inspector_save(self.raw.as_ptr(), ptr::null_mut(), 0, &mut size) };
        if status != sys::TQ_ERR_BUFFER_TOO_SMALL {
            check(status)?;
        }
        let mut bytes = vec![0u8; size];
        // SAFETY: bytes holds `size` bytes, the capacity passed.
        check(unsafe {
            sys::tq_inspector_save(
                self.raw.as_ptr(),
                bytes.as_mut_ptr().cast(),
                bytes.len(),
                &mut size,
            )
        })?;
        bytes.truncate(size);
        Ok(bytes)
    }

    /// An inspector rebuilt from [`Inspector::save`]'s bytes. The C API does not report
    /// an inspector's class count, so the caller gives it: `n_classes` must be the saved
    /// inspector's (calls that take pred_probs or thresholds fail with
    /// [`Status::InvalidSize`] otherwise; the library checks it on every call).
    pub fn load(bytes: &[u8], n_classes: usize) -> Result<Inspector> {
        let mut raw = ptr::null_mut();
        // SAFETY: the library reads bytes.len() bytes.
        check(unsafe { sys::tq_inspector_load(bytes.as_ptr().cast(), bytes.len(), &mut raw) })?;
        Inspector::from_raw(raw, n_classes)
    }
}

impl Clone for Inspector {
    /// An independent copy (same pass, options and data). Panics only if the library
    /// cannot allocate the copy; use [`Inspector::try_clone`] to handle that.
    fn clone(&self) -> Inspector {
        self.try_clone().expect("tq_inspector_clone failed")
    }
}

impl Inspector {
    /// An independent copy (same pass, options and data).
    pub fn try_clone(&self) -> Result<Inspector> {
        let mut raw = ptr::null_mut();
        // SAFETY: a valid inspector; on success *raw owns a new one.
        check(unsafe { sys::tq_inspector_clone(self.raw.as_ptr(), &mut raw) })?;
        Inspector::from_raw(raw, self.n_classes)
    }
}

impl Drop for Inspector {
    fn drop(&mut self) {
        // SAFETY: the inspector is owned by self and freed once.
        unsafe { sys::tq_inspector_destroy(self.raw.as_ptr()) };
    }
}
