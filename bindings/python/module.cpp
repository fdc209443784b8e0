// cradle._core — pybind11 bindings of the C++ engine (private; use the `cradle` package). One
// binding file per group, mirroring include/cradle/ (common.hpp lists them).
// SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

#include "cradle/exchange/crypto.hpp"
#include "cradle/io/archive.hpp"
#include "cradle/io/ecospold.hpp"

PYBIND11_MODULE(_core, m) {
    using namespace cradle::python;
    m.doc() = "cradle C++ engine (private module; import cradle)";
    m.attr("__version__") = std::string(cradle::version);
    m.attr("ILL_CONDITIONED_PIVOT_RATIO") = cradle::ill_conditioned_pivot_ratio;
    // the optional parts this build has (cmake/CradleDependencies.cmake); cradle.features
    py::dict features;
    features["signatures"] = cradle::crypto::available();
    features["zip"] = cradle::reads_zip_files();
    features["ecospold"] = cradle::reads_ecospold();
    m.attr("_features") = features;
    bind_errors(m);
    bind_model(m);
    bind_io(m);
    bind_data(m);
    system_class system = bind_engine(m);
    bind_analysis(m, system);
    bind_exchange(m, system);
    bind_provenance(m);
}
