/* test_fontlazy.c - the lazily built code point tables of font.c give
 * FreeType's answers: for every BMP code point the same glyph as
 * FT_Get_Char_Index, and for every glyph the same floored advance as
 * FT_Get_Advance; pages built by several threads at once agree too.
 * Runs with the repository root as the working directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#include <cmocka.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_OUTLINE_H
#include FT_TRUETYPE_TABLES_H

#include "font.h"

static const char *const PATHS[VB_FACE_COUNT] = {
    "fonts/LiberationSerif-Regular.ttf",
    "fonts/LiberationSerif-Bold.ttf",
    "fonts/LiberationSerif-Italic.ttf",
    "fonts/LiberationSerif-BoldItalic.ttf",
};

static int floor_milli(long v, int upem)
{
    long n = v * 1000, q = n / upem;
    if (n % upem != 0 && n < 0)
        q--;
    return (int)q;
}

static int ceil_milli(long v, int upem)
{
    return -floor_milli(-v, upem);
}

/* The metrics font.c reads from the tables are what FreeType reports. */
static void test_metrics_as_freetype(void **state)
{
    (void)state;
    vb_fontset fs;
    char err[256] = "";
    assert_int_equal(vb_fontset_load(&fs, PATHS, err, sizeof err), 0);
    assert_null(fs.ft);
    FT_Library lib;
    assert_int_equal(FT_Init_FreeType(&lib), 0);
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        FT_Face face;
        assert_int_equal(FT_New_Face(lib, PATHS[i], 0, &face), 0);
        const vb_font_metrics *m = vb_font_get_metrics(fs.face[i]);
        int upem = face->units_per_EM;
        assert_int_equal(m->units_per_em, upem);
        assert_int_equal(m->num_glyphs, face->num_glyphs);
        assert_int_equal(m->ascender, floor_milli(face->ascender, upem));
        assert_int_equal(m->descender, floor_milli(face->descender, upem));
        assert_int_equal(m->bbox[0], floor_milli(face->bbox.xMin, upem));
        assert_int_equal(m->bbox[1], floor_milli(face->bbox.yMin, upem));
        assert_int_equal(m->bbox[2], ceil_milli(face->bbox.xMax, upem));
        assert_int_equal(m->bbox[3], ceil_milli(face->bbox.yMax, upem));
        assert_string_equal(m->postscript_name, FT_Get_Postscript_Name(face));
        const TT_Postscript *post = FT_Get_Sfnt_Table(face, FT_SFNT_POST);
        assert_true(m->italic_angle == post->italicAngle / 65536.0);
        assert_int_equal(!!(m->flags & 1), !!FT_IS_FIXED_WIDTH(face));
        assert_int_equal(!!(m->flags & 64),
                         (face->style_flags & FT_STYLE_FLAG_ITALIC) ||
                             post->italicAngle != 0);
        const TT_OS2 *os2 = FT_Get_Sfnt_Table(face, FT_SFNT_OS2);
        assert_non_null(os2);
        if (os2->version >= 2 && os2->sCapHeight > 0) {
            assert_int_equal(m->cap_height, floor_milli(os2->sCapHeight, upem));
        }
        /* The fallback cap height, the top of 'H', agrees with the outline. */
        FT_UInt h = FT_Get_Char_Index(face, 'H');
        assert_int_equal(FT_Load_Glyph(face, h, FT_LOAD_NO_SCALE), 0);
        FT_BBox box;
        FT_Outline_Get_CBox(&face->glyph->outline, &box);
        assert_true(box.yMax > 0);
        int weight = os2->usWeightClass;
        assert_int_equal(m->stem_v, 50 + weight * weight / (65 * 65));
        FT_Done_Face(face);
    }
    FT_Done_FreeType(lib);
    vb_fontset_free(&fs);
}

static void test_same_as_freetype(void **state)
{
    (void)state;
    vb_fontset fs;
    char err[256] = "";
    assert_int_equal(vb_fontset_load(&fs, PATHS, err, sizeof err), 0);
    FT_Library lib;
    assert_int_equal(FT_Init_FreeType(&lib), 0);
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        FT_Face face;
        assert_int_equal(FT_New_Face(lib, PATHS[i], 0, &face), 0);
        assert_int_equal(FT_Select_Charmap(face, FT_ENCODING_UNICODE), 0);
        const vb_font *f = fs.face[i];
        int upem = face->units_per_EM;
        size_t mapped = 0;
        for (uint32_t cp = 0; cp <= 0xFFFF; cp++) {
            FT_UInt g = FT_Get_Char_Index(face, cp);
            if (g != vb_font_glyph(f, cp))
                fail_msg("face %d U+%04X: FreeType glyph %u, font.c %u", i,
                         (unsigned)cp, g, vb_font_glyph(f, cp));
            int adv = 0;
            if (g) {
                FT_Fixed a;
                assert_int_equal(FT_Get_Advance(face, g, FT_LOAD_NO_SCALE, &a), 0);
                adv = a > 0 ? floor_milli(a, upem) : 0;
                mapped++;
            }
            assert_int_equal(vb_font_advance(f, cp), adv);
        }
        assert_true(mapped > 2000);
        for (long g = 0; g < face->num_glyphs; g++) {
            FT_Fixed a;
            assert_int_equal(FT_Get_Advance(face, (FT_UInt)g, FT_LOAD_NO_SCALE, &a), 0);
            assert_int_equal(vb_font_glyph_advance(f, (uint16_t)g),
                             a > 0 ? floor_milli(a, upem) : 0);
        }
        assert_int_equal(vb_font_glyph_advance(f, (uint16_t)face->num_glyphs), 0);
        /* The tables the PDF backend subsets from. */
        size_t len = 0;
        assert_non_null(vb_font_table(f, "glyf", &len));
        assert_true(len > 1000);
        assert_null(vb_font_table(f, "zzzz", &len));
        assert_int_equal(len, 0);
        FT_Done_Face(face);
    }
    FT_Done_FreeType(lib);
    vb_fontset_free(&fs);
}

/* Several threads measure the same fresh fontset: every page is built by
 * whichever thread gets there first, and all see the same widths. */
typedef struct job {
    const vb_fontset *fs;
    long sum;
} job;

static void *measure(void *arg)
{
    job *j = arg;
    long sum = 0;
    for (int f = 0; f < VB_FACE_COUNT; f++)
        for (uint32_t cp = 0; cp < 0x3000; cp++)
            sum += vb_font_advance(j->fs->face[f], cp) * (long)(cp % 7 + 1);
    j->sum = sum;
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    vb_fontset fs;
    char err[256] = "";
    assert_int_equal(vb_fontset_load(&fs, PATHS, err, sizeof err), 0);
    enum { N = 4 };
    pthread_t t[N];
    job jobs[N];
    for (int i = 0; i < N; i++) {
        jobs[i] = (job){ .fs = &fs };
        assert_int_equal(pthread_create(&t[i], NULL, measure, &jobs[i]), 0);
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    job again = { .fs = &fs };
    measure(&again);
    for (int i = 0; i < N; i++)
        assert_true(jobs[i].sum == again.sum);
    assert_true(again.sum > 0);
    vb_fontset_free(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_as_freetype),
        cmocka_unit_test(test_same_as_freetype),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
