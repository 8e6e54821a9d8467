/* load.h - the plan loader: a YAML plan file (the input contract in
 * docs/plan-format) -> vb_plan, with a source position on every value.
 *
 * The loader reports every problem it can find into a vb_diags list (up to
 * the list's limit) instead of stopping at the first one, so that a writer
 * fixes a plan in one round. Each diagnostic carries LINE:COLUMN (1-based,
 * the column counted in characters) and a rule id, e.g. [unknown-key]. */
#ifndef VANBAN_LOAD_H
#define VANBAN_LOAD_H

#include <stddef.h>

#include "diag.h"
#include "plan.h"

typedef struct vb_load_opts {
    size_t max_bytes; /* largest accepted input; 0 => 4 MiB */
    int max_depth;    /* deepest YAML nesting; 0 => 32 (capped at 256) */
} vb_load_opts;

/* Load a plan. Returns NULL when there were errors (all reported in d, each
 * with line:column); warnings do not fail. path "-" reads standard input,
 * which is reported as "<stdin>" and whose relative paths resolve against
 * ".". o may be NULL for the defaults. Free the result with vb_plan_free. */
vb_plan *vb_plan_load_file(const char *path, const vb_load_opts *o, vb_diags *d);

/* The same from memory: name is used for p->file (NULL => "<memory>"), dir
 * for p->dir (NULL => "."). data need not be NUL-terminated. */
vb_plan *vb_plan_load_mem(const char *data, size_t len, const char *name,
                          const char *dir, const vb_load_opts *o, vb_diags *d);

#endif
