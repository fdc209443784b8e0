// cradle — command-line tool: one file per subcommand (commands.hpp), one output layer
// (output.hpp), errors printed here on one line.
// SPDX-License-Identifier: Apache-2.0
#include "commands.hpp"

#include "output.hpp"

#include "cradle/data/bundled.hpp"
#include "cradle/data/process_db.hpp"
#include "cradle/error.hpp"
#include "cradle/exchange/crypto.hpp"
#include "cradle/io/archive.hpp"
#include "cradle/io/ecospold.hpp"
#include "cradle/version.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <streambuf>
#include <string_view>

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

/// Exit status of a cradle error: 1 bad input (files, models, documents, units), 3 the data or
/// the solver (README "Exit codes").
int exit_code(const cradle::error& e) {
    if (dynamic_cast<const cradle::data_error*>(&e) != nullptr ||
        dynamic_cast<const cradle::solver_error*>(&e) != nullptr)
        return 3;
    return 1;
}

/// With --quiet, stderr keeps only errors and warnings: lines starting "cradle: error",
/// "cradle: internal error", "cradle: warning" or "{" (a JSON error); notes, "wrote ..." lines and
/// progress bars are dropped.
class quiet_filter : public std::streambuf {
  public:
    explicit quiet_filter(std::streambuf* to) : to_(to) {}

  protected:
    int overflow(int c) override {
        if (c == EOF) return 0;
        line_ += static_cast<char>(c);
        if (c == '\n') flush_line();
        return c;
    }
    int sync() override { return 0; } // a line is judged whole

  private:
    void flush_line() {
        static constexpr std::array<std::string_view, 4> keep{
            "cradle: error", "cradle: internal error", "cradle: warning", "{"};
        for (auto k : keep)
            if (line_.rfind(k, 0) == 0) {
                to_->sputn(line_.data(), static_cast<std::streamsize>(line_.size()));
                to_->pubsync();
                break;
            }
        line_.clear();
    }
    std::streambuf* to_;
    std::string line_;
};

/// The engine's version and each bundled dataset's.
std::string version_text() {
    std::string s = "cradle " + std::string(cradle::version);
    s += "\noptional parts: signatures ";
    s += cradle::crypto::available() ? "yes" : "no (built without libsodium)";
    s += ", zip ";
    s += cradle::reads_zip_files() ? "yes" : "no (built without libzip)";
    s += ", ecospold ";
    s += cradle::reads_ecospold() ? "yes" : "no (built without pugixml)";
    try {
        const auto db = cradle::default_factor_db();
        s += "\nbundled data (" + cradle::default_factors_dir().string() + "):";
        for (const auto& d : db.datasets())
            s += "\n  " + d->info().id + "  " + d->info().version + "  (" + d->info().title + ")";
        for (const auto& d : cradle::default_process_databases())
            s += "\n  " + d->id + "  " + d->version + "  (" + d->title + ")";
    } catch (const cradle::error& e) {
        s += "\nbundled data: not found (" + std::string(e.what()) + ")";
    }
    return s;
}

/// An error for tools: {"error": {"id", "message", "exit_code"}} on one line.
void json_error(const std::string& id, const std::string& message, int code) {
    const nlohmann::json j{{"error", {{"id", id}, {"message", message}, {"exit_code", code}}}};
    std::cerr << j.dump() << '\n';
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"cradle — cradle-to-gate product carbon footprints by the matrix method\n"
                 "Exit codes: 0 ok, 1 bad input, 2 usage, 3 data or solver error, 4 internal "
                 "error.",
                 "cradle"}; // the same help wherever the binary is (python -m cradle, the wheel)
    app.require_subcommand(1);
    app.fallthrough(); // --quiet also after the subcommand
    app.set_version_flag("--version", version_text);
    bool quiet = false;
    app.add_flag("-q,--quiet", quiet, "Only errors and warnings on stderr (no notes, no progress)");
    const std::vector<cradle::cli::command> commands{
        cradle::cli::add_footprint(app), cradle::cli::add_run(app),    cradle::cli::add_useeio(app),
        cradle::cli::add_factors(app),   cradle::cli::add_pact(app),   cradle::cli::add_keygen(app),
        cradle::cli::add_sign(app),      cradle::cli::add_verify(app), cradle::cli::add_import(app),
        cradle::cli::add_report(app),    cradle::cli::add_check(app)};
    // -o/--output for the commands that print their result and had no file option of their own
    std::string stdout_file;
    for (const auto& c : commands) {
        std::vector<CLI::App*> leaves{c.app};
        for (auto* sub : c.app->get_subcommands({}))
            leaves.push_back(sub);
        for (auto* l : leaves)
            if (l->get_option_no_throw("--output") == nullptr &&
                l->get_option_no_throw("-o") == nullptr && l->get_subcommands({}).empty() &&
                std::string(l->get_name()) != "keygen")
                l->add_option("-o,--output", stdout_file, "Write the result to this file");
    }
    // JSON errors when the command line asks for JSON output
    bool json = false;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string_view(argv[i]) == "--format" && std::string_view(argv[i + 1]) == "json")
            json = true;
    for (int i = 1; i < argc; ++i)
        if (std::string_view(argv[i]) == "--format=json") json = true;
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e); // --help, --version
        if (json) {
            json_error("usage", e.what(), 2);
        } else {
            app.exit(e);
        }
        return 2;
    }
    quiet_filter filter(std::cerr.rdbuf());
    std::streambuf* const saved = quiet ? std::cerr.rdbuf(&filter) : nullptr;
    struct restore {
        std::streambuf* saved;
        ~restore() {
            if (saved != nullptr) std::cerr.rdbuf(saved);
        }
    } restore_stderr{saved};
    try {
        for (const auto& c : commands)
            if (*c.app) {
                cradle::cli::stdout_to_file out(stdout_file);
                const int rc = c.run();
                out.finish();
                return rc;
            }
    } catch (const cradle::error& e) {
        const int code = exit_code(e);
        if (json)
            json_error(e.id(), e.message(), code);
        else
            std::cerr << "cradle: error: " << one_line(e.what()) << '\n';
        return code;
    } catch (const std::filesystem::filesystem_error& e) { // a safety net: the library wraps them
        const std::string msg = e.path1().string() + ": " + e.code().message();
        if (json)
            json_error("file-system-error", msg, 1);
        else
            std::cerr << "cradle: error: [cradle:file-system-error] " << msg << '\n';
        return 1;
    } catch (const std::exception& e) {
        if (json)
            json_error("internal", e.what(), 4);
        else
            std::cerr << "cradle: internal error: " << e.what() << '\n';
        return 4;
    }
    return 0;
}
