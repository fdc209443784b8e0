// cradle._core — the exception hierarchy rooted at cradle.Error (C++ messages, .id, .problems,
// .processes). SPDX-License-Identifier: Apache-2.0
#include "common.hpp"

namespace cradle::python {
namespace {

/// Raise `exc` with the C++ message, plus `.id` and one more attribute (`name` = `value`).
void raise_with(const py::object& exc, const error& e, const char* name, const py::object& value) {
    PyObject* instance = PyObject_CallFunction(exc.ptr(), "s", e.what());
    if (instance == nullptr) return; // the constructor's own exception stays set
    py::object obj = py::reinterpret_steal<py::object>(instance);
    obj.attr(name) = value;
    obj.attr("id") = e.id();
    PyErr_SetObject(exc.ptr(), obj.ptr());
}

} // namespace

void bind_errors(py::module_& m) {
    // ---- errors: one hierarchy rooted at cradle.Error, same messages as C++
    static py::exception<error> base(m, "Error");
    static py::exception<input_error> input_exc(m, "InputError", base.ptr());
    static py::exception<unit_error> unit_exc(m, "UnitError", base.ptr());
    static py::exception<model_error> model_exc(m, "ModelError", base.ptr());
    static py::exception<data_error> data_exc(m, "DataError", base.ptr());
    static py::exception<solver_error> solver_exc(m, "SolverError", base.ptr());
    static py::exception<exchange_error> exchange_exc(m, "ExchangeError", base.ptr());
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const solver_error& e) {
            raise_with(solver_exc, e, "processes", py::cast(e.processes()));
        } catch (const model_error& e) {
            py::list problems;
            for (const auto& pr : e.problems())
                problems.append(py::make_tuple(pr.id, pr.message));
            raise_with(model_exc, e, "problems", problems);
        } catch (const exchange_error& e) {
            py::list problems;
            for (const auto& pr : e.problems())
                problems.append(py::make_tuple(pr.id, pr.message));
            raise_with(exchange_exc, e, "problems", problems);
        } catch (const unit_error& e) {
            py::set_error(unit_exc, e.what());
        } catch (const input_error& e) {
            py::set_error(input_exc, e.what());
        } catch (const data_error& e) {
            py::set_error(data_exc, e.what());
        } catch (const error& e) {
            py::set_error(base, e.what());
        }
    });
}

} // namespace cradle::python
