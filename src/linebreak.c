/* linebreak.c - Knuth–Plass total-fit line breaking, a first-fit breaker
 * for comparison, and the demerits measure both are judged by.
 *
 * Vocabulary follows Knuth & Plass (1981) and TeX: the adjustment ratio r
 * of a line, its badness 100|r|^3, its fitness class, the demerits of a
 * break, active nodes (breaks that may still start a line) and passive
 * nodes (breaks kept only so that the chosen path can be walked back).
 *
 * Demerits of one line ending at break item b (shared by every function in
 * this file so that greedy and total-fit are measured by the same rule):
 *   (line_penalty + badness)^2
 *   + penalty^2 if b is a penalty >= 0, - penalty^2 if -INF < penalty < 0
 *   + flagged_demerits if b and the previous break are both flagged
 *   + fitness_demerits if the fitness classes of this and the previous
 *     line differ by more than one (the paragraph start counts as decent).
 * An overfull line (r < -1) replaces the first term with
 * LB_OVERFULL_DEMERITS and is in the tight class. */
#include "linebreak.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Slack in points: prefix-sum rounding must not turn a line that fits
 * exactly into an overfull or underfull one. */
#define LB_EPS 1e-9
/* Badness is 100|r|^3 without TeX's cap at 10000, so that very loose
 * greedy lines count fully; this ceiling (r = 100) only keeps demerits
 * finite for lines that cannot stretch at all (r = +inf). */
#define LB_BAD_MAX 1e8
/* What an overfull line costs in place of (line_penalty + badness)^2. */
#define LB_OVERFULL_DEMERITS 1e10
/* Retries double the tolerance up to this ratio (badness 409600) before
 * the final pass accepts any line. */
#define LB_RETRY_TOL_MAX 16.0
#define LB_NONE SIZE_MAX

/* TeX's fitness classes, ordered so that "adjacent lines differ by more
 * than one class" is a plain integer distance. */
enum { FIT_TIGHT, FIT_DECENT, FIT_LOOSE, FIT_VERY_LOOSE };

/* ---- items --------------------------------------------------------- */

static bool is_forced(const vb_lbitem *it)
{
    return it->kind == VB_LB_PENALTY && it->penalty <= -VB_LB_INF;
}

static bool is_flagged(const vb_lbitem *it)
{
    return it->kind == VB_LB_PENALTY && it->flagged;
}

/* TeX's legal breakpoints: glue right after a box (so a run of spaces
 * breaks once) and any penalty that does not forbid the break. One
 * exception: glue right before a forced break is not one, since breaking
 * there only leaves an empty line; this is what lets the paragraph end be
 * glue(fil) + penalty(-INF) without TeX's protecting \penalty10000.
 * Callers guarantee the last item is a forced penalty, so i + 1 exists
 * for any glue. */
static bool is_legal_break(const vb_lbitem *items, size_t i)
{
    const vb_lbitem *it = &items[i];
    if (it->kind == VB_LB_GLUE)
        return i > 0 && items[i - 1].kind == VB_LB_BOX &&
               !is_forced(&items[i + 1]);
    return it->kind == VB_LB_PENALTY && it->penalty < VB_LB_INF;
}

/* What survives at the start of a line: glue and optional penalties after
 * a break are discarded up to the next box or forced penalty. */
static bool starts_line(const vb_lbitem *it)
{
    return it->kind == VB_LB_BOX || is_forced(it);
}

static bool valid_item(const vb_lbitem *it)
{
    if (!isfinite(it->width))
        return false;
    switch (it->kind) {
    case VB_LB_BOX:
        return true;
    case VB_LB_GLUE:
        return it->stretch >= 0 && it->shrink >= 0 && isfinite(it->shrink);
    case VB_LB_PENALTY:
        return !isnan(it->penalty);
    }
    return false;
}

/* Everything valid_input checks but the items themselves, which the
 * breakers check as they sum them (ctx_init). */
static bool valid_frame(const vb_lbitem *items, size_t n, const double *widths,
                        size_t nwidths, const vb_lbparams *p)
{
    if (!items || n == 0 || !widths || nwidths == 0 || !p)
        return false;
    if (!is_forced(&items[n - 1]))
        return false;
    if (!(p->tolerance >= 0) || !isfinite(p->line_penalty) ||
        !isfinite(p->flagged_demerits) || !isfinite(p->fitness_demerits))
        return false;
    for (size_t k = 0; k < nwidths; k++)
        if (!isfinite(widths[k]) || widths[k] < 0)
            return false;
    return true;
}

static bool valid_input(const vb_lbitem *items, size_t n, const double *widths,
                        size_t nwidths, const vb_lbparams *p)
{
    if (!valid_frame(items, n, widths, nwidths, p))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!valid_item(&items[i]))
            return false;
    return true;
}

static double line_width(const double *widths, size_t nwidths, size_t line)
{
    return widths[line < nwidths ? line : nwidths - 1];
}

/* ---- measuring a line ---------------------------------------------- */

/* Natural width, finite stretch and shrink, and the number of infinite
 * ("fil") glues of a stretch of items. Infinite stretch is counted apart
 * rather than summed so that a huge value cannot swamp the finite sums. */
typedef struct lb_sum {
    double width, stretch, shrink, fil;
} lb_sum;

static void sum_add(lb_sum *s, const vb_lbitem *it)
{
    if (it->kind == VB_LB_PENALTY)
        return; /* a penalty's width appears only when broken at */
    s->width += it->width;
    if (it->kind != VB_LB_GLUE)
        return;
    if (it->stretch >= VB_LB_FIL)
        s->fil += 1;
    else
        s->stretch += it->stretch;
    s->shrink += it->shrink;
}

/* The line from item `from` up to the break item `brk`: the running sums
 * at both ends, plus the break's own width when it is a penalty (a hyphen).
 * Every caller measures as a difference of running sums built the same
 * way, so all of them see bit-identical numbers for the same line. */
static inline lb_sum sum_line(lb_sum at_from, lb_sum at_brk, const vb_lbitem *brk)
{
    lb_sum s = {
        .width = at_brk.width - at_from.width,
        .stretch = at_brk.stretch - at_from.stretch,
        .shrink = at_brk.shrink - at_from.shrink,
        .fil = at_brk.fil - at_from.fil,
    };
    if (brk->kind == VB_LB_PENALTY)
        s.width += brk->width;
    return s;
}

typedef struct lb_fit {
    double r;      /* adjustment ratio; +inf: short with nothing to stretch */
    bool overfull; /* does not fit even fully shrunk (r < -1) */
    double excess; /* overfull: how far it sticks out, fully shrunk */
} lb_fit;

static inline lb_fit fit_line(lb_sum s, double target)
{
    lb_fit f = { 0, false, 0 };
    double shortfall = target - s.width;
    if (shortfall > LB_EPS) {
        if (s.fil > 0.5)
            f.r = 0; /* infinite glue takes it all: the last line */
        else if (s.stretch > 0)
            f.r = shortfall / s.stretch;
        else
            f.r = INFINITY;
    } else if (shortfall < -LB_EPS) {
        f.r = s.shrink > 0 ? shortfall / s.shrink : -INFINITY;
        f.excess = -shortfall - s.shrink;
        f.overfull = f.excess > LB_EPS;
    }
    return f;
}

/* The ratio layout should set the glue at: r, except that glue cannot
 * shrink past -1 (an overfull line sticks out) and a line with nothing to
 * stretch is set at its natural width. */
static double reported_ratio(lb_fit f)
{
    if (f.r < -1)
        return -1;
    return isinf(f.r) ? 0 : f.r;
}

static double badness(double r)
{
    double b = 100 * fabs(r) * fabs(r) * fabs(r);
    return isinf(r) || b > LB_BAD_MAX ? LB_BAD_MAX : b;
}

static int fitness_class(double r)
{
    if (r < -0.5)
        return FIT_TIGHT;
    if (r <= 0.5)
        return FIT_DECENT;
    if (r <= 1)
        return FIT_LOOSE;
    return FIT_VERY_LOOSE;
}

/* The break's share of the demerits (everything but the badness term):
 * its penalty, consecutive flagged breaks, and a jump of fitness class. */
static double break_demerits(const vb_lbparams *p, const vb_lbitem *brk,
                             bool prev_flagged, int prev_fit, int fit)
{
    double d = 0;
    if (brk->kind == VB_LB_PENALTY && !is_forced(brk)) {
        double pen = brk->penalty;
        d += pen >= 0 ? pen * pen : -pen * pen;
    }
    if (prev_flagged && is_flagged(brk))
        d += p->flagged_demerits;
    if (abs(fit - prev_fit) > 1)
        d += p->fitness_demerits;
    return d;
}

/* Demerits of a line that is not overfull. */
static double line_demerits(const vb_lbparams *p, double r,
                            const vb_lbitem *brk, bool prev_flagged,
                            int prev_fit)
{
    double base = p->line_penalty + badness(r);
    return base * base +
           break_demerits(p, brk, prev_flagged, prev_fit, fitness_class(r));
}

/* Demerits of any line (what vb_lb_demerits sums); *fit gets its class. */
static double any_line_demerits(const vb_lbparams *p, lb_fit f,
                                const vb_lbitem *brk, bool prev_flagged,
                                int prev_fit, int *fit)
{
    if (f.overfull) {
        *fit = FIT_TIGHT;
        return LB_OVERFULL_DEMERITS +
               break_demerits(p, brk, prev_flagged, prev_fit, FIT_TIGHT);
    }
    *fit = fitness_class(f.r);
    return line_demerits(p, f.r, brk, prev_flagged, prev_fit);
}

/* ---- shared context ------------------------------------------------ */

typedef struct lb_ctx {
    const vb_lbitem *items;
    size_t n;
    const double *widths;
    size_t nwidths;
    const vb_lbparams *p;
    lb_sum *sums;  /* sums[i]: running sums over items[0..i) */
    size_t *start; /* start[i]: first box or forced penalty at or after i */
    size_t *spare; /* n more entries, for the greedy breaker's list */
} lb_ctx;

/* The three arrays share one block of the caller's arena (layout passes
 * a paragraph's scratch arena, so a malloc and a free per call were pure
 * overhead: 78 of each in a render). The items are checked in the same
 * pass that sums them: -1 for an invalid item. */
static int ctx_init(lb_ctx *c, vb_arena *a, const vb_lbitem *items, size_t n,
                    const double *widths, size_t nwidths,
                    const vb_lbparams *p)
{
    c->items = items;
    c->n = n;
    c->widths = widths;
    c->nwidths = nwidths;
    c->p = p;
    _Static_assert(sizeof(lb_sum) % sizeof(size_t) == 0,
                   "the index arrays follow the sums unpadded");
    if (n > (SIZE_MAX / 2 - 1) / (sizeof(lb_sum) + 2 * sizeof(size_t)))
        return -1;
    c->sums = vb_alloc_nozero(a, (n + 1) * (sizeof(lb_sum) + sizeof(size_t)) +
                                     n * sizeof(size_t));
    c->start = (size_t *)(c->sums + n + 1);
    c->spare = c->start + n + 1;
    /* The running sum stays in registers; each entry is a store. */
    lb_sum run = { 0, 0, 0, 0 };
    c->sums[0] = run;
    for (size_t i = 0; i < n; i++) {
        if (!valid_item(&items[i]))
            return -1;
        sum_add(&run, &items[i]);
        c->sums[i + 1] = run;
    }
    size_t next = n;
    c->start[n] = n;
    for (size_t i = n; i-- > 0;) {
        if (starts_line(&items[i]))
            next = i;
        c->start[i] = next;
    }
    return 0;
}

/* Inline: the breakers measure every (active node, break) pair. */
static inline lb_fit ctx_fit(const lb_ctx *c, size_t from, size_t brk, size_t line)
{
    lb_sum s = sum_line(c->sums[from], c->sums[brk], &c->items[brk]);
    return fit_line(s, line_width(c->widths, c->nwidths, line));
}

/* Where the line after a break at b begins. */
static size_t after_break(const lb_ctx *c, size_t b)
{
    return c->start[b + 1];
}

/* Fills out from a break list: ratios, the overfull flag and the total
 * demerits, measured line by line exactly as vb_lb_demerits does. breaks
 * may already be out->breaks (allocated in a); otherwise it is copied. */
static void fill_result(vb_arena *a, const lb_ctx *c, size_t *breaks,
                        size_t nlines, vb_lbresult *out)
{
    if (breaks != out->breaks) {
        out->breaks = vb_alloc_array(a, nlines ? nlines : 1, sizeof *out->breaks);
        memcpy(out->breaks, breaks, nlines * sizeof *breaks);
    }
    out->ratios = vb_alloc_array(a, nlines ? nlines : 1, sizeof *out->ratios);
    out->nlines = nlines;
    out->demerits = 0;
    out->overfull = false;
    size_t from = 0;
    bool prev_flagged = false;
    int prev_fit = FIT_DECENT;
    for (size_t k = 0; k < nlines; k++) {
        size_t b = out->breaks[k];
        lb_fit f = ctx_fit(c, from, b, k);
        int fit;
        out->ratios[k] = reported_ratio(f);
        out->overfull |= f.overfull;
        out->demerits += any_line_demerits(c->p, f, &c->items[b],
                                           prev_flagged, prev_fit, &fit);
        prev_flagged = is_flagged(&c->items[b]);
        prev_fit = fit;
        from = after_break(c, b);
    }
}

/* Whether the whole paragraph on one line is provably what total fit
 * would choose, so that the passes can be skipped (most headings, list
 * items and short paragraphs). That line costs line_penalty^2: it is not
 * overfull, and infinite glue sets it at r = 0 (decent, like the start).
 * Any other setting has two or more lines, none cheaper than that
 * (line_penalty > 0, no negative penalty or demerits to subtract), so it
 * costs strictly more. The passes do find the one-line setting: with no
 * negative widths and no penalty that lengthens a line, every line from
 * the start is no longer than the whole paragraph, so the start stays
 * active (never overfull) up to the final forced break, the only forced
 * one; should box_too_wide send the paragraph straight to the final pass,
 * that pass has the same optimum and finds it the same way. */
static bool one_line_is_best(const lb_ctx *c)
{
    const vb_lbparams *p = c->p;
    if (!(p->line_penalty > 0) || p->flagged_demerits < 0 ||
        p->fitness_demerits < 0)
        return false;
    size_t last = c->n - 1;
    lb_sum s = sum_line(c->sums[0], c->sums[last], &c->items[last]);
    /* fit_line's test for "not shorter than the line by more than the
     * slack", the same expression on the same numbers. */
    if (s.fil < 0.5 || line_width(c->widths, c->nwidths, 0) - s.width < -LB_EPS ||
        c->items[last].width < 0)
        return false;
    for (size_t i = 0; i < last; i++) {
        const vb_lbitem *it = &c->items[i];
        if (it->kind == VB_LB_PENALTY ? it->penalty < 0 || it->width > 0
                                      : it->width < 0)
            return false;
    }
    return true;
}

/* ---- total fit: nodes ---------------------------------------------- */

/* A break reached by the best path found so far for its (line class,
 * fitness class). Nodes live in one growable array and refer to each
 * other by index; the active ones are also chained through `next`,
 * sorted by line class. */
typedef struct lb_node {
    size_t pos;   /* the break item; LB_NONE for the paragraph start */
    size_t start; /* first item of the line after this break */
    size_t key;   /* line class: index into widths of the next line */
    size_t prev;  /* node of the previous break */
    size_t next;  /* next active node */
    double dem;   /* demerits of the path, overfull lines not included */
    size_t novf;  /* overfull lines on the path */
    int fit;      /* fitness class of the line ending here */
    /* Derived from pos and key when the node is made, because every
     * later break asks them of every active node again: */
    bool flagged; /* the break is a flagged penalty */
    size_t group; /* next_key(key): the class of nodes at later breaks */
    double width; /* the width of the next line */
} lb_node;

typedef struct lb_pool {
    vb_arena *a;
    lb_node *v;
    size_t len, cap;
} lb_pool;

/* Returns the new node's index. */
static size_t pool_add(lb_pool *pl, lb_node nd)
{
    if (pl->len == pl->cap) {
        if (!pl->cap) {
            /* Room for the passes of a long paragraph at once. */
            pl->cap = 256;
            pl->v = vb_alloc_nozero(pl->a, pl->cap * sizeof *pl->v);
        } else {
            vb_vec_grow(pl->a, (void **)&pl->v, &pl->cap, sizeof *pl->v);
        }
    }
    pl->v[pl->len] = nd;
    return pl->len++;
}

/* Sets the link that follows `prev` (the list head when prev is none). */
static void set_link(lb_pool *pl, size_t *head, size_t prev, size_t to)
{
    if (prev == LB_NONE)
        *head = to;
    else
        pl->v[prev].next = to;
}

/* Line classes differ only while line widths do: past the last entry of
 * widths every line is alike, so those nodes share a class and are merged
 * by fitness class alone. */
static size_t next_key(const lb_ctx *c, size_t key)
{
    return key + 1 < c->nwidths ? key + 1 : c->nwidths - 1;
}

/* A node at break pos (LB_NONE: the paragraph start) whose next line is
 * of class key, with what follows from those two filled in. */
static lb_node new_node(const lb_ctx *c, size_t pos, size_t key)
{
    lb_node nd = {
        .pos = pos, .start = pos == LB_NONE ? 0 : after_break(c, pos),
        .key = key, .prev = LB_NONE, .next = LB_NONE, .fit = FIT_DECENT,
        .flagged = pos != LB_NONE && is_flagged(&c->items[pos]),
        .group = next_key(c, key),
        .width = line_width(c->widths, c->nwidths, key),
    };
    return nd;
}

/* What every line ending at the current break shares. */
typedef struct lb_brk {
    const vb_lbitem *it;
    lb_sum at;   /* the running sums at the break */
    bool forced; /* nothing may cross it */
} lb_brk;

/* The cheapest way found to reach the current break per fitness class. */
typedef struct lb_best {
    double dem[4];
    size_t from[4];
} lb_best;

/* The deactivated node whose line overflows least at the current break,
 * kept so that the final pass can always go on. */
typedef struct lb_rescue {
    size_t node;
    double excess;
} lb_rescue;

typedef struct lb_pass {
    const lb_ctx *c;
    lb_pool *pl;
    size_t head;  /* first active node */
    double tol;   /* largest acceptable r */
    bool final;   /* allow an overfull line when nothing else is left */
} lb_pass;

static void consider_rescue(const lb_pass *ps, lb_rescue *rs, size_t a,
                            lb_fit f)
{
    const lb_node *nd = &ps->pl->v[a];
    if (rs->node == LB_NONE || f.excess < rs->excess ||
        (f.excess == rs->excess && nd->dem < ps->pl->v[rs->node].dem)) {
        rs->node = a;
        rs->excess = f.excess;
    }
}

/* Tries the line from active node a to the break bk: records it in best
 * when feasible, and reports whether a must leave the active list (it has
 * become overfull, or the break is forced and nothing may cross it). */
static bool try_node(lb_pass *ps, size_t a, const lb_brk *bk, lb_best *best,
                     lb_rescue *rs)
{
    const lb_ctx *c = ps->c;
    const lb_node *nd = &ps->pl->v[a];
    /* ctx_fit's measure, from the sums at the break fetched once. */
    lb_fit f = fit_line(sum_line(c->sums[nd->start], bk->at, bk->it), nd->width);
    if (f.overfull) {
        consider_rescue(ps, rs, a, f);
        return true;
    }
    if (f.r <= ps->tol) {
        int fit = fitness_class(f.r);
        double d = nd->dem + line_demerits(c->p, f.r, bk->it, nd->flagged, nd->fit);
        if (d < best->dem[fit]) {
            best->dem[fit] = d;
            best->from[fit] = a;
        }
    }
    return bk->forced;
}

/* Inserts a node at break b for each fitness class that was reached,
 * after `prev` and before `next`. Returns the last node inserted (prev if
 * none). */
static size_t insert_best(lb_pass *ps, size_t b, size_t key,
                          const lb_best *best, size_t prev, size_t next)
{
    for (int fit = FIT_TIGHT; fit <= FIT_VERY_LOOSE; fit++) {
        size_t from = best->from[fit];
        if (from == LB_NONE)
            continue;
        lb_node nd = new_node(ps->c, b, key);
        nd.prev = from;
        nd.next = next;
        nd.dem = best->dem[fit];
        nd.novf = ps->pl->v[from].novf;
        nd.fit = fit;
        size_t idx = pool_add(ps->pl, nd);
        set_link(ps->pl, &ps->head, prev, idx);
        prev = idx;
    }
    return prev;
}

/* Nothing reached b and nothing is left active: TeX's final pass would
 * give up on the paragraph here; we instead end the least overfull line
 * at b, so that every item is placed and the pass goes on. */
static void rescue(lb_pass *ps, size_t b, const lb_rescue *rs)
{
    const lb_ctx *c = ps->c;
    const lb_node from = ps->pl->v[rs->node];
    lb_node nd = new_node(c, b, from.group);
    nd.prev = rs->node;
    nd.dem = from.dem + break_demerits(c->p, &c->items[b], from.flagged, from.fit,
                                       FIT_TIGHT);
    nd.novf = from.novf + 1;
    nd.fit = FIT_TIGHT;
    ps->head = pool_add(ps->pl, nd);
}

/* One legal break b against every active node. The active list is walked
 * in groups that lead to the same line class, and the new nodes of a group
 * go in right after it, which keeps the list sorted by line class and
 * keeps them from being tried against b itself. */
static void try_break(lb_pass *ps, size_t b)
{
    lb_rescue rs = { LB_NONE, 0 };
    const lb_ctx *c = ps->c;
    const lb_brk bk = { &c->items[b], c->sums[b], is_forced(&c->items[b]) };
    size_t prev = LB_NONE, a = ps->head;
    while (a != LB_NONE) {
        size_t key = ps->pl->v[a].group;
        lb_best best;
        for (int k = 0; k < 4; k++) {
            best.dem[k] = INFINITY;
            best.from[k] = LB_NONE;
        }
        while (a != LB_NONE && ps->pl->v[a].group == key) {
            size_t next = ps->pl->v[a].next;
            /* b lies among the items discarded after a's break: no line. */
            if (b < ps->pl->v[a].start)
                prev = a;
            else if (try_node(ps, a, &bk, &best, &rs))
                set_link(ps->pl, &ps->head, prev, next);
            else
                prev = a;
            a = next;
        }
        prev = insert_best(ps, b, key, &best, prev, a);
    }
    if (ps->head == LB_NONE && ps->final && rs.node != LB_NONE)
        rescue(ps, b, &rs);
}

/* The cheapest node left at the end (all of them sit at the last item). */
static size_t best_final(const lb_pass *ps)
{
    size_t best = LB_NONE;
    for (size_t a = ps->head; a != LB_NONE; a = ps->pl->v[a].next) {
        const lb_node *nd = &ps->pl->v[a];
        if (best == LB_NONE || nd->novf < ps->pl->v[best].novf ||
            (nd->novf == ps->pl->v[best].novf && nd->dem < ps->pl->v[best].dem))
            best = a;
    }
    return best;
}

/* One pass of the algorithm at tolerance tol. Returns the node at the end
 * of the best path, LB_NONE when the active list ran dry (no feasible
 * breaks at this tolerance). */
static size_t run_pass(const lb_ctx *c, lb_pool *pl, double tol, bool final)
{
    pl->len = 0;
    lb_pass ps = { c, pl, LB_NONE, tol, final };
    ps.head = pool_add(pl, new_node(c, LB_NONE, 0));
    for (size_t b = 0; b < c->n; b++) {
        if (!is_legal_break(c->items, b))
            continue;
        try_break(&ps, b);
        if (ps.head == LB_NONE)
            return LB_NONE;
    }
    return best_final(&ps);
}

/* A box wider than every line overflows whatever the tolerance, so
 * retrying with looser tolerances would be wasted work. Only sound when
 * no item can make a line narrower, which is checked too. */
static bool box_too_wide(const lb_ctx *c)
{
    double maxw = 0;
    for (size_t k = 0; k < c->nwidths; k++)
        maxw = fmax(maxw, c->widths[k]);
    bool wide = false;
    for (size_t i = 0; i < c->n; i++) {
        const vb_lbitem *it = &c->items[i];
        if (it->width < 0 || (it->kind == VB_LB_GLUE && it->shrink > it->width))
            return false;
        if (it->kind == VB_LB_BOX && it->width > maxw + LB_EPS)
            wide = true;
    }
    return wide;
}

/* Passes at the caller's tolerance, then at doubled tolerances up to
 * LB_RETRY_TOL_MAX, then a final pass that takes any line that is not
 * overfull and, when even that leaves nothing, the least overfull line.
 * The final pass cannot run dry, so this always ends. */
static size_t find_breaks(const lb_ctx *c, lb_pool *pl)
{
    if (!box_too_wide(c)) {
        double tol = c->p->tolerance;
        for (;;) {
            size_t end = run_pass(c, pl, tol, false);
            if (end != LB_NONE)
                return end;
            if (tol >= LB_RETRY_TOL_MAX)
                break;
            tol = fmin(tol < 0.5 ? 1.0 : 2 * tol, LB_RETRY_TOL_MAX);
        }
    }
    return run_pass(c, pl, INFINITY, true);
}

/* ---- public API ---------------------------------------------------- */

static void clear_result(vb_lbresult *out)
{
    if (out)
        memset(out, 0, sizeof *out);
}

/* The breaks on the path that ends at node `end`, in order, into
 * out->breaks (allocated in a). */
static size_t path_breaks(vb_arena *a, const lb_pool *pl, size_t end,
                          vb_lbresult *out)
{
    size_t count = 0;
    for (size_t k = end; pl->v[k].pos != LB_NONE; k = pl->v[k].prev)
        count++;
    out->breaks = vb_alloc_array(a, count ? count : 1, sizeof *out->breaks);
    size_t i = count;
    for (size_t k = end; pl->v[k].pos != LB_NONE; k = pl->v[k].prev)
        out->breaks[--i] = pl->v[k].pos;
    return count;
}

/* What every entry point does first: an empty result, the arguments
 * checked, and the context over them. -1 when any of it fails. */
static int lb_begin(lb_ctx *c, vb_arena *a, const vb_lbitem *items, size_t n,
                    const double *widths, size_t nwidths, const vb_lbparams *p,
                    vb_lbresult *out)
{
    clear_result(out);
    if (!a || !out || !valid_frame(items, n, widths, nwidths, p))
        return -1;
    return ctx_init(c, a, items, n, widths, nwidths, p) < 0 ? -1 : 0;
}

int vb_linebreak(vb_arena *a, const vb_lbitem *items, size_t n,
                 const double *widths, size_t nwidths, const vb_lbparams *p,
                 vb_lbresult *out)
{
    lb_ctx c;
    if (lb_begin(&c, a, items, n, widths, nwidths, p, out) < 0)
        return -1;
    if (one_line_is_best(&c)) {
        out->breaks = vb_alloc_array(a, 1, sizeof *out->breaks);
        out->breaks[0] = n - 1;
        fill_result(a, &c, out->breaks, 1, out);
        return 0;
    }
    lb_pool pl = { a, NULL, 0, 0 };
    size_t end = find_breaks(&c, &pl);
    if (end == LB_NONE)
        return -1;
    size_t nlines = path_breaks(a, &pl, end, out);
    fill_result(a, &c, out->breaks, nlines, out);
    return 0;
}

/* First fit: extend the line break by break while it still fits when
 * fully shrunk; end it at the last break that fit, or, when not even the
 * first one did, at that one (the item goes alone, overfull). Each break
 * is looked at for at most two lines: the one it overflows and the one it
 * then starts in. Returns the number of lines. */
static size_t greedy_breaks(const lb_ctx *c, size_t *breaks)
{
    size_t nlines = 0, from = 0, last = LB_NONE;
    for (size_t b = 0; b < c->n; b++) {
        if (!is_legal_break(c->items, b))
            continue;
        while (b >= from) {
            lb_fit f = ctx_fit(c, from, b, nlines);
            if (!f.overfull) {
                last = b;
                if (!is_forced(&c->items[b]))
                    break;
            }
            size_t end = f.overfull && last != LB_NONE ? last : b;
            breaks[nlines++] = end;
            from = after_break(c, end);
            last = LB_NONE;
            if (end == b)
                break;
        }
    }
    return nlines;
}

int vb_linebreak_greedy(vb_arena *a, const vb_lbitem *items, size_t n,
                        const double *widths, size_t nwidths,
                        const vb_lbparams *p, vb_lbresult *out)
{
    lb_ctx c;
    if (lb_begin(&c, a, items, n, widths, nwidths, p, out) < 0)
        return -1;
    /* The list is already in a: it becomes the result as it is. */
    out->breaks = c.spare;
    fill_result(a, &c, c.spare, greedy_breaks(&c, c.spare), out);
    return 0;
}

/* Whether some line of a break list is overfull, by fill_result's test. */
static bool any_overfull(const lb_ctx *c, const size_t *breaks, size_t nlines)
{
    size_t from = 0;
    for (size_t k = 0; k < nlines; k++) {
        if (ctx_fit(c, from, breaks[k], k).overfull)
            return true;
        from = after_break(c, breaks[k]);
    }
    return false;
}

int vb_linebreak_balanced(vb_arena *a, const vb_lbitem *items, size_t n,
                          const double *widths, size_t nwidths,
                          const vb_lbparams *p, vb_lbresult *out)
{
    /* One context for every trial: only the widths change between them,
     * and the sums, the checks and the result arrays were most of what
     * thirteen calls of vb_linebreak_greedy cost. */
    lb_ctx c;
    if (lb_begin(&c, a, items, n, widths, nwidths, p, out) < 0)
        return -1;
    size_t want = greedy_breaks(&c, c.spare);
    if (want >= 2) {
        double *scaled = vb_alloc_nozero(a, nwidths * sizeof *scaled);
        c.widths = scaled;
        double lo = 0, hi = 1.0;
        for (int iter = 0; iter < 12; iter++) {
            double mid = (lo + hi) / 2;
            for (size_t k = 0; k < nwidths; k++)
                scaled[k] = widths[k] * mid;
            size_t got = greedy_breaks(&c, c.spare);
            if (got == want && !any_overfull(&c, c.spare, got))
                hi = mid;
            else
                lo = mid;
        }
        for (size_t k = 0; k < nwidths; k++)
            scaled[k] = widths[k] * hi;
        want = greedy_breaks(&c, c.spare);
    }
    out->breaks = c.spare;
    fill_result(a, &c, c.spare, want, out);
    return 0;
}

double vb_lb_demerits(const vb_lbitem *items, size_t n, const double *widths,
                      size_t nwidths, const vb_lbparams *p,
                      const size_t *breaks, size_t nlines)
{
    if (!valid_input(items, n, widths, nwidths, p) || nlines == 0 || !breaks)
        return INFINITY;
    /* Running sums advanced item by item, so that a line measures as the
     * same difference the breakers compute from their prefix sums. */
    lb_sum run = { 0, 0, 0, 0 }, at_from = run;
    size_t i = 0, from = 0;
    bool prev_flagged = false;
    int prev_fit = FIT_DECENT;
    double total = 0;
    for (size_t k = 0; k < nlines; k++) {
        size_t b = breaks[k];
        if (b >= n || b < from || !is_legal_break(items, b))
            return INFINITY;
        for (; i < b; i++) {
            if (i >= from && is_forced(&items[i]))
                return INFINITY; /* a forced break was skipped */
            if (i == from)
                at_from = run;
            sum_add(&run, &items[i]);
        }
        if (i == from)
            at_from = run;
        lb_fit f = fit_line(sum_line(at_from, run, &items[b]),
                            line_width(widths, nwidths, k));
        int fit;
        total += any_line_demerits(p, f, &items[b], prev_flagged, prev_fit,
                                   &fit);
        prev_flagged = is_flagged(&items[b]);
        prev_fit = fit;
        for (from = b + 1; from < n && !starts_line(&items[from]); from++)
            ;
    }
    return breaks[nlines - 1] == n - 1 ? total : INFINITY;
}
