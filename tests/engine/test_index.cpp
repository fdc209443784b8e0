// The id table behind compile()'s and system_index's look-ups (detail/id_table.hpp), checked
// against std::unordered_map on ids of every shape, and system_index's finds through it.
#include "cradle/detail/id_table.hpp"
#include "cradle/engine/index.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <unordered_map>
#include <vector>

using cradle::detail::id_table;

namespace {

/// Ids of every shape: empty, one character, embedded NUL and control bytes, long (past the
/// short-string buffer), common prefixes and suffixes, and many near-duplicates.
std::vector<std::string> awkward_ids(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<std::string> ids = {"",
                                    "a",
                                    std::string("a\0b", 3),
                                    std::string(1, '\0'),
                                    std::string(300, 'x'),
                                    std::string(299, 'x') + "y",
                                    "\x1f",
                                    "ÄÖÜ€"};
    std::uniform_int_distribution<int> len(0, 40), byte(0, 255), pick(0, 3);
    while (ids.size() < n) {
        switch (pick(rng)) {
        case 0: { // built by appending: GCC 12 warns falsely (-Wrestrict) on "lit" + string
            std::string s = "p";
            s += std::to_string(ids.size());
            ids.push_back(s);
            break;
        }
        case 1: {
            std::string s = "flow/";
            s += std::to_string(ids.size() * 7919);
            s += "/kg";
            ids.push_back(s);
            break;
        }
        case 2: {
            std::string s(static_cast<std::size_t>(len(rng)), ' ');
            for (auto& c : s)
                c = static_cast<char>(byte(rng));
            ids.push_back(s);
            break;
        }
        default: // a repeat of an earlier id
            ids.push_back(ids[static_cast<std::size_t>(rng()) % ids.size()]);
        }
    }
    return ids;
}

} // namespace

TEST_CASE("id_table agrees with std::unordered_map, first value kept on a repeat") {
    const auto ids = awkward_ids(20000, 7);
    id_table table; // grows from empty: every rehash is exercised
    std::unordered_map<std::string, std::size_t> ref;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const bool fresh = ref.emplace(ids[i], i).second;
        REQUIRE(table.insert(ids[i], i) == fresh);
    }
    REQUIRE(table.size() == ref.size());
    for (const auto& [id, at] : ref)
        REQUIRE(table.find(id) == at);
    // ids never inserted: neighbours of real ones
    for (const auto& id : awkward_ids(3000, 8)) {
        const std::string other = id + "~";
        const auto it = ref.find(other);
        CHECK(table.find(other) == (it == ref.end() ? id_table::npos : it->second));
    }
}

TEST_CASE("id_table: empty, reserved, copied and moved tables") {
    const id_table empty;
    CHECK(empty.find("") == id_table::npos);
    CHECK(empty.find("x") == id_table::npos);

    id_table t(3);
    CHECK(t.insert("", 4));
    CHECK(t.insert("b", 5));
    CHECK_FALSE(t.insert("", 9));
    CHECK(t.find("") == 4);
    {
        std::string owner = "a long id that does not fit a short-string buffer";
        CHECK(t.insert(owner, 6));
        owner.assign(owner.size(), '?'); // the table keeps its own copy of the characters
    }
    CHECK(t.find("a long id that does not fit a short-string buffer") == 6);
    const id_table copy = t;
    id_table moved = std::move(t);
    CHECK(copy.find("b") == 5);
    CHECK(moved.find("a long id that does not fit a short-string buffer") == 6);
    CHECK(moved.find("c") == id_table::npos);
}

TEST_CASE("system_index finds columns by process, by process and product, and elementary rows") {
    using namespace cradle;
    auto column = [](std::string process, std::string product, bool allocated) {
        tech_flow t;
        t.process = std::move(process);
        t.product = std::move(product);
        t.allocated = allocated;
        return t;
    };
    flow co2;
    co2.id = "CO2";
    co2.kind = flow_kind::elementary;
    flow ch4 = co2;
    ch4.id = "CH4";
    const system_index index({column("mill", "wire", false), column("smelter", "copper", true),
                              column("smelter", "acid", true)},
                             {co2, ch4});
    const system_index copied = index; // finds keep working in a copy
    for (const system_index* ix : {&index, &copied}) {
        CHECK(ix->find("mill") == process_col{0});
        CHECK(ix->find("smelter") == process_col{1}); // the process's first column
        CHECK(ix->find("smelter", "acid") == process_col{2});
        CHECK(ix->find("smelter", "wire") == std::nullopt);
        CHECK(ix->find("refinery") == std::nullopt);
        CHECK(ix->find_elementary("CH4") == elementary_row{1});
        CHECK(ix->find_elementary("N2O") == std::nullopt);
    }
}
