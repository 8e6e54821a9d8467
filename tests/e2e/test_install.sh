#!/usr/bin/env bash
# cmake --install to a temporary prefix: the installed binary renders with
# the installed fonts and layouts; a 20-line program compiles against the
# installed libvanban through pkg-config and renders a plan; the man page,
# schema and header are in place.
# usage: test_install.sh PATH/TO/vanban (in its build directory; run from the repository root)
set -uo pipefail
VANBAN=${1:?usage: test_install.sh VANBAN}
build=$(dirname "$VANBAN")
. "$(dirname "$0")/lib.sh"
p=$tmp/prefix
check "cmake --install" cmake --install "$build" --prefix "$p"
sample=$PWD/samples/000-hoi-nghi-tong-ket-khcn-2023.yaml
check "installed binary uses the installed data" bash -c "cd / && env -u VANBAN_DATADIR '$p/bin/vanban' --version | grep -qx 'data: $p/bin/../share/vanban'"
# Started through a symlink elsewhere (and by a relative path): the data
# beside the program the link leads to, not beside the link.
mkdir -p "$tmp/elsewhere/bin" "$tmp/elsewhere/share/vanban/layouts" "$tmp/elsewhere/share/vanban/fonts"
touch "$tmp/elsewhere/share/vanban/layouts/nd30.yaml" "$tmp/elsewhere/share/vanban/fonts/LiberationSerif-Regular.ttf"
ln -s "$p/bin/vanban" "$tmp/elsewhere/bin/vanban"
check "a symlinked binary uses the data of the program it links to" bash -c "cd '$tmp/elsewhere' && env -u VANBAN_DATADIR bin/vanban --version | grep -qx 'data: $p/bin/../share/vanban'"
check "a binary started by a relative path finds its data" bash -c "cd '$p' && env -u VANBAN_DATADIR bin/vanban render '$sample' -o '$tmp/r.pdf' && qpdf --check '$tmp/r.pdf'"
check "installed binary renders" bash -c "cd / && env -u VANBAN_DATADIR '$p/bin/vanban' render '$sample' -o '$tmp/a.pdf' && qpdf --check '$tmp/a.pdf'"
check "header installed" test -f "$p/include/vanban/vanban.h"
check "man page installed" test -f "$p/share/man/man1/vanban.1"
check "schema installed" test -f "$p/share/vanban/plan.schema.json"
libdir=$(dirname "$(find "$p" -name 'libvanban.so' | head -1)")
check "shared library installed" test -f "$libdir/libvanban.so"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
check "pkg-config knows vanban" pkg-config --exists vanban
# A library built with the sanitizers needs them in the program too.
san=""
# (Read ldd's output whole: with pipefail, grep -q closing the pipe early
# would make the test's outcome depend on timing.)
deps=$(ldd "$libdir/libvanban.so" 2>/dev/null)
case "$deps" in *libasan*) san="-fsanitize=address,undefined" ;; esac
check "example compiles with pkg-config" bash -c "cc -std=c11 -Wall -Wextra -Werror $san examples/render.c \$(pkg-config --cflags --libs vanban) -o '$tmp/render'"
check "example renders a plan" bash -c "cd / && env -u VANBAN_DATADIR LD_LIBRARY_PATH='$libdir' '$tmp/render' '$sample' '$tmp/b.pdf' && qpdf --check '$tmp/b.pdf'"
check "example output equals the CLI's" cmp -s "$tmp/a.pdf" "$tmp/b.pdf"
check "example reports errors located" bash -c "printf 'vanban: 1\ntitel: x\n' > '$tmp/bad.yaml'; cd / && LD_LIBRARY_PATH='$libdir' '$tmp/render' '$tmp/bad.yaml' '$tmp/c.pdf' 2>&1 | grep -q '^$tmp/bad.yaml:2:1: error: unknown key'; [ ! -e '$tmp/c.pdf' ]"
finish
