/* fuzz_common.h - what the libFuzzer harnesses share: a /dev/null to
 * print diagnostics into (their formatting quotes user text, so it is part
 * of what a hostile plan reaches), and the end of every input. */
#ifndef VANBAN_FUZZ_COMMON_H
#define VANBAN_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "diag.h"

/* /dev/null opened for writing; aborts the run when it cannot be. */
static FILE *open_devnull(const char *harness)
{
    FILE *f = fopen("/dev/null", "w");
    if (!f) {
        fprintf(stderr, "%s: ", harness);
        perror("/dev/null");
        abort();
    }
    return f;
}

/* The diagnostics sorted, printed and freed, as the CLI would. */
static void print_and_free(vb_diags *d, FILE *devnull)
{
    vb_diags_sort(d);
    vb_diags_print(d, devnull);
    vb_diags_free(d);
}

#endif
