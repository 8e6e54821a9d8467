/* test_nfc.c - vb_nfc's quick check (text.c) never skips a string that
 * utf8proc would change: every single code point of the BMP, and the
 * canonical decomposition of every precomposed character, come out exactly
 * as utf8proc_NFC makes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "text.h"

static void same_as_utf8proc(vb_arena *a, const char *s, size_t len)
{
    char *want = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
    assert_non_null(want);
    size_t got_len = 0;
    char *got = vb_nfc(a, s, len, &got_len);
    if (got_len != strlen(want) || memcmp(got, want, got_len) != 0)
        fail_msg("vb_nfc differs from utf8proc_NFC for '%s'", s);
    free(want);
}

static void test_every_code_point(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    for (uint32_t cp = 1; cp <= 0xFFFF; cp++) {
        char s[8];
        size_t n = vb_utf8_encode(cp, s);
        if (!n)
            continue; /* surrogates */
        s[n] = 0;
        same_as_utf8proc(&a, s, n);
        /* Behind a letter too: a code point that composes with what
         * precedes it must not pass the quick check. */
        char t[16] = "a";
        memcpy(t + 1, s, n + 1);
        same_as_utf8proc(&a, t, n + 1);
        if (cp % 4096 == 0) {
            vb_arena_free(&a);
            vb_arena_init(&a);
        }
    }
    vb_arena_free(&a);
}

static void test_decompositions(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    size_t checked = 0;
    for (uint32_t cp = 0x80; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp < 0xE000)
            continue;
        char s[8];
        size_t n = vb_utf8_encode(cp, s);
        s[n] = 0;
        char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)s);
        assert_non_null(nfd);
        if (strcmp(nfd, s) != 0) {
            same_as_utf8proc(&a, nfd, strlen(nfd));
            checked++;
        }
        free(nfd);
        if (cp % 4096 == 0) {
            vb_arena_free(&a);
            vb_arena_init(&a);
        }
    }
    assert_true(checked > 2000);
    vb_arena_free(&a);
}

static void test_vietnamese(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    /* Precomposed (NFC) text is returned as it is... */
    const char *nfc = "Kế hoạch tổ chức Hội nghị KH&CN năm 2024 – “đợt 1” 5.000 ₫";
    size_t len = 0;
    char *r = vb_nfc(&a, nfc, strlen(nfc), &len);
    assert_int_equal(len, strlen(nfc));
    assert_memory_equal(r, nfc, len);
    /* ...and decomposed text is composed: e + circumflex + acute -> ế. */
    const char *nfd = "Ke\xCC\x82\xCC\x81 hoa\xCC\xA3\x63h";
    r = vb_nfc(&a, nfd, strlen(nfd), &len);
    assert_int_equal(len, strlen("Kế hoạch"));
    assert_memory_equal(r, "Kế hoạch", len);
    /* Invalid UTF-8 is copied unchanged. */
    r = vb_nfc(&a, "a\xff" "b", 3, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(r, "a\xff" "b", 3);
    vb_arena_free(&a);
}

/* The quick check passes over ASCII eight bytes at a time and over the
 * common Vietnamese letters by their bytes: a mark that composes must be
 * found after an ASCII run of every length (ending anywhere in a word of
 * eight) and right after a letter of either byte shape ("ê" + acute is
 * "ế"). */
static void test_after_runs(void **state)
{
    (void)state;
    static const char *const lead[] = {"", "ê", "ư", "ạ", "Ẫ", "ệ ", "đ"};
    static const char *const tail[] = {"e\xCC\x81", "\xCC\x81", "\xCC\xA3\xCC\x82",
                                       "A\xCC\x8A", "x"};
    vb_arena a;
    vb_arena_init(&a);
    for (int n = 0; n <= 24; n++)
        for (size_t l = 0; l < sizeof lead / sizeof *lead; l++)
            for (size_t t = 0; t < sizeof tail / sizeof *tail; t++) {
                char s[96];
                snprintf(s, sizeof s, "%.*s%s%s tiếp theo", n,
                         "Hoi nghi tong ket nam 2023", lead[l], tail[t]);
                same_as_utf8proc(&a, s, strlen(s));
            }
    /* Invalid UTF-8 after a long ASCII run is still copied as it is. */
    size_t len = 0;
    char *r = vb_nfc(&a, "abcdefghijk\xE1\xBB", 13, &len);
    assert_int_equal(len, 13);
    assert_memory_equal(r, "abcdefghijk\xE1\xBB", 13);
    vb_arena_free(&a);
}

/* vb_nfc_stable's code points are NFC whatever surrounds them: none
 * combines (class 0), and none changes behind or before a letter, a
 * precomposed Vietnamese vowel, or another of them. So text made only of
 * them is NFC as it stands, which the loader relies on. */
static void test_stable_set(void **state)
{
    (void)state;
    static const char *const around[] = {"a", "e", "ê", "ơ", "ạ", "Ẫ", "ư", "1", " "};
    size_t stable = 0;
    for (uint32_t cp = 1; cp <= 0xFFFF; cp++) {
        if (!vb_nfc_stable((int32_t)cp))
            continue;
        stable++;
        assert_int_equal(utf8proc_get_property((utf8proc_int32_t)cp)->combining_class, 0);
        char s[8];
        size_t n = vb_utf8_encode(cp, s);
        assert_true(n > 0);
        s[n] = 0;
        for (size_t k = 0; k < sizeof around / sizeof *around; k++) {
            char t[32];
            snprintf(t, sizeof t, "%s%s%s", around[k], s, around[k]);
            char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)t);
            assert_non_null(nfc);
            if (strcmp(nfc, t) != 0)
                fail_msg("U+%04X is not stable next to '%s'", (unsigned)cp, around[k]);
            free(nfc);
        }
    }
    /* U+0001-U+02FF, U+1E00-U+1EFF, U+2002-U+206F and U+20A0-U+20CF. */
    assert_int_equal(stable, 0x2FF + 0x100 + 0x6E + 0x30);
    assert_false(vb_nfc_stable(0x0301)); /* combining acute */
    assert_false(vb_nfc_stable(0x2000)); /* a singleton: NFC makes it U+2002 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_point),
        cmocka_unit_test(test_decompositions),
        cmocka_unit_test(test_vietnamese),
        cmocka_unit_test(test_after_runs),
        cmocka_unit_test(test_stable_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
