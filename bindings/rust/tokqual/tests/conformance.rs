//! The safe API against cleanlab 2.9.0's outputs: the conformance data the C++ tests use
//! (tests/conformance/*.json, made by the committed generator scripts), so Rust is
//! checked against the same numbers. Tolerance 1e-12; issue lists exactly.

mod common;

use std::path::PathBuf;

use common::json::Json;
use tokqual::*;

const TOLERANCE: f64 = 1e-12;

fn load(name: &str) -> Json {
    let dir = std::env::var_os("TOKQUAL_CONFORMANCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/conformance")
        });
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let data = Json::parse(&text);
    assert_eq!(data.get("cleanlab_version").str(), "2.9.0");
    data
}

/// A case's dataset; pred_probs in the case's dtype.
struct Case {
    name: String,
    offsets: Vec<i64>,
    labels: Vec<i32>,
    probs: Vec<f64>,
    probs32: Vec<f32>,
    single: bool,
    n_classes: usize,
}

impl Case {
    fn new(c: &Json) -> Case {
        let probs = c.get("pred_probs").f64s();
        Case {
            name: c.get("name").str().to_string(),
            offsets: c.get("offsets").i64s(),
            labels: c.get("labels").i32s(),
            probs32: probs.iter().map(|&p| p as f32).collect(),
            probs,
            single: c.get("dtype").str() == "float32",
            n_classes: c.get("n_classes").i64() as usize,
        }
    }
}

/// Calls `f` with the case's pred_probs in its dtype.
macro_rules! with_probs {
    ($case:expr, |$p:ident| $body:expr) => {
        if $case.single {
            let $p = &$case.probs32[..];
            $body
        } else {
            let $p = &$case.probs[..];
            $body
        }
    };
}

fn assert_close(expected: &[f64], actual: &[f64], what: &str) {
    assert_eq!(expected.len(), actual.len(), "{what}: lengths");
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        assert!(
            (e - a).abs() <= TOLERANCE,
            "{what}[{i}]: cleanlab {e}, tokqual {a}"
        );
    }
}

fn pairs(flat: &[i64]) -> Vec<TokenIssue> {
    flat.chunks(2)
        .map(|p| TokenIssue {
            sentence: p[0] as usize,
            token: p[1] as usize,
        })
        .collect()
}

fn token_method(name: &str) -> TokenMethod {
    match name {
        "self_confidence" => TokenMethod::SelfConfidence,
        "normalized_margin" => TokenMethod::NormalizedMargin,
        "confidence_weighted_entropy" => TokenMethod::ConfidenceWeightedEntropy,
        other => panic!("unknown method {other}"),
    }
}

/// The sentence method and temperature of a scores.json result (temperature null means the
/// default), on two threads; the token method is the default.
fn sentence_options(r: &Json) -> ScoreOptions {
    ScoreOptions {
        sentence_method: if r.get("sentence_method").str() == "softmin" {
            SentenceMethod::Softmin
        } else {
            SentenceMethod::Min
        },
        temperature: if r.get("temperature").is_null() {
            0.05
        } else {
            r.get("temperature").f64()
        },
        n_threads: 2,
        ..Default::default()
    }
}

fn filter_method(name: &str) -> FilterMethod {
    match name {
        "prune_by_noise_rate" => FilterMethod::PruneByNoiseRate,
        "prune_by_class" => FilterMethod::PruneByClass,
        "both" => FilterMethod::Both,
        "confident_learning" => FilterMethod::ConfidentLearning,
        "predicted_neq_given" => FilterMethod::PredictedNeqGiven,
        "low_normalized_margin" => FilterMethod::LowNormalizedMargin,
        "low_self_confidence" => FilterMethod::LowSelfConfidence,
        other => panic!("unknown filter {other}"),
    }
}

#[test]
fn scores_and_issues_match_cleanlab() {
    let data = load("scores.json");
    let mut checked = 0;
    for c in data.get("cases").array() {
        let case = Case::new(c);
        for r in c.get("scores").array() {
            let options = ScoreOptions {
                token_method: token_method(r.get("token_method").str()),
                ..sentence_options(r)
            };
            let what = format!("{} {options:?}", case.name);
            let scores = with_probs!(case, |p| label_quality_scores(
                &case.offsets,
                &case.labels,
                p,
                case.n_classes,
                &options
            ))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_close(
                &r.get("sentence_scores").f64s(),
                &scores.sentence_scores,
                &what,
            );
            assert_close(&r.get("token_scores").f64s(), &scores.token_scores, &what);
            checked += 1;
        }
        for r in c.opt("issues").map_or(&[][..], Json::array) {
            // Thresholds apply to cleanlab's own min scores of the same token method.
            let reference = c
                .get("scores")
                .array()
                .iter()
                .find(|s| {
                    s.get("token_method") == r.get("token_method")
                        && s.get("sentence_method").str() == "min"
                })
                .expect("min scores for the issues' method");
            let threshold = r.get("threshold").f64();
            let sentences =
                issues_from_sentence_scores(&reference.get("sentence_scores").f64s(), threshold)
                    .unwrap();
            let expected: Vec<usize> = r
                .get("sentence_issues")
                .i64s()
                .iter()
                .map(|&s| s as usize)
                .collect();
            assert_eq!(sentences, expected, "{} threshold {threshold}", case.name);
            let tokens = issues_from_token_scores(
                &case.offsets,
                &reference.get("token_scores").f64s(),
                threshold,
            )
            .unwrap();
            let expected: Vec<TokenIssue> = r
                .get("token_issues")
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
            assert_eq!(tokens, expected, "{} threshold {threshold}", case.name);
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} checks");
}

#[test]
fn sentence_scores_from_token_scores_match_cleanlab() {
    // Token scores given directly, rolled up by cleanlab's own aggregation (np.min and
    // rank._softmin_sentence_score).
    let data = load("scores.json");
    let mut checked = 0;
    for c in data.get("aggregation").array() {
        let name = c.get("name").str();
        let offsets = c.get("offsets").i64s();
        let token_scores = c.get("token_scores").f64s();
        for r in c.get("results").array() {
            let options = sentence_options(r);
            let what = format!("{name} {options:?}");
            let scores = sentence_scores_from_token_scores(&offsets, &token_scores, &options)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_close(&r.get("sentence_scores").f64s(), &scores, &what);
            checked += 1;
        }
    }
    assert!(checked >= 55, "only {checked} checks");
}

#[test]
fn confident_learning_matches_cleanlab() {
    let data = load("find_issues.json");
    let (mut found, mut refused) = (0, 0);
    for c in data.get("cases").array() {
        let case = Case::new(c);
        let defaults = FindOptions {
            n_threads: 1,
            ..Default::default()
        };
        for e in c.get("find").array() {
            let options = FindOptions {
                filter_by: filter_method(e.get("f").str()),
                rank_by: token_method(e.get("r").str()),
                adjust_pred_probs: e.get("a").bool(),
                frac_noise: e.get("fn").f64(),
                min_examples_per_class: e.get("m").i64(),
                num_to_remove_per_class: (!e.get("n").is_null()).then(|| e.get("n").i64s()),
                n_threads: 1,
            };
            let what = format!("{}: {options:?}", case.name);
            let result = with_probs!(case, |p| find_label_issues(
                &case.offsets,
                &case.labels,
                p,
                case.n_classes,
                &options
            ));
            if e.opt("e").is_some() {
                assert!(
                    result.is_err(),
                    "{what}: cleanlab refuses this, tokqual returned {result:?}"
                );
                refused += 1;
            } else {
                let issues = result.unwrap_or_else(|err| panic!("{what}: {err}"));
                assert_eq!(issues, pairs(&e.get("i").i64s()), "{what}");
                found += 1;
            }
        }
        let thresholds = with_probs!(case, |p| confident_thresholds(
            &case.labels,
            p,
            case.n_classes,
            &defaults
        ))
        .unwrap();
        assert_close(&c.get("thresholds").f64s(), &thresholds, &case.name);
        for (key, calibrate) in [("joint_raw", false), ("joint_calibrated", true)] {
            let joint = with_probs!(case, |p| confident_joint(
                &case.labels,
                p,
                case.n_classes,
                calibrate,
                &defaults
            ))
            .unwrap();
            let expected: Vec<i64> = c
                .get(key)
                .array()
                .iter()
                .flat_map(|row| match row {
                    Json::Array(_) => row.i64s(),
                    value => vec![value.i64()],
                })
                .collect();
            assert_eq!(joint, expected, "{} {key}", case.name);
        }
        for (key, method) in [
            ("num_issues_off_diagonal", NumIssuesMethod::OffDiagonal),
            (
                "num_issues_off_diagonal_calibrated",
                NumIssuesMethod::OffDiagonalCalibrated,
            ),
        ] {
            let n = with_probs!(case, |p| num_label_issues(
                &case.labels,
                p,
                case.n_classes,
                method,
                &defaults
            ));
            match c.opt(key) {
                Some(Json::Number(expected)) => {
                    assert_eq!(n.unwrap() as f64, *expected, "{} {key}", case.name)
                }
                _ => assert!(n.is_err(), "{} {key}: cleanlab refuses this", case.name),
            }
        }
        if let Some(Json::Array(expected)) = c.opt("adjusted_pred_probs") {
            let adjusted = with_probs!(case, |p| adjust_pred_probs(
                &case.labels,
                p,
                case.n_classes,
                &defaults
            ))
            .unwrap();
            let expected: Vec<f64> = expected
                .iter()
                .flat_map(|row| match row {
                    Json::Array(_) => row.f64s(),
                    value => vec![value.f64()],
                })
                .collect();
            assert_close(&expected, &adjusted, &case.name);
        }
    }
    assert!(
        found > 1000 && refused > 10,
        "only {found} + {refused} checks"
    );
}

#[test]
fn inspector_matches_cleanlab_low_memory_mode() {
    let data = load("find_issues.json");
    let mut checked = 0;
    for c in data.get("cases").array() {
        let case = Case::new(c);
        for e in c.get("batched").array() {
            let options = InspectorOptions {
                rank_by: token_method(e.get("rank_by").str()),
                adjust_pred_probs: e.get("adjust_pred_probs").bool(),
                num_issues_method: if e.get("num_issues_method").str() == "off_diagonal" {
                    NumIssuesMethod::OffDiagonal
                } else {
                    NumIssuesMethod::OffDiagonalCalibrated
                },
                n_threads: 1,
            };
            let what = format!("{}: {options:?}", case.name);
            let mut inspector = Inspector::new(case.n_classes, &options).unwrap();
            with_probs!(case, |p| inspector.update_thresholds(&case.labels, p)).unwrap();
            inspector.finish_thresholds().unwrap();
            let scored = with_probs!(case, |p| inspector.score(0, &case.offsets, &case.labels, p));
            if e.opt("error").is_some() {
                assert_eq!(
                    scored.unwrap_err().status(),
                    Status::InvalidProbability,
                    "{what}"
                );
                continue;
            }
            scored.unwrap_or_else(|err| panic!("{what}: {err}"));
            assert_eq!(
                inspector.num_label_issues().unwrap() as i64,
                e.get("num_issues").i64(),
                "{what}"
            );
            assert_close(
                &e.get("thresholds").f64s(),
                &inspector.thresholds().unwrap(),
                &what,
            );
            // cleanlab lists the issues by position; tokqual ranks them.
            let mut issues = inspector.find_label_issues().unwrap();
            issues.sort();
            assert_eq!(issues, pairs(&e.get("issues").i64s()), "{what}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} checks");
}
