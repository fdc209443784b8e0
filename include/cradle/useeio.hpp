// Deprecated in 0.2 (removed in 0.3): include the header(s) below, or <cradle/cradle.hpp>.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/input_output.hpp"
#include "cradle/io/useeio.hpp"
