/* test_tablecalc.c - figures of tables: numbers, auto numbers, equals,
 * totals, "Bằng chữ", and the located errors when they do not add up.
 *
 * Tables are built by hand as the loader would build them: each cell keeps
 * its scalar as written, with `plain` telling a YAML number from a quoted
 * string. Row k (1-based) sits on source line 100 + k, cell c at column
 * 10 + 10 * c, so that tests can check where a problem is reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tablecalc.h"

/* ---- building tables ------------------------------------------------------ */

#define MAXC 16
#define MAXR 300

typedef struct fx {
    vb_arena a;
    vb_table t;
    vb_diags d;
    vb_tresolved out;
} fx;

static vb_pos P(int line, int col)
{
    return (vb_pos){line, col};
}

static vb_str S(fx *f, const char *s, vb_pos pos)
{
    return (vb_str){s ? vb_strdup(&f->a, s) : NULL, pos};
}

static fx *fx_new(void)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    vb_arena_init(&f->a);
    vb_diags_init(&f->d, "plan.yaml");
    f->t.cols = vb_alloc_array(&f->a, MAXC, sizeof *f->t.cols);
    f->t.rows = vb_alloc_array(&f->a, MAXR, sizeof *f->t.rows);
    f->t.total_sum = vb_alloc_array(&f->a, MAXC, sizeof *f->t.total_sum);
    f->t.stated = vb_alloc_array(&f->a, MAXC, sizeof *f->t.stated);
    f->t.pos = P(90, 7);
    return f;
}

static void fx_free(fx *f)
{
    vb_diags_free(&f->d);
    vb_arena_free(&f->a);
    free(f);
}

/* Column i is declared on line 10 + i; its equals value at column 40. */
static vb_column *col(fx *f, const char *title, vb_coltype type)
{
    assert_true(f->t.ncols < MAXC);
    size_t i = f->t.ncols++;
    vb_column *c = &f->t.cols[i];
    c->pos = P(10 + (int)i, 9);
    c->title = S(f, title, P(10 + (int)i, 17));
    c->type = type;
    return c;
}

static void equals(fx *f, vb_column *c, const char *expr)
{
    c->equals = S(f, expr, P(c->pos.line, 40));
}

/* A cell as written: NULL is a YAML null, a leading '"' a quoted string
 * (the quotes are not kept), anything else a plain scalar. */
static vb_cell cell(fx *f, const char *spec, vb_pos pos)
{
    vb_cell c = {.plain = true};
    if (!spec)
        return c;
    if (spec[0] == '"') {
        c.plain = false;
        spec++;
    }
    c.text = S(f, spec, pos);
    return c;
}

static int row_line(size_t k)
{
    return 100 + (int)k;
}

static int cell_col(size_t c)
{
    return 10 + 10 * (int)c;
}

/* A row of t->ncols cells from specs. */
static vb_row *row(fx *f, const char *const *specs)
{
    assert_true(f->t.nrows < MAXR);
    size_t k = ++f->t.nrows;
    vb_row *r = &f->t.rows[k - 1];
    r->kind = VB_ROW_CELLS;
    r->number = true;
    r->pos = P(row_line(k), 9);
    r->ncells = f->t.ncols;
    r->cells = vb_alloc_array(&f->a, r->ncells, sizeof *r->cells);
    for (size_t c = 0; c < r->ncells; c++)
        r->cells[c] = cell(f, specs[c], P(row_line(k), cell_col(c)));
    return r;
}

#define ROW(f, ...) row((f), (const char *const[]){__VA_ARGS__})

static vb_row *group(fx *f, const char *text)
{
    size_t k = ++f->t.nrows;
    vb_row *r = &f->t.rows[k - 1];
    r->kind = VB_ROW_GROUP;
    r->number = true;
    r->pos = P(row_line(k), 9);
    r->group = S(f, text, P(row_line(k), 18));
    return r;
}

/* total: {sum: [...]} on line 500. */
static void total(fx *f, const char *sum)
{
    f->t.has_total = true;
    f->t.total_pos = P(500, 11);
    size_t k = f->t.ntotal_sum++;
    f->t.total_sum[k] = S(f, sum, P(500, 30 + 10 * (int)k));
}

static void stated(fx *f, const char *column, const char *spec)
{
    vb_stated *s = &f->t.stated[f->t.nstated++];
    s->column = S(f, column, P(501, 20));
    s->value = cell(f, spec, P(501, 35));
}

static int resolve(fx *f)
{
    return vb_table_resolve(&f->a, &f->t, &f->out, &f->d);
}

/* The only diagnostic of a rule (fails when there is not exactly one). */
static const vb_diag *only(fx *f, const char *rule)
{
    const vb_diag *found = NULL;
    size_t n = 0;
    for (size_t i = 0; i < f->d.n; i++)
        if (strcmp(f->d.items[i].rule, rule) == 0) {
            found = &f->d.items[i];
            n++;
        }
    if (n != 1) {
        for (size_t i = 0; i < f->d.n; i++)
            vb_diag_print(&f->d, &f->d.items[i], stderr);
        fail_msg("%zu diagnostics [%s], expected 1", n, rule);
    }
    return found;
}

static void assert_at(const vb_diag *g, int line, int col)
{
    assert_int_equal(g->pos.line, line);
    assert_int_equal(g->pos.col, col);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("'%s' does not contain '%s'", hay, needle);
}

static void assert_clean(fx *f, int rc)
{
    for (size_t i = 0; i < f->d.n; i++)
        vb_diag_print(&f->d, &f->d.items[i], stderr);
    assert_int_equal(f->d.n, 0);
    assert_int_equal(rc, 0);
}

static const char *text(fx *f, size_t row_i, size_t col_i)
{
    assert_true(row_i < f->out.nrows);
    assert_true(col_i < f->out.rows[row_i].ncells);
    return f->out.rows[row_i].cells[col_i].text;
}

/* The appendix budget of seed 000. Columns: 0 Stt, 1 Nội dung, 2 ĐVT,
 * 3 Số lượng, 4 Đơn giá, 5 Thành tiền, 6 Ghi chú. */
enum { STT, ND, DVT, SL, DG, TT, GC };

static fx *budget(const char *tt2)
{
    fx *f = fx_new();
    col(f, "Stt", VB_COL_TEXT)->auto_number = true;
    col(f, "Nội dung", VB_COL_TEXT);
    col(f, "ĐVT", VB_COL_TEXT);
    col(f, "Số lượng", VB_COL_INTEGER);
    col(f, "Đơn giá", VB_COL_MONEY);
    equals(f, col(f, "Thành tiền", VB_COL_MONEY), "Số lượng * Đơn giá");
    col(f, "Ghi chú", VB_COL_TEXT);
    ROW(f, NULL, "Giải khát giữa giờ", "người", "70", "15000", "1050000", NULL);
    ROW(f, NULL, "Trang trí, khánh tiết", "hội nghị", "\"01", "1000000", tt2, NULL);
    total(f, "Thành tiền");
    f->t.total_label = S(f, "Tổng", P(500, 20));
    f->t.in_words = S(f, "Thành tiền", P(502, 17));
    return f;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_seed_budget(void **state)
{
    (void)state;
    fx *f = budget("1000000");
    assert_clean(f, resolve(f));
    assert_int_equal(f->out.nrows, 3);

    assert_string_equal(text(f, 0, STT), "1");
    assert_string_equal(text(f, 0, ND), "Giải khát giữa giờ");
    assert_string_equal(text(f, 0, DVT), "người");
    assert_string_equal(text(f, 0, SL), "70");
    assert_string_equal(text(f, 0, DG), "15.000");
    assert_string_equal(text(f, 0, TT), "1.050.000");
    assert_null(text(f, 0, GC));
    assert_string_equal(text(f, 1, STT), "2");
    assert_string_equal(text(f, 1, SL), "01"); /* quoted: as written */
    assert_string_equal(text(f, 1, DG), "1.000.000");

    const vb_tcell *q = &f->out.rows[1].cells[SL];
    assert_true(q->numeric && q->has_value);
    assert_int_equal(q->value, 1);
    assert_false(f->out.rows[0].cells[ND].numeric);
    assert_int_equal(f->out.rows[0].cells[TT].value, 1050000);
    assert_ptr_equal(f->out.rows[0].src, &f->t.rows[0]);

    const vb_trow *tot = &f->out.rows[2];
    assert_true(tot->is_total && tot->bold);
    assert_null(tot->src);
    assert_string_equal(text(f, 2, ND), "Tổng"); /* first text column not numbered */
    assert_null(text(f, 2, STT));
    assert_null(text(f, 2, SL));
    assert_string_equal(text(f, 2, TT), "2.050.000");
    assert_int_equal(tot->cells[TT].value, 2050000);
    assert_true(tot->cells[TT].numeric);
    assert_string_equal(f->out.in_words, "Hai triệu không trăm năm mươi nghìn đồng.");
    fx_free(f);
}

static void test_wrong_product(void **state)
{
    (void)state;
    fx *f = budget("1000000");
    f->t.rows[0].cells[TT].text.s = "1000000";
    assert_int_equal(resolve(f), -1);
    const vb_diag *g = only(f, "table-equals");
    assert_int_equal(g->severity, VB_ERROR);
    assert_string_equal(g->message,
                        "row 1, 'Thành tiền': 1.000.000 ≠ Số lượng × Đơn giá = 1.050.000");
    assert_at(g, row_line(1), cell_col(TT));
    assert_int_equal(f->d.n, 1); /* the total is what is written: no follow-on */
    fx_free(f);
}

static void test_wrong_product_quoted(void **state)
{
    (void)state;
    fx *f = budget("\"1.100.000");
    assert_int_equal(resolve(f), -1);
    const vb_diag *g = only(f, "table-equals");
    assert_string_equal(g->message,
                        "row 2, 'Thành tiền': 1.100.000 ≠ Số lượng × Đơn giá = 1.000.000");
    assert_at(g, row_line(2), cell_col(TT));
    fx_free(f);
}

static void test_stated_total(void **state)
{
    (void)state;
    fx *f = budget("1000000");
    stated(f, "Thành tiền", "2000000");
    assert_int_equal(resolve(f), -1);
    const vb_diag *g = only(f, "table-total");
    assert_string_equal(g->message,
                        "total of 'Thành tiền': stated 2.000.000 ≠ computed 2.050.000");
    assert_at(g, 501, 35);
    fx_free(f);

    f = budget("1000000");
    stated(f, "Thành tiền", "\"2.050.000");
    assert_clean(f, resolve(f));
    fx_free(f);
}

static void test_stated_bad(void **state)
{
    (void)state;
    fx *f = budget("1000000");
    stated(f, "Đơn giá", "1015000");        /* not summed */
    stated(f, "Thành tiền", "\"hai triệu"); /* not a number */
    assert_int_equal(resolve(f), -1);
    assert_contains(only(f, "table-total")->message, "'Đơn giá', which is not in total.sum");
    const vb_diag *g = only(f, "table-number");
    assert_contains(g->message, "stated total of 'Thành tiền': 'hai triệu' is not a number");
    assert_at(g, 501, 35);
    fx_free(f);
}

static void test_overflow_product(void **state)
{
    (void)state;
    fx *f = budget("1000000");
    f->t.rows[0].cells[SL].text.s = "9223372036854775807";
    f->t.rows[0].cells[DG].text.s = "2";
    assert_int_equal(resolve(f), -1);
    const vb_diag *g = only(f, "table-overflow");
    assert_string_equal(g->message,
                        "row 1, 'Thành tiền': Số lượng × Đơn giá does not fit in 64 bits");
    assert_at(g, row_line(1), cell_col(TT));
    fx_free(f);
}

static void test_overflow_sum_and_cell(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "Nội dung", VB_COL_TEXT);
    col(f, "Tiền", VB_COL_MONEY);
    ROW(f, "a", "9223372036854775000");
    ROW(f, "b", "1000");
    ROW(f, "c", "\"99.999.999.999.999.999.999");
    total(f, "Tiền");
    f->t.in_words = S(f, "Tiền", P(502, 17));
    assert_int_equal(resolve(f), -1);
    assert_int_equal(f->d.n, 2);
    const vb_diag *sum = &f->d.items[1], *c = &f->d.items[0];
    assert_string_equal(c->rule, "table-overflow");
    assert_string_equal(c->message,
                        "row 3, 'Tiền': '99.999.999.999.999.999.999' does not fit in 64 bits");
    assert_at(c, row_line(3), cell_col(1));
    assert_string_equal(sum->rule, "table-overflow");
    assert_string_equal(sum->message, "total of 'Tiền' does not fit in 64 bits");
    assert_at(sum, 500, 11);
    assert_null(text(f, 3, 1)); /* no total printed */
    assert_null(f->out.in_words);
    fx_free(f);
}

/* The ends of the 64-bit range are figures, not overflows. */
static void test_extremes(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "Việc", VB_COL_TEXT);
    col(f, "Tiền", VB_COL_MONEY);
    col(f, "Hệ số", VB_COL_DECIMAL);
    ROW(f, "a", "9223372036854775807", "-9223372036854775808");
    ROW(f, "b", "\"-9.223.372.036.854.775.808", "+9223372036854775807");
    total(f, "Tiền");
    total(f, "Hệ số");
    assert_clean(f, resolve(f));
    assert_string_equal(text(f, 0, 1), "9.223.372.036.854.775.807");
    assert_string_equal(text(f, 1, 2), "9.223.372.036.854.775.807");
    assert_string_equal(text(f, 2, 1), "-1");
    assert_string_equal(text(f, 2, 2), "-1");
    fx_free(f);
}

static void test_parentheses_and_minus(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "Dự toán", VB_COL_MONEY);
    col(f, "Bổ sung", VB_COL_MONEY);
    col(f, "Đã chi", VB_COL_MONEY);
    equals(f, col(f, "Còn lại", VB_COL_MONEY), "(Dự toán + Bổ sung) * 2 - Đã chi");
    equals(f, col(f, "Chênh lệch", VB_COL_MONEY), "-(Dự toán - Bổ sung) + 10 - -Đã chi");
    equals(f, col(f, "Nhân", VB_COL_MONEY), "Dự toán × (2 - (Đã chi - Bổ sung))");
    ROW(f, "1000", "500", "700", "2300", "210", "-198000");
    ROW(f, "1000", "500", "700", "2400", "210", "\"-198.000");
    assert_int_equal(resolve(f), -1);
    const vb_diag *g = only(f, "table-equals");
    assert_string_equal(g->message,
                        "row 2, 'Còn lại': 2.400 ≠ (Dự toán + Bổ sung) × 2 - Đã chi = 2.300");
    assert_at(g, row_line(2), cell_col(3));
    assert_string_equal(text(f, 0, 5), "-198.000");
    fx_free(f);
}

static void test_longest_title(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "Số", VB_COL_INTEGER);
    col(f, "Số lượng", VB_COL_INTEGER);
    col(f, "Đơn giá (đồng)", VB_COL_MONEY);
    equals(f, col(f, "Tiền", VB_COL_MONEY), "Số lượng*Đơn giá (đồng) + Số");
    ROW(f, "7", "3", "100", "307");
    assert_clean(f, resolve(f));
    fx_free(f);
}

static void test_group_rows_and_auto_number(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "TT", VB_COL_TEXT)->auto_number = true;
    col(f, "Nội dung", VB_COL_TEXT);
    col(f, "Tiền", VB_COL_MONEY);
    group(f, "Buổi sáng: Hội nghị");
    ROW(f, NULL, "Đón tiếp", "100");
    ROW(f, "2", "Khai mạc", "200"); /* the number it gets: fine */
    group(f, "Buổi chiều");
    ROW(f, "\"03", "Thảo luận", "300");
    total(f, "Tiền");
    assert_clean(f, resolve(f));
    assert_int_equal(f->out.nrows, 6);
    const vb_trow *g = &f->out.rows[0];
    assert_true(g->group && g->bold);
    assert_int_equal(g->ncells, 1);
    assert_string_equal(g->cells[0].text, "Buổi sáng: Hội nghị");
    assert_string_equal(text(f, 1, 0), "1");
    assert_string_equal(text(f, 2, 0), "2");
    assert_true(f->out.rows[3].group);
    assert_string_equal(text(f, 4, 0), "3");
    assert_int_equal(f->out.rows[4].cells[0].value, 3);
    assert_string_equal(text(f, 5, 2), "600");
    assert_string_equal(text(f, 5, 1), "Tổng");
    fx_free(f);
}

static void test_auto_number_given(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "Stt", VB_COL_TEXT)->auto_number = true;
    col(f, "Nội dung", VB_COL_TEXT);
    ROW(f, NULL, "một");
    ROW(f, "5", "hai");
    assert_int_equal(resolve(f), 0); /* a warning only */
    const vb_diag *g = only(f, "table-auto-number");
    assert_int_equal(g->severity, VB_WARNING);
    assert_contains(g->message, "row 2, 'Stt': '5' is given, but the row is numbered 2");
    assert_at(g, row_line(2), cell_col(0));
    assert_string_equal(text(f, 1, 0), "2");
    fx_free(f);
}

static void test_number_false(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "Stt", VB_COL_TEXT)->auto_number = true;
    col(f, "Nội dung", VB_COL_TEXT);
    col(f, "Tiền", VB_COL_MONEY);
    ROW(f, NULL, "Thuê hội trường", "500000");
    vb_row *r = ROW(f, "A", "Chi phí khác", "250000");
    r->number = false;
    r->bold = true;
    ROW(f, NULL, "Nước uống", "\"1.000.000");
    total(f, "Tiền");
    assert_clean(f, resolve(f));
    assert_string_equal(text(f, 0, 0), "1");
    assert_string_equal(text(f, 1, 0), "A"); /* as written, unnumbered */
    assert_true(f->out.rows[1].bold);
    assert_false(f->out.rows[1].cells[0].has_value);
    assert_string_equal(text(f, 2, 0), "2"); /* the sequence goes on */
    assert_string_equal(text(f, 2, 2), "1.000.000");
    assert_string_equal(text(f, 3, 2), "1.750.000"); /* the bold row counts */
    fx_free(f);
}

static void test_decimal_sum(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "Việc", VB_COL_TEXT);
    col(f, "Ngày công", VB_COL_DECIMAL);
    ROW(f, "a", "\"2,5");
    ROW(f, "b", "\"1,25");
    ROW(f, "c", NULL);
    total(f, "Ngày công");
    assert_clean(f, resolve(f));
    assert_string_equal(text(f, 0, 1), "2,5");
    assert_string_equal(text(f, 3, 1), "3,75");
    assert_int_equal(f->out.rows[3].cells[1].value, 375);
    assert_int_equal(f->out.rows[3].cells[1].scale, 2);
    assert_null(text(f, 2, 1));
    fx_free(f);

    /* YAML decimals print the Vietnamese way and mix with quoted ones. */
    f = fx_new();
    col(f, "Việc", VB_COL_TEXT);
    col(f, "Giờ", VB_COL_DECIMAL);
    col(f, "Hệ số", VB_COL_DECIMAL);
    equals(f, col(f, "Quy đổi", VB_COL_DECIMAL), "Giờ * Hệ số");
    ROW(f, "a", "0.5", "\"1,2", "\"0,6");
    ROW(f, "b", "2", "1.5", "3");
    total(f, "Quy đổi");
    assert_clean(f, resolve(f));
    assert_string_equal(text(f, 0, 1), "0,5");
    assert_string_equal(text(f, 1, 2), "1,5");
    assert_string_equal(text(f, 2, 3), "3,6");
    fx_free(f);
}

static void test_decimal_ambiguous(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "Việc", VB_COL_TEXT);
    col(f, "Tấn", VB_COL_DECIMAL);
    ROW(f, "a", "1.250");
    assert_int_equal(resolve(f), 0);
    assert_int_equal(only(f, "table-ambiguous")->severity, VB_WARNING);
    assert_string_equal(text(f, 0, 1), "1,250"); /* the digits as written */
    assert_contains(only(f, "table-ambiguous")->message,
                    "row 1, 'Tấn': 1.250 is read as the YAML decimal 1,250");
    fx_free(f);
}

static void test_not_a_number(void **state)
{
    (void)state;
    fx *f = budget("1000000");
    f->t.rows[1].cells[DG].text.s = "một triệu";
    f->t.rows[1].cells[DG].plain = false;
    assert_int_equal(resolve(f), -1);
    const vb_diag *g = only(f, "table-number");
    assert_string_equal(g->message, "row 2, 'Đơn giá': 'một triệu' is not a number "
                                    "(write it as 1.050.000 or 2,5)");
    assert_at(g, row_line(2), cell_col(DG));
    assert_int_equal(f->d.errors, 1); /* its equals is not checked again */
    assert_string_equal(text(f, 1, DG), "một triệu");
    assert_string_equal(text(f, 2, TT), "2.050.000");
    fx_free(f);
}

static void test_decimals_in_money(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "Việc", VB_COL_TEXT);
    col(f, "Tiền", VB_COL_MONEY);
    col(f, "Người", VB_COL_INTEGER);
    ROW(f, "a", "\"1.000,50", "2.5");
    ROW(f, "b", "1.050", "\"1.234.567");
    assert_int_equal(resolve(f), -1);
    assert_int_equal(f->d.errors, 2);
    assert_string_equal(f->d.items[0].message, "row 1, 'Tiền': '1.000,50' has decimals, "
                                               "but the column is money (use type: decimal)");
    assert_contains(f->d.items[1].message, "row 1, 'Người': '2.5' has decimals");
    assert_string_equal(text(f, 1, 1), "1.050"); /* plain 1.050 grouped: 1050 */
    assert_int_equal(f->out.rows[1].cells[1].value, 1050);
    fx_free(f);
}

static void test_unknown_identifier(void **state)
{
    (void)state;
    fx *f = budget("1000000");
    equals(f, &f->t.cols[TT], "Số lượngg * Đơn giá");
    assert_int_equal(resolve(f), -1);
    const vb_diag *g = only(f, "table-expr");
    assert_string_equal(g->message, "equals of 'Thành tiền': unknown column 'Số lượngg' "
                                    "in 'Số lượngg * Đơn giá'");
    assert_at(g, 10 + TT, 40);
    assert_int_equal(f->d.n, 1);
    fx_free(f);
}

static void test_bad_expressions(void **state)
{
    (void)state;
    static const struct {
        const char *expr, *msg;
    } cases[] = {
        {"(Số lượng * Đơn giá", "a ')' is missing"},
        {"Số lượng * Đơn giá)", "a ')' has no matching '('"},
        {"Số lượng * ", "is missing at the end"},
        {"Số lượng Đơn giá", "unexpected 'Đơn giá'"},
        {"Số lượng / Đơn giá", "unexpected '/ Đơn giá'"},
        {"* Đơn giá", "missing before '* Đơn giá'"},
        {"Nội dung * 2", "'Nội dung' is not a numeric column"},
        {"Thành tiền + 0", "'Thành tiền' refers to itself"},
        {"Đơn giá * 99999999999999999999", "the number 99999999999999999999 does not fit"},
        {" ", "equals of 'Thành tiền' is empty"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fx *f = budget("1000000");
        equals(f, &f->t.cols[TT], cases[i].expr);
        assert_int_equal(resolve(f), -1);
        assert_contains(only(f, "table-expr")->message, cases[i].msg);
        fx_free(f);
    }

    fx *f = budget("1000000");
    equals(f, &f->t.cols[ND], "Số lượng * 2"); /* on a text column */
    assert_int_equal(resolve(f), -1);
    assert_contains(only(f, "table-expr")->message, "equals on 'Nội dung', which is not");
    fx_free(f);

    f = budget("1000000"); /* deep nesting is refused, not a stack overflow */
    char deep[400];
    memset(deep, '(', 200);
    strcpy(deep + 200, "Số lượng");
    equals(f, &f->t.cols[TT], deep);
    assert_int_equal(resolve(f), -1);
    assert_contains(only(f, "table-expr")->message, "nested too deeply");
    fx_free(f);
}

static void test_empty_operands(void **state)
{
    (void)state;
    fx *f = budget("1000000");
    ROW(f, NULL, "Tổng hợp", NULL, NULL, NULL, NULL, "ghi chú");   /* all empty: fine */
    ROW(f, NULL, "Khác", NULL, "2", NULL, NULL, NULL);             /* nothing stated */
    ROW(f, NULL, "Chi khác", NULL, NULL, "\"100.000", "300000", NULL);
    ROW(f, NULL, "Thiếu", NULL, "3", "1000", NULL, NULL);
    assert_int_equal(resolve(f), -1);
    assert_int_equal(f->d.errors, 2);
    assert_string_equal(f->d.items[0].message,
                        "row 5, 'Thành tiền': 300.000, but 'Số lượng' is empty, so "
                        "Số lượng × Đơn giá cannot be checked");
    assert_at(&f->d.items[0], row_line(5), cell_col(TT));
    assert_string_equal(f->d.items[1].message,
                        "row 6, 'Thành tiền' is empty, but Số lượng × Đơn giá = 3.000");
    assert_at(&f->d.items[1], row_line(6), 9); /* null cell: the row */
    fx_free(f);
}

static void test_words_and_labels(void **state)
{
    (void)state;
    fx *f = budget("1000000");
    f->t.has_total = false;
    f->t.ntotal_sum = 0;
    assert_int_equal(resolve(f), -1);
    const vb_diag *g = only(f, "table-words");
    assert_string_equal(g->message, "in_words: 'Thành tiền' has no total (add it to total.sum)");
    assert_at(g, 502, 17);
    assert_int_equal(f->out.nrows, 2);
    fx_free(f);

    f = budget("1000000");
    f->t.in_words.s = "Số lượng";
    total(f, "Số lượng");
    assert_int_equal(resolve(f), -1);
    assert_contains(only(f, "table-words")->message, "'Số lượng' is not a money column");
    assert_string_equal(text(f, 2, SL), "71");
    fx_free(f);

    f = budget("1000000");
    f->t.total_label_column = S(f, "Ghi chú", P(500, 60));
    f->t.total_label = S(f, "Cộng", P(500, 20));
    assert_clean(f, resolve(f));
    assert_string_equal(text(f, 2, GC), "Cộng");
    assert_null(text(f, 2, ND));
    fx_free(f);

    f = budget("1000000");
    f->t.total_label_column = S(f, "Thành tiền", P(500, 60));
    total(f, "Không có");
    assert_int_equal(resolve(f), -1);
    assert_int_equal(f->d.errors, 2);
    assert_contains(f->d.items[0].message, "unknown column 'Không có'");
    assert_contains(f->d.items[1].message, "label_column 'Thành tiền' is also summed");
    fx_free(f);
}

static void test_250_rows(void **state)
{
    (void)state;
    fx *f = fx_new();
    col(f, "Stt", VB_COL_TEXT)->auto_number = true;
    col(f, "Nội dung", VB_COL_TEXT);
    col(f, "Số lượng", VB_COL_INTEGER);
    col(f, "Đơn giá", VB_COL_MONEY);
    equals(f, col(f, "Thành tiền", VB_COL_MONEY), "Số lượng * Đơn giá");
    int64_t want = 0;
    for (int i = 1; i <= 250; i++) {
        char *qty = vb_sprintf(&f->a, "%d", i);
        char *price = vb_sprintf(&f->a, "%d", 1000 + i);
        char *amount = vb_sprintf(&f->a, "%d", i * (1000 + i));
        char *what = vb_sprintf(&f->a, "Mục %d", i);
        ROW(f, NULL, what, qty, price, amount);
        want += (int64_t)i * (1000 + i);
    }
    total(f, "Thành tiền");
    total(f, "Số lượng");
    assert_clean(f, resolve(f));
    assert_int_equal(f->out.nrows, 251);
    assert_string_equal(text(f, 249, 0), "250");
    assert_int_equal(f->out.rows[250].cells[4].value, want);
    assert_int_equal(want, 36614625);
    assert_string_equal(text(f, 250, 4), "36.614.625");
    assert_string_equal(text(f, 250, 2), "31.375");
    fx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_budget),
        cmocka_unit_test(test_wrong_product),
        cmocka_unit_test(test_wrong_product_quoted),
        cmocka_unit_test(test_stated_total),
        cmocka_unit_test(test_stated_bad),
        cmocka_unit_test(test_overflow_product),
        cmocka_unit_test(test_overflow_sum_and_cell),
        cmocka_unit_test(test_extremes),
        cmocka_unit_test(test_parentheses_and_minus),
        cmocka_unit_test(test_longest_title),
        cmocka_unit_test(test_group_rows_and_auto_number),
        cmocka_unit_test(test_auto_number_given),
        cmocka_unit_test(test_number_false),
        cmocka_unit_test(test_decimal_sum),
        cmocka_unit_test(test_decimal_ambiguous),
        cmocka_unit_test(test_not_a_number),
        cmocka_unit_test(test_decimals_in_money),
        cmocka_unit_test(test_unknown_identifier),
        cmocka_unit_test(test_bad_expressions),
        cmocka_unit_test(test_empty_operands),
        cmocka_unit_test(test_words_and_labels),
        cmocka_unit_test(test_250_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
