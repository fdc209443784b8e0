// cradle — emission-factor datasets (factors/): loading, look-up, search, re-characterization.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "cradle/data/gwp.hpp"
#include "cradle/detail/text.hpp"
#include "cradle/model/model.hpp"
#include "cradle/model/units.hpp"
#include "cradle/sparse.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cradle {

/// Provenance of a dataset, read from its manifest.json. Every factor points to it.
struct dataset_info {
    std::string id;   ///< "uk-desnz-2025"
    std::string kind; ///< "factors" or "io-model"
    std::string title;
    std::string short_name; ///< "UK DESNZ 2025": how a label cites the dataset (default: id)
    std::string publisher;
    std::string version;
    int year{0};
    std::string region;
    std::string licence;
    std::string licence_url;
    std::string attribution;
    std::string source;
    std::string gwp_set;                      ///< GWP set the published CO2e values use
    std::map<std::string, double> gwp_values; ///< species -> GWP the publisher used (if stated)
    std::filesystem::path folder;
};

/// Mass of one gas per unit of the factor's reference unit. Species "CO2e"
/// marks a part the publisher gives only in CO2e (kept as published).
struct factor;

struct gas_part {
    std::string species;
    double kg{0.0};
    /// Where this gas's carbon comes from when it differs from its factor's (gases.csv column
    /// `origin`, optional): a farm's methane is biogenic, its CO2 not; waste burnt is part
    /// fossil, part biogenic CO2.
    std::optional<origin> gas_origin{};
    [[nodiscard]] origin origin_in(const factor& f) const;
};

/// One emission factor: `value` kg of `quantity` per one `per_unit`.
struct factor {
    std::string id; ///< id within its dataset: "1_101_1011_8_1", "VN/2024"
    std::string name;
    std::string category;
    std::string region;
    int year{0};
    unit per_unit;        ///< reference unit of the factor (kWh, l, USD2022, ...)
    std::string quantity; ///< "CO2e" (pre-characterized) or a species such as "CO2"
    double value{0.0};
    origin carbon_origin{origin::other};
    std::vector<gas_part> gases; ///< split by gas where the source gives it
    std::shared_ptr<const dataset_info> dataset;

    /// "<dataset>/<id>", the name a model uses as a provider.
    [[nodiscard]] std::string full_id() const { return dataset->id + "/" + id; }
    /// What a person reads: the published name, the dataset's short name and, when that name
    /// holds no year, the factor's year ("Grid electricity, Viet Nam (VNM), Ember 2024").
    [[nodiscard]] std::string label() const {
        const std::string& ds = dataset->short_name.empty() ? dataset->id : dataset->short_name;
        const bool has_digit = ds.find_first_of("0123456789") != std::string::npos;
        std::string out = name;
        out.append(", ").append(ds);
        if (!has_digit && year > 0) out.append(" ").append(std::to_string(year));
        return out;
    }
};

inline origin gas_part::origin_in(const factor& f) const {
    return gas_origin.value_or(f.carbon_origin);
}

/// The background input-output model of an "io-model" dataset (USEEIO):
/// direct requirements A (USD per USD), direct GHG per USD, price-year ratios.
struct io_background {
    std::vector<std::string> codes; ///< sector ids "331420/US", index order
    std::vector<std::string> names;
    sparse_matrix A;
    std::vector<double> direct;   ///< kg CO2e per USD of output (GHG row of D)
    std::string currency;         ///< "USD2012"
    std::vector<int> price_years; ///< columns of `price_ratio`
    /// price_ratio[i][k]: USD of the model year per USD of price_years[k] for sector i
    std::vector<std::vector<double>> price_ratio;
};

/// One loaded dataset: immutable once loaded.
class factor_dataset {
  public:
    factor_dataset(std::shared_ptr<const dataset_info> info, std::vector<factor> factors,
                   std::optional<io_background> io);

    [[nodiscard]] const dataset_info& info() const { return *info_; }
    [[nodiscard]] const std::vector<factor>& factors() const { return factors_; }
    [[nodiscard]] const io_background* io() const { return io_ ? &*io_ : nullptr; }
    /// nullptr if there is no factor with this id.
    [[nodiscard]] const factor* find(std::string_view id) const;
    /// Up to `n` ids closest to `id` (edit distance), for "did you mean" messages.
    [[nodiscard]] std::vector<std::string> closest(std::string_view id, std::size_t n = 5) const;

  private:
    std::shared_ptr<const dataset_info> info_;
    std::vector<factor> factors_;
    std::unordered_map<std::string, std::size_t> by_id_;
    std::optional<io_background> io_;
};

/// What to look for; empty fields match everything. `text` matches every
/// word (case-insensitive) against the id, name and category.
struct factor_query {
    std::string text;
    std::string dataset;
    std::string category; ///< substring, case-insensitive
    std::string region;   ///< exact, case-insensitive ("VN", "GB", "US")
    std::optional<int> year;
    std::optional<unit> per_unit; ///< factors whose unit converts to this one
    std::size_t limit{50};
};

/// A set of datasets, looked up by "<dataset>/<id>". Immutable; pass it in.
class factor_db {
  public:
    factor_db() = default;
    explicit factor_db(std::vector<std::shared_ptr<const factor_dataset>> sets);

    [[nodiscard]] const std::vector<std::shared_ptr<const factor_dataset>>& datasets() const {
        return sets_;
    }
    [[nodiscard]] const factor_dataset* dataset(std::string_view id) const;
    /// The factor named "<dataset>/<id>", or nullptr.
    [[nodiscard]] const factor* find(std::string_view full_id) const;
    /// Like find(), but throws data_error "unknown-factor" (unknown dataset:
    /// the available ones; unknown id: the closest matches).
    [[nodiscard]] const factor& get(std::string_view full_id) const;
    [[nodiscard]] std::vector<const factor*> search(const factor_query& q) const;
    [[nodiscard]] std::size_t size() const;

  private:
    std::vector<std::shared_ptr<const factor_dataset>> sets_;
};

/// Load one dataset folder (manifest.json + factors.csv [+ gases.csv] [+ io files]).
/// All-or-nothing: any problem throws data_error naming file, row and column.
[[nodiscard]] factor_dataset load_dataset(const std::filesystem::path& folder);

/// Load every dataset folder under `root` (those with a manifest.json of kind
/// "factors" or "io-model"), sorted by id.
[[nodiscard]] factor_db load_factor_db(const std::filesystem::path& root);

/// The bundled datasets, from default_factors_dir() (no configuration needed).
[[nodiscard]] factor_db default_factor_db();

/// kg CO2e per unit of `f` under `gwp`, from its per-gas parts. Species given
/// only in CO2e count as published. Without a split, a species factor is
/// weighted with `gwp`, and a CO2e factor is returned as published.
/// Throws data_error "unknown-species" for a gas `gwp` has no value for.
[[nodiscard]] double recharacterize(const factor& f, const gwp_set& gwp);

/// kg CO2e per unit of `f` from its per-gas parts with the GWPs its publisher
/// used (dataset_info::gwp_values); nullopt if the split or the GWPs are missing.
[[nodiscard]] std::optional<double> published_from_parts(const factor& f);

} // namespace cradle
