"""Validates model files against docs/schema/cradle-model.schema.json, and checks that the
schema rejects what the reader rejects (an unknown member, a bad enum value)."""
import copy
import json
import sys

import jsonschema

schema_file, *models = sys.argv[1:]
validator = jsonschema.Draft202012Validator(json.load(open(schema_file)))
validator.check_schema(validator.schema)
for path in models:
    validator.validate(json.load(open(path)))
    print("valid:", path)
base = json.load(open(models[0]))
typo = copy.deepcopy(base)
typo["processes"][0]["outputs"][0]["amout"] = 1
enum = copy.deepcopy(base)
enum["flows"][0]["type"] = "service"
for name, doc in (("unknown member", typo), ("bad enum", enum)):
    if validator.is_valid(doc):
        sys.exit(f"schema accepted a document with a {name}")
    print("rejected:", name)
