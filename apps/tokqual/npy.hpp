// The .npy and .npz readers: a 2-D float32 or float64 array, little-endian, C order.
//
// .npy: the array is used where it lies in the memory-mapped file, never copied (unless
// its data does not start at a multiple of its element size, which numpy's own files
// always do; then it is copied once so it can be read as floats).
// .npz (numpy.savez / savez_compressed): a zip archive of .npy members. A stored member
// (numpy.savez) is used in place, as a .npy; a deflated member (savez_compressed) cannot
// be, so it is inflated into memory with zlib (its CRC-32 checked). Zip64 archives are
// read; encrypted members and other compression methods are refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tqcli {

struct NpyArray {
    const unsigned char *data = nullptr;  // the first element
    bool is_f64 = false;                  // float64, else float32
    int64_t rows = 0, cols = 0;
    // Where the data starts, for messages: "<where> byte offset <data_offset + ...>".
    std::string where;
    size_t data_offset = 0;
    std::vector<unsigned char> owned;  // holds the data when it had to be copied

    size_t item_size() const { return is_f64 ? 8 : 4; }
    // "FILE: byte offset N" for the element (row, col).
    std::string element_location(int64_t row, int64_t col) const;
};

// Parses a .npy file held in [data, data + size); `where` names it in messages ("f.npy"
// or "f.npz, member pred_probs.npy"). Throws an input error with the byte offset and
// what was expected for a bad magic string, version, header, dtype (only '<f4' and
// '<f8'), byte order, Fortran order, a shape that is not 2-D, or data that is
// truncated or followed by extra bytes.
NpyArray parse_npy(const unsigned char *data, size_t size, const std::string &where);

// Finds the member `key` + ".npy" of a .npz held in [data, data + size) and parses it.
// An empty key picks the only member, or "pred_probs.npy" among several.
NpyArray parse_npz(const unsigned char *data, size_t size, const std::string &name,
                   const std::string &key);

}  // namespace tqcli
