#!/usr/bin/env bash
# The JSON Schema, `vanban init` and the user documentation, end to end:
#   - schema_check.py: docs/plan.schema.json is valid draft-07; every
#     sample (with its $schema modeline), the full fixture and the output
#     of `vanban init` validate; schema-level mistakes in tests/bad/ are
#     rejected;
#   - `vanban init | vanban render - -o x.pdf` works and qpdf --check
#     passes; the starter checks clean under --strict; an unknown --type is
#     a usage error (exit 2);
#   - man/vanban.1 formats without a warning; the guide's pictures exist
#     and are small.
# usage: test_schema.sh PATH/TO/vanban   (run from the repository root)
# Needs /usr/bin/python3 with Debian's python3-yaml and python3-jsonschema,
# and qpdf; groff for the man page check.
set -uo pipefail
VANBAN=${1:?usage: test_schema.sh VANBAN}
case "$VANBAN" in /*) ;; *) VANBAN=$PWD/$VANBAN ;; esac
. "$(dirname "$0")/lib.sh"

# --- vanban init
if "$VANBAN" init >"$tmp/init.yaml" 2>"$tmp/err" && [ -s "$tmp/init.yaml" ]; then ok; else
    bad "vanban init: $(head -1 "$tmp/err")"; fi
"$VANBAN" init --type ke-hoach | cmp -s - "$tmp/init.yaml" && ok ||
    bad "init --type ke-hoach differs from the default"
"$VANBAN" init --type=ke-hoach | cmp -s - "$tmp/init.yaml" && ok ||
    bad "init --type=ke-hoach differs from the default"
"$VANBAN" init --type bao-cao >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q "unknown --type 'bao-cao'" "$tmp/err" && ok ||
    bad "init --type bao-cao: exit $rc, want 2 with a message and no output"
"$VANBAN" init extra.yaml >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] && ok || bad "init extra.yaml: exit $rc, want 2"
"$VANBAN" --help | grep -q "vanban init" && ok || bad "--help does not mention init"

# The pipe from the issue, and the PDF it makes.
(cd "$tmp" && "$VANBAN" init | "$VANBAN" render - -o x.pdf) 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && [ -s "$tmp/x.pdf" ] && [ ! -s "$tmp/err" ]; then ok; else
    bad "vanban init | vanban render - -o x.pdf: exit $rc: $(head -3 "$tmp/err")"; fi
if qpdf --check "$tmp/x.pdf" >"$tmp/qpdf" 2>&1; then ok; else
    bad "qpdf --check x.pdf: $(grep -v '^checking\|^PDF Version\|^File is not' "$tmp/qpdf" | head -3)"; fi
pages=$(qpdf --show-npages "$tmp/x.pdf" 2>/dev/null || echo 0)
[ "$pages" -ge 2 ] && ok || bad "the starter renders $pages page(s), want the plan and its appendix"
"$VANBAN" init | "$VANBAN" check --strict - 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && ok ||
    bad "vanban init | vanban check --strict -: exit $rc: $(head -3 "$tmp/err")"

# --- the schema
if ! /usr/bin/python3 -c 'import jsonschema, yaml' 2>/dev/null; then
    bad "python3-jsonschema or python3-yaml is not installed (apt-get install python3-jsonschema python3-yaml)"
else
    /usr/bin/python3 tests/e2e/schema_check.py --plan "$tmp/init.yaml" >"$tmp/schema" 2>&1
    cat "$tmp/schema" | grep -v '^[0-9]* passed, [0-9]* failed$'
    line=$(tail -1 "$tmp/schema")
    if [[ "$line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        pass=$((pass + BASH_REMATCH[1]))
        fail=$((fail + BASH_REMATCH[2]))
    else
        bad "schema_check.py: $line"
    fi
fi

# --- the man page
if command -v groff >/dev/null; then
    groff -man -Tutf8 -ww -z man/vanban.1 >"$tmp/groff" 2>&1
    [ ! -s "$tmp/groff" ] && ok || bad "groff warns on man/vanban.1: $(head -3 "$tmp/groff")"
    for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" DIAGNOSTICS FILES ENVIRONMENT \
        EXAMPLES "SEE ALSO"; do
        grep -q "^\.SH \"\?$s\"\?\$" man/vanban.1 && ok || bad "man/vanban.1 has no $s section"
    done
    # Every option of --help is in the man page.
    for o in $("$VANBAN" --help | grep -o -- '--[a-z-]*' | sort -u); do
        grep -q -- "$(printf '%s' "$o" | sed 's/-/\\\\-/g')" man/vanban.1 && ok ||
            bad "man/vanban.1 does not describe $o"
    done
else
    echo "note: groff is not installed; man page not checked"
fi

# --- the guide's pictures
for png in docs/img/000-page1.png docs/img/000-appendix.png; do
    if [ ! -f "$png" ]; then
        bad "$png is missing (run docs/make-images.sh)"
    elif [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
        bad "$png is not a PNG"
    elif [ "$(stat -c %s "$png")" -ge 153600 ]; then
        bad "$png is $(stat -c %s "$png") bytes (keep it under 150 KB)"
    else
        ok
    fi
    grep -q "$(basename "$png")" docs/guide.md && ok || bad "docs/guide.md does not show $png"
done

finish
