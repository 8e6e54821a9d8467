#!/usr/bin/python3
"""schema_check.py - docs/plan.schema.json against the plans we have.

Checks, each counted as one test:
  - the schema is a valid draft-07 schema;
  - every samples/*.yaml starts with the yaml-language-server $schema
    comment and validates against the schema;
  - tests/e2e/fixtures/full.yaml (every optional component) validates;
  - every plan given with --plan validates (test_schema.sh passes the
    output of `vanban init`), and so does the example of the input contract
    (../shared/spec/plan-format.md) when it is beside the checkout;
  - the malformed plans in tests/bad/ whose mistake is one a schema can
    see (an unknown key, a wrong type, a missing required field, a value
    outside an enum, ...) are rejected, and the rejection points at the
    right key.

The YAML is read the way an editor's YAML language server reads it: YAML
1.2 core scalars (no dates, no yes/no booleans, no sexagesimal numbers),
not PyYAML's YAML 1.1 defaults.

usage: schema_check.py [--root DIR] [--plan FILE]...
Needs Debian's python3-yaml and python3-jsonschema. Prints
"N passed, M failed" last and exits 1 on any failure.
"""
import argparse
import glob
import json
import os
import re
import shutil
import sys
import tempfile

import yaml
import jsonschema

MODELINE = "# yaml-language-server: $schema=../docs/plan.schema.json"

# tests/bad/ plans the schema must reject, and a word that the error's
# location or message must contain (None: any rejection will do).
SCHEMA_LEVEL_BAD = {
    "01-unknown-key.yaml": "titel",
    "02-missing-title.yaml": "title",
    "03-missing-agency-name.yaml": "name",
    "04-missing-signer-name.yaml": "name",
    "06-title-is-a-list.yaml": "title",
    "07-agency-is-a-string.yaml": "agency",
    "09-date-day-first.yaml": "date",
    "10-number-zero.yaml": "number",
    "11-number-words.yaml": "number",
    "12-urgency-unknown.yaml": "urgency",
    "24-authority-without-head.yaml": "head",
    "25-authority-unknown.yaml": "authority",
    "26-head-without-authority.yaml": "authority",
    "31-table-column-type.yaml": "type",
    "33-section-without-content.yaml": "body",
    "34-list-marker.yaml": "marker",
    "36-format-version.yaml": "vanban",
    "38-top-level-list.yaml": None,
    "39-appendix-orientation.yaml": "orientation",
    "40-column-width.yaml": "width",
    "41-draft-yes.yaml": "draft",
    "42-empty-title.yaml": "title",
    "45-body-is-a-string.yaml": "body",
    "46-group-row-empty.yaml": "group",
}


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _rx, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:" + _tag, re.compile(_rx),
                                       list(_first))


def _int12(loader, node):
    v = loader.construct_scalar(node)
    if v.startswith("0o"):
        return int(v[2:], 8)
    if v.startswith("0x"):
        return int(v[2:], 16)
    return int(v, 10)


def _float12(loader, node):
    v = loader.construct_scalar(node).lower()
    if v.endswith(".inf"):
        return float("-inf") if v.startswith("-") else float("inf")
    if v == ".nan":
        return float("nan")
    return float(v)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int12)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float12)


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml12Loader)


def all_errors(errors):
    """The errors and, for anyOf/oneOf failures, the errors of each branch."""
    for e in errors:
        yield e
        yield from all_errors(e.context or [])


def points_at(e, word):
    """Whether error e is about the key word: at it, or naming it as the
    missing, unexpected or dependent key."""
    if word in [str(p) for p in e.absolute_path]:
        return True
    return (e.validator in ("required", "additionalProperties", "dependencies")
            and "'%s'" % word in e.message)


def describe(e):
    where = "/".join(str(p) for p in e.absolute_path) or "(root)"
    return "%s: %s" % (where, e.message)


class Run:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, name, why=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL %s%s" % (name, ": " + why if why else ""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".", help="the repository (default: .)")
    ap.add_argument("--plan", action="append", default=[], help="another plan that must pass")
    a = ap.parse_args()
    root = a.root
    run = Run()

    schema_path = os.path.join(root, "docs", "plan.schema.json")
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft7Validator.check_schema(schema)
        run.ok(schema.get("$schema", "").startswith("http://json-schema.org/draft-07/"),
               "schema", "not marked as draft-07")
    except jsonschema.SchemaError as e:
        run.ok(False, "schema", str(e).splitlines()[0])
    v = jsonschema.Draft7Validator(schema)

    def must_pass(path, name):
        try:
            doc = load_yaml(path)
        except yaml.YAMLError as e:
            run.ok(False, name, "YAML: %s" % e)
            return
        errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
        run.ok(not errs, name, "; ".join(describe(e) for e in errs[:5]))

    samples = sorted(glob.glob(os.path.join(root, "samples", "*.yaml")))
    run.ok(len(samples) >= 5, "samples", "only %d samples" % len(samples))
    for s in samples:
        name = os.path.relpath(s, root)
        with open(s, encoding="utf-8") as f:
            first = f.readline().rstrip("\n")
        run.ok(first == MODELINE, name + " modeline", "first line is %r" % first)
        must_pass(s, name)
    must_pass(os.path.join(root, "tests", "e2e", "fixtures", "full.yaml"),
              "tests/e2e/fixtures/full.yaml")
    for p in a.plan:
        must_pass(p, p)
    # The contract's own example (shared/spec/plan-format.md, beside the
    # checkout), when it is there.
    contract = os.path.join(root, "..", "shared", "spec", "plan-format.md")
    if os.path.exists(contract):
        with open(contract, encoding="utf-8") as f:
            m = re.search(r"```yaml\n(.*?)```", f.read(), re.S)
        if m:
            example = os.path.join(tempfile.mkdtemp(), "contract.yaml")
            with open(example, "w", encoding="utf-8") as f:
                f.write(m.group(1))
            must_pass(example, "the contract's example")
            shutil.rmtree(os.path.dirname(example))

    for base, word in sorted(SCHEMA_LEVEL_BAD.items()):
        path = os.path.join(root, "tests", "bad", base)
        name = "tests/bad/" + base
        if not os.path.exists(path):
            run.ok(False, name, "missing")
            continue
        doc = load_yaml(path)
        errs = list(all_errors(v.iter_errors(doc)))
        if not errs:
            run.ok(False, name, "the schema accepts it")
            continue
        hit = word is None or any(points_at(e, word) for e in errs)
        run.ok(hit, name, "rejected, but not for '%s': %s" % (word, describe(errs[0])))

    print("%d passed, %d failed" % (run.passed, run.failed))
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
