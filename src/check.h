/* check.h - rules over a loaded plan that the loader cannot know: glyph
 * coverage of the bundled fonts, files named by the plan, ND30 style. */
#ifndef VANBAN_CHECK_H
#define VANBAN_CHECK_H

#include <stdbool.h>

#include "diag.h"
#include "font.h"
#include "plan.h"

/* Errors: characters no face can draw (named U+XXXX, at their position),
 * image files that are missing or refused, and (with tables) figures that
 * do not add up. Warnings: ND30 style. Rendering leaves tables out: layout
 * resolves them and reports the same diagnostics, once. */
typedef struct vb_check_opts {
    bool no_external_files; /* refuse files named in the plan */
    bool tables;            /* also resolve table figures */
    bool image_given;       /* signer.image / signer.seal come as bytes */
    bool seal_given;
} vb_check_opts;

void vb_check_plan(const vb_plan *p, const vb_fontset *fs, const vb_check_opts *o,
                   vb_diags *d);

#endif
