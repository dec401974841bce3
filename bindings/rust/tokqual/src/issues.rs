//! Issues from scores (`tq_issues_from_sentence_scores`, `tq_issues_from_token_scores`).

use tokqual_sys as sys;

use crate::error::{check, Error, Result};
use crate::util::{count, indices};

/// A token whose label is likely wrong: token `token` (counted within its sentence) of
/// sentence `sentence`, as cleanlab's `(i, j)` tuples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenIssue {
    /// The sentence index.
    pub sentence: usize,
    /// The token index within the sentence.
    pub token: usize,
}

/// Pairs the C library's parallel issue arrays, the first `n` entries of each.
pub(crate) fn token_issues(sentences: &[i64], tokens: &[i64], n: i64) -> Result<Vec<TokenIssue>> {
    let n = usize::try_from(n)
        .unwrap_or(usize::MAX)
        .min(sentences.len());
    let sentences = indices(&sentences[..n])?;
    let tokens = indices(&tokens[..n])?;
    Ok(sentences
        .into_iter()
        .zip(tokens)
        .map(|(sentence, token)| TokenIssue { sentence, token })
        .collect())
}

/// Splits issues into the C library's parallel arrays.
pub(crate) fn issue_arrays(issues: &[TokenIssue]) -> Result<(Vec<i64>, Vec<i64>)> {
    let sentences = issues
        .iter()
        .map(|i| count(i.sentence))
        .collect::<Result<_>>()?;
    let tokens = issues
        .iter()
        .map(|i| count(i.token))
        .collect::<Result<_>>()?;
    Ok((sentences, tokens))
}

/// The sentences whose score is strictly below `threshold`, lowest score first, ties by
/// index (cleanlab's issues_from_scores without token scores; it does not fail when
/// every sentence is below the threshold). Scores must not be NaN, nor the threshold.
///
/// ```
/// let worst = tokqual::issues_from_sentence_scores(&[0.7, 0.2, 0.05], 0.5)?;
/// assert_eq!(worst, vec![2, 1]);
/// # Ok::<(), tokqual::Error>(())
/// ```
pub fn issues_from_sentence_scores(sentence_scores: &[f64], threshold: f64) -> Result<Vec<usize>> {
    let n_sentences = count(sentence_scores.len())?;
    let mut out = vec![0i64; sentence_scores.len()];
    let mut n = 0i64;
    // SAFETY: out has n_sentences entries, the documented capacity.
    check(unsafe {
        sys::tq_issues_from_sentence_scores(
            sentence_scores.as_ptr(),
            n_sentences,
            threshold,
            out.as_mut_ptr(),
            &mut n,
        )
    })?;
    out.truncate(usize::try_from(n).map_err(|_| Error::new(crate::Status::Internal, "bad count"))?);
    indices(&out)
}

/// The tokens whose score is strictly below `threshold`, lowest first, ties by position
/// (cleanlab's issues_from_scores with token scores). `offsets` as in
/// [`label_quality_scores`](crate::label_quality_scores); `token_scores` one per token.
pub fn issues_from_token_scores(
    offsets: &[i64],
    token_scores: &[f64],
    threshold: f64,
) -> Result<Vec<TokenIssue>> {
    if offsets.is_empty() {
        return Err(Error::new(
            crate::Status::InvalidSize,
            "offsets is empty but must hold n_sentences + 1 entries",
        ));
    }
    let (n_sentences, n_tokens) = (count(offsets.len() - 1)?, count(token_scores.len())?);
    let mut sentences = vec![0i64; token_scores.len()];
    let mut tokens = vec![0i64; token_scores.len()];
    let mut n = 0i64;
    // SAFETY: counts match the slices; outputs have the documented capacity n_tokens.
    check(unsafe {
        sys::tq_issues_from_token_scores(
            offsets.as_ptr(),
            n_sentences,
            token_scores.as_ptr(),
            n_tokens,
            threshold,
            sentences.as_mut_ptr(),
            tokens.as_mut_ptr(),
            &mut n,
        )
    })?;
    token_issues(&sentences, &tokens, n)
}
