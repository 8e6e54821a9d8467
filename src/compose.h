/* compose.h - plan + page design -> display list. */
#ifndef VANBAN_COMPOSE_H
#define VANBAN_COMPOSE_H

#include <stdbool.h>

#include "design.h"
#include "diag.h"
#include "dlist.h"
#include "font.h"
#include "plan.h"

typedef struct vb_compose_opts {
    const char *version;     /* for Creator/Producer */
    const char *layout_hash; /* hex digest of the page design, for XMP */
    bool greedy;             /* break justified text first-fit (for comparison
                                in bench/, never in production) */
    const void *signer_image; /* PNG bytes overriding signer.image (or NULL) */
    size_t signer_image_len;
    const void *seal_image;   /* PNG bytes overriding signer.seal (or NULL) */
    size_t seal_image_len;
} vb_compose_opts;

/* Lay the plan out into out (vb_dlist_init'ed with the document arena).
 * Returns 0, or -1 with errors in d (table figures that do not add up). */
int vb_compose(const vb_plan *p, const vb_design *ds, const vb_fontset *fs,
               const vb_compose_opts *o, vb_dlist *out, vb_diags *d);

#endif
