//! Issue reports (`tq_format_issues_*`, `tq_common_label_issues_*`,
//! `tq_format_common_label_issues_*`, `tq_filter_by_token`): cleanlab's
//! token_classification.summary.

use std::ffi::{c_char, CString};
use std::ptr;

use tokqual_sys as sys;

use crate::error::{check, Error, Result, Status};
use crate::float::Float;
use crate::issues::{issue_arrays, token_issues, TokenIssue};
use crate::text::StringList;
use crate::util::{c_string, count, indices, opt_ptr, require_len, text_output};

/// The issues a report is about.
#[derive(Debug, Clone, Copy)]
pub enum IssueList<'a> {
    /// Token issues, as [`find_label_issues`](crate::find_label_issues) returns them.
    Tokens(&'a [TokenIssue]),
    /// Sentence issues, as [`issues_from_sentence_scores`](crate::issues_from_sentence_scores)
    /// returns them ([`IssueReport::format_issues`] only).
    Sentences(&'a [usize]),
}

/// Options of [`IssueReport::format_issues`].
#[derive(Debug, Clone, PartialEq)]
pub struct FormatIssuesOptions {
    /// At most this many issues are shown; 0 shows all. Default 20.
    pub top: usize,
    /// Markers around the issue's word; `None` (default) is terminal red, as cleanlab.
    pub highlight: Option<(String, String)>,
}

impl Default for FormatIssuesOptions {
    fn default() -> FormatIssuesOptions {
        FormatIssuesOptions {
            top: 20,
            highlight: None,
        }
    }
}

/// Options of [`IssueReport::format_common_label_issues`].
#[derive(Debug, Clone, PartialEq)]
pub struct CommonIssuesOptions {
    /// At most this many words are described. Default 10.
    pub top: usize,
    /// List each word's label swaps under it. Default true.
    pub verbose: bool,
}

impl Default for CommonIssuesOptions {
    fn default() -> CommonIssuesOptions {
        CommonIssuesOptions {
            top: 10,
            verbose: true,
        }
    }
}

/// A word that often carries label issues: a row of cleanlab's common_label_issues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommonIssue {
    /// The word.
    pub word: String,
    /// The flat index of the first issue token with this word.
    pub first_token: usize,
    /// The given class of this row's swap, when labels and pred_probs were given.
    pub given: Option<i32>,
    /// The predicted class of this row's swap, when labels and pred_probs were given.
    pub predicted: Option<i32>,
    /// The number of issues.
    pub count: usize,
}

/// The inputs of cleanlab's summary functions: a dataset's sentence offsets and tokens,
/// the issues, and optionally labels, pred_probs, class names and excluded swaps.
///
/// ```
/// use tokqual::{IssueList, IssueReport, StringList, TokenIssue};
///
/// let tokens: StringList = ["An", "sentence", "with", "a", "typo"].into_iter().collect();
/// let offsets = [0, 5];
/// let issues = [TokenIssue { sentence: 0, token: 0 }];
/// let report = IssueReport::new(&offsets, &tokens, IssueList::Tokens(&issues))
///     .format_issues(&Default::default())?;
/// assert!(report.starts_with("Sentence index: 0, Token index: 0\nToken: An\n"));
/// # Ok::<(), tokqual::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct IssueReport<'a, P: Float = f64> {
    offsets: &'a [i64],
    tokens: &'a StringList,
    issues: IssueList<'a>,
    labels: Option<&'a [i32]>,
    pred_probs: Option<&'a [P]>,
    n_classes: Option<usize>,
    class_names: Option<&'a StringList>,
    exclude: &'a [(i32, i32)],
}

impl<'a> IssueReport<'a, f64> {
    /// A report on `issues` in the dataset of `tokens` split into sentences by `offsets`.
    pub fn new(
        offsets: &'a [i64],
        tokens: &'a StringList,
        issues: IssueList<'a>,
    ) -> IssueReport<'a, f64> {
        IssueReport {
            offsets,
            tokens,
            issues,
            labels: None,
            pred_probs: None,
            n_classes: None,
            class_names: None,
            exclude: &[],
        }
    }
}

/// The C arguments of a report, alive while it is.
struct Arrays {
    issue_sentences: Vec<i64>,
    issue_tokens: Option<Vec<i64>>,
    n_classes: usize,
    exclude: Vec<i32>,
}

impl<'a, P: Float> IssueReport<'a, P> {
    /// The given labels, one per token.
    pub fn labels(mut self, labels: &'a [i32]) -> Self {
        self.labels = Some(labels);
        self
    }

    /// The predicted probabilities, `n_tokens * n_classes`, row-major.
    pub fn pred_probs<Q: Float>(self, pred_probs: &'a [Q]) -> IssueReport<'a, Q> {
        IssueReport {
            offsets: self.offsets,
            tokens: self.tokens,
            issues: self.issues,
            labels: self.labels,
            pred_probs: Some(pred_probs),
            n_classes: self.n_classes,
            class_names: self.class_names,
            exclude: self.exclude,
        }
    }

    /// The number of classes (otherwise taken from the class names, or from pred_probs).
    pub fn n_classes(mut self, n_classes: usize) -> Self {
        self.n_classes = Some(n_classes);
        self
    }

    /// The class names, one per class.
    pub fn class_names(mut self, class_names: &'a StringList) -> Self {
        self.class_names = Some(class_names);
        self
    }

    /// (given, predicted) label swaps to leave out.
    pub fn exclude(mut self, exclude: &'a [(i32, i32)]) -> Self {
        self.exclude = exclude;
        self
    }

    /// Checks every length the C library will trust and builds its arrays.
    fn arrays(&self) -> Result<Arrays> {
        if self.offsets.is_empty() {
            return Err(Error::new(
                Status::InvalidSize,
                "offsets is empty but must hold n_sentences + 1 entries",
            ));
        }
        let n_tokens = self.tokens.len();
        let n_classes = match (self.n_classes, self.class_names, self.pred_probs) {
            (Some(n), _, _) => n,
            (None, Some(names), _) => names.len(),
            (None, None, Some(probs)) if n_tokens > 0 => probs.len() / n_tokens,
            _ => 0,
        };
        if let Some(labels) = self.labels {
            require_len(labels, n_tokens, "labels")?;
        }
        if let Some(probs) = self.pred_probs {
            crate::util::probs_counts(n_tokens, probs, n_classes)?;
        }
        if let Some(names) = self.class_names {
            require_len(names.offsets(), n_classes + 1, "class_names offsets")?;
        }
        let (issue_sentences, issue_tokens) = match self.issues {
            IssueList::Tokens(issues) => {
                let (sentences, tokens) = issue_arrays(issues)?;
                (sentences, Some(tokens))
            }
            IssueList::Sentences(issues) => (
                issues.iter().map(|&s| count(s)).collect::<Result<_>>()?,
                None,
            ),
        };
        let exclude = self
            .exclude
            .iter()
            .flat_map(|&(given, predicted)| [given, predicted])
            .collect();
        Ok(Arrays {
            issue_sentences,
            issue_tokens,
            n_classes,
            exclude,
        })
    }

    fn token_issue_arrays(&self, arrays: &Arrays) -> Result<()> {
        if arrays.issue_tokens.is_none() && !arrays.issue_sentences.is_empty() {
            return Err(Error::new(
                Status::NullArgument,
                "issue_tokens is NULL (sentence issues) but this summary needs token issues",
            ));
        }
        Ok(())
    }

    fn class_name_args(&self) -> Result<(*const c_char, i64, *const i64)> {
        Ok(match self.class_names {
            Some(names) => (
                names.text_ptr(),
                names.text_size()?,
                names.offsets().as_ptr(),
            ),
            None => (ptr::null(), 0, ptr::null()),
        })
    }

    /// The report cleanlab's display_issues prints, as text.
    pub fn format_issues(&self, options: &FormatIssuesOptions) -> Result<String> {
        let arrays = self.arrays()?;
        let markers: Option<(CString, CString)> = match &options.highlight {
            Some((before, after)) => Some((
                c_string(before, "highlight before")?,
                c_string(after, "highlight after")?,
            )),
            None => None,
        };
        let mut raw = std::mem::MaybeUninit::<sys::tq_format_issues_options>::zeroed();
        // SAFETY: a valid pointer to a struct of the declared layout.
        check(unsafe { sys::tq_format_issues_options_init(raw.as_mut_ptr()) })?;
        // SAFETY: initialized above.
        let mut raw = unsafe { raw.assume_init() };
        raw.top = count(options.top)?;
        if let Some((before, after)) = &markers {
            raw.highlight_before = before.as_ptr();
            raw.highlight_after = after.as_ptr();
        }
        let (names, names_size, name_offsets) = self.class_name_args()?;
        let n_issues = count(arrays.issue_sentences.len())?;
        text_output(|out, capacity, out_size| unsafe {
            // SAFETY: every array was checked against its count in arrays(); the markers
            // live until the end of this function.
            P::FORMAT_ISSUES(
                self.offsets.as_ptr(),
                self.offsets.len() as i64 - 1,
                self.tokens.text_ptr(),
                self.tokens.text().len() as i64,
                self.tokens.offsets().as_ptr(),
                self.tokens.len() as i64,
                arrays.issue_sentences.as_ptr(),
                opt_ptr(arrays.issue_tokens.as_deref()),
                n_issues,
                opt_ptr(self.labels),
                opt_ptr(self.pred_probs),
                arrays.n_classes as i64,
                names,
                names_size,
                name_offsets,
                arrays.exclude.as_ptr(),
                (arrays.exclude.len() / 2) as i64,
                &raw,
                out,
                capacity,
                out_size,
            )
        })
    }

    /// The words that most often carry label issues (cleanlab's common_label_issues
    /// DataFrame), most issues first. Needs token issues.
    pub fn common_label_issues(&self) -> Result<Vec<CommonIssue>> {
        let arrays = self.arrays()?;
        self.token_issue_arrays(&arrays)?;
        let n = arrays.issue_sentences.len();
        let (mut word_tokens, mut given, mut predicted, mut counts) =
            (vec![0i64; n], vec![0i32; n], vec![0i32; n], vec![0i64; n]);
        let mut rows = 0i64;
        // SAFETY: as in format_issues; every output holds n_issues values.
        check(unsafe {
            P::COMMON_LABEL_ISSUES(
                self.offsets.as_ptr(),
                self.offsets.len() as i64 - 1,
                self.tokens.text_ptr(),
                self.tokens.text().len() as i64,
                self.tokens.offsets().as_ptr(),
                self.tokens.len() as i64,
                arrays.issue_sentences.as_ptr(),
                opt_ptr(arrays.issue_tokens.as_deref()),
                n as i64,
                opt_ptr(self.labels),
                opt_ptr(self.pred_probs),
                arrays.n_classes as i64,
                arrays.exclude.as_ptr(),
                (arrays.exclude.len() / 2) as i64,
                word_tokens.as_mut_ptr(),
                given.as_mut_ptr(),
                predicted.as_mut_ptr(),
                counts.as_mut_ptr(),
                &mut rows,
            )
        })?;
        let rows = (rows.max(0) as usize).min(n);
        let word_tokens = indices(&word_tokens[..rows])?;
        let counts = indices(&counts[..rows])?;
        Ok((0..rows)
            .map(|row| CommonIssue {
                word: self
                    .tokens
                    .get(word_tokens[row])
                    .unwrap_or_default()
                    .to_string(),
                first_token: word_tokens[row],
                given: (given[row] >= 0).then_some(given[row]),
                predicted: (predicted[row] >= 0).then_some(predicted[row]),
                count: counts[row],
            })
            .collect())
    }

    /// What cleanlab's common_label_issues prints, as text. Needs token issues.
    pub fn format_common_label_issues(&self, options: &CommonIssuesOptions) -> Result<String> {
        let arrays = self.arrays()?;
        self.token_issue_arrays(&arrays)?;
        let mut raw = std::mem::MaybeUninit::<sys::tq_common_issues_options>::zeroed();
        // SAFETY: a valid pointer to a struct of the declared layout.
        check(unsafe { sys::tq_common_issues_options_init(raw.as_mut_ptr()) })?;
        // SAFETY: initialized above.
        let mut raw = unsafe { raw.assume_init() };
        raw.top = count(options.top)?;
        raw.verbose = i32::from(options.verbose);
        let (names, names_size, name_offsets) = self.class_name_args()?;
        let n_issues = count(arrays.issue_sentences.len())?;
        text_output(|out, capacity, out_size| unsafe {
            // SAFETY: as in format_issues.
            P::FORMAT_COMMON_LABEL_ISSUES(
                self.offsets.as_ptr(),
                self.offsets.len() as i64 - 1,
                self.tokens.text_ptr(),
                self.tokens.text().len() as i64,
                self.tokens.offsets().as_ptr(),
                self.tokens.len() as i64,
                arrays.issue_sentences.as_ptr(),
                opt_ptr(arrays.issue_tokens.as_deref()),
                n_issues,
                opt_ptr(self.labels),
                opt_ptr(self.pred_probs),
                arrays.n_classes as i64,
                names,
                names_size,
                name_offsets,
                arrays.exclude.as_ptr(),
                (arrays.exclude.len() / 2) as i64,
                &raw,
                out,
                capacity,
                out_size,
            )
        })
    }
}

/// The issues whose token equals `word` ignoring case (Python's str.lower() on both
/// sides), as cleanlab's filter_by_token; issues keep their order.
pub fn filter_by_token(
    word: &str,
    offsets: &[i64],
    tokens: &StringList,
    issues: &[TokenIssue],
) -> Result<Vec<TokenIssue>> {
    if offsets.is_empty() {
        return Err(Error::new(
            Status::InvalidSize,
            "offsets is empty but must hold n_sentences + 1 entries",
        ));
    }
    let (issue_sentences, issue_tokens) = issue_arrays(issues)?;
    let (mut sentences, mut kept_tokens) = (vec![0i64; issues.len()], vec![0i64; issues.len()]);
    let mut n = 0i64;
    // SAFETY: counts match the slices; outputs hold n_issues values each.
    check(unsafe {
        sys::tq_filter_by_token(
            word.as_ptr().cast(),
            count(word.len())?,
            offsets.as_ptr(),
            count(offsets.len() - 1)?,
            tokens.text_ptr(),
            tokens.text_size()?,
            tokens.offsets().as_ptr(),
            count(tokens.len())?,
            issue_sentences.as_ptr(),
            issue_tokens.as_ptr(),
            count(issues.len())?,
            sentences.as_mut_ptr(),
            kept_tokens.as_mut_ptr(),
            &mut n,
        )
    })?;
    token_issues(&sentences, &kept_tokens, n)
}
