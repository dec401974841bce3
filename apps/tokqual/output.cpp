#include "output.hpp"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.hpp"

namespace tqcli {

Output::Output(std::string path) : path_(std::move(path)) {
    if (path_.empty() || path_ == "-") {
        path_.clear();
        file_ = open_memstream(&buffer_, &buffer_size_);
        if (file_ == nullptr) throw Failure(kExitFailure, "cannot buffer the output: out of memory");
        return;
    }
    // Something that is not a regular file (/dev/null, a FIFO, a terminal) is written to
    // directly: renaming a file over it would replace the device or pipe itself.
    struct stat st;
    if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        file_ = std::fopen(path_.c_str(), "w");
        if (file_ == nullptr)
            throw Failure(kExitFailure, path_ + ": cannot write: " + std::strerror(errno));
        return;
    }
    // A symbolic link stays a link: its target is what gets replaced.
    char resolved[PATH_MAX];
    if (::lstat(path_.c_str(), &st) == 0 && S_ISLNK(st.st_mode) &&
        ::realpath(path_.c_str(), resolved) != nullptr)
        path_ = resolved;
    // The temporary file sits next to the target so that rename() is atomic.
    temp_path_ = path_ + ".tmp.XXXXXX";
    int fd = ::mkstemp(temp_path_.data());
    if (fd < 0)
        throw Failure(kExitFailure, path_ + ": cannot create the output file: " + std::strerror(errno));
    file_ = ::fdopen(fd, "w");
    if (file_ == nullptr) {
        ::close(fd);
        ::unlink(temp_path_.c_str());
        throw Failure(kExitFailure, path_ + ": cannot write: " + std::strerror(errno));
    }
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);  // reports run to tens of MB: few writes
}

Output::~Output() {
    if (file_ != nullptr) std::fclose(file_);
    if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
    std::free(buffer_);
}

bool Output::is_terminal() const { return path_.empty() && ::isatty(STDOUT_FILENO) == 1; }

void Output::commit() {
    // The bytes reach the disk before the rename makes them the file (fsync), so that a
    // crash or power cut after the rename cannot leave a renamed but empty or partial
    // file; a failed or interrupted run never touches FILE at all.
    bool ok = std::fflush(file_) == 0 && !std::ferror(file_);
    int e = errno;
    if (ok && !temp_path_.empty() && ::fsync(::fileno(file_)) != 0) {
        ok = false;
        e = errno;
    }
    if (std::fclose(file_) != 0 && ok) {
        ok = false;
        e = errno;
    }
    file_ = nullptr;
    if (!ok)
        throw Failure(kExitFailure, (path_.empty() ? "<stdout>" : path_) +
                                        ": cannot write: " + std::strerror(e));
    if (temp_path_.empty() && !path_.empty()) {  // written in place (a device or a pipe)
        committed_ = true;
        return;
    }
    if (path_.empty()) {
        if (std::fwrite(buffer_, 1, buffer_size_, stdout) != buffer_size_ || std::fflush(stdout) != 0)
            throw Failure(kExitFailure, std::string("<stdout>: cannot write: ") + std::strerror(errno));
        committed_ = true;
        return;
    }
    // mkstemp creates the file 0600; give it the mode a new file would get.
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::chmod(temp_path_.c_str(), 0666 & ~mask);
    if (::rename(temp_path_.c_str(), path_.c_str()) != 0)
        throw Failure(kExitFailure, path_ + ": cannot replace: " + std::strerror(errno));
    committed_ = true;
    // The rename itself is an update of the directory: sync it too. Best effort (some
    // file systems refuse to sync a directory), since the report is already in place.
    const size_t slash = path_.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path_.substr(0, slash);
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace tqcli
