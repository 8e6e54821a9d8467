/* design_builtin.h - the default layout, parsed at build time.
 *
 * tools/gendesign.c runs design.c's own parser over layouts/nd30.yaml and
 * writes a C file holding the file's bytes and the numbers they gave. At
 * run time vb_design_load_mem() takes those numbers when its input is the
 * very same bytes, and parses anything else: the file stays the only
 * source of the numbers, only the libyaml work is skipped. The generator
 * itself, and cross builds, link design_builtin_none.c (no builtin). */
#ifndef VANBAN_DESIGN_BUILTIN_H
#define VANBAN_DESIGN_BUILTIN_H

#include <stddef.h>

#include "design.h"
#include "diag.h"

typedef struct vb_design_builtin {
    const unsigned char *text; /* the layout file's bytes; NULL: no builtin */
    size_t len;
    const double *values; /* the vb_design they parse to, field by field */
} vb_design_builtin;

/* values is copied over a vb_design, so it must be doubles only; the
 * generated file also pins the count it was made for. */
_Static_assert(sizeof(vb_design) % sizeof(double) == 0, "vb_design holds only doubles");

extern const vb_design_builtin vb_design_nd30;

/* vb_design_load_mem() without the builtin: always parses. For the
 * generator and for the tests that compare the two. */
int vb_design_parse_mem(vb_design *ds, const char *data, size_t len, vb_diags *d);

#endif
