/* fonts_builtin.h - the four bundled faces, compiled into the library.
 *
 * fonts_builtin.c takes the bytes of fonts/LiberationSerif-*.ttf into the
 * library's read-only data with the assembler's .incbin when vanban is
 * built (CMake option VANBAN_BUILTIN_FONTS, on by default), so a process
 * opens no font file: loading them from the data directory cost 16 system
 * calls (openat, fstat, mmap and close per face) and a probe for fonts/.
 * The bytes are the files' own, unchanged (test_fontbuiltin compares
 * them), and fonts/ stays the only source of them. A build with the option
 * off links fonts_builtin_none.c instead, and the faces are then read from
 * the data directory's fonts/ as before. */
#ifndef VANBAN_FONTS_BUILTIN_H
#define VANBAN_FONTS_BUILTIN_H

#include <stddef.h>

/* The file of face `face` (VB_FACE_*, dlist.h): its bytes, which last as
 * long as the program, and their count in *len (len may be NULL). NULL
 * when the faces are not built in, or face is out of range. */
const unsigned char *vb_fonts_builtin(int face, size_t *len);

#endif
