// Where a report goes: standard output, or --output FILE written atomically (a temporary
// file in the same directory, synced to disk, then renamed over FILE only when the whole
// report is written; the directory is synced after the rename).
// Standard output is buffered until commit() too, so a failed run prints nothing there.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace tqcli {

class Output {
public:
    explicit Output(std::string path);  // "" or "-" = standard output
    ~Output();                          // discards everything unless committed
    Output(const Output &) = delete;
    Output &operator=(const Output &) = delete;

    FILE *file() const { return file_; }
    void write(std::string_view s) const { std::fwrite(s.data(), 1, s.size(), file_); }
    // Is the final destination a terminal (for colour)?
    bool is_terminal() const;
    // Finishes the report: flushes, fsyncs and renames (or copies the buffer to stdout).
    // Throws a Failure (exit 1) when writing failed.
    void commit();

private:
    std::string path_, temp_path_;
    FILE *file_ = nullptr;
    char *buffer_ = nullptr;  // open_memstream's buffer for standard output
    size_t buffer_size_ = 0;
    bool committed_ = false;
};

}  // namespace tqcli
