#!/usr/bin/env bash
# End to end: every sample renders, and real tools accept the PDF:
#   qpdf --check passes; pdffonts shows every font embedded (subset, no Type 3);
#   every page is A4 (or A4 landscape in a landscape appendix); poppler prints
#   no warning; pdftotext gives back the seed's words, differences only as
#   listed (with reasons) in seed_diffs.txt.
# usage: test_samples.sh PATH/TO/vanban   (run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_samples.sh VANBAN}
. "$(dirname "$0")/lib.sh"

for plan in samples/*.yaml; do
    key=$(basename "$plan" | cut -c1-3)
    pdf="$tmp/$key.pdf"
    if ! "$VANBAN" render "$plan" -o "$pdf" 2>"$tmp/err"; then
        bad "$key: render failed: $(cat "$tmp/err")"
        continue
    fi
    ok
    # Warnings in a sample are allowed only where the seed deviates on purpose
    # (002 writes its level-1 headings in sentence case).
    if grep -v "\[nd30-case\]" "$tmp/err" | grep -q .; then
        bad "$key: unexpected diagnostics: $(cat "$tmp/err")"
    else ok; fi
    if out=$(qpdf --check "$pdf" 2>&1); then ok; else bad "$key: qpdf --check: $out"; fi
    fonts=$(pdffonts "$pdf" 2>&1 | tail -n +3)
    if [ -z "$fonts" ]; then
        bad "$key: no fonts listed"
    elif echo "$fonts" | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes") exit 1 }' &&
         ! echo "$fonts" | grep -q "Type 3" &&
         echo "$fonts" | grep -q "+LiberationSerif"; then
        ok
    else
        bad "$key: fonts not all embedded subsets:"$'\n'"$fonts"
    fi
    sizes=$(pdfinfo -f 1 -l 999 "$pdf" 2>&1 | grep -E "^Page +[0-9]+ size" |
            sed -E 's/.*size: *([0-9.]+) x ([0-9.]+).*/\1x\2/' | sort -u)
    if echo "$sizes" | grep -qvE "^(595.276x841.89|841.89x595.276)$"; then
        bad "$key: page sizes $sizes"
    else ok; fi
    if pdftotext -enc UTF-8 "$pdf" "$tmp/$key.txt" 2>"$tmp/warn" && [ ! -s "$tmp/warn" ]; then
        ok
    else
        bad "$key: pdftotext: $(cat "$tmp/warn")"
    fi
    seed=$(ls tests/e2e/seeds/"$key"_*.txt)
    if out=$(/usr/bin/python3 tests/e2e/roundtrip.py "$seed" "$tmp/$key.txt" \
             tests/e2e/seed_diffs.txt "$key" 2>&1); then
        ok
    else
        bad "$key: text round trip:"$'\n'"$out"
    fi
done
finish
