// cradle — process databases as a background (data/process_db.hpp).
// SPDX-License-Identifier: Apache-2.0
#include "cradle/data/process_db.hpp"

#include "cradle/detail/text.hpp"
#include "cradle/io/files.hpp"
#include "cradle/io/json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace cradle {

namespace {
std::string manifest_text(const nlohmann::json& m, const char* key, const std::string& file) {
    auto it = m.find(key);
    if (it == m.end()) throw data_error("bad-data-file", file + ": '" + key + "' is missing");
    if (it->is_array() && !it->empty() && it->front().is_string())
        return it->front().get<std::string>();
    if (!it->is_string()) throw data_error("bad-data-file", file + ": '" + key + "' is not text");
    return it->get<std::string>();
}
} // namespace

const process& process_database::find(const std::string& what) const {
    for (const auto& p : model.processes)
        if (p.id == what) return p;
    const std::string want = detail::trim(what);
    std::vector<const process*> hits;
    for (const auto& p : model.processes)
        if (detail::trim(p.name) == want) hits.push_back(&p);
    if (hits.size() == 1) return *hits.front();
    if (hits.empty()) {
        std::vector<std::string> names;
        for (const auto& p : model.processes)
            names.push_back(p.name);
        std::string msg = std::string("no process of ").append(id);
        msg.append(" is named or identified '").append(detail::excerpt(what, 100)).append("'");
        const auto close = detail::closest_words(want, names, 3);
        for (std::size_t i = 0; i < close.size(); ++i) {
            msg.append(i ? ", '" : "; did you mean '").append(close[i]).append("'");
            if (i + 1 == close.size()) msg.append("?");
        }
        throw input_error({problem{"unknown-process", msg}});
    }
    std::string msg = std::string("'").append(detail::excerpt(what, 100)).append("' names ");
    msg.append(std::to_string(hits.size())).append(" processes of ").append(id);
    msg.append("; name one by id:");
    for (const auto* p : hits)
        msg.append("\n    ")
            .append(id)
            .append("/")
            .append(p->id)
            .append("  (")
            .append(p->location)
            .append(")");
    throw input_error({problem{"ambiguous-process", msg}});
}

process_database load_process_database(const std::filesystem::path& folder) {
    const auto mfile = (folder / "manifest.json").string();
    const auto m = nlohmann::json::parse(read_text_file(folder / "manifest.json"), nullptr, false);
    if (m.is_discarded() || !m.is_object())
        throw data_error("bad-data-file", mfile + ": not a JSON object");
    process_database db;
    db.id = manifest_text(m, "id", mfile);
    db.title = manifest_text(m, "title", mfile);
    db.version = manifest_text(m, "version", mfile);
    db.licence = manifest_text(m, "licence", mfile);
    db.source = manifest_text(m, "source", mfile);
    db.folder = folder;
    const std::string model_file = manifest_text(m, "model", mfile);
    if (model_file.find('/') != std::string::npos || model_file.find("..") != std::string::npos)
        throw data_error("bad-data-file", mfile + ": 'model' must name a file in its folder");
    db.model = read_model(folder / model_file);
    return db;
}

std::vector<std::shared_ptr<const process_database>>
load_process_databases(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> folders;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(root, ec)) {
        if (!e.is_directory() || !std::filesystem::exists(e.path() / "manifest.json")) continue;
        const auto m =
            nlohmann::json::parse(read_text_file(e.path() / "manifest.json"), nullptr, false);
        if (m.is_object() && m.value("kind", "") == "process-database") folders.push_back(e.path());
    }
    if (ec) throw data_error("factors-not-found", root.string() + ": " + ec.message());
    std::sort(folders.begin(), folders.end());
    std::vector<std::shared_ptr<const process_database>> out;
    for (const auto& f : folders)
        out.push_back(std::make_shared<const process_database>(load_process_database(f)));
    return out;
}

namespace {
const process_database* db_of(const std::string& ref,
                              const std::vector<std::shared_ptr<const process_database>>& dbs) {
    const auto slash = ref.find('/');
    if (slash == std::string::npos) return nullptr;
    for (const auto& d : dbs)
        if (ref.compare(0, slash, d->id) == 0 && slash == d->id.size()) return d.get();
    return nullptr;
}
} // namespace

bool has_process_db_refs(const product_system& sys,
                         const std::vector<std::shared_ptr<const process_database>>& dbs) {
    std::unordered_set<std::string> procs;
    for (const auto& p : sys.processes)
        procs.insert(p.id);
    return any_provider(sys, [&](const std::string& s) {
        return !s.empty() && !procs.contains(s) && db_of(s, dbs) != nullptr;
    });
}

product_system
link_process_databases(const product_system& sys,
                       const std::vector<std::shared_ptr<const process_database>>& dbs) {
    product_system out = sys;
    std::unordered_set<std::string> own;
    for (const auto& p : sys.processes)
        own.insert(p.id);
    std::vector<problem> problems;
    std::unordered_set<std::string> copied; ///< prefixed ids of processes already in `out`
    std::unordered_set<std::string> flows_copied;
    struct db_index {
        std::unordered_map<std::string, const process*> process_at;
        std::unordered_map<std::string, const flow*> flow_at;
    };
    std::map<const process_database*, db_index> index;
    auto index_of = [&](const process_database& d) -> const db_index& {
        auto [it, fresh] = index.try_emplace(&d);
        if (fresh) {
            for (const auto& p : d.model.processes)
                it->second.process_at[p.id] = &p;
            for (const auto& f : d.model.flows)
                it->second.flow_at[f.id] = &f;
        }
        return it->second;
    };
    auto copy_upstream = [&](const process_database& d, const process& start) {
        const db_index& ix = index_of(d);
        const std::string pre = d.id + "/";
        std::deque<const process*> todo{&start};
        while (!todo.empty()) {
            const process* p = todo.front();
            todo.pop_front();
            if (!copied.insert(pre + p->id).second) continue;
            process q = *p;
            q.id = pre + p->id;
            q.metadata["dataset"] = d.id;
            q.metadata["dataset.version"] = d.version;
            q.metadata["dataset.folder"] = d.folder.string();
            auto flow_ref = [&](exchange& e) {
                const std::string id = e.flow;
                e.flow = pre + id;
                if (!flows_copied.insert(e.flow).second) return;
                auto f = ix.flow_at.find(id);
                if (f == ix.flow_at.end()) return; // compile() names it
                flow g = *f->second;
                g.id = e.flow;
                out.flows.push_back(std::move(g));
            };
            for (auto& e : q.outputs)
                flow_ref(e);
            for (auto& e : q.elementary)
                flow_ref(e);
            for (auto& e : q.inputs) {
                flow_ref(e);
                if (e.provider.empty()) continue;
                auto up = ix.process_at.find(e.provider);
                e.provider = pre + e.provider;
                if (up != ix.process_at.end()) todo.push_back(up->second);
            }
            out.processes.push_back(std::move(q));
        }
    };
    for (std::size_t pi = 0; pi < sys.processes.size(); ++pi) {
        for (std::size_t k = 0; k < sys.processes[pi].inputs.size(); ++k) {
            const exchange& e = sys.processes[pi].inputs[k];
            const std::string& ref = named_provider(sys, e);
            if (ref.empty() || own.contains(ref)) continue;
            const process_database* d = db_of(ref, dbs);
            if (d == nullptr) continue;
            const std::string where =
                "process '" + sys.processes[pi].id + "' input '" + e.flow + "'";
            const process* p = nullptr;
            try {
                p = &d->find(ref.substr(d->id.size() + 1));
            } catch (const input_error& err) {
                for (const auto& pr : err.problems())
                    problems.push_back({pr.id, where + ": " + pr.message});
                continue;
            }
            const exchange& product = p->outputs.front();
            if (!(product.amount_unit.dim == e.amount_unit.dim)) {
                problems.push_back(
                    {"incompatible-unit",
                     where + ": " + d->id + "/" + p->id + " (" + detail::excerpt(p->name, 80) +
                         ") makes its product in '" + product.amount_unit.symbol + "' (" +
                         to_string(product.amount_unit.dim) + "); the amount is in '" +
                         e.amount_unit.symbol + "' (" + to_string(e.amount_unit.dim) + ")"});
                continue;
            }
            copy_upstream(*d, *p);
            exchange& target = out.processes[pi].inputs[k];
            target.flow = d->id + "/" + product.flow;
            target.provider = d->id + "/" + p->id;
        }
    }
    // linking rules that named database processes were applied to the inputs above
    for (auto it = out.providers.begin(); it != out.providers.end();)
        it = db_of(it->second, dbs) != nullptr && !own.contains(it->second)
                 ? out.providers.erase(it)
                 : std::next(it);
    if (!problems.empty()) throw model_error(std::move(problems));
    return out;
}

} // namespace cradle
