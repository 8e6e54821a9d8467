/* test_check.c - the glyph coverage check (check.c) against the bundled
 * faces: what no face can draw is reported once per occurrence, named
 * U+XXXX, at its line and column (columns count characters), at most five
 * times in one string; Vietnamese text and everything the faces draw pass
 * without a word, wherever in the plan it is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "font_fixture.h"
#include "load.h"
#include "plan.h"

#define HEAD "agency: {name: SỞ A}\nsigner: {title: GIÁM ĐỐC, name: N}\n"

/* The glyph errors of checking yaml (which must load), in position order. */
static size_t glyph_errors(const vb_fontset *fs, const char *yaml, vb_diags *d)
{
    vb_diags_init(d, "t.yaml");
    vb_plan *p = vb_plan_load_mem(yaml, strlen(yaml), "t.yaml", ".", NULL, d);
    if (!p)
        vb_diags_print(d, stderr);
    assert_non_null(p);
    vb_check_opts o = {0};
    vb_check_plan(p, fs, &o, d);
    vb_plan_free(p);
    vb_diags_sort(d);
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == VB_ERROR) {
            assert_string_equal(d->items[i].rule, "glyph");
            /* Errors to the front, in order; swapped, not copied, so
             * that every diagnostic is still freed once. */
            vb_diag e = d->items[i];
            d->items[i] = d->items[n];
            d->items[n++] = e;
        }
    return n;
}

static void expect_at(const vb_diags *d, size_t i, int line, int col, const char *name)
{
    const vb_diag *g = &d->items[i];
    if (g->pos.line != line || g->pos.col != col || !strstr(g->message, name))
        fail_msg("error %zu: expected %s at %d:%d, got %d:%d %s", i, name, line, col,
                 g->pos.line, g->pos.col, g->message);
}

static void test_vietnamese_passes(void **state)
{
    vb_diags d;
    size_t n = glyph_errors(*state,
                            HEAD "title: \"Kế hoạch tổ chức Hội nghị – “đợt 1” … 5.000 ₫\"\n"
                                 "place: Bắc Giang\n"
                                 "preamble: ['ĂÂÊÔƠƯĐ ăâêôơưđ ÀÁẢÃẠ ỳýỷỹỵ ~!@#$%^&()_+{}|:<>?']\n"
                                 "body:\n"
                                 "  - text: \"Tab\\there, and a line\\nfeed.\"\n",
                            &d);
    assert_int_equal(n, 0);
    assert_int_equal(d.n, 0); /* not a warning either */
    vb_diags_free(&d);
}

/* Each occurrence where it stands (exact on a scalar's first line:
 * after ASCII, after two- and three-byte letters, in a flow list), at the
 * right line of a block scalar, in a table cell and a quoted string; a
 * letter seen before is not reported again, an undrawable character
 * always is. */
static void test_positions(void **state)
{
    vb_diags d;
    size_t n = glyph_errors(*state,
                            HEAD "title: \"Hội nghị 😀\"\n"
                                 "place: Bắc 😀 Giang 中\n"
                                 "preamble:\n"
                                 "  - |\n"
                                 "    Dòng một\n"
                                 "    ạ中ế 😀\n"
                                 "body:\n"
                                 "  - list: [đ😀, ả中]\n"
                                 "  - table:\n"
                                 "      columns: [{title: A}]\n"
                                 "      rows: [[\"x中\"]]\n",
                            &d);
    assert_int_equal(n, 8);
    assert_int_equal(d.items[0].pos.line, 3);
    assert_non_null(strstr(d.items[0].message, "U+1F600 '😀'"));
    expect_at(&d, 1, 4, 12, "U+1F600");
    expect_at(&d, 2, 4, 20, "U+4E2D '中'");
    /* A block's later lines: the line its indicator is on plus the lines
     * of the value before, the column within the value's line. */
    expect_at(&d, 3, 7, 2, "U+4E2D");
    expect_at(&d, 4, 7, 5, "U+1F600");
    expect_at(&d, 5, 10, 13, "U+1F600");
    expect_at(&d, 6, 10, 17, "U+4E2D");
    assert_int_equal(d.items[7].pos.line, 13);
    assert_non_null(strstr(d.items[7].message, "U+4E2D"));
    vb_diags_free(&d);
}

/* No more than five messages for one string, however many characters it
 * cannot draw; the next string is reported on its own. */
static void test_five_per_string(void **state)
{
    vb_diags d;
    size_t n = glyph_errors(*state,
                            HEAD "title: ả中中中中中中中中\n"
                                 "place: 中\n",
                            &d);
    assert_int_equal(n, 6);
    for (size_t i = 0; i < 5; i++)
        expect_at(&d, i, 3, 9 + (int)i, "U+4E2D");
    expect_at(&d, 5, 4, 8, "U+4E2D");
    vb_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vietnamese_passes),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_five_per_string),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
