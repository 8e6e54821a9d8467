/* check.c - plan-level checks: glyph coverage, files, ND30 style.
 *
 * libharu draws a character the font lacks as an invisible .notdef, and
 * drops anything past U+FFFF, without a word: a silently wrong document.
 * So every string is checked against the bundled faces before layout. */
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "tablecalc.h"
#include "text.h"

/* Code points below this are remembered once found in every face: a plan
 * repeats the same few hundred letters, and asking four cmaps about each
 * of them again was a twentieth of a whole render. */
#define COVER_MEMO 0x2000

typedef struct walker {
    const vb_fontset *fs;
    vb_diags *d;
    bool tables; /* also resolve table figures */
    /* bit set: nothing to check (drawable by all faces, or tab and line
     * feed, which are never drawn) */
    uint64_t covered[COVER_MEMO / 64];
    /* 0x5F when every face draws all of printable ASCII (U+0020-U+007E),
     * else 0: the first test coverage() makes of a byte. */
    unsigned ascii_span;
} walker;

static bool is_covered(const walker *w, uint32_t cp)
{
    return w->covered[cp >> 6] >> (cp & 63) & 1;
}

/* Position of the character at byte offset `at` of a scalar that starts at
 * pos: exact on the scalar's first line; later lines (block scalars) are
 * reported at the line the scalar starts on plus the lines before. */
static vb_pos char_pos(vb_pos pos, const char *s, size_t at)
{
    vb_pos p = pos;
    size_t line_start = 0;
    for (size_t i = 0; i < at; i++)
        if (s[i] == '\n') {
            p.line++;
            line_start = i + 1;
        }
    if (p.line == pos.line)
        p.col = pos.col + (int)vb_utf8_count(s, at);
    else
        p.col = 1 + (int)vb_utf8_count(s + line_start, at - line_start);
    return p;
}

/* The length of the character at u when it is ASCII or a two- or
 * three-byte sequence below U+2000 (the shapes of Vietnamese text), the
 * memo already knows and no message needs; else 0. Reads past u[0] only
 * through continuation bytes, so never past the string's NUL. */
static size_t known_char(const walker *w, const unsigned char *u)
{
    unsigned c = u[0];
    if (c < 0x80)
        return c && is_covered(w, c) ? 1 : 0;
    if ((u[1] & 0xC0) != 0x80)
        return 0;
    if (c >= 0xC2 && c <= 0xDF)
        return is_covered(w, (c & 0x1Fu) << 6 | (u[1] & 0x3Fu)) ? 2 : 0;
    if (c == 0xE1 && (u[2] & 0xC0) == 0x80) /* U+1000-U+1FFF: ạ, ế, ữ ... */
        return is_covered(w, 0x1000u | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu)) ? 3 : 0;
    return 0;
}

/* Printable ASCII asked of every face once (380 lookups), so that the
 * walk over the text passes plain letters with one comparison. */
static void ascii_coverage(walker *w)
{
    for (unsigned c = 0x20; c < 0x7F; c++)
        for (int f = 0; f < VB_FACE_COUNT; f++)
            if (!vb_font_has(w->fs->face[f], c))
                return;
    w->covered[0] |= ~(uint64_t)0 << 0x20;
    w->covered[1] |= ~(uint64_t)0 >> 1;
    w->ascii_span = 0x5F;
}

static void coverage(walker *w, const vb_str *str)
{
    const char *s = str->s;
    if (!s)
        return;
    const unsigned char *u = (const unsigned char *)s;
    size_t len = 0, i = 0;
    int reported = 0;
    while (reported < 5) {
        /* Characters seen before, decoded in place: almost all the text
         * (an ASCII-only loop and a call per other character cost twice
         * as much). The string ends at its NUL. */
        size_t k;
        for (;;) {
            if ((unsigned)u[i] - 0x20u < w->ascii_span)
                k = 1;
            else if ((k = known_char(w, u + i)) == 0)
                break;
            i += k;
        }
        if (!u[i])
            break;
        if (!len)
            len = i + strlen(s + i);
        size_t at = i;
        int32_t cp = u[i] < 0x80 ? u[i++] : vb_utf8_next(s, len, &i);
        if (cp < 0)
            continue;
        bool memo = cp < COVER_MEMO;
        if (memo && is_covered(w, (uint32_t)cp))
            continue;
        bool ok = true;
        for (int f = 0; f < VB_FACE_COUNT; f++)
            if (!vb_font_has(w->fs->face[f], (uint32_t)cp))
                ok = false;
        if (ok) {
            if (memo)
                w->covered[cp >> 6] |= (uint64_t)1 << (cp & 63);
            continue;
        }
        vb_pos p = char_pos(str->pos, s, at);
        vb_error(w->d, p, "glyph", "U+%04X '%.*s' cannot be drawn by the bundled fonts; "
                 "remove or replace it", (unsigned)cp, (int)(i - at), s + at);
        reported++;
    }
}

static void list(walker *w, const vb_list *L)
{
    for (size_t i = 0; L && i < L->n; i++) {
        coverage(w, &L->items[i].text);
        list(w, L->items[i].sub);
    }
}

static void cell(walker *w, const vb_cell *c)
{
    coverage(w, &c->text);
}

static void table(walker *w, const vb_table *t)
{
    if (w->tables) {
        vb_arena scratch;
        vb_arena_init(&scratch);
        vb_tresolved res;
        vb_table_resolve(&scratch, t, &res, w->d);
        vb_arena_free(&scratch);
    }
    coverage(w, &t->unit);
    coverage(w, &t->total_label);
    for (size_t j = 0; j < t->ncols; j++)
        coverage(w, &t->cols[j].title);
    for (size_t i = 0; i < t->nrows; i++) {
        coverage(w, &t->rows[i].group);
        for (size_t j = 0; j < t->rows[i].ncells; j++)
            cell(w, &t->rows[i].cells[j]);
    }
}

/* ND30 §4: the ký hiệu is upper case, groups joined by '-' without
 * spaces, and for a plan it starts with the type's abbreviation "KH". */
static void symbol_rules(const vb_plan *p, vb_diags *d)
{
    const vb_str *s = &p->symbol;
    if (!s->s)
        return;
    const char *t = s->s;
    if (strchr(t, ' ') || strchr(t, '/'))
        vb_warning(d, s->pos, "nd30-symbol",
                   "ký hiệu '%s' has a space or '/'; write the groups joined by '-' "
                   "(e.g. KH-KHCN), the renderer adds \"Số: NN/\"", t);
    else if (vb_has_lower(t))
        vb_warning(d, s->pos, "nd30-symbol", "ký hiệu '%s' should be upper case (ND30 §4)", t);
    const char *type = p->type.s ? p->type.s : "KẾ HOẠCH";
    if (!strcmp(type, "KẾ HOẠCH") && strncasecmp(t, "KH-", 3) != 0)
        vb_warning(d, s->pos, "nd30-symbol",
                   "ký hiệu '%s' of a Kế hoạch starts with 'KH-' (ND30 Phụ lục III)", t);
}

/* ND30 §3, §8: agency names, signer lines and the title of the document
 * type are upper case. */
static void upper_rules(const vb_plan *p, vb_diags *d)
{
    const struct {
        const vb_str *s;
        const char *what;
    } up[] = {{&p->agency_parent, "the parent agency"},   {&p->agency_name, "the agency name"},
              {&p->signer.collective, "the collective body"}, {&p->signer.head, "the head's title"},
              {&p->signer.title, "the signer's title"},   {&p->type, "the document type"}};
    for (size_t i = 0; i < sizeof up / sizeof up[0]; i++)
        if (up[i].s->s && vb_has_lower(up[i].s->s))
            vb_warning(d, up[i].s->pos, "nd30-case", "%s '%s' is written in upper case (ND30)",
                       up[i].what, up[i].s->s);
    if (p->place.s) {
        size_t i = 0, len = strlen(p->place.s);
        int32_t cp = vb_utf8_next(p->place.s, len, &i);
        if (vb_is_lower(cp))
            vb_warning(d, p->place.pos, "nd30-case",
                       "the place name '%s' starts with a capital (ND30 §5)", p->place.s);
    }
}

static void blocks(walker *w, const vb_blocks *b, int level)
{
    for (size_t i = 0; i < b->n; i++) {
        const vb_block *k = &b->items[i];
        coverage(w, &k->title);
        coverage(w, &k->text);
        if (k->kind == VB_BLOCK_SECTION && level == 1 && k->title.s) {
            /* ND30: level-1 headings (Mục) are upper case. */
            const char *t = k->title.s;
            if (vb_has_lower(t))
                vb_warning(w->d, k->title.pos, "nd30-case",
                           "level-1 heading '%s' is not in upper case (ND30 writes "
                           "\"I. MỤC ĐÍCH, YÊU CẦU\")", t);
        }
        if (k->kind == VB_BLOCK_SECTION)
            blocks(w, &k->body, level + 1);
        else if (k->kind == VB_BLOCK_LIST)
            list(w, k->list);
        else if (k->kind == VB_BLOCK_TABLE)
            table(w, k->table);
    }
}

static void image(const vb_plan *p, const vb_str *s, bool refuse, vb_diags *d)
{
    if (!s->s)
        return;
    if (refuse) {
        vb_error(d, s->pos, "external-file",
                 "image file '%s' refused: --no-external-files is set", s->s);
        return;
    }
    char path[4096];
    if (s->s[0] == '/')
        snprintf(path, sizeof path, "%s", s->s);
    else
        snprintf(path, sizeof path, "%s/%s", p->dir ? p->dir : ".", s->s);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        vb_error(d, s->pos, "file", "image file '%s' not found", s->s);
}

void vb_check_plan(const vb_plan *p, const vb_fontset *fs, const vb_check_opts *o,
                   vb_diags *d)
{
    walker w = {.fs = fs, .d = d, .tables = o->tables};
    w.covered[0] = (uint64_t)1 << '\n' | (uint64_t)1 << '\t';
    ascii_coverage(&w);
    const vb_str *top[] = {&p->agency_parent, &p->agency_name, &p->agency_short,
                           &p->contact.address, &p->contact.phone, &p->contact.fax,
                           &p->contact.email, &p->contact.website, &p->symbol,
                           &p->place, &p->type, &p->title, &p->closing,
                           &p->signer.collective, &p->signer.head, &p->signer.title,
                           &p->signer.name, &p->urgency, &p->secrecy};
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
        coverage(&w, top[i]);
    for (size_t i = 0; i < p->npreamble; i++)
        coverage(&w, &p->preamble[i]);
    blocks(&w, &p->body, 1);
    for (size_t i = 0; i < p->nrecipients; i++)
        coverage(&w, &p->recipients[i]);
    for (size_t i = 0; i < p->narchive; i++)
        coverage(&w, &p->archive[i]);
    for (size_t i = 0; i < p->nappendices; i++) {
        coverage(&w, &p->appendices[i].title);
        coverage(&w, &p->appendices[i].reference);
        blocks(&w, &p->appendices[i].body, 1);
    }
    symbol_rules(p, d);
    upper_rules(p, d);
    if (!o->image_given)
        image(p, &p->signer.image, o->no_external_files, d);
    if (!o->seal_given)
        image(p, &p->signer.seal, o->no_external_files, d);
}
