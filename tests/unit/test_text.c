/* test_text.c - UTF-8 helpers, NFC, upper case and inline markup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "dlist.h"
#include "text.h"
#include "util.h"

/* ---- helpers ------------------------------------------------------------ */

/* Render runs as "<b>..</b>", "<i>..</i>", "<bi>..</bi>" around styled text
 * so that a whole result is checked with one string comparison. */
static const char *render(vb_arena *a, const char *src, unsigned base)
{
    vb_run *runs = NULL;
    size_t n = vb_inline(a, src, strlen(src), base, &runs);
    vb_buf b;
    vb_buf_init(&b);
    vb_buf_puts(&b, "");
    static const char *const tag[4] = { "", "b", "i", "bi" };
    for (size_t i = 0; i < n; i++) {
        assert_true(runs[i].len > 0);                  /* no empty runs */
        assert_int_equal(strlen(runs[i].s), runs[i].len); /* NUL-terminated copy */
        if (i > 0)
            assert_true(runs[i].style != runs[i - 1].style); /* merged */
        unsigned st = runs[i].style & 3u;
        if (st)
            vb_buf_printf(&b, "<%s>", tag[st]);
        vb_buf_put(&b, runs[i].s, runs[i].len);
        if (st)
            vb_buf_printf(&b, "</%s>", tag[st]);
    }
    char *r = vb_strdup(a, b.data);
    vb_buf_free(&b);
    return r;
}

#define EXPECT_INLINE(src, want)                                               \
    do {                                                                       \
        vb_arena a_;                                                           \
        vb_arena_init(&a_);                                                    \
        assert_string_equal(render(&a_, (src), 0), (want));                    \
        vb_arena_free(&a_);                                                    \
    } while (0)

/* ---- UTF-8 -------------------------------------------------------------- */

static void test_utf8_next_positions(void **state)
{
    const char *s = "Đắk"; /* C4 90 | E1 BA AF | 6B */
    size_t len = strlen(s), i = 0;
    assert_int_equal(vb_utf8_next(s, len, &i), 0x110);
    assert_int_equal(i, 2);
    assert_int_equal(vb_utf8_next(s, len, &i), 0x1EAF);
    assert_int_equal(i, 5);
    assert_int_equal(vb_utf8_next(s, len, &i), 'k');
    assert_int_equal(i, 6);
    /* Past the end: no read, -1. */
    assert_int_equal(vb_utf8_next(s, len, &i), -1);

    /* An invalid byte advances by exactly one. */
    const char *bad = "a\xFF" "b";
    i = 1;
    assert_int_equal(vb_utf8_next(bad, 3, &i), -1);
    assert_int_equal(i, 2);
    assert_int_equal(vb_utf8_next(bad, 3, &i), 'b');

    /* A sequence cut by len is invalid even if the bytes continue. */
    i = 0;
    assert_int_equal(vb_utf8_next(s, 1, &i), -1);
    assert_int_equal(i, 1);
}

static void test_utf8_valid(void **state)
{
    size_t bad = 99;
    assert_true(vb_utf8_valid("Kế hoạch số 04/KH-KHCN", strlen("Kế hoạch số 04/KH-KHCN"), &bad));
    assert_true(vb_utf8_valid("", 0, NULL));
    assert_true(vb_utf8_valid("\xF0\x9F\x98\x80", 4, &bad)); /* U+1F600 */

    assert_false(vb_utf8_valid("ab\xC3\x28", 4, &bad));  /* bad continuation */
    assert_int_equal(bad, 2);
    assert_false(vb_utf8_valid("x\xC0\xAF", 3, &bad));   /* overlong '/' */
    assert_int_equal(bad, 1);
    assert_false(vb_utf8_valid("\xE0\x80\x80", 3, &bad)); /* overlong NUL */
    assert_int_equal(bad, 0);
    assert_false(vb_utf8_valid("ok\xED\xA0\x80", 5, &bad)); /* surrogate D800 */
    assert_int_equal(bad, 2);
    assert_false(vb_utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* > U+10FFFF */
    assert_int_equal(bad, 0);
    assert_false(vb_utf8_valid("Vi\xE1\xBB", 5, &bad)); /* truncated */
    assert_int_equal(bad, 2);
    assert_false(vb_utf8_valid("\x80", 1, NULL));         /* lone continuation */
}

static void test_utf8_count(void **state)
{
    assert_int_equal(vb_utf8_count("Đắk Nông", strlen("Đắk Nông")), 8);
    assert_int_equal(vb_utf8_count("abc", 3), 3);
    assert_int_equal(vb_utf8_count("", 0), 0);
    /* NFD: a combining mark is a code point of its own. */
    assert_int_equal(vb_utf8_count("o\xCC\x82\xCC\x81", 5), 3);
}

static void test_utf8_encode(void **state)
{
    char out[4];
    assert_int_equal(vb_utf8_encode('A', out), 1);
    assert_int_equal(out[0], 'A');
    assert_int_equal(vb_utf8_encode(0x111, out), 2); /* đ */
    assert_memory_equal(out, "\xC4\x91", 2);
    assert_int_equal(vb_utf8_encode(0x1EC7, out), 3); /* ệ */
    assert_memory_equal(out, "ệ", 3);
    assert_int_equal(vb_utf8_encode(0x1F600, out), 4);
    assert_memory_equal(out, "\xF0\x9F\x98\x80", 4);
    assert_int_equal(vb_utf8_encode(0xD800, out), 0);   /* surrogate */
    assert_int_equal(vb_utf8_encode(0x110000, out), 0); /* out of range */

    /* Round trip through the decoder. */
    static const uint32_t cps[] = { 0x7F, 0x80, 0x7FF, 0x800, 0xFFFD, 0x10000, 0x10FFFF };
    for (size_t k = 0; k < sizeof cps / sizeof cps[0]; k++) {
        size_t n = vb_utf8_encode(cps[k], out), i = 0;
        assert_int_equal(vb_utf8_next(out, n, &i), (int32_t)cps[k]);
        assert_int_equal(i, n);
    }
}

/* ---- NFC ------------------------------------------------------------------ */

static void test_nfc(void **state)
{
    vb_arena a;
    vb_arena_init(&a);
    size_t n = 0;
    /* o + COMBINING CIRCUMFLEX + COMBINING ACUTE -> ố (U+1ED1). */
    char *r = vb_nfc(&a, "o\xCC\x82\xCC\x81", 5, &n);
    assert_string_equal(r, "ố");
    assert_int_equal(n, 3);
    /* e + dot below + circumflex and e + circumflex + dot below: both ệ. */
    assert_string_equal(vb_nfc(&a, "Vie\xCC\xA3\xCC\x82t", 8, NULL), "Việt");
    assert_string_equal(vb_nfc(&a, "Vie\xCC\x82\xCC\xA3t", 8, NULL), "Việt");
    /* d + stroke does not compose (đ has no decomposition). */
    assert_string_equal(vb_nfc(&a, "đ", strlen("đ"), NULL), "đ");
    /* Already NFC and ASCII are copied unchanged. */
    assert_string_equal(vb_nfc(&a, "Kế hoạch", strlen("Kế hoạch"), &n), "Kế hoạch");
    assert_int_equal(n, strlen("Kế hoạch"));
    assert_string_equal(vb_nfc(&a, "plain", 5, &n), "plain");
    assert_int_equal(n, 5);
    /* Only len bytes are read. */
    assert_string_equal(vb_nfc(&a, "abcdef", 3, NULL), "abc");
    assert_string_equal(vb_nfc(&a, "", 0, &n), "");
    assert_int_equal(n, 0);
    vb_arena_free(&a);
}

/* ---- upper case -------------------------------------------------------------- */

static void test_sentence_case_and_lower(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    assert_string_equal(vb_sentence_case(&a, "KẾ HOẠCH"), "Kế hoạch");
    assert_string_equal(vb_sentence_case(&a, "ĐỀ ÁN"), "Đề án");
    assert_string_equal(vb_sentence_case(&a, ""), "");
    assert_false(vb_has_lower("SỞ KHOA HỌC VÀ CÔNG NGHỆ"));
    assert_true(vb_has_lower("SỞ KHOA HỌC VÀ CÔNG NGHệ"));
    assert_true(vb_has_lower("đ"));
    assert_false(vb_has_lower("KH-KHCN 04/2024"));
    assert_true(vb_is_lower(0x01B0)); /* ư */
    assert_false(vb_is_lower(0x01AF)); /* Ư */
    vb_arena_free(&a);
}

static void test_upper_vietnamese(void **state)
{
    vb_arena a;
    vb_arena_init(&a);
    assert_string_equal(vb_upper(&a, "kế hoạch"), "KẾ HOẠCH");
    assert_string_equal(vb_upper(&a, "ủy ban nhân dân tỉnh đắk nông"),
                        "ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG");
    assert_string_equal(vb_upper(&a, "sở khoa học và công nghệ"), "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
    assert_string_equal(vb_upper(&a, "đ ơ ư"), "Đ Ơ Ư");
    assert_string_equal(vb_upper(&a, "trường đại học"), "TRƯỜNG ĐẠI HỌC");
    /* Every vowel with every tone. */
    assert_string_equal(vb_upper(&a,
        "aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị "
        "oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đ"),
        "AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ EÈÉẺẼẸ ÊỀẾỂỄỆ IÌÍỈĨỊ "
        "OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ UÙÚỦŨỤ ƯỪỨỬỮỰ YỲÝỶỸỴ Đ");
    /* Already upper, digits and punctuation are unchanged. */
    assert_string_equal(vb_upper(&a, "KH-KHCN 04/2024"), "KH-KHCN 04/2024");
    /* NFD input: the base letter is raised, the marks are kept. */
    assert_string_equal(vb_upper(&a, "o\xCC\x82\xCC\x81"), "O\xCC\x82\xCC\x81");
    assert_string_equal(vb_upper(&a, ""), "");
    /* Invalid bytes are dropped rather than copied into the PDF. */
    assert_string_equal(vb_upper(&a, "a\xFF" "b"), "AB");
    vb_arena_free(&a);
}

/* ---- inline markup ------------------------------------------------------------ */

static void test_inline_basic(void **state)
{
    EXPECT_INLINE("plain text", "plain text");
    EXPECT_INLINE("**bold**", "<b>bold</b>");
    EXPECT_INLINE("*italic*", "<i>italic</i>");
    EXPECT_INLINE("***bold italic***", "<bi>bold italic</bi>");
    EXPECT_INLINE("a **b** c *d* e", "a <b>b</b> c <i>d</i> e");
    EXPECT_INLINE("**Mục đích**: *yêu cầu*", "<b>Mục đích</b>: <i>yêu cầu</i>");
    EXPECT_INLINE("", "");
}

static void test_inline_nested(void **state)
{
    EXPECT_INLINE("**bold *bold-italic* bold**", "<b>bold </b><bi>bold-italic</bi><b> bold</b>");
    EXPECT_INLINE("*it **bi** it*", "<i>it </i><bi>bi</bi><i> it</i>");
    EXPECT_INLINE("***bi** i*", "<bi>bi</bi><i> i</i>");
    EXPECT_INLINE("***bi* b**", "<bi>bi</bi><b> b</b>");
    /* Rule of 3 (CommonMark example): foo<em>foo<strong>bar</strong>baz</em>. */
    EXPECT_INLINE("*foo**bar**baz*", "<i>foo</i><bi>bar</bi><i>baz</i>");
    /* Italic inside italic is still italic. */
    EXPECT_INLINE("*(*foo*)*", "<i>(foo)</i>");
    /* Intraword '*' works (unlike '_'). */
    EXPECT_INLINE("foo*bar*baz", "foo<i>bar</i>baz");
}

static void test_inline_literal(void **state)
{
    EXPECT_INLINE("2 * 3", "2 * 3");
    EXPECT_INLINE("2 * 3 * 4", "2 * 3 * 4");
    EXPECT_INLINE("*", "*");
    EXPECT_INLINE("**", "**");
    EXPECT_INLINE("***", "***");
    EXPECT_INLINE("a * b", "a * b");
    EXPECT_INLINE("* a *", "* a *");
    EXPECT_INLINE("** bold**", "** bold**");     /* opener followed by space */
    EXPECT_INLINE("**bold **", "**bold **");     /* closer preceded by space */
    /* From a seed: a leading "* " is a literal bullet; the rest is italic. */
    EXPECT_INLINE("* *Thành phần:*", "* <i>Thành phần:</i>");
    EXPECT_INLINE("* *Thành phần:* Lãnh đạo Sở", "* <i>Thành phần:</i> Lãnh đạo Sở");
}

static void test_inline_unmatched(void **state)
{
    EXPECT_INLINE("*foo", "*foo");
    EXPECT_INLINE("foo*", "foo*");
    EXPECT_INLINE("**foo", "**foo");
    EXPECT_INLINE("**foo*", "*<i>foo</i>");
    EXPECT_INLINE("*foo**", "<i>foo</i>*");
    EXPECT_INLINE("***foo*", "**<i>foo</i>");
    EXPECT_INLINE("*a **b", "*a **b");
}

static void test_inline_escapes(void **state)
{
    EXPECT_INLINE("\\*not italic\\*", "*not italic*");
    EXPECT_INLINE("\\**italic*", "*<i>italic</i>");
    EXPECT_INLINE("a \\\\ b", "a \\ b");
    EXPECT_INLINE("\\\\*x*", "\\<i>x</i>");
    /* Other backslashes are literal. */
    EXPECT_INLINE("C:\\dir\\file", "C:\\dir\\file");
    EXPECT_INLINE("end\\", "end\\");
    EXPECT_INLINE("\\", "\\");
    EXPECT_INLINE("**a\\*b**", "<b>a*b</b>");
}

static void test_inline_base_and_nfc(void **state)
{
    vb_arena a;
    vb_arena_init(&a);
    /* The base style is or-ed into every run. */
    vb_run *runs;
    size_t n = vb_inline(&a, "a *b* **c**", strlen("a *b* **c**"), VB_FACE_BOLD, &runs);
    assert_int_equal(n, 3);
    assert_string_equal(runs[0].s, "a ");
    assert_int_equal(runs[0].style, VB_FACE_BOLD);
    assert_string_equal(runs[1].s, "b");
    assert_int_equal(runs[1].style, VB_FACE_BOLDITALIC);
    /* **c** inside a bold base stays bold and merges with the space. */
    assert_string_equal(runs[2].s, " c");
    assert_int_equal(runs[2].style, VB_FACE_BOLD);

    /* NFD input comes out NFC. */
    const char *nfd = "*To\xCC\x82\xCC\x81 chu\xCC\x9B\xCC\x81" "c*";
    n = vb_inline(&a, nfd, strlen(nfd), 0, &runs);
    assert_int_equal(n, 1);
    assert_string_equal(runs[0].s, "Tố chức");
    assert_int_equal(runs[0].style, VB_FACE_ITALIC);

    /* Only len bytes are read. */
    n = vb_inline(&a, "*ab*cdef", 4, 0, &runs);
    assert_int_equal(n, 1);
    assert_string_equal(runs[0].s, "ab");

    n = vb_inline(&a, "", 0, 0, &runs);
    assert_int_equal(n, 0);

    /* Unicode punctuation and white space count in the flanking rules:
     * a no-break space after '*' makes it literal; a quotation mark before
     * the opener is fine. */
    EXPECT_INLINE("*\xC2\xA0x*", "*\xC2\xA0x*");
    EXPECT_INLINE("“*trích*”", "“<i>trích</i>”");
    vb_arena_free(&a);
}

/* vb_inline_nfc gives vb_inline's runs for NFC text, with and without
 * markup, and text without markup is one run over the source itself. */
static void test_inline_nfc(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Kế hoạch tổ chức Hội nghị", "a *b* **c** ***d***", "2 * 3 = \\*6\\*",
        "* *Thành phần:*", "“*trích*” – 5.000 ₫", "", "**", "x\\"};
    vb_arena a;
    vb_arena_init(&a);
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        const char *s = texts[t];
        vb_run *want, *got;
        size_t nw = vb_inline(&a, s, strlen(s), VB_FACE_BOLD, &want);
        size_t ng = vb_inline_nfc(&a, s, strlen(s), VB_FACE_BOLD, &got);
        assert_int_equal(ng, nw);
        for (size_t i = 0; i < ng; i++) {
            assert_int_equal(got[i].style, want[i].style);
            assert_int_equal(got[i].len, want[i].len);
            assert_memory_equal(got[i].s, want[i].s, got[i].len);
        }
    }
    const char *plain = "Thời gian: Ngày 09/01/2024.";
    vb_run *runs;
    assert_int_equal(vb_inline_nfc(&a, plain, strlen(plain), 0, &runs), 1);
    assert_ptr_equal(runs[0].s, plain);
    assert_int_equal(runs[0].len, strlen(plain));
    vb_arena_free(&a);
}

static void test_inline_plain(void **state)
{
    vb_arena a;
    vb_arena_init(&a);
    assert_string_equal(vb_inline_plain(&a, "**Mục đích**, *yêu cầu*"), "Mục đích, yêu cầu");
    assert_string_equal(vb_inline_plain(&a, "2 * 3 = \\*6\\*"), "2 * 3 = *6*");
    assert_string_equal(vb_inline_plain(&a, "* *Thành phần:*"), "* Thành phần:");
    assert_string_equal(vb_inline_plain(&a, ""), "");
    assert_string_equal(vb_inline_plain(&a, "Ho\xCC\x82\xCC\x80i nghi\xCC\xA3"), "Hồi nghị");
    vb_arena_free(&a);
}

/* Adversarial inputs must finish quickly and produce consistent output:
 * the runs' text is never longer than the input and is valid UTF-8. */
static void check_bounded(const char *s, size_t len)
{
    vb_arena a;
    vb_arena_init(&a);
    vb_run *runs;
    size_t n = vb_inline(&a, s, len, 0, &runs);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(runs[i].len > 0);
        assert_true(vb_utf8_valid(runs[i].s, runs[i].len, NULL));
        total += runs[i].len;
    }
    assert_true(total <= len);
    vb_arena_free(&a);
}

static char *repeat(const char *unit, size_t times, size_t *len)
{
    size_t u = strlen(unit);
    char *s = malloc(u * times + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * u, unit, u);
    s[u * times] = 0;
    *len = u * times;
    return s;
}

static void test_inline_adversarial(void **state)
{
    clock_t t0 = clock();
    static const char *const units[] = {
        "*", "*a", "a*", "**a", "a**", "*a**", "**a*", "a***", "***a", "* a",
        "*a *", "\\*", "\\\\*", "*\\", "a**b*", "*ế",
    };
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        size_t len;
        char *s = repeat(units[k], 10000, &len);
        check_bounded(s, len);
        free(s);
    }
    /* 10,000 asterisks: one run with no flanking neighbour -> literal. */
    {
        size_t len;
        char *s = repeat("*", 10000, &len);
        vb_arena a;
        vb_arena_init(&a);
        assert_int_equal(strlen(vb_inline_plain(&a, s)), 10000);
        vb_arena_free(&a);
        free(s);
    }
    /* Openers that never close, then closers that never open, varying in
     * length so that the rule of 3 skips many of them. */
    {
        vb_buf b;
        vb_buf_init(&b);
        for (int i = 0; i < 5000; i++)
            vb_buf_puts(&b, (i % 3 == 0) ? "*a " : (i % 3 == 1) ? "**a " : "***a ");
        for (int i = 0; i < 5000; i++)
            vb_buf_puts(&b, (i % 2 == 0) ? "a** " : "a*b ");
        check_bounded(b.data, b.len);
        vb_buf_free(&b);
    }
    /* Pseudo-random mixes (a fixed LCG: reproducible). */
    {
        uint32_t x = 12345;
        static const char alphabet[] = "**** a\\";
        char *s = malloc(50001);
        assert_non_null(s);
        for (int round = 0; round < 10; round++) {
            for (size_t i = 0; i < 50000; i++) {
                x = x * 1103515245u + 12345u;
                s[i] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
            }
            s[50000] = 0;
            check_bounded(s, 50000);
        }
        free(s);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    /* Linear work is well under a second even with sanitizers; quadratic
     * behaviour on these sizes would take far longer. */
    assert_true(secs < 10.0);
}

/* One decode by both, on buf[0..n): same code point (or both invalid) and
 * the same number of bytes taken (utf8proc's error is one byte skipped). */
static void same_decode(const unsigned char *buf, size_t n)
{
    size_t i = 0;
    int32_t got = vb_utf8_next((const char *)buf, n, &i);
    utf8proc_int32_t want;
    utf8proc_ssize_t k = utf8proc_iterate(buf, (utf8proc_ssize_t)n, &want);
    if (k <= 0) {
        want = -1;
        k = 1;
    }
    if (got != want || i != (size_t)k)
        fail_msg("%02X %02X %02X %02X (%zu bytes): got U+%04X/%zu, utf8proc "
                 "U+%04X/%zd", buf[0], n > 1 ? buf[1] : 0, n > 2 ? buf[2] : 0,
                 n > 3 ? buf[3] : 0, n, (unsigned)got, i, (unsigned)want, k);
}

/* vb_utf8_next decodes by hand; it must agree with utf8proc everywhere:
 * every 1- and 2-byte input, every 3-byte input after a 3-byte lead, and
 * the 4-byte leads with every second byte and the edge values after it,
 * each also cut short. */
static void test_utf8_next_matches_utf8proc(void **state)
{
    (void)state;
    static const unsigned char EDGE[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                          0x9F, 0xA0, 0xBF, 0xC0, 0xF5, 0xFF };
    unsigned char b[4];
    for (unsigned x = 0; x < 256; x++) {
        b[0] = (unsigned char)x;
        same_decode(b, 1);
        for (unsigned y = 0; y < 256; y++) {
            b[1] = (unsigned char)y;
            same_decode(b, 2);
            if (x < 0xE0 || x > 0xF4)
                continue;
            for (unsigned z = 0; z < 256; z++) {
                b[2] = (unsigned char)z;
                same_decode(b, 3);
                if (x < 0xF0)
                    continue;
                if (z != 0x80 && z != 0xBF && z != 0x41)
                    continue;
                for (size_t e = 0; e < sizeof EDGE; e++) {
                    b[3] = EDGE[e];
                    same_decode(b, 4);
                }
            }
        }
    }
    /* Past the end, and a walk over mixed text. */
    size_t i = 3;
    assert_int_equal(vb_utf8_next("abc", 3, &i), -1);
    const char *s = "A\xC3\xA9\xE1\xBB\x87\xF0\x9F\x98\x80\xFFz";
    const int32_t want[] = { 'A', 0xE9, 0x1EC7, 0x1F600, -1, 'z' };
    i = 0;
    for (size_t k = 0; k < sizeof want / sizeof *want; k++)
        assert_int_equal(vb_utf8_next(s, strlen(s), &i), want[k]);
    assert_int_equal(i, strlen(s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_next_positions),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_count),
        cmocka_unit_test(test_utf8_encode),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_upper_vietnamese),
        cmocka_unit_test(test_inline_basic),
        cmocka_unit_test(test_inline_nested),
        cmocka_unit_test(test_inline_literal),
        cmocka_unit_test(test_inline_unmatched),
        cmocka_unit_test(test_inline_escapes),
        cmocka_unit_test(test_inline_base_and_nfc),
        cmocka_unit_test(test_inline_nfc),
        cmocka_unit_test(test_inline_plain),
        cmocka_unit_test(test_inline_adversarial),
        cmocka_unit_test(test_sentence_case_and_lower),
        cmocka_unit_test(test_utf8_next_matches_utf8proc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
