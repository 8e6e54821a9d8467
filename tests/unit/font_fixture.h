/* font_fixture.h - the bundled faces loaded once for a cmocka group, for
 * the tests that measure or embed real glyphs (test_font.c, test_pdf.c).
 * Paths are relative to the repository root, where ctest runs them.
 * Include after <cmocka.h>. */
#ifndef VANBAN_TEST_FONT_FIXTURE_H
#define VANBAN_TEST_FONT_FIXTURE_H

#include <stdlib.h>

#include "font.h"

static const char *const PATHS[VB_FACE_COUNT] = {
    "fonts/LiberationSerif-Regular.ttf",
    "fonts/LiberationSerif-Bold.ttf",
    "fonts/LiberationSerif-Italic.ttf",
    "fonts/LiberationSerif-BoldItalic.ttf",
};

/* Group set-up: *state becomes the loaded vb_fontset. */
static int setup(void **state)
{
    vb_fontset *fs = malloc(sizeof *fs);
    char err[256] = "";
    if (!fs || vb_fontset_load(fs, PATHS, err, sizeof err) != 0) {
        print_error("font load failed: %s\n", err);
        free(fs);
        return -1;
    }
    *state = fs;
    return 0;
}

static int teardown(void **state)
{
    vb_fontset_free(*state);
    free(*state);
    return 0;
}

#endif
