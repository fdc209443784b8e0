"""Validates PACT export metadata (docs/pact-meta.example.json and the "pact" sections of the
bundled models) against docs/schema/pact-meta.schema.json, and checks that the schema rejects a
typo and a figure that cradle computes."""
import copy
import json
import sys

import jsonschema

schema_file, example, *models = sys.argv[1:]
validator = jsonschema.Draft202012Validator(json.load(open(schema_file)),
                                            format_checker=jsonschema.FormatChecker())
validator.check_schema(validator.schema)
meta = json.load(open(example))
validator.validate(meta)
print("valid:", example)
for path in models:
    validator.validate(json.load(open(path))["pact"])
    print("valid pact section:", path)
typo = copy.deepcopy(meta)
typo["companyname"] = "x"
computed = copy.deepcopy(meta)
computed["pcf"]["fossilGhgEmissions"] = "1"
for name, doc in (("typo", typo), ("computed figure", computed)):
    if validator.is_valid(doc):
        sys.exit(f"schema accepted metadata with a {name}")
    print("rejected:", name)
