// tokqual demo: rank and issues on the bundled corpus (examples/demo/make_demo.py: a
// synthetic CoNLL corpus with label errors injected at known places), and how many of
// the injected errors each finds.
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

#include "commands.hpp"
#include "errors.hpp"
#include "formats.hpp"
#include "mapped_file.hpp"

namespace tqcli {

namespace {

bool is_dir(const std::string &path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The installed copy next to this program: <prefix>/bin/tokqual -> <prefix>/share/tokqual/demo
// (found from the executable, so an install under any --prefix finds its own data).
std::string beside_executable() {
    char path[4096];
    ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) return "";
    std::string exe(path, static_cast<size_t>(n));
    size_t slash = exe.rfind('/');
    return slash == std::string::npos ? "" : exe.substr(0, slash) + "/../share/tokqual/demo";
}

// --data, else $TOKQUAL_DEMO_DIR, else the installed copy beside the program, else the
// build tree's, else the configured install location.
std::string demo_dir(const std::string &given) {
    if (!given.empty()) return given;
    if (const char *env = std::getenv("TOKQUAL_DEMO_DIR"); env != nullptr && *env != '\0') return env;
    if (std::string beside = beside_executable(); !beside.empty() && is_dir(beside)) return beside;
    if (is_dir(TQ_DEMO_BUILD_DIR)) return TQ_DEMO_BUILD_DIR;
    if (is_dir(TQ_DEMO_INSTALL_DIR)) return TQ_DEMO_INSTALL_DIR;
    input_error(std::string("no demo data in ") + TQ_DEMO_BUILD_DIR + " or " + TQ_DEMO_INSTALL_DIR +
                "; expected the files of examples/demo/make_demo.py (or give --data DIR)");
}

// demo_errors.tsv: a header line, then "sentence<TAB>token<TAB>true<TAB>given" per error.
std::set<std::pair<int64_t, int64_t>> read_injected(const std::string &path) {
    MappedFile f(path);
    std::string text(reinterpret_cast<const char *>(f.data()), f.size());
    std::set<std::pair<int64_t, int64_t>> errors;
    size_t pos = text.find('\n'), line = 1;
    while (pos != std::string::npos && pos + 1 < text.size()) {
        ++line;
        long long s = 0, t = 0;
        if (std::sscanf(text.c_str() + pos + 1, "%lld\t%lld", &s, &t) != 2)
            input_error(path + ":" + std::to_string(line) + ": expected 'sentence<TAB>token<TAB>...'");
        errors.insert({s, t});
        pos = text.find('\n', pos + 1);
    }
    return errors;
}

std::string percent(int64_t part, int64_t whole) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f%%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
    return buf;
}

}  // namespace

int run_demo(const DemoOptions &o) {
    if (o.top < 0) usage_error("--top " + std::to_string(o.top) + "; expected 0 or more");
    const std::string dir = demo_dir(o.data_dir);
    InputOptions in;
    in.conll = dir + "/demo.conll";
    in.probs = dir + "/demo_probs.npy";
    in.classes_file = dir + "/demo_classes.txt";
    Dataset d = load_dataset(in);
    const auto injected = read_injected(dir + "/demo_errors.tsv");
    const int64_t n_injected = static_cast<int64_t>(injected.size());

    RankOptions rank;
    rank.in = in;
    std::vector<RankRow> ranked = compute_rank(d, rank);
    std::vector<IssueRow> issues = find_issues(d, FindOptions{});

    std::set<int64_t> bad_sentences;
    for (const auto &e : injected) bad_sentences.insert(e.first);
    int64_t in_top = 0;
    for (size_t k = 0; k < ranked.size() && k < bad_sentences.size(); ++k)
        in_top += bad_sentences.count(ranked[k].sentence) ? 1 : 0;
    int64_t found = 0;
    for (const IssueRow &i : issues) found += injected.count({i.sentence, i.token}) ? 1 : 0;

    Output out("");
    out.write("tokqual demo: " + dir + "\n" + std::to_string(d.corpus.n_sentences()) +
              " sentences, " + std::to_string(d.corpus.n_tokens()) + " tokens, " +
              std::to_string(d.n_classes()) + " classes; " + std::to_string(n_injected) +
              " label errors injected in " + std::to_string(bad_sentences.size()) +
              " sentences (demo_errors.tsv).\n\nThe " + std::to_string(o.top) +
              " most suspicious sentences (tokqual rank --top " + std::to_string(o.top) + "):\n\n");
    Report r;
    r.kind = Report::kRank;
    r.data = &d;
    r.rank.assign(ranked.begin(), ranked.begin() + std::min<size_t>(ranked.size(), static_cast<size_t>(o.top)));
    const char *no_color = std::getenv("NO_COLOR");
    bool color = o.color == "always" ||
                 (o.color == "auto" && out.is_terminal() && (no_color == nullptr || *no_color == '\0'));
    write_text(r, out, color);
    out.write("Ranking: " + std::to_string(in_top) + " of the " +
              std::to_string(bad_sentences.size()) + " sentences with an injected error are among the " +
              std::to_string(bad_sentences.size()) + " lowest-scoring sentences (" +
              percent(in_top, static_cast<int64_t>(bad_sentences.size())) + ").\n");
    out.write("Issues: tokqual issues flagged " + std::to_string(issues.size()) + " tokens; " +
              std::to_string(found) + " of them are injected errors: found " +
              std::to_string(found) + " of " + std::to_string(n_injected) + " (recall " +
              percent(found, n_injected) + ", precision " +
              percent(found, static_cast<int64_t>(issues.size())) + ").\n\n");
    out.write("Try it on the same files:\n  tokqual issues --conll " + in.conll + " --probs " +
              in.probs + " --classes-file " + in.classes_file + " --top 10\n");
    out.commit();
    return kExitOk;
}

}  // namespace tqcli
