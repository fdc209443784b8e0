// cradle — typed index maps kept beside the matrices.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/detail/id_table.hpp"
#include "cradle/model/model.hpp"

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cradle {

/// An index that cannot be mixed up with another kind of index.
template <class Tag> struct strong_index {
    std::size_t value{0};
    constexpr strong_index() = default;
    constexpr explicit strong_index(std::size_t v) : value(v) {}
    [[nodiscard]] constexpr auto operator<=>(const strong_index&) const = default;
};

using product_row = strong_index<struct product_row_tag>;   ///< row of A
using process_col = strong_index<struct process_col_tag>;   ///< column of A and B
using elementary_row = strong_index<struct elementary_tag>; ///< row of B, column of C
using indicator_row = strong_index<struct indicator_tag>;   ///< row of C

/// A column of the technosphere: one process delivering one product. A
/// process with allocated co-products becomes one column per output; its
/// columns share `process` and differ in `product`.
struct tech_flow {
    std::string process; ///< process id in the model
    std::string product; ///< product flow id (the reference output of this column)
    std::string name;    ///< process name (or id)
    std::string location;
    std::string stage;
    std::vector<std::string> tags;
    unit product_unit;      ///< unit of the product row in A
    double allocation{1.0}; ///< share of the process's inputs and emissions in this column
    bool allocated{false};  ///< true when the process was split by allocation

    /// "process" or "process/product" when the process was split.
    [[nodiscard]] std::string label() const {
        return allocated ? process + "/" + product : process;
    }
};

/// Row and column maps of a compiled system, both ways. Rows of A and columns
/// of A are in one-to-one correspondence: column j makes the product of row j.
class system_index {
  public:
    system_index() = default;
    system_index(std::vector<tech_flow> columns, std::vector<flow> elementary)
        : columns_(std::move(columns)), elementary_(std::move(elementary)) {
        by_key_.reserve(columns_.size());
        by_process_.reserve(columns_.size());
        by_flow_.reserve(elementary_.size());
        std::string k;
        for (std::size_t j = 0; j < columns_.size(); ++j) {
            key(columns_[j].process, columns_[j].product, k);
            (void)by_key_.insert(k, j);
            (void)by_process_.insert(columns_[j].process, j); // first column of the process
        }
        for (std::size_t i = 0; i < elementary_.size(); ++i)
            (void)by_flow_.insert(elementary_[i].id, i);
    }

    [[nodiscard]] std::size_t size() const noexcept { return columns_.size(); }
    [[nodiscard]] std::size_t elementary_size() const noexcept { return elementary_.size(); }

    [[nodiscard]] const tech_flow& column(process_col j) const { return columns_.at(j.value); }
    [[nodiscard]] const tech_flow& product(product_row i) const { return columns_.at(i.value); }
    [[nodiscard]] const std::vector<tech_flow>& columns() const noexcept { return columns_; }
    [[nodiscard]] const flow& elementary(elementary_row i) const { return elementary_.at(i.value); }
    [[nodiscard]] const std::vector<flow>& elementary_flows() const noexcept { return elementary_; }

    [[nodiscard]] static constexpr product_row row_of(process_col j) noexcept {
        return product_row{j.value};
    }
    [[nodiscard]] static constexpr process_col column_of(product_row i) noexcept {
        return process_col{i.value};
    }

    /// Column of `process` making `product`; if `product` is empty, the
    /// process's first (reference) column.
    [[nodiscard]] std::optional<process_col> find(const std::string& process,
                                                  const std::string& product = {}) const {
        if (product.empty()) {
            const std::size_t j = by_process_.find(process);
            if (j == detail::id_table::npos) return std::nullopt;
            return process_col{j};
        }
        std::string k;
        key(process, product, k);
        const std::size_t j = by_key_.find(k);
        if (j == detail::id_table::npos) return std::nullopt;
        return process_col{j};
    }

    [[nodiscard]] std::optional<elementary_row> find_elementary(const std::string& id) const {
        const std::size_t i = by_flow_.find(id);
        if (i == detail::id_table::npos) return std::nullopt;
        return elementary_row{i};
    }

  private:
    static void key(const std::string& p, const std::string& f, std::string& out) {
        out.assign(p).append(1, '\x1f').append(f);
    }

    std::vector<tech_flow> columns_;
    std::vector<flow> elementary_;
    detail::id_table by_key_;     ///< "process\x1fproduct" -> column
    detail::id_table by_process_; ///< process -> its first column
    detail::id_table by_flow_;    ///< elementary flow id -> row of B
};

} // namespace cradle
