/* fonts_builtin_none.c - no faces compiled in: fonts/ of the data
 * directory is read at run time (context.c).
 *
 * Linked instead of fonts_builtin.c when VANBAN_BUILTIN_FONTS is off
 * (CMakeLists.txt), e.g. for a target the assembler trick does not suit. */
#include "fonts_builtin.h"

const unsigned char *vb_fonts_builtin(int face, size_t *len)
{
    (void)face;
    if (len)
        *len = 0;
    return NULL;
}
