/* floor.c - the floor: a process that links what vanban links and exits.
 *
 * Built by bench/run against the same libraries as vanban, linked the same
 * way (libyaml, utf8proc and libdeflate from their archives when installed,
 * libhpdf and libm shared). One symbol of each library is referenced
 * through a volatile table so that no linker (--as-needed or not) drops a
 * library: the dynamic loader maps and relocates all of the shared ones,
 * exactly as for vanban, and then main returns. Its time and peak RSS are
 * what any vanban run pays before doing work.
 *
 * Built with -DVB_BARE it links only libc: the cost of fork + exec + exit
 * alone, so floor - bare is what the shared libraries cost.
 *
 * Built with -DVB_ISSUE_FLOOR it is the floor as the "fast and small" issue
 * measured it: libhpdf, FreeType, libyaml, HarfBuzz-subset and utf8proc,
 * all shared (1.46 ms there). vanban links neither FreeType nor HarfBuzz,
 * so this row only tells how fast the machine is today against the day
 * the issue's figures were taken. */
#ifdef VB_BARE
int main(void)
{
    return 0;
}
#elif defined VB_ISSUE_FLOOR
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-subset.h>
#include <hpdf.h>
#include <utf8proc.h>
#include <yaml.h>

typedef void (*any_fn)(void);

int main(int argc, char **argv)
{
    (void)argv;
    static volatile any_fn keep[] = {
        (any_fn)HPDF_New,       (any_fn)FT_Init_FreeType, (any_fn)yaml_parser_initialize,
        (any_fn)hb_subset_or_fail, (any_fn)utf8proc_iterate,
    };
    return argc > 99 ? (int)(keep[argc % (sizeof keep / sizeof *keep)] != 0) : 0;
}
#else
#include <hpdf.h>
#include <libdeflate.h>
#include <math.h>
#include <utf8proc.h>
#include <yaml.h>

typedef void (*any_fn)(void);

int main(int argc, char **argv)
{
    (void)argv;
    static volatile any_fn keep[] = {
        (any_fn)HPDF_New,
        (any_fn)yaml_parser_initialize,
        (any_fn)utf8proc_iterate,
        (any_fn)libdeflate_alloc_compressor,
        (any_fn)llround,
    };
    /* Never true in a bench run; keeps the table "used". */
    return argc > 99 ? (int)(keep[argc % (sizeof keep / sizeof *keep)] != 0) : 0;
}
#endif
