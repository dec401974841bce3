// --format csv: the jsonl fields as RFC 4180 rows under a header line.
#include <cstdio>

#include "formats.hpp"
#include "text_util.hpp"

namespace tqcli {

namespace {

// Quotes a field when it holds a comma, quote, line break or edge white space.
std::string field(std::string_view s) {
    bool quote = !s.empty() && (s.front() == ' ' || s.back() == ' ');
    for (char ch : s)
        if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') quote = true;
    if (!quote) return std::string(s);
    std::string q = "\"";
    for (char ch : s) {
        if (ch == '"') q += '"';
        q += ch;
    }
    return q + "\"";
}

std::string number(double v) {  // 17 significant digits: the exact double back
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string name(const Dataset &d, int32_t k) {
    return k < 0 ? "" : field(d.classes.names[static_cast<size_t>(k)]);
}

}  // namespace

void write_csv(const Report &r, const Output &out) {
    const Dataset &d = *r.data;
    const Corpus &c = d.corpus;
    switch (r.kind) {
    case Report::kRank:
        out.write("rank,sentence,score,text,token,word,token_score,given,predicted\n");
        for (size_t k = 0; k < r.rank.size(); ++k) {
            const RankRow &row = r.rank[k];
            out.write(std::to_string(k + 1) + "," + std::to_string(row.sentence) + "," +
                      number(row.score) + "," + field(sentence_text(c, row.sentence)) + "," +
                      std::to_string(row.token) + "," +
                      field(c.token(c.offsets[row.sentence] + row.token)) + "," +
                      number(row.token_score) + "," + name(d, row.given) + "," +
                      name(d, row.predicted) + "\n");
        }
        break;
    case Report::kIssues: {
        SentenceTexts texts(c);
        out.write("rank,sentence,token,word,given,predicted,score,text\n");
        for (size_t k = 0; k < r.issues.size(); ++k) {
            const IssueRow &row = r.issues[k];
            out.write(std::to_string(k + 1) + "," + std::to_string(row.sentence) + "," +
                      std::to_string(row.token) + "," +
                      field(c.token(c.offsets[row.sentence] + row.token)) + "," +
                      name(d, row.given) + "," + name(d, row.predicted) + "," +
                      number(row.score) + "," + field(texts.get(row.sentence)) + "\n");
        }
        break;
    }
    case Report::kSummary:
        out.write("word,given,predicted,count\n");
        for (const SummaryRow &row : r.summary)
            out.write(field(c.token(row.word_token)) + "," + name(d, row.given) + "," +
                      name(d, row.predicted) + "," + std::to_string(row.count) + "\n");
        break;
    }
}

}  // namespace tqcli
