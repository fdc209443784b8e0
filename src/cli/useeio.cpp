// cradle useeio FOLDER — total impacts per USD of a USEEIO model folder, N = D (I − A)⁻¹.
// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"
#include "output.hpp"

#include "cradle/engine/input_output.hpp"

#include <iostream>
#include <memory>

namespace cradle::cli {

command add_useeio(CLI::App& app) {
    struct args {
        std::string folder, format{"json"}, path{"auto"};
    };
    auto a = std::make_shared<args>();
    auto* io = app.add_subcommand("useeio", "Total impacts per USD of a USEEIO model folder");
    io->add_option("folder", a->folder, "Folder in the USEEIO API JSON layout")->required();
    io->add_option("--format", a->format, "Output format")->check(CLI::IsMember({"json", "csv"}));
    io->add_option("--path", a->path, "auto, flows (B and C) or direct (D)")
        ->check(CLI::IsMember({"auto", "flows", "direct"}));
    return {io, [a] {
                const io_path p = a->path == "flows"    ? io_path::flows
                                  : a->path == "direct" ? io_path::direct
                                                        : io_path::automatic;
                const io_model m = read_io_model(a->folder, p);
                const Eigen::MatrixXd N = total_impacts(m);
                if (a->format == "json") {
                    nlohmann::json j;
                    j["indicators"] = m.indicators;
                    j["sectors"] = m.sectors;
                    j["N"] = nlohmann::json::array();
                    for (Eigen::Index k = 0; k < N.rows(); ++k) {
                        std::vector<double> row(static_cast<std::size_t>(N.cols()));
                        for (Eigen::Index s = 0; s < N.cols(); ++s)
                            row[static_cast<std::size_t>(s)] = N(k, s);
                        j["N"].push_back(row);
                    }
                    write_json(std::cout, j, -1);
                    return 0;
                }
                std::vector<std::string> header{"sector"};
                header.insert(header.end(), m.indicators.begin(), m.indicators.end());
                csv_writer csv(std::cout, header);
                for (Eigen::Index s = 0; s < N.cols(); ++s) {
                    std::vector<std::string> row{m.sectors[static_cast<std::size_t>(s)]};
                    for (Eigen::Index k = 0; k < N.rows(); ++k)
                        row.push_back(number(N(k, s), 17));
                    csv.row(row);
                }
                return 0;
            }};
}

} // namespace cradle::cli
