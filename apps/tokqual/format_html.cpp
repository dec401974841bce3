// --format html: one self-contained page (no network: the style, the script and the
// data are inline). The rows are a JSON island rendered by a small script; clicking a
// column header sorts, the search box and the label menu filter, and the view is kept in
// the URL's #fragment (so a filtered view can be bookmarked). On a narrow screen each row
// becomes a card.
#include <nlohmann/json.hpp>

#include "formats.hpp"
#include "text_util.hpp"

namespace tqcli {

namespace {

using Json = nlohmann::ordered_json;

std::string escape_html(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

Json column(const char *key, const char *label, const char *type) {
    return Json{{"key", key}, {"label", label}, {"type", type}};
}

// The sentence's tokens and which one to highlight, for the script to lay out.
Json sentence_tokens(const Corpus &c, int64_t s) {
    Json tokens = Json::array();
    for (int64_t t = c.offsets[s]; t < c.offsets[s + 1]; ++t) tokens.push_back(c.token(t));
    return tokens;
}

Json build_data(const Report &r) {
    const Dataset &d = *r.data;
    const Corpus &c = d.corpus;
    auto name = [&](int32_t k) { return k < 0 ? Json(nullptr) : Json(d.classes.names[static_cast<size_t>(k)]); };
    Json columns = Json::array(), rows = Json::array();
    if (r.kind == Report::kRank) {
        columns = {column("rank", "#", "num"), column("sentence", "Sentence", "num"),
                   column("score", "Score", "num"), column("text", "Text", "sentence"),
                   column("word", "Token", "str"), column("given", "Given", "str"),
                   column("predicted", "Predicted", "str"), column("token_score", "Token score", "num")};
        for (size_t k = 0; k < r.rank.size(); ++k) {
            const RankRow &x = r.rank[k];
            rows.push_back(Json{{"rank", k + 1}, {"sentence", x.sentence}, {"score", x.score},
                                {"text", sentence_tokens(c, x.sentence)}, {"hl", x.token},
                                {"word", c.token(c.offsets[x.sentence] + x.token)},
                                {"given", name(x.given)}, {"predicted", name(x.predicted)},
                                {"token_score", x.token_score}});
        }
    } else if (r.kind == Report::kIssues) {
        columns = {column("rank", "#", "num"), column("sentence", "Sentence", "num"),
                   column("token", "Position", "num"), column("word", "Token", "str"),
                   column("given", "Given", "str"), column("predicted", "Predicted", "str"),
                   column("score", "Score", "num"), column("text", "Text", "sentence")};
        for (size_t k = 0; k < r.issues.size(); ++k) {
            const IssueRow &x = r.issues[k];
            rows.push_back(Json{{"rank", k + 1}, {"sentence", x.sentence}, {"token", x.token},
                                {"word", c.token(c.offsets[x.sentence] + x.token)},
                                {"given", name(x.given)}, {"predicted", name(x.predicted)},
                                {"score", x.score}, {"text", sentence_tokens(c, x.sentence)},
                                {"hl", x.token}});
        }
    } else {
        columns = {column("word", "Token", "str"), column("given", "Given", "str"),
                   column("predicted", "Predicted", "str"), column("count", "Issues", "num")};
        for (const SummaryRow &x : r.summary)
            rows.push_back(Json{{"word", c.token(x.word_token)}, {"given", name(x.given)},
                                {"predicted", name(x.predicted)}, {"count", x.count}});
    }
    return Json{{"title", r.title}, {"columns", columns}, {"rows", rows}};
}

// A JSON text that is safe inside <script>: '<' only occurs within strings, where \u003c
// means the same, so "</script>" in a token cannot end the element.
std::string script_safe(const std::string &json) {
    std::string out;
    for (char ch : json) out += ch == '<' ? std::string("\\u003c") : std::string(1, ch);
    return out;
}

const char *kStyle = R"css(
:root { color-scheme: light dark; --mark: #ffd54f; --line: #8884; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; padding: 1rem; }
h1 { font-size: 1.2rem; margin: 0 0 .5rem; word-break: break-all; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0 1rem; align-items: center; }
.controls input, .controls select { font: inherit; padding: .35rem .5rem; }
.controls input { flex: 1 1 16rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { cursor: pointer; user-select: none; white-space: nowrap; position: sticky; top: 0; background: Canvas; }
th[aria-sort=ascending]::after { content: " \25B2"; }
th[aria-sort=descending]::after { content: " \25BC"; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
mark { background: var(--mark); color: #000; padding: 0 .15em; border-radius: 3px; font-weight: 600; }
.given { color: #c62828; } .predicted { color: #2e7d32; }
td.given, td.predicted { white-space: nowrap; }
@media (max-width: 640px) {
  thead { display: none; }
  table, tbody, tr, td { display: block; width: auto; }
  tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .75rem; padding: .25rem .5rem; }
  td { border: 0; padding: .15rem 0; }
  td::before { content: attr(data-label) ": "; font-weight: 600; }
}
)css";

const char *kScript = R"js(
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var table = document.getElementById("report");
  var head = table.tHead.rows[0], body = table.tBodies[0];
  var search = document.getElementById("filter"), labels = document.getElementById("label-filter");
  var shown = document.getElementById("shown");
  var state = { key: null, dir: 1, q: "", label: "" };

  function text(row, col) {
    var v = row[col.key];
    if (col.type === "sentence") return v.join(" ");
    return v === null || v === undefined ? "" : String(v);
  }
  function cell(row, col) {
    var td = document.createElement("td");
    td.setAttribute("data-label", col.label);
    if (col.type === "num") td.className = "num";
    if (col.key === "given" || col.key === "predicted") td.className = col.key;
    if (col.type === "sentence") {
      row[col.key].forEach(function (tok, i) {
        if (i > 0) td.appendChild(document.createTextNode(" "));
        if (i === row.hl) {
          var m = document.createElement("mark");
          m.textContent = tok;
          m.title = "given " + row.given + ", predicted " + row.predicted;
          td.appendChild(m);
        } else td.appendChild(document.createTextNode(tok));
      });
    } else if (col.type === "num" && typeof row[col.key] === "number" && !Number.isInteger(row[col.key])) {
      td.textContent = row[col.key].toPrecision(4);  // the exact value on hover
      td.title = String(row[col.key]);
    } else td.textContent = text(row, col);
    return td;
  }
  function matches(row) {
    if (state.label && row.given !== state.label && row.predicted !== state.label) return false;
    if (!state.q) return true;
    var q = state.q.toLowerCase();
    return data.columns.some(function (col) { return text(row, col).toLowerCase().indexOf(q) >= 0; });
  }
  function render() {
    var rows = data.rows.filter(matches);
    if (state.key) {
      var col = data.columns.filter(function (c) { return c.key === state.key; })[0];
      rows.sort(function (a, b) {
        var x = col.type === "num" ? a[col.key] : text(a, col), y = col.type === "num" ? b[col.key] : text(b, col);
        var c = x < y ? -1 : x > y ? 1 : 0;
        return c * state.dir || a._i - b._i;
      });
    }
    var frag = document.createDocumentFragment();
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      data.columns.forEach(function (col) { tr.appendChild(cell(row, col)); });
      frag.appendChild(tr);
    });
    body.replaceChildren(frag);
    Array.prototype.forEach.call(head.cells, function (th) {
      if (th.dataset.key === state.key) th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    shown.textContent = "Showing " + rows.length + " of " + data.rows.length;
    var h = [];
    if (state.key) h.push("sort=" + encodeURIComponent(state.key), "dir=" + (state.dir > 0 ? "asc" : "desc"));
    if (state.q) h.push("q=" + encodeURIComponent(state.q));
    if (state.label) h.push("label=" + encodeURIComponent(state.label));
    if (h.length || location.hash) history.replaceState(null, "", "#" + h.join("&"));
  }
  data.rows.forEach(function (row, i) { row._i = i; });
  data.columns.forEach(function (col) {
    var th = document.createElement("th");
    th.textContent = col.label;
    th.dataset.key = col.key;
    th.tabIndex = 0;
    function sort() {
      state.dir = state.key === col.key ? -state.dir : 1;
      state.key = col.key;
      render();
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    head.appendChild(th);
  });
  var names = {};
  data.rows.forEach(function (r) { [r.given, r.predicted].forEach(function (n) { if (n) names[n] = 1; }); });
  Object.keys(names).sort().forEach(function (n) {
    var o = document.createElement("option");
    o.value = o.textContent = n;
    labels.appendChild(o);
  });
  search.addEventListener("input", function () { state.q = search.value; render(); });
  labels.addEventListener("change", function () { state.label = labels.value; render(); });
  location.hash.replace(/^#/, "").split("&").forEach(function (part) {
    var kv = part.split("="), v = decodeURIComponent(kv[1] || "");
    if (kv[0] === "sort") state.key = v;
    if (kv[0] === "dir") state.dir = v === "desc" ? -1 : 1;
    if (kv[0] === "q") search.value = state.q = v;
    if (kv[0] === "label") labels.value = state.label = v;
  });
  render();
})();
)js";

}  // namespace

void write_html(const Report &r, const Output &out) {
    const Json data = build_data(r);
    out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    out.write(escape_html(r.title));
    out.write("</title>\n<style>");
    out.write(kStyle);
    out.write("</style>\n</head>\n<body>\n<h1>");
    out.write(escape_html(r.title));
    out.write("</h1>\n<div class=\"controls\">\n"
              "<input id=\"filter\" type=\"search\" placeholder=\"Filter: token, label or text\" "
              "aria-label=\"Filter rows\">\n<select id=\"label-filter\" aria-label=\"Label\">"
              "<option value=\"\">All labels</option></select>\n<span id=\"shown\"></span>\n"
              "</div>\n<table id=\"report\"><thead><tr></tr></thead><tbody></tbody></table>\n"
              "<noscript>This report needs JavaScript to show its rows.</noscript>\n"
              "<script id=\"report-data\" type=\"application/json\">");
    out.write(script_safe(data.dump(-1, ' ', false, Json::error_handler_t::strict)));
    out.write("</script>\n<script>");
    out.write(kScript);
    out.write("</script>\n</body>\n</html>\n");
}

}  // namespace tqcli
