/* fonts_builtin.c - the bytes of fonts/LiberationSerif-*.ttf, compiled in
 * (see fonts_builtin.h).
 *
 * The assembler's .incbin copies each file as it is into a read-only
 * section: no generator, no 1.5 MB C array to compile, and the build
 * (CMakeLists.txt, OBJECT_DEPENDS) redoes it when a font file changes. The
 * files are found under VANBAN_FONTS_DIR, given by the build. Next to them
 * goes a table of each face's offset from the first and its length, so C
 * needs no arithmetic between unrelated symbols and no relocation.
 *
 * The file is compiled without link-time optimisation: a top-level asm
 * statement and the C code that uses its labels must stay in one object.
 * The labels are hidden, so the shared library reaches them without the
 * GOT and exports nothing new. ELF targets only (section syntax). */
#include "fonts_builtin.h"

#include <stdbool.h>
#include <stdint.h>

#include "dlist.h" /* VB_FACE_* */

#ifndef VANBAN_FONTS_DIR
#error "VANBAN_FONTS_DIR (the directory of the .ttf files) must be defined"
#endif
#ifndef __ELF__
#error "the faces are included with ELF sections: build with -DVANBAN_BUILTIN_FONTS=OFF"
#endif

/* One face: its label, the bytes of fonts/FILE, and an end label. The
 * alignment is for neatness only: font.c and pdf.c read the tables byte
 * by byte. */
#define VB_FACE_ASM(n, file)                                                \
    "    .balign 16\n"                                                      \
    "vb_face_" #n ":\n"                                                     \
    "    .incbin \"" VANBAN_FONTS_DIR "/" file "\"\n"                       \
    "vb_face_" #n "_end:\n"

/* In VB_FACE_* order: Regular, Bold, Italic, BoldItalic (dlist.h). */
__asm__("    .section .rodata.vanban_faces,\"a\",%progbits\n"
        "    .balign 64\n"
        "    .globl vb_faces_base\n"
        "    .hidden vb_faces_base\n"
        "vb_faces_base:\n"
        VB_FACE_ASM(0, "LiberationSerif-Regular.ttf")
        VB_FACE_ASM(1, "LiberationSerif-Bold.ttf")
        VB_FACE_ASM(2, "LiberationSerif-Italic.ttf")
        VB_FACE_ASM(3, "LiberationSerif-BoldItalic.ttf")
        "    .balign 4\n"
        "    .globl vb_faces_span\n"
        "    .hidden vb_faces_span\n"
        "vb_faces_span:\n"
        "    .long vb_face_0 - vb_faces_base, vb_face_0_end - vb_face_0\n"
        "    .long vb_face_1 - vb_faces_base, vb_face_1_end - vb_face_1\n"
        "    .long vb_face_2 - vb_faces_base, vb_face_2_end - vb_face_2\n"
        "    .long vb_face_3 - vb_faces_base, vb_face_3_end - vb_face_3\n"
        "    .previous\n");

#define HIDDEN __attribute__((visibility("hidden")))
extern HIDDEN const unsigned char vb_faces_base[];
/* Offset from vb_faces_base and length of each face, in VB_FACE_* order. */
extern HIDDEN const uint32_t vb_faces_span[VB_FACE_COUNT][2];

const unsigned char *vb_fonts_builtin(int face, size_t *len)
{
    bool ok = face >= 0 && face < VB_FACE_COUNT;
    if (len)
        *len = ok ? vb_faces_span[face][1] : 0;
    return ok ? vb_faces_base + vb_faces_span[face][0] : NULL;
}
