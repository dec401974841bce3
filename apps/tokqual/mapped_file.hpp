// A whole input file as read-only bytes: memory-mapped when it is a regular file (never
// copied; the kernel pages it in as it is read), read into memory when it is a pipe or
// standard input ("-").
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace tqcli {

class MappedFile {
public:
    MappedFile() = default;
    // Opens `path` ("-" = standard input). Throws an input error naming the path when
    // it cannot be opened or read.
    explicit MappedFile(const std::string &path);
    ~MappedFile();
    MappedFile(MappedFile &&other) noexcept;
    MappedFile &operator=(MappedFile &&other) noexcept;
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    const unsigned char *data() const { return data_; }
    size_t size() const { return size_; }
    const std::string &path() const { return path_; }
    // Tells the kernel the bytes [begin, end) are no longer needed (mapped files only),
    // so reading a file larger than RAM in batches keeps memory bounded.
    void release(size_t begin, size_t end) const;
    // Tells the kernel the file will be read front to back.
    void advise_sequential() const;

private:
    void reset();
    std::string path_;
    const unsigned char *data_ = nullptr;
    size_t size_ = 0;
    bool mapped_ = false;
    std::vector<unsigned char> copy_;  // standard input or a pipe
};

}  // namespace tqcli
