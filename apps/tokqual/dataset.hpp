// The inputs of every subcommand: the CoNLL corpus, the class list and the
// probabilities, checked against each other.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "classes.hpp"
#include "conll.hpp"
#include "mapped_file.hpp"
#include "probs.hpp"

namespace tqcli {

struct InputOptions {
    std::string conll;         // path, "-" for standard input
    std::string probs;         // .npy or .npz
    std::string probs_key;     // the .npz member (without ".npy")
    std::string classes;       // "O,B-PER,..."
    std::string classes_file;  // one class per line
    std::string merge;         // "B-PER:PER,..."
    bool logits = false;
};

struct Dataset {
    std::string conll_name, probs_name;  // as shown in messages
    Corpus corpus;
    ClassSetup classes;
    std::unique_ptr<MappedFile> probs_file;  // keeps the mapped array alive
    Probs probs;

    int64_t n_classes() const { return static_cast<int64_t>(classes.names.size()); }
    // The class names as tokqual.h's list of strings (one buffer plus offsets).
    std::string class_text;
    std::vector<int64_t> class_offsets;
};

// Reads and checks everything; input errors name the file and line or byte offset.
Dataset load_dataset(const InputOptions &in);

}  // namespace tqcli
