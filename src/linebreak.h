/* linebreak.h - paragraph line breaking over boxes, glue and penalties.
 *
 * The model is TeX's (Knuth & Plass, "Breaking paragraphs into lines",
 * 1981): a paragraph is a sequence of boxes (unbreakable widths), glue
 * (breakable, stretchable space) and penalties (optional break points with
 * a cost; width = what appears at the line end when broken there). The
 * breaker knows nothing of fonts or text: layout builds the items. */
#ifndef VANBAN_LINEBREAK_H
#define VANBAN_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

#define VB_LB_INF 10000.0 /* a penalty >= this forbids a break; <= -this forces one */
/* Glue stretch >= this is infinite (TeX's fil): a line holding such glue
 * has badness 0 and ratio 0 whenever it is short. */
#define VB_LB_FIL 1e6

typedef enum { VB_LB_BOX, VB_LB_GLUE, VB_LB_PENALTY } vb_lbkind;

typedef struct vb_lbitem {
    vb_lbkind kind;
    double width, stretch, shrink; /* glue: stretch/shrink; others 0 */
    double penalty;                /* penalty items */
    bool flagged;                  /* penalty: a hyphen-like break */
} vb_lbitem;

typedef struct vb_lbparams {
    double tolerance;         /* largest acceptable badness-ratio, e.g. 2.0 (TeX's r) */
    double line_penalty;      /* TeX \linepenalty, e.g. 10 */
    double flagged_demerits;  /* \doublehyphendemerits-like, e.g. 3000 */
    double fitness_demerits;  /* \adjdemerits, e.g. 3000 */
} vb_lbparams;

typedef struct vb_lbresult {
    size_t *breaks;   /* index of the item where each line ends (the break item);
                         the last line ends at the final forced break */
    double *ratios;   /* adjustment ratio per line (<0 shrink, >0 stretch) */
    size_t nlines;
    double demerits;  /* total demerits of the chosen breaks */
    bool overfull;    /* no feasible solution: some line is overfull */
} vb_lbresult;

/* widths[k] is the width of line k; lines past nwidths use widths[nwidths-1].
 * The items must end with glue(0, stretch >= VB_LB_FIL) + penalty(-INF)
 * (the caller appends the paragraph end; only the forced penalty is
 * checked). A hard line break inside a paragraph is the same pair.
 * Legal breaks are TeX's: glue right after a box (except glue right before
 * a forced penalty, which would only leave an empty line), and penalties
 * < INF; glue and optional penalties after a break are discarded up to the
 * next box or forced penalty. An empty paragraph (just the end pair) gives one empty
 * line, so nlines >= 1 and breaks[nlines-1] == n-1 always.
 * ratios[k] is what to set line k's glue at: each glue grows by
 * ratio*stretch (ratio > 0; 0 on lines with infinite glue or nothing to
 * stretch) or by ratio*shrink (ratio < 0, never below -1: an overfull line
 * is fully shrunk and sticks out).
 * Results and scratch are allocated in a (scratch stays there until a is
 * freed or reset: layout passes an arena it empties after each paragraph;
 * running out of memory aborts, as every arena allocation does). Returns 0,
 * or -1 on bad input (NULLs, n == 0, no final forced penalty, NaN or
 * infinite widths, negative stretch/shrink or line widths, negative
 * tolerance). Total-fit; when nothing is feasible at p->tolerance it
 * retries at doubled tolerances (up to ratio 16), then accepts any line
 * that is not overfull, then the least overfull line where nothing else is
 * left (setting overfull); it never loops. */
int vb_linebreak(vb_arena *a, const vb_lbitem *items, size_t n,
                 const double *widths, size_t nwidths, const vb_lbparams *p,
                 vb_lbresult *out);
/* First-fit greedy breaking (Word's way): ragged text, and total fit's
 * comparison in tests and bench. */
int vb_linebreak_greedy(vb_arena *a, const vb_lbitem *items, size_t n,
                        const double *widths, size_t nwidths,
                        const vb_lbparams *p, vb_lbresult *out);
/* Balanced greedy breaking, for centred text: first fit at the narrowest
 * measure that still needs the same number of lines as first fit at full
 * measure, none of them overfull, so that a title never ends with one
 * lonely word. The measure is widths scaled by a factor found by 12 steps
 * of bisection in (0, 1]; out holds first fit at that scale (its ratios and
 * demerits measured against the scaled widths). A paragraph that fits on
 * one line is what vb_linebreak_greedy gives. */
int vb_linebreak_balanced(vb_arena *a, const vb_lbitem *items, size_t n,
                          const double *widths, size_t nwidths,
                          const vb_lbparams *p, vb_lbresult *out);
/* Demerits of a given set of breaks, by the same measure vb_linebreak
 * minimises (so greedy and total-fit can be compared): per line
 * (line_penalty + badness)^2 +/- penalty^2 + flagged and fitness demerits,
 * badness = 100|r|^3 even beyond the tolerance (capped at 1e8, r = 100, so
 * a short line with no stretch stays finite), an overfull line costing 1e10
 * in place of the first term; vb_lbresult.demerits is this measure of the
 * breaks returned. INFINITY for bad input or breaks that are not increasing
 * legal breaks ending at n-1 and including every forced break. */
double vb_lb_demerits(const vb_lbitem *items, size_t n, const double *widths,
                      size_t nwidths, const vb_lbparams *p,
                      const size_t *breaks, size_t nlines);

#endif
