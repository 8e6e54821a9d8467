/* test_i18n.c - the Vietnamese catalog and the messages built from it.
 *
 * The catalog is checked as a table (sorted, no English twice, every entry
 * translated, each Vietnamese format taking exactly the arguments of its
 * English one: a mismatch would make printf read the wrong type), then
 * through vb_tr(), vb_tr_fragment(), vb_diag_add() with d.lang = "vi" and
 * vb_lang_from_env(). That every message of src/ has an entry is
 * tests/e2e/test_i18n.sh's job. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "diag.h"
#include "i18n.h"

/* ------------------------------------------------- conversions, again */

/* The conversions of a format as one string, each written as it stands
 * ("%s", "%04X", "%.*s", "%%"), space separated; written independently of
 * vb_fmt_spec_parse() so that a fault there cannot hide a fault in the
 * catalog. false for a '%' that starts no conversion printf knows. A
 * precision-0 "%.0s" is kept as "%.0s": the caller decides. */
static bool conversions(const char *fmt, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        const char *q = p + 1;
        if (*q != '%') {
            q += strspn(q, "-+ #0");
            if (*q == '*')
                q++;
            else
                q += strspn(q, "0123456789");
            if (*q == '.') {
                q++;
                if (*q == '*')
                    q++;
                else
                    q += strspn(q, "0123456789");
            }
            if (!strncmp(q, "hh", 2) || !strncmp(q, "ll", 2))
                q += 2;
            else if (*q && strchr("hlzjtL", *q))
                q++;
            if (!*q || !strchr("diouxXcsfFeEgGaAp", *q))
                return false;
        }
        size_t len = (size_t)(q - p) + 1;
        if (n + len + 2 > cap)
            return false;
        memcpy(out + n, p, len);
        n += len;
        out[n++] = ' ';
        out[n] = 0;
        p = q;
    }
    return true;
}

static bool valid_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        int extra = *u < 0x80 ? 0 : (*u & 0xE0) == 0xC0 ? 1 : (*u & 0xF0) == 0xE0 ? 2
                  : (*u & 0xF8) == 0xF0 ? 3 : -1;
        if (extra < 0)
            return false;
        u++;
        for (int i = 0; i < extra; i++, u++)
            if ((*u & 0xC0) != 0x80)
                return false;
    }
    return true;
}

/* ------------------------------------------------------------ catalog */

static void catalog_sorted_unique(void **state)
{
    (void)state;
    size_t n;
    const vb_i18n_entry *c = vb_i18n_catalog(&n);
    assert_true(n > 150);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(c[i - 1].en, c[i].en) >= 0)
            fail_msg("catalog out of order or duplicated at %zu: \"%s\" then \"%s\"", i,
                     c[i - 1].en, c[i].en);
    }
}

static void catalog_conversions_match(void **state)
{
    (void)state;
    size_t n;
    const vb_i18n_entry *c = vb_i18n_catalog(&n);
    size_t formats = 0;
    for (size_t i = 0; i < n; i++) {
        const char *en = c[i].en, *vi = c[i].vi;
        if (!vi[0] || !strcmp(en, vi))
            fail_msg("not translated: \"%s\"", en);
        if (!valid_utf8(en) || !valid_utf8(vi) || strchr(vi, '\n'))
            fail_msg("bad text in the entry for \"%s\"", en);
        if (c[i].flags & VB_I18N_TEXT) {
            /* Never a format: only the same literal '%' signs. */
            size_t pe = 0, pv = 0;
            for (const char *p = en; *p; p++)
                pe += *p == '%';
            for (const char *p = vi; *p; p++)
                pv += *p == '%';
            if (pe != pv || (c[i].flags & VB_I18N_TEMPLATE))
                fail_msg("text entry \"%s\": %zu '%%' in English, %zu in Vietnamese", en, pe,
                         pv);
            continue;
        }
        char ce[256], cv[256];
        if (!conversions(en, ce, sizeof ce))
            fail_msg("\"%s\" is not a valid format (flag it VB_I18N_TEXT?)", en);
        if (!conversions(vi, cv, sizeof cv))
            fail_msg("the Vietnamese of \"%s\" is not a valid format: \"%s\"", en, vi);
        /* "%.0s" takes the argument of a "%s" and prints nothing. */
        char norm[256];
        size_t k = 0;
        for (const char *p = cv; *p && k + 1 < sizeof norm;) {
            if (!strncmp(p, "%.0s ", 5)) {
                memcpy(norm + k, "%s ", 3);
                k += 3;
                p += 5;
            } else {
                norm[k++] = *p++;
            }
        }
        norm[k] = 0;
        if (strcmp(ce, norm) != 0)
            fail_msg("conversions differ for \"%s\": [%s] vs [%s]", en, ce, cv);
        if ((c[i].flags & VB_I18N_TEMPLATE) && !ce[0])
            fail_msg("template \"%s\" has no conversion", en);
        formats += ce[0] != 0;
    }
    assert_true(formats > 50);
}

/* The checker itself: it must catch what it is there to catch. */
static void checker_catches_mismatches(void **state)
{
    (void)state;
    char a[64], b[64];
    assert_true(conversions("row %zu has %zu cell%s", a, sizeof a));
    assert_string_equal(a, "%zu %zu %s ");
    assert_true(conversions("hàng %zu có %zu ô%.0s", b, sizeof b));
    assert_string_equal(b, "%zu %zu %.0s ");
    assert_true(conversions("U+%04X '%.*s' 100%% %g %ld %c", a, sizeof a));
    assert_string_equal(a, "%04X %.*s %% %g %ld %c ");
    assert_true(conversions("%d %s", a, sizeof a));
    assert_true(conversions("%s %d", b, sizeof b));
    assert_string_not_equal(a, b); /* swapped order */
    assert_true(conversions("%d", a, sizeof a));
    assert_true(conversions("%zu", b, sizeof b));
    assert_string_not_equal(a, b); /* another type */
    assert_false(conversions("cannot start with '%'; quote", a, sizeof a));
    assert_false(conversions("50%", a, sizeof a));
}

/* ------------------------------------------------------------ lookups */

static void lookups(void **state)
{
    (void)state;
    const char *id = "unknown key '%s'; did you mean '%s'?";
    assert_string_equal(vb_tr("vi", id), "khóa '%s' không hợp lệ; có phải là '%s' không?");
    assert_ptr_equal(vb_tr(NULL, id), id);
    assert_ptr_equal(vb_tr("en", id), id);
    assert_ptr_equal(vb_tr("fr", id), id);
    const char *none = "a message nobody wrote";
    assert_ptr_equal(vb_tr("vi", none), none);
    assert_string_equal(vb_tr("vi", "missing required key '%s'"), "thiếu khóa bắt buộc '%s'");
    assert_string_equal(vb_tr("vi", "empty paragraph ignored"), "bỏ qua đoạn văn để trống");
    assert_string_equal(vb_tr("vi", "row %zu has %zu cell%s; the table has %zu columns"),
                        "hàng %zu có %zu ô%.0s; bảng có %zu cột");
    /* The first and the last entry are found too. */
    size_t n;
    const vb_i18n_entry *c = vb_i18n_catalog(&n);
    assert_ptr_equal(vb_tr("vi", c[0].en), c[0].vi);
    assert_ptr_equal(vb_tr("vi", c[n - 1].en), c[n - 1].vi);
    for (size_t i = 0; i < n; i++)
        assert_ptr_equal(vb_tr("vi", c[i].en), c[i].vi);
}

/* vb_tr_fragment() makes want, in Vietnamese, of the English fragment en. */
static void expect_fragment(const char *en, const char *want)
{
    char *t = vb_tr_fragment("vi", en);
    if (!t || strcmp(t, want) != 0)
        fail_msg("fragment \"%s\": got \"%s\", want \"%s\"", en, t ? t : "(none)", want);
    free(t);
}

static void fragments(void **state)
{
    (void)state;
    expect_fragment("a mapping", "một nhóm 'khóa: giá trị'");
    /* libyaml's problem text, and a lone '%' in a text entry. */
    expect_fragment("mapping values are not allowed in this context",
                    "không được đặt giá trị của khóa ở vị trí này");
    char *t =
        vb_tr_fragment("vi", "a plain value cannot start with '@', '`' or '%'; quote the string");
    assert_non_null(strstr(t, "'@', '`' hoặc '%'"));
    free(t);
    /* Templates: the values kept, the words around them translated. */
    expect_fragment("row 3, 'Số lượng'", "hàng 3, cột 'Số lượng'");
    expect_fragment("stated total of 'Thành tiền'", "số tổng đã ghi của cột 'Thành tiền'");
    expect_fragment("'- ' and ';'", "dấu '- ' và dấu ';'");
    expect_fragment("'.' at the end", "dấu '.' ở cuối");
    expect_fragment("'page.width_mm' is 5000; it must lie in 100-1200",
                    "'page.width_mm' bằng 5000; giá trị phải nằm trong khoảng 100-1200");
    /* An unquoted value inside a template is translated in turn. */
    expect_fragment("cannot read layout 'x.yaml': No such file or directory",
                    "không đọc được bố cục 'x.yaml': không có tệp hoặc thư mục này");
    /* Not ours: the user's words, a near miss, English, nothing. */
    assert_null(vb_tr_fragment("vi", "titel"));
    assert_null(vb_tr_fragment("vi", "a mappings"));
    assert_null(vb_tr_fragment("vi", "row x, 'Số lượng'"));
    assert_null(vb_tr_fragment("vi", ""));
    assert_null(vb_tr_fragment(NULL, "a mapping"));
    assert_null(vb_tr_fragment("en", "a mapping"));
    assert_null(vb_tr_fragment("vi", NULL));
    /* A long value is never looked at (it is the user's). */
    char big[2048];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    memcpy(big, "row 1, '", 8);
    big[sizeof big - 2] = '\'';
    assert_null(vb_tr_fragment("vi", big));
}

/* --------------------------------------------------------- diagnostics */

static void diag_in_vietnamese(void **state)
{
    (void)state;
    vb_diags d;
    vb_diags_init(&d, "plan.yaml");
    assert_null(d.lang);
    d.lang = "vi";
    vb_error(&d, ((vb_pos){9, 1}), "unknown-key", "unknown key '%s'; did you mean '%s'?",
             "titel", "title");
    /* Unquoted "%s": ours, translated; quoted: the user's, kept. */
    vb_error(&d, ((vb_pos){2, 9}), "type", "expected %s for '%s', found %s", "a string",
             "a string", "a list");
    /* The plural "s" is dropped by "%.0s"; the arguments still line up. */
    vb_error(&d, ((vb_pos){32, 15}), "table-cells",
             "row %zu has %zu cell%s; the table has %zu columns", (size_t)2, (size_t)4, "s",
             (size_t)5);
    vb_warning(&d, ((vb_pos){3, 9}), "nd30-symbol", "ký hiệu '%s' should be upper case (ND30 §4)",
               "kh-khcn");
    vb_error(&d, ((vb_pos){1, 1}), "yaml-syntax", "%s%s%s",
             "mapping values are not allowed in this context", "; ",
             "indent with spaces, not tabs");
    vb_error(&d, ((vb_pos){30, 80}), "table-equals", "%s: %s ≠ %s = %s", "row 3, 'Thành tiền'",
             "19.000", "Số lượng × Đơn giá", "18.000");
    assert_int_equal(d.n, 6);
    assert_string_equal(d.items[0].message, "khóa 'titel' không hợp lệ; có phải là 'title' không?");
    assert_string_equal(d.items[1].message,
                        "cần một chuỗi ký tự cho 'a string', nhưng gặp một danh sách");
    assert_string_equal(d.items[2].message, "hàng 2 có 4 ô; bảng có 5 cột");
    assert_string_equal(d.items[3].message, "ký hiệu 'kh-khcn' phải viết in hoa (NĐ 30, §4)");
    assert_string_equal(d.items[4].message, "không được đặt giá trị của khóa ở vị trí này; "
                                            "hãy thụt lề bằng dấu cách, không dùng phím tab");
    assert_string_equal(d.items[5].message,
                        "hàng 3, cột 'Thành tiền': 19.000 ≠ Số lượng × Đơn giá = 18.000");
    /* The line keeps its machine-readable shape: only the message changed. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    vb_diag_print(&d, &d.items[0], f);
    vb_diag_print(&d, &d.items[3], f);
    fclose(f);
    assert_string_equal(buf, "plan.yaml:9:1: error: khóa 'titel' không hợp lệ; có phải là "
                             "'title' không? [unknown-key]\n"
                             "plan.yaml:3:9: warning: ký hiệu 'kh-khcn' phải viết in hoa "
                             "(NĐ 30, §4) [nd30-symbol]\n");
    free(buf);
    assert_int_equal(d.errors, 5);
    assert_int_equal(d.warnings, 1);
    vb_diags_free(&d);
}

/* In English nothing changes, fragments included. */
static void diag_in_english(void **state)
{
    (void)state;
    const char *langs[] = {NULL, "en"};
    for (size_t i = 0; i < 2; i++) {
        vb_diags d;
        vb_diags_init(&d, "plan.yaml");
        d.lang = langs[i];
        vb_error(&d, ((vb_pos){2, 9}), "type", "expected %s for '%s', found %s", "a string",
                 "title", "a list");
        assert_string_equal(d.items[0].message, "expected a string for 'title', found a list");
        vb_diags_free(&d);
    }
}

/* A message without an entry is formatted by the same walk as a
 * translated one: every kind of conversion must come out as printf's. */
static void diag_every_conversion(void **state)
{
    (void)state;
    vb_diags d;
    vb_diags_init(&d, "p.yaml");
    d.lang = "vi";
    /* One format and one argument list for printf and for the walk, so that
     * the two cannot drift apart. */
#define EVERY_CONVERSION                                                                  \
    "%d %i %ld %lld %u %lu %zu %zd %04X %x %o %c %.*s|%-6s|%*d %g %5.2f %e %% %hhd "      \
    "%hu %jd %td %Lg %p",                                                                 \
    -7, 42, -70000L, 1LL << 40, 7u, 8ul, (size_t)9, (ssize_t)-3, 0xABu, 255u, 8u, 'q', 3, \
    "abcdef", "ab", 5, 12, 0.25, 3.14159, 1e10, (signed char)-5, (unsigned short)65535,   \
    (intmax_t)-1, (ptrdiff_t)-2, (long double)1.5, (void *)NULL
    char want[512];
    snprintf(want, sizeof want, EVERY_CONVERSION);
    vb_error(&d, ((vb_pos){1, 1}), "r", EVERY_CONVERSION);
#undef EVERY_CONVERSION
    assert_string_equal(d.items[0].message, want);
    /* Text only, a '%%', a literal-free format, an empty one. */
    vb_error(&d, ((vb_pos){1, 1}), "r", "100%% sure");
    vb_error(&d, ((vb_pos){1, 1}), "r", "%s", "a list");
    vb_error(&d, ((vb_pos){1, 1}), "r", "%s", "");
    vb_error(&d, ((vb_pos){1, 1}), "r", "%s", "my own words");
    assert_string_equal(d.items[1].message, "100% sure");
    assert_string_equal(d.items[2].message, "một danh sách");
    assert_string_equal(d.items[3].message, "");
    assert_string_equal(d.items[4].message, "my own words");
    vb_diags_free(&d);
}

/* ------------------------------------------------------------ language */

static void setlang(const char *language, const char *lc_all, const char *lc_messages,
                    const char *lang)
{
    const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    const char *vals[] = {language, lc_all, lc_messages, lang};
    for (int i = 0; i < 4; i++) {
        if (vals[i])
            setenv(names[i], vals[i], 1);
        else
            unsetenv(names[i]);
    }
}

static void language_from_env(void **state)
{
    (void)state;
    static const struct {
        const char *language, *lc_all, *lc_messages, *lang, *want;
    } cases[] = {
        {NULL, NULL, NULL, NULL, "en"},           /* nothing set: C */
        {NULL, NULL, NULL, "vi_VN.UTF-8", "vi"},
        {NULL, NULL, NULL, "vi_VN", "vi"},
        {NULL, NULL, NULL, "vi", "vi"},
        {NULL, NULL, NULL, "vi_VN@tcvn", "vi"},
        {NULL, NULL, NULL, "en_US.UTF-8", "en"},
        {NULL, NULL, NULL, "C", "en"},
        {NULL, NULL, NULL, "vietnamese", "en"},  /* not a locale name */
        {NULL, NULL, NULL, "fr_FR.UTF-8", "en"},
        {NULL, NULL, NULL, "", "en"},
        /* LC_ALL, then LC_MESSAGES, then LANG; empty ones do not count */
        {NULL, "C", NULL, "vi_VN.UTF-8", "en"},
        {NULL, "vi_VN.UTF-8", NULL, "en_US.UTF-8", "vi"},
        {NULL, NULL, "vi_VN.UTF-8", "en_US.UTF-8", "vi"},
        {NULL, NULL, "en_US.UTF-8", "vi_VN.UTF-8", "en"},
        {NULL, "", "", "vi_VN.UTF-8", "vi"},
        {NULL, "en_US.UTF-8", "vi_VN.UTF-8", NULL, "en"},
        /* LANGUAGE first, but not in the C locale */
        {"vi", NULL, NULL, "en_US.UTF-8", "vi"},
        {"vi", NULL, NULL, "C", "en"},
        {"vi", NULL, NULL, "C.UTF-8", "en"},
        {"vi", NULL, NULL, "POSIX", "en"},
        {"vi", NULL, NULL, NULL, "en"},
        {"vi", "C", NULL, "vi_VN.UTF-8", "en"},
        {"fr:vi:en", NULL, NULL, "en_US.UTF-8", "vi"},
        {"en:vi", NULL, NULL, "vi_VN.UTF-8", "en"},
        {"en_GB:vi", NULL, NULL, "vi_VN.UTF-8", "en"},
        {"fr", NULL, NULL, "vi_VN.UTF-8", "en"}, /* no fr messages: English */
        {"", NULL, NULL, "vi_VN.UTF-8", "vi"},   /* empty: as if unset */
        {":vi_VN:", NULL, NULL, "en_US.UTF-8", "vi"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        setlang(cases[i].language, cases[i].lc_all, cases[i].lc_messages, cases[i].lang);
        const char *got = vb_lang_from_env();
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu (LANGUAGE=%s LC_ALL=%s LC_MESSAGES=%s LANG=%s): %s, want %s", i,
                     cases[i].language ? cases[i].language : "-",
                     cases[i].lc_all ? cases[i].lc_all : "-",
                     cases[i].lc_messages ? cases[i].lc_messages : "-",
                     cases[i].lang ? cases[i].lang : "-", got, cases[i].want);
    }
    setlang(NULL, NULL, NULL, NULL);
}

static void spec_parser(void **state)
{
    (void)state;
    vb_fmt_spec sp;
    assert_true(vb_fmt_spec_parse("%zu cells", &sp));
    assert_int_equal(sp.len, 3);
    assert_int_equal(sp.conv, 'u');
    assert_int_equal(sp.size, 'z');
    assert_true(vb_fmt_spec_parse("%.*s'", &sp));
    assert_int_equal(sp.len, 4);
    assert_int_equal(sp.stars, 1);
    assert_true(vb_fmt_spec_parse("%.0s", &sp));
    assert_int_equal(sp.prec, 0);
    assert_true(vb_fmt_spec_parse("%-*.*Lf", &sp));
    assert_int_equal(sp.stars, 2);
    assert_int_equal(sp.size, 'D');
    assert_true(vb_fmt_spec_parse("%%", &sp));
    assert_int_equal(sp.conv, '%');
    assert_false(vb_fmt_spec_parse("%n", &sp));
    assert_false(vb_fmt_spec_parse("%ls", &sp));
    assert_false(vb_fmt_spec_parse("%'; quote", &sp));
    assert_false(vb_fmt_spec_parse("%", &sp));
    const char *f = "unknown key '%s'; found %s, “%s”";
    assert_true(vb_fmt_quoted(f, strchr(f, '%')));
    assert_false(vb_fmt_quoted(f, strstr(f, "found %") + 6));
    assert_true(vb_fmt_quoted(f, strrchr(f, '%')));
    assert_false(vb_fmt_quoted("%s", "%s"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(catalog_sorted_unique),
        cmocka_unit_test(catalog_conversions_match),
        cmocka_unit_test(checker_catches_mismatches),
        cmocka_unit_test(lookups),
        cmocka_unit_test(fragments),
        cmocka_unit_test(diag_in_vietnamese),
        cmocka_unit_test(diag_in_english),
        cmocka_unit_test(diag_every_conversion),
        cmocka_unit_test(language_from_env),
        cmocka_unit_test(spec_parser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
