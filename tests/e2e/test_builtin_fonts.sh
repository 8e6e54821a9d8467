#!/usr/bin/env bash
# The faces compiled into the program (VANBAN_BUILTIN_FONTS, the default):
# a data directory needs only layouts/, beside the program or named by
# VANBAN_DATADIR, and the PDF is the same as with fonts/ there. A build
# without them still needs fonts/ (ctest sets VANBAN_TEST_BUILTIN_FONTS=1
# for a build that has them). The layout the search found is the one read.
# usage: test_builtin_fonts.sh PATH/TO/vanban   (run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_builtin_fonts.sh VANBAN}
. "$(dirname "$0")/lib.sh"
sample=samples/000-hoi-nghi-tong-ket-khcn-2023.yaml
builtin=${VANBAN_TEST_BUILTIN_FONTS:-0}
"$VANBAN" render "$sample" -o "$tmp/ref.pdf" || { echo "FAIL reference render"; exit 1; }

# A data directory with layouts/ only, named by VANBAN_DATADIR.
mkdir -p "$tmp/data"
cp -r layouts "$tmp/data/layouts"
if [ "$builtin" = 1 ]; then
    check "VANBAN_DATADIR without fonts/ renders" env VANBAN_DATADIR="$tmp/data" "$VANBAN" render "$sample" -o "$tmp/a.pdf"
    check "the same PDF as with fonts/" cmp "$tmp/ref.pdf" "$tmp/a.pdf"
else
    check "VANBAN_DATADIR without fonts/ fails on the first face" bash -c "VANBAN_DATADIR='$tmp/data' '$VANBAN' render '$sample' -o '$tmp/a.pdf' 2>&1 | grep -q \"cannot open font '$tmp/data/fonts/LiberationSerif-Regular.ttf'\"; [ ! -e '$tmp/a.pdf' ]"
fi

# The program copied into a prefix whose share/vanban has layouts/ only,
# with a layout of its own (left margin 35 mm): found beside the program
# when the faces are built in, and then that layout is the one used.
mkdir -p "$tmp/p/bin" "$tmp/p/share/vanban/layouts"
cp "$VANBAN" "$tmp/p/bin/vanban"
sed 's/^  margin_left_mm: 30 /  margin_left_mm: 35 /' layouts/nd30.yaml > "$tmp/p/share/vanban/layouts/nd30.yaml"
grep -q "margin_left_mm: 35" "$tmp/p/share/vanban/layouts/nd30.yaml" || { echo "FAIL fixture"; exit 1; }
data=$(cd / && env -u VANBAN_DATADIR "$tmp/p/bin/vanban" --version | sed -n 's/^data: //p')
if [ "$builtin" = 1 ]; then
    [ "$data" = "$tmp/p/bin/../share/vanban" ] && ok || bad "data beside the program without fonts/: got '$data'"
    check "renders with the layout found there" bash -c "cd / && env -u VANBAN_DATADIR '$tmp/p/bin/vanban' render '$PWD/$sample' -o '$tmp/b.pdf'"
    check "left margin is that layout's 35 mm" /usr/bin/python3 - "$tmp/b.pdf" <<'PY'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
xs = [float(x) for x in re.findall(r'xMin="([\d.]+)"', out)]
sys.exit(0 if xs and abs(min(xs) - 35 * 72 / 25.4) < 0.5 else 1)
PY
else
    [ "$data" != "$tmp/p/bin/../share/vanban" ] && ok || bad "a directory without fonts/ taken as the data directory"
fi
finish
