/* pdfa.h - the parts of PDF/A that are plain bytes: the XMP packet, an
 * sRGB ICC profile for the OutputIntent, and the text rules that keep the
 * Info dictionary and the XMP equal.
 *
 * Nothing here talks to libharu; pdf.c puts these bytes into streams. Every
 * function is a pure function of its arguments, so the output stays
 * byte-identical from run to run (the reproducibility promise of pdf.h).
 * What the XMP contains is documented for archivists in docs/archival.md. */
#ifndef VANBAN_PDFA_H
#define VANBAN_PDFA_H

#include <stddef.h>

#include "dlist.h"
#include "util.h"

/* The XMP namespace for the plan's own fields. The .invalid top-level
 * domain is reserved (RFC 2606), so nobody else can ever own the name; the
 * URI is an identifier, never fetched. Changing it breaks every archive
 * search built on it: add properties, never rename. */
#define VB_XMP_NS "https://vanban.invalid/ns/1.0/"
#define VB_XMP_PREFIX "vanban"

/* The OutputIntent's condition and the ICC profile's description. */
#define VB_ICC_SRGB_NAME "sRGB IEC61966-2.1"

/* Longest metadata text in code units of UTF-16: PDF/A caps a string at
 * 32767 bytes, and an Info value is written as UTF-16BE with a 2-byte BOM. */
#define VB_PDFA_TEXT_MAX 16000

/* s as it may appear both in the Info dictionary and in the XMP, which
 * PDF/A requires to be equal: invalid UTF-8 becomes U+FFFD, characters XML
 * 1.0 cannot carry (C0/C1 controls, U+FFFE, U+FFFF) become spaces (so that a
 * stray tab or newline reads the same in both), and the text is cut at
 * VB_PDFA_TEXT_MAX UTF-16 units. NULL stays NULL; the result is in a. */
char *vb_pdfa_text(vb_arena *a, const char *s);

/* m with every string field passed through vb_pdfa_text. */
vb_meta vb_pdfa_meta(vb_arena *a, const vb_meta *m);

/* Append s XML-escaped for element content or an attribute value:
 * & < > " ' as entities, and the same replacements as vb_pdfa_text, so the
 * result is well-formed whatever s holds. */
void vb_xml_escape(vb_buf *b, const char *s);

/* "2024-01-05T00:00:00+07:00": a plan's date as an XMP date, midnight in
 * Vietnam, the same instant as the Info dictionary's D:20240105000000+07'00'. */
void vb_xmp_date(char out[32], int year, int month, int day);

/* The whole XMP packet (UTF-8, <?xpacket ...?> to <?xpacket end="w"?>) for
 * m, declaring PDF/A part 2 or 3, conformance B. Properties whose value is
 * NULL are left out; dates only when m->year > 0. Use the strings of
 * vb_pdfa_meta so the packet matches the Info dictionary. */
void vb_xmp_packet(vb_buf *out, const vb_meta *m, int part);

/* An ICC v2 display profile for sRGB (D50 PCS, Bradford-adapted primaries,
 * the IEC 61966-2.1 tone curve sampled at 256 points), built from numbers,
 * so no binary file is shipped. Appends the profile (a few KB) to out. */
void vb_icc_srgb(vb_buf *out);

#endif
