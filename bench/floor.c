/* floor.c - the floor: a process that links what vanban links and exits.
 *
 * Built by bench/run against the same shared libraries as vanban (libhpdf,
 * FreeType, libyaml, HarfBuzz + HarfBuzz-subset, utf8proc, libm). One
 * symbol of each library is referenced through a volatile table so that no
 * linker (--as-needed or not) drops a library: the dynamic loader maps and
 * relocates all of them, exactly as for vanban, and then main returns.
 * Its time and peak RSS are what any vanban run pays before doing work.
 *
 * Built with -DVB_BARE it links only libc: the cost of fork + exec + exit
 * alone, so floor - bare is what the shared libraries cost. With
 * -DVB_FLOOR_NO_HB (and -DVB_FLOOR_NO_FT) it leaves HarfBuzz (and FreeType)
 * out, for what dropping them would save (bench/profile; link accordingly). */
#ifdef VB_BARE
int main(void)
{
    return 0;
}
#else
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>
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
        (any_fn)llround,
#ifndef VB_FLOOR_NO_FT
        (any_fn)FT_Init_FreeType,
#endif
#ifndef VB_FLOOR_NO_HB
        (any_fn)hb_face_create,
        (any_fn)hb_subset_input_create_or_fail,
#endif
    };
    /* Never true in a bench run; keeps the table "used". */
    return argc > 99 ? (int)(keep[argc % (sizeof keep / sizeof *keep)] != 0) : 0;
}
#endif
