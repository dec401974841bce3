//! The smallest complete use of the safe API: score two sentences, rank them, and ask
//! confident learning which tokens look mislabeled.
//!
//!   cargo run --example quickstart      (with the C library findable, see the crate docs)

use tokqual::{find_label_issues, issues_from_sentence_scores, label_quality_scores};
use tokqual::{FindOptions, ScoreOptions, SentenceMethod};

fn main() -> Result<(), tokqual::Error> {
    // Two sentences (tokens 0..3 and 3..5), two classes; token 4 is labelled 1 but the
    // model says 0.
    let offsets = [0, 3, 5];
    let labels = [0, 0, 1, 0, 1];
    let pred_probs: [f32; 10] = [0.9, 0.1, 0.7, 0.3, 0.05, 0.95, 0.8, 0.2, 0.8, 0.2];

    let options = ScoreOptions {
        sentence_method: SentenceMethod::Softmin,
        ..Default::default()
    };
    let scores = label_quality_scores(&offsets, &labels, &pred_probs, 2, &options)?;
    for sentence in issues_from_sentence_scores(&scores.sentence_scores, 0.5)? {
        println!(
            "sentence {sentence} scores {:.3}",
            scores.sentence_scores[sentence]
        );
    }
    for issue in find_label_issues(&offsets, &labels, &pred_probs, 2, &FindOptions::default())? {
        println!(
            "token {} of sentence {} may be mislabeled",
            issue.token, issue.sentence
        );
    }

    // Errors carry the library's status and message.
    let error =
        label_quality_scores(&offsets, &[0, 0, 7, 0, 1], &pred_probs, 2, &options).unwrap_err();
    println!("as expected: {error}");
    Ok(())
}
