// SPDX-License-Identifier: Apache-2.0
// The timing helpers of the benchmarks: the median of `repeats` runs of `f`, in ms, and the
// process's peak resident memory (Linux), which can be set back to the current one.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace bench {
template <class F> double median_ms(int repeats, F&& f) {
    std::vector<double> t;
    for (int i = 0; i < repeats; ++i) {
        const auto a = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a)
                        .count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

/// VmHWM from /proc/self/status (MB; -1 where there is none); reset_peak() sets it back to the
/// current RSS.
inline double vm_hwm_mb() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    double kb = -1;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "VmHWM: %lf kB", &kb) == 1) break;
    std::fclose(f);
    return kb / 1024.0;
}
inline bool reset_peak() {
    std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
    if (!f) return false;
    const bool ok = std::fputs("5", f) >= 0;
    std::fclose(f);
    return ok;
}
} // namespace bench
