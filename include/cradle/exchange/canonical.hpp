// cradle — the JSON Canonicalization Scheme (RFC 8785): one byte string per JSON value, so that
// a hash or a signature over a document does not depend on how it was pretty-printed.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace cradle::jcs {

/// `v` as ECMAScript's Number.prototype.toString writes it (RFC 8785 §3.2.2.3): the shortest
/// digits that round-trip, plain notation for 1e-7 < |v| < 1e21, exponent notation otherwise
/// ("1e+21", "1e-7"), "-0" as "0". exchange_error "jcs-number" for NaN and infinities.
[[nodiscard]] std::string number(double v);

/// The canonical form of `value` (RFC 8785): no whitespace, object members sorted by the UTF-16
/// code units of their names, strings with only the escapes the RFC prescribes, numbers by
/// number(). Integers are written as the IEEE 754 double they denote, as ECMAScript reads them.
/// exchange_error "jcs-number" (non-finite number) or "jcs-string" (invalid UTF-8), naming the
/// JSON pointer of the culprit.
[[nodiscard]] std::string canonicalize(const nlohmann::json& value);

} // namespace cradle::jcs
