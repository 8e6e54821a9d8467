#!/usr/bin/python3
"""pdfa_check.py - the PDF/A-2b (or -3b) requirements vanban's output relies on.

No full validator (veraPDF) can be installed here, so this checks, one line
each, the clauses of ISO 19005-2/-3 that a vanban PDF could break: file
header and trailer, XMP and its agreement with the Info dictionary, the
vanban extension schema, the OutputIntent and its ICC profile, embedded
fonts and their widths, annotations and appearances, forbidden actions, and
(part 3) associated files. It is not a general validator: features vanban
never writes (transparency groups, optional content, JPEG2000, ...) are only
checked where a check is cheap.

usage: /usr/bin/python3 tests/e2e/pdfa_check.py [--part 2|3] FILE.pdf
Prints PASS/FAIL lines and "N passed, M failed"; exit 1 on any failure.
Needs python3-pikepdf (Debian); python3-pil adds a colour check of the ICC
profile (reported as SKIP without it).
"""
import argparse
import datetime
import io
import re
import struct
import sys
import xml.etree.ElementTree as ET

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

VANBAN_NS = "https://vanban.invalid/ns/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {
    "rdf": RDF,
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
# Schemas PDF/A accepts without an extension schema (XMP 2004 and ISO 19005).
PREDEFINED = {
    NS["dc"], NS["xmp"], NS["pdf"], NS["pdfaid"],
    "http://ns.adobe.com/xap/1.0/rights/", "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/xap/1.0/DynamicMedia/",
    "http://ns.adobe.com/photoshop/1.0/", "http://ns.adobe.com/camera-raw-settings/1.0/",
    "http://ns.adobe.com/exif/1.0/", "http://ns.adobe.com/exif/1.0/aux/",
    "http://ns.adobe.com/tiff/1.0/",
}
# Namespaces that describe schemas rather than being properties.
STRUCTURAL = {RDF, NS["pdfaExtension"], NS["pdfaSchema"], NS["pdfaProperty"],
              "http://www.aiim.org/pdfa/ns/type#", "http://www.aiim.org/pdfa/ns/field#"}
FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/Sound", "/Movie", "/ResetForm",
                     "/ImportData", "/Hide", "/SetOCGState", "/Rendition",
                     "/Trans", "/GoTo3DView"}
FORBIDDEN_ANNOTS = {"/3D", "/Sound", "/Screen", "/Movie"}


class Report:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}" + (f": {detail}" if detail else ""))

    def skip(self, name, why):
        print(f"SKIP {name}: {why}")


# --------------------------------------------------------------------------
# Walking the object graph


def walk(pdf):
    """Every dictionary and stream reachable from the trailer, once each."""
    seen = set()
    stack = [pdf.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, (Dictionary, Stream, Array)) and obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, (Dictionary, Stream)):
            yield obj
            stack.extend(obj[k] for k in obj.keys())
        elif isinstance(obj, Array):
            stack.extend(obj)


def same(a, b):
    return a.is_indirect and b.is_indirect and a.objgen == b.objgen


# --------------------------------------------------------------------------
# File structure


def check_header(r, raw):
    m = re.match(rb"%PDF-1\.([0-7])\r?\n", raw)
    r.check("header is %PDF-1.n", m is not None, repr(raw[:10]))
    rest = raw[m.end():] if m else b""
    line = rest.split(b"\n", 1)[0]
    binary = line.startswith(b"%") and sum(c >= 128 for c in line[1:5]) == 4
    r.check("binary comment after the header", binary, repr(line[:8]))
    tail = raw[raw.rfind(b"%%EOF") + 5:] if b"%%EOF" in raw else None
    r.check("nothing after the last %%EOF but one end-of-line",
            tail in (b"", b"\n", b"\r", b"\r\n"), repr(tail[:20] if tail else tail))


def check_trailer(r, pdf):
    ids = pdf.trailer.get("/ID")
    ok = (isinstance(ids, Array) and len(ids) == 2 and
          all(isinstance(x, pikepdf.String) for x in ids) and
          len(bytes(ids[0])) == len(bytes(ids[1])) > 0)
    r.check("trailer /ID holds two strings of equal length", ok)
    r.check("no encryption", "/Encrypt" not in pdf.trailer and not pdf.is_encrypted)


# --------------------------------------------------------------------------
# Metadata


def pdf_date(s):
    """D:YYYYMMDDHHmmSSOHH'mm' -> aware datetime (None if unparsable)."""
    m = re.match(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?([Z+-])?(\d\d)?'?(\d\d)?'?$", s)
    if not m:
        return None
    y, mo, d, h, mi, sec = (int(g) if g else dflt for g, dflt in
                            zip(m.groups()[:6], (0, 1, 1, 0, 0, 0)))
    off = datetime.timedelta(hours=int(m.group(8) or 0), minutes=int(m.group(9) or 0))
    if m.group(7) == "-":
        off = -off
    return datetime.datetime(y, mo, d, h, mi, sec, tzinfo=datetime.timezone(off))


def xmp_date(s):
    try:
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None


def xmp_properties(root):
    """{(namespace, name): element or attribute text} over every
    rdf:Description, so both the element and the attribute forms count."""
    props = {}
    for desc in root.iter(f"{{{RDF}}}Description"):
        if desc.get(f"{{{RDF}}}about") is None:
            continue  # a nested resource, not a top-level description
        for k, v in desc.attrib.items():
            if k.startswith("{") and not k.startswith(f"{{{RDF}}}"):
                ns, name = k[1:].split("}")
                props[(ns, name)] = v
        for child in desc:
            ns, name = child.tag[1:].split("}")
            props[(ns, name)] = child
    return props


def text_of(v):
    return v if isinstance(v, str) else (v.text or "")


def alt_default(v):
    if isinstance(v, str):
        return v
    for li in v.iter(f"{{{RDF}}}li"):
        if li.get(XML_LANG) == "x-default":
            return li.text or ""
    return None


def seq_items(v):
    if isinstance(v, str):
        return [v]
    return [li.text or "" for li in v.iter(f"{{{RDF}}}li")]


def check_metadata(r, pdf, part):
    md = pdf.Root.get("/Metadata")
    ok = (isinstance(md, Stream) and md.get("/Type") == Name.Metadata and
          md.get("/Subtype") == Name.XML)
    r.check("catalog /Metadata is a /Type /Metadata /Subtype /XML stream", ok)
    if not isinstance(md, Stream):
        return None, {}
    r.check("metadata stream is not filtered", "/Filter" not in md)
    data = md.read_bytes()
    head = re.match(rb"\s*<\?xpacket ([^?]*)\?>", data)
    r.check("xpacket header without bytes/encoding attributes",
            head is not None and b"bytes=" not in head.group(1) and
            b"encoding=" not in head.group(1))
    r.check("xpacket trailer present", re.search(rb"<\?xpacket end=['\"][rw]['\"]\?>\s*$", data) is not None)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        r.check("XMP is well-formed XML", False, str(e))
        return None, {}
    r.check("XMP is well-formed XML", True)
    props = xmp_properties(root)
    got_part = text_of(props.get((NS["pdfaid"], "part"), ""))
    got_conf = text_of(props.get((NS["pdfaid"], "conformance"), ""))
    r.check(f"pdfaid:part is {part}", got_part == str(part), f"found '{got_part}'")
    r.check("pdfaid:conformance is B", got_conf == "B", f"found '{got_conf}'")
    return data, props


def check_info_vs_xmp(r, pdf, props):
    """ISO 19005-2 6.6.3: every Info entry has an equal XMP counterpart."""
    info = pdf.trailer.get("/Info")
    info = info if isinstance(info, Dictionary) else Dictionary()
    pairs = [
        ("/Title", (NS["dc"], "title"), alt_default),
        ("/Author", (NS["dc"], "creator"), seq_items),
        ("/Subject", (NS["dc"], "description"), alt_default),
        ("/Keywords", (NS["pdf"], "Keywords"), text_of),
        ("/Producer", (NS["pdf"], "Producer"), text_of),
        ("/Creator", (NS["xmp"], "CreatorTool"), text_of),
        ("/CreationDate", (NS["xmp"], "CreateDate"), text_of),
        ("/ModDate", (NS["xmp"], "ModifyDate"), text_of),
    ]
    for key, prop, get in pairs:
        label = f"Info {key} equals XMP {prop[1]}"
        if key not in info:
            r.check(label + " (absent from Info)", prop not in props or key == "/Title",
                    "XMP has it, Info does not")
            continue
        want = str(info[key])
        if prop not in props:
            r.check(label, False, "missing from XMP")
            continue
        got = get(props[prop])
        if key == "/Author":
            ok = got == [want]
        elif key.endswith("Date"):
            a, b = pdf_date(want), xmp_date(got)
            ok = a is not None and a == b
        else:
            ok = got == want
        r.check(label, ok, f"Info {want!r} vs XMP {got!r}")


def extension_schemas(root):
    """{namespaceURI: (prefix, {property name: (valueType, category)})}."""
    out = {}
    for li in root.iter(f"{{{RDF}}}li"):
        uri = li.find("pdfaSchema:namespaceURI", NS)
        if uri is None:
            continue
        prefix = li.find("pdfaSchema:prefix", NS)
        desc = li.find("pdfaSchema:schema", NS)
        if desc is None or not (desc.text or "").strip():
            continue  # pdfaSchema:schema is required
        names = {}
        for p in li.iterfind("pdfaSchema:property/rdf:Seq/rdf:li", NS):
            n = p.find("pdfaProperty:name", NS)
            t = p.find("pdfaProperty:valueType", NS)
            c = p.find("pdfaProperty:category", NS)
            d = p.find("pdfaProperty:description", NS)
            if None in (n, t, c, d):
                continue
            names[n.text] = (t.text, c.text)
        out[uri.text] = (prefix.text if prefix is not None else None, names)
    return out


def check_extension(r, data, props):
    root = ET.fromstring(data)
    schemas = extension_schemas(root)
    bound = dict((u.decode(), p.decode()) for p, u in
                 re.findall(rb'xmlns:([\w.-]+)="([^"]*)"', data))
    custom = sorted((ns, n) for ns, n in props if ns not in PREDEFINED and ns not in STRUCTURAL)
    r.check("XMP carries the vanban namespace", any(ns == VANBAN_NS for ns, _ in custom))
    for ns, name in custom:
        prefix, names = schemas.get(ns, (None, {}))
        entry = names.get(name)
        ok = (entry is not None and prefix == bound.get(ns) and
              entry[1] in ("internal", "external") and bool(entry[0]))
        r.check(f"extension schema describes {bound.get(ns, ns)}:{name}", ok,
                "no pdfaExtension entry with namespaceURI, prefix, name, "
                "valueType, category and description")
        if ok and entry[0] == "Date":
            v = text_of(props[(ns, name)])
            r.check(f"{bound.get(ns)}:{name} is an XMP Date",
                    re.fullmatch(r"\d{4}(-\d\d(-\d\d(T.*)?)?)?", v) is not None, v)


# --------------------------------------------------------------------------
# Colour


def icc_header_ok(data):
    if len(data) < 132:
        return False, "shorter than a header"
    size = struct.unpack(">I", data[:4])[0]
    if size != len(data):
        return False, f"size field {size} != stream length {len(data)}"
    if data[36:40] != b"acsp":
        return False, "no 'acsp' signature"
    if data[16:20] != b"RGB ":
        return False, f"colour space {data[16:20]!r}"
    if data[12:16] not in (b"mntr", b"prtr"):
        return False, f"device class {data[12:16]!r}"
    if data[8] not in (2, 4):
        return False, f"version {data[8]}"
    n = struct.unpack(">I", data[128:132])[0]
    if 132 + 12 * n > len(data):
        return False, "tag table beyond the end"
    for i in range(n):
        sig, off, ln = struct.unpack(">4sII", data[132 + 12 * i:144 + 12 * i])
        if off + ln > len(data):
            return False, f"tag {sig!r} beyond the end"
    return True, ""


def check_output_intent(r, pdf):
    intents = pdf.Root.get("/OutputIntents")
    gts = [oi for oi in (intents or []) if oi.get("/S") == Name.GTS_PDFA1]
    r.check("OutputIntents has a /GTS_PDFA1 intent", len(gts) >= 1)
    profiles = [oi.get("/DestOutputProfile") for oi in gts if "/DestOutputProfile" in oi]
    r.check("one DestOutputProfile for all PDF/A intents",
            len(profiles) >= 1 and all(same(p, profiles[0]) for p in profiles))
    if not profiles or not isinstance(profiles[0], Stream):
        return
    prof = profiles[0]
    r.check("ICC profile stream has /N 3", prof.get("/N") == 3)
    data = prof.read_bytes()
    ok, why = icc_header_ok(data)
    r.check("ICC profile header (size, 'acsp', class, 'RGB ', tag table)", ok, why)
    try:
        from PIL import Image, ImageCms
    except ImportError:
        r.skip("ICC profile maps sRGB primaries to themselves", "python3-pil not installed")
        return
    try:
        prof_cms = ImageCms.ImageCmsProfile(io.BytesIO(data))
        t = ImageCms.buildTransform(prof_cms, ImageCms.createProfile("sRGB"), "RGB", "RGB")
        colours = [(0, 0, 0), (255, 255, 255), (255, 0, 0), (0, 255, 0),
                   (0, 0, 255), (128, 64, 200)]
        im = Image.new("RGB", (len(colours), 1))
        for i, c in enumerate(colours):
            im.putpixel((i, 0), c)
        out = ImageCms.applyTransform(im, t)
        worst = max(abs(a - b) for i, c in enumerate(colours)
                    for a, b in zip(out.getpixel((i, 0)), c))
        r.check("ICC profile maps sRGB primaries to themselves (lcms)", worst <= 1,
                f"off by {worst}")
    except (OSError, ImageCms.PyCMSError) as e:
        r.check("ICC profile maps sRGB primaries to themselves (lcms)", False, str(e))


# --------------------------------------------------------------------------
# Fonts


def resources_of(pdf):
    """Every /Resources dictionary: pages, forms, appearance streams."""
    for obj in walk(pdf):
        res = obj.get("/Resources")
        if isinstance(res, Dictionary):
            yield res


def all_fonts(pdf):
    fonts, seen = [], set()
    for res in resources_of(pdf):
        fd = res.get("/Font")
        if not isinstance(fd, Dictionary):
            continue
        for k in fd.keys():
            f = fd[k]
            key = f.objgen if f.is_indirect else id(f)
            if key not in seen:
                seen.add(key)
                fonts.append(f)
    return fonts


def truetype_advances(data):
    """unitsPerEm and the advance widths of a TrueType program."""
    n = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, ln)
    upem = struct.unpack(">H", data[tables[b"head"][0] + 18:][:2])[0]
    nh = struct.unpack(">H", data[tables[b"hhea"][0] + 34:][:2])[0]
    nglyphs = struct.unpack(">H", data[tables[b"maxp"][0] + 4:][:2])[0]
    hm = tables[b"hmtx"][0]
    adv = [struct.unpack(">H", data[hm + 4 * i:hm + 4 * i + 2])[0] for i in range(nh)]
    adv += [adv[-1]] * (nglyphs - nh)
    return upem, adv


def w_entries(w):
    """(cid, width) pairs of a CIDFont /W array."""
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], Array):
            for k, width in enumerate(w[i + 1]):
                yield first + k, float(width)
            i += 2
        else:
            for cid in range(first, int(w[i + 1]) + 1):
                yield cid, float(w[i + 2])
            i += 3


def font_problems(f):
    """What keeps one font from PDF/A: list of strings (empty = fine)."""
    sub = f.get("/Subtype")
    name = str(f.get("/BaseFont", "?"))
    if sub == Name.Type3:
        return [f"{name}: Type3 font"]
    problems = []
    if "/ToUnicode" not in f:
        problems.append(f"{name}: no ToUnicode")
    desc = f
    if sub == Name.Type0:
        desc = f.DescendantFonts[0]
        if desc.get("/Subtype") == Name.CIDFontType2 and "/CIDToGIDMap" not in desc:
            problems.append(f"{name}: CIDFontType2 without CIDToGIDMap")
    fd = desc.get("/FontDescriptor")
    files = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if fd is not None and k in fd]
    if not files:
        problems.append(f"{name}: not embedded")
        return problems
    if sub == Name.Type0 and "/FontFile2" in fd and desc.get("/CIDToGIDMap") == Name.Identity:
        upem, adv = truetype_advances(fd.FontFile2.read_bytes())
        for cid, width in w_entries(desc.get("/W", Array())):
            if cid >= len(adv):
                problems.append(f"{name}: /W names CID {cid} beyond the font")
                break
            if abs(width - adv[cid] * 1000.0 / upem) > 1:
                problems.append(f"{name}: CID {cid} width {width} vs font {adv[cid] * 1000.0 / upem:.1f}")
                break
    return problems


def check_fonts(r, pdf):
    fonts = all_fonts(pdf)
    problems = [p for f in fonts for p in font_problems(f)]
    r.check(f"every font embedded, with ToUnicode, /W matching the program ({len(fonts)} fonts)",
            fonts and not problems, "; ".join(problems) or "no fonts")


# --------------------------------------------------------------------------
# Annotations, forms, actions


def check_annotations(r, pdf):
    bad_flags, bad_ap, bad_type, n = [], [], [], 0
    for i, page in enumerate(pdf.pages):
        for a in page.obj.get("/Annots", Array()):
            n += 1
            sub = a.get("/Subtype")
            label = f"page {i + 1} {sub} {a.get('/T', '')}"
            if sub in FORBIDDEN_ANNOTS:
                bad_type.append(label)
            f = int(a.get("/F", 0))
            # Print must be set; Invisible, Hidden, NoView, ToggleNoView clear.
            if sub != Name.Popup and (not f & 4 or f & (1 | 2 | 32 | 256)):
                bad_flags.append(f"{label} /F {f}")
            if sub in (Name.Popup, Name.Link):
                continue
            ap = a.get("/AP")
            if not isinstance(ap, Dictionary) or set(ap.keys()) != {"/N"}:
                bad_ap.append(f"{label}: /AP must hold exactly /N")
            elif sub == Name.Widget and a.get("/FT") != Name.Btn and not isinstance(ap.N, Stream):
                bad_ap.append(f"{label}: /AP /N is not a stream")
    r.check(f"annotations print and are not hidden ({n})", not bad_flags, "; ".join(bad_flags))
    r.check("annotations have an appearance with only /N", not bad_ap, "; ".join(bad_ap))
    r.check("no forbidden annotation types", not bad_type, "; ".join(bad_type))


def check_forms_and_actions(r, pdf):
    no_bbox, actions, aa, ps, interp, external = [], [], [], [], [], []
    for obj in walk(pdf):
        label = str(obj.objgen) if obj.is_indirect else "direct object"
        if obj.get("/Subtype") == Name.Form:
            if "/BBox" not in obj:
                no_bbox.append(label)
            if "/PS" in obj or obj.get("/Subtype2") == Name.PS or "/OPI" in obj:
                ps.append(label)
        if obj.get("/S") is not None and str(obj.get("/S")) in FORBIDDEN_ACTIONS:
            actions.append(f"{label} {obj.get('/S')}")
        if "/AA" in obj:
            aa.append(label)
        if obj.get("/Interpolate") is True:
            interp.append(label)
        if isinstance(obj, Stream) and any(k in obj for k in ("/F", "/FFilter", "/FDecodeParms")):
            external.append(label)
    names = pdf.Root.get("/Names")
    if isinstance(names, Dictionary) and "/JavaScript" in names:
        actions.append("catalog /Names /JavaScript")
    r.check("every form XObject has a /BBox", not no_bbox, ", ".join(no_bbox))
    r.check("no PostScript or OPI in forms", not ps, ", ".join(ps))
    r.check("no JavaScript, Launch or other forbidden actions", not actions, ", ".join(actions))
    r.check("no additional actions (/AA)", not aa, ", ".join(aa))
    r.check("no image /Interpolate true", not interp, ", ".join(interp))
    r.check("no external streams (/F, /FFilter)", not external, ", ".join(external))
    acro = pdf.Root.get("/AcroForm")
    if isinstance(acro, Dictionary):
        r.check("AcroForm without /NeedAppearances true and without XFA",
                acro.get("/NeedAppearances") is not True and "/XFA" not in acro)


# --------------------------------------------------------------------------
# Embedded files, language


def embedded_specs(pdf):
    """Every file specification with an embedded file (/EF)."""
    return [o for o in walk(pdf) if isinstance(o, Dictionary) and "/EF" in o]


def check_embedded(r, pdf, part):
    specs = embedded_specs(pdf)
    if part == 2:
        r.check("no embedded files (PDF/A-2 allows only PDF/A files inside)", not specs,
                f"{len(specs)} found")
        return
    af = pdf.Root.get("/AF", Array())
    r.check("at least one embedded file", len(specs) >= 1)
    for spec in specs:
        name = str(spec.get("/UF", spec.get("/F", "?")))
        ef = spec.EF
        stream = ef.get("/F", ef.get("/UF"))
        r.check(f"'{name}': file specification has /F and /UF", "/F" in spec and "/UF" in spec)
        r.check(f"'{name}': /AFRelationship present", "/AFRelationship" in spec)
        r.check(f"'{name}': embedded file has a MIME /Subtype",
                isinstance(stream, Stream) and "/Subtype" in stream)
        r.check(f"'{name}': listed in the catalog /AF",
                any(same(x, spec) for x in af))
        params = stream.get("/Params") if isinstance(stream, Stream) else None
        if isinstance(params, Dictionary) and "/Size" in params:
            r.check(f"'{name}': /Params /Size matches the data",
                    int(params.Size) == len(stream.read_bytes()))


def check_lang(r, pdf):
    lang = pdf.Root.get("/Lang")
    r.check("catalog /Lang is set", lang is not None and str(lang) != "", str(lang))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", type=int, choices=(2, 3), default=2)
    ap.add_argument("pdf")
    args = ap.parse_args()
    with open(args.pdf, "rb") as fh:
        raw = fh.read()
    r = Report()
    pdf = pikepdf.open(args.pdf)
    check_header(r, raw)
    check_trailer(r, pdf)
    data, props = check_metadata(r, pdf, args.part)
    if data is not None:
        check_info_vs_xmp(r, pdf, props)
        check_extension(r, data, props)
    check_output_intent(r, pdf)
    check_fonts(r, pdf)
    check_annotations(r, pdf)
    check_forms_and_actions(r, pdf)
    check_embedded(r, pdf, args.part)
    check_lang(r, pdf)
    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
