/* pdf.c - display list -> PDF through libharu.
 *
 * libharu writes the file structure (objects, xref, trailer, deflate), the
 * pages, Info, outline and PNG images. Fonts are built here with its
 * dictionary API because its own TrueType path embeds ~45 KB per face and
 * writes a malformed ToUnicode map (see shared/spec/libharu-notes.md):
 *
 *   Type0 /Identity-H ── CIDFontType2 (/W, /CIDToGIDMap /Identity)
 *        │                    └─ FontDescriptor ── FontFile2 (subset here)
 *        └─ ToUnicode (bfchar/bfrange)
 *
 * The subset renumbers glyphs (keeping their order), so a CID is the glyph
 * id inside the embedded subset and the content stream shows text as
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
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <libdeflate.h>

#include "pdfa.h"
#include "text.h"

#define VB_OUTLINE_DEPTH 8
#define VB_CMAP_BLOCK 100 /* the CMap format's limit per begin...end block */
/* libdeflate levels, by kind of stream, chosen by measurement on sample
 * 000 (docs/performance.md). Level 1 is libdeflate's only level with a
 * small match finder (a 200 KB compressor against 870 KB for 2-9, whose
 * hash tables are fresh pages in every process). Font programs and
 * ToUnicode maps: level 6 saves 2% of their bytes for 70% more work.
 * Page content, now that a justified line is one TJ array, is 0.6 KB
 * larger for the whole of sample 000 at level 1 and 0.75 M instructions
 * cheaper, so everything is level 1; the two knobs stay for experiments. */
#ifndef VB_Z_FONT
#define VB_Z_FONT 1
#endif
#ifndef VB_Z_TEXT
#define VB_Z_TEXT 1
#endif


/* First libharu error seen, recorded by the error handler. */
typedef struct pdf_error {
    HPDF_STATUS code, detail;
} pdf_error;

/* What one face contributes to this document. */
typedef struct face_use {
    const vb_font *font;
    uint16_t nglyphs;    /* glyphs in the whole face */
    uint32_t *cp_of_gid; /* gid -> lowest code point drawn with it, 0 = unused */
    uint16_t *used;      /* the glyphs drawn (gid > 0), ascending */
    size_t nused, used_cap;
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
    /* Text positioning, as a viewer computes it: the start of the current
     * text line in thousandths of a point (what Td moved to), and, while
     * a TJ array is open, its baseline and where the next glyph would
     * fall. Runs on one baseline in one face join that array with a
     * displacement instead of a new Tm each: a justified line is one TJ. */
    long long line_x, line_y;
    bool tj_open;
    double tj_y, pen_x;
    unsigned faces_used;   /* bit per face */
    size_t *images_used;   /* image indices referenced on this page */
    size_t nimages_used, images_used_cap;
} content;

typedef struct id_hash {
    uint64_t a, b, total;
    unsigned char tail[16];
    unsigned ntail;
} id_hash;

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
    id_hash idh; /* over everything that makes the document; -> /ID */
    struct libdeflate_compressor *zc; /* for level zlevel, made on use */
    int zlevel;
    vb_buf zbuf; /* its output, reused */
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

/* v with at most 3 decimals and no trailing zeros, followed by a space,
 * into out (at most 18 bytes; v is clamped to +-1e12); returns the length.
 * The digits are written here (no printf: ~900 numbers per page), so the
 * result never depends on the locale's decimal separator. */
static size_t fmt_num(char out[24], double v)
{
    if (!isfinite(v) || fabs(v) > 1e12)
        v = 0;
    long long m = llround(v * 1000.0);
    unsigned long long a = (unsigned long long)(m < 0 ? -m : m);
    unsigned long long ip = a / 1000;
    unsigned fp = (unsigned)(a % 1000);
    char *p = out;
    if (m < 0)
        *p++ = '-';
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (n)
        *p++ = digits[--n];
    if (fp) {
        *p++ = '.';
        *p++ = (char)('0' + fp / 100);
        fp %= 100;
        if (fp) {
            *p++ = (char)('0' + fp / 10);
            if (fp % 10)
                *p++ = (char)('0' + fp % 10);
        }
    }
    *p++ = ' ';
    return (size_t)(p - out);
}

static void put_num(vb_buf *b, double v)
{
    vb_buf_reserve(b, 24);
    b->len += fmt_num(b->data + b->len, v);
    b->data[b->len] = 0;
}

/* Append a small unsigned integer in decimal (names such as /F1, /Im3). */
static void put_uint(vb_buf *b, size_t v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    vb_buf_reserve(b, 24);
    char *p = b->data + b->len;
    while (n)
        *p++ = digits[--n];
    b->len = (size_t)(p - b->data);
    b->data[b->len] = 0;
}

/* The document hash behind /ID: a 128-bit hash of every piece that makes
 * the document, fed as it is built. /ID only has to identify the file
 * (PDF 32000-1, 14.4: "based on the contents"), so this is no
 * cryptographic digest: two xxhash-style lanes over 16-byte blocks, about
 * a twentieth of libharu's MD5 per byte, finished so that every output bit
 * depends on every input byte. */
#define ID_K1 0x9E3779B185EBCA87ull
#define ID_K2 0xC2B2AE3D27D4EB4Full
#define ID_K3 0x165667B19E3779F9ull

static uint64_t rotl64(uint64_t x, int r)
{
    return x << r | x >> (64 - r);
}

/* Little-endian on every host, so that /ID does not depend on the CPU. */
static uint64_t le64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

static void id_block(id_hash *h, const unsigned char *p)
{
    h->a = rotl64(h->a + le64(p) * ID_K2, 31) * ID_K1;
    h->b = rotl64(h->b + le64(p + 8) * ID_K2, 31) * ID_K1;
}

static void id_add(pdf_ctx *c, const void *data, size_t n)
{
    id_hash *h = &c->idh;
    const unsigned char *p = data;
    h->total += n;
    if (h->ntail) {
        size_t k = 16 - h->ntail < n ? 16 - h->ntail : n;
        memcpy(h->tail + h->ntail, p, k);
        h->ntail += (unsigned)k;
        p += k;
        n -= k;
        if (h->ntail < 16)
            return;
        id_block(h, h->tail);
        h->ntail = 0;
    }
    for (; n >= 16; p += 16, n -= 16)
        id_block(h, p);
    memcpy(h->tail, p, n);
    h->ntail = (unsigned)n;
}

static uint64_t avalanche(uint64_t x)
{
    x ^= x >> 33;
    x *= ID_K2;
    x ^= x >> 29;
    x *= ID_K3;
    x ^= x >> 32;
    return x;
}

static void id_final(id_hash *h, unsigned char out[16])
{
    if (h->ntail) {
        memset(h->tail + h->ntail, 0, 16 - h->ntail);
        id_block(h, h->tail);
    }
    uint64_t d1 = avalanche(h->a + rotl64(h->b, 23) + h->total * ID_K3);
    uint64_t d2 = avalanche((h->b ^ rotl64(h->a, 41) ^ h->total) + d1);
    for (int i = 0; i < 8; i++) {
        out[i] = (unsigned char)(d1 >> (8 * i));
        out[8 + i] = (unsigned char)(d2 >> (8 * i));
    }
}

/* Strings are hashed with their terminator so that ("ab","c") and
 * ("a","bc") differ. */
static void id_str(pdf_ctx *c, const char *s)
{
    if (s)
        id_add(c, s, strlen(s) + 1);
    else
        id_add(c, "", 1);
}

static void id_num(pdf_ctx *c, double v)
{
    char b[24];
    id_add(c, b, fmt_num(b, v));
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

/* Written into a stream's dictionary by libharu (which only writes a
 * /Filter for data it compressed itself). */
static HPDF_STATUS write_flate_filter(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* Idle compressors kept between documents (batch mode, a server): one per
 * level, taken and given back with atomic exchanges, so documents written
 * in several threads at once just make their own. */
static struct libdeflate_compressor *_Atomic idle_z[2];

/* At exit (or when a shared libvanban is unloaded): the idle compressors
 * and the shared ICC profile go back, so leak checkers see nothing. */
static void free_shared(void) __attribute__((destructor));

static int idle_slot(int level)
{
    return level == VB_Z_FONT ? 0 : 1;
}

static void release_compressor(struct libdeflate_compressor *z, int level)
{
    if (!z)
        return;
    struct libdeflate_compressor *old =
        atomic_exchange_explicit(&idle_z[idle_slot(level)], z,
                                 memory_order_acq_rel);
    libdeflate_free_compressor(old);
}

/* The compressor for a level. Streams come in runs of one level (fonts,
 * then pages and the rest), so a document holds one at a time. */
static struct libdeflate_compressor *compressor(pdf_ctx *c, int level)
{
    if (c->zc && c->zlevel == level)
        return c->zc;
    release_compressor(c->zc, c->zlevel);
    c->zc = atomic_exchange_explicit(&idle_z[idle_slot(level)], NULL,
                                     memory_order_acq_rel);
    if (!c->zc)
        c->zc = libdeflate_alloc_compressor(level);
    c->zlevel = level;
    return c->zc;
}

/* data deflated (zlib format) into c->zbuf; 0 when that would not save
 * the 21 bytes "/Filter /FlateDecode\n" costs, or on failure. */
static size_t deflate_into(pdf_ctx *c, const void *data, size_t len,
                           int level)
{
    struct libdeflate_compressor *z = compressor(c, level);
    if (!z) {
        fail(c, "PDF: out of memory (deflate)");
        return 0;
    }
    size_t bound = libdeflate_zlib_compress_bound(z, len);
    c->zbuf.len = 0;
    vb_buf_reserve(&c->zbuf, bound);
    size_t n = libdeflate_zlib_compress(z, data, len, c->zbuf.data, bound);
    return n > 0 && n + 21 < len ? n : 0;
}

/* A stream's data as libharu reads it when it writes the file: straight
 * from bytes vanban owns (the arena, or the shared ICC profile), instead of
 * being copied byte by byte into a libharu memory stream first and out of
 * it again. The HPDF_Stream_Rec is filled the way libharu's own streams
 * are; read, seek and size are all libharu asks of a stream it copies. */
typedef struct raw_src {
    const unsigned char *p;
    size_t len, pos;
} raw_src;

static HPDF_STATUS raw_read(HPDF_Stream st, HPDF_BYTE *buf, HPDF_UINT *size)
{
    raw_src *r = st->attr;
    size_t n = r->len - r->pos < *size ? r->len - r->pos : *size;
    memcpy(buf, r->p + r->pos, n);
    r->pos += n;
    *size = (HPDF_UINT)n;
    return r->pos == r->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS raw_seek(HPDF_Stream st, HPDF_INT pos, HPDF_WhenceMode mode)
{
    raw_src *r = st->attr;
    size_t base = mode == HPDF_SEEK_SET ? 0 : mode == HPDF_SEEK_CUR ? r->pos
                                                                    : r->len;
    if (pos < 0 ? (size_t)-(long)pos > base : base + (size_t)pos > r->len)
        return HPDF_SetError(st->error, HPDF_STREAM_EOF, 0);
    r->pos = pos < 0 ? base - (size_t)-(long)pos : base + (size_t)pos;
    return HPDF_OK;
}

static HPDF_UINT32 raw_size(HPDF_Stream st)
{
    return (HPDF_UINT32)((raw_src *)st->attr)->len;
}

/* Make d's stream read data (len > 0), which must outlive the document:
 * copied into the arena unless it already does. */
static int raw_stream(pdf_ctx *c, HPDF_Dict d, const void *data, size_t len,
                      bool copy)
{
    raw_src *r = vb_alloc_nozero(&c->arena, sizeof *r);
    if (copy) {
        void *p = vb_alloc_nozero(&c->arena, len);
        memcpy(p, data, len);
        data = p;
    }
    r->p = data;
    r->len = len;
    r->pos = 0;
    HPDF_Stream st = HPDF_GetMem(c->pdf->mmgr, sizeof *st);
    if (!st)
        return check(c, "a stream");
    memset(st, 0, sizeof *st);
    st->sig_bytes = HPDF_STREAM_SIG_BYTES;
    st->type = HPDF_STREAM_CALLBACK;
    st->mmgr = c->pdf->mmgr;
    st->error = c->pdf->mmgr->error;
    st->read_fn = raw_read;
    st->seek_fn = raw_seek;
    st->size_fn = raw_size;
    st->attr = r;
    HPDF_Stream_Free(d->stream);
    d->stream = st;
    return 0;
}

/* Put data into the stream of dictionary d: deflated here at level (0: not
 * at all), in one piece, and marked /FlateDecode, or stored as it is when
 * deflating would not make it smaller (tiny streams). libharu's own filter
 * stays off for these streams. */
static int stream_put(pdf_ctx *c, HPDF_Dict d, const void *data, size_t len,
                      int level)
{
    if (len == 0)
        return 0;
    if (len > 0x7FFFFFFF)
        return fail(c, "PDF: a stream of %zu bytes is too large", len);
    d->filter = HPDF_STREAM_FILTER_NONE;
    if (level > 0) {
        size_t n = deflate_into(c, data, len, level);
        if (c->failed)
            return -1;
        if (n) {
            d->write_fn = write_flate_filter;
            data = c->zbuf.data;
            len = n;
        }
    }
    return raw_stream(c, d, data, len, true);
}

static HPDF_Dict new_stream(pdf_ctx *c, const void *data, size_t len,
                            int level)
{
    HPDF_Dict s = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (!s)
        return NULL;
    if (stream_put(c, s, data, len, level) < 0)
        return NULL;
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

static void mark_text(pdf_ctx *c, face_use *u, const char *s, size_t len)
{
    const unsigned char *t = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        int32_t cp = t[i] < 0x80 ? t[i++] : vb_utf8_next(s, len, &i);
        if (cp <= 0)
            continue;
        uint16_t gid = vb_font_glyph(u->font, (uint32_t)cp);
        if (!gid)
            continue; /* not drawable; layout reports coverage */
        uint32_t *slot = &u->cp_of_gid[gid];
        if (*slot == 0)
            *VB_VEC_PUSH(&c->arena, u->used, u->nused, u->used_cap) = gid;
        /* Several code points can share a glyph (space, no-break space):
         * ToUnicode can name one, and the lowest is the plain one. */
        if (*slot == 0 || (uint32_t)cp < *slot)
            *slot = (uint32_t)cp;
    }
}

static int cmp_u16(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    return (x > y) - (x < y);
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
            mark_text(c, &c->face[f], it->text, it->len);
        }
    }
    for (int f = 0; f < VB_FACE_COUNT; f++)
        if (c->face[f].nused)
            qsort(c->face[f].used, c->face[f].nused, sizeof *c->face[f].used,
                  cmp_u16);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Fonts */

/* "ABCDEF+" style subset tag: six letters from a hash of the face and its
 * glyph set, so the same glyphs always give the same name. */
static void subset_tag(pdf_ctx *c, const face_use *u, int face, char tag[7])
{
    HPDF_MD5_CTX m;
    HPDF_BYTE dig[16];
    HPDF_MD5Init(&m);
    HPDF_BYTE fb = (HPDF_BYTE)face;
    HPDF_MD5Update(&m, &fb, 1);
    /* The glyph ids big-endian, ascending, in one update. */
    HPDF_BYTE *be = vb_alloc_nozero(&c->arena, 2 * u->nused + 1);
    for (size_t k = 0; k < u->nused; k++) {
        be[2 * k] = (HPDF_BYTE)(u->used[k] >> 8);
        be[2 * k + 1] = (HPDF_BYTE)u->used[k];
    }
    HPDF_MD5Update(&m, be, (HPDF_UINT32)(2 * u->nused));
    HPDF_MD5Final(dig, &m);
    for (int i = 0; i < 6; i++)
        tag[i] = (char)('A' + dig[i] % 26);
    tag[6] = 0;
}

/* ------------------------------------------------------------------------ */
/* TrueType subsetting
 *
 * The embedded program holds exactly the glyphs drawn, .notdef, and the
 * components of composite glyphs, renumbered 0..n-1 in their original
 * order, so a CID is a glyph id of the subset (/CIDToGIDMap /Identity).
 * With a CIDFont the PDF supplies the character mapping (the content's
 * CIDs) and the widths (/W), so the program needs only what draws a glyph:
 * head, hhea, maxp, hmtx, loca, glyf and a format 3 post (PDF 32000-1,
 * 9.9: "cmap" is not needed with a CIDFont; "cvt ", "fpgm" and "prep"
 * only when glyph instructions use them, and these carry none). Hinting
 * instructions are dropped from every glyph, as viewers hint themselves.
 * tests/unit/test_subset.c loads the result with FreeType and compares
 * every glyph with the original. */

/* Composite glyph flags (OpenType glyf). */
enum {
    GLYF_ARG_WORDS = 0x0001,
    GLYF_SCALE = 0x0008,
    GLYF_MORE = 0x0020,
    GLYF_XY_SCALE = 0x0040,
    GLYF_2X2 = 0x0080,
    GLYF_INSTRUCTIONS = 0x0100
};

typedef struct ttf_src {
    const unsigned char *head, *hhea, *maxp, *hmtx, *loca, *glyf, *post;
    size_t maxp_len, hmtx_len, glyf_len, post_len;
    bool long_loca;
    unsigned nglyphs, nhm;
} ttf_src;

static unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static void wr16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void wr32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put16(vb_buf *b, unsigned v)
{
    unsigned char p[2];
    wr16(p, v);
    vb_buf_put(b, p, 2);
}

static int ttf_open(const vb_font *f, ttf_src *s)
{
    size_t head_len, hhea_len, loca_len;
    memset(s, 0, sizeof *s);
    s->head = vb_font_table(f, "head", &head_len);
    s->hhea = vb_font_table(f, "hhea", &hhea_len);
    s->maxp = vb_font_table(f, "maxp", &s->maxp_len);
    s->hmtx = vb_font_table(f, "hmtx", &s->hmtx_len);
    s->loca = vb_font_table(f, "loca", &loca_len);
    s->glyf = vb_font_table(f, "glyf", &s->glyf_len);
    s->post = vb_font_table(f, "post", &s->post_len);
    if (!s->head || head_len < 54 || !s->hhea || hhea_len < 36 || !s->maxp ||
        s->maxp_len < 6 || !s->hmtx || !s->loca || !s->glyf)
        return -1;
    s->nglyphs = rd16(s->maxp + 4);
    s->nhm = rd16(s->hhea + 34);
    s->long_loca = rd16(s->head + 50) != 0;
    if (s->nglyphs == 0 || s->nhm == 0 || s->nhm > s->nglyphs ||
        (size_t)s->nhm * 4 > s->hmtx_len ||
        loca_len < ((size_t)s->nglyphs + 1) * (s->long_loca ? 4 : 2))
        return -1;
    return 0;
}

/* Glyph g's bytes in glyf (len 0: an empty glyph such as the space). */
static int glyph_data(const ttf_src *s, unsigned g, const unsigned char **p,
                      size_t *len)
{
    size_t a, b;
    if (s->long_loca) {
        a = rd32(s->loca + 4 * g);
        b = rd32(s->loca + 4 * g + 4);
    } else {
        a = (size_t)rd16(s->loca + 2 * g) * 2;
        b = (size_t)rd16(s->loca + 2 * g + 2) * 2;
    }
    if (a > b || b > s->glyf_len)
        return -1;
    *p = s->glyf + a;
    *len = b - a;
    return 0;
}

/* Bytes of one composite component record starting at p (flags first). */
static size_t component_size(unsigned flags)
{
    size_t n = 4 + ((flags & GLYF_ARG_WORDS) ? 4 : 2);
    if (flags & GLYF_SCALE)
        n += 2;
    else if (flags & GLYF_XY_SCALE)
        n += 4;
    else if (flags & GLYF_2X2)
        n += 8;
    return n;
}

/* Add the components of composite glyph g (and theirs) to the set; each
 * glyph added is also appended to extra. */
static int add_components(pdf_ctx *c, const ttf_src *s, unsigned char *inset,
                          uint16_t *stack, unsigned g, uint16_t **extra,
                          size_t *nextra, size_t *extra_cap)
{
    size_t top = 0;
    stack[top++] = (uint16_t)g;
    while (top) {
        const unsigned char *d;
        size_t len;
        if (glyph_data(s, stack[--top], &d, &len) < 0)
            return -1;
        if (len < 10 || !(rd16(d) & 0x8000))
            continue; /* empty or simple */
        size_t p = 10;
        for (;;) {
            if (p + 4 > len)
                return -1;
            unsigned flags = rd16(d + p), comp = rd16(d + p + 2);
            size_t n = component_size(flags);
            if (p + n > len || comp >= s->nglyphs)
                return -1;
            if (!inset[comp]) {
                inset[comp] = 1;
                stack[top++] = (uint16_t)comp; /* each glyph enters once */
                *VB_VEC_PUSH(&c->arena, *extra, *nextra, *extra_cap) =
                    (uint16_t)comp;
            }
            p += n;
            if (!(flags & GLYF_MORE))
                break;
        }
    }
    return 0;
}

/* Glyph d (len bytes) without its instructions, composite components
 * renumbered, padded to an even length. */
static int emit_glyph(vb_buf *out, const unsigned char *d, size_t len,
                      const uint16_t *new_of_old)
{
    if (len == 0)
        return 0;
    if (len < 10)
        return -1;
    unsigned nc = rd16(d);
    if (nc & 0x8000) {
        vb_buf_put(out, d, 10);
        size_t p = 10;
        for (;;) {
            if (p + 4 > len)
                return -1;
            unsigned flags = rd16(d + p), comp = rd16(d + p + 2);
            size_t n = component_size(flags);
            if (p + n > len)
                return -1;
            unsigned char h[4];
            wr16(h, flags & ~(unsigned)GLYF_INSTRUCTIONS);
            wr16(h + 2, new_of_old[comp]);
            vb_buf_put(out, h, 4);
            vb_buf_put(out, d + p + 4, n - 4);
            p += n;
            if (!(flags & GLYF_MORE))
                break;
        }
    } else {
        size_t p = 10 + 2 * (size_t)nc;
        if (p + 2 > len)
            return -1;
        size_t npts = nc ? (size_t)rd16(d + p - 2) + 1 : 0;
        size_t flags_at = p + 2 + rd16(d + p), q = flags_at, xs = 0, ys = 0;
        for (size_t i = 0; i < npts;) {
            if (q >= len)
                return -1;
            unsigned fl = d[q++];
            size_t rep = 1;
            if (fl & 8) {
                if (q >= len)
                    return -1;
                rep += d[q++];
            }
            xs += rep * ((fl & 2) ? 1 : (fl & 16) ? 0 : 2);
            ys += rep * ((fl & 4) ? 1 : (fl & 32) ? 0 : 2);
            i += rep;
        }
        if (q + xs + ys > len)
            return -1;
        vb_buf_put(out, d, p);
        put16(out, 0); /* no instructions */
        vb_buf_put(out, d + flags_at, q + xs + ys - flags_at);
    }
    if (out->len & 1)
        vb_buf_put(out, "", 1);
    return 0;
}

static uint32_t table_checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        sum += rd32(p + i);
    if (i < len) {
        unsigned char last[4] = { 0 };
        memcpy(last, p + i, len - i);
        sum += rd32(last);
    }
    return sum;
}

typedef struct ttf_table {
    const char *tag;
    vb_buf b;
} ttf_table;

/* The subset of u's face for the glyphs u->cp_of_gid marks; fills
 * cid_of_gid, gid_of_cid and ncids and appends the font program to out. */
static int subset_face(pdf_ctx *c, face_use *u, const char *name, vb_buf *out)
{
    ttf_src s;
    if (ttf_open(u->font, &s) < 0 || s.nglyphs != u->nglyphs)
        return fail(c, "PDF: cannot subset font %s (unreadable tables)", name);
    /* The set: .notdef, the glyphs drawn, and the components of composites
     * (found by walking from those; the work follows the glyphs used, not
     * the size of the face). */
    unsigned char *inset = vb_alloc(&c->arena, s.nglyphs);
    uint16_t *stack = vb_alloc_nozero(&c->arena, (size_t)s.nglyphs * 2);
    uint16_t *extra = NULL;
    size_t nextra = 0, extra_cap = 0;
    inset[0] = 1;
    for (size_t k = 0; k < u->nused; k++)
        inset[u->used[k]] = 1;
    for (size_t k = 0; k <= u->nused; k++) {
        unsigned g = k ? u->used[k - 1] : 0;
        if (add_components(c, &s, inset, stack, g, &extra, &nextra,
                           &extra_cap) < 0)
            return fail(c, "PDF: cannot subset font %s (glyph %u)", name, g);
    }
    if (nextra)
        qsort(extra, nextra, sizeof *extra, cmp_u16);
    /* New ids in the original order: merge [0, used...] with the
     * components. */
    unsigned n = (unsigned)(1 + u->nused + nextra);
    u->ncids = n;
    u->gid_of_cid = vb_alloc_nozero(&c->arena, (size_t)n * sizeof *u->gid_of_cid);
    uint16_t *new_of_old = vb_alloc_nozero(&c->arena, (size_t)s.nglyphs * 2);
    size_t a = 0, b = 0;
    for (unsigned k = 0; k < n; k++) {
        unsigned ga = a <= u->nused ? (a ? u->used[a - 1] : 0) : 0x10000;
        unsigned gb = b < nextra ? extra[b] : 0x10000;
        unsigned g = ga < gb ? ga : gb;
        if (ga < gb)
            a++;
        else
            b++;
        u->gid_of_cid[k] = (int32_t)g;
        new_of_old[g] = (uint16_t)k;
    }
    u->cid_of_gid = new_of_old;

    /* Sorted by tag, as the table directory must be. */
    ttf_table t[] = { { "glyf", { 0 } }, { "head", { 0 } }, { "hhea", { 0 } },
                      { "hmtx", { 0 } }, { "loca", { 0 } }, { "maxp", { 0 } },
                      { "post", { 0 } } };
    enum { T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP, T_POST, T_N };
    uint32_t *offs = vb_alloc_nozero(&c->arena, ((size_t)n + 1) * 4);
    uint16_t *adv = vb_alloc_nozero(&c->arena, (size_t)n * 2);
    int rc = 0;
    for (unsigned k = 0; k < n && rc == 0; k++) {
        unsigned g = (unsigned)u->gid_of_cid[k];
        const unsigned char *d;
        size_t len;
        offs[k] = (uint32_t)t[T_GLYF].b.len;
        rc = glyph_data(&s, g, &d, &len);
        if (rc == 0)
            rc = emit_glyph(&t[T_GLYF].b, d, len, new_of_old);
        adv[k] = (uint16_t)rd16(s.hmtx + 4 * (g < s.nhm ? g : s.nhm - 1));
    }
    offs[n] = (uint32_t)t[T_GLYF].b.len;
    if (rc < 0 || t[T_GLYF].b.len > 0x7FFFFFFF) {
        for (int i = 0; i < T_N; i++)
            vb_buf_free(&t[i].b);
        return fail(c, "PDF: cannot subset font %s (malformed glyph)", name);
    }
    bool long_loca = t[T_GLYF].b.len > 0x1FFFE;
    for (unsigned k = 0; k <= n; k++) {
        if (long_loca) {
            unsigned char p[4];
            wr32(p, offs[k]);
            vb_buf_put(&t[T_LOCA].b, p, 4);
        } else {
            put16(&t[T_LOCA].b, offs[k] / 2);
        }
    }
    /* hmtx: trailing glyphs of equal advance share the last long metric. */
    unsigned nh = n;
    while (nh > 1 && adv[nh - 1] == adv[nh - 2])
        nh--;
    for (unsigned k = 0; k < n; k++) {
        unsigned g = (unsigned)u->gid_of_cid[k];
        size_t at = g < s.nhm ? 4 * (size_t)g + 2
                              : 4 * (size_t)s.nhm + 2 * (size_t)(g - s.nhm);
        unsigned lsb = at + 2 <= s.hmtx_len ? rd16(s.hmtx + at) : 0;
        if (k < nh)
            put16(&t[T_HMTX].b, adv[k]);
        put16(&t[T_HMTX].b, lsb);
    }
    vb_buf_put(&t[T_HEAD].b, s.head, 54);
    wr32((unsigned char *)t[T_HEAD].b.data + 8, 0); /* checkSumAdjustment */
    wr16((unsigned char *)t[T_HEAD].b.data + 50, long_loca);
    vb_buf_put(&t[T_HHEA].b, s.hhea, 36);
    wr16((unsigned char *)t[T_HHEA].b.data + 34, nh);
    if (rd32(s.maxp) == 0x00010000 && s.maxp_len >= 32) {
        vb_buf_put(&t[T_MAXP].b, s.maxp, 32);
        unsigned char *m = (unsigned char *)t[T_MAXP].b.data;
        /* No instructions: no zones, storage, functions or stack. */
        wr16(m + 14, 1);
        memset(m + 16, 0, 12);
    } else {
        vb_buf_put(&t[T_MAXP].b, s.maxp, 6);
    }
    wr16((unsigned char *)t[T_MAXP].b.data + 4, n);
    unsigned char post[32] = { 0 };
    if (s.post && s.post_len >= 16)
        memcpy(post, s.post, 16); /* angle, underline, fixed pitch */
    wr32(post, 0x00030000);       /* format 3: no glyph names */
    vb_buf_put(&t[T_POST].b, post, sizeof post);

    /* Offset table, directory, then the tables, each 4-byte aligned. */
    size_t start = out->len;
    unsigned char hdr[12] = { 0, 1, 0, 0 };
    wr16(hdr + 4, T_N);
    wr16(hdr + 6, 64);  /* searchRange: 16 * 4, the largest power of 2 <= 7 */
    wr16(hdr + 8, 2);   /* entrySelector: log2(4) */
    wr16(hdr + 10, T_N * 16 - 64);
    vb_buf_put(out, hdr, sizeof hdr);
    size_t dir = out->len, at = 12 + 16 * T_N;
    vb_buf_reserve(out, 16 * T_N);
    memset(out->data + dir, 0, 16 * T_N);
    out->len += 16 * T_N;
    size_t head_at = 0;
    for (int i = 0; i < T_N; i++) {
        unsigned char *r = (unsigned char *)out->data + dir + 16 * i;
        memcpy(r, t[i].tag, 4);
        wr32(r + 4, table_checksum((unsigned char *)t[i].b.data, t[i].b.len));
        wr32(r + 8, (uint32_t)at);
        wr32(r + 12, (uint32_t)t[i].b.len);
        if (i == T_HEAD)
            head_at = out->len;
        vb_buf_put(out, t[i].b.data, t[i].b.len);
        static const char zero[4] = { 0 };
        vb_buf_put(out, zero, (4 - t[i].b.len % 4) % 4);
        at = out->len - start;
        vb_buf_free(&t[i].b);
    }
    uint32_t sum = table_checksum((unsigned char *)out->data + start,
                                  out->len - start);
    wr32((unsigned char *)out->data + head_at + 8, 0xB1B0AFBAu - sum);
    return 0;
}

/* /W [c [w w ...] c [w ...]]: one array per run of consecutive CIDs in the
 * subset, widths from the same table layout measures with; followed by
 * /CIDToGIDMap. Written as text (see write_attr_text): as libharu objects
 * the few hundred numbers cost more to build, write and free than the
 * rest of the font. The format is libharu's own ("[ 0 [ 777 250 ] ]"). */
static char *width_text(pdf_ctx *c, const face_use *u)
{
    vb_buf b;
    vb_buf_init(&b);
    vb_buf_reserve(&b, 16 + (size_t)u->ncids * 5);
    vb_buf_puts(&b, "/W [ ");
    bool open = false;
    for (unsigned cid = 0; cid < u->ncids; cid++) {
        if (u->gid_of_cid[cid] < 0) {
            if (open)
                vb_buf_puts(&b, "] ");
            open = false;
            continue;
        }
        if (!open) {
            put_uint(&b, cid);
            vb_buf_puts(&b, " [ ");
            open = true;
        }
        put_uint(&b, (size_t)vb_font_glyph_advance(u->font,
                                                   (uint16_t)u->gid_of_cid[cid]));
        vb_buf_put(&b, " ", 1);
    }
    if (open)
        vb_buf_puts(&b, "] ");
    vb_buf_puts(&b, "]\012/CIDToGIDMap /Identity\012");
    char *r = vb_strndup(&c->arena, b.data, b.len);
    vb_buf_free(&b);
    return r;
}

/* Written by libharu at the end of a plain dictionary: the text in its
 * attr (unused by libharu for dictionaries it did not make itself). */
static HPDF_STATUS write_attr_text(HPDF_Dict d, HPDF_Stream out)
{
    return HPDF_Stream_WriteStr(out, d->attr);
}

static const char HEX[] = "0123456789ABCDEF";

static void put_hex4(vb_buf *b, unsigned v)
{
    char h[6] = { '<', HEX[(v >> 12) & 15], HEX[(v >> 8) & 15],
                  HEX[(v >> 4) & 15], HEX[v & 15], '>' };
    vb_buf_put(b, h, 6);
}

typedef struct cid_cp {
    uint16_t cid;
    uint32_t cp;
} cid_cp;

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
    /* CIDs follow glyph order, so the used list gives them ascending. */
    cid_cp *m = vb_alloc_array(&c->arena, u->nused ? u->nused : 1, sizeof *m);
    size_t n = 0;
    for (size_t k = 0; k < u->nused; k++) {
        uint16_t g = u->used[k];
        m[n++] = (cid_cp){ u->cid_of_gid[g], u->cp_of_gid[g] };
    }

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
                          char *widths)
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
    cf->attr = widths; /* /W and /CIDToGIDMap */
    cf->write_fn = write_attr_text;
    return cf;
}

/* Everything for one used face; u->type0 is the resulting resource. */
static int build_font(pdf_ctx *c, int f)
{
    face_use *u = &c->face[f];
    const vb_font_metrics *m = vb_font_get_metrics(u->font);
    char tag[7], name[128];
    subset_tag(c, u, f, tag);
    snprintf(name, sizeof name, "%s+%s", tag, m->postscript_name);

    vb_buf prog;
    vb_buf_init(&prog);
    if (subset_face(c, u, name, &prog) < 0) {
        vb_buf_free(&prog);
        return -1;
    }
    id_add(c, prog.data, prog.len);
    HPDF_Dict file = new_stream(c, prog.data, prog.len,
                                c->compress ? VB_Z_FONT : 0);
    if (file)
        HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)prog.len);
    char *widths = width_text(c, u);
    vb_buf_free(&prog);
    if (!file)
        return fail(c, "PDF: cannot embed font %s", name);

    vb_buf cmap;
    vb_buf_init(&cmap);
    tounicode_cmap(c, u, &cmap);
    id_add(c, cmap.data, cmap.len);
    HPDF_Dict tounicode = new_stream(c, cmap.data, cmap.len,
                                     c->compress ? VB_Z_FONT : 0);
    vb_buf_free(&cmap);

    HPDF_Dict fd = font_descriptor(c, m, name, file);
    HPDF_Dict cf = fd ? cid_font(c, name, fd, widths) : NULL;
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

static void close_tj(content *ct)
{
    if (ct->tj_open) {
        vb_buf_puts(&ct->b, "]TJ\n");
        ct->tj_open = false;
    }
}

static void end_text(content *ct)
{
    close_tj(ct);
    if (ct->in_text) {
        vb_buf_puts(&ct->b, "ET\n");
        ct->in_text = false;
    }
}

/* Move to the start of a new text line at (x, y) with Td, relative to the
 * last line start in whole thousandths, so that rounding never adds up. */
static void move_to(content *ct, double x, double y)
{
    long long mx = llround(x * 1000.0), my = llround(y * 1000.0);
    put_num(&ct->b, (double)(mx - ct->line_x) / 1000.0);
    put_num(&ct->b, (double)(my - ct->line_y) / 1000.0);
    vb_buf_puts(&ct->b, "Td\n");
    ct->line_x = mx;
    ct->line_y = my;
}

/* One text run: consecutive runs share a BT..ET object, Tf is only
 * repeated when the face or size changes, and a run that continues the
 * previous one's baseline in the same face goes into the same TJ array,
 * displaced by the gap (in thousandths of the font size; the widths are
 * the /W ones, so glyphs land exactly where layout put them). */
static void put_text(pdf_ctx *c, content *ct, const vb_item *it)
{
    face_use *u = &c->face[it->face];
    if (!u->type0)
        return; /* nothing drawable in this face */
    if (!ct->in_text) {
        vb_buf_puts(&ct->b, "BT\n");
        ct->in_text = true;
        ct->font = -1;
        ct->line_x = ct->line_y = 0; /* BT resets the text matrices */
    }
    if (!same_rgb(ct->fill, it->color))
        close_tj(ct);
    set_fill(ct, it->color);
    if (ct->font != it->face || ct->size != it->size) {
        close_tj(ct);
        vb_buf_put(&ct->b, "/F", 2);
        put_uint(&ct->b, it->face);
        vb_buf_put(&ct->b, " ", 1);
        put_num(&ct->b, it->size);
        vb_buf_puts(&ct->b, "Tf\n");
        ct->font = it->face;
        ct->size = it->size;
    }
    ct->faces_used |= 1u << it->face;
    double gap = it->x - ct->pen_x;
    if (ct->tj_open && it->y == ct->tj_y && gap > -0.001 &&
        gap < 8 * it->size) {
        double adj = -gap * 1000.0 / it->size;
        if (fabs(adj) >= 0.0005) {
            put_num(&ct->b, adj);
            ct->pen_x -= (double)llround(adj * 1000.0) / 1e6 * it->size;
        }
    } else {
        close_tj(ct);
        move_to(ct, it->x, it->y);
        vb_buf_put(&ct->b, "[", 1);
        ct->tj_open = true;
        ct->tj_y = it->y;
        ct->pen_x = (double)ct->line_x / 1000.0;
    }
    vb_buf_put(&ct->b, "<", 1);
    /* At most 4 hex digits per byte of text: written in place. */
    vb_buf_reserve(&ct->b, 4 * it->len + 8);
    char *o = ct->b.data + ct->b.len;
    const unsigned char *t = (const unsigned char *)it->text;
    size_t i = 0;
    long adv = 0; /* the run's width in thousandths of the size */
    while (i < it->len) {
        int32_t cp = t[i] < 0x80 ? t[i++] : vb_utf8_next(it->text, it->len, &i);
        if (cp <= 0)
            continue;
        uint16_t gid = vb_font_glyph(u->font, (uint32_t)cp);
        if (!gid)
            continue; /* missing glyphs take no room, as in layout */
        adv += vb_font_glyph_advance(u->font, gid);
        unsigned cid = u->cid_of_gid[gid];
        o[0] = HEX[cid >> 12];
        o[1] = HEX[(cid >> 8) & 15];
        o[2] = HEX[(cid >> 4) & 15];
        o[3] = HEX[cid & 15];
        o += 4;
    }
    *o++ = '>';
    ct->b.len = (size_t)(o - ct->b.data);
    ct->b.data[ct->b.len] = 0;
    ct->pen_x += (double)adv * it->size / 1000.0;
}

/* "x y w h re" and the painting operator: rules are filled, boxes stroked. */
static void put_box(content *ct, double x, double y, double w, double h,
                    const char *paint)
{
    put_num(&ct->b, x);
    put_num(&ct->b, y);
    put_num(&ct->b, w);
    put_num(&ct->b, h);
    vb_buf_puts(&ct->b, paint);
}

static void put_rule(content *ct, const vb_item *it)
{
    end_text(ct);
    set_fill(ct, it->color);
    put_box(ct, it->x, it->y - it->h / 2, it->w, it->h, "re f\n");
}

static void put_rect(content *ct, const vb_item *it)
{
    end_text(ct);
    set_stroke(ct, it->color, it->lw);
    put_box(ct, it->x, it->y, it->w, it->h, "re S\n");
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
        id_add(c, it->data, it->data_len);
    } else {
        /* libharu's code for a missing file says little; errno says more. */
        FILE *fp = fopen(path, "rb");
        if (!fp)
            return fail(c, "PDF: cannot read image '%s': %s", path,
                        strerror(errno));
        fclose(fp);
        img = HPDF_LoadPngImageFromFile(c->pdf, path);
        id_str(c, path);
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
        id_num(c, pg->width);
        id_num(c, pg->height);
        id_add(c, ct.b.data ? ct.b.data : "", ct.b.len);
        HPDF_PageAttr attr = page->attr;
        rc = stream_put(c, attr->contents, ct.b.data, ct.b.len,
                        c->compress ? VB_Z_TEXT : 0);
        attr->stream = attr->contents->stream;
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
    id_str(c, value);
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
        id_num(c, m->year * 10000 + m->month * 100 + m->day);
        if (HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, dt) !=
                HPDF_OK ||
            HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, dt) != HPDF_OK)
            return fail(c, "PDF: invalid document date %04d-%02d-%02d",
                        m->year, m->month, m->day);
    }
    if (m->lang && m->lang[0]) {
        id_str(c, m->lang);
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
    id_add(c, x.data, x.len);
    HPDF_Dict s = new_stream(c, x.data, x.len, 0);
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
/* The sRGB profile and its deflated bytes never change: made once per
 * process and shared by every document (published atomically, so renders
 * in several threads may race to make it; one copy wins, the others are
 * freed). */
typedef struct icc_cache {
    vb_buf raw, z; /* z.len 0: store raw */
} icc_cache;

static const icc_cache *_Atomic icc_shared;

static const icc_cache *icc_profile(pdf_ctx *c)
{
    const icc_cache *p = atomic_load_explicit(&icc_shared,
                                              memory_order_acquire);
    if (p)
        return p;
    icc_cache *n = calloc(1, sizeof *n);
    if (!n) {
        fail(c, "PDF: out of memory (ICC profile)");
        return NULL;
    }
    vb_icc_srgb(&n->raw);
    size_t zl = deflate_into(c, n->raw.data, n->raw.len, VB_Z_TEXT);
    if (c->failed) {
        vb_buf_free(&n->raw);
        free(n);
        return NULL;
    }
    vb_buf_put(&n->z, c->zbuf.data ? c->zbuf.data : "", zl);
    const icc_cache *expected = NULL;
    if (!atomic_compare_exchange_strong_explicit(&icc_shared, &expected, n,
                                                 memory_order_acq_rel,
                                                 memory_order_acquire)) {
        vb_buf_free(&n->raw);
        vb_buf_free(&n->z);
        free(n);
        return expected;
    }
    return n;
}

static int build_output_intent(pdf_ctx *c)
{
    const icc_cache *icc = icc_profile(c);
    if (!icc)
        return -1;
    id_add(c, icc->raw.data, icc->raw.len);
    HPDF_Dict prof = HPDF_DictStream_New(c->pdf->mmgr, c->pdf->xref);
    if (prof) {
        bool z = c->compress && icc->z.len;
        const vb_buf *b = z ? &icc->z : &icc->raw;
        if (z)
            prof->write_fn = write_flate_filter;
        if (raw_stream(c, prof, b->data, b->len, false) < 0)
            return -1;
    }
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

static void free_shared(void)
{
    for (size_t i = 0; i < sizeof idle_z / sizeof *idle_z; i++)
        libdeflate_free_compressor(
            atomic_exchange_explicit(&idle_z[i], NULL, memory_order_acq_rel));
    icc_cache *icc = (icc_cache *)atomic_exchange_explicit(
        &icc_shared, NULL, memory_order_acq_rel);
    if (icc) {
        vb_buf_free(&icc->raw);
        vb_buf_free(&icc->z);
        free(icc);
    }
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
    id_add(c, m->source, m->source_len);
    id_str(c, name);
    HPDF_Dict file = new_stream(c, m->source, m->source_len,
                                c->compress ? VB_Z_TEXT : 0);
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
        /* The title is written as UTF-16BE here rather than through
         * libharu's UTF-8 encoder, whose set-up costs more than the whole
         * rest of the outline. */
        HPDF_Outline ol = HPDF_CreateOutline(c->pdf, parent, "", NULL);
        HPDF_Destination dst = ol ? outline_dest(c, c->pages[o->page], o->y)
                                  : NULL;
        if (!ol || !dst)
            return check(c, "the outline");
        vb_buf u;
        vb_buf_init(&u);
        utf16be(&u, o->title ? o->title : "");
        HPDF_Dict_Add(ol, "Title", HPDF_Binary_New(c->pdf->mmgr,
                                                   (HPDF_BYTE *)u.data,
                                                   (HPDF_UINT)u.len));
        vb_buf_free(&u);
        HPDF_Outline_SetDestination(ol, dst);
        HPDF_Outline_SetOpened(ol, HPDF_TRUE);
        /* libharu tags items /Type /Outlines, which only the root may be. */
        HPDF_Dict_RemoveElement(ol, "Type");
        last[lv] = ol;
        for (int k = lv + 1; k <= VB_OUTLINE_DEPTH; k++)
            last[k] = NULL;
        id_str(c, o->title);
        id_num(c, (double)(o->page * 100 + (size_t)lv));
        id_num(c, o->y);
    }
    HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    return check(c, "the outline");
}

/* The widget's normal appearance: an empty form of the field's size (PDF/A
 * wants every widget to have one). */
static HPDF_Dict empty_form(pdf_ctx *c, double w, double h)
{
    HPDF_Dict form = new_stream(c, NULL, 0, 0);
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
        id_str(c, f->name);
        id_num(c, (double)f->page);
        id_num(c, f->x);
        id_num(c, f->y);
        id_num(c, f->w);
        id_num(c, f->h);
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
    unsigned char dig[16];
    id_final(&c->idh, dig);
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

static HPDF_STATUS append_out(HPDF_Stream st, const HPDF_BYTE *p, HPDF_UINT n)
{
    vb_buf_put(st->attr, p, n);
    return HPDF_OK;
}

/* What HPDF_SaveToStream does (header, trailer entries, objects and xref),
 * written straight into out instead of into libharu's memory stream and
 * copied out of it afterwards. */
static int save(pdf_ctx *c, vb_buf *out)
{
    out->len = 0;
    HPDF_Stream st = HPDF_CallbackWriter_New(c->pdf->mmgr, append_out, out);
    if (!st)
        return check(c, "the file");
    /* The header HPDF_VER_17 stands for: version, then a comment of bytes
     * above 127 that marks the file as binary (PDF/A requires it). */
    HPDF_Stream_WriteStr(st, "%PDF-1.7\012%\267\276\255\252\012");
    HPDF_Dict_Add(c->pdf->trailer, "Root", c->pdf->catalog);
    HPDF_Dict_Add(c->pdf->trailer, "Info", c->pdf->info);
    HPDF_Xref_WriteToStream(c->pdf->xref, st, NULL);
    HPDF_Stream_Free(st);
    if (check(c, "the file") < 0)
        return -1;
    if (out->len == 0)
        return fail(c, "PDF: libharu produced no output");
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
    /* Streams vanban writes are deflated in stream_put; libharu deflates
     * only the PNG images it decodes. */
    HPDF_SetCompressionMode(c->pdf, c->compress ? HPDF_COMP_IMAGE
                                                : HPDF_COMP_NONE);
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
    c.idh.a = ID_K1;
    c.idh.b = ID_K2;
    int rc = write_all(&c, out);
    if (rc < 0 && !c.failed)
        fail(&c, "PDF: cannot write the document");
    if (c.pdf)
        HPDF_Free(c.pdf);
    release_compressor(c.zc, c.zlevel);
    vb_buf_free(&c.zbuf);
    vb_arena_free(&c.arena);
    return rc;
}
