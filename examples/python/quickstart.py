"""Load a bundled example model, print its footprint and its top five contributors."""
import pathlib
import sys

import cradle

here = pathlib.Path(__file__).resolve().parent
path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "models" / "copper-wire.json"
result = cradle.footprint(cradle.read_model(path))  # AR6, bundled factors
print(f"{path.name}: {result.total:.4f} kg CO2e")
for indicator, value in result.by_origin.items():
    print(f"  {indicator:<32} {value:12.4f}")
print("top five contributors (direct emissions):")
for c in result.top(5):  # Contributor(id, name, value)
    print(f"  {c.name[:56]:<56} {c.value:12.4f} kg CO2e  {100 * c.value / result.total:6.2f} %")
