/* deflate_cmp.c - zlib vs libdeflate on the streams of one PDF.
 *
 *   cc -O2 -o deflate_cmp bench/experiments/deflate_cmp.c -lz -ldeflate
 *   deflate_cmp zlib|libdeflate LEVEL FILE...
 *
 * Compresses each FILE (a stream dumped from `vanban render --uncompressed`)
 * once, as a whole buffer, and prints the total compressed size. Run it
 * under `valgrind --tool=callgrind` for instruction counts. zlib is used
 * the way libharu uses it (deflateInit + deflate in 4 KiB output steps). */
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(len > 0 ? (size_t)len : 1);
    *n = b ? fread(b, 1, (size_t)len, f) : 0;
    fclose(f);
    return b;
}

static size_t with_zlib(const unsigned char *in, size_t n, int level)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit(&s, level) != Z_OK)
        return 0;
    unsigned char out[4096];
    size_t total = 0;
    s.next_in = (unsigned char *)in;
    s.avail_in = (uInt)n;
    int rc;
    do {
        s.next_out = out;
        s.avail_out = sizeof out;
        rc = deflate(&s, Z_FINISH);
        total += sizeof out - s.avail_out;
    } while (rc == Z_OK);
    deflateEnd(&s);
    return total;
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    int lib = !strcmp(argv[1], "libdeflate"), level = atoi(argv[2]);
    struct libdeflate_compressor *c = lib ? libdeflate_alloc_compressor(level) : NULL;
    size_t in_total = 0, out_total = 0;
    for (int i = 3; i < argc; i++) {
        size_t n;
        unsigned char *b = slurp(argv[i], &n);
        if (!b)
            return 1;
        in_total += n;
        if (lib) {
            size_t cap = libdeflate_zlib_compress_bound(c, n);
            unsigned char *o = malloc(cap);
            out_total += libdeflate_zlib_compress(c, b, n, o, cap);
            free(o);
        } else {
            out_total += with_zlib(b, n, level);
        }
        free(b);
    }
    if (c)
        libdeflate_free_compressor(c);
    printf("%s level %d: %zu -> %zu bytes\n", argv[1], level, in_total, out_total);
    return 0;
}
