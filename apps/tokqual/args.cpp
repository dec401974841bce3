#include "args.hpp"

#include <cstdio>
#include <map>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "errors.hpp"
#include "timings.hpp"

namespace tqcli {

namespace {

const std::map<std::string, int32_t> kTokenMethods = {
    {"self_confidence", TQ_SELF_CONFIDENCE},
    {"normalized_margin", TQ_NORMALIZED_MARGIN},
    {"confidence_weighted_entropy", TQ_CONFIDENCE_WEIGHTED_ENTROPY}};

const std::map<std::string, int32_t> kFilterMethods = {
    {"prune_by_noise_rate", TQ_PRUNE_BY_NOISE_RATE},
    {"prune_by_class", TQ_PRUNE_BY_CLASS},
    {"both", TQ_BOTH},
    {"confident_learning", TQ_CONFIDENT_LEARNING},
    {"predicted_neq_given", TQ_PREDICTED_NEQ_GIVEN},
    {"low_normalized_margin", TQ_LOW_NORMALIZED_MARGIN},
    {"low_self_confidence", TQ_LOW_SELF_CONFIDENCE}};

std::vector<std::string> keys(const std::map<std::string, int32_t> &m) {
    std::vector<std::string> k;
    for (const auto &e : m) k.push_back(e.first);
    return k;
}

// A number within [lo, hi] (or (lo, hi] when lo_open), with a short message otherwise.
CLI::Validator in_range(double lo, double hi, bool lo_open, const std::string &expected) {
    return CLI::Validator(
        [=](std::string &text) -> std::string {
            double v = 0;
            if (!CLI::detail::lexical_cast(text, v) || !(lo_open ? v > lo : v >= lo) || !(v <= hi))
                return "'" + text + "'; expected " + expected;
            return "";
        },
        "");
}
const double kHuge = 1e300;

std::string version_text() {
    return std::string("tokqual ") + tq_version() + " (libtokqual " + tq_version() + ")";
}

void add_version(CLI::App *app) {
    app->set_version_flag("--version", version_text(), "Print the version and exit");
}

void add_inputs(CLI::App *app, InputOptions &in) {
    app->add_option("--conll", in.conll,
                    "CoNLL file: one 'token ... tag' per line, a blank line between "
                    "sentences (- = standard input)")
        ->required()->type_name("FILE");
    app->add_option("--probs", in.probs,
                    "The model's out-of-sample probabilities: .npy (float32 or float64, "
                    "n_tokens x n_classes, C order) or .npz")
        ->required()->type_name("FILE");
    app->add_option("--probs-key", in.probs_key,
                    "The array of a .npz to read (default: the only one, or pred_probs)")
        ->type_name("NAME");
    auto *classes = app->add_option("--classes", in.classes,
                                    "The class of each probability column, in order: O,B-PER,...")
                        ->type_name("LIST");
    auto *file = app->add_option("--classes-file", in.classes_file,
                                 "The classes, one per line, in column order")
                     ->type_name("FILE");
    classes->excludes(file);
    app->add_flag("--logits", in.logits, "--probs holds logits: apply a softmax to each row first");
    app->add_option("--merge", in.merge,
                    "Score on merged classes: FROM:TO,... maps model classes to dataset "
                    "classes (TO '-' drops a class), e.g. B-PER:PER,I-PER:PER")
        ->type_name("MAP");
}

void add_outputs(CLI::App *app, OutputOptions &out) {
    app->add_option("--format", out.format, "Output format")
        ->check(CLI::IsMember({"text", "jsonl", "csv", "html"}))
        ->capture_default_str();
    app->add_option("--output,-o", out.output,
                    "Write to FILE (atomically: a temporary file renamed at the end) "
                    "instead of standard output")
        ->type_name("FILE");
    app->add_option("--color", out.color, "Colour in text output (auto: on a terminal unless NO_COLOR is set)")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
}

void add_find(CLI::App *app, FindOptions &f) {
    app->add_option("--filter-by", f.filter_by, "How issues are found (cleanlab's filter_by)")
        ->check(CLI::IsMember(keys(kFilterMethods)))
        ->capture_default_str();
    app->add_option("--rank-by", f.rank_by,
                    "Token score that ranks the issues (cleanlab's return_indices_ranked_by)")
        ->check(CLI::IsMember(keys(kTokenMethods)))
        ->capture_default_str();
    app->add_option("--frac-noise", f.frac_noise, "Fraction of the estimated noise to flag, in (0, 1]")
        ->check(in_range(0, 1, true, "a number in (0, 1]"))
        ->capture_default_str();
    app->add_option("--min-examples-per-class", f.min_examples_per_class,
                    "Never flag below this many tokens of a class")
        ->check(in_range(0, kHuge, false, "a number >= 0"))
        ->capture_default_str();
    app->add_option("--num-to-remove-per-class", f.num_to_remove_per_class,
                    "How many tokens of each class to flag: N,N,... one per class")
        ->type_name("LIST");
    app->add_flag("--adjust-pred-probs", f.adjust_pred_probs,
                  "Rank by scores of the threshold-adjusted probabilities");
    app->add_option("--threads", f.threads, "Worker threads (0 = all cores)")
        ->check(in_range(0, kHuge, false, "a number >= 0"))
        ->capture_default_str();
    app->add_flag("--low-memory", f.low_memory,
                  "Stream the probabilities in batches of whole sentences (cleanlab's "
                  "low_memory=True): memory does not grow with n_tokens x n_classes");
    app->add_option("--batch-tokens", f.batch_tokens, "--low-memory: tokens per batch")
        ->check(in_range(0, kHuge, true, "a number > 0"))
        ->capture_default_str();
}

bool is_command(const std::string &word) {
    return word == "rank" || word == "issues" || word == "summary" || word == "demo";
}

}  // namespace

int32_t token_method_value(const std::string &name) { return kTokenMethods.at(name); }
int32_t filter_method_value(const std::string &name) { return kFilterMethods.at(name); }

int parse_and_run(int argc, char **argv) {
    CLI::App app{"tokqual: find label errors in token-classification data (CoNLL files and "
                 "a model's probabilities), with the numbers of cleanlab 2.9.0.",
                 "tokqual"};
    app.footer("Exit status: 0 success, 2 usage error, 3 input error, 1 other failure.\n"
               "Run 'tokqual demo' for an example, 'tokqual COMMAND --help' for details.");
    app.require_subcommand(1);
    add_version(&app);
    bool want_timings = false;
    app.add_flag("--timings", want_timings,
                 "Print the time of each phase, and the peak memory, on standard error");

    RankOptions rank;
    CLI::App *rank_cmd = app.add_subcommand(
        "rank", "Sentences by label-quality score, most suspicious first");
    add_inputs(rank_cmd, rank.in);
    rank_cmd->add_option("--token-method", rank.token_method, "How each token is scored")
        ->check(CLI::IsMember(keys(kTokenMethods)))
        ->capture_default_str();
    rank_cmd->add_option("--sentence-method", rank.sentence_method,
                         "How token scores become a sentence score")
        ->check(CLI::IsMember({"min", "softmin"}))
        ->capture_default_str();
    rank_cmd->add_option("--temperature", rank.temperature, "softmin temperature (>= 0)")
        ->check(in_range(0, kHuge, false, "a number >= 0"))
        ->capture_default_str();
    rank_cmd->add_option("--threads", rank.threads, "Worker threads (0 = all cores)")
        ->check(in_range(0, kHuge, false, "a number >= 0"))
        ->capture_default_str();
    rank_cmd->add_option("--top", rank.top, "Show at most N sentences (0 = all)")
        ->capture_default_str();
    rank_cmd->add_option("--threshold", rank.threshold, "Only sentences scoring strictly below T")
        ->type_name("T");
    add_outputs(rank_cmd, rank.out);
    add_version(rank_cmd);

    IssuesOptions issues;
    CLI::App *issues_cmd = app.add_subcommand(
        "issues", "Tokens whose label is likely wrong (confident learning), most severe first");
    add_inputs(issues_cmd, issues.in);
    add_find(issues_cmd, issues.find);
    issues_cmd->add_option("--top", issues.top, "Show at most N issues (0 = all)")
        ->capture_default_str();
    add_outputs(issues_cmd, issues.out);
    add_version(issues_cmd);

    SummaryOptions summary;
    CLI::App *summary_cmd = app.add_subcommand(
        "summary", "The words most often mislabeled, with their label swaps");
    add_inputs(summary_cmd, summary.in);
    add_find(summary_cmd, summary.find);
    summary_cmd->add_option("--word", summary.word, "Only the issues of this word (any case)")
        ->type_name("W");
    summary_cmd->add_option("--top", summary.top, "Describe at most N words (text format)")
        ->capture_default_str();
    summary_cmd->add_flag("--no-swaps", summary.no_swaps, "Leave out each word's list of swaps");
    add_outputs(summary_cmd, summary.out);
    add_version(summary_cmd);

    DemoOptions demo;
    CLI::App *demo_cmd = app.add_subcommand(
        "demo", "rank and issues on the bundled corpus with injected label errors");
    demo_cmd->add_option("--data", demo.data_dir, "The demo data directory (default: the bundled one)")
        ->type_name("DIR");
    demo_cmd->add_option("--top", demo.top, "Sentences of the ranking to show")->capture_default_str();
    demo_cmd->add_option("--color", demo.color, "Colour: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    add_version(demo_cmd);

    // CLI11 would call an unknown command "a subcommand is required"; name it instead.
    if (argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
        std::fprintf(stderr, "tokqual: unknown command '%s'; expected rank, issues, summary or "
                             "demo (see tokqual --help)\n", argv[1]);
        return kExitUsage;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        std::string what = e.what();
        if (what.empty()) what = "bad command line";
        std::fprintf(stderr, "tokqual: %s (see tokqual --help)\n", what.c_str());
        return kExitUsage;
    }
    rank.has_threshold = rank_cmd->count("--threshold") > 0;
    if (want_timings) timings().enable();
    int status = *rank_cmd      ? run_rank(rank)
                 : *issues_cmd  ? run_issues(issues)
                 : *summary_cmd ? run_summary(summary)
                                : run_demo(demo);
    timings().peak_memory();
    return status;
}

}  // namespace tqcli
