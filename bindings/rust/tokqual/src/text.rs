//! Text helpers (`tq_get_sentence`, `tq_filter_sentences`, `tq_process_token`,
//! `tq_map_labels`, `tq_merge_probs_*`, `tq_replace_word`, `tq_color_sentence`,
//! `tq_format_token_scores`, `tq_subword_to_word_probs_*`).

use std::any::Any;
use std::ffi::{c_char, c_int, c_void};
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::ptr;

use tokqual_sys as sys;

use crate::error::{check, Error, Result, Status};
use crate::float::Float;
use crate::util::{
    c_string, count, filled, indices, opt_ptr, probs_counts, product, require_len, text_output,
};

/// A list of strings stored as the C library takes them: one UTF-8 buffer and
/// `len() + 1` byte offsets. Build it once from the tokens of a dataset (or the class
/// names) and pass it to every function that reads them.
///
/// ```
/// let tokens: tokqual::StringList = ["Hello", "world", "!"].into_iter().collect();
/// assert_eq!(tokens.len(), 3);
/// assert_eq!(tokens.get(1), Some("world"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringList {
    text: String,
    offsets: Vec<i64>,
}

impl Default for StringList {
    fn default() -> StringList {
        StringList {
            text: String::new(),
            offsets: vec![0],
        }
    }
}

impl StringList {
    /// The strings of `items`, in order.
    pub fn new<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> StringList {
        items.into_iter().collect()
    }

    /// Appends one string.
    pub fn push(&mut self, item: &str) {
        self.text.push_str(item);
        self.offsets.push(self.text.len() as i64);
    }

    /// The number of strings.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether the list holds no string.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// String `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&str> {
        let (start, end) = (*self.offsets.get(index)?, *self.offsets.get(index + 1)?);
        self.text.get(start as usize..end as usize)
    }

    /// The strings, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// All strings, concatenated.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The `len() + 1` byte offsets of the strings in [`text`](StringList::text).
    pub fn offsets(&self) -> &[i64] {
        &self.offsets
    }

    pub(crate) fn text_ptr(&self) -> *const c_char {
        self.text.as_ptr().cast()
    }

    pub(crate) fn text_size(&self) -> Result<i64> {
        count(self.text.len())
    }

    /// The offsets of strings `range` (for one sentence's words) and their count.
    pub(crate) fn sub_offsets(&self, range: Range<usize>) -> Result<(&[i64], i64)> {
        if range.start > range.end || range.end > self.len() {
            return Err(Error::new(
                Status::InvalidOffsets,
                format!("strings {range:?} are outside the list of {}", self.len()),
            ));
        }
        Ok((&self.offsets[range.start..=range.end], count(range.len())?))
    }
}

impl<S: AsRef<str>> FromIterator<S> for StringList {
    fn from_iter<I: IntoIterator<Item = S>>(items: I) -> StringList {
        let mut list = StringList::default();
        for item in items {
            list.push(item.as_ref());
        }
        list
    }
}

/// The words joined into one readable sentence, as cleanlab's get_sentence: no space
/// before punctuation, none after "(" and before "'" ... (see tq_get_sentence).
///
/// ```
/// let sentence = tokqual::get_sentence(&["This", "is", "a", "sentence", "."])?;
/// assert_eq!(sentence, "This is a sentence.");
/// # Ok::<(), tokqual::Error>(())
/// ```
pub fn get_sentence<S: AsRef<str>>(words: &[S]) -> Result<String> {
    let words: StringList = words.iter().map(|w| w.as_ref()).collect();
    let (offsets, n_words) = words.sub_offsets(0..words.len())?;
    text_output(|out, capacity, out_size| unsafe {
        // SAFETY: the list's buffer and offsets agree by construction.
        sys::tq_get_sentence(
            words.text_ptr(),
            words.text.len() as i64,
            offsets.as_ptr(),
            n_words,
            out,
            capacity,
            out_size,
        )
    })
}

/// Which sentences cleanlab's filter_sentence keeps by default: those with more than
/// one character and no '#'. Returns the kept indices, in order.
pub fn filter_sentences(sentences: &StringList) -> Result<Vec<usize>> {
    filter_sentences_impl(sentences, None)
}

/// Which sentences `keep(sentence, index)` keeps, called once per sentence in order.
/// A panic in `keep` stops the filtering and is resumed here, after the C call returns.
///
/// ```
/// let sentences: tokqual::StringList = ["a b", "#skip", "c"].into_iter().collect();
/// let kept = tokqual::filter_sentences_by(&sentences, |s, _| !s.starts_with('#'))?;
/// assert_eq!(kept, vec![0, 2]);
/// # Ok::<(), tokqual::Error>(())
/// ```
pub fn filter_sentences_by(
    sentences: &StringList,
    mut keep: impl FnMut(&str, usize) -> bool,
) -> Result<Vec<usize>> {
    filter_sentences_impl(sentences, Some(&mut keep))
}

/// A sentence filter: keep `(sentence, index)`?
type Keep<'a> = &'a mut dyn FnMut(&str, usize) -> bool;

struct PredicateState<'a> {
    keep: Keep<'a>,
    panic: Option<Box<dyn Any + Send + 'static>>,
}

unsafe extern "C" fn call_predicate(
    sentence: *const c_char,
    sentence_size: i64,
    index: i64,
    user_data: *mut c_void,
) -> c_int {
    // SAFETY: user_data is the PredicateState passed by filter_sentences_impl, alive and
    // not otherwise borrowed during the C call.
    let state = unsafe { &mut *user_data.cast::<PredicateState>() };
    if state.panic.is_some() {
        return 0;
    }
    // SAFETY: the library passes sentence_size valid bytes.
    let bytes =
        unsafe { std::slice::from_raw_parts(sentence.cast::<u8>(), sentence_size as usize) };
    let text = String::from_utf8_lossy(bytes); // the library passes validated UTF-8
                                               // No unwinding across the C frames: catch the panic and resume it after the call.
    match panic::catch_unwind(AssertUnwindSafe(|| (state.keep)(&text, index as usize))) {
        Ok(keep) => c_int::from(keep),
        Err(payload) => {
            state.panic = Some(payload);
            0
        }
    }
}

fn filter_sentences_impl(sentences: &StringList, keep: Option<Keep<'_>>) -> Result<Vec<usize>> {
    let (offsets, n_sentences) = sentences.sub_offsets(0..sentences.len())?;
    let mut kept = vec![0i64; sentences.len()];
    let mut n = 0i64;
    let mut state = keep.map(|keep| PredicateState { keep, panic: None });
    let (predicate, user_data): (sys::tq_sentence_predicate, *mut c_void) = match &mut state {
        Some(state) => (Some(call_predicate), (state as *mut PredicateState).cast()),
        None => (None, ptr::null_mut()),
    };
    // SAFETY: the list's buffer and offsets agree; kept has capacity n_sentences; the
    // state outlives the call.
    let status = unsafe {
        sys::tq_filter_sentences(
            sentences.text_ptr(),
            sentences.text_size()?,
            offsets.as_ptr(),
            n_sentences,
            predicate,
            user_data,
            ptr::null_mut(),
            kept.as_mut_ptr(),
            &mut n,
        )
    };
    if let Some(payload) = state.and_then(|state| state.panic) {
        panic::resume_unwind(payload);
    }
    check(status)?;
    kept.truncate(n.max(0) as usize);
    indices(&kept)
}

/// The token with special characters replaced, as cleanlab's process_token: one
/// left-to-right pass applying the first matching `(find, replacement)` pair at each
/// position. An empty list means cleanlab's default, `[("#", "")]`.
///
/// ```
/// assert_eq!(tokqual::process_token("Cleanlab", &[("C", "a"), ("a", "C")])?, "aleCnlCb");
/// # Ok::<(), tokqual::Error>(())
/// ```
pub fn process_token(token: &str, replacements: &[(&str, &str)]) -> Result<String> {
    let pairs: StringList = replacements
        .iter()
        .flat_map(|(find, replace)| [*find, *replace])
        .collect();
    let n_pairs = count(replacements.len())?;
    text_output(|out, capacity, out_size| unsafe {
        // SAFETY: the strings and the list agree with their sizes.
        sys::tq_process_token(
            token.as_ptr().cast(),
            token.len() as i64,
            pairs.text_ptr(),
            pairs.text.len() as i64,
            pairs.offsets.as_ptr(),
            n_pairs,
            out,
            capacity,
            out_size,
        )
    })
}

/// `maps[label]` for every label, as cleanlab's mapping(entities, maps).
pub fn map_labels(labels: &[i32], maps: &[i32]) -> Result<Vec<i32>> {
    let mut out = vec![0i32; labels.len()];
    // SAFETY: counts match the slices; out holds n_labels values.
    check(unsafe {
        sys::tq_map_labels(
            labels.as_ptr(),
            count(labels.len())?,
            maps.as_ptr(),
            count(maps.len())?,
            out.as_mut_ptr(),
        )
    })?;
    Ok(out)
}

/// Model classes merged into dataset classes, as cleanlab's merge_probs: column `k` of
/// `pred_probs` (with `n_classes` columns) is added to column `maps[k]`; `-1` drops it
/// (and rows are then renormalized). Returns the merged probabilities and their number
/// of columns, `max(maps) + 1`.
pub fn merge_probs<P: Float>(
    pred_probs: &[P],
    n_classes: usize,
    maps: &[i32],
) -> Result<(Vec<P>, usize)> {
    let n_tokens = pred_probs.len().checked_div(n_classes).unwrap_or(0);
    let (n_tokens_c, n_classes_c) = probs_counts(n_tokens, pred_probs, n_classes)?;
    require_len(maps, n_classes, "maps")?;
    let n_merged = maps
        .iter()
        .copied()
        .max()
        .map_or(0, |m| (i64::from(m).max(-1) + 1) as usize);
    let mut out = filled(product(n_tokens, n_merged)?, P::default())?;
    // SAFETY: counts match the slices; out holds n_tokens * n_merged values and is fresh.
    check(unsafe {
        P::MERGE_PROBS(
            pred_probs.as_ptr(),
            n_tokens_c,
            n_classes_c,
            maps.as_ptr(),
            count(n_merged)?,
            out.as_mut_ptr(),
        )
    })?;
    Ok((out, n_merged))
}

/// `sentence` with every whole-word occurrence of `word` replaced by `new_word`
/// (inserted literally), as cleanlab's color_sentence does with its colored word.
pub fn replace_word(sentence: &str, word: &str, new_word: &str) -> Result<String> {
    text_output(|out, capacity, out_size| unsafe {
        // SAFETY: pointers and sizes of three &str.
        sys::tq_replace_word(
            sentence.as_ptr().cast(),
            sentence.len() as i64,
            word.as_ptr().cast(),
            word.len() as i64,
            new_word.as_ptr().cast(),
            new_word.len() as i64,
            out,
            capacity,
            out_size,
        )
    })
}

/// `sentence` with every occurrence of `word` highlighted, as cleanlab's color_sentence:
/// between `highlight.0` and `highlight.1`, or in terminal red (`None`).
///
/// ```
/// let marked = tokqual::color_sentence("This is a sentence.", "sentence", Some(("**", "**")))?;
/// assert_eq!(marked, "This is a **sentence**.");
/// # Ok::<(), tokqual::Error>(())
/// ```
pub fn color_sentence(
    sentence: &str,
    word: &str,
    highlight: Option<(&str, &str)>,
) -> Result<String> {
    let markers = match highlight {
        Some((before, after)) => Some((
            c_string(before, "highlight before")?,
            c_string(after, "highlight after")?,
        )),
        None => None,
    };
    let (before, after) = markers
        .as_ref()
        .map_or((ptr::null(), ptr::null()), |(b, a)| {
            (b.as_ptr(), a.as_ptr())
        });
    text_output(|out, capacity, out_size| unsafe {
        // SAFETY: pointers and sizes of two &str, and NUL-terminated markers (or NULL).
        sys::tq_color_sentence(
            sentence.as_ptr().cast(),
            sentence.len() as i64,
            word.as_ptr().cast(),
            word.len() as i64,
            before,
            after,
            out,
            capacity,
            out_size,
        )
    })
}

/// One line per word, `"<word>\t<score>\n"`, the score as Python's repr(float) writes
/// it: what cleanlab's get_label_quality_scores(..., tokens=...) shows for a sentence.
pub fn format_token_scores<S: AsRef<str>>(words: &[S], scores: &[f64]) -> Result<String> {
    let words: StringList = words.iter().map(|w| w.as_ref()).collect();
    require_len(scores, words.len(), "scores")?;
    let n_words = count(words.len())?;
    text_output(|out, capacity, out_size| unsafe {
        // SAFETY: the list agrees with its sizes; scores holds n_words values.
        sys::tq_format_token_scores(
            words.text_ptr(),
            words.text.len() as i64,
            words.offsets.as_ptr(),
            n_words,
            scores.as_ptr(),
            out,
            capacity,
            out_size,
        )
    })
}

/// Word-level probability rows from subword rows (`n_classes` columns): row `w` is the
/// average of subword rows `word_rows[w]`, or their weighted average when `weights`
/// holds one weight per (word, row) pair, word by word.
pub fn subword_to_word_probs<P: Float>(
    subword_probs: &[P],
    n_classes: usize,
    word_rows: &[Range<usize>],
    weights: Option<&[f64]>,
) -> Result<Vec<P>> {
    let n_subwords = subword_probs.len().checked_div(n_classes).unwrap_or(0);
    let (n_subwords_c, n_classes_c) = probs_counts(n_subwords, subword_probs, n_classes)?;
    let begin = word_rows
        .iter()
        .map(|r| count(r.start))
        .collect::<Result<Vec<_>>>()?;
    let end = word_rows
        .iter()
        .map(|r| count(r.end))
        .collect::<Result<Vec<_>>>()?;
    let mut out = filled(product(word_rows.len(), n_classes)?, P::default())?;
    let n_weights = count(weights.map_or(0, <[f64]>::len))?;
    // SAFETY: counts match the slices; the library checks n_weights against the ranges
    // before reading weights; out holds n_words * n_classes values.
    check(unsafe {
        P::SUBWORD_TO_WORD_PROBS(
            subword_probs.as_ptr(),
            n_subwords_c,
            n_classes_c,
            begin.as_ptr(),
            end.as_ptr(),
            count(word_rows.len())?,
            opt_ptr(weights),
            n_weights,
            out.as_mut_ptr(),
        )
    })?;
    Ok(out)
}
