/* diag.c - collecting and printing diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "i18n.h"
#include "util.h"

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

/* ------------------------------------------------- translated messages */

enum { MAX_CONV = 32 };

typedef struct convs {
    vb_fmt_spec spec[MAX_CONV];
    const char *at[MAX_CONV];
    int n;
} convs;

/* The conversions of fmt ("%%" left out); false when one of them is
 * beyond vb_fmt_spec_parse() or there are too many. */
static bool scan(const char *fmt, convs *c)
{
    c->n = 0;
    for (const char *p = fmt; *p;) {
        if (*p != '%') {
            p++;
            continue;
        }
        vb_fmt_spec sp;
        if (!vb_fmt_spec_parse(p, &sp) || sp.len > 24)
            return false;
        if (sp.conv != '%') {
            if (c->n == MAX_CONV)
                return false;
            c->spec[c->n] = sp;
            c->at[c->n++] = p;
        }
        p += sp.len;
    }
    return true;
}

/* Whether two conversions take the same arguments. */
static bool same_args(const vb_fmt_spec *a, const vb_fmt_spec *b)
{
    static const char *const classes[] = {"di", "ouxX", "c", "s", "p", "fFeEgGaA"};
    if (a->stars != b->stars || a->size != b->size)
        return false;
    for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
        if (strchr(classes[i], a->conv))
            return strchr(classes[i], b->conv) != NULL;
    return false;
}

/* One argument, read as the conversion says and printed with its text. */
#define EMIT(T)                                                                  \
    do {                                                                         \
        T v_ = va_arg(ap, T);                                                    \
        if (sp->stars == 0)                                                      \
            vb_buf_printf(&b, one, v_);                                              \
        else if (sp->stars == 1)                                                 \
            vb_buf_printf(&b, one, star[0], v_);                                     \
        else                                                                     \
            vb_buf_printf(&b, one, star[0], star[1], v_);                            \
    } while (0)

/* The message in lang: fmt's translation, formatted with the arguments in
 * ap, each "%s" that fmt leaves unquoted passed through vb_tr_fragment().
 * NULL when fmt holds a conversion this does not walk (the caller then
 * formats the English as it is). The translation is used only when its
 * conversions take the same arguments as fmt's: a faulty catalog entry
 * falls back on the English rather than misreading an argument. */
static char *format_in(const char *lang, const char *fmt, va_list ap)
{
    convs en, tr;
    if (!scan(fmt, &en))
        return NULL;
    const char *tfmt = vb_tr(lang, fmt);
    bool ok = tfmt != fmt && scan(tfmt, &tr) && tr.n == en.n;
    for (int i = 0; ok && i < en.n; i++)
        ok = same_args(&en.spec[i], &tr.spec[i]);
    if (!ok) {
        tfmt = fmt;
        tr = en;
    }
    vb_buf b;
    vb_buf_init(&b);
    vb_buf_put(&b, "", 0);
    const char *p = tfmt;
    for (int i = 0; i < tr.n; i++) {
        const vb_fmt_spec *sp = &tr.spec[i];
        const char *at = tr.at[i];
        /* The text before, "%%" made '%'. */
        for (; p < at; p++) {
            vb_buf_put(&b, p, 1);
            if (p[0] == '%' && p[1] == '%')
                p++;
        }
        p = at + sp->len;
        char one[32];
        memcpy(one, at, sp->len);
        one[sp->len] = 0;
        int star[2] = {0, 0};
        for (int k = 0; k < sp->stars; k++)
            star[k] = va_arg(ap, int);
        bool uns = strchr("ouxX", sp->conv) != NULL;
        switch (sp->conv) {
        case 'd':
        case 'i':
        case 'o':
        case 'u':
        case 'x':
        case 'X':
            switch (sp->size) {
            case 'l':
                if (uns)
                    EMIT(unsigned long);
                else
                    EMIT(long);
                break;
            case 'L':
                if (uns)
                    EMIT(unsigned long long);
                else
                    EMIT(long long);
                break;
            case 'z':
                if (uns)
                    EMIT(size_t);
                else
                    EMIT(ssize_t);
                break;
            case 'j':
                if (uns)
                    EMIT(uintmax_t);
                else
                    EMIT(intmax_t);
                break;
            case 't':
                EMIT(ptrdiff_t);
                break;
            default: /* int, and hh and h, which arrive promoted */
                if (uns)
                    EMIT(unsigned);
                else
                    EMIT(int);
                break;
            }
            break;
        case 'c':
            EMIT(int);
            break;
        case 'p':
            EMIT(void *);
            break;
        case 's': {
            const char *v = va_arg(ap, const char *);
            char *t = v && !vb_fmt_quoted(fmt, en.at[i]) ? vb_tr_fragment(lang, v) : NULL;
            const char *s = t ? t : v;
            if (sp->stars == 0)
                vb_buf_printf(&b, one, s);
            else if (sp->stars == 1)
                vb_buf_printf(&b, one, star[0], s);
            else
                vb_buf_printf(&b, one, star[0], star[1], s);
            free(t);
            break;
        }
        default: /* floating */
            if (sp->size == 'D')
                EMIT(long double);
            else
                EMIT(double);
            break;
        }
    }
    for (; *p; p++) {
        vb_buf_put(&b, p, 1);
        if (p[0] == '%' && p[1] == '%')
            p++;
    }
    return b.data;
}

#undef EMIT

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
    char *msg = NULL;
    if (d->lang && strcmp(d->lang, "en") != 0) {
        va_start(ap, fmt);
        msg = format_in(d->lang, fmt, ap);
        va_end(ap);
    }
    if (!msg) {
        va_start(ap, fmt);
        int len = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        msg = malloc(len > 0 ? (size_t)len + 1 : 1);
        if (!msg)
            abort();
        va_start(ap, fmt);
        vsnprintf(msg, len > 0 ? (size_t)len + 1 : 1, fmt, ap);
        va_end(ap);
    }
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

/* The printed position: no line means no position at all (the column is
 * meaningless too), and tools that read FILE:LINE:COLUMN want numbers
 * from 1, so such a message points at the file's start. */
static int shown_line(const vb_diag *g)
{
    return g->pos.line > 0 ? g->pos.line : 1;
}

static int shown_col(const vb_diag *g)
{
    return g->pos.line > 0 && g->pos.col > 0 ? g->pos.col : 1;
}

static const char *severity_word(const vb_diag *g)
{
    return g->severity == VB_ERROR ? "error" : "warning";
}

void vb_diag_print(const vb_diags *d, const vb_diag *g, FILE *out)
{
    fprintf(out, "%s:%d:%d: %s: %s [%s]\n", d->file, shown_line(g), shown_col(g),
            severity_word(g), g->message, g->rule);
}

void vb_diag_format(const vb_diags *d, const vb_diag *g, char *buf, size_t size)
{
    snprintf(buf, size, "%s:%d:%d: %s: %s [%s]", d->file, shown_line(g), shown_col(g),
             severity_word(g), g->message, g->rule);
}

void vb_diags_print(const vb_diags *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++)
        vb_diag_print(d, &d->items[i], out);
}
