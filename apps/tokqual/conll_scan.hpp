// The vectorized first stage of the CoNLL reader (conll.cpp): one pass over the bytes that
// marks line ends and column separators as bit masks and checks that the bytes are
// well-formed UTF-8, so the reader's per-line work is a few bit scans instead of a loop
// over every byte. Highway picks the widest vectors the CPU has at run time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tqcli {

// Scans the bytes [begin, end) of data[0, size) in blocks of 64 bytes; `begin` is a
// multiple of 64, and bytes at or past `size` read as 0 (so `end` may be size + 1, to
// check that the file does not end inside a multi-byte sequence). For block j (bytes
// begin + 64j ...), bit i of nl[j] is set when the byte is '\n', and of ws[j] when it is
// '\n' or a column separator (space, tab, CR, VT, FF). nl and ws hold
// ceil((end - begin) / 64) words.
// Returns false when some sequence that ends in [begin, end) is ill-formed UTF-8 (the
// bytes before `begin` are read as its context; find_invalid_utf8 then says where).
bool scan_blocks(const unsigned char *data, size_t size, size_t begin, size_t end, uint64_t *nl,
                 uint64_t *ws);

// The same, one byte at a time (the reference of the tests, and the fallback of vectors
// narrower than 16 bytes).
bool scan_blocks_scalar(const unsigned char *data, size_t size, size_t begin, size_t end,
                        uint64_t *nl, uint64_t *ws);

}  // namespace tqcli
