// cradle — product carbon footprints by the matrix method of LCA.
// SPDX-License-Identifier: Apache-2.0
//
// Stages, each a pure function or an immutable value:
//   model (model.hpp, json.hpp) -> compile(): index + A, B (matrices.hpp)
//   -> characterize(): C (characterization.hpp) -> factorize() (solver.hpp)
//   -> calculate(): s = A⁻¹f, g = Bs, h = Cg (results.hpp) -> analysis (results.hpp)
#pragma once

#include "cradle/calculator.hpp"
#include "cradle/characterization.hpp"
#include "cradle/error.hpp"
#include "cradle/factors.hpp"
#include "cradle/formula.hpp"
#include "cradle/gwp.hpp"
#include "cradle/index.hpp"
#include "cradle/io.hpp"
#include "cradle/json.hpp"
#include "cradle/link.hpp"
#include "cradle/matrices.hpp"
#include "cradle/model.hpp"
#include "cradle/parameters.hpp"
#include "cradle/results.hpp"
#include "cradle/solver.hpp"
#include "cradle/units.hpp"
#include "cradle/useeio.hpp"
#include "cradle/version.hpp"
