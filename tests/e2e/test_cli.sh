#!/usr/bin/env bash
# The command line: help, version, usage errors, stdin/stdout, batch mode,
# atomic output (no file on error, an existing file left untouched, never
# the input overwritten).
# usage: test_cli.sh PATH/TO/vanban   (run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_cli.sh VANBAN}
. "$(dirname "$0")/lib.sh"
sample=samples/000-hoi-nghi-tong-ket-khcn-2023.yaml

check "--help exits 0 and prints usage" bash -c "'$VANBAN' --help | grep -q '^usage: vanban render'"
check "--version" bash -c "'$VANBAN' --version | grep -qE '^vanban [0-9]+\.[0-9]+\.[0-9]+$'"
check "no command exits 2" bash -c "'$VANBAN'; [ \$? -eq 2 ]"
check "unknown option exits 2" bash -c "'$VANBAN' render --frobnicate x.yaml; [ \$? -eq 2 ]"
check "several plans need -d" bash -c "'$VANBAN' render a.yaml b.yaml; [ \$? -eq 2 ]"
check "stdin to stdout" bash -c "'$VANBAN' render - -o - < $sample > $tmp/s.pdf && head -c 5 $tmp/s.pdf | grep -q '%PDF-'"
check "stdin defaults to stdout" bash -c "'$VANBAN' render - < $sample | head -c 5 | grep -q '%PDF-'"
check "batch -d writes one PDF per plan" bash -c "mkdir -p $tmp/b && '$VANBAN' render -d $tmp/b samples/*.yaml 2>/dev/null && [ \$(ls $tmp/b/*.pdf | wc -l) -eq \$(ls samples/*.yaml | wc -l) ]"
check "default output name" bash -c "cp $sample $tmp/plan.yaml && '$VANBAN' render $tmp/plan.yaml && [ -s $tmp/plan.pdf ]"
check "check command on a good plan" "$VANBAN" check "$sample"
# Errors: non-zero, located, nothing written, an existing file untouched.
printf 'vanban: 1\nagency:\n  name: X\ntitel: Y\n' > "$tmp/bad.yaml"
check "bad plan exits 2" bash -c "'$VANBAN' render $tmp/bad.yaml -o $tmp/none.pdf; [ \$? -eq 2 ]"
check "no output on error" bash -c "[ ! -e $tmp/none.pdf ] && [ -z \"\$(ls $tmp | grep none)\" ]"
check "located message" bash -c "'$VANBAN' render $tmp/bad.yaml -o $tmp/none.pdf 2>&1 | grep -qE '^$tmp/bad.yaml:4:1: error: .*\[unknown-key\]$'"
echo keep > "$tmp/existing.pdf"
check "existing output untouched on error" bash -c "'$VANBAN' render $tmp/bad.yaml -o $tmp/existing.pdf; [ \"\$(cat $tmp/existing.pdf)\" = keep ]"
check "never overwrite the input" bash -c "cp $sample $tmp/in.yaml; '$VANBAN' render $tmp/in.yaml -o $tmp/in.yaml; [ \$? -eq 2 ] && cmp -s $sample $tmp/in.yaml"
check "a directory as the plan: located, its reason, no output" bash -c "'$VANBAN' render samples -o $tmp/dir.pdf 2>&1 | grep -qx 'samples:1:1: error: cannot read the plan: Is a directory \[file\]' && [ ! -e $tmp/dir.pdf ]"
check "check --strict exits 1 on warnings only" bash -c "'$VANBAN' check --strict samples/002-*.yaml; [ \$? -eq 1 ]"
check "check exits 2 on errors" bash -c "'$VANBAN' check $tmp/bad.yaml; [ \$? -eq 2 ]"
check "the output's mode follows the umask (0666 less it)" bash -c "mkdir -p $tmp/m && (umask 077 && '$VANBAN' render $sample -o $tmp/m/private.pdf) && (umask 022 && '$VANBAN' render $sample -o $tmp/m/shared.pdf) && [ \$(stat -c %a $tmp/m/private.pdf) = 600 ] && [ \$(stat -c %a $tmp/m/shared.pdf) = 644 ]"
check "no temporary file left beside the output" bash -c "[ \$(ls -A $tmp/m | wc -l) -eq 2 ]"
check "two renders are byte-identical" bash -c "'$VANBAN' render $sample -o $tmp/r1.pdf && '$VANBAN' render $sample -o $tmp/r2.pdf && cmp -s $tmp/r1.pdf $tmp/r2.pdf"
finish
