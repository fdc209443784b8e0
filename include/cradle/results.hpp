// Deprecated in 0.2 (removed in 0.3): include the header(s) below, or <cradle/cradle.hpp>.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/analysis/contributions.hpp"
#include "cradle/analysis/upstream.hpp"
#include "cradle/engine/calculate.hpp"
