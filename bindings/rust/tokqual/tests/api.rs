//! The safe API against the C library: results on small hand-checked data, f32 and f64
//! agreeing, every error carrying the library's status and message, slice lengths
//! refused before any C call, and the option defaults equal to the C library's.

use std::ffi::CStr;

use tokqual::*;

// Two sentences, two classes; token 4 is labelled 1 but predicted 0.
const OFFSETS: [i64; 3] = [0, 3, 5];
const LABELS: [i32; 5] = [0, 0, 1, 0, 1];
const PROBS: [f64; 10] = [0.9, 0.1, 0.7, 0.3, 0.05, 0.95, 0.8, 0.2, 0.8, 0.2];

fn probs32() -> Vec<f32> {
    PROBS.iter().map(|&p| p as f32).collect()
}

#[test]
fn self_confidence_scores_are_the_label_probabilities() {
    let scores =
        label_quality_scores(&OFFSETS, &LABELS, &PROBS, 2, &ScoreOptions::default()).unwrap();
    let expected_tokens: Vec<f64> = LABELS
        .iter()
        .enumerate()
        .map(|(t, &y)| PROBS[t * 2 + y as usize])
        .collect();
    assert_eq!(scores.token_scores, expected_tokens);
    assert_eq!(scores.sentence_scores, vec![0.7, 0.2]); // the minimum of each sentence
}

#[test]
fn f32_input_is_computed_in_double() {
    let options = ScoreOptions {
        token_method: TokenMethod::NormalizedMargin,
        sentence_method: SentenceMethod::Softmin,
        temperature: 0.0,
        n_threads: 2,
    };
    let scores = label_quality_scores(&OFFSETS, &LABELS, &probs32(), 2, &options).unwrap();
    let expected = (f64::from(0.2f32) - f64::from(0.8f32) + 1.0) / 2.0;
    assert_eq!(scores.sentence_scores[1], expected);
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let one = ScoreOptions {
        n_threads: 1,
        sentence_method: SentenceMethod::Softmin,
        ..Default::default()
    };
    let many = ScoreOptions {
        n_threads: 7,
        ..one.clone()
    };
    assert_eq!(
        label_quality_scores(&OFFSETS, &LABELS, &PROBS, 2, &one).unwrap(),
        label_quality_scores(&OFFSETS, &LABELS, &PROBS, 2, &many).unwrap()
    );
}

#[test]
fn library_errors_carry_status_and_message() {
    let bad_labels = [0, 0, 2, 0, 1];
    let error = label_quality_scores(&OFFSETS, &bad_labels, &PROBS, 2, &ScoreOptions::default())
        .unwrap_err();
    assert_eq!(error.status(), Status::InvalidLabel);
    assert!(
        error.message().contains("labels[2] = 2"),
        "{}",
        error.message()
    );
    assert!(error.to_string().starts_with("invalid label: "), "{error}");

    let options = ScoreOptions {
        temperature: -1.0,
        sentence_method: SentenceMethod::Softmin,
        ..Default::default()
    };
    let error = label_quality_scores(&OFFSETS, &LABELS, &PROBS, 2, &options).unwrap_err();
    assert_eq!(error.status(), Status::InvalidOption);
    assert!(
        error.message().contains("temperature"),
        "{}",
        error.message()
    );

    let error =
        label_quality_scores(&[0, 3, 4], &LABELS, &PROBS, 2, &ScoreOptions::default()).unwrap_err();
    assert_eq!(error.status(), Status::InvalidOffsets);
}

#[test]
fn wrong_slice_lengths_are_refused_before_calling_c() {
    let error = label_quality_scores(&OFFSETS, &LABELS, &PROBS[..9], 2, &ScoreOptions::default())
        .unwrap_err();
    assert_eq!(error.status(), Status::InvalidSize);
    assert!(
        error.message().contains("pred_probs holds 9 values"),
        "{}",
        error.message()
    );
    let error =
        label_quality_scores::<f64>(&[], &[], &[], 2, &ScoreOptions::default()).unwrap_err();
    assert_eq!(error.status(), Status::InvalidSize);
    let error =
        find_label_issues(&OFFSETS, &LABELS, &PROBS, 3, &FindOptions::default()).unwrap_err();
    assert_eq!(error.status(), Status::InvalidSize);
    let options = FindOptions {
        num_to_remove_per_class: Some(vec![1]),
        ..Default::default()
    };
    let error = find_label_issues(&OFFSETS, &LABELS, &PROBS, 2, &options).unwrap_err();
    assert_eq!(error.status(), Status::InvalidSize);
    assert!(
        error.message().contains("num_to_remove_per_class"),
        "{}",
        error.message()
    );
}

#[test]
fn an_empty_dataset_is_valid() {
    let scores = label_quality_scores::<f32>(&[0], &[], &[], 3, &ScoreOptions::default()).unwrap();
    assert_eq!(scores, Scores::default());
    assert!(issues_from_sentence_scores(&[], 0.5).unwrap().is_empty());
}

#[test]
fn statuses_convert_with_a_check() {
    assert_eq!(Status::from_code(0), None);
    for code in 1..=12 {
        let status = Status::from_code(code).unwrap();
        assert_eq!(status.code(), code);
        assert!(
            !matches!(status, Status::Unknown(_)),
            "code {code} is known"
        );
        assert_ne!(status.name(), "unknown status");
    }
    assert_eq!(Status::from_code(999), Some(Status::Unknown(999)));
    assert_eq!(Status::Unknown(999).name(), "unknown status");
    assert_eq!(Status::InvalidOption.name(), "invalid option");
    assert_eq!(
        TokenMethod::try_from(7).unwrap_err().status(),
        Status::InvalidOption
    );
    assert_eq!(
        FilterMethod::try_from(-1).unwrap_err().status(),
        Status::InvalidOption
    );
}

#[test]
fn rust_defaults_are_the_c_defaults() {
    use tokqual::sys;
    let mut raw = std::mem::MaybeUninit::<sys::tq_score_options>::zeroed();
    assert_eq!(
        unsafe { sys::tq_score_options_init(raw.as_mut_ptr()) },
        sys::TQ_OK
    );
    let raw = unsafe { raw.assume_init() };
    let defaults = ScoreOptions::default();
    assert_eq!(
        TokenMethod::try_from(raw.token_method).unwrap(),
        defaults.token_method
    );
    assert_eq!(
        SentenceMethod::try_from(raw.sentence_method).unwrap(),
        defaults.sentence_method
    );
    assert_eq!(raw.temperature, defaults.temperature);
    assert_eq!(raw.n_threads as u32, defaults.n_threads);

    let mut raw = std::mem::MaybeUninit::<sys::tq_find_options>::zeroed();
    assert_eq!(
        unsafe { sys::tq_find_options_init(raw.as_mut_ptr()) },
        sys::TQ_OK
    );
    let raw = unsafe { raw.assume_init() };
    let defaults = FindOptions::default();
    assert_eq!(
        FilterMethod::try_from(raw.filter_by).unwrap(),
        defaults.filter_by
    );
    assert_eq!(
        TokenMethod::try_from(raw.rank_by).unwrap(),
        defaults.rank_by
    );
    assert_eq!(raw.frac_noise, defaults.frac_noise);
    assert!(raw.num_to_remove_per_class.is_null() && defaults.num_to_remove_per_class.is_none());
    assert_eq!(raw.min_examples_per_class, defaults.min_examples_per_class);
    assert_eq!(raw.n_threads as u32, defaults.n_threads);
    assert_eq!(raw.adjust_pred_probs != 0, defaults.adjust_pred_probs);

    let mut raw = std::mem::MaybeUninit::<sys::tq_inspector_options>::zeroed();
    assert_eq!(
        unsafe { sys::tq_inspector_options_init(raw.as_mut_ptr()) },
        sys::TQ_OK
    );
    let raw = unsafe { raw.assume_init() };
    let defaults = InspectorOptions::default();
    assert_eq!(
        TokenMethod::try_from(raw.rank_by).unwrap(),
        defaults.rank_by
    );
    assert_eq!(raw.adjust_pred_probs != 0, defaults.adjust_pred_probs);
    assert_eq!(
        NumIssuesMethod::try_from(raw.num_issues_method).unwrap(),
        defaults.num_issues_method
    );
    assert_eq!(raw.n_threads as u32, defaults.n_threads);

    let mut raw = std::mem::MaybeUninit::<sys::tq_format_issues_options>::zeroed();
    assert_eq!(
        unsafe { sys::tq_format_issues_options_init(raw.as_mut_ptr()) },
        sys::TQ_OK
    );
    let raw = unsafe { raw.assume_init() };
    assert_eq!(raw.top as usize, FormatIssuesOptions::default().top);
    assert!(raw.highlight_before.is_null() && raw.highlight_after.is_null());

    let mut raw = std::mem::MaybeUninit::<sys::tq_common_issues_options>::zeroed();
    assert_eq!(
        unsafe { sys::tq_common_issues_options_init(raw.as_mut_ptr()) },
        sys::TQ_OK
    );
    let raw = unsafe { raw.assume_init() };
    assert_eq!(raw.top as usize, CommonIssuesOptions::default().top);
    assert_eq!(raw.verbose != 0, CommonIssuesOptions::default().verbose);
}

#[test]
fn issues_from_scores_rank_lowest_first() {
    assert_eq!(
        issues_from_sentence_scores(&[0.3, 0.1, 0.9, 0.1], 0.5).unwrap(),
        vec![1, 3, 0]
    );
    let error = issues_from_sentence_scores(&[0.3, f64::NAN], 0.5).unwrap_err();
    assert_eq!(error.status(), Status::InvalidValue);
    let token_scores = [0.9, 0.7, 0.95, 0.8, 0.2];
    let issues = issues_from_token_scores(&OFFSETS, &token_scores, 0.75).unwrap();
    assert_eq!(
        issues,
        vec![
            TokenIssue {
                sentence: 1,
                token: 1
            },
            TokenIssue {
                sentence: 0,
                token: 1
            }
        ]
    );
}

/// 40 tokens in 8 sentences, three classes, with planted errors at tokens 7 and 23.
fn planted() -> (Vec<i64>, Vec<i32>, Vec<f64>) {
    let offsets: Vec<i64> = (0..=8).map(|i| i * 5).collect();
    let mut labels = Vec::new();
    let mut probs = Vec::new();
    for t in 0..40 {
        let class = t % 3;
        let mut row = [0.05; 3];
        row[class as usize] = 0.9;
        probs.extend_from_slice(&row);
        labels.push(if t == 7 || t == 23 {
            (class + 1) % 3
        } else {
            class
        });
    }
    (offsets, labels, probs)
}

#[test]
fn planted_errors_are_found_in_f32_and_f64_alike() {
    let (offsets, labels, probs) = planted();
    let probs32: Vec<f32> = probs.iter().map(|&p| p as f32).collect();
    let expected = vec![
        TokenIssue {
            sentence: 1,
            token: 2,
        },
        TokenIssue {
            sentence: 4,
            token: 3,
        },
    ];
    for filter_by in [
        FilterMethod::PruneByNoiseRate,
        FilterMethod::ConfidentLearning,
        FilterMethod::PredictedNeqGiven,
    ] {
        let options = FindOptions {
            filter_by,
            ..Default::default()
        };
        let mut found = find_label_issues(&offsets, &labels, &probs, 3, &options).unwrap();
        found.sort();
        assert_eq!(found, expected, "{filter_by:?}");
        let mut found32 = find_label_issues(&offsets, &labels, &probs32, 3, &options).unwrap();
        found32.sort();
        assert_eq!(found32, expected, "{filter_by:?}, f32");
    }
    assert_eq!(
        num_label_issues(
            &labels,
            &probs,
            3,
            NumIssuesMethod::OffDiagonal,
            &FindOptions::default()
        )
        .unwrap(),
        2
    );
}

#[test]
fn confident_statistics() {
    let (_, labels, probs) = planted();
    let thresholds = confident_thresholds(&labels, &probs, 3, &FindOptions::default()).unwrap();
    for (class, &threshold) in thresholds.iter().enumerate() {
        let rows: Vec<f64> = (0..40)
            .filter(|&t| labels[t] == class as i32)
            .map(|t| probs[t * 3 + class])
            .collect();
        let mean = rows.iter().sum::<f64>() / rows.len() as f64;
        assert!(
            (threshold - mean).abs() < 1e-12,
            "class {class}: {threshold} vs {mean}"
        );
    }
    let joint = confident_joint(&labels, &probs, 3, false, &FindOptions::default()).unwrap();
    assert_eq!(joint.len(), 9);
    assert_eq!(joint.iter().sum::<i64>(), 40);
    let calibrated = confident_joint(&labels, &probs, 3, true, &FindOptions::default()).unwrap();
    assert_eq!(calibrated.iter().sum::<i64>(), 40);
    let adjusted = adjust_pred_probs(&labels, &probs, 3, &FindOptions::default()).unwrap();
    for row in adjusted.chunks(3) {
        assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}

#[test]
fn inspector_in_batches_shards_and_bytes() {
    let (offsets, labels, probs) = planted();
    let options = InspectorOptions::default();
    // One pass over everything.
    let mut whole = Inspector::new(3, &options).unwrap();
    whole.update_thresholds(&labels, &probs).unwrap();
    whole.finish_thresholds().unwrap();
    whole.score(0, &offsets, &labels, &probs).unwrap();
    let expected = whole.find_label_issues().unwrap();
    let mut sorted = expected.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        vec![
            TokenIssue {
                sentence: 1,
                token: 2
            },
            TokenIssue {
                sentence: 4,
                token: 3
            }
        ]
    );
    assert_eq!(whole.counts().unwrap(), (40, 40));

    // Two shards of four sentences each, merged after each pass, one moved through bytes.
    let split = 20;
    let (first, second) = (
        (&offsets[..5], &labels[..split], &probs[..split * 3]),
        (&offsets[4..], &labels[split..], &probs[split * 3..]),
    );
    let second_offsets: Vec<i64> = second.0.iter().map(|o| o - 20).collect();
    let mut a = Inspector::new(3, &options).unwrap();
    let mut b = Inspector::new(3, &options).unwrap();
    a.update_thresholds(first.1, first.2).unwrap();
    b.update_thresholds(second.1, second.2).unwrap();
    a.merge(&b).unwrap();
    a.finish_thresholds().unwrap();
    assert_eq!(a.thresholds().unwrap(), whole.thresholds().unwrap());
    let mut b = Inspector::load(&a.save().unwrap(), 3).unwrap();
    let mut c = a.try_clone().unwrap();
    a.score(0, first.0, first.1, first.2).unwrap();
    b.score(4, &second_offsets, second.1, second.2).unwrap();
    c.score(4, &second_offsets, second.1, second.2).unwrap();
    a.merge(&b).unwrap();
    assert_eq!(a.find_label_issues().unwrap(), expected);
    // Scoring the same sentences twice is refused, and the inspector is unchanged.
    let error = a.merge(&c).unwrap_err();
    assert_eq!(error.status(), Status::InvalidValue);
    assert_eq!(a.find_label_issues().unwrap(), expected);
    // Out of order: scoring before the thresholds are final.
    let mut fresh = Inspector::new(3, &options).unwrap();
    let error = fresh.score(0, &offsets, &labels, &probs).unwrap_err();
    assert_eq!(error.status(), Status::InvalidState);
    let error = Inspector::load(b"not an inspector", 3).unwrap_err();
    assert_eq!(error.status(), Status::InvalidValue);
}

#[test]
fn text_helpers() {
    assert_eq!(
        get_sentence(&["This", "is", "a", "sentence", "."]).unwrap(),
        "This is a sentence."
    );
    assert_eq!(get_sentence::<&str>(&[]).unwrap(), "");
    assert_eq!(
        process_token("Cleanlab", &[("C", "a"), ("a", "C")]).unwrap(),
        "aleCnlCb"
    );
    assert_eq!(process_token("#hash#", &[]).unwrap(), "hash");
    assert_eq!(
        map_labels(&[0, 0, 4, 4, 3], &[0, 1, 1, 2, 2]).unwrap(),
        vec![0, 0, 2, 2, 2]
    );
    assert_eq!(
        map_labels(&[5], &[0, 1]).unwrap_err().status(),
        Status::InvalidLabel
    );
    let (merged, width) = merge_probs(&[0.2, 0.3, 0.5f64], 3, &[0, 1, 1]).unwrap();
    assert_eq!((merged, width), (vec![0.2, 0.8], 2));
    assert_eq!(
        replace_word("a cat, a category", "cat", "dog").unwrap(),
        "a dog, a category"
    );
    assert_eq!(
        color_sentence("This is a sentence.", "sentence", None).unwrap(),
        format!("This is a {}sentence{}.", "\x1b[31m", "\x1b[0m")
    );
    assert_eq!(color_sentence("x", "x", Some(("<", ">"))).unwrap(), "<x>");
    assert_eq!(
        color_sentence("x", "x", Some(("a\0b", ">")))
            .unwrap_err()
            .status(),
        Status::InvalidValue
    );
    assert_eq!(
        format_token_scores(&["A", "b"], &[0.1, 1e-5]).unwrap(),
        "A\t0.1\nb\t1e-05\n"
    );
    assert_eq!(
        format_token_scores(&["A"], &[0.1, 0.2])
            .unwrap_err()
            .status(),
        Status::InvalidSize
    );
    let words =
        subword_to_word_probs(&[0.2, 0.8, 0.4, 0.6, 1.0, 0.0f64], 2, &[0..2, 2..3], None).unwrap();
    assert!((words[0] - 0.3).abs() < 1e-15 && (words[1] - 0.7).abs() < 1e-15);
    assert_eq!(&words[2..], &[1.0, 0.0]);
    let past_the_end = std::ops::Range { start: 0, end: 2 }; // one subword row only
    let error = subword_to_word_probs(&[0.5, 0.5f32], 2, &[past_the_end], None).unwrap_err();
    assert_eq!(error.status(), Status::InvalidOffsets);
}

#[test]
fn filter_sentences_with_and_without_a_predicate() {
    let sentences: StringList = ["a b", "x", "# comment", "ok"].into_iter().collect();
    assert_eq!(filter_sentences(&sentences).unwrap(), vec![0, 3]);
    let mut seen = Vec::new();
    let kept = filter_sentences_by(&sentences, |sentence, index| {
        seen.push((sentence.to_string(), index));
        sentence.len() == 1
    })
    .unwrap();
    assert_eq!(kept, vec![1]);
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[2], ("# comment".to_string(), 2));
    // A panic in the predicate does not cross the C frames; it is resumed afterwards.
    let result = std::panic::catch_unwind(|| {
        let _ = filter_sentences_by(&sentences, |_, index| {
            if index == 1 {
                panic!("stop here")
            } else {
                true
            }
        });
    });
    let payload = result.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"stop here"));
}

#[test]
fn issue_reports() {
    let tokens: StringList = ["An", "sentence", "with", "a", "typo", "Hello", "an", "AN"]
        .into_iter()
        .collect();
    let offsets = [0, 5, 8];
    let issues = [
        TokenIssue {
            sentence: 0,
            token: 0,
        },
        TokenIssue {
            sentence: 1,
            token: 2,
        },
    ];
    let labels = [1, 0, 0, 0, 0, 0, 0, 1];
    let probs = [
        0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1f32,
    ];
    let report = IssueReport::new(&offsets, &tokens, IssueList::Tokens(&issues))
        .labels(&labels)
        .pred_probs(&probs)
        .n_classes(2);
    let text = report
        .format_issues(&FormatIssuesOptions {
            top: 1,
            highlight: Some(("[".into(), "]".into())),
        })
        .unwrap();
    assert!(
        text.contains("Sentence index: 0, Token index: 0\nToken: An\n"),
        "{text}"
    );
    assert!(
        text.contains("Given label: 1, predicted label according to provided pred_probs: 0"),
        "{text}"
    );
    assert!(text.contains("[An] sentence with a typo"), "{text}");
    assert!(!text.contains("Sentence index: 1"), "top = 1: {text}");

    let common = report.common_label_issues().unwrap();
    assert_eq!(common.len(), 2);
    assert!(common
        .iter()
        .all(|row| row.count == 1 && row.given == Some(1) && row.predicted == Some(0)));
    assert_eq!(common[0].word, "An");
    assert_eq!(common[1].word, "AN");
    let text = report
        .format_common_label_issues(&CommonIssuesOptions::default())
        .unwrap();
    assert!(
        text.contains("Token 'An' is potentially mislabeled 1 times"),
        "{text}"
    );

    let names: StringList = ["O", "B-PER"].into_iter().collect();
    let named = report
        .clone()
        .class_names(&names)
        .format_issues(&Default::default())
        .unwrap();
    assert!(named.contains("Given label: B-PER"), "{named}");
    let wrong_names: StringList = ["O"].into_iter().collect();
    let error = report
        .clone()
        .class_names(&wrong_names)
        .format_issues(&Default::default())
        .unwrap_err();
    assert_eq!(error.status(), Status::InvalidSize);

    let sentence_issues = [1usize];
    let text = IssueReport::new(&offsets, &tokens, IssueList::Sentences(&sentence_issues))
        .format_issues(&Default::default())
        .unwrap();
    assert!(text.contains("Sentence issue: Hello an AN"), "{text}");
    let error = IssueReport::new(&offsets, &tokens, IssueList::Sentences(&sentence_issues))
        .common_label_issues()
        .unwrap_err();
    assert_eq!(error.status(), Status::NullArgument);

    let kept = filter_by_token("an", &offsets, &tokens, &issues).unwrap();
    assert_eq!(kept, issues.to_vec());
    assert!(filter_by_token("typo", &offsets, &tokens, &issues)
        .unwrap()
        .is_empty());
}

#[test]
fn errors_are_per_thread() {
    let handles: Vec<_> = (0..4)
        .map(|i| {
            std::thread::spawn(move || {
                let labels = [0, 0, 2 + i, 0, 1];
                let error =
                    label_quality_scores(&OFFSETS, &labels, &PROBS, 2, &ScoreOptions::default())
                        .unwrap_err();
                assert!(
                    error.message().contains(&format!("labels[2] = {}", 2 + i)),
                    "{}",
                    error.message()
                );
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
}

#[test]
fn version_is_the_headers() {
    let header = format!(
        "{}.{}.{}",
        sys::TQ_VERSION_MAJOR,
        sys::TQ_VERSION_MINOR,
        sys::TQ_VERSION_PATCH
    );
    assert_eq!(version(), header);
    let name = unsafe { CStr::from_ptr(sys::tq_status_string(sys::TQ_ERR_INVALID_STATE)) };
    assert!(!name.to_bytes().is_empty());
}

#[test]
fn impossible_output_sizes_are_errors_not_aborts() {
    // No tokens, so pred_probs is empty whatever n_classes says: the joint would need
    // n_classes^2 values, more than memory can address.
    let error =
        confident_joint::<f64>(&[], &[], 1 << 40, true, &FindOptions::default()).unwrap_err();
    assert_eq!(error.status(), Status::InvalidSize, "{error}");
}
