// tokqual: the command-line tool. Written against the public C API only (tokqual.h),
// linked like any other program that uses the library.
#include <cstdio>
#include <exception>
#include <new>

#include "args.hpp"
#include "errors.hpp"

int main(int argc, char **argv) {
    try {
        return tqcli::parse_and_run(argc, argv);
    } catch (const tqcli::Failure &f) {
        std::fprintf(stderr, "tokqual: %s\n", f.what());
        return f.status;
    } catch (const std::bad_alloc &) {
        std::fprintf(stderr, "tokqual: out of memory\n");
        return tqcli::kExitFailure;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "tokqual: %s\n", e.what());
        return tqcli::kExitFailure;
    }
}
