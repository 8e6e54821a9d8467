/* fuzz_render.c - libFuzzer harness for the whole pipeline: load, check,
 * layout (compose), display list and PDF writing.
 *
 * One vb_ctx (fonts, the default design) is created at start-up with the
 * source tree as its data directory, as a CLI or server process would, and
 * is shared by every input. Each input is loaded as a plan; a plan that
 * loads is rendered into memory (vb_render_mem) with no_external_files
 * set, so no input can make the harness read a layout file by path or an
 * image (a layout *name* still reads layouts/NAME.yaml under the data
 * directory, which is the library's documented behaviour).
 *
 * To reach more of the PDF writer without a second harness, the input's
 * length picks two render options deterministically (so a saved input
 * replays the same way): size % 2 == 1 embeds the input as the plan's
 * source (the --embed-source path), size % 4 >= 2 writes uncompressed
 * streams.
 *
 * Build and run: docs/fuzzing.md. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fuzz_common.h"
#include "load.h"
#include "plan.h"
#include "vanban.h"

#ifndef VANBAN_SOURCE_DATADIR
#error "VANBAN_SOURCE_DATADIR (the source tree, with fonts/ and layouts/) must be defined"
#endif

static vb_ctx *ctx;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[512] = "";
    /* VANBAN_DATADIR in the environment wins, as for the CLI. */
    const char *dir = getenv("VANBAN_DATADIR");
    ctx = vb_ctx_new(dir && *dir ? dir : VANBAN_SOURCE_DATADIR, err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "fuzz_render: cannot create the context: %s\n", err);
        abort();
    }
    devnull = open_devnull("fuzz_render");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vb_diags diags;
    vb_diags_init(&diags, "<fuzz>");
    vb_plan *p = vb_plan_load_mem((const char *)data, size, "<fuzz>", ".", NULL, &diags);
    if (p) {
        vb_render_opts o;
        memset(&o, 0, sizeof o);
        o.no_external_files = true;
        if (size % 2 == 1) {
            o.source = data;
            o.source_len = size;
            o.source_name = "fuzz.yaml";
        }
        o.uncompressed = size % 4 >= 2;
        unsigned char *pdf = NULL;
        size_t len = 0;
        size_t e0 = diags.errors;
        int rc = vb_render_mem(ctx, p, &o, &pdf, &len, &diags);
        /* The documented contract: 0 means a PDF in *pdf and no new error;
         * -1 means an error was reported and nothing was allocated. */
        bool ok = rc == 0 ? diags.errors == e0 && pdf && len > 5 && !memcmp(pdf, "%PDF-", 5)
                          : rc == -1 && diags.errors > e0 && !pdf;
        if (!ok) {
            fprintf(stderr, "fuzz_render: vb_render_mem returned %d with %zu new error(s), "
                            "pdf %p, %zu byte(s)\n",
                    rc, diags.errors - e0, (void *)pdf, len);
            abort();
        }
        vb_free(pdf);
        vb_plan_free(p);
    }
    print_and_free(&diags, devnull);
    return 0;
}
