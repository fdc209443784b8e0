// SPDX-License-Identifier: Apache-2.0
// The GA state EEIO model (US EPA, public domain): reproduce the published
// total-impact matrix N = D (I - A)^-1 for all 16 indicators x 146 sectors.
#include "helpers.hpp"

#include <nlohmann/json.hpp>

using namespace cradle;

namespace {
const std::string ga = std::string(CRADLE_TEST_DATA) + "/GAEEIOv1.0-s-20";

Eigen::MatrixXd published_N() {
    const auto doc = nlohmann::json::parse(read_text_file(ga + "/matrix/N.json"));
    Eigen::MatrixXd N(static_cast<Eigen::Index>(doc.size()),
                      static_cast<Eigen::Index>(doc[0].size()));
    for (std::size_t i = 0; i < doc.size(); ++i)
        for (std::size_t j = 0; j < doc[i].size(); ++j)
            N(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = doc[i][j].get<double>();
    return N;
}

double worst_relative(const Eigen::MatrixXd& ours, const Eigen::MatrixXd& pub) {
    double worst = 0;
    for (Eigen::Index i = 0; i < pub.rows(); ++i)
        for (Eigen::Index j = 0; j < pub.cols(); ++j) {
            if (pub(i, j) == 0.0) {
                if (ours(i, j) != 0.0) return 1.0;
                continue;
            }
            worst = std::max(worst, std::abs(ours(i, j) - pub(i, j)) / std::abs(pub(i, j)));
        }
    return worst;
}
} // namespace

TEST_CASE("GAEEIOv1.0-s-20: N from A, B and C matches the published N.json to 1e-9") {
    const auto m = read_io_model(ga, io_path::flows);
    REQUIRE(m.sectors.size() == 146);
    REQUIRE(m.indicators.size() == 16);
    REQUIRE(m.flows.size() == 1581);
    CHECK(m.sectors.front() == "111CA/US-GA");
    CHECK(m.indicators.front() == "ACID");
    const Eigen::MatrixXd N = total_impacts(m);
    const Eigen::MatrixXd pub = published_N();
    REQUIRE(N.rows() == 16);
    REQUIRE(N.cols() == 146);
    const double worst = worst_relative(N, pub);
    INFO("worst relative difference " << worst);
    CHECK(worst <= 1e-9);
}

TEST_CASE("GAEEIOv1.0-s-20: N through D alone matches too, with either ordering") {
    const auto m = read_io_model(ga, io_path::direct);
    CHECK_FALSE(m.has_flows());
    const Eigen::MatrixXd pub = published_N();
    CHECK(worst_relative(total_impacts(m), pub) <= 1e-9);
    CHECK(worst_relative(total_impacts(m, {ordering::colamd, 1e-13}), pub) <= 1e-9);
}

TEST_CASE("USEEIO folder errors name the file") {
    const auto msg = test::message_of<input_error>([] { (void)read_io_model(ga + "/nope"); });
    CHECK_THAT(msg, Catch::Contains("nope") && Catch::Contains("not a directory"));
}
