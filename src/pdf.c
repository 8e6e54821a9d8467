/* pdf.c - display list -> PDF through libharu.
 *
 * libharu writes the file structure (objects, xref, trailer, deflate), the
 * pages, Info, outline and PNG images. Fonts are built here with its
 * dictionary API because its own TrueType path embeds ~45 KB per face and
 * writes a malformed ToUnicode map (see shared/spec/libharu-notes.md):
 *
 *   Type0 /Identity-H ── CIDFontType2 (/W, /CIDToGIDMap /Identity)
 *        │                    └─ FontDescriptor ── FontFile2 (hb-subset)
 *        └─ ToUnicode (bfchar/bfrange)
 *
 * The subset renumbers glyphs (HarfBuzz keeps their order), so a CID is the
 * glyph id inside the embedded subset and the content stream shows text as
 * 2-byte CIDs. Page content is generated into a buffer and written straight
 * into the page's content stream; libharu's page operators are not used.
 *
 * For archiving and signing (docs/archival.md) the file is PDF/A-2b, or
 * PDF/A-3b with the plan's YAML embedded: Info and an XMP packet written
 * from the same cleaned strings, an sRGB OutputIntent, a signature widget
 * with an appearance, and a trailer /ID hashed from the content, so the
 * same input always gives the same bytes. The bytes of the XMP and of the
 * ICC profile come from pdfa.c; libharu's PDF/A calls are not used.
 *
 * Errors: libharu's error state is sticky and its handler must not
 * longjmp, so the handler only records the first code; every step checks
 * HPDF_GetError and bails out with a message, and HPDF_Free releases all
 * libharu objects on every path. */
#include "pdf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>

#include "pdfa.h"
#include "text.h"

#define VB_OUTLINE_DEPTH 8
#define VB_CMAP_BLOCK 100 /* the CMap format's limit per begin...end block */

/* First libharu error seen, recorded by the error handler. */
typedef struct pdf_error {
    HPDF_STATUS code, detail;
    bool reading; /* HPDF_STREAM_EOF is expected while copying the output */
} pdf_error;

/* What one face contributes to this document. */
typedef struct face_use {
    const vb_font *font;
    uint16_t nglyphs;    /* glyphs in the whole face */
    uint32_t *cp_of_gid; /* gid -> lowest code point drawn with it, 0 = unused */
    size_t nused;
    uint16_t *cid_of_gid; /* gid -> CID (= glyph id in the subset) */
    int32_t *gid_of_cid;  /* CID -> gid, -1 where the subset has a gap */
    unsigned ncids;       /* glyphs in the subset */
    HPDF_Dict type0;      /* the font resource, NULL if the face is unused */
} face_use;

typedef struct image_ref {
    const void *data;  /* in-memory PNG, or NULL */
    const char *path;  /* file path (or a name for in-memory data) */
    HPDF_Image image;
} image_ref;

/* Graphics state tracked while writing a page so that redundant colour and
 * line-width operators are not repeated. */
typedef struct content {
    vb_buf b;
    vb_rgb fill, stroke;
    double lw;
    bool in_text;
    int font;   /* face index selected with Tf inside the text object */
    double size;
    unsigned faces_used;   /* bit per face */
    size_t *images_used;   /* image indices referenced on this page */
    size_t nimages_used, images_used_cap;
} content;

typedef struct pdf_ctx {
    HPDF_Doc pdf;
    const vb_dlist *d;
    const vb_fontset *fs;
    bool compress;
    vb_arena arena; /* scratch for this write */
    face_use face[VB_FACE_COUNT];
    HPDF_Page *pages;
    image_ref *images;
    size_t nimages, images_cap;
    HPDF_MD5_CTX md5; /* over everything that makes the document; -> /ID */
    pdf_error herr;
    bool failed;
    char *err;
    size_t errlen;
} pdf_ctx;

/* ------------------------------------------------------------------------ */
/* Errors */

static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
    pdf_error *e = data;
    if (e->reading && code == HPDF_STREAM_EOF)
        return;
    if (!e->code) {
        e->code = code;
        e->detail = detail;
    }
}

static HPDF_STATUS hpdf_code(const pdf_ctx *c)
{
    if (c->herr.code)
        return c->herr.code;
    return c->pdf ? HPDF_GetError(c->pdf) : 0;
}

static int fail(pdf_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Put a message in err (the first one wins) and return -1. */
static int fail(pdf_ctx *c, const char *fmt, ...)
{
    if (c->failed)
        return -1;
    c->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    HPDF_STATUS code = hpdf_code(c);
    if (code) {
        size_t n = strlen(c->err);
        snprintf(c->err + n, c->errlen - n, " (libharu error 0x%04X/%u)",
                 (unsigned)code, (unsigned)c->herr.detail);
    }
    return -1;
}

/* After building something: any libharu error so far fails the step. */
static int check(pdf_ctx *c, const char *what)
{
    if (hpdf_code(c))
        return fail(c, "PDF: cannot write %s", what);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Numbers and hashing */

/* Append v with at most 3 decimals and no trailing zeros, followed by a
 * space. Integer formatting only, so the result never depends on the
 * locale's decimal separator. */
static void put_num(vb_buf *b, double v)
{
    if (!isfinite(v) || fabs(v) > 1e12)
        v = 0;
    long long m = llround(v * 1000.0);
    const char *sign = m < 0 ? "-" : "";
    unsigned long long a = (unsigned long long)(m < 0 ? -m : m);
    unsigned long long ip = a / 1000, fp = a % 1000;
    if (fp == 0) {
        vb_buf_printf(b, "%s%llu ", sign, ip);
        return;
    }
    char frac[4];
    snprintf(frac, sizeof frac, "%03llu", fp);
    for (int i = 2; i > 0 && frac[i] == '0'; i--)
        frac[i] = 0;
    vb_buf_printf(b, "%s%llu.%s ", sign, ip, frac);
}

static void md5_add(pdf_ctx *c, const void *p, size_t n)
{
    const HPDF_BYTE *s = p;
    while (n > 0) {
        HPDF_UINT32 chunk = n > 0x40000000u ? 0x40000000u : (HPDF_UINT32)n;
        HPDF_MD5Update(&c->md5, s, chunk);
        s += chunk;
        n -= chunk;
    }
}

/* Strings are hashed with their terminator so that ("ab","c") and
 * ("a","bc") differ. */
static void md5_str(pdf_ctx *c, const char *s)
{
    if (s)
        md5_add(c, s, strlen(s) + 1);
    else
        md5_add(c, "", 1);
}

static void md5_num(pdf_ctx *c, double v)
{
    vb_buf b;
    vb_buf_init(&b);
    put_num(&b, v);
    md5_add(c, b.data, b.len);
    vb_buf_free(&b);
}

/* ------------------------------------------------------------------------ */
/* libharu object helpers (each returns NULL after recording the error) */

static HPDF_Dict new_dict(pdf_ctx *c)
{
    return HPDF_Dict_New(c->pdf->mmgr);
}

/* A dictionary that is its own object (referenced, not inlined). */
static HPDF_Dict new_indirect_dict(pdf_ctx *c)
{
    HPDF_Dict d = HPDF_Dict_New(c->pdf->mmgr);
    if (d && HPDF_Xref_Add(c->pdf->xref, d) != HPDF_OK)
        return NULL; /* Xref_Add freed it */
    return d;
}

static HPDF_Dict new_stream(pdf_ctx *c, const void *data, size_t len,
                            bool deflate)
{
    HPDF_Dict s = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (!s)
        return NULL;
    if (len && HPDF_Stream_Write(s->stream, data, (HPDF_UINT)len) != HPDF_OK)
        return NULL;
    if (deflate)
        s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return s;
}

static HPDF_Array box_array(pdf_ctx *c, double x0, double y0, double x1,
                            double y1)
{
    HPDF_Box box = { (HPDF_REAL)x0, (HPDF_REAL)y0, (HPDF_REAL)x1,
                     (HPDF_REAL)y1 };
    return HPDF_Box_Array_New(c->pdf->mmgr, box);
}

static HPDF_String new_string(pdf_ctx *c, const char *s)
{
    return HPDF_String_New(c->pdf->mmgr, s, NULL);
}

/* ------------------------------------------------------------------------ */
/* Glyph usage */

static int face_index(pdf_ctx *c, const vb_item *it, size_t page)
{
    if (it->face >= VB_FACE_COUNT || !c->fs->face[it->face]) {
        fail(c, "PDF: text on page %zu uses unknown face %u", page + 1,
             (unsigned)it->face);
        return -1;
    }
    return it->face;
}

static void mark_text(face_use *u, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int32_t cp = vb_utf8_next(s, len, &i);
        if (cp <= 0)
            continue;
        uint16_t gid = vb_font_glyph(u->font, (uint32_t)cp);
        if (!gid)
            continue; /* not drawable; layout reports coverage */
        uint32_t *slot = &u->cp_of_gid[gid];
        if (*slot == 0)
            u->nused++;
        /* Several code points can share a glyph (space, no-break space):
         * ToUnicode can name one, and the lowest is the plain one. */
        if (*slot == 0 || (uint32_t)cp < *slot)
            *slot = (uint32_t)cp;
    }
}

/* Walk the whole list once: which glyphs each face must embed. */
static int collect_glyphs(pdf_ctx *c)
{
    for (int f = 0; f < VB_FACE_COUNT; f++) {
        face_use *u = &c->face[f];
        u->font = c->fs->face[f];
        if (!u->font)
            continue;
        u->nglyphs = vb_font_get_metrics(u->font)->num_glyphs;
        u->cp_of_gid = vb_alloc_array(&c->arena, u->nglyphs,
                                      sizeof *u->cp_of_gid);
    }
    for (size_t p = 0; p < c->d->npages; p++) {
        const vb_page *pg = &c->d->pages[p];
        for (size_t i = 0; i < pg->n; i++) {
            const vb_item *it = &pg->items[i];
            if (it->kind != VB_ITEM_TEXT || !it->text)
                continue;
            int f = face_index(c, it, p);
            if (f < 0)
                return -1;
            mark_text(&c->face[f], it->text, it->len);
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Fonts */

/* "ABCDEF+" style subset tag: six letters from a hash of the face and its
 * glyph set, so the same glyphs always give the same name. */
static void subset_tag(const face_use *u, int face, char tag[7])
{
    HPDF_MD5_CTX m;
    HPDF_BYTE dig[16];
    HPDF_MD5Init(&m);
    HPDF_BYTE fb = (HPDF_BYTE)face;
    HPDF_MD5Update(&m, &fb, 1);
    for (uint32_t g = 0; g < u->nglyphs; g++) {
        if (!u->cp_of_gid[g])
            continue;
        HPDF_BYTE be[2] = { (HPDF_BYTE)(g >> 8), (HPDF_BYTE)g };
        HPDF_MD5Update(&m, be, 2);
    }
    HPDF_MD5Final(dig, &m);
    for (int i = 0; i < 6; i++)
        tag[i] = (char)('A' + dig[i] % 26);
    tag[6] = 0;
}

/* Tables a PDF viewer never reads from an embedded CIDFontType2: layout
 * (no shaping in PDF), device metrics, signatures. */
static const char *const DROP_TABLES[] = {
    "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "kern", "morx", "mort", "kerx",
    "gasp", "hdmx", "LTSH", "VDMX", "DSIG", "PCLT", "vhea", "vmtx", "meta",
    "FFTM",
};

/* gid <-> CID from the subset plan. Renumbered glyph ids are 0..n-1 in the
 * original order; the subset also holds glyphs nobody drew directly
 * (components of composites), which get CIDs and widths too. */
static int plan_maps(pdf_ctx *c, face_use *u, const hb_subset_plan_t *plan)
{
    const hb_map_t *o2n = hb_subset_plan_old_to_new_glyph_mapping(plan);
    const hb_map_t *n2o = hb_subset_plan_new_to_old_glyph_mapping(plan);
    unsigned ncids = hb_map_get_population(n2o);
    if (ncids == 0 || ncids > 0x10000)
        return -1;
    u->ncids = ncids;
    u->gid_of_cid = vb_alloc_array(&c->arena, ncids, sizeof *u->gid_of_cid);
    for (unsigned i = 0; i < ncids; i++) {
        hb_codepoint_t g = hb_map_get(n2o, i);
        u->gid_of_cid[i] = g == HB_MAP_VALUE_INVALID || g >= u->nglyphs
                               ? -1 : (int32_t)g;
    }
    /* Only drawn glyphs are ever looked up. */
    u->cid_of_gid = vb_alloc_array(&c->arena, u->nglyphs,
                                   sizeof *u->cid_of_gid);
    for (uint32_t g = 1; g < u->nglyphs; g++) {
        if (!u->cp_of_gid[g])
            continue;
        hb_codepoint_t n = hb_map_get(o2n, g);
        if (n >= ncids)
            return -1;
        u->cid_of_gid[g] = (uint16_t)n;
    }
    return 0;
}

/* A subset of the face with exactly the used glyphs (and .notdef; composite
 * glyphs pull in their components). On success *out is the subset face and
 * cid_of_gid is filled. */
static int subset_face(pdf_ctx *c, face_use *u, const char *name,
                       hb_face_t **out)
{
    size_t len = 0;
    const unsigned char *data = vb_font_data(u->font, &len);
    hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)len,
                                     HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    hb_subset_plan_t *plan = NULL;
    int rc = -1;
    if (!in)
        goto done;
    hb_set_t *glyphs = hb_subset_input_glyph_set(in);
    hb_set_add(glyphs, 0);
    for (uint32_t g = 1; g < u->nglyphs; g++)
        if (u->cp_of_gid[g])
            hb_set_add(glyphs, g);
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof DROP_TABLES / sizeof *DROP_TABLES; i++)
        hb_set_add(drop, hb_tag_from_string(DROP_TABLES[i], 4));
    /* Renumbered glyphs, not RETAIN_GIDS: measured on ~200 glyphs per face
     * the subset is half the size uncompressed (13 vs 26 KB, loca and hmtx
     * shrink) and ~200 bytes smaller deflated. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
    plan = hb_subset_plan_create_or_fail(face, in);
    if (!plan)
        goto done;
    if (plan_maps(c, u, plan) < 0)
        goto done;
    *out = hb_subset_plan_execute_or_fail(plan);
    rc = *out ? 0 : -1;
done:
    if (rc < 0)
        fail(c, "PDF: cannot subset font %s", name);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    hb_face_destroy(face);
    return rc;
}

/* /W [c [w w ...] c [w ...]]: one array per run of consecutive CIDs in the
 * subset, widths from the same table layout measures with. */
static HPDF_Array width_array(pdf_ctx *c, const face_use *u)
{
    HPDF_MMgr mm = c->pdf->mmgr;
    HPDF_Array w = HPDF_Array_New(mm);
    if (!w)
        return NULL;
    const int32_t *gid_of_cid = u->gid_of_cid;
    HPDF_Array run = NULL;
    for (unsigned cid = 0; cid < u->ncids; cid++) {
        if (gid_of_cid[cid] < 0) {
            run = NULL;
            continue;
        }
        if (!run) {
            run = HPDF_Array_New(mm);
            if (!run)
                goto fail;
            if (HPDF_Array_AddNumber(w, (HPDF_INT32)cid) != HPDF_OK) {
                HPDF_Obj_Free(mm, run);
                goto fail;
            }
            if (HPDF_Array_Add(w, run) != HPDF_OK) /* disposes of run */
                goto fail;
        }
        int adv = vb_font_glyph_advance(u->font, (uint16_t)gid_of_cid[cid]);
        if (HPDF_Array_AddNumber(run, adv) != HPDF_OK)
            goto fail;
    }
    return w;
fail:
    /* Direct objects not yet in the document are ours to free. */
    HPDF_Obj_Free(mm, w);
    return NULL;
}

static void put_hex4(vb_buf *b, unsigned v)
{
    vb_buf_printf(b, "<%04X>", v & 0xFFFF);
}

typedef struct cid_cp {
    uint16_t cid;
    uint32_t cp;
} cid_cp;

static int cmp_cid(const void *a, const void *b)
{
    const cid_cp *x = a, *y = b;
    return (x->cid > y->cid) - (x->cid < y->cid);
}

/* A run [i, j) that one bfrange line can express: consecutive CIDs mapping
 * to consecutive code points, with only the last byte changing on both
 * sides (the CMap format's rule). Returns j. */
static size_t range_end(const cid_cp *m, size_t i, size_t n)
{
    size_t j = i + 1;
    while (j < n && m[j].cid == m[j - 1].cid + 1 && m[j].cp == m[j - 1].cp + 1
           && (m[j].cid & 0xFF) != 0 && (m[j].cp & 0xFF) != 0)
        j++;
    return j;
}

static void cmap_block(vb_buf *b, const char *kind, vb_buf *body, size_t n)
{
    if (!n)
        return;
    vb_buf_printf(b, "%zu begin%s\n", n, kind);
    vb_buf_put(b, body->data, body->len);
    vb_buf_printf(b, "end%s\n", kind);
    body->len = 0;
}

/* The ToUnicode CMap: each used CID -> its code point as UTF-16BE (BMP
 * only, so one unit), grouped into bfrange where possible. */
static void tounicode_cmap(pdf_ctx *c, const face_use *u, vb_buf *b)
{
    cid_cp *m = vb_alloc_array(&c->arena, u->nused ? u->nused : 1, sizeof *m);
    size_t n = 0;
    for (uint32_t g = 1; g < u->nglyphs; g++)
        if (u->cp_of_gid[g])
            m[n++] = (cid_cp){ u->cid_of_gid[g], u->cp_of_gid[g] };
    qsort(m, n, sizeof *m, cmp_cid);

    vb_buf_puts(b, "/CIDInit /ProcSet findresource begin\n"
                   "12 dict begin\n"
                   "begincmap\n"
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                   "/Supplement 0 >> def\n"
                   "/CMapName /Adobe-Identity-UCS def\n"
                   "/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    vb_buf chars, ranges;
    vb_buf_init(&chars);
    vb_buf_init(&ranges);
    size_t nchars = 0, nranges = 0;
    for (size_t i = 0; i < n;) {
        size_t j = range_end(m, i, n);
        if (j - i == 1) {
            put_hex4(&chars, m[i].cid);
            vb_buf_puts(&chars, " ");
            put_hex4(&chars, m[i].cp);
            vb_buf_puts(&chars, "\n");
            if (++nchars == VB_CMAP_BLOCK) {
                cmap_block(b, "bfchar", &chars, nchars);
                nchars = 0;
            }
        } else {
            put_hex4(&ranges, m[i].cid);
            vb_buf_puts(&ranges, " ");
            put_hex4(&ranges, m[j - 1].cid);
            vb_buf_puts(&ranges, " ");
            put_hex4(&ranges, m[i].cp);
            vb_buf_puts(&ranges, "\n");
            if (++nranges == VB_CMAP_BLOCK) {
                cmap_block(b, "bfrange", &ranges, nranges);
                nranges = 0;
            }
        }
        i = j;
    }
    cmap_block(b, "bfchar", &chars, nchars);
    cmap_block(b, "bfrange", &ranges, nranges);
    vb_buf_free(&chars);
    vb_buf_free(&ranges);
    vb_buf_puts(b, "endcmap\n"
                   "CMapName currentdict /CMap defineresource pop\n"
                   "end\nend\n");
}

static HPDF_Dict font_descriptor(pdf_ctx *c, const vb_font_metrics *m,
                                 const char *name, HPDF_Dict file)
{
    HPDF_Dict fd = new_indirect_dict(c);
    if (!fd)
        return NULL;
    HPDF_Array bbox = HPDF_Array_New(c->pdf->mmgr);
    if (!bbox)
        return NULL;
    for (int i = 0; i < 4; i++)
        HPDF_Array_AddNumber(bbox, m->bbox[i]);
    HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
    HPDF_Dict_AddName(fd, "FontName", name);
    HPDF_Dict_AddNumber(fd, "Flags", m->flags);
    HPDF_Dict_Add(fd, "FontBBox", bbox);
    if (m->italic_angle == floor(m->italic_angle))
        HPDF_Dict_AddNumber(fd, "ItalicAngle", (HPDF_INT32)m->italic_angle);
    else
        HPDF_Dict_AddReal(fd, "ItalicAngle", (HPDF_REAL)m->italic_angle);
    HPDF_Dict_AddNumber(fd, "Ascent", m->ascender);
    HPDF_Dict_AddNumber(fd, "Descent", m->descender);
    HPDF_Dict_AddNumber(fd, "CapHeight", m->cap_height);
    HPDF_Dict_AddNumber(fd, "StemV", m->stem_v);
    HPDF_Dict_Add(fd, "FontFile2", file);
    return fd;
}

static HPDF_Dict cid_font(pdf_ctx *c, const char *name, HPDF_Dict fd,
                          HPDF_Array widths)
{
    HPDF_Dict cf = new_indirect_dict(c);
    HPDF_Dict info = new_dict(c);
    if (!cf || !info) {
        if (info)
            HPDF_Obj_Free(c->pdf->mmgr, info);
        return NULL;
    }
    HPDF_Dict_Add(info, "Registry", new_string(c, "Adobe"));
    HPDF_Dict_Add(info, "Ordering", new_string(c, "Identity"));
    HPDF_Dict_AddNumber(info, "Supplement", 0);
    HPDF_Dict_AddName(cf, "Type", "Font");
    HPDF_Dict_AddName(cf, "Subtype", "CIDFontType2");
    HPDF_Dict_AddName(cf, "BaseFont", name);
    HPDF_Dict_Add(cf, "CIDSystemInfo", info);
    HPDF_Dict_Add(cf, "FontDescriptor", fd);
    HPDF_Dict_AddNumber(cf, "DW", 1000);
    HPDF_Dict_Add(cf, "W", widths);
    HPDF_Dict_AddName(cf, "CIDToGIDMap", "Identity");
    return cf;
}

/* Everything for one used face; u->type0 is the resulting resource. */
static int build_font(pdf_ctx *c, int f)
{
    face_use *u = &c->face[f];
    const vb_font_metrics *m = vb_font_get_metrics(u->font);
    char tag[7], name[128];
    subset_tag(u, f, tag);
    snprintf(name, sizeof name, "%s+%s", tag, m->postscript_name);

    hb_face_t *sub = NULL;
    if (subset_face(c, u, name, &sub) < 0)
        return -1;
    hb_blob_t *blob = hb_face_reference_blob(sub);
    unsigned blen = 0;
    const char *bytes = hb_blob_get_data(blob, &blen);
    md5_add(c, bytes, blen);
    HPDF_Dict file = new_stream(c, bytes, blen, c->compress);
    if (file)
        HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)blen);
    HPDF_Array widths = width_array(c, u);
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    if (!file || !widths) {
        if (widths)
            HPDF_Obj_Free(c->pdf->mmgr, widths);
        return fail(c, "PDF: cannot embed font %s", name);
    }

    vb_buf cmap;
    vb_buf_init(&cmap);
    tounicode_cmap(c, u, &cmap);
    md5_add(c, cmap.data, cmap.len);
    HPDF_Dict tounicode = new_stream(c, cmap.data, cmap.len, c->compress);
    vb_buf_free(&cmap);

    HPDF_Dict fd = font_descriptor(c, m, name, file);
    HPDF_Dict cf = fd ? cid_font(c, name, fd, widths) : NULL;
    if (!cf)
        HPDF_Obj_Free(c->pdf->mmgr, widths); /* cid_font did not take it */
    HPDF_Dict t0 = new_indirect_dict(c);
    HPDF_Array desc = HPDF_Array_New(c->pdf->mmgr);
    if (!tounicode || !cf || !t0 || !desc) {
        if (desc)
            HPDF_Obj_Free(c->pdf->mmgr, desc);
        return fail(c, "PDF: cannot build font %s", name);
    }
    HPDF_Array_Add(desc, cf);
    HPDF_Dict_AddName(t0, "Type", "Font");
    HPDF_Dict_AddName(t0, "Subtype", "Type0");
    HPDF_Dict_AddName(t0, "BaseFont", name);
    HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
    HPDF_Dict_Add(t0, "DescendantFonts", desc);
    HPDF_Dict_Add(t0, "ToUnicode", tounicode);
    u->type0 = t0;
    return check(c, "font objects");
}

static int build_fonts(pdf_ctx *c)
{
    for (int f = 0; f < VB_FACE_COUNT; f++)
        if (c->face[f].font && c->face[f].nused && build_font(c, f) < 0)
            return -1;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Page content */

static bool same_rgb(vb_rgb a, vb_rgb b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Colour operator: grey when r = g = b (shorter, and exact for black). */
static void put_color(vb_buf *b, vb_rgb c, bool stroke)
{
    if (c.r == c.g && c.g == c.b) {
        put_num(b, c.r);
        vb_buf_puts(b, stroke ? "G\n" : "g\n");
    } else {
        put_num(b, c.r);
        put_num(b, c.g);
        put_num(b, c.b);
        vb_buf_puts(b, stroke ? "RG\n" : "rg\n");
    }
}

static void set_fill(content *ct, vb_rgb c)
{
    if (!same_rgb(ct->fill, c)) {
        put_color(&ct->b, c, false);
        ct->fill = c;
    }
}

static void set_stroke(content *ct, vb_rgb c, double lw)
{
    if (!same_rgb(ct->stroke, c)) {
        put_color(&ct->b, c, true);
        ct->stroke = c;
    }
    if (lw != ct->lw) {
        put_num(&ct->b, lw);
        vb_buf_puts(&ct->b, "w\n");
        ct->lw = lw;
    }
}

static void end_text(content *ct)
{
    if (ct->in_text) {
        vb_buf_puts(&ct->b, "ET\n");
        ct->in_text = false;
    }
}

/* One text run: consecutive runs share a BT..ET object, and Tf is only
 * repeated when the face or size changes. */
static void put_text(pdf_ctx *c, content *ct, const vb_item *it)
{
    face_use *u = &c->face[it->face];
    if (!u->type0)
        return; /* nothing drawable in this face */
    if (!ct->in_text) {
        vb_buf_puts(&ct->b, "BT\n");
        ct->in_text = true;
        ct->font = -1;
    }
    set_fill(ct, it->color);
    if (ct->font != it->face || ct->size != it->size) {
        vb_buf_printf(&ct->b, "/F%u ", (unsigned)it->face);
        put_num(&ct->b, it->size);
        vb_buf_puts(&ct->b, "Tf\n");
        ct->font = it->face;
        ct->size = it->size;
    }
    ct->faces_used |= 1u << it->face;
    vb_buf_puts(&ct->b, "1 0 0 1 ");
    put_num(&ct->b, it->x);
    put_num(&ct->b, it->y);
    vb_buf_puts(&ct->b, "Tm\n<");
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0;
    while (i < it->len) {
        int32_t cp = vb_utf8_next(it->text, it->len, &i);
        if (cp <= 0)
            continue;
        uint16_t gid = vb_font_glyph(u->font, (uint32_t)cp);
        if (!gid)
            continue; /* missing glyphs take no room, as in layout */
        unsigned cid = u->cid_of_gid[gid];
        char h[4] = { hex[cid >> 12], hex[(cid >> 8) & 15], hex[(cid >> 4) & 15],
                      hex[cid & 15] };
        vb_buf_put(&ct->b, h, 4);
    }
    vb_buf_puts(&ct->b, "> Tj\n");
}

static void put_rule(content *ct, const vb_item *it)
{
    end_text(ct);
    set_fill(ct, it->color);
    put_num(&ct->b, it->x);
    put_num(&ct->b, it->y - it->h / 2);
    put_num(&ct->b, it->w);
    put_num(&ct->b, it->h);
    vb_buf_puts(&ct->b, "re f\n");
}

static void put_rect(content *ct, const vb_item *it)
{
    end_text(ct);
    set_stroke(ct, it->color, it->lw);
    put_num(&ct->b, it->x);
    put_num(&ct->b, it->y);
    put_num(&ct->b, it->w);
    put_num(&ct->b, it->h);
    vb_buf_puts(&ct->b, "re S\n");
}

static void put_line(content *ct, const vb_item *it)
{
    end_text(ct);
    set_stroke(ct, it->color, it->lw);
    put_num(&ct->b, it->x);
    put_num(&ct->b, it->y);
    vb_buf_puts(&ct->b, "m ");
    put_num(&ct->b, it->x + it->w);
    put_num(&ct->b, it->y + it->h);
    vb_buf_puts(&ct->b, "l S\n");
}

/* The document's image object for an item, loading it on first use (a seal
 * or logo on several pages is embedded once). Returns its index, or -1. */
static long image_index(pdf_ctx *c, const vb_item *it)
{
    const char *path = it->text ? it->text : "";
    for (size_t i = 0; i < c->nimages; i++) {
        const image_ref *r = &c->images[i];
        if (it->data ? r->data == it->data
                     : (!r->data && strcmp(r->path, path) == 0))
            return (long)i;
    }
    HPDF_Image img;
    if (it->data) {
        if (it->data_len == 0 || it->data_len > 0xFFFFFFFFu)
            return fail(c, "PDF: image '%s' is empty or too large", path);
        img = HPDF_LoadPngImageFromMem(c->pdf, it->data,
                                       (HPDF_UINT)it->data_len);
        md5_add(c, it->data, it->data_len);
    } else {
        /* libharu's code for a missing file says little; errno says more. */
        FILE *fp = fopen(path, "rb");
        if (!fp)
            return fail(c, "PDF: cannot read image '%s': %s", path,
                        strerror(errno));
        fclose(fp);
        img = HPDF_LoadPngImageFromFile(c->pdf, path);
        md5_str(c, path);
    }
    if (!img)
        return fail(c, "PDF: cannot load PNG image '%s'", path);
    image_ref *r = VB_VEC_PUSH(&c->arena, c->images, c->nimages,
                               c->images_cap);
    r->data = it->data;
    r->path = path;
    r->image = img;
    return (long)(c->nimages - 1);
}

static int put_image(pdf_ctx *c, content *ct, const vb_item *it)
{
    long idx = image_index(c, it);
    if (idx < 0)
        return -1;
    end_text(ct);
    bool seen = false;
    for (size_t i = 0; i < ct->nimages_used; i++)
        seen |= ct->images_used[i] == (size_t)idx;
    if (!seen)
        *VB_VEC_PUSH(&c->arena, ct->images_used, ct->nimages_used,
                     ct->images_used_cap) = (size_t)idx;
    vb_buf_puts(&ct->b, "q ");
    put_num(&ct->b, it->w);
    vb_buf_puts(&ct->b, "0 0 ");
    put_num(&ct->b, it->h);
    put_num(&ct->b, it->x);
    put_num(&ct->b, it->y);
    vb_buf_printf(&ct->b, "cm /Im%ld Do Q\n", idx);
    return 0;
}

static int page_content(pdf_ctx *c, const vb_page *pg, size_t p, content *ct)
{
    for (size_t i = 0; i < pg->n; i++) {
        const vb_item *it = &pg->items[i];
        switch (it->kind) {
        case VB_ITEM_TEXT:
            if (it->text && it->len && face_index(c, it, p) >= 0)
                put_text(c, ct, it);
            break;
        case VB_ITEM_RULE:
            put_rule(ct, it);
            break;
        case VB_ITEM_RECT:
            put_rect(ct, it);
            break;
        case VB_ITEM_LINE:
            put_line(ct, it);
            break;
        case VB_ITEM_IMAGE:
            if (put_image(c, ct, it) < 0)
                return -1;
            break;
        }
        if (c->failed)
            return -1;
    }
    end_text(ct);
    return 0;
}

/* /Resources: /Font << /F0 .. >> and /XObject << /Im0 .. >> for what the
 * page draws. */
static int page_resources(pdf_ctx *c, HPDF_Page page, const content *ct)
{
    HPDF_PageAttr attr = page->attr;
    HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
    if (!res)
        return fail(c, "PDF: page without resources");
    if (ct->faces_used) {
        HPDF_Dict fonts = new_dict(c);
        if (!fonts || HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK)
            return check(c, "page fonts");
        for (int f = 0; f < VB_FACE_COUNT; f++) {
            if (!(ct->faces_used & (1u << f)))
                continue;
            char key[8];
            snprintf(key, sizeof key, "F%d", f);
            HPDF_Dict_Add(fonts, key, c->face[f].type0);
        }
        attr->fonts = fonts;
    }
    if (ct->nimages_used) {
        HPDF_Dict xo = new_dict(c);
        if (!xo || HPDF_Dict_Add(res, "XObject", xo) != HPDF_OK)
            return check(c, "page images");
        for (size_t i = 0; i < ct->nimages_used; i++) {
            char key[32];
            snprintf(key, sizeof key, "Im%zu", ct->images_used[i]);
            HPDF_Dict_Add(xo, key, c->images[ct->images_used[i]].image);
        }
        attr->xobjects = xo;
    }
    return check(c, "page resources");
}

static int build_page(pdf_ctx *c, size_t p)
{
    const vb_page *pg = &c->d->pages[p];
    HPDF_Page page = HPDF_AddPage(c->pdf);
    if (!page)
        return check(c, "a page");
    c->pages[p] = page;
    if (HPDF_Page_SetWidth(page, (HPDF_REAL)pg->width) != HPDF_OK ||
        HPDF_Page_SetHeight(page, (HPDF_REAL)pg->height) != HPDF_OK)
        return fail(c, "PDF: page %zu has an invalid size %.3f x %.3f pt",
                    p + 1, pg->width, pg->height);

    content ct = { .fill = { 0, 0, 0 }, .stroke = { 0, 0, 0 }, .lw = 1.0,
                   .font = -1 };
    vb_buf_init(&ct.b);
    int rc = page_content(c, pg, p, &ct);
    if (rc == 0) {
        md5_num(c, pg->width);
        md5_num(c, pg->height);
        md5_add(c, ct.b.data ? ct.b.data : "", ct.b.len);
        HPDF_PageAttr attr = page->attr;
        if (ct.b.len &&
            HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)ct.b.data,
                              (HPDF_UINT)ct.b.len) != HPDF_OK)
            rc = check(c, "page content");
    }
    vb_buf_free(&ct.b);
    if (rc == 0)
        rc = page_resources(c, page, &ct);
    return rc;
}

static int build_pages(pdf_ctx *c)
{
    c->pages = vb_alloc_array(&c->arena, c->d->npages ? c->d->npages : 1,
                              sizeof *c->pages);
    for (size_t p = 0; p < c->d->npages; p++)
        if (build_page(c, p) < 0)
            return -1;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Document structure: Info, XMP, OutputIntent, embedded plan, /Lang,
 * outline, signature fields, /ID */

/* Append s (valid UTF-8) as UTF-16BE with a byte-order mark. */
static void utf16be(vb_buf *b, const char *s)
{
    vb_buf_put(b, "\xFE\xFF", 2);
    size_t len = strlen(s), i = 0;
    while (i < len) {
        int32_t cp = vb_utf8_next(s, len, &i);
        if (cp < 0)
            cp = 0xFFFD;
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            unsigned hi = 0xD800 + ((unsigned)cp >> 10);
            unsigned lo = 0xDC00 + ((unsigned)cp & 0x3FF);
            unsigned char u[4] = { (unsigned char)(hi >> 8), (unsigned char)hi,
                                   (unsigned char)(lo >> 8), (unsigned char)lo };
            vb_buf_put(b, u, 4);
        } else {
            unsigned char u[2] = { (unsigned char)(cp >> 8), (unsigned char)cp };
            vb_buf_put(b, u, 2);
        }
    }
}

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* A PDF text string: ASCII as a literal, which stays readable in the file;
 * anything else as UTF-16BE, which every reader decodes (libharu's own
 * conversion cannot write characters beyond the BMP, and Info must match
 * the XMP exactly for PDF/A). */
static void *text_string(pdf_ctx *c, const char *s)
{
    if (is_ascii(s))
        return new_string(c, s);
    vb_buf u;
    vb_buf_init(&u);
    utf16be(&u, s);
    HPDF_Binary bin = HPDF_Binary_New(c->pdf->mmgr, (HPDF_BYTE *)u.data,
                                      (HPDF_UINT)u.len);
    vb_buf_free(&u);
    return bin;
}

/* One Info entry; NULL removes it (libharu puts its own Producer there,
 * which the XMP would not mention). */
static int set_info(pdf_ctx *c, const char *key, const char *value)
{
    md5_str(c, value);
    if (!value) {
        HPDF_Dict_RemoveElement(c->pdf->info, key);
        return 0;
    }
    if (HPDF_Dict_Add(c->pdf->info, key, text_string(c, value)) != HPDF_OK)
        return check(c, "document information");
    return 0;
}

static int build_info(pdf_ctx *c, const vb_meta *m)
{
    /* libharu creates the Info dictionary (and its trailer entry) on the
     * first attribute it sets; the values are then replaced below. */
    if (!c->pdf->info &&
        HPDF_SetInfoAttr(c->pdf, HPDF_INFO_PRODUCER, "vanban") != HPDF_OK)
        return check(c, "document information");
    if (set_info(c, "Title", m->title) < 0 ||
        set_info(c, "Author", m->author) < 0 ||
        set_info(c, "Subject", m->subject) < 0 ||
        set_info(c, "Keywords", m->keywords) < 0 ||
        set_info(c, "Creator", m->creator) < 0 ||
        set_info(c, "Producer", m->producer) < 0)
        return -1;
    if (m->year > 0) {
        /* A plan has a date, not a time: midnight, Vietnam time (the XMP
         * dates in pdfa.c say the same instant). */
        HPDF_Date dt = { .year = m->year, .month = m->month, .day = m->day,
                         .ind = '+', .off_hour = 7 };
        md5_num(c, m->year * 10000 + m->month * 100 + m->day);
        if (HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, dt) !=
                HPDF_OK ||
            HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, dt) != HPDF_OK)
            return fail(c, "PDF: invalid document date %04d-%02d-%02d",
                        m->year, m->month, m->day);
    }
    if (m->lang && m->lang[0]) {
        md5_str(c, m->lang);
        HPDF_Dict_Add(c->pdf->catalog, "Lang", new_string(c, m->lang));
    }
    return check(c, "document information");
}

/* A new direct dictionary or array stored under key in parent, which owns
 * it from then on (also when adding fails: libharu frees it). */
static HPDF_Dict child_dict(pdf_ctx *c, HPDF_Dict parent, const char *key)
{
    HPDF_Dict d = new_dict(c);
    if (!d || HPDF_Dict_Add(parent, key, d) != HPDF_OK)
        return NULL;
    return d;
}

static HPDF_Array child_array(pdf_ctx *c, HPDF_Dict parent, const char *key)
{
    HPDF_Array a = HPDF_Array_New(c->pdf->mmgr);
    if (!a || HPDF_Dict_Add(parent, key, a) != HPDF_OK)
        return NULL;
    return a;
}

/* The catalog's /Metadata: the XMP packet, unfiltered (PDF/A wants the
 * packet readable by tools that only scan the file for it). Everything in it
 * is also in Info, but it is hashed for /ID all the same. */
static int build_xmp(pdf_ctx *c, const vb_meta *m)
{
    vb_buf x;
    vb_buf_init(&x);
    vb_xmp_packet(&x, m, m->source ? 3 : 2);
    md5_add(c, x.data, x.len);
    HPDF_Dict s = new_stream(c, x.data, x.len, false);
    vb_buf_free(&x);
    if (!s)
        return check(c, "the XMP metadata");
    HPDF_Dict_AddName(s, "Type", "Metadata");
    HPDF_Dict_AddName(s, "Subtype", "XML");
    HPDF_Dict_Add(c->pdf->catalog, "Metadata", s);
    return check(c, "the XMP metadata");
}

/* /OutputIntents: PDF/A needs one before DeviceRGB/DeviceGray colours mean
 * anything; ours says "sRGB", with a profile generated in pdfa.c. */
static int build_output_intent(pdf_ctx *c)
{
    vb_buf icc;
    vb_buf_init(&icc);
    vb_icc_srgb(&icc);
    md5_add(c, icc.data, icc.len);
    HPDF_Dict prof = new_stream(c, icc.data, icc.len, c->compress);
    vb_buf_free(&icc);
    HPDF_Array intents = child_array(c, c->pdf->catalog, "OutputIntents");
    HPDF_Dict oi = new_dict(c);
    if (!prof || !intents || !oi || HPDF_Array_Add(intents, oi) != HPDF_OK)
        return check(c, "the output intent");
    HPDF_Dict_AddNumber(prof, "N", 3);
    HPDF_Dict_AddName(oi, "Type", "OutputIntent");
    HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
    HPDF_Dict_Add(oi, "OutputConditionIdentifier",
                  new_string(c, VB_ICC_SRGB_NAME));
    HPDF_Dict_Add(oi, "Info", new_string(c, VB_ICC_SRGB_NAME));
    HPDF_Dict_Add(oi, "RegistryName", new_string(c, "http://www.color.org"));
    HPDF_Dict_Add(oi, "DestOutputProfile", prof);
    return check(c, "the output intent");
}

/* The file name as a byte string for /F, which predates Unicode names:
 * ASCII only, anything else '_' (readers prefer /UF, which keeps it all). */
static char *ascii_name(pdf_ctx *c, const char *s)
{
    size_t len = strlen(s), i = 0, n = 0;
    char *r = vb_alloc(&c->arena, len + 1);
    while (i < len) {
        int32_t cp = vb_utf8_next(s, len, &i);
        r[n++] = cp > 0x20 && cp < 0x7F ? (char)cp : '_';
    }
    r[n] = 0;
    return r;
}

/* /Params of the embedded file: size, MD5 (so a reader can check what it
 * extracted) and, when the plan has a date, the same date as the document. */
static int source_params(pdf_ctx *c, HPDF_Dict file, const vb_meta *m)
{
    HPDF_Dict params = child_dict(c, file, "Params");
    if (!params)
        return check(c, "the embedded plan");
    HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)m->source_len);
    HPDF_MD5_CTX md5;
    HPDF_BYTE sum[16];
    HPDF_MD5Init(&md5);
    const HPDF_BYTE *p = m->source;
    for (size_t left = m->source_len; left > 0;) {
        HPDF_UINT32 k = left > 0x40000000u ? 0x40000000u : (HPDF_UINT32)left;
        HPDF_MD5Update(&md5, p, k);
        p += k;
        left -= k;
    }
    HPDF_MD5Final(sum, &md5);
    HPDF_Dict_Add(params, "CheckSum", HPDF_Binary_New(c->pdf->mmgr, sum, 16));
    if (m->year > 0) {
        char date[32];
        snprintf(date, sizeof date, "D:%04d%02d%02d000000+07'00'",
                 m->year % 10000, m->month % 100, m->day % 100);
        HPDF_Dict_Add(params, "ModDate", new_string(c, date));
    }
    return check(c, "the embedded plan");
}

/* parent's dictionary under key, made if it is not there yet. */
static HPDF_Dict dict_item(pdf_ctx *c, HPDF_Dict parent, const char *key)
{
    HPDF_Dict d = HPDF_Dict_GetItem(parent, key, HPDF_OCLASS_DICT);
    return d ? d : child_dict(c, parent, key);
}

/* The /Names array of the catalog's /Names /EmbeddedFiles tree (a single
 * root node: one entry needs no intermediate nodes). */
static HPDF_Array embedded_names(pdf_ctx *c)
{
    HPDF_Dict names = dict_item(c, c->pdf->catalog, "Names");
    HPDF_Dict tree = names ? dict_item(c, names, "EmbeddedFiles") : NULL;
    if (!tree)
        return NULL;
    HPDF_Array a = HPDF_Dict_GetItem(tree, "Names", HPDF_OCLASS_ARRAY);
    return a ? a : child_array(c, tree, "Names");
}

/* --embed-source: the plan's YAML as an associated file of the document
 * (/AF, /AFRelationship /Source), which makes the file PDF/A-3 (PDF/A-2
 * allows only PDF/A files inside). Also in the EmbeddedFiles name tree so
 * that viewers and pdfdetach list it. */
static int build_source(pdf_ctx *c, const vb_meta *m)
{
    if (!m->source)
        return 0;
    if (m->source_len > 0x7FFFFFFF)
        return fail(c, "PDF: the plan is too large to embed (%zu bytes)",
                    m->source_len);
    const char *name = m->source_name && *m->source_name ? m->source_name
                                                         : "plan.yaml";
    md5_add(c, m->source, m->source_len);
    md5_str(c, name);
    HPDF_Dict file = new_stream(c, m->source, m->source_len, c->compress);
    if (!file)
        return check(c, "the embedded plan");
    /* RFC 9512 registered application/yaml in 2024. */
    HPDF_Dict_AddName(file, "Type", "EmbeddedFile");
    HPDF_Dict_AddName(file, "Subtype", "application/yaml");
    if (source_params(c, file, m) < 0)
        return -1;

    HPDF_Dict spec = new_indirect_dict(c);
    if (!spec)
        return check(c, "the embedded plan");
    HPDF_Dict_AddName(spec, "Type", "Filespec");
    HPDF_Dict_Add(spec, "F", new_string(c, ascii_name(c, name)));
    HPDF_Dict_Add(spec, "UF", text_string(c, name));
    HPDF_Dict_Add(spec, "Desc",
                  text_string(c, "Kế hoạch nguồn (YAML) của văn bản này"));
    HPDF_Dict_AddName(spec, "AFRelationship", "Source");
    HPDF_Dict ef = child_dict(c, spec, "EF");
    HPDF_Array af = child_array(c, c->pdf->catalog, "AF");
    HPDF_Array tree = embedded_names(c);
    if (!ef || !af || !tree)
        return check(c, "the embedded plan");
    HPDF_Dict_Add(ef, "F", file);
    HPDF_Dict_Add(ef, "UF", file);
    HPDF_Array_Add(af, spec);
    HPDF_Array_Add(tree, text_string(c, name));
    HPDF_Array_Add(tree, spec);
    return check(c, "the embedded plan");
}

/* Info, XMP, OutputIntent and the embedded plan: what makes the file
 * PDF/A-2b (or -3b with the plan inside). Info and XMP are written from the
 * same cleaned strings because PDF/A requires them to be equal. */
static int build_metadata(pdf_ctx *c)
{
    vb_meta m = vb_pdfa_meta(&c->arena, &c->d->meta);
    if (build_info(c, &m) < 0 || build_xmp(c, &m) < 0 ||
        build_output_intent(c) < 0 || build_source(c, &m) < 0)
        return -1;
    return 0;
}

/* [page /XYZ 0 top null]: null zoom keeps the reader's zoom, which
 * HPDF_Destination_SetXYZ cannot express. */
static HPDF_Destination outline_dest(pdf_ctx *c, HPDF_Page page, double top)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(page);
    if (!dst)
        return NULL;
    HPDF_Array_Clear(dst);
    HPDF_Array_Add(dst, page);
    HPDF_Array_AddName(dst, "XYZ");
    HPDF_Array_AddNumber(dst, 0);
    HPDF_Array_AddReal(dst, (HPDF_REAL)top);
    HPDF_Array_Add(dst, HPDF_Null_New(c->pdf->mmgr));
    return dst;
}

static int build_outline(pdf_ctx *c)
{
    if (!c->d->noutline)
        return 0;
    HPDF_Encoder enc = HPDF_GetEncoder(c->pdf, "UTF-8");
    HPDF_Outline last[VB_OUTLINE_DEPTH + 1] = { 0 };
    for (size_t i = 0; i < c->d->noutline; i++) {
        const vb_outline *o = &c->d->outline[i];
        if (o->page >= c->d->npages)
            return fail(c, "PDF: outline entry '%s' points at page %zu of %zu",
                        o->title ? o->title : "", o->page + 1, c->d->npages);
        int lv = o->level < 1 ? 1 : o->level > VB_OUTLINE_DEPTH
                                        ? VB_OUTLINE_DEPTH : o->level;
        /* The parent is the nearest shallower entry before this one. */
        HPDF_Outline parent = NULL;
        for (int k = lv - 1; k >= 1 && !parent; k--)
            parent = last[k];
        HPDF_Outline ol = HPDF_CreateOutline(c->pdf, parent,
                                             o->title ? o->title : "", enc);
        HPDF_Destination dst = ol ? outline_dest(c, c->pages[o->page], o->y)
                                  : NULL;
        if (!ol || !dst)
            return check(c, "the outline");
        HPDF_Outline_SetDestination(ol, dst);
        HPDF_Outline_SetOpened(ol, HPDF_TRUE);
        /* libharu tags items /Type /Outlines, which only the root may be. */
        HPDF_Dict_RemoveElement(ol, "Type");
        last[lv] = ol;
        for (int k = lv + 1; k <= VB_OUTLINE_DEPTH; k++)
            last[k] = NULL;
        md5_str(c, o->title);
        md5_num(c, (double)(o->page * 100 + (size_t)lv));
        md5_num(c, o->y);
    }
    HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    return check(c, "the outline");
}

/* The widget's normal appearance: an empty form of the field's size (PDF/A
 * wants every widget to have one). */
static HPDF_Dict empty_form(pdf_ctx *c, double w, double h)
{
    HPDF_Dict form = new_stream(c, NULL, 0, false);
    if (!form)
        return NULL;
    HPDF_Dict_AddName(form, "Type", "XObject");
    HPDF_Dict_AddName(form, "Subtype", "Form");
    HPDF_Dict_Add(form, "BBox", box_array(c, 0, 0, w, h));
    return form;
}

static HPDF_Array page_annots(pdf_ctx *c, HPDF_Page page)
{
    HPDF_Array a = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
    if (a)
        return a;
    a = HPDF_Array_New(c->pdf->mmgr);
    if (!a || HPDF_Dict_Add(page, "Annots", a) != HPDF_OK)
        return NULL;
    return a;
}

static HPDF_Dict sig_field(pdf_ctx *c, const vb_field *f)
{
    HPDF_Page page = c->pages[f->page];
    HPDF_Dict w = new_indirect_dict(c);
    HPDF_Dict ap = new_dict(c);
    HPDF_Dict form = empty_form(c, f->w, f->h);
    HPDF_Array annots = page_annots(c, page);
    if (!w || !ap || !form || !annots)
        return NULL;
    HPDF_Dict_AddName(w, "Type", "Annot");
    HPDF_Dict_AddName(w, "Subtype", "Widget");
    HPDF_Dict_AddName(w, "FT", "Sig");
    HPDF_Dict_Add(w, "T", new_string(c, f->name ? f->name : "Signature"));
    HPDF_Dict_Add(w, "Rect", box_array(c, f->x, f->y, f->x + f->w,
                                       f->y + f->h));
    HPDF_Dict_AddNumber(w, "F", 4); /* Print */
    HPDF_Dict_Add(w, "P", page);
    HPDF_Dict_Add(ap, "N", form);
    HPDF_Dict_Add(w, "AP", ap);
    HPDF_Array_Add(annots, w);
    return w;
}

static int build_fields(pdf_ctx *c)
{
    if (!c->d->nfields)
        return 0;
    HPDF_Dict acro = new_dict(c);
    HPDF_Array fields = HPDF_Array_New(c->pdf->mmgr);
    if (!acro || !fields)
        return check(c, "the signature fields");
    for (size_t i = 0; i < c->d->nfields; i++) {
        const vb_field *f = &c->d->fields[i];
        if (f->page >= c->d->npages)
            return fail(c, "PDF: signature field '%s' is on page %zu of %zu",
                        f->name ? f->name : "", f->page + 1, c->d->npages);
        HPDF_Dict w = sig_field(c, f);
        if (!w)
            return check(c, "a signature field");
        HPDF_Array_Add(fields, w);
        md5_str(c, f->name);
        md5_num(c, (double)f->page);
        md5_num(c, f->x);
        md5_num(c, f->y);
        md5_num(c, f->w);
        md5_num(c, f->h);
    }
    HPDF_Dict_Add(acro, "Fields", fields);
    /* SignaturesExist | AppendOnly: signing must be an incremental update. */
    HPDF_Dict_AddNumber(acro, "SigFlags", 3);
    HPDF_Dict_Add(c->pdf->catalog, "AcroForm", acro);
    return check(c, "the signature fields");
}

/* Trailer /ID [<h> <h>]: a hash of what the document contains, so the same
 * display list always gives the same file (libharu would only write one from
 * the clock, for encryption or PDF/A). */
static int build_id(pdf_ctx *c)
{
    HPDF_BYTE dig[16];
    HPDF_MD5Final(dig, &c->md5);
    HPDF_MMgr mm = c->pdf->mmgr;
    HPDF_Array id = HPDF_Array_New(mm);
    if (!id)
        return check(c, "the document ID");
    HPDF_Array_Add(id, HPDF_Binary_New(mm, dig, 16));
    HPDF_Array_Add(id, HPDF_Binary_New(mm, dig, 16));
    HPDF_Dict_Add(c->pdf->trailer, "ID", id);
    return check(c, "the document ID");
}

/* ------------------------------------------------------------------------ */
/* Output */

static int save(pdf_ctx *c, vb_buf *out)
{
    if (HPDF_SaveToStream(c->pdf) != HPDF_OK)
        return check(c, "the file");
    HPDF_UINT32 size = HPDF_GetStreamSize(c->pdf);
    if (size == 0)
        return fail(c, "PDF: libharu produced no output");
    out->len = 0;
    vb_buf_reserve(out, size);
    c->herr.reading = true;
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        HPDF_STATUS st = HPDF_ReadFromStream(
            c->pdf, (HPDF_BYTE *)out->data + got, &n);
        got += n;
        if (st != HPDF_OK && st != HPDF_STREAM_EOF)
            break;
        if (n == 0)
            break;
    }
    c->herr.reading = false;
    out->len = got;
    out->data[got] = 0;
    if (got != size)
        return fail(c, "PDF: could only read %u of %u bytes of output",
                    (unsigned)got, (unsigned)size);
    return 0;
}

static int write_all(pdf_ctx *c, vb_buf *out)
{
    if (c->d->npages == 0)
        return fail(c, "PDF: the document has no pages");
    if (collect_glyphs(c) < 0)
        return -1;
    c->pdf = HPDF_New(on_hpdf_error, &c->herr);
    if (!c->pdf)
        return fail(c, "PDF: cannot create a document (out of memory?)");
    /* Lang, transparency in PNG seals and CID fonts are PDF 1.4+; 1.7 is
     * what PDF/A-2 is based on. */
    c->pdf->pdf_version = HPDF_VER_17;
    HPDF_SetCompressionMode(c->pdf, c->compress ? HPDF_COMP_ALL
                                                : HPDF_COMP_NONE);
    HPDF_UseUTFEncodings(c->pdf);
    HPDF_SetCurrentEncoder(c->pdf, "UTF-8");
    if (check(c, "the document setup") < 0)
        return -1;
    if (build_fonts(c) < 0 || build_pages(c) < 0 || build_metadata(c) < 0 ||
        build_outline(c) < 0 || build_fields(c) < 0 || build_id(c) < 0)
        return -1;
    return save(c, out);
}

int vb_pdf_write(const vb_dlist *d, const vb_fontset *fs,
                 const vb_pdf_opts *opts, vb_buf *out, char *err,
                 size_t errlen)
{
    char dummy[1];
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof dummy;
    }
    err[0] = 0;
    if (!d || !fs || !out) {
        snprintf(err, errlen, "PDF: nothing to write");
        return -1;
    }
    pdf_ctx c = { .d = d, .fs = fs, .compress = opts ? opts->compress != 0
                                                     : true,
                  .err = err, .errlen = errlen };
    vb_arena_init(&c.arena);
    HPDF_MD5Init(&c.md5);
    int rc = write_all(&c, out);
    if (rc < 0 && !c.failed)
        fail(&c, "PDF: cannot write the document");
    if (c.pdf)
        HPDF_Free(c.pdf);
    vb_arena_free(&c.arena);
    return rc;
}
