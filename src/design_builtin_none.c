/* design_builtin_none.c - no builtin layout: every layout is parsed.
 *
 * Linked into tools/gendesign (which makes the builtin, so cannot use one)
 * and, in cross builds, into the library, where the generator cannot run.
 * Native library builds link the generated file instead (CMakeLists.txt). */
#include "design_builtin.h"

const vb_design_builtin vb_design_nd30 = {NULL, 0, NULL};
