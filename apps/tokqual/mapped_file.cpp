#include "mapped_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.hpp"

namespace tqcli {

namespace {

std::string shown_name(const std::string &path) { return path == "-" ? "<stdin>" : path; }

// Reads a descriptor that cannot be mapped (a pipe, a terminal) to its end.
std::vector<unsigned char> read_all(int fd, const std::string &path) {
    std::vector<unsigned char> bytes;
    size_t used = 0;
    for (;;) {
        if (bytes.size() - used < 65536) bytes.resize(bytes.size() + (bytes.size() / 2) + 65536);
        ssize_t got = ::read(fd, bytes.data() + used, bytes.size() - used);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) input_error(shown_name(path) + ": cannot read: " + std::strerror(errno));
        if (got == 0) break;
        used += static_cast<size_t>(got);
    }
    bytes.resize(used);
    return bytes;
}

}  // namespace

MappedFile::MappedFile(const std::string &path) : path_(path) {
    if (path == "-") {
        copy_ = read_all(STDIN_FILENO, path);
        data_ = copy_.data();
        size_ = copy_.size();
        return;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) input_error(path + ": cannot open: " + std::strerror(errno));
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        int e = errno;
        ::close(fd);
        input_error(path + ": cannot read: " + std::strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        input_error(path + ": is a directory, expected a file");
    }
    if (!S_ISREG(st.st_mode)) {  // a FIFO or a device: read it through
        try {
            copy_ = read_all(fd, path);
        } catch (...) {
            ::close(fd);
            throw;
        }
        ::close(fd);
        data_ = copy_.data();
        size_ = copy_.size();
        return;
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
        void *p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            ::close(fd);
            input_error(path + ": cannot map: " + std::strerror(e));
        }
        data_ = static_cast<const unsigned char *>(p);
        mapped_ = true;
    }
    ::close(fd);  // the mapping stays valid
}

MappedFile::~MappedFile() { reset(); }

void MappedFile::reset() {
    if (mapped_) ::munmap(const_cast<unsigned char *>(data_), size_);
    data_ = nullptr;
    size_ = 0;
    mapped_ = false;
    copy_.clear();
}

MappedFile::MappedFile(MappedFile &&other) noexcept { *this = std::move(other); }

MappedFile &MappedFile::operator=(MappedFile &&other) noexcept {
    if (this == &other) return *this;
    reset();
    path_ = std::move(other.path_);
    mapped_ = other.mapped_;
    copy_ = std::move(other.copy_);
    // A moved vector keeps its buffer, so the pointer into it stays right.
    data_ = mapped_ ? other.data_ : copy_.data();
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
    other.mapped_ = false;
    return *this;
}

void MappedFile::release(size_t begin, size_t end) const {
    if (!mapped_ || end <= begin) return;
    const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    size_t first = (begin + page - 1) / page * page;  // only whole pages inside the range
    size_t last = end / page * page;
    if (last > first)
        ::madvise(const_cast<unsigned char *>(data_) + first, last - first, MADV_DONTNEED);
}

void MappedFile::advise_sequential() const {
    if (mapped_ && size_ > 0)
        ::madvise(const_cast<unsigned char *>(data_), size_, MADV_SEQUENTIAL);
}

}  // namespace tqcli
