/* tablecalc.h - the figures of a table: numbers, auto numbers, equals,
 * totals and "Bằng chữ", checked and resolved to the text to print.
 *
 * The loader keeps every cell as the scalar was written; this module decides
 * what each cell means and prints, and reports (never corrects) figures that
 * do not add up, each at the cell, row or key that is wrong. Layout (table.c)
 * then only has to place text. Arithmetic is exact: 64-bit integers, decimals
 * as scaled integers, overflow an error. */
#ifndef VANBAN_TABLECALC_H
#define VANBAN_TABLECALC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "plan.h"

/* One cell as displayed.
 *   text      printed text: as written for text and quoted cells, grouped
 *             ("1.050.000", "2,5") for YAML numbers, totals and auto numbers;
 *             NULL for an empty cell.
 *   numeric   the cell sits in a numeric column (integer, money, decimal) or
 *             is a total figure: what VB_ALIGN_AUTO aligns right.
 *   value, scale, has_value
 *             the figure (value / 10^scale) when the cell has one; auto
 *             numbers have one too (scale 0). */
typedef struct vb_tcell {
    const char *text;
    bool numeric;
    int64_t value;
    int scale;
    bool has_value;
} vb_tcell;

/* One displayed row. A group row has a single cell (the group text) that
 * spans all columns; every other row has one cell per column. The total row
 * has src == NULL, is_total and bold set. */
typedef struct vb_trow {
    const vb_row *src;
    vb_tcell *cells;
    size_t ncells;
    bool group;
    bool bold;
    bool is_total;
} vb_trow;

typedef struct vb_tresolved {
    vb_trow *rows;        /* the table's rows in order, then the total row */
    size_t nrows;
    const char *in_words; /* "Hai triệu … đồng." or NULL */
} vb_tresolved;

/* Resolve and check t. Problems go to d, located at the offending cell
 * (its text position), row, or key. Rules:
 *   table-number       a cell that is not a number of its column's type
 *   table-ambiguous    (warning) a plain x.ddd in a decimal column
 *   table-auto-number  (warning) a given auto number that differs
 *   table-expr         an `equals` that does not parse or names a bad column
 *   table-equals       a row whose figures disagree with `equals`
 *   table-total        a stated total that differs; bad total columns
 *   table-words        in_words without a money total to read out
 *   table-overflow     a figure or result beyond 64 bits
 * out is always filled (best effort, in a), so that a caller may still show
 * the table; returns 0 when there were no errors, -1 otherwise. */
int vb_table_resolve(vb_arena *a, const vb_table *t, vb_tresolved *out, vb_diags *d);

#endif
