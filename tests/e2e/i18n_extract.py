#!/usr/bin/python3
"""List the user-visible message strings of src/*.c, and check the catalog.

usage: i18n_extract.py [--src DIR] [--unique]
       i18n_extract.py [--src DIR] --check CATALOG.c

Prints one line per string found: KIND <tab> FILE:LINE <tab> TEXT, where TEXT
is the string as the compiler sees it (C escapes decoded, adjacent literals
and string macros joined) and written back with backslash escapes, and KIND
is one of

  format    the format argument of vb_error(), vb_warning(), vb_diag_add(),
            usage_error() or vb_tr() (main.c's own messages);
  fragment  text that reaches a message through a %s: the other string
            arguments of those calls ("untitled", "bad expression"), the
            "expected ..." of load.c's type_error()/get_word(), its hints
            (lead_hint, syntax_hint, problem_hints), kind_name(), the
            refused-YAML messages, the pieces strip_recipient() builds,
            tablecalc.c's tc_where() and ex_fail() texts, check.c's field
            names (upper_rules) and vb_ctx_new()'s error texts.

--check CATALOG.c reads the {"en", "vi"} pairs of the catalog (src/i18n_vi.c)
and fails (exit 1) when a format or fragment has no entry. Strings with no
letter outside their conversions ("%s", "; ", "%s:%d:%d: %s") and the few in
KEEP need none. Diagnostics that reach the user only through other code
(pdf.c's and font.c's internal errors, libyaml's texts) are not listed here;
docs/i18n.md says which are translated anyway.
"""
import argparse
import glob
import os
import re
import sys

# call name -> index of its format argument
FORMAT_CALLS = {"vb_error": 3, "vb_warning": 3, "vb_diag_add": 4,
                "usage_error": 1, "vb_tr": 1}
# call name -> index of an argument whose string literals are fragments
FRAGMENT_ARGS = {"type_error": 3, "get_word": 3, "get_enum": 2, "refuse": 2,
                 "ex_fail": 1, "ctx_error": 3}
# (file, function): every string literal in the body is a fragment
FRAGMENT_FUNCS = {("load.c", "kind_name"), ("load.c", "lead_hint"),
                  ("load.c", "syntax_hint"), ("load.c", "syntax_error"), ("load.c", "strip_recipient"),
                  ("tablecalc.c", "tc_where"), ("check.c", "upper_rules")}
# (file, buffer): snprintf(buffer, size, ...) writes an error text that the
# caller prints (vb_ctx_new()'s, shown by main.c)
ERR_BUFFERS = {("context.c", "err")}
# (file, array): index of the field of each {..} entry that is a fragment
FRAGMENT_TABLES = {("load.c", "problem_hints"): 1}
# Strings that stay as they are, and why.
KEEP = {
    "s": "English plural ending: the Vietnamese messages drop it with %.0s",
    "<stdin>": "a file name",
    "<memory>": "a file name",
    "vanban: error: %s [%s]": "the frame of vb_ctx_new()'s line: main.c translates the message inside",
}
# Calls whose literals are not fragments even inside FRAGMENT_FUNCS (file
# paths, the arguments of the diagnostic calls handled above).
SKIP_CALLS = {"strcmp", "strncmp", "strstr", "strchr", "vb_strdup", "getenv"}

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<str>(?:u8|L|u|U)?"(?:\\.|[^"\\\n])*")
  | (?P<chr>'(?:\\.|[^'\\\n])+')
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<num>\.?\d(?:[\w.]|[eEpP][+-])*)
  | (?P<punct>->|\+\+|--|<<=?|>>=?|[<>=!]=|&&|\|\||[-+*/%&|^]=|\.\.\.|\#\#|[^\s])
""", re.S | re.X)

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f",
           "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


def decode(lit):
    """The bytes of a C string literal (without its quotes), as str."""
    body = lit[lit.index('"') + 1:-1]
    out = bytearray()
    i = 0
    raw = body.encode("utf-8")
    while i < len(raw):
        c = raw[i:i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        e = chr(raw[i + 1])
        if e in ESCAPES:
            out += ESCAPES[e].encode()
            i += 2
        elif e == "x":
            m = re.match(rb"[0-9A-Fa-f]+", raw[i + 2:])
            out.append(int(m.group(), 16) & 0xFF)
            i += 2 + len(m.group())
        elif e in "01234567":
            m = re.match(rb"[0-7]{1,3}", raw[i + 1:])
            out.append(int(m.group(), 8) & 0xFF)
            i += 1 + len(m.group())
        else:
            raise ValueError("unknown escape \\%s in %s" % (e, lit))
    return out.decode("utf-8", "surrogateescape")


def escape(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\x%02X" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def tokenize(text):
    """(kind, value, line) tokens; preprocessor lines dropped, but string
    macros (#define NAME "..." "...") are expanded where they are used."""
    macros = {}
    lines = text.split("\n")
    code = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("#"):
            full = line
            while full.endswith("\\") and i + 1 < len(lines):
                i += 1
                full = full[:-1] + " " + lines[i]
            m = re.match(r'\s*#\s*define\s+([A-Za-z_]\w*)\s+((?:"(?:\\.|[^"\\])*"\s*)+)$',
                         full)
            if m:
                macros[m.group(1)] = "".join(decode(s) for s in
                                              re.findall(r'"(?:\\.|[^"\\])*"', m.group(2)))
            code.append("")
        else:
            code.append(line)
        i += 1
    src = "\n".join(code)
    toks = []
    pos = 0
    line = 1
    while pos < len(src):
        m = TOKEN.match(src, pos)
        if not m:
            raise ValueError("cannot tokenize at line %d" % line)
        kind = m.lastgroup
        val = m.group()
        if kind == "str":
            toks.append(("str", decode(val), line))
        elif kind == "ident" and val in macros:
            toks.append(("str", macros[val], line))
        elif kind not in ("ws", "comment"):
            toks.append((kind, val, line))
        line += val.count("\n")
        pos = m.end()
    # Adjacent literals are one string.
    merged = []
    for t in toks:
        if t[0] == "str" and merged and merged[-1][0] == "str":
            merged[-1] = ("str", merged[-1][1] + t[1], merged[-1][2])
        else:
            merged.append(t)
    return merged


def matching(toks, i):
    """Index of the bracket closing the one at toks[i]."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    depth = 0
    for j in range(i, len(toks)):
        v = toks[j][1] if toks[j][0] == "punct" else None
        if v in pairs:
            depth += 1
        elif v in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def split_args(toks, open_i, close_i):
    """The top-level arguments between toks[open_i] and toks[close_i]."""
    args, cur, depth = [], [], 0
    for j in range(open_i + 1, close_i):
        t = toks[j]
        if t[0] == "punct" and t[1] in "([{":
            depth += 1
        elif t[0] == "punct" and t[1] in ")]}":
            depth -= 1
        if depth == 0 and t[0] == "punct" and t[1] == ",":
            args.append(cur)
            cur = []
        else:
            cur.append((j, t))
    if cur or args:
        args.append(cur)
    return args


def extract_file(path):
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        toks = tokenize(f.read())
    found = []  # (kind, line, text)
    claimed = set()  # token indexes already classified

    def add(kind, idx):
        if idx in claimed:
            return
        claimed.add(idx)
        found.append((kind, toks[idx][2], toks[idx][1]))

    # Function bodies and array initializers at file scope.
    scopes = []  # (kind, name, start, end)
    depth = 0
    i = 0
    while i < len(toks):
        k, v, _ = toks[i]
        if k == "punct" and v == "{":
            if depth == 0:
                j = i - 1
                if toks[j][1] == ")":  # function: NAME ( ... ) {
                    d = 0
                    while j >= 0:
                        if toks[j][1] == ")":
                            d += 1
                        elif toks[j][1] == "(":
                            d -= 1
                            if d == 0:
                                break
                        j -= 1
                    scopes.append(("func", toks[j - 1][1], i, matching(toks, i)))
                elif toks[j][1] == "=":  # array: NAME [ ] = {
                    j -= 1
                    while j >= 0 and toks[j][1] in ("]", "[") or toks[j][0] == "num":
                        j -= 1
                    scopes.append(("array", toks[j][1], i, matching(toks, i)))
            depth += 1
        elif k == "punct" and v == "}":
            depth -= 1
        i += 1

    calls = []
    for i in range(len(toks) - 1):
        if toks[i][0] == "ident" and toks[i + 1][1] == "(":
            close = matching(toks, i + 1)
            calls.append((i, toks[i][1], close, split_args(toks, i + 1, close)))
    # Literals that are never messages: arguments of string functions and
    # the rule ids of the diagnostic calls.
    for i, v, close, args in calls:
        if v in SKIP_CALLS:
            claimed.update(j for j in range(i + 2, close) if toks[j][0] == "str")
        elif v in FORMAT_CALLS:
            for a in args[:FORMAT_CALLS[v]]:
                claimed.update(j for j, t in a if t[0] == "str")
    for i, v, close, args in calls:
        # snprintf(err, ...): an error text handed back to the caller.
        if (v == "snprintf" and (name, "err") in ERR_BUFFERS and args
                and [t[1] for _, t in args[0]] == ["err"]):
            for a in args[2:]:
                for j, t in a:
                    if t[0] == "str":
                        add("fragment", j)
        if v in FORMAT_CALLS:
            at = FORMAT_CALLS[v]
            if at >= len(args):
                continue
            fmt = args[at]
            if len(fmt) == 1 and fmt[0][1][0] == "str":
                add("format", fmt[0][0])
            elif any(t[0] == "str" for _, t in fmt):
                for j, t in fmt:
                    if t[0] == "str":
                        add("format", j)
            for a in args[at + 1:]:
                for j, t in a:
                    if t[0] == "str":
                        add("fragment", j)
        elif v in FRAGMENT_ARGS:
            at = FRAGMENT_ARGS[v]
            if at < len(args):
                for j, t in args[at]:
                    if t[0] == "str":
                        add("fragment", j)

    for kind, sname, start, end in scopes:
        if kind == "func" and (name, sname) in FRAGMENT_FUNCS:
            for j in range(start, end):
                if toks[j][0] == "str":
                    add("fragment", j)
        if kind == "array" and (name, sname) in FRAGMENT_TABLES:
            field = FRAGMENT_TABLES[(name, sname)]
            j = start + 1
            while j < end:
                if toks[j][1] == "{":
                    close = matching(toks, j)
                    args = split_args(toks, j, close)
                    if field < len(args):
                        for idx, t in args[field]:
                            if t[0] == "str":
                                add("fragment", idx)
                    j = close
                j += 1
    return [(kind, "%s:%d" % (name, line), text) for kind, line, text in
            sorted(found, key=lambda f: f[1])]


def needs_entry(text):
    bare = re.sub(r"%[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?[diouxXcsfFeEgGaAp%]",
                  "", text)
    return re.search(r"[A-Za-z]", bare) is not None and text not in KEEP


def catalog_keys(path):
    """The English side of each {"en", "vi"[, flags]} entry of the catalog."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # Only the table: between its BEGIN and END CATALOG comments.
    begin, end = text.find("BEGIN CATALOG"), text.find("END CATALOG")
    if begin >= 0 and end > begin:
        text = text[text.index("\n", begin):end]
    toks = tokenize(text)
    keys = set()
    for i in range(len(toks) - 3):
        if (toks[i][1] == "{" and toks[i + 1][0] == "str" and toks[i + 2][1] == ","
                and toks[i + 3][0] == "str"):
            keys.add(toks[i + 1][1])
    return keys


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--src", default=os.path.join(here, "..", "..", "src"))
    ap.add_argument("--unique", action="store_true")
    ap.add_argument("--check", metavar="CATALOG")
    a = ap.parse_args()
    found = []
    for path in sorted(glob.glob(os.path.join(a.src, "*.c"))):
        if os.path.basename(path) == "i18n_vi.c":
            continue
        found += extract_file(path)
    if a.check:
        keys = catalog_keys(a.check)
        missing = [f for f in found if needs_entry(f[2]) and f[2] not in keys]
        wanted = {f[2] for f in found if needs_entry(f[2])}
        for kind, where, text in missing:
            print("MISSING %s %s: %s" % (kind, where, escape(text)))
        print("%d strings (%d distinct need an entry), %d catalog entries, %d missing"
              % (len(found), len(wanted), len(keys), len(missing)))
        return 1 if missing else 0
    seen = set()
    for kind, where, text in found:
        if a.unique and (kind, text) in seen:
            continue
        seen.add((kind, text))
        print("%s\t%s\t%s" % (kind, where, escape(text)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
