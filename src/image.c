/* image.c - reading a PNG's size from its header chunks. */
#include "image.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool vb_png_info_mem(const unsigned char *data, size_t len, vb_png_info *out)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    memset(out, 0, sizeof *out);
    if (len < 33 || memcmp(data, sig, 8) || memcmp(data + 12, "IHDR", 4))
        return false;
    out->width = be32(data + 16);
    out->height = be32(data + 20);
    if (!out->width || !out->height || out->width > 1u << 20 || out->height > 1u << 20)
        return false;
    /* Walk the chunks up to the image data for a pHYs in metres. */
    size_t at = 8;
    while (at + 12 <= len) {
        uint32_t n = be32(data + at);
        const unsigned char *type = data + at + 4;
        if (!memcmp(type, "IDAT", 4) || n > len)
            break;
        if (!memcmp(type, "pHYs", 4) && n == 9 && at + 8 + 9 <= len && data[at + 16] == 1) {
            out->dpi_x = be32(data + at + 8) * 0.0254;
            out->dpi_y = be32(data + at + 12) * 0.0254;
        }
        at += 12 + (size_t)n;
    }
    return true;
}

bool vb_png_info_file(const char *path, vb_png_info *out)
{
    unsigned char buf[8192];
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return vb_png_info_mem(buf, n, out);
}
