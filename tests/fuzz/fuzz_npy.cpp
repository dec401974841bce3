// libFuzzer harness: the .npy and .npz readers of the tokqual command (apps/tokqual/npy.cpp).
//
// Input: one byte choosing the reader (bit 0..1: 0 = .npy, 1 = .npz picking its only or
// pred_probs member, 2 = .npz member "arr_0"), then the file's bytes.
// Checked: the reader either throws its input error, a one-line message naming the file,
// or returns an array that lies wholly inside the input (or its own copy), aligned for
// its element type, with rows x cols elements all readable (summed here, so the
// sanitizers see every byte), and for a .npy exactly filling the file after its header.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "errors.hpp"
#include "npy.hpp"

namespace {

void require(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_npy: invariant violated: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    const int mode = data[0] % 3;
    const uint8_t *file = data + 1;
    const size_t n = size - 1;
    const std::string name = mode == 0 ? "in.npy" : "in.npz";
    tqcli::NpyArray a;
    try {
        a = mode == 0 ? tqcli::parse_npy(file, n, name)
                      : tqcli::parse_npz(file, n, name, mode == 1 ? "" : "arr_0");
    } catch (const tqcli::Failure &f) {
        const std::string m = f.what();
        require(f.status == tqcli::kExitInput || f.status == tqcli::kExitFailure, "exit status");
        require(m.rfind(name, 0) == 0, "the message names the file");
        require(m.find('\n') == std::string::npos, "the message is one line");
        return 0;
    }
    require(a.rows >= 0 && a.cols >= 0, "non-negative shape");
    const size_t bytes = static_cast<size_t>(a.rows) * static_cast<size_t>(a.cols) * a.item_size();
    const bool inside = a.data >= file && a.data + bytes <= file + n;
    const bool owned = !a.owned.empty() && a.data >= a.owned.data() &&
                       a.data + bytes <= a.owned.data() + a.owned.size();
    require(bytes == 0 || inside || owned, "the data lies in the input or the array's copy");
    require(reinterpret_cast<uintptr_t>(a.data) % a.item_size() == 0 || bytes == 0, "aligned");
    if (mode == 0 && a.owned.empty()) require(a.data + bytes == file + n, "a .npy ends with its data");
    double sum = 0;  // touch every element
    for (size_t i = 0; i < bytes / a.item_size(); ++i)
        sum += a.is_f64 ? reinterpret_cast<const double *>(a.data)[i]
                        : static_cast<double>(reinterpret_cast<const float *>(a.data)[i]);
    volatile double sink = sum;
    (void)sink;
    return 0;
}
