#!/usr/bin/env bash
# A plan may name its own copy of layouts/nd30.yaml: other margins and
# sizes within the decree's ranges are used; values outside them, unknown
# names and (with --no-external-files) any path are refused with a located
# message and no output.
# usage: test_layout_file.sh PATH/TO/vanban   (run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_layout_file.sh VANBAN}
. "$(dirname "$0")/lib.sh"
sed -e 's/^  margin_left_mm: 30 /  margin_left_mm: 35 /' -e 's/^  size: 14                    # \[D\] 13-14/  size: 13                    # [D] 13-14/' \
    layouts/nd30.yaml > "$tmp/wide.yaml"
grep -q "margin_left_mm: 35" "$tmp/wide.yaml" || { echo "FAIL fixture"; exit 1; }
{ echo "layout: wide.yaml"; grep -v '^vanban:' samples/000-hoi-nghi-tong-ket-khcn-2023.yaml; } > "$tmp/plan.yaml"
check "renders with its own layout" "$VANBAN" render "$tmp/plan.yaml" -o "$tmp/a.pdf"
check "left margin is 35 mm" /usr/bin/python3 - "$tmp/a.pdf" <<'PY'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
xs = [float(x) for x in re.findall(r'xMin="([\d.]+)"', out)]
sys.exit(0 if abs(min(xs) - 35 * 72 / 25.4) < 0.5 else 1)
PY
check "body text is 13 pt" /usr/bin/python3 - "$tmp/a.pdf" <<'PY'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
m = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Thực<', out)
# A word box is (ascent + descent) x size = 1.107 x size for Liberation Serif.
sys.exit(0 if m and abs((float(m.group(2)) - float(m.group(1))) / 1.107 - 13) < 0.05 else 1)
PY
sed 's/^  margin_left_mm: 35 /  margin_left_mm: 29 /' "$tmp/wide.yaml" > "$tmp/narrow.yaml"
{ echo "layout: narrow.yaml"; grep -v '^vanban:' samples/000-hoi-nghi-tong-ket-khcn-2023.yaml; } > "$tmp/bad.yaml"
"$VANBAN" render "$tmp/bad.yaml" -o "$tmp/b.pdf" 2>"$tmp/err"
rc=$?
check "out-of-range margin refused" test "$rc" -eq 2
check "located at the layout key, naming the range" grep -qE "^$tmp/bad.yaml:1:9: error: layout 'narrow.yaml' line [0-9]+: 'page.margin_left_mm' is 29; it must lie in 30-35 \[layout-range\]" "$tmp/err"
check "no output" test ! -e "$tmp/b.pdf"
{ echo "layout: khong-co"; grep -v '^vanban:' samples/000-hoi-nghi-tong-ket-khcn-2023.yaml; } > "$tmp/missing.yaml"
check "unknown layout name refused" bash -c "'$VANBAN' render '$tmp/missing.yaml' -o '$tmp/c.pdf' 2>&1 | grep -q 'cannot read layout'; [ ! -e '$tmp/c.pdf' ]"
check "--no-external-files refuses a layout path" bash -c "'$VANBAN' render --no-external-files '$tmp/plan.yaml' -o '$tmp/d.pdf' 2>&1 | grep -q '\[external-file\]'; [ ! -e '$tmp/d.pdf' ]"
check "the bundled name is still allowed" bash -c "{ echo 'layout: nd30'; grep -v '^vanban:' samples/000-hoi-nghi-tong-ket-khcn-2023.yaml; } > '$tmp/named.yaml' && '$VANBAN' render --no-external-files '$tmp/named.yaml' -o '$tmp/e.pdf'"
# The data directory's own layout (what vanban loads before any plan): a bad
# one is one located line in the usual format, translated under vi with the
# position and rule kept, and nothing is written.
mkdir -p "$tmp/data/layouts"
printf 'page:\n  width: abc\n' > "$tmp/data/layouts/nd30.yaml"
VANBAN_DATADIR="$tmp/data" "$VANBAN" render samples/000-hoi-nghi-tong-ket-khcn-2023.yaml -o "$tmp/f.pdf" 2>"$tmp/err"
rc=$?
check "a bad data-directory layout stops with exit 2" test "$rc" -eq 2
check "one line FILE:LINE:COLUMN: error: message [rule]" bash -c "[ \"\$(cat '$tmp/err')\" = \"$tmp/data/layouts/nd30.yaml:2:3: error: unknown layout key 'page.width' [layout-key]\" ]"
check "no output" test ! -e "$tmp/f.pdf"
env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=vi_VN.UTF-8 VANBAN_DATADIR="$tmp/data" "$VANBAN" render samples/000-hoi-nghi-tong-ket-khcn-2023.yaml -o "$tmp/f.pdf" 2>"$tmp/err"
check "in Vietnamese, the same position and rule" grep -qx "$tmp/data/layouts/nd30.yaml:2:3: error: không có khóa bố cục 'page.width' \[layout-key\]" "$tmp/err"
VANBAN_DATADIR="$tmp/nowhere" "$VANBAN" render samples/000-hoi-nghi-tong-ket-khcn-2023.yaml -o "$tmp/g.pdf" 2>"$tmp/err"
check "a missing one: located, ruled, no output" bash -c "grep -qx \"$tmp/nowhere/layouts/nd30.yaml:1:1: error: cannot read layout '$tmp/nowhere/layouts/nd30.yaml': No such file or directory \\[layout-file\\]\" '$tmp/err' && [ ! -e '$tmp/g.pdf' ]"
finish
