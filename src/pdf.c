/* pdf.c - display list -> PDF through libharu.
 *
 * libharu holds the document: it numbers the objects (its xref) and makes
 * the catalog, the page tree, outline destinations and PNG images.
 * Dictionaries vanban only ever writes (fonts, pages, Info, outline items,
 * widgets) are libharu objects whose entries are text in libharu's own
 * format (see "Dictionaries as text"), and pdf.c writes the file itself,
 * byte for byte as libharu would (see "Output").
 * Fonts are built here because libharu's TrueType path embeds ~45 KB per
 * face and writes a malformed ToUnicode map (see
 * shared/spec/libharu-notes.md):
 *
 *   Type0 /Identity-H ── CIDFontType2 (/W, /CIDToGIDMap /Identity)
 *        │                    └─ FontDescriptor ── FontFile2 (subset here)
 *        └─ ToUnicode (bfchar/bfrange), one shared by all the fonts
 *
 * A CID stands for one character in every face: the code points the
 * document draws are numbered 1, 2, ... in code point order, and each
 * face's subset holds its glyph for CID k as glyph k, so the content
 * stream shows text as 2-byte CIDs and a single ToUnicode map, mostly
 * ranges, serves the four fonts (one stream to deflate instead of four:
 * seed 000 ~160 K instructions and 1.1 KB less). Page content is
 * generated into a buffer and written straight into the page's content
 * stream; libharu's page operators are not used.
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
#include <hpdf_utils.h>
#include <libdeflate.h>

#include "icc_builtin.h"
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

/* The code points one face draws, in blocks of 256 as font.c keeps its
 * table: a block exists once text uses one of its code points, so the
 * bookkeeping follows the text, not the size of the face (a CJK face has
 * 65,535 glyphs; a Vietnamese document draws ~150 of them). An entry is 1
 * while the text is scanned, then the code point's CID (0: the face
 * cannot draw it). */
typedef struct cp_block {
    uint16_t e[256];
} cp_block;

/* A glyph drawn, with a code point drawn with it. */
typedef struct glyph_cp {
    uint32_t cp;
    uint16_t gid;
} glyph_cp;

/* A slot of a subset that holds no glyph: a CID this face does not draw. */
#define VB_NO_GLYPH 0xFFFF

/* What one face contributes to this document. */
typedef struct face_use {
    const vb_font *font;
    cp_block *block[256];   /* by cp >> 8; NULL: nothing drawn there */
    size_t ncps;            /* entries set in blocks */
    glyph_cp *drawn;        /* every code point drawn, by gid then cp */
    size_t ndrawn;
    uint16_t *used;         /* the glyphs drawn (gid > 0), ascending */
    size_t nused;
    uint16_t *gid_of_slot;  /* the subset's glyphs: new gid -> gid, or
                               VB_NO_GLYPH (a CID drawn by other faces) */
    unsigned nslots;        /* CIDs 0..ncids-1, then composites' parts */
    uint16_t *width;        /* CID -> its /W width, which put_text adds up */
    HPDF_Dict type0;        /* the font resource, NULL if the face is unused */
} face_use;

/* A page: its dictionary and content stream, made before its content so
 * that objects are numbered as libharu numbered its own pages; the
 * dictionary's text is written once the widgets on it are known. */
typedef struct page_obj {
    HPDF_Dict dict, contents;
    const char *resources; /* /Resources entries after /ProcSet */
    HPDF_Dict *annots;     /* the signature widgets on the page */
    size_t nannots, annots_cap;
} page_obj;

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
    /* The CIDs, one per code point drawn, shared by all faces (see "Glyph
     * usage"): CID k > 0 is code point cp_of_cid[k], and one ToUnicode
     * map serves every font. */
    uint32_t *cp_of_cid;
    unsigned ncids;
    HPDF_Dict tounicode;
    page_obj *pages;
    image_ref *images;
    size_t nimages, images_cap;
    id_hash idh; /* over everything that makes the document; -> /ID */
    unsigned char id[16]; /* its digest, once the document is built */
    struct libdeflate_compressor *zc; /* for level zlevel, made on use */
    int zlevel;
    /* The plain bytes of the stream being made (a font program, a
     * ToUnicode map, a page's content, the XMP packet), then the text of
     * the file (save): one buffer grown to the largest of them, not a
     * fresh one each (seed 000: 24 K instructions of growing and freeing
     * fewer). */
    vb_buf scratch;
    vb_buf *out; /* the file: stream data while building, then all of it */
    vb_buf text; /* dictionary text being built (see set_text) */
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

/* llround(x), inline: the text of a page is ~600 numbers, and the libm
 * call was a fifth of their cost. Below 2^52 in magnitude, truncating and
 * comparing the (exact) remainder with one half rounds halfway cases away
 * from zero, as llround does. */
static long long round_ll(double x)
{
    if (!(fabs(x) < 4503599627370496.0))
        return llround(x);
    long long m = (long long)x;
    double f = x - (double)m;
    return m + (f >= 0.5) - (f <= -0.5);
}

/* "00" to "99". */
static const char DIGITS2[] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* "00" to "FF": a byte as two hex digits in one copy (a page's text is
 * ~2,500 CIDs of 4 digits: 38 K instructions less than digit by digit). */
#define HEX_ROW(h)                                                          \
    h "0" h "1" h "2" h "3" h "4" h "5" h "6" h "7" h "8" h "9" h "A" h "B" \
    h "C" h "D" h "E" h "F"
static const char HEX2[] =
    HEX_ROW("0") HEX_ROW("1") HEX_ROW("2") HEX_ROW("3") HEX_ROW("4")
    HEX_ROW("5") HEX_ROW("6") HEX_ROW("7") HEX_ROW("8") HEX_ROW("9")
    HEX_ROW("A") HEX_ROW("B") HEX_ROW("C") HEX_ROW("D") HEX_ROW("E")
    HEX_ROW("F");
#undef HEX_ROW

/* v (16 bits) as 4 hex digits at o. */
static void hex4(char *o, unsigned v)
{
    memcpy(o, HEX2 + 2 * ((v >> 8) & 0xFF), 2);
    memcpy(o + 2, HEX2 + 2 * (v & 0xFF), 2);
}

/* The number of decimal digits of v. Comparisons first: a page's numbers
 * are below 10,000, and a division a digit was 16 K of seed 000's 100 K
 * instructions of number formatting. */
static size_t ndigits(unsigned long long v)
{
    if (v < 100)
        return v < 10 ? 1 : 2;
    if (v < 10000)
        return v < 1000 ? 3 : 4;
    size_t n = 5;
    for (v /= 100000; v; v /= 10)
        n++;
    return n;
}

/* v in decimal into out (at most 20 bytes, no terminator); returns the
 * length. Two digits a step, from the end. */
static size_t fmt_uint(char out[24], unsigned long long v)
{
    size_t n = ndigits(v);
    char *p = out + n;
    while (v >= 100) {
        unsigned d = (unsigned)(v % 100);
        v /= 100;
        *--p = DIGITS2[2 * d + 1];
        *--p = DIGITS2[2 * d];
    }
    if (v >= 10) {
        *--p = DIGITS2[2 * v + 1];
        *--p = DIGITS2[2 * v];
    } else {
        *--p = (char)('0' + v);
    }
    return n;
}

/* v with at most 3 decimals and no trailing zeros, followed by a space,
 * into out (at most 18 bytes; v is clamped to +-1e12); returns the length.
 * The digits are written here (no printf: ~900 numbers per page), so the
 * result never depends on the locale's decimal separator. */
static size_t fmt_num(char out[24], double v)
{
    if (!isfinite(v) || fabs(v) > 1e12)
        v = 0;
    long long m = round_ll(v * 1000.0);
    unsigned long long a = (unsigned long long)(m < 0 ? -m : m);
    unsigned fp = (unsigned)(a % 1000);
    char *p = out;
    if (m < 0)
        *p++ = '-';
    p += fmt_uint(p, a / 1000);
    if (fp) {
        *p++ = '.';
        *p++ = (char)('0' + fp / 100);
        fp %= 100;
        if (fp) {
            *p++ = DIGITS2[2 * fp];
            if (fp % 10)
                *p++ = DIGITS2[2 * fp + 1];
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

/* Append an unsigned integer in decimal (names such as /F1, /Im3). */
static void put_uint(vb_buf *b, size_t v)
{
    vb_buf_reserve(b, 24);
    b->len += fmt_uint(b->data + b->len, v);
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

static void id_init(id_hash *h)
{
    memset(h, 0, sizeof *h);
    h->a = ID_K1;
    h->b = ID_K2;
}

static void id_hash_add(id_hash *h, const void *data, size_t n)
{
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

static void id_add(pdf_ctx *c, const void *data, size_t n)
{
    id_hash_add(&c->idh, data, n);
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

/* ------------------------------------------------------------------------ */
/* Dictionaries as text
 *
 * What vanban only ever writes (fonts, pages, stream entries, the output
 * intent, signature widgets) is made as the text of a dictionary's entries
 * instead of libharu objects: libharu writes "<<\n", the entries it holds,
 * then calls the dictionary's write_fn, which writes this text, then ">>"
 * (save does the same for the objects it writes). Each libharu entry costs
 * a key record, a value object, a proxy for a reference, a search among
 * the keys before it, a write and a free; the text costs a copy. It
 * follows libharu's own format ("/Key value\n", "[ a b ]", names escaped
 * as #xx, literal strings as \ooo, reals by HPDF_FToA), so the file is the
 * same, byte for byte. An object's number is fixed once it is in the xref,
 * so references are text too. libharu does not use attr in dictionaries
 * it did not make itself, nor in the plain ones it did (Resources, stream
 * dictionaries). */

static HPDF_STATUS write_attr_text(HPDF_Dict d, HPDF_Stream out)
{
    const char *t = d->attr;
    return HPDF_Stream_Write(out, (const HPDF_BYTE *)t, (HPDF_UINT)strlen(t));
}

/* d's entries (after those libharu holds) are the text t, which must last
 * until the file is written. */
static void set_text_static(HPDF_Dict d, const char *t)
{
    d->attr = (void *)t;
    d->write_fn = write_attr_text;
}

/* d's entries are the text in b, copied into the arena. */
static void set_text(pdf_ctx *c, HPDF_Dict d, const vb_buf *b)
{
    set_text_static(d, vb_strndup(&c->arena, b->data ? b->data : "", b->len));
}

/* c->scratch, emptied. */
static vb_buf *scratch_begin(pdf_ctx *c)
{
    c->scratch.len = 0;
    return &c->scratch;
}

/* The scratch buffer for one dictionary's text, emptied. */
static vb_buf *text_begin(pdf_ctx *c)
{
    c->text.len = 0;
    vb_buf_put(&c->text, "", 0);
    return &c->text;
}

/* s (n bytes) after open and before close (0: none), with the bytes
 * HPDF_NEEDS_ESCAPE flags escaped the way libharu escapes them: #xx in a
 * name (HPDF_Stream_WriteEscapeName), \ooo in a literal string
 * (HPDF_Stream_WriteEscapeText2). */
static void put_escaped(vb_buf *b, const char *s, size_t n, char open,
                        char close)
{
    bool name = open == '/';
    vb_buf_reserve(b, 2 + 4 * n);
    char *p = b->data + b->len;
    *p++ = open;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!HPDF_NEEDS_ESCAPE(ch)) {
            *p++ = (char)ch;
        } else if (name) {
            *p++ = '#';
            memcpy(p, HEX2 + 2 * ch, 2);
            p += 2;
        } else {
            *p++ = '\\';
            *p++ = (char)('0' + (ch >> 6));
            *p++ = (char)('0' + ((ch >> 3) & 7));
            *p++ = (char)('0' + (ch & 7));
        }
    }
    if (close)
        *p++ = close;
    b->len = (size_t)(p - b->data);
    b->data[b->len] = 0;
}

/* /name, cut as libharu cuts it at HPDF_LIMIT_MAX_NAME_LEN bytes. */
static void put_name(vb_buf *b, const char *s)
{
    put_escaped(b, s, strnlen(s, HPDF_LIMIT_MAX_NAME_LEN), '/', 0);
}

/* (s): delimiters and bytes outside printable ASCII as \ooo. */
static void put_literal(vb_buf *b, const char *s)
{
    put_escaped(b, s, strlen(s), '(', ')');
}

/* <hex>: a byte string as libharu writes an HPDF_Binary. */
static void put_hex_string(vb_buf *b, const void *data, size_t n)
{
    const unsigned char *p = data;
    vb_buf_reserve(b, 2 + 2 * n);
    char *o = b->data + b->len;
    *o++ = '<';
    for (size_t i = 0; i < n; i++) {
        memcpy(o, HEX2 + 2 * p[i], 2);
        o += 2;
    }
    *o++ = '>';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = 0;
}

/* An integer as HPDF_IToA writes it. */
static void put_int(vb_buf *b, long v)
{
    if (v < 0)
        vb_buf_put(b, "-", 1);
    put_uint(b, (size_t)(v < 0 ? -v : v));
}

/* A real as libharu writes an HPDF_Real (its own HPDF_FToA, so that the
 * digits are the ones it would write). */
static void put_real(vb_buf *b, double v)
{
    char r[HPDF_REAL_LEN + 1];
    char *e = HPDF_FToA(r, (HPDF_REAL)v, r + HPDF_REAL_LEN);
    vb_buf_put(b, r, (size_t)(e - r));
}

/* "n g R": a reference to an object in the xref, as libharu writes one. */
static void put_ref(vb_buf *b, const void *obj)
{
    const HPDF_Obj_Header *h = obj;
    put_uint(b, h->obj_id & 0x00FFFFFF);
    vb_buf_put(b, " ", 1);
    put_uint(b, h->gen_no);
    vb_buf_put(b, " R", 2);
}

/* "[ x0 y0 x1 y1 ]" as HPDF_Box_Array_New's reals. */
static void put_box_array(vb_buf *b, double x0, double y0, double x1,
                          double y1)
{
    const double v[4] = { x0, y0, x1, y1 };
    vb_buf_put(b, "[ ", 2);
    for (int i = 0; i < 4; i++) {
        put_real(b, v[i]);
        vb_buf_put(b, " ", 1);
    }
    vb_buf_put(b, "]", 1);
}

#define FLATE_ENTRY "/Filter /FlateDecode\012"

/* A stream dictionary's own entries (entries, may be NULL) and, for data
 * deflated here, its /Filter: libharu only writes a /Filter for data it
 * compressed itself. */
static void set_stream_text(pdf_ctx *c, HPDF_Dict d, const char *entries,
                            bool flate)
{
    if (!entries) {
        if (flate)
            set_text_static(d, FLATE_ENTRY);
        return;
    }
    size_t n = strlen(entries), f = flate ? sizeof FLATE_ENTRY - 1 : 0;
    char *t = vb_alloc_nozero(&c->arena, n + f + 1);
    memcpy(t, entries, n);
    memcpy(t + n, FLATE_ENTRY, f);
    t[n + f] = 0;
    set_text_static(d, t);
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

/* data deflated (zlib format) into the free tail of the file being built,
 * just past c->out's length (see deflated), where the stream's data goes
 * anyway: raw_stream then keeps it in place. A buffer of its own cost
 * 16 KiB of fresh pages and a copy of every deflated byte. 0 when that
 * would not save the 21 bytes "/Filter /FlateDecode\n" costs, or on
 * failure; the tail is then free again. data must not point into c->out,
 * which this may move. */
static size_t deflate_into(pdf_ctx *c, const void *data, size_t len,
                           int level)
{
    struct libdeflate_compressor *z = compressor(c, level);
    if (!z) {
        fail(c, "PDF: out of memory (deflate)");
        return 0;
    }
    size_t bound = libdeflate_zlib_compress_bound(z, len);
    vb_buf_reserve(c->out, bound);
    size_t n = libdeflate_zlib_compress(z, data, len,
                                        c->out->data + c->out->len, bound);
    return n > 0 && n + 21 < len ? n : 0;
}

/* Where deflate_into left its output. */
static const char *deflated(const pdf_ctx *c)
{
    return c->out->data + c->out->len;
}

/* A stream's data: len bytes at offset at of the file being built (c->out),
 * where stream data is put in the order of the objects, so that save
 * writes the file around it in place (see "Output"). The HPDF_Stream_Rec
 * is filled the way libharu's own streams are, so the dictionary is a
 * stream to libharu too (read, seek and size are all it asks of one). */
typedef struct raw_src {
    const vb_buf *file;
    size_t at, len, pos;
} raw_src;

static HPDF_STATUS raw_read(HPDF_Stream st, HPDF_BYTE *buf, HPDF_UINT *size)
{
    raw_src *r = st->attr;
    size_t n = r->len - r->pos < *size ? r->len - r->pos : *size;
    if (n)
        memcpy(buf, r->file->data + r->at + r->pos, n);
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

/* Make d's stream data (len bytes), copied to the end of the file being
 * built: the bytes are written once where the file will hold them, not
 * kept in the arena and copied again, so data need not outlive the call. */
static int raw_stream(pdf_ctx *c, HPDF_Dict d, const void *data, size_t len)
{
    raw_src *r = vb_alloc_nozero(&c->arena, sizeof *r);
    r->file = c->out;
    r->at = c->out->len;
    r->len = len;
    r->pos = 0;
    if (data == deflated(c)) { /* deflate_into put it there already */
        c->out->len += len;
        c->out->data[c->out->len] = 0;
    } else if (len) {
        vb_buf_put(c->out, data, len);
    }
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
 * stays off for these streams. entries (or NULL) is the text of d's other
 * entries. */
static int stream_put(pdf_ctx *c, HPDF_Dict d, const void *data, size_t len,
                      int level, const char *entries)
{
    if (len > 0x7FFFFFFF)
        return fail(c, "PDF: a stream of %zu bytes is too large", len);
    d->filter = HPDF_STREAM_FILTER_NONE;
    size_t zlen = 0;
    if (level > 0 && len > 0) {
        zlen = deflate_into(c, data, len, level);
        if (c->failed)
            return -1;
    }
    set_stream_text(c, d, entries, zlen > 0);
    if (zlen)
        return raw_stream(c, d, deflated(c), zlen);
    return raw_stream(c, d, data, len);
}

/* A stream dictionary as HPDF_DictStream_New makes one (the dictionary,
 * then its /Length, both numbered), without the memory stream it would
 * make only for raw_stream to replace: the data is set by stream_put. */
static HPDF_Dict new_stream_dict(pdf_ctx *c)
{
    HPDF_MMgr mm = c->pdf->mmgr;
    HPDF_Dict d = HPDF_Dict_New(mm);
    if (!d || HPDF_Xref_Add(c->pdf->xref, d) != HPDF_OK)
        return NULL; /* Xref_Add freed it */
    HPDF_Number len = HPDF_Number_New(mm, 0);
    if (!len || HPDF_Xref_Add(c->pdf->xref, len) != HPDF_OK ||
        HPDF_Dict_Add(d, "Length", len) != HPDF_OK)
        return NULL;
    return d;
}

static HPDF_Dict new_stream(pdf_ctx *c, const void *data, size_t len,
                            int level, const char *entries)
{
    HPDF_Dict s = new_stream_dict(c);
    if (!s)
        return NULL;
    if (stream_put(c, s, data, len, level, entries) < 0)
        return NULL;
    return s;
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

/* The slot of code point cp (at most 0xFFFF) in u's blocks, made on first
 * use. */
static uint16_t *cp_slot(pdf_ctx *c, face_use *u, uint32_t cp)
{
    cp_block **b = &u->block[cp >> 8];
    if (!*b)
        *b = vb_alloc(&c->arena, sizeof **b);
    return &(*b)->e[cp & 0xFF];
}

/* The CID of code point cp in a face once number_cids has run, 0 if the
 * face does not draw it. */
static unsigned cid_of_cp(const face_use *u, uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0;
    const cp_block *b = u->block[cp >> 8];
    return b ? b->e[cp & 0xFF] : 0;
}

static void mark_text(pdf_ctx *c, face_use *u, const char *s, size_t len)
{
    const unsigned char *t = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        int32_t cp = t[i] < 0x80 ? t[i++] : vb_utf8_next(s, len, &i);
        /* Beyond the BMP vb_font_glyph has nothing: not drawable. */
        if (cp <= 0 || cp > 0xFFFF)
            continue;
        uint16_t *e = cp_slot(c, u, (uint32_t)cp);
        u->ncps += !*e;
        *e = 1;
    }
}

/* Sort n pairs by glyph, keeping the order of equal glyphs: two counting
 * passes over the bytes of the gid, linear where qsort's calls per
 * comparison cost more than the whole sort. */
static void sort_by_gid(pdf_ctx *c, glyph_cp *v, size_t n)
{
    glyph_cp *tmp = vb_alloc_nozero(&c->arena, n * sizeof *tmp);
    for (int shift = 0; shift < 16; shift += 8) {
        size_t count[257] = { 0 };
        for (size_t k = 0; k < n; k++)
            count[((v[k].gid >> shift) & 0xFF) + 1]++;
        for (int d = 0; d < 256; d++)
            count[d + 1] += count[d];
        for (size_t k = 0; k < n; k++)
            tmp[count[(v[k].gid >> shift) & 0xFF]++] = v[k];
        glyph_cp *x = v;
        v = tmp;
        tmp = x;
    }
    /* Two passes: the result is back in the caller's array. */
}

/* The code points drawn from block p into u->drawn, with their glyphs. */
static void index_block(face_use *u, unsigned p)
{
    uint16_t *e = u->block[p]->e;
    for (unsigned k0 = 0; k0 < 256; k0 += 4) {
        uint64_t four; /* most entries are 0: four at a time */
        memcpy(&four, e + k0, sizeof four);
        if (!four)
            continue;
        for (unsigned k = k0; k < k0 + 4; k++) {
            if (!e[k])
                continue;
            uint32_t cp = p << 8 | k;
            uint16_t gid = vb_font_glyph(u->font, cp);
            if (!gid) {
                e[k] = 0; /* not drawable; layout reports coverage */
                continue;
            }
            u->drawn[u->ndrawn++] = (glyph_cp){ cp, gid };
        }
    }
}

/* From the code points u draws to the glyphs: drawn (by gid, and by code
 * point within a gid, as the blocks are walked in code point order), then
 * used, one entry per glyph (space and no-break space share one). Code
 * points the face cannot draw are cleared. */
static void index_glyphs(pdf_ctx *c, face_use *u)
{
    if (!u->ncps)
        return;
    u->drawn = vb_alloc_nozero(&c->arena, u->ncps * sizeof *u->drawn);
    for (unsigned p = 0; p < 256; p++)
        if (u->block[p])
            index_block(u, p);
    if (!u->ndrawn)
        return;
    sort_by_gid(c, u->drawn, u->ndrawn);
    u->used = vb_alloc_nozero(&c->arena, u->ndrawn * sizeof *u->used);
    for (size_t k = 0; k < u->ndrawn; k++)
        if (!k || u->drawn[k].gid != u->drawn[k - 1].gid)
            u->used[u->nused++] = u->drawn[k].gid;
}

/* Give the code points drawn, by any face, the CIDs 1, 2, ... in code
 * point order, and make each face's entries those CIDs. A CID means the
 * same character in every face (each face's subset holds its own glyph
 * for it), so one ToUnicode map serves all the fonts; and consecutive
 * code points get consecutive CIDs, which that map writes as ranges. */
static void number_cids(pdf_ctx *c)
{
    size_t most = 1;
    for (int f = 0; f < VB_FACE_COUNT; f++)
        most += c->face[f].ndrawn;
    c->cp_of_cid = vb_alloc_nozero(&c->arena, most * sizeof *c->cp_of_cid);
    c->cp_of_cid[0] = 0; /* .notdef, never drawn */
    unsigned n = 1;
    for (unsigned p = 0; p < 256; p++) {
        uint16_t *e[VB_FACE_COUNT];
        int nf = 0;
        for (int f = 0; f < VB_FACE_COUNT; f++)
            if (c->face[f].block[p])
                e[nf++] = c->face[f].block[p]->e;
        for (unsigned k0 = 0; nf && k0 < 256; k0 += 4) {
            uint64_t any = 0; /* most entries are 0: four at a time */
            for (int i = 0; i < nf; i++) {
                uint64_t four;
                memcpy(&four, e[i] + k0, sizeof four);
                any |= four;
            }
            for (unsigned k = k0; any && k < k0 + 4; k++) {
                bool drawn = false;
                for (int i = 0; i < nf; i++) {
                    if (e[i][k]) {
                        e[i][k] = (uint16_t)n;
                        drawn = true;
                    }
                }
                if (drawn)
                    c->cp_of_cid[n++] = p << 8 | k;
            }
        }
    }
    c->ncids = n;
}

/* Walk the whole list once: which glyphs each face must embed. */
static int collect_glyphs(pdf_ctx *c)
{
    for (int f = 0; f < VB_FACE_COUNT; f++)
        c->face[f].font = c->fs->face[f];
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
        if (c->face[f].font)
            index_glyphs(c, &c->face[f]);
    number_cids(c);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Fonts */

/* "ABCDEF+" style subset tag: six letters from a hash of the face and its
 * glyphs by new gid (which also determine the composites' parts), so the
 * same subset always gives the same name and a different one another. */
static void subset_tag(pdf_ctx *c, const face_use *u, int face, char tag[7])
{
    /* The face, then the glyph ids big-endian by new gid, hashed as /ID is
     * (a tenth of MD5's cost on the few hundred bytes of each face). */
    unsigned char *be = vb_alloc_nozero(&c->arena, 2 * (size_t)u->nslots + 1);
    be[0] = (unsigned char)face;
    for (unsigned k = 0; k < u->nslots; k++) {
        be[2 * k + 1] = (unsigned char)(u->gid_of_slot[k] >> 8);
        be[2 * k + 2] = (unsigned char)u->gid_of_slot[k];
    }
    id_hash h;
    unsigned char dig[16];
    id_init(&h);
    id_hash_add(&h, be, 2 * (size_t)u->nslots + 1);
    id_final(&h, dig);
    for (int i = 0; i < 6; i++)
        tag[i] = (char)('A' + dig[i] % 26);
    tag[6] = 0;
}

/* ------------------------------------------------------------------------ */
/* TrueType subsetting
 *
 * The embedded program holds .notdef, the glyphs drawn and the components
 * of composite glyphs. A CID is a glyph id of the subset (/CIDToGIDMap
 * /Identity), and CIDs are the document's (number_cids): glyph k is this
 * face's glyph for CID k, or an empty glyph of no width where the face
 * does not draw that character (other faces do); the components no CID
 * holds follow, in their original order.
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

/* Append to b, which has room already: subset_program reserves the whole
 * program first and then writes ~2,000 small pieces, where vb_buf_put's
 * check, call and terminator each time cost 72 K instructions on seed
 * 000. A later vb_buf_put writes the terminator. */
static void put_fit(vb_buf *b, const void *p, size_t n)
{
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put16_fit(vb_buf *b, unsigned v)
{
    wr16((unsigned char *)b->data + b->len, v);
    b->len += 2;
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

/* One component record of a composite glyph. */
typedef struct component {
    unsigned flags, gid;
    size_t size; /* bytes of the record, flags first */
} component;

/* The component record at offset p of composite glyph d (len bytes);
 * -1 when it runs past the glyph. The first record is at 10, the next at
 * p + size while flags has GLYF_MORE. */
static int read_component(const unsigned char *d, size_t len, size_t p,
                          component *cp)
{
    if (p + 4 > len)
        return -1;
    cp->flags = rd16(d + p);
    cp->gid = rd16(d + p + 2);
    size_t n = 4 + ((cp->flags & GLYF_ARG_WORDS) ? 4 : 2);
    if (cp->flags & GLYF_SCALE)
        n += 2;
    else if (cp->flags & GLYF_XY_SCALE)
        n += 4;
    else if (cp->flags & GLYF_2X2)
        n += 8;
    cp->size = n;
    return p + n > len ? -1 : 0;
}

/* The glyphs of a subset, ascending, and once the set is complete each
 * one's new gid. Sized by the glyphs embedded, not by the face; lookups
 * are binary searches over a few hundred entries. */
typedef struct glyph_set {
    uint16_t *g;
    size_t n, cap;
    uint16_t *slot; /* g[i]'s glyph id in the subset */
} glyph_set;

/* Where gid is in the set, or where it would go; *found says which. */
static size_t set_find(const glyph_set *set, unsigned gid, bool *found)
{
    size_t lo = 0, hi = set->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->g[mid] < gid)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = lo < set->n && set->g[lo] == gid;
    return lo;
}

/* Add gid to the set; false if it was there already. */
static bool set_add(pdf_ctx *c, glyph_set *set, unsigned gid)
{
    bool found;
    size_t at = set_find(set, gid, &found);
    if (found)
        return false;
    VB_VEC_PUSH(&c->arena, set->g, set->n, set->cap);
    memmove(set->g + at + 1, set->g + at, (set->n - 1 - at) * sizeof *set->g);
    set->g[at] = (uint16_t)gid;
    return true;
}

/* The new gid of a glyph known to be in the set. */
static unsigned set_slot(const glyph_set *set, unsigned gid)
{
    bool found;
    return set->slot[set_find(set, gid, &found)];
}

/* Add the components of composite glyph g (and theirs) to the set, walking
 * with stack (grown as needed: each glyph enters it once). */
static int add_components(pdf_ctx *c, const ttf_src *s, glyph_set *set,
                          glyph_set *stack, unsigned g)
{
    stack->n = 0;
    *VB_VEC_PUSH(&c->arena, stack->g, stack->n, stack->cap) = (uint16_t)g;
    while (stack->n) {
        const unsigned char *d;
        size_t len;
        if (glyph_data(s, stack->g[--stack->n], &d, &len) < 0)
            return -1;
        if (len < 10 || !(rd16(d) & 0x8000))
            continue; /* empty or simple */
        component cp = { .flags = GLYF_MORE };
        for (size_t p = 10; cp.flags & GLYF_MORE; p += cp.size) {
            if (read_component(d, len, p, &cp) < 0 || cp.gid >= s->nglyphs)
                return -1;
            if (set_add(c, set, cp.gid))
                *VB_VEC_PUSH(&c->arena, stack->g, stack->n, stack->cap) =
                    (uint16_t)cp.gid;
        }
    }
    return 0;
}

/* Bytes of x and y coordinates one point takes, by its flags shifted
 * right once (bits X_SHORT, Y_SHORT, REPEAT, X_SAME, Y_SAME): a short
 * coordinate is 1 byte, a long one 2, and a long one "same" as the last
 * none. REPEAT does not matter, so each row of 4 comes twice. A look-up
 * per flag instead of four tests. */
static const unsigned char COORD_BYTES[32] = {
    4, 3, 3, 2, 4, 3, 3, 2, /* neither same; x short, y short, both */
    2, 3, 1, 2, 2, 3, 1, 2, /* x same */
    2, 1, 3, 2, 2, 1, 3, 2, /* y same */
    0, 1, 1, 2, 0, 1, 1, 2, /* both same */
};

/* Where the coordinates of a simple glyph (d, len bytes) end, from its
 * flags at offset q for npts points; 0 if they run past the glyph. The
 * flags of seed 000's glyphs are ~9,000 bytes: this loop was half of
 * subsetting, so a flag without REPEAT takes the short way. */
static size_t coords_end(const unsigned char *d, size_t len, size_t q,
                         size_t npts)
{
    size_t xys = 0;
    for (size_t i = 0; i < npts;) {
        if (q >= len)
            return 0;
        unsigned fl = d[q++], b = COORD_BYTES[(fl >> 1) & 31];
        if (fl & 8) {
            if (q >= len)
                return 0;
            size_t rep = 1 + (size_t)d[q++];
            xys += rep * b;
            i += rep;
        } else {
            xys += b;
            i++;
        }
    }
    return q + xys <= len ? q + xys : 0;
}

/* Glyph d (len bytes) without its instructions, composite components
 * renumbered, padded to an even offset from base (the start of glyf):
 * never longer than len + 1, which out has room for. */
static int emit_glyph(vb_buf *out, size_t base, const unsigned char *d,
                      size_t len, const glyph_set *set)
{
    if (len == 0)
        return 0;
    if (len < 10)
        return -1;
    unsigned nc = rd16(d);
    if (nc & 0x8000) {
        put_fit(out, d, 10);
        component cp = { .flags = GLYF_MORE };
        for (size_t p = 10; cp.flags & GLYF_MORE; p += cp.size) {
            if (read_component(d, len, p, &cp) < 0)
                return -1;
            put16_fit(out, cp.flags & ~(unsigned)GLYF_INSTRUCTIONS);
            put16_fit(out, set_slot(set, cp.gid));
            put_fit(out, d + p + 4, cp.size - 4);
        }
    } else {
        size_t p = 10 + 2 * (size_t)nc;
        if (p + 2 > len)
            return -1;
        size_t npts = nc ? (size_t)rd16(d + p - 2) + 1 : 0;
        size_t flags_at = p + 2 + rd16(d + p);
        size_t end = coords_end(d, len, flags_at, npts);
        if (!end)
            return -1;
        put_fit(out, d, p);
        put16_fit(out, 0); /* no instructions */
        put_fit(out, d + flags_at, end - flags_at);
    }
    if ((out->len - base) & 1)
        out->data[out->len++] = 0;
    return 0;
}

/* The sum of a table's big-endian 32-bit words (the last one padded with
 * zeros), four words a step: the loop's own cost was as much as the sums
 * (over the 22 KB of seed 000's four programs: 16 K instructions less). */
static uint32_t table_checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 16 <= len; i += 16)
        sum += rd32(p + i) + rd32(p + i + 4) + rd32(p + i + 8) +
               rd32(p + i + 12);
    for (; i + 4 <= len; i += 4)
        sum += rd32(p + i);
    if (i < len) {
        unsigned char last[4] = { 0 };
        memcpy(last, p + i, len - i);
        sum += rd32(last);
    }
    return sum;
}

/* The subset's tables, sorted by tag as the table directory must be, and
 * written in this order. */
enum { T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP, T_POST, T_N };
static const char TABLE_TAG[T_N][4] = { "glyf", "head", "hhea", "hmtx",
                                        "loca", "maxp", "post" };

/* Pad out to a multiple of 4 bytes from start, as every table must be. */
static void pad4(vb_buf *out, size_t start)
{
    static const char zero[4] = { 0 };
    vb_buf_put(out, zero, (4 - (out->len - start) % 4) % 4);
}

/* Where u's glyphs go in its subset (see above): fills set (the glyphs,
 * ascending, with their new gids), u->gid_of_slot and u->nslots. */
static int subset_glyphs(pdf_ctx *c, face_use *u, const ttf_src *s,
                         glyph_set *set, const char *name)
{
    /* The set: .notdef, the glyphs drawn, and the components of composites
     * (found by walking from those; the work follows the glyphs used, not
     * the size of the face). */
    glyph_set stack = { 0 };
    set->cap = u->nused + 1 + 16;
    set->g = vb_alloc_nozero(&c->arena, set->cap * sizeof *set->g);
    set->g[set->n++] = 0;
    for (size_t k = 0; k < u->nused; k++) {
        if (u->used[k] >= s->nglyphs)
            return fail(c, "PDF: cannot subset font %s (glyph %u)", name,
                        (unsigned)u->used[k]);
        set->g[set->n++] = u->used[k];
    }
    for (size_t k = 0; k <= u->nused; k++) {
        unsigned g = k ? u->used[k - 1] : 0;
        if (add_components(c, s, set, &stack, g) < 0)
            return fail(c, "PDF: cannot subset font %s (glyph %u)", name, g);
    }
    if (c->ncids + set->n - 1 > 0xFFFF)
        return fail(c, "PDF: cannot subset font %s (over 65,535 glyphs)",
                    name);

    /* One walk along the set and drawn, both by gid: a glyph drawn goes
     * to the CIDs of its code points (a space and a no-break space are two
     * CIDs with the same glyph; components refer to the first), any other
     * after the CIDs. */
    uint16_t *slot_gid = vb_alloc_nozero(
        &c->arena, (c->ncids + set->n) * sizeof *slot_gid);
    for (unsigned k = 1; k < c->ncids; k++)
        slot_gid[k] = VB_NO_GLYPH;
    slot_gid[0] = 0;
    set->slot = vb_alloc_nozero(&c->arena, set->n * sizeof *set->slot);
    set->slot[0] = 0;
    unsigned n = c->ncids;
    size_t j = 0;
    for (size_t i = 1; i < set->n; i++) {
        uint16_t g = set->g[i];
        if (j < u->ndrawn && u->drawn[j].gid == g) {
            set->slot[i] = (uint16_t)cid_of_cp(u, u->drawn[j].cp);
            for (; j < u->ndrawn && u->drawn[j].gid == g; j++)
                slot_gid[cid_of_cp(u, u->drawn[j].cp)] = g;
        } else {
            set->slot[i] = (uint16_t)n;
            slot_gid[n++] = g;
        }
    }
    u->gid_of_slot = slot_gid;
    u->nslots = n;
    return 0;
}

/* Append the font program of u's subset to out. */
static int subset_program(pdf_ctx *c, const face_use *u, const ttf_src *s,
                          const glyph_set *set, const char *name, vb_buf *out)
{
    unsigned n = u->nslots;

    /* The program is written in one piece, straight into out: the offset
     * table and directory, then each table, 4-byte aligned; its size is
     * known up front (a glyph's copy is at most one byte longer), so out
     * grows once. */
    size_t glyf_max = 0;
    for (unsigned k = 0; k < n; k++) {
        const unsigned char *d;
        size_t len;
        if (u->gid_of_slot[k] == VB_NO_GLYPH)
            continue;
        if (glyph_data(s, u->gid_of_slot[k], &d, &len) < 0)
            return fail(c, "PDF: cannot subset font %s (malformed glyph)",
                        name);
        glyf_max += len + 1;
    }
    size_t start = out->len;
    vb_buf_reserve(out, 12 + 16 * T_N + glyf_max + 54 + 36 + 8 * (size_t)n +
                            4 + 32 + 32 + 4 * T_N);
    unsigned char hdr[12] = { 0, 1, 0, 0 };
    wr16(hdr + 4, T_N);
    wr16(hdr + 6, 64);  /* searchRange: 16 * 4, the largest power of 2 <= 7 */
    wr16(hdr + 8, 2);   /* entrySelector: log2(4) */
    wr16(hdr + 10, T_N * 16 - 64);
    vb_buf_put(out, hdr, sizeof hdr);
    memset(out->data + out->len, 0, 16 * T_N);
    out->len += 16 * T_N;
    size_t at[T_N + 1];

    at[T_GLYF] = out->len;
    uint32_t *offs = vb_alloc_nozero(&c->arena, ((size_t)n + 1) * 4);
    uint16_t *adv = vb_alloc_nozero(&c->arena, (size_t)n * 2);
    for (unsigned k = 0; k < n; k++) {
        unsigned g = u->gid_of_slot[k];
        const unsigned char *d;
        size_t len;
        offs[k] = (uint32_t)(out->len - at[T_GLYF]);
        if (g == VB_NO_GLYPH) {
            adv[k] = 0; /* empty, no width */
            continue;
        }
        glyph_data(s, g, &d, &len); /* checked above */
        if (emit_glyph(out, at[T_GLYF], d, len, set) < 0)
            return fail(c, "PDF: cannot subset font %s (malformed glyph)",
                        name);
        adv[k] = (uint16_t)rd16(s->hmtx + 4 * (g < s->nhm ? g : s->nhm - 1));
    }
    size_t glyf_len = out->len - at[T_GLYF];
    offs[n] = (uint32_t)glyf_len;
    if (glyf_len > 0x7FFFFFFF)
        return fail(c, "PDF: cannot subset font %s (too large)", name);
    bool long_loca = glyf_len > 0x1FFFE;
    pad4(out, start);

    at[T_HEAD] = out->len;
    vb_buf_put(out, s->head, 54);
    /* checkSumAdjustment, set once the whole program is summed. */
    wr32((unsigned char *)out->data + at[T_HEAD] + 8, 0);
    wr16((unsigned char *)out->data + at[T_HEAD] + 50, long_loca);
    pad4(out, start);

    /* hmtx: trailing glyphs of equal advance share the last long metric. */
    unsigned nh = n;
    while (nh > 1 && adv[nh - 1] == adv[nh - 2])
        nh--;
    at[T_HHEA] = out->len;
    vb_buf_put(out, s->hhea, 36);
    wr16((unsigned char *)out->data + at[T_HHEA] + 34, nh);

    at[T_HMTX] = out->len;
    for (unsigned k = 0; k < n; k++) {
        unsigned g = u->gid_of_slot[k];
        size_t o = g < s->nhm ? 4 * (size_t)g + 2
                              : 4 * (size_t)s->nhm + 2 * (size_t)(g - s->nhm);
        unsigned lsb = g != VB_NO_GLYPH && o + 2 <= s->hmtx_len
                           ? rd16(s->hmtx + o) : 0;
        if (k < nh)
            put16_fit(out, adv[k]);
        put16_fit(out, lsb);
    }
    size_t hmtx_len = out->len - at[T_HMTX];
    pad4(out, start);

    at[T_LOCA] = out->len;
    for (unsigned k = 0; k <= n; k++) {
        if (long_loca) {
            wr32((unsigned char *)out->data + out->len, offs[k]);
            out->len += 4;
        } else {
            put16_fit(out, offs[k] / 2);
        }
    }
    size_t loca_len = out->len - at[T_LOCA];
    pad4(out, start);

    at[T_MAXP] = out->len;
    if (rd32(s->maxp) == 0x00010000 && s->maxp_len >= 32) {
        vb_buf_put(out, s->maxp, 32);
        unsigned char *m = (unsigned char *)out->data + at[T_MAXP];
        /* No instructions: no zones, storage, functions or stack. */
        wr16(m + 14, 1);
        memset(m + 16, 0, 12);
    } else {
        vb_buf_put(out, s->maxp, 6);
    }
    wr16((unsigned char *)out->data + at[T_MAXP] + 4, n);
    size_t maxp_len = out->len - at[T_MAXP];
    pad4(out, start);

    at[T_POST] = out->len;
    unsigned char post[32] = { 0 };
    if (s->post && s->post_len >= 16)
        memcpy(post, s->post, 16); /* angle, underline, fixed pitch */
    wr32(post, 0x00030000);       /* format 3: no glyph names */
    vb_buf_put(out, post, sizeof post);
    at[T_N] = out->len;

    /* The directory. A table's checksum covers its padding (zeros), so the
     * file's is the directory's plus the tables': one pass over the data. */
    const size_t len_of[T_N] = { glyf_len, 54, 36, hmtx_len, loca_len,
                                 maxp_len, 32 };
    unsigned char *base = (unsigned char *)out->data;
    uint32_t sum = 0;
    for (int i = 0; i < T_N; i++) {
        unsigned char *r = base + start + 12 + 16 * i;
        uint32_t cs = table_checksum(base + at[i], at[i + 1] - at[i]);
        memcpy(r, TABLE_TAG[i], 4);
        wr32(r + 4, cs);
        wr32(r + 8, (uint32_t)(at[i] - start));
        wr32(r + 12, (uint32_t)len_of[i]);
        sum += cs;
    }
    sum += table_checksum(base + start, 12 + 16 * T_N);
    wr32(base + at[T_HEAD] + 8, 0xB1B0AFBAu - sum);
    return 0;
}

/* Each CID's width, from the same table layout measures with. Kept by
 * CID, the text of a page adds them up without a look-up by code point
 * per glyph (2,561 of them on seed 000: 114 K instructions). */
static void cid_widths(pdf_ctx *c, face_use *u, unsigned ncids)
{
    u->width = vb_alloc_nozero(&c->arena, (size_t)ncids * sizeof *u->width);
    for (unsigned cid = 0; cid < ncids; cid++) {
        unsigned g = u->gid_of_slot[cid];
        u->width[cid] = g == VB_NO_GLYPH
                            ? 0
                            : (uint16_t)vb_font_glyph_advance(u->font,
                                                              (uint16_t)g);
    }
}

/* /W [c [w w ...] ...]: the widths of the CIDs the face draws, a run of
 * consecutive ones at a time (as text: a few hundred numbers as libharu
 * objects cost more than the rest of the font). */
static void put_widths(vb_buf *t, const face_use *u, unsigned ncids)
{
    vb_buf_reserve(t, 16 + (size_t)ncids * 5);
    vb_buf_puts(t, "/W [ ");
    for (unsigned cid = 1; cid < ncids;) {
        if (u->gid_of_slot[cid] == VB_NO_GLYPH) {
            cid++;
            continue;
        }
        put_uint(t, cid);
        vb_buf_put(t, " [ ", 3);
        for (; cid < ncids && u->gid_of_slot[cid] != VB_NO_GLYPH; cid++) {
            put_uint(t, u->width[cid]);
            vb_buf_put(t, " ", 1);
        }
        vb_buf_put(t, "] ", 2);
    }
    vb_buf_puts(t, "]\012");
}

static void put_hex4(vb_buf *b, unsigned v)
{
    char h[6] = { '<', 0, 0, 0, 0, '>' };
    hex4(h + 1, v);
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
    put_uint(b, n);
    vb_buf_puts(b, " begin");
    vb_buf_puts(b, kind);
    vb_buf_put(b, "\n", 1);
    vb_buf_put(b, body->data, body->len);
    vb_buf_puts(b, "end");
    vb_buf_puts(b, kind);
    vb_buf_put(b, "\n", 1);
    body->len = 0;
}

/* The ToUnicode CMap, one for all the fonts: each CID -> its code point
 * as UTF-16BE (BMP only, so one unit), grouped into bfrange where
 * possible. */
static void tounicode_cmap(pdf_ctx *c, vb_buf *b)
{
    cid_cp *m = vb_alloc_array(&c->arena, c->ncids, sizeof *m);
    size_t n = 0;
    for (unsigned cid = 1; cid < c->ncids; cid++)
        m[n++] = (cid_cp){ (uint16_t)cid, c->cp_of_cid[cid] };

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

static void font_descriptor_text(vb_buf *t, const vb_font_metrics *m,
                                 const char *name, HPDF_Dict file)
{
    vb_buf_puts(t, "/Type /FontDescriptor\012/FontName ");
    put_name(t, name);
    vb_buf_puts(t, "\012/Flags ");
    put_int(t, m->flags);
    vb_buf_puts(t, "\012/FontBBox [ ");
    for (int i = 0; i < 4; i++) {
        put_int(t, m->bbox[i]);
        vb_buf_put(t, " ", 1);
    }
    vb_buf_puts(t, "]\012/ItalicAngle ");
    if (m->italic_angle == floor(m->italic_angle))
        put_int(t, (long)m->italic_angle);
    else
        put_real(t, m->italic_angle);
    vb_buf_puts(t, "\012/Ascent ");
    put_int(t, m->ascender);
    vb_buf_puts(t, "\012/Descent ");
    put_int(t, m->descender);
    vb_buf_puts(t, "\012/CapHeight ");
    put_int(t, m->cap_height);
    vb_buf_puts(t, "\012/StemV ");
    put_int(t, m->stem_v);
    vb_buf_puts(t, "\012/FontFile2 ");
    put_ref(t, file);
    vb_buf_puts(t, "\012");
}

static void cid_font_text(vb_buf *t, const face_use *u, unsigned ncids,
                          const char *name, HPDF_Dict fd)
{
    vb_buf_puts(t, "/Type /Font\012/Subtype /CIDFontType2\012/BaseFont ");
    put_name(t, name);
    vb_buf_puts(t, "\012/CIDSystemInfo <<\012/Registry (Adobe)\012"
                   "/Ordering (Identity)\012/Supplement 0\012>>\012"
                   "/FontDescriptor ");
    put_ref(t, fd);
    vb_buf_puts(t, "\012/DW 1000\012");
    put_widths(t, u, ncids);
    vb_buf_puts(t, "/CIDToGIDMap /Identity\012");
}

static void type0_text(vb_buf *t, const char *name, HPDF_Dict cf,
                       HPDF_Dict tounicode)
{
    vb_buf_puts(t, "/Type /Font\012/Subtype /Type0\012/BaseFont ");
    put_name(t, name);
    vb_buf_puts(t, "\012/Encoding /Identity-H\012/DescendantFonts [ ");
    put_ref(t, cf);
    vb_buf_puts(t, " ]\012/ToUnicode ");
    put_ref(t, tounicode);
    vb_buf_puts(t, "\012");
}

/* Everything for one used face; u->type0 is the resulting resource. The
 * objects are made in the order they are numbered in, and each one's
 * entries are text (see set_text). */
static int build_font(pdf_ctx *c, int f)
{
    face_use *u = &c->face[f];
    const vb_font_metrics *m = vb_font_get_metrics(u->font);
    ttf_src s;
    glyph_set set = { 0 };
    if (ttf_open(u->font, &s) < 0)
        return fail(c, "PDF: cannot subset font %s (unreadable tables)",
                    m->postscript_name);
    if (subset_glyphs(c, u, &s, &set, m->postscript_name) < 0)
        return -1;
    char tag[7], name[128];
    subset_tag(c, u, f, tag);
    snprintf(name, sizeof name, "%s+%s", tag, m->postscript_name);

    vb_buf *prog = scratch_begin(c);
    if (subset_program(c, u, &s, &set, name, prog) < 0)
        return -1;
    cid_widths(c, u, c->ncids);
    id_add(c, prog->data, prog->len);
    vb_buf *t = text_begin(c);
    vb_buf_puts(t, "/Length1 ");
    put_uint(t, prog->len);
    vb_buf_puts(t, "\012");
    HPDF_Dict file = new_stream(c, prog->data, prog->len,
                                c->compress ? VB_Z_FONT : 0, t->data);
    HPDF_Dict fd = file ? new_indirect_dict(c) : NULL;
    HPDF_Dict cf = fd ? new_indirect_dict(c) : NULL;
    HPDF_Dict t0 = cf ? new_indirect_dict(c) : NULL;
    if (!t0)
        return fail(c, "PDF: cannot build font %s", name);
    t = text_begin(c);
    font_descriptor_text(t, m, name, file);
    set_text(c, fd, t);
    t = text_begin(c);
    cid_font_text(t, u, c->ncids, name, fd);
    set_text(c, cf, t);
    t = text_begin(c);
    type0_text(t, name, cf, c->tounicode);
    set_text(c, t0, t);
    u->type0 = t0;
    return check(c, "font objects");
}

/* The ToUnicode map the fonts share, then the fonts. */
static int build_fonts(pdf_ctx *c)
{
    if (c->ncids <= 1)
        return 0; /* nothing drawable */
    vb_buf *cmap = scratch_begin(c);
    tounicode_cmap(c, cmap);
    id_add(c, cmap->data, cmap->len);
    c->tounicode = new_stream(c, cmap->data, cmap->len,
                              c->compress ? VB_Z_FONT : 0, NULL);
    if (!c->tounicode)
        return fail(c, "PDF: cannot build the ToUnicode map");
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
    long long mx = round_ll(x * 1000.0), my = round_ll(y * 1000.0);
    put_num(&ct->b, (double)(mx - ct->line_x) / 1000.0);
    put_num(&ct->b, (double)(my - ct->line_y) / 1000.0);
    vb_buf_puts(&ct->b, "Td\n");
    ct->line_x = mx;
    ct->line_y = my;
}

/* How a byte of a glyph code is escaped in a literal string: the letter
 * after the backslash, 0 for none. The string's delimiters, the backslash,
 * and CR and LF, which a reader would take for an end of line (CR LF read
 * as one LF). */
static const char CODE_ESCAPE[256] = {
    ['('] = '(', [')'] = ')', ['\\'] = '\\', ['\r'] = 'r', ['\n'] = 'n',
};

static char *put_code_byte(char *o, unsigned char b)
{
    if (CODE_ESCAPE[b]) {
        *o++ = '\\';
        *o++ = CODE_ESCAPE[b];
    } else {
        *o++ = (char)b;
    }
    return o;
}

/* A glyph code's two bytes (Identity-H) in a literal string at o; returns
 * the end. Two bytes instead of hex's four: a page's content stream is
 * mostly glyph codes, and every byte of it is formatted, deflated and
 * stored. */
static char *put_code(char *o, unsigned cid)
{
    o = put_code_byte(o, (unsigned char)(cid >> 8));
    return put_code_byte(o, (unsigned char)cid);
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
            ct->pen_x -= (double)round_ll(adj * 1000.0) / 1e6 * it->size;
        }
    } else {
        close_tj(ct);
        move_to(ct, it->x, it->y);
        vb_buf_put(&ct->b, "[", 1);
        ct->tj_open = true;
        ct->tj_y = it->y;
        ct->pen_x = (double)ct->line_x / 1000.0;
    }
    vb_buf_put(&ct->b, "(", 1);
    /* At most 4 bytes per byte of text (a code's two bytes, each escaped):
     * written in place. */
    vb_buf_reserve(&ct->b, 4 * it->len + 8);
    char *o = ct->b.data + ct->b.len;
    const unsigned char *t = (const unsigned char *)it->text;
    size_t i = 0;
    long adv = 0; /* the run's width in thousandths of the size */
    while (i < it->len) {
        int32_t cp = t[i] < 0x80 ? t[i++] : vb_utf8_next(it->text, it->len, &i);
        unsigned cid = cp > 0 ? cid_of_cp(u, (uint32_t)cp) : 0;
        if (!cid)
            continue; /* missing glyphs take no room, as in layout */
        adv += u->width[cid];
        o = put_code(o, cid);
    }
    *o++ = ')';
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

/* The /Resources entries after /ProcSet: /Font << /F0 .. >> and
 * /XObject << /Im0 .. >> for what the page draws. */
static void page_resources(pdf_ctx *c, page_obj *po, const content *ct)
{
    vb_buf *t = text_begin(c);
    if (ct->faces_used) {
        vb_buf_puts(t, "/Font <<\012");
        for (int f = 0; f < VB_FACE_COUNT; f++) {
            if (!(ct->faces_used & (1u << f)))
                continue;
            vb_buf_puts(t, "/F");
            put_uint(t, (size_t)f);
            vb_buf_put(t, " ", 1);
            put_ref(t, c->face[f].type0);
            vb_buf_puts(t, "\012");
        }
        vb_buf_puts(t, ">>\012");
    }
    if (ct->nimages_used) {
        vb_buf_puts(t, "/XObject <<\012");
        for (size_t i = 0; i < ct->nimages_used; i++) {
            vb_buf_puts(t, "/Im");
            put_uint(t, ct->images_used[i]);
            vb_buf_put(t, " ", 1);
            put_ref(t, c->images[ct->images_used[i]].image);
            vb_buf_puts(t, "\012");
        }
        vb_buf_puts(t, ">>\012");
    }
    po->resources = vb_strndup(&c->arena, t->data, t->len);
}

/* The page's dictionary and content stream, numbered as HPDF_AddPage
 * numbers them, and the page among the kids of the page tree. The
 * dictionary is a libharu page for the tree's /Count and nothing else:
 * its entries are text (finish_pages). */
static int new_page(pdf_ctx *c, const vb_page *pg, size_t p, page_obj *po)
{
    /* HPDF_Page_SetWidth and SetHeight's limits, on the same floats. */
    HPDF_REAL w = (HPDF_REAL)pg->width, h = (HPDF_REAL)pg->height;
    if (w < 3 || w > 14400 || h < 3 || h > 14400)
        return fail(c, "PDF: page %zu has an invalid size %.3f x %.3f pt",
                    p + 1, pg->width, pg->height);
    po->dict = new_indirect_dict(c);
    po->contents = po->dict ? new_stream_dict(c) : NULL;
    HPDF_Array kids = HPDF_Dict_GetItem(c->pdf->root_pages, "Kids",
                                        HPDF_OCLASS_ARRAY);
    if (!po->contents || !kids || HPDF_Array_Add(kids, po->dict) != HPDF_OK)
        return check(c, "a page");
    po->dict->header.obj_class |= HPDF_OSUBCLASS_PAGE;
    return 0;
}

static int build_page(pdf_ctx *c, size_t p)
{
    const vb_page *pg = &c->d->pages[p];
    page_obj *po = &c->pages[p];
    if (new_page(c, pg, p, po) < 0)
        return -1;
    content ct = { .fill = { 0, 0, 0 }, .stroke = { 0, 0, 0 }, .lw = 1.0,
                   .font = -1 };
    ct.b = *scratch_begin(c);
    int rc = page_content(c, pg, p, &ct);
    if (rc == 0) {
        id_num(c, pg->width);
        id_num(c, pg->height);
        id_add(c, ct.b.data ? ct.b.data : "", ct.b.len);
        rc = stream_put(c, po->contents, ct.b.data, ct.b.len,
                        c->compress ? VB_Z_TEXT : 0, NULL);
    }
    c->scratch = ct.b;
    if (rc == 0)
        page_resources(c, po, &ct);
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

/* Each page's entries, in the order libharu's pages hold them. */
static void finish_pages(pdf_ctx *c)
{
    for (size_t p = 0; p < c->d->npages; p++) {
        const page_obj *po = &c->pages[p];
        const vb_page *pg = &c->d->pages[p];
        vb_buf *t = text_begin(c);
        vb_buf_puts(t, "/Type /Page\012/MediaBox ");
        put_box_array(t, 0, 0, pg->width, pg->height);
        vb_buf_puts(t, "\012/Contents ");
        put_ref(t, po->contents);
        vb_buf_puts(t, "\012/Resources <<\012"
                       "/ProcSet [ /PDF /Text /ImageB /ImageC /ImageI ]\012");
        vb_buf_puts(t, po->resources);
        vb_buf_puts(t, ">>\012/Parent ");
        put_ref(t, c->pdf->root_pages);
        vb_buf_puts(t, "\012");
        if (po->nannots) {
            vb_buf_puts(t, "/Annots [ ");
            for (size_t i = 0; i < po->nannots; i++) {
                put_ref(t, po->annots[i]);
                vb_buf_put(t, " ", 1);
            }
            vb_buf_puts(t, "]\012");
        }
        set_text(c, po->dict, t);
    }
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

/* text_string's bytes as text: (literal) or <FEFF...>. */
static void put_text_string(vb_buf *t, const char *s)
{
    if (is_ascii(s)) {
        put_literal(t, s);
        return;
    }
    vb_buf u;
    vb_buf_init(&u);
    utf16be(&u, s);
    put_hex_string(t, u.data, u.len);
    vb_buf_free(&u);
}

/* One Info entry as text; none for NULL. */
static void info_entry(vb_buf *t, const char *key, const char *value)
{
    if (!value)
        return;
    vb_buf_puts(t, key);
    put_text_string(t, value);
    vb_buf_puts(t, "\012");
}

/* What HPDF_SetInfoDateAttr accepts of a date (the time, midnight at
 * +07'00', always passes). */
static bool valid_date(int year, int month, int day)
{
    static const int days[12] = { 31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31 };
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1])
        return false;
    bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return !(month == 2 && day == 29 && !leap);
}

/* (D:YYYYMMDD000000+07'00'), digits as HPDF_IToA2 writes them: the last
 * 4 of the year, zero-padded. */
/* v zero-padded to width digits, as HPDF_IToA2 writes xref fields. */
static void put_padded(vb_buf *b, unsigned long v, int width)
{
    vb_buf_reserve(b, (size_t)width);
    char *p = b->data + b->len;
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
    b->len += (size_t)width;
    b->data[b->len] = 0;
}

static void put_info_date(vb_buf *t, int year, int month, int day)
{
    vb_buf_puts(t, "(D:");
    put_padded(t, (unsigned long)year, 4);
    put_padded(t, (unsigned long)month, 2);
    put_padded(t, (unsigned long)day, 2);
    vb_buf_puts(t, "000000+07'00')");
}

/* The Info dictionary, as text: libharu's own Producer (which the XMP
 * would not mention) goes, and the entries follow in the order libharu
 * would hold them (Producer first, where the document began with its
 * own). */
static int build_info(pdf_ctx *c, const vb_meta *m)
{
    /* libharu makes Info with the document (and its trailer entry in
     * save); without one, setting an attribute makes it. */
    if (!c->pdf->info &&
        HPDF_SetInfoAttr(c->pdf, HPDF_INFO_PRODUCER, "vanban") != HPDF_OK)
        return check(c, "document information");
    HPDF_Dict_RemoveElement(c->pdf->info, "Producer");
    /* Hashed in the order the entries were once set in. */
    const char *hashed[] = { m->title, m->author, m->subject, m->keywords,
                             m->creator, m->producer };
    for (size_t i = 0; i < sizeof hashed / sizeof *hashed; i++)
        id_str(c, hashed[i]);
    vb_buf *t = text_begin(c);
    info_entry(t, "/Producer ", m->producer);
    info_entry(t, "/Title ", m->title);
    info_entry(t, "/Author ", m->author);
    info_entry(t, "/Subject ", m->subject);
    info_entry(t, "/Keywords ", m->keywords);
    info_entry(t, "/Creator ", m->creator);
    if (m->year > 0) {
        /* A plan has a date, not a time: midnight, Vietnam time (the XMP
         * dates in pdfa.c say the same instant). */
        if (!valid_date(m->year, m->month, m->day))
            return fail(c, "PDF: invalid document date %04d-%02d-%02d",
                        m->year, m->month, m->day);
        id_num(c, m->year * 10000 + m->month * 100 + m->day);
        vb_buf_puts(t, "/CreationDate ");
        put_info_date(t, m->year, m->month, m->day);
        vb_buf_puts(t, "\012/ModDate ");
        put_info_date(t, m->year, m->month, m->day);
        vb_buf_puts(t, "\012");
    }
    set_text(c, c->pdf->info, t);
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
    vb_buf *x = scratch_begin(c);
    vb_xmp_packet(x, m, m->source ? 3 : 2);
    id_add(c, x->data, x->len);
    HPDF_Dict s = new_stream(c, x->data, x->len, 0,
                             "/Type /Metadata\012/Subtype /XML\012");
    if (!s)
        return check(c, "the XMP metadata");
    HPDF_Dict_Add(c->pdf->catalog, "Metadata", s);
    return check(c, "the XMP metadata");
}

/* The sRGB profile, as it is embedded. */
typedef struct icc_bytes {
    const unsigned char *raw, *z;
    size_t raw_len, z_len; /* z_len 0: store raw */
} icc_bytes;

/* Without a builtin profile (a cross build), it is made once per process
 * and shared by every document (published atomically, so renders in
 * several threads may race to make it; one copy wins, the others are
 * freed). */
typedef struct icc_cache {
    vb_buf raw, z; /* z.len 0: store raw */
} icc_cache;

static const icc_cache *_Atomic icc_shared;

static const icc_cache *icc_made(pdf_ctx *c)
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
    vb_buf_put(&n->z, deflated(c), zl);
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

/* The profile's bytes: those built into the program when they were
 * deflated at this build's level, else made here. */
static int icc_profile(pdf_ctx *c, icc_bytes *out)
{
    const vb_icc_builtin *bi = &vb_icc_srgb_builtin;
    if (bi->raw && bi->level == VB_Z_TEXT) {
        *out = (icc_bytes){ bi->raw, bi->z, bi->raw_len, bi->z_len };
        return 0;
    }
    const icc_cache *m = icc_made(c);
    if (!m)
        return -1;
    *out = (icc_bytes){ (const unsigned char *)m->raw.data,
                        (const unsigned char *)m->z.data, m->raw.len,
                        m->z.len };
    return 0;
}

/* /OutputIntents: PDF/A needs one before DeviceRGB/DeviceGray colours mean
 * anything; ours says "sRGB", with a profile generated in pdfa.c. */
static int build_output_intent(pdf_ctx *c)
{
    icc_bytes icc;
    if (icc_profile(c, &icc) < 0)
        return -1;
    id_add(c, icc.raw, icc.raw_len);
    HPDF_Dict prof = new_stream_dict(c);
    if (prof) {
        bool z = c->compress && icc.z_len;
        set_stream_text(c, prof, "/N 3\012", z);
        if (raw_stream(c, prof, z ? icc.z : icc.raw,
                       z ? icc.z_len : icc.raw_len) < 0)
            return -1;
    }
    HPDF_Array intents = child_array(c, c->pdf->catalog, "OutputIntents");
    HPDF_Dict oi = new_dict(c);
    if (!prof || !intents || !oi || HPDF_Array_Add(intents, oi) != HPDF_OK)
        return check(c, "the output intent");
    vb_buf *t = text_begin(c);
    vb_buf_puts(t, "/Type /OutputIntent\012/S /GTS_PDFA1\012"
                   "/OutputConditionIdentifier ");
    put_literal(t, VB_ICC_SRGB_NAME);
    vb_buf_puts(t, "\012/Info ");
    put_literal(t, VB_ICC_SRGB_NAME);
    vb_buf_puts(t, "\012/RegistryName ");
    put_literal(t, "http://www.color.org");
    vb_buf_puts(t, "\012/DestOutputProfile ");
    put_ref(t, prof);
    vb_buf_puts(t, "\012");
    set_text(c, oi, t);
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
                                c->compress ? VB_Z_TEXT : 0, NULL);
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
 * HPDF_Destination_SetXYZ cannot express. An indirect array, as libharu's
 * destinations are (an array cannot be written as text). */
static HPDF_Array outline_dest(pdf_ctx *c, HPDF_Dict page, double top)
{
    HPDF_Array dst = HPDF_Array_New(c->pdf->mmgr);
    if (!dst || HPDF_Xref_Add(c->pdf->xref, dst) != HPDF_OK)
        return NULL; /* Xref_Add freed it */
    HPDF_Array_Add(dst, page);
    HPDF_Array_AddName(dst, "XYZ");
    HPDF_Array_AddNumber(dst, 0);
    HPDF_Array_AddReal(dst, (HPDF_REAL)top);
    HPDF_Array_Add(dst, HPDF_Null_New(c->pdf->mmgr));
    return dst;
}

/* One outline item and its place in the tree (indices into the outline;
 * -1: none, and a parent of -1 is the root). */
typedef struct outline_node {
    HPDF_Dict dict;
    HPDF_Array dest;
    long parent, prev, next, first, last;
    size_t count; /* descendants, all of them open */
} outline_node;

/* An item's entries, in the order libharu's outline objects hold them:
 * Title, Prev, Parent, Dest, then First and Last once it has children,
 * Next once it has a sibling after it, and Count (written last). The
 * title is UTF-16BE, which libharu's UTF-8 encoder would cost more to set
 * up than the whole outline. */
static void outline_text(vb_buf *t, const outline_node *v, long i,
                         HPDF_Dict root, const char *title)
{
    const outline_node *o = &v[i];
    vb_buf u;
    vb_buf_init(&u);
    utf16be(&u, title ? title : "");
    vb_buf_puts(t, "/Title ");
    put_hex_string(t, u.data, u.len);
    vb_buf_free(&u);
    if (o->prev >= 0) {
        vb_buf_puts(t, "\012/Prev ");
        put_ref(t, v[o->prev].dict);
    }
    vb_buf_puts(t, "\012/Parent ");
    put_ref(t, o->parent >= 0 ? v[o->parent].dict : root);
    vb_buf_puts(t, "\012/Dest ");
    put_ref(t, o->dest);
    if (o->first >= 0) {
        vb_buf_puts(t, "\012/First ");
        put_ref(t, v[o->first].dict);
        vb_buf_puts(t, "\012/Last ");
        put_ref(t, v[o->last].dict);
    }
    if (o->next >= 0) {
        vb_buf_puts(t, "\012/Next ");
        put_ref(t, v[o->next].dict);
    }
    if (o->count) {
        vb_buf_puts(t, "\012/Count ");
        put_uint(t, o->count);
    }
    vb_buf_puts(t, "\012");
}

/* The document outline, every entry open; its objects are numbered as
 * libharu numbers them (the root, then each item and its destination). */
static int build_outline(pdf_ctx *c)
{
    size_t n = c->d->noutline;
    if (!n)
        return 0;
    HPDF_Dict root = new_indirect_dict(c);
    if (!root || HPDF_Dict_Add(c->pdf->catalog, "Outlines", root) != HPDF_OK)
        return check(c, "the outline");
    outline_node *v = vb_alloc_array(&c->arena, n, sizeof *v);
    long last[VB_OUTLINE_DEPTH + 1];
    for (int k = 0; k <= VB_OUTLINE_DEPTH; k++)
        last[k] = -1;
    long first = -1, final = -1; /* the root's children */
    for (size_t i = 0; i < n; i++) {
        const vb_outline *o = &c->d->outline[i];
        if (o->page >= c->d->npages)
            return fail(c, "PDF: outline entry '%s' points at page %zu of %zu",
                        o->title ? o->title : "", o->page + 1, c->d->npages);
        int lv = o->level < 1 ? 1 : o->level > VB_OUTLINE_DEPTH
                                        ? VB_OUTLINE_DEPTH : o->level;
        /* The parent is the nearest shallower entry before this one. */
        long parent = -1;
        for (int k = lv - 1; k >= 1 && parent < 0; k--)
            parent = last[k];
        outline_node *x = &v[i];
        x->dict = new_indirect_dict(c);
        x->dest = x->dict ? outline_dest(c, c->pages[o->page].dict, o->y) : NULL;
        if (!x->dest)
            return check(c, "the outline");
        long *pfirst = parent >= 0 ? &v[parent].first : &first;
        long *plast = parent >= 0 ? &v[parent].last : &final;
        x->parent = parent;
        x->prev = *plast;
        x->next = x->first = x->last = -1;
        if (x->prev >= 0)
            v[x->prev].next = (long)i;
        else
            *pfirst = (long)i;
        *plast = (long)i;
        for (long a = parent; a >= 0; a = v[a].parent)
            v[a].count++;
        last[lv] = (long)i;
        for (int k = lv + 1; k <= VB_OUTLINE_DEPTH; k++)
            last[k] = -1;
        id_str(c, o->title);
        id_num(c, (double)(o->page * 100 + (size_t)lv));
        id_num(c, o->y);
    }
    for (size_t i = 0; i < n; i++) {
        vb_buf *t = text_begin(c);
        outline_text(t, v, (long)i, root, c->d->outline[i].title);
        set_text(c, v[i].dict, t);
    }
    vb_buf *t = text_begin(c);
    vb_buf_puts(t, "/Type /Outlines\012/First ");
    put_ref(t, v[first].dict);
    vb_buf_puts(t, "\012/Last ");
    put_ref(t, v[final].dict);
    vb_buf_puts(t, "\012/Count ");
    put_uint(t, n);
    vb_buf_puts(t, "\012");
    set_text(c, root, t);
    HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    return check(c, "the outline");
}

/* The widget's normal appearance: an empty form of the field's size (PDF/A
 * wants every widget to have one). */
static HPDF_Dict empty_form(pdf_ctx *c, double w, double h)
{
    vb_buf *t = text_begin(c);
    vb_buf_puts(t, "/Type /XObject\012/Subtype /Form\012/BBox ");
    put_box_array(t, 0, 0, w, h);
    vb_buf_puts(t, "\012");
    return new_stream(c, NULL, 0, 0, t->data);
}

static HPDF_Dict sig_field(pdf_ctx *c, const vb_field *f)
{
    page_obj *po = &c->pages[f->page];
    HPDF_Dict w = new_indirect_dict(c);
    HPDF_Dict form = w ? empty_form(c, f->w, f->h) : NULL;
    if (!form)
        return NULL;
    vb_buf *t = text_begin(c);
    vb_buf_puts(t, "/Type /Annot\012/Subtype /Widget\012/FT /Sig\012/T ");
    put_literal(t, f->name ? f->name : "Signature");
    vb_buf_puts(t, "\012/Rect ");
    put_box_array(t, f->x, f->y, f->x + f->w, f->y + f->h);
    vb_buf_puts(t, "\012/F 4\012/P "); /* /F 4: Print */
    put_ref(t, po->dict);
    vb_buf_puts(t, "\012/AP <<\012/N ");
    put_ref(t, form);
    vb_buf_puts(t, "\012>>\012");
    set_text(c, w, t);
    *VB_VEC_PUSH(&c->arena, po->annots, po->nannots, po->annots_cap) = w;
    return w;
}

static int build_fields(pdf_ctx *c)
{
    if (!c->d->nfields)
        return 0;
    HPDF_Dict acro = new_dict(c);
    if (!acro)
        return check(c, "the signature fields");
    vb_buf refs;
    vb_buf_init(&refs);
    vb_buf_puts(&refs, "/Fields [ ");
    for (size_t i = 0; i < c->d->nfields; i++) {
        const vb_field *f = &c->d->fields[i];
        if (f->page >= c->d->npages) {
            vb_buf_free(&refs);
            HPDF_Dict_Free(acro);
            return fail(c, "PDF: signature field '%s' is on page %zu of %zu",
                        f->name ? f->name : "", f->page + 1, c->d->npages);
        }
        HPDF_Dict w = sig_field(c, f);
        if (!w) {
            vb_buf_free(&refs);
            HPDF_Dict_Free(acro);
            return check(c, "a signature field");
        }
        put_ref(&refs, w);
        vb_buf_put(&refs, " ", 1);
        id_str(c, f->name);
        id_num(c, (double)f->page);
        id_num(c, f->x);
        id_num(c, f->y);
        id_num(c, f->w);
        id_num(c, f->h);
    }
    /* SignaturesExist | AppendOnly: signing must be an incremental update. */
    vb_buf_puts(&refs, "]\012/SigFlags 3\012");
    set_text(c, acro, &refs);
    vb_buf_free(&refs);
    HPDF_Dict_Add(c->pdf->catalog, "AcroForm", acro);
    return check(c, "the signature fields");
}

/* Trailer /ID [<h> <h>]: a hash of what the document contains, so the same
 * display list always gives the same file (libharu would only write one from
 * the clock, for encryption or PDF/A). save writes it. */
static void build_id(pdf_ctx *c)
{
    id_final(&c->idh, c->id);
}

/* ------------------------------------------------------------------------ */
/* Output
 *
 * The file is written here, not by HPDF_Xref_WriteToStream: the objects in
 * the order of libharu's xref (which numbers them), then the xref table
 * and the trailer, byte for byte as libharu writes them. Its writer cost
 * 160 K instructions for seed 000: a call, a copy and a strlen per token,
 * and stream data copied through a 4 KiB stack buffer.
 *
 * Stream data is already in c->out, in object order (raw_stream). The
 * rest of the file (headers, dictionaries, the xref) is written first into
 * a text buffer, noting where each stream's data goes; then c->out is
 * grown to the file's size and filled from its end: each stream's data
 * moves up to its place (never down, as text only comes in between) and
 * the text after it is copied in. The file is made in the one buffer that
 * already held the streams: before, the streams were copied into the
 * arena, and all of it again into a buffer of ~40 KB of fresh pages
 * (measured on seed 000: 6 page faults fewer now). What
 * vanban made (text dictionaries, its streams, stream lengths) is written
 * directly; libharu's own objects (catalog, page tree, outline
 * destinations, images) by libharu, through a stream into the text. */

/* Where one stream's data goes: at offset ins of the text, from offset at
 * of the file being built. */
typedef struct data_ref {
    size_t ins, at, len;
} data_ref;

typedef struct writer {
    vb_arena *arena;
    vb_buf *text;
    HPDF_Stream st;       /* libharu's way into text */
    data_ref *refs;
    size_t nrefs, refs_cap;
    size_t data;          /* stream bytes placed so far */
    bool in_order;        /* each stream's data follows the one before */
} writer;

static HPDF_STATUS append_out(HPDF_Stream st, const HPDF_BYTE *p, HPDF_UINT n)
{
    vb_buf_put(st->attr, p, n);
    return HPDF_OK;
}

/* The offset in the file of what is written next. */
static size_t file_pos(const writer *w)
{
    return w->text->len + w->data;
}

/* d holds no entries of libharu's own but `held` ones and nothing libharu
 * must prepare before writing it: its text (if any) is the rest. */
static bool text_only(HPDF_Dict d, HPDF_UINT held)
{
    return d->list->count == held && !d->before_write_fn &&
           !d->after_write_fn && d->filter == HPDF_STREAM_FILTER_NONE &&
           (!d->write_fn || d->write_fn == write_attr_text);
}

/* libharu writes obj (st appends to the text). */
static void put_by_libharu(writer *w, void *obj)
{
    /* libharu takes the length of a stream it writes from the size of
     * what was written before and after it. */
    w->st->size = (HPDF_UINT32)w->text->len;
    HPDF_Obj_WriteValue(obj, w->st, NULL);
}

/* A stream vanban filled (raw_stream): its dictionary (libharu writes it
 * when it holds entries besides /Length, without the stream), then a note
 * of where the data goes; the length object, written after it, gets its
 * value (as HPDF_Dict_Write sets it). */
static bool put_raw_stream(writer *w, HPDF_Dict d)
{
    if (!d->stream || d->stream->read_fn != raw_read)
        return false;
    HPDF_Number len = HPDF_Dict_GetItem(d, "Length", HPDF_OCLASS_NUMBER);
    if (!len)
        return false;
    const raw_src *r = d->stream->attr;
    vb_buf *t = w->text;
    if (text_only(d, 1)) { /* /Length, the only one held */
        vb_buf_put(t, "<<\012/Length ", 11);
        put_ref(t, len);
        vb_buf_put(t, "\012", 1);
        if (d->write_fn)
            vb_buf_puts(t, d->attr);
        vb_buf_put(t, ">>", 2);
    } else {
        HPDF_Stream s = d->stream;
        d->stream = NULL;
        put_by_libharu(w, d);
        d->stream = s;
    }
    vb_buf_put(t, "\012stream\015\012", 9);
    data_ref *ref = VB_VEC_PUSH(w->arena, w->refs, w->nrefs, w->refs_cap);
    *ref = (data_ref){ t->len, r->at, r->len };
    w->in_order &= r->at == w->data;
    w->data += r->len;
    vb_buf_put(t, "\012endstream", 10);
    len->value = (HPDF_INT32)r->len;
    return true;
}

/* One object's value: vanban's kinds directly, anything else by libharu. */
static void put_object(writer *w, void *obj)
{
    const HPDF_Obj_Header *h = obj;
    if (h->obj_class == HPDF_OCLASS_NUMBER) {
        put_int(w->text, ((HPDF_Number)obj)->value);
        return;
    }
    if ((h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT) {
        HPDF_Dict d = obj;
        if (!d->stream && text_only(d, 0)) {
            vb_buf_put(w->text, "<<\012", 3);
            if (d->write_fn)
                vb_buf_puts(w->text, d->attr);
            vb_buf_put(w->text, ">>", 2);
            return;
        }
        if (put_raw_stream(w, d))
            return;
    }
    put_by_libharu(w, obj);
}


/* "xref", a line per entry, the trailer and startxref. */
static void put_xref(pdf_ctx *c, writer *w)
{
    HPDF_Xref x = c->pdf->xref;
    vb_buf *t = w->text;
    size_t at = file_pos(w), n = x->entries->count;
    vb_buf_puts(t, "xref\0120 ");
    put_uint(t, n);
    vb_buf_put(t, "\012", 1);
    vb_buf_reserve(t, 20 * n);
    for (size_t i = 0; i < n; i++) {
        HPDF_XrefEntry e = HPDF_List_ItemAt(x->entries, (HPDF_UINT)i);
        put_padded(t, e->byte_offset, 10);
        vb_buf_put(t, " ", 1);
        put_padded(t, e->gen_no, 5);
        char tail[4] = { ' ', e->entry_typ, '\015', '\012' };
        vb_buf_put(t, tail, 4);
    }
    vb_buf_puts(t, "trailer\012<<\012/ID [ ");
    put_hex_string(t, c->id, sizeof c->id);
    vb_buf_put(t, " ", 1);
    put_hex_string(t, c->id, sizeof c->id);
    vb_buf_puts(t, " ]\012/Root ");
    put_ref(t, c->pdf->catalog);
    vb_buf_puts(t, "\012/Info ");
    put_ref(t, c->pdf->info);
    vb_buf_puts(t, "\012/Size ");
    put_uint(t, n);
    vb_buf_puts(t, "\012>>\012startxref\012");
    put_uint(t, at);
    vb_buf_puts(t, "\012%%EOF\012");
}

/* Everything but the streams' data into w->text: the header, each object
 * in xref order, the xref and the trailer. */
static int write_text(pdf_ctx *c, writer *w)
{
    HPDF_Xref x = c->pdf->xref;
    /* The header HPDF_VER_17 stands for: version, then a comment of bytes
     * above 127 that marks the file as binary (PDF/A requires it). */
    vb_buf_puts(w->text, "%PDF-1.7\012%\267\276\255\252\012");
    for (HPDF_UINT i = 1; i < x->entries->count; i++) {
        HPDF_XrefEntry e = HPDF_List_ItemAt(x->entries, i);
        e->byte_offset = (HPDF_UINT32)file_pos(w);
        put_uint(w->text, i);
        vb_buf_put(w->text, " ", 1);
        put_uint(w->text, e->gen_no);
        vb_buf_put(w->text, " obj\012", 5);
        put_object(w, e->obj);
        vb_buf_put(w->text, "\012endobj\012", 8);
    }
    if (check(c, "the file") < 0)
        return -1;
    put_xref(c, w);
    return 0;
}

/* The text and the streams' data merged into out, which holds the data
 * (from offset 0, in order) and becomes the file. From the end: each
 * piece of text lands past the data not yet moved, each stream's data
 * moves up by the text before it. */
static void merge_in_place(const writer *w, vb_buf *out)
{
    const vb_buf *t = w->text;
    size_t size = t->len + w->data, tend = t->len;
    vb_buf_reserve(out, size - out->len);
    for (size_t i = w->nrefs; i-- > 0;) {
        const data_ref *r = &w->refs[i];
        size_t dst = r->ins + r->at; /* the text before it, the data before it */
        memcpy(out->data + dst + r->len, t->data + r->ins, tend - r->ins);
        memmove(out->data + dst, out->data + r->at, r->len);
        tend = r->ins;
    }
    memcpy(out->data, t->data, tend);
    out->len = size;
    out->data[size] = 0;
}

/* The whole file into c->out, which holds the streams' data. The text is
 * written into the scratch buffer, whose pages are touched already. */
static int save(pdf_ctx *c)
{
    writer w = { .arena = &c->arena, .text = scratch_begin(c),
                 .in_order = true };
    w.st = HPDF_CallbackWriter_New(c->pdf->mmgr, append_out, w.text);
    if (!w.st)
        return check(c, "the file");
    int rc = write_text(c, &w);
    HPDF_Stream_Free(w.st);
    if (rc < 0)
        return -1;
    /* Streams are filled in the order they are numbered in (each is made
     * just before its data is put), which the moves rely on. */
    if (!w.in_order || w.data != c->out->len)
        return fail(c, "PDF: internal error: stream data out of order");
    merge_in_place(&w, c->out);
    return 0;
}

static int write_all(pdf_ctx *c, vb_buf *out)
{
    if (c->d->npages == 0)
        return fail(c, "PDF: the document has no pages");
    if (collect_glyphs(c) < 0)
        return -1;
    /* The compressor (200 KB, its 128 KB hash table cleared for every
     * stream) before any buffer of the writer's own: the largest block
     * first, so that it can take the block composition freed when one is
     * large enough, rather than fresh pages at the heap's top once the
     * file's buffer has split that block (samples 002-004: 22-26 fresh
     * pages fewer). In batch mode it is the idle one, taken back. */
    if (c->compress && !compressor(c, VB_Z_FONT))
        return fail(c, "PDF: out of memory (deflate)");
    /* The file's buffer takes the streams' data from the first font on
     * (raw_stream). Reserved once at 64 KiB, more than most plans' files
     * (seed 000: 39 KB; pages are touched only as they fill), it is not
     * copied as it grows (11 K instructions). */
    c->out = out;
    out->len = 0;
    vb_buf_reserve(out, 60000);
    /* Not HPDF_NewEx with a memory pool, although it would save ~100 K
     * instructions of malloc and free for libharu's ~310 small pieces
     * (seed 000): the pool hands out memory at any byte offset, and
     * reading libharu's objects there is undefined behaviour (UBSan:
     * misaligned access). */
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
        build_outline(c) < 0 || build_fields(c) < 0)
        return -1;
    finish_pages(c);
    build_id(c);
    return save(c);
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
    id_init(&c.idh);
    int rc = write_all(&c, out);
    if (rc < 0 && !c.failed)
        fail(&c, "PDF: cannot write the document");
    if (c.pdf)
        HPDF_Free(c.pdf);
    release_compressor(c.zc, c.zlevel);
    vb_buf_free(&c.scratch);
    vb_buf_free(&c.text);
    vb_arena_free(&c.arena);
    return rc;
}
