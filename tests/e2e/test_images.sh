#!/usr/bin/env bash
# Print images and signature fields (ND30 §13): a scanned signature and a
# seal with transparency are placed in the signing space; both unsigned
# signature fields are listed by pdfsig; a missing image or a refused path
# is a located error with no output.
# usage: test_images.sh PATH/TO/vanban   (run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_images.sh VANBAN}
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 tests/e2e/fixtures/make_png.py "$tmp/sig.png" signature
/usr/bin/python3 tests/e2e/fixtures/make_png.py "$tmp/seal.png" seal
sample=samples/000-hoi-nghi-tong-ket-khcn-2023.yaml
sed 's|^  name: Nguyễn Thanh Bình|  name: Nguyễn Thanh Bình\n  image: sig.png\n  seal: seal.png|' "$sample" > "$tmp/plan.yaml"
grep -q "image: sig.png" "$tmp/plan.yaml" || { echo "FAIL fixture"; exit 1; }

check "renders with images" "$VANBAN" render "$tmp/plan.yaml" -o "$tmp/out.pdf"
check "qpdf --check" qpdf --check "$tmp/out.pdf"
check "two images with soft masks" bash -c "[ \$(pdfimages -list '$tmp/out.pdf' | grep -c ' smask ') -eq 2 ]"
check "images on the signature page" bash -c "pdfimages -list '$tmp/out.pdf' | awk 'NR>2 {print \$1}' | sort -u | grep -qx 2"
check "signer's field listed" bash -c "pdfsig '$tmp/out.pdf' | grep -q 'Field Name: ChuKyNguoiKy'"
check "agency's field listed" bash -c "pdfsig '$tmp/out.pdf' | grep -q 'Field Name: ChuKyCoQuan'"
sed 's|seal: seal.png|seal: missing.png|' "$tmp/plan.yaml" > "$tmp/missing.yaml"
check "missing image is a located error" bash -c "'$VANBAN' render '$tmp/missing.yaml' -o '$tmp/m.pdf' 2>&1 | grep -qE '^$tmp/missing.yaml:[0-9]+:[0-9]+: error: .*missing.png.*\[file\]$'"
check "no output for a missing image" test ! -e "$tmp/m.pdf"
check "--no-external-files refuses images" bash -c "'$VANBAN' render --no-external-files '$tmp/plan.yaml' -o '$tmp/n.pdf' 2>&1 | grep -q '\[external-file\]' && [ ! -e '$tmp/n.pdf' ]"
finish
