// tokqual issues: the tokens whose label is likely wrong, by confident learning
// (cleanlab.token_classification.filter.find_label_issues), most severe first.
#include "commands.hpp"
#include "errors.hpp"
#include "timings.hpp"

namespace tqcli {

int run_issues(const IssuesOptions &o) {
    if (o.top < 0) usage_error("--top " + std::to_string(o.top) + "; expected 0 (all) or more");
    Dataset d = load_dataset(o.in);
    Report r;
    r.kind = Report::kIssues;
    r.data = &d;
    r.title = "tokqual issues: " + d.conll_name;
    r.low_memory = o.find.low_memory;
    r.issues = find_issues(d, o.find);
    if (o.top > 0 && static_cast<int64_t>(r.issues.size()) > o.top)
        r.issues.resize(static_cast<size_t>(o.top));
    write_report(r, o.out);
    timings().mark("write");
    return kExitOk;
}

}  // namespace tqcli
