//! The text helpers and issue reports of the safe API against cleanlab 2.9.0's outputs
//! in tests/conformance/text.json (the data the C++ text tests use): strings byte for
//! byte, numbers to 1e-12.

mod common;

use std::path::PathBuf;

use common::json::Json;
use tokqual::*;

fn load() -> Json {
    let dir = std::env::var_os("TOKQUAL_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/conformance")
        });
    let path = dir.join("text.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let data = Json::parse(&text);
    assert_eq!(data.get("cleanlab_version").str(), "2.9.0");
    data
}

fn strings(value: &Json) -> Vec<String> {
    value.array().iter().map(|s| s.str().to_string()).collect()
}

fn assert_close(expected: &[f64], actual: &[f64], tolerance: f64, what: &str) {
    assert_eq!(expected.len(), actual.len(), "{what}: lengths");
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        assert!(
            (e - a).abs() <= tolerance,
            "{what}[{i}]: cleanlab {e}, tokqual {a}"
        );
    }
}

#[test]
fn sentence_and_token_helpers() {
    let data = load();
    for c in data.get("get_sentence").array() {
        assert_eq!(
            get_sentence(&strings(c.get("words"))).unwrap(),
            c.get("sentence").str()
        );
    }
    let f = data.get("filter_sentence");
    let sentences: StringList = strings(f.get("sentences")).into_iter().collect();
    let expected: Vec<usize> = f
        .get("mask")
        .array()
        .iter()
        .enumerate()
        .filter(|(_, keep)| keep.bool())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(filter_sentences(&sentences).unwrap(), expected);
    for c in data.get("process_token").array() {
        let replace: Vec<(String, String)> = match c.get("replace") {
            Json::Null => Vec::new(),
            pairs => pairs
                .array()
                .iter()
                .map(|p| (p.array()[0].str().into(), p.array()[1].str().into()))
                .collect(),
        };
        let replace: Vec<(&str, &str)> = replace
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            process_token(c.get("token").str(), &replace).unwrap(),
            c.get("result").str(),
            "{c:?}"
        );
    }
    let mut colored = 0;
    for c in data.get("color").array() {
        let (sentence, word) = (c.get("sentence").str(), c.get("word").str());
        if let Some(expected) = c.opt("colored") {
            assert_eq!(
                color_sentence(sentence, word, None).unwrap(),
                expected.str(),
                "{sentence:?} / {word:?}"
            );
            colored += 1;
        } else {
            let replaced = replace_word(sentence, word, c.get("new_word").str()).unwrap();
            assert_eq!(replaced, c.get("replaced").str(), "{sentence:?} / {word:?}");
        }
    }
    assert!(colored > 100);
}

#[test]
fn class_maps_and_subwords() {
    let data = load();
    for c in data.get("mapping").array() {
        assert_eq!(
            map_labels(&c.get("labels").i32s(), &c.get("maps").i32s()).unwrap(),
            c.get("mapped").i32s()
        );
    }
    for c in data.get("merge_probs").array() {
        let (probs, maps, k) = (
            c.get("pred_probs").f64s(),
            c.get("maps").i32s(),
            c.get("n_classes").i64() as usize,
        );
        let expected = c.get("merged").f64s();
        let (merged, width) = merge_probs(&probs, k, &maps).unwrap();
        assert_eq!(width as i64, c.get("n_merged_classes").i64());
        assert_close(&expected, &merged, 1e-12, "merge_probs f64");
        if c.get("dtype").str() == "float32" {
            let probs32: Vec<f32> = probs.iter().map(|&p| p as f32).collect();
            let (merged32, _) = merge_probs(&probs32, k, &maps).unwrap();
            let merged32: Vec<f64> = merged32.iter().map(|&p| f64::from(p)).collect();
            assert_close(&expected, &merged32, 1e-7, "merge_probs f32");
        }
    }
    for c in data.get("subword").array() {
        let ranges: Vec<_> = c
            .get("word_begin")
            .i64s()
            .iter()
            .zip(c.get("word_end").i64s())
            .map(|(&b, e)| b as usize..e as usize)
            .collect();
        let weights = (!c.get("weights").is_null()).then(|| c.get("weights").f64s());
        let words = subword_to_word_probs(
            &c.get("subword_probs").f64s(),
            c.get("n_classes").i64() as usize,
            &ranges,
            weights.as_deref(),
        )
        .unwrap();
        assert_close(
            &c.get("word_probs").f64s(),
            &words,
            1e-12,
            "subword_to_word_probs",
        );
    }
}

struct Dataset {
    tokens: StringList,
    offsets: Vec<i64>,
    labels: Vec<i32>,
    probs: Vec<f64>,
    n_classes: usize,
    issues: Vec<TokenIssue>,
    class_names: Option<StringList>,
    exclude: Vec<(i32, i32)>,
}

impl Dataset {
    fn new(c: &Json) -> Dataset {
        Dataset {
            tokens: strings(c.get("tokens")).into_iter().collect(),
            offsets: c.get("offsets").i64s(),
            labels: c.get("labels").i32s(),
            probs: c.get("pred_probs").f64s(),
            n_classes: c.get("n_classes").i64() as usize,
            issues: c
                .get("issues")
                .array()
                .iter()
                .map(|p| {
                    let p = p.i64s();
                    TokenIssue {
                        sentence: p[0] as usize,
                        token: p[1] as usize,
                    }
                })
                .collect(),
            class_names: (!c.get("class_names").is_null())
                .then(|| strings(c.get("class_names")).into_iter().collect()),
            exclude: c
                .get("exclude")
                .array()
                .iter()
                .map(|p| {
                    let p = p.i32s();
                    (p[0], p[1])
                })
                .collect(),
        }
    }

    /// A report with labels, pred_probs and class names as the flags say.
    fn report<'a>(
        &'a self,
        issues: IssueList<'a>,
        labels: bool,
        probs: bool,
        names: bool,
    ) -> IssueReport<'a, f64> {
        let mut report =
            IssueReport::new(&self.offsets, &self.tokens, issues).n_classes(self.n_classes);
        if labels {
            report = report.labels(&self.labels);
        }
        if probs {
            report = report.pred_probs(&self.probs);
        }
        if names {
            report = report.class_names(self.class_names.as_ref().expect("class names"));
        }
        report
    }
}

#[test]
fn issue_reports_match_cleanlab() {
    let data = load();
    let mut checked = 0;
    for c in data.get("datasets").array() {
        let d = Dataset::new(c);
        let seed = c.get("seed").i64();
        let display = FormatIssuesOptions {
            top: c.get("top_display").i64() as usize,
            highlight: None,
        };
        for v in c.get("display").array() {
            let text = d
                .report(
                    IssueList::Tokens(&d.issues),
                    v.get("labels").bool(),
                    v.get("pred_probs").bool(),
                    v.get("class_names").bool(),
                )
                .exclude(&d.exclude)
                .format_issues(&display)
                .unwrap();
            assert_eq!(text, v.get("text").str(), "seed {seed} {v:?}");
            checked += 1;
        }
        let v = c.get("display_sentences");
        let sentences: Vec<usize> = v.get("issues").i64s().iter().map(|&s| s as usize).collect();
        let text = d
            .report(
                IssueList::Sentences(&sentences),
                v.get("labels").bool(),
                false,
                false,
            )
            .format_issues(&display)
            .unwrap();
        assert_eq!(text, v.get("text").str(), "seed {seed} sentence issues");

        for v in c.get("common").array() {
            let swaps = v.get("swaps").bool();
            let mut report = d.report(
                IssueList::Tokens(&d.issues),
                swaps,
                swaps,
                v.get("class_names").bool(),
            );
            if swaps {
                report = report.exclude(&d.exclude);
            }
            let options = CommonIssuesOptions {
                top: c.get("top_common").i64() as usize,
                verbose: v.get("verbose").bool(),
            };
            assert_eq!(
                report.format_common_label_issues(&options).unwrap(),
                v.get("text").str(),
                "seed {seed}"
            );
            let rows: Vec<(String, i32, i32, usize)> = report
                .common_label_issues()
                .unwrap()
                .into_iter()
                .map(|r| {
                    (
                        r.word,
                        r.given.unwrap_or(-1),
                        r.predicted.unwrap_or(-1),
                        r.count,
                    )
                })
                .collect();
            let expected: Vec<(String, i32, i32, usize)> = v
                .get("rows")
                .array()
                .iter()
                .map(|r| {
                    let r = r.array();
                    (
                        r[0].str().to_string(),
                        r[1].i64() as i32,
                        r[2].i64() as i32,
                        r[3].i64() as usize,
                    )
                })
                .collect();
            assert_eq!(rows, expected, "seed {seed}");
            checked += 1;
        }
        for q in c.get("filter_by_token").array() {
            let kept =
                filter_by_token(q.get("word").str(), &d.offsets, &d.tokens, &d.issues).unwrap();
            let expected: Vec<TokenIssue> = q
                .get("issues")
                .array()
                .iter()
                .map(|p| {
                    let p = p.i64s();
                    TokenIssue {
                        sentence: p[0] as usize,
                        token: p[1] as usize,
                    }
                })
                .collect();
            assert_eq!(kept, expected, "seed {seed} word {:?}", q.get("word").str());
        }
        let scores = label_quality_scores(
            &d.offsets,
            &d.labels,
            &d.probs,
            d.n_classes,
            &ScoreOptions::default(),
        )
        .unwrap();
        for (s, expected) in c.get("token_scores_text").array().iter().enumerate() {
            let range = d.offsets[s] as usize..d.offsets[s + 1] as usize;
            let words: Vec<&str> = range.clone().map(|t| d.tokens.get(t).unwrap()).collect();
            let text = format_token_scores(&words, &scores.token_scores[range]).unwrap();
            assert_eq!(text, expected.str(), "seed {seed} sentence {s}");
        }
    }
    assert!(checked > 100, "only {checked} checks");
}
