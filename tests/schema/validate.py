#!/usr/bin/env python3
"""Validates YAML or JSON files against a JSON Schema (draft 2020-12).

usage: validate.py SCHEMA.json FILE...   prints "FILE: ok" or "FILE: invalid: why"
and exits 1 if any file is invalid. YAML is read as a YAML 1.2 editor (the
yaml-language-server) reads it: dates stay strings.
"""
import json
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    pass


# YAML 1.1 timestamps become strings, as in YAML 1.2's core schema
for ch, resolvers in list(Loader.yaml_implicit_resolvers.items()):
    Loader.yaml_implicit_resolvers[ch] = [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]


def main():
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f) if path.endswith(".json") else yaml.load(f, Loader=Loader)
        errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
        if errs:
            bad += 1
            e = errs[0]
            print(f"{path}: invalid: {'/'.join(map(str, e.path))}: {e.message[:200]}")
        else:
            print(f"{path}: ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
