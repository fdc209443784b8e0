// SPDX-License-Identifier: Apache-2.0
// Times the JSON model file of a synthetic ecoinvent-sized system (benchmarks/synthetic.hpp):
// writing it, reading it with read_model (the processes read as the text streams by), reading it
// as one parsed document (model_from_json(nlohmann::json::parse(text))), and compile() of what was
// read; with the peak memory of each read, measured from the memory in use before it.
//
// Usage: cradle_bench_model_file [processes] [repeats]
#include "synthetic.hpp"
#include "timing.hpp"

#include <cradle/cradle.hpp>

#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

/// Peak memory of `f` over the memory in use before it (MB; -1 where it cannot be measured).
template <class F> double peak_of(F&& f) {
    malloc_trim(0);
    if (!bench::reset_peak()) return -1;
    const double before = bench::vm_hwm_mb();
    f();
    return bench::vm_hwm_mb() - before;
}

} // namespace

int main(int argc, char** argv) {
    using namespace cradle;
    bench::synthetic_options o;
    o.processes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 20000;
    o.core = std::min(o.core, o.processes * 3 / 10);
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    const auto file = std::filesystem::temp_directory_path() /
                      ("cradle-bench-model-" + std::to_string(o.processes) + ".json");
    std::size_t exchanges = 0;
    {
        const auto model = bench::synthetic_system(o);
        for (const auto& p : model.processes)
            exchanges += p.outputs.size() + p.inputs.size() + p.elementary.size();
        const double w = bench::median_ms(1, [&] { write_model(model, file); });
        std::printf("model file: %zu processes, %zu exchanges, %.1f MB; written in %.0f ms\n",
                    model.processes.size(), exchanges,
                    static_cast<double>(std::filesystem::file_size(file)) / 1e6, w);
    }
    product_system m;
    const double text_ms = bench::median_ms(repeats, [&] { std::string t = read_text_file(file); });
    const double read_ms = bench::median_ms(repeats, [&] {
        m = product_system{};
        m = read_model(file);
    });
    const double whole_ms = bench::median_ms(repeats, [&] {
        m = product_system{};
        m = model_from_json(nlohmann::json::parse(read_text_file(file)), file.string());
    });
    const double compile_ms = bench::median_ms(repeats, [&] { auto sys = compile(m); });
    m = product_system{};
    const double read_peak = peak_of([&] { m = read_model(file); });
    m = product_system{};
    const double whole_peak = peak_of(
        [&] { m = model_from_json(nlohmann::json::parse(read_text_file(file)), file.string()); });
    std::printf("%-58s %9.1f ms\n", "read the file into memory", text_ms);
    std::printf("%-58s %9.1f ms  peak +%.0f MB\n",
                "read_model (processes read as the text streams)", read_ms, read_peak);
    std::printf("%-58s %9.1f ms  peak +%.0f MB\n",
                "model_from_json(json::parse(text)) (one document)", whole_ms, whole_peak);
    std::printf("%-58s %9.1f ms\n", "compile() of the model read", compile_ms);
    std::filesystem::remove(file);
}
