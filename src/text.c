/* text.c - UTF-8, NFC normalisation and inline markup. */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "dlist.h"

/* Decoded here rather than with utf8proc_iterate: every layer walks text
 * a character at a time, and the call into the library was a third of
 * the cost of a walk. The rules are the same (test_text.c compares the
 * two on every sequence of up to three bytes and the edges of the
 * four-byte ones): no overlong forms, no surrogates, nothing past
 * U+10FFFF, no truncated sequence. An invalid byte is skipped alone. */
static bool is_cont(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

int32_t vb_utf8_next_rest(const char *s, size_t len, size_t *i)
{
    size_t at = *i;
    if (at >= len)
        return -1;
    const unsigned char *p = (const unsigned char *)s + at;
    size_t left = len - at;
    unsigned c = p[0];
    uint32_t cp;
    /* Each length decodes first and checks the range after: the lead
     * byte's bounds and the value's bounds together exclude the overlong
     * forms, the surrogates and what lies past U+10FFFF, with fewer
     * branches than checking byte by byte (Vietnamese text is full of
     * two- and three-byte characters). */
    if (c < 0x80) {
        *i = at + 1;
        return (int32_t)c;
    }
    if (c < 0xE0) {
        if (c >= 0xC2 && left >= 2 && is_cont(p[1])) {
            *i = at + 2;
            return (int32_t)((c & 0x1F) << 6 | (p[1] & 0x3F));
        }
    } else if (c < 0xF0) {
        if (left >= 3 && is_cont(p[1]) && is_cont(p[2])) {
            cp = (c & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
            if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
                *i = at + 3;
                return (int32_t)cp;
            }
        }
    } else if (c <= 0xF4 && left >= 4 && is_cont(p[1]) && is_cont(p[2]) && is_cont(p[3])) {
        cp = (c & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 |
             (p[3] & 0x3F);
        if (cp >= 0x10000 && cp <= 0x10FFFF) {
            *i = at + 4;
            return (int32_t)cp;
        }
    }
    *i = at + 1;
    return -1;
}

size_t vb_utf8_encode(uint32_t cp, char out[4])
{
    /* Written out rather than utf8proc_encode_char, which encodes surrogates
     * (invalid in UTF-8); those and values past U+10FFFF give 0 bytes. */
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp < 0xE000)
        return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp < 0x110000) {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

bool vb_utf8_valid(const char *s, size_t len, size_t *bad)
{
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        if (vb_utf8_next(s, len, &i) < 0) {
            if (bad)
                *bad = at;
            return false;
        }
    }
    return true;
}

size_t vb_utf8_count(const char *s, size_t len)
{
    /* Every byte that is not a continuation byte starts a code point (an
     * invalid byte counts as one column, which is what an editor shows). */
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Code points that are NFC whatever surrounds them: canonical combining
 * class 0, NFC_QC = Yes, and never the second half of a canonical
 * composition. Latin up to U+02FF (ASCII, đ, ơ, ư, ă, â ...), the
 * precomposed Latin Extended Additional block (every Vietnamese vowel with
 * its tone mark), general punctuation without the two singleton spaces
 * U+2000/U+2001, and the currency signs (₫). test_text checks this set
 * against utf8proc's data (test_nfc.c). Anything else (combining marks, Hangul jamo,
 * other scripts) goes through utf8proc. */
bool vb_nfc_stable(int32_t cp)
{
    return cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) ||
           (cp >= 0x2002 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20CF);
}

/* The number of ASCII bytes at the start of s. Eight at a time where the
 * byte order lets the lowest set top bit name the first other byte: runs
 * of ASCII between Vietnamese letters are short, and a word test that
 * fell back to bytes would only add to them. */
static size_t ascii_span(const char *s, size_t len)
{
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; len - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, sizeof x);
        x &= UINT64_C(0x8080808080808080);
        if (x)
            return i + (size_t)__builtin_ctzll(x) / 8;
    }
#endif
    while (i < len && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

/* 1: s is NFC as it is (all code points stable, or ASCII); 0: it may not
 * be; -1: invalid UTF-8. */
static int nfc_quick_check(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        i += ascii_span(s + i, len - i);
        if (i == len)
            break;
        unsigned c = u[i];
        /* The two shapes of almost every Vietnamese letter, told stable
         * from their bytes alone: U+0080-U+02FF (lead C2-CB: đ, ơ, ư, â,
         * à ...) and U+1E00-U+1EFF (E1 B8-BB: ế, ộ, ữ ...). Anything else
         * is decoded and looked up. */
        if (c >= 0xC2 && c <= 0xCB && i + 1 < len && is_cont(u[i + 1])) {
            i += 2;
            continue;
        }
        if (c == 0xE1 && i + 2 < len && u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB &&
            is_cont(u[i + 2])) {
            i += 3;
            continue;
        }
        int32_t cp = vb_utf8_next(s, len, &i);
        if (cp < 0)
            return -1;
        if (!vb_nfc_stable(cp))
            return 0;
    }
    return 1;
}

char *vb_nfc(vb_arena *a, const char *s, size_t len, size_t *outlen)
{
    /* Fast path: text made only of stable code points (all ASCII, and
     * almost all precomposed Vietnamese) is already NFC. */
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = -1;
    if (nfc_quick_check(s, len) == 0)
        n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                         UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) {
        /* Already NFC, or invalid UTF-8 (the caller validates; copy it as
         * is, as utf8proc would refuse it). */
        free(out);
        if (outlen)
            *outlen = len;
        return vb_strndup(a, s, len);
    }
    char *r = vb_strndup(a, (const char *)out, (size_t)n);
    free(out);
    if (outlen)
        *outlen = (size_t)n;
    return r;
}

char *vb_upper(vb_arena *a, const char *s)
{
    size_t len = strlen(s);
    /* Simple (one-to-one) case mapping: ASCII maps to ASCII and a 2-4 byte
     * character maps to at most 4 bytes, so the result fits in 2x. Vietnamese
     * letters (đ, ơ, ư, precomposed tones) all have simple mappings. Invalid
     * bytes are dropped. */
    char *out = vb_alloc(a, len * 2 + 1);
    size_t o = 0, i = 0;
    while (i < len) {
        int32_t cp = vb_utf8_next(s, len, &i);
        if (cp < 0)
            continue;
        o += vb_utf8_encode((uint32_t)utf8proc_toupper(cp), out + o);
    }
    out[o] = 0;
    return out;
}

/* ---- Inline markup ------------------------------------------------------
 *
 * CommonMark's algorithm restricted to '*': find delimiter runs, classify
 * them as left/right-flanking, then "process emphasis" with a delimiter
 * list and openers_bottom, which keeps the work linear in the number of
 * runs (no backtracking). Instead of building a tree, each match adds a
 * style interval [opener end, closer start) to a difference array and
 * marks the consumed '*' bytes as dropped; a final pass turns kept bytes
 * into runs. Matches nest properly, so per-bit counters give the style. */

typedef struct vb_delim {
    size_t pos, len;   /* the run of '*' in the source */
    size_t lused;      /* stars consumed from the left (as a closer) */
    size_t rused;      /* stars consumed from the right (as an opener) */
    ptrdiff_t prev, next;
    bool can_open, can_close;
} vb_delim;

typedef struct vb_emph {
    const char *s;
    size_t len;
    unsigned char *drop;  /* 1: byte is markup, not text */
    size_t *bold, *ital;  /* difference arrays of style intervals */
    vb_delim *d;
    size_t nd;
} vb_emph;

static bool vb_is_space_cp(int32_t cp)
{
    if (cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r' || cp == ' ')
        return true;
    return cp > 0x7F && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

/* CommonMark 0.31: Unicode punctuation is general category P or S (this
 * covers all ASCII punctuation). */
static bool vb_is_punct_cp(int32_t cp)
{
    if (cp < 0)
        return false;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
        return true;
    default:
        return false;
    }
}

/* The code point ending just before byte i; the start of the text counts as
 * white space (returned as ' '). An invalid byte is a letter-like -1. */
static int32_t vb_cp_before(const char *s, size_t i)
{
    if (i == 0)
        return ' ';
    size_t start = i - 1;
    while (start > 0 && i - start < 4 && ((unsigned char)s[start] & 0xC0) == 0x80)
        start--;
    size_t j = start;
    int32_t cp = vb_utf8_next(s, i, &j);
    return j == i ? cp : -1;
}

static int32_t vb_cp_at(const char *s, size_t len, size_t i)
{
    if (i >= len)
        return ' ';
    return vb_utf8_next(s, len, &i);
}

/* Classify the run s[pos, pos+len) by CommonMark's flanking rules; for '*'
 * left-flanking means "can open" and right-flanking "can close". */
static void vb_flanking(const vb_emph *e, vb_delim *d)
{
    int32_t before = vb_cp_before(e->s, d->pos);
    int32_t after = vb_cp_at(e->s, e->len, d->pos + d->len);
    bool sp_b = vb_is_space_cp(before), sp_a = vb_is_space_cp(after);
    bool pu_b = vb_is_punct_cp(before), pu_a = vb_is_punct_cp(after);
    d->can_open = !sp_a && (!pu_a || sp_b || pu_b);
    d->can_close = !sp_b && (!pu_b || sp_a || pu_a);
}

/* Pass 1: mark escapes as dropped and collect runs of '*' into e->d. */
static void vb_scan_delims(vb_emph *e)
{
    size_t i = 0;
    while (i < e->len) {
        char c = e->s[i];
        if (c == '\\' && i + 1 < e->len && (e->s[i + 1] == '*' || e->s[i + 1] == '\\')) {
            e->drop[i] = 1; /* the escaped character itself is plain text */
            i += 2;
        } else if (c == '*') {
            size_t j = i;
            while (j < e->len && e->s[j] == '*')
                j++;
            vb_delim *d = &e->d[e->nd];
            *d = (vb_delim){ .pos = i, .len = j - i, .prev = (ptrdiff_t)e->nd - 1,
                             .next = (ptrdiff_t)e->nd + 1 };
            vb_flanking(e, d);
            e->nd++;
            i = j;
        } else {
            i++;
        }
    }
    if (e->nd)
        e->d[e->nd - 1].next = -1;
}

static size_t vb_delim_left(const vb_delim *d)
{
    return d->len - d->lused - d->rused;
}

static void vb_unlink(vb_emph *e, ptrdiff_t k)
{
    vb_delim *d = &e->d[k];
    if (d->prev >= 0)
        e->d[d->prev].next = d->next;
    if (d->next >= 0)
        e->d[d->next].prev = d->prev;
}

/* CommonMark's "rule of 3": a run that can both open and close may not
 * pair with one whose combined (original) length is a multiple of 3,
 * unless both lengths are. */
static bool vb_odd_match(const vb_delim *o, const vb_delim *c)
{
    return (c->can_open || o->can_close) && (o->len + c->len) % 3 == 0 &&
           !(o->len % 3 == 0 && c->len % 3 == 0);
}

/* Pair opener o with closer c using 2 stars (strong) when both have two,
 * else 1 (emphasis); record the style interval and drop the stars. */
static void vb_pair(vb_emph *e, vb_delim *o, vb_delim *c)
{
    size_t k = (vb_delim_left(o) >= 2 && vb_delim_left(c) >= 2) ? 2 : 1;
    size_t oend = o->pos + o->len - o->rused; /* content starts here */
    size_t cstart = c->pos + c->lused;        /* content ends here */
    memset(e->drop + oend - k, 1, k);
    memset(e->drop + cstart, 1, k);
    o->rused += k;
    c->lused += k;
    size_t *arr = k == 2 ? e->bold : e->ital;
    arr[oend] += 1;
    arr[cstart] -= 1; /* modular arithmetic: the running sum never goes below 0 */
}

static void vb_process_emphasis(vb_emph *e)
{
    /* openers_bottom per (closer can open, closer length mod 3): the index
     * at or below which a failed search need not look again. */
    ptrdiff_t bottom[6] = { -1, -1, -1, -1, -1, -1 };
    ptrdiff_t ci = e->nd ? 0 : -1;
    while (ci >= 0) {
        vb_delim *c = &e->d[ci];
        if (!c->can_close) {
            ci = c->next;
            continue;
        }
        int slot = (c->can_open ? 3 : 0) + (int)(c->len % 3);
        ptrdiff_t oi = c->prev;
        while (oi >= 0 && oi > bottom[slot] &&
               !(e->d[oi].can_open && !vb_odd_match(&e->d[oi], c)))
            oi = e->d[oi].prev;
        if (oi < 0 || oi <= bottom[slot]) {
            /* No opener: later closers of this kind stop here; a run that
             * cannot open is of no further use. */
            bottom[slot] = c->prev;
            ptrdiff_t next = c->next;
            if (!c->can_open)
                vb_unlink(e, ci);
            ci = next;
            continue;
        }
        vb_delim *o = &e->d[oi];
        vb_pair(e, o, c);
        /* Runs between the pair become literal text inside the emphasis. */
        o->next = ci;
        c->prev = oi;
        if (vb_delim_left(o) == 0)
            vb_unlink(e, oi);
        if (vb_delim_left(c) == 0) {
            ptrdiff_t next = c->next;
            vb_unlink(e, ci);
            ci = next;
        }
    }
}

/* Pass 3: the bytes that are text, each with its style. Returns the count. */
static size_t vb_apply_styles(const vb_emph *e, unsigned base, char *kept, unsigned *sty)
{
    size_t bold = 0, ital = 0, n = 0;
    for (size_t i = 0; i < e->len; i++) {
        bold += e->bold[i];
        ital += e->ital[i];
        if (e->drop[i])
            continue;
        kept[n] = e->s[i];
        sty[n] = base | (bold ? VB_FACE_BOLD : 0u) | (ital ? VB_FACE_ITALIC : 0u);
        n++;
    }
    return n;
}

/* Pass 4: maximal runs of one style, copied into the arena. Styles change
 * only at '*' or '\' boundaries, so runs never split a UTF-8 sequence. */
static size_t vb_make_runs(vb_arena *a, const char *kept, const unsigned *sty, size_t n,
                           vb_run **runs)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || sty[i] != sty[i - 1])
            count++;
    *runs = count ? vb_alloc_array(a, count, sizeof **runs) : NULL;
    size_t r = 0, start = 0;
    for (size_t i = 1; i <= n; i++) {
        if (i == n || sty[i] != sty[start]) {
            (*runs)[r++] = (vb_run){ .s = vb_strndup(a, kept + start, i - start),
                                     .len = i - start, .style = sty[start] };
            start = i;
        }
    }
    return count;
}

/* vb_inline, and with nfc set vb_inline_nfc. */
static size_t split_inline(vb_arena *a, const char *src, size_t len, unsigned base,
                           vb_run **runs, bool nfc)
{
    /* Scratch lives in its own arena so that only the runs stay in a. The
     * input is normalised first: '*' and '\' are unaffected by NFC, so the
     * markup is found the same way in NFC and NFD input. */
    if (!src)
        len = 0;
    /* No '*' and no '\\': no markup, so the whole text is one run. This is
     * most strings of a plan, and skips the scratch arrays below. */
    if (!memchr(src ? src : "", '*', len) && !memchr(src ? src : "", '\\', len)) {
        if (len == 0) {
            *runs = NULL;
            return 0;
        }
        size_t n = len;
        const char *t = nfc ? src : vb_nfc(a, src, len, &n);
        *runs = vb_alloc_array(a, 1, sizeof **runs);
        (*runs)[0] = (vb_run){ .s = t, .len = n, .style = base };
        return 1;
    }
    vb_arena tmp;
    vb_arena_init(&tmp);
    vb_emph e = { 0 };
    if (nfc || nfc_quick_check(src ? src : "", len) != 0) {
        e.s = src ? src : ""; /* NFC already (or invalid: kept as is) */
        e.len = len;
    } else {
        e.s = vb_nfc(&tmp, src, len, &e.len);
    }
    e.drop = vb_alloc(&tmp, e.len + 1);
    e.bold = vb_alloc_array(&tmp, e.len + 1, sizeof *e.bold);
    e.ital = vb_alloc_array(&tmp, e.len + 1, sizeof *e.ital);
    /* Runs are separated by at least one other byte. */
    e.d = vb_alloc_array(&tmp, e.len / 2 + 1, sizeof *e.d);
    vb_scan_delims(&e);
    vb_process_emphasis(&e);
    char *kept = vb_alloc(&tmp, e.len + 1);
    unsigned *sty = vb_alloc_array(&tmp, e.len + 1, sizeof *sty);
    size_t n = vb_apply_styles(&e, base, kept, sty);
    size_t count = vb_make_runs(a, kept, sty, n, runs);
    vb_arena_free(&tmp);
    return count;
}

size_t vb_inline(vb_arena *a, const char *src, size_t len, unsigned base,
                 vb_run **runs)
{
    return split_inline(a, src, len, base, runs, false);
}

size_t vb_inline_nfc(vb_arena *a, const char *src, size_t len, unsigned base,
                     vb_run **runs)
{
    return split_inline(a, src, len, base, runs, true);
}

char *vb_inline_plain(vb_arena *a, const char *src)
{
    vb_arena tmp;
    vb_arena_init(&tmp);
    vb_run *runs;
    size_t n = vb_inline(&tmp, src, src ? strlen(src) : 0, 0, &runs);
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += runs[i].len;
    char *out = vb_alloc(a, total + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        memcpy(out + o, runs[i].s, runs[i].len);
        o += runs[i].len;
    }
    out[o] = 0;
    vb_arena_free(&tmp);
    return out;
}

char *vb_sentence_case(vb_arena *a, const char *s)
{
    size_t len = strlen(s), i = 0, o = 0;
    char *out = vb_alloc(a, len * 2 + 1); /* case mapping never grows past 2x here */
    bool first = true;
    while (i < len) {
        int32_t cp = vb_utf8_next(s, len, &i);
        if (cp < 0)
            continue;
        cp = first ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
        first = false;
        o += vb_utf8_encode((uint32_t)cp, out + o);
    }
    out[o] = 0;
    return out;
}

bool vb_is_lower(int32_t cp)
{
    return cp > 0 && utf8proc_islower(cp);
}

bool vb_has_lower(const char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len)
        if (vb_is_lower(vb_utf8_next(s, len, &i)))
            return true;
    return false;
}
