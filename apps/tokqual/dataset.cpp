#include "dataset.hpp"

#include "errors.hpp"
#include "progress.hpp"
#include "timings.hpp"

namespace tqcli {

Dataset load_dataset(const InputOptions &in) {
    if (in.conll.empty()) usage_error("missing --conll FILE (the tokens and their tags; - for stdin)");
    if (in.probs.empty()) usage_error("missing --probs FILE (.npy or .npz of n_tokens x n_classes)");
    Dataset d;
    d.classes = load_classes(in.classes, in.classes_file, in.merge);
    d.conll_name = in.conll == "-" ? "<stdin>" : in.conll;
    d.probs_name = in.probs;

    TagIndex tags;
    for (size_t k = 0; k < d.classes.names.size(); ++k)
        tags.emplace(d.classes.names[k], static_cast<int32_t>(k));
    {
        MappedFile conll(in.conll);
        conll.advise_sequential();
        Progress progress("reading " + d.conll_name, conll.size());
        d.corpus = parse_conll(conll.data(), conll.size(), d.conll_name, tags, d.classes.names,
                               &Progress::callback, &progress);
    }
    timings().mark("parse conll");

    d.probs_file = std::make_unique<MappedFile>(in.probs);
    const MappedFile &f = *d.probs_file;
    // A zip archive (.npz) starts with "PK"; anything else is read as a .npy.
    const bool is_zip = f.size() >= 2 && f.data()[0] == 'P' && f.data()[1] == 'K';
    if (!in.probs_key.empty() && !is_zip)
        usage_error("--probs-key names a member of a .npz; --probs " + in.probs + " is not one");
    NpyArray array = is_zip ? parse_npz(f.data(), f.size(), in.probs, in.probs_key)
                            : parse_npy(f.data(), f.size(), in.probs);
    const int64_t k_model = static_cast<int64_t>(d.classes.model_names.size());
    if (array.cols != k_model)
        input_error(array.where + ": " + std::to_string(array.cols) + " columns; expected " +
                    std::to_string(k_model) + ", one per class of " +
                    (in.classes.empty() ? in.classes_file : std::string("--classes")));
    if (array.rows != d.corpus.n_tokens())
        input_error(array.where + ": " + std::to_string(array.rows) + " rows; expected " +
                    std::to_string(d.corpus.n_tokens()) + ", one per token of " + d.conll_name);
    d.probs = Probs(std::move(array), in.logits, d.classes.maps, d.n_classes());
    timings().mark("map probs");

    d.class_offsets.push_back(0);
    for (const std::string &n : d.classes.names) {
        d.class_text += n;
        d.class_offsets.push_back(static_cast<int64_t>(d.class_text.size()));
    }
    return d;
}

}  // namespace tqcli
