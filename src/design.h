/* design.h - the page design: layouts/NAME.yaml read into numbers.
 *
 * Layout code takes every size, margin and gap from here, so a user can
 * change the design without touching C, and the tests can read the same
 * file to know where things must be. Lengths are converted to points on
 * load (keys ending in _mm are millimetres in the file). */
#ifndef VANBAN_DESIGN_H
#define VANBAN_DESIGN_H

#include "diag.h"

typedef struct vb_margins {
    double top, bottom, left, right;
} vb_margins;

typedef struct vb_design {
    double page_w, page_h;
    vb_margins portrait, landscape;
    struct {
        double left_frac, leading, parent_size, agency_size, agency_rule_frac,
            rule_width, rule_gap, number_gap, number_size, number_blank,
            motto_size, slogan_size, date_size, date_blank, stamp_gap,
            draft_size, draft_pad;
    } header;
    struct {
        double space_before, type_size, title_size, leading, rule_frac, rule_gap,
            space_after;
    } title;
    struct {
        double size, leading, indent, list_indent, para_space, space_stretch,
            space_shrink, tolerance, line_penalty, orphans, widows, heading_keep;
    } body;
    struct {
        double space_before, recipients_frac, label_size, recipient_size,
            leading, signer_size, sign_space, field_inset, seal, keep_lines;
    } closing;
    struct {
        double size, baseline;
    } page_number;
    struct {
        double label_size, title_size, ref_size, leading, rule_frac, rule_gap,
            space_after;
    } appendix;
    struct {
        double size, leading, pad_x, pad_y, rule_width, unit_size, words_space;
    } table;
    struct {
        double size, leading, rule_width, gap;
    } footer;
    struct {
        double khan_w, thuong_khan_w, hoa_toc_w, height, size, line_width, pad;
    } stamp;
} vb_design;

/* Read a layout file. Every key must be known and every value a number in
 * its allowed range; missing keys are errors too (a layout is complete).
 * Diagnostics go to d with the layout file's positions (d->file should be
 * the layout path). Returns 0 or -1. */
int vb_design_load(vb_design *ds, const char *path, vb_diags *d);
/* vb_design_load of a file already open as fd, which this closes; path
 * names it in messages. */
int vb_design_load_fd(vb_design *ds, int fd, const char *path, vb_diags *d);
int vb_design_load_mem(vb_design *ds, const char *data, size_t len, vb_diags *d);

#endif
