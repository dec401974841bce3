//! worst-sentences: score every sentence of a CoNLL file with tokqual and print the
//! sentences most likely to hold a label error, worst first, then the tokens confident
//! learning flags, as cleanlab's display_issues would show them.
//!
//!   worst-sentences FILE.conll PRED_PROBS.npy CLASSES.txt [THRESHOLD]
//!
//! FILE.conll has one "token TAG" per line and a blank line between sentences;
//! PRED_PROBS.npy is an n_tokens x n_classes float32 array (C order); CLASSES.txt lists
//! the tag names, one per line, in pred_probs column order.

use std::error::Error;
use std::fs;
use std::process::ExitCode;

use tokqual::{
    find_label_issues, issues_from_sentence_scores, label_quality_scores, FindOptions,
    FormatIssuesOptions, IssueList, IssueReport, ScoreOptions, SentenceMethod, StringList,
};

struct Dataset {
    words: StringList,
    labels: Vec<i32>,
    offsets: Vec<i64>,
}

fn read_conll(path: &str, classes: &[String]) -> Result<Dataset, Box<dyn Error>> {
    let mut data = Dataset {
        words: StringList::default(),
        labels: Vec::new(),
        offsets: vec![0],
    };
    for line in fs::read_to_string(path)?.lines().chain([""]) {
        let mut fields = line.split_whitespace();
        match (fields.next(), fields.next()) {
            (Some(word), Some(tag)) => {
                let class = classes
                    .iter()
                    .position(|c| c == tag)
                    .ok_or(format!("unknown tag {tag}"))?;
                data.words.push(word);
                data.labels.push(class as i32);
            }
            (None, _) => {
                // A sentence ends (skip empty ones).
                let n_tokens = data.labels.len() as i64;
                if n_tokens > *data.offsets.last().unwrap() {
                    data.offsets.push(n_tokens);
                }
            }
            (Some(_), None) => return Err(format!("a CoNLL line lacks a tag: {line:?}").into()),
        }
    }
    Ok(data)
}

/// A little-endian float32 C-order .npy of shape (rows, cols).
fn read_npy_f32(path: &str) -> Result<(Vec<f32>, usize, usize), Box<dyn Error>> {
    let bytes = fs::read(path)?;
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" || bytes[6] != 1 {
        return Err("not a version 1 .npy file".into());
    }
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let header = std::str::from_utf8(bytes.get(10..10 + header_len).ok_or("bad .npy header")?)?;
    if !header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False") {
        return Err(".npy data must be C-order float32".into());
    }
    let shape = header
        .split("'shape': (")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .ok_or("no shape")?;
    let dims: Vec<usize> = shape
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse())
        .collect::<Result<_, _>>()?;
    let [rows, cols] = dims[..] else {
        return Err(".npy shape must be (rows, cols)".into());
    };
    let data = &bytes[10 + header_len..];
    if data.len() != rows * cols * 4 {
        return Err("short .npy file".into());
    }
    let values = data
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    Ok((values, rows, cols))
}

fn run(args: &[String]) -> Result<(), Box<dyn Error>> {
    let [conll, npy, classes_path, rest @ ..] = args else {
        return Err(
            "usage: worst-sentences FILE.conll PRED_PROBS.npy CLASSES.txt [THRESHOLD]".into(),
        );
    };
    let threshold: f64 = rest.first().map_or(Ok(0.5), |t| t.parse())?;
    let classes: Vec<String> = fs::read_to_string(classes_path)?
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let data = read_conll(conll, &classes)?;
    let (pred_probs, rows, cols) = read_npy_f32(npy)?;
    if rows != data.labels.len() || cols != classes.len() {
        return Err("pred_probs shape does not match the data".into());
    }

    // Softmin sentence scores (temperature 0.05), as cleanlab's defaults.
    let options = ScoreOptions {
        sentence_method: SentenceMethod::Softmin,
        ..Default::default()
    };
    let scores = label_quality_scores(&data.offsets, &data.labels, &pred_probs, cols, &options)?;
    let worst = issues_from_sentence_scores(&scores.sentence_scores, threshold)?;
    println!(
        "tokqual {}: {} sentences, {} tokens, {} classes",
        tokqual::version(),
        data.offsets.len() - 1,
        data.labels.len(),
        cols
    );
    println!(
        "{} sentences score below {threshold} (softmin, self-confidence), worst first:\n",
        worst.len()
    );
    for (rank, &s) in worst.iter().enumerate() {
        let tokens = data.offsets[s] as usize..data.offsets[s + 1] as usize;
        let lowest = tokens
            .clone()
            .min_by(|&a, &b| scores.token_scores[a].total_cmp(&scores.token_scores[b]))
            .unwrap();
        println!(
            "#{}  sentence {s}  score {:.4}",
            rank + 1,
            scores.sentence_scores[s]
        );
        let words: Vec<String> = tokens
            .map(|t| {
                let word = format!(
                    "{}/{}",
                    data.words.get(t).unwrap_or("?"),
                    classes[data.labels[t] as usize]
                );
                if t == lowest {
                    format!("[{word}]")
                } else {
                    word
                }
            })
            .collect();
        println!("    {}", words.join(" "));
        println!(
            "    lowest token: '{}' labelled {} (score {:.4})\n",
            data.words.get(lowest).unwrap_or("?"),
            classes[data.labels[lowest] as usize],
            scores.token_scores[lowest]
        );
    }

    // Confident learning, shown as cleanlab's display_issues shows it.
    let issues = find_label_issues(
        &data.offsets,
        &data.labels,
        &pred_probs,
        cols,
        &FindOptions::default(),
    )?;
    let class_names: StringList = classes.iter().collect();
    let report = IssueReport::new(&data.offsets, &data.words, IssueList::Tokens(&issues))
        .labels(&data.labels)
        .pred_probs(&pred_probs)
        .class_names(&class_names)
        .format_issues(&FormatIssuesOptions {
            top: 5,
            highlight: Some(("[".into(), "]".into())),
        })?;
    println!(
        "confident learning flags {} tokens; the first ones:\n\n{report}",
        issues.len()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("worst-sentences: {error}");
            ExitCode::FAILURE
        }
    }
}
