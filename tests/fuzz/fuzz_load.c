/* fuzz_load.c - libFuzzer harness for the plan loader.
 *
 * Every input is a candidate plan file: it goes through vb_plan_load_mem
 * (YAML parse, hygiene checks, model building, diagnostics) and everything
 * is freed again, so ASan/LSan see any overflow, use-after-free or leak in
 * the loader, and UBSan any undefined behaviour. The diagnostics are also
 * sorted and printed (to /dev/null): messages quote user text, so their
 * formatting is part of what a hostile plan can reach.
 *
 * Build and run: docs/fuzzing.md. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "fuzz_common.h"
#include "load.h"
#include "plan.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    devnull = open_devnull("fuzz_load");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vb_diags diags;
    vb_diags_init(&diags, "<fuzz>");
    vb_plan *p = vb_plan_load_mem((const char *)data, size, "<fuzz>", ".", NULL, &diags);
    /* A plan comes back exactly when no error was reported. */
    if ((p != NULL) != (diags.errors == 0)) {
        fprintf(stderr, "fuzz_load: plan %s but %zu error(s) reported\n",
                p ? "returned" : "not returned", diags.errors);
        abort();
    }
    vb_plan_free(p);
    print_and_free(&diags, devnull);
    return 0;
}
