/* The text helpers from strict C99 (-pedantic-errors) through the shared library: the
 * documented size query, a C predicate callback with user data, and the docstring
 * example of display_issues. Prints "N passed, N failed"; exits non-zero on failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tokqual/tokqual.h>

static int passed = 0, failed = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) {                                                                  \
            ++passed;                                                                \
        } else {                                                                     \
            ++failed;                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

/* Keeps sentences shorter than *(int64_t *)user_data bytes and counts the calls. */
static int64_t calls = 0;
static int shorter_than(const char *sentence, int64_t size, int64_t index, void *user_data) {
    (void)index;
    ++calls;
    return sentence[size] == '\0' && size < *(const int64_t *)user_data;
}

int main(void) {
    /* Tokens "A ?weird sentence | A valid sentence | An sentence with a typo". */
    const char *text = "A?weirdsentenceAvalidsentenceAnsentencewithatypo";
    const int64_t token_offsets[12] = {0, 1, 7, 15, 16, 21, 29, 31, 39, 43, 44, 48};
    const int64_t offsets[4] = {0, 3, 6, 11};
    const int64_t issue_sentences[2] = {2, 0}, issue_tokens[2] = {0, 1};
    const char *expected =
        "Sentence index: 2, Token index: 0\nToken: An\n----\n\x1b[31mAn\x1b[0m sentence with a typo\n"
        "\n\nSentence index: 0, Token index: 1\nToken: ?weird\n----\nA \x1b[31m?weird\x1b[0m sentence\n";
    const char *sentences = "Hello World#I love CleanlabA";
    const int64_t sentence_offsets[4] = {0, 11, 27, 28};
    int64_t size = -1, count = -1, limit = 12, kept[3];
    uint8_t mask[3];
    char *buffer;
    char small[4] = "~~~";

    /* Size query, then the call. */
    CHECK(tq_format_issues_f64(offsets, 3, text, (int64_t)strlen(text), token_offsets, 11,
                               issue_sentences, issue_tokens, 2, NULL, NULL, 0, NULL, 0, NULL,
                               NULL, 0, NULL, NULL, 0, &size) == TQ_ERR_BUFFER_TOO_SMALL);
    CHECK(size == (int64_t)strlen(expected));
    buffer = (char *)malloc((size_t)size + 1);
    CHECK(buffer != NULL);
    if (buffer != NULL) {
        CHECK(tq_format_issues_f64(offsets, 3, text, (int64_t)strlen(text), token_offsets, 11,
                                   issue_sentences, issue_tokens, 2, NULL, NULL, 0, NULL, 0,
                                   NULL, NULL, 0, NULL, buffer, size + 1, &size) == TQ_OK);
        CHECK(strcmp(buffer, expected) == 0);
        free(buffer);
    }

    /* A too small buffer is left alone. */
    CHECK(tq_color_sentence("a b", 3, "b", 1, "<", ">", small, 4, &size) ==
          TQ_ERR_BUFFER_TOO_SMALL);
    CHECK(size == 5 && strcmp(small, "~~~") == 0);

    /* A predicate with user data. */
    CHECK(tq_filter_sentences(sentences, (int64_t)strlen(sentences), sentence_offsets, 3,
                              shorter_than, &limit, mask, kept, &count) == TQ_OK);
    CHECK(calls == 3 && count == 2 && mask[0] == 1 && mask[1] == 0 && mask[2] == 1);
    CHECK(kept[0] == 0 && kept[1] == 2);

    /* An error names the argument. */
    CHECK(tq_get_sentence("\xff", 1, token_offsets, 1, small, 4, &size) == TQ_ERR_INVALID_VALUE);
    CHECK(strstr(tq_last_error_message(), "not valid UTF-8") != NULL);

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
