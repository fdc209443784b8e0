// cradle — command-line tool: one file per subcommand (commands.hpp), one output layer
// (output.hpp), errors printed here on one line.
// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"

#include "cradle/error.hpp"
#include "cradle/version.hpp"

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace {

/// One line, whatever the number of problems: "N problems in the model: [id] ...; [id] ...".
/// The message on one line; a list of problems is cut after the first `keep`, with the count of
/// the rest (a database can have thousands of the same problem).
std::string one_line(std::string msg, std::size_t keep = 25) {
    std::size_t n = 0;
    for (std::size_t at = msg.find("\n  "); at != std::string::npos; at = msg.find("\n  ", at)) {
        if (++n > keep) {
            std::size_t rest = 0;
            for (auto k = at; k != std::string::npos; k = msg.find("\n  ", k + 1))
                ++rest;
            msg.erase(at);
            msg += "; ... and " + std::to_string(rest) + " more";
            break;
        }
        msg.replace(at, 3, at > 0 && msg[at - 1] == ':' ? " " : "; ");
    }
    return msg;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"cradle — cradle-to-gate product carbon footprints by the matrix method"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(cradle::version));
    const std::vector<cradle::cli::command> commands{
        cradle::cli::add_footprint(app), cradle::cli::add_run(app),    cradle::cli::add_useeio(app),
        cradle::cli::add_factors(app),   cradle::cli::add_pact(app),   cradle::cli::add_keygen(app),
        cradle::cli::add_sign(app),      cradle::cli::add_verify(app), cradle::cli::add_import(app),
        cradle::cli::add_report(app)};
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        for (const auto& c : commands)
            if (*c.app) return c.run();
    } catch (const cradle::error& e) {
        std::cerr << "cradle: error: " << one_line(e.what()) << '\n';
        return 1;
    } catch (const std::filesystem::filesystem_error& e) { // a safety net: the library wraps them
        std::cerr << "cradle: error: [cradle:file-system-error] " << e.path1().string() << ": "
                  << e.code().message() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "cradle: internal error: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
