// cradle._core — what the per-group binding files share (private to bindings/python).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/analysis/supply_chain.hpp"
#include "cradle/cradle.hpp"
#include "cradle/exchange/pact.hpp"

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <memory>
#include <mutex>
#include <optional>

namespace cradle::python {

namespace py = pybind11;

/// Everything of one calculation the Python side needs, solved once.
struct solved_system {
    std::shared_ptr<const product_system> model; ///< the linked model it was compiled from
    std::shared_ptr<const compiled_system> sys;
    std::shared_ptr<const characterization> ch;
    std::shared_ptr<const factorization> lu;
    /// Monte Carlo: the uncertain system and its prepared base, made on first use and kept
    struct monte_carlo_cache {
        std::mutex mutex;
        std::shared_ptr<const uncertain_system> us;
        std::shared_ptr<const monte_carlo_base> base;
    };
    std::shared_ptr<monte_carlo_cache> mc = std::make_shared<monte_carlo_cache>();
};

using system_class = py::class_<solved_system>;

// One function per group, mirroring include/cradle/ (called in this order by module.cpp).
void bind_errors(py::module_& m);
void bind_model(py::module_& m);
void bind_io(py::module_& m);
void bind_data(py::module_& m);
system_class bind_engine(py::module_& m);
void bind_analysis(py::module_& m, system_class& system);
void bind_exchange(py::module_& m, system_class& system);
void bind_provenance(py::module_& m);

} // namespace cradle::python
