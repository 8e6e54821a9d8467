#!/usr/bin/env bash
# Messages in Vietnamese or English (docs/i18n.md):
#   - every message string of src/*.c has a catalog entry (i18n_extract.py);
#   - LANG=vi_VN.UTF-8 gives Vietnamese diagnostics with the same
#     FILE:LINE:COLUMN, "error:"/"warning:" and [rule] as in English;
#   - English when nothing is set, in the C locale, for en_US, and for
#     LANGUAGE=vi in the C locale (gettext ignores LANGUAGE there);
#   - --help and the usage errors in Vietnamese;
#   - every tests/bad plan still fails with exit 2 under vi, located and
#     ruled as in English, its message translated; tests/warn still warns.
# usage: test_i18n.sh PATH/TO/vanban   (run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_i18n.sh VANBAN}
PY=/usr/bin/python3
. "$(dirname "$0")/lib.sh"

# Run vanban with only the given locale variables set.
in_env() {
    env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG "$@"
}
vi() { in_env LANG=vi_VN.UTF-8 "$@"; }
en() { in_env LC_ALL=C "$@"; }

# ---------------------------------------------------------------- catalog
if out=$($PY tests/e2e/i18n_extract.py --check src/i18n_vi.c); then
    ok
else
    bad "messages without a catalog entry:"
    echo "$out" | sed 's/^/    /'
fi
n=$($PY tests/e2e/i18n_extract.py | wc -l)
[ "$n" -ge 200 ] && ok || bad "the extractor found only $n strings"
# ... and it notices a new message, a new fragment, a concatenated one.
mkdir -p "$tmp/src"
cp src/*.c "$tmp/src/"
cat > "$tmp/src/zz_new.c" <<'EOF'
static void f(vb_diags *d, vb_pos p, const char *x)
{
    vb_error(d, p, "new-rule", "a brand new message about '%s'; "
             "nobody translated it", x);
    type_error(L, v, "key", "a thing nobody translated");
}
EOF
out=$($PY tests/e2e/i18n_extract.py --src "$tmp/src" --check src/i18n_vi.c)
if [ $? -ne 0 ] && grep -q "a brand new message about '%s'; nobody translated it" <<<"$out" &&
    grep -q "fragment.*a thing nobody translated" <<<"$out"; then
    ok
else
    bad "the extractor missed an untranslated message: $out"
fi

# ------------------------------------------------------- the language
plan=tests/bad/01-unknown-key.yaml
en_line="$plan:9:1: error: unknown key 'titel'; did you mean 'title'? [unknown-key]"
vi_line="$plan:9:1: error: khóa 'titel' không hợp lệ; có phải là 'title' không? [unknown-key]"
expect_first() { # NAME WANT ENV...
    local name=$1 want=$2
    shift 2
    in_env "$@" "$VANBAN" check "$plan" 2>"$tmp/err"
    local rc=$?
    local got
    got=$(head -1 "$tmp/err")
    if [ "$rc" -eq 2 ] && [ "$got" = "$want" ]; then ok; else bad "$name: exit $rc, got '$got'"; fi
}
expect_first "LANG=vi_VN.UTF-8" "$vi_line" LANG=vi_VN.UTF-8
expect_first "LANG=vi_VN" "$vi_line" LANG=vi_VN
expect_first "LANG=vi" "$vi_line" LANG=vi
expect_first "nothing set" "$en_line"
expect_first "LANG=C" "$en_line" LANG=C
expect_first "LANG=C.UTF-8" "$en_line" LANG=C.UTF-8
expect_first "LANG=en_US.UTF-8" "$en_line" LANG=en_US.UTF-8
expect_first "LANG=fr_FR.UTF-8" "$en_line" LANG=fr_FR.UTF-8
expect_first "LANGUAGE=vi LANG=C" "$en_line" LANGUAGE=vi LANG=C
expect_first "LANGUAGE=vi, nothing else" "$en_line" LANGUAGE=vi
expect_first "LANGUAGE=vi LANG=en_US.UTF-8" "$vi_line" LANGUAGE=vi LANG=en_US.UTF-8
expect_first "LANGUAGE=fr:vi LANG=en_US.UTF-8" "$vi_line" LANGUAGE=fr:vi LANG=en_US.UTF-8
expect_first "LANGUAGE=en LANG=vi_VN.UTF-8" "$en_line" LANGUAGE=en LANG=vi_VN.UTF-8
expect_first "LC_ALL=C LANG=vi_VN.UTF-8" "$en_line" LC_ALL=C LANG=vi_VN.UTF-8
expect_first "LC_ALL=vi_VN.UTF-8 LANG=C" "$vi_line" LC_ALL=vi_VN.UTF-8 LANG=C
expect_first "LC_MESSAGES=vi_VN.UTF-8 LANG=C" "$vi_line" LC_MESSAGES=vi_VN.UTF-8 LANG=C
expect_first "LC_MESSAGES=en_US.UTF-8 LANG=vi_VN.UTF-8" "$en_line" LC_MESSAGES=en_US.UTF-8 LANG=vi_VN.UTF-8

# ------------------------------------------------------ help and usage
vi "$VANBAN" --help >"$tmp/help.vi"
rc=$?
en "$VANBAN" --help >"$tmp/help.en"
[ "$rc" -eq 0 ] && head -1 "$tmp/help.vi" | grep -q '^cách dùng: vanban render' &&
    grep -q 'Nghị định 30/2020/NĐ-CP' "$tmp/help.vi" && ok || bad "--help in Vietnamese: $(head -1 "$tmp/help.vi")"
head -1 "$tmp/help.en" | grep -q '^usage: vanban render' && ok || bad "--help in English"
# The same options in both (the man page lists them once).
if [ "$(grep -o -- '--[a-z-]*' "$tmp/help.vi" | sort -u)" = "$(grep -o -- '--[a-z-]*' "$tmp/help.en" | sort -u)" ]; then
    ok
else
    bad "--help: the options differ between English and Vietnamese"
fi
vi "$VANBAN" -h | head -1 | grep -q '^cách dùng:' && ok || bad "-h in Vietnamese"
vi "$VANBAN" render a.yaml b.yaml 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && [ "$(head -1 "$tmp/err")" = "vanban: nhiều kế hoạch cùng lúc thì cần -d THƯ_MỤC_RA" ] &&
    grep -q '^cách dùng:' "$tmp/err" && ok || bad "usage error in Vietnamese: exit $rc, $(head -1 "$tmp/err")"
vi "$VANBAN" render --frobnicate x.yaml 2>"$tmp/err"
[ $? -eq 2 ] && [ "$(head -1 "$tmp/err")" = "vanban: không có tùy chọn '--frobnicate'" ] && ok ||
    bad "unknown option in Vietnamese: $(head -1 "$tmp/err")"
vi "$VANBAN" init --type x 2>"$tmp/err" >/dev/null
[ $? -eq 2 ] && grep -q "^vanban: không có --type 'x'; các loại hiện có: ke-hoach$" "$tmp/err" && ok ||
    bad "init --type in Vietnamese: $(head -1 "$tmp/err")"
en "$VANBAN" init --type x 2>"$tmp/err" >/dev/null
grep -q "^vanban: unknown --type 'x'; known: ke-hoach$" "$tmp/err" && ok ||
    bad "init --type in English: $(head -1 "$tmp/err")"
vi "$VANBAN" check "$tmp/none.yaml" 2>"$tmp/err"
[ $? -eq 2 ] && [ "$(cat "$tmp/err")" = "$tmp/none.yaml:1:1: error: không đọc được tệp kế hoạch: không có tệp hoặc thư mục này [file]" ] &&
    ok || bad "missing plan in Vietnamese: $(cat "$tmp/err")"
# --version is for scripts: the same in both.
[ "$(vi "$VANBAN" --version)" = "$(en "$VANBAN" --version)" ] && ok || bad "--version differs"

# ---------------------------------------------- every bad and warn plan
# FILE:LINE:COLUMN: error: MESSAGE [rule] -> "FILE:LINE:COLUMN: error:" and "[rule]"
head_of() { sed -E 's/^(.*:[0-9]+:[0-9]+: (error|warning):) .*$/\1/' <<<"$1"; }
rule_of() { sed -E 's/^.* (\[[a-z0-9-]+\])$/\1/' <<<"$1"; }
msg_of() { sed -E 's/^.*:[0-9]+:[0-9]+: (error|warning): (.*) \[[a-z0-9-]+\]$/\2/' <<<"$1"; }
nbad=0
for plan in tests/bad/*.yaml; do
    nbad=$((nbad + 1))
    en "$VANBAN" render "$plan" -o "$tmp/out.pdf" 2>"$tmp/err.en"
    vi "$VANBAN" render "$plan" -o "$tmp/out.pdf" 2>"$tmp/err.vi"
    rc=$?
    e=$(head -1 "$tmp/err.en")
    v=$(head -1 "$tmp/err.vi")
    why=""
    [ "$rc" -eq 2 ] || why="exit $rc"
    [ -e "$tmp/out.pdf" ] && why="$why; wrote output"
    [[ "$v" =~ ^.+:[0-9]+:[0-9]+:\ error:\ .+\ \[[a-z0-9-]+\]$ ]] || why="$why; not FILE:LINE:COL: error: message [rule]: $v"
    [ "$(head_of "$v")" = "$(head_of "$e")" ] || why="$why; position '$(head_of "$v")' vs '$(head_of "$e")'"
    [ "$(rule_of "$v")" = "$(rule_of "$e")" ] || why="$why; rule $(rule_of "$v") vs $(rule_of "$e")"
    [ "$(msg_of "$v")" != "$(msg_of "$e")" ] || why="$why; not translated: $v"
    [ "$(wc -l <"$tmp/err.vi")" -eq "$(wc -l <"$tmp/err.en")" ] || why="$why; another number of messages"
    if [ -z "$why" ]; then ok; else bad "$plan: $why"; fi
    rm -f "$tmp/out.pdf"
done
[ "$nbad" -ge 30 ] && ok || bad "only $nbad malformed plans"
for plan in tests/warn/*.yaml; do
    en "$VANBAN" check "$plan" 2>"$tmp/err.en"
    vi "$VANBAN" check "$plan" 2>"$tmp/err.vi"
    rc=$?
    e=$(head -1 "$tmp/err.en")
    v=$(head -1 "$tmp/err.vi")
    why=""
    [ "$rc" -eq 0 ] || why="exit $rc"
    [[ "$(head_of "$v")" == *": warning:" ]] || why="$why; not a warning: $v"
    [ "$(head_of "$v")" = "$(head_of "$e")" ] || why="$why; position '$(head_of "$v")' vs '$(head_of "$e")'"
    [ "$(rule_of "$v")" = "$(rule_of "$e")" ] || why="$why; rule $(rule_of "$v") vs $(rule_of "$e")"
    [ "$(msg_of "$v")" != "$(msg_of "$e")" ] || why="$why; not translated: $v"
    vi "$VANBAN" check --strict "$plan" 2>/dev/null
    [ $? -eq 1 ] || why="$why; --strict does not exit 1"
    if [ -z "$why" ]; then ok; else bad "$plan: $why"; fi
done

# --------------------------------------- values of vanban's own, in place
# A table row named by tablecalc.c ("row 3, 'Thành tiền'") and a layout's
# message passed on by context.c are translated around the user's values.
$PY tests/e2e/budget.py "$tmp/b.yaml" --rows 4 --wrong 3 >/dev/null
vi "$VANBAN" check "$tmp/b.yaml" 2>"$tmp/err"
grep -q "^$tmp/b.yaml:[0-9]*:[0-9]*: error: hàng 3, cột 'Thành tiền': .* ≠ .* \[table-equals\]$" "$tmp/err" &&
    ok || bad "table row in Vietnamese: $(cat "$tmp/err")"
printf 'page:\n  width_mm: 5000\n' >"$tmp/lay.yaml"
sed "s|^vanban: 1|vanban: 1\nlayout: lay.yaml|" "$tmp/b.yaml" >"$tmp/l.yaml"
vi "$VANBAN" check "$tmp/l.yaml" 2>"$tmp/err"
grep -qF "error: bố cục 'lay.yaml', dòng 2: 'page.width_mm' bằng 5000; giá trị phải nằm trong khoảng" "$tmp/err" &&
    ok || bad "layout message in Vietnamese: $(head -1 "$tmp/err")"

finish
