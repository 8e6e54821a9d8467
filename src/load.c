/* load.c - YAML plan file -> vb_plan.
 *
 * The input contract is docs' plan-format (shared/spec/plan-format.md). The
 * loader works in three passes so that every message can name a precise
 * LINE:COLUMN and so that one mistake does not hide the next:
 *
 *   1. hygiene: size limit, BOM, UTF-8 validity, control characters; done
 *      on the raw bytes because libyaml's own messages for these give byte
 *      offsets or nothing useful;
 *   2. libyaml events -> a small tree of nodes (in a scratch arena) with the
 *      position, style and NFC text of each value; aliases and anchors are
 *      refused here, so nothing is ever expanded (no "billion laughs");
 *   3. the tree -> the model, mapping by mapping, each against a table of its
 *      known keys; every wrong key, type or value is reported and the walk
 *      goes on.
 *
 * libyaml reports lines and columns 0-based and counts columns in
 * characters; the model wants 1-based, characters too. */
#include "load.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <yaml.h>

#include "text.h"

enum {
    LOAD_MAX_BYTES = 4 << 20,
    LOAD_MAX_DEPTH = 32,
    /* The tree walk recurses once per level or two; a caller asking for a
     * huge max_depth must not be able to overflow the C stack. */
    LOAD_DEPTH_CAP = 256,
    MAX_SCALAR = 64 * 1024,
    MAX_ROWS = 10000,
    MAX_COLS = 100,
    MAX_MARKS = 30, /* combining marks in a row (UAX #15's stream-safe limit) */
    SHOW_CHARS = 40, /* how much of a long value a message quotes */
};

/* No position: printed as 1:1 (a braced literal cannot go through the
 * vb_error macro as is). */
#define NOPOS ((vb_pos){0})

#define MSG_ALIAS "'*' starts a YAML alias; quote the string"
#define MSG_ANCHOR "'&' starts a YAML anchor; quote the string"
#define MSG_TAG "'!' starts a YAML tag; quote the string"
#define MSG_QUOTE_FIX "quote the whole string or use |"

/* ---------------------------------------------------------------- tree */

typedef enum { N_SCALAR, N_SEQ, N_MAP, N_BAD } nkind;

typedef struct node node;
struct node {
    nkind kind;    /* N_BAD: already reported (alias, anchor, too long) */
    vb_pos pos;
    bool plain;    /* scalar: unquoted and untagged */
    vb_pos hash;   /* plain scalar directly followed by " #": the '#' */
    const char *s; /* scalar: NFC text as YAML read it */
    size_t len;
    node **kids;   /* sequence items; mapping keys and values alternating */
    size_t n, cap;
};

typedef struct ld {
    vb_plan *p;
    vb_arena *pa;  /* the plan's arena: everything the model keeps */
    vb_arena tmp;  /* the node tree and scratch, freed after loading */
    vb_diags *d;
    const char *src; /* the input, BOM removed */
    size_t len;
    size_t *lines;   /* byte offset of the start of each line */
    size_t nlines, lcap;
    int max_depth;
    int trap_line;   /* line of the last alias/anchor error (see syntax_error) */
    int memo_line, memo_col; /* offset_at's last answer, to walk on from */
    size_t memo_off;
    /* Every character of the file is NFC-stable (vb_nfc_stable) and no
     * backslash escape can bring in others: every value is NFC as libyaml
     * reads it, and is copied without the quick check (~30 K instructions
     * a plan; hygiene decodes the characters it needs anyway). */
    bool nfc_as_read;
} ld;

static bool full(const ld *L)
{
    size_t limit = L->d->limit ? L->d->limit : 200;
    return L->d->n >= limit;
}

/* ------------------------------------------------------- byte scanning */

/* Some scans pass over eight bytes at a time when none of them is of
 * interest. The word tests only say whether some byte is; they are exact
 * for that: the lowest such byte is always flagged, and only bytes above
 * it can be disturbed by a borrow. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static uint64_t word_at(const char *s)
{
    uint64_t x;
    memcpy(&x, s, sizeof x);
    return x;
}

/* A byte below 0x20 borrows into its top bit. */
static bool word_has_control(uint64_t x)
{
    return ((x - 0x20 * ONES) & ~x & HIGHS) != 0;
}

static bool is_printable_ascii(unsigned char b)
{
    return b >= 0x20 && b < 0x7F;
}

static bool is_cont(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

/* The bytes at s that hygiene() can pass over without a look, and in
 * *chars how many characters they hold: printable ASCII, U+00C0-U+02FF
 * (lead bytes C3-CB: à, â, đ, ơ, ư ...) and U+1E00-U+1EFF (E1 B8-BB: ế,
 * ộ, ữ ...), which is almost every character of a plan. None of them is a
 * line break, a control character or a combining mark. ASCII goes in a
 * loop of its own, and the characters are counted from the bytes at the
 * end: testing every byte for every shape and counting as it went was a
 * third of loading's own work. (Eight bytes at a time did not pay: the
 * ASCII between two Vietnamese letters is rarely that long.) */
static size_t plain_run(const char *s, size_t n, int *chars)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, cont = 0; /* continuation bytes passed */
    for (;;) {
        while (i < n && is_printable_ascii(u[i]))
            i++;
        if (i == n)
            break;
        unsigned char c = u[i];
        if (c >= 0xC3 && c <= 0xCB && n - i >= 2 && is_cont(u[i + 1])) {
            i += 2;
            cont += 1;
        } else if (c == 0xE1 && n - i >= 3 && u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB &&
                   is_cont(u[i + 2])) {
            i += 3;
            cont += 2;
        } else {
            break;
        }
    }
    *chars = (int)(i - cont);
    return i;
}

/* ----------------------------------------------------------- positions */

static vb_pos mark_pos(yaml_mark_t m)
{
    return (vb_pos){(int)m.line + 1, (int)m.column + 1};
}

/* Byte offset of a 1-based line and column (the input is valid UTF-8).
 * Values on a line arrive left to right, so the walk goes on from the last
 * answer on the same line: without that, a line of thousands of plain
 * values ("archive: [VT, VT, …]") costs quadratic time. */
static size_t offset_at(ld *L, int line, int col)
{
    if (line < 1 || (size_t)line > L->nlines)
        return L->len;
    size_t off = L->lines[line - 1];
    int c = 1;
    if (line == L->memo_line && col >= L->memo_col) {
        off = L->memo_off;
        c = L->memo_col;
    }
    /* Eight ASCII bytes are eight columns. */
    while (col - c >= 8 && L->len - off >= 8 && !(word_at(L->src + off) & HIGHS)) {
        off += 8;
        c += 8;
    }
    for (; c < col && off < L->len; c++) {
        off++;
        while (off < L->len && ((unsigned char)L->src[off] & 0xC0) == 0x80)
            off++;
    }
    L->memo_line = line;
    L->memo_col = c;
    L->memo_off = off;
    return off;
}

/* Line and column of a byte offset, counting characters like libyaml. */
static vb_pos pos_at(const ld *L, size_t off)
{
    size_t lo = 0, hi = L->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (L->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t start = L->nlines ? L->lines[lo] : 0;
    return (vb_pos){(int)lo + 1, 1 + (int)vb_utf8_count(L->src + start, off - start)};
}

static void add_line(ld *L, size_t start)
{
    *VB_VEC_PUSH(&L->tmp, L->lines, L->nlines, L->lcap) = start;
}

static bool is_blank_or_eol(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ------------------------------------------------------------- hygiene */

/* The characters libyaml's reader accepts (YAML 1.1 "printable"); anything
 * else would make it fail with a byte offset and no line. */
static bool yaml_printable(int32_t c)
{
    return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) ||
           c == 0x85 || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           c >= 0x10000;
}

/* libyaml's line breaks: CR LF, CR, LF, NEL, LS, PS. */
static bool is_break(int32_t c)
{
    return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Whether s may hold a backslash-u or backslash-U escape: the only ones
 * that can bring into a value a code point that is not NFC-stable (u0301,
 * a combining mark no byte of the file shows). The others give control
 * characters, Latin-1 or U+2028/U+2029. A backslash that is not an escape
 * (in plain or single-quoted text) only costs the shortcut. */
static bool unicode_escape(const char *s, size_t len)
{
    const char *end = s + len, *p = s;
    while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
        if (++p < end && (*p == 'u' || *p == 'U'))
            return true;
    }
    return false;
}

/* Validate the bytes and record where lines start. Reports the first invalid
 * UTF-8 sequence and the first forbidden character (with a count, not one
 * message per byte: a Latin-1 file would otherwise give hundreds). */
static bool hygiene(ld *L)
{
    size_t bad_utf8 = 0, bad_char = 0;
    /* plain_run's characters are all stable: only the others are asked. */
    bool stable = true;
    vb_pos utf8_at = {0, 0}, char_at = {0, 0}, marks_at = {0, 0}, run_at = {0, 0};
    int marks = 0;
    unsigned char utf8_byte = 0;
    int32_t char_cp = 0;
    int line = 1, col = 1;
    size_t i = 0;
    add_line(L, 0);
    while (i < L->len) {
        /* Most characters need no check and only move the column. */
        int chars;
        size_t run = plain_run(L->src + i, L->len - i, &chars);
        if (run) {
            col += chars;
            marks = 0;
            i += run;
            continue;
        }
        size_t at = i;
        int32_t c = vb_utf8_next(L->src, L->len, &i);
        if (c < 0) {
            if (!bad_utf8++) {
                utf8_at = (vb_pos){line, col};
                utf8_byte = (unsigned char)L->src[at];
            }
            col++;
            continue;
        }
        if (is_break(c)) {
            if (c == '\r' && i < L->len && L->src[i] == '\n')
                i++;
            add_line(L, i);
            line++;
            col = 1;
            continue;
        }
        stable = stable && vb_nfc_stable(c);
        if (!yaml_printable(c) && !bad_char++) {
            char_at = (vb_pos){line, col};
            char_cp = c;
        }
        /* Unicode's stream-safe limit (UAX #15): normalising a longer run
         * of combining marks takes quadratic time, and Vietnamese never
         * puts more than two on a letter. Nothing below U+0300 combines,
         * which spares the property lookup for almost every character. */
        if (c >= 0x300 && utf8proc_get_property(c)->combining_class != 0) {
            if (++marks == 1)
                run_at = (vb_pos){line, col};
            if (marks == MAX_MARKS + 1 && !marks_at.line)
                marks_at = run_at; /* reported where the run starts */
        } else {
            marks = 0;
        }
        col++;
    }
    L->nfc_as_read = stable && !unicode_escape(L->src, L->len);
    if (marks_at.line)
        vb_error(L->d, marks_at, "limit",
                 "more than %d combining marks in a row; a letter takes at most two "
                 "(tone and vowel marks)", MAX_MARKS);
    if (bad_utf8) {
        const unsigned char *u = (const unsigned char *)L->src;
        if (L->len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
            vb_error(L->d, utf8_at, "utf8", "the file is UTF-16; save it as UTF-8");
        else if (bad_utf8 > 1)
            vb_error(L->d, utf8_at, "utf8",
                     "invalid UTF-8 (byte 0x%02X; %zu invalid bytes in all); save the file as UTF-8",
                     utf8_byte, bad_utf8);
        else
            vb_error(L->d, utf8_at, "utf8", "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
                     utf8_byte);
    }
    if (bad_char && char_cp == 0)
        vb_error(L->d, char_at, "utf8",
                 "NUL byte in the file (is it UTF-16 or binary?); save it as UTF-8 text");
    else if (bad_char)
        vb_error(L->d, char_at, "control-char",
                 "character U+%04X is not allowed in a plan file; delete it", (unsigned)char_cp);
    return !bad_utf8 && !bad_char && !marks_at.line;
}

/* ------------------------------------------------------- libyaml errors */

/* The first character of the value on a source line: after the
 * indentation, any "- " entries and a "key: ". A guess, used only to pick a
 * hint for a libyaml error. */
static char lead_char(const ld *L, int line)
{
    if (line < 1 || (size_t)line > L->nlines)
        return 0;
    const char *s = L->src + L->lines[line - 1];
    const char *e = (size_t)line < L->nlines ? L->src + L->lines[line] : L->src + L->len;
    while (s < e && *s == ' ')
        s++;
    while (s < e && *s == '-' && (s + 1 == e || s[1] == ' ')) {
        s++;
        while (s < e && *s == ' ')
            s++;
    }
    if (s < e && *s && !strchr("\"'[{*&!|>", *s)) {
        for (const char *q = s; q < e; q++) {
            if (*q == '#' && q > s && q[-1] == ' ')
                break;
            if (*q == ':' && (q + 1 == e || q[1] == ' ' || q[1] == '\r' || q[1] == '\n')) {
                s = q + 1;
                while (s < e && *s == ' ')
                    s++;
                break;
            }
        }
    }
    return s < e ? *s : 0;
}

static const char *lead_hint(char c)
{
    switch (c) {
    case '*': return "a value that starts with '*' is a YAML alias; quote the string";
    case '&': return "a value that starts with '&' is a YAML anchor; quote the string";
    case '!': return "a value that starts with '!' is a YAML tag; quote the string";
    case '|':
    case '>': return "after '|' or '>' the text starts on the next line; quote a value "
                     "that starts with '|' or '>'";
    case '[':
    case '{': return "a value that starts with '[' or '{' is a YAML list or mapping; "
                     "quote the string";
    case '@':
    case '`':
    case '%': return "a plain value cannot start with '@', '`' or '%'; quote the string";
    default: return NULL;
    }
}

typedef struct hint {
    const char *problem; /* a substring of libyaml's problem text */
    const char *hint;
} hint;

static const hint problem_hints[] = {
    {"mapping values are not allowed",
     "a ': ' inside an unquoted value starts a mapping; " MSG_QUOTE_FIX},
    {"tab", "indent with spaces, not tabs"},
    {"cannot start any token", "quote a value that starts with a special character"},
    {"unknown escape", "in double quotes a backslash starts an escape: write \\\\ or use "
                       "single quotes"},
    {"end of stream", "a quote or bracket is not closed"},
    {"expected key", "check the indentation: the keys of one mapping start in the same "
                     "column, and a quoted value cannot have text after its closing quote"},
    {"expected '-' indicator", "check the indentation: the items of one list start with "
                               "'- ' in the same column"},
    {"could not find expected ':'", "a line here is neither 'key: value' nor '- item'; "
                                    "indent continuation text more than its key or "
                                    "quote the whole string"},
    {"block sequence entries are not allowed",
     "a '- ' after 'key:' on the same line starts a list; quote a value that starts with '-'"},
    {"expected node content", "a value is missing here"},
    {"expected comment or line break", "after '|' or '>' the text starts on the next line"},
    {"expected ',' or", "',' separates items inside [ ] and { }; quote a string that "
                        "contains ',' or ': '"},
};

static const char *syntax_hint(ld *L, const char *problem, const char *context,
                               vb_pos at, vb_pos ctx)
{
    size_t off = offset_at(L, at.line, at.col);
    if (off < L->len && L->src[off] == '\t')
        return "indent with spaces, not tabs";
    if (off >= L->len && context &&
        (strstr(context, "quoted") || strstr(context, "flow")))
        return "the file ends inside a [ ], { } or a quoted string; close it";
    const char *h = lead_hint(lead_char(L, at.line));
    if (!h && ctx.line != at.line)
        h = lead_hint(lead_char(L, ctx.line));
    for (size_t i = 0; !h && i < sizeof problem_hints / sizeof *problem_hints; i++)
        if (strstr(problem, problem_hints[i].problem))
            h = problem_hints[i].hint;
    return h;
}

static void syntax_error(ld *L, const yaml_parser_t *P)
{
    if (P->error == YAML_MEMORY_ERROR) {
        vb_error(L->d, NOPOS, "yaml-syntax", "out of memory while reading YAML");
        return;
    }
    const char *problem = P->problem ? P->problem : "invalid YAML";
    if (P->error == YAML_READER_ERROR) { /* hygiene() should have caught it */
        vb_error(L->d, pos_at(L, P->problem_offset), "utf8", "%s", problem);
        return;
    }
    vb_pos at = mark_pos(P->problem_mark);
    vb_pos ctx = P->context ? mark_pos(P->context_mark) : at;
    /* "*text" or "&text" where the name stops at once: the classic trap of a
     * paragraph that starts with **bold** or *italic*. */
    if (P->context && (strstr(P->context, "alias") || strstr(P->context, "anchor"))) {
        vb_error(L->d, ctx, "alias", "%s",
                 strstr(P->context, "alias") ? MSG_ALIAS : MSG_ANCHOR);
        return;
    }
    /* An alias or anchor already reported on this line derails the parser
     * just after it; libyaml's follow-up complaint would only confuse. */
    if (L->trap_line && (at.line == L->trap_line || ctx.line == L->trap_line))
        return;
    const char *h = syntax_hint(L, problem, P->context, at, ctx);
    if (P->context && (ctx.line != at.line || ctx.col != at.col))
        vb_error(L->d, at, "yaml-syntax", "%s (%s at %d:%d)%s%s", problem, P->context,
                 ctx.line, ctx.col, h ? "; " : "", h ? h : "");
    else
        vb_error(L->d, at, "yaml-syntax", "%s%s%s", problem, h ? "; " : "", h ? h : "");
}

/* ------------------------------------------------------ events -> tree */

static node *new_node(ld *L, nkind k, yaml_mark_t m)
{
    node *n = vb_alloc(&L->tmp, sizeof *n);
    n->kind = k;
    n->pos = mark_pos(m);
    return n;
}

static void refuse(ld *L, node *n, const char *msg)
{
    vb_error(L->d, n->pos, "alias", "%s", msg);
    L->trap_line = n->pos.line;
}

/* Where a plain scalar is followed by exactly one space and '#': YAML reads
 * the rest of the line as a comment, which is how "Phòng số #2" loses text.
 * Two or more spaces before '#' is taken as a deliberate comment (the
 * contract's own example writes them so). */
static vb_pos comment_after(ld *L, yaml_mark_t end)
{
    size_t off = offset_at(L, (int)end.line + 1, (int)end.column + 1);
    if (off + 1 < L->len && L->src[off] == ' ' && L->src[off + 1] == '#')
        return (vb_pos){(int)end.line + 1, (int)end.column + 2};
    return (vb_pos){0, 0};
}

/* The same trap inside a | or > block, where '#' is always text: a line of
 * the block with "word  # note" (two or more spaces, as comments are
 * usually set off) most likely meant a comment. Returns where that '#' is. */
static vb_pos comment_in_block(const ld *L, yaml_mark_t start, yaml_mark_t end)
{
    /* The block's end mark is at column 0 of the line after it when the
     * block ends with a line break. */
    size_t last = end.line + (end.column ? 1 : 0);
    for (size_t line = start.line + 2; line <= last && line <= L->nlines; line++) {
        size_t a = L->lines[line - 1];
        size_t b = line < L->nlines ? L->lines[line] : L->len;
        for (size_t i = a + 2; i + 1 < b; i++) {
            const char *c = L->src + i;
            if (c[0] == '#' && c[-1] == ' ' && c[-2] == ' ' && is_blank_or_eol(c[1])) {
                size_t j = i - 2;
                while (j > a && L->src[j] == ' ')
                    j--;
                if (L->src[j] != ' ')
                    return pos_at(L, i);
            }
        }
    }
    return (vb_pos){0, 0};
}

/* Where v has a control character other than tab and line feed, or len. */
static size_t first_control(const char *v, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (len - i >= 8 && !word_has_control(word_at(v + i))) {
            i += 8;
            continue;
        }
        size_t end = len - i > 8 ? i + 8 : len;
        for (; i < end; i++) {
            unsigned char c = (unsigned char)v[i];
            if (c < 0x20 && c != '\t' && c != '\n')
                return i;
        }
    }
    return len;
}

static bool bad_tag(const char *tag, const char *ok)
{
    return tag && strcmp(tag, ok) != 0;
}

static node *on_scalar(ld *L, const yaml_event_t *ev)
{
    node *n = new_node(L, N_SCALAR, ev->start_mark);
    const char *tag = (const char *)ev->data.scalar.tag;
    const char *v = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (ev->data.scalar.anchor) {
        refuse(L, n, MSG_ANCHOR);
    } else if (bad_tag(tag, YAML_STR_TAG)) {
        vb_error(L->d, n->pos, "yaml-trap", MSG_TAG);
    } else if (len > MAX_SCALAR) {
        vb_error(L->d, n->pos, "limit", "this value is %zu bytes long; the limit is 64 KiB", len);
    } else {
        /* Escapes such as "\0" or "\x07" in double quotes bring in control
         * characters that hygiene() never saw. */
        size_t bad = first_control(v, len);
        if (bad < len) {
            vb_error(L->d, n->pos, "control-char",
                     "a backslash escape in this string gives the control character "
                     "U+%04X; write \\\\ for a backslash, or use single quotes",
                     (unsigned char)v[bad]);
            n->kind = N_BAD;
            return n;
        }
        if (L->nfc_as_read) {
            n->s = vb_strndup(&L->tmp, v, len);
            n->len = len;
        } else {
            n->s = vb_nfc(&L->tmp, v, len, &n->len);
        }
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !tag;
        yaml_scalar_style_t st = ev->data.scalar.style;
        if (n->plain)
            n->hash = comment_after(L, ev->end_mark);
        else if (st == YAML_LITERAL_SCALAR_STYLE || st == YAML_FOLDED_SCALAR_STYLE)
            n->hash = comment_in_block(L, ev->start_mark, ev->end_mark);
        return n;
    }
    n->kind = N_BAD;
    return n;
}

static node *on_open(ld *L, const yaml_event_t *ev)
{
    bool map = ev->type == YAML_MAPPING_START_EVENT;
    const yaml_char_t *anchor = map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    const char *tag = (const char *)(map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag);
    node *n = new_node(L, map ? N_MAP : N_SEQ, ev->start_mark);
    /* The contents stay usable: only the anchor name is lost text. */
    if (anchor)
        refuse(L, n, MSG_ANCHOR);
    else if (bad_tag(tag, map ? YAML_MAP_TAG : YAML_SEQ_TAG))
        vb_error(L->d, n->pos, "yaml-trap", MSG_TAG);
    return n;
}

typedef struct tree_state {
    node *root;
    node **stack;
    size_t depth, cap;
    int docs;
} tree_state;

/* One event; false stops the reading (an error already reported). */
static bool on_event(ld *L, tree_state *T, const yaml_event_t *ev)
{
    node *n = NULL;
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++T->docs > 1) {
            vb_error(L->d, mark_pos(ev->start_mark), "yaml-syntax",
                     "a second YAML document starts here; a plan file holds one document");
            return false;
        }
        return true;
    case YAML_ALIAS_EVENT:
        n = new_node(L, N_BAD, ev->start_mark);
        refuse(L, n, MSG_ALIAS);
        break;
    case YAML_SCALAR_EVENT:
        n = on_scalar(L, ev);
        break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        if (T->depth >= (size_t)L->max_depth) {
            vb_error(L->d, mark_pos(ev->start_mark), "limit",
                     "the plan is nested more than %d levels deep", L->max_depth);
            return false;
        }
        n = on_open(L, ev);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (T->depth)
            T->depth--;
        return true;
    default:
        return true;
    }
    node *parent = T->depth ? T->stack[T->depth - 1] : NULL;
    if (parent)
        *VB_VEC_PUSH(&L->tmp, parent->kids, parent->n, parent->cap) = n;
    else if (!T->root)
        T->root = n;
    if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) {
        if (T->depth == T->cap)
            vb_vec_grow(&L->tmp, (void **)&T->stack, &T->cap, sizeof *T->stack);
        T->stack[T->depth++] = n;
    }
    return true;
}

/* Read the whole document into a tree; false on a fatal error. *root is
 * NULL for a stream without a document (an empty file). */
static bool read_tree(ld *L, node **root)
{
    yaml_parser_t P;
    if (!yaml_parser_initialize(&P)) {
        vb_error(L->d, NOPOS, "yaml-syntax", "out of memory");
        return false;
    }
    yaml_parser_set_input_string(&P, (const unsigned char *)L->src, L->len);
    yaml_parser_set_encoding(&P, YAML_UTF8_ENCODING);
    tree_state T = {0};
    bool ok = true;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&P, &ev)) {
            syntax_error(L, &P);
            ok = false;
            break;
        }
        bool end = ev.type == YAML_STREAM_END_EVENT;
        bool go = on_event(L, &T, &ev);
        yaml_event_delete(&ev);
        if (!go)
            ok = false;
        if (end || !go)
            break;
    }
    yaml_parser_delete(&P);
    *root = T.root;
    return ok;
}

/* --------------------------------------------------------- small values */

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_null(const node *n)
{
    if (n->kind != N_SCALAR || !n->plain)
        return false;
    return n->len == 0 || !strcmp(n->s, "~") || !strcmp(n->s, "null") ||
           !strcmp(n->s, "Null") || !strcmp(n->s, "NULL");
}

static const char *kind_name(const node *n)
{
    switch (n->kind) {
    case N_MAP: return "a mapping";
    case N_SEQ: return "a list";
    default: return is_null(n) ? "nothing" : "a string";
    }
}

/* s cut to SHOW_CHARS characters for a message. */
static const char *show(ld *L, const char *s)
{
    size_t i = 0, chars = 0, len = strlen(s);
    while (i < len && chars < SHOW_CHARS) {
        vb_utf8_next(s, len, &i);
        chars++;
    }
    if (i >= len)
        return s;
    return vb_sprintf(&L->tmp, "%.*s…", (int)i, s);
}

/* Text with no letter outside ASCII and no space reads like a key name;
 * anything else in key position is prose that ': ' split. */
static bool texty(const char *s)
{
    for (; *s; s++)
        if (*s == ' ' || (unsigned char)*s >= 0x80)
            return true;
    return false;
}

typedef struct keytab keytab;
static int find_key(const keytab *t, const char *name);
static const char *suggest_key(const keytab *t, const char *word);

/* The ': ' trap: "- Tổng số: Khoảng 50 đại biểu." written unquoted is a
 * one-key mapping. Explain it when m looks like that; true when reported.
 * Where a string is expected (known == NULL) any one-key mapping is the
 * trap. Where blocks are expected it is one whose key is not a known key
 * and is either prose or nothing like a known key ("titel" is a typo). */
static bool trap(ld *L, const node *m, const keytab *known)
{
    if (m->kind != N_MAP || m->n != 2)
        return false;
    const node *k = m->kids[0], *v = m->kids[1];
    if (k->kind != N_SCALAR || !k->plain)
        return false;
    if (known && (find_key(known, k->s) >= 0 || (!texty(k->s) && suggest_key(known, k->s))))
        return false;
    if (v->kind == N_SCALAR && !is_null(v))
        vb_error(L->d, k->pos, "yaml-trap",
                 "this line is read as a mapping '%s' → '%s' because of ': '; " MSG_QUOTE_FIX,
                 show(L, k->s), show(L, v->s));
    else if (v->kind == N_SCALAR)
        vb_error(L->d, k->pos, "yaml-trap",
                 "this line is read as a mapping key '%s' because of the ':' at its end; "
                 MSG_QUOTE_FIX, show(L, k->s));
    else
        vb_error(L->d, k->pos, "yaml-trap",
                 "'%s' is read as a mapping key because of ': '; for a heading with items "
                 "under it write 'title: %s' and 'body:'", show(L, k->s), show(L, k->s));
    return true;
}

static void type_error(ld *L, const node *v, const char *what, const char *expected)
{
    vb_error(L->d, v->pos, "type", "expected %s for '%s', found %s", expected, what,
             kind_name(v));
}

/* The model's copy of a scalar: trimmed, in the plan arena. An empty value
 * is "absent" unless keep_empty (a table cell "" is not a null). */
static vb_str trimmed(ld *L, const node *v, bool keep_empty)
{
    const char *s = v->s;
    size_t n = v->len;
    while (n && is_ws(*s))
        s++, n--;
    while (n && is_ws(s[n - 1]))
        n--;
    vb_str r = {NULL, v->pos};
    if (n || keep_empty)
        r.s = vb_strndup(L->pa, s, n);
    return r;
}

/* trimmed() for text, which is where a swallowed comment loses words. */
static vb_str text_of(ld *L, const node *v, bool keep_empty)
{
    vb_str r = trimmed(L, v, keep_empty);
    if (v->hash.line && v->plain)
        vb_warning(L->d, v->hash, "yaml-trap",
                   "text after ' #' was read as a comment; quote the string");
    else if (v->hash.line)
        vb_warning(L->d, v->hash, "yaml-trap",
                   "inside a | or > block '#' is text, not a comment; move the comment "
                   "out of the block");
    return r;
}

/* A string value: null leaves *out absent. False when v is not a string
 * (reported, unless it was already). */
static bool get_str(ld *L, const node *v, const char *what, vb_str *out)
{
    if (v->kind == N_BAD)
        return false;
    if (v->kind == N_SCALAR) {
        if (!is_null(v))
            *out = text_of(L, v, false);
        return true;
    }
    if (!trap(L, v, NULL))
        type_error(L, v, what, "a string");
    return false;
}

static bool get_bool(ld *L, const node *v, const char *what, bool *out)
{
    if (is_null(v))
        return true;
    if (v->kind == N_SCALAR && v->plain) {
        static const char *const yes[] = {"true", "True", "TRUE"};
        static const char *const no[] = {"false", "False", "FALSE"};
        for (size_t i = 0; i < 3; i++) {
            if (!strcmp(v->s, yes[i]) || !strcmp(v->s, no[i])) {
                *out = !strcmp(v->s, yes[i]);
                return true;
            }
        }
    }
    if (v->kind == N_SCALAR)
        vb_error(L->d, v->pos, "type", "expected true or false for '%s', found '%s'", what,
                 show(L, v->s));
    else
        type_error(L, v, what, "true or false");
    return false;
}

/* --------------------------------------------------------- suggestions */

/* Optimal-string-alignment distance over code points, ASCII folded to
 * lower case: "titel" -> "title" is 1, "Thanh tien" -> "Thành tiền" is 2. */
static int distance(const char *a, const char *b)
{
    enum { MAXC = 64 };
    int32_t x[MAXC], y[MAXC];
    size_t nx = 0, ny = 0, i = 0, la = strlen(a), lb = strlen(b);
    while (i < la && nx < MAXC) {
        int32_t c = vb_utf8_next(a, la, &i);
        x[nx++] = c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
    if (i < la)
        return 1000;
    for (i = 0; i < lb && ny < MAXC;) {
        int32_t c = vb_utf8_next(b, lb, &i);
        y[ny++] = c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
    if (i < lb)
        return 1000;
    int d[3][MAXC + 1]; /* rows i-2, i-1, i */
    for (size_t j = 0; j <= ny; j++)
        d[0][j] = (int)j;
    for (size_t r = 1; r <= nx; r++) {
        int *cur = d[r % 3], *prev = d[(r + 2) % 3], *prev2 = d[(r + 1) % 3];
        cur[0] = (int)r;
        for (size_t j = 1; j <= ny; j++) {
            int cost = x[r - 1] != y[j - 1];
            int v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (r > 1 && j > 1 && x[r - 1] == y[j - 2] && x[r - 2] == y[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
        }
    }
    return d[nx % 3][ny];
}

/* Index of the candidate closest to word when close enough, else -1. */
static int closest(const char *word, const char *const *cands, size_t n)
{
    int best = -1, bestd = 1000;
    size_t wl = vb_utf8_count(word, strlen(word));
    for (size_t i = 0; i < n; i++) {
        if (!cands[i])
            continue;
        int dd = distance(word, cands[i]);
        size_t cl = vb_utf8_count(cands[i], strlen(cands[i]));
        size_t shorter = wl < cl ? wl : cl;
        int allowed = shorter <= 3 ? 1 : shorter <= 8 ? 2 : 3;
        if (dd <= allowed && (size_t)dd < shorter && dd < bestd) {
            best = (int)i;
            bestd = dd;
        }
    }
    return best;
}

/* ------------------------------------------------------ keyed mappings */

typedef struct keydef keydef;
/* A key's handler: v is the value, dst the mapping's object plus k->off. */
typedef void (*key_fn)(ld *L, const keydef *k, const char *what, const node *v, void *dst);

enum { K_REQUIRED = 1 };

struct keydef {
    const char *name;
    key_fn fn;
    size_t off;
    unsigned flags;
    const keytab *sub; /* h_map, and required sub-mappings: their keys */
};

struct keytab {
    const char *name;    /* the mapping's name in vb_load_schema() and in
                          * docs/plan.schema.json's definitions */
    const char *where;   /* prefix of key names in messages: "agency." */
    const keydef *keys;
    size_t n;
    const keytab *also;  /* further keys to suggest for a misspelt key */
};

#define KEYTAB(name, where, keys, also) {name, where, keys, sizeof keys / sizeof *keys, also}
/* walk_map keeps the keys seen in a 32-bit set: a table holds at most 31
 * keys (the plan's own has 20); bit 31 flags a wrong key. */
#define SEEN_UNKNOWN (1u << 31)

static int find_key(const keytab *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->keys[i].name, name))
            return (int)i;
    return -1;
}

static const node *map_get(const node *m, const char *name)
{
    for (size_t i = 0; i + 1 < m->n; i += 2)
        if (m->kids[i]->kind == N_SCALAR && !strcmp(m->kids[i]->s, name))
            return m->kids[i + 1];
    return NULL;
}

/* "agency." + "name": built for every key walked, so joined by hand
 * rather than through printf. */
static const char *key_path(ld *L, const keytab *t, const char *name)
{
    if (!*t->where)
        return name;
    size_t a = strlen(t->where), b = strlen(name);
    char *s = vb_alloc_nozero(&L->tmp, a + b + 1);
    memcpy(s, t->where, a);
    memcpy(s + a, name, b + 1);
    return s;
}

/* The key of t (or of t->also) closest to word, when close enough. */
static const char *suggest_key(const keytab *t, const char *word)
{
    const char *cands[64];
    size_t n = 0;
    for (const keytab *x = t; x && n < 64; x = x->also)
        for (size_t i = 0; i < x->n && n < 64; i++)
            cands[n++] = x->keys[i].name;
    int s = closest(word, cands, n);
    return s >= 0 ? cands[s] : NULL;
}

/* "unknown key 'titel'; did you mean 'title'?"; returns the suggested
 * key's index in t, or -1. */
static int unknown_key(ld *L, const keytab *t, const node *k)
{
    const char *s = suggest_key(t, k->s);
    if (s) {
        vb_error(L->d, k->pos, "unknown-key", "unknown key '%s'; did you mean '%s'?",
                 show(L, k->s), s);
        return find_key(t, s);
    }
    vb_buf b;
    vb_buf_init(&b);
    for (size_t i = 0; i < t->n; i++)
        vb_buf_printf(&b, "%s%s", i ? ", " : "", t->keys[i].name);
    vb_error(L->d, k->pos, "unknown-key", "unknown key '%s'; expected one of: %s",
             show(L, k->s), b.data ? b.data : "");
    vb_buf_free(&b);
    return -1;
}

static void missing(ld *L, const keytab *t, const keydef *k, vb_pos at)
{
    if (!k->sub) {
        vb_error(L->d, at, "missing", "missing required key '%s'", key_path(L, t, k->name));
        return;
    }
    for (size_t i = 0; i < k->sub->n; i++)
        if (k->sub->keys[i].flags & K_REQUIRED)
            vb_error(L->d, at, "missing", "missing required key '%s'",
                     key_path(L, k->sub, k->sub->keys[i].name));
}

/* Walk mapping m against table t, filling obj. Returns the bit set of the
 * keys seen, plus SEEN_UNKNOWN when a key was wrong. */
static uint32_t walk_map(ld *L, const keytab *t, const node *m, void *obj)
{
    vb_pos first[32] = {{0, 0}};
    uint32_t seen = 0, suggested = 0;
    for (size_t i = 0; i + 1 < m->n && !full(L); i += 2) {
        const node *k = m->kids[i], *v = m->kids[i + 1];
        if (k->kind != N_SCALAR) {
            if (k->kind != N_BAD)
                vb_error(L->d, k->pos, "type", "a key must be a name such as 'title', found %s",
                         kind_name(k));
            seen |= SEEN_UNKNOWN;
            continue;
        }
        int idx = find_key(t, k->s);
        if (idx < 0) {
            int s = unknown_key(L, t, k);
            if (s >= 0)
                suggested |= 1u << s;
            seen |= SEEN_UNKNOWN;
            continue;
        }
        uint32_t bit = 1u << idx;
        if (seen & bit) {
            vb_error(L->d, k->pos, "duplicate-key", "duplicate key '%s' (first at line %d)",
                     k->s, first[idx].line);
            continue;
        }
        seen |= bit;
        first[idx] = k->pos;
        if (v->kind == N_BAD)
            continue;
        const keydef *kd = &t->keys[idx];
        kd->fn(L, kd, key_path(L, t, kd->name), v, (char *)obj + kd->off);
    }
    /* A misspelt required key was reported as unknown with the right name;
     * "missing" on top of that would be the same mistake twice. */
    for (size_t j = 0; j < t->n; j++)
        if ((t->keys[j].flags & K_REQUIRED) && !((seen | suggested) & (1u << j)))
            missing(L, t, &t->keys[j], m->pos);
    return seen;
}

/* ------------------------------------------------------------ handlers */

/* Handlers are declared here so that the key tables below can name them
 * and the handlers (further down) can name the tables. */
static void h_str(ld *, const keydef *, const char *, const node *, void *);
static void h_req_str(ld *, const keydef *, const char *, const node *, void *);
static void h_bool(ld *, const keydef *, const char *, const node *, void *);
static void h_map(ld *, const keydef *, const char *, const node *, void *);
static void h_version(ld *, const keydef *, const char *, const node *, void *);
static void h_contact(ld *, const keydef *, const char *, const node *, void *);
static void h_number(ld *, const keydef *, const char *, const node *, void *);
static void h_date(ld *, const keydef *, const char *, const node *, void *);
static void h_urgency(ld *, const keydef *, const char *, const node *, void *);
static void h_secrecy(ld *, const keydef *, const char *, const node *, void *);
static void h_numbering(ld *, const keydef *, const char *, const node *, void *);
static void h_preamble(ld *, const keydef *, const char *, const node *, void *);
static void h_blocks(ld *, const keydef *, const char *, const node *, void *);
static void h_recipients(ld *, const keydef *, const char *, const node *, void *);
static void h_archive(ld *, const keydef *, const char *, const node *, void *);
static void h_signer(ld *, const keydef *, const char *, const node *, void *);
static void h_appendices(ld *, const keydef *, const char *, const node *, void *);
static void h_orientation(ld *, const keydef *, const char *, const node *, void *);
static void h_sec_body(ld *, const keydef *, const char *, const node *, void *);
static void h_list(ld *, const keydef *, const char *, const node *, void *);
static void h_item_list(ld *, const keydef *, const char *, const node *, void *);
static void h_marker(ld *, const keydef *, const char *, const node *, void *);
static void h_table(ld *, const keydef *, const char *, const node *, void *);
static void h_columns(ld *, const keydef *, const char *, const node *, void *);
static void h_rows(ld *, const keydef *, const char *, const node *, void *);
static void h_total(ld *, const keydef *, const char *, const node *, void *);
static void h_colrefs(ld *, const keydef *, const char *, const node *, void *);
static void h_stated(ld *, const keydef *, const char *, const node *, void *);
static void h_cells(ld *, const keydef *, const char *, const node *, void *);
static void h_align(ld *, const keydef *, const char *, const node *, void *);
static void h_coltype(ld *, const keydef *, const char *, const node *, void *);
static void h_width(ld *, const keydef *, const char *, const node *, void *);
static void h_authority(ld *, const keydef *, const char *, const node *, void *);

/* A section's object: the block and its depth (level 1 = "I."). */
typedef struct secctx {
    vb_block b;
    int level;
} secctx;

/* A list item's object: its sub-list is built in place and copied to the
 * arena only when the item has one. */
typedef struct itemctx {
    vb_list_item it;
    vb_list sub;
    bool has_sub;
} itemctx;

/* ---------------------------------------------------------- key tables */

static const keydef contact_keys[] = {
    {"address", h_str, offsetof(vb_contact, address), 0, NULL},
    {"phone", h_str, offsetof(vb_contact, phone), 0, NULL},
    {"fax", h_str, offsetof(vb_contact, fax), 0, NULL},
    {"email", h_str, offsetof(vb_contact, email), 0, NULL},
    {"website", h_str, offsetof(vb_contact, website), 0, NULL},
};
static const keytab contact_tab = KEYTAB("contact", "agency.contact.", contact_keys, NULL);

static const keydef agency_keys[] = {
    {"parent", h_str, offsetof(vb_plan, agency_parent), 0, NULL},
    {"name", h_req_str, offsetof(vb_plan, agency_name), K_REQUIRED, NULL},
    {"short", h_str, offsetof(vb_plan, agency_short), 0, NULL},
    {"contact", h_contact, 0, 0, &contact_tab},
};
static const keytab agency_tab = KEYTAB("agency", "agency.", agency_keys, NULL);

static const keydef signer_keys[] = {
    {"collective", h_str, offsetof(vb_signer, collective), 0, NULL},
    {"authority", h_authority, offsetof(vb_signer, authority), 0, NULL},
    {"head", h_str, offsetof(vb_signer, head), 0, NULL},
    {"title", h_req_str, offsetof(vb_signer, title), K_REQUIRED, NULL},
    {"name", h_req_str, offsetof(vb_signer, name), K_REQUIRED, NULL},
    {"image", h_str, offsetof(vb_signer, image), 0, NULL},
    {"seal", h_str, offsetof(vb_signer, seal), 0, NULL},
};
static const keytab signer_tab = KEYTAB("signer", "signer.", signer_keys, NULL);

static const keydef plan_keys[] = {
    {"vanban", h_version, 0, 0, NULL},
    {"layout", h_str, offsetof(vb_plan, layout), 0, NULL},
    {"agency", h_map, 0, K_REQUIRED, &agency_tab},
    {"number", h_number, 0, 0, NULL},
    {"symbol", h_str, offsetof(vb_plan, symbol), 0, NULL},
    {"place", h_str, offsetof(vb_plan, place), 0, NULL},
    {"date", h_date, offsetof(vb_plan, date), 0, NULL},
    {"type", h_str, offsetof(vb_plan, type), 0, NULL},
    {"title", h_req_str, offsetof(vb_plan, title), K_REQUIRED, NULL},
    {"draft", h_bool, offsetof(vb_plan, draft), 0, NULL},
    {"urgency", h_urgency, offsetof(vb_plan, urgency), 0, NULL},
    {"secrecy", h_secrecy, offsetof(vb_plan, secrecy), 0, NULL},
    {"numbering", h_numbering, 0, 0, NULL},
    {"preamble", h_preamble, 0, 0, NULL},
    {"body", h_blocks, offsetof(vb_plan, body), 0, NULL},
    {"closing", h_str, offsetof(vb_plan, closing), 0, NULL},
    {"recipients", h_recipients, 0, 0, NULL},
    {"archive", h_archive, 0, 0, NULL},
    {"signer", h_signer, offsetof(vb_plan, signer), K_REQUIRED, &signer_tab},
    {"appendices", h_appendices, 0, 0, NULL},
};
static const keytab plan_tab = KEYTAB("plan", "", plan_keys, NULL);

static const keydef appendix_keys[] = {
    {"title", h_str, offsetof(vb_appendix, title), 0, NULL},
    {"orientation", h_orientation, offsetof(vb_appendix, orientation), 0, NULL},
    {"reference", h_str, offsetof(vb_appendix, reference), 0, NULL},
    {"body", h_blocks, offsetof(vb_appendix, body), 0, NULL},
};
static const keytab appendix_tab = KEYTAB("appendix", "", appendix_keys, NULL);

/* Every key a block may start with: what a misspelt block key is matched
 * against, and what tells a block from prose split by ': '. */
static const keydef block_any_keys[] = {
    {"title", NULL, 0, 0, NULL}, {"text", NULL, 0, 0, NULL},
    {"body", NULL, 0, 0, NULL},  {"number", NULL, 0, 0, NULL},
    {"list", NULL, 0, 0, NULL},  {"marker", NULL, 0, 0, NULL},
    {"table", NULL, 0, 0, NULL}, {"page_break", NULL, 0, 0, NULL},
};
static const keytab block_any_tab = KEYTAB("block", "", block_any_keys, NULL);

static const keydef section_keys[] = {
    {"title", h_str, offsetof(secctx, b.title), 0, NULL},
    {"text", h_str, offsetof(secctx, b.text), 0, NULL},
    {"body", h_sec_body, 0, 0, NULL},
    {"number", h_bool, offsetof(secctx, b.numbered), 0, NULL},
};
static const keytab section_tab = KEYTAB("section", "", section_keys, &block_any_tab);

static const keydef list_keys[] = {
    {"list", h_list, 0, K_REQUIRED, NULL},
    {"marker", h_marker, offsetof(vb_list, marker), 0, NULL},
};
static const keytab list_tab = KEYTAB("list", "", list_keys, NULL);

static const keydef item_keys[] = {
    {"text", h_req_str, offsetof(itemctx, it.text), K_REQUIRED, NULL},
    {"list", h_item_list, 0, 0, NULL},
    {"marker", h_marker, offsetof(itemctx, sub.marker), 0, NULL},
};
static const keytab item_tab = KEYTAB("list_item", "", item_keys, NULL);

static const keydef page_break_keys[] = {
    {"page_break", h_bool, 0, K_REQUIRED, NULL}, /* present: it picked this table */
};
static const keytab page_break_tab = KEYTAB("page_break", "", page_break_keys, NULL);

static const keydef table_block_keys[] = {
    {"table", h_table, 0, K_REQUIRED, NULL}, /* present: it picked this table */
};
static const keytab table_block_tab = KEYTAB("table_block", "", table_block_keys, NULL);

static const keydef table_keys[] = {
    {"unit", h_str, offsetof(vb_table, unit), 0, NULL},
    {"columns", h_columns, 0, K_REQUIRED, NULL},
    {"rows", h_rows, 0, K_REQUIRED, NULL},
    {"total", h_total, 0, 0, NULL},
    {"in_words", h_str, offsetof(vb_table, in_words), 0, NULL},
};
static const keytab table_tab = KEYTAB("table", "table.", table_keys, NULL);

static const keydef column_keys[] = {
    {"title", h_req_str, offsetof(vb_column, title), K_REQUIRED, NULL},
    {"align", h_align, offsetof(vb_column, align), 0, NULL},
    {"type", h_coltype, offsetof(vb_column, type), 0, NULL},
    {"auto_number", h_bool, offsetof(vb_column, auto_number), 0, NULL},
    {"equals", h_str, offsetof(vb_column, equals), 0, NULL},
    {"width", h_width, 0, 0, NULL},
    {"group", h_str, offsetof(vb_column, group), 0, NULL},
};
static const keytab column_tab = KEYTAB("column", "", column_keys, NULL);

static const keydef row_keys[] = {
    {"cells", h_cells, 0, K_REQUIRED, NULL},
    {"bold", h_bool, offsetof(vb_row, bold), 0, NULL},
    {"number", h_bool, offsetof(vb_row, number), 0, NULL},
};
static const keytab row_tab = KEYTAB("row", "", row_keys, NULL);

static const keydef group_keys[] = {
    {"group", h_req_str, offsetof(vb_row, group), K_REQUIRED, NULL},
};
static const keytab group_tab = KEYTAB("group_row", "", group_keys, NULL);

static const keydef total_keys[] = {
    {"label", h_str, offsetof(vb_table, total_label), 0, NULL},
    {"sum", h_colrefs, 0, 0, NULL},
    {"label_column", h_str, offsetof(vb_table, total_label_column), 0, NULL},
    {"stated", h_stated, 0, 0, NULL},
};
static const keytab total_tab = KEYTAB("total", "total.", total_keys, NULL);

/* ----------------------------------------------------- generic handlers */

static void h_str(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    get_str(L, v, what, dst);
}

static void h_req_str(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_str *s = dst;
    if (get_str(L, v, what, s) && !s->s)
        vb_error(L->d, v->pos, "empty", "'%s' is empty", what);
}

static void h_bool(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    get_bool(L, v, what, dst);
}

/* A sub-mapping filled against k->sub (agency). */
static void h_map(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    if (is_null(v))
        missing(L, &plan_tab, k, v->pos);
    else if (v->kind == N_MAP)
        walk_map(L, k->sub, v, dst);
    else
        type_error(L, v, what, "a mapping (indented 'key: value' lines)");
}

/* A scalar, or report that v is not one: for values that are words or
 * numbers rather than text. */
static const char *get_word(ld *L, const node *v, const char *what, const char *expected)
{
    if (v->kind == N_SCALAR && !is_null(v))
        return trimmed(L, v, false).s;
    if (v->kind != N_SCALAR)
        type_error(L, v, what, expected);
    return NULL;
}

typedef struct enumval {
    const char *name;
    int value;
} enumval;

/* Index of the value in vals, or -1 after an [enum] error. */
static int get_enum(ld *L, const node *v, const char *what, const enumval *vals, size_t n)
{
    const char *w = get_word(L, v, what, "a word");
    if (!w)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w, vals[i].name))
            return (int)i;
    const char *cands[16];
    vb_buf b;
    vb_buf_init(&b);
    for (size_t i = 0; i < n && i < 16; i++) {
        cands[i] = vals[i].name;
        vb_buf_printf(&b, "%s%s", i ? ", " : "", vals[i].name);
    }
    int s = closest(w, cands, n < 16 ? n : 16);
    if (s >= 0)
        vb_error(L->d, v->pos, "enum", "'%s' is not a valid %s; did you mean '%s'?", show(L, w),
                 what, cands[s]);
    else
        vb_error(L->d, v->pos, "enum", "'%s' is not a valid %s; expected one of: %s", show(L, w),
                 what, b.data);
    vb_buf_free(&b);
    return -1;
}

/* ------------------------------------------------------- plan handlers */

static void h_version(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    const char *w = get_word(L, v, what, "the number 1");
    if (w && strcmp(w, "1") != 0)
        vb_error(L->d, v->pos, "version",
                 "unsupported format version '%s'; this vanban reads version 1", show(L, w));
}

static void h_contact(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_plan *p = dst;
    if (is_null(v))
        return;
    if (v->kind != N_MAP) {
        type_error(L, v, what, "a mapping (address, phone, fax, email, website)");
        return;
    }
    walk_map(L, k->sub, v, &p->contact);
    const vb_contact *c = &p->contact;
    p->has_contact = c->address.s || c->phone.s || c->fax.s || c->email.s || c->website.s;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static void h_number(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_plan *p = dst;
    const char *w = get_word(L, v, what, "a positive whole number");
    if (!w)
        return;
    if (all_digits(w) && strlen(w) <= 9 && atol(w) > 0) {
        p->has_number = true;
        p->number = atol(w);
        p->number_pos = v->pos;
        return;
    }
    vb_error(L->d, v->pos, "number",
             "expected a positive whole number for 'number' (or nothing for a blank), found '%s'",
             show(L, w));
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in a month of the (proleptic) Gregorian calendar; 0 for no month. */
static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Read 1..max digits at *s; -1 when there are none or too many. */
static int take_digits(const char **s, int max)
{
    int v = 0, n = 0;
    while (**s >= '0' && **s <= '9') {
        if (++n > max)
            return -1;
        v = v * 10 + (**s - '0');
        (*s)++;
    }
    return n ? v : -1;
}

/* YYYY-MM-DD, YYYY-MM or YYYY into d: the number of parts read, 0 when
 * the form is wrong. */
static int parse_date(const char *s, vb_date *d)
{
    const char *q = s;
    int parts = 1;
    d->year = take_digits(&q, 4);
    if (d->year < 1000 || q - s != 4)
        return 0;
    d->month = d->day = 0;
    if (*q == '-') {
        q++;
        parts++;
        if ((d->month = take_digits(&q, 2)) < 0)
            return 0;
        if (*q == '-') {
            q++;
            parts++;
            if ((d->day = take_digits(&q, 2)) < 0)
                return 0;
        }
    }
    return *q == 0 ? parts : 0;
}

static void h_date(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_date *out = dst;
    const char *w = get_word(L, v, what, "a date (YYYY-MM-DD)");
    if (!w)
        return;
    vb_date d = {0, 0, 0, v->pos};
    int parts = parse_date(w, &d);
    if (!parts) {
        int a, b, y;
        char tail;
        if (sscanf(w, "%2d/%2d/%4d%c", &a, &b, &y, &tail) == 3 && y >= 1000)
            vb_error(L->d, v->pos, "date",
                     "expected a date as YYYY-MM-DD for 'date', found '%s'; write %04d-%02d-%02d",
                     show(L, w), y, b, a);
        else
            vb_error(L->d, v->pos, "date",
                     "expected a date as YYYY-MM-DD, YYYY-MM or YYYY for 'date', found '%s'",
                     show(L, w));
        return;
    }
    if (parts >= 2 && !month_days(d.year, d.month)) {
        vb_error(L->d, v->pos, "date", "'%s' is not a real date: there is no month %d", w,
                 d.month);
        return;
    }
    if (parts == 3 && (d.day < 1 || d.day > month_days(d.year, d.month))) {
        vb_error(L->d, v->pos, "date", "'%s' is not a real date: month %d of %d has %d days", w,
                 d.month, d.year, month_days(d.year, d.month));
        return;
    }
    *out = d;
}

/* An urgency or secrecy mark: one of a few fixed words, upper-cased, with
 * the old tone placement (HOẢ) accepted for HỎA. */
static void pick_mark(ld *L, const char *what, const node *v, vb_str *out,
                      const enumval *words, size_t n)
{
    if (is_null(v))
        return;
    const char *w = get_word(L, v, what, "a word");
    if (!w)
        return;
    const char *u = vb_upper(&L->tmp, w);
    if (!strcmp(u, "HOẢ TỐC"))
        u = "HỎA TỐC";
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(u, words[i].name)) {
            *out = (vb_str){vb_strdup(L->pa, words[i].name), v->pos};
            return;
        }
    }
    vb_buf b;
    vb_buf_init(&b);
    for (size_t i = 0; i < n; i++)
        vb_buf_printf(&b, "%s%s", i ? ", " : "", words[i].name);
    vb_error(L->d, v->pos, "enum", "'%s' is not a valid %s; expected one of: %s", show(L, w),
             what, b.data);
    vb_buf_free(&b);
}

static const enumval urgencies[] = {{"KHẨN", 0}, {"THƯỢNG KHẨN", 1}, {"HỎA TỐC", 2}};
static const enumval secrecies[] = {{"MẬT", 0}, {"TỐI MẬT", 1}, {"TUYỆT MẬT", 2}};

static void h_urgency(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    pick_mark(L, what, v, dst, urgencies, sizeof urgencies / sizeof *urgencies);
}

static void h_secrecy(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    pick_mark(L, what, v, dst, secrecies, sizeof secrecies / sizeof *secrecies);
}

static const enumval numstyles[] = {
    {"upper-roman", VB_NUM_UPPER_ROMAN}, {"decimal", VB_NUM_DECIMAL},
    {"decimal-nested", VB_NUM_DECIMAL_NESTED}, {"vi-alpha", VB_NUM_VI_ALPHA},
    {"lower-alpha", VB_NUM_VI_ALPHA}, {"dash", VB_NUM_DASH}, {"none", VB_NUM_NONE},
};

static void h_numbering(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_plan *p = dst;
    if (is_null(v))
        return;
    if (v->kind != N_SEQ) {
        type_error(L, v, what, "a list of styles such as [upper-roman, decimal, vi-alpha, dash]");
        return;
    }
    if (v->n > VB_MAX_LEVELS) {
        vb_error(L->d, v->kids[VB_MAX_LEVELS]->pos, "limit",
                 "'numbering' has %zu levels; at most %d are supported", v->n, VB_MAX_LEVELS);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const node *it = v->kids[i];
        if (it->kind == N_BAD)
            continue;
        int e = get_enum(L, it, "numbering style", numstyles,
                         sizeof numstyles / sizeof *numstyles);
        if (e < 0)
            continue;
        vb_numstyle st = (vb_numstyle)numstyles[e].value;
        /* "1.1." is made from the parent's number, so the parent must be
         * a plain decimal level. */
        if (st == VB_NUM_DECIMAL_NESTED &&
            (p->nnumbering == 0 || p->numbering[p->nnumbering - 1] != VB_NUM_DECIMAL)) {
            vb_error(L->d, it->pos, "enum",
                     "decimal-nested ('1.1.') must come directly after a decimal level");
            continue;
        }
        p->numbering[p->nnumbering++] = st;
    }
}

/* A list of strings into a fresh array; a single string too when
 * single_ok. Empty items are dropped with a warning. */
static void str_list(ld *L, const node *v, const char *what, bool single_ok, vb_str **out,
                     size_t *n)
{
    *n = 0;
    if (is_null(v))
        return;
    if (v->kind == N_SCALAR && single_ok) {
        *out = vb_alloc(L->pa, sizeof **out);
        get_str(L, v, what, *out);
        *n = (*out)->s != NULL;
        return;
    }
    if (v->kind != N_SEQ) {
        type_error(L, v, what, single_ok ? "a string or a list of strings"
                                          : "a list of strings ('- ' lines)");
        return;
    }
    *out = vb_alloc_array(L->pa, v->n ? v->n : 1, sizeof **out);
    for (size_t i = 0; i < v->n && !full(L); i++) {
        vb_str s = {NULL, v->kids[i]->pos};
        if (!get_str(L, v->kids[i], what, &s))
            continue;
        if (!s.s)
            vb_warning(L->d, v->kids[i]->pos, "empty", "empty item in '%s' ignored", what);
        else
            (*out)[(*n)++] = s;
    }
}

static void h_preamble(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_plan *p = dst;
    str_list(L, v, what, true, &p->preamble, &p->npreamble);
}

static void h_archive(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_plan *p = dst;
    str_list(L, v, what, true, &p->archive, &p->narchive);
}

/* The renderer writes "- " before each recipient and ";" after it, so a
 * typed one would print twice. */
static void strip_recipient(ld *L, vb_str *r)
{
    static const char *const leads[] = {"- ", "-\t", "– ", "+ ", "• "};
    char *s = r->s;
    const char *lead = NULL;
    for (size_t i = 0; i < sizeof leads / sizeof *leads && !lead; i++)
        if (!strncmp(s, leads[i], strlen(leads[i])))
            lead = leads[i];
    if (lead) {
        s += strlen(lead);
        while (is_ws(*s))
            s++;
    }
    size_t n = strlen(s);
    char tail = 0;
    while (n && (s[n - 1] == ';' || s[n - 1] == '.' || is_ws(s[n - 1]))) {
        if (!is_ws(s[n - 1]) && !tail)
            tail = s[n - 1];
        n--;
    }
    if (!lead && !tail)
        return;
    s[n] = 0;
    r->s = s;
    char what[40];
    int ll = lead ? (int)strcspn(lead, " \t") : 0;
    if (lead && tail)
        snprintf(what, sizeof what, "'%.*s ' and '%c'", ll, lead, tail);
    else if (lead)
        snprintf(what, sizeof what, "leading '%.*s '", ll, lead);
    else
        snprintf(what, sizeof what, "'%c' at the end", tail);
    vb_warning(L->d, r->pos, "recipient-punct",
               "removed the typed %s (the renderer adds '- ' and ';')", what);
}

static void h_recipients(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_plan *p = dst;
    p->recipients_pos = v->pos;
    str_list(L, v, what, false, &p->recipients, &p->nrecipients);
    size_t kept = 0;
    for (size_t i = 0; i < p->nrecipients; i++) {
        strip_recipient(L, &p->recipients[i]);
        if (*p->recipients[i].s)
            p->recipients[kept++] = p->recipients[i];
        else
            vb_warning(L->d, p->recipients[i].pos, "empty", "empty recipient ignored");
    }
    p->nrecipients = kept;
}

static const enumval authorities[] = {{"KT", 0}, {"TM", 1}, {"TL", 2}, {"TUQ", 3}, {"Q", 4}};

/* signer.authority is read as a string; check_authority() below judges it
 * once the whole signer is known (it needs signer.head). */
static void h_authority(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    get_str(L, v, what, dst);
}

/* authority: one of the ND30 words, "KT." accepted as "KT"; it needs the
 * head it signs for, and a head without an authority means nothing. */
static void check_authority(ld *L, vb_signer *s)
{
    if (!s->authority.s) {
        if (s->head.s)
            vb_error(L->d, s->head.pos, "missing",
                     "'signer.head' needs 'signer.authority' (KT, TM, TL, TUQ or Q)");
        return;
    }
    char *a = vb_strdup(L->pa, s->authority.s);
    size_t n = strlen(a);
    while (n && (a[n - 1] == '.' || is_ws(a[n - 1])))
        a[--n] = 0;
    for (char *c = a; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 32);
    for (size_t i = 0; i < sizeof authorities / sizeof *authorities; i++) {
        if (!strcmp(a, authorities[i].name)) {
            s->authority.s = a;
            if (!s->head.s)
                vb_error(L->d, s->pos, "missing",
                         "'signer.authority: %s' needs 'signer.head', the title of the head "
                         "signed for (e.g. GIÁM ĐỐC)", a);
            return;
        }
    }
    vb_error(L->d, s->authority.pos, "enum",
             "'%s' is not a valid signer.authority; expected one of: KT, TM, TL, TUQ, Q",
             show(L, s->authority.s));
}

static void h_signer(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_signer *s = dst;
    if (is_null(v)) {
        missing(L, &plan_tab, k, v->pos);
        return;
    }
    if (v->kind != N_MAP) {
        type_error(L, v, what, "a mapping (title, name, …)");
        return;
    }
    s->pos = v->pos;
    walk_map(L, k->sub, v, s);
    check_authority(L, s);
}

static const enumval orientations[] = {{"portrait", VB_PORTRAIT}, {"landscape", VB_LANDSCAPE}};

static void h_orientation(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    int e = get_enum(L, v, what, orientations, 2);
    if (e >= 0)
        *(vb_orientation *)dst = (vb_orientation)orientations[e].value;
}

static void h_appendices(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_plan *p = dst;
    if (is_null(v))
        return;
    if (v->kind != N_SEQ) {
        type_error(L, v, what, "a list of appendices ('- title: …')");
        return;
    }
    p->appendices = vb_alloc_array(L->pa, v->n ? v->n : 1, sizeof *p->appendices);
    for (size_t i = 0; i < v->n && !full(L); i++) {
        const node *it = v->kids[i];
        if (it->kind == N_BAD)
            continue;
        if (it->kind != N_MAP) {
            type_error(L, it, "appendices", "a mapping (title, orientation, body)");
            continue;
        }
        vb_appendix *a = &p->appendices[p->nappendices++];
        a->orientation = VB_PORTRAIT;
        a->pos = it->pos;
        walk_map(L, &appendix_tab, it, a);
    }
}

/* ------------------------------------------------------------- blocks */

static void blocks(ld *L, const node *v, const char *what, int level, vb_blocks *out);

static bool section(ld *L, const node *m, int level, vb_block *b)
{
    if (level > VB_MAX_LEVELS) {
        vb_error(L->d, m->pos, "limit", "sections are nested more than %d levels deep",
                 VB_MAX_LEVELS);
        return false;
    }
    secctx c = {.level = level};
    c.b.kind = VB_BLOCK_SECTION;
    c.b.pos = m->pos;
    c.b.numbered = true;
    uint32_t seen = walk_map(L, &section_tab, m, &c);
    /* bits 0..2: title, text, body (section_keys' order). After a wrong
     * key the writer has been told enough. */
    if (!(seen & 7u)) {
        if (!(seen & SEEN_UNKNOWN))
            vb_error(L->d, m->pos, "missing", "a section needs 'title', 'text' or 'body'");
        return false;
    }
    *b = c.b;
    return true;
}

static void h_sec_body(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    secctx *c = dst;
    blocks(L, v, what, c->level + 1, &c->b.body);
}

/* One element of a body list into b; false when it adds nothing. */
static bool block(ld *L, const node *it, int level, vb_block *b)
{
    memset(b, 0, sizeof *b);
    b->pos = it->pos;
    switch (it->kind) {
    case N_BAD:
        return false;
    case N_SCALAR:
        b->kind = VB_BLOCK_PARA;
        if (!is_null(it))
            b->text = text_of(L, it, false);
        if (!b->text.s)
            vb_warning(L->d, it->pos, "empty", "empty paragraph ignored");
        return b->text.s != NULL;
    case N_SEQ:
        vb_error(L->d, it->pos, "type",
                 "expected a paragraph or a block (title/text/body, list, table, page_break), "
                 "found a list inside the list");
        return false;
    default:
        break;
    }
    if (map_get(it, "table")) {
        b->kind = VB_BLOCK_TABLE;
        walk_map(L, &table_block_tab, it, &b->table);
        return b->table != NULL;
    }
    if (map_get(it, "page_break")) {
        bool on = false;
        b->kind = VB_BLOCK_PAGE_BREAK;
        walk_map(L, &page_break_tab, it, &on);
        return on;
    }
    if (map_get(it, "list")) {
        b->kind = VB_BLOCK_LIST;
        b->list = vb_alloc(L->pa, sizeof *b->list);
        b->list->pos = it->pos;
        walk_map(L, &list_tab, it, b->list);
        return true;
    }
    if (trap(L, it, &block_any_tab))
        return false;
    return section(L, it, level, b);
}

static void blocks(ld *L, const node *v, const char *what, int level, vb_blocks *out)
{
    if (is_null(v) || v->kind == N_BAD)
        return;
    if (v->kind != N_SEQ) {
        if (v->kind == N_SCALAR)
            vb_error(L->d, v->pos, "type",
                     "expected a list of blocks for '%s', found a string; start the paragraph "
                     "with '- ' on its own line, or use 'text:'", what);
        else if (!trap(L, v, &block_any_tab))
            type_error(L, v, what, "a list of blocks ('- ' lines)");
        return;
    }
    out->items = vb_alloc_array(L->pa, v->n ? v->n : 1, sizeof *out->items);
    out->n = 0;
    for (size_t i = 0; i < v->n && !full(L); i++)
        if (block(L, v->kids[i], level, &out->items[out->n]))
            out->n++;
}

static void h_blocks(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    blocks(L, v, what, 1, dst);
}

/* --------------------------------------------------------------- lists */

static void list_items(ld *L, const node *v, const char *what, vb_list *l);

static void h_list(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    list_items(L, v, what, dst);
}

static void h_item_list(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    itemctx *c = dst;
    c->has_sub = true;
    c->sub.pos = v->pos;
    list_items(L, v, what, &c->sub);
}

static const enumval markers[] = {{"-", 0}, {"+", 1}, {"*", 2}, {"•", 3}};

static void h_marker(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    int e = get_enum(L, v, what, markers, 4);
    if (e >= 0)
        *(vb_str *)dst = (vb_str){vb_strdup(L->pa, markers[e].name), v->pos};
}

static bool list_item(ld *L, const node *it, vb_list_item *out)
{
    switch (it->kind) {
    case N_BAD:
        return false;
    case N_SCALAR:
        out->text = is_null(it) ? (vb_str){NULL, it->pos} : text_of(L, it, false);
        if (!out->text.s)
            vb_warning(L->d, it->pos, "empty", "empty list item ignored");
        return out->text.s != NULL;
    case N_SEQ:
        vb_error(L->d, it->pos, "type",
                 "expected a string or {text, list} for a list item, found a list");
        return false;
    default:
        break;
    }
    if (trap(L, it, &item_tab))
        return false;
    itemctx c;
    memset(&c, 0, sizeof c);
    uint32_t seen = walk_map(L, &item_tab, it, &c);
    if (c.has_sub) {
        out->sub = vb_alloc(L->pa, sizeof *out->sub);
        *out->sub = c.sub;
    }
    out->text = c.it.text;
    return out->text.s && !(seen & SEEN_UNKNOWN);
}

static void list_items(ld *L, const node *v, const char *what, vb_list *l)
{
    if (v->kind == N_BAD)
        return;
    if (v->kind != N_SEQ) {
        type_error(L, v, what, "a list of items ('- ' lines or [a, b])");
        return;
    }
    if (!v->n)
        vb_warning(L->d, v->pos, "empty", "the list has no items");
    l->items = vb_alloc_array(L->pa, v->n ? v->n : 1, sizeof *l->items);
    for (size_t i = 0; i < v->n && !full(L); i++) {
        vb_list_item *it = &l->items[l->n];
        memset(it, 0, sizeof *it);
        if (list_item(L, v->kids[i], it))
            l->n++;
    }
}

/* -------------------------------------------------------------- tables */

static void table_checks(ld *L, vb_table *t);

static void h_table(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_table **out = dst;
    if (v->kind != N_MAP) {
        type_error(L, v, what, "a mapping with columns and rows");
        return;
    }
    vb_table *t = vb_alloc(L->pa, sizeof *t);
    t->pos = v->pos;
    walk_map(L, &table_tab, v, t);
    table_checks(L, t);
    *out = t;
}

static void h_columns(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_table *t = dst;
    if (v->kind != N_SEQ) {
        type_error(L, v, what, "a list of columns ('- {title: …}')");
        return;
    }
    if (v->n > MAX_COLS) {
        vb_error(L->d, v->kids[MAX_COLS]->pos, "limit", "a table has at most %d columns",
                 MAX_COLS);
        return;
    }
    t->cols = vb_alloc_array(L->pa, v->n ? v->n : 1, sizeof *t->cols);
    for (size_t i = 0; i < v->n; i++) {
        const node *it = v->kids[i];
        vb_column *c = &t->cols[t->ncols++];
        c->pos = it->pos;
        c->align = VB_ALIGN_AUTO;
        c->type = VB_COL_TEXT;
        if (it->kind == N_MAP)
            walk_map(L, &column_tab, it, c);
        else if (it->kind != N_BAD)
            type_error(L, it, "columns", "a mapping such as {title: Stt}");
    }
}

static const enumval aligns[] = {
    {"left", VB_ALIGN_LEFT}, {"center", VB_ALIGN_CENTER}, {"right", VB_ALIGN_RIGHT}};

static void h_align(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    int e = get_enum(L, v, what, aligns, 3);
    if (e >= 0)
        *(vb_align *)dst = (vb_align)aligns[e].value;
}

static const enumval coltypes[] = {{"text", VB_COL_TEXT},
                                   {"integer", VB_COL_INTEGER},
                                   {"money", VB_COL_MONEY},
                                   {"decimal", VB_COL_DECIMAL}};

static void h_coltype(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    int e = get_enum(L, v, what, coltypes, 4);
    if (e >= 0)
        *(vb_coltype *)dst = (vb_coltype)coltypes[e].value;
}

/* A decimal number with '.' or ',' as the decimal mark; locale-free, unlike
 * strtod. *end gets the first character after it. */
static bool parse_decimal(const char *s, double *out, const char **end)
{
    /* digits accumulate as an integer and are divided once, so that "0.3"
     * is the double nearest 0.3 */
    double v = 0, scale = 1;
    bool digits = false, frac = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            digits = true;
            if (frac)
                scale *= 10;
            v = v * 10 + (*s - '0');
        } else if ((*s == '.' || *s == ',') && !frac) {
            frac = true;
        } else {
            break;
        }
    }
    *out = v / scale;
    *end = s;
    return digits;
}

static void h_width(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_column *c = dst;
    const char *w = get_word(L, v, what, "a number such as 0.25 or a size such as '25mm'");
    if (!w)
        return;
    double x;
    const char *end;
    if (parse_decimal(w, &x, &end) && x > 0) {
        while (*end == ' ')
            end++;
        if (!*end && x <= 1) {
            c->width_frac = x;
            return;
        }
        if (!strcmp(end, "mm") && x <= 1000) {
            c->width_mm = x;
            return;
        }
        if (!*end) {
            vb_error(L->d, v->pos, "number",
                     "a width without a unit is a fraction of the table (at most 1); write "
                     "'%smm' for millimetres", w);
            return;
        }
    }
    vb_error(L->d, v->pos, "number",
             "expected a width such as 0.25 (a fraction) or '25mm' for 'width', found '%s'",
             show(L, w));
}

/* One table cell: the scalar as written; a YAML null is s == NULL. */
static bool cell(ld *L, const node *v, vb_cell *c)
{
    c->text = (vb_str){NULL, v->pos};
    c->plain = v->kind == N_SCALAR && v->plain;
    if (v->kind == N_SCALAR) {
        if (!is_null(v))
            c->text = text_of(L, v, true);
        return true;
    }
    if (v->kind != N_BAD && !trap(L, v, NULL))
        vb_error(L->d, v->pos, "type", "a cell holds one value, found %s", kind_name(v));
    return false;
}

static void cells(ld *L, const node *v, vb_row *r)
{
    r->cells = vb_alloc_array(L->pa, v->n ? v->n : 1, sizeof *r->cells);
    r->ncells = v->n;
    for (size_t i = 0; i < v->n; i++)
        cell(L, v->kids[i], &r->cells[i]);
}

static void h_cells(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    if (v->kind == N_SEQ)
        cells(L, v, dst);
    else
        type_error(L, v, what, "a list of cells");
}

static bool row(ld *L, const node *v, vb_row *r)
{
    r->pos = v->pos;
    r->kind = VB_ROW_CELLS;
    r->number = true;
    switch (v->kind) {
    case N_BAD:
        return false;
    case N_SEQ:
        cells(L, v, r);
        return true;
    case N_SCALAR:
        if (is_null(v))
            vb_error(L->d, v->pos, "empty", "empty row; delete the '-' or give the cells");
        else
            vb_error(L->d, v->pos, "type",
                     "expected a list of cells, {cells: …} or {group: …} for a row, found a "
                     "string");
        return false;
    default:
        break;
    }
    if (map_get(v, "group")) {
        r->kind = VB_ROW_GROUP;
        return !(walk_map(L, &group_tab, v, r) & SEEN_UNKNOWN);
    }
    if (trap(L, v, &row_tab))
        return false;
    return !(walk_map(L, &row_tab, v, r) & SEEN_UNKNOWN) && r->cells;
}

static void h_rows(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_table *t = dst;
    if (is_null(v))
        return;
    if (v->kind != N_SEQ) {
        type_error(L, v, what, "a list of rows");
        return;
    }
    size_t n = v->n < MAX_ROWS ? v->n : MAX_ROWS;
    t->rows = vb_alloc_array(L->pa, n ? n : 1, sizeof *t->rows);
    for (size_t i = 0; i < v->n && !full(L); i++) {
        if (i == MAX_ROWS) {
            vb_error(L->d, v->kids[i]->pos, "limit", "a table has at most %d rows", MAX_ROWS);
            break;
        }
        /* A row that fails stays as a blank group row (never seen: the plan
         * is dropped on errors) so that "row N" below counts as the
         * writer does. */
        vb_row *r = &t->rows[t->nrows++];
        memset(r, 0, sizeof *r);
        if (!row(L, v->kids[i], r))
            *r = (vb_row){.kind = VB_ROW_GROUP, .pos = r->pos};
    }
}

static void h_total(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_table *t = dst;
    if (is_null(v))
        return;
    if (v->kind != N_MAP) {
        type_error(L, v, what, "a mapping (label, sum, label_column, stated)");
        return;
    }
    t->has_total = true;
    t->total_pos = v->pos;
    walk_map(L, &total_tab, v, t);
    if (!t->total_label.s)
        t->total_label = (vb_str){vb_strdup(L->pa, "Tổng"), {0, 0}};
}

static void h_colrefs(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_table *t = dst;
    str_list(L, v, what, true, &t->total_sum, &t->ntotal_sum);
}

static void h_stated(ld *L, const keydef *k, const char *what, const node *v, void *dst)
{
    vb_table *t = dst;
    if (is_null(v))
        return;
    if (v->kind != N_MAP) {
        type_error(L, v, what, "a mapping of column titles to figures");
        return;
    }
    if (v->n / 2 > MAX_COLS) {
        vb_error(L->d, v->pos, "limit", "'%s' names more than %d columns", what, MAX_COLS);
        return;
    }
    t->stated = vb_alloc_array(L->pa, v->n / 2 + 1, sizeof *t->stated);
    for (size_t i = 0; i + 1 < v->n; i += 2) {
        const node *key = v->kids[i], *val = v->kids[i + 1];
        if (key->kind != N_SCALAR) {
            if (key->kind != N_BAD)
                vb_error(L->d, key->pos, "type", "expected a column title, found %s",
                         kind_name(key));
            continue;
        }
        vb_stated *st = &t->stated[t->nstated];
        st->column = text_of(L, key, true);
        bool dup = false;
        for (size_t j = 0; j < t->nstated && !dup; j++) {
            if (!strcmp(t->stated[j].column.s, st->column.s)) {
                vb_error(L->d, key->pos, "duplicate-key", "duplicate key '%s' (first at line %d)",
                         show(L, st->column.s), t->stated[j].column.pos.line);
                dup = true;
            }
        }
        if (!dup && cell(L, val, &st->value))
            t->nstated++;
    }
}

/* Column references: a title of this table, or an error that names the
 * closest one. */
static const char *const *col_titles(ld *L, const vb_table *t)
{
    const char **v = vb_alloc_array(&L->tmp, t->ncols + 1, sizeof *v);
    for (size_t i = 0; i < t->ncols; i++)
        v[i] = t->cols[i].title.s;
    return v;
}

static bool has_col(const vb_table *t, const char *title)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i].title.s && !strcmp(t->cols[i].title.s, title))
            return true;
    return false;
}

static void no_column(ld *L, const vb_table *t, const char *what, const char *name, vb_pos at)
{
    int s = closest(name, col_titles(L, t), t->ncols);
    if (s >= 0) {
        vb_error(L->d, at, "table-column", "%s: no column titled '%s'; did you mean '%s'?", what,
                 show(L, name), t->cols[s].title.s);
        return;
    }
    vb_buf b;
    vb_buf_init(&b);
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i].title.s)
            vb_buf_printf(&b, "%s'%s'", b.len ? ", " : "", t->cols[i].title.s);
    vb_error(L->d, at, "table-column", "%s: no column titled '%s'; the columns are %s", what,
             show(L, name), b.data ? b.data : "untitled");
    vb_buf_free(&b);
}

static void col_ref(ld *L, const vb_table *t, const char *what, const vb_str *ref)
{
    if (ref->s && !has_col(t, ref->s))
        no_column(L, t, what, ref->s, ref->pos);
}

/* equals: the identifiers between + - * ( ) must be column titles (or
 * numbers). Titles may hold spaces or parentheses, so the longest title
 * that matches at a place wins. */
static void check_equals(ld *L, const vb_table *t, const vb_column *c)
{
    const char *s = c->equals.s;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        if (is_ws(s[i]) || strchr("+-*()", s[i])) {
            i++;
            continue;
        }
        size_t best = 0;
        for (size_t j = 0; j < t->ncols; j++) {
            const char *ti = t->cols[j].title.s;
            size_t tl = ti ? strlen(ti) : 0;
            if (tl > best && !strncmp(s + i, ti, tl) &&
                (!s[i + tl] || is_ws(s[i + tl]) || strchr("+-*()", s[i + tl])))
                best = tl;
        }
        if (!best && s[i] >= '0' && s[i] <= '9')
            best = strspn(s + i, "0123456789.,");
        if (!best) {
            best = strcspn(s + i, "+-*()");
            size_t e = best;
            while (e && is_ws(s[i + e - 1]))
                e--;
            char *name = vb_strndup(&L->tmp, s + i, e);
            no_column(L, t, "equals", name, c->equals.pos);
        }
        i += best;
    }
}

/* Checks that need the whole table: columns may come after rows. */
static void table_checks(ld *L, vb_table *t)
{
    if (!t->ncols)
        return;
    for (size_t i = 0; i < t->nrows && !full(L); i++) {
        const vb_row *r = &t->rows[i];
        if (r->kind == VB_ROW_CELLS && r->ncells != t->ncols)
            vb_error(L->d, r->pos, "table-cells", "row %zu has %zu cell%s; the table has %zu "
                     "columns", i + 1, r->ncells, r->ncells == 1 ? "" : "s", t->ncols);
    }
    for (size_t i = 0; i < t->ntotal_sum; i++)
        col_ref(L, t, "total.sum", &t->total_sum[i]);
    col_ref(L, t, "total.label_column", &t->total_label_column);
    for (size_t i = 0; i < t->nstated; i++)
        col_ref(L, t, "total.stated", &t->stated[i].column);
    col_ref(L, t, "in_words", &t->in_words);
    for (size_t i = 0; i < t->ncols && !full(L); i++)
        if (t->cols[i].equals.s)
            check_equals(L, t, &t->cols[i]);
}

/* ---------------------------------------------------------- the plan */

static void build(ld *L, const node *root)
{
    vb_plan *p = L->p;
    if (!root || is_null(root)) {
        vb_pos at = {1, 1};
        vb_error(L->d, at, "empty",
                 "the plan is empty; it needs at least agency, title and signer");
        return;
    }
    if (root->kind == N_BAD)
        return;
    if (root->kind != N_MAP) {
        vb_error(L->d, root->pos, "type",
                 "a plan is a mapping of 'key: value' lines (agency:, title:, …), found %s",
                 kind_name(root));
        return;
    }
    walk_map(L, &plan_tab, root, p);
    if (!p->type.s)
        p->type = (vb_str){vb_strdup(L->pa, "KẾ HOẠCH"), {0, 0}};
}

vb_plan *vb_plan_load_mem(const char *data, size_t len, const char *name, const char *dir,
                          const vb_load_opts *o, vb_diags *d)
{
    vb_plan *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    vb_arena_init(&p->arena);
    p->file = vb_strdup(&p->arena, name ? name : "<memory>");
    p->dir = vb_strdup(&p->arena, dir ? dir : ".");
    p->version = 1;

    ld L = {.p = p, .pa = &p->arena, .d = d, .src = data ? data : "", .len = data ? len : 0};
    vb_arena_init(&L.tmp);
    size_t errors0 = d->errors;
    size_t max = o && o->max_bytes ? o->max_bytes : LOAD_MAX_BYTES;
    L.max_depth = o && o->max_depth > 0 ? o->max_depth : LOAD_MAX_DEPTH;
    if (L.max_depth > LOAD_DEPTH_CAP)
        L.max_depth = LOAD_DEPTH_CAP;

    if (L.len > max) {
        vb_error(d, NOPOS, "limit", "the file is larger than the limit of %zu bytes", max);
    } else {
        if (L.len >= 3 && !memcmp(L.src, "\xEF\xBB\xBF", 3)) {
            L.src += 3;
            L.len -= 3;
        }
        node *root = NULL;
        if (hygiene(&L) && read_tree(&L, &root))
            build(&L, root);
    }
    vb_arena_free(&L.tmp);
    if (d->errors > errors0) {
        vb_plan_free(p);
        return NULL;
    }
    return p;
}

/* At most max + 1 bytes, so that an endless stdin cannot hang or exhaust
 * memory. NULL with errno set on a read error. */
static char *read_limited(FILE *f, size_t max, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                abort();
            buf = nb;
        }
        size_t want = cap - n;
        if (want > max + 1 - n)
            want = max + 1 - n;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (got < want || n > max)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        errno = e ? e : EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

vb_plan *vb_plan_load_file(const char *path, const vb_load_opts *o, vb_diags *d)
{
    bool is_stdin = !strcmp(path, "-");
    if (is_stdin && (!d->file || !strcmp(d->file, "-")))
        d->file = "<stdin>";
    size_t max = o && o->max_bytes ? o->max_bytes : LOAD_MAX_BYTES;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        vb_error(d, NOPOS, "io", "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t len = 0;
    errno = 0;
    char *buf = read_limited(f, max, &len);
    int err = errno;
    if (!is_stdin)
        fclose(f);
    if (!buf) {
        vb_error(d, NOPOS, "io", "cannot read '%s': %s", is_stdin ? "<stdin>" : path,
                 strerror(err));
        return NULL;
    }
    /* The plan's own directory, for layout and images named in it. */
    char *dir = NULL;
    const char *slash = is_stdin ? NULL : strrchr(path, '/');
    if (slash) {
        size_t dl = slash == path ? 1 : (size_t)(slash - path);
        dir = malloc(dl + 1);
        if (!dir)
            abort();
        memcpy(dir, path, dl);
        dir[dl] = 0;
    }
    vb_plan *p = vb_plan_load_mem(buf, len, is_stdin ? "<stdin>" : path, dir ? dir : ".", o, d);
    free(dir);
    free(buf);
    return p;
}

/* ------------------------------------------------------------- schema */

/* What each handler accepts, for vb_load_schema(): the type word of
 * load.h, the mappings its value holds and the words of an enum. A handler
 * missing here shows as type "?", which tests/unit/test_schema.c refuses. */
typedef struct keykind {
    key_fn fn;
    const char *type;
    const keytab *sub[VB_SCHEMA_MAX_SUBS];
    const enumval *vals;
    size_t nvals;
} keykind;

#define KIND_ENUM(fn, type, vals) {fn, type, {NULL}, vals, sizeof vals / sizeof *vals}
#define BLOCK_TABS {&section_tab, &list_tab, &table_block_tab, &page_break_tab}

static const keykind keykinds[] = {
    {h_str, "string", {NULL}, NULL, 0},
    {h_req_str, "nonblank-string", {NULL}, NULL, 0},
    {h_bool, "boolean", {NULL}, NULL, 0},
    {h_map, "mapping", {NULL}, NULL, 0},     /* the keydef's sub */
    {h_contact, "mapping", {NULL}, NULL, 0}, /* the keydef's sub */
    {h_signer, "mapping", {NULL}, NULL, 0},  /* the keydef's sub */
    {h_version, "version", {NULL}, NULL, 0},
    {h_number, "positive-integer", {NULL}, NULL, 0},
    {h_date, "date", {NULL}, NULL, 0},
    KIND_ENUM(h_urgency, "enum", urgencies),
    KIND_ENUM(h_secrecy, "enum", secrecies),
    KIND_ENUM(h_authority, "enum", authorities),
    KIND_ENUM(h_orientation, "enum", orientations),
    KIND_ENUM(h_marker, "enum", markers),
    KIND_ENUM(h_align, "enum", aligns),
    KIND_ENUM(h_coltype, "enum", coltypes),
    KIND_ENUM(h_numbering, "enum-list", numstyles),
    {h_preamble, "strings", {NULL}, NULL, 0},
    {h_archive, "strings", {NULL}, NULL, 0},
    {h_colrefs, "strings", {NULL}, NULL, 0},
    {h_recipients, "string-list", {NULL}, NULL, 0},
    {h_blocks, "blocks", BLOCK_TABS, NULL, 0},
    {h_sec_body, "blocks", BLOCK_TABS, NULL, 0},
    {h_appendices, "mapping-list", {&appendix_tab}, NULL, 0},
    {h_columns, "mapping-list", {&column_tab}, NULL, 0},
    {h_list, "items", {&item_tab}, NULL, 0},
    {h_item_list, "items", {&item_tab}, NULL, 0},
    {h_table, "mapping", {&table_tab}, NULL, 0},
    {h_total, "mapping", {&total_tab}, NULL, 0},
    {h_rows, "rows", {&row_tab, &group_tab}, NULL, 0},
    {h_cells, "cells", {NULL}, NULL, 0},
    {h_stated, "figures", {NULL}, NULL, 0},
    {h_width, "width", {NULL}, NULL, 0},
};

static const keykind *kind_of(key_fn fn)
{
    for (size_t i = 0; i < sizeof keykinds / sizeof *keykinds; i++)
        if (keykinds[i].fn == fn)
            return &keykinds[i];
    return NULL;
}

/* Add t to the list of mappings still to describe unless it is there. */
static void add_sub(vb_schema_key *s, const keytab *t, const keytab **queue, size_t *nq,
                    size_t qcap)
{
    bool listed = false;
    for (size_t j = 0; j < s->nsub; j++)
        listed |= !strcmp(s->sub[j], t->name);
    if (!listed && s->nsub < VB_SCHEMA_MAX_SUBS)
        s->sub[s->nsub++] = t->name;
    for (size_t j = 0; j < *nq; j++)
        if (queue[j] == t)
            return;
    if (*nq < qcap)
        queue[(*nq)++] = t;
}

size_t vb_load_schema(vb_schema_key *out, size_t cap)
{
    /* Every mapping is reached from the plan through the keys' handlers,
     * breadth first, so a new table is listed as soon as a key leads to
     * it. */
    const keytab *queue[32];
    size_t nq = 0, n = 0;
    queue[nq++] = &plan_tab;
    for (size_t q = 0; q < nq; q++) {
        const keytab *t = queue[q];
        for (size_t i = 0; i < t->n; i++) {
            const keydef *k = &t->keys[i];
            const keykind *kk = kind_of(k->fn);
            vb_schema_key s;
            memset(&s, 0, sizeof s);
            s.mapping = t->name;
            s.key = k->name;
            s.type = kk ? kk->type : "?";
            s.required = (k->flags & K_REQUIRED) != 0;
            for (size_t j = 0; kk && j < VB_SCHEMA_MAX_SUBS && kk->sub[j]; j++)
                add_sub(&s, kk->sub[j], queue, &nq, sizeof queue / sizeof *queue);
            if (k->sub)
                add_sub(&s, k->sub, queue, &nq, sizeof queue / sizeof *queue);
            for (size_t j = 0; kk && j < kk->nvals && j < VB_SCHEMA_MAX_VALUES; j++)
                s.values[s.nvalues++] = kk->vals[j].name;
            if (kk && kk->nvals > VB_SCHEMA_MAX_VALUES)
                s.type = "?"; /* would be cut short: make the test fail */
            if (n < cap)
                out[n] = s;
            n++;
        }
    }
    return n;
}
