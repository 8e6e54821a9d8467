/* icc_builtin_none.c - no builtin ICC profile: pdf.c makes it at run time.
 *
 * Linked into the library by cross builds, where tools/genicc cannot run;
 * native builds link the generated file instead (CMakeLists.txt). */
#include "icc_builtin.h"

const vb_icc_builtin vb_icc_srgb_builtin = { NULL, 0, NULL, 0, 0 };
