/* icc_builtin.h - the sRGB ICC profile, made at build time.
 *
 * tools/genicc.c runs pdfa.c's vb_icc_srgb() and deflates the result with
 * libdeflate, and writes both as bytes into a C file of the build tree.
 * pdf.c then embeds those bytes: no pow() and no deflate per process, and
 * no heap for either. vb_icc_srgb() stays the only source of the numbers
 * (test_pdf checks the two agree). Cross builds, where the generator
 * cannot run, link icc_builtin_none.c and make the profile at run time. */
#ifndef VANBAN_ICC_BUILTIN_H
#define VANBAN_ICC_BUILTIN_H

#include <stddef.h>

typedef struct vb_icc_builtin {
    const unsigned char *raw; /* vb_icc_srgb()'s bytes; NULL: no builtin */
    size_t raw_len;
    const unsigned char *z; /* raw as a zlib stream, z_len 0: not smaller */
    size_t z_len;
    int level; /* the libdeflate level z was made with */
} vb_icc_builtin;

extern const vb_icc_builtin vb_icc_srgb_builtin;

#endif
