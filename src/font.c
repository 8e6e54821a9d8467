/* font.c - the bundled faces: FreeType reads each file once, and the tables
 * built here answer every width and coverage question afterwards.
 *
 * Lookups happen for every character layout measures, so they must be a
 * couple of loads: code point -> glyph id through a two-level table (256
 * pages of 256 entries, pages allocated only where the charmap has glyphs),
 * glyph id -> advance through a flat array. Only the BMP is supported; the
 * PDF backend writes 2-byte codes and libharu-era measurements showed code
 * points above U+FFFF are not drawable anyway. */
#include "font.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_OUTLINE_H
#include FT_TRUETYPE_TABLES_H

#include "text.h"

#define VB_PAGES 256
#define VB_PAGE_SIZE 256

struct vb_font {
    unsigned char *data; /* the whole file; FreeType reads from it too */
    size_t len;
    FT_Face face;
    uint16_t *page[VB_PAGES]; /* cp -> gid for U+0000..U+FFFF; NULL = none */
    uint16_t *gadv;           /* gid -> advance in 1/1000 em (floored) */
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

static int read_file(const char *path, unsigned char **data, size_t *len,
                     char *err, size_t errlen)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "cannot open font '%s': %s", path,
                 strerror(errno));
        return -1;
    }
    unsigned char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 65536) {
            cap = cap ? cap * 2 : 262144;
            unsigned char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(fp);
                snprintf(err, errlen, "out of memory reading font '%s'", path);
                return -1;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad || n == 0) {
        free(buf);
        snprintf(err, errlen, "cannot read font '%s'%s", path,
                 n == 0 && !bad ? ": empty file" : "");
        return -1;
    }
    *data = buf;
    *len = n;
    return 0;
}

/* Walk the Unicode charmap once and fill the two-level cp -> gid table. */
static int build_cmap(vb_font *f)
{
    FT_UInt gid;
    FT_ULong cp = FT_Get_First_Char(f->face, &gid);
    while (gid != 0) {
        if (cp <= 0xFFFF && gid <= 0xFFFF) {
            uint16_t **pg = &f->page[cp >> 8];
            if (!*pg) {
                *pg = calloc(VB_PAGE_SIZE, sizeof **pg);
                if (!*pg)
                    return -1;
            }
            (*pg)[cp & 0xFF] = (uint16_t)gid;
        }
        cp = FT_Get_Next_Char(f->face, cp, &gid);
    }
    return 0;
}

static int build_advances(vb_font *f)
{
    FT_Long n = f->face->num_glyphs;
    int upem = f->face->units_per_EM;
    if (n <= 0 || n > 65535 || upem <= 0)
        return -1;
    FT_Fixed *raw = malloc((size_t)n * sizeof *raw);
    f->gadv = calloc((size_t)n, sizeof *f->gadv);
    if (!raw || !f->gadv) {
        free(raw);
        return -1;
    }
    /* Unscaled advances are in font units, exactly what hmtx holds. */
    if (FT_Get_Advances(f->face, 0, (FT_UInt)n, FT_LOAD_NO_SCALE, raw)) {
        free(raw);
        return -1;
    }
    for (FT_Long i = 0; i < n; i++)
        f->gadv[i] = (uint16_t)(raw[i] > 0 ? to_milli(raw[i], upem) : 0);
    free(raw);
    return 0;
}

/* Cap height: OS/2 v2+ has it; older fonts get the top of 'H'. */
static int cap_height(vb_font *f, const TT_OS2 *os2)
{
    int upem = f->face->units_per_EM;
    if (os2 && os2->version >= 2 && os2->sCapHeight > 0)
        return to_milli(os2->sCapHeight, upem);
    FT_UInt gid = FT_Get_Char_Index(f->face, 'H');
    if (gid && !FT_Load_Glyph(f->face, gid, FT_LOAD_NO_SCALE)) {
        FT_BBox box;
        FT_Outline_Get_CBox(&f->face->glyph->outline, &box);
        return to_milli(box.yMax, upem);
    }
    return to_milli(f->face->ascender, upem) * 7 / 10;
}

static void fill_metrics(vb_font *f)
{
    FT_Face face = f->face;
    vb_font_metrics *m = &f->m;
    int upem = face->units_per_EM;
    const TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
    const TT_Postscript *post = FT_Get_Sfnt_Table(face, FT_SFNT_POST);

    m->units_per_em = upem;
    /* FreeType's ascender/descender come from hhea (OS/2 typo as fallback),
     * the pair viewers use for line metrics. */
    m->ascender = to_milli(face->ascender, upem);
    m->descender = to_milli(face->descender, upem);
    m->cap_height = cap_height(f, os2);
    m->bbox[0] = to_milli(face->bbox.xMin, upem);
    m->bbox[1] = to_milli(face->bbox.yMin, upem);
    m->bbox[2] = to_milli_ceil(face->bbox.xMax, upem);
    m->bbox[3] = to_milli_ceil(face->bbox.yMax, upem);
    m->italic_angle = post ? post->italicAngle / 65536.0 : 0.0;

    /* Vietnamese letters lie outside the Adobe standard Latin set, so the
     * faces are Symbolic in the PDF sense (the two flags are exclusive). */
    int flags = PDF_FLAG_SYMBOLIC;
    if (FT_IS_FIXED_WIDTH(face))
        flags |= PDF_FLAG_FIXED;
    /* PANOSE family 2 (Latin text) with serif styles 2..10 is serif;
     * 11..13 are the sans styles. */
    if (os2 && os2->version != 0xFFFF && os2->panose[0] == 2 &&
        os2->panose[1] >= 2 && os2->panose[1] <= 10)
        flags |= PDF_FLAG_SERIF;
    if ((face->style_flags & FT_STYLE_FLAG_ITALIC) || m->italic_angle != 0)
        flags |= PDF_FLAG_ITALIC;
    m->flags = flags;

    /* No font table stores StemV; estimate it from the weight class the
     * way common PDF producers do (400 -> ~87, 700 -> ~166). */
    int weight = os2 && os2->version != 0xFFFF ? os2->usWeightClass : 400;
    if (weight < 100 || weight > 1000)
        weight = (face->style_flags & FT_STYLE_FLAG_BOLD) ? 700 : 400;
    m->stem_v = 50 + weight * weight / (65 * 65);

    const char *ps = FT_Get_Postscript_Name(face);
    snprintf(f->psname, sizeof f->psname, "%s", ps ? ps : "Unnamed");
    m->postscript_name = f->psname;
    m->num_glyphs = (uint16_t)face->num_glyphs;
}

static void font_free(vb_font *f)
{
    if (!f)
        return;
    if (f->face)
        FT_Done_Face(f->face);
    for (int i = 0; i < VB_PAGES; i++)
        free(f->page[i]);
    free(f->gadv);
    free(f->data);
    free(f);
}

static vb_font *font_load(FT_Library lib, const char *path, char *err,
                          size_t errlen)
{
    vb_font *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory loading font '%s'", path);
        return NULL;
    }
    if (read_file(path, &f->data, &f->len, err, errlen) < 0) {
        free(f);
        return NULL;
    }
    FT_Error fe = FT_New_Memory_Face(lib, f->data, (FT_Long)f->len, 0,
                                     &f->face);
    if (fe) {
        f->face = NULL;
        snprintf(err, errlen, "'%s' is not a usable font (FreeType error %d)",
                 path, fe);
        font_free(f);
        return NULL;
    }
    if (!FT_IS_SFNT(f->face) || FT_Select_Charmap(f->face, FT_ENCODING_UNICODE)) {
        snprintf(err, errlen, "'%s' is not a TrueType font with a Unicode "
                 "character map", path);
        font_free(f);
        return NULL;
    }
    if (build_cmap(f) < 0 || build_advances(f) < 0) {
        snprintf(err, errlen, "cannot read the glyph tables of '%s'", path);
        font_free(f);
        return NULL;
    }
    fill_metrics(f);
    return f;
}

int vb_fontset_load(vb_fontset *fs, const char *const paths[VB_FACE_COUNT],
                    char *err, size_t errlen)
{
    memset(fs, 0, sizeof *fs);
    FT_Library lib;
    if (FT_Init_FreeType(&lib)) {
        snprintf(err, errlen, "cannot initialise FreeType");
        return -1;
    }
    fs->ft = lib;
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        fs->face[i] = font_load(lib, paths[i], err, errlen);
        if (!fs->face[i]) {
            vb_fontset_free(fs);
            return -1;
        }
    }
    return 0;
}

void vb_fontset_free(vb_fontset *fs)
{
    if (!fs)
        return;
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        font_free(fs->face[i]);
        fs->face[i] = NULL;
    }
    if (fs->ft)
        FT_Done_FreeType((FT_Library)fs->ft);
    fs->ft = NULL;
}

uint16_t vb_font_glyph(const vb_font *f, uint32_t cp)
{
    if (cp > 0xFFFF)
        return 0;
    const uint16_t *pg = f->page[cp >> 8];
    return pg ? pg[cp & 0xFF] : 0;
}

bool vb_font_has(const vb_font *f, uint32_t cp)
{
    return vb_font_glyph(f, cp) != 0;
}

int vb_font_glyph_advance(const vb_font *f, uint16_t gid)
{
    return gid < f->m.num_glyphs ? f->gadv[gid] : 0;
}

int vb_font_advance(const vb_font *f, uint32_t cp)
{
    uint16_t gid = vb_font_glyph(f, cp);
    return gid ? f->gadv[gid] : 0;
}

double vb_font_width(const vb_font *f, const char *s, size_t len, double size)
{
    long sum = 0;
    size_t i = 0;
    while (i < len) {
        /* ASCII is most of any Vietnamese text: skip the decoder call. */
        unsigned char ch = (unsigned char)s[i];
        int32_t cp = ch < 0x80 ? (i++, (int32_t)ch) : vb_utf8_next(s, len, &i);
        if (cp >= 0)
            sum += vb_font_advance(f, (uint32_t)cp);
    }
    return (double)sum * size / 1000.0;
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
