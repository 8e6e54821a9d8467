/* i18n.h - messages in Vietnamese or English (docs/i18n.md).
 *
 * The English text of a message is its key (its msgid, as gettext says):
 * call sites keep writing English, and vb_tr() looks the Vietnamese
 * version up in a small sorted table (src/i18n_vi.c). Nothing here keeps
 * state: the language travels as an argument (vb_diags.lang for the
 * diagnostics), and NULL or "en" means English. */
#ifndef VANBAN_I18N_H
#define VANBAN_I18N_H

#include <stdbool.h>
#include <stddef.h>

/* One catalog entry. A format's Vietnamese has the same conversions, in the
 * same order and of the same types, as its English (tests/unit/test_i18n.c);
 * "%.0s" may stand for a "%s" the Vietnamese does not need (a plural "s"). */
typedef struct vb_i18n_entry {
    const char *en, *vi;
    unsigned flags;
} vb_i18n_entry;

enum {
    /* Plain text, never a printf format (it may hold a lone '%'). */
    VB_I18N_TEXT = 1,
    /* Text that code builds with snprintf and a message then inserts with
     * "%s" (tablecalc.c's "row %zu, '%s'"): vb_tr_fragment() recognises it
     * with its values filled in and translates the words around them. */
    VB_I18N_TEMPLATE = 2,
};

/* The language of the messages, "vi" or "en", from the environment as
 * gettext reads it: LANGUAGE (a colon-separated list, ignored in the C
 * locale), else the first non-empty of LC_ALL, LC_MESSAGES and LANG.
 * "vi", "vi_VN", "vi_VN.UTF-8" and the like give "vi"; anything else, or
 * nothing set, gives "en". */
const char *vb_lang_from_env(void);

/* lang's version of the English format or text msgid: msgid itself in
 * English, or when the catalog has no entry for it. A format's version has
 * msgid's conversions, so it takes msgid's arguments (format_arg lets the
 * compiler check them against msgid). */
const char *vb_tr(const char *lang, const char *msgid) __attribute__((format_arg(2)));

/* A value that a message inserts with "%s", when it is vanban's own text
 * ("a mapping", a hint, a libyaml problem, "row 3, 'Số lượng'") rather
 * than the user's: its translation in a new malloc'd string, or NULL when
 * there is none (or lang is English). vb_diag_add() passes every "%s" its
 * format does not put in quotes through this. */
char *vb_tr_fragment(const char *lang, const char *s);

/* The Vietnamese catalog, sorted by strcmp() of en (for the tests). */
const vb_i18n_entry *vb_i18n_catalog(size_t *n);

/* One printf conversion, as vb_diag_add() and the templates read them. */
typedef struct vb_fmt_spec {
    size_t len; /* bytes from the '%' through the conversion letter */
    char conv;  /* d i o u x X c s p f F e E g G a A, or '%' */
    char size;  /* length modifier: 0, 'H' (hh), 'h', 'l', 'L' (ll), 'z',
                 * 'j', 't' or 'D' (long double's L) */
    int stars;  /* '*' width and precision: ints taken before the value */
    int prec;   /* the precision's digits; -1 for none or '*' */
} vb_fmt_spec;

/* Parse the conversion at p (which points at a '%'); false for one this
 * does not handle (%n, wide characters, a malformed one). */
bool vb_fmt_spec_parse(const char *p, vb_fmt_spec *out);

/* Whether the conversion at pct, inside fmt, is quoted: right after ', ",
 * ‘ or “. A quoted %s is the user's text and is never translated. */
bool vb_fmt_quoted(const char *fmt, const char *pct);

#endif
