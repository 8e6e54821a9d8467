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
[ "$n" -ge 30 ] || { echo "FAIL only $n malformed plans (want >= 30)"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
