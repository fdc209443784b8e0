// cradle — product carbon footprints by the matrix method.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cradle {

namespace detail {
/// Control characters as \xNN (UTF-8 text passes; line breaks too when `keep_newlines`): text
/// quoted from any file (ids, cells) must not carry terminal escape sequences to its reader.
[[nodiscard]] inline std::string escape_controls(std::string_view s, bool keep_newlines) {
    auto is_control = [&](unsigned char u) {
        return (u < 0x20 && !(keep_newlines && u == '\n')) || u == 0x7f;
    };
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (!is_control(u)) {
            out += c;
            continue;
        }
        static constexpr char hex[] = "0123456789abcdef";
        out += "\\x";
        out += hex[u >> 4];
        out += hex[u & 15];
    }
    return out;
}
} // namespace detail

/// Root of every exception cradle throws. `what()` always starts with the
/// stable id in brackets, e.g. "[cradle:unlinked-input] process 'smelter' ...",
/// so callers (and the Python bindings) can match on the id, not on prose.
/// Control characters in the message are escaped (detail::escape_controls).
class error : public std::runtime_error {
    struct escaped {};
    error(std::string id, std::string message, escaped)
        : std::runtime_error("[cradle:" + id + "] " + message), id_(std::move(id)),
          message_(std::move(message)) {}

  public:
    error(std::string id, const std::string& message)
        : error(std::move(id), detail::escape_controls(message, true), escaped{}) {}

    /// Stable machine-readable id, e.g. "unlinked-input".
    [[nodiscard]] const std::string& id() const noexcept { return id_; }
    /// The message without the "[cradle:id] " prefix.
    [[nodiscard]] const std::string& message() const noexcept { return message_; }

  private:
    std::string id_;
    std::string message_;
};

/// One problem found while reading or validating; errors that collect
/// several carry all of them.
struct problem {
    std::string id;      ///< stable id, e.g. "unlinked-input"
    std::string message; ///< names the file / JSON path / process / product involved
};

namespace detail {
inline std::string summarize(const std::vector<problem>& ps, const std::string& what) {
    if (ps.size() == 1) return ps.front().message;
    std::string s = std::to_string(ps.size()) + " problems in the " + what + ":";
    for (const auto& p : ps)
        s += "\n  [cradle:" + p.id + "] " + p.message;
    return s;
}
inline std::string first_id(const std::vector<problem>& ps, const char* fallback) {
    return ps.size() == 1 ? ps.front().id : fallback;
}
} // namespace detail

/// A file or document could not be read: bad JSON, a missing member, a value
/// of the wrong type. The message names the file and the JSON path (or row);
/// a reader reports every such problem of a document at once.
class input_error : public error {
  public:
    using error::error;
    explicit input_error(std::vector<problem> problems)
        : error(detail::first_id(problems, "invalid-input"), detail::summarize(problems, "input")),
          problems_(std::move(problems)) {}

    [[nodiscard]] const std::vector<problem>& problems() const noexcept { return problems_; }

  private:
    std::vector<problem> problems_;
};

/// A unit string is unknown, ambiguous, or not convertible to the unit needed.
class unit_error : public error {
  public:
    using error::error;
};

/// A bundled or external data set (GWP table, USEEIO folder) is malformed.
class data_error : public error {
  public:
    using error::error;
};

/// The model is inconsistent. Validation collects every problem before
/// throwing, so one run reports them all; `what()` lists each on its own line.
class model_error : public error {
  public:
    explicit model_error(std::vector<problem> problems)
        : error(detail::first_id(problems, "invalid-model"), detail::summarize(problems, "model")),
          problems_(std::move(problems)) {}

    explicit model_error(problem p) : model_error(std::vector<problem>{std::move(p)}) {}

    [[nodiscard]] const std::vector<problem>& problems() const noexcept { return problems_; }

  private:
    std::vector<problem> problems_;
};

/// An exchange document (a PACT ProductFootprint) is invalid, or an export would not be valid;
/// carries every problem, each naming its JSON path.
class exchange_error : public error {
  public:
    using error::error;
    explicit exchange_error(std::vector<problem> problems)
        : error(detail::first_id(problems, "invalid-footprint"),
                detail::summarize(problems, "footprint")),
          problems_(std::move(problems)) {}

    [[nodiscard]] const std::vector<problem>& problems() const noexcept { return problems_; }

  private:
    std::vector<problem> problems_;
};

/// The technosphere matrix cannot be solved: singular or nearly singular.
/// The message names the processes involved.
class solver_error : public error {
  public:
    solver_error(std::string id, const std::string& message, std::vector<std::string> processes)
        : error(std::move(id), message), processes_(std::move(processes)) {}

    [[nodiscard]] const std::vector<std::string>& processes() const noexcept { return processes_; }

  private:
    std::vector<std::string> processes_;
};

} // namespace cradle
