/* test_font.c - the bundled faces: coverage, widths, metrics, errors.
 * Runs with the repository root as the working directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "font.h"
#include "font_fixture.h"
#include "text.h"

static double pt_to_mm(double pt)
{
    return pt * 25.4 / 72.0;
}

/* The 67 letters per case that are not plain ASCII: ă â đ ê ô ơ ư and the
 * 12 vowels with the 5 tone marks, composed by NFC so that the test does
 * not depend on how this file was typed. Returns the count written. */
static size_t vietnamese_letters(uint32_t out[], size_t cap)
{
    static const uint32_t vowels[] = { 'a', 0x103, 0xE2, 'e', 0xEA, 'i',
                                       'o', 0xF4, 0x1A1, 'u', 0x1B0, 'y' };
    static const uint32_t tones[] = { 0x300, 0x301, 0x303, 0x309, 0x323 };
    static const uint32_t extra[] = { 0x103, 0xE2, 0x111, 0xEA, 0xF4,
                                      0x1A1, 0x1B0 };
    size_t n = 0;
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
        out[n++] = extra[i];
    for (size_t v = 0; v < sizeof vowels / sizeof *vowels; v++) {
        for (size_t t = 0; t < sizeof tones / sizeof *tones; t++) {
            char in[8];
            size_t len = vb_utf8_encode(vowels[v], in);
            len += vb_utf8_encode(tones[t], in + len);
            in[len] = 0;
            char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)in);
            assert_non_null(nfc);
            size_t i = 0, nlen = strlen(nfc);
            int32_t cp = vb_utf8_next(nfc, nlen, &i);
            assert_int_equal(i, nlen); /* a precomposed form exists */
            free(nfc);
            out[n++] = (uint32_t)cp;
        }
    }
    size_t lower = n;
    for (size_t i = 0; i < lower && n < cap; i++)
        out[n++] = (uint32_t)utf8proc_toupper((utf8proc_int32_t)out[i]);
    return n;
}

static void test_vietnamese_coverage(void **state)
{
    const vb_fontset *fs = *state;
    uint32_t letters[200];
    size_t n = vietnamese_letters(letters, 200);
    assert_int_equal(n, 134);
    for (int face = 0; face < VB_FACE_COUNT; face++) {
        const vb_font *f = fs->face[face];
        for (size_t i = 0; i < n; i++) {
            if (!vb_font_has(f, letters[i]))
                fail_msg("face %d lacks U+%04X", face, (unsigned)letters[i]);
            assert_true(vb_font_advance(f, letters[i]) > 0);
        }
        for (uint32_t c = 'a'; c <= 'z'; c++) {
            assert_true(vb_font_has(f, c));
            assert_true(vb_font_has(f, c - 'a' + 'A'));
        }
    }
}

static void test_widths(void **state)
{
    const vb_fontset *fs = *state;
    const vb_font *bold = fs->face[VB_FACE_BOLD];
    const char *motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    double w = vb_font_width(bold, motto, strlen(motto), 12);
    assert_true(w > 249.8 && w < 250.8);
    assert_true(pt_to_mm(w) > 88.1 && pt_to_mm(w) < 88.5);

    const char *sub = "Độc lập - Tự do - Hạnh phúc";
    double w2 = vb_font_width(bold, sub, strlen(sub), 13);
    assert_true(pt_to_mm(w2) > 55.9 && pt_to_mm(w2) < 56.3);

    /* Empty text, invalid bytes count as nothing. */
    assert_true(vb_font_width(bold, "", 0, 12) == 0.0);
    assert_true(vb_font_width(bold, "\xff\xfe", 2, 12) == 0.0);
    double a = vb_font_width(bold, "A", 1, 10);
    assert_true(vb_font_width(bold, "A\xff", 2, 10) == a);
}

/* What vb_font_width must equal: the advances of the code points
 * vb_utf8_next decodes, invalid bytes counting as nothing. */
static double width_by_definition(const vb_font *f, const char *s, size_t len,
                                  double size)
{
    long sum = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp = vb_utf8_next(s, len, &i);
        if (cp >= 0)
            sum += vb_font_advance(f, (uint32_t)cp);
    }
    return (double)sum * size / 1000.0;
}

/* vb_font_width decodes the common sequences itself: it must agree with
 * the definition on Vietnamese text and on random bytes built from the
 * edge cases of UTF-8 (overlong, surrogate, truncated, 4-byte, stray
 * continuation bytes). */
static void test_width_decoding(void **state)
{
    const vb_fontset *fs = *state;
    uint32_t letters[200];
    size_t nl = vietnamese_letters(letters, 200);
    char text[1024];
    size_t len = 0;
    for (size_t i = 0; i < nl; i++)
        len += vb_utf8_encode(letters[i], text + len);
    for (int face = 0; face < VB_FACE_COUNT; face++)
        assert_true(vb_font_width(fs->face[face], text, len, 13) ==
                    width_by_definition(fs->face[face], text, len, 13));
    static const unsigned char pieces[] = {
        'a', ' ', 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3, 0xDF, 0xE0, 0xE1,
        0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0xBA,
        0xBB, 0x90, 0x8F };
    uint64_t r = 12345;
    for (int t = 0; t < 20000; t++) {
        unsigned char b[8];
        size_t n = 1 + (size_t)(t % 8);
        for (size_t k = 0; k < n; k++) {
            r = r * 6364136223846793005u + 1442695040888963407u;
            b[k] = pieces[(r >> 33) % sizeof pieces];
        }
        const vb_font *f = fs->face[t % VB_FACE_COUNT];
        assert_true(vb_font_width(f, (const char *)b, n, 10) ==
                    width_by_definition(f, (const char *)b, n, 10));
    }
}

/* vb_font_word measures the text up to the first space, tab, CR or LF
 * (every other byte, controls and invalid bytes included, belongs to the
 * word) exactly as vb_font_width measures that text, and says where that
 * is: on random bytes from the edge cases of UTF-8 and the separators. */
static void test_word_width(void **state)
{
    const vb_fontset *fs = *state;
    static const unsigned char pieces[] = {
        'a', 'Z', ' ', '\t', '\r', '\n', 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC2, 0xC3,
        0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xFF, 0xA0, 0xBA, 0xBB };
    uint64_t r = 777;
    for (int t = 0; t < 20000; t++) {
        unsigned char b[12];
        size_t n = (size_t)(t % 12);
        for (size_t k = 0; k < n; k++) {
            r = r * 6364136223846793005u + 1442695040888963407u;
            b[k] = pieces[(r >> 33) % sizeof pieces];
        }
        size_t end = 0;
        while (end < n && b[end] != ' ' && b[end] != '\t' && b[end] != '\r' &&
               b[end] != '\n')
            end++;
        const vb_font *f = fs->face[t % VB_FACE_COUNT];
        size_t wl = 99;
        double w = vb_font_word(f, (const char *)b, n, 11, &wl);
        assert_int_equal(wl, end);
        assert_true(w == vb_font_width(f, (const char *)b, end, 11));
    }
    const char *line = "Hội nghị\ttổng kết";
    size_t wl = 0;
    double w = vb_font_word(fs->face[0], line, strlen(line), 13, &wl);
    assert_int_equal(wl, strlen("Hội"));
    assert_true(w == vb_font_width(fs->face[0], "Hội", wl, 13));
}

static void test_width_rule(void **state)
{
    const vb_fontset *fs = *state;
    const vb_font *reg = fs->face[VB_FACE_REGULAR];
    const vb_font_metrics *m = vb_font_get_metrics(reg);
    assert_int_equal(m->units_per_em, 2048);
    /* Space is 512 units: 250/1000 em. 'A' is 1479 units: floor -> 722. */
    assert_int_equal(vb_font_advance(reg, ' '), 250);
    assert_int_equal(vb_font_advance(reg, 'A'), 722);
    uint16_t gid = vb_font_glyph(reg, 'A');
    assert_true(gid != 0);
    assert_int_equal(vb_font_glyph_advance(reg, gid), 722);
    assert_int_equal(vb_font_glyph_advance(reg, 65535), 0);
}

static void test_not_covered(void **state)
{
    const vb_fontset *fs = *state;
    for (int face = 0; face < VB_FACE_COUNT; face++) {
        const vb_font *f = fs->face[face];
        assert_false(vb_font_has(f, 0x1F600));
        assert_int_equal(vb_font_glyph(f, 0x1F600), 0);
        assert_int_equal(vb_font_advance(f, 0x1F600), 0);
        assert_false(vb_font_has(f, 0x4E00)); /* no CJK in Liberation */
        assert_false(vb_font_has(f, 0x10FFFF));
    }
    const char *emoji = "\xF0\x9F\x98\x80";
    assert_true(vb_font_width(fs->face[0], emoji, 4, 12) == 0.0);
}

static void test_metrics(void **state)
{
    const vb_fontset *fs = *state;
    const char *names[VB_FACE_COUNT] = {
        "LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic" };
    for (int face = 0; face < VB_FACE_COUNT; face++) {
        const vb_font_metrics *m = vb_font_get_metrics(fs->face[face]);
        assert_string_equal(m->postscript_name, names[face]);
        assert_true(m->num_glyphs > 1000);
        assert_true(m->ascender > 800 && m->ascender < 1000);
        assert_true(m->descender < -150 && m->descender > -300);
        assert_true(m->cap_height > 600 && m->cap_height < 700);
        assert_true(m->bbox[0] < 0 && m->bbox[1] < 0);
        assert_true(m->bbox[2] > 1000 && m->bbox[3] > 800);
        assert_true(m->stem_v > 0);
        assert_true(m->flags & 4);        /* symbolic */
        assert_false(m->flags & 32);      /* not also nonsymbolic */
        assert_true(m->flags & 2);        /* serif */
        bool italic = face & VB_FACE_ITALIC;
        assert_int_equal(!!(m->flags & 64), italic);
        if (italic)
            assert_true(m->italic_angle < -5);
        else
            assert_true(m->italic_angle == 0.0);
        size_t len = 0;
        const unsigned char *data = vb_font_data(fs->face[face], &len);
        assert_non_null(data);
        assert_true(len > 100000);
        assert_memory_equal(data, "\x00\x01\x00\x00", 4); /* TrueType */
    }
}

static void test_bad_path(void **state)
{
    (void)state;
    vb_fontset fs;
    char err[256] = "";
    const char *paths[VB_FACE_COUNT] = {
        "fonts/LiberationSerif-Regular.ttf", "fonts/does-not-exist.ttf",
        "fonts/LiberationSerif-Italic.ttf",
        "fonts/LiberationSerif-BoldItalic.ttf" };
    assert_int_equal(vb_fontset_load(&fs, paths, err, sizeof err), -1);
    assert_non_null(strstr(err, "does-not-exist.ttf"));
    assert_null(fs.face[0]);
    assert_null(fs.ft);
    vb_fontset_free(&fs); /* safe after failure */

    /* A file that exists but is no font. */
    paths[1] = "CMakeLists.txt";
    err[0] = 0;
    assert_int_equal(vb_fontset_load(&fs, paths, err, sizeof err), -1);
    assert_non_null(strstr(err, "CMakeLists.txt"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vietnamese_coverage),
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_width_decoding),
        cmocka_unit_test(test_word_width),
        cmocka_unit_test(test_width_rule),
        cmocka_unit_test(test_not_covered),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_bad_path),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
