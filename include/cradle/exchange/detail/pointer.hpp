// cradle — JSON pointer tokens (RFC 6901) for the exchange stage's problem paths.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace cradle::pact::detail {

/// A member name as a JSON pointer token (RFC 6901: '~' as "~0", '/' as "~1").
[[nodiscard]] inline std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

} // namespace cradle::pact::detail
