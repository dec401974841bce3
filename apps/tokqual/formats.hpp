// The output formats, one file each. Every writer gets a finished Report.
#pragma once

#include "output.hpp"
#include "report.hpp"

namespace tqcli {

enum class Format { kText, kJsonl, kCsv, kHtml };

// text: cleanlab's printed reports; `color` highlights the token with ANSI red.
void write_text(const Report &r, const Output &out, bool color);
// jsonl: one JSON object per line, numbers to full double precision.
void write_jsonl(const Report &r, const Output &out);
// csv: a header line, then RFC 4180 rows with the jsonl fields.
void write_csv(const Report &r, const Output &out);
// html: one self-contained page, sortable and filterable.
void write_html(const Report &r, const Output &out);

}  // namespace tqcli
