"""Validates the provenance extension of the signed chain (tests/fixtures/provenance) against
docs/schema/provenance.schema.json, checks that the extension names that schema, and that the
schema rejects a typo, a short signature and a hash without its algorithm."""
import copy
import json
import sys

import jsonschema

schema_file, *footprints = sys.argv[1:]
schema = json.load(open(schema_file))
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
validator.check_schema(schema)
data = None
for path in footprints:
    fp = json.load(open(path))
    ext = [e for e in fp["extensions"] if e["dataSchema"] == schema["$id"]]
    assert len(ext) == 1, path
    data = ext[0]["data"]
    validator.validate(data)
    print("valid provenance:", path)
bad = []
typo = copy.deepcopy(data)
typo["inputs"]["dataset"] = []
bad.append(("typo", typo))
short = copy.deepcopy(data)
short["proof"]["signature"] = short["proof"]["signature"][:40]
bad.append(("short signature", short))
bare = copy.deepcopy(data)
bare["proof"]["contentHash"] = bare["proof"]["contentHash"].removeprefix("sha256:")
bad.append(("hash without algorithm", bare))
for name, doc in bad:
    if validator.is_valid(doc):
        sys.exit(f"schema accepted provenance with a {name}")
    print("rejected:", name)
