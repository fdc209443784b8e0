// cradle — factorization of the technosphere and solves: s = A⁻¹f without forming A⁻¹.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/matrices.hpp"
#include "cradle/error.hpp"

#include <Eigen/OrderingMethods>
#include <Eigen/SparseLU>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace cradle {

/// Fill-reducing ordering used inside the cyclic blocks.
enum class ordering : std::uint8_t {
    colamd,        ///< COLAMD on the block's columns (Eigen's SparseLU default), free pivoting
    amd_symmetric, ///< AMD on the pattern of B + Bᵀ, applied symmetrically, diagonal-preferring
                   ///< pivots
};

struct solver_options {
    ordering order{ordering::amd_symmetric};
    /// A pivot smaller than this times the largest pivot of its block (or,
    /// for a process outside any loop, than its largest input coefficient)
    /// marks the technosphere as nearly singular ("near-singular-technosphere").
    double singularity_tolerance{1e-13};
};

using permutation = Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int>;

/// Below this pivot ratio (smallest / largest |pivot| of the LU factors of the loops; see
/// factorization::pivot_ratio) a result is reported as ill-conditioned: it is still computed, but
/// its relative error may be as large as about 1e-16 / ratio. The CLI warns on stderr.
inline constexpr double ill_conditioned_pivot_ratio = 1e-8;

/// Whether a pivot ratio is below ill_conditioned_pivot_ratio.
[[nodiscard]] constexpr bool ill_conditioned(double pivot_ratio) noexcept {
    return pivot_ratio < ill_conditioned_pivot_ratio;
}

namespace detail {

/// Strongly connected components of the supply graph of a square A (process j
/// -> product i for A(i,j) != 0, i != j), by an iterative Tarjan. Components
/// come out suppliers first, so P A Pᵀ is block upper triangular.
struct block_structure {
    std::vector<int> order;     ///< order[k] = original index at new position k
    std::vector<int> block_ptr; ///< block b spans new positions [block_ptr[b], block_ptr[b+1])
};

inline block_structure strongly_connected(const sparse_matrix& A) {
    const int n = static_cast<int>(A.cols());
    const int* outer = A.outerIndexPtr();
    const int* inner = A.innerIndexPtr();
    std::vector<int> index(static_cast<std::size_t>(n), -1), low(static_cast<std::size_t>(n), 0);
    std::vector<char> on_stack(static_cast<std::size_t>(n), 0);
    std::vector<int> stack, call_node, call_edge;
    block_structure out;
    out.order.reserve(static_cast<std::size_t>(n));
    out.block_ptr.push_back(0);
    int counter = 0;
    auto u = [](int v) { return static_cast<std::size_t>(v); };
    for (int root = 0; root < n; ++root) {
        if (index[u(root)] >= 0) continue;
        call_node.push_back(root);
        call_edge.push_back(outer[root]);
        index[u(root)] = low[u(root)] = counter++;
        stack.push_back(root);
        on_stack[u(root)] = 1;
        while (!call_node.empty()) {
            const int v = call_node.back();
            int& e = call_edge.back();
            const int end = A.isCompressed() ? outer[v + 1] : outer[v] + A.innerNonZeroPtr()[v];
            if (e < end) {
                const int w = inner[e++];
                if (w == v) continue;
                if (index[u(w)] < 0) {
                    index[u(w)] = low[u(w)] = counter++;
                    stack.push_back(w);
                    on_stack[u(w)] = 1;
                    call_node.push_back(w);
                    call_edge.push_back(outer[w]);
                } else if (on_stack[u(w)]) {
                    low[u(v)] = std::min(low[u(v)], index[u(w)]);
                }
                continue;
            }
            if (low[u(v)] == index[u(v)]) { // v roots a component: pop it
                int w = -1;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[u(w)] = 0;
                    out.order.push_back(w);
                } while (w != v);
                out.block_ptr.push_back(static_cast<int>(out.order.size()));
            }
            call_node.pop_back();
            call_edge.pop_back();
            if (!call_node.empty()) {
                const int parent = call_node.back();
                low[u(parent)] = std::min(low[u(parent)], low[u(v)]);
            }
        }
    }
    return out;
}

/// AMD ordering (old -> new) of the pattern of B + Bᵀ, with dense nodes (hub
/// products such as electricity or transport markets, linked to more than
/// 10·√n others) left out of the minimum-degree search and ordered last, as
/// SuiteSparse AMD does: they would fill in anyway and slow the search down.
inline permutation amd_dense_last(const sparse_matrix& B) {
    const int n = static_cast<int>(B.cols());
    const sparse_matrix Bt = B.transpose();
    std::vector<int> degree(static_cast<std::size_t>(n), 0);
    for (int j = 0; j < n; ++j)
        degree[static_cast<std::size_t>(j)] =
            static_cast<int>(B.innerVector(j).nonZeros() + Bt.innerVector(j).nonZeros());
    const int dense_limit =
        std::max(16, static_cast<int>(10.0 * std::sqrt(static_cast<double>(n))));
    std::vector<int> sparse_nodes, dense_nodes, local(static_cast<std::size_t>(n), -1);
    for (int j = 0; j < n; ++j) {
        if (degree[static_cast<std::size_t>(j)] > dense_limit) {
            dense_nodes.push_back(j);
        } else {
            local[static_cast<std::size_t>(j)] = static_cast<int>(sparse_nodes.size());
            sparse_nodes.push_back(j);
        }
    }
    std::vector<triplet> t;
    t.reserve(static_cast<std::size_t>(B.nonZeros()));
    for (int j = 0; j < n; ++j) {
        if (local[static_cast<std::size_t>(j)] < 0) continue;
        for (sparse_matrix::InnerIterator it(B, j); it; ++it) {
            const int i = local[static_cast<std::size_t>(it.row())];
            if (i >= 0) t.emplace_back(i, local[static_cast<std::size_t>(j)], 1.0);
        }
    }
    const auto m = static_cast<Eigen::Index>(sparse_nodes.size());
    sparse_matrix S(m, m);
    S.setFromTriplets(t.begin(), t.end());
    permutation new_to_old;
    Eigen::AMDOrdering<int> ord;
    ord(S, new_to_old); // Eigen's AMD returns new -> old (as SimplicialCholesky uses it)
    std::sort(dense_nodes.begin(), dense_nodes.end(), [&](int a, int b) {
        return degree[static_cast<std::size_t>(a)] < degree[static_cast<std::size_t>(b)];
    });
    permutation out(n);
    for (Eigen::Index k = 0; k < m; ++k)
        out.indices()(sparse_nodes[static_cast<std::size_t>(new_to_old.indices()(k))]) =
            static_cast<int>(k);
    for (std::size_t k = 0; k < dense_nodes.size(); ++k)
        out.indices()(dense_nodes[k]) = static_cast<int>(m + static_cast<Eigen::Index>(k));
    return out;
}

} // namespace detail

/// The symbolic part of a factorization, computed from the sparsity pattern
/// alone: the block triangular form of A (its loops, as strongly connected
/// components, ordered suppliers first) and a fill-reducing ordering inside
/// each cyclic block. Compute once, reuse while only the numbers change
/// (Monte Carlo, scenarios). Immutable.
class symbolic_analysis {
  public:
    struct block {
        int start{0};
        int size{0};
        permutation rows; ///< within-block row permutation (old -> new)
        permutation cols; ///< within-block column permutation (old -> new)
    };

    explicit symbolic_analysis(const sparse_matrix& A, solver_options options = {})
        : options_(options) {
        if (A.rows() != A.cols())
            throw solver_error("non-square-technosphere",
                               "technosphere is " + std::to_string(A.rows()) + " x " +
                                   std::to_string(A.cols()) + ", must be square",
                               {});
        nnz_ = A.nonZeros();
        const auto bs = detail::strongly_connected(A);
        perm_.resize(A.rows());
        for (std::size_t k = 0; k < bs.order.size(); ++k)
            perm_.indices()(bs.order[k]) = static_cast<int>(k);
        block_ptr_ = bs.block_ptr;
        const sparse_matrix Ap = permuted(A);
        for (std::size_t b = 0; b + 1 < block_ptr_.size(); ++b) {
            const int s = block_ptr_[b], n = block_ptr_[b + 1] - s;
            if (n == 1) continue;
            block blk;
            blk.start = s;
            blk.size = n;
            const sparse_matrix Bk = Ap.block(s, s, n, n);
            if (options.order == ordering::colamd) {
                Eigen::COLAMDOrdering<int> ord;
                ord(Bk, blk.cols); // old -> new
                blk.rows.setIdentity(n);
            } else {
                blk.cols = detail::amd_dense_last(Bk);
                blk.rows = blk.cols;
            }
            largest_ = std::max(largest_, n);
            blocks_.push_back(std::move(blk));
        }
    }

    /// P A Pᵀ: block upper triangular.
    [[nodiscard]] sparse_matrix permuted(const sparse_matrix& A) const {
        sparse_matrix Ap = perm_ * A * perm_.transpose();
        Ap.makeCompressed();
        return Ap;
    }

    [[nodiscard]] Eigen::Index size() const noexcept { return perm_.size(); }
    [[nodiscard]] Eigen::Index non_zeros() const noexcept { return nnz_; }
    [[nodiscard]] const solver_options& options() const noexcept { return options_; }
    /// old -> new position of each product/process in the block triangular form
    [[nodiscard]] const permutation& block_permutation() const noexcept { return perm_; }
    [[nodiscard]] const std::vector<int>& block_pointers() const noexcept { return block_ptr_; }
    /// the cyclic blocks (strongly connected components with more than one process)
    [[nodiscard]] const std::vector<block>& cyclic_blocks() const noexcept { return blocks_; }
    [[nodiscard]] std::size_t block_count() const noexcept { return block_ptr_.size() - 1; }
    [[nodiscard]] int largest_block() const noexcept { return largest_; }

  private:
    solver_options options_;
    permutation perm_;
    std::vector<int> block_ptr_;
    std::vector<block> blocks_;
    Eigen::Index nnz_{0};
    int largest_{1};
};

/// A numeric factorization of A in block triangular form: processes outside
/// loops are solved by substitution, each loop (cyclic block) by its own
/// sparse LU (Eigen SparseLU). Immutable and cheap to copy (shared state);
/// solves are const and safe to run from several threads at once.
class factorization {
  public:
    using lu_type = Eigen::SparseLU<sparse_matrix, Eigen::NaturalOrdering<int>>;

    [[nodiscard]] Eigen::Index size() const noexcept { return st_ ? st_->perm.size() : 0; }

    /// s = A⁻¹ f for one demand vector.
    [[nodiscard]] Eigen::VectorXd solve(const Eigen::Ref<const Eigen::VectorXd>& f) const {
        check_rows(f.rows());
        Eigen::VectorXd b = st_->perm * f;
        backward(b);
        return st_->perm.transpose() * b;
    }

    /// S = A⁻¹ F for a batch of demand vectors (one per column).
    [[nodiscard]] Eigen::MatrixXd solve_batch(const Eigen::Ref<const Eigen::MatrixXd>& F) const {
        check_rows(F.rows());
        Eigen::MatrixXd S(F.rows(), F.cols());
        for (Eigen::Index c = 0; c < F.cols(); ++c)
            S.col(c) = solve(F.col(c));
        return S;
    }

    /// y = A⁻ᵀ c: one transposed solve.
    [[nodiscard]] Eigen::VectorXd
    solve_transposed(const Eigen::Ref<const Eigen::VectorXd>& c) const {
        check_rows(c.rows());
        Eigen::VectorXd y = st_->perm * c;
        forward_transposed(y);
        return st_->perm.transpose() * y;
    }

    /// Y = A⁻ᵀ C for several right-hand sides at once (one per column).
    [[nodiscard]] Eigen::MatrixXd
    solve_transposed_batch(const Eigen::Ref<const Eigen::MatrixXd>& C) const {
        check_rows(C.rows());
        Eigen::MatrixXd Y(C.rows(), C.cols());
        for (Eigen::Index c = 0; c < C.cols(); ++c)
            Y.col(c) = solve_transposed(C.col(c));
        return Y;
    }

    /// Smallest |pivot| / largest |pivot| of U over the cyclic blocks (1 if there are none): a
    /// cheap indicator of how close the loops are to singular, not a condition number (it is
    /// scale-dependent and only bounds the conditioning loosely). Processes outside loops are
    /// exact substitutions and do not count.
    [[nodiscard]] double pivot_ratio() const noexcept { return st_ ? st_->pivot_ratio : 1.0; }
    /// Non-zeros of the L and U factors of the cyclic blocks (fill-in indicator).
    [[nodiscard]] Eigen::Index factor_non_zeros() const noexcept {
        return st_ ? st_->factor_nnz : 0;
    }

  private:
    friend factorization factorize(const symbolic_analysis&, const sparse_matrix&,
                                   std::span<const std::string>);

    struct block_lu {
        int start{0};
        int size{0};
        permutation rows, cols;
        std::shared_ptr<lu_type> lu;
    };
    struct state {
        sparse_matrix Ap; ///< P A Pᵀ, block upper triangular
        permutation perm;
        std::vector<int> block_ptr;
        std::vector<int> cyclic_of; ///< block -> index into cyclic, or -1 for a single process
        std::vector<block_lu> cyclic;
        Eigen::VectorXd diag;
        double pivot_ratio{1.0};
        Eigen::Index factor_nnz{0};
    };

    void check_rows(Eigen::Index r) const {
        if (r != size())
            throw solver_error("dimension-mismatch",
                               "right-hand side has " + std::to_string(r) + " rows, technosphere " +
                                   std::to_string(size()),
                               {});
    }

    /// Solve (P A Pᵀ) x = b in place, last block first.
    void backward(Eigen::VectorXd& b) const {
        const state& st = *st_;
        const int* outer = st.Ap.outerIndexPtr();
        const int* inner = st.Ap.innerIndexPtr();
        const double* val = st.Ap.valuePtr();
        for (auto k = static_cast<long>(st.block_ptr.size()) - 2; k >= 0; --k) {
            const int s = st.block_ptr[static_cast<std::size_t>(k)];
            const int e = st.block_ptr[static_cast<std::size_t>(k) + 1];
            const int ci = st.cyclic_of[static_cast<std::size_t>(k)];
            if (ci < 0) {
                b(s) /= st.diag(s);
            } else {
                const block_lu& bl = st.cyclic[static_cast<std::size_t>(ci)];
                const Eigen::VectorXd r = bl.rows * b.segment(s, e - s);
                const Eigen::VectorXd z = bl.lu->solve(r);
                b.segment(s, e - s) = bl.cols.transpose() * z;
            }
            for (int c = s; c < e; ++c) {
                const double x = b(c);
                if (x == 0.0) continue;
                for (int p = outer[c]; p < outer[c + 1]; ++p)
                    if (inner[p] < s) b(inner[p]) -= val[p] * x;
            }
        }
    }

    /// Solve (P A Pᵀ)ᵀ y = c in place, first block first.
    void forward_transposed(Eigen::VectorXd& y) const {
        const state& st = *st_;
        const int* outer = st.Ap.outerIndexPtr();
        const int* inner = st.Ap.innerIndexPtr();
        const double* val = st.Ap.valuePtr();
        for (std::size_t k = 0; k + 1 < st.block_ptr.size(); ++k) {
            const int s = st.block_ptr[k];
            const int e = st.block_ptr[k + 1];
            for (int c = s; c < e; ++c) {
                double acc = 0.0;
                for (int p = outer[c]; p < outer[c + 1]; ++p)
                    if (inner[p] < s) acc += val[p] * y(inner[p]);
                y(c) -= acc;
            }
            const int ci = st.cyclic_of[k];
            if (ci < 0) {
                y(s) /= st.diag(s);
            } else {
                const block_lu& bl = st.cyclic[static_cast<std::size_t>(ci)];
                const Eigen::VectorXd r = bl.cols * y.segment(s, e - s);
                const Eigen::VectorXd z = bl.lu->transpose().solve(r);
                y.segment(s, e - s) = bl.rows.transpose() * z;
            }
        }
    }

    std::shared_ptr<const state> st_;
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

/// A ratio in scientific notation for messages ("2.0e-09"), never std::to_string's "0.000000".
inline std::string scientific(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1e", v);
    return buf;
}

inline std::string join_names(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& n : v)
        s += (s.empty() ? "'" : ", '") + n + "'";
    return s;
}

[[noreturn]] inline void throw_singular(const char* id, const std::string& why,
                                        const sparse_matrix& A, Eigen::Index col,
                                        std::span<const std::string> names) {
    auto who = involved(A, col, names);
    throw solver_error(id,
                       "technosphere matrix is " + why + ": the supply of process " +
                           join_names(std::vector<std::string>{who.front()}) +
                           " is not determined; check it and the processes linked to it (" +
                           join_names(who) +
                           ") for loops that consume all they make or outputs that cancel",
                       who);
}
/// Whether every off-diagonal entry of a block is <= 0 (inputs only, no co-product credits).
inline bool only_inputs_off_diagonal(const sparse_matrix& Bp) {
    for (Eigen::Index j = 0; j < Bp.outerSize(); ++j)
        for (sparse_matrix::InnerIterator it(Bp, j); it; ++it)
            if (it.row() != j && it.value() > 0.0) return false;
    return true;
}

/// The loop of block `blk` cannot deliver: name its processes, starting with process `k` of the
/// block (one that would have to run at a negative or zero level).
template <class Original>
[[noreturn]] void throw_unproductive(const symbolic_analysis::block& blk, Eigen::Index k,
                                     const Original& original, std::span<const std::string> names) {
    auto name = [&](Eigen::Index c) {
        return c < static_cast<Eigen::Index>(names.size()) ? names[static_cast<std::size_t>(c)]
                                                           : "column " + std::to_string(c);
    };
    std::vector<std::string> who{name(original(blk.start + k))};
    for (int i = 0; i < blk.size && who.size() < 12; ++i)
        if (i != k) who.push_back(name(original(blk.start + i)));
    throw solver_error("unproductive-loop",
                       "the loop of " + std::to_string(blk.size) + " processes " + join_names(who) +
                           (blk.size > 12 ? ", ..." : "") +
                           " uses more of its own products than it makes: no positive supply "
                           "can meet a demand (process '" +
                           who.front() +
                           "' would have to run at a level <= 0); check the input amounts "
                           "and units of these processes",
                       who);
}

} // namespace detail

/// Numeric factorization reusing a symbolic analysis. `names` labels the
/// columns (process ids) for error messages. Throws solver_error
/// "singular-technosphere" or "near-singular-technosphere" naming processes.
[[nodiscard]] inline factorization factorize(const symbolic_analysis& sym, const sparse_matrix& A,
                                             std::span<const std::string> names = {}) {
    if (A.rows() != sym.size() || A.cols() != sym.size() || A.nonZeros() != sym.non_zeros())
        throw solver_error("pattern-mismatch",
                           "matrix is " + std::to_string(A.rows()) + " x " +
                               std::to_string(A.cols()) + " with " + std::to_string(A.nonZeros()) +
                               " non-zeros; the symbolic analysis was for " +
                               std::to_string(sym.size()) + " x " + std::to_string(sym.size()) +
                               " with " + std::to_string(sym.non_zeros()),
                           {});
    const double tol = sym.options().singularity_tolerance;
    auto st = std::make_shared<factorization::state>();
    st->perm = sym.block_permutation();
    st->Ap = sym.permuted(A);
    st->block_ptr = sym.block_pointers();
    st->cyclic_of.assign(st->block_ptr.size() - 1, -1);
    st->diag = st->Ap.diagonal();
    const permutation inv = st->perm.inverse(); // new -> old
    auto original = [&](Eigen::Index permuted_index) {
        return Eigen::Index{inv.indices()(permuted_index)};
    };

    // processes outside loops: the pivot is the diagonal (the reference output)
    {
        std::size_t ci = 0;
        const auto& cyc = sym.cyclic_blocks();
        for (std::size_t b = 0; b + 1 < st->block_ptr.size(); ++b) {
            if (ci < cyc.size() && cyc[ci].start == st->block_ptr[b]) {
                st->cyclic_of[b] = static_cast<int>(ci++);
                continue;
            }
            const int j = st->block_ptr[b];
            const double d = std::abs(st->diag(j));
            double colmax = 0;
            for (sparse_matrix::InnerIterator it(st->Ap, j); it; ++it)
                colmax = std::max(colmax, std::abs(it.value()));
            if (d == 0.0)
                detail::throw_singular("singular-technosphere", "singular", A, original(j), names);
            if (d < tol * colmax)
                detail::throw_singular("near-singular-technosphere", "nearly singular", A,
                                       original(j), names);
        }
    }
    // loops: one sparse LU per cyclic block
    double pr = 1.0;
    for (const auto& blk : sym.cyclic_blocks()) {
        factorization::block_lu bl;
        bl.start = blk.start;
        bl.size = blk.size;
        bl.rows = blk.rows;
        bl.cols = blk.cols;
        const sparse_matrix Bk = st->Ap.block(blk.start, blk.start, blk.size, blk.size);
        sparse_matrix Bp = blk.rows * Bk * blk.cols.transpose();
        Bp.makeCompressed();
        bl.lu = std::make_shared<factorization::lu_type>();
        auto& lu = *bl.lu;
        if (sym.options().order == ordering::amd_symmetric) {
            lu.isSymmetric(true);       // keep the symmetric ordering
            lu.setPivotThreshold(0.01); // prefer the diagonal (the reference output)
        }
        lu.analyzePattern(Bp);
        lu.factorize(Bp);
        const permutation lu_cols_inv = lu.colsPermutation().inverse();
        const permutation blk_cols_inv = blk.cols.inverse();
        auto to_original = [&](Eigen::Index factored_col) {
            const Eigen::Index in_bp = lu_cols_inv.indices()(factored_col);
            const Eigen::Index in_block = blk_cols_inv.indices()(in_bp);
            return original(blk.start + in_block);
        };
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
            col = std::clamp<Eigen::Index>(col, 0, blk.size - 1);
            detail::throw_singular("singular-technosphere", "singular", A, to_original(col), names);
        }
        // pivots of U (its diagonal) from the supernodal L store, as SparseLU's own determinant
        double umax = 0, umin = std::numeric_limits<double>::infinity();
        Eigen::Index at_min = 0;
        const auto& L = lu.matrixL().m_mapL;
        for (Eigen::Index j = 0; j < Bp.cols(); ++j) {
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
        const double ratio = umax > 0 ? umin / umax : 0.0;
        pr = std::min(pr, ratio);
        if (!(ratio > tol))
            detail::throw_singular("near-singular-technosphere",
                                   "nearly singular (smallest/largest pivot " +
                                       detail::scientific(ratio) + ")",
                                   A, to_original(at_min), names);
        // A loop whose off-diagonal entries are all inputs (no substitution credit) is
        // productive exactly when its block is a nonsingular M-matrix, i.e. when running its
        // processes at some positive levels delivers a positive net output of every product:
        // then y = Bk⁻¹·1 > 0. A loop that uses more than it makes gives negative scalings (a
        // negative footprint) and is refused.
        if (detail::only_inputs_off_diagonal(Bp)) {
            const Eigen::VectorXd z = lu.solve(Eigen::VectorXd::Ones(blk.size));
            const Eigen::VectorXd y = blk.cols.transpose() * z;
            for (Eigen::Index k = 0; k < y.size(); ++k)
                if (!(y(k) > 0.0)) detail::throw_unproductive(blk, k, original, names);
        }
        st->factor_nnz += lu.nnzL() + lu.nnzU();
        st->cyclic.push_back(std::move(bl));
    }
    st->pivot_ratio = pr;
    factorization out;
    out.st_ = std::move(st);
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
    for (const auto& c : sys.index.columns())
        names.push_back(c.label());
    return names;
}

/// Factorize the technosphere of a compiled system; errors name its processes.
[[nodiscard]] inline factorization factorize(const compiled_system& sys,
                                             solver_options options = {}) {
    const auto names = column_labels(sys);
    return factorize(symbolic_analysis(sys.A, options), sys.A, names);
}

} // namespace cradle
