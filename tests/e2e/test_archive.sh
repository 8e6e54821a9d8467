#!/usr/bin/env bash
# Archiving and signing: PDF/A-2b checks, metadata as pdfinfo shows it,
# byte-identical renders, the plan embedded with --embed-source (PDF/A-3b)
# and extracted unchanged, text in reading order, and a real signature made
# by poppler's pdfsig with a throw-away NSS certificate.
# usage: test_archive.sh PATH/TO/vanban   (run from the repository root)
# Needs poppler-utils, qpdf, python3-pikepdf (run with /usr/bin/python3) and
# libnss3-tools (certutil); when run as root, missing Debian packages are
# installed with apt-get, otherwise their checks fail.
set -uo pipefail
VANBAN=${1:?usage: test_archive.sh VANBAN}
PY=/usr/bin/python3
CHECK=tests/e2e/pdfa_check.py
. "$(dirname "$0")/lib.sh"

# have PACKAGE COMMAND...: COMMAND must succeed; when it does not and we are
# root, the Debian package is installed first (./dev installs them all).
have() {
    local pkg=$1
    shift
    "$@" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing $pkg" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq "$pkg" >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$pkg" >/dev/null 2>&1; }
    fi
    "$@" >/dev/null 2>&1
}
have poppler-utils command -v pdfsig
have qpdf command -v qpdf
have libnss3-tools command -v certutil
have python3-pikepdf $PY -c 'import pikepdf'
have python3-pil $PY -c 'from PIL import ImageCms'

sample=samples/000-hoi-nghi-tong-ket-khcn-2023.yaml
title='KẾ HOẠCH Tổ chức Hội nghị tổng kết hoạt động KH&CN năm 2023; phương hướng, nhiệm vụ năm 2024'
agency='SỞ KHOA HỌC VÀ CÔNG NGHỆ'
field=ChuKyNguoiKy
a=$tmp/a.pdf
e=$tmp/e.pdf

# info KEY FILE: one pdfinfo field, without its padding.
info() { pdfinfo "$2" 2>/dev/null | sed -n "s/^$1: *//p"; }
# same_text A B: both PDFs have text, and the same text on every page.
same_text() {
    local x y
    x=$(pdftotext "$1" - 2>/dev/null) && y=$(pdftotext "$2" - 2>/dev/null) &&
        [ -n "$x" ] && [ "$x" = "$y" ]
}

# --- PDF/A-2b and metadata ---------------------------------------------------
check "render the sample" "$VANBAN" render "$sample" -o "$a"
check "PDF/A-2b checks pass" $PY "$CHECK" "$a"
check "qpdf --check" qpdf --check "$a"
check "pdfinfo shows the Vietnamese title" test "$(info Title "$a")" = "$title"
check "pdfinfo shows the agency as author" test "$(info Author "$a")" = "$agency"
check "pdfinfo shows số/ký hiệu as keywords" test "$(info Keywords "$a")" = "04/KH-KHCN"
check "creator and producer name the vanban version" \
    bash -c "'$VANBAN' --version | awk '{print \$2}' | { read v; pdfinfo '$a' | grep -q \"^Creator: *vanban \$v\$\" && pdfinfo '$a' | grep -q \"^Producer: *vanban \$v\"; }"
check "dates from the plan (05/01/2024, Vietnam time)" \
    bash -c "pdfinfo -isodates '$a' | grep -q '^CreationDate: *2024-01-05T00:00:00+07' && pdfinfo -isodates '$a' | grep -q '^ModDate: *2024-01-05T00:00:00+07'"
check "pdfinfo sees the XMP stream" bash -c "pdfinfo '$a' | grep -q '^Metadata Stream: *yes'"
check "XMP carries the plan's fields" \
    bash -c "pdfinfo -meta '$a' | grep -q '<vanban:number>04</vanban:number>' && pdfinfo -meta '$a' | grep -q '<vanban:symbol>KH-KHCN</vanban:symbol>' && pdfinfo -meta '$a' | grep -q 'KH&amp;CN'"
check "fonts embedded, poppler silent" \
    bash -c "pdffonts '$a' 2>&1 | tail -n +3 | awk '{ if (\$(NF-4) != \"yes\" || \$(NF-2) != \"yes\") exit 1 }' && [ -z \"\$(pdffonts '$a' 2>&1 >/dev/null)\" ] && [ -z \"\$(pdftotext '$a' - 2>&1 >/dev/null)\" ]"
check "an outline entry per level-1 section and the appendix" \
    $PY -c "
import pikepdf, sys
with pikepdf.open('$a').open_outline() as o:
    top = [i.title for i in o.root]
want = ['I. MỤC ĐÍCH, YÊU CẦU', 'II. NỘI DUNG', 'III. THÀNH PHẦN, THỜI GIAN, ĐỊA ĐIỂM',
        'IV. TỔ CHỨC THỰC HIỆN', 'Phụ lục']
sys.exit(0 if top == want else f'outline {top}')"

# Reading order: header, title, body, Nơi nhận, signer.
check "pdftotext reads in order" \
    $PY -c "
import subprocess, sys
t = subprocess.run(['pdftotext', '$a', '-'], capture_output=True, text=True).stdout
words = ['CỘNG HÒA', 'KẾ HOẠCH', 'Thực hiện Chương trình công tác', 'Nơi nhận', 'Nguyễn Thanh Bình']
pos = [t.find(w) for w in words]
sys.exit(0 if -1 not in pos and pos == sorted(pos) else f'positions {dict(zip(words, pos))}')"

# --- Reproducible ---------------------------------------------------------
check "two renders are byte-identical" \
    bash -c "'$VANBAN' render '$sample' -o '$tmp/a2.pdf' && cmp '$a' '$tmp/a2.pdf'"
check "SOURCE_DATE_EPOCH has no effect when the plan has a date" \
    bash -c "SOURCE_DATE_EPOCH=1000000000 '$VANBAN' render '$sample' -o '$tmp/a3.pdf' && cmp '$a' '$tmp/a3.pdf'"
grep -v '^date:' "$sample" > "$tmp/nodate.yaml"
check "a plan without a date takes SOURCE_DATE_EPOCH, reproducibly" \
    bash -c "SOURCE_DATE_EPOCH=1700000000 '$VANBAN' render '$tmp/nodate.yaml' -o '$tmp/n1.pdf' && SOURCE_DATE_EPOCH=1700000000 '$VANBAN' render '$tmp/nodate.yaml' -o '$tmp/n2.pdf' && cmp '$tmp/n1.pdf' '$tmp/n2.pdf' && pdfinfo -isodates '$tmp/n1.pdf' | grep -q '^CreationDate: *2023-11-'"
check "a plan without any date passes the PDF/A-2b checks" \
    bash -c "'$VANBAN' render '$tmp/nodate.yaml' -o '$tmp/n0.pdf' && $PY '$CHECK' '$tmp/n0.pdf'"

# --- The plan inside (PDF/A-3b) ---------------------------------------------
check "render with --embed-source" "$VANBAN" render --embed-source "$sample" -o "$e"
check "PDF/A-3b checks pass" $PY "$CHECK" --part 3 "$e"
check "pdfdetach lists one file" \
    bash -c "pdfdetach -list '$e' | head -1 | grep -qx '1 embedded files' && pdfdetach -list '$e' | grep -q '^1: $(basename "$sample")\$'"
check "pdfdetach returns the plan byte for byte" \
    bash -c "pdfdetach -save 1 -o '$tmp/back.yaml' '$e' && cmp '$sample' '$tmp/back.yaml'"
check "--embed-source renders are byte-identical" \
    bash -c "'$VANBAN' render --embed-source '$sample' -o '$tmp/e2.pdf' && cmp '$e' '$tmp/e2.pdf'"
check "the page text does not change with the plan inside" same_text "$a" "$e"

# --- Signing ------------------------------------------------------------------
db=$tmp/nssdb
mkdir -p "$db"
# certutil wants noise for the key; a fixed file keeps the test quiet (NSS
# still mixes in its own entropy, so keys differ run to run).
printf 'vanban archive test noise %.0s' $(seq 64) > "$tmp/noise"
check "throw-away NSS database and self-signed certificate" \
    bash -c "certutil -N --empty-password -d 'sql:$db' && certutil -S -x -n vanban-test -s 'CN=vanban test' -t 'CT,C,C' -k rsa -g 2048 -v 12 -d 'sql:$db' -z '$tmp/noise'"

# signed_ok FILE: pdfsig verifies the field's signature over the whole file.
signed_ok() {
    pdfsig -nssdir "sql:$db" "$1" 2>/dev/null |
        awk -v f="$field" '/^Signature #/ { on = 0 } $0 ~ "Field Name: " f "$" { on = 1 } on' > "$tmp/sig.txt"
    grep -q 'Signature Validation: Signature is Valid\.' "$tmp/sig.txt" &&
        grep -q 'Total document signed' "$tmp/sig.txt"
}
check "pdfsig signs the $field field" \
    pdfsig -nssdir "sql:$db" -nick vanban-test -sign "$field" "$a" "$tmp/s.pdf"
check "pdfsig: signature valid, total document signed" signed_ok "$tmp/s.pdf"
check "signed PDF passes qpdf --check" qpdf --check "$tmp/s.pdf"
check "signing leaves the text intact" same_text "$a" "$tmp/s.pdf"
check "signing appends: the unsigned bytes are a prefix" \
    bash -c "cmp -n \$(stat -c %s '$a') '$a' '$tmp/s.pdf'"
check "signed PDF still passes the PDF/A-2b checks" $PY "$CHECK" "$tmp/s.pdf"
check "the agency signs after the signer (ChuKyCoQuan)" \
    pdfsig -nssdir "sql:$db" -nick vanban-test -sign ChuKyCoQuan "$tmp/s.pdf" "$tmp/ss.pdf"
check "both signatures valid, the last over the whole file" \
    bash -c "[ \$(pdfsig -nssdir 'sql:$db' '$tmp/ss.pdf' 2>/dev/null | grep -c 'Signature is Valid\.') = 2 ] && pdfsig -nssdir 'sql:$db' '$tmp/ss.pdf' 2>/dev/null | awk '/Field Name: ChuKyCoQuan\$/ { on = 1 } on' | grep -q 'Total document signed'"
check "pdfsig signs the PDF with the plan inside" \
    pdfsig -nssdir "sql:$db" -nick vanban-test -sign "$field" "$e" "$tmp/es.pdf"
check "pdfsig: embedded-plan PDF signature valid" signed_ok "$tmp/es.pdf"
check "pdfdetach returns the plan unchanged from the signed PDF" \
    bash -c "pdfdetach -save 1 -o '$tmp/back2.yaml' '$tmp/es.pdf' && cmp '$sample' '$tmp/back2.yaml'"

finish
