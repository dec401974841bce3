// Sends a report to its destination in the chosen format.
#include <cstdlib>

#include "commands.hpp"
#include "errors.hpp"
#include "formats.hpp"

namespace tqcli {

namespace {

// Colour on a terminal unless NO_COLOR is set (https://no-color.org), or as forced.
bool use_color(const std::string &mode, const Output &out) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char *no_color = std::getenv("NO_COLOR");
    return out.is_terminal() && (no_color == nullptr || no_color[0] == '\0');
}

}  // namespace

void write_report(const Report &r, const OutputOptions &o) {
    Output out(o.output);
    if (o.format == "text") write_text(r, out, use_color(o.color, out));
    else if (o.format == "jsonl") write_jsonl(r, out);
    else if (o.format == "csv") write_csv(r, out);
    else if (o.format == "html") write_html(r, out);
    else usage_error("--format " + o.format + "; expected text, jsonl, csv or html");
    out.commit();
}

}  // namespace tqcli
