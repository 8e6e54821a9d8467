#!/usr/bin/python3
"""Word round trip: the words of a seed plan against the words pdftotext reads from our PDF.

usage: roundtrip.py SEED.txt PDFTEXT.txt DIFFS.txt SEEDKEY [options]

  SEED.txt     a seed text (a text rendering of the real plan, with markdown artefacts)
  PDFTEXT.txt  `pdftotext -enc UTF-8 OUR.pdf PDFTEXT.txt` (default or -layout mode)
  DIFFS.txt    the deliberate differences, one section per seed (see seed_diffs.txt)
  SEEDKEY      the section to use, e.g. 000

options:
  --no-stale-check      do not fail when a listed deliberate difference no longer occurs
                        (for experiments such as feeding a seed as both inputs)
  --keep-page-numbers   do not drop the page-number line at the top of each page
  --no-rejoin           do not reconcile words split or joined at a line break
  --dump                print both token lists (one per line) and exit 0

Both texts are NFC-normalised, stripped of transcription artefacts (markdown '#'
headings, '*'/'**' emphasis, <b></b> tags, table pipes and '---' rules, backslash
escapes), split on white space, and each token loses the punctuation around it
(brackets, quotes, a final . , ; : ! ? and the end mark "./."); inner punctuation
stays, so "04/KH-KHCN", "1.050.000" and "VP(L)" remain single tokens, and tokens with
no letter or digit ("-", "–", "./.") are dropped. The words are compared as multisets;
the script lists words missing from the PDF ("-") and words the PDF adds ("+").

Every difference must be listed in DIFFS.txt under [SEEDKEY]; a line is
    - WORDS  # reason      (in the seed, not in the PDF)
    + WORDS  # reason      (in the PDF, not in the seed)
where WORDS is tokenised like the texts (each token counts once; repeat a line for a
word that differs twice). Exit status: 0 when every difference is listed and every
listed difference occurs; 1 otherwise (unexplained or stale entries are printed in
DIFFS format, ready to paste); 2 on a usage or DIFFS format error.

Standard library only.
"""

import collections
import difflib
import re
import sys
import unicodedata

# --------------------------------------------------------------------------- text

# Characters a PDF text extractor may produce that NFC leaves alone.
_FIXUPS = {
    "\u00ad": "",          # soft hyphen
    "\u200b": "",          # zero width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\u00a0": " ",         # no-break spaces
    "\u202f": " ",
    "\u2007": " ",
    "\ufb00": "ff",        # ligatures
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
}
_FIX_RE = re.compile("|".join(map(re.escape, _FIXUPS)))

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HR = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?=\s|$)", re.M)
_TAG = re.compile(r"</?(?:b|i|u|em|strong|br|sup|sub|span|p)\b[^>]*>", re.I)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")

_LEAD = set("([{“\"‘'«‹„*")
_TRAIL = set(".,;:!?)]}”\"’'»›…*")
_CLOSE_OPEN = {")": "(", "]": "[", "}": "{"}
_PAGE_NO = re.compile(r"^\s*\d{1,3}\s*$")


def normalise(text):
    return unicodedata.normalize("NFC", _FIX_RE.sub(lambda m: _FIXUPS[m.group(0)], text))


def strip_artefacts(text):
    """Remove markdown/HTML transcription marks (harmless on pdftotext output)."""
    lines = [l for l in text.split("\n") if not (_TABLE_RULE.match(l) or _HR.match(l))]
    text = "\n".join(lines)
    text = _HEADING.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = text.replace("|", " ")
    text = text.replace("\\*", "\x00")            # an escaped asterisk is a literal one
    text = text.replace("*", "")                   # emphasis marks
    text = _ESCAPE.sub(r"\1", text)               # kg\_btgtu -> kg_btgtu
    return text.replace("\x00", "*")


def drop_page_numbers(text):
    """pdftotext ends each page with a form feed. The page number sits alone in the top
    margin (spec §10), so it is the first non-blank line of its page: drop that line when
    it is a bare number no larger than the page count."""
    if "\f" not in text:
        return text, 0
    pages, dropped = text.split("\f"), 0
    for i, page in enumerate(pages):
        lines = page.split("\n")
        first = next((j for j, l in enumerate(lines) if l.strip()), None)
        if first is not None and _PAGE_NO.match(lines[first]) and 1 <= int(lines[first]) <= len(pages):
            lines[first] = ""
            dropped += 1
            pages[i] = "\n".join(lines)
    return "\f".join(pages), dropped


def clean_token(tok):
    while True:
        before = tok
        if tok.endswith("./."):
            tok = tok[:-3]
        while tok and tok[0] in _LEAD:
            tok = tok[1:]
        while tok and tok[-1] in _TRAIL:
            c = tok[-1]
            if c in _CLOSE_OPEN and _CLOSE_OPEN[c] in tok:
                break                          # "VP(L)" keeps its bracket
            tok = tok[:-1]
        if tok == before:
            return tok


def tokens(text):
    out = []
    for raw in text.split():
        tok = clean_token(raw)
        if any(ch.isalnum() for ch in tok):
            out.append(tok)
    return out


def seed_tokens(text):
    return tokens(strip_artefacts(normalise(text)))


def pdf_tokens(text, keep_page_numbers=False):
    text = normalise(text)
    dropped = 0
    if not keep_page_numbers:
        text, dropped = drop_page_numbers(text)
    return tokens(strip_artefacts(text)), dropped


# --------------------------------------------------------------------------- DIFFS

class DiffsError(Exception):
    pass


_SECTION = re.compile(r"^\[([^\]]+)\]\s*$")
_ENTRY = re.compile(r"^([-+])\s+(.*?)\s+#\s*(.*?)\s*$")


def read_diffs(path, key):
    """The [key] section as a list of (sign, token, reason, line number)."""
    entries, section, seen = [], None, set()
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.rstrip("\n")
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            m = _SECTION.match(s)
            if m:
                section = m.group(1).strip()
                if section in seen:
                    raise DiffsError(f"{path}:{no}: section [{section}] appears twice")
                seen.add(section)
                continue
            if section is None:
                raise DiffsError(f"{path}:{no}: entry before the first [SECTION] line")
            m = _ENTRY.match(s)
            if not m:
                if s[:1] in "+-" and "#" not in s:
                    raise DiffsError(f"{path}:{no}: entry without a reason ('  # reason'): {s}")
                raise DiffsError(f"{path}:{no}: not '- WORDS  # reason' or '+ WORDS  # reason': {s}")
            sign, words, reason = m.group(1), m.group(2), (m.group(3) or "").strip()
            if not reason:
                raise DiffsError(f"{path}:{no}: entry without a reason: {s}")
            toks = tokens(normalise(words))
            if not toks:
                raise DiffsError(f"{path}:{no}: no word in '{words}' (punctuation alone is ignored)")
            if section == key:
                entries += [(sign, t, reason, no) for t in toks]
    return entries, key in seen


# --------------------------------------------------------------------------- compare

def _variants(parts):
    """Ways a word broken at a line end may come back joined."""
    yield "".join(parts)
    if any(p.endswith("-") for p in parts[:-1]):             # dehyphenated by the extractor
        yield "".join(p[:-1] if p.endswith("-") and i < len(parts) - 1 else p
                      for i, p in enumerate(parts))


def rejoin(order, mine, theirs, max_parts=3):
    """Consume windows of `order` (whose tokens are all left in `mine`) that join into a
    token left in `theirs`. Returns [(parts, joined)]."""
    found = []
    for n in range(max_parts, 1, -1):
        for i in range(len(order) - n + 1):
            parts = order[i:i + n]
            need = collections.Counter(parts)
            if any(mine[t] < c for t, c in need.items()):
                continue
            for v in _variants(parts):
                if theirs[v] > 0:
                    mine.subtract(need)
                    theirs[v] -= 1
                    found.append((parts, v))
                    break
    # a word dehyphenated on one side: "BKHCN-VP" vs "BKHCNVP"
    for t in list(mine):
        while mine[t] > 0 and "-" in t:
            hit = next((v for v in (t.replace("-", "", 1), t.replace("-", "")) if theirs[v] > 0), None)
            if not hit:
                break
            mine[t] -= 1
            theirs[hit] -= 1
            found.append(([t], hit))
    return found


def runs(order, unmatched, left, width=4):
    """Place the `left` counts of unexplained tokens on positions of `order`, preferring
    positions the in-order alignment did not match, and group neighbours into runs:
    [(tokens, context)]."""
    left = collections.Counter({t: c for t, c in left.items() if c > 0})
    chosen = set()
    for pool in (unmatched, range(len(order))):
        for i in pool:
            t = order[i]
            if left[t] > 0 and i not in chosen:
                left[t] -= 1
                chosen.add(i)
    chosen = sorted(chosen)
    out, cur = [], []
    for i in chosen:
        if cur and i != cur[-1] + 1:
            out.append(cur)
            cur = []
        cur.append(i)
    if cur:
        out.append(cur)
    return [([order[i] for i in r],
             " ".join(order[max(0, r[0] - width):r[0]] + ["[…]"] + order[r[-1] + 1:r[-1] + 1 + width]))
            for r in out]


def unmatched_positions(seed, pdf):
    """Positions of each side that an in-order alignment leaves unmatched."""
    sm = difflib.SequenceMatcher(None, seed, pdf, autojunk=False)
    a, b = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            a += range(i1, i2)
            b += range(j1, j2)
    return a, b


def main(argv):
    flags = {a for a in argv if a.startswith("--")}
    args = [a for a in argv if not a.startswith("--")]
    known = {"--no-stale-check", "--keep-page-numbers", "--no-rejoin", "--dump", "--help"}
    if "--help" in flags or len(args) != 4 or flags - known:
        for f in sorted(flags - known):
            print(f"roundtrip: unknown option {f}", file=sys.stderr)
        print(__doc__.strip().split("\n\n")[1] if "--help" not in flags else __doc__, file=sys.stderr)
        return 0 if "--help" in flags else 2
    seed_path, pdf_path, diffs_path, key = args

    try:
        with open(seed_path, encoding="utf-8") as f:
            seed = seed_tokens(f.read())
        with open(pdf_path, encoding="utf-8", errors="replace") as f:
            pdf, dropped = pdf_tokens(f.read(), "--keep-page-numbers" in flags)
    except OSError as e:
        print(f"roundtrip: {e}", file=sys.stderr)
        return 2
    if "--dump" in flags:
        print("\n".join(["# seed"] + seed + ["# pdf"] + pdf))
        return 0
    try:
        entries, has_section = read_diffs(diffs_path, key)
    except (OSError, DiffsError) as e:
        print(f"roundtrip: {e}", file=sys.stderr)
        return 2
    if not has_section:
        print(f"roundtrip: warning: no section [{key}] in {diffs_path}; treating it as empty",
              file=sys.stderr)

    s_count, p_count = collections.Counter(seed), collections.Counter(pdf)
    missing = s_count - p_count          # in the seed, not in the PDF
    extra = p_count - s_count            # in the PDF, not in the seed
    n_missing, n_extra = sum(missing.values()), sum(extra.values())

    # Listed deliberate differences.
    stale = []
    listed = {"-": 0, "+": 0}
    for sign, tok, reason, no in entries:
        pool = missing if sign == "-" else extra
        if pool[tok] > 0:
            pool[tok] -= 1
            listed[sign] += 1
        else:
            stale.append((sign, tok, reason, no))
    if "--no-stale-check" in flags:
        stale = []

    # Words broken or merged at line ends.
    joins = []
    if "--no-rejoin" not in flags:
        joins += [("pdf", p, j) for p, j in rejoin(pdf, extra, missing)]     # seed word split in PDF
        joins += [("seed", p, j) for p, j in rejoin(seed, missing, extra)]   # seed words merged in PDF

    n_left_missing, n_left_extra = sum((+missing).values()), sum((+extra).values())
    ok = not (n_left_missing or n_left_extra or stale)
    print(f"roundtrip [{key}]: seed {len(seed)} words, pdf {len(pdf)} words"
          + (f" ({dropped} page numbers dropped)" if dropped else "")
          + f"; raw diff -{n_missing}/+{n_extra}, deliberate -{listed['-']}/+{listed['+']}"
          + (f", {len(joins)} line-break joins" if joins else "")
          + f"; unexplained -{n_left_missing}/+{n_left_extra}, stale {len(stale)}: "
          + ("OK" if ok else "FAIL"))
    for side, parts, joined in joins:
        what = "split in the PDF" if side == "pdf" else "merged in the PDF"
        print(f"  note: {' + '.join(parts)} = {joined} ({what}; a line-break artefact)")
    if n_left_missing or n_left_extra:
        print(f"unexplained differences (add them to [{key}] in {diffs_path} with a reason, or fix them):")
        ua, ub = unmatched_positions(seed, pdf)
        for toks, ctx in runs(seed, ua, missing):
            print(f"- {' '.join(toks)}  # TODO (seed: {ctx})")
        for toks, ctx in runs(pdf, ub, extra):
            print(f"+ {' '.join(toks)}  # TODO (pdf: {ctx})")
    if stale:
        print(f"stale entries in [{key}] (listed as deliberate but no longer a difference; remove them):")
        by_line = collections.OrderedDict()
        for sign, tok, reason, no in stale:
            by_line.setdefault((no, sign, reason), []).append(tok)
        for (no, sign, reason), toks in by_line.items():
            print(f"{diffs_path}:{no}: {sign} {' '.join(toks)}  # {reason}")
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception:                                  # a bug here must not look like a diff (1)
        import traceback
        traceback.print_exc()
        sys.exit(2)
