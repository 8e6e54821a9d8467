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
 * The items must end with glue(0, inf stretch) + penalty(-INF) (the caller
 * appends the paragraph end). Results are allocated in a. Returns 0, or -1
 * on bad input. Total-fit; falls back to the best overfull solution when no
 * feasible one exists (never loops). */
int vb_linebreak(vb_arena *a, const vb_lbitem *items, size_t n,
                 const double *widths, size_t nwidths, const vb_lbparams *p,
                 vb_lbresult *out);
/* First-fit greedy breaking (Word's way), for comparison in tests and bench. */
int vb_linebreak_greedy(vb_arena *a, const vb_lbitem *items, size_t n,
                        const double *widths, size_t nwidths,
                        const vb_lbparams *p, vb_lbresult *out);
/* Demerits of a given set of breaks, by the same measure vb_linebreak
 * minimises (so greedy and total-fit can be compared). */
double vb_lb_demerits(const vb_lbitem *items, size_t n, const double *widths,
                      size_t nwidths, const vb_lbparams *p,
                      const size_t *breaks, size_t nlines);

#endif
