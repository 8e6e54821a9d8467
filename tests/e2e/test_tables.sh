#!/usr/bin/env bash
# A 250-row landscape budget: it spans pages with the header row on each,
# every figure grouped, the total and the amount in words right, nothing
# outside the margins (also with a row taller than a page, which is cut
# cleanly); a wrong figure is refused with its location and both values.
# usage: test_tables.sh PATH/TO/vanban   (run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_tables.sh VANBAN}
. "$(dirname "$0")/lib.sh"
total=$(/usr/bin/python3 tests/e2e/budget.py "$tmp/b.yaml")
grouped=$(/usr/bin/python3 -c "print(f'{$total:,}'.replace(',', '.'))")
check "250-row budget renders" "$VANBAN" render "$tmp/b.yaml" -o "$tmp/b.pdf"
pages=$(pdfinfo "$tmp/b.pdf" | awk '/^Pages:/ {print $2}')
first=$(for p in $(seq 1 "$pages"); do pdftotext -f "$p" -l "$p" "$tmp/b.pdf" - | head -1 | grep -qx 'Phụ lục' && echo "$p"; done | head -1)
check "appendix found" test -n "$first"
check "appendix spans several pages" test "$((pages - first))" -ge 3
for p in $(seq "$first" "$pages"); do
    check "header row on page $p" bash -c "pdftotext -f $p -l $p '$tmp/b.pdf' - | grep -qx 'Thành tiền'"
    check "page $p landscape" bash -c "pdfinfo -f $p -l $p '$tmp/b.pdf' | grep -qE '^Page +$p size: +841.89 x 595.276'"
done
check "total grouped" bash -c "pdftotext -f $pages -l $pages '$tmp/b.pdf' - | grep -qx '$grouped'"
check "every figure grouped" bash -c "! pdftotext -f $first '$tmp/b.pdf' - | grep -qE '^[0-9]{5,}\$'"
words=$(/usr/bin/python3 - "$total" <<'PY'
import sys
d = "không một hai ba bốn năm sáu bảy tám chín".split()
def group(h, t, u, full):
    out = []
    if full or h: out += [d[h], "trăm"]
    if t == 0 and u and (full or h): out.append("linh")
    elif t == 1: out.append("mười")
    elif t > 1: out += [d[t], "mươi"]
    if u: out.append("mốt" if u == 1 and t > 1 else "lăm" if u == 5 and t > 0 else d[u])
    return out
def words(n):
    if n >= 10**9: return words(n // 10**9) + ["tỷ"] + (cont(n % 10**9) if n % 10**9 else [])
    return cont(n, first=True)
def cont(n, first=False):
    out, started = [], not first
    for scale, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        g = n // scale % 1000
        if g:
            out += group(g // 100, g // 10 % 10, g % 10, started) + ([name] if name else [])
            started = True
    return out
w = " ".join(words(int(sys.argv[1])))
print(w[0].upper() + w[1:] + " đồng.")
PY
)
check "amount in words" bash -c "pdftotext -f $pages -l $pages -layout '$tmp/b.pdf' - | tr -s ' \n' ' ' | grep -qF 'Bằng chữ: $words'"
# Nothing past the margins on any page (landscape: 30/15 mm sides, 15 mm foot).
check "no ink outside the margins" /usr/bin/python3 - "$tmp/b.pdf" <<'PY'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
mm = 72 / 25.4
bad = 0
for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
    w, h = float(page[0]), float(page[1])
    for x0, y0, x1, y1 in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', page[2]):
        if float(x1) > w - 15 * mm + 0.5 or float(x0) < 30 * mm - 0.5 or float(y1) > h - 15 * mm + 1:
            bad += 1
sys.exit(1 if bad else 0)
PY
/usr/bin/python3 tests/e2e/budget.py "$tmp/t.yaml" --rows 12 --tall >/dev/null
check "a row taller than a page renders" "$VANBAN" render "$tmp/t.yaml" -o "$tmp/t.pdf"
check "the tall row is cut across pages, every word kept" bash -c "[ \$(pdftotext '$tmp/t.pdf' - | grep -o 'ghi3chú[0-9]*' | sort -u | wc -l) -eq 3000 ] && [ \$(pdfinfo '$tmp/t.pdf' | awk '/^Pages:/ {print \$2}') -ge 4 ]"
check "its first and last words are there" bash -c "pdftotext '$tmp/t.pdf' - | grep -q 'ghi3chú0' && pdftotext '$tmp/t.pdf' - | grep -q 'ghi3chú2999'"
check "header repeated over the cut row" bash -c "[ \$(pdftotext '$tmp/t.pdf' - | grep -cx 'Ghi chú') -ge 3 ]"
/usr/bin/python3 tests/e2e/budget.py "$tmp/w.yaml" --wrong 117 >/dev/null
echo keep > "$tmp/w.pdf"
"$VANBAN" render "$tmp/w.yaml" -o "$tmp/w.pdf" 2>"$tmp/w.err"
rc=$?
check "a wrong figure is refused" test "$rc" -eq 2
check "located at the row, with both values" bash -c "grep -qE '^$tmp/w.yaml:[0-9]+:[0-9]+: error: row 117, .Thành tiền.: [0-9.]+ ≠ Số lượng × Đơn giá = [0-9.]+ \[table-equals\]' '$tmp/w.err'"
check "no output written" bash -c "[ \"\$(cat '$tmp/w.pdf')\" = keep ]"
check "reported once" bash -c "[ \$(grep -c 'row 117' '$tmp/w.err') -eq 1 ]"
check "vanban check reports it too" bash -c "'$VANBAN' check '$tmp/w.yaml' 2>'$tmp/c.err'; [ \$? -eq 2 ] && grep -q 'row 117, .Thành tiền.*\[table-equals\]' '$tmp/c.err'"
# Two-level header: the group's merged cell above its columns' titles,
# centred over them; the other titles centred across both header rows.
check "two-level header renders" "$VANBAN" render tests/e2e/fixtures/two-level-header.yaml -o "$tmp/g.pdf"
check "merged group cell over its two columns" /usr/bin/python3 - "$tmp/g.pdf" <<'PY'
import re, subprocess, sys
out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True).stdout
w = {}
for x0, y0, x1, y1, t in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out):
    w.setdefault(t, []).append(tuple(map(float, (x0, y0, x1, y1))))
kinh, phi = w["Kinh"][0], w["phí"][0]
n24, n25 = w["2024"][0], w["2025"][0]
stt = w["Stt"][0]
cx = (kinh[0] + phi[2]) / 2
left = w["Năm"][0][0] - 20       # the first year column starts before its title
right = n25[2] + 20
ok = (kinh[3] < n24[1] and kinh[3] < n25[1]          # group above the titles
      and w["Năm"][0][0] < cx < n25[2]                  # centred over the two columns
      and stt[1] > kinh[1] and stt[3] < n24[3])         # Stt between the rows: spans both
sys.exit(0 if ok else 1)
PY
finish
