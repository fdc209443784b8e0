// cradle — internal: a JSON document built as nlohmann::json::parse builds it, except the elements
// of one top-level array member, which are handed over one by one as they close.
// SPDX-License-Identifier: Apache-2.0
//
// A 20,000-process model file is 84 MB of text and 1.3 GB as one nlohmann::json tree (a map node
// per member); building, reading and freeing that tree cost more than the model it describes.
// With this builder (nlohmann's SAX interface), each element of "processes" exists as a tree only
// while it is read, so the memory is reused while it is still in cache. Everything else in the
// document is kept exactly as parse() would keep it (duplicate members: the last one wins).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace cradle::detail {

class streaming_dom_builder final : public nlohmann::json_sax<nlohmann::json> {
  public:
    using json = nlohmann::json;
    struct callbacks {
        /// a top-level member's key, before its value (the streamed member may come more than
        /// once: the last one wins, as in parse())
        std::function<void(const std::string&)> root_key;
        /// one element of the streamed array, complete
        std::function<void(std::size_t index, json&& element)> element;
    };

    streaming_dom_builder(std::string streamed_key, callbacks cb)
        : key_(std::move(streamed_key)), cb_(std::move(cb)) {}

    /// The document without the streamed elements (the streamed member is an empty array).
    [[nodiscard]] json& root() noexcept { return root_; }
    /// nlohmann's message for a syntax error (empty if none).
    [[nodiscard]] const std::string& error() const noexcept { return error_; }

    bool null() override { return scalar(json(nullptr)); }
    bool boolean(bool v) override { return scalar(json(v)); }
    bool number_integer(number_integer_t v) override { return scalar(json(v)); }
    bool number_unsigned(number_unsigned_t v) override { return scalar(json(v)); }
    bool number_float(number_float_t v, const string_t&) override { return scalar(json(v)); }
    bool string(string_t& v) override { return scalar(json(std::move(v))); }
    bool binary(binary_t& v) override { return scalar(json::binary(std::move(v))); }

    bool start_object(std::size_t) override {
        stack_.push_back(place(json::object()));
        return true;
    }
    bool start_array(std::size_t) override {
        if (armed_) { // the streamed member: an empty array stays in the document
            armed_ = false;
            *pending_ = json::array();
            stack_.push_back(nullptr);
            index_ = 0;
            return true;
        }
        stack_.push_back(place(json::array()));
        return true;
    }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool key(string_t& k) override {
        json* object = stack_.back();
        pending_ = &(*object)[k]; // a repeated key: its slot again, the last value wins
        armed_ = stack_.size() == 1 && k == key_;
        if (stack_.size() == 1 && cb_.root_key) cb_.root_key(k);
        return true;
    }

    bool parse_error(std::size_t, const std::string&,
                     const nlohmann::detail::exception& e) override {
        error_ = e.what();
        return false;
    }

  private:
    /// Where a new value goes: the root, the element being streamed, an array or an object.
    json* place(json&& v) {
        armed_ = false; // the streamed member is not an array: kept as it is, for the reader
        if (stack_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        json* parent = stack_.back();
        if (parent == nullptr) {
            element_ = std::move(v);
            return &element_;
        }
        if (parent->is_array()) {
            parent->push_back(std::move(v));
            return &parent->back();
        }
        *pending_ = std::move(v);
        return pending_;
    }
    bool scalar(json&& v) {
        if (place(std::move(v)) == &element_) deliver();
        return true;
    }
    bool close() {
        const json* done = stack_.back();
        stack_.pop_back();
        if (done == &element_) deliver();
        return true;
    }
    void deliver() {
        json element = std::move(element_);
        element_ = json();
        cb_.element(index_++, std::move(element));
    }

    std::string key_;
    callbacks cb_;
    json root_;
    json element_;
    std::vector<json*> stack_; ///< open containers; nullptr: the streamed array
    json* pending_{nullptr};   ///< the slot of the last key read
    bool armed_{false};        ///< the last key read is the streamed member's, at the top level
    std::size_t index_{0};
    std::string error_;
};

} // namespace cradle::detail
