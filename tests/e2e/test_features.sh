#!/usr/bin/env bash
# The optional components of the contract, from tests/e2e/fixtures/full.yaml:
# DỰ THẢO box, secrecy and (red) urgency stamps, contact footer on page 1
# only, TM./KT. signer lines, decimal-nested numbering, a page break, a
# table in the body, two appendices numbered I and II (the second landscape)
# with their own page numbers, and the URL broken at its slashes.
# usage: test_features.sh PATH/TO/vanban   (run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_features.sh VANBAN}
. "$(dirname "$0")/lib.sh"
pdf=$tmp/full.pdf
"$VANBAN" render --uncompressed tests/e2e/fixtures/full.yaml -o "$pdf" || { echo "FAIL render"; exit 1; }
page() { pdftotext -enc UTF-8 -f "$1" -l "$1" -layout "$pdf" - 2>/dev/null; }
# The page's text is read whole before grep: with pipefail, grep -q closing
# the pipe while pdftotext still writes would fail the check at random.
has() {
    local text
    text=$(page "$1")
    grep -qF -- "$2" <<<"$text"
}

check "qpdf --check" qpdf --check "$pdf"
check "4 pages" bash -c "[ \$(pdfinfo '$pdf' | awk '/^Pages:/ {print \$2}') -eq 4 ]"
check "DỰ THẢO box" has 1 "DỰ THẢO"
check "secrecy stamp" has 1 "MẬT"
check "urgency stamp" has 1 "THƯỢNG KHẨN"
check "urgency in red" grep -aq "^1 0 0 rg" "$pdf"
check "two-line agency name" has 1 "VÀ CÔNG NGHỆ QUỐC GIA"
check "Số 12 (no zero above 9)" has 1 "Số: 12/KH-CTTKHCN"
check "contact footer on page 1" has 1 "ĐT: 024.3934.9116, Fax: 024.3934.9127"
check "no footer on page 2" bash -c "! pdftotext -f 2 -l 2 '$pdf' - | grep -q 'Fax:'"
check "decimal-nested numbering" has 1 "1.1. Số hóa toàn bộ"
check "run-in title" has 1 "2. Thời gian: Từ 01/01/2025"
check "page break before II" has 2 "II. KINH PHÍ"
check "no page number on page 1" bash -c "! pdftotext -f 1 -l 1 '$pdf' - | head -3 | grep -qx '1'"
check "page number 2" bash -c "pdftotext -f 2 -l 2 '$pdf' - | head -1 | grep -qx '2'"
check "unit above the body table" has 2 "ĐVT: Triệu đồng"
check "total of the body table" has 2 "2.000"
check "collective signer" has 2 "TM. BAN GIÁM ĐỐC"
check "deputy line" has 2 "KT. CỤC TRƯỞNG"
check "title line" has 2 "PHÓ CỤC TRƯỞNG"
check "end mark" has 2 "năm 2025./."
check "archive line" has 2 "- Lưu: VT, VP."
check "Phụ lục I" has 3 "Phụ lục I"
check "Phụ lục II" has 4 "Phụ lục II"
check "appendix I first page unnumbered" bash -c "pdftotext -f 3 -l 3 '$pdf' - | head -1 | grep -qx 'Phụ lục I'"
check "appendix II first page unnumbered" bash -c "pdftotext -f 4 -l 4 '$pdf' - | head -1 | grep -qx 'Phụ lục II'"
check "reference line" bash -c "pdftotext -f 4 -l 4 '$pdf' - | grep -qxF '(Kèm theo Kế hoạch số 12/KH-CTTKHCN ngày 09 tháng 10 năm 2024 của Cục Thông tin KH&CN)'"
check "reference line wraps on portrait" bash -c "pdftotext -f 3 -l 3 '$pdf' - | grep -qx 'tháng 10 năm 2024 của Cục Thông tin KH&CN)'"
check "landscape appendix" bash -c "pdfinfo -f 4 -l 4 '$pdf' | grep -qE '^Page +4 size: +841.89 x 595.276'"
check "portrait appendix" bash -c "pdfinfo -f 3 -l 3 '$pdf' | grep -qE '^Page +3 size: +595.276 x 841.89'"
check "group row" has 4 "Phần 1: Chuẩn bị"
check "auto numbers skip group rows" bash -c "pdftotext -f 4 -l 4 -layout '$pdf' - | grep -qE '^ *3 +Số hóa'"
check "URL broken inside" bash -c "pdftotext -f 1 -l 1 -layout '$pdf' - | grep -qE 'https://example.vista.gov.vn/[a-z]+-\$'"
check "outline entries" bash -c "qpdf --show-object=trailer '$pdf' >/dev/null && [ \$(grep -ac '/Title' '$pdf') -ge 5 ]"
finish
