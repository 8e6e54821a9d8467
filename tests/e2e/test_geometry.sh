#!/usr/bin/env bash
# Positions read back from every sample match layouts/nd30.yaml (±0.5 pt),
# and the layout's values lie in the decree's ranges. See geometry.py.
# usage: test_geometry.sh PATH/TO/vanban   (run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_geometry.sh VANBAN}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for plan in samples/*.yaml; do
    key=$(basename "$plan" | cut -c1-3)
    echo "== $key"
    "$VANBAN" render "$plan" -o "$tmp/$key.pdf" 2>/dev/null || { echo "FAIL render $key"; status=1; continue; }
    /usr/bin/python3 tests/e2e/geometry.py layouts/nd30.yaml "$tmp/$key.pdf" || status=1
done
exit $status
