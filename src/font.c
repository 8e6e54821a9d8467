/* font.c - the bundled faces: each face's bytes (compiled into the program,
 * or a file mapped once per process) are read in place. Metrics come from
 * head, hhea, OS/2, post and name at load time (the values FreeType would
 * report; test_fontlazy compares them), and the lookups afterwards read the
 * font's own cmap and hmtx tables, so the library needs no font engine at
 * run time.
 *
 * Lookups happen for every character layout measures, so they must be a
 * couple of loads: code point -> (glyph id, advance) through a two-level
 * table of 256 pages of 256 entries. A page is built on its first lookup
 * from the mapped cmap subtable (format 4 or 12), so a document in
 * Vietnamese touches the 4-6 pages it uses instead of the ~10,000 glyphs
 * of the face; a glyph's advance comes straight from hmtx. Only the BMP is
 * supported; the PDF backend writes 2-byte codes.
 *
 * Threads: a built page is published with an atomic compare-and-swap and
 * never changes afterwards, and building one only reads the immutable
 * mapping, so a vb_fontset may be used by several threads at once (two
 * threads building the same page both compute it; one copy wins). Loading
 * and freeing must not race with lookups. */
#include "font.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

#define VB_PAGES 256
#define VB_PAGE_SIZE 256

/* One code point's glyph and its advance in 1/1000 em (floored). */
typedef struct cp_entry {
    uint16_t gid, adv;
} cp_entry;

typedef struct cp_page {
    cp_entry e[VB_PAGE_SIZE];
} cp_page;

/* The page of a block where the face has no glyph: shared, never freed. */
static const cp_page EMPTY_PAGE;

enum { CMAP_NONE, CMAP_FMT4, CMAP_FMT12 };

struct vb_font {
    const unsigned char *data; /* the whole file: mapped, read or borrowed */
    size_t len;
    bool mapped;               /* munmap rather than free */
    bool borrowed;             /* neither: the caller's bytes (the faces
                                  compiled into the program) */
    const unsigned char *sfnt; /* the offset table (data, or a TTC member) */
    /* cmap subtable for lookups: [sub, sub_end) */
    int cmap_kind;
    const unsigned char *sub, *sub_end;
    bool fmt4_ordered;         /* segments sorted and disjoint, as the spec
                                  asks: a page's can be found by bisection */
    const unsigned char *hmtx;
    unsigned nhmetrics;        /* long metrics in hmtx (>= 1) */
    int upem;
    bool long_loca;            /* head.indexToLocFormat */
    /* cp >> 8 -> page; NULL = not built yet. Filled lazily and atomically. */
    const cp_page *_Atomic page[VB_PAGES];
    vb_font_metrics m;
    char psname[64];
};

/* PDF FontDescriptor /Flags bits (PDF 32000-1, table 123). */
enum {
    PDF_FLAG_FIXED = 1 << 0,
    PDF_FLAG_SERIF = 1 << 1,
    PDF_FLAG_SYMBOLIC = 1 << 2,
    PDF_FLAG_NONSYMBOLIC = 1 << 5,
    PDF_FLAG_ITALIC = 1 << 6
};

static uint16_t be16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/* floor(v * 1000 / upem) for either sign: C division truncates toward zero,
 * and the PDF width rule is a floor. */
static int to_milli(long v, int upem)
{
    long n = v * 1000;
    long q = n / upem;
    if (n % upem != 0 && n < 0)
        q--;
    return (int)q;
}

static int to_milli_ceil(long v, int upem)
{
    return -to_milli(-v, upem);
}

/* ------------------------------------------------------------------------ */
/* The file */

/* Map the file read-only; a file that cannot be mapped (a pipe, some
 * special file systems) is read into memory instead. */
static int map_file(vb_font *f, const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open font '%s': %s", path,
                 strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            close(fd);
            f->data = p;
            f->len = (size_t)st.st_size;
            f->mapped = true;
            return 0;
        }
    }
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    bool bad = false;
    for (;;) {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 262144;
            unsigned char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                close(fd);
                snprintf(err, errlen, "out of memory reading font '%s'", path);
                return -1;
            }
            buf = nb;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            bad = true;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (bad || n == 0) {
        free(buf);
        snprintf(err, errlen, "cannot read font '%s'%s", path,
                 n == 0 && !bad ? ": empty file" : "");
        return -1;
    }
    f->data = buf;
    f->len = n;
    return 0;
}

/* The table directory of the first face (a collection's first member, as
 * FreeType loads face 0). */
static const unsigned char *sfnt_header(const unsigned char *d, size_t len)
{
    if (len < 12)
        return NULL;
    if (memcmp(d, "ttcf", 4) == 0) {
        if (len < 16 || be32(d + 8) == 0)
            return NULL;
        uint32_t off = be32(d + 12);
        if (off > len - 12)
            return NULL;
        d += off;
    }
    return d;
}

static const unsigned char *find_table(const vb_font *f, uint32_t tag,
                                       size_t *tlen)
{
    const unsigned char *h = f->sfnt;
    if (!h)
        return NULL;
    size_t dir = (size_t)(h - f->data);
    unsigned n = be16(h + 4);
    if ((size_t)n * 16 > f->len - dir - 12)
        return NULL;
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *r = h + 12 + 16 * i;
        if (be32(r) != tag)
            continue;
        uint32_t off = be32(r + 8), ln = be32(r + 12);
        if (off > f->len || ln > f->len - off)
            return NULL;
        if (tlen)
            *tlen = ln;
        return f->data + off;
    }
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* cmap and hmtx */

/* Whether a format 4 subtable's segments are in increasing order and do
 * not overlap (each starts past the previous one's end). */
static bool fmt4_ordered(const unsigned char *t)
{
    unsigned seg = be16(t + 6) / 2;
    const unsigned char *ends = t + 14, *starts = ends + 2 * seg + 2;
    long prev_end = -1;
    for (unsigned i = 0; i < seg; i++) {
        unsigned e = be16(ends + 2 * i), st = be16(starts + 2 * i);
        if ((long)st <= prev_end || st > e)
            return false;
        prev_end = e;
    }
    return true;
}

/* Choose the Unicode subtable the way FreeType's FT_Select_Charmap does: a
 * UCS-4 one (3,10 or 0,4) if there is one, else the last Unicode one.
 * Formats 4 and 12 are read (every Unicode font has one of them); the face
 * is refused otherwise. */
static void pick_cmap(vb_font *f)
{
    size_t clen = 0;
    const unsigned char *cmap = find_table(f, 0x636D6170 /* cmap */, &clen);
    f->cmap_kind = CMAP_NONE;
    if (!cmap || clen < 4)
        return;
    const unsigned char *end = cmap + clen;
    unsigned n = be16(cmap + 2);
    if ((size_t)n * 8 > clen - 4)
        return;
    const unsigned char *best = NULL;
    int best_rank = 0;
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *r = cmap + 4 + 8 * i;
        unsigned plat = be16(r), enc = be16(r + 2);
        uint32_t off = be32(r + 4);
        if (off > clen - 2)
            continue;
        int rank = 0;
        if ((plat == 3 && enc == 10) || (plat == 0 && enc == 4))
            rank = 2;
        else if ((plat == 3 && enc == 1) || (plat == 0 && enc != 5 && enc != 6))
            rank = 1;
        if (rank >= best_rank && rank > 0) {
            best = cmap + off;
            best_rank = rank;
        }
    }
    if (!best)
        return;
    unsigned fmt = be16(best);
    if (fmt == 4 && end - best >= 14) {
        unsigned segx2 = be16(best + 6);
        if (segx2 && segx2 % 2 == 0 &&
            (size_t)(end - best) >= 16 + (size_t)segx2 * 4) {
            f->cmap_kind = CMAP_FMT4;
            f->sub = best;
            f->sub_end = end;
            f->fmt4_ordered = fmt4_ordered(best);
        }
    } else if (fmt == 12 && end - best >= 16) {
        f->cmap_kind = CMAP_FMT12;
        f->sub = best;
        f->sub_end = end;
    }
}

/* The advance of long metric i of hmtx in thousandths of an em: to_milli
 * for an advance, which is never negative, so the plain quotient is
 * already the floor. */
static uint16_t hmtx_milli(const unsigned char *hmtx, unsigned i, unsigned upem)
{
    return (uint16_t)(be16(hmtx + 4 * i) * 1000u / upem);
}

static uint16_t glyph_advance(const vb_font *f, unsigned gid)
{
    if (gid >= f->m.num_glyphs)
        return 0;
    unsigned i = gid < f->nhmetrics ? gid : f->nhmetrics - 1;
    return hmtx_milli(f->hmtx, i, (unsigned)f->upem);
}

/* What filling a page needs of the face, read once per page: the page's
 * entries are uint16_t like num_glyphs, so through f the compiler would
 * have to reload the face's fields after every store. */
typedef struct page_fill {
    const unsigned char *hmtx;
    unsigned nglyphs, nhmetrics, upem;
    unsigned set; /* entries given a glyph */
} page_fill;

static page_fill page_fill_of(const vb_font *f)
{
    return (page_fill){ f->hmtx, f->m.num_glyphs, f->nhmetrics,
                        (unsigned)f->upem, 0 };
}

/* glyph_advance with the face's fields at hand. */
static void set_entry(page_fill *pf, cp_page *pg, unsigned cp, unsigned gid)
{
    if (gid == 0 || gid >= pf->nglyphs)
        return; /* FreeType's rule: a glyph id past the face is no glyph */
    unsigned i = gid < pf->nhmetrics ? gid : pf->nhmetrics - 1;
    pg->e[cp & 0xFF].gid = (uint16_t)gid;
    pg->e[cp & 0xFF].adv = hmtx_milli(pf->hmtx, i, pf->upem);
    pf->set++;
}

/* Code points a..b (one page) mapped to glyph ids cp + delta, the common
 * shape of a format 4 segment. When all those ids exist and have a long
 * metric of their own, which is the rule in the bundled faces, the
 * entries are set without asking set_entry's questions one by one: ~27
 * instructions an entry came down to ~12 (2,776 entries in a render). */
static void set_run(page_fill *pf, cp_page *pg, unsigned a, unsigned b,
                    unsigned delta)
{
    unsigned g0 = (a + delta) & 0xFFFF, g1 = (b + delta) & 0xFFFF;
    unsigned lim = pf->nglyphs < pf->nhmetrics ? pf->nglyphs : pf->nhmetrics;
    if (g0 == 0 || g0 > g1 || g1 >= lim) {
        for (unsigned cp = a; cp <= b; cp++)
            set_entry(pf, pg, cp, (cp + delta) & 0xFFFF);
        return;
    }
    for (unsigned cp = a; cp <= b; cp++) {
        cp_entry *e = &pg->e[cp & 0xFF];
        e->gid = (uint16_t)(cp - a + g0);
        e->adv = hmtx_milli(pf->hmtx, e->gid, pf->upem);
    }
    pf->set += b - a + 1;
}

/* In ordered segments, the first whose end is at or past lo. */
static unsigned fmt4_first(const unsigned char *ends, unsigned seg, unsigned lo)
{
    unsigned a = 0, b = seg;
    while (a < b) {
        unsigned m = a + (b - a) / 2;
        if (be16(ends + 2 * m) < lo)
            a = m + 1;
        else
            b = m;
    }
    return a;
}

static void fill_fmt4(const vb_font *f, page_fill *pf, cp_page *pg, unsigned lo,
                      unsigned hi)
{
    const unsigned char *t = f->sub;
    unsigned seg = be16(t + 6) / 2;
    const unsigned char *ends = t + 14, *starts = ends + 2 * seg + 2;
    const unsigned char *deltas = starts + 2 * seg, *ranges = deltas + 2 * seg;
    /* Ordered segments that meet [lo, hi] are a run found by bisection;
     * anything else is scanned whole, as FreeType would. Ordered ones are
     * also disjoint, so no entry can have been set by an earlier one. */
    bool ordered = f->fmt4_ordered;
    unsigned i = ordered ? fmt4_first(ends, seg, lo) : 0;
    for (; i < seg; i++) {
        unsigned e = be16(ends + 2 * i), s = be16(starts + 2 * i);
        if (ordered && s > hi)
            break;
        if (e < lo || s > hi || s > e)
            continue;
        unsigned delta = be16(deltas + 2 * i), ro = be16(ranges + 2 * i);
        unsigned a = s > lo ? s : lo, b = e < hi ? e : hi;
        if (ro == 0 && ordered) {
            set_run(pf, pg, a, b, delta);
            continue;
        }
        for (unsigned cp = a; cp <= b; cp++) {
            if (pg->e[cp & 0xFF].gid)
                continue; /* an earlier segment had it */
            unsigned g;
            if (ro == 0) {
                g = (cp + delta) & 0xFFFF;
            } else {
                const unsigned char *p = ranges + 2 * i + ro + 2 * (cp - s);
                if (p < f->sub || p + 2 > f->sub_end)
                    continue;
                g = be16(p);
                if (g)
                    g = (g + delta) & 0xFFFF;
            }
            set_entry(pf, pg, cp, g);
        }
    }
}

static void fill_fmt12(const vb_font *f, page_fill *pf, cp_page *pg, unsigned lo,
                       unsigned hi)
{
    const unsigned char *t = f->sub;
    uint32_t n = be32(t + 12);
    size_t room = (size_t)(f->sub_end - t - 16) / 12;
    if (n > room)
        n = (uint32_t)room;
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *g = t + 16 + 12 * (size_t)i;
        uint32_t s = be32(g), e = be32(g + 4), start_gid = be32(g + 8);
        if (e < lo || s > hi || s > e)
            continue;
        uint32_t a = s > lo ? s : lo, b = e < hi ? e : hi;
        for (uint32_t cp = a; cp <= b; cp++) {
            if (pg->e[cp & 0xFF].gid)
                continue;
            uint32_t gid = start_gid + (cp - s);
            set_entry(pf, pg, cp, gid > 0xFFFF ? 0 : gid);
        }
    }
}

static void *font_oom(void)
{
    fputs("vanban: out of memory\n", stderr);
    abort();
}

/* Publish pg as page p unless another thread was first; returns the page
 * in place. A page without a glyph (empty) is replaced by EMPTY_PAGE. */
static const cp_page *publish(vb_font *f, unsigned p, cp_page *pg, bool empty)
{
    const cp_page *use = pg;
    if (empty) {
        free(pg);
        use = &EMPTY_PAGE;
    }
    const cp_page *expected = NULL;
    if (!atomic_compare_exchange_strong_explicit(&f->page[p], &expected, use,
                                                 memory_order_acq_rel,
                                                 memory_order_acquire)) {
        if (use != &EMPTY_PAGE)
            free(pg);
        return expected;
    }
    return use;
}

/* Out of line, so that get_page's test inlines into every lookup without
 * the registers and stack a build needs (a page is built ~12 times in a
 * render and looked up ~5,500 times). */
__attribute__((noinline)) static const cp_page *build_page(vb_font *f, unsigned p)
{
    cp_page *pg = calloc(1, sizeof *pg);
    if (!pg)
        return font_oom();
    unsigned lo = p << 8, hi = lo + 0xFF;
    page_fill pf = page_fill_of(f);
    if (f->cmap_kind == CMAP_FMT4)
        fill_fmt4(f, &pf, pg, lo, hi);
    else if (f->cmap_kind == CMAP_FMT12)
        fill_fmt12(f, &pf, pg, lo, hi);
    return publish(f, p, pg, pf.set == 0);
}

static inline const cp_page *get_page(const vb_font *f, unsigned p)
{
    const cp_page *pg = atomic_load_explicit(&f->page[p], memory_order_acquire);
    if (__builtin_expect(pg != NULL, 1))
        return pg;
    /* The table is logically part of the read-only face: filling it in does
     * not change any answer (the object itself is never const). */
    return build_page((vb_font *)f, p);
}

/* hhea's numberOfHMetrics and hmtx, checked against the table sizes. */
static int load_hmtx(vb_font *f)
{
    size_t hlen = 0, mlen = 0;
    const unsigned char *hhea = find_table(f, 0x68686561 /* hhea */, &hlen);
    const unsigned char *hmtx = find_table(f, 0x686D7478 /* hmtx */, &mlen);
    if (!hhea || hlen < 36 || !hmtx)
        return -1;
    unsigned n = be16(hhea + 34);
    if (n > mlen / 4)
        n = (unsigned)(mlen / 4);
    if (n == 0)
        return -1;
    f->hmtx = hmtx;
    f->nhmetrics = n;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Metrics, read the way FreeType reads them */

static int16_t s16(const unsigned char *p)
{
    return (int16_t)be16(p);
}

/* OS/2 as FreeType accepts it: the version's fields must all be there,
 * else the table counts as missing. */
static const unsigned char *os2_table(const vb_font *f)
{
    size_t len = 0;
    const unsigned char *os2 = find_table(f, 0x4F532F32 /* OS/2 */, &len);
    if (!os2 || len < 78)
        return NULL;
    unsigned v = be16(os2);
    if ((v >= 1 && len < 86) || (v >= 2 && len < 96) || v == 0xFFFF)
        return NULL;
    return os2;
}

/* The PostScript name (name ID 6): the Windows Unicode record, else the
 * Macintosh Roman one; printable ASCII only, as FreeType requires. */
static void ps_name(const vb_font *f, char *out, size_t outlen)
{
    size_t len = 0;
    const unsigned char *t = find_table(f, 0x6E616D65 /* name */, &len);
    out[0] = 0;
    if (!t || len < 6)
        return;
    unsigned n = be16(t + 2), strings = be16(t + 4);
    if (6 + 12 * (size_t)n > len || strings > len)
        return;
    const unsigned char *win = NULL, *mac = NULL;
    size_t win_len = 0, mac_len = 0;
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *r = t + 6 + 12 * i;
        unsigned plat = be16(r), enc = be16(r + 2), lang = be16(r + 4);
        unsigned id = be16(r + 6), l = be16(r + 8), off = be16(r + 10);
        if (id != 6 || (size_t)strings + off + l > len)
            continue;
        const unsigned char *str = t + strings + off;
        if (plat == 3 && (enc == 1 || enc == 0) && (!win || lang == 0x409)) {
            win = str;
            win_len = l;
        } else if (plat == 1 && enc == 0 && lang == 0 && !mac) {
            mac = str;
            mac_len = l;
        }
    }
    size_t o = 0;
    if (win) {
        for (size_t i = 0; i + 1 < win_len && o + 1 < outlen; i += 2) {
            unsigned ch = be16(win + i);
            if (ch < 0x21 || ch > 0x7E)
                continue;
            out[o++] = (char)ch;
        }
    } else if (mac) {
        for (size_t i = 0; i < mac_len && o + 1 < outlen; i++)
            if (mac[i] >= 0x21 && mac[i] <= 0x7E)
                out[o++] = (char)mac[i];
    }
    out[o] = 0;
}

/* Cap height: OS/2 v2+ has it; older fonts get the top of 'H' (its glyph
 * header's yMax), then 70% of the ascender. */
static int cap_height(const vb_font *f, const unsigned char *os2)
{
    int upem = f->upem;
    if (os2 && be16(os2) >= 2 && s16(os2 + 88) > 0)
        return to_milli(s16(os2 + 88), upem);
    uint16_t gid = vb_font_glyph(f, 'H');
    size_t glen = 0, llen = 0;
    const unsigned char *glyf = find_table(f, 0x676C7966 /* glyf */, &glen);
    const unsigned char *loca = find_table(f, 0x6C6F6361 /* loca */, &llen);
    if (gid && glyf && loca) {
        size_t a, b;
        if (f->long_loca && llen >= 4 * ((size_t)gid + 2)) {
            a = be32(loca + 4 * gid);
            b = be32(loca + 4 * gid + 4);
        } else if (!f->long_loca && llen >= 2 * ((size_t)gid + 2)) {
            a = (size_t)be16(loca + 2 * gid) * 2;
            b = (size_t)be16(loca + 2 * gid + 2) * 2;
        } else {
            a = b = 0;
        }
        if (a + 10 <= b && b <= glen)
            return to_milli(s16(glyf + a + 8), upem);
    }
    return f->m.ascender * 7 / 10;
}

/* head, hhea, maxp, OS/2, post and name -> f->m. Returns -1 when a
 * required table is missing or short. */
static int fill_metrics(vb_font *f)
{
    size_t hl = 0, hhl = 0, ml = 0, pl = 0;
    const unsigned char *head = find_table(f, 0x68656164 /* head */, &hl);
    const unsigned char *hhea = find_table(f, 0x68686561 /* hhea */, &hhl);
    const unsigned char *maxp = find_table(f, 0x6D617870 /* maxp */, &ml);
    const unsigned char *post = find_table(f, 0x706F7374 /* post */, &pl);
    const unsigned char *os2 = os2_table(f);
    if (!head || hl < 54 || !hhea || hhl < 36 || !maxp || ml < 6)
        return -1;
    if (pl < 32)
        post = NULL;
    vb_font_metrics *m = &f->m;
    int upem = be16(head + 18);
    unsigned nglyphs = be16(maxp + 4);
    if (upem < 16 || nglyphs == 0)
        return -1;
    f->upem = upem;
    f->long_loca = s16(head + 50) != 0;
    m->units_per_em = upem;
    m->num_glyphs = (uint16_t)nglyphs;

    /* Line metrics as FreeType sets face->ascender/descender: OS/2 typo
     * values when fsSelection says USE_TYPO_METRICS, else hhea, else (both
     * zero) OS/2 typo or win values. */
    int asc = s16(hhea + 4), desc = s16(hhea + 6);
    if (os2 && (be16(os2 + 62) & 128)) {
        asc = s16(os2 + 68);
        desc = s16(os2 + 70);
    } else if (!asc && !desc && os2) {
        if (s16(os2 + 68) || s16(os2 + 70)) {
            asc = s16(os2 + 68);
            desc = s16(os2 + 70);
        } else {
            asc = (int16_t)be16(os2 + 74);
            desc = -(int16_t)be16(os2 + 76);
        }
    }
    m->ascender = to_milli(asc, upem);
    m->descender = to_milli(desc, upem);
    m->bbox[0] = to_milli(s16(head + 36), upem);
    m->bbox[1] = to_milli(s16(head + 38), upem);
    m->bbox[2] = to_milli_ceil(s16(head + 40), upem);
    m->bbox[3] = to_milli_ceil(s16(head + 42), upem);
    m->italic_angle = post ? (int32_t)be32(post + 4) / 65536.0 : 0.0;
    /* cap_height is set by font_load once the cmap can be read. */

    /* Style bits: OS/2 fsSelection (bit 9 oblique, 0 italic, 5 bold) when
     * there is an OS/2 table, else head.macStyle. */
    bool italic, bold;
    if (os2) {
        unsigned sel = be16(os2 + 62);
        italic = (sel & 512) || (sel & 1);
        bold = sel & 32;
    } else {
        unsigned mac = be16(head + 44);
        italic = mac & 2;
        bold = mac & 1;
    }

    /* Vietnamese letters lie outside the Adobe standard Latin set, so the
     * faces are Symbolic in the PDF sense (the two flags are exclusive). */
    int flags = PDF_FLAG_SYMBOLIC;
    if (post && be32(post + 12) != 0)
        flags |= PDF_FLAG_FIXED;
    /* PANOSE family 2 (Latin text) with serif styles 2..10 is serif;
     * 11..13 are the sans styles. */
    if (os2 && os2[32] == 2 && os2[33] >= 2 && os2[33] <= 10)
        flags |= PDF_FLAG_SERIF;
    if (italic || m->italic_angle != 0)
        flags |= PDF_FLAG_ITALIC;
    m->flags = flags;

    /* No font table stores StemV; estimate it from the weight class the
     * way common PDF producers do (400 -> ~87, 700 -> ~166). */
    int weight = os2 ? be16(os2 + 4) : 400;
    if (weight < 100 || weight > 1000)
        weight = bold ? 700 : 400;
    m->stem_v = 50 + weight * weight / (65 * 65);

    ps_name(f, f->psname, sizeof f->psname);
    if (!f->psname[0])
        snprintf(f->psname, sizeof f->psname, "Unnamed");
    m->postscript_name = f->psname;
    return 0;
}

static void font_free(vb_font *f)
{
    if (!f)
        return;
    for (int i = 0; i < VB_PAGES; i++) {
        const cp_page *pg = atomic_load_explicit(&f->page[i],
                                                 memory_order_relaxed);
        if (pg != &EMPTY_PAGE)
            free((void *)pg);
    }
    if (f->mapped)
        munmap((void *)f->data, f->len);
    else if (!f->borrowed)
        free((void *)f->data);
    free(f);
}

/* Check the face in f->data (name: what messages call it) and read its
 * metrics, hmtx and cmap. Returns -1 with a message in err when the face
 * is not usable; f is then still the caller's to free. */
static int font_parse(vb_font *f, const char *name, char *err, size_t errlen)
{
    f->sfnt = sfnt_header(f->data, f->len);
    uint32_t version = f->sfnt ? be32(f->sfnt) : 0;
    if (version != 0x00010000 && version != 0x74727565 /* 'true' */) {
        snprintf(err, errlen, "'%s' is not a usable font (not a TrueType "
                 "file)", name);
        return -1;
    }
    size_t glen = 0;
    if (fill_metrics(f) < 0 || load_hmtx(f) < 0 ||
        !find_table(f, 0x676C7966 /* glyf */, &glen) ||
        !find_table(f, 0x6C6F6361 /* loca */, &glen)) {
        snprintf(err, errlen, "cannot read the glyph tables of '%s'", name);
        return -1;
    }
    pick_cmap(f);
    if (f->cmap_kind == CMAP_NONE) {
        snprintf(err, errlen, "'%s' is not a TrueType font with a Unicode "
                 "character map (format 4 or 12)", name);
        return -1;
    }
    f->m.cap_height = cap_height(f, os2_table(f));
    return 0;
}

/* A face from a file (path), or when path is NULL from the caller's bytes,
 * which are read in place and never freed. */
static vb_font *font_load(const char *path, const vb_face_bytes *bytes,
                          char *err, size_t errlen)
{
    const char *name = path ? path : bytes->name;
    vb_font *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory loading font '%s'", name);
        return NULL;
    }
    if (!path) {
        f->data = bytes->data;
        f->len = bytes->len;
        f->borrowed = true;
    } else if (map_file(f, path, err, errlen) < 0) {
        free(f);
        return NULL;
    }
    if (font_parse(f, name, err, errlen) < 0) {
        font_free(f);
        return NULL;
    }
    return f;
}

/* The four faces from paths (or, when paths is NULL, from faces). */
static int fontset_load(vb_fontset *fs, const char *const *paths,
                        const vb_face_bytes *faces, char *err, size_t errlen)
{
    memset(fs, 0, sizeof *fs);
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        fs->face[i] = font_load(paths ? paths[i] : NULL, faces ? &faces[i] : NULL,
                                err, errlen);
        if (!fs->face[i]) {
            vb_fontset_free(fs);
            return -1;
        }
    }
    return 0;
}

int vb_fontset_load(vb_fontset *fs, const char *const paths[VB_FACE_COUNT],
                    char *err, size_t errlen)
{
    return fontset_load(fs, paths, NULL, err, errlen);
}

int vb_fontset_load_mem(vb_fontset *fs, const vb_face_bytes faces[VB_FACE_COUNT],
                        char *err, size_t errlen)
{
    return fontset_load(fs, NULL, faces, err, errlen);
}

void vb_fontset_free(vb_fontset *fs)
{
    if (!fs)
        return;
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        font_free(fs->face[i]);
        fs->face[i] = NULL;
    }
    fs->ft = NULL;
}

/* ------------------------------------------------------------------------ */
/* Lookups */

uint16_t vb_font_glyph(const vb_font *f, uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0;
    return get_page(f, cp >> 8)->e[cp & 0xFF].gid;
}

bool vb_font_has(const vb_font *f, uint32_t cp)
{
    return vb_font_glyph(f, cp) != 0;
}

int vb_font_glyph_advance(const vb_font *f, uint16_t gid)
{
    return glyph_advance(f, gid);
}

int vb_font_advance(const vb_font *f, uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0;
    return get_page(f, cp >> 8)->e[cp & 0xFF].adv;
}

/* The advances of the code points of s[0..len), in 1/1000 em; with
 * at_space, only up to the first space, tab, CR or LF, whose offset goes
 * to *end (len when there is none). Layout measures every word with this,
 * so the common cases are decoded here: ASCII, and the two- and three-byte
 * sequences that need no range check beyond "continuation byte" (all of
 * Latin-1, Latin Extended and U+1E00-U+1EFF, where the Vietnamese letters
 * are). Anything else takes vb_utf8_next, which decides what is valid.
 * Inline, so that each caller gets its own loop, at_space folded in. */
static inline long advances(const vb_font *f, const char *s, size_t len,
                            bool at_space, size_t *end)
{
    const unsigned char *p = (const unsigned char *)s;
    long sum = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char b = p[i];
        if (at_space && b <= ' ' && (b == ' ' || b == '\t' || b == '\r' || b == '\n'))
            break;
        int32_t c = vb_utf8_next(s, len, &i); /* inline for the usual shapes */
        if (c < 0 || c > 0xFFFF)
            continue; /* invalid, or past the BMP: no advance */
        unsigned cp = (unsigned)c;
        sum += get_page(f, cp >> 8)->e[cp & 0xFF].adv;
    }
    if (end)
        *end = i;
    return sum;
}

double vb_font_width(const vb_font *f, const char *s, size_t len, double size)
{
    return (double)advances(f, s, len, false, NULL) * size / 1000.0;
}

double vb_font_word(const vb_font *f, const char *s, size_t len, double size,
                    size_t *wlen)
{
    return (double)advances(f, s, len, true, wlen) * size / 1000.0;
}

const vb_font_metrics *vb_font_get_metrics(const vb_font *f)
{
    return &f->m;
}

const unsigned char *vb_font_data(const vb_font *f, size_t *len)
{
    if (len)
        *len = f->len;
    return f->data;
}

const unsigned char *vb_font_table(const vb_font *f, const char tag[4],
                                   size_t *len)
{
    uint32_t t = (uint32_t)(unsigned char)tag[0] << 24 |
                 (uint32_t)(unsigned char)tag[1] << 16 |
                 (uint32_t)(unsigned char)tag[2] << 8 | (unsigned char)tag[3];
    size_t l = 0;
    const unsigned char *p = find_table(f, t, &l);
    if (len)
        *len = p ? l : 0;
    return p;
}
