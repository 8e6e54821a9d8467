/* pdfa.c - XMP packet, sRGB ICC profile and metadata text for PDF/A.
 *
 * Why these are built here rather than with libharu: its PDF/A functions
 * write PDF/A-1 only, do not XML-escape ("KH&CN" breaks the packet), take
 * the /ID from the clock and have no extension schema (see
 * shared/spec/libharu-notes.md). Building the bytes ourselves keeps them
 * deterministic and testable without a PDF around them. */
#include "pdfa.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

/* ------------------------------------------------------------------------ */
/* Text */

/* The code point that goes into metadata for one decoded from the input
 * (-1 = invalid UTF-8). XML 1.0 has no way to write C0 controls other than
 * tab/LF/CR, and parsers turn CR into LF, so all controls become spaces:
 * the Info dictionary then shows exactly what an XMP reader sees. */
static uint32_t meta_cp(int32_t cp)
{
    if (cp < 0)
        return 0xFFFD;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFE ||
        cp == 0xFFFF)
        return ' ';
    return (uint32_t)cp;
}

char *vb_pdfa_text(vb_arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s), i = 0, units = 0;
    vb_buf b;
    vb_buf_init(&b);
    vb_buf_reserve(&b, len + 1);
    while (i < len) {
        uint32_t cp = meta_cp(vb_utf8_next(s, len, &i));
        units += cp > 0xFFFF ? 2 : 1;
        if (units > VB_PDFA_TEXT_MAX)
            break;
        char u[4];
        vb_buf_put(&b, u, vb_utf8_encode(cp, u));
    }
    char *r = vb_strndup(a, b.data ? b.data : "", b.len);
    vb_buf_free(&b);
    return r;
}

vb_meta vb_pdfa_meta(vb_arena *a, const vb_meta *m)
{
    vb_meta r = *m;
    const char **fields[] = {
        &r.title,      &r.author,     &r.subject,    &r.keywords,
        &r.creator,    &r.producer,   &r.lang,       &r.doc_number,
        &r.doc_symbol, &r.doc_date,   &r.doc_type,   &r.doc_title,
        &r.doc_agency, &r.version,    &r.layout_hash, &r.source_name,
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        *fields[i] = vb_pdfa_text(a, *fields[i]);
    return r;
}

void vb_xml_escape(vb_buf *b, const char *s)
{
    if (!s)
        return;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        /* Printable ASCII other than the five specials goes through in
         * runs; everything else is decoded and checked one by one, and a
         * character that stays as it is keeps its own bytes. */
        size_t j = i;
        while (j < len) {
            unsigned char ch = (unsigned char)s[j];
            if (ch < 0x20 || ch >= 0x7F || ch == '&' || ch == '<' ||
                ch == '>' || ch == '"' || ch == '\'')
                break;
            j++;
        }
        if (j > i) {
            vb_buf_put(b, s + i, j - i);
            i = j;
            continue;
        }
        size_t at = i;
        int32_t raw = vb_utf8_next(s, len, &i);
        uint32_t cp = meta_cp(raw);
        if (raw >= 0x80 && cp == (uint32_t)raw) {
            vb_buf_put(b, s + at, i - at);
            continue;
        }
        switch (cp) {
        case '&': vb_buf_puts(b, "&amp;"); break;
        case '<': vb_buf_puts(b, "&lt;"); break;
        case '>': vb_buf_puts(b, "&gt;"); break;
        case '"': vb_buf_puts(b, "&quot;"); break;
        case '\'': vb_buf_puts(b, "&apos;"); break;
        default: {
            char u[4];
            vb_buf_put(b, u, vb_utf8_encode(cp, u));
        }
        }
    }
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void vb_xmp_date(char out[32], int year, int month, int day)
{
    /* Same rule as the Info dates in pdf.c: a plan has a day, not a time,
     * so midnight in Vietnam (UTC+7). */
    snprintf(out, 32, "%04d-%02d-%02dT00:00:00+07:00", clamp(year, 0, 9999),
             clamp(month, 1, 12), clamp(day, 1, 31));
}

/* ------------------------------------------------------------------------ */
/* XMP */

/* The vanban schema: one row per property, the value taken from the
 * vb_meta field at offset. The same table writes the values and their
 * PDF/A extension-schema description, so the two cannot drift apart. */
typedef struct xmp_prop {
    const char *name, *type;
    /* PDF/A's category: "external" for what the plan's author wrote,
     * "internal" for what the program computes. */
    const char *category;
    size_t offset;
    const char *description;
} xmp_prop;

static const xmp_prop VANBAN_PROPS[] = {
    { "number", "Text", "external", offsetof(vb_meta, doc_number),
      "Số: the document number as printed, with its leading zero (04); "
      "absent before the document is registered" },
    { "symbol", "Text", "external", offsetof(vb_meta, doc_symbol),
      "Ký hiệu: the document symbol, e.g. KH-KHCN" },
    { "date", "Date", "external", offsetof(vb_meta, doc_date),
      "Ngày ban hành: the date of issue as far as the plan gives it "
      "(YYYY, YYYY-MM or YYYY-MM-DD)" },
    { "type", "Text", "external", offsetof(vb_meta, doc_type),
      "Loại văn bản: the document type as printed, e.g. KẾ HOẠCH" },
    { "title", "Text", "external", offsetof(vb_meta, doc_title),
      "Trích yếu: the summary of contents, on one line" },
    { "agency", "Text", "external", offsetof(vb_meta, doc_agency),
      "Cơ quan ban hành: the issuing agency" },
    { "version", "Text", "internal", offsetof(vb_meta, version),
      "Version of the vanban program that made the file" },
    { "layoutHash", "Text", "internal", offsetof(vb_meta, layout_hash),
      "Hex digest of the page design (layout values) the document was "
      "set with" },
};

static const char *prop_value(const vb_meta *m, const xmp_prop *p)
{
    return *(const char *const *)((const char *)m + p->offset);
}

/* <prop> and </prop>\n, without printf: the packet is ~60 tags. */
static void open_tag(vb_buf *b, const char *prop)
{
    vb_buf_put(b, "<", 1);
    vb_buf_puts(b, prop);
    vb_buf_put(b, ">", 1);
}

static void close_tag(vb_buf *b, const char *prop)
{
    vb_buf_put(b, "</", 2);
    vb_buf_puts(b, prop);
    vb_buf_put(b, ">\n", 2);
}

/* <prop>value</prop>; nothing when value is NULL. The packet has no
 * indentation: a line per element keeps it readable, and the spaces were a
 * tenth of its size. */
static void xmp_simple(vb_buf *b, const char *prop, const char *value)
{
    if (!value)
        return;
    open_tag(b, prop);
    vb_xml_escape(b, value);
    close_tag(b, prop);
}

/* A language alternative: x-default is what PDF/A compares with the Info
 * entry; the same text is repeated under the document's own language. */
static void xmp_alt(vb_buf *b, const char *prop, const char *value,
                    const char *lang)
{
    if (!value)
        return;
    open_tag(b, prop);
    vb_buf_puts(b, "\n<rdf:Alt>\n<rdf:li xml:lang=\"x-default\">");
    vb_xml_escape(b, value);
    vb_buf_puts(b, "</rdf:li>\n");
    if (lang && *lang) {
        vb_buf_puts(b, "<rdf:li xml:lang=\"");
        vb_xml_escape(b, lang);
        vb_buf_puts(b, "\">");
        vb_xml_escape(b, value);
        vb_buf_puts(b, "</rdf:li>\n");
    }
    vb_buf_puts(b, "</rdf:Alt>\n");
    close_tag(b, prop);
}

/* An ordered or unordered array of one item (dc:creator, dc:language). */
static void xmp_list1(vb_buf *b, const char *prop, const char *kind,
                      const char *value)
{
    if (!value)
        return;
    open_tag(b, prop);
    vb_buf_puts(b, "\n<rdf:");
    vb_buf_puts(b, kind);
    vb_buf_puts(b, ">\n<rdf:li>");
    vb_xml_escape(b, value);
    vb_buf_puts(b, "</rdf:li>\n</rdf:");
    vb_buf_puts(b, kind);
    vb_buf_puts(b, ">\n");
    close_tag(b, prop);
}

static void xmp_dc(vb_buf *b, const vb_meta *m)
{
    vb_buf_puts(b, "<rdf:Description rdf:about=\"\"\n"
                   "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                   "<dc:format>application/pdf</dc:format>\n");
    xmp_alt(b, "dc:title", m->title, m->lang);
    xmp_list1(b, "dc:creator", "Seq", m->author);
    xmp_alt(b, "dc:description", m->subject, m->lang);
    xmp_list1(b, "dc:language", "Bag", m->lang && *m->lang ? m->lang : NULL);
    vb_buf_puts(b, "</rdf:Description>\n");
}

/* pdf: and xmp: mirror the Info dictionary entry for entry. */
static void xmp_pdf_xmp(vb_buf *b, const vb_meta *m)
{
    vb_buf_puts(b, "<rdf:Description rdf:about=\"\"\n"
                   "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                   "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    xmp_simple(b, "pdf:Keywords", m->keywords);
    xmp_simple(b, "pdf:Producer", m->producer);
    xmp_simple(b, "xmp:CreatorTool", m->creator);
    if (m->year > 0) {
        char date[32];
        vb_xmp_date(date, m->year, m->month, m->day);
        xmp_simple(b, "xmp:CreateDate", date);
        xmp_simple(b, "xmp:ModifyDate", date);
        xmp_simple(b, "xmp:MetadataDate", date);
    }
    vb_buf_puts(b, "</rdf:Description>\n");
}

static void xmp_pdfaid(vb_buf *b, int part)
{
    char num[16];
    snprintf(num, sizeof num, "%d", part);
    vb_buf_puts(b, "<rdf:Description rdf:about=\"\"\n"
                   "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                   "<pdfaid:part>");
    vb_buf_puts(b, num);
    vb_buf_puts(b, "</pdfaid:part>\n"
                   "<pdfaid:conformance>B</pdfaid:conformance>\n"
                   "</rdf:Description>\n");
}

static void xmp_vanban(vb_buf *b, const vb_meta *m)
{
    vb_buf_puts(b, "<rdf:Description rdf:about=\"\"\n"
                   "xmlns:" VB_XMP_PREFIX "=\"" VB_XMP_NS "\">\n");
    for (size_t i = 0; i < sizeof VANBAN_PROPS / sizeof *VANBAN_PROPS; i++) {
        const char *value = prop_value(m, &VANBAN_PROPS[i]);
        if (!value)
            continue;
        vb_buf_puts(b, "<" VB_XMP_PREFIX ":");
        vb_buf_puts(b, VANBAN_PROPS[i].name);
        vb_buf_put(b, ">", 1);
        vb_xml_escape(b, value);
        vb_buf_puts(b, "</" VB_XMP_PREFIX ":");
        vb_buf_puts(b, VANBAN_PROPS[i].name);
        vb_buf_put(b, ">\n", 2);
    }
    vb_buf_puts(b, "</rdf:Description>\n");
}

/* The PDF/A extension schema (ISO 19005-2, 6.6.2.3.2) that makes the
 * vanban properties legal: every property is listed whether used or not,
 * so the description is the same for every document. */
static void xmp_extension(vb_buf *b)
{
    vb_buf_puts(b,
        "<rdf:Description rdf:about=\"\"\n"
        "xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
        "xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
        "xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
        "<pdfaExtension:schemas>\n"
        "<rdf:Bag>\n"
        "<rdf:li rdf:parseType=\"Resource\">\n"
        "<pdfaSchema:schema>vanban: fields of a Vietnamese administrative "
        "document (Decree 30/2020/ND-CP)</pdfaSchema:schema>\n"
        "<pdfaSchema:namespaceURI>" VB_XMP_NS "</pdfaSchema:namespaceURI>\n"
        "<pdfaSchema:prefix>" VB_XMP_PREFIX "</pdfaSchema:prefix>\n"
        "<pdfaSchema:property>\n"
        "<rdf:Seq>\n");
    for (size_t i = 0; i < sizeof VANBAN_PROPS / sizeof *VANBAN_PROPS; i++) {
        const xmp_prop *p = &VANBAN_PROPS[i];
        vb_buf_puts(b, "<rdf:li rdf:parseType=\"Resource\">\n");
        xmp_simple(b, "pdfaProperty:name", p->name);
        xmp_simple(b, "pdfaProperty:valueType", p->type);
        xmp_simple(b, "pdfaProperty:category", p->category);
        vb_buf_puts(b, "<pdfaProperty:description>");
        vb_xml_escape(b, p->description);
        vb_buf_puts(b, "</pdfaProperty:description>\n"
                       "</rdf:li>\n");
    }
    vb_buf_puts(b, "</rdf:Seq>\n"
                   "</pdfaSchema:property>\n"
                   "</rdf:li>\n"
                   "</rdf:Bag>\n"
                   "</pdfaExtension:schemas>\n"
                   "</rdf:Description>\n");
}

void vb_xmp_packet(vb_buf *out, const vb_meta *m, int part)
{
    /* begin= holds U+FEFF in UTF-8; PDF/A forbids the bytes= and
     * encoding= attributes, and the id is the fixed one XMP defines. */
    vb_buf_puts(out, "<?xpacket begin=\"\xEF\xBB\xBF\" "
                     "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                     "<rdf:RDF "
                     "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    xmp_dc(out, m);
    xmp_pdf_xmp(out, m);
    xmp_pdfaid(out, part);
    xmp_vanban(out, m);
    xmp_extension(out);
    vb_buf_puts(out, "</rdf:RDF>\n"
                     "</x:xmpmeta>\n"
                     "<?xpacket end=\"w\"?>");
}

/* ------------------------------------------------------------------------ */
/* ICC profile */

enum { ICC_HEADER = 128, ICC_CURVE_POINTS = 256 };

static void put_be16(vb_buf *b, unsigned v)
{
    unsigned char x[2] = { (unsigned char)(v >> 8), (unsigned char)v };
    vb_buf_put(b, x, 2);
}

static void put_be32(vb_buf *b, uint32_t v)
{
    unsigned char x[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 8), (unsigned char)v };
    vb_buf_put(b, x, 4);
}

static void set_be32(vb_buf *b, size_t at, uint32_t v)
{
    unsigned char *p = (unsigned char *)b->data + at;
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put_zeros(vb_buf *b, size_t n)
{
    static const char zero[64];
    while (n > 0) {
        size_t k = n < sizeof zero ? n : sizeof zero;
        vb_buf_put(b, zero, k);
        n -= k;
    }
}

/* s15Fixed16Number, the ICC's signed 16.16 fixed point. */
static void put_s15f16(vb_buf *b, double v)
{
    put_be32(b, (uint32_t)(int32_t)lround(v * 65536.0));
}

static void put_xyz(vb_buf *b, const double xyz[3])
{
    for (int i = 0; i < 3; i++)
        put_s15f16(b, xyz[i]);
}

/* Tag data starts on a 4-byte boundary (ICC.1 7.3.1). */
static void pad4(vb_buf *b)
{
    put_zeros(b, (4 - b->len % 4) % 4);
}

typedef struct icc_tag {
    char sig[5];
    size_t off, size; /* within the tag data */
} icc_tag;

/* Start an element of the given type in the tag data: type signature and
 * 4 reserved bytes. Returns its offset. */
static size_t elem_begin(vb_buf *d, const char *type)
{
    pad4(d);
    size_t off = d->len;
    vb_buf_put(d, type, 4);
    put_be32(d, 0);
    return off;
}

/* textDescriptionType (ICC v2): ASCII text, then empty Unicode and
 * ScriptCode parts, which v2 readers expect to find. */
static void elem_desc(vb_buf *d, const char *text)
{
    size_t n = strlen(text) + 1;
    put_be32(d, (uint32_t)n);
    vb_buf_put(d, text, n);
    put_be32(d, 0);       /* Unicode language code */
    put_be32(d, 0);       /* Unicode count */
    put_be16(d, 0);       /* ScriptCode code */
    put_zeros(d, 1 + 67); /* ScriptCode count and its fixed 67 bytes */
}

/* The IEC 61966-2.1 decoding curve: linear near black, then a 2.4 power. */
static double srgb_to_linear(double v)
{
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static void elem_curve(vb_buf *d)
{
    put_be32(d, ICC_CURVE_POINTS);
    for (int i = 0; i < ICC_CURVE_POINTS; i++) {
        double y = srgb_to_linear((double)i / (ICC_CURVE_POINTS - 1));
        put_be16(d, (unsigned)lround(y * 65535.0));
    }
}

static void icc_header(vb_buf *b, size_t start)
{
    static const double D50[3] = { 0.9642, 1.0, 0.8249 };
    put_be32(b, 0);            /* size, set at the end */
    put_be32(b, 0);            /* preferred CMM: none */
    put_be32(b, 0x02100000);   /* version 2.1 */
    vb_buf_put(b, "mntrRGB XYZ ", 12); /* display class, RGB data, XYZ PCS */
    /* Creation date: fixed, so the bytes never change. */
    const unsigned when[6] = { 2024, 1, 1, 0, 0, 0 };
    for (int i = 0; i < 6; i++)
        put_be16(b, when[i]);
    vb_buf_put(b, "acsp", 4);
    put_zeros(b, 4 + 4 + 4 + 4 + 8); /* platform, flags, maker, model, attrs */
    put_be32(b, 0);                  /* perceptual intent */
    put_xyz(b, D50);                 /* PCS illuminant */
    put_zeros(b, start + ICC_HEADER - b->len); /* creator, ID, reserved */
}

static void tag_end(icc_tag *t, const vb_buf *d)
{
    t->size = d->len - t->off;
}

void vb_icc_srgb(vb_buf *out)
{
    /* The columns of the sRGB matrix in the D50 PCS: the IEC 61966-2.1
     * chromaticities (red 0.64/0.33, green 0.30/0.60, blue 0.15/0.06, white
     * D65 0.3127/0.3290) adapted with the Bradford transform to the ICC's
     * own D50 (0.9642, 1, 0.8249), so that RGB white lands exactly on the
     * PCS white. Computed once, kept as numbers: no run-time matrix maths
     * whose last bits could differ between machines. */
    static const double XYZ[4][3] = {
        { 0.9642, 1.0, 0.8249 },             /* wtpt: D50 */
        { 0.4360413, 0.2224845, 0.0139202 }, /* rXYZ */
        { 0.3851129, 0.7169051, 0.0970672 }, /* gXYZ */
        { 0.1430458, 0.0606104, 0.7139126 }, /* bXYZ */
    };
    static const char COPYRIGHT[] = "No copyright; generated by vanban";
    icc_tag tags[] = { { .sig = "desc" }, { .sig = "cprt" },
                       { .sig = "wtpt" }, { .sig = "rXYZ" },
                       { .sig = "gXYZ" }, { .sig = "bXYZ" },
                       { .sig = "rTRC" }, { .sig = "gTRC" },
                       { .sig = "bTRC" } };
    enum { NTAGS = sizeof tags / sizeof *tags };

    vb_buf d; /* tag data, offsets relative to its start */
    vb_buf_init(&d);
    tags[0].off = elem_begin(&d, "desc");
    elem_desc(&d, VB_ICC_SRGB_NAME);
    tag_end(&tags[0], &d);
    tags[1].off = elem_begin(&d, "text");
    vb_buf_put(&d, COPYRIGHT, sizeof COPYRIGHT);
    tag_end(&tags[1], &d);
    for (int i = 0; i < 4; i++) {
        tags[2 + i].off = elem_begin(&d, "XYZ ");
        put_xyz(&d, XYZ[i]);
        tag_end(&tags[2 + i], &d);
    }
    tags[6].off = elem_begin(&d, "curv");
    elem_curve(&d);
    tag_end(&tags[6], &d);
    pad4(&d);
    /* The three channels share one curve: tags may point at the same data. */
    tags[7].off = tags[8].off = tags[6].off;
    tags[7].size = tags[8].size = tags[6].size;

    size_t start = out->len;
    icc_header(out, start);
    /* The tag data follows the header and the tag table; both are a
     * multiple of 4 bytes long, so d's alignment carries over. */
    size_t data_at = ICC_HEADER + 4 + 12 * NTAGS;
    put_be32(out, NTAGS);
    for (size_t i = 0; i < NTAGS; i++) {
        vb_buf_put(out, tags[i].sig, 4);
        put_be32(out, (uint32_t)(data_at + tags[i].off));
        put_be32(out, (uint32_t)tags[i].size);
    }
    vb_buf_put(out, d.data, d.len);
    set_be32(out, start, (uint32_t)(out->len - start));
    vb_buf_free(&d);
}
