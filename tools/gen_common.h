/* gen_common.h - what the build-time generators (gendesign.c, genicc.c)
 * share: bytes as a C array, and writing the generated file so that a
 * failed run leaves nothing the next build could take as up to date.
 * Static functions: each generator is a program of its own. */
#ifndef VANBAN_GEN_COMMON_H
#define VANBAN_GEN_COMMON_H

#include <errno.h>
#include <stdio.h>

/* "static const unsigned char NAME[n] = {...};" (one byte of room when n is
 * 0, so that the array stays valid C; callers write the length n, not
 * sizeof NAME). */
static void gen_bytes(FILE *out, const char *name, const void *p, size_t n)
{
    const unsigned char *b = p;
    fprintf(out, "static const unsigned char %s[%zu] = {", name, n ? n : 1);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s0x%02x,", i % 16 ? " " : "\n    ", b[i]);
    fprintf(out, "\n};\n\n");
}

/* body(out, arg) written to DST.tmp, renamed to dst when every write
 * succeeded; -1 (errno set) otherwise, with no file left behind. */
static int gen_write(const char *dst, void (*body)(FILE *out, const void *arg),
                     const void *arg)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", dst) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    FILE *out = fopen(tmp, "w");
    if (!out)
        return -1;
    body(out, arg);
    int bad = ferror(out);
    bad |= fclose(out) != 0;
    if (bad || rename(tmp, dst) != 0) {
        remove(tmp);
        return -1;
    }
    return 0;
}

#endif
