/* read_file.h - a whole file read into memory, for the tests that hold
 * what the program makes of a file against the file's own bytes
 * (test_design.c, test_schema.c, test_load.c). Plain stdio, so that the
 * test's reading does not depend on the program's own (vb_read_fd). */
#ifndef VANBAN_TEST_READ_FILE_H
#define VANBAN_TEST_READ_FILE_H

#include <stdio.h>
#include <stdlib.h>

/* The bytes of the file at path with a NUL after them, and their number
 * in *len unless len is NULL; NULL when the file cannot be opened or
 * read. The caller frees it. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    if (!m) {
        fclose(f);
        return NULL;
    }
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, got, m);
    int bad = ferror(f);
    fclose(f);
    if (fclose(m) != 0 || bad) {
        free(buf);
        return NULL;
    }
    if (len)
        *len = n;
    return buf;
}

#endif
