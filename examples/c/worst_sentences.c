/*
 * worst_sentences: score every sentence of a CoNLL file with tokqual and print the
 * sentences most likely to hold a label error, worst first.
 *
 *   worst_sentences FILE.conll PRED_PROBS.npy CLASSES.txt [THRESHOLD]
 *
 * FILE.conll has one "token TAG" per line and a blank line between sentences.
 * PRED_PROBS.npy is an n_tokens x n_classes float32 array (C order).
 * CLASSES.txt lists the tag names, one per line, in pred_probs column order.
 * Plain C99; link with -ltokqual.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tokqual/tokqual.h>

#define MAX_CLASSES 256
#define MAX_LINE 1024

typedef struct {
    char **words;      /* n_tokens token strings */
    int32_t *labels;   /* n_tokens */
    int64_t *offsets;  /* n_sentences + 1 */
    int64_t n_tokens, n_sentences;
} dataset;

static void die(const char *what) {
    fprintf(stderr, "worst_sentences: %s\n", what);
    exit(1);
}

static void *grow(void *p, size_t count, size_t size) {
    void *q = realloc(p, count * size);
    if (q == NULL) die("out of memory");
    return q;
}

static int read_classes(const char *path, char names[][64]) {
    FILE *f = fopen(path, "r");
    char line[MAX_LINE];
    int n = 0;
    if (f == NULL) die("cannot open the classes file");
    while (fgets(line, sizeof line, f) != NULL && n < MAX_CLASSES) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0') continue;
        if (strlen(line) > 63) die("a class name is longer than 63 bytes");
        memcpy(names[n], line, strlen(line) + 1);
        ++n;
    }
    fclose(f);
    return n;
}

static void read_conll(const char *path, char names[][64], int n_classes, dataset *d) {
    FILE *f = fopen(path, "r");
    char line[MAX_LINE];
    size_t cap_tokens = 64, cap_sentences = 16;
    memset(d, 0, sizeof *d);
    if (f == NULL) die("cannot open the CoNLL file");
    d->words = grow(NULL, cap_tokens, sizeof *d->words);
    d->labels = grow(NULL, cap_tokens, sizeof *d->labels);
    d->offsets = grow(NULL, cap_sentences, sizeof *d->offsets);
    d->offsets[0] = 0;
    for (;;) {
        int at_end = fgets(line, sizeof line, f) == NULL;
        char *word, *tag;
        int k;
        if (!at_end) line[strcspn(line, "\r\n")] = '\0';
        if (at_end || line[0] == '\0') { /* a sentence ends */
            if (d->n_tokens > d->offsets[d->n_sentences]) {
                if ((size_t)d->n_sentences + 2 > cap_sentences) {
                    cap_sentences *= 2;
                    d->offsets = grow(d->offsets, cap_sentences, sizeof *d->offsets);
                }
                d->offsets[++d->n_sentences] = d->n_tokens;
            }
            if (at_end) break;
            continue;
        }
        word = strtok(line, " \t");
        tag = strtok(NULL, " \t");
        if (word == NULL || tag == NULL) die("a CoNLL line lacks a tag");
        for (k = 0; k < n_classes && strcmp(names[k], tag) != 0; ++k) {}
        if (k == n_classes) die("a CoNLL tag is not in the classes file");
        if ((size_t)d->n_tokens == cap_tokens) {
            cap_tokens *= 2;
            d->words = grow(d->words, cap_tokens, sizeof *d->words);
            d->labels = grow(d->labels, cap_tokens, sizeof *d->labels);
        }
        d->words[d->n_tokens] = grow(NULL, strlen(word) + 1, 1);
        strcpy(d->words[d->n_tokens], word);
        d->labels[d->n_tokens++] = k;
    }
    fclose(f);
}

/* Reads a little-endian float32 C-order .npy of shape (rows, cols). */
static float *read_npy_f32(const char *path, int64_t *rows, int64_t *cols) {
    FILE *f = fopen(path, "rb");
    unsigned char magic[10];
    char header[4096];
    unsigned header_len;
    long long r, c;
    const char *shape;
    float *data;
    if (f == NULL) die("cannot open the .npy file");
    if (fread(magic, 1, 10, f) != 10 || memcmp(magic, "\x93NUMPY", 6) != 0 || magic[6] != 1)
        die("not a version 1 .npy file");
    header_len = magic[8] | (magic[9] << 8);
    if (header_len >= sizeof header || fread(header, 1, header_len, f) != header_len)
        die("bad .npy header");
    header[header_len] = '\0';
    if (strstr(header, "'descr': '<f4'") == NULL) die(".npy data must be float32 ('<f4')");
    if (strstr(header, "'fortran_order': False") == NULL) die(".npy data must be C order");
    shape = strstr(header, "'shape': (");
    if (shape == NULL || sscanf(shape, "'shape': (%lld, %lld)", &r, &c) != 2)
        die(".npy shape must be (rows, cols)");
    data = grow(NULL, (size_t)(r * c), sizeof *data);
    if (fread(data, sizeof *data, (size_t)(r * c), f) != (size_t)(r * c)) die("short .npy file");
    fclose(f);
    *rows = r;
    *cols = c;
    return data;
}

int main(int argc, char **argv) {
    static char names[MAX_CLASSES][64];
    dataset d;
    int64_t rows, cols, n_issues, k, t;
    double threshold = argc > 4 ? atof(argv[4]) : 0.5;
    double *sentence_scores, *token_scores;
    int64_t *issues;
    float *pred_probs;
    int n_classes;
    tq_score_options options;
    tq_status status;

    if (argc < 4) {
        fprintf(stderr, "usage: %s FILE.conll PRED_PROBS.npy CLASSES.txt [THRESHOLD]\n", argv[0]);
        return 2;
    }
    n_classes = read_classes(argv[3], names);
    read_conll(argv[1], names, n_classes, &d);
    pred_probs = read_npy_f32(argv[2], &rows, &cols);
    if (rows != d.n_tokens || cols != n_classes) die("pred_probs shape does not match the data");

    sentence_scores = grow(NULL, (size_t)d.n_sentences, sizeof(double));
    token_scores = grow(NULL, (size_t)d.n_tokens, sizeof(double));
    issues = grow(NULL, (size_t)d.n_sentences, sizeof(int64_t));

    tq_score_options_init(&options);
    options.sentence_method = TQ_SOFTMIN; /* temperature 0.05, as cleanlab */
    status = tq_label_quality_scores_f32(d.offsets, d.n_sentences, d.labels, pred_probs,
                                         d.n_tokens, n_classes, &options, sentence_scores,
                                         token_scores);
    if (status == TQ_OK)
        status = tq_issues_from_sentence_scores(sentence_scores, d.n_sentences, threshold,
                                                issues, &n_issues);
    if (status != TQ_OK) {
        fprintf(stderr, "tokqual error %d (%s): %s\n", (int)status, tq_status_string(status),
                tq_last_error_message());
        return 1;
    }

    printf("tokqual %s: %lld sentences, %lld tokens, %d classes\n", tq_version(),
           (long long)d.n_sentences, (long long)d.n_tokens, n_classes);
    printf("%lld sentences score below %.3g (softmin, self-confidence), worst first:\n\n",
           (long long)n_issues, threshold);
    for (k = 0; k < n_issues; ++k) {
        int64_t s = issues[k], worst = d.offsets[s];
        for (t = d.offsets[s]; t < d.offsets[s + 1]; ++t)
            if (token_scores[t] < token_scores[worst]) worst = t;
        printf("#%lld  sentence %lld  score %.4f\n    ", (long long)(k + 1), (long long)s,
               sentence_scores[s]);
        for (t = d.offsets[s]; t < d.offsets[s + 1]; ++t)
            printf(t == worst ? "[%s/%s] " : "%s/%s ", d.words[t], names[d.labels[t]]);
        printf("\n    lowest token: '%s' labelled %s (score %.4f)\n\n", d.words[worst],
               names[d.labels[worst]], token_scores[worst]);
    }

    for (t = 0; t < d.n_tokens; ++t) free(d.words[t]);
    free(d.words);
    free(d.labels);
    free(d.offsets);
    free(pred_probs);
    free(sentence_scores);
    free(token_scores);
    free(issues);
    return 0;
}
