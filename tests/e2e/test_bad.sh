#!/usr/bin/env bash
# Every malformed plan in tests/bad/ fails through the CLI: exit status 2,
# the first diagnostic is the one its "# expect:" line names (located as
# FILE:LINE:COLUMN), and no output file appears (an existing one is kept).
# usage: test_bad.sh PATH/TO/vanban   (run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_bad.sh VANBAN}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
n=0
for plan in tests/bad/*.yaml; do
    n=$((n + 1))
    want=$(sed -n 's/^# expect: //p' "$plan" | head -1)
    echo original > "$tmp/keep.pdf"
    "$VANBAN" render "$plan" -o "$tmp/out.pdf" 2>"$tmp/err"
    rc=$?
    "$VANBAN" render "$plan" -o "$tmp/keep.pdf" 2>/dev/null
    first=$(head -1 "$tmp/err")
    why=""
    [ "$rc" -eq 2 ] || why="exit $rc"
    [ -e "$tmp/out.pdf" ] && why="$why; wrote output"
    [ "$(cat "$tmp/keep.pdf")" = original ] || why="$why; replaced an existing file"
    ls "$tmp" | grep -q '^out.pdf.' && why="$why; left a temporary file"
    [[ "$first" == "$plan:"* ]] || why="$why; not located: $first"
    [ -n "$want" ] && [[ "$first" != "$plan:$want"* ]] && why="$why; got '$first', want '$plan:$want'"
    if [ -z "$why" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $plan: $why"; fi
    rm -f "$tmp/out.pdf"
done
# Plans with only warnings: rendered (exit 0, the warning printed); under
# --strict exit 1 and no output.
for plan in tests/warn/*.yaml; do
    want=$(sed -n 's/^# expect: //p' "$plan" | head -1)
    "$VANBAN" render "$plan" -o "$tmp/w.pdf" 2>"$tmp/err"
    rc=$?
    why=""
    [ "$rc" -eq 0 ] && [ -s "$tmp/w.pdf" ] || why="exit $rc without --strict"
    grep -qxF "$plan:$want" "$tmp/err" || why="$why; no '$want' in: $(cat "$tmp/err")"
    rm -f "$tmp/w.pdf"
    "$VANBAN" render --strict "$plan" -o "$tmp/w.pdf" 2>/dev/null
    rc=$?
    [ "$rc" -eq 1 ] || why="$why; --strict exit $rc"
    [ -e "$tmp/w.pdf" ] && why="$why; --strict wrote output"
    if [ -z "$why" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $plan: $why"; fi
    rm -f "$tmp/w.pdf"
done
[ "$n" -ge 30 ] || { echo "FAIL only $n malformed plans (want >= 30)"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
