/* vanban.h - the vanban library: Vietnamese administrative plans (YAML)
 * to Decree 30/2020/NĐ-CP PDFs.
 *
 *   vb_ctx *ctx = vb_ctx_new(NULL, err, sizeof err);     once per process
 *   vb_diags d; vb_diags_init(&d, "plan.yaml");
 *   vb_plan *p = vb_load_file("plan.yaml", &d);          NULL on errors
 *   if (p) vb_render_file(ctx, p, NULL, "plan.pdf", &d); 0 on success
 *   vb_diags_print(&d, stderr);                          FILE:LINE:COL: …
 *   vb_plan_free(p); vb_diags_free(&d); vb_ctx_free(ctx);
 *
 * A vb_ctx holds what is loaded once per process (the bundled fonts and
 * their width tables, the default page design) and is shared read-only by
 * every render, so a CLI, a batch run and a server pay for it once. Use one
 * context from one thread at a time (or one context per thread).
 * Diagnostics are plain structs (diag.h): severity, line, column, rule id
 * and message, in the order of the source. */
#ifndef VANBAN_H
#define VANBAN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VANBAN_VERSION_STRING "0.1.0"

typedef struct vb_ctx vb_ctx;
typedef struct vb_plan vb_plan; /* a loaded plan (opaque) */

/* The library's version, e.g. "0.1.0". */
const char *vb_version(void);

/* datadir holds layouts/, and fonts/ unless the faces are compiled into
 * the library (the default build); NULL finds it (VANBAN_DATADIR, beside
 * the library or the executable, the install prefix, the source tree).
 * Returns NULL on failure with one diagnostic line in err (no newline):
 * "FILE:LINE:COLUMN: error: message [rule]" for a bad layout file, else
 * "vanban: error: message [rule]" with rule datadir (none found), font (a
 * face that cannot be read) or memory. */
vb_ctx *vb_ctx_new(const char *datadir, char *err, size_t errlen);
void vb_ctx_free(vb_ctx *ctx);
const char *vb_ctx_datadir(const vb_ctx *ctx);

/* Load a plan from a file ("-" = standard input) or from memory. name is
 * what diagnostics call it; dir is where paths in the plan resolve (NULL =
 * "."). Returns NULL when there were errors (all reported in d). */
vb_plan *vb_load_file(const char *path, vb_diags *d);
vb_plan *vb_load_mem(const void *data, size_t len, const char *name, const char *dir,
                     vb_diags *d);
void vb_plan_free(vb_plan *p);

typedef struct vb_render_opts {
    bool no_external_files; /* refuse layout/image paths (plans from web forms) */
    bool strict;            /* warnings count as errors */
    bool uncompressed;      /* write streams uncompressed (debugging) */
    /* The plan's source bytes to embed in the PDF as an associated file
     * (PDF/A-3b); NULL for none. */
    const void *source;
    size_t source_len;
    const char *source_name;
    /* Print images given as PNG bytes instead of the plan's signer.image
     * and signer.seal paths (NULL: use the paths, if any). */
    const void *signer_image;
    size_t signer_image_len;
    const void *seal_image;
    size_t seal_image_len;
} vb_render_opts;

/* Check a loaded plan against everything rendering needs: glyph coverage,
 * table figures, ND30 rules, the layout, files. Returns 0 when rendering
 * may go on (with strict: also no warnings). opts may be NULL. */
int vb_check(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *opts, vb_diags *d);

/* Render into memory: on success *pdf (malloc'ed, free with vb_free) and
 * *len hold the PDF and 0 is returned; on any error -1 and nothing is
 * allocated. Runs vb_check first. */
int vb_render_mem(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *opts,
                  unsigned char **pdf, size_t *len, vb_diags *d);
/* Render to a file ("-" = standard output). The PDF goes to a temporary
 * file beside path and is renamed into place: on any error no file appears
 * and an existing one is left untouched. */
int vb_render_file(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *opts,
                   const char *path, vb_diags *d);
void vb_free(void *p);

/* A commented starter plan ("vanban init") for a kind of document:
 * "ke-hoach" (NULL = the default). Static UTF-8 text, NULL for an unknown
 * kind; vb_init_types() lists the kinds (NULL-terminated). */
const char *vb_init_template(const char *type);
const char *const *vb_init_types(void);

#ifdef __cplusplus
}
#endif

#endif
