// SPDX-License-Identifier: Apache-2.0
#pragma once

#define CRADLE_VERSION_MAJOR 0
#define CRADLE_VERSION_MINOR 1
#define CRADLE_VERSION_PATCH 0

namespace cradle {
inline constexpr const char* version = "0.1.0";
}
