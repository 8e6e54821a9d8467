#!/usr/bin/python3
"""Header and page geometry read back from a rendered PDF, against the page
design in layouts/nd30.yaml (±0.5 pt), and the design against the decree's
ranges (docs/design.md, ND30 Phụ lục I).

usage: geometry.py LAYOUT.yaml FILE.pdf
Prints one PASS/FAIL line per check and "N passed, M failed"; exit 1 on any
failure. Positions come from `pdftotext -bbox-layout`, whose word boxes run
from baseline - ascent·size to baseline + descent·size with the ascent and
descent of the embedded font's descriptor (Liberation Serif: 0.891, 0.216).
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import yaml

MM = 72 / 25.4
TOL = 0.5
ASC, DESC = 0.891, 0.216
QH, TN = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
NS = "{http://www.w3.org/1999/xhtml}"

results = []


def check(name, ok, detail):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")


def near(a, b, tol=TOL):
    return abs(a - b) <= tol


def pages(pdf):
    out = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", pdf, "-"],
                         capture_output=True, check=True).stdout
    root = ET.fromstring(out)
    res = []
    for pg in root.iter(NS + "page"):
        words = [(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                 for w in pg.iter(NS + "word")]
        res.append((float(pg.get("width")), float(pg.get("height")), words))
    return res


def lines(words, split_x=None):
    """Words grouped by baseline (yMax); with split_x, words left and right of
    it are separate lines (the header's two columns)."""
    rows = {}
    for w in words:
        side = 0 if split_x is None else int((w[1] + w[3]) / 2 > split_x)
        rows.setdefault((round(w[4], 1), side), []).append(w)
    out = []
    for key in sorted(rows):
        l = sorted(rows[key], key=lambda w: w[1])
        size = (l[0][4] - l[0][2]) / (ASC + DESC)
        out.append({"text": " ".join(w[0] for w in l), "x0": l[0][1], "x1": l[-1][3],
                    "size": size, "base": l[0][4] - DESC * size})
    return out


def find(ls, pred):
    return next((l for l in ls if pred(l["text"])), None)


def ranges(L):
    """The design values the decree constrains (ND30 Phụ lục I; docs/design.md)."""
    p, h, t, b, c, n = L["page"], L["header"], L["title"], L["body"], L["closing"], L["page_number"]
    spec = [("margin top", p["margin_top_mm"], 20, 25), ("margin bottom", p["margin_bottom_mm"], 20, 25),
            ("margin left", p["margin_left_mm"], 30, 35), ("margin right", p["margin_right_mm"], 15, 20),
            ("agency size", h["agency_size"], 12, 13), ("parent size", h["parent_size"], 12, 13),
            ("Quốc hiệu size", h["motto_size"], 12, 13), ("Tiêu ngữ size", h["slogan_size"], 13, 14),
            ("Số size", h["number_size"], 13, 13), ("date size", h["date_size"], 13, 14),
            ("agency rule", h["agency_rule_frac"], 1 / 3 - 0.001, 0.5),
            ("KẾ HOẠCH size", t["type_size"], 13, 14), ("trích yếu size", t["title_size"], 13, 14),
            ("title rule", t["rule_frac"], 1 / 3 - 0.001, 0.5), ("body size", b["size"], 13, 14),
            ("first-line indent", b["indent_mm"], 10, 12.7), ("paragraph space", b["para_space"], 6, 99),
            ("line spacing", b["leading"] / b["size"], 1.0, 1.5 * 1.15),
            ("Nơi nhận size", c["label_size"], 12, 12), ("recipient size", c["recipient_size"], 11, 11),
            ("signer size", c["signer_size"], 13, 14), ("page-number size", n["size"], 13, 14)]
    for name, v, lo, hi in spec:
        check(f"range.{name}", lo <= v <= hi, f"{v:g} in {lo:g}-{hi:g}")


def main(layout, pdf):
    L = yaml.safe_load(open(layout, encoding="utf-8"))
    ranges(L)
    P, H = L["page"], L["header"]
    left = P["margin_left_mm"] * MM
    W = (P["width_mm"] - P["margin_left_mm"] - P["margin_right_mm"]) * MM
    LW = H["left_frac"] * W
    lcx, rcx, bcx = left + LW / 2, left + LW + (W - LW) / 2, left + W / 2
    top = P["margin_top_mm"] * MM
    pg = pages(pdf)
    w, h, words = pg[0]
    check("page.size", near(w, P["width_mm"] * MM, 0.05) and near(h, P["height_mm"] * MM, 0.05), f"{w}x{h}")
    ls = lines(words, left + LW)
    qh, tn = find(ls, lambda t: t == QH), find(ls, lambda t: t == TN)
    so = find(ls, lambda t: t.startswith("Số:"))
    date = find(ls, lambda t: re.search(r", ngày .*năm", t) is not None)
    kh = find(ls, lambda t: t == "KẾ HOẠCH")
    for name, l, cx in (("quochieu", qh, rcx), ("tieungu", tn, rcx), ("date", date, rcx),
                        ("number", so, lcx), ("type", kh, bcx)):
        if not l:
            check(f"header.{name}", False, "not found")
            continue
        c = (l["x0"] + l["x1"]) / 2
        check(f"header.{name}.centre", near(c, cx), f"centre {c:.2f}, layout puts it at {cx:.2f}")
    if qh:
        size = H["motto_size"]
        want = top + size * H["leading"] - DESC * size
        check("header.quochieu.baseline", near(qh["base"], want),
              f"{qh['base']:.2f} from the top, layout: {want:.2f}")
        check("header.quochieu.size", near(qh["size"], size, 0.05), f"{qh['size']:.2f} pt")
    if tn and qh:
        want = qh["base"] + H["slogan_size"] * H["leading"]
        check("header.tieungu.baseline", near(tn["base"], want), f"{tn['base']:.2f}, layout: {want:.2f}")
    if so and date:
        check("header.baseline", near(so["base"], date["base"]),
              f"Số {so['base']:.2f}, date {date['base']:.2f}")
        check("header.number.size", near(so["size"], H["number_size"], 0.05), f"{so['size']:.2f} pt")
        check("header.date.size", near(date["size"], H["date_size"], 0.05), f"{date['size']:.2f} pt")
    agency = [l for l in ls if qh and l["base"] < (so["base"] if so else 1e9) and (l["x0"] + l["x1"]) / 2 < left + LW]
    for l in agency:
        c = (l["x0"] + l["x1"]) / 2
        check(f"header.agency.centre '{l['text']}'", near(c, lcx), f"centre {c:.2f}, layout {lcx:.2f}")
    # Body: what follows the title block, whose end is the first baseline
    # step well beyond the title's own line spacing.
    B, T = L["body"], L["title"]
    after = [l for l in lines(words) if kh and l["base"] > kh["base"]]
    start = next((i for i, (a, b) in enumerate(zip(after, after[1:]), 1)
                  if b["base"] - a["base"] > T["title_size"] * T["leading"] + 6), len(after))
    body = [l for l in after[start:] if near(l["size"], B["size"], 0.05)]
    if body:
        check("body.indent", near(body[0]["x0"], left + B["indent_mm"] * MM),
              f"first body line at {body[0]['x0']:.2f}, layout {left + B['indent_mm'] * MM:.2f}")
        flush = [l for l in body if l["x0"] < left + 5]
        check("body.left", all(near(l["x0"], left) for l in flush), f"{len(flush)} flush lines at {left:.2f}")
        steps = sorted({round(b["base"] - a["base"], 2) for a, b in zip(body, body[1:])
                        if 0 < b["base"] - a["base"] < B["leading"] + 1})
        check("body.leading", bool(steps) and near(steps[0], B["leading"], 0.05),
              f"baseline steps {steps[:3]}, layout {B['leading']}")
    # Page numbers: pages 2.. of the plan, centred in the top margin.
    N = L["page_number"]
    for i, (pw, ph, ws) in enumerate(pg[1:], 2):
        nums = [l for l in lines(ws) if re.fullmatch(r"\d+", l["text"]) and l["base"] < top]
        if not nums:
            continue
        n = nums[0]
        c = (n["x0"] + n["x1"]) / 2
        pleft = left if pw < ph else L["landscape"]["margin_left_mm"] * MM
        pright = pw - (P["margin_right_mm"] if pw < ph else L["landscape"]["margin_right_mm"]) * MM
        check(f"page{i}.number", near(c, (pleft + pright) / 2) and near(n["base"], N["baseline_mm"] * MM),
              f"'{n['text']}' centre {c:.2f} baseline {n['base']:.2f}, layout "
              f"{(pleft + pright) / 2:.2f} / {N['baseline_mm'] * MM:.2f}")
    fails = results.count(False)
    print(f"{len(results) - fails} passed, {fails} failed")
    return 1 if fails else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
