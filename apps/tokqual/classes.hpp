// The class list (--classes / --classes-file: the column order of the probabilities) and
// the --merge map from the model's classes to the dataset's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tqcli {

struct ClassSetup {
    std::vector<std::string> model_names;  // one per probability column
    std::vector<std::string> names;        // the dataset's classes (after --merge)
    std::vector<int32_t> maps;             // empty, or model column -> dataset class (-1 drops)
};

// Reads --classes (comma-separated) or --classes-file (one name per line, blank lines
// skipped) and applies --merge "FROM:TO,..." (TO "-" drops the column; classes not
// named keep their own name; merged classes are ordered by their first column).
// Usage errors for a missing or doubled list; input errors name the file and line.
ClassSetup load_classes(const std::string &classes, const std::string &classes_file,
                        const std::string &merge);

// Splits "a,b,c" at commas (no escaping: class names with commas go in --classes-file).
std::vector<std::string> split_commas(const std::string &s);

}  // namespace tqcli
