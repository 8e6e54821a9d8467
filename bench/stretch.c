/* stretch.c - how loose are justified lines? Total fit against greedy.
 *
 * For each plan, lays it out twice (Knuth-Plass and first-fit), reads the
 * display list back and, for every justified line (one that ends at the
 * right margin and was stretched), measures how far its spaces stretch
 * beyond their natural width. Prints the share of lines stretched by more
 * than 50 % and the mean stretch. Figures, not pass/fail.
 *
 * usage: vanban_stretch PLAN.yaml... (run from the repository root) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "design.h"
#include "font.h"
#include "load.h"

typedef struct stats {
    int lines, loose;
    double sum;
} stats;

static int by_line(const void *a, const void *b)
{
    const vb_item *x = *(const vb_item *const *)a, *y = *(const vb_item *const *)b;
    if (fabs(x->y - y->y) > 0.01)
        return x->y > y->y ? -1 : 1;
    return x->x < y->x ? -1 : (x->x > y->x);
}

static void measure(const vb_dlist *dl, const vb_design *ds, const vb_fontset *fs,
                    stats *st)
{
    for (size_t p = 0; p < dl->npages; p++) {
        const vb_page *pg = &dl->pages[p];
        double right = pg->width - (pg->width > pg->height ? ds->landscape.right
                                                             : ds->portrait.right);
        const vb_item **items = malloc(pg->n * sizeof *items);
        size_t n = 0;
        for (size_t i = 0; i < pg->n; i++)
            if (pg->items[i].kind == VB_ITEM_TEXT && fabs(pg->items[i].size - ds->body.size) < 0.01)
                items[n++] = &pg->items[i];
        qsort(items, n, sizeof *items, by_line);
        for (size_t a = 0; a < n;) {
            size_t b = a + 1;
            while (b < n && fabs(items[b]->y - items[a]->y) < 0.01)
                b++;
            const vb_item *last = items[b - 1];
            double end = last->x + vb_font_width(fs->face[last->face], last->text, last->len,
                                                 last->size);
            if (b - a >= 2 && fabs(end - right) < 0.5) {
                double gaps = 0, natural = 0;
                for (size_t k = a; k + 1 < b; k++) {
                    const vb_item *it = items[k];
                    double w = vb_font_width(fs->face[it->face], it->text, it->len, it->size);
                    gaps += items[k + 1]->x - (it->x + w);
                    natural += vb_font_width(fs->face[it->face], " ", 1, it->size);
                }
                double s = natural > 0 ? gaps / natural - 1 : 0;
                if (fabs(s) > 1e-3) { /* lines at natural width are not justified ones */
                    st->lines++;
                    st->sum += s;
                    if (s > 0.5)
                        st->loose++;
                }
            }
            a = b;
        }
        free(items);
    }
}

int main(int argc, char **argv)
{
    const char *faces[VB_FACE_COUNT] = {
        "fonts/LiberationSerif-Regular.ttf", "fonts/LiberationSerif-Bold.ttf",
        "fonts/LiberationSerif-Italic.ttf", "fonts/LiberationSerif-BoldItalic.ttf"};
    vb_fontset fs;
    char err[256];
    if (vb_fontset_load(&fs, faces, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    vb_diags dd;
    vb_diags_init(&dd, "layouts/nd30.yaml");
    vb_design ds;
    if (vb_design_load(&ds, "layouts/nd30.yaml", &dd) != 0) {
        vb_diags_print(&dd, stderr);
        return 2;
    }
    vb_diags_free(&dd);
    printf("%-45s %6s %14s %14s %10s %10s\n", "plan", "lines", "loose% total", "loose% greedy",
           "mean total", "mean greedy");
    stats all[2] = {{0}};
    for (int i = 1; i < argc; i++) {
        vb_diags d;
        vb_diags_init(&d, argv[i]);
        vb_plan *p = vb_plan_load_file(argv[i], NULL, &d);
        if (!p) {
            vb_diags_print(&d, stderr);
            vb_diags_free(&d);
            continue;
        }
        stats st[2] = {{0}};
        for (int g = 0; g < 2; g++) {
            vb_arena a;
            vb_arena_init(&a);
            vb_dlist dl;
            vb_dlist_init(&dl, &a);
            vb_compose_opts o = {"bench", NULL, g == 1, NULL, 0, NULL, 0};
            if (vb_compose(p, &ds, &fs, &o, &dl, &d) == 0)
                measure(&dl, &ds, &fs, &st[g]);
            vb_arena_free(&a);
            all[g].lines += st[g].lines;
            all[g].loose += st[g].loose;
            all[g].sum += st[g].sum;
        }
        printf("%-45s %6d %13.1f%% %13.1f%% %9.0f%% %9.0f%%\n", argv[i], st[0].lines,
               st[0].lines ? 100.0 * st[0].loose / st[0].lines : 0,
               st[1].lines ? 100.0 * st[1].loose / st[1].lines : 0,
               st[0].lines ? 100 * st[0].sum / st[0].lines : 0,
               st[1].lines ? 100 * st[1].sum / st[1].lines : 0);
        vb_plan_free(p);
        vb_diags_free(&d);
    }
    printf("%-45s %6d %13.1f%% %13.1f%% %9.0f%% %9.0f%%\n", "all", all[0].lines,
           all[0].lines ? 100.0 * all[0].loose / all[0].lines : 0,
           all[1].lines ? 100.0 * all[1].loose / all[1].lines : 0,
           all[0].lines ? 100 * all[0].sum / all[0].lines : 0,
           all[1].lines ? 100 * all[1].sum / all[1].lines : 0);
    vb_fontset_free(&fs);
    return 0;
}
