/* table.c - laying out tables: column widths, wrapped cells, borders,
 * group and total rows, the header repeated on every page.
 *
 * Figures are resolved and checked by tablecalc.c first; this file only
 * places text. Column widths follow HTML's automatic table layout: each
 * column has a minimum (its longest word) and a natural width (its longest
 * cell on one line); the table fills the measure, sharing what is left over
 * in proportion to the natural widths, or, when natural widths do not fit,
 * giving each column its minimum plus a share of the rest. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "tablecalc.h"

typedef struct colw {
    double min, max, w;
    bool fixed;
} colw;

static unsigned row_style(const vb_trow *r)
{
    return r->bold || r->is_total ? VB_FACE_BOLD : 0;
}

/* Longest word and whole width of a cell's text. */
static void measure(vb_lctx *c, const char *s, unsigned base, double size, double *minw,
                    double *maxw)
{
    *minw = *maxw = 0;
    if (!s)
        return;
    vb_run *runs = NULL;
    size_t n = vb_inline_nfc(c->a, s, strlen(s), base, &runs);
    double word = 0, line = 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = runs[i].s;
        size_t len = runs[i].len, a = 0;
        while (a < len) {
            size_t b = a;
            while (b < len && t[b] != ' ' && t[b] != '\n')
                b++;
            double w = vb_text_width(c, runs[i].style, size, t + a, b - a);
            word += w;
            line += w;
            if (word > *minw)
                *minw = word;
            if (b < len) {
                if (t[b] == '\n') {
                    if (line > *maxw)
                        *maxw = line;
                    line = 0;
                } else {
                    line += vb_text_width(c, runs[i].style, size, " ", 1);
                }
                word = 0;
                b++;
            }
            a = b;
        }
    }
    if (line > *maxw)
        *maxw = line;
}

/* The minimum widths do not fit (a URL, a very long word). Columns are
 * settled in rounds against a fair share of the room still free: first
 * those whose whole text fits in it (they get their natural width), then
 * those whose longest word does (they get the share); the overlong rest
 * split what is left in proportion to their minimum, and para.c breaks
 * their words. So one overlong cell does not squeeze "Stt" to nothing. */
static void squeeze(colw *cw, size_t n, double room)
{
    bool *done = calloc(n ? n : 1, sizeof *done);
    if (!done)
        abort();
    for (int pass = 0; pass < 2; pass++) {
        bool changed = true;
        while (changed) {
            changed = false;
            double free_room = room;
            size_t nfree = 0;
            for (size_t j = 0; j < n; j++) {
                if (cw[j].fixed || done[j])
                    free_room -= cw[j].w;
                else
                    nfree++;
            }
            if (!nfree)
                break;
            double fair = free_room / nfree;
            for (size_t j = 0; j < n; j++) {
                if (cw[j].fixed || done[j])
                    continue;
                double want = pass == 0 ? cw[j].max : cw[j].min;
                if (want <= fair) {
                    cw[j].w = pass == 0 ? cw[j].max : fair;
                    done[j] = changed = true;
                    break; /* the fair share changes: recompute */
                }
            }
        }
    }
    double free_room = room, free_min = 0;
    for (size_t j = 0; j < n; j++) {
        if (cw[j].fixed || done[j])
            free_room -= cw[j].w;
        else
            free_min += cw[j].min;
    }
    for (size_t j = 0; j < n; j++)
        if (!cw[j].fixed && !done[j])
            cw[j].w = free_min > 0 ? cw[j].min * free_room / free_min : 0;
    free(done);
}

static void widths(vb_lctx *c, const vb_table *t, const vb_tresolved *res, double W,
                   colw *cw)
{
    const vb_design *ds = c->ds;
    double size = ds->table.size, pad = 2 * ds->table.pad_x;
    for (size_t j = 0; j < t->ncols; j++) {
        double mn, mx;
        measure(c, t->cols[j].title.s, VB_FACE_BOLD, size, &mn, &mx);
        cw[j].min = mn + pad;
        cw[j].max = mx + pad;
    }
    for (size_t i = 0; i < res->nrows; i++) {
        const vb_trow *r = &res->rows[i];
        if (r->group)
            continue;
        for (size_t j = 0; j < r->ncells && j < t->ncols; j++) {
            double mn, mx;
            measure(c, r->cells[j].text, row_style(r), size, &mn, &mx);
            if (mn + pad > cw[j].min)
                cw[j].min = mn + pad;
            if (mx + pad > cw[j].max)
                cw[j].max = mx + pad;
        }
    }
    double fixed = 0, smin = 0, smax = 0;
    for (size_t j = 0; j < t->ncols; j++) {
        const vb_column *col = &t->cols[j];
        double given = col->width_mm > 0 ? VB_MM(col->width_mm)
                       : col->width_frac > 0 ? col->width_frac * W : 0;
        if (given > 0) {
            cw[j].w = given;
            cw[j].fixed = true;
            fixed += given;
        } else {
            smin += cw[j].min;
            smax += cw[j].max;
        }
    }
    double room = W - fixed;
    for (size_t j = 0; j < t->ncols; j++) {
        if (cw[j].fixed)
            continue;
        if (smax <= room)
            cw[j].w = cw[j].max + (room - smax) * (smax > 0 ? cw[j].max / smax : 0);
        else if (smin <= room && smax > smin)
            cw[j].w = cw[j].min + (room - smin) * (cw[j].max - cw[j].min) / (smax - smin);
        else
            cw[j].w = 0; /* shared out below */
    }
    if (smin > room)
        squeeze(cw, t->ncols, room);
}

static vb_halign col_align(const vb_column *col, const vb_tcell *cell)
{
    switch (col->align) {
    case VB_ALIGN_LEFT:
        return VB_LEFT;
    case VB_ALIGN_CENTER:
        return VB_CENTER;
    case VB_ALIGN_RIGHT:
        return VB_RIGHT;
    case VB_ALIGN_AUTO:
        break;
    }
    if (col->auto_number)
        return VB_CENTER;
    return cell && cell->numeric ? VB_RIGHT : VB_LEFT;
}

typedef struct cellout {
    vb_lines lines;
    vb_pstyle st;
} cellout;

/* The boxes of one row: its cells laid out, vertically centred, each
 * bordered. A row taller than `room` (the height a page can give it under
 * the repeated header) is cut between text lines into several boxes, each
 * with its own cell borders, so it can continue on the next page. Returns
 * the index of the first box. */
static size_t row_boxes(vb_lctx *c, vb_vlist *v, const vb_table *t, const colw *cw,
                        const char *const *texts, const vb_tcell *cells, size_t ncells,
                        unsigned style, bool header, bool group, double room)
{
    const vb_design *ds = c->ds;
    double size = ds->table.size, lead = size * ds->table.leading;
    double px = ds->table.pad_x, py = ds->table.pad_y;
    size_t n = group ? 1 : ncells;
    cellout *co = vb_alloc_array(c->tmp, n ? n : 1, sizeof *co);
    size_t most = 1; /* lines in the tallest cell */
    double total_w = 0;
    for (size_t j = 0; j < t->ncols; j++)
        total_w += cw[j].w;
    for (size_t j = 0; j < n; j++) {
        double w = group ? total_w : cw[j].w;
        vb_halign al = header ? VB_CENTER : group ? VB_LEFT : col_align(&t->cols[j], &cells[j]);
        co[j].st = (vb_pstyle){size, lead, w - 2 * px, 0, 0, al};
        vb_runs r = {0};
        vb_runs_markup(c, &r, texts[j], style);
        vb_set_lines(c, r.runs, r.n, &co[j].st, &co[j].lines);
        if (co[j].lines.n > most)
            most = co[j].lines.n;
    }
    size_t per = (size_t)((room - 2 * py) / lead);
    if (per < 1)
        per = 1;
    bool split = most > per;
    /* The first piece of a cut row is half a page: it has to fit under
     * whatever precedes the table on its page (a heading, the header row)
     * or the header would end a page alone. */
    size_t first_per = per / 2 > 0 ? per / 2 : 1;
    size_t first = v->n;
    for (size_t from = 0; from < most;) {
        size_t take = from == 0 ? first_per : per;
        size_t upto = split ? (from + take < most ? from + take : most) : most;
        double h = (double)(upto - from) * lead + 2 * py;
        vb_vbox *b = vb_vlist_add(c, v, h, 0);
        double x = 0;
        for (size_t j = 0; j < n; j++) {
            double w = group ? total_w : cw[j].w;
            vb_lines part = co[j].lines;
            size_t lo = from < part.n ? from : part.n;
            size_t hi = upto < part.n ? upto : part.n;
            if (part.lines) /* an empty cell may have no line array */
                part.lines += lo;
            part.n = hi - lo;
            double ch = vb_lines_height(&part, &co[j].st);
            /* Whole rows are centred vertically; the pieces of a split row
             * read on from the top. */
            vb_lines_place(c, &part, &co[j].st, &b->ops, x + px,
                           split ? py : (h - ch) / 2);
            vb_ops_rect(c, &b->ops, x, 0, w, h, ds->table.rule_width);
            x += w;
        }
        if (!split)
            break;
        from = upto;
    }
    return first;
}

/* A header cell: text set centred in a box of width w; returns its lines. */
static cellout header_cell(vb_lctx *c, const char *text, double w)
{
    const vb_design *ds = c->ds;
    double size = ds->table.size;
    cellout co;
    co.st = (vb_pstyle){size, size * ds->table.leading, w - 2 * ds->table.pad_x, 0, 0,
                        VB_CENTER};
    vb_runs r = {0};
    vb_runs_markup(c, &r, text, VB_FACE_BOLD);
    vb_set_lines(c, r.runs, r.n, &co.st, &co.lines);
    return co;
}

static double cell_height(const vb_lctx *c, const cellout *co)
{
    return (co->lines.n ? co->lines.n : 1) * co->st.leading + 2 * c->ds->table.pad_y;
}

/* Draw a cell: its border and its text centred in (x, y, w, h). */
static void draw_cell(vb_lctx *c, vb_ops *ops, const cellout *co, double x, double y,
                      double w, double h)
{
    double th = vb_lines_height(&co->lines, &co->st);
    vb_lines_place(c, &co->lines, &co->st, ops, x + c->ds->table.pad_x, y + (h - th) / 2);
    vb_ops_rect(c, ops, x, y, w, h, c->ds->table.rule_width);
}

static bool same_group(const vb_column *a, const vb_column *b)
{
    return a->group.s && b->group.s && !strcmp(a->group.s, b->group.s);
}

/* A two-level header: each run of neighbouring columns with the same group
 * gets one merged cell with the group's text above their titles; columns
 * without a group span both rows. */
static vb_vbox *two_level_header(vb_lctx *c, vb_vlist *v, const vb_table *t,
                                 const colw *cw)
{
    size_t n = t->ncols;
    cellout *title = vb_alloc_array(c->tmp, n, sizeof *title);
    double top = 0, below = 0, whole = 0;
    for (size_t j = 0; j < n; j++) {
        title[j] = header_cell(c, t->cols[j].title.s, cw[j].w);
        double h = cell_height(c, &title[j]);
        if (t->cols[j].group.s && h > below)
            below = h;
        if (!t->cols[j].group.s && h > whole)
            whole = h;
    }
    for (size_t j = 0; j < n;) {
        size_t k = j + 1;
        double w = cw[j].w;
        while (k < n && same_group(&t->cols[j], &t->cols[k]))
            w += cw[k++].w;
        if (t->cols[j].group.s) {
            cellout g = header_cell(c, t->cols[j].group.s, w);
            if (cell_height(c, &g) > top)
                top = cell_height(c, &g);
        }
        j = k;
    }
    if (top + below < whole)
        below = whole - top;
    double H = top + below;
    vb_vbox *b = vb_vlist_add(c, v, H, 0);
    double x = 0;
    for (size_t j = 0; j < n;) {
        size_t k = j + 1;
        double w = cw[j].w;
        while (k < n && same_group(&t->cols[j], &t->cols[k]))
            w += cw[k++].w;
        if (!t->cols[j].group.s) {
            draw_cell(c, &b->ops, &title[j], x, 0, cw[j].w, H);
        } else {
            cellout g = header_cell(c, t->cols[j].group.s, w);
            draw_cell(c, &b->ops, &g, x, 0, w, top);
            double xx = x;
            for (size_t m = j; m < k; m++) {
                draw_cell(c, &b->ops, &title[m], xx, top, cw[m].w, below);
                xx += cw[m].w;
            }
        }
        x += w;
        j = k;
    }
    return b;
}

static bool has_groups(const vb_table *t)
{
    for (size_t j = 0; j < t->ncols; j++)
        if (t->cols[j].group.s)
            return true;
    return false;
}

void vb_table_layout(vb_lctx *c, vb_vlist *v, const vb_table *t, double W, double room)
{
    const vb_design *ds = c->ds;
    vb_tresolved res;
    if (vb_table_resolve(c->a, t, &res, c->d) != 0)
        return;
    colw *cw = vb_alloc_array(c->a, t->ncols, sizeof *cw);
    widths(c, t, &res, W, cw);
    if (t->unit.s) { /* "ĐVT: Đồng", italic, right-aligned above the table */
        double size = ds->table.unit_size;
        const char *u = vb_sprintf(c->a, "ĐVT: %s", t->unit.s);
        vb_vbox *b = vb_vlist_add(c, v, size * ds->table.leading, ds->body.para_space);
        double w = vb_text_width(c, VB_FACE_ITALIC, size, u, strlen(u));
        vb_ops_text(c, &b->ops, W - w, vb_baseline_in(c, size, size * ds->table.leading),
                    VB_FACE_ITALIC, size, u, strlen(u));
        b->keep_with_next = true;
    }
    const char **titles = vb_alloc_array(c->tmp, t->ncols, sizeof *titles);
    for (size_t j = 0; j < t->ncols; j++)
        titles[j] = t->cols[j].title.s;
    vb_vbox *hb = has_groups(t)
                      ? two_level_header(c, v, t, cw)
                      : &v->items[row_boxes(c, v, t, cw, titles, NULL, t->ncols, VB_FACE_BOLD,
                                            true, false, room)];
    hb->space_before = t->unit.s ? 0 : ds->body.para_space;
    hb->keep_with_next = true;
    long header = (long)(v->n - 1);
    for (size_t i = 0; i < res.nrows; i++) {
        const vb_trow *r = &res.rows[i];
        const char **texts = vb_alloc_array(c->tmp, r->ncells ? r->ncells : 1, sizeof *texts);
        for (size_t j = 0; j < r->ncells; j++)
            texts[j] = r->cells[j].text;
        size_t k = row_boxes(c, v, t, cw, texts, r->cells, r->ncells,
                             r->group ? VB_FACE_BOLD : row_style(r), false, r->group,
                             room - hb->height);
        for (; k < v->n; k++)
            v->items[k].repeat = header;
    }
    if (res.in_words) {
        const char *s = vb_sprintf(c->a, "Bằng chữ: %s", res.in_words);
        v->items[v->n - 1].keep_with_next = true;
        vb_runs r = {0};
        vb_runs_plain(c, &r, s, 0);
        vb_pstyle st = {ds->body.size, ds->body.leading, W, 0, 0, VB_LEFT};
        vb_lines l;
        vb_set_lines(c, r.runs, r.n, &st, &l);
        vb_vlist_lines(c, v, &l, &st, ds->table.words_space);
    }
}
