// The public header used from C++11 (-pedantic-errors): it must compile, give the C
// functions C linkage (this links against libtokqual.so), and keep its types usable.
#include <tokqual/tokqual.h>

#include <cstdio>
#include <cstring>
#include <type_traits>

static_assert(std::is_standard_layout<tq_score_options>::value,
              "option structs are plain C structs");
static_assert(sizeof(int32_t) == 4, "enum-valued options are 32-bit");

int main() {
    tq_score_options options;
    if (tq_score_options_init(&options) != TQ_OK) return 1;
    if (options.struct_size != sizeof options) return 1;
    if (tq_version_number() != TQ_VERSION_NUMBER) return 1;
    if (std::strcmp(tq_status_string(TQ_OK), "ok") != 0) return 1;
    std::printf("C++11 consumer: tokqual %s\n", tq_version());
    return 0;
}
