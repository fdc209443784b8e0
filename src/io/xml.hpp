// cradle — internal: strict, safe XML reading for the EcoSpold importers (pugixml).
// SPDX-License-Identifier: Apache-2.0
//
// pugixml expands no entity but the five predefined ones and character references: no external
// entity is ever fetched (XXE) and no entity bomb can grow (billion laughs). A document with a
// DOCTYPE is refused outright ("xml-doctype"): EcoSpold has none, and a DTD in a database file
// is a sign of tampering. Element names are compared without their namespace prefix.
#pragma once

#include "cradle/error.hpp"

#include <pugixml.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cradle::detail {

/// `name` without its namespace prefix ("es:activity" -> "activity").
[[nodiscard]] inline std::string_view local_name(const char* name) {
    std::string_view s(name);
    const auto colon = s.find(':');
    return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

/// The first child element of `n` named `name` (any prefix).
[[nodiscard]] inline pugi::xml_node child(pugi::xml_node n, std::string_view name) {
    for (auto c = n.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && local_name(c.name()) == name) return c;
    return {};
}

/// Every child element of `n` named `name`.
[[nodiscard]] inline std::vector<pugi::xml_node> children(pugi::xml_node n, std::string_view name) {
    std::vector<pugi::xml_node> out;
    for (auto c = n.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && local_name(c.name()) == name) out.push_back(c);
    return out;
}

/// Attribute `name` of `n` (any prefix), or a null attribute.
[[nodiscard]] inline pugi::xml_attribute attribute(pugi::xml_node n, std::string_view name) {
    for (auto a = n.first_attribute(); a; a = a.next_attribute())
        if (local_name(a.name()) == name) return a;
    return {};
}

/// A finite number written in full ("1.5E-4"), or nullopt.
[[nodiscard]] inline std::optional<double> parse_xml_number(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
        s.remove_suffix(1);
    if (s.empty() || s.size() > 64) return std::nullopt;
    const std::string text(s);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v))
        return std::nullopt;
    return v;
}

/// Parse `text` into `doc`; false, with the problem recorded, if it is not well-formed XML or
/// has a DOCTYPE.
[[nodiscard]] inline bool parse_xml(pugi::xml_document& doc, const std::string& text,
                                    const std::string& where, std::vector<problem>& errors) {
    const auto res = doc.load_buffer(
        text.data(), text.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_auto);
    if (!res) {
        errors.push_back({"xml-syntax", where + ": byte " + std::to_string(res.offset) + ": " +
                                            res.description()});
        return false;
    }
    for (auto n = doc.first_child(); n; n = n.next_sibling())
        if (n.type() == pugi::node_doctype) {
            errors.push_back({"xml-doctype", where + ": a DOCTYPE (document type definition) is "
                                                     "not accepted in a database file"});
            return false;
        }
    return true;
}

} // namespace cradle::detail
