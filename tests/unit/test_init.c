/* test_init.c - the starter plans of `vanban init`: each loads with no
 * error and no warning, passes the render checks without a warning, and
 * renders; unknown kinds are refused.
 *
 * Run from the repository root (CMake does; VANBAN_SOURCE_DATADIR, when
 * defined, is where fonts/ and layouts/ are found). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "init.h"
#include "load.h"
#include "vanban.h"

#ifndef VANBAN_SOURCE_DATADIR
#define VANBAN_SOURCE_DATADIR "."
#endif

static void print_diags(vb_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        print_error("%d:%d: %s [%s]\n", d->items[i].pos.line, d->items[i].pos.col,
                    d->items[i].message, d->items[i].rule);
}

static void test_kinds(void **state)
{
    const char *const *t = vb_init_types();
    assert_non_null(t[0]);
    assert_string_equal(t[0], "ke-hoach");
    assert_ptr_equal(vb_init_template(NULL), vb_init_template("ke-hoach"));
    for (; *t; t++)
        assert_non_null(vb_init_template(*t));
    assert_null(vb_init_template("bao-cao"));
    assert_null(vb_init_template(""));
    assert_null(vb_init_template("KE-HOACH"));
}

/* Loads cleanly: the loader has nothing to say about it. */
static void test_loads_clean(void **state)
{
    for (const char *const *t = vb_init_types(); *t; t++) {
        const char *text = vb_init_template(*t);
        vb_diags d;
        vb_diags_init(&d, "init.yaml");
        vb_plan *p = vb_plan_load_mem(text, strlen(text), "init.yaml", ".", NULL, &d);
        print_diags(&d);
        assert_non_null(p);
        assert_int_equal(d.errors, 0);
        assert_int_equal(d.warnings, 0);
        /* What a starter is meant to show. */
        assert_false(p->has_number); /* a blank for the văn thư */
        assert_non_null(p->agency_parent.s);
        assert_non_null(p->agency_short.s);
        assert_non_null(p->symbol.s);
        assert_non_null(p->place.s);
        assert_true(p->date.year > 0 && p->date.day > 0);
        assert_true(p->npreamble >= 1);
        assert_true(p->body.n >= 2);
        assert_non_null(p->closing.s);
        assert_true(p->nrecipients >= 1);
        assert_true(p->narchive >= 1);
        assert_int_equal(p->nappendices, 1);
        bool list = false, table = false;
        for (size_t i = 0; i < p->body.n; i++)
            for (size_t j = 0; j < p->body.items[i].body.n; j++)
                for (size_t k = 0; k < p->body.items[i].body.items[j].body.n; k++)
                    list |= p->body.items[i].body.items[j].body.items[k].kind == VB_BLOCK_LIST;
        for (size_t i = 0; i < p->appendices[0].body.n; i++)
            table |= p->appendices[0].body.items[i].kind == VB_BLOCK_TABLE;
        assert_true(list);
        assert_true(table);
        vb_plan_free(p);
        vb_diags_free(&d);
    }
}

/* The first line is the editor's schema modeline; lines fit 80 columns. */
static void test_text_shape(void **state)
{
    const char *text = vb_init_template(NULL);
    const char *modeline = "# yaml-language-server: $schema=";
    assert_memory_equal(text, modeline, strlen(modeline));
    assert_non_null(strstr(text, "/plan.schema.json\n"));
    int line = 1;
    size_t chars = 0;
    for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
        if (*s == '\n') {
            if (line > 1 && chars > 80)
                fail_msg("line %d is %zu characters long", line, chars);
            line++;
            chars = 0;
        } else if ((*s & 0xC0) != 0x80) {
            chars++;
        }
        assert_true(*s != '\t');
    }
    assert_int_equal(chars, 0); /* ends with a newline */
}

/* The checks rendering runs find nothing either, and it renders. */
static void test_renders(void **state)
{
    char err[512];
    vb_ctx *ctx = vb_ctx_new(VANBAN_SOURCE_DATADIR, err, sizeof err);
    if (!ctx)
        fail_msg("%s", err);
    const char *text = vb_init_template(NULL);
    vb_diags d;
    vb_diags_init(&d, "init.yaml");
    vb_plan *p = vb_plan_load_mem(text, strlen(text), "init.yaml", ".", NULL, &d);
    assert_non_null(p);
    vb_render_opts o = {.strict = true, .no_external_files = true};
    unsigned char *pdf = NULL;
    size_t len = 0;
    int rc = vb_render_mem(ctx, p, &o, &pdf, &len, &d);
    print_diags(&d);
    assert_int_equal(rc, 0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, 0);
    assert_true(len > 1000);
    assert_memory_equal(pdf, "%PDF-", 5);
    vb_free(pdf);
    vb_plan_free(p);
    vb_diags_free(&d);
    vb_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_loads_clean),
        cmocka_unit_test(test_text_shape),
        cmocka_unit_test(test_renders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
