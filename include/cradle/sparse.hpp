// cradle — the sparse matrix types every stage shares (A, B, C, input-output tables).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <Eigen/Core>
#include <Eigen/SparseCore>

namespace cradle {

/// Column-major, 32-bit indices: the layout of A, B and C and of the CSC views in Python.
using sparse_matrix = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
using triplet = Eigen::Triplet<double, int>;

} // namespace cradle
