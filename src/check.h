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
void vb_check_plan(const vb_plan *p, const vb_fontset *fs, bool no_external_files,
                   bool tables, vb_diags *d);

#endif
