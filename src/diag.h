/* diag.h - diagnostics: one located message each, in the contract's format
 *   FILE:LINE:COLUMN: error|warning: message [rule]
 * Modules report into a vb_diags list; only the CLI decides where it goes. */
#ifndef VANBAN_DIAG_H
#define VANBAN_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A position in the plan source: 1-based line and column (column counts
 * Unicode characters, as editors do). line 0 means "no position": the
 * diagnostic is printed as FILE:1:1. */
typedef struct vb_pos {
    int line, col;
} vb_pos;

typedef enum { VB_WARNING = 1, VB_ERROR = 2 } vb_severity;

typedef struct vb_diag {
    vb_severity severity;
    vb_pos pos;
    char *rule;    /* short rule id, e.g. "unknown-key" */
    char *message; /* one line, no trailing period required */
    size_t seq;    /* insertion order, to keep sorting stable */
} vb_diag;

typedef struct vb_diags {
    const char *file; /* name printed before the position ("<stdin>") */
    vb_diag *items;
    size_t n, cap;
    size_t errors, warnings;
    size_t limit; /* stop recording after this many (0 = 200) */
    /* The language of the messages: NULL or "en" for English, "vi" for
     * Vietnamese (see i18n.h; the CLI sets it from the environment). Only
     * the message is translated: the position, "error"/"warning" and the
     * rule id stay as they are, for the tools that read them. */
    const char *lang;
} vb_diags;

void vb_diags_init(vb_diags *d, const char *file);
void vb_diags_free(vb_diags *d);
/* Record a message: fmt is English; in another d->lang it is translated
 * before it is formatted, and so is each "%s" value that fmt does not
 * quote when that value is text of vanban's own ("a mapping", a hint). */
void vb_diag_add(vb_diags *d, vb_severity sev, vb_pos pos, const char *rule,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define vb_error(d, pos, rule, ...) vb_diag_add((d), VB_ERROR, (pos), (rule), __VA_ARGS__)
#define vb_warning(d, pos, rule, ...) vb_diag_add((d), VB_WARNING, (pos), (rule), __VA_ARGS__)
/* Order by position (stable), so that output reads top to bottom. */
void vb_diags_sort(vb_diags *d);
void vb_diag_print(const vb_diags *d, const vb_diag *g, FILE *out);
/* The line vb_diag_print prints, without its newline, into buf (cut to
 * size - 1 bytes when longer). */
void vb_diag_format(const vb_diags *d, const vb_diag *g, char *buf, size_t size);
void vb_diags_print(const vb_diags *d, FILE *out);

#endif
