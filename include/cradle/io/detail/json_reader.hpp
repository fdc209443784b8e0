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
#include <unordered_map>
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
        if (auto known = units_.find(*s); known != units_.end()) return known->second;
        try {
            unit u = parse_unit(*s);
            if (units_.size() < max_cached_units) units_.emplace(*s, u);
            return u;
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
        for (std::size_t i = 0; i < it->size(); ++i)
            element((*it)[i], path + "/" + key + "/" + std::to_string(i), each);
    }

    /// One element `e` of an array of objects, at `path`: `each(e, path)`, or a problem if `e` is
    /// not an object.
    template <class F> void element(const nlohmann::json& e, const std::string& path, F&& each) {
        if (!e.is_object()) {
            fail(path, "json-type", std::string("expected an object, got ") + e.type_name());
            return;
        }
        each(e, path);
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
    /// A model writes few distinct unit strings over many exchanges: each is parsed once (a
    /// hostile file with a million distinct ones is parsed without the cache past this bound).
    static constexpr std::size_t max_cached_units = 4096;

    std::string source_;
    std::vector<problem> problems_;
    std::unordered_map<std::string, unit> units_; ///< unit string as written -> parsed
};

} // namespace detail

} // namespace cradle
