// The subcommands and their options, as the argument parser (args.cpp) fills them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dataset.hpp"
#include "report.hpp"

namespace tqcli {

struct OutputOptions {
    std::string format = "text";  // text, jsonl, csv, html
    std::string output;           // "" = standard output
    std::string color = "auto";   // auto, always, never (text only)
};

struct RankOptions {
    InputOptions in;
    OutputOptions out;
    std::string token_method = "self_confidence";
    std::string sentence_method = "min";
    double temperature = 0.05;
    int threads = 0;
    int64_t top = 0;  // 0 = all
    bool has_threshold = false;
    double threshold = 0;
};

// Every option of cleanlab's token_classification.filter.find_label_issues.
struct FindOptions {
    std::string filter_by = "prune_by_noise_rate";
    std::string rank_by = "self_confidence";
    double frac_noise = 1.0;
    int64_t min_examples_per_class = 1;
    std::string num_to_remove_per_class;  // "N,N,..." one per class, or ""
    bool adjust_pred_probs = false;
    int threads = 0;
    bool low_memory = false;
    int64_t batch_tokens = 1 << 18;  // --low-memory: tokens per batch (whole sentences)
};

struct IssuesOptions {
    InputOptions in;
    OutputOptions out;
    FindOptions find;
    int64_t top = 0;  // 0 = all
};

struct SummaryOptions {
    InputOptions in;
    OutputOptions out;
    FindOptions find;
    std::string word;  // --word: the issues of this word only
    int64_t top = 10;  // words described (text format)
    bool no_swaps = false;
};

struct DemoOptions {
    std::string data_dir;
    int64_t top = 5;
    std::string color = "auto";
};

int run_rank(const RankOptions &o);
int run_issues(const IssuesOptions &o);
int run_summary(const SummaryOptions &o);
int run_demo(const DemoOptions &o);

// Shared by the subcommands.
std::vector<IssueRow> find_issues(Dataset &d, const FindOptions &o);  // find_issues.cpp
std::vector<RankRow> compute_rank(Dataset &d, const RankOptions &o);   // cmd_rank.cpp
void write_report(const Report &r, const OutputOptions &o);          // write_report.cpp
int32_t token_method_value(const std::string &name);                  // args.cpp
int32_t filter_method_value(const std::string &name);                 // args.cpp

}  // namespace tqcli
