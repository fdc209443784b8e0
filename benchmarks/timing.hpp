// SPDX-License-Identifier: Apache-2.0
// The one timing helper of the benchmarks: the median of `repeats` runs of `f`, in ms.
#pragma once

#include <algorithm>
#include <chrono>
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
} // namespace bench
