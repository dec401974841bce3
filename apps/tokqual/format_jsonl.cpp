// --format jsonl: one JSON object per line. nlohmann-json writes every double with the
// shortest digits that read back to the same value, so no precision is lost.
#include <nlohmann/json.hpp>

#include "formats.hpp"
#include "text_util.hpp"

namespace tqcli {

namespace {

using Json = nlohmann::ordered_json;  // keeps the fields in the documented order

void line(const Output &out, const Json &j) {
    out.write(j.dump(-1, ' ', false, Json::error_handler_t::strict));
    out.write("\n");
}

Json class_or_null(const Dataset &d, int32_t k) {
    return k < 0 ? Json(nullptr) : Json(d.classes.names[static_cast<size_t>(k)]);
}

}  // namespace

void write_jsonl(const Report &r, const Output &out) {
    const Dataset &d = *r.data;
    const Corpus &c = d.corpus;
    for (size_t k = 0; k < r.rank.size(); ++k) {
        const RankRow &row = r.rank[k];
        line(out, Json{{"rank", k + 1},
                       {"sentence", row.sentence},
                       {"score", row.score},
                       {"text", sentence_text(c, row.sentence)},
                       {"token", row.token},
                       {"word", c.token(c.offsets[row.sentence] + row.token)},
                       {"token_score", row.token_score},
                       {"given", class_or_null(d, row.given)},
                       {"predicted", class_or_null(d, row.predicted)}});
    }
    for (size_t k = 0; k < r.issues.size(); ++k) {
        const IssueRow &row = r.issues[k];
        line(out, Json{{"rank", k + 1},
                       {"sentence", row.sentence},
                       {"token", row.token},
                       {"word", c.token(c.offsets[row.sentence] + row.token)},
                       {"given", class_or_null(d, row.given)},
                       {"predicted", class_or_null(d, row.predicted)},
                       {"score", row.score},
                       {"text", sentence_text(c, row.sentence)}});
    }
    for (const SummaryRow &row : r.summary)
        line(out, Json{{"word", c.token(row.word_token)},
                       {"given", class_or_null(d, row.given)},
                       {"predicted", class_or_null(d, row.predicted)},
                       {"count", row.count}});
}

}  // namespace tqcli
