#!/usr/bin/env bash
# make-images.sh - regenerate the pictures of docs/guide.md from the samples
# with the vanban that was just built:
#   docs/img/000-page1.png     page 1 of samples/000-hoi-nghi-tong-ket-khcn-2023.yaml
#   docs/img/000-page2.png     page 2: the closing, Nơi nhận and the signature
#   docs/img/000-appendix.png  its appendix (the last page)
# Rendered at 60 dpi in grey to keep each picture small (under 150 KB);
# commit them after a change that alters the page.
#
# usage: docs/make-images.sh [PATH/TO/vanban]   (default: build/vanban)
# Needs pdftoppm (poppler-utils) and qpdf.
set -euo pipefail
cd "$(dirname "$0")/.."
VANBAN=${1:-build/vanban}
DPI=${DPI:-60}
[ -x "$VANBAN" ] || { echo "make-images.sh: no $VANBAN; build first (or pass the binary)" >&2; exit 2; }
for tool in pdftoppm qpdf; do
    command -v "$tool" >/dev/null ||
        { echo "make-images.sh: $tool is missing (apt-get install poppler-utils qpdf)" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p docs/img

# shot PAGE OUT: one page of $tmp/doc.pdf as a PNG ("last" = the last page).
shot() {
    local page=$1 out=$2
    [ "$page" = last ] && page=$(qpdf --show-npages "$tmp/doc.pdf")
    pdftoppm -png -gray -r "$DPI" -f "$page" -l "$page" -singlefile "$tmp/doc.pdf" "$tmp/page"
    mv "$tmp/page.png" "$out"
    echo "$out: page $page, $(stat -c %s "$out") bytes"
}

"$VANBAN" render samples/000-hoi-nghi-tong-ket-khcn-2023.yaml -o "$tmp/doc.pdf"
shot 1 docs/img/000-page1.png
shot 2 docs/img/000-page2.png
shot last docs/img/000-appendix.png
