#!/usr/bin/python3
"""scale.py - make a plan K times larger by repeating its body sections.

    bench/scale.py PLAN.yaml K OUT.yaml

The top-level `body:` list (the numbered sections I, II, ...) is repeated K
times; everything else (header, closing, recipients, signer, appendices)
is kept once, so the document grows linearly in body text while its fixed
parts stay the same. Repeated sections get a " (k)" suffix on their title
so headings stay distinct. Plain PyYAML round trip: comments are dropped,
which the renderer ignores anyway.
"""
import copy
import sys

import yaml


class NoAliasDumper(yaml.SafeDumper):
    """Write every repeat out in full (no &anchors / *aliases)."""

    def ignore_aliases(self, data):
        return True


def main() -> int:
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    src, k, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(src, encoding="utf-8") as f:
        plan = yaml.safe_load(f)
    body = plan.get("body") or []
    if k < 1 or not body:
        sys.stderr.write("scale.py: need K >= 1 and a plan with a body\n")
        return 2
    grown = []
    for rep in range(k):
        for sec in body:
            s = copy.deepcopy(sec)
            if rep and isinstance(s.get("title"), str):
                s["title"] = "%s (%d)" % (s["title"], rep + 1)
            grown.append(s)
    plan["body"] = grown
    with open(out, "w", encoding="utf-8") as f:
        # Dates must stay dates and strings strings: safe_dump does both.
        yaml.dump(plan, f, Dumper=NoAliasDumper, allow_unicode=True, sort_keys=False, width=1 << 20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
