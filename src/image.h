/* image.h - what layout needs to know of a PNG before placing it: its pixel
 * size and, when the file says, its physical size (pHYs). Decoding is the
 * backend's business. */
#ifndef VANBAN_IMAGE_H
#define VANBAN_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct vb_png_info {
    unsigned width, height;   /* pixels */
    double dpi_x, dpi_y;      /* 0 when the file gives no physical size */
} vb_png_info;

/* From the first bytes of a PNG (IHDR, and pHYs if it comes before IDAT). */
bool vb_png_info_mem(const unsigned char *data, size_t len, vb_png_info *out);
bool vb_png_info_file(const char *path, vb_png_info *out);

#endif
