/* test_fontbuiltin.c - the faces compiled into the library (fonts_builtin.h)
 * and loading faces from bytes the fontset does not own.
 *
 * VANBAN_HAVE_FONTS_BUILTIN is defined by CMakeLists.txt when the build
 * compiles the faces in (VANBAN_BUILTIN_FONTS); without it the library must
 * say it has none. Runs with the repository root as working directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "font.h"
#include "fonts_builtin.h"
#include "read_file.h"
#include "util.h"

static const char *const FILES[VB_FACE_COUNT] = {
    "fonts/LiberationSerif-Regular.ttf",
    "fonts/LiberationSerif-Bold.ttf",
    "fonts/LiberationSerif-Italic.ttf",
    "fonts/LiberationSerif-BoldItalic.ttf",
};

/* The whole file at path, malloc'd; fails the test when it cannot be
 * read. Read with plain stdio (read_file.h), not the program's reader, as
 * the bytes compiled in are held against it. */
static unsigned char *slurp(const char *path, size_t *len)
{
    char *buf = read_file(path, len);
    if (!buf)
        fail_msg("cannot read %s (run from the repository root)", path);
    return (unsigned char *)buf;
}

/* The four files of fonts/ read into memory (copy[i], the caller frees)
 * and described in faces. */
static void slurp_faces(vb_face_bytes faces[VB_FACE_COUNT],
                        unsigned char *copy[VB_FACE_COUNT])
{
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        copy[i] = slurp(FILES[i], &faces[i].len);
        faces[i].data = copy[i];
        faces[i].name = FILES[i];
    }
}

/* Each compiled-in face is its file in fonts/, byte for byte: the build
 * includes the files as they are, and redoes it when one changes. */
static void test_builtin_equals_files(void **state)
{
    (void)state;
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        size_t flen = 0, blen = 12345;
        unsigned char *file = slurp(FILES[i], &flen);
        const unsigned char *b = vb_fonts_builtin(i, &blen);
#ifdef VANBAN_HAVE_FONTS_BUILTIN
        assert_non_null(b);
        assert_int_equal(blen, flen);
        assert_memory_equal(b, file, flen);
#else
        assert_null(b);
        assert_int_equal(blen, 0);
#endif
        free(file);
    }
}

static void test_builtin_out_of_range(void **state)
{
    (void)state;
    size_t len = 1;
    assert_null(vb_fonts_builtin(-1, &len));
    assert_int_equal(len, 0);
    len = 1;
    assert_null(vb_fonts_builtin(VB_FACE_COUNT, &len));
    assert_int_equal(len, 0);
    /* len may be NULL */
    assert_null(vb_fonts_builtin(VB_FACE_COUNT, NULL));
#ifdef VANBAN_HAVE_FONTS_BUILTIN
    assert_non_null(vb_fonts_builtin(VB_FACE_BOLDITALIC, NULL));
#endif
}

/* Faces loaded from bytes answer exactly as the same faces loaded from
 * their files: metrics, names, glyphs and advances over the BMP's first
 * 0x3000 code points (Latin, Vietnamese, punctuation), and the tables the
 * PDF writer reads lie inside the caller's bytes. */
static void test_mem_equals_files(void **state)
{
    (void)state;
    vb_face_bytes faces[VB_FACE_COUNT];
    unsigned char *copy[VB_FACE_COUNT];
    slurp_faces(faces, copy);
    vb_fontset mem, file;
    char err[256] = "";
    assert_int_equal(vb_fontset_load_mem(&mem, faces, err, sizeof err), 0);
    assert_int_equal(vb_fontset_load(&file, FILES, err, sizeof err), 0);
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        const vb_font *a = mem.face[i], *b = file.face[i];
        const vb_font_metrics *ma = vb_font_get_metrics(a), *mb = vb_font_get_metrics(b);
        assert_int_equal(ma->units_per_em, mb->units_per_em);
        assert_int_equal(ma->ascender, mb->ascender);
        assert_int_equal(ma->descender, mb->descender);
        assert_int_equal(ma->cap_height, mb->cap_height);
        assert_memory_equal(ma->bbox, mb->bbox, sizeof ma->bbox);
        assert_true(ma->italic_angle == mb->italic_angle);
        assert_int_equal(ma->flags, mb->flags);
        assert_int_equal(ma->stem_v, mb->stem_v);
        assert_string_equal(ma->postscript_name, mb->postscript_name);
        assert_int_equal(ma->num_glyphs, mb->num_glyphs);
        for (uint32_t cp = 0; cp < 0x3000; cp++) {
            assert_int_equal(vb_font_glyph(a, cp), vb_font_glyph(b, cp));
            assert_int_equal(vb_font_advance(a, cp), vb_font_advance(b, cp));
        }
        size_t len = 0;
        assert_ptr_equal(vb_font_data(a, &len), copy[i]);
        assert_int_equal(len, faces[i].len);
        size_t glen = 0;
        const unsigned char *glyf = vb_font_table(a, "glyf", &glen);
        assert_non_null(glyf);
        assert_true(glyf > copy[i] && glyf + glen <= copy[i] + faces[i].len);
    }
    vb_fontset_free(&mem);
    vb_fontset_free(&file);
    /* The bytes are still the caller's: unchanged, and freed here once
     * (a fontset that freed or unmapped them would make this crash). */
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        size_t flen = 0;
        unsigned char *again = slurp(FILES[i], &flen);
        assert_int_equal(flen, faces[i].len);
        assert_memory_equal(copy[i], again, flen);
        free(again);
        free(copy[i]);
    }
}

/* Bytes that are no font: refused, named by the caller's name, and the
 * faces loaded before it are released (the leak checker sees to that). */
static void test_mem_not_a_font(void **state)
{
    (void)state;
    static const unsigned char junk[64] = "not a font at all";
    vb_face_bytes faces[VB_FACE_COUNT];
    unsigned char *copy[VB_FACE_COUNT];
    slurp_faces(faces, copy);
    faces[VB_FACE_ITALIC] = (vb_face_bytes){junk, sizeof junk, "junk.ttf"};
    vb_fontset fs;
    char err[256] = "";
    assert_int_equal(vb_fontset_load_mem(&fs, faces, err, sizeof err), -1);
    assert_non_null(strstr(err, "'junk.ttf' is not a usable font"));
    for (int i = 0; i < VB_FACE_COUNT; i++)
        assert_null(fs.face[i]);
    vb_fontset_free(&fs); /* safe after failure */
    /* Too short for a table directory. */
    faces[VB_FACE_ITALIC].len = 8;
    assert_int_equal(vb_fontset_load_mem(&fs, faces, err, sizeof err), -1);
    assert_non_null(strstr(err, "junk.ttf"));
    for (int i = 0; i < VB_FACE_COUNT; i++)
        free(copy[i]);
}

#ifdef VANBAN_HAVE_FONTS_BUILTIN
/* The compiled-in faces load, and freeing the fontset leaves them alone
 * (they are in the program's read-only data: free() or munmap() on them
 * would abort, or fault on the read after it). */
static void test_builtin_loads(void **state)
{
    (void)state;
    vb_face_bytes faces[VB_FACE_COUNT];
    for (int i = 0; i < VB_FACE_COUNT; i++) {
        faces[i].data = vb_fonts_builtin(i, &faces[i].len);
        faces[i].name = FILES[i];
    }
    vb_fontset fs;
    char err[256] = "";
    for (int round = 0; round < 2; round++) {
        if (vb_fontset_load_mem(&fs, faces, err, sizeof err) != 0)
            fail_msg("%s", err);
        assert_string_equal(vb_font_get_metrics(fs.face[VB_FACE_BOLD])->postscript_name,
                            "LiberationSerif-Bold");
        assert_int_not_equal(vb_font_glyph(fs.face[VB_FACE_REGULAR], 0x1EA0), 0); /* Ạ */
        vb_fontset_free(&fs);
    }
    assert_memory_equal(faces[VB_FACE_REGULAR].data, "\x00\x01\x00\x00", 4);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_equals_files),
        cmocka_unit_test(test_builtin_out_of_range),
        cmocka_unit_test(test_mem_equals_files),
        cmocka_unit_test(test_mem_not_a_font),
#ifdef VANBAN_HAVE_FONTS_BUILTIN
        cmocka_unit_test(test_builtin_loads),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
