/* deflate_level.c - what zlib's compression level costs vanban, without
 * touching src/: an LD_PRELOAD shim that makes every deflateInit_ (libharu
 * calls it with Z_DEFAULT_COMPRESSION, i.e. 6) use DEFLATE_LEVEL instead.
 *
 *   cc -O2 -shared -fPIC -o deflate_level.so bench/experiments/deflate_level.c -lz
 *   DEFLATE_LEVEL=1 LD_PRELOAD=./deflate_level.so vanban render PLAN -o OUT.pdf
 *
 * Optional DEFLATE_MEMLEVEL (1..9, zlib's default 8) and DEFLATE_WBITS
 * (9..15, default 15) shrink the per-stream state (memory, and the 64 KiB
 * hash table deflateInit clears). Evidence for docs/performance.md only. */
#include <stdlib.h>
#include <zlib.h>

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
    const char *l = getenv("DEFLATE_LEVEL");
    const char *m = getenv("DEFLATE_MEMLEVEL");
    const char *w = getenv("DEFLATE_WBITS");
    if (l && *l)
        level = atoi(l);
    int mem = m && *m ? atoi(m) : 8;
    int wbits = w && *w ? atoi(w) : 15;
    return deflateInit2_(strm, level, Z_DEFLATED, wbits, mem, Z_DEFAULT_STRATEGY,
                         version, stream_size);
}
