/* para.c - paragraphs: styled runs into lines of positioned words.
 *
 * Words are boxes, spaces glue, and explicit break opportunities inside
 * over-long words (URLs, e-mail addresses) penalties, as in TeX. Justified
 * paragraphs are broken by total fit (linebreak.c) and justified by placing
 * each word ourselves: viewers ignore libharu's word spacing for our 2-byte
 * fonts. Centred text is balanced: the narrowest measure that still needs
 * the same number of lines, so a title never ends with one lonely word. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "layout.h"

/* ---- ops and font helpers ---- */

vb_item *vb_ops_add(vb_lctx *c, vb_ops *o, vb_itemkind kind)
{
    /* Most ops lists hold one line's one or two runs: start with room for
     * two items (a vb_item is ~100 bytes) rather than VB_VEC_PUSH's 8. */
    if (o->cap == 0) {
        o->items = vb_alloc_nozero(c->tmp, 2 * sizeof *o->items);
        o->cap = 2;
    }
    return vb_items_push(c->tmp, &o->items, &o->n, &o->cap, kind);
}

/* A text op whose width w the caller has measured already. */
static vb_item *ops_text_w(vb_lctx *c, vb_ops *o, double x, double y, unsigned style,
                           double size, const char *s, size_t len, double w)
{
    vb_item *it = vb_ops_add(c, o, VB_ITEM_TEXT);
    it->x = x;
    it->y = y;
    it->face = (uint8_t)(style & 3);
    it->size = (float)size;
    it->text = s;
    it->len = len;
    it->w = w;
    return it;
}

vb_item *vb_ops_text(vb_lctx *c, vb_ops *o, double x, double y, unsigned style,
                     double size, const char *s, size_t len)
{
    return ops_text_w(c, o, x, y, style, size, s, len,
                      vb_text_width(c, style, size, s, len));
}

void vb_ops_rule(vb_lctx *c, vb_ops *o, double x, double y, double w, double th)
{
    vb_item *it = vb_ops_add(c, o, VB_ITEM_RULE);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = th;
}

void vb_ops_rect(vb_lctx *c, vb_ops *o, double x, double y, double w, double h,
                 double lw)
{
    vb_item *it = vb_ops_add(c, o, VB_ITEM_RECT);
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->lw = (float)lw;
}

void vb_ops_append(vb_lctx *c, vb_ops *dst, const vb_ops *src, double dx, double dy)
{
    for (size_t i = 0; i < src->n; i++) {
        vb_item *it = vb_ops_add(c, dst, src->items[i].kind);
        *it = src->items[i];
        it->x += dx;
        it->y += dy;
    }
}

double vb_text_width(const vb_lctx *c, unsigned style, double size, const char *s,
                     size_t len)
{
    return vb_font_width(c->fs->face[style & 3], s, len, size);
}

double vb_ascent(const vb_lctx *c, double size)
{
    return vb_font_get_metrics(c->fs->face[0])->ascender * size / 1000.0;
}

double vb_descent(const vb_lctx *c, double size)
{
    return -vb_font_get_metrics(c->fs->face[0])->descender * size / 1000.0;
}

double vb_baseline_in(const vb_lctx *c, double size, double leading)
{
    /* The descent sits at the bottom of the line box; what the leading adds
     * beyond ascent + descent goes above the letters. */
    return leading - vb_descent(c, size);
}

/* ---- runs ---- */

static void runs_push(vb_lctx *c, vb_runs *r, const char *s, size_t len, unsigned style)
{
    if (!len)
        return;
    vb_run *x = VB_VEC_PUSH(c->tmp, r->runs, r->n, r->cap);
    x->s = s;
    x->len = len;
    x->style = style;
}

void vb_runs_plain(vb_lctx *c, vb_runs *r, const char *s, unsigned style)
{
    if (s)
        runs_push(c, r, s, strlen(s), style);
}

void vb_runs_markup(vb_lctx *c, vb_runs *r, const char *s, unsigned base)
{
    if (!s)
        return;
    vb_run *runs = NULL;
    /* Plan text is NFC already, and so is what layout joins from it. */
    size_t n = vb_inline_nfc(c->a, s, strlen(s), base, &runs);
    for (size_t i = 0; i < n; i++)
        runs_push(c, r, runs[i].s, runs[i].len, runs[i].style);
}

void vb_runs_gap(vb_lctx *c, vb_runs *r, double width)
{
    vb_run *x = VB_VEC_PUSH(c->tmp, r->runs, r->n, r->cap);
    x->s = "";
    x->len = (size_t)(width * 100 + 0.5);
    x->style = VB_STYLE_GAP;
}

/* ---- words ---- */

typedef struct seg {
    const char *s;
    size_t len;
    unsigned style;
    double w;
} seg;

/* A fragment is what the breaker sees as one box: a word, or a piece of an
 * over-long word. */
typedef struct frag {
    size_t seg0, nseg;
    double w;
    double space;      /* width of the space before it (0: none) */
    unsigned space_style;
    double pen;        /* break penalty before it when space == 0 */
    bool newline;      /* a forced break comes before it */
} frag;

typedef struct wordbuf {
    seg *segs;
    size_t nsegs, segcap;
    frag *frags;
    size_t nfrags, fragcap;
} wordbuf;

static bool is_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Add a piece of text (or a blank: len 0) to the current word, or start a
 * new word when a space or newline came before it. Inline: it runs once
 * per word, and its state then lives in registers. */
static inline void add_seg(vb_arena *sa, wordbuf *wb, const char *s, size_t len,
                           unsigned style, double w, bool *in_word, bool *pending_nl,
                           double *pending_space, unsigned pending_style)
{
    seg *g = VB_VEC_PUSH(sa, wb->segs, wb->nsegs, wb->segcap);
    g->s = s;
    g->len = len;
    g->style = style;
    g->w = w;
    if (*in_word) {
        frag *f = &wb->frags[wb->nfrags - 1];
        f->nseg++;
        f->w += w;
        return;
    }
    frag *f = VB_VEC_PUSH(sa, wb->frags, wb->nfrags, wb->fragcap);
    memset(f, 0, sizeof *f);
    f->seg0 = wb->nsegs - 1;
    f->nseg = 1;
    f->w = w;
    f->space = *pending_nl ? 0 : *pending_space;
    f->space_style = pending_style;
    f->newline = *pending_nl;
    *pending_nl = false;
    *pending_space = 0;
    *in_word = true;
}

/* Split runs into fragments at spaces and newlines. */
static void split_words(vb_lctx *c, vb_arena *sa, const vb_run *runs, size_t nruns,
                        double size, wordbuf *wb)
{
    bool in_word = false, pending_nl = false;
    double pending_space = 0;
    unsigned pending_style = 0;
    /* A space's width per face, measured on first use (widths are >= 0). */
    double space_w[4] = { -1, -1, -1, -1 };
    for (size_t r = 0; r < nruns; r++) {
        const char *s = runs[r].s;
        size_t len = runs[r].len, i = 0;
        unsigned style = runs[r].style & 3;
        if (runs[r].style & VB_STYLE_GAP) {
            add_seg(sa, wb, "", 0, 0, len / 100.0, &in_word, &pending_nl,
                    &pending_space, pending_style);
            continue;
        }
        while (i < len) {
            if (s[i] == '\n') {
                in_word = false;
                pending_nl = wb->nfrags > 0;
                pending_space = 0;
                i++;
                continue;
            }
            if (is_space((unsigned char)s[i])) {
                if (in_word || (wb->nfrags && !pending_nl)) {
                    if (space_w[style] < 0)
                        space_w[style] = vb_text_width(c, style, size, " ", 1);
                    pending_space = space_w[style];
                    pending_style = style;
                }
                in_word = false;
                i++;
                continue;
            }
            /* The word's end is found by the walk that measures it. */
            size_t wl;
            double w = vb_font_word(c->fs->face[style], s + i, len - i, size, &wl);
            add_seg(sa, wb, s + i, wl, style, w, &in_word, &pending_nl, &pending_space,
                    pending_style);
            i += wl;
        }
    }
}

/* Break an over-long fragment after '/', '@', '.', '-' (URLs, e-mail
 * addresses), and as a last resort between characters, so that no line is
 * overfull. Only words wider than the line are touched: numbers and dates
 * are never that wide, so they never break. */
static bool split_point(const char *s, size_t len, size_t i)
{
    char ch = s[i - 1];
    return (ch == '/' || ch == '@' || ch == '.' || ch == '-' || ch == '_') && i < len;
}

static void split_long(vb_lctx *c, vb_arena *sa, wordbuf *wb, double size,
                       double measure)
{
    size_t k0 = 0;
    while (k0 < wb->nfrags && wb->frags[k0].w <= measure)
        k0++;
    if (k0 == wb->nfrags)
        return; /* nothing to cut: the usual case */
    wordbuf out = {0};
    for (size_t k = 0; k < wb->nfrags; k++) {
        frag f = wb->frags[k];
        if (f.w <= measure) {
            frag *n = VB_VEC_PUSH(sa, out.frags, out.nfrags, out.fragcap);
            *n = f;
            n->seg0 = out.nsegs;
            for (size_t g = 0; g < f.nseg; g++)
                *VB_VEC_PUSH(sa, out.segs, out.nsegs, out.segcap) = wb->segs[f.seg0 + g];
            continue;
        }
        bool first = true;
        /* Cut each segment into pieces at the split points; pieces longer
         * than the measure are cut between characters. */
        for (size_t g = 0; g < f.nseg; g++) {
            seg sg = wb->segs[f.seg0 + g];
            size_t start = 0;
            while (start < sg.len) {
                /* The piece runs to the next split point; a piece wider
                 * than the measure is cut between characters. */
                size_t end = start, i = start;
                double w = 0;
                while (i < sg.len) {
                    size_t ni = i;
                    vb_utf8_next(sg.s, sg.len, &ni);
                    w += vb_text_width(c, sg.style, size, sg.s + i, ni - i);
                    if (w > measure && i > start) {
                        end = i;
                        break;
                    }
                    i = ni;
                    end = i;
                    if (split_point(sg.s, sg.len, i))
                        break;
                }
                bool soft = split_point(sg.s, sg.len, end) || end == sg.len;
                frag *n = VB_VEC_PUSH(sa, out.frags, out.nfrags, out.fragcap);
                memset(n, 0, sizeof *n);
                n->seg0 = out.nsegs;
                n->nseg = 1;
                seg *ns = VB_VEC_PUSH(sa, out.segs, out.nsegs, out.segcap);
                *ns = sg;
                ns->s = sg.s + start;
                ns->len = end - start;
                ns->w = vb_text_width(c, sg.style, size, ns->s, ns->len);
                n->w = ns->w;
                if (first) {
                    n->space = f.space;
                    n->space_style = f.space_style;
                    n->newline = f.newline;
                    first = false;
                } else {
                    n->pen = soft ? 50 : 5000;
                }
                start = end;
            }
        }
    }
    *wb = out;
}

/* ---- breaking ---- */

typedef struct itemmap {
    vb_lbitem *items;
    long *frag_of; /* item -> fragment index for boxes, -1 otherwise */
    size_t n;
    double natural; /* the paragraph's width on one line */
    bool newline;   /* a forced break inside it */
} itemmap;

/* Inline: called for every breaker item, which is then built in place.
 * The arrays are sized for the most items the fragments can give (three
 * each, and the paragraph's end), so there is no room to check. */
static inline void push_item(itemmap *m, vb_lbitem it, long frag_index)
{
    m->items[m->n] = it;
    m->frag_of[m->n++] = frag_index;
}

#define VB_INF_STRETCH 1e7

/* Inline: asked twice per space. */
static inline bool lone_dash(const wordbuf *wb, const frag *f)
{
    if (f->nseg != 1)
        return false;
    const seg *g = &wb->segs[f->seg0];
    return (g->len == 1 && g->s[0] == '-') ||
           (g->len == 3 && (!memcmp(g->s, "\xe2\x80\x93", 3) ||  /* – */
                            !memcmp(g->s, "\xe2\x80\x94", 3))); /* — */
}

static void build_items(vb_lctx *c, const wordbuf *wb, const vb_pstyle *st,
                        itemmap *m)
{
    const vb_design *ds = c->ds;
    bool justify = st->align == VB_JUSTIFY;
    for (size_t k = 0; k < wb->nfrags; k++) {
        const frag *f = &wb->frags[k];
        if (k > 0) {
            if (f->newline) {
                m->newline = true;
                vb_lbitem g = {VB_LB_GLUE, 0, VB_INF_STRETCH, 0, 0, false};
                vb_lbitem p = {VB_LB_PENALTY, 0, 0, 0, -VB_LB_INF, false};
                push_item(m, g, -1);
                push_item(m, p, -1);
            } else if (f->space > 0) {
                /* A spaced dash ("kinh tế - xã hội", "2016 - 2020") binds
                 * the words on both sides: an infinite penalty before a
                 * space makes it no break point, as in TeX. */
                if (lone_dash(wb, f) || lone_dash(wb, &wb->frags[k - 1])) {
                    vb_lbitem keep = {VB_LB_PENALTY, 0, 0, 0, VB_LB_INF, false};
                    push_item(m, keep, -1);
                }
                vb_lbitem g = {VB_LB_GLUE, f->space,
                               justify ? f->space * ds->body.space_stretch : f->space,
                               justify ? f->space * ds->body.space_shrink : 0, 0, false};
                push_item(m, g, -1);
                m->natural += f->space;
            } else {
                vb_lbitem p = {VB_LB_PENALTY, 0, 0, 0, f->pen > 0 ? f->pen : VB_LB_INF, false};
                push_item(m, p, -1);
            }
        }
        vb_lbitem b = {VB_LB_BOX, f->w, 0, 0, 0, false};
        push_item(m, b, (long)k);
        m->natural += f->w;
    }
    vb_lbitem g = {VB_LB_GLUE, 0, VB_INF_STRETCH, 0, 0, false};
    vb_lbitem p = {VB_LB_PENALTY, 0, 0, 0, -VB_LB_INF, false};
    push_item(m, g, -1);
    push_item(m, p, -1);
}

static void break_lines(vb_lctx *c, vb_arena *sa, const itemmap *m,
                        const vb_pstyle *st, vb_lbresult *res)
{
    double widths[2] = {st->width - st->indent_first, st->width - st->indent_rest};
    vb_lbparams p = {c->ds->body.tolerance, c->ds->body.line_penalty, 3000, 3000};
    bool total_fit = st->align == VB_JUSTIFY && !c->greedy;
    /* Words that fit the first line at natural width, with no forced break
     * among them, make one line whatever the breaker: first fit never
     * breaks early (no item here has a negative width or shrinks the
     * ragged glue), balancing keeps the one line first fit found, and
     * total fit proves one line best whenever the line penalty is positive
     * (one_line_is_best in linebreak.c). Most headings, list items and
     * table cells are such a line, and skip the breaker's setup. */
    if (!m->newline && m->natural <= widths[0] && (!total_fit || p.line_penalty > 0)) {
        res->breaks = vb_alloc_nozero(sa, sizeof *res->breaks);
        res->breaks[0] = m->n - 1;
        res->nlines = 1;
        return;
    }
    if (total_fit) {
        vb_linebreak(sa, m->items, m->n, widths, 2, &p, res);
        return;
    }
    if (st->align == VB_CENTER)
        vb_linebreak_balanced(sa, m->items, m->n, widths, 2, &p, res);
    else
        vb_linebreak_greedy(sa, m->items, m->n, widths, 2, &p, res);
}

/* ---- placing ---- */

static bool glue_or_pen(const vb_lbitem *it)
{
    return it->kind != VB_LB_BOX;
}

/* The text op being extended while a line is placed: merged words gather
 * in acc and reach the document arena once, when the op is closed. */
typedef struct open_op {
    vb_item *it;
    bool merged; /* its text is in acc */
    vb_buf *acc;
} open_op;

static void close_op(vb_lctx *c, open_op *o)
{
    if (o->it && o->merged)
        o->it->text = vb_strndup(c->a, o->acc->data, o->acc->len);
    o->it = NULL;
    o->merged = false;
}

/* Whether b follows a[0..alen) in the same text after `gap` bytes that
 * are spaces (gap is 0 or 1). Runs are slices of NUL-terminated strings,
 * so a[alen] is still a's text, and b right after it is too; the address
 * alone would not do, as the next string may start after a's NUL. */
static bool followed_by(const char *a, size_t alen, const char *b, size_t gap)
{
    if ((uintptr_t)b != (uintptr_t)a + alen + gap)
        return false;
    return gap == 0 || a[alen] == ' ';
}

static void place_line(vb_lctx *c, const wordbuf *wb, const itemmap *m, size_t from,
                       size_t to, const vb_pstyle *st, bool first, bool last,
                       vb_line *line, vb_buf *acc)
{
    /* Measure the line: skip glue and penalties at its start (TeX discards
     * them after a break); the break item itself is not on the line. */
    while (from < to && glue_or_pen(&m->items[from]))
        from++;
    double nat = 0, stretch = 0, shrink = 0;
    for (size_t i = from; i < to; i++) {
        const vb_lbitem *it = &m->items[i];
        if (it->kind == VB_LB_BOX || it->kind == VB_LB_GLUE) {
            nat += it->width;
            if (it->kind == VB_LB_GLUE && it->stretch < VB_INF_STRETCH) {
                stretch += it->stretch;
                shrink += it->shrink;
            }
        }
    }
    double indent = first ? st->indent_first : st->indent_rest;
    double target = st->width - indent;
    double r = 0;
    if (st->align == VB_JUSTIFY && !last && nat < target && stretch > 0)
        r = (target - nat) / stretch;
    else if (nat > target && shrink > 0)
        r = fmax(-1.0, (target - nat) / shrink);
    double used = nat + (r > 0 ? r * stretch : r * shrink);
    double x = indent;
    if (st->align == VB_CENTER)
        x = indent + (target - used) / 2;
    else if (st->align == VB_RIGHT)
        x = indent + (target - used);
    line->x0 = x;
    line->last = last;
    /* Emit words; runs of the same style at natural spacing merge into one
     * text op (fewer operators, and copy-paste keeps the spaces). */
    open_op open = { .acc = acc };
    for (size_t i = from; i < to; i++) {
        const vb_lbitem *it = &m->items[i];
        if (it->kind == VB_LB_GLUE) {
            double gw = it->width + (r > 0 ? r * it->stretch : r * it->shrink);
            if (it->stretch >= VB_INF_STRETCH)
                gw = it->width;
            x += gw;
            if (open.it && fabs(gw - it->width) > 1e-6)
                close_op(c, &open);
            continue;
        }
        if (it->kind != VB_LB_BOX)
            continue;
        const frag *f = &wb->frags[m->frag_of[i]];
        for (size_t g = 0; g < f->nseg; g++) {
            const seg *sg = &wb->segs[f->seg0 + g];
            if (sg->len == 0) { /* a blank for the clerk */
                x += sg->w;
                close_op(c, &open);
                continue;
            }
            bool joins_space = g == 0 && f->space > 0 && i > from &&
                               m->items[i - 1].kind == VB_LB_GLUE;
            vb_item *op = open.it;
            if (op && op->face == (sg->style & 3) &&
                (g > 0 || (joins_space && f->space_style == sg->style) ||
                 (!joins_space && f->space == 0))) {
                /* Extend the open op with the space (if any) and this text.
                 * Where the source has exactly that (one plain space, or
                 * nothing, between them), the op just takes the longer
                 * slice of it: no copy. */
                size_t gap = g == 0 && joins_space;
                if (!open.merged && followed_by(op->text, op->len, sg->s, gap)) {
                    op->len = (size_t)(sg->s - op->text) + sg->len;
                    op->w = x + sg->w - op->x;
                    x += sg->w;
                    continue;
                }
                if (!open.merged) {
                    acc->len = 0;
                    vb_buf_put(acc, op->text, op->len);
                    open.merged = true;
                }
                if (g == 0 && joins_space)
                    vb_buf_put(acc, " ", 1);
                vb_buf_put(acc, sg->s, sg->len);
                op->len = acc->len;
                op->w = x + sg->w - op->x;
            } else {
                close_op(c, &open);
                /* sg->w is this text measured at this size in this face:
                 * every segment is measured once, when it is made. */
                open.it = ops_text_w(c, &line->ops, x, 0, sg->style, st->size, sg->s,
                                     sg->len, sg->w);
            }
            x += sg->w;
        }
    }
    close_op(c, &open);
    line->x1 = x;
}

void vb_set_lines(vb_lctx *c, const vb_run *runs, size_t nruns, const vb_pstyle *st,
                  vb_lines *out)
{
    memset(out, 0, sizeof *out);
    /* Words, breaker items and the breaker's own work are scratch: they
     * live in the paragraph arena, so the document's arena keeps only the
     * lines, and the arena's one chunk serves paragraph after paragraph
     * (a fresh arena per paragraph cost a malloc and a free per vector
     * bigger than 4 KiB: 95 of each in a render). */
    vb_arena *sa = c->para;
    /* Room for every word up front, so the vectors below never grow: in
     * a run, pieces of text are one byte long at least and one separator
     * apart, so a run of len bytes holds at most (len + 1) / 2 of them
     * (a gap holds one). A bound from the lengths alone: counting the
     * separators cost a pass over every byte (~17 K instructions a
     * render) to save scratch memory that is never touched. */
    size_t most = 2;
    for (size_t r = 0; r < nruns; r++)
        most += 1 + (runs[r].style & VB_STYLE_GAP ? 1 : (runs[r].len + 1) / 2);
    wordbuf wb = {0};
    wb.segs = vb_alloc_nozero(sa, most * sizeof *wb.segs);
    wb.frags = vb_alloc_nozero(sa, most * sizeof *wb.frags);
    wb.segcap = wb.fragcap = most;
    split_words(c, sa, runs, nruns, st->size, &wb);
    if (!wb.nfrags) {
        /* No words: no lines, but a valid (empty) array, so that callers
         * may slice it (lines + 0) like any other. */
        out->lines = vb_alloc_array(c->tmp, 1, sizeof *out->lines);
        vb_arena_reset(sa);
        return;
    }
    double measure = st->width - fmax(st->indent_first, st->indent_rest);
    split_long(c, sa, &wb, st->size, measure > 1 ? measure : 1);
    itemmap m = {0};
    size_t most_items = 3 * wb.nfrags + 2;
    m.items = vb_alloc_nozero(sa, most_items * sizeof *m.items);
    m.frag_of = vb_alloc_nozero(sa, most_items * sizeof *m.frag_of);
    build_items(c, &wb, st, &m);
    vb_lbresult res;
    memset(&res, 0, sizeof res);
    break_lines(c, sa, &m, st, &res);
    out->overfull = res.overfull;
    out->lines = vb_alloc_array(c->tmp, res.nlines ? res.nlines : 1, sizeof *out->lines);
    size_t from = 0;
    for (size_t k = 0; k < res.nlines; k++) {
        size_t to = res.breaks[k];
        const vb_lbitem *bi = &m.items[to];
        bool forced = bi->kind == VB_LB_PENALTY && bi->penalty <= -VB_LB_INF;
        vb_line *line = &out->lines[out->n++];
        place_line(c, &wb, &m, from, to, st, k == 0, forced, line, c->merge);
        if (line->x1 - line->x0 > out->max_width)
            out->max_width = line->x1 - line->x0;
        from = to + 1;
    }
    vb_arena_reset(sa);
}

double vb_lines_height(const vb_lines *l, const vb_pstyle *st)
{
    return l->n * st->leading;
}

void vb_lines_place(vb_lctx *c, const vb_lines *l, const vb_pstyle *st, vb_ops *out,
                    double dx, double dy)
{
    double base = vb_baseline_in(c, st->size, st->leading);
    for (size_t k = 0; k < l->n; k++) {
        const vb_ops *src = &l->lines[k].ops;
        double ly = 0 + k * st->leading + base;
        for (size_t i = 0; i < src->n; i++) {
            vb_item *it = vb_ops_add(c, out, src->items[i].kind);
            *it = src->items[i];
            /* The two moves one after the other, rounded as they were
             * when the lines went through a list of their own first. */
            it->x += 0;
            it->y += ly;
            it->x += dx;
            it->y += dy;
        }
    }
}
