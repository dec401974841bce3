// --format jsonl: one JSON object per line (json_line.hpp), numbers to full double
// precision (the shortest digits that read back as the same double).
#include "formats.hpp"
#include "json_line.hpp"
#include "text_util.hpp"

namespace tqcli {

namespace {

JsonLine &label(JsonLine &j, const char *key, const Dataset &d, int32_t k) {
    return k < 0 ? j.null(key) : j.str(key, d.classes.names[static_cast<size_t>(k)]);
}

}  // namespace

void write_jsonl(const Report &r, const Output &out) {
    const Dataset &d = *r.data;
    const Corpus &c = d.corpus;
    std::string line;
    SentenceTexts texts(c);
    for (size_t k = 0; k < r.rank.size(); ++k) {
        const RankRow &row = r.rank[k];
        line.clear();
        JsonLine j(line);
        j.integer("rank", static_cast<int64_t>(k + 1))
            .integer("sentence", row.sentence)
            .num("score", row.score)
            .str("text", sentence_text(c, row.sentence))
            .integer("token", row.token)
            .str("word", c.token(c.offsets[row.sentence] + row.token))
            .num("token_score", row.token_score);
        label(j, "given", d, row.given);
        label(j, "predicted", d, row.predicted).end();
        out.write(line);
    }
    for (size_t k = 0; k < r.issues.size(); ++k) {
        const IssueRow &row = r.issues[k];
        line.clear();
        JsonLine j(line);
        j.integer("rank", static_cast<int64_t>(k + 1))
            .integer("sentence", row.sentence)
            .integer("token", row.token)
            .str("word", c.token(c.offsets[row.sentence] + row.token));
        label(j, "given", d, row.given);
        label(j, "predicted", d, row.predicted)
            .num("score", row.score)
            .str("text", texts.get(row.sentence))
            .end();
        out.write(line);
    }
    for (const SummaryRow &row : r.summary) {
        line.clear();
        JsonLine j(line);
        j.str("word", c.token(row.word_token));
        label(j, "given", d, row.given);
        label(j, "predicted", d, row.predicted).integer("count", row.count).end();
        out.write(line);
    }
}

}  // namespace tqcli
