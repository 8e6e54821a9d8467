/* flow.c - the vertical list and its breaking into pages.
 *
 * Every line, heading, table row and block (header, closing) is a box with
 * a height, a discardable space before it and a "keep with next" flag.
 * Pages are filled greedily; when a box does not fit, the page ends at the
 * last allowed break before it. Widows, orphans, headings kept with their
 * text and the closing block kept with the last body lines are all just
 * keep flags, set where the boxes are made. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"

vb_vbox *vb_vlist_add(vb_lctx *c, vb_vlist *v, double height, double space_before)
{
    vb_vbox *b = VB_VEC_PUSH(c->tmp, v->items, v->n, v->cap);
    memset(b, 0, sizeof *b);
    b->height = height;
    b->space_before = space_before;
    b->repeat = -1;
    return b;
}

void vb_vlist_lines(vb_lctx *c, vb_vlist *v, vb_lines *l, const vb_pstyle *st,
                    double space_before)
{
    double base = vb_baseline_in(c, st->size, st->leading);
    size_t orphans = (size_t)c->ds->body.orphans, widows = (size_t)c->ds->body.widows;
    for (size_t k = 0; k < l->n; k++) {
        vb_vbox *b = vb_vlist_add(c, v, st->leading, k == 0 ? space_before : 0);
        /* The box takes the line's ops over, moved to its baseline: the
         * line is not used again, so copying them would be wasted work. */
        b->ops = l->lines[k].ops;
        l->lines[k].ops = (vb_ops){0};
        for (size_t i = 0; i < b->ops.n; i++) {
            b->ops.items[i].x += 0; /* -0 becomes +0, as when they were copied */
            b->ops.items[i].y += base;
        }
        /* No break after the first orphans-1 lines, nor before the last
         * widows-1 lines. */
        bool orphan = k + 1 < orphans;
        bool widow = k + widows >= l->n && k + 1 < l->n;
        b->keep_with_next = (orphan || widow) && k + 1 < l->n;
    }
}

/* Page coordinates of an op placed with its box top at `top` (down from the
 * page's top edge) and the text block's left edge at `left`. */
static void place_op(vb_lctx *c, vb_page *pg, const vb_item *op, double left, double top)
{
    vb_item *it = vb_page_add(c->dl, pg, op->kind);
    *it = *op;
    it->x = left + op->x;
    double y = top + op->y; /* down from the page top */
    switch (op->kind) {
    case VB_ITEM_RECT:
    case VB_ITEM_IMAGE:
        it->y = pg->height - y - op->h;
        break;
    case VB_ITEM_LINE:
        it->y = pg->height - y;
        it->h = -op->h;
        break;
    default:
        it->y = pg->height - y;
        break;
    }
}

static void place_box(vb_lctx *c, vb_page *pg, size_t page_index, const vb_vbox *b,
                      double left, double top)
{
    for (size_t i = 0; i < b->ops.n; i++)
        place_op(c, pg, &b->ops.items[i], left, top);
    if (b->outline)
        vb_dlist_outline(c->dl, b->outline, b->outline_level, page_index,
                         pg->height - top);
    for (size_t i = 0; i < sizeof b->fields / sizeof b->fields[0]; i++)
        if (b->fields[i].name)
            vb_dlist_field(c->dl, b->fields[i].name, page_index, left + b->fields[i].x,
                           pg->height - (top + b->fields[i].y + b->fields[i].h),
                           b->fields[i].w, b->fields[i].h);
}

void vb_place_ops(vb_lctx *c, size_t page_index, const vb_ops *ops, double left,
                  double top)
{
    vb_page *pg = &c->dl->pages[page_index];
    for (size_t i = 0; i < ops->n; i++)
        place_op(c, pg, &ops->items[i], left, top);
}

static void page_number(vb_lctx *c, vb_page *pg, const vb_pagespec *ps, int n)
{
    char num[16];
    snprintf(num, sizeof num, "%d", n);
    double size = c->ds->page_number.size;
    double w = vb_text_width(c, 0, size, num, strlen(num));
    double cx = ps->m.left + (ps->width - ps->m.left - ps->m.right) / 2;
    vb_page_text(c->dl, pg, cx - w / 2, pg->height - c->ds->page_number.baseline, 0, size,
                 num, strlen(num));
}

/* The items page `no` gets: its boxes' ops, a repeated table header's,
 * its number, and on the first page what the caller adds afterwards. */
static size_t page_items(const vb_vlist *v, const vb_pagespec *ps, size_t start,
                         size_t end, int no)
{
    size_t n = 0;
    if (v->items[start].repeat >= 0)
        n += v->items[v->items[start].repeat].ops.n;
    for (size_t i = start; i < end; i++)
        n += v->items[i].ops.n;
    if (ps->number_from && no >= ps->number_from)
        n++;
    if (no == 1)
        n += ps->first_page_extra;
    return n;
}

/* Room on page `no` (1-based) of this part. */
static double page_room(const vb_pagespec *ps, int no)
{
    double room = ps->height - ps->m.top - ps->m.bottom;
    return no == 1 ? room - ps->first_page_reserve : room;
}

/* The last index in (start, i] at which a page may begin: the box before
 * it must allow a break after itself. start + 1 at worst would put just one
 * box on the page; if even that is kept with its successors, break at i
 * (keeps are wishes, overflowing the page is not an option). */
static size_t back_up(const vb_vlist *v, size_t start, size_t i)
{
    size_t k = i;
    while (k > start + 1 && v->items[k - 1].keep_with_next)
        k--;
    if (k == start + 1 && v->items[start].keep_with_next)
        return i;
    return k;
}

size_t vb_flow(vb_lctx *c, const vb_vlist *v, const vb_pagespec *ps)
{
    size_t first_page = c->dl->npages;
    size_t start = 0;
    int no = 1;
    while (start < v->n) {
        /* Find where this page ends. */
        double room = page_room(ps, no);
        double used = v->items[start].repeat >= 0 ? v->items[v->items[start].repeat].height : 0;
        size_t end = start;
        bool fresh = true; /* nothing with height placed yet: spaces vanish */
        while (end < v->n) {
            const vb_vbox *b = &v->items[end];
            if (end > start && b->break_before)
                break;
            double need = b->height + (fresh ? 0 : b->space_before);
            if (end > start && used + need > room + 1e-6) {
                end = back_up(v, start, end);
                break;
            }
            used += need;
            if (b->height > 0)
                fresh = false;
            end++;
        }
        /* Draw it, into an item array of the page's exact size. */
        vb_page *pg = vb_dlist_add_page(c->dl, ps->width, ps->height);
        vb_page_reserve(c->dl, pg, page_items(v, ps, start, end, no));
        size_t page_index = c->dl->npages - 1;
        double top = ps->m.top;
        if (v->items[start].repeat >= 0) {
            const vb_vbox *h = &v->items[v->items[start].repeat];
            place_box(c, pg, page_index, h, ps->m.left, top);
            top += h->height;
        }
        bool at_top = true;
        for (size_t i = start; i < end; i++) {
            const vb_vbox *b = &v->items[i];
            if (!at_top)
                top += b->space_before;
            if (b->height > 0)
                at_top = false;
            place_box(c, pg, page_index, b, ps->m.left, top);
            top += b->height;
        }
        if (ps->number_from && no >= ps->number_from)
            page_number(c, pg, ps, no);
        start = end;
        no++;
    }
    return first_page;
}
