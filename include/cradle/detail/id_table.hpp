// cradle — internal: positions of string ids, by open addressing over one owned arena.
// SPDX-License-Identifier: Apache-2.0
//
// compile() looks up the flow of every exchange of a model (600,000 at 20,000 processes).
// std::unordered_map<std::string, ...> costs a node per id and two or three cache misses per
// look-up (bucket, node, string); this table keeps a slot array (8 bytes a slot, at most half
// full) and the ids' characters in one contiguous arena, so a look-up is a hash, usually one probe
// and one comparison in memory that stays in cache. It owns its characters: moving or copying it
// never leaves a view dangling.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace cradle::detail {

class id_table {
  public:
    static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

    id_table() = default;
    /// Room for `n` ids without rehashing.
    explicit id_table(std::size_t n) { reserve(n); }

    void reserve(std::size_t n) {
        if (2 * n > slots_.size()) rehash(capacity_for(n));
        entries_.reserve(n);
    }

    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

    /// Adds `id` with `value`; false, and the table unchanged, if `id` is there already (the first
    /// value stays).
    bool insert(std::string_view id, std::size_t value) {
        if (2 * (entries_.size() + 1) > slots_.size()) rehash(capacity_for(entries_.size() + 1));
        const std::uint64_t h = hash(id);
        std::size_t i = h & (slots_.size() - 1);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (; slots_[i].entry != 0; i = (i + 1) & (slots_.size() - 1))
            if (slots_[i].tag == tag && text(entries_[slots_[i].entry - 1]) == id) return false;
        if (chars_.size() + id.size() > std::numeric_limits<std::uint32_t>::max() ||
            entries_.size() + 1 >= std::numeric_limits<std::uint32_t>::max())
            throw std::length_error("cradle: more than 4 GiB of ids in one table");
        entries_.push_back({static_cast<std::uint32_t>(chars_.size()),
                            static_cast<std::uint32_t>(id.size()), value});
        chars_.insert(chars_.end(), id.begin(), id.end());
        slots_[i] = {static_cast<std::uint32_t>(entries_.size()), tag};
        return true;
    }

    /// The value of `id`, or npos.
    [[nodiscard]] std::size_t find(std::string_view id) const noexcept {
        if (slots_.empty()) return npos;
        const std::uint64_t h = hash(id);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::size_t i = h & (slots_.size() - 1); slots_[i].entry != 0;
             i = (i + 1) & (slots_.size() - 1)) {
            const entry& e = entries_[slots_[i].entry - 1];
            if (slots_[i].tag == tag && text(e) == id) return e.value;
        }
        return npos;
    }

  private:
    struct slot {
        std::uint32_t entry{0}; ///< 1 + position in entries_; 0: empty
        std::uint32_t tag{0};   ///< high half of the hash, compared before the text
    };
    struct entry {
        std::uint32_t offset;
        std::uint32_t length;
        std::size_t value;
    };

    [[nodiscard]] static std::uint64_t hash(std::string_view id) noexcept {
        return std::hash<std::string_view>{}(id);
    }
    [[nodiscard]] static std::size_t capacity_for(std::size_t n) {
        std::size_t c = 16;
        while (c < 2 * n)
            c *= 2;
        return c;
    }
    [[nodiscard]] std::string_view text(const entry& e) const noexcept {
        return {chars_.data() + e.offset, e.length};
    }
    void rehash(std::size_t capacity) {
        std::vector<slot> fresh(capacity);
        for (std::size_t k = 0; k < entries_.size(); ++k) {
            const std::uint64_t h = hash(text(entries_[k]));
            std::size_t i = h & (capacity - 1);
            while (fresh[i].entry != 0)
                i = (i + 1) & (capacity - 1);
            fresh[i] = {static_cast<std::uint32_t>(k + 1), static_cast<std::uint32_t>(h >> 32)};
        }
        slots_ = std::move(fresh);
    }

    std::vector<slot> slots_;
    std::vector<entry> entries_;
    std::vector<char> chars_;
};

} // namespace cradle::detail
