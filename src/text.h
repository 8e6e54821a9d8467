/* text.h - UTF-8, NFC normalisation and inline markup.
 *
 * Inline markup is the contract's: **bold**, *italic*, ***bold italic***
 * with CommonMark's flanking rules (a '*' followed by white space is a
 * literal asterisk); a backslash escapes '*' and '\'. */
#ifndef VANBAN_TEXT_H
#define VANBAN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Decode one code point at s[*i]; advances *i. Returns the code point, or
 * -1 for an invalid sequence (then *i advances by one byte). Overlong forms,
 * surrogates and values above U+10FFFF are invalid. */
int32_t vb_utf8_next(const char *s, size_t len, size_t *i);
/* Encode cp into out (4 bytes at most); returns the number of bytes. */
size_t vb_utf8_encode(uint32_t cp, char out[4]);
/* true when s is valid UTF-8; else *bad gets the offset of the first bad byte. */
bool vb_utf8_valid(const char *s, size_t len, size_t *bad);
/* Number of code points (for columns in diagnostics). */
size_t vb_utf8_count(const char *s, size_t len);

/* NFC normalisation of valid UTF-8 (utf8proc); result in the arena. */
char *vb_nfc(vb_arena *a, const char *s, size_t len, size_t *outlen);

/* Upper-case a UTF-8 string (Vietnamese letters included), in the arena. */
char *vb_upper(vb_arena *a, const char *s);

/* "KẾ HOẠCH" -> "Kế hoạch": the first letter upper case, the rest lower
 * (for "(Kèm theo Kế hoạch …)"), in the arena. */
char *vb_sentence_case(vb_arena *a, const char *s);
/* Whether a code point is a lower-case letter; whether s has one. */
bool vb_is_lower(int32_t cp);
bool vb_has_lower(const char *s);

/* A styled run: text in one style. style is a VB_FACE_* bit set. */
typedef struct vb_run {
    const char *s; /* UTF-8 in the arena, markup removed, NFC */
    size_t len;
    unsigned style;
} vb_run;

/* Split src into runs. base is or-ed into every run's style (a bold heading
 * stays bold; **x** inside it stays bold). Returns the number of runs. */
size_t vb_inline(vb_arena *a, const char *src, size_t len, unsigned base,
                 vb_run **runs);

/* src with the markup removed (for metadata, outlines, checks). */
char *vb_inline_plain(vb_arena *a, const char *src);

#endif
