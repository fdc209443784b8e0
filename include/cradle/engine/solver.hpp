// cradle — factorization of the technosphere and solves: s = A⁻¹f without forming A⁻¹.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/engine/matrices.hpp"
#include "cradle/error.hpp"

#include <Eigen/OrderingMethods>
#include <Eigen/SparseLU>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <thread>
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
    /// AMD only: a product linked to more than max(16, dense_factor·√n) others in its loop of n
    /// (a hub: an electricity, heat or transport market) is left out of the minimum-degree search
    /// and ordered last. SuiteSparse AMD uses 10: on the synthetic 20,000-process systems that
    /// gives 0.5–9 % fewer L+U non-zeros but an ordering 4–25× slower, because every hub between
    /// √n and 10·√n links stays in the search (benchmarks/README.md, 2026-12-04). Same solves.
    double dense_factor{1.0};
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

/// Runs fn(c) for c = 0 .. n-1 on `threads` threads (0: every core), each c once; the first
/// exception thrown is rethrown here after all threads have stopped.
template <class Fn> void for_each_column(Eigen::Index n, unsigned threads, Fn&& fn) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    const auto workers = static_cast<unsigned>(
        std::min<Eigen::Index>(static_cast<Eigen::Index>(threads), std::max<Eigen::Index>(n, 1)));
    if (workers <= 1) {
        for (Eigen::Index c = 0; c < n; ++c)
            fn(c);
        return;
    }
    std::atomic<Eigen::Index> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::atomic_flag error_set = ATOMIC_FLAG_INIT;
    auto work = [&] {
        for (Eigen::Index c = next++; c < n && !failed.load(); c = next++) {
            try {
                fn(c);
            } catch (...) {
                if (!error_set.test_and_set()) error = std::current_exception();
                failed = true;
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (unsigned t = 1; t < workers; ++t)
        pool.emplace_back(work);
    work();
    for (auto& t : pool)
        t.join();
    if (error) std::rethrow_exception(error);
}

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
/// max(16, dense_factor·√n) others) left out of the minimum-degree search and
/// ordered last, by degree, as SuiteSparse AMD does with factor 10: they would
/// fill in anyway and each one slows every step of the search down.
inline permutation amd_dense_last(const sparse_matrix& B, double dense_factor = 1.0) {
    const int n = static_cast<int>(B.cols());
    const sparse_matrix Bt = B.transpose();
    std::vector<int> degree(static_cast<std::size_t>(n), 0);
    for (int j = 0; j < n; ++j)
        degree[static_cast<std::size_t>(j)] =
            static_cast<int>(B.innerVector(j).nonZeros() + Bt.innerVector(j).nonZeros());
    const int dense_limit =
        std::max(16, static_cast<int>(dense_factor * std::sqrt(static_cast<double>(n))));
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

/// P A Pᵀ for a compressed square A and `perm` (old -> new), each column's rows sorted; with
/// `where`, also the position in the result's value array of each stored entry of A, so that
/// the same pattern with other numbers is permuted by a scatter alone.
inline sparse_matrix permute_symmetric(const sparse_matrix& A, std::span<const int> perm,
                                       std::vector<int>* where = nullptr) {
    const auto n = static_cast<int>(A.cols());
    const int* outer = A.outerIndexPtr();
    const int* inner = A.innerIndexPtr();
    const double* val = A.valuePtr();
    auto u = [](int v) { return static_cast<std::size_t>(v); };
    std::vector<int> old_of(u(n));
    for (int j = 0; j < n; ++j)
        old_of[u(perm[u(j)])] = j;
    sparse_matrix P(n, n);
    P.resizeNonZeros(A.nonZeros());
    int* pout = P.outerIndexPtr();
    int* pin = P.innerIndexPtr();
    double* pval = P.valuePtr();
    if (where) where->assign(static_cast<std::size_t>(A.nonZeros()), 0);
    std::vector<std::pair<int, int>> col; // (new row, position in A)
    pout[0] = 0;
    for (int c = 0; c < n; ++c) {
        const int j = old_of[u(c)];
        col.clear();
        for (int p = outer[j]; p < outer[j + 1]; ++p)
            col.emplace_back(perm[u(inner[p])], p);
        std::sort(col.begin(), col.end());
        int q = pout[c];
        for (const auto& [row, p] : col) {
            pin[q] = row;
            pval[q] = val[p];
            if (where) (*where)[u(p)] = q;
            ++q;
        }
        pout[c + 1] = q;
    }
    return P;
}

} // namespace detail

/// The symbolic part of a factorization, computed from the sparsity pattern
/// alone: the block triangular form of A (its loops, as strongly connected
/// components, ordered suppliers first) and a fill-reducing ordering inside
/// each cyclic block. Compute once, reuse while only the numbers change
/// (Monte Carlo, scenarios): it keeps the pattern it was made for, and where each
/// entry of A lands in P A Pᵀ, so a refactorization permutes by a scatter. Immutable.
class symbolic_analysis {
  public:
    struct block {
        int start{0};
        int size{0};
        permutation rows; ///< within-block row permutation (old -> new); identity with AMD
        permutation cols; ///< within-block column permutation (old -> new); identity with AMD
    };

    explicit symbolic_analysis(const sparse_matrix& A_in, solver_options options = {})
        : options_(options) {
        if (A_in.rows() != A_in.cols())
            throw solver_error("non-square-technosphere",
                               "technosphere is " + std::to_string(A_in.rows()) + " x " +
                                   std::to_string(A_in.cols()) + ", must be square",
                               {});
        if (!(options.dense_factor > 0.0) || !std::isfinite(options.dense_factor))
            throw solver_error("invalid-option",
                               "solver_options.dense_factor must be a positive number", {});
        sparse_matrix compressed;
        if (!A_in.isCompressed()) {
            compressed = A_in;
            compressed.makeCompressed();
        }
        const sparse_matrix& A = A_in.isCompressed() ? A_in : compressed;
        const auto n = static_cast<int>(A.rows());
        nnz_ = A.nonZeros();
        outer_.assign(A.outerIndexPtr(), A.outerIndexPtr() + n + 1);
        inner_.assign(A.innerIndexPtr(), A.innerIndexPtr() + nnz_);

        const auto bs = detail::strongly_connected(A);
        std::vector<int> order = bs.order; // new -> old
        std::vector<int> old_to_new(static_cast<std::size_t>(n));
        auto invert = [&] {
            for (std::size_t k = 0; k < order.size(); ++k)
                old_to_new[static_cast<std::size_t>(order[k])] = static_cast<int>(k);
        };
        invert();
        block_ptr_ = bs.block_ptr;
        const sparse_matrix Ap = detail::permute_symmetric(A, old_to_new);
        for (std::size_t b = 0; b + 1 < block_ptr_.size(); ++b) {
            const int s = block_ptr_[b], m = block_ptr_[b + 1] - s;
            if (m == 1) continue;
            block blk;
            blk.start = s;
            blk.size = m;
            const sparse_matrix Bk = Ap.block(s, s, m, m);
            if (options.order == ordering::colamd) {
                Eigen::COLAMDOrdering<int> ord;
                ord(Bk, blk.cols); // old -> new
                blk.rows.setIdentity(m);
            } else {
                // symmetric: fold the block's ordering into the block permutation itself
                const permutation p = detail::amd_dense_last(Bk, options.dense_factor);
                std::vector<int> in_block(order.begin() + s, order.begin() + s + m);
                for (int k = 0; k < m; ++k)
                    order[static_cast<std::size_t>(s + p.indices()(k))] =
                        in_block[static_cast<std::size_t>(k)];
                blk.rows.setIdentity(m);
                blk.cols.setIdentity(m);
            }
            largest_ = std::max(largest_, m);
            blocks_.push_back(std::move(blk));
        }
        invert();
        perm_.resize(n);
        for (int j = 0; j < n; ++j)
            perm_.indices()(j) = old_to_new[static_cast<std::size_t>(j)];
        pattern_ = detail::permute_symmetric(A, old_to_new, &where_);
    }

    /// P A Pᵀ (block upper triangular) of an A with the analysed pattern; throws
    /// solver_error "pattern-mismatch" naming the first column that differs.
    [[nodiscard]] sparse_matrix permuted(const sparse_matrix& A) const {
        sparse_matrix compressed;
        if (!A.isCompressed()) {
            compressed = A;
            compressed.makeCompressed();
        }
        const sparse_matrix& a = A.isCompressed() ? A : compressed;
        check_pattern(a);
        sparse_matrix Ap = pattern_;
        double* out = Ap.valuePtr();
        const double* in = a.valuePtr();
        for (std::size_t k = 0; k < where_.size(); ++k)
            out[where_[k]] = in[k];
        return Ap;
    }

    [[nodiscard]] Eigen::Index size() const noexcept { return perm_.size(); }
    [[nodiscard]] Eigen::Index non_zeros() const noexcept { return nnz_; }
    [[nodiscard]] const solver_options& options() const noexcept { return options_; }
    /// old -> new position of each product/process in the block triangular form (with AMD, the
    /// order inside each cyclic block is the fill-reducing one)
    [[nodiscard]] const permutation& block_permutation() const noexcept { return perm_; }
    [[nodiscard]] const std::vector<int>& block_pointers() const noexcept { return block_ptr_; }
    /// the cyclic blocks (strongly connected components with more than one process)
    [[nodiscard]] const std::vector<block>& cyclic_blocks() const noexcept { return blocks_; }
    [[nodiscard]] std::size_t block_count() const noexcept { return block_ptr_.size() - 1; }
    [[nodiscard]] int largest_block() const noexcept { return largest_; }

  private:
    void check_pattern(const sparse_matrix& A) const {
        const auto n = static_cast<Eigen::Index>(outer_.size()) - 1;
        auto mismatch = [&](const std::string& what) {
            throw solver_error("pattern-mismatch",
                               what + "; the symbolic analysis was for " + std::to_string(n) +
                                   " x " + std::to_string(n) + " with " + std::to_string(nnz_) +
                                   " non-zeros (a new pattern needs a new analysis)",
                               {});
        };
        if (A.rows() != n || A.cols() != n || A.nonZeros() != nnz_)
            mismatch("matrix is " + std::to_string(A.rows()) + " x " + std::to_string(A.cols()) +
                     " with " + std::to_string(A.nonZeros()) + " non-zeros");
        const int* outer = A.outerIndexPtr();
        const int* inner = A.innerIndexPtr();
        for (Eigen::Index j = 0; j < n; ++j) {
            const auto b = static_cast<std::size_t>(j);
            if (outer[j + 1] != outer_[b + 1] ||
                !std::equal(inner + outer[j], inner + outer[j + 1], inner_.begin() + outer_[b]))
                mismatch("column " + std::to_string(j) + " holds other rows than when analysed");
        }
    }

    solver_options options_;
    permutation perm_;
    std::vector<int> block_ptr_;
    std::vector<block> blocks_;
    Eigen::Index nnz_{0};
    int largest_{1};
    std::vector<int> outer_, inner_; ///< the analysed pattern of A
    sparse_matrix pattern_;          ///< P A Pᵀ (values of the analysed A)
    std::vector<int> where_;         ///< entry k of A is entry where_[k] of P A Pᵀ
};

namespace detail {
/// One loop's factors, taken out of Eigen's supernodal store into plain compressed columns
/// (LCA loops make supernodes of one or two columns, where a plain sweep is faster both ways):
/// the block B (in block order) is solved as w[in[i]] = b[i], L w' = w, U w'' = w',
/// x[k] = w''[out[k]]; its transpose in the mirror order.
struct block_factors {
    int start{0};
    int size{0};
    std::vector<int> in, out; ///< rows into factor order; factor order back to columns
    sparse_matrix L;          ///< strictly lower part of L (its diagonal is 1)
    sparse_matrix U;          ///< strictly upper part of U
    Eigen::VectorXd pivots;   ///< diagonal of U
};

/// An n x n compressed column matrix from its three arrays.
inline sparse_matrix csc_matrix(int n, const std::vector<int>& ptr, const std::vector<int>& idx,
                                const std::vector<double>& val) {
    sparse_matrix M(n, n);
    M.resizeNonZeros(static_cast<Eigen::Index>(idx.size()));
    std::copy(ptr.begin(), ptr.end(), M.outerIndexPtr());
    std::copy(idx.begin(), idx.end(), M.innerIndexPtr());
    std::copy(val.begin(), val.end(), M.valuePtr());
    return M;
}

/// The factors of one loop out of Eigen's supernodal store, as plain compressed columns (exact
/// zeros of the supernodes' dense storage left out), with the row and column orders folded into
/// two index arrays: factorization::block_lu.
template <class LU>
void take_factors(const LU& lu, const symbolic_analysis::block& blk, block_factors& bl) {
    const int n = blk.size;
    const auto& Ls = lu.matrixL().m_mapL; // column j: U above the diagonal, the pivot, then L
    const auto& Us = lu.matrixU().m_mapU; // U outside the supernodes
    std::vector<int> lp{0}, up{0}, li, ui;
    std::vector<double> lv, uv;
    bl.pivots = Eigen::VectorXd::Zero(n);
    for (int j = 0; j < n; ++j) {
        for (typename std::decay_t<decltype(Ls)>::InnerIterator it(Ls, j); it; ++it) {
            const auto r = static_cast<int>(it.row());
            if (it.value() == 0.0) continue;
            if (r == j) {
                bl.pivots(j) = it.value();
            } else if (r > j) {
                li.push_back(r);
                lv.push_back(it.value());
            } else {
                ui.push_back(r);
                uv.push_back(it.value());
            }
        }
        for (typename std::decay_t<decltype(Us)>::InnerIterator it(Us, j); it; ++it) {
            if (it.value() == 0.0) continue;
            ui.push_back(static_cast<int>(it.index()));
            uv.push_back(it.value());
        }
        lp.push_back(static_cast<int>(li.size()));
        up.push_back(static_cast<int>(ui.size()));
    }
    bl.L = csc_matrix(n, lp, li, lv);
    bl.U = csc_matrix(n, up, ui, uv);
    // Eigen solves B x = b as x = Pcᵀ U⁻¹ L⁻¹ Pr b, and B = rows·Bk·colsᵀ
    const auto& pr = lu.rowsPermutation().indices();
    const auto& pc = lu.colsPermutation().indices();
    bl.in.resize(static_cast<std::size_t>(n));
    bl.out.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        bl.in[static_cast<std::size_t>(i)] = pr(blk.rows.indices()(i));
        bl.out[static_cast<std::size_t>(i)] = pc(blk.cols.indices()(i));
    }
}

/// The entries of P A Pᵀ above the block of their column (what each block takes from the
/// blocks solved before it), as compressed columns.
inline sparse_matrix upstream_part(const sparse_matrix& Ap, const std::vector<int>& block_ptr) {
    const auto n = static_cast<int>(Ap.cols());
    std::vector<int> ptr{0}, idx;
    std::vector<double> val;
    idx.reserve(static_cast<std::size_t>(Ap.nonZeros()));
    val.reserve(static_cast<std::size_t>(Ap.nonZeros()));
    for (std::size_t b = 0; b + 1 < block_ptr.size(); ++b) {
        const int s = block_ptr[b];
        for (int c = s; c < block_ptr[b + 1]; ++c) {
            for (sparse_matrix::InnerIterator it(Ap, c); it; ++it)
                if (it.row() < s) {
                    idx.push_back(static_cast<int>(it.row()));
                    val.push_back(it.value());
                }
            ptr.push_back(static_cast<int>(idx.size()));
        }
    }
    return csc_matrix(n, ptr, idx, val);
}
} // namespace detail

/// A numeric factorization of A in block triangular form: processes outside
/// loops are solved by substitution, each loop (cyclic block) by its own
/// sparse LU (Eigen SparseLU, threshold partial pivoting), whose factors are then
/// kept as plain compressed columns for the solves. Immutable and cheap to copy
/// (shared state); solves are const and safe to run from several threads at once.
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

    /// S = A⁻¹ F for a batch of demand vectors (one per column), on `threads` threads (0: every
    /// core); the same numbers on any number of threads.
    [[nodiscard]] Eigen::MatrixXd solve_batch(const Eigen::Ref<const Eigen::MatrixXd>& F,
                                              unsigned threads = 1) const {
        check_rows(F.rows());
        Eigen::MatrixXd S(F.rows(), F.cols());
        detail::for_each_column(F.cols(), threads,
                                [&](Eigen::Index c) { S.col(c) = solve(F.col(c)); });
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

    /// Y = A⁻ᵀ C for several right-hand sides at once (one per column), on `threads` threads
    /// (0: every core); the same numbers on any number of threads.
    [[nodiscard]] Eigen::MatrixXd solve_transposed_batch(const Eigen::Ref<const Eigen::MatrixXd>& C,
                                                         unsigned threads = 1) const {
        check_rows(C.rows());
        Eigen::MatrixXd Y(C.rows(), C.cols());
        detail::for_each_column(C.cols(), threads,
                                [&](Eigen::Index c) { Y.col(c) = solve_transposed(C.col(c)); });
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

    using block_lu = detail::block_factors;
    struct state {
        sparse_matrix upstream; ///< P A Pᵀ entries above their column's block (its suppliers)
        permutation perm;
        std::vector<int> block_ptr;
        std::vector<int> cyclic_of; ///< block -> index into cyclic, or -1 for a single process
        std::vector<block_lu> cyclic;
        Eigen::VectorXd diag;
        int largest{1}; ///< size of the largest cyclic block
        double pivot_ratio{1.0};
        Eigen::Index factor_nnz{0};
    };

    /// Raw arrays of a compressed column matrix, for the solve loops.
    struct csc_ref {
        const int* outer;
        const int* inner;
        const double* value;
        explicit csc_ref(const sparse_matrix& m)
            : outer(m.outerIndexPtr()), inner(m.innerIndexPtr()), value(m.valuePtr()) {}
    };

    static void lu_solve(const block_lu& bl, double* x, double* w) {
        const int n = bl.size;
        const csc_ref L(bl.L), U(bl.U);
        for (int i = 0; i < n; ++i)
            w[bl.in[static_cast<std::size_t>(i)]] = x[i];
        for (int j = 0; j < n; ++j) { // L w' = w, by columns
            const double v = w[j];
            if (v == 0.0) continue;
            for (int p = L.outer[j]; p < L.outer[j + 1]; ++p)
                w[L.inner[p]] -= L.value[p] * v;
        }
        for (int j = n - 1; j >= 0; --j) { // U w'' = w', by columns
            const double v = (w[j] /= bl.pivots(j));
            if (v == 0.0) continue;
            for (int p = U.outer[j]; p < U.outer[j + 1]; ++p)
                w[U.inner[p]] -= U.value[p] * v;
        }
        for (int k = 0; k < n; ++k)
            x[k] = w[bl.out[static_cast<std::size_t>(k)]];
    }

    static void lu_solve_transposed(const block_lu& bl, double* x, double* w) {
        const int n = bl.size;
        const csc_ref L(bl.L), U(bl.U);
        for (int i = 0; i < n; ++i)
            w[bl.out[static_cast<std::size_t>(i)]] = x[i];
        for (int j = 0; j < n; ++j) { // Uᵀ: a dot product with each column of U
            double acc = w[j];
            for (int p = U.outer[j]; p < U.outer[j + 1]; ++p)
                acc -= U.value[p] * w[U.inner[p]];
            w[j] = acc / bl.pivots(j);
        }
        for (int j = n - 1; j >= 0; --j) { // Lᵀ: the same with L, last column first
            double acc = w[j];
            for (int p = L.outer[j]; p < L.outer[j + 1]; ++p)
                acc -= L.value[p] * w[L.inner[p]];
            w[j] = acc;
        }
        for (int k = 0; k < n; ++k)
            x[k] = w[bl.in[static_cast<std::size_t>(k)]];
    }

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
        const int* outer = st.upstream.outerIndexPtr();
        const int* inner = st.upstream.innerIndexPtr();
        const double* val = st.upstream.valuePtr();
        std::vector<double> w(static_cast<std::size_t>(st.largest));
        for (auto k = static_cast<long>(st.block_ptr.size()) - 2; k >= 0; --k) {
            const int s = st.block_ptr[static_cast<std::size_t>(k)];
            const int e = st.block_ptr[static_cast<std::size_t>(k) + 1];
            const int ci = st.cyclic_of[static_cast<std::size_t>(k)];
            if (ci < 0)
                b(s) /= st.diag(s);
            else
                lu_solve(st.cyclic[static_cast<std::size_t>(ci)], b.data() + s, w.data());
            for (int c = s; c < e; ++c) {
                const double x = b(c);
                if (x == 0.0) continue;
                for (int p = outer[c]; p < outer[c + 1]; ++p)
                    b(inner[p]) -= val[p] * x;
            }
        }
    }

    /// Solve (P A Pᵀ)ᵀ y = c in place, first block first.
    void forward_transposed(Eigen::VectorXd& y) const {
        const state& st = *st_;
        const int* outer = st.upstream.outerIndexPtr();
        const int* inner = st.upstream.innerIndexPtr();
        const double* val = st.upstream.valuePtr();
        std::vector<double> w(static_cast<std::size_t>(st.largest));
        for (std::size_t k = 0; k + 1 < st.block_ptr.size(); ++k) {
            const int s = st.block_ptr[k];
            const int e = st.block_ptr[k + 1];
            for (int c = s; c < e; ++c) {
                double acc = 0.0;
                for (int p = outer[c]; p < outer[c + 1]; ++p)
                    acc += val[p] * y(inner[p]);
                y(c) -= acc;
            }
            const int ci = st.cyclic_of[k];
            if (ci < 0)
                y(s) /= st.diag(s);
            else
                lu_solve_transposed(st.cyclic[static_cast<std::size_t>(ci)], y.data() + s,
                                    w.data());
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
    const double tol = sym.options().singularity_tolerance;
    auto st = std::make_shared<factorization::state>();
    st->perm = sym.block_permutation();
    const sparse_matrix Ap = sym.permuted(A);
    st->block_ptr = sym.block_pointers();
    st->cyclic_of.assign(st->block_ptr.size() - 1, -1);
    st->diag = Ap.diagonal();
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
            for (sparse_matrix::InnerIterator it(Ap, j); it; ++it)
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
        sparse_matrix Bp = Ap.block(blk.start, blk.start, blk.size, blk.size);
        if (sym.options().order != ordering::amd_symmetric) { // AMD's is in the permutation
            sparse_matrix Bq = blk.rows * Bp * blk.cols.transpose();
            Bp = std::move(Bq);
        }
        Bp.makeCompressed();
        factorization::lu_type lu;
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
        detail::take_factors(lu, blk, bl);
        // pivots of U (its diagonal); a missing diagonal entry is a zero pivot
        double umax = 0, umin = std::numeric_limits<double>::infinity();
        Eigen::Index at_min = 0;
        for (Eigen::Index j = 0; j < Bp.cols(); ++j) {
            const double v = std::abs(bl.pivots(j));
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
    st->upstream = detail::upstream_part(Ap, st->block_ptr);
    st->largest = sym.largest_block();
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
