/* pdf.h - the PDF backend: a display list in, PDF bytes out.
 *
 * pdf.c is the only code that talks to libharu. It embeds its own fonts
 * (Type0 / CIDFontType2 with a true TrueType subset, a compact /W and a bfchar /
 * bfrange ToUnicode map) instead of libharu's TrueType path, and adds what
 * libharu lacks: signature fields, /Lang and a deterministic trailer /ID.
 * Output is byte-identical for the same display list and fonts: no clock,
 * no randomness. */
#ifndef VANBAN_PDF_H
#define VANBAN_PDF_H

#include <stddef.h>

#include "dlist.h"
#include "font.h"
#include "util.h"

typedef struct vb_pdf_opts {
    int compress; /* 1 = deflate streams (default) */
} vb_pdf_opts;

/* Draw the display list into a PDF held in memory: on success out (an
 * initialised buffer) holds exactly the file, replacing what it held.
 * opts may be NULL for the defaults. Returns 0, or -1 with a message in
 * err (errlen bytes). Never writes files; images given by path are read.
 * Text in a face's missing code points (vb_font_has false) is skipped, as
 * layout measured it: width 0. */
int vb_pdf_write(const vb_dlist *d, const vb_fontset *fs,
                 const vb_pdf_opts *opts, vb_buf *out, char *err,
                 size_t errlen);

#endif
