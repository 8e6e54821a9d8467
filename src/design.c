/* design.c - reading layouts/NAME.yaml into a vb_design.
 *
 * One table lists every key with where it goes and the range it may take.
 * The ranges are the decree's where it sets one (margins, sizes) and
 * sanity bounds elsewhere, so a mistyped layout is refused with a located
 * message rather than producing a page no clerk could use. */
#include "design.h"
#include "design_builtin.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

typedef struct key_spec {
    const char *section, *key;
    size_t offset;
    double min, max;
    int mm; /* the file gives millimetres */
} key_spec;

#define F(field) offsetof(vb_design, field)

static const key_spec KEYS[] = {
    {"page", "width_mm", F(page_w), 100, 1200, 1},
    {"page", "height_mm", F(page_h), 100, 1200, 1},
    {"page", "margin_top_mm", F(portrait.top), 20, 25, 1},
    {"page", "margin_bottom_mm", F(portrait.bottom), 20, 25, 1},
    {"page", "margin_left_mm", F(portrait.left), 30, 35, 1},
    {"page", "margin_right_mm", F(portrait.right), 15, 20, 1},
    {"landscape", "margin_top_mm", F(landscape.top), 10, 30, 1},
    {"landscape", "margin_bottom_mm", F(landscape.bottom), 10, 30, 1},
    {"landscape", "margin_left_mm", F(landscape.left), 10, 35, 1},
    {"landscape", "margin_right_mm", F(landscape.right), 10, 30, 1},
    {"header", "left_frac", F(header.left_frac), 0.3, 0.5, 0},
    {"header", "leading", F(header.leading), 1, 1.5, 0},
    {"header", "parent_size", F(header.parent_size), 12, 13, 0},
    {"header", "agency_size", F(header.agency_size), 12, 13, 0},
    {"header", "agency_rule_frac", F(header.agency_rule_frac), 1.0 / 3 - 0.001, 0.5, 0},
    {"header", "rule_width", F(header.rule_width), 0.2, 2, 0},
    {"header", "rule_gap", F(header.rule_gap), 0, 10, 0},
    {"header", "number_gap", F(header.number_gap), 0, 30, 0},
    {"header", "number_size", F(header.number_size), 13, 13, 0},
    {"header", "number_blank_mm", F(header.number_blank), 5, 40, 1},
    {"header", "motto_size", F(header.motto_size), 12, 13, 0},
    {"header", "slogan_size", F(header.slogan_size), 13, 14, 0},
    {"header", "date_size", F(header.date_size), 13, 14, 0},
    {"header", "date_blank_mm", F(header.date_blank), 4, 30, 1},
    {"header", "stamp_gap", F(header.stamp_gap), 0, 30, 0},
    {"header", "draft_size", F(header.draft_size), 12, 14, 0},
    {"header", "draft_pad", F(header.draft_pad), 0, 10, 0},
    {"title", "space_before", F(title.space_before), 0, 48, 0},
    {"title", "type_size", F(title.type_size), 13, 14, 0},
    {"title", "title_size", F(title.title_size), 13, 14, 0},
    {"title", "leading", F(title.leading), 1, 1.5, 0},
    {"title", "rule_frac", F(title.rule_frac), 1.0 / 3 - 0.001, 0.5, 0},
    {"title", "rule_gap", F(title.rule_gap), 0, 10, 0},
    {"title", "space_after", F(title.space_after), 0, 48, 0},
    {"body", "size", F(body.size), 13, 14, 0},
    {"body", "leading", F(body.leading), 13, 21, 0},
    {"body", "indent_mm", F(body.indent), 10, 12.7, 1},
    {"body", "list_indent_mm", F(body.list_indent), 0, 30, 1},
    {"body", "para_space", F(body.para_space), 6, 24, 0},
    {"body", "space_stretch", F(body.space_stretch), 0, 10, 0},
    {"body", "space_shrink", F(body.space_shrink), 0, 0.9, 0},
    {"body", "tolerance", F(body.tolerance), 0.5, 100, 0},
    {"body", "line_penalty", F(body.line_penalty), 0, 1000, 0},
    {"body", "orphans", F(body.orphans), 1, 5, 0},
    {"body", "widows", F(body.widows), 1, 5, 0},
    {"body", "heading_keep", F(body.heading_keep), 1, 5, 0},
    {"closing", "space_before", F(closing.space_before), 0, 48, 0},
    {"closing", "recipients_frac", F(closing.recipients_frac), 0.25, 0.5, 0},
    {"closing", "label_size", F(closing.label_size), 12, 12, 0},
    {"closing", "recipient_size", F(closing.recipient_size), 11, 11, 0},
    {"closing", "leading", F(closing.leading), 1, 1.5, 0},
    {"closing", "signer_size", F(closing.signer_size), 13, 14, 0},
    {"closing", "sign_space_mm", F(closing.sign_space), 25, 40, 1},
    {"closing", "field_inset", F(closing.field_inset), 0, 20, 0},
    {"closing", "seal_mm", F(closing.seal), 20, 60, 1},
    {"closing", "keep_lines", F(closing.keep_lines), 0, 10, 0},
    {"page_number", "size", F(page_number.size), 13, 14, 0},
    {"page_number", "baseline_mm", F(page_number.baseline), 5, 19, 1},
    {"appendix", "label_size", F(appendix.label_size), 13, 14, 0},
    {"appendix", "title_size", F(appendix.title_size), 13, 14, 0},
    {"appendix", "ref_size", F(appendix.ref_size), 13, 14, 0},
    {"appendix", "leading", F(appendix.leading), 1, 1.5, 0},
    {"appendix", "rule_frac", F(appendix.rule_frac), 1.0 / 3 - 0.001, 0.5, 0},
    {"appendix", "rule_gap", F(appendix.rule_gap), 0, 10, 0},
    {"appendix", "space_after", F(appendix.space_after), 0, 48, 0},
    {"table", "size", F(table.size), 10, 14, 0},
    {"table", "leading", F(table.leading), 1, 1.5, 0},
    {"table", "pad_x", F(table.pad_x), 0.5, 10, 0},
    {"table", "pad_y", F(table.pad_y), 0.5, 10, 0},
    {"table", "rule_width", F(table.rule_width), 0.2, 2, 0},
    {"table", "unit_size", F(table.unit_size), 10, 14, 0},
    {"table", "words_space", F(table.words_space), 0, 24, 0},
    {"footer", "size", F(footer.size), 11, 12, 0},
    {"footer", "leading", F(footer.leading), 1, 1.5, 0},
    {"footer", "rule_width", F(footer.rule_width), 0.2, 2, 0},
    {"footer", "gap", F(footer.gap), 0, 12, 0},
    {"stamp", "khan_w_mm", F(stamp.khan_w), 20, 20, 1},
    {"stamp", "thuong_khan_w_mm", F(stamp.thuong_khan_w), 40, 40, 1},
    {"stamp", "hoa_toc_w_mm", F(stamp.hoa_toc_w), 30, 30, 1},
    {"stamp", "height_mm", F(stamp.height), 8, 8, 1},
    {"stamp", "size", F(stamp.size), 13, 14, 0},
    {"stamp", "line_width", F(stamp.line_width), 0.3, 3, 0},
    {"stamp", "pad", F(stamp.pad), 0, 20, 0},
};
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

static vb_pos mark_pos(const yaml_mark_t *m)
{
    vb_pos p = {(int)m->line + 1, (int)m->column + 1};
    return p;
}

static const key_spec *find_key(const char *section, const char *key)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (!strcmp(KEYS[i].section, section) && !strcmp(KEYS[i].key, key))
            return &KEYS[i];
    return NULL;
}

static bool known_section(const char *s)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (!strcmp(KEYS[i].section, s))
            return true;
    return false;
}

/* Store one "section.key: value" pair; returns the table index or -1. */
static int set_value(vb_design *ds, const char *section, const char *key,
                     const char *value, vb_pos kpos, vb_pos vpos, vb_diags *d)
{
    const key_spec *k = find_key(section, key);
    if (!k) {
        vb_error(d, kpos, "layout-key", "unknown layout key '%s.%s'", section, key);
        return -1;
    }
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    if (end == value || *end || errno || !isfinite(v)) {
        vb_error(d, vpos, "layout-type", "'%s.%s' must be a number, not '%s'",
                 section, key, value);
        return -1;
    }
    if (v < k->min - 1e-9 || v > k->max + 1e-9) {
        vb_error(d, vpos, "layout-range", "'%s.%s' is %g; it must lie in %g-%g",
                 section, key, v, k->min, k->max);
        return -1;
    }
    *(double *)((char *)ds + k->offset) = k->mm ? v * 72.0 / 25.4 : v;
    return (int)(k - KEYS);
}

typedef struct parse_state {
    vb_design *ds;
    vb_diags *d;
    unsigned char seen[NKEYS];
    char section[64];
    char key[64];
    vb_pos key_pos;
    int depth;     /* 1 = top mapping, 2 = inside a section */
    bool have_key; /* inside a section: the next scalar is a value */
} parse_state;

static void on_scalar(parse_state *st, const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    vb_pos pos = mark_pos(&ev->start_mark);
    if (st->depth == 1) {
        vb_error(st->d, pos, "layout-type", "expected a section mapping, found '%s'", s);
        return;
    }
    if (!st->have_key) {
        snprintf(st->key, sizeof st->key, "%s", s);
        st->key_pos = pos;
        st->have_key = true;
        return;
    }
    st->have_key = false;
    int idx = set_value(st->ds, st->section, st->key, s, st->key_pos, pos, st->d);
    if (idx >= 0) {
        if (st->seen[idx])
            vb_error(st->d, st->key_pos, "layout-key", "duplicate layout key '%s.%s'",
                     st->section, st->key);
        st->seen[idx] = 1;
    }
}

int vb_design_parse_mem(vb_design *ds, const char *data, size_t len, vb_diags *d)
{
    memset(ds, 0, sizeof *ds);
    parse_state st = {.ds = ds, .d = d};
    size_t errors0 = d->errors;
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    bool done = false;
    bool pending_section = false; /* a top-level key awaits its mapping */
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            vb_pos pos = mark_pos(&parser.problem_mark);
            vb_error(d, pos, "layout-syntax", "%s", parser.problem ? parser.problem : "YAML error");
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_MAPPING_START_EVENT:
            st.depth++;
            if (st.depth == 2 && !pending_section)
                vb_error(d, mark_pos(&ev.start_mark), "layout-type", "unexpected mapping");
            if (st.depth > 2) {
                vb_error(d, mark_pos(&ev.start_mark), "layout-type",
                         "'%s.%s' must be a number", st.section, st.key);
                done = true;
            }
            pending_section = false;
            st.have_key = false;
            break;
        case YAML_MAPPING_END_EVENT:
            st.depth--;
            break;
        case YAML_SCALAR_EVENT:
            if (st.depth == 1 && pending_section) {
                vb_error(d, mark_pos(&ev.start_mark), "layout-type",
                         "layout section '%s' must be a mapping of numbers", st.section);
                pending_section = false;
            } else if (st.depth == 1) {
                const char *s = (const char *)ev.data.scalar.value;
                if (!known_section(s))
                    vb_error(d, mark_pos(&ev.start_mark), "layout-key",
                             "unknown layout section '%s'", s);
                snprintf(st.section, sizeof st.section, "%s", s);
                pending_section = true;
            } else {
                on_scalar(&st, &ev);
            }
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_ALIAS_EVENT:
            vb_error(d, mark_pos(&ev.start_mark), "layout-type",
                     "layouts hold only sections of numbers");
            done = true;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (d->errors == errors0) {
        for (size_t i = 0; i < NKEYS; i++)
            if (!st.seen[i]) {
                vb_pos none = {0, 0};
                vb_error(d, none, "layout-missing", "layout key '%s.%s' is missing",
                         KEYS[i].section, KEYS[i].key);
            }
    }
    return d->errors == errors0 ? 0 : -1;
}

/* The generator refuses a layout with any diagnostic, so a hit means
 * rc 0, no diagnostics and these numbers: what parsing would give. */
int vb_design_load_mem(vb_design *ds, const char *data, size_t len, vb_diags *d)
{
    const vb_design_builtin *b = &vb_design_nd30;
    if (b->text && len == b->len && !memcmp(data, b->text, len)) {
        memcpy(ds, b->values, sizeof *ds);
        return 0;
    }
    return vb_design_parse_mem(ds, data, len, d);
}

int vb_design_load(vb_design *ds, const char *path, vb_diags *d)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        vb_pos none = {0, 0};
        vb_error(d, none, "layout-file", "cannot read layout '%s': %s", path, strerror(errno));
        return -1;
    }
    return vb_design_load_fd(ds, fd, path, d);
}

int vb_design_load_fd(vb_design *ds, int fd, const char *path, vb_diags *d)
{
    size_t len = 0;
    char *buf = vb_read_fd(fd, 1u << 20, &len);
    if (!buf && errno == ENOMEM)
        abort();
    close(fd);
    if (len > (1u << 20)) {
        vb_pos none = {0, 0};
        vb_error(d, none, "layout-file", "layout '%s' is larger than 1 MiB", path);
        free(buf);
        return -1;
    }
    /* A read error (a directory) leaves the text empty, as it always has:
     * the layout's keys are then reported missing. */
    int rc = vb_design_load_mem(ds, buf ? buf : "", buf ? len : 0, d);
    free(buf);
    return rc;
}
