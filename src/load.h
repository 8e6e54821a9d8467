/* load.h - the plan loader: a YAML plan file (the input contract in
 * docs/plan-format) -> vb_plan, with a source position on every value.
 *
 * The loader reports every problem it can find into a vb_diags list (up to
 * the list's limit) instead of stopping at the first one, so that a writer
 * fixes a plan in one round. Each diagnostic carries LINE:COLUMN (1-based,
 * the column counted in characters) and a rule id, e.g. [unknown-key]. */
#ifndef VANBAN_LOAD_H
#define VANBAN_LOAD_H

#include <stdbool.h>
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

/* ------------------------------------------------------------ the schema
 *
 * The loader's own table of the keys it knows, for docs/plan.schema.json
 * and the test that keeps the two in step (tests/unit/test_schema.c). It is
 * read from the very tables the loader validates against, so it cannot
 * disagree with what vb_plan_load_* accepts.
 *
 * mapping names a kind of YAML mapping; it is also the name of the
 * mapping's entry under "definitions" in the JSON Schema ("plan" is the
 * schema's root):
 *   plan, agency, contact (agency.contact), signer, appendix, section,
 *   list, list_item, page_break, table_block ({table: …} in a body),
 *   table, column, row ({cells: …}), group_row ({group: …}), total.
 *
 * type says what the key's value may be:
 *   string            a scalar (text, or a number written plainly); null or
 *                     blank = absent
 *   nonblank-string   a scalar that must not be null or blank
 *   boolean           true or false; null = the default
 *   version           the format version, 1
 *   positive-integer  a whole number > 0 (at most 9 digits); null = a blank
 *   date              YYYY-MM-DD, YYYY-MM or YYYY; null = blank
 *   enum              one of values[]; null = the default
 *   enum-list         a list whose items are each one of values[]
 *   strings           a string or a list of strings
 *   string-list       a list of strings
 *   mapping           a mapping of the kind sub[0]
 *   mapping-list      a list of mappings of the kind sub[0]
 *   blocks            a list of paragraphs (strings) and blocks, the
 *                     mappings in sub[]
 *   items             a list of list items: strings or sub[0] mappings
 *   rows              a list of table rows: lists of cells or sub[] mappings
 *   cells             a list of cells (any scalar; null = an empty cell)
 *   figures           a mapping of column titles to cells
 *   width             a fraction of the table width (0 < x <= 1) or a
 *                     string "NNmm"
 * required: the key must be present in its mapping. */
enum { VB_SCHEMA_MAX_SUBS = 4, VB_SCHEMA_MAX_VALUES = 8 };

typedef struct vb_schema_key {
    const char *mapping;
    const char *key;
    const char *type;
    bool required;
    size_t nsub;
    const char *sub[VB_SCHEMA_MAX_SUBS];   /* mapping kinds the value holds */
    size_t nvalues;
    const char *values[VB_SCHEMA_MAX_VALUES]; /* enum, enum-list: the words */
} vb_schema_key;

/* Copy the known keys into out (at most cap of them; out may be NULL when
 * cap is 0) and return how many there are in all, like snprintf. The order
 * is stable: the plan's keys first, then each mapping in the order it is
 * first reached from the plan. Every string is static. */
size_t vb_load_schema(vb_schema_key *out, size_t cap);

#endif
