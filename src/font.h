/* font.h - the bundled faces: metrics, coverage and widths.
 *
 * A vb_fontset is loaded once per process and shared by every document (the
 * CLI, batch mode and the library): each face's file bytes (compiled in or
 * mapped, never copied), its metrics, and a code point -> glyph/width table
 * whose 256-code-point pages are built from the face's cmap on first use.
 * Widths follow what viewers use: floor(advance * 1000 / unitsPerEm), in
 * thousandths of an em, so what layout measures is what the PDF shows.
 *
 * Threads: lookups may run in several threads at once on one fontset (a
 * lazily built page is published atomically and never changes); only
 * vb_fontset_load and vb_fontset_free must not overlap with them. */
#ifndef VANBAN_FONT_H
#define VANBAN_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dlist.h" /* VB_FACE_* */

typedef struct vb_font vb_font;

typedef struct vb_fontset {
    vb_font *face[VB_FACE_COUNT];
    void *ft; /* always NULL: font.c reads the font tables itself and
               * needs no font engine (kept for source compatibility) */
} vb_fontset;

/* Load the four faces from paths[VB_FACE_*]. On failure returns -1 and puts
 * a message in err (errlen bytes). */
int vb_fontset_load(vb_fontset *fs, const char *const paths[VB_FACE_COUNT],
                    char *err, size_t errlen);

/* A face's file as bytes in memory, such as the faces compiled into the
 * program (fonts_builtin.h). */
typedef struct vb_face_bytes {
    const unsigned char *data; /* read in place: must outlive the fontset,
                                  which never frees or unmaps them */
    size_t len;
    const char *name;          /* what error messages call the face */
} vb_face_bytes;

/* vb_fontset_load from faces[VB_FACE_*] instead of files: no system call
 * at all. */
int vb_fontset_load_mem(vb_fontset *fs, const vb_face_bytes faces[VB_FACE_COUNT],
                        char *err, size_t errlen);
void vb_fontset_free(vb_fontset *fs);

/* Advance of code point cp in 1/1000 em (floored, as in the PDF /W array);
 * 0 for a code point the face lacks. */
int vb_font_advance(const vb_font *f, uint32_t cp);
bool vb_font_has(const vb_font *f, uint32_t cp);
uint16_t vb_font_glyph(const vb_font *f, uint32_t cp); /* 0 = .notdef */
/* Advance of a glyph id in 1/1000 em (floored). */
int vb_font_glyph_advance(const vb_font *f, uint16_t gid);
/* Width of UTF-8 text at size pt (invalid bytes count as nothing). */
double vb_font_width(const vb_font *f, const char *s, size_t len, double size);
/* The word at the start of s: its width as vb_font_width measures it, and
 * in *wlen its length, up to the first space, tab, CR or LF (or len).
 * Finding the word's end and measuring it is then one walk over it. */
double vb_font_word(const vb_font *f, const char *s, size_t len, double size,
                    size_t *wlen);

typedef struct vb_font_metrics {
    int units_per_em;
    int ascender, descender;          /* 1/1000 em (descender negative) */
    int cap_height;                   /* 1/1000 em */
    int bbox[4];                      /* xmin ymin xmax ymax, 1/1000 em */
    double italic_angle;
    int flags;                        /* PDF FontDescriptor /Flags */
    int stem_v;
    const char *postscript_name;      /* e.g. "LiberationSerif-Bold" */
    uint16_t num_glyphs;
} vb_font_metrics;

const vb_font_metrics *vb_font_get_metrics(const vb_font *f);
/* The font file, for embedding (subsetting happens in the backend). */
const unsigned char *vb_font_data(const vb_font *f, size_t *len);
/* One table of the face's sfnt (tag such as "glyf"), inside the file bytes;
 * NULL (and *len 0) when the face has none or its directory entry points
 * outside the file. */
const unsigned char *vb_font_table(const vb_font *f, const char tag[4],
                                   size_t *len);

#endif
