/* vnformat.c - Vietnamese conventions for numbers, dates and numbering.
 *
 * Every formatter writes through vb_out, a bounded writer with snprintf's
 * contract: it never writes past size, always NUL-terminates when size > 0,
 * and counts the length the whole result needs. Pieces are written whole
 * or not at all, so a truncated result never ends inside a UTF-8 sequence. */
#include "vnformat.h"

#include <string.h>

typedef struct vb_out {
    char *buf;
    size_t size;
    size_t len;   /* bytes the full result needs so far */
    size_t kept;  /* bytes actually in buf */
    bool full;    /* a piece did not fit: write nothing more */
} vb_out;

static vb_out vb_out_make(char *buf, size_t size)
{
    vb_out o = { .buf = buf, .size = buf ? size : 0 };
    if (o.size)
        o.buf[0] = 0;
    return o;
}

/* Whether n more bytes fit; once one piece did not, nothing more is written
 * so that the kept text is a prefix of whole pieces. */
static bool vb_out_room(vb_out *o, size_t n)
{
    if (o->full || o->size == 0 || n > o->size - 1 - o->kept) {
        o->full = true;
        return false;
    }
    return true;
}

static void vb_out_putn(vb_out *o, const char *s, size_t n)
{
    o->len += n;
    if (!vb_out_room(o, n))
        return;
    memcpy(o->buf + o->kept, s, n);
    o->kept += n;
    o->buf[o->kept] = 0;
}

static void vb_out_puts(vb_out *o, const char *s)
{
    vb_out_putn(o, s, strlen(s));
}

static void vb_out_putc(vb_out *o, char c)
{
    vb_out_putn(o, &c, 1);
}

/* Decimal digits of v, most significant first; returns the count (1-20). */
static size_t vb_digits(uint64_t v, char d[20])
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        d[i] = tmp[n - 1 - i];
    return n;
}

/* v in decimal, padded with zeros to at least width digits. */
static void vb_out_uint(vb_out *o, uint64_t v, size_t width)
{
    char d[20];
    size_t n = vb_digits(v, d);
    for (; width > n; width--)
        vb_out_putc(o, '0');
    for (size_t i = 0; i < n; i++)
        vb_out_putc(o, d[i]); /* ASCII: cut byte-wise, like snprintf */
}

static void vb_out_int(vb_out *o, long long v, size_t width)
{
    if (v < 0)
        vb_out_putc(o, '-');
    /* 0 - (unsigned)v is the magnitude even for the most negative value. */
    vb_out_uint(o, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, width);
}

/* ---- §4, §5: document numbers and dates ---------------------------------- */

void vb_fmt_docnumber(long n, char *buf, size_t size)
{
    vb_out o = vb_out_make(buf, size);
    vb_out_int(&o, n, n >= 0 && n < 10 ? 2 : 1); /* 4 -> "04", 254 -> "254" */
}

void vb_fmt_day(int d, char *buf, size_t size)
{
    vb_out o = vb_out_make(buf, size);
    vb_out_int(&o, d, d >= 0 && d < 10 ? 2 : 1); /* 5 -> "05" */
}

void vb_fmt_month(int m, char *buf, size_t size)
{
    /* Only January and February take a zero: "tháng 01", "tháng 3". */
    vb_out o = vb_out_make(buf, size);
    vb_out_int(&o, m, m == 1 || m == 2 ? 2 : 1);
}

static bool vb_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool vb_date_valid(int y, int m, int d)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    int max = days[m - 1] + (m == 2 && vb_leap(y) ? 1 : 0);
    return d <= max;
}

/* ---- grouping and parsing ----------------------------------------------- */

void vb_fmt_group(int64_t v, int scale, char *buf, size_t size)
{
    vb_out o = vb_out_make(buf, size);
    size_t sc = scale > 0 ? (size_t)scale : 0;
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    char d[20];
    size_t nd = vb_digits(mag, d);
    /* At least one digit before the comma: (5, 2) -> "0,05". */
    size_t total = nd > sc ? nd : sc + 1;
    size_t pad = total - nd;
    size_t intlen = total - sc;
    if (v < 0)
        vb_out_putc(&o, '-');
    for (size_t k = 0; k < total; k++) {
        if (k == intlen)
            vb_out_putc(&o, ',');
        vb_out_putc(&o, k < pad ? '0' : d[k - pad]);
        size_t left = intlen - 1 - k; /* integer digits still to come */
        if (k < intlen && left > 0 && left % 3 == 0)
            vb_out_putc(&o, '.');
    }
}

static bool vb_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool vb_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Scaled arithmetic needs 10^scale in 64 bits. */
#define VB_MAX_SCALE 18

/* Append one digit to the magnitude, noting overflow past limit. */
static void vb_acc_digit(uint64_t *mag, char c, uint64_t limit, bool *over)
{
    unsigned dg = (unsigned)(c - '0');
    if (*over || *mag > (limit - dg) / 10)
        *over = true;
    else
        *mag = *mag * 10 + dg;
}

/* Integer part: "15000", or groups "1.050.000" where the first group has
 * one to three digits and every later group exactly three. Returns the
 * position after it, or NULL when malformed. */
static const char *vb_parse_int_part(const char *p, uint64_t *mag, uint64_t limit,
                                     bool *over)
{
    size_t first = 0;
    while (vb_is_digit(p[first]))
        vb_acc_digit(mag, p[first++], limit, over);
    if (first == 0)
        return NULL;
    p += first;
    if (*p != '.')
        return p;
    if (first > 3)
        return NULL;
    while (*p == '.') {
        for (int k = 1; k <= 3; k++)
            if (!vb_is_digit(p[k]))
                return NULL;
        if (vb_is_digit(p[4]))
            return NULL;
        for (int k = 1; k <= 3; k++)
            vb_acc_digit(mag, p[k], limit, over);
        p += 4;
    }
    return p;
}

bool vb_parse_number(const char *s, int64_t *value, int *scale, bool *overflow)
{
    if (overflow)
        *overflow = false;
    if (!s)
        return false;
    const char *p = s;
    while (vb_is_blank(*p))
        p++;
    bool neg = *p == '-';
    if (neg)
        p++;
    /* A negative magnitude may reach 2^63 (INT64_MIN). */
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t mag = 0;
    bool over = false;
    p = vb_parse_int_part(p, &mag, limit, &over);
    if (!p)
        return false;
    int sc = 0;
    if (*p == ',') {
        p++;
        if (!vb_is_digit(*p))
            return false;
        while (vb_is_digit(*p)) {
            vb_acc_digit(&mag, *p++, limit, &over);
            if (sc == VB_MAX_SCALE)
                over = true;
            else
                sc++;
        }
    }
    while (vb_is_blank(*p))
        p++;
    if (*p)
        return false;
    if (over) {
        if (overflow)
            *overflow = true;
        return false;
    }
    if (value)
        *value = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag)
                     : (int64_t)mag;
    if (scale)
        *scale = sc;
    return true;
}

/* ---- §15: numbers in words ----------------------------------------------- */

static const char *const vb_digit_word[10] = {
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
};

/* Words are separated by single spaces; the first needs none. The space
 * and the word are one piece, so a truncated result ends on a whole word. */
static void vb_out_word(vb_out *o, const char *w)
{
    size_t sep = o->len > 0, n = strlen(w);
    o->len += sep + n;
    if (!vb_out_room(o, sep + n))
        return;
    if (sep)
        o->buf[o->kept++] = ' ';
    memcpy(o->buf + o->kept, w, n);
    o->kept += n;
    o->buf[o->kept] = 0;
}

/* One 3-digit group (1-999). full: a non-zero group was already read, so
 * the hundreds are said even when 0 ("không trăm") and tens 0 become
 * "linh" (rules 2-4). */
static void vb_group_words(vb_out *o, unsigned g, bool full)
{
    unsigned h = g / 100, t = g / 10 % 10, u = g % 10;
    bool hundreds = h != 0 || full;
    if (hundreds) {
        vb_out_word(o, vb_digit_word[h]);
        vb_out_word(o, "trăm");
    }
    if (t == 0 && u != 0 && hundreds)
        vb_out_word(o, "linh");
    else if (t == 1)
        vb_out_word(o, "mười");
    else if (t >= 2) {
        vb_out_word(o, vb_digit_word[t]);
        vb_out_word(o, "mươi");
    }
    if (u == 0)
        return;
    if (u == 1 && t >= 2)
        vb_out_word(o, "mốt");     /* hai mươi mốt, but mười một */
    else if (u == 5 && t >= 1)
        vb_out_word(o, "lăm");     /* mười lăm, but linh năm */
    else
        vb_out_word(o, vb_digit_word[u]); /* bốn, never "tư" [R] */
}

/* n < 10^9 as groups with nghìn and triệu. full as in vb_group_words: set
 * for the remainder after "tỷ", which continues a number already begun. */
static void vb_below_billion(vb_out *o, uint64_t n, bool full)
{
    static const char *const scale[3] = { "triệu", "nghìn", NULL };
    unsigned groups[3] = { (unsigned)(n / 1000000), (unsigned)(n / 1000 % 1000),
                           (unsigned)(n % 1000) };
    for (int k = 0; k < 3; k++) {
        if (groups[k] == 0)
            continue; /* rule 1: a 000 group and its scale word are skipped */
        vb_group_words(o, groups[k], full);
        if (scale[k])
            vb_out_word(o, scale[k]);
        full = true;
    }
}

/* n > 0: the quotient by 10^9 is read as a number of its own (so 10^12 is
 * "một nghìn tỷ", 10^18 "một tỷ tỷ"), the remainder as a continuation. */
static void vb_words(vb_out *o, uint64_t n)
{
    const uint64_t billion = 1000000000u;
    if (n >= billion) {
        vb_words(o, n / billion);
        vb_out_word(o, "tỷ");
        vb_below_billion(o, n % billion, true);
    } else {
        vb_below_billion(o, n, false);
    }
}

size_t vb_number_words(uint64_t n, char *buf, size_t size)
{
    vb_out o = vb_out_make(buf, size);
    if (n == 0)
        vb_out_word(&o, vb_digit_word[0]);
    else
        vb_words(&o, n);
    return o.len;
}

size_t vb_money_words(int64_t n, char *buf, size_t size)
{
    vb_out o = vb_out_make(buf, size);
    uint64_t mag = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
    if (n < 0)
        vb_out_word(&o, "Âm");
    if (mag == 0)
        vb_out_word(&o, "không");
    else
        vb_words(&o, mag);
    vb_out_word(&o, "đồng.");
    /* Capitalise the first letter. Every number word begins with an ASCII
     * letter and "Âm" is written capitalised, so raising one byte is the
     * whole UTF-8 case mapping needed here. */
    if (o.kept > 0 && o.buf[0] >= 'a' && o.buf[0] <= 'z')
        o.buf[0] = (char)(o.buf[0] - 'a' + 'A');
    return o.len;
}

/* ---- markers ------------------------------------------------------------ */

void vb_fmt_roman(int n, char *buf, size_t size)
{
    static const struct { int v; const char *s; } tab[] = {
        { 1000, "M" }, { 900, "CM" }, { 500, "D" }, { 400, "CD" }, { 100, "C" },
        { 90, "XC" }, { 50, "L" }, { 40, "XL" }, { 10, "X" }, { 9, "IX" },
        { 5, "V" }, { 4, "IV" }, { 1, "I" },
    };
    vb_out o = vb_out_make(buf, size);
    if (n < 1 || n > 3999) {
        vb_out_int(&o, n, 1); /* no Roman form: fall back to digits */
        return;
    }
    for (size_t k = 0; k < sizeof tab / sizeof tab[0]; k++)
        for (; n >= tab[k].v; n -= tab[k].v)
            vb_out_puts(&o, tab[k].s);
}

void vb_fmt_vi_alpha(int n, char *buf, size_t size)
{
    /* The 23 letters of the Vietnamese alphabet that mark "Điểm" a), b), ...
     * (ND30 §7: no f, j, w, z; đ after d);
     * after "y" the markers go on like spreadsheet columns: aa, ab, ... */
    static const char *const letters[23] = {
        "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
        "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
    };
    vb_out o = vb_out_make(buf, size);
    if (n < 1) {
        vb_out_int(&o, n, 1);
        return;
    }
    /* Bijective base 23, least significant letter first. */
    unsigned idx[8];
    size_t k = 0;
    for (unsigned v = (unsigned)n; v > 0; v = (v - 1) / 23)
        idx[k++] = (v - 1) % 23;
    while (k > 0)
        vb_out_puts(&o, letters[idx[--k]]);
}
