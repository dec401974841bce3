/* A small C program built OUT OF TREE against an installed tokqual, by CMake
 * (find_package) and by pkg-config, linked to the shared and to the static library.
 * It checks that header and library agree, scores a tiny dataset and reads an error
 * back. Exits 0 when every check passes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <tokqual/tokqual.h>

static int failures = 0;

static void check(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "consumer: check failed: %s\n", what);
        ++failures;
    }
}

int main(int argc, char **argv) {
    /* Two sentences: tokens 0-2 and 3-4; token 4 is labelled 1 but predicted 0. */
    const int64_t offsets[3] = {0, 3, 5};
    const int32_t labels[5] = {0, 0, 1, 0, 1};
    const float probs[10] = {0.9f, 0.1f, 0.7f, 0.3f, 0.05f, 0.95f, 0.8f, 0.2f, 0.8f, 0.2f};
    double sentence_scores[2] = {-1.0, -1.0}, token_scores[5];
    int64_t issues[2], n_issues = -1;
    tq_score_options options;
    char expected_version[32];
    const char *variant = argc > 1 ? argv[1] : "?";

    sprintf(expected_version, "%d.%d.%d", TQ_VERSION_MAJOR, TQ_VERSION_MINOR,
            TQ_VERSION_PATCH);
    check(strcmp(tq_version(), expected_version) == 0, "tq_version() matches the header");
    check(tq_version_number() == TQ_VERSION_NUMBER, "tq_version_number() matches the header");

    check(tq_score_options_init(&options) == TQ_OK, "tq_score_options_init");
    options.n_threads = 2;
    check(tq_label_quality_scores_f32(offsets, 2, labels, probs, 5, 2, &options,
                                      sentence_scores, token_scores) == TQ_OK,
          "tq_label_quality_scores_f32");
    check(fabs(sentence_scores[0] - 0.7f) < 1e-12, "sentence 0 scores min(p[y]) = 0.7");
    check(fabs(sentence_scores[1] - 0.2f) < 1e-12, "sentence 1 scores min(p[y]) = 0.2");
    check(tq_issues_from_sentence_scores(sentence_scores, 2, 0.5, issues, &n_issues) == TQ_OK,
          "tq_issues_from_sentence_scores");
    check(n_issues == 1 && issues[0] == 1, "sentence 1 is the one issue");

    /* An error comes back as a status and a message; outputs stay untouched. */
    options.token_method = 42;
    sentence_scores[0] = -1.0;
    check(tq_label_quality_scores_f32(offsets, 2, labels, probs, 5, 2, &options,
                                      sentence_scores, NULL) == TQ_ERR_INVALID_OPTION,
          "an unknown token_method is refused");
    check(strstr(tq_last_error_message(), "token_method") != NULL,
          "the message names token_method");
    check(sentence_scores[0] == -1.0, "nothing written on error");

    if (failures != 0) return 1;
    printf("consumer (%s): tokqual %s OK\n", variant, tq_version());
    return 0;
}
