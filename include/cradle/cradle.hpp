// cradle — product carbon footprints by the matrix method of LCA. The one-include umbrella.
// SPDX-License-Identifier: Apache-2.0
//
// Stages (docs/architecture.md), each a folder, lower ones never including higher ones:
//   model/    value types, units, formulas and parameters
//   io/       the JSON model format, files, USEEIO folders
//   data/     factor datasets, GWP tables, the bundled data, background linking
//   engine/   index + A, B (compile), C (characterize), factorize, calculate
//   analysis/ contributions, upstream totals and tree, calculators, product rules
#pragma once

#include "cradle/error.hpp"
#include "cradle/sparse.hpp"
#include "cradle/version.hpp"

#include "cradle/model/formula.hpp"
#include "cradle/model/model.hpp"
#include "cradle/model/parameters.hpp"
#include "cradle/model/pedigree.hpp"
#include "cradle/model/units.hpp"

#include "cradle/io/archive.hpp"
#include "cradle/io/ecospold.hpp"
#include "cradle/io/files.hpp"
#include "cradle/io/inventory.hpp"
#include "cradle/io/json.hpp"
#include "cradle/io/olca.hpp"
#include "cradle/io/useeio.hpp"

#include "cradle/data/bundled.hpp"
#include "cradle/data/factors.hpp"
#include "cradle/data/ghg_flows.hpp"
#include "cradle/data/gwp.hpp"
#include "cradle/data/link.hpp"
#include "cradle/data/process_db.hpp"

#include "cradle/engine/calculate.hpp"
#include "cradle/engine/characterization.hpp"
#include "cradle/engine/index.hpp"
#include "cradle/engine/input_output.hpp"
#include "cradle/engine/matrices.hpp"
#include "cradle/engine/sampling.hpp"
#include "cradle/engine/solver.hpp"
#include "cradle/engine/uncertain.hpp"

#include "cradle/analysis/calculator.hpp"
#include "cradle/analysis/contributions.hpp"
#include "cradle/analysis/monte_carlo.hpp"
#include "cradle/analysis/rules.hpp"
#include "cradle/analysis/upstream.hpp"

#include "cradle/exchange/pact.hpp"
