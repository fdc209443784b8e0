// cradle — internal: a JSON document reader that records every problem with its JSON path.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/error.hpp"
#include "cradle/model/units.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cradle {

namespace detail {

class json_reader {
  public:
    explicit json_reader(std::string source) : source_(std::move(source)) {}

    void fail(const std::string& path, std::string id, const std::string& what) {
        problems_.push_back(
            {std::move(id), source_ + ": " + (path.empty() ? "/" : path) + ": " + what});
    }
    [[nodiscard]] std::vector<problem>& problems() { return problems_; }

    /// Reject members not in `allowed` (typos must not pass silently).
    /// "$schema" and "comment" are always allowed.
    void only(const nlohmann::json& j, const std::string& path,
              std::initializer_list<std::string_view> allowed) {
        for (const auto& [key, _] : j.items()) {
            if (key == "$schema" || key == "comment") continue;
            bool ok = false;
            for (auto a : allowed)
                ok = ok || key == a;
            if (!ok) fail(path + "/" + key, "json-unknown-member", "unknown member '" + key + "'");
        }
    }

    /// Member `key` of type T (checked with `is`); nullopt, with a problem recorded, when
    /// it is missing (and required) or of another type.
    template <class T>
    std::optional<T> member(const nlohmann::json& j, const std::string& path, const char* key,
                            bool required, bool (nlohmann::json::*is)() const noexcept,
                            const char* expected) {
        auto it = j.find(key);
        if (it == j.end()) {
            if (required) fail(path + "/" + key, "json-missing", "required member is missing");
            return std::nullopt;
        }
        if (!((*it).*is)()) {
            fail(path + "/" + key, "json-type",
                 std::string("expected ") + expected + ", got " + it->type_name());
            return std::nullopt;
        }
        return it->get<T>();
    }

    std::optional<std::string> str(const nlohmann::json& j, const std::string& path,
                                   const char* key, bool required) {
        return member<std::string>(j, path, key, required, &nlohmann::json::is_string, "a string");
    }

    std::optional<double> num(const nlohmann::json& j, const std::string& path, const char* key,
                              bool required) {
        return member<double>(j, path, key, required, &nlohmann::json::is_number, "a number");
    }

    std::optional<unit> unit_of(const nlohmann::json& j, const std::string& path, const char* key,
                                bool required) {
        auto s = str(j, path, key, required);
        if (!s) return std::nullopt;
        try {
            return parse_unit(*s);
        } catch (const unit_error& e) {
            fail(path + "/" + key, e.id(), e.message());
            return std::nullopt;
        }
    }

    template <class F>
    void array(const nlohmann::json& j, const std::string& path, const char* key, bool required,
               F&& each) {
        auto it = j.find(key);
        if (it == j.end()) {
            if (required) fail(path + "/" + key, "json-missing", "required member is missing");
            return;
        }
        if (!it->is_array()) {
            fail(path + "/" + key, "json-type",
                 std::string("expected an array, got ") + it->type_name());
            return;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& e = (*it)[i];
            const std::string p = path + "/" + key + "/" + std::to_string(i);
            if (!e.is_object()) {
                fail(p, "json-type", std::string("expected an object, got ") + e.type_name());
                continue;
            }
            each(e, p);
        }
    }

    template <class E>
    std::optional<E> enumeration(const nlohmann::json& j, const std::string& path, const char* key,
                                 std::initializer_list<std::pair<std::string_view, E>> values) {
        auto s = str(j, path, key, false);
        if (!s) return std::nullopt;
        std::string names;
        for (const auto& [name, v] : values) {
            if (*s == name) return v;
            names += (names.empty() ? "" : ", ") + std::string(name);
        }
        fail(path + "/" + key, "json-value", "'" + *s + "' is not one of: " + names);
        return std::nullopt;
    }

  private:
    std::string source_;
    std::vector<problem> problems_;
};

} // namespace detail

} // namespace cradle
