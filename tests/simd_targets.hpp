// Running a test once per SIMD target: the library's Highway kernels are dispatched to the
// best instruction set of the CPU, so without this only that one would ever be tested.
#pragma once

#include <gtest/gtest.h>
#include <hwy/targets.h>

#include <cstdint>

namespace tqtest {

// Runs f once for every Highway target compiled in that this CPU supports, then gives the
// dispatcher back its own choice.
template <class F>
void for_each_simd_target(const F &f) {
    for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
        hwy::SetSupportedTargetsForTest(target);
        SCOPED_TRACE(hwy::TargetName(target));
        f();
    }
    hwy::SetSupportedTargetsForTest(0);
}

}  // namespace tqtest
