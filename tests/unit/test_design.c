/* test_design.c - the page design: layouts/nd30.yaml read into points, and
 * every way a layout file can be wrong reported with its position.
 *
 * The error cases are built from the real file with one edit each, so that
 * the edit is the only thing wrong and the expected position is known.
 * Runs with the repository root as working directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "design.h"
#include "design_builtin.h"
#include "diag.h"
#include "read_file.h"

#define LAYOUT "layouts/nd30.yaml"
#define MM(x) ((x) * 72.0 / 25.4)

static char *layout_text;
static size_t layout_len;

static int setup(void **state)
{
    (void)state;
    layout_text = read_file(LAYOUT, &layout_len);
    if (!layout_text) {
        print_error("cannot read %s (run from the repository root)\n", LAYOUT);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(layout_text);
    return 0;
}

/* ---- helpers ---- */

/* 1-based line and column (in characters) of byte offset off in s. */
static vb_pos pos_of(const char *s, size_t off)
{
    vb_pos p = {1, 1};
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            p.line++;
            p.col = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            p.col++;
        }
    }
    return p;
}

/* Byte offset of the first occurrence of needle at or after from (fails the
 * test when there is none). */
static size_t find_from(const char *hay, const char *needle, size_t from)
{
    const char *p = strstr(hay + from, needle);
    if (!p)
        fail_msg("'%s' not found in the layout text", needle);
    return (size_t)(p - hay);
}

/* The layout with the text [off, off + len) replaced by rep. */
static char *splice(const char *s, size_t off, size_t len, const char *rep)
{
    size_t n = strlen(s), r = strlen(rep);
    char *out = malloc(n - len + r + 1);
    assert_non_null(out);
    memcpy(out, s, off);
    memcpy(out + off, rep, r);
    memcpy(out + off + r, s + off + len, n - off - len + 1);
    return out;
}

/* Offset of the line "sect:" that starts a section of the layout text. */
static size_t section_offset(const char *s, const char *sect)
{
    char head[64];
    snprintf(head, sizeof head, "\n%s:", sect);
    return find_from(s, head, 0) + 1; /* past the newline */
}

/* Offset of "  key:" inside section "sect:" of the layout text. */
static size_t key_offset(const char *s, const char *sect, const char *key)
{
    char k[80];
    snprintf(k, sizeof k, "\n  %s:", key);
    return find_from(s, k, section_offset(s, sect)) + 1; /* past the newline */
}

/* Offset of the value of sect.key (first non-blank after the colon). */
static size_t value_offset(const char *s, const char *sect, const char *key)
{
    size_t o = key_offset(s, sect, key) + 2 + strlen(key) + 1;
    while (s[o] == ' ')
        o++;
    return o;
}

static size_t value_len(const char *s, size_t off)
{
    size_t n = 0;
    while (s[off + n] && s[off + n] != ' ' && s[off + n] != '\n' && s[off + n] != '#')
        n++;
    return n;
}

typedef struct loaded {
    vb_design ds;
    vb_diags d;
    int rc;
} loaded;

static void load_text(loaded *L, const char *text)
{
    vb_diags_init(&L->d, LAYOUT);
    L->rc = vb_design_load_mem(&L->ds, text, strlen(text), &L->d);
}

/* Loads the layout with its text [off, off + len) replaced by rep, and
 * returns the text loaded (positions are looked up in it); unload() frees
 * that text and the diagnostics. */
static char *load_spliced(loaded *L, size_t off, size_t len, const char *rep)
{
    char *t = splice(layout_text, off, len, rep);
    load_text(L, t);
    return t;
}

/* load_spliced() on the value of sect.key, whose offset goes to *vo. */
static char *load_with_value(loaded *L, const char *sect, const char *key, const char *rep,
                             size_t *vo)
{
    *vo = value_offset(layout_text, sect, key);
    return load_spliced(L, *vo, value_len(layout_text, *vo), rep);
}

static void unload(loaded *L, char *t)
{
    vb_diags_free(&L->d);
    free(t);
}

static void dump(const loaded *L)
{
    vb_diags_print(&L->d, stderr);
}

/* The first diagnostic with this rule, or NULL. */
static const vb_diag *with_rule(const loaded *L, const char *rule)
{
    for (size_t i = 0; i < L->d.n; i++)
        if (!strcmp(L->d.items[i].rule, rule))
            return &L->d.items[i];
    return NULL;
}

static void expect_error_at(const loaded *L, const char *rule, vb_pos at, const char *msg_part)
{
    assert_int_equal(L->rc, -1);
    assert_true(L->d.errors >= 1);
    const vb_diag *g = with_rule(L, rule);
    if (!g) {
        dump(L);
        fail_msg("no [%s] diagnostic", rule);
    }
    assert_int_equal(g->severity, VB_ERROR);
    if (g->pos.line != at.line || g->pos.col != at.col) {
        dump(L);
        fail_msg("[%s] at %d:%d, expected %d:%d", rule, g->pos.line, g->pos.col, at.line,
                 at.col);
    }
    if (msg_part && !strstr(g->message, msg_part)) {
        dump(L);
        fail_msg("message '%s' does not mention '%s'", g->message, msg_part);
    }
}

/* The load failed with one error only: the key quoted ("'sect.key'") is
 * missing. */
static void expect_missing(const loaded *L, const char *quoted)
{
    const vb_diag *g = with_rule(L, "layout-missing");
    if (L->rc != -1 || !g || !strstr(g->message, quoted)) {
        dump(L);
        fail_msg("%s is not reported as missing", quoted);
    }
    /* Exactly that one key is missing. */
    if (L->d.errors != 1) {
        dump(L);
        fail_msg("%zu errors, expected only %s missing", L->d.errors, quoted);
    }
}

/* ---- the file as shipped ---- */

static void nd30_values(void **state)
{
    (void)state;
    vb_design ds;
    vb_diags d;
    vb_diags_init(&d, LAYOUT);
    int rc = vb_design_load(&ds, LAYOUT, &d);
    if (rc != 0)
        vb_diags_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(d.n, 0);
    /* A4 and the decree's default margins 20/20/30/15 mm, in points. */
    assert_float_equal(ds.page_w, 595.2756, 0.001);
    assert_float_equal(ds.page_h, 841.8898, 0.001);
    assert_float_equal(ds.portrait.top, MM(20), 1e-9);
    assert_float_equal(ds.portrait.bottom, MM(20), 1e-9);
    assert_float_equal(ds.portrait.left, MM(30), 1e-9);
    assert_float_equal(ds.portrait.right, MM(15), 1e-9);
    assert_float_equal(ds.portrait.left, 85.0394, 0.001);
    /* Text block 165 × 257 mm. */
    assert_float_equal(ds.page_w - ds.portrait.left - ds.portrait.right, MM(165), 1e-9);
    assert_float_equal(ds.page_h - ds.portrait.top - ds.portrait.bottom, MM(257), 1e-9);
    /* Body: 14 pt on a 17 pt baseline step, 1 cm indent, 6 pt between
     * paragraphs, 2 lines against widows and orphans. */
    assert_float_equal(ds.body.size, 14, 0);
    assert_float_equal(ds.body.leading, 17, 0);
    assert_float_equal(ds.body.indent, MM(10), 1e-9);
    assert_true(ds.body.para_space >= 6);
    assert_float_equal(ds.body.orphans, 2, 0);
    assert_float_equal(ds.body.widows, 2, 0);
    /* Header sizes the decree picks. */
    assert_float_equal(ds.header.left_frac, 0.40, 1e-12);
    assert_float_equal(ds.header.motto_size, 12, 0);
    assert_float_equal(ds.header.slogan_size, 13, 0);
    assert_float_equal(ds.header.number_size, 13, 0);
    assert_float_equal(ds.header.number_blank, MM(12), 1e-9);
    assert_float_equal(ds.header.date_blank, MM(8), 1e-9);
    /* Closing, page numbers, stamps (mm keys converted). */
    assert_float_equal(ds.closing.label_size, 12, 0);
    assert_float_equal(ds.closing.recipient_size, 11, 0);
    assert_float_equal(ds.closing.sign_space, MM(30), 1e-9);
    assert_float_equal(ds.page_number.size, 14, 0);
    assert_float_equal(ds.page_number.baseline, MM(12), 1e-9);
    assert_float_equal(ds.stamp.hoa_toc_w, MM(30), 1e-9);
    assert_float_equal(ds.stamp.height, MM(8), 1e-9);
    assert_float_equal(ds.landscape.bottom, MM(15), 1e-9);
    vb_diags_free(&d);

    /* vb_design_load and vb_design_load_mem agree. */
    loaded L;
    load_text(&L, layout_text);
    assert_int_equal(L.rc, 0);
    assert_memory_equal(&L.ds, &ds, sizeof ds);
    vb_diags_free(&L.d);
}

/* Byte offset of a libyaml mark (whose index and column count characters,
 * not bytes). */
static size_t mark_offset(const yaml_mark_t *m)
{
    size_t off = 0, line = 0;
    while (line < m->line && layout_text[off])
        if (layout_text[off++] == '\n')
            line++;
    for (size_t col = 0; col < m->column && layout_text[off]; col++) {
        off++;
        while (((unsigned char)layout_text[off] & 0xC0) == 0x80)
            off++;
    }
    return off;
}

/* Every "section.key" of the file, in order. */
typedef struct keyref {
    char section[64], key[64];
    size_t key_off, value_off, value_len;
} keyref;

static size_t file_keys(keyref *out, size_t max)
{
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)layout_text, layout_len);
    size_t n = 0;
    int depth = 0;
    bool want_key = true;
    char section[64] = "";
    for (;;) {
        yaml_event_t ev;
        assert_true(yaml_parser_parse(&p, &ev));
        yaml_event_type_t t = ev.type;
        if (t == YAML_MAPPING_START_EVENT) {
            depth++;
            want_key = true;
        } else if (t == YAML_MAPPING_END_EVENT) {
            depth--;
            want_key = true;
        } else if (t == YAML_SCALAR_EVENT) {
            const char *s = (const char *)ev.data.scalar.value;
            if (depth == 1) {
                snprintf(section, sizeof section, "%s", s);
            } else if (depth == 2 && want_key) {
                assert_true(n < max);
                snprintf(out[n].section, sizeof out[n].section, "%s", section);
                snprintf(out[n].key, sizeof out[n].key, "%s", s);
                out[n].key_off = mark_offset(&ev.start_mark);
                want_key = false;
            } else if (depth == 2) {
                out[n].value_off = mark_offset(&ev.start_mark);
                out[n].value_len = mark_offset(&ev.end_mark) - out[n].value_off;
                n++;
                want_key = true;
            }
        }
        yaml_event_delete(&ev);
        if (t == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    return n;
}

/* Every key in the file is read: removing any one of them is reported as
 * missing (so the loader knows and requires it), and an absurd value for
 * it is refused at that value (so the loader checks it). A key the loader
 * ignored would pass both edits silently. */
static void nd30_every_key_is_used(void **state)
{
    (void)state;
    keyref keys[200];
    size_t n = file_keys(keys, 200);
    assert_true(n >= 60);
    loaded base;
    load_text(&base, layout_text);
    assert_int_equal(base.rc, 0);
    int pinned = 0;
    for (size_t i = 0; i < n; i++) {
        const keyref *k = &keys[i];
        /* Remove the whole line of the key. */
        size_t ls = k->key_off;
        while (ls > 0 && layout_text[ls - 1] != '\n')
            ls--;
        size_t le = k->value_off + k->value_len;
        while (layout_text[le] && layout_text[le] != '\n')
            le++;
        loaded L;
        char *t = load_spliced(&L, ls, le + 1 - ls, "");
        char want[160];
        /* Section and key names are short; the precision only tells the
         * compiler so. */
        snprintf(want, sizeof want, "'%.60s.%.60s'", k->section, k->key);
        expect_missing(&L, want);
        unload(&L, t);

        /* An out-of-range value, located at the value. */
        t = load_spliced(&L, k->value_off, k->value_len, "123456789");
        const vb_diag *r = with_rule(&L, "layout-range");
        vb_pos at = pos_of(t, k->value_off);
        if (L.rc != -1 || !r || r->pos.line != at.line || r->pos.col != at.col ||
            !strstr(r->message, want)) {
            dump(&L);
            fail_msg("an out-of-range %s.%s is not refused at %d:%d", k->section, k->key,
                     at.line, at.col);
        }
        unload(&L, t);

        /* A slightly different value, where the range allows one, changes
         * the loaded design: the value is stored, not only checked. */
        char vbuf[64];
        snprintf(vbuf, sizeof vbuf, "%.*s", (int)k->value_len, layout_text + k->value_off);
        double v = strtod(vbuf, NULL);
        double delta = fmax(fabs(v) * 0.01, 0.001);
        bool changed = false, tried = false;
        for (int sign = 1; sign >= -1 && !changed; sign -= 2) {
            snprintf(vbuf, sizeof vbuf, "%.6g", v + sign * delta);
            t = load_spliced(&L, k->value_off, k->value_len, vbuf);
            if (L.rc == 0) {
                tried = true;
                changed = memcmp(&L.ds, &base.ds, sizeof base.ds) != 0;
            }
            unload(&L, t);
        }
        if (tried && !changed)
            fail_msg("%s.%s is accepted but not stored", k->section, k->key);
        pinned += !tried;
    }
    vb_diags_free(&base.d);
    /* Only the few values the decree fixes exactly cannot move. */
    assert_true(pinned <= 12);
}

/* Every value in the file lies in its allowed range: the file loads with
 * no diagnostics at all, and so does each value moved to the edges of its
 * decree range where the file's comment names one. */
static void nd30_values_in_range(void **state)
{
    (void)state;
    loaded L;
    load_text(&L, layout_text);
    assert_int_equal(L.rc, 0);
    assert_int_equal(L.d.n, 0);
    vb_diags_free(&L.d);
    static const struct {
        const char *sect, *key, *lo, *hi, *below, *above;
    } edges[] = {
        {"page", "margin_top_mm", "20", "25", "19.9", "25.1"},
        {"page", "margin_bottom_mm", "20", "25", "19", "26"},
        {"page", "margin_left_mm", "30", "35", "29", "35.5"},
        {"page", "margin_right_mm", "15", "20", "14.9", "21"},
        {"header", "parent_size", "12", "13", "11.5", "13.5"},
        {"header", "agency_size", "12", "13", "11", "14"},
        {"header", "motto_size", "12", "13", "11", "14"},
        {"header", "slogan_size", "13", "14", "12", "15"},
        {"header", "date_size", "13", "14", "12", "15"},
        {"title", "type_size", "13", "14", "12", "15"},
        {"title", "title_size", "13", "14", "12", "15"},
        {"body", "size", "13", "14", "12.5", "14.5"},
        {"body", "indent_mm", "10", "12.7", "9", "13"},
        {"body", "para_space", "6", "24", "5", "25"},
        {"closing", "label_size", "12", "12", "11", "13"},
        {"closing", "recipient_size", "11", "11", "10", "12"},
        {"closing", "signer_size", "13", "14", "12", "15"},
        {"page_number", "size", "13", "14", "12", "15"},
        {"footer", "size", "11", "12", "10", "13"},
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        size_t vo = value_offset(layout_text, edges[i].sect, edges[i].key);
        size_t vl = value_len(layout_text, vo);
        const char *vals[4] = {edges[i].lo, edges[i].hi, edges[i].below, edges[i].above};
        for (int j = 0; j < 4; j++) {
            char *t = load_spliced(&L, vo, vl, vals[j]);
            if (j < 2 && L.rc != 0) {
                dump(&L);
                fail_msg("%s.%s: %s refused", edges[i].sect, edges[i].key, vals[j]);
            }
            if (j >= 2) {
                char want[64];
                snprintf(want, sizeof want, "%s-%s", edges[i].lo, edges[i].hi);
                expect_error_at(&L, "layout-range", pos_of(t, vo), want);
            }
            unload(&L, t);
        }
    }
}

/* ---- the build-time cache (design_builtin.h) ---- */

/* Load or parse len bytes into a design first filled with fill, so that a
 * field either path left unwritten shows up in a byte comparison. */
static void load_len(loaded *L, const char *text, size_t len, int fill, bool parse_only)
{
    memset(&L->ds, fill, sizeof L->ds);
    vb_diags_init(&L->d, LAYOUT);
    L->rc = parse_only ? vb_design_parse_mem(&L->ds, text, len, &L->d)
                       : vb_design_load_mem(&L->ds, text, len, &L->d);
}

/* The shipped file's bytes are cached, and the cache gives exactly what
 * parsing them gives, byte for byte. */
static void builtin_is_the_parse(void **state)
{
    (void)state;
    const vb_design_builtin *b = &vb_design_nd30;
#ifdef VANBAN_HAVE_DESIGN_BUILTIN
    assert_non_null(b->text);
#endif
    if (!b->text)
        skip(); /* a cross build: every layout is parsed */
    /* Otherwise the loads below would not take the cache at all. */
    assert_int_equal(b->len, layout_len);
    assert_memory_equal(b->text, layout_text, layout_len);

    loaded P, L;
    load_len(&P, layout_text, layout_len, 0x5a, true);
    assert_int_equal(P.rc, 0);
    assert_int_equal(P.d.n, 0);
    assert_memory_equal(b->values, &P.ds, sizeof P.ds);
    load_len(&L, layout_text, layout_len, 0xa5, false);
    assert_int_equal(L.rc, 0);
    assert_int_equal(L.d.n, 0);
    assert_memory_equal(&L.ds, &P.ds, sizeof P.ds);
    assert_float_equal(L.ds.page_w, MM(210), 1e-9);
    vb_diags_free(&L.d);
    /* The file path takes it too. */
    vb_diags_init(&L.d, LAYOUT);
    memset(&L.ds, 0xa5, sizeof L.ds);
    assert_int_equal(vb_design_load(&L.ds, LAYOUT, &L.d), 0);
    assert_int_equal(L.d.n, 0);
    assert_memory_equal(&L.ds, &P.ds, sizeof P.ds);
    vb_diags_free(&L.d);
    vb_diags_free(&P.d);
}

/* Bytes that differ from the cached ones in any way are parsed: same
 * length with one digit changed, longer, shorter. Each case gives what
 * only a parse of those bytes can give. */
static void builtin_near_misses_are_parsed(void **state)
{
    (void)state;
    loaded P, L;
    load_len(&P, layout_text, layout_len, 0, true);
    assert_int_equal(P.rc, 0);

    /* One trailing space: the same numbers, no diagnostics. */
    char *t = splice(layout_text, layout_len, 0, " ");
    load_len(&L, t, layout_len + 1, 0xa5, false);
    assert_int_equal(L.rc, 0);
    assert_int_equal(L.d.n, 0);
    assert_memory_equal(&L.ds, &P.ds, sizeof P.ds);
    unload(&L, t);

    /* A changed number, same length, first and last key of the file:
     * that value changes and nothing else. */
    static const struct {
        const char *sect, *key, *val;
        size_t off;
        double want;
    } edits[] = {
        {"page", "width_mm", "211", offsetof(vb_design, page_w), MM(211)},
        {"stamp", "pad", "4", offsetof(vb_design, stamp.pad), 4},
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        size_t vo = value_offset(layout_text, edits[i].sect, edits[i].key);
        size_t vl = value_len(layout_text, vo);
        assert_int_equal(vl, strlen(edits[i].val));
        t = splice(layout_text, vo, vl, edits[i].val);
        load_len(&L, t, layout_len, 0xa5, false);
        assert_int_equal(L.rc, 0);
        vb_design want = P.ds;
        memcpy((char *)&want + edits[i].off, &edits[i].want, sizeof(double));
        assert_memory_equal(&L.ds, &want, sizeof want);
        unload(&L, t);
    }

    /* An out-of-range number, same length: its located error. */
    size_t vo = value_offset(layout_text, "page", "margin_left_mm");
    t = splice(layout_text, vo, value_len(layout_text, vo), "29");
    load_len(&L, t, layout_len, 0, false);
    expect_error_at(&L, "layout-range", pos_of(t, vo), "30-35");
    unload(&L, t);

    /* The cached bytes plus a line: a duplicate key, not a prefix match. */
    t = splice(layout_text, layout_len, 0, "  pad: 4\n");
    load_len(&L, t, strlen(t), 0, false);
    expect_error_at(&L, "layout-key", pos_of(t, layout_len + 2), "duplicate");
    unload(&L, t);

    /* A prefix of the cached bytes: the keys it lacks are missing. */
    size_t ko = key_offset(layout_text, "stamp", "pad");
    load_len(&L, layout_text, ko, 0, false);
    expect_missing(&L, "'stamp.pad'");
    vb_diags_free(&L.d);
    vb_diags_free(&P.d);
}

/* ---- errors, each located ---- */

static void error_unknown_key(void **state)
{
    (void)state;
    size_t ko = key_offset(layout_text, "body", "leading");
    loaded L;
    char *t = load_spliced(&L, ko + 2, strlen("leading"), "leadin");
    expect_error_at(&L, "layout-key", pos_of(t, ko + 2), "body.leadin");
    unload(&L, t);
    /* An extra key in a known section. */
    ko = key_offset(layout_text, "page", "width_mm");
    t = load_spliced(&L, ko, 0, "  gutter_mm: 5\n");
    expect_error_at(&L, "layout-key", pos_of(t, ko + 2), "page.gutter_mm");
    assert_int_equal(L.d.errors, 1);
    unload(&L, t);
}

static void error_unknown_section(void **state)
{
    (void)state;
    size_t so = section_offset(layout_text, "table");
    loaded L;
    char *t = load_spliced(&L, so, 0, "tables:\n  size: 13\n\n");
    expect_error_at(&L, "layout-key", pos_of(t, so), "tables");
    /* The section itself is named, not only its keys. */
    assert_non_null(strstr(with_rule(&L, "layout-key")->message, "section"));
    unload(&L, t);
}

static void error_out_of_range(void **state)
{
    (void)state;
    size_t vo;
    loaded L;
    char *t = load_with_value(&L, "page", "margin_left_mm", "29", &vo);
    expect_error_at(&L, "layout-range", pos_of(t, vo), "30-35");
    const vb_diag *g = with_rule(&L, "layout-range");
    assert_non_null(strstr(g->message, "page.margin_left_mm"));
    assert_non_null(strstr(g->message, "29"));
    assert_int_equal(L.d.errors, 1);
    unload(&L, t);
    /* The landscape section has its own ranges. */
    t = load_with_value(&L, "landscape", "margin_left_mm", "29", &vo);
    assert_int_equal(L.rc, 0);
    unload(&L, t);
    /* Negative and zero values are out of range too. */
    t = load_with_value(&L, "body", "leading", "-17", &vo);
    expect_error_at(&L, "layout-range", pos_of(t, vo), "body.leading");
    unload(&L, t);
}

static void error_not_a_number(void **state)
{
    (void)state;
    static const char *const bad[] = {"thirty", "30mm", "\"\"", "nan", "inf", "1e999", "~"};
    size_t vo;
    loaded L;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *t = load_with_value(&L, "page", "margin_left_mm", bad[i], &vo);
        expect_error_at(&L, "layout-type", pos_of(t, vo), "page.margin_left_mm");
        assert_non_null(strstr(with_rule(&L, "layout-type")->message, "number"));
        unload(&L, t);
    }
    /* A quoted number is still a number. */
    char *t = load_with_value(&L, "page", "margin_left_mm", "\"31\"", &vo);
    assert_int_equal(L.rc, 0);
    assert_float_equal(L.ds.portrait.left, MM(31), 1e-9);
    unload(&L, t);
    /* A mapping where a number goes. */
    t = load_with_value(&L, "page", "margin_left_mm", "{mm: 30}", &vo);
    expect_error_at(&L, "layout-type", pos_of(t, vo), "page.margin_left_mm");
    unload(&L, t);
}

static void error_missing_key(void **state)
{
    (void)state;
    /* page.margin_top_mm (not the landscape one, which has the same name). */
    size_t ko = key_offset(layout_text, "page", "margin_top_mm");
    size_t le = find_from(layout_text, "\n", ko) + 1;
    loaded L;
    char *t = load_spliced(&L, ko, le - ko, "");
    expect_missing(&L, "'page.margin_top_mm'");
    unload(&L, t);
    /* A whole section missing: each of its keys is reported. */
    size_t so = section_offset(layout_text, "stamp");
    t = load_spliced(&L, so, strlen(layout_text) - so, "");
    assert_int_equal(L.rc, -1);
    keyref keys[200];
    size_t nk = file_keys(keys, 200), nstamp = 0;
    for (size_t i = 0; i < nk; i++)
        nstamp += !strcmp(keys[i].section, "stamp");
    assert_true(nstamp >= 6);
    assert_int_equal(L.d.errors, nstamp);
    for (size_t i = 0; i < L.d.n; i++) {
        assert_string_equal(L.d.items[i].rule, "layout-missing");
        assert_non_null(strstr(L.d.items[i].message, "'stamp."));
    }
    unload(&L, t);
    /* An empty file misses everything. */
    load_text(&L, "");
    assert_int_equal(L.rc, -1);
    assert_true(L.d.errors >= 60);
    vb_diags_free(&L.d);
}

static void error_duplicate_key(void **state)
{
    (void)state;
    /* A second margin_left_mm right after the first. */
    size_t ko = key_offset(layout_text, "page", "margin_right_mm");
    loaded L;
    char *t = load_spliced(&L, ko, 0, "  margin_left_mm: 31\n");
    expect_error_at(&L, "layout-key", pos_of(t, ko + 2), "page.margin_left_mm");
    assert_non_null(strstr(with_rule(&L, "layout-key")->message, "duplicate"));
    assert_int_equal(L.d.errors, 1);
    unload(&L, t);
    /* The same section twice repeats its keys. */
    size_t so = section_offset(layout_text, "footer");
    t = load_spliced(&L, so, 0, "footer:\n  gap: 4\n\n");
    assert_int_equal(L.rc, -1);
    const vb_diag *g = with_rule(&L, "layout-key");
    assert_non_null(g);
    assert_non_null(strstr(g->message, "footer.gap"));
    unload(&L, t);
}

static void error_sequence_for_section(void **state)
{
    (void)state;
    /* "stamp:" followed by a list instead of a mapping. */
    size_t so = section_offset(layout_text, "stamp");
    loaded L;
    char *t = load_spliced(&L, so, strlen(layout_text) - so, "stamp:\n  - 20\n  - 40\n");
    size_t seq = find_from(t, "- 20", so);
    expect_error_at(&L, "layout-type", pos_of(t, seq), NULL);
    unload(&L, t);
    /* A flow sequence as the value of a key. */
    size_t vo;
    t = load_with_value(&L, "body", "size", "[13, 14]", &vo);
    expect_error_at(&L, "layout-type", pos_of(t, vo), NULL);
    unload(&L, t);
    /* A whole document that is a list. */
    load_text(&L, "- page\n- header\n");
    expect_error_at(&L, "layout-type", ((vb_pos){1, 1}), NULL);
    vb_diags_free(&L.d);
}

/* Regression test, fixed (src/design.c, vb_design_load_mem): a scalar where a section
 * mapping belongs ("page: 5") is taken for the next section name and
 * reported as "unknown layout section '5'"; the message should say that
 * 'page' must be a mapping of keys (on_scalar's "expected a section
 * mapping" branch is unreachable: depth-1 scalars never get there). */
static void error_scalar_for_section(void **state)
{
    (void)state;
    size_t so = section_offset(layout_text, "stamp");
    loaded L;
    char *t = load_spliced(&L, so, strlen(layout_text) - so, "stamp: 5\n");
    assert_int_equal(L.rc, -1);
    const vb_diag *g = with_rule(&L, "layout-type");
    if (!g || !strstr(g->message, "stamp")) {
        dump(&L);
        fail_msg("'stamp: 5' is not reported as a section that is not a mapping");
    }
    unload(&L, t);
}

static void error_yaml_syntax(void **state)
{
    (void)state;
    /* An unclosed flow sequence. */
    size_t vo;
    loaded L;
    char *t = load_with_value(&L, "body", "size", "[14", &vo);
    assert_int_equal(L.rc, -1);
    const vb_diag *g = with_rule(&L, "layout-syntax");
    if (!g) {
        /* libyaml reports the sequence start first: that is a type error,
         * also located; either way the load fails with a position. */
        g = with_rule(&L, "layout-type");
    }
    assert_non_null(g);
    assert_true(g->pos.line >= pos_of(t, vo).line);
    unload(&L, t);
    /* Bad indentation. */
    size_t ko = key_offset(layout_text, "body", "leading");
    t = load_spliced(&L, ko, 2, "   ");
    g = with_rule(&L, "layout-syntax");
    if (!g) {
        dump(&L);
        fail_msg("bad indentation is not a syntax error");
    }
    assert_int_equal(g->pos.line, pos_of(t, ko).line);
    assert_true(L.rc == -1);
    assert_true(strlen(g->message) > 0);
    unload(&L, t);
    /* A tab in indentation, an unterminated quote. */
    load_text(&L, "page:\n\twidth_mm: 210\n");
    assert_int_equal(L.rc, -1);
    g = with_rule(&L, "layout-syntax");
    assert_non_null(g);
    assert_int_equal(g->pos.line, 2);
    vb_diags_free(&L.d);
    load_text(&L, "page:\n  width_mm: \"210\n");
    assert_int_equal(L.rc, -1);
    assert_non_null(with_rule(&L, "layout-syntax"));
    vb_diags_free(&L.d);
}

static void error_file_missing(void **state)
{
    (void)state;
    vb_design ds;
    vb_diags d;
    vb_diags_init(&d, "layouts/none.yaml");
    assert_int_equal(vb_design_load(&ds, "layouts/none.yaml", &d), -1);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].rule, "layout-file");
    assert_non_null(strstr(d.items[0].message, "layouts/none.yaml"));
    vb_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nd30_values),
        cmocka_unit_test(nd30_every_key_is_used),
        cmocka_unit_test(nd30_values_in_range),
        cmocka_unit_test(builtin_is_the_parse),
        cmocka_unit_test(builtin_near_misses_are_parsed),
        cmocka_unit_test(error_unknown_key),
        cmocka_unit_test(error_unknown_section),
        cmocka_unit_test(error_out_of_range),
        cmocka_unit_test(error_not_a_number),
        cmocka_unit_test(error_missing_key),
        cmocka_unit_test(error_duplicate_key),
        cmocka_unit_test(error_sequence_for_section),
        cmocka_unit_test(error_scalar_for_section),
        cmocka_unit_test(error_yaml_syntax),
        cmocka_unit_test(error_file_missing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
