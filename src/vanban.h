/* vanban.h - the vanban library: Vietnamese administrative plans (YAML)
 * to Decree 30/2020 PDFs.
 *
 * A vb_ctx holds what is loaded once per process (fonts and their width
 * tables, the default page design) and is shared read-only by every
 * render, so a CLI, a batch run and a server all pay for it once. It is not
 * thread-safe to create or free concurrently with renders; renders on one
 * context from one thread at a time. */
#ifndef VANBAN_H
#define VANBAN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "plan.h"
#include "util.h"

#ifndef VANBAN_VERSION
#define VANBAN_VERSION "0.1.0"
#endif

typedef struct vb_ctx vb_ctx;

/* datadir holds fonts/ and layouts/; NULL finds it (VANBAN_DATADIR, next to
 * the executable, the install prefix, the source tree). NULL on failure,
 * with a message in err. */
vb_ctx *vb_ctx_new(const char *datadir, char *err, size_t errlen);
void vb_ctx_free(vb_ctx *ctx);
const char *vb_ctx_datadir(const vb_ctx *ctx);

typedef struct vb_render_opts {
    bool no_external_files; /* refuse layout/image paths (plans from web forms) */
    bool strict;            /* warnings count as errors */
    bool uncompressed;      /* write streams uncompressed (debugging) */
    /* The plan's source bytes to embed in the PDF as an associated file
     * (--embed-source); NULL for none. */
    const void *source;
    size_t source_len;
    const char *source_name;
} vb_render_opts;

/* Check a loaded plan against everything rendering needs (glyph coverage,
 * table figures, layout, files). Returns 0 when rendering may go on. */
int vb_check(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *o, vb_diags *d);

/* Render a loaded plan into PDF bytes appended to out. Runs vb_check
 * first; on any error nothing is appended and -1 is returned. */
int vb_render(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *o, vb_buf *out,
              vb_diags *d);

#endif
