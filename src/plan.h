/* plan.h - the document model: a plan as the loader builds it.
 *
 * Plain C data, allocated in the plan's arena, with the source position of
 * every value so that later stages (checks, tables, glyph coverage) can
 * report FILE:LINE:COLUMN. The model holds the text as written (NFC
 * normalised, inline markup still in it); it knows nothing of YAML or PDF. */
#ifndef VANBAN_PLAN_H
#define VANBAN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

/* A user string and where it came from. s == NULL means "absent". */
typedef struct vb_str {
    char *s;
    vb_pos pos;
} vb_str;

typedef struct vb_block vb_block;

typedef struct vb_blocks {
    vb_block *items;
    size_t n;
} vb_blocks;

typedef enum {
    VB_NUM_UPPER_ROMAN,    /* I. II. */
    VB_NUM_DECIMAL,        /* 1. 2. */
    VB_NUM_DECIMAL_NESTED, /* 1.1. 1.2. (under a decimal level) */
    VB_NUM_VI_ALPHA,       /* a) b) ... d) đ) e) g) */
    VB_NUM_DASH,           /* - */
    VB_NUM_NONE
} vb_numstyle;

#define VB_MAX_LEVELS 8

typedef struct vb_list vb_list;

typedef struct vb_list_item {
    vb_str text;
    vb_list *sub; /* nested list or NULL */
} vb_list_item;

struct vb_list {
    vb_str marker; /* "-" (default when s == NULL), "+", "*", "•" */
    vb_list_item *items;
    size_t n;
    vb_pos pos;
};

typedef enum { VB_COL_TEXT, VB_COL_INTEGER, VB_COL_MONEY, VB_COL_DECIMAL } vb_coltype;
typedef enum { VB_ALIGN_AUTO, VB_ALIGN_LEFT, VB_ALIGN_CENTER, VB_ALIGN_RIGHT } vb_align;

typedef struct vb_column {
    vb_str title;
    vb_coltype type;
    vb_align align;
    bool auto_number;
    vb_str equals;   /* expression over column titles, or absent */
    double width_mm; /* > 0 when given in mm */
    double width_frac; /* > 0 when given as a fraction of the table width */
    vb_str group;    /* a heading over this and the neighbouring columns
                        with the same group (a two-level header), or absent */
    vb_pos pos;
} vb_column;

typedef struct vb_cell {
    vb_str text;  /* the scalar as written; s == NULL for a YAML null */
    bool plain;   /* an unquoted scalar (a YAML number when it parses) */
} vb_cell;

typedef enum { VB_ROW_CELLS, VB_ROW_GROUP } vb_rowkind;

typedef struct vb_row {
    vb_rowkind kind;
    vb_cell *cells; /* VB_ROW_CELLS */
    size_t ncells;
    bool bold;
    bool number;    /* false: skip the auto number (default true) */
    vb_str group;   /* VB_ROW_GROUP: text of the one cell across the row */
    vb_pos pos;
} vb_row;

typedef struct vb_stated {
    vb_str column;
    vb_cell value;
} vb_stated;

typedef struct vb_table {
    vb_str unit;        /* "Đồng" => "ĐVT: Đồng" above the table */
    vb_column *cols;
    size_t ncols;
    vb_row *rows;
    size_t nrows;
    bool has_total;
    vb_str total_label; /* default "Tổng" */
    vb_str *total_sum;  /* column titles to sum */
    size_t ntotal_sum;
    vb_str total_label_column; /* column title for the label, or absent */
    vb_stated *stated;
    size_t nstated;
    vb_pos total_pos;
    vb_str in_words;    /* column title whose total is read out, or absent */
    vb_pos pos;
} vb_table;

typedef enum {
    VB_BLOCK_PARA,
    VB_BLOCK_SECTION,
    VB_BLOCK_LIST,
    VB_BLOCK_TABLE,
    VB_BLOCK_PAGE_BREAK
} vb_blockkind;

struct vb_block {
    vb_blockkind kind;
    vb_pos pos;
    vb_str text;       /* PARA: the paragraph; SECTION: run-in text */
    vb_str title;      /* SECTION: heading, or absent */
    bool numbered;     /* SECTION: default true */
    vb_blocks body;    /* SECTION: children */
    vb_list *list;     /* LIST */
    vb_table *table;   /* TABLE */
};

typedef enum { VB_PORTRAIT, VB_LANDSCAPE } vb_orientation;

typedef struct vb_appendix {
    vb_str title;
    vb_orientation orientation;
    vb_str reference; /* override of the "(Kèm theo …)" line, or absent */
    vb_blocks body;
    vb_pos pos;
} vb_appendix;

typedef struct vb_date {
    int year, month, day; /* 0 = blank for the clerk */
    vb_pos pos;
} vb_date;

typedef struct vb_signer {
    vb_str collective; /* "ỦY BAN NHÂN DÂN" => "TM. ỦY BAN NHÂN DÂN" first */
    vb_str authority;  /* KT, TM, TL, TUQ, Q */
    vb_str head;       /* the head's title after the authority */
    vb_str title;
    vb_str name;
    vb_str image;      /* path of a scanned signature PNG */
    vb_str seal;       /* path of a seal PNG */
    vb_pos pos;
} vb_signer;

typedef struct vb_contact {
    vb_str address, phone, fax, email, website;
} vb_contact;

typedef struct vb_plan {
    vb_arena arena;    /* owns everything below */
    const char *file;  /* as given to the loader, for messages */
    const char *dir;   /* directory that plan-relative paths resolve against */
    int version;
    vb_str layout;     /* name under layouts/ or a path; absent => "nd30" */

    vb_str agency_parent, agency_name, agency_short;
    bool has_contact;
    vb_contact contact;

    bool has_number;
    long number; vb_pos number_pos;
    vb_str symbol;
    vb_str place;
    vb_date date;      /* all zero and pos.line 0 when absent */

    vb_str type;       /* default "KẾ HOẠCH" */
    vb_str title;
    bool draft;
    vb_str urgency, secrecy;
    vb_numstyle numbering[VB_MAX_LEVELS];
    size_t nnumbering; /* 0 => default I. / 1. / a) / - */

    vb_str *preamble;
    size_t npreamble;
    vb_blocks body;
    vb_str closing;

    vb_str *recipients;
    size_t nrecipients;
    vb_str *archive;
    size_t narchive;
    vb_pos recipients_pos;

    vb_signer signer;

    vb_appendix *appendices;
    size_t nappendices;
} vb_plan;

void vb_plan_free(vb_plan *p);

#endif
