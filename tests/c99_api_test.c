/* The public header compiled as strict C99 (-pedantic-errors), calling every entry
 * point through the shared library. Prints "N passed, N failed" and exits non-zero on
 * any failure. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <tokqual/tokqual.h>

static int passed = 0, failed = 0;

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (cond) {                                                           \
            ++passed;                                                         \
        } else {                                                              \
            ++failed;                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                     \
    } while (0)

int main(void) {
    const int64_t offsets[3] = {0, 3, 5};
    const int32_t labels[5] = {0, 0, 1, 0, 1};
    const double probs[10] = {0.9, 0.1, 0.7, 0.3, 0.05, 0.95, 0.8, 0.2, 0.8, 0.2};
    float probs32[10];
    double sentence[2], token[5];
    int64_t issues[2], sentences[5], tokens[5], count = -1;
    tq_score_options options;
    int i;

    for (i = 0; i < 10; ++i) probs32[i] = (float)probs[i];
    CHECK(strcmp(tq_version(), "0.1.0") == 0);
    CHECK(tq_version_number() == TQ_VERSION_NUMBER);
    CHECK(strcmp(tq_last_error_message(), "") == 0);

    CHECK(tq_score_options_init(&options) == TQ_OK);
    CHECK(options.struct_size == sizeof options);
    CHECK(tq_label_quality_scores_f64(offsets, 2, labels, probs, 5, 2, NULL, sentence, token) ==
          TQ_OK);
    CHECK(fabs(sentence[0] - 0.7) < 1e-15 && fabs(sentence[1] - 0.2) < 1e-15);
    CHECK(fabs(token[2] - 0.95) < 1e-15);

    options.token_method = TQ_NORMALIZED_MARGIN;
    options.sentence_method = TQ_SOFTMIN;
    options.temperature = 0.0;
    CHECK(tq_label_quality_scores_f32(offsets, 2, labels, probs32, 5, 2, &options, sentence,
                                      NULL) == TQ_OK);
    CHECK(fabs(sentence[1] - (0.2f - 0.8f + 1.0) / 2.0) < 1e-7);

    CHECK(tq_issues_from_sentence_scores(sentence, 2, 0.5, issues, &count) == TQ_OK);
    CHECK(count == 1 && issues[0] == 1);
    CHECK(tq_issues_from_token_scores(offsets, 2, token, 5, 0.75, sentences, tokens, &count) ==
          TQ_OK);
    CHECK(count == 2 && sentences[0] == 1 && tokens[0] == 1 && sentences[1] == 0 &&
          tokens[1] == 1);

    /* An error: the status, its name, a message, and untouched outputs. */
    sentence[0] = -1.0;
    options.temperature = -1.0;
    CHECK(tq_label_quality_scores_f64(offsets, 2, labels, probs, 5, 2, &options, sentence,
                                      NULL) == TQ_ERR_INVALID_OPTION);
    CHECK(strstr(tq_last_error_message(), "temperature") != NULL);
    CHECK(strcmp(tq_status_string(TQ_ERR_INVALID_OPTION), "invalid option") == 0);
    CHECK(sentence[0] == -1.0);

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
