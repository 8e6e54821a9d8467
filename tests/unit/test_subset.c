/* test_subset.c - the TrueType subsets pdf.c embeds: FreeType loads each
 * embedded program; its glyph k is the face's glyph for the document's
 * CID k (the code points drawn by any face, numbered from 1 in code point
 * order), or an empty glyph of no width where this face does not draw
 * that character; after the CIDs come exactly the components of
 * composites no CID holds, in their original order; and every glyph has
 * the original's outline (points, flags, contours) and advance. Also
 * checks the sfnt structure itself: sorted directory, 4-byte aligned
 * tables, table checksums and head's checkSumAdjustment.
 * Runs with the repository root as the working directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "dlist.h"
#include "font.h"
#include "pdf.h"
#include "text.h"
#include "util.h"

static const char *const PATHS[VB_FACE_COUNT] = {
    "fonts/LiberationSerif-Regular.ttf",
    "fonts/LiberationSerif-Bold.ttf",
    "fonts/LiberationSerif-Italic.ttf",
    "fonts/LiberationSerif-BoldItalic.ttf",
};

typedef struct fixture {
    vb_fontset fs;
    FT_Library lib;
    FT_Face orig[VB_FACE_COUNT];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    char err[256] = "";
    if (!fx || vb_fontset_load(&fx->fs, PATHS, err, sizeof err) != 0 ||
        FT_Init_FreeType(&fx->lib))
        return -1;
    for (int i = 0; i < VB_FACE_COUNT; i++)
        if (FT_New_Face(fx->lib, PATHS[i], 0, &fx->orig[i]))
            return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    for (int i = 0; i < VB_FACE_COUNT; i++)
        FT_Done_Face(fx->orig[i]);
    FT_Done_FreeType(fx->lib);
    vb_fontset_free(&fx->fs);
    free(fx);
    return 0;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static const char *find(const char *p, const char *end, const char *what)
{
    size_t n = strlen(what);
    for (; p + n <= end; p++)
        if (memcmp(p, what, n) == 0)
            return p;
    return NULL;
}

/* The embedded programs of an uncompressed PDF, in file order: each
 * FontFile2 stream carries /Length1, and uncompressed that is its length. */
static size_t font_programs(const vb_buf *pdf, const unsigned char *prog[],
                            size_t len[], size_t max)
{
    size_t n = 0;
    const char *p = pdf->data, *end = pdf->data + pdf->len;
    while (n < max && (p = find(p, end, "/Length1 "))) {
        p += 9;
        long l = strtol(p, NULL, 10);
        const char *s = find(p, end, "stream\r\n");
        assert_non_null(s);
        s += 8;
        assert_true(l > 0 && s + l <= end);
        prog[n] = (const unsigned char *)s;
        len[n] = (size_t)l;
        n++;
    }
    return n;
}

/* The sfnt wrapper: tables sorted, aligned, checksummed. */
static void check_sfnt(const unsigned char *f, size_t len)
{
    assert_true(len >= 12);
    assert_int_equal(be32(f), 0x00010000);
    unsigned n = be16(f + 4);
    assert_true(12 + 16 * (size_t)n <= len);
    uint32_t prev = 0;
    bool have_head = false;
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *r = f + 12 + 16 * i;
        uint32_t tag = be32(r), off = be32(r + 8), tl = be32(r + 12);
        assert_true(tag > prev);
        prev = tag;
        assert_int_equal(off % 4, 0);
        assert_true(off + (size_t)tl <= len);
        uint32_t sum = 0;
        for (size_t k = 0; k < tl; k += 4) {
            unsigned char w[4] = { 0 };
            memcpy(w, f + off + k, tl - k < 4 ? tl - k : 4);
            if (tag == 0x68656164 && k == 8) /* head.checkSumAdjustment */
                memset(w, 0, 4);
            sum += be32(w);
        }
        assert_int_equal(sum, be32(r + 4));
        if (tag == 0x68656164)
            have_head = true;
    }
    assert_true(have_head);
    uint32_t whole = 0;
    for (size_t k = 0; k < len; k += 4) {
        unsigned char w[4] = { 0 };
        memcpy(w, f + k, len - k < 4 ? len - k : 4);
        whole += be32(w);
    }
    assert_int_equal(whole, 0xB1B0AFBAu);
}

/* The glyph set the subset must have: gid 0, the glyphs of the text, and
 * (recursively) the components of composites, found with FreeType. */
static void expect_glyphs(FT_Face face, const vb_font *f, const char *text,
                          bool *set)
{
    memset(set, 0, (size_t)face->num_glyphs);
    set[0] = true;
    size_t len = strlen(text), i = 0;
    while (i < len) {
        int32_t cp = vb_utf8_next(text, len, &i);
        if (cp > 0 && vb_font_glyph(f, (uint32_t)cp))
            set[vb_font_glyph(f, (uint32_t)cp)] = true;
    }
    bool grew = true;
    while (grew) {
        grew = false;
        for (FT_Long g = 0; g < face->num_glyphs; g++) {
            if (!set[g])
                continue;
            assert_int_equal(FT_Load_Glyph(face, (FT_UInt)g,
                                           FT_LOAD_NO_SCALE | FT_LOAD_NO_RECURSE), 0);
            FT_GlyphSlot s = face->glyph;
            if (s->format != FT_GLYPH_FORMAT_COMPOSITE)
                continue;
            for (FT_UInt k = 0; k < s->num_subglyphs; k++) {
                FT_Int idx;
                FT_UInt flags;
                FT_Int a1, a2;
                FT_Matrix m;
                assert_int_equal(FT_Get_SubGlyph_Info(s, k, &idx, &flags, &a1,
                                                      &a2, &m), 0);
                if (!set[idx]) {
                    set[idx] = true;
                    grew = true;
                }
            }
        }
    }
}

/* Mark in drawn (0x10000 entries) the code points of text that face f
 * draws. */
static void mark_drawn(const vb_font *f, const char *text, bool *drawn)
{
    memset(drawn, 0, 0x10000);
    size_t len = strlen(text), i = 0;
    while (i < len) {
        int32_t cp = vb_utf8_next(text, len, &i);
        if (cp > 0 && cp <= 0xFFFF && vb_font_glyph(f, (uint32_t)cp))
            drawn[cp] = true;
    }
}

/* The document's CIDs: cps[k] for CID k >= 1, the code points some face
 * draws (drawn[f]), ascending; returns how many CIDs there are, 0
 * included. */
static size_t document_cids(bool *const drawn[], uint32_t *cps)
{
    size_t n = 1;
    cps[0] = 0;
    for (uint32_t cp = 1; cp <= 0xFFFF; cp++) {
        bool any = false;
        for (int f = 0; f < VB_FACE_COUNT; f++)
            any |= drawn[f][cp];
        if (any)
            cps[n++] = cp;
    }
    return n;
}

/* Glyph sub_gid of the subset draws what orig_gid of the original does. */
static void same_glyph(FT_Face orig, FT_UInt og, FT_Face sub, FT_UInt sg)
{
    FT_Int32 load = FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING;
    assert_int_equal(FT_Load_Glyph(orig, og, load), 0);
    FT_GlyphSlot a = orig->glyph;
    FT_Outline oa = a->outline;
    FT_Pos adv = a->metrics.horiAdvance, lsb = a->metrics.horiBearingX;
    FT_Vector *pts = malloc(sizeof *pts * (size_t)(oa.n_points + 1));
    char *tags = malloc((size_t)oa.n_points + 1);
    short *ends = malloc(sizeof *ends * (size_t)(oa.n_contours + 1));
    memcpy(pts, oa.points, sizeof *pts * (size_t)oa.n_points);
    memcpy(tags, oa.tags, (size_t)oa.n_points);
    memcpy(ends, oa.contours, sizeof *ends * (size_t)oa.n_contours);
    short np = oa.n_points, nc = oa.n_contours;

    assert_int_equal(FT_Load_Glyph(sub, sg, load), 0);
    FT_Outline ob = sub->glyph->outline;
    if (ob.n_points != np || ob.n_contours != nc)
        fail_msg("glyph %u -> %u: %d points %d contours, want %d and %d", og,
                 sg, ob.n_points, ob.n_contours, np, nc);
    for (short i = 0; i < np; i++) {
        assert_int_equal(ob.points[i].x, pts[i].x);
        assert_int_equal(ob.points[i].y, pts[i].y);
        assert_int_equal(ob.tags[i] & 3, tags[i] & 3);
    }
    for (short i = 0; i < nc; i++)
        assert_int_equal(ob.contours[i], ends[i]);
    assert_int_equal(sub->glyph->metrics.horiAdvance, adv);
    assert_int_equal(sub->glyph->metrics.horiBearingX, lsb);
    free(pts);
    free(tags);
    free(ends);
}

/* Glyph g of a subset is empty: no outline, no advance. */
static void empty_glyph(FT_Face sub, FT_UInt g)
{
    assert_int_equal(FT_Load_Glyph(sub, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0);
    assert_int_equal(sub->glyph->outline.n_points, 0);
    assert_int_equal(sub->glyph->metrics.horiAdvance, 0);
}

/* Draw text[f] in face f, embed, and compare each subset glyph by glyph. */
static void check_texts(fixture *fx, const char *const text[])
{
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    vb_dlist_init(&d, &a);
    vb_page *pg = vb_dlist_add_page(&d, 595, 842);
    for (int f = 0; f < VB_FACE_COUNT; f++)
        vb_page_text(&d, pg, 50, 700 - 20 * f, f, 10, text[f], strlen(text[f]));
    vb_buf out;
    vb_buf_init(&out);
    char err[256] = "";
    vb_pdf_opts o = { .compress = 0 };
    if (vb_pdf_write(&d, &fx->fs, &o, &out, err, sizeof err) != 0)
        fail_msg("vb_pdf_write: %s", err);
    const unsigned char *prog[VB_FACE_COUNT];
    size_t len[VB_FACE_COUNT];
    assert_int_equal(font_programs(&out, prog, len, VB_FACE_COUNT), VB_FACE_COUNT);
    bool *drawn[VB_FACE_COUNT];
    for (int f = 0; f < VB_FACE_COUNT; f++) {
        drawn[f] = malloc(0x10000);
        mark_drawn(fx->fs.face[f], text[f], drawn[f]);
    }
    uint32_t *cps = malloc(0x10000 * sizeof *cps);
    size_t ncids = document_cids(drawn, cps);
    for (int f = 0; f < VB_FACE_COUNT; f++) {
        check_sfnt(prog[f], len[f]);
        FT_Face orig = fx->orig[f], sub;
        const vb_font *font = fx->fs.face[f];
        /* Faces are written in VB_FACE_* order. */
        assert_int_equal(FT_New_Memory_Face(fx->lib, prog[f], (FT_Long)len[f],
                                            0, &sub), 0);
        assert_int_equal(sub->units_per_EM, orig->units_per_EM);
        bool *set = malloc((size_t)orig->num_glyphs);
        expect_glyphs(orig, font, text[f], set);
        /* The CIDs: this face's glyph where it draws the character. */
        same_glyph(orig, 0, sub, 0);
        set[0] = false;
        for (size_t cid = 1; cid < ncids; cid++) {
            if (drawn[f][cps[cid]]) {
                FT_UInt g = vb_font_glyph(font, cps[cid]);
                same_glyph(orig, g, sub, (FT_UInt)cid);
                set[g] = false;
            } else {
                empty_glyph(sub, (FT_UInt)cid);
            }
        }
        /* Then the components no CID holds, in their original order. */
        FT_UInt next = (FT_UInt)ncids;
        for (FT_Long g = 0; g < orig->num_glyphs; g++)
            if (set[g])
                same_glyph(orig, (FT_UInt)g, sub, next++);
        assert_int_equal(sub->num_glyphs, (FT_Long)next);
        free(set);
        FT_Done_Face(sub);
    }
    for (int f = 0; f < VB_FACE_COUNT; f++)
        free(drawn[f]);
    free(cps);
    vb_buf_free(&out);
    vb_arena_free(&a);
}

/* The same text in every face. */
static void check_text(fixture *fx, const char *text)
{
    const char *const t[VB_FACE_COUNT] = { text, text, text, text };
    check_texts(fx, t);
}

static void test_one_letter(void **state)
{
    check_text(*state, "A");
}

static void test_vietnamese(void **state)
{
    check_text(*state, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
                       "Hạnh phúc. Kế hoạch tổ chức Hội nghị tổng kết hoạt "
                       "động KH&CN năm 2023; phương hướng, nhiệm vụ năm 2024 "
                       "ỹ ự ở ữ ẵ ẳ ậ ề ễ ỗ ộ ợ ụ ỵ “trích yếu” – 12,5% ₫ …");
}

/* Each face draws other characters: each subset holds empty glyphs for
 * the CIDs only the others draw, and its composites' parts after them. */
static void test_faces_apart(void **state)
{
    const char *const t[VB_FACE_COUNT] = { "Độc lập", "Tự do", "Hạnh phúc",
                                           "ẵ ỹ 2024" };
    check_texts(*state, t);
}

/* Every code point the faces have in Latin, Greek, Cyrillic, Latin
 * Extended Additional and punctuation: over a thousand glyphs, hundreds of
 * them composites. */
static void test_many_glyphs(void **state)
{
    fixture *fx = *state;
    vb_buf t;
    vb_buf_init(&t);
    const uint32_t ranges[][2] = { { 0x20, 0x24F }, { 0x370, 0x4FF },
                                   { 0x1E00, 0x1EFF }, { 0x2000, 0x20CF } };
    for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
        for (uint32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
            if (!vb_font_has(fx->fs.face[0], cp) || (cp >= 0x7F && cp < 0xA0))
                continue;
            char u[4];
            vb_buf_put(&t, u, vb_utf8_encode(cp, u));
        }
    check_text(fx, t.data);
    vb_buf_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_letter),
        cmocka_unit_test(test_vietnamese),
        cmocka_unit_test(test_faces_apart),
        cmocka_unit_test(test_many_glyphs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
