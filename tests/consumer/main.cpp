// Heijungs & Suh (2002): 1000 kWh -> 120 kg CO2. Exits 0 only on the right answer.
#include <cradle/cradle.hpp>

#include <cmath>
#include <iostream>

int main() {
    const char* model = R"({"flows": [
        {"id": "electricity", "type": "product", "unit": "kWh"},
        {"id": "fuel", "type": "product", "unit": "L"},
        {"id": "co2", "type": "elementary", "unit": "kg", "substance": "CO2", "origin": "fossil"}],
      "processes": [
        {"id": "power", "outputs": [{"flow": "electricity", "amount": 10}],
         "inputs": [{"flow": "fuel", "amount": 2}], "elementary": [{"flow": "co2", "amount": 1}]},
        {"id": "refinery", "outputs": [{"flow": "fuel", "amount": 100}],
         "elementary": [{"flow": "co2", "amount": 10}]}],
      "functional_unit": {"flow": "electricity", "amount": 1000}})";
    const auto m = cradle::parse_model(model, "inline");
    const auto sys = cradle::compile(m);
    const auto gwp = cradle::default_gwp_table(); // bundled data found with no configuration
    const auto r =
        cradle::calculate(sys, cradle::characterize(sys.index, gwp.get("AR6")),
                          cradle::factorize(sys), cradle::demand_vector(sys, *m.reference));
    std::cout << "factors " << cradle::default_factors_dir().string() << "\n";
    std::cout << "total " << r.total() << " kg CO2e\n";
    // the bundled factor datasets, found the same way: DESNZ 2025 UK electricity 0.177 kg/kWh
    const auto db = cradle::default_factor_db();
    const double uk = db.get("uk-desnz-2025/7_400_4000_5_1").value;
    std::cout << "datasets " << db.datasets().size() << ", UK grid " << uk << " kg CO2e/kWh\n";
    return std::abs(r.total() - 120.0) < 1e-9 && std::abs(uk - 0.177) < 1e-12 ? 0 : 1;
}
