/* render.c - the smallest program that uses libvanban: render one plan.
 *
 *   cc render.c $(pkg-config --cflags --libs vanban) -o render
 *   ./render plan.yaml plan.pdf
 */
#include <stdio.h>
#include <vanban.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s PLAN.yaml OUT.pdf\n", argv[0]);
        return 2;
    }
    char err[256];
    vb_ctx *ctx = vb_ctx_new(NULL, err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    vb_diags d;
    vb_diags_init(&d, argv[1]);
    vb_plan *plan = vb_load_file(argv[1], &d);
    int rc = plan ? vb_render_file(ctx, plan, NULL, argv[2], &d) : -1;
    vb_diags_print(&d, stderr);
    vb_plan_free(plan);
    vb_diags_free(&d);
    vb_ctx_free(ctx);
    return rc == 0 ? 0 : 1;
}
