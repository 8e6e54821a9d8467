/* dlist.c - building the display list. */
#include "dlist.h"

#include <string.h>

void vb_dlist_init(vb_dlist *d, vb_arena *arena)
{
    memset(d, 0, sizeof *d);
    d->arena = arena;
}

vb_page *vb_dlist_add_page(vb_dlist *d, double width, double height)
{
    vb_page *p = VB_VEC_PUSH(d->arena, d->pages, d->npages, d->cap);
    p->width = width;
    p->height = height;
    return p;
}

vb_item *vb_items_push(vb_arena *a, vb_item **items, size_t *n, size_t *cap,
                       vb_itemkind kind)
{
    vb_item *it = VB_VEC_PUSH(a, *items, *n, *cap);
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

vb_item *vb_page_add(vb_dlist *d, vb_page *p, vb_itemkind kind)
{
    return vb_items_push(d->arena, &p->items, &p->n, &p->cap, kind);
}

void vb_page_reserve(vb_dlist *d, vb_page *p, size_t more)
{
    if (p->cap - p->n >= more)
        return;
    vb_item *items = vb_alloc_nozero(d->arena, (p->n + more) * sizeof *items);
    if (p->n)
        memcpy(items, p->items, p->n * sizeof *items);
    p->items = items;
    p->cap = p->n + more;
}

vb_item *vb_page_text(vb_dlist *d, vb_page *p, double x, double y, int face,
                      double size, const char *text, size_t len)
{
    vb_item *it = vb_page_add(d, p, VB_ITEM_TEXT);
    it->x = x;
    it->y = y;
    it->face = (uint8_t)face;
    it->size = (float)size;
    it->text = vb_strndup(d->arena, text, len);
    it->len = len;
    return it;
}

vb_item *vb_page_rule(vb_dlist *d, vb_page *p, double x, double y, double w,
                      double thickness)
{
    vb_item *it = vb_page_add(d, p, VB_ITEM_RULE);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = thickness;
    return it;
}

vb_item *vb_page_rect(vb_dlist *d, vb_page *p, double x, double y, double w,
                      double h, double lw)
{
    vb_item *it = vb_page_add(d, p, VB_ITEM_RECT);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->lw = (float)lw;
    return it;
}

void vb_dlist_outline(vb_dlist *d, const char *title, int level, size_t page,
                      double y)
{
    vb_outline *o = VB_VEC_PUSH(d->arena, d->outline, d->noutline, d->outline_cap);
    o->title = vb_strdup(d->arena, title);
    o->level = level;
    o->page = page;
    o->y = y;
}

void vb_dlist_field(vb_dlist *d, const char *name, size_t page, double x,
                    double y, double w, double h)
{
    vb_field *f = VB_VEC_PUSH(d->arena, d->fields, d->nfields, d->fields_cap);
    f->name = vb_strdup(d->arena, name);
    f->page = page;
    f->x = x;
    f->y = y;
    f->w = w;
    f->h = h;
}
