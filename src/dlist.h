/* dlist.h - the display list: pages of positioned text runs, rules, boxes,
 * images and fields, plus document-level metadata.
 *
 * It is the seam between layout and output: compose.c fills it and knows
 * nothing of libharu; pdf.c draws it and knows nothing of plans. Tests
 * inspect it directly. All coordinates are PDF points with the origin at the
 * bottom-left corner of the page; text is placed by its baseline start.
 * Everything is allocated in the arena given to vb_dlist_init, except that
 * text runs may point into the plan's own strings (layout.h, vb_runs_plain):
 * a display list must not outlive the plan it was composed from. */
#ifndef VANBAN_DLIST_H
#define VANBAN_DLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Font faces; the bits compose: bold | italic. */
enum { VB_FACE_REGULAR = 0, VB_FACE_BOLD = 1, VB_FACE_ITALIC = 2,
       VB_FACE_BOLDITALIC = 3, VB_FACE_COUNT = 4 };

typedef struct vb_rgb {
    float r, g, b;
} vb_rgb;

typedef enum {
    VB_ITEM_TEXT,  /* a run of text in one face and size at (x, y) */
    VB_ITEM_RULE,  /* a horizontal line from (x, y) to (x + w, y), h thick */
    VB_ITEM_RECT,  /* a stroked rectangle: (x, y) bottom-left, w × h, line width lw */
    VB_ITEM_IMAGE, /* a PNG file scaled into (x, y, w, h) */
    VB_ITEM_LINE   /* a line from (x, y) to (x + w, y + h), lw thick */
} vb_itemkind;

typedef struct vb_item {
    vb_itemkind kind;
    uint8_t face;     /* TEXT */
    float size;       /* TEXT: font size in pt */
    double x, y, w, h;
    float lw;         /* RECT, LINE: line width, set by whoever makes the item
                         (every weight comes from the page design) */
    vb_rgb color;     /* text fill or stroke colour */
    const char *text; /* TEXT: UTF-8, NFC; IMAGE: file path */
    size_t len;       /* TEXT: bytes in text */
    const void *data; /* IMAGE: PNG bytes when given in memory (else NULL) */
    size_t data_len;
} vb_item;

typedef struct vb_page {
    double width, height;
    vb_item *items;
    size_t n, cap;
} vb_page;

/* A document outline (bookmark) entry. */
typedef struct vb_outline {
    const char *title; /* UTF-8 */
    int level;         /* 1 = top */
    size_t page;       /* 0-based page index */
    double y;          /* top of the target on that page */
} vb_outline;

/* An unsigned signature field (/FT /Sig widget). */
typedef struct vb_field {
    const char *name; /* /T, ASCII */
    size_t page;
    double x, y, w, h;
} vb_field;

typedef struct vb_meta {
    const char *title, *author, *subject, *keywords, *creator, *producer;
    const char *lang;  /* "vi-VN" */
    int year, month, day; /* creation date (0 = unknown) */
    /* The plan's own fields, for XMP (vanban namespace); NULL when absent. */
    const char *doc_number;  /* "04" (NULL: not yet issued) */
    const char *doc_symbol;  /* "KH-KHCN" */
    const char *doc_date;    /* ISO 8601 as far as known: "2024-01-05", "2023-05" */
    const char *doc_type;    /* "KẾ HOẠCH" */
    const char *doc_title;   /* trích yếu, one line */
    const char *doc_agency;  /* issuing agency */
    const char *version;     /* vanban version */
    const char *layout_hash; /* hex digest of the page design used */
    /* The plan's source, to embed as an associated file (/AF, /Source);
     * NULL for none. */
    const void *source;
    size_t source_len;
    const char *source_name; /* file name shown for it, e.g. "plan.yaml" */
} vb_meta;

typedef struct vb_dlist {
    vb_arena *arena;
    vb_page *pages;
    size_t npages, cap;
    vb_outline *outline;
    size_t noutline, outline_cap;
    vb_field *fields;
    size_t nfields, fields_cap;
    vb_meta meta;
} vb_dlist;

void vb_dlist_init(vb_dlist *d, vb_arena *arena);
vb_page *vb_dlist_add_page(vb_dlist *d, double width, double height);
vb_item *vb_page_add(vb_dlist *d, vb_page *p, vb_itemkind kind);
/* Room for `more` items after the page's current ones, so that adding them
 * does not grow the array by doubling (a page holds hundreds of items, and
 * every doubling leaves a copy behind in the arena). */
void vb_page_reserve(vb_dlist *d, vb_page *p, size_t more);
/* Append a cleared item of the given kind to any item array (a page's, or
 * layout's own lists of ops) grown in arena a. */
vb_item *vb_items_push(vb_arena *a, vb_item **items, size_t *n, size_t *cap,
                       vb_itemkind kind);
/* Convenience: a text run (text is copied into the arena). */
vb_item *vb_page_text(vb_dlist *d, vb_page *p, double x, double y, int face,
                      double size, const char *text, size_t len);
vb_item *vb_page_rule(vb_dlist *d, vb_page *p, double x, double y, double w,
                      double thickness);
vb_item *vb_page_rect(vb_dlist *d, vb_page *p, double x, double y, double w,
                      double h, double lw);
void vb_dlist_outline(vb_dlist *d, const char *title, int level, size_t page,
                      double y);
void vb_dlist_field(vb_dlist *d, const char *name, size_t page, double x,
                    double y, double w, double h);

#endif
