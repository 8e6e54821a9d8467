/* init.h - `vanban init`: a commented starter plan to copy and fill in.
 *
 * The starter is a complete plan in the contract's format (every common
 * key, with Vietnamese placeholder text and a short comment each) that
 * loads without an error or a warning and renders as it is, so that
 *   vanban init > ke-hoach.yaml
 *   vanban init | vanban render - -o x.pdf
 * both work on a fresh install. */
#ifndef VANBAN_INIT_H
#define VANBAN_INIT_H

#include <stddef.h>

/* The starter plan for a kind of document: "ke-hoach" (Kế hoạch, the only
 * kind so far); NULL means the default, "ke-hoach". Returns static
 * NUL-terminated UTF-8 text, or NULL for an unknown kind. */
const char *vb_init_template(const char *type);

/* The kinds vb_init_template() knows, for messages: static, NULL-terminated. */
const char *const *vb_init_types(void);

#endif
