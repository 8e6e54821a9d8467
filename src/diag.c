/* diag.c - collecting and printing diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void vb_diags_init(vb_diags *d, const char *file)
{
    memset(d, 0, sizeof *d);
    d->file = file ? file : "<stdin>";
}

void vb_diags_free(vb_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].rule);
        free(d->items[i].message);
    }
    free(d->items);
    d->items = NULL;
    d->n = d->cap = 0;
}

void vb_diag_add(vb_diags *d, vb_severity sev, vb_pos pos, const char *rule,
                 const char *fmt, ...)
{
    if (sev == VB_ERROR)
        d->errors++;
    else
        d->warnings++;
    size_t limit = d->limit ? d->limit : 200;
    if (d->n >= limit)
        return;
    if (d->n == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 8;
        vb_diag *n = realloc(d->items, ncap * sizeof *n);
        if (!n)
            abort();
        d->items = n;
        d->cap = ncap;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = malloc(len > 0 ? (size_t)len + 1 : 1);
    if (!msg)
        abort();
    va_start(ap, fmt);
    vsnprintf(msg, len > 0 ? (size_t)len + 1 : 1, fmt, ap);
    va_end(ap);
    /* A message is one line: fold any newline a value brought in. */
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    vb_diag *g = &d->items[d->n++];
    g->severity = sev;
    g->pos = pos;
    g->rule = strdup(rule ? rule : "error");
    g->message = msg;
    g->seq = d->n - 1;
}

static int pos_cmp(const void *a, const void *b)
{
    const vb_diag *x = a, *y = b;
    if (x->pos.line != y->pos.line)
        return x->pos.line < y->pos.line ? -1 : 1;
    if (x->pos.col != y->pos.col)
        return x->pos.col < y->pos.col ? -1 : 1;
    /* qsort is not stable: fall back on the insertion order. */
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

void vb_diags_sort(vb_diags *d)
{
    if (d->n > 1)
        qsort(d->items, d->n, sizeof *d->items, pos_cmp);
}

void vb_diag_print(const vb_diags *d, const vb_diag *g, FILE *out)
{
    /* No line means no position at all: the column is meaningless too. */
    bool located = g->pos.line > 0;
    fprintf(out, "%s:%d:%d: %s: %s [%s]\n", d->file, located ? g->pos.line : 1,
            located && g->pos.col > 0 ? g->pos.col : 1,
            g->severity == VB_ERROR ? "error" : "warning", g->message, g->rule);
}

void vb_diags_print(const vb_diags *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++)
        vb_diag_print(d, &d->items[i], out);
}
