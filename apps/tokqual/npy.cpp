#include "npy.hpp"

#include <cstring>
#include <limits>

#include <zlib.h>

#include "errors.hpp"

namespace tqcli {

namespace {

uint64_t read_le(const unsigned char *p, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

std::string at(const std::string &where, size_t offset) {
    return where + ": byte offset " + std::to_string(offset);
}

// The header dictionary of a .npy, e.g. {'descr': '<f4', 'fortran_order': False,
// 'shape': (1000, 9), }: a Python literal with string keys and string, boolean or
// integer-tuple values. Parsed by hand, strictly, so every mistake gets its offset.
struct HeaderParser {
    const char *s;
    size_t n, i = 0;
    size_t base;  // the header's offset in the file
    const std::string &where;

    [[noreturn]] void fail(const std::string &expected) {
        input_error(at(where, base + i) + ": malformed .npy header; expected " + expected);
    }
    void skip_space() {
        while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) ++i;
    }
    void expect(char c) {
        skip_space();
        if (i >= n || s[i] != c) fail(std::string("'") + c + "'");
        ++i;
    }
    std::string string_literal() {
        skip_space();
        if (i >= n || (s[i] != '\'' && s[i] != '"')) fail("a quoted string");
        char q = s[i++];
        size_t b = i;
        while (i < n && s[i] != q) ++i;
        if (i >= n) fail("the end of a quoted string");
        return std::string(s + b, s + i++);
    }
    bool boolean() {
        skip_space();
        if (n - i >= 4 && std::memcmp(s + i, "True", 4) == 0) { i += 4; return true; }
        if (n - i >= 5 && std::memcmp(s + i, "False", 5) == 0) { i += 5; return false; }
        fail("True or False");
    }
    std::vector<int64_t> int_tuple() {
        expect('(');
        std::vector<int64_t> dims;
        for (;;) {
            skip_space();
            if (i < n && s[i] == ')') { ++i; return dims; }
            if (i >= n || s[i] < '0' || s[i] > '9') fail("a dimension (a non-negative integer)");
            int64_t v = 0;
            while (i < n && s[i] >= '0' && s[i] <= '9') {
                if (v > (std::numeric_limits<int64_t>::max() - 9) / 10) fail("a smaller dimension");
                v = v * 10 + (s[i++] - '0');
            }
            dims.push_back(v);
            skip_space();
            if (i < n && s[i] == ',') ++i;
            else if (i >= n || s[i] != ')') fail("',' or ')' in the shape");
        }
    }
};

}  // namespace

std::string NpyArray::element_location(int64_t row, int64_t col) const {
    size_t offset = data_offset + (static_cast<size_t>(row) * static_cast<size_t>(cols) +
                                   static_cast<size_t>(col)) * item_size();
    return at(where, offset) + " (row " + std::to_string(row) + ", column " +
           std::to_string(col) + ")";
}

NpyArray parse_npy(const unsigned char *data, size_t size, const std::string &where) {
    if (size < 10 || std::memcmp(data, "\x93NUMPY", 6) != 0)
        input_error(at(where, 0) + ": not a .npy file; expected the magic string \\x93NUMPY");
    const unsigned major = data[6];
    if (major < 1 || major > 3)
        input_error(at(where, 6) + ": .npy format version " + std::to_string(major) +
                    "." + std::to_string(data[7]) + "; expected 1.0, 2.0 or 3.0");
    const size_t len_bytes = major == 1 ? 2 : 4;
    if (size < 8 + len_bytes)
        input_error(at(where, 8) + ": truncated .npy header; expected its length");
    const size_t header_begin = 8 + len_bytes;
    const uint64_t header_len = read_le(data + 8, static_cast<int>(len_bytes));
    if (header_len > size - header_begin)
        input_error(at(where, size) + ": truncated .npy header; expected " +
                    std::to_string(header_len) + " header bytes from byte offset " +
                    std::to_string(header_begin));

    HeaderParser p{reinterpret_cast<const char *>(data + header_begin),
                   static_cast<size_t>(header_len), 0, header_begin, where};
    std::string descr;
    bool fortran = false, have_descr = false, have_order = false, have_shape = false;
    std::vector<int64_t> shape;
    p.expect('{');
    for (;;) {
        p.skip_space();
        if (p.i < p.n && p.s[p.i] == '}') { ++p.i; break; }
        size_t key_at = p.i;
        std::string key = p.string_literal();
        p.expect(':');
        if (key == "descr") { descr = p.string_literal(); have_descr = true; }
        else if (key == "fortran_order") { fortran = p.boolean(); have_order = true; }
        else if (key == "shape") { shape = p.int_tuple(); have_shape = true; }
        else {
            p.i = key_at;
            p.fail("the key 'descr', 'fortran_order' or 'shape', found '" + printable(key) + "'");
        }
        p.skip_space();
        if (p.i < p.n && p.s[p.i] == ',') ++p.i;
        else if (p.i >= p.n || p.s[p.i] != '}') p.fail("',' or '}'");
    }
    if (!have_descr || !have_order || !have_shape)
        p.fail("the keys 'descr', 'fortran_order' and 'shape'");

    const size_t header_at = header_begin;
    NpyArray a;
    a.where = where;
    if (descr == "<f4" || descr == "<f8") {
        a.is_f64 = descr == "<f8";
    } else if (descr == ">f4" || descr == ">f8") {
        input_error(at(where, header_at) + ": big-endian dtype '" + printable(descr) +
                    "'; expected little-endian float32 '<f4' or float64 '<f8' "
                    "(numpy: a.astype('<f4'))");
    } else {
        input_error(at(where, header_at) + ": dtype '" + printable(descr) +
                    "'; expected float32 '<f4' or float64 '<f8'");
    }
    if (fortran)
        input_error(at(where, header_at) + ": Fortran-order array; expected C order "
                    "(numpy: np.ascontiguousarray(a))");
    if (shape.size() != 2) {
        std::string dims;
        for (size_t k = 0; k < shape.size(); ++k) dims += (k ? ", " : "") + std::to_string(shape[k]);
        input_error(at(where, header_at) + ": shape (" + dims +
                    "); expected 2 dimensions (n_tokens, n_classes)");
    }
    a.rows = shape[0];
    a.cols = shape[1];
    const size_t data_begin = header_begin + static_cast<size_t>(header_len);
    const uint64_t max = std::numeric_limits<uint64_t>::max();
    uint64_t need = static_cast<uint64_t>(a.rows);
    if (a.cols != 0 && need > max / static_cast<uint64_t>(a.cols) / a.item_size())
        input_error(at(where, header_at) + ": shape (" + std::to_string(a.rows) + ", " +
                    std::to_string(a.cols) + ") is too large");
    need *= static_cast<uint64_t>(a.cols) * a.item_size();
    const uint64_t have = size - data_begin;
    if (have < need)
        input_error(at(where, size) + ": truncated data; expected " + std::to_string(need) +
                    " bytes of " + printable(descr) + " values for shape (" + std::to_string(a.rows) +
                    ", " + std::to_string(a.cols) + ") from byte offset " +
                    std::to_string(data_begin) + ", found " + std::to_string(have));
    if (have > need)
        input_error(at(where, data_begin + need) + ": " + std::to_string(have - need) +
                    " bytes after the data; expected the file to end here");
    a.data_offset = data_begin;
    a.data = data + data_begin;
    // Floats must be read from addresses that are multiples of their size.
    if (need > 0 && reinterpret_cast<uintptr_t>(a.data) % a.item_size() != 0) {
        a.owned.assign(a.data, a.data + need);
        a.data = a.owned.data();
    }
    return a;
}

namespace {

struct ZipMember {
    std::string name;
    unsigned method = 0, flags = 0;
    uint32_t crc = 0;
    uint64_t compressed = 0, uncompressed = 0, local_offset = 0;
};

// The zip64 extra field (id 1) holds, in this order, the fields that are 0xFFFFFFFF.
void apply_zip64(const unsigned char *extra, size_t len, ZipMember &m) {
    size_t i = 0;
    while (i + 4 <= len) {
        unsigned id = static_cast<unsigned>(read_le(extra + i, 2));
        size_t sz = static_cast<size_t>(read_le(extra + i + 2, 2));
        if (i + 4 + sz > len) return;
        if (id == 1) {
            size_t j = i + 4;
            auto take = [&](uint64_t &field) {
                if (field == 0xFFFFFFFFu && j + 8 <= i + 4 + sz) { field = read_le(extra + j, 8); j += 8; }
            };
            take(m.uncompressed);
            take(m.compressed);
            take(m.local_offset);
        }
        i += 4 + sz;
    }
}

std::vector<ZipMember> read_central_directory(const unsigned char *d, size_t size,
                                              const std::string &name) {
    // The end-of-central-directory record: the last "PK\5\6" within 64 KiB of the end.
    if (size < 22) input_error(at(name, 0) + ": not a .npz (zip) file; it is too short");
    size_t eocd = size - 22, stop = size > 22 + 65535 ? size - 22 - 65535 : 0;
    while (read_le(d + eocd, 4) != 0x06054b50) {
        if (eocd == stop) input_error(at(name, 0) + ": not a .npz (zip) file; expected an "
                                                    "end-of-central-directory record");
        --eocd;
    }
    uint64_t count = read_le(d + eocd + 10, 2);
    uint64_t cd_size = read_le(d + eocd + 12, 4);
    uint64_t cd_offset = read_le(d + eocd + 16, 4);
    if ((count == 0xFFFF || cd_offset == 0xFFFFFFFFu) && eocd >= 20 &&
        read_le(d + eocd - 20, 4) == 0x07064b50) {  // zip64 locator
        uint64_t rec = read_le(d + eocd - 20 + 8, 8);
        if (rec > size || size - rec < 56 || read_le(d + rec, 4) != 0x06064b50)
            input_error(at(name, eocd - 20) + ": broken zip64 locator; expected a zip64 "
                                              "end-of-central-directory record");
        count = read_le(d + rec + 32, 8);
        cd_size = read_le(d + rec + 40, 8);
        cd_offset = read_le(d + rec + 48, 8);
    }
    if (cd_offset > size || cd_size > size - cd_offset)
        input_error(at(name, eocd) + ": the central directory lies outside the file; "
                                     "expected a complete zip archive (truncated?)");
    std::vector<ZipMember> members;
    size_t p = static_cast<size_t>(cd_offset), end = p + static_cast<size_t>(cd_size);
    for (uint64_t k = 0; k < count; ++k) {
        if (end - p < 46 || read_le(d + p, 4) != 0x02014b50)
            input_error(at(name, p) + ": expected central directory entry " + std::to_string(k));
        ZipMember m;
        m.flags = static_cast<unsigned>(read_le(d + p + 8, 2));
        m.method = static_cast<unsigned>(read_le(d + p + 10, 2));
        m.crc = static_cast<uint32_t>(read_le(d + p + 16, 4));
        m.compressed = read_le(d + p + 20, 4);
        m.uncompressed = read_le(d + p + 24, 4);
        size_t name_len = static_cast<size_t>(read_le(d + p + 28, 2));
        size_t extra_len = static_cast<size_t>(read_le(d + p + 30, 2));
        size_t comment_len = static_cast<size_t>(read_le(d + p + 32, 2));
        m.local_offset = read_le(d + p + 42, 4);
        if (end - p - 46 < name_len + extra_len + comment_len)
            input_error(at(name, p) + ": central directory entry " + std::to_string(k) +
                        " runs past the directory; expected a complete entry");
        m.name.assign(reinterpret_cast<const char *>(d + p + 46), name_len);
        apply_zip64(d + p + 46 + name_len, extra_len, m);
        members.push_back(std::move(m));
        p += 46 + name_len + extra_len + comment_len;
    }
    return members;
}

}  // namespace

NpyArray parse_npz(const unsigned char *d, size_t size, const std::string &name,
                   const std::string &key) {
    std::vector<ZipMember> members = read_central_directory(d, size, name);
    std::string list;
    for (const ZipMember &m : members) list += (list.empty() ? "" : ", ") + printable(m.name);
    const ZipMember *pick = nullptr;
    std::string wanted = key.empty() ? "pred_probs.npy" : key + ".npy";
    for (const ZipMember &m : members)
        if (m.name == wanted) pick = &m;
    if (pick == nullptr && key.empty() && members.size() == 1) pick = &members[0];
    if (pick == nullptr)
        input_error(name + ": no member '" + printable(wanted) + "'; expected one of: " +
                    (list.empty() ? "(the archive is empty)" : list) +
                    (key.empty() ? " (choose one with --probs-key)" : ""));
    const ZipMember &m = *pick;
    const std::string where = name + ", member " + printable(m.name);
    if (m.flags & 1) input_error(where + ": encrypted; expected a plain member");
    size_t lo = static_cast<size_t>(m.local_offset);
    if (m.local_offset > size || size - lo < 30 || read_le(d + lo, 4) != 0x04034b50)
        input_error(at(name, lo) + ": expected the local header of member " + printable(m.name));
    size_t begin = lo + 30 + static_cast<size_t>(read_le(d + lo + 26, 2)) +
                   static_cast<size_t>(read_le(d + lo + 28, 2));
    if (begin > size || m.compressed > size - begin)
        input_error(at(name, size) + ": member " + printable(m.name) + " is truncated; expected " +
                    std::to_string(m.compressed) + " bytes from byte offset " +
                    std::to_string(begin));
    if (m.method == 0) {  // stored: a .npy in place
        NpyArray a = parse_npy(d + begin, static_cast<size_t>(m.compressed), where);
        a.where = name;  // stored bytes are file bytes: offsets count from the file start
        a.data_offset += begin;
        return a;
    }
    if (m.method != 8)
        input_error(where + ": compression method " + std::to_string(m.method) +
                    "; expected stored (numpy.savez) or deflated (numpy.savez_compressed)");
    // Deflated (savez_compressed): inflate into memory, then parse that copy.
    // Deflate expands at most 1032 to 1: a larger claim is a damaged header, refused
    // before it can become a huge allocation.
    if (m.uncompressed / 1032 > m.compressed + 1)
        input_error(where + ": claims " + std::to_string(m.uncompressed) + " bytes from " +
                    std::to_string(m.compressed) + " compressed; expected at most 1032 times as many");
    std::vector<unsigned char> bytes(static_cast<size_t>(m.uncompressed));
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw Failure(kExitFailure, "zlib: cannot start");
    z.next_in = const_cast<unsigned char *>(d + begin);
    size_t in_left = static_cast<size_t>(m.compressed), out_done = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {  // zlib counts in 32 bits: feed it in slices
        uInt in_now = static_cast<uInt>(std::min<size_t>(in_left, 1u << 30));
        uInt out_now = static_cast<uInt>(std::min<size_t>(bytes.size() - out_done, 1u << 30));
        z.next_in = const_cast<unsigned char *>(d + begin + (m.compressed - in_left));
        z.avail_in = in_now;
        z.next_out = bytes.data() + out_done;
        z.avail_out = out_now;
        rc = inflate(&z, Z_NO_FLUSH);
        in_left -= in_now - z.avail_in;
        out_done += out_now - z.avail_out;
        if (rc == Z_OK && in_now == z.avail_in && out_now == z.avail_out) rc = Z_BUF_ERROR;
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END || out_done != bytes.size())
        input_error(where + ": corrupt deflate data near compressed byte " +
                    std::to_string(m.compressed - in_left) + "; expected " +
                    std::to_string(m.uncompressed) + " bytes");
    uLong crc = 0;
    for (size_t off = 0; off < bytes.size(); off += 1u << 30)
        crc = crc32(crc, bytes.data() + off,
                    static_cast<uInt>(std::min<size_t>(bytes.size() - off, 1u << 30)));
    if (static_cast<uint32_t>(crc) != m.crc)
        input_error(where + ": CRC-32 mismatch; expected the checksum stored in the archive");
    NpyArray a = parse_npy(bytes.data(), bytes.size(), where);
    if (a.owned.empty()) {  // keep the inflated bytes alive with the array
        size_t off = static_cast<size_t>(a.data - bytes.data());
        a.owned = std::move(bytes);
        a.data = a.owned.data() + off;
    }
    return a;
}

}  // namespace tqcli
