/* layout.h - internals shared by the layout files (para.c, flow.c,
 * table.c, compose.c). Not a public interface.
 *
 * Layout works in "down" coordinates: x from the left edge of the text
 * block, y downwards from the top of the box being built. Only flow.c turns
 * them into page coordinates when it places boxes on pages. */
#ifndef VANBAN_LAYOUT_H
#define VANBAN_LAYOUT_H

#include <stdbool.h>

#include "design.h"
#include "diag.h"
#include "dlist.h"
#include "font.h"
#include "linebreak.h"
#include "plan.h"
#include "text.h"
#include "util.h"

typedef struct vb_lctx {
    vb_arena *a;           /* the document arena: what pages point to */
    vb_arena *tmp;         /* lists of ops, boxes, lines and runs: pages get
                              copies, so they die when composition ends (and
                              the PDF writer reuses their memory) */
    vb_arena *para;        /* one paragraph's words, breaker items and the
                              breaker's work: reset when its lines are set,
                              its memory kept for the next paragraph */
    vb_buf *merge;         /* where the text of words merged into one op is
                              gathered (para.c), reused likewise */
    const vb_design *ds;
    const vb_fontset *fs;
    vb_diags *d;
    vb_dlist *dl;
    bool greedy;           /* first-fit instead of total-fit (bench only) */
} vb_lctx;

/* Ops: vb_items in down coordinates. TEXT: (x, y) is the baseline start.
 * RULE: y is the rule's centre line. RECT/IMAGE: (x, y) is the top-left
 * corner. LINE: from (x, y) to (x + w, y + h). */
typedef struct vb_ops {
    vb_item *items;
    size_t n, cap;
} vb_ops;

vb_item *vb_ops_add(vb_lctx *c, vb_ops *o, vb_itemkind kind);
vb_item *vb_ops_text(vb_lctx *c, vb_ops *o, double x, double y, unsigned style,
                     double size, const char *s, size_t len);
void vb_ops_rule(vb_lctx *c, vb_ops *o, double x, double y, double w, double th);
void vb_ops_rect(vb_lctx *c, vb_ops *o, double x, double y, double w, double h,
                 double lw);
/* Append src moved by (dx, dy). */
void vb_ops_append(vb_lctx *c, vb_ops *dst, const vb_ops *src, double dx, double dy);

/* Font helpers (sizes in pt). */
double vb_text_width(const vb_lctx *c, unsigned style, double size, const char *s,
                     size_t len);
double vb_ascent(const vb_lctx *c, double size);  /* > 0 */
double vb_descent(const vb_lctx *c, double size); /* > 0 */
/* Baseline offset of a line box of the given leading from its top. */
double vb_baseline_in(const vb_lctx *c, double size, double leading);

/* ---- paragraphs (para.c) ---- */

typedef enum { VB_JUSTIFY, VB_LEFT, VB_CENTER, VB_RIGHT } vb_halign;

typedef struct vb_pstyle {
    double size, leading;
    double width;        /* measure of the block the paragraph sits in */
    double indent_first; /* first line starts here (from the block's left) */
    double indent_rest;  /* other lines */
    vb_halign align;
} vb_pstyle;

typedef struct vb_line {
    vb_ops ops;          /* text at y = 0 (baseline) */
    double x0, x1;       /* ink extent along the line (from the block's left) */
    bool last;           /* ends the paragraph or a forced break */
} vb_line;

typedef struct vb_lines {
    vb_line *lines;
    size_t n;
    double max_width;    /* widest line's natural width */
    bool overfull;
} vb_lines;

/* A run with this style bit is a fixed blank left for the clerk (an
 * unissued number, a missing day): no text, len holds its width in 1/100 pt.
 * It joins the words on either side like a letter would. */
#define VB_STYLE_GAP 0x100u

/* Break styled runs into lines. '\n' in the text forces a break. */
void vb_set_lines(vb_lctx *c, const vb_run *runs, size_t nruns, const vb_pstyle *st,
                  vb_lines *out);
/* Runs builder: concatenate text pieces with styles. */
typedef struct vb_runs {
    vb_run *runs;
    size_t n, cap;
} vb_runs;
/* The runs point into s (markup aside): s is plan text or text in the
 * document arena, which live as long as the display list, and NFC, as
 * every string of a loaded plan is. */
void vb_runs_plain(vb_lctx *c, vb_runs *r, const char *s, unsigned style);
void vb_runs_markup(vb_lctx *c, vb_runs *r, const char *s, unsigned base);
void vb_runs_gap(vb_lctx *c, vb_runs *r, double width);

/* The height of stacked lines: n × leading. */
double vb_lines_height(const vb_lines *l, const vb_pstyle *st);
/* Stack lines into out, the first line's box top at dy and the block's
 * left edge at dx: line k's ops move down by k × leading + the baseline,
 * then by (dx, dy). Two moves, rounded one after the other, as when the
 * lines were stacked into a list of their own and that was moved, so that
 * positions do not depend on how a block is put together. */
void vb_lines_place(vb_lctx *c, const vb_lines *l, const vb_pstyle *st, vb_ops *out,
                    double dx, double dy);

/* ---- vertical list and pages (flow.c) ---- */

typedef struct vb_vbox vb_vbox;
struct vb_vbox {
    double height;        /* the box's own height */
    double space_before;  /* discarded at the top of a page */
    bool keep_with_next;  /* no page break between this box and the next */
    bool break_before;    /* a forced page break before this box */
    vb_ops ops;
    long repeat;          /* index of a table header box to repeat when a page
                             starts at this box (-1: none) */
    const char *outline;  /* outline entry to make where this box lands */
    int outline_level;
    struct {              /* signature fields (down coords, box-relative) */
        const char *name;
        double x, y, w, h;
    } fields[2];
};

typedef struct vb_vlist {
    vb_vbox *items;
    size_t n, cap;
} vb_vlist;

vb_vbox *vb_vlist_add(vb_lctx *c, vb_vlist *v, double height, double space_before);
/* Lines as one box each: space_before on the first; widow/orphan keeps.
 * The boxes take the lines' ops over (l's lines are left without any). */
void vb_vlist_lines(vb_lctx *c, vb_vlist *v, vb_lines *l, const vb_pstyle *st,
                    double space_before);

typedef struct vb_pagespec {
    double width, height;
    vb_margins m;
    double first_page_reserve; /* space kept free at the foot of the first page */
    int number_from;           /* first page that shows its number (1-based), 0 = none */
    size_t first_page_extra;   /* items the caller adds to the first page
                                  afterwards (vb_place_ops): room is kept */
} vb_pagespec;

/* Break the vertical list into pages appended to the display list. Returns
 * the index of the first page added. */
size_t vb_flow(vb_lctx *c, const vb_vlist *v, const vb_pagespec *ps);
/* Draw ops on a page with their origin at (left, top), top measured down
 * from the page's top edge. */
void vb_place_ops(vb_lctx *c, size_t page_index, const vb_ops *ops, double left,
                  double top);

/* ---- tables (table.c) ---- */
/* room: the height of a page's text block, so rows taller than a page can
 * be cut. */
void vb_table_layout(vb_lctx *c, vb_vlist *v, const vb_table *t, double width,
                     double room);

#endif
