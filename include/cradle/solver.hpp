// cradle — factorization of the technosphere and solves: s = A⁻¹f without forming A⁻¹.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/error.hpp"
#include "cradle/matrices.hpp"

#include <Eigen/OrderingMethods>
#include <Eigen/SparseLU>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace cradle {

/// Fill-reducing ordering used by the symbolic analysis.
enum class ordering : std::uint8_t {
    colamd,        ///< COLAMD on A (Eigen's SparseLU default)
    amd_symmetric, ///< AMD on the pattern of A + Aᵀ with diagonal-preferring pivots
};

struct solver_options {
    ordering order{ordering::amd_symmetric};
    /// A pivot smaller than this times the largest pivot marks the
    /// technosphere as nearly singular (error "near-singular-technosphere").
    double singularity_tolerance{1e-13};
};

/// The symbolic part of a factorization: the fill-reducing column ordering of
/// a sparsity pattern. Compute once, reuse while only the numbers change
/// (Monte Carlo, scenarios). Immutable.
class symbolic_analysis {
  public:
    using permutation = Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int>;

    symbolic_analysis(const sparse_matrix& A, solver_options options = {}) : options_(options) {
        if (A.rows() != A.cols())
            throw solver_error("non-square-technosphere",
                               "technosphere is " + std::to_string(A.rows()) + " x " +
                                   std::to_string(A.cols()) + ", must be square",
                               {});
        rows_ = A.rows();
        nnz_ = A.nonZeros();
        if (options.order == ordering::colamd) {
            Eigen::COLAMDOrdering<int> ord;
            ord(A, perm_);
        } else {
            Eigen::AMDOrdering<int> ord;
            ord(A, perm_); // AMD orders the pattern of A + Aᵀ
        }
    }

    [[nodiscard]] const permutation& column_permutation() const noexcept { return perm_; }
    [[nodiscard]] Eigen::Index size() const noexcept { return rows_; }
    [[nodiscard]] Eigen::Index non_zeros() const noexcept { return nnz_; }
    [[nodiscard]] const solver_options& options() const noexcept { return options_; }

  private:
    solver_options options_;
    permutation perm_;
    Eigen::Index rows_{0};
    Eigen::Index nnz_{0};
};

/// A numeric LU factorization of A (Eigen SparseLU on A·P⁻¹, P the symbolic
/// ordering). Immutable and cheap to copy (shared); solves are const and safe
/// to run from several threads at once.
class factorization {
  public:
    using lu_type = Eigen::SparseLU<sparse_matrix, Eigen::NaturalOrdering<int>>;

    [[nodiscard]] Eigen::Index size() const noexcept { return perm_.size(); }

    /// s = A⁻¹ f for one demand vector.
    [[nodiscard]] Eigen::VectorXd solve(const Eigen::Ref<const Eigen::VectorXd>& f) const {
        check_rows(f.rows());
        Eigen::VectorXd y = lu_->solve(f);
        return perm_.inverse() * y;
    }

    /// S = A⁻¹ F for a batch of demand vectors (one per column).
    [[nodiscard]] Eigen::MatrixXd solve_batch(const Eigen::Ref<const Eigen::MatrixXd>& F) const {
        check_rows(F.rows());
        Eigen::MatrixXd Y = lu_->solve(F);
        return perm_.inverse() * Y;
    }

    /// y = A⁻ᵀ c: one transposed solve (c a column).
    [[nodiscard]] Eigen::VectorXd solve_transposed(const Eigen::Ref<const Eigen::VectorXd>& c) const {
        check_rows(c.rows());
        Eigen::VectorXd pc = perm_ * c;
        return lu_->transpose().solve(pc);
    }

    /// Y = A⁻ᵀ Cᵀ for several right-hand sides at once (one per column).
    [[nodiscard]] Eigen::MatrixXd solve_transposed_batch(const Eigen::Ref<const Eigen::MatrixXd>& C) const {
        check_rows(C.rows());
        Eigen::MatrixXd pc = perm_ * C;
        return lu_->transpose().solve(pc);
    }

    /// Smallest |pivot| / largest |pivot| of U: a cheap singularity indicator.
    [[nodiscard]] double pivot_ratio() const noexcept { return pivot_ratio_; }

  private:
    friend factorization factorize(const symbolic_analysis&, const sparse_matrix&,
                                   std::span<const std::string>);

    void check_rows(Eigen::Index r) const {
        if (r != size())
            throw solver_error("dimension-mismatch",
                               "right-hand side has " + std::to_string(r) + " rows, technosphere " +
                                   std::to_string(size()),
                               {});
    }

    std::shared_ptr<lu_type> lu_;
    symbolic_analysis::permutation perm_;
    double pivot_ratio_{1.0};
};

namespace detail {
/// Names the process of original column `col` and the processes it is
/// linked to through A (its suppliers and customers), for singularity messages.
inline std::vector<std::string> involved(const sparse_matrix& A, Eigen::Index col,
                                         std::span<const std::string> names) {
    auto name = [&](Eigen::Index c) {
        return c < static_cast<Eigen::Index>(names.size()) ? names[static_cast<std::size_t>(c)]
                                                           : "column " + std::to_string(c);
    };
    std::vector<std::string> out{name(col)};
    std::set<Eigen::Index> linked;
    for (sparse_matrix::InnerIterator it(A, col); it; ++it)
        if (it.row() != col) linked.insert(it.row()); // its suppliers (row i made by column i)
    for (Eigen::Index c = 0; c < A.outerSize(); ++c)
        for (sparse_matrix::InnerIterator it(A, c); it; ++it)
            if (it.row() == col && c != col) linked.insert(c); // its customers
    for (auto c : linked)
        if (out.size() < 12) out.push_back(name(c));
    return out;
}

inline std::string join_names(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& n : v) s += (s.empty() ? "'" : ", '") + n + "'";
    return s;
}
} // namespace detail

/// Numeric factorization reusing a symbolic analysis. `names` labels the
/// columns (process ids) for error messages. Throws solver_error
/// "singular-technosphere" or "near-singular-technosphere" naming processes.
[[nodiscard]] inline factorization factorize(const symbolic_analysis& sym, const sparse_matrix& A,
                                             std::span<const std::string> names = {}) {
    if (A.rows() != sym.size() || A.cols() != sym.size())
        throw solver_error("pattern-mismatch",
                           "matrix is " + std::to_string(A.rows()) + " x " +
                               std::to_string(A.cols()) + ", the symbolic analysis was for " +
                               std::to_string(sym.size()),
                           {});
    factorization out;
    out.perm_ = sym.column_permutation();
    const sparse_matrix Ap = A * out.perm_.inverse(); // column i of A -> column perm(i)
    out.lu_ = std::make_shared<factorization::lu_type>();
    auto& lu = *out.lu_;
    if (sym.options().order == ordering::amd_symmetric) {
        lu.isSymmetric(true);       // keep the symmetric ordering (no etree post-order)
        lu.setPivotThreshold(0.01); // prefer the diagonal (the reference output)
    }
    lu.analyzePattern(Ap);
    lu.factorize(Ap);
    const symbolic_analysis::permutation inv = out.perm_.inverse();
    auto original_column = [&](Eigen::Index permuted) { return Eigen::Index{inv.indices()(permuted)}; };
    if (lu.info() != Eigen::Success) {
        const std::string msg = lu.lastErrorMessage();
        const auto at = msg.rfind(' ');
        Eigen::Index col = 0;
        if (at != std::string::npos) {
            try {
                col = std::stol(msg.substr(at + 1)) - 1;
            } catch (const std::exception&) {
                col = 0;
            }
        }
        col = std::clamp<Eigen::Index>(col, 0, A.cols() - 1);
        // the message counts columns of the factored (ordered) matrix
        const Eigen::Index c = factorization::lu_type::PermutationType(lu.colsPermutation().inverse()).indices()(col);
        auto who = detail::involved(A, original_column(c), names);
        throw solver_error("singular-technosphere",
                           "technosphere matrix is singular: the supply of process " +
                               detail::join_names(std::vector<std::string>{who.front()}) +
                               " is not determined; check it and the processes linked to it (" +
                               detail::join_names(who) +
                               ") for loops that consume all they make or outputs that cancel",
                           who);
    }
    // pivots of U (its diagonal) from the supernodal L store, as SparseLU's own determinant
    double umax = 0, umin = std::numeric_limits<double>::infinity();
    Eigen::Index at_min = 0;
    const auto& L = lu.matrixL().m_mapL;
    for (Eigen::Index j = 0; j < Ap.cols(); ++j) {
        double v = 0; // a missing diagonal entry is a zero pivot
        for (typename std::decay_t<decltype(L)>::InnerIterator it(L, j); it; ++it) {
            if (it.row() < j) continue;
            if (it.row() == j) v = std::abs(it.value());
            break;
        }
        umax = std::max(umax, v);
        if (v < umin) {
            umin = v;
            at_min = j;
        }
    }
    out.pivot_ratio_ = umax > 0 ? umin / umax : 0.0;
    if (!(out.pivot_ratio_ > sym.options().singularity_tolerance)) {
        // the pivot column is a column of the factored (permuted and post-ordered) matrix
        const Eigen::Index c = factorization::lu_type::PermutationType(lu.colsPermutation().inverse()).indices()(at_min);
        auto who = detail::involved(A, original_column(c), names);
        throw solver_error("near-singular-technosphere",
                           "technosphere matrix is nearly singular (smallest/largest pivot " +
                               std::to_string(out.pivot_ratio_) + "): check process " +
                               detail::join_names(std::vector<std::string>{who.front()}) + " and the processes linked to it (" +
                               detail::join_names(who) + ")",
                           who);
    }
    return out;
}

/// Symbolic analysis and numeric factorization in one call.
[[nodiscard]] inline factorization factorize(const sparse_matrix& A,
                                             std::span<const std::string> names = {},
                                             solver_options options = {}) {
    return factorize(symbolic_analysis(A, options), A, names);
}

/// Process labels of a compiled system, in column order (for messages).
[[nodiscard]] inline std::vector<std::string> column_labels(const compiled_system& sys) {
    std::vector<std::string> names;
    names.reserve(sys.index.size());
    for (const auto& c : sys.index.columns()) names.push_back(c.label());
    return names;
}

/// Factorize the technosphere of a compiled system; errors name its processes.
[[nodiscard]] inline factorization factorize(const compiled_system& sys,
                                             solver_options options = {}) {
    const auto names = column_labels(sys);
    return factorize(symbolic_analysis(sys.A, options), sys.A, names);
}

} // namespace cradle
