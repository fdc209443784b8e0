"""Validates the bundled rule sets (rules/*.json) against docs/schema/cradle-rules.schema.json,
and checks the schema rejects what the reader rejects (an unknown member, a bad method, a share
over 100 %)."""
import copy
import json
import sys

import jsonschema

schema_file, *files = sys.argv[1:]
validator = jsonschema.Draft202012Validator(json.load(open(schema_file)))
validator.check_schema(validator.schema)
for f in files:
    doc = json.load(open(f))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        sys.exit(f"{f}: {'/'.join(map(str, errors[0].path))}: {errors[0].message}")
base = json.load(open(files[0]))
for name, change in [("unknown member", lambda d: d.update(colour="red")),
                     ("bad method", lambda d: d.update(allocation={"method": "random"})),
                     ("share over 100 %", lambda d: d.update(cut_off={"max_exempted_percent": 150}))]:
    bad = copy.deepcopy(base)
    change(bad)
    if validator.is_valid(bad):
        sys.exit(f"schema accepted a rules file with a {name}")
print(f"{len(files)} rule sets valid; the schema rejects 3 kinds of bad files")
