#!/usr/bin/python3
"""cg_phases.py - where a vanban run's instructions go, by phase.

    bench/cg_phases.py callgrind.out

Reads a callgrind profile of `vanban render` (best from a RelWithDebInfo
build without LTO: names of vanban's functions survive, except static
ones called once, which -O2 inlines) through
`callgrind_annotate --inclusive=yes --tree=caller`, and prints the
inclusive instruction count (Ir) of each phase of the pipeline and of the
library calls inside it, as counts and as shares of the whole process.

Names missing from a profile (inlined away, or a library without symbols)
print as "n/a"; a call that simply did not happen (the NFC row for a plan
already in NFC) prints 0. A phase's children need not add up to it: the remainder is
the phase's own code and calls too small to list. Used by bench/profile.
"""
import re
import subprocess
import sys

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+([<*>])\s+(.*?)\s*$")


def short(name):
    """'./libio/vsnprintf.c:vsnprintf (12x) [/lib/libc.so]' -> 'vsnprintf'."""
    name = re.sub(r"\s*\[[^\]]*\]\s*$", "", name)
    name = re.sub(r"\s*\(\d[\d,]*x\)\s*$", "", name)
    if ":" in name:
        name = name.rsplit(":", 1)[1]
    return name.strip()


def load(path):
    """-> (total Ir, {fn: inclusive Ir}, {(caller, callee): Ir})."""
    out = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", "--tree=caller",
         "--threshold=100", path],
        check=True, capture_output=True, text=True).stdout
    total = 0
    m = re.search(r"^\s*([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS", out, re.M)
    if m:
        total = int(m.group(1).replace(",", ""))
    incl, edges, callers = {}, {}, []
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            if not line.strip():
                callers = []
            continue
        cost, kind, name = int(m.group(1).replace(",", "")), m.group(2), short(m.group(3))
        if kind == "<":
            callers.append((name, cost))
        elif kind == "*":
            if "'" not in name:  # 'N = a recursion level, counted in level 1
                incl[name] = max(incl.get(name, 0), cost)
                for c, v in callers:
                    if "'" not in c:
                        edges[(c, name)] = edges.get((c, name), 0) + v
            callers = []
    return total, incl, edges


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    total, incl, edges = load(sys.argv[1])
    if not total:
        sys.stderr.write("cg_phases: no PROGRAM TOTALS in the profile\n")
        return 1

    def f(*names):
        vals = [incl[n] for n in names if n in incl]
        return sum(vals) if vals else None

    def e(caller, callee):
        return edges.get((caller, callee))

    def minus(a, *bs):
        if a is None:
            return None
        return a - sum(b for b in bs if b is not None)

    main_ir = f("main")
    fmt_total = None
    if f("put_num") is not None or f("vb_buf_printf") is not None:
        fmt_total = (f("put_num") or 0) + (f("vb_buf_printf") or 0) - (e("put_num", "vb_buf_printf") or 0)
    rows = [
        (0, "whole process", total),
        (1, "process start and exit (ld.so relocation, libc init, atexit)", minus(total, main_ir)),
        (1, "main", main_ir),
        (2, "context: the 4 faces and layouts/nd30.yaml (vb_ctx_new, context.c)", f("vb_ctx_new")),
        (2, "plan: YAML -> model (vb_plan_load_mem, load.c)", f("vb_plan_load_mem")),
        (3, "libyaml events (yaml_parser_parse)", e("vb_plan_load_mem", "yaml_parser_parse") or f("yaml_parser_parse")),
        # The loader skips NFC for a file that is NFC already: no call at all.
        (3, "NFC of strings not yet NFC (vb_nfc)", e("vb_plan_load_mem", "vb_nfc") or 0),
        (2, "checks (vb_check_plan, check.c)", f("vb_check_plan")),
        (2, "layout (vb_compose, compose.c)", f("vb_compose")),
        (3, "inline markup (vb_inline_nfc, text.c)", f("vb_inline_nfc")),
        (3, "paragraph setting (vb_set_lines, para.c)", f("vb_set_lines")),
        (4, "line breaking (vb_linebreak, linebreak.c)", f("vb_linebreak")),
        (3, "tables (vb_table_layout, table.c)", f("vb_table_layout")),
        (3, "pagination (vb_flow, flow.c)", f("vb_flow")),
        (2, "PDF (vb_pdf_write, pdf.c)", f("vb_pdf_write")),
        # Most of pdf.c's steps are static functions called once, which -O2
        # inlines even without LTO: only the per-face and per-page ones
        # keep their names.
        (3, "each used face: subset, font objects (build_font)", f("build_font")),
        (3, "the pages: content streams, resources (build_pages)", f("build_pages")),
        (3, "deflating every stream (deflate_into, libdeflate; part of the rows above)", f("deflate_into") or f("libdeflate_zlib_compress")),
        (3, "libharu document (HPDF_New + HPDF_Free)", f("HPDF_New", "HPDF_Free")),
        (3, "number/operator formatting (put_num + vb_buf_printf -> vsnprintf)", fmt_total),
        (2, "free the plan and the context (vb_plan_free, vb_ctx_free)", f("vb_plan_free", "vb_ctx_free")),
    ]
    print("%-72s %12s %7s" % ("phase (inclusive)", "instr", "share"))
    for depth, label, v in rows:
        name = "  " * depth + label
        if v is None:
            print("%-72s %12s %7s" % (name, "n/a", ""))
        else:
            print("%-72s %12s %6.1f%%" % (name, "{:,}".format(v), 100.0 * v / total))
    print()
    print("self instructions by shared object (code each library runs itself):")
    out = subprocess.run(
        ["callgrind_annotate", "--inclusive=no", "--threshold=100", sys.argv[1]],
        check=True, capture_output=True, text=True).stdout
    per = {}
    for line in out.splitlines():
        m = re.match(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+.*\[([^\]]+)\]\s*$", line)
        if m:
            obj = m.group(2).rsplit("/", 1)[-1]
            per[obj] = per.get(obj, 0) + int(m.group(1).replace(",", ""))
    for obj, v in sorted(per.items(), key=lambda t: -t[1]):
        if v * 200 >= total:
            print("  %-50s %12s %6.1f%%" % (obj, "{:,}".format(v), 100.0 * v / total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
