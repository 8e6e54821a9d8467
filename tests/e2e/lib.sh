# lib.sh - what the end-to-end test scripts share (sourced, not run):
# a scratch directory removed on exit; check NAME COMMAND... that counts a
# pass when the command succeeds (and shows the end of its output when
# not); ok and bad MESSAGE, which count one outcome a script decided
# itself; and finish, which prints the closing "N passed, M failed" line
# and sets the exit status.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $name"
        printf '%s\n' "$out" | tail -n 8 | sed 's/^/    /'
    fi
}
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL $*"
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
