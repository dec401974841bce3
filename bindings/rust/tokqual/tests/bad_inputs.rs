//! The bad-input matrix (tests/conformance/bad_inputs.json, format in
//! tests/conformance/README.md): the "any" cases through the safe API, the "raw" cases
//! through tokqual-sys. Every step must end with the expected status and a message that
//! holds the expected words; raw calls must leave their output buffers untouched on
//! error. All failures are collected and reported together, each with its case name.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::c_char;
use std::ops::Range;
use std::path::PathBuf;
use std::ptr;

use common::json::Json;
use tokqual::sys;
use tokqual::*;

const SENTINEL: u8 = 0xA5;

fn load() -> Json {
    let dir = std::env::var_os("TOKQUAL_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/conformance")
        });
    let path = dir.join("bad_inputs.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let data = Json::parse(&text);
    assert_eq!(
        data.get("version").i64(),
        1,
        "bad_inputs.json format version"
    );
    data
}

fn status_code(name: &str) -> i32 {
    match name {
        "TQ_OK" => sys::TQ_OK,
        "TQ_ERR_NULL_ARGUMENT" => sys::TQ_ERR_NULL_ARGUMENT,
        "TQ_ERR_INVALID_SIZE" => sys::TQ_ERR_INVALID_SIZE,
        "TQ_ERR_INVALID_OFFSETS" => sys::TQ_ERR_INVALID_OFFSETS,
        "TQ_ERR_INVALID_LABEL" => sys::TQ_ERR_INVALID_LABEL,
        "TQ_ERR_INVALID_PROBABILITY" => sys::TQ_ERR_INVALID_PROBABILITY,
        "TQ_ERR_INVALID_OPTION" => sys::TQ_ERR_INVALID_OPTION,
        "TQ_ERR_INVALID_STRUCT_SIZE" => sys::TQ_ERR_INVALID_STRUCT_SIZE,
        "TQ_ERR_INVALID_VALUE" => sys::TQ_ERR_INVALID_VALUE,
        "TQ_ERR_BUFFER_TOO_SMALL" => sys::TQ_ERR_BUFFER_TOO_SMALL,
        "TQ_ERR_OUT_OF_MEMORY" => sys::TQ_ERR_OUT_OF_MEMORY,
        "TQ_ERR_INTERNAL" => sys::TQ_ERR_INTERNAL,
        "TQ_ERR_INVALID_STATE" => sys::TQ_ERR_INVALID_STATE,
        other => panic!("unknown status {other}"),
    }
}

/// An enum field: by name, or a raw integer (raw cases only).
fn enum_value(value: &Json) -> i32 {
    match value {
        Json::String(name) => match name.as_str() {
            "TQ_SELF_CONFIDENCE" => sys::TQ_SELF_CONFIDENCE,
            "TQ_NORMALIZED_MARGIN" => sys::TQ_NORMALIZED_MARGIN,
            "TQ_CONFIDENCE_WEIGHTED_ENTROPY" => sys::TQ_CONFIDENCE_WEIGHTED_ENTROPY,
            "TQ_MIN" => sys::TQ_MIN,
            "TQ_SOFTMIN" => sys::TQ_SOFTMIN,
            "TQ_PRUNE_BY_NOISE_RATE" => sys::TQ_PRUNE_BY_NOISE_RATE,
            "TQ_PRUNE_BY_CLASS" => sys::TQ_PRUNE_BY_CLASS,
            "TQ_BOTH" => sys::TQ_BOTH,
            "TQ_CONFIDENT_LEARNING" => sys::TQ_CONFIDENT_LEARNING,
            "TQ_PREDICTED_NEQ_GIVEN" => sys::TQ_PREDICTED_NEQ_GIVEN,
            "TQ_LOW_NORMALIZED_MARGIN" => sys::TQ_LOW_NORMALIZED_MARGIN,
            "TQ_LOW_SELF_CONFIDENCE" => sys::TQ_LOW_SELF_CONFIDENCE,
            "TQ_OFF_DIAGONAL" => sys::TQ_OFF_DIAGONAL,
            "TQ_OFF_DIAGONAL_CALIBRATED" => sys::TQ_OFF_DIAGONAL_CALIBRATED,
            other => panic!("unknown enum name {other}"),
        },
        number => i32::try_from(number.i64()).expect("enum value outside int32_t"),
    }
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("bad hex"))
        .collect()
}

/// Inspectors and saved bytes of one case, by name (each runner keeps its own kind).
struct State<I> {
    inspectors: BTreeMap<String, I>,
    saved: BTreeMap<String, (Vec<u8>, usize)>, // bytes, and the saved inspector's n_classes
}

impl<I> Default for State<I> {
    fn default() -> State<I> {
        State {
            inspectors: BTreeMap::new(),
            saved: BTreeMap::new(),
        }
    }
}

/// Bytes of a text or buffer argument: a string, {"hex"} or {"saved", "edits"}; None for
/// null.
fn bytes_of<I>(value: &Json, state: &State<I>) -> Option<Vec<u8>> {
    match value {
        Json::Null => None,
        Json::String(text) => Some(text.as_bytes().to_vec()),
        _ if value.opt("hex").is_some() => Some(hex(value.get("hex").str())),
        _ => {
            let (saved, _) = &state.saved[value.get("saved").str()];
            let mut bytes = saved.clone();
            for edit in value.opt("edits").map_or(&[][..], Json::array) {
                if let Some(n) = edit.opt("truncate") {
                    bytes.truncate(n.u64() as usize);
                } else if let Some(extra) = edit.opt("append") {
                    bytes.extend(hex(extra.str()));
                } else {
                    let at = edit.get("at").u64() as usize;
                    let new: Vec<u8> = if let Some(v) = edit.opt("i64") {
                        v.i64().to_le_bytes().to_vec()
                    } else if let Some(v) = edit.opt("i32") {
                        (v.i64() as i32).to_le_bytes().to_vec()
                    } else if let Some(v) = edit.opt("f64") {
                        v.f64().to_le_bytes().to_vec()
                    } else if let Some(v) = edit.opt("u8") {
                        vec![v.i64() as u8]
                    } else {
                        panic!("unknown edit {edit:?}")
                    };
                    bytes[at..at + new.len()].copy_from_slice(&new);
                }
            }
            Some(bytes)
        }
    }
}

/// The n_classes of a saved-bytes argument (the safe Inspector::load needs it).
fn saved_classes<I>(value: &Json, state: &State<I>) -> usize {
    value
        .opt("saved")
        .map_or(2, |name| state.saved[name.str()].1)
}

/// The arguments of one step; every key must be read (a misspelled name fails).
struct Args<'a> {
    json: &'a Json,
    used: std::cell::RefCell<BTreeSet<String>>,
}

impl<'a> Args<'a> {
    fn new(json: &'a Json) -> Args<'a> {
        Args {
            json,
            used: Default::default(),
        }
    }
    fn get(&self, name: &str) -> &'a Json {
        self.used.borrow_mut().insert(name.to_string());
        self.json.get(name)
    }
    fn has(&self, name: &str) -> bool {
        self.json.opt(name).is_some()
    }
    fn i64(&self, name: &str) -> i64 {
        self.get(name).i64()
    }
    fn usize(&self, name: &str) -> usize {
        usize::try_from(self.i64(name)).expect("negative count in an \"any\" case")
    }
    fn f64(&self, name: &str) -> f64 {
        self.get(name).f64()
    }
    fn i64s(&self, name: &str) -> Option<Vec<i64>> {
        let v = self.get(name);
        (!v.is_null()).then(|| v.i64s())
    }
    fn i32s(&self, name: &str) -> Option<Vec<i32>> {
        let v = self.get(name);
        (!v.is_null()).then(|| v.i32s())
    }
    fn f64s(&self, name: &str) -> Option<Vec<f64>> {
        let v = self.get(name);
        (!v.is_null()).then(|| v.f64s())
    }
    fn unused(&self) -> Vec<String> {
        let used = self.used.borrow();
        match self.json {
            Json::Object(map) => map.keys().filter(|k| !used.contains(*k)).cloned().collect(),
            _ => panic!("args is not an object"),
        }
    }
}

/// Probabilities as f32 or f64, from JSON numbers.
trait Prob: Float {
    fn from_f64(v: f64) -> Self;
}
impl Prob for f32 {
    fn from_f64(v: f64) -> f32 {
        v as f32
    }
}
impl Prob for f64 {
    fn from_f64(v: f64) -> f64 {
        v
    }
}

fn probs<P: Prob>(args: &Args, name: &str) -> Option<Vec<P>> {
    args.f64s(name)
        .map(|v| v.into_iter().map(P::from_f64).collect())
}

/// What a step ended with: the status code and the message.
type Outcome = (i32, String);

fn outcome<T>(result: tokqual::Result<T>) -> Outcome {
    match result {
        Ok(_) => (sys::TQ_OK, String::new()),
        Err(e) => (e.status().code(), e.message().to_string()),
    }
}

// ---------------------------------------------------------------------------------------
// "any" cases: the safe API
// ---------------------------------------------------------------------------------------

fn token_method(v: &Json) -> TokenMethod {
    TokenMethod::try_from(enum_value(v)).expect("bad enum in an \"any\" case")
}

fn score_options(v: &Json) -> ScoreOptions {
    let mut o = ScoreOptions::default();
    if let Json::Object(fields) = v {
        for (name, value) in fields {
            match name.as_str() {
                "token_method" => o.token_method = token_method(value),
                "sentence_method" => {
                    o.sentence_method = SentenceMethod::try_from(enum_value(value)).unwrap()
                }
                "temperature" => o.temperature = value.f64(),
                "n_threads" => o.n_threads = u32::try_from(value.i64()).unwrap(),
                other => panic!("field {other} in an \"any\" case"),
            }
        }
    }
    o
}

fn find_options(v: &Json) -> FindOptions {
    let mut o = FindOptions::default();
    if let Json::Object(fields) = v {
        for (name, value) in fields {
            match name.as_str() {
                "filter_by" => o.filter_by = FilterMethod::try_from(enum_value(value)).unwrap(),
                "rank_by" => o.rank_by = token_method(value),
                "frac_noise" => o.frac_noise = value.f64(),
                "num_to_remove_per_class" => {
                    o.num_to_remove_per_class = (!value.is_null()).then(|| value.i64s())
                }
                "min_examples_per_class" => o.min_examples_per_class = value.i64(),
                "n_threads" => o.n_threads = u32::try_from(value.i64()).unwrap(),
                "adjust_pred_probs" => o.adjust_pred_probs = value.i64() != 0,
                other => panic!("field {other} in an \"any\" case"),
            }
        }
    }
    o
}

fn inspector_options(v: &Json) -> InspectorOptions {
    let mut o = InspectorOptions::default();
    if let Json::Object(fields) = v {
        for (name, value) in fields {
            match name.as_str() {
                "rank_by" => o.rank_by = token_method(value),
                "adjust_pred_probs" => o.adjust_pred_probs = value.i64() != 0,
                "num_issues_method" => {
                    o.num_issues_method = NumIssuesMethod::try_from(enum_value(value)).unwrap()
                }
                "n_threads" => o.n_threads = u32::try_from(value.i64()).unwrap(),
                other => panic!("field {other} in an \"any\" case"),
            }
        }
    }
    o
}

/// A list of strings from one UTF-8 buffer and n + 1 byte offsets.
fn strings(text: &[u8], offsets: &[i64]) -> Vec<String> {
    offsets
        .windows(2)
        .map(|w| String::from_utf8(text[w[0] as usize..w[1] as usize].to_vec()).unwrap())
        .collect()
}

fn token_issues(sentences: &[i64], tokens: &[i64]) -> Vec<TokenIssue> {
    sentences
        .iter()
        .zip(tokens)
        .map(|(&s, &t)| TokenIssue {
            sentence: s as usize,
            token: t as usize,
        })
        .collect()
}

fn inspector<'s>(state: &'s mut State<Inspector>, args: &Args, name: &str) -> &'s mut Inspector {
    let key = args.get(name).str();
    state
        .inspectors
        .get_mut(key)
        .unwrap_or_else(|| panic!("no inspector {key}"))
}

/// Runs one step of an "any" case through the safe API, generic over the float type.
fn run_safe<P: Prob>(call: &str, a: &Args, state: &mut State<Inspector>) -> Outcome {
    let base = call.trim_end_matches("_f32").trim_end_matches("_f64");
    match base {
        "tq_label_quality_scores" => outcome(label_quality_scores(
            &a.i64s("offsets").unwrap(),
            &a.i32s("labels").unwrap(),
            &probs::<P>(a, "pred_probs").unwrap(),
            a.usize("n_classes"),
            &score_options(a.get("options")),
        )),
        "tq_sentence_scores_from_token_scores" => outcome(sentence_scores_from_token_scores(
            &a.i64s("offsets").unwrap(),
            &a.f64s("token_scores").unwrap(),
            &score_options(a.get("options")),
        )),
        "tq_issues_from_sentence_scores" => outcome(issues_from_sentence_scores(
            &a.f64s("sentence_scores").unwrap(),
            a.f64("threshold"),
        )),
        "tq_issues_from_token_scores" => outcome(issues_from_token_scores(
            &a.i64s("offsets").unwrap(),
            &a.f64s("token_scores").unwrap(),
            a.f64("threshold"),
        )),
        "tq_find_label_issues" => outcome(find_label_issues(
            &a.i64s("offsets").unwrap(),
            &a.i32s("labels").unwrap(),
            &probs::<P>(a, "pred_probs").unwrap(),
            a.usize("n_classes"),
            &find_options(a.get("options")),
        )),
        "tq_confident_thresholds"
        | "tq_confident_joint"
        | "tq_num_label_issues"
        | "tq_adjust_pred_probs" => {
            let labels = a.i32s("labels").unwrap();
            let p = probs::<P>(a, "pred_probs").unwrap();
            let k = a.usize("n_classes");
            let o = find_options(a.get("options"));
            match base {
                "tq_confident_thresholds" => outcome(confident_thresholds(&labels, &p, k, &o)),
                "tq_confident_joint" => {
                    outcome(confident_joint(&labels, &p, k, a.i64("calibrate") != 0, &o))
                }
                "tq_num_label_issues" => {
                    let method = NumIssuesMethod::try_from(enum_value(a.get("method"))).unwrap();
                    outcome(num_label_issues(&labels, &p, k, method, &o))
                }
                _ => outcome(adjust_pred_probs(&labels, &p, k, &o)),
            }
        }
        "tq_inspector_create" => {
            let result = Inspector::new(a.usize("n_classes"), &inspector_options(a.get("options")));
            let name = a.get("out_inspector").get("inspector").str().to_string();
            finish_new(result, name, state)
        }
        "tq_inspector_clone" => {
            let result = inspector(state, a, "inspector").try_clone();
            let name = a.get("out_inspector").get("inspector").str().to_string();
            finish_new(result, name, state)
        }
        "tq_inspector_load" => {
            let buffer = a.get("buffer");
            let bytes = bytes_of(buffer, state).expect("NULL buffer in an \"any\" case");
            let result = Inspector::load(&bytes, saved_classes(buffer, state));
            let name = a.get("out_inspector").get("inspector").str().to_string();
            finish_new(result, name, state)
        }
        "tq_inspector_update_thresholds" => {
            let (labels, p) = (
                a.i32s("labels").unwrap(),
                probs::<P>(a, "pred_probs").unwrap(),
            );
            outcome(inspector(state, a, "inspector").update_thresholds(&labels, &p))
        }
        "tq_inspector_finish_thresholds" => {
            outcome(inspector(state, a, "inspector").finish_thresholds())
        }
        "tq_inspector_thresholds" => outcome(inspector(state, a, "inspector").thresholds()),
        "tq_inspector_score" => {
            let offsets = a.i64s("offsets").unwrap();
            let (labels, p) = (
                a.i32s("labels").unwrap(),
                probs::<P>(a, "pred_probs").unwrap(),
            );
            let first = a.usize("first_sentence");
            outcome(inspector(state, a, "inspector").score(first, &offsets, &labels, &p))
        }
        "tq_inspector_merge" => {
            // Take `into` out of the map to borrow it mutably next to `from`.
            let into_name = a.get("into").str().to_string();
            let mut into = state.inspectors.remove(&into_name).expect("no inspector");
            let result = into.merge(inspector(state, a, "from"));
            state.inspectors.insert(into_name, into);
            outcome(result)
        }
        "tq_inspector_num_label_issues" => {
            outcome(inspector(state, a, "inspector").num_label_issues())
        }
        "tq_inspector_find_label_issues" => {
            outcome(inspector(state, a, "inspector").find_label_issues())
        }
        "tq_inspector_save" => {
            let to = a.get("buffer").get("bytes").str().to_string();
            let inspector = inspector(state, a, "inspector");
            let n_classes = inspector.n_classes();
            match inspector.save() {
                Ok(bytes) => {
                    state.saved.insert(to, (bytes, n_classes));
                    (sys::TQ_OK, String::new())
                }
                Err(e) => outcome::<()>(Err(e)),
            }
        }
        "tq_map_labels" => outcome(map_labels(
            &a.i32s("labels").unwrap(),
            &a.i32s("maps").unwrap(),
        )),
        "tq_merge_probs" => outcome(merge_probs(
            &probs::<P>(a, "pred_probs").unwrap(),
            a.usize("n_classes"),
            &a.i32s("maps").unwrap(),
        )),
        "tq_process_token" => {
            let token = String::from_utf8(bytes_of(a.get("token"), state).unwrap()).unwrap();
            let text = bytes_of(a.get("pairs_text"), state).unwrap();
            let list = strings(&text, &a.i64s("pair_offsets").unwrap());
            let pairs: Vec<(&str, &str)> = list
                .chunks(2)
                .map(|p| (p[0].as_str(), p[1].as_str()))
                .collect();
            outcome(process_token(&token, &pairs))
        }
        "tq_format_token_scores" => {
            let text = bytes_of(a.get("text"), state).unwrap();
            let words = strings(&text, &a.i64s("word_offsets").unwrap());
            outcome(format_token_scores(&words, &a.f64s("scores").unwrap()))
        }
        "tq_subword_to_word_probs" => {
            let begin = a.i64s("word_begin").unwrap();
            let end = a.i64s("word_end").unwrap();
            let ranges: Vec<Range<usize>> = begin
                .iter()
                .zip(&end)
                .map(|(&b, &e)| b as usize..e as usize)
                .collect();
            outcome(subword_to_word_probs(
                &probs::<P>(a, "subword_probs").unwrap(),
                a.usize("n_classes"),
                &ranges,
                a.f64s("weights").as_deref(),
            ))
        }
        "tq_format_issues"
        | "tq_common_label_issues"
        | "tq_format_common_label_issues"
        | "tq_filter_by_token" => run_summary::<P>(base, a, state),
        other => panic!("no safe adapter for {other}"),
    }
}

fn finish_new(
    result: tokqual::Result<Inspector>,
    name: String,
    state: &mut State<Inspector>,
) -> Outcome {
    match result {
        Ok(inspector) => {
            state.inspectors.insert(name, inspector);
            (sys::TQ_OK, String::new())
        }
        Err(e) => outcome::<()>(Err(e)),
    }
}

fn run_summary<P: Prob>(base: &str, a: &Args, state: &State<Inspector>) -> Outcome {
    let offsets = a.i64s("offsets").unwrap();
    let text = bytes_of(a.get("token_text"), state).unwrap();
    let tokens: StringList = strings(&text, &a.i64s("token_offsets").unwrap())
        .into_iter()
        .collect();
    let sentences = a.i64s("issue_sentences").unwrap();
    let issue_tokens = a.i64s("issue_tokens");
    let token_list = issue_tokens.as_ref().map(|t| token_issues(&sentences, t));
    let sentence_list: Vec<usize> = sentences.iter().map(|&s| s as usize).collect();
    let issues = match &token_list {
        Some(list) => IssueList::Tokens(list),
        None => IssueList::Sentences(&sentence_list),
    };
    if base == "tq_filter_by_token" {
        let word = String::from_utf8(bytes_of(a.get("word"), state).unwrap()).unwrap();
        return outcome(filter_by_token(
            &word,
            &offsets,
            &tokens,
            token_list.as_deref().unwrap(),
        ));
    }
    let labels = a.i32s("labels");
    let p = probs::<P>(a, "pred_probs");
    let exclude: Vec<(i32, i32)> = a
        .i32s("exclude")
        .unwrap_or_default()
        .chunks(2)
        .map(|c| (c[0], c[1]))
        .collect();
    let mut report = IssueReport::new(&offsets, &tokens, issues)
        .n_classes(a.usize("n_classes"))
        .exclude(&exclude);
    if let Some(labels) = &labels {
        report = report.labels(labels);
    }
    // The "any" summary cases give both labels and pred_probs.
    let p = p.expect("pred_probs in an \"any\" summary case");
    let report = report.pred_probs(&p);
    if base == "tq_common_label_issues" {
        return outcome(report.common_label_issues());
    }
    assert!(
        a.get("class_names").is_null(),
        "class names in an \"any\" case"
    );
    let options = a.get("options");
    if base == "tq_format_issues" {
        let mut o = FormatIssuesOptions::default();
        if let Some(top) = options.opt("top") {
            o.top = top.i64() as usize;
        }
        outcome(report.format_issues(&o))
    } else {
        let mut o = CommonIssuesOptions::default();
        if let Some(top) = options.opt("top") {
            o.top = top.i64() as usize;
        }
        outcome(report.format_common_label_issues(&o))
    }
}

// ---------------------------------------------------------------------------------------
// "raw" cases: tokqual-sys, with the arguments exactly as given
// ---------------------------------------------------------------------------------------

/// An output buffer: n elements plus one guard element, every byte the sentinel (stored
/// as u64 words so that any element type is aligned).
struct Out {
    name: String,
    words: Vec<u64>,
    n_bytes: usize,
    element_size: usize,
}

impl Out {
    fn bytes(&self) -> &[u8] {
        // SAFETY: the words hold at least n_bytes bytes.
        unsafe { std::slice::from_raw_parts(self.words.as_ptr().cast(), self.n_bytes) }
    }
}

/// Storage for the raw arguments of one step: everything a pointer points into.
struct Raw<'a> {
    args: Args<'a>,
    outs: Vec<Out>,
    keep_i64: Vec<Vec<i64>>,
    keep_i32: Vec<Vec<i32>>,
    keep_f64: Vec<Vec<f64>>,
    keep_f32: Vec<Vec<f32>>,
    keep_bytes: Vec<Vec<u8>>,
    new_inspector: Option<(String, *mut sys::tq_inspector)>,
}

impl<'a> Raw<'a> {
    fn new(json: &'a Json) -> Raw<'a> {
        Raw {
            args: Args::new(json),
            outs: Vec::new(),
            keep_i64: Vec::new(),
            keep_i32: Vec::new(),
            keep_f64: Vec::new(),
            keep_f32: Vec::new(),
            keep_bytes: Vec::new(),
            new_inspector: None,
        }
    }
    fn i64(&self, name: &str) -> i64 {
        self.args.i64(name)
    }
    fn f64(&self, name: &str) -> f64 {
        self.args.f64(name)
    }
    fn i64s(&mut self, name: &str) -> *const i64 {
        match self.args.i64s(name) {
            None => ptr::null(),
            Some(v) => {
                self.keep_i64.push(if v.is_empty() { vec![0] } else { v });
                self.keep_i64.last().unwrap().as_ptr()
            }
        }
    }
    fn i32s(&mut self, name: &str) -> *const i32 {
        match self.args.i32s(name) {
            None => ptr::null(),
            Some(v) => {
                self.keep_i32.push(if v.is_empty() { vec![0] } else { v });
                self.keep_i32.last().unwrap().as_ptr()
            }
        }
    }
    fn f64s(&mut self, name: &str) -> *const f64 {
        match self.args.f64s(name) {
            None => ptr::null(),
            Some(v) => {
                self.keep_f64.push(if v.is_empty() { vec![0.0] } else { v });
                self.keep_f64.last().unwrap().as_ptr()
            }
        }
    }
    fn f32s(&mut self, name: &str) -> *const f32 {
        match self.args.f64s(name) {
            None => ptr::null(),
            Some(v) => {
                let v: Vec<f32> = v.into_iter().map(|x| x as f32).collect();
                self.keep_f32.push(if v.is_empty() { vec![0.0] } else { v });
                self.keep_f32.last().unwrap().as_ptr()
            }
        }
    }
    /// Text or bytes, with a NUL after them; NULL for null.
    fn text<I>(&mut self, name: &str, state: &State<I>) -> *const c_char {
        self.text_of(self.args.get(name), state)
    }
    fn text_of<I>(&mut self, value: &Json, state: &State<I>) -> *const c_char {
        match bytes_of(value, state) {
            None => ptr::null(),
            Some(mut bytes) => {
                bytes.push(0);
                self.keep_bytes.push(bytes);
                self.keep_bytes.last().unwrap().as_ptr().cast()
            }
        }
    }
    fn out<T>(&mut self, name: &str) -> *mut T {
        let v = self.args.get(name);
        if v.is_null() {
            return ptr::null_mut();
        }
        let n = v.get("out").u64() as usize;
        let n_bytes = (n + 1) * std::mem::size_of::<T>();
        self.outs.push(Out {
            name: name.to_string(),
            words: vec![u64::from_ne_bytes([SENTINEL; 8]); n_bytes.div_ceil(8)],
            n_bytes,
            element_size: std::mem::size_of::<T>(),
        });
        self.outs.last_mut().unwrap().words.as_mut_ptr().cast()
    }
    fn inspector(
        &self,
        name: &str,
        state: &State<*mut sys::tq_inspector>,
    ) -> *mut sys::tq_inspector {
        match self.args.get(name) {
            Json::Null => ptr::null_mut(),
            v => *state.inspectors.get(v.str()).expect("no such inspector"),
        }
    }
    fn out_inspector(&mut self, name: &str) -> *mut *mut sys::tq_inspector {
        match self.args.get(name) {
            Json::Null => ptr::null_mut(),
            v => {
                let sentinel = usize::from_ne_bytes([SENTINEL; std::mem::size_of::<usize>()]);
                self.new_inspector =
                    Some((v.get("inspector").str().to_string(), sentinel as *mut _));
                &mut self.new_inspector.as_mut().unwrap().1
            }
        }
    }

    /// Options: NULL, or the _init() defaults with the given fields set.
    fn options<O: Copy>(
        &mut self,
        name: &str,
        init: unsafe extern "C" fn(*mut O) -> sys::tq_status,
        set: impl Fn(&mut O, &str, &Json, &mut Self) -> bool,
        struct_size: impl Fn(&mut O) -> &mut usize,
    ) -> Option<Box<O>> {
        let v = self.args.get(name);
        if v.is_null() {
            return None;
        }
        let mut o = std::mem::MaybeUninit::<O>::zeroed();
        // SAFETY: a valid pointer to a struct of the declared layout.
        assert_eq!(unsafe { init(o.as_mut_ptr()) }, sys::TQ_OK);
        // SAFETY: initialized above.
        let mut o = Box::new(unsafe { o.assume_init() });
        if let Json::Object(fields) = v {
            for (field, value) in fields {
                if field == "struct_size" {
                    *struct_size(&mut o) = value.u64() as usize;
                } else {
                    assert!(
                        set(&mut o, field, value, self),
                        "unknown option field {field}"
                    );
                }
            }
        }
        Some(o)
    }
}

fn opt_ptr<O>(o: &Option<Box<O>>) -> *const O {
    o.as_deref().map_or(ptr::null(), |o| o as *const O)
}

/// Runs one raw step; returns the status (the message is read by the caller).
fn run_raw(call: &str, r: &mut Raw, state: &mut State<*mut sys::tq_inspector>) -> i32 {
    let f32_call = call.ends_with("_f32");
    // The probability array of the call as f32 or f64 (exactly one is non-NULL or both NULL).
    macro_rules! pick {
        ($f32:expr, $f64:expr) => {
            if f32_call {
                $f32
            } else {
                $f64
            }
        };
    }
    let base = call.trim_end_matches("_f32").trim_end_matches("_f64");
    // SAFETY (every call below): pointers are NULL or point into storage that lives
    // until the end of the step and holds what the case says; the cases that pass counts
    // larger than the arrays rely on the library refusing them before any read, which
    // is what they test.
    unsafe {
        match base {
            "tq_label_quality_scores" => {
                let (offsets, n_sentences, labels) =
                    (r.i64s("offsets"), r.i64("n_sentences"), r.i32s("labels"));
                let (p32, p64) = pick!(
                    (r.f32s("pred_probs"), ptr::null()),
                    (ptr::null(), r.f64s("pred_probs"))
                );
                let (n_tokens, n_classes) = (r.i64("n_tokens"), r.i64("n_classes"));
                let o = score_options_raw(r);
                let (s, t) = (
                    r.out::<f64>("sentence_scores"),
                    r.out::<f64>("token_scores"),
                );
                pick!(
                    sys::tq_label_quality_scores_f32(
                        offsets,
                        n_sentences,
                        labels,
                        p32,
                        n_tokens,
                        n_classes,
                        opt_ptr(&o),
                        s,
                        t
                    ),
                    sys::tq_label_quality_scores_f64(
                        offsets,
                        n_sentences,
                        labels,
                        p64,
                        n_tokens,
                        n_classes,
                        opt_ptr(&o),
                        s,
                        t
                    )
                )
            }
            "tq_sentence_scores_from_token_scores" => {
                let (offsets, scores) = (r.i64s("offsets"), r.f64s("token_scores"));
                let o = score_options_raw(r);
                sys::tq_sentence_scores_from_token_scores(
                    offsets,
                    r.i64("n_sentences"),
                    scores,
                    r.i64("n_tokens"),
                    opt_ptr(&o),
                    r.out::<f64>("sentence_scores"),
                )
            }
            "tq_issues_from_sentence_scores" => {
                let scores = r.f64s("sentence_scores");
                sys::tq_issues_from_sentence_scores(
                    scores,
                    r.i64("n_sentences"),
                    r.f64("threshold"),
                    r.out("out_sentences"),
                    r.out("out_count"),
                )
            }
            "tq_issues_from_token_scores" => {
                let offsets = r.i64s("offsets");
                let scores = r.f64s("token_scores");
                sys::tq_issues_from_token_scores(
                    offsets,
                    r.i64("n_sentences"),
                    scores,
                    r.i64("n_tokens"),
                    r.f64("threshold"),
                    r.out("out_sentences"),
                    r.out("out_tokens"),
                    r.out("out_count"),
                )
            }
            "tq_find_label_issues" => {
                let (offsets, n_sentences, labels) =
                    (r.i64s("offsets"), r.i64("n_sentences"), r.i32s("labels"));
                let (p32, p64) = pick!(
                    (r.f32s("pred_probs"), ptr::null()),
                    (ptr::null(), r.f64s("pred_probs"))
                );
                let (n_tokens, n_classes) = (r.i64("n_tokens"), r.i64("n_classes"));
                let o = find_options_raw(r);
                let (s, t, c) = (
                    r.out("out_sentences"),
                    r.out("out_tokens"),
                    r.out("out_count"),
                );
                pick!(
                    sys::tq_find_label_issues_f32(
                        offsets,
                        n_sentences,
                        labels,
                        p32,
                        n_tokens,
                        n_classes,
                        opt_ptr(&o),
                        s,
                        t,
                        c
                    ),
                    sys::tq_find_label_issues_f64(
                        offsets,
                        n_sentences,
                        labels,
                        p64,
                        n_tokens,
                        n_classes,
                        opt_ptr(&o),
                        s,
                        t,
                        c
                    )
                )
            }
            "tq_confident_thresholds"
            | "tq_adjust_pred_probs"
            | "tq_confident_joint"
            | "tq_num_label_issues" => {
                let labels = r.i32s("labels");
                let (p32, p64) = pick!(
                    (r.f32s("pred_probs"), ptr::null()),
                    (ptr::null(), r.f64s("pred_probs"))
                );
                let (n, k) = (r.i64("n_tokens"), r.i64("n_classes"));
                let o = find_options_raw(r);
                match base {
                    "tq_confident_thresholds" => {
                        let out = r.out("out_thresholds");
                        pick!(
                            sys::tq_confident_thresholds_f32(labels, p32, n, k, opt_ptr(&o), out),
                            sys::tq_confident_thresholds_f64(labels, p64, n, k, opt_ptr(&o), out)
                        )
                    }
                    "tq_adjust_pred_probs" => {
                        let out = r.out("out_pred_probs");
                        pick!(
                            sys::tq_adjust_pred_probs_f32(labels, p32, n, k, opt_ptr(&o), out),
                            sys::tq_adjust_pred_probs_f64(labels, p64, n, k, opt_ptr(&o), out)
                        )
                    }
                    "tq_confident_joint" => {
                        let calibrate = r.i64("calibrate") as i32;
                        let out = r.out("out_joint");
                        pick!(
                            sys::tq_confident_joint_f32(
                                labels,
                                p32,
                                n,
                                k,
                                calibrate,
                                opt_ptr(&o),
                                out
                            ),
                            sys::tq_confident_joint_f64(
                                labels,
                                p64,
                                n,
                                k,
                                calibrate,
                                opt_ptr(&o),
                                out
                            )
                        )
                    }
                    _ => {
                        let method = enum_value(r.args.get("method"));
                        let out = r.out("out_count");
                        pick!(
                            sys::tq_num_label_issues_f32(
                                labels,
                                p32,
                                n,
                                k,
                                method,
                                opt_ptr(&o),
                                out
                            ),
                            sys::tq_num_label_issues_f64(
                                labels,
                                p64,
                                n,
                                k,
                                method,
                                opt_ptr(&o),
                                out
                            )
                        )
                    }
                }
            }
            "tq_inspector_create" => {
                let o = inspector_options_raw(r);
                let k = r.i64("n_classes");
                sys::tq_inspector_create(k, opt_ptr(&o), r.out_inspector("out_inspector"))
            }
            "tq_inspector_clone" => {
                let i = r.inspector("inspector", state);
                sys::tq_inspector_clone(i, r.out_inspector("out_inspector"))
            }
            "tq_inspector_update_thresholds" => {
                let i = r.inspector("inspector", state);
                let labels = r.i32s("labels");
                let (p32, p64) = pick!(
                    (r.f32s("pred_probs"), ptr::null()),
                    (ptr::null(), r.f64s("pred_probs"))
                );
                let (n, k) = (r.i64("n_tokens"), r.i64("n_classes"));
                pick!(
                    sys::tq_inspector_update_thresholds_f32(i, labels, p32, n, k),
                    sys::tq_inspector_update_thresholds_f64(i, labels, p64, n, k)
                )
            }
            "tq_inspector_finish_thresholds" => {
                sys::tq_inspector_finish_thresholds(r.inspector("inspector", state))
            }
            "tq_inspector_thresholds" => {
                let i = r.inspector("inspector", state);
                let out = r.out("out_thresholds");
                sys::tq_inspector_thresholds(i, out, r.i64("n_classes"))
            }
            "tq_inspector_score" => {
                let i = r.inspector("inspector", state);
                let first = r.i64("first_sentence");
                let (offsets, n_sentences, labels) =
                    (r.i64s("offsets"), r.i64("n_sentences"), r.i32s("labels"));
                let (p32, p64) = pick!(
                    (r.f32s("pred_probs"), ptr::null()),
                    (ptr::null(), r.f64s("pred_probs"))
                );
                let (n, k) = (r.i64("n_tokens"), r.i64("n_classes"));
                let scores = r.out("token_scores");
                pick!(
                    sys::tq_inspector_score_f32(
                        i,
                        first,
                        offsets,
                        n_sentences,
                        labels,
                        p32,
                        n,
                        k,
                        scores
                    ),
                    sys::tq_inspector_score_f64(
                        i,
                        first,
                        offsets,
                        n_sentences,
                        labels,
                        p64,
                        n,
                        k,
                        scores
                    )
                )
            }
            "tq_inspector_merge" => {
                sys::tq_inspector_merge(r.inspector("into", state), r.inspector("from", state))
            }
            "tq_inspector_counts" => {
                let i = r.inspector("inspector", state);
                sys::tq_inspector_counts(
                    i,
                    r.out("out_threshold_tokens"),
                    r.out("out_scored_tokens"),
                )
            }
            "tq_inspector_num_label_issues" => {
                let i = r.inspector("inspector", state);
                sys::tq_inspector_num_label_issues(i, r.out("out_count"))
            }
            "tq_inspector_find_label_issues" => {
                let i = r.inspector("inspector", state);
                let (s, t) = (r.out("out_sentences"), r.out("out_tokens"));
                sys::tq_inspector_find_label_issues(i, s, t, r.i64("capacity"), r.out("out_count"))
            }
            "tq_inspector_save" => {
                let i = r.inspector("inspector", state);
                if let Some(name) = r.args.get("buffer").opt("bytes") {
                    // The keep-bytes form: size, allocate, save.
                    let mut size = 0usize;
                    let status = sys::tq_inspector_save(i, ptr::null_mut(), 0, &mut size);
                    if status != sys::TQ_ERR_BUFFER_TOO_SMALL && status != sys::TQ_OK {
                        return status;
                    }
                    let mut bytes = vec![0u8; size];
                    let status =
                        sys::tq_inspector_save(i, bytes.as_mut_ptr().cast(), size, &mut size);
                    state.saved.insert(name.str().to_string(), (bytes, 0));
                    return status;
                }
                let buffer = r.out::<u8>("buffer");
                let capacity = r.args.get("capacity").u64() as usize;
                sys::tq_inspector_save(i, buffer.cast(), capacity, r.out("out_size"))
            }
            "tq_inspector_load" => {
                let buffer = r.text("buffer", state);
                let size = if r.args.has("size") {
                    r.args.get("size").u64() as usize
                } else {
                    bytes_of(r.args.get("buffer"), state).map_or(0, |b| b.len())
                };
                sys::tq_inspector_load(buffer.cast(), size, r.out_inspector("out_inspector"))
            }
            "tq_get_sentence" => {
                let text = r.text("text", state);
                let offsets = r.i64s("word_offsets");
                sys::tq_get_sentence(
                    text,
                    r.i64("text_size"),
                    offsets,
                    r.i64("n_words"),
                    r.out("out_text"),
                    r.i64("capacity"),
                    r.out("out_size"),
                )
            }
            "tq_filter_sentences" => {
                assert!(r.args.get("predicate").is_null() && r.args.get("user_data").is_null());
                let text = r.text("text", state);
                let offsets = r.i64s("sentence_offsets");
                sys::tq_filter_sentences(
                    text,
                    r.i64("text_size"),
                    offsets,
                    r.i64("n_sentences"),
                    None,
                    ptr::null_mut(),
                    r.out("out_mask"),
                    r.out("out_kept"),
                    r.out("out_count"),
                )
            }
            "tq_process_token" => {
                let token = r.text("token", state);
                let pairs = r.text("pairs_text", state);
                let offsets = r.i64s("pair_offsets");
                sys::tq_process_token(
                    token,
                    r.i64("token_size"),
                    pairs,
                    r.i64("pairs_text_size"),
                    offsets,
                    r.i64("n_pairs"),
                    r.out("out_text"),
                    r.i64("capacity"),
                    r.out("out_size"),
                )
            }
            "tq_map_labels" => {
                let (labels, maps) = (r.i32s("labels"), r.i32s("maps"));
                sys::tq_map_labels(
                    labels,
                    r.i64("n_labels"),
                    maps,
                    r.i64("n_maps"),
                    r.out("out_labels"),
                )
            }
            "tq_merge_probs" => {
                let (p32, p64) = pick!(
                    (r.f32s("pred_probs"), ptr::null()),
                    (ptr::null(), r.f64s("pred_probs"))
                );
                let (n, k) = (r.i64("n_tokens"), r.i64("n_classes"));
                let maps = r.i32s("maps");
                let merged = r.i64("n_merged_classes");
                pick!(
                    sys::tq_merge_probs_f32(p32, n, k, maps, merged, r.out("out_probs")),
                    sys::tq_merge_probs_f64(p64, n, k, maps, merged, r.out("out_probs"))
                )
            }
            "tq_replace_word" => {
                let (s, w, nw) = (
                    r.text("sentence", state),
                    r.text("word", state),
                    r.text("new_word", state),
                );
                sys::tq_replace_word(
                    s,
                    r.i64("sentence_size"),
                    w,
                    r.i64("word_size"),
                    nw,
                    r.i64("new_word_size"),
                    r.out("out_text"),
                    r.i64("capacity"),
                    r.out("out_size"),
                )
            }
            "tq_color_sentence" => {
                let (s, w) = (r.text("sentence", state), r.text("word", state));
                let (before, after) = (r.text("before", state), r.text("after", state));
                sys::tq_color_sentence(
                    s,
                    r.i64("sentence_size"),
                    w,
                    r.i64("word_size"),
                    before,
                    after,
                    r.out("out_text"),
                    r.i64("capacity"),
                    r.out("out_size"),
                )
            }
            "tq_format_token_scores" => {
                let text = r.text("text", state);
                let (offsets, scores) = (r.i64s("word_offsets"), r.f64s("scores"));
                sys::tq_format_token_scores(
                    text,
                    r.i64("text_size"),
                    offsets,
                    r.i64("n_words"),
                    scores,
                    r.out("out_text"),
                    r.i64("capacity"),
                    r.out("out_size"),
                )
            }
            "tq_subword_to_word_probs" => {
                let (p32, p64) = pick!(
                    (r.f32s("subword_probs"), ptr::null()),
                    (ptr::null(), r.f64s("subword_probs"))
                );
                let (n, k) = (r.i64("n_subwords"), r.i64("n_classes"));
                let (begin, end) = (r.i64s("word_begin"), r.i64s("word_end"));
                let n_words = r.i64("n_words");
                let weights = r.f64s("weights");
                let n_weights = r.i64("n_weights");
                pick!(
                    sys::tq_subword_to_word_probs_f32(
                        p32,
                        n,
                        k,
                        begin,
                        end,
                        n_words,
                        weights,
                        n_weights,
                        r.out("out_word_probs")
                    ),
                    sys::tq_subword_to_word_probs_f64(
                        p64,
                        n,
                        k,
                        begin,
                        end,
                        n_words,
                        weights,
                        n_weights,
                        r.out("out_word_probs")
                    )
                )
            }
            "tq_format_issues" | "tq_common_label_issues" | "tq_format_common_label_issues" => {
                let offsets = r.i64s("offsets");
                let n_sentences = r.i64("n_sentences");
                let text = r.text("token_text", state);
                let text_size = r.i64("text_size");
                let token_offsets = r.i64s("token_offsets");
                let n_tokens = r.i64("n_tokens");
                let (is, it) = (r.i64s("issue_sentences"), r.i64s("issue_tokens"));
                let n_issues = r.i64("n_issues");
                let labels = r.i32s("labels");
                let (p32, p64) = pick!(
                    (r.f32s("pred_probs"), ptr::null()),
                    (ptr::null(), r.f64s("pred_probs"))
                );
                let k = r.i64("n_classes");
                let exclude = r.i32s("exclude");
                let n_exclude = r.i64("n_exclude");
                if base == "tq_common_label_issues" {
                    let (w, g, pr, c, n) = (
                        r.out("out_word_tokens"),
                        r.out("out_given"),
                        r.out("out_predicted"),
                        r.out("out_counts"),
                        r.out("out_count"),
                    );
                    return pick!(
                        sys::tq_common_label_issues_f32(
                            offsets,
                            n_sentences,
                            text,
                            text_size,
                            token_offsets,
                            n_tokens,
                            is,
                            it,
                            n_issues,
                            labels,
                            p32,
                            k,
                            exclude,
                            n_exclude,
                            w,
                            g,
                            pr,
                            c,
                            n
                        ),
                        sys::tq_common_label_issues_f64(
                            offsets,
                            n_sentences,
                            text,
                            text_size,
                            token_offsets,
                            n_tokens,
                            is,
                            it,
                            n_issues,
                            labels,
                            p64,
                            k,
                            exclude,
                            n_exclude,
                            w,
                            g,
                            pr,
                            c,
                            n
                        )
                    );
                }
                let names = r.text("class_names", state);
                let names_size = r.i64("class_names_size");
                let name_offsets = r.i64s("class_name_offsets");
                let (out_text, capacity, out_size) =
                    (r.out("out_text"), r.i64("capacity"), r.out("out_size"));
                if base == "tq_format_issues" {
                    let o = format_issues_options_raw(r, state);
                    pick!(
                        sys::tq_format_issues_f32(
                            offsets,
                            n_sentences,
                            text,
                            text_size,
                            token_offsets,
                            n_tokens,
                            is,
                            it,
                            n_issues,
                            labels,
                            p32,
                            k,
                            names,
                            names_size,
                            name_offsets,
                            exclude,
                            n_exclude,
                            opt_ptr(&o),
                            out_text,
                            capacity,
                            out_size
                        ),
                        sys::tq_format_issues_f64(
                            offsets,
                            n_sentences,
                            text,
                            text_size,
                            token_offsets,
                            n_tokens,
                            is,
                            it,
                            n_issues,
                            labels,
                            p64,
                            k,
                            names,
                            names_size,
                            name_offsets,
                            exclude,
                            n_exclude,
                            opt_ptr(&o),
                            out_text,
                            capacity,
                            out_size
                        )
                    )
                } else {
                    let o = common_issues_options_raw(r);
                    pick!(
                        sys::tq_format_common_label_issues_f32(
                            offsets,
                            n_sentences,
                            text,
                            text_size,
                            token_offsets,
                            n_tokens,
                            is,
                            it,
                            n_issues,
                            labels,
                            p32,
                            k,
                            names,
                            names_size,
                            name_offsets,
                            exclude,
                            n_exclude,
                            opt_ptr(&o),
                            out_text,
                            capacity,
                            out_size
                        ),
                        sys::tq_format_common_label_issues_f64(
                            offsets,
                            n_sentences,
                            text,
                            text_size,
                            token_offsets,
                            n_tokens,
                            is,
                            it,
                            n_issues,
                            labels,
                            p64,
                            k,
                            names,
                            names_size,
                            name_offsets,
                            exclude,
                            n_exclude,
                            opt_ptr(&o),
                            out_text,
                            capacity,
                            out_size
                        )
                    )
                }
            }
            "tq_filter_by_token" => {
                let word = r.text("word", state);
                let word_size = r.i64("word_size");
                let offsets = r.i64s("offsets");
                let n_sentences = r.i64("n_sentences");
                let text = r.text("token_text", state);
                let text_size = r.i64("text_size");
                let token_offsets = r.i64s("token_offsets");
                let n_tokens = r.i64("n_tokens");
                let (is, it) = (r.i64s("issue_sentences"), r.i64s("issue_tokens"));
                let n_issues = r.i64("n_issues");
                sys::tq_filter_by_token(
                    word,
                    word_size,
                    offsets,
                    n_sentences,
                    text,
                    text_size,
                    token_offsets,
                    n_tokens,
                    is,
                    it,
                    n_issues,
                    r.out("out_sentences"),
                    r.out("out_tokens"),
                    r.out("out_count"),
                )
            }
            "tq_score_options_init" => sys::tq_score_options_init(r.out("options")),
            "tq_find_options_init" => sys::tq_find_options_init(r.out("options")),
            "tq_inspector_options_init" => sys::tq_inspector_options_init(r.out("options")),
            "tq_format_issues_options_init" => sys::tq_format_issues_options_init(r.out("options")),
            "tq_common_issues_options_init" => sys::tq_common_issues_options_init(r.out("options")),
            other => panic!("no raw adapter for {other}"),
        }
    }
}

fn score_options_raw(r: &mut Raw) -> Option<Box<sys::tq_score_options>> {
    r.options(
        "options",
        sys::tq_score_options_init,
        |o, f, v, _| {
            match f {
                "token_method" => o.token_method = enum_value(v),
                "sentence_method" => o.sentence_method = enum_value(v),
                "temperature" => o.temperature = v.f64(),
                "n_threads" => o.n_threads = v.i64() as i32,
                _ => return false,
            }
            true
        },
        |o| &mut o.struct_size,
    )
}

fn find_options_raw(r: &mut Raw) -> Option<Box<sys::tq_find_options>> {
    r.options(
        "options",
        sys::tq_find_options_init,
        |o, f, v, r| {
            match f {
                "filter_by" => o.filter_by = enum_value(v),
                "rank_by" => o.rank_by = enum_value(v),
                "frac_noise" => o.frac_noise = v.f64(),
                "num_to_remove_per_class" => {
                    r.keep_i64.push(v.i64s());
                    o.num_to_remove_per_class = r.keep_i64.last().unwrap().as_ptr();
                }
                "min_examples_per_class" => o.min_examples_per_class = v.i64(),
                "n_threads" => o.n_threads = v.i64() as i32,
                "adjust_pred_probs" => o.adjust_pred_probs = v.i64() as i32,
                _ => return false,
            }
            true
        },
        |o| &mut o.struct_size,
    )
}

fn inspector_options_raw(r: &mut Raw) -> Option<Box<sys::tq_inspector_options>> {
    r.options(
        "options",
        sys::tq_inspector_options_init,
        |o, f, v, _| {
            match f {
                "rank_by" => o.rank_by = enum_value(v),
                "adjust_pred_probs" => o.adjust_pred_probs = v.i64() as i32,
                "num_issues_method" => o.num_issues_method = enum_value(v),
                "n_threads" => o.n_threads = v.i64() as i32,
                _ => return false,
            }
            true
        },
        |o| &mut o.struct_size,
    )
}

fn format_issues_options_raw(
    r: &mut Raw,
    state: &State<*mut sys::tq_inspector>,
) -> Option<Box<sys::tq_format_issues_options>> {
    r.options(
        "options",
        sys::tq_format_issues_options_init,
        |o, f, v, r| {
            match f {
                "top" => o.top = v.i64(),
                "highlight_before" => o.highlight_before = r.text_of(v, state),
                "highlight_after" => o.highlight_after = r.text_of(v, state),
                _ => return false,
            }
            true
        },
        |o| &mut o.struct_size,
    )
}

fn common_issues_options_raw(r: &mut Raw) -> Option<Box<sys::tq_common_issues_options>> {
    r.options(
        "options",
        sys::tq_common_issues_options_init,
        |o, f, v, _| {
            match f {
                "top" => o.top = v.i64(),
                "verbose" => o.verbose = v.i64() as i32,
                _ => return false,
            }
            true
        },
        |o| &mut o.struct_size,
    )
}

// ---------------------------------------------------------------------------------------
// Checking steps and running the matrix
// ---------------------------------------------------------------------------------------

/// Compares a step's outcome with its expectation; appends what is wrong to `errors`.
fn check_outcome(step: &Json, (status, message): &Outcome, where_: &str, errors: &mut Vec<String>) {
    let expected = step.get("status").str();
    if *status != status_code(expected) {
        errors.push(format!(
            "{where_}: status {status}, expected {expected}; message: {message}"
        ));
        return;
    }
    if *status != sys::TQ_OK {
        if message.is_empty() {
            errors.push(format!("{where_}: empty message"));
        }
        for word in step.get("message").array() {
            if !message.contains(word.str()) {
                errors.push(format!(
                    "{where_}: message lacks {:?}: {message}",
                    word.str()
                ));
            }
        }
    }
}

/// Checks a raw step's outputs: untouched on error except `written`; guards always.
fn check_outputs(step: &Json, raw: &Raw, status: i32, where_: &str, errors: &mut Vec<String>) {
    let written = step.opt("written");
    for out in &raw.outs {
        let bytes = out.bytes();
        let n_elements = bytes.len() / out.element_size - 1;
        let first_checked = match written.and_then(|w| w.opt(&out.name)) {
            Some(values) => {
                for (i, value) in values.array().iter().enumerate() {
                    let b = &bytes[i * out.element_size..(i + 1) * out.element_size];
                    let got = match out.element_size {
                        8 => i64::from_ne_bytes(b.try_into().unwrap()),
                        4 => i64::from(i32::from_ne_bytes(b.try_into().unwrap())),
                        _ => i64::from(b[0]),
                    };
                    if got != value.i64() {
                        errors.push(format!(
                            "{where_}: {}[{i}] = {got}, expected {}",
                            out.name,
                            value.i64()
                        ));
                    }
                }
                values.array().len() * out.element_size
            }
            None if status == sys::TQ_OK => n_elements * out.element_size,
            None => 0,
        };
        if let Some(i) = (first_checked..bytes.len()).find(|&i| bytes[i] != SENTINEL) {
            errors.push(format!(
                "{where_}: {} byte {i} was written (status {status})",
                out.name
            ));
        }
    }
}

fn run_case(case: &Json, errors: &mut Vec<String>) {
    let name = case.get("name").str();
    let raw_layer = case.get("layer").str() == "raw";
    let mut safe_state = State::<Inspector>::default();
    let mut raw_state = State::<*mut sys::tq_inspector>::default();
    for (i, step) in case.get("steps").array().iter().enumerate() {
        let call = step.get("call").str();
        let where_ = format!("{name} step {i} ({call})");
        let before = errors.len();
        if raw_layer {
            let mut raw = Raw::new(step.get("args"));
            let status = run_raw(call, &mut raw, &mut raw_state);
            // SAFETY: never NULL; copied before the next tokqual call.
            let message = unsafe { std::ffi::CStr::from_ptr(sys::tq_last_error_message()) }
                .to_string_lossy()
                .into_owned();
            check_outcome(step, &(status, message), &where_, errors);
            check_outputs(step, &raw, status, &where_, errors);
            if let Some((new_name, inspector)) = raw.new_inspector.take() {
                if status == sys::TQ_OK {
                    raw_state.inspectors.insert(new_name, inspector);
                } else if !inspector.is_null() {
                    errors.push(format!("{where_}: out_inspector not set to NULL"));
                }
            }
            for unused in raw.args.unused() {
                errors.push(format!("{where_}: argument {unused} not read"));
            }
        } else {
            let args = Args::new(step.get("args"));
            let result = if call.ends_with("_f32") {
                run_safe::<f32>(call, &args, &mut safe_state)
            } else {
                run_safe::<f64>(call, &args, &mut safe_state)
            };
            // Counts and output buffers are derived by the safe API, so not every
            // argument is read here; the raw layer and the C runner check the names.
            check_outcome(step, &result, &where_, errors);
        }
        if errors.len() > before {
            break; // later steps depend on this one
        }
    }
    for (_, inspector) in raw_state.inspectors {
        // SAFETY: made by tq_inspector_create/clone/load in this case, destroyed once.
        unsafe { sys::tq_inspector_destroy(inspector) };
    }
}

#[test]
fn every_case_fails_as_expected() {
    let data = load();
    let cases = data.get("cases").array();
    assert!(cases.len() >= 100, "only {} cases", cases.len());
    let mut errors = Vec::new();
    let (mut any, mut raw) = (0, 0);
    for case in cases {
        if case.get("layer").str() == "raw" {
            raw += 1;
        } else {
            any += 1;
        }
        run_case(case, &mut errors);
    }
    assert!(any > 0 && raw > 0);
    assert!(
        errors.is_empty(),
        "{} failures:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
