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

/* vb_utf8_next for what its inline part leaves (four-byte sequences, the
 * lead bytes E0 and ED, and anything invalid). */
int32_t vb_utf8_next_rest(const char *s, size_t len, size_t *i);

/* Decode one code point at s[*i]; advances *i. Returns the code point, or
 * -1 for an invalid sequence (then *i advances by one byte). Overlong forms,
 * surrogates and values above U+10FFFF are invalid.
 * Inline for the shapes of almost all text, whose lead byte alone shows
 * the value is in range: ASCII, two bytes from C2, three bytes from E1
 * except ED (the surrogates). Every layer walks text with this, and the
 * call was most of the cost of a Vietnamese letter (~1,500 a render). */
static inline int32_t vb_utf8_next(const char *s, size_t len, size_t *i)
{
    size_t at = *i;
    if (at < len) {
        const unsigned char *p = (const unsigned char *)s + at;
        unsigned c = p[0];
        if (c < 0x80) {
            *i = at + 1;
            return (int32_t)c;
        }
        if (c >= 0xC2 && c < 0xE0 && len - at >= 2 && (p[1] & 0xC0) == 0x80) {
            *i = at + 2;
            return (int32_t)((c & 0x1Fu) << 6 | (p[1] & 0x3Fu));
        }
        if (c >= 0xE1 && c < 0xF0 && c != 0xED && len - at >= 3 &&
            (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
            *i = at + 3;
            return (int32_t)((c & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu));
        }
    }
    return vb_utf8_next_rest(s, len, i);
}
/* Encode cp into out (4 bytes at most); returns the number of bytes. */
size_t vb_utf8_encode(uint32_t cp, char out[4]);
/* true when s is valid UTF-8; else *bad gets the offset of the first bad byte. */
bool vb_utf8_valid(const char *s, size_t len, size_t *bad);
/* Number of code points (for columns in diagnostics). */
size_t vb_utf8_count(const char *s, size_t len);

/* NFC normalisation of valid UTF-8 (utf8proc); result in the arena. */
char *vb_nfc(vb_arena *a, const char *s, size_t len, size_t *outlen);
/* Whether cp is NFC whatever surrounds it (vb_nfc's quick check): text
 * made only of such code points is NFC as it is. Almost all Vietnamese
 * text is. */
bool vb_nfc_stable(int32_t cp);

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
/* vb_inline for text that is NFC already: every string of a loaded plan
 * is (the loader normalises each value), and so is text joined from such
 * strings and ASCII. Nothing is normalised again, and text without markup
 * becomes one run over src itself, not a copy: src must outlive the runs.
 * The same runs as vb_inline gives, with ~30 K instructions less in a
 * render (every paragraph's text was checked for NFC a second time). */
size_t vb_inline_nfc(vb_arena *a, const char *src, size_t len, unsigned base,
                     vb_run **runs);

/* src with the markup removed (for metadata, outlines, checks). */
char *vb_inline_plain(vb_arena *a, const char *src);

#endif
