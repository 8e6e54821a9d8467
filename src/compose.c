/* compose.c - the document: header, title, body, closing, appendices.
 *
 * Everything here is built as boxes on a vertical list (flow.c breaks it
 * into pages) from paragraphs (para.c) and tables (table.c). Every size and
 * gap comes from the page design; the rules behind each piece are those of
 * ND30 Phụ lục I as summarised in docs/ and the layout file's comments. */
#include "compose.h"

#include <stdio.h>
#include <string.h>

#include "image.h"
#include "layout.h"
#include "vnformat.h"

static const vb_rgb RED = {1, 0, 0};

static const char QUOC_HIEU[] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
static const char TIEU_NGU[] = "Độc lập - Tự do - Hạnh phúc";

typedef struct doc {
    vb_lctx c;
    const vb_plan *p;
    double W;                  /* text-block width of the part being built */
    double room;               /* text-block height of its pages */
    const char *endmark_for;   /* the string that gets "./." */
    const vb_compose_opts *opts;
} doc;

/* ---- small text helpers ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !memcmp(s + n - m, suffix, m);
}

/* ND30's end mark: "./." after the last sentence (a final "." becomes it,
 * an existing one is kept). */
static const char *with_endmark(vb_lctx *c, const char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    char *t = vb_strndup(c->a, s, n);
    if (ends_with(t, "./."))
        return t;
    if (n && t[n - 1] == '.')
        t[n - 1] = 0;
    return vb_sprintf(c->a, "%s./.", t);
}

static vb_pstyle pstyle(double size, double leading, double width, vb_halign align)
{
    vb_pstyle st = {size, leading, width, 0, 0, align};
    return st;
}

/* Lay out runs into ops at (x, y) within a column of the given width;
 * returns the height. */
static double column_text(doc *D, vb_ops *ops, const vb_runs *r, const vb_pstyle *st,
                          double x, double y, double *widest)
{
    vb_lines l;
    vb_set_lines(&D->c, r->runs, r->n, st, &l);
    vb_lines_place(&D->c, &l, st, ops, x, y);
    if (widest)
        *widest = l.max_width;
    return vb_lines_height(&l, st);
}

/* ---- header (ô 1-4, 10, 11) ---- */

/* The "Số" line: "Số: 04/KH-KHCN", or a blank where the number will go. */
static void number_runs(doc *D, vb_runs *r)
{
    const vb_plan *p = D->p;
    const char *sym = p->symbol.s ? p->symbol.s : "";
    if (p->has_number) {
        char num[32];
        vb_fmt_docnumber(p->number, num, sizeof num);
        vb_runs_plain(&D->c, r, vb_sprintf(D->c.a, "Số: %s/%s", num, sym), 0);
    } else {
        vb_runs_plain(&D->c, r, "Số:", 0);
        vb_runs_gap(&D->c, r, D->c.ds->header.number_blank);
        vb_runs_plain(&D->c, r, vb_sprintf(D->c.a, "/%s", sym), 0);
    }
}

/* "ngày 05 tháng 01 năm 2024", with a fixed blank for each missing part. */
static void date_runs(doc *D, vb_runs *r, unsigned style)
{
    const vb_date *dt = &D->p->date;
    double gap = D->c.ds->header.date_blank;
    char buf[16];
    vb_runs_plain(&D->c, r, "ngày ", style);
    if (dt->day) {
        vb_fmt_day(dt->day, buf, sizeof buf);
        vb_runs_plain(&D->c, r, vb_sprintf(D->c.a, "%s ", buf), style);
    } else {
        vb_runs_gap(&D->c, r, gap);
        vb_runs_plain(&D->c, r, " ", style);
    }
    vb_runs_plain(&D->c, r, "tháng ", style);
    if (dt->month) {
        vb_fmt_month(dt->month, buf, sizeof buf);
        vb_runs_plain(&D->c, r, vb_sprintf(D->c.a, "%s ", buf), style);
    } else {
        vb_runs_gap(&D->c, r, gap);
        vb_runs_plain(&D->c, r, " ", style);
    }
    vb_runs_plain(&D->c, r, "năm ", style);
    if (dt->year)
        vb_runs_plain(&D->c, r, vb_sprintf(D->c.a, "%d", dt->year), style);
    else
        vb_runs_gap(&D->c, r, gap);
}

/* A stamp: text centred in a single-border rectangle. */
static double stamp(doc *D, vb_ops *ops, const char *text, double w, double x, double y,
                    vb_rgb color)
{
    const vb_design *ds = D->c.ds;
    double h = ds->stamp.height, size = ds->stamp.size;
    double tw = vb_text_width(&D->c, VB_FACE_BOLD, size, text, strlen(text));
    if (w < tw + 2 * ds->stamp.pad)
        w = tw + 2 * ds->stamp.pad;
    vb_ops_rect(&D->c, ops, x - w / 2, y, w, h, ds->stamp.line_width);
    ops->items[ops->n - 1].color = color;
    double base = y + h / 2 + (vb_ascent(&D->c, size) - vb_descent(&D->c, size)) / 2;
    vb_item *t = vb_ops_text(&D->c, ops, x - tw / 2, base, VB_FACE_BOLD, size, text,
                             strlen(text));
    t->color = color;
    return h;
}

static double urgency_width(const vb_design *ds, const char *u)
{
    if (!strcmp(u, "HỎA TỐC"))
        return ds->stamp.hoa_toc_w;
    if (!strcmp(u, "THƯỢNG KHẨN"))
        return ds->stamp.thuong_khan_w;
    return ds->stamp.khan_w;
}

/* The two-column header; returns its height. */
static double header(doc *D, vb_ops *ops)
{
    vb_lctx *c = &D->c;
    const vb_design *ds = c->ds;
    const vb_plan *p = D->p;
    double LW = ds->header.left_frac * D->W, RW = D->W - LW;
    double top = 0;
    if (p->draft) { /* ô 11: "DỰ THẢO" in a box above the Quốc hiệu */
        const char *t = "DỰ THẢO";
        double size = ds->header.draft_size, pad = ds->header.draft_pad;
        double tw = vb_text_width(c, VB_FACE_BOLD, size, t, strlen(t));
        double h = vb_ascent(c, size) + vb_descent(c, size) + 2 * pad;
        double x = LW + RW / 2 - tw / 2;
        vb_ops_rect(c, ops, x - 2 * pad, 0, tw + 4 * pad, h, ds->header.rule_width);
        vb_ops_text(c, ops, x, pad + vb_ascent(c, size), VB_FACE_BOLD, size, t, strlen(t));
        top = h + ds->header.number_gap;
    }
    /* Left column: parent agency, issuing agency (bold), short rule. */
    double y = top, widest = 0, w;
    vb_runs r = {0};
    if (p->agency_parent.s) {
        vb_runs_plain(c, &r, p->agency_parent.s, 0);
        vb_pstyle st = pstyle(ds->header.parent_size,
                              ds->header.parent_size * ds->header.leading, LW, VB_CENTER);
        y += column_text(D, ops, &r, &st, 0, y, NULL);
    }
    memset(&r, 0, sizeof r);
    vb_runs_plain(c, &r, p->agency_name.s, VB_FACE_BOLD);
    vb_pstyle ast = pstyle(ds->header.agency_size,
                           ds->header.agency_size * ds->header.leading, LW, VB_CENTER);
    y += column_text(D, ops, &r, &ast, 0, y, &widest);
    double left_rule = y + ds->header.rule_gap;
    double rl = widest * ds->header.agency_rule_frac;
    vb_ops_rule(c, ops, LW / 2 - rl / 2, left_rule, rl, ds->header.rule_width);
    /* Right column: Quốc hiệu, Tiêu ngữ (bold) and its full-length rule. */
    double yr = top;
    memset(&r, 0, sizeof r);
    vb_runs_plain(c, &r, QUOC_HIEU, VB_FACE_BOLD);
    vb_pstyle qst = pstyle(ds->header.motto_size,
                           ds->header.motto_size * ds->header.leading, RW, VB_CENTER);
    yr += column_text(D, ops, &r, &qst, LW, yr, NULL);
    memset(&r, 0, sizeof r);
    vb_runs_plain(c, &r, TIEU_NGU, VB_FACE_BOLD);
    vb_pstyle tst = pstyle(ds->header.slogan_size,
                           ds->header.slogan_size * ds->header.leading, RW, VB_CENTER);
    yr += column_text(D, ops, &r, &tst, LW, yr, &w);
    double right_rule = yr + ds->header.rule_gap;
    vb_ops_rule(c, ops, LW + RW / 2 - w / 2, right_rule, w, ds->header.rule_width);
    /* Số (left) and place/date (right) share one baseline (ô 3, ô 4). */
    double rule_y = left_rule > right_rule ? left_rule : right_rule;
    double size = ds->header.number_size;
    double base = rule_y + ds->header.number_gap + vb_ascent(c, size);
    memset(&r, 0, sizeof r);
    number_runs(D, &r);
    vb_pstyle nst = pstyle(size, size * ds->header.leading, LW, VB_CENTER);
    vb_lines l;
    vb_set_lines(c, r.runs, r.n, &nst, &l);
    vb_ops_append(c, ops, &l.lines[0].ops, 0, base);
    double bottom = base + vb_descent(c, size);
    memset(&r, 0, sizeof r);
    if (p->place.s)
        vb_runs_plain(c, &r, vb_sprintf(c->a, "%s, ", p->place.s), VB_FACE_ITALIC);
    date_runs(D, &r, VB_FACE_ITALIC);
    vb_pstyle dst = pstyle(ds->header.date_size, ds->header.date_size * ds->header.leading,
                           RW, VB_CENTER);
    vb_set_lines(c, r.runs, r.n, &dst, &l);
    for (size_t k = 0; k < l.n; k++) {
        vb_ops_append(c, ops, &l.lines[k].ops, LW, base + k * dst.leading);
        double b = base + k * dst.leading + vb_descent(c, dst.size);
        if (b > bottom)
            bottom = b;
    }
    /* ô 10a / 10b: secrecy above urgency, under the Số line. */
    double sy = base + vb_descent(c, size) + ds->header.stamp_gap;
    if (p->secrecy.s) {
        sy += stamp(D, ops, p->secrecy.s, 0, LW / 2, sy, (vb_rgb){0, 0, 0}) +
              ds->header.stamp_gap;
        bottom = sy;
    }
    if (p->urgency.s) {
        sy += stamp(D, ops, p->urgency.s, urgency_width(ds, p->urgency.s), LW / 2, sy, RED);
        bottom = sy;
    }
    return bottom;
}

/* "KẾ HOẠCH" and the trích yếu, centred, with the short rule under it. */
static double title_block(doc *D, vb_ops *ops, double y)
{
    vb_lctx *c = &D->c;
    const vb_design *ds = c->ds;
    const char *type = D->p->type.s ? D->p->type.s : "KẾ HOẠCH";
    vb_runs r = {0};
    vb_runs_plain(c, &r, type, VB_FACE_BOLD);
    vb_pstyle st = pstyle(ds->title.type_size, ds->title.type_size * ds->title.leading,
                          D->W, VB_CENTER);
    y += column_text(D, ops, &r, &st, 0, y, NULL);
    memset(&r, 0, sizeof r);
    vb_runs_markup(c, &r, D->p->title.s, VB_FACE_BOLD);
    st = pstyle(ds->title.title_size, ds->title.title_size * ds->title.leading, D->W,
                VB_CENTER);
    double widest = 0;
    y += column_text(D, ops, &r, &st, 0, y, &widest);
    double rl = widest * ds->title.rule_frac;
    y += ds->title.rule_gap;
    vb_ops_rule(c, ops, D->W / 2 - rl / 2, y, rl, ds->header.rule_width);
    return y + ds->header.rule_width / 2;
}

/* ---- body ---- */

static const vb_numstyle DEFAULT_NUMBERING[] = {VB_NUM_UPPER_ROMAN, VB_NUM_DECIMAL,
                                                VB_NUM_VI_ALPHA, VB_NUM_DASH};

static vb_numstyle numstyle(const doc *D, int level)
{
    if (level <= (int)D->p->nnumbering)
        return D->p->numbering[level - 1];
    if (level <= 4)
        return DEFAULT_NUMBERING[level - 1];
    return VB_NUM_DASH;
}

/* The marker of the n-th section at `level`; `parent` is the parent's
 * number for "1.1." style. Returns "" for none. *label gets the bare number. */
static const char *marker(doc *D, int level, int n, const char *parent, const char **label)
{
    char buf[32];
    *label = "";
    switch (numstyle(D, level)) {
    case VB_NUM_UPPER_ROMAN:
        vb_fmt_roman(n, buf, sizeof buf);
        *label = vb_strdup(D->c.a, buf);
        return vb_sprintf(D->c.a, "%s.", buf);
    case VB_NUM_DECIMAL:
        *label = vb_sprintf(D->c.a, "%d", n);
        return vb_sprintf(D->c.a, "%d.", n);
    case VB_NUM_DECIMAL_NESTED:
        *label = parent && *parent ? vb_sprintf(D->c.a, "%s.%d", parent, n)
                                   : vb_sprintf(D->c.a, "%d", n);
        return vb_sprintf(D->c.a, "%s.", *label);
    case VB_NUM_VI_ALPHA:
        vb_fmt_vi_alpha(n, buf, sizeof buf);
        *label = vb_strdup(D->c.a, buf);
        return vb_sprintf(D->c.a, "%s)", buf);
    case VB_NUM_DASH:
        return "-";
    case VB_NUM_NONE:
        break;
    }
    return "";
}

static const char *endmarked(doc *D, const char *s)
{
    return s && s == D->endmark_for ? with_endmark(&D->c, s) : s;
}

/* A paragraph of the body; returns the number of lines. */
static size_t body_para(doc *D, vb_vlist *v, const vb_runs *r, double indent_first,
                        double indent_rest, vb_halign align)
{
    const vb_design *ds = D->c.ds;
    vb_pstyle st = pstyle(ds->body.size, ds->body.leading, D->W, align);
    st.indent_first = indent_first;
    st.indent_rest = indent_rest;
    vb_lines l;
    vb_set_lines(&D->c, r->runs, r->n, &st, &l);
    vb_vlist_lines(&D->c, v, &l, &st, ds->body.para_space);
    return l.n;
}

static void blocks(doc *D, vb_vlist *v, const vb_blocks *b, int level, const char *parent);

static void list_items(doc *D, vb_vlist *v, const vb_list *L, int depth)
{
    const vb_design *ds = D->c.ds;
    const char *mk = L->marker.s ? L->marker.s : "-";
    for (size_t i = 0; i < L->n; i++) {
        vb_runs r = {0};
        vb_runs_plain(&D->c, &r, vb_sprintf(D->c.a, "%s ", mk), 0);
        vb_runs_markup(&D->c, &r, endmarked(D, L->items[i].text.s), 0);
        body_para(D, v, &r, ds->body.indent + depth * ds->body.list_indent, 0, VB_JUSTIFY);
        if (L->items[i].sub)
            list_items(D, v, L->items[i].sub, depth + 1);
    }
}

/* Keep a heading with the first lines of what follows it. */
static void keep_heading(doc *D, vb_vlist *v, size_t heading_end, size_t before)
{
    size_t keep = (size_t)D->c.ds->body.heading_keep;
    for (size_t i = before; i < heading_end && i < v->n; i++)
        v->items[i].keep_with_next = true;
    for (size_t i = heading_end; i + 1 < v->n && i < heading_end + keep - 1; i++)
        v->items[i].keep_with_next = true;
}

static void section(doc *D, vb_vlist *v, const vb_block *b, int level, int n,
                    const char *parent)
{
    const char *label = "";
    const char *mk = b->numbered ? marker(D, level, n, parent, &label) : "";
    vb_runs r = {0};
    size_t before = v->n;
    if (b->title.s) {
        if (*mk)
            vb_runs_plain(&D->c, &r, vb_sprintf(D->c.a, "%s ", mk), VB_FACE_BOLD);
        vb_runs_markup(&D->c, &r, b->title.s, VB_FACE_BOLD);
        if (b->text.s) { /* run-in text: "2. Thời gian: Ngày 09/01/2024." */
            vb_runs_plain(&D->c, &r, " ", 0);
            vb_runs_markup(&D->c, &r, endmarked(D, b->text.s), 0);
        }
    } else if (b->text.s) {
        if (*mk)
            vb_runs_plain(&D->c, &r, vb_sprintf(D->c.a, "%s ", mk), 0);
        vb_runs_markup(&D->c, &r, endmarked(D, b->text.s), 0);
    }
    if (r.n)
        body_para(D, v, &r, D->c.ds->body.indent, 0, VB_JUSTIFY);
    if (level == 1 && b->title.s && v->n > before) {
        v->items[before].outline = vb_inline_plain(
            D->c.a, *mk ? vb_sprintf(D->c.a, "%s %s", mk, b->title.s) : b->title.s);
        v->items[before].outline_level = 1;
    }
    size_t heading_end = v->n;
    blocks(D, v, &b->body, level + 1, label);
    if (b->title.s && !b->text.s && v->n > heading_end)
        keep_heading(D, v, heading_end, before);
}

static void blocks(doc *D, vb_vlist *v, const vb_blocks *b, int level, const char *parent)
{
    int n = 0;
    for (size_t i = 0; i < b->n; i++) {
        const vb_block *k = &b->items[i];
        switch (k->kind) {
        case VB_BLOCK_PARA: {
            vb_runs r = {0};
            vb_runs_markup(&D->c, &r, endmarked(D, k->text.s), 0);
            body_para(D, v, &r, D->c.ds->body.indent, 0, VB_JUSTIFY);
            break;
        }
        case VB_BLOCK_SECTION:
            section(D, v, k, level, k->numbered ? ++n : n, parent);
            break;
        case VB_BLOCK_LIST:
            list_items(D, v, k->list, 0);
            break;
        case VB_BLOCK_TABLE:
            vb_table_layout(&D->c, v, k->table, D->W, D->room);
            break;
        case VB_BLOCK_PAGE_BREAK: {
            vb_vbox *pb = vb_vlist_add(&D->c, v, 0, 0);
            pb->break_before = true;
            break;
        }
        }
    }
}

/* The text that carries the end mark: the closing paragraph, else the
 * last text of the body. */
static const char *last_text(const vb_blocks *b)
{
    for (size_t i = b->n; i-- > 0;) {
        const vb_block *k = &b->items[i];
        const char *t = NULL;
        switch (k->kind) {
        case VB_BLOCK_PARA:
            return k->text.s;
        case VB_BLOCK_SECTION:
            t = last_text(&k->body);
            if (!t)
                t = k->text.s;
            break;
        case VB_BLOCK_LIST:
            if (k->list->n) {
                const vb_list *L = k->list;
                while (L->items[L->n - 1].sub && L->items[L->n - 1].sub->n)
                    L = L->items[L->n - 1].sub;
                t = L->items[L->n - 1].text.s;
            }
            break;
        default:
            break;
        }
        if (t)
            return t;
    }
    return NULL;
}

/* ---- closing: Nơi nhận (ô 9b) beside the signature (ô 7a-7c) ---- */

/* Where a PNG goes in the signing space: its own size, shrunk to fit,
 * centred. */
static void fit_image(vb_item *it, double x, double y, double w, double h,
                      double iw, double ih)
{
    double s = w / iw < h / ih ? w / iw : h / ih;
    if (s > 1)
        s = 1;
    it->w = iw * s;
    it->h = ih * s;
    it->x = x + (w - it->w) / 2;
    it->y = y + (h - it->h) / 2;
}

static const char *plan_path(doc *D, const char *f)
{
    return f[0] == '/' ? f : vb_sprintf(D->c.a, "%s/%s", D->p->dir ? D->p->dir : ".", f);
}

/* ND30 §13: the signature image centred between the title lines and the
 * name; the seal at its real size over the left third of it. The agency's
 * field (ô 8) sits where the seal goes. */
/* A print image from bytes (the library's callers) or a plan path; false
 * when there is none. */
static bool image_item(doc *D, vb_ops *ops, const void *data, size_t len, const vb_str *path,
                       vb_png_info *info, vb_item **out)
{
    if (data) {
        if (!vb_png_info_mem(data, len, info))
            return false;
    } else if (!path->s || !vb_png_info_file(plan_path(D, path->s), info)) {
        return false;
    }
    vb_item *it = vb_ops_add(&D->c, ops, VB_ITEM_IMAGE);
    it->data = data;
    it->data_len = len;
    it->text = data ? "<memory>" : plan_path(D, path->s);
    *out = it;
    return true;
}

/* ND30 §13: the signature image centred between the title lines and the
 * name; the seal at its real size over the left third of it. The agency's
 * field (ô 8) sits where the seal goes. */
static void signer_images(doc *D, vb_ops *ops, double LW, double RW, double top, double h,
                          vb_vbox *box)
{
    const vb_signer *s = &D->p->signer;
    const vb_compose_opts *o = D->opts;
    double sx = LW, sw = RW; /* the signature's extent, for the seal */
    vb_png_info info;
    vb_item *it;
    if (image_item(D, ops, o ? o->signer_image : NULL, o ? o->signer_image_len : 0,
                   &s->image, &info, &it)) {
        double iw = info.dpi_x > 0 ? info.width * 72.0 / info.dpi_x : info.width * 0.75;
        double ih = info.dpi_y > 0 ? info.height * 72.0 / info.dpi_y : info.height * 0.75;
        fit_image(it, LW, top, RW, h, iw, ih);
        sx = it->x;
        sw = it->w;
    }
    double d = D->c.ds->closing.seal;
    double cx = sx + sw / 6, cy = top + h / 2;
    if (image_item(D, ops, o ? o->seal_image : NULL, o ? o->seal_image_len : 0, &s->seal,
                   &info, &it)) {
        double iw = info.dpi_x > 0 ? info.width * 72.0 / info.dpi_x : d;
        double ih = info.dpi_y > 0 ? info.height * 72.0 / info.dpi_y : d * info.height / info.width;
        it->w = iw;
        it->h = ih;
        it->x = cx - iw / 2;
        it->y = cy - ih / 2;
    }
    box->fields[1].name = "ChuKyCoQuan";
    box->fields[1].w = sw / 3 > 20 ? sw / 3 : 20;
    box->fields[1].h = h;
    box->fields[1].x = sx;
    box->fields[1].y = top;
}

static void closing_block(doc *D, vb_vlist *v)
{
    vb_lctx *c = &D->c;
    const vb_design *ds = c->ds;
    const vb_plan *p = D->p;
    double LW = ds->closing.recipients_frac * D->W, RW = D->W - LW;
    vb_vbox *box = vb_vlist_add(c, v, 0, ds->closing.space_before);
    vb_ops *ops = &box->ops;
    /* Left: the first line's top level with the signer's first line. */
    double ls = ds->closing.label_size, rs = ds->closing.recipient_size;
    const char *label = "Nơi nhận:";
    double y = vb_ascent(c, ls);
    vb_ops_text(c, ops, 0, y, VB_FACE_BOLDITALIC, ls, label, strlen(label));
    y += vb_descent(c, ls);
    double dash = vb_text_width(c, 0, rs, "- ", 2);
    vb_pstyle st = pstyle(rs, rs * ds->closing.leading, LW, VB_LEFT);
    st.indent_rest = dash; /* wrapped recipients hang under their text */
    for (size_t i = 0; i <= p->nrecipients; i++) {
        vb_runs r = {0};
        if (i < p->nrecipients) {
            vb_runs_plain(c, &r, "- ", 0);
            vb_runs_markup(c, &r, p->recipients[i].s, 0);
            vb_runs_plain(c, &r, ";", 0);
        } else {
            vb_buf b;
            vb_buf_init(&b);
            vb_buf_puts(&b, "- Lưu: ");
            for (size_t k = 0; k < p->narchive; k++)
                vb_buf_printf(&b, "%s%s", k ? ", " : "", p->archive[k].s);
            if (!p->narchive)
                vb_buf_puts(&b, "VT");
            vb_buf_puts(&b, ".");
            vb_runs_plain(c, &r, vb_strdup(c->a, b.data), 0);
            vb_buf_free(&b);
        }
        y += column_text(D, ops, &r, &st, 0, y, NULL);
    }
    double left_h = y;
    /* Right: authority and title lines, room to sign, the name. */
    const vb_signer *s = &p->signer;
    double ss = ds->closing.signer_size, lead = ss * ds->closing.leading;
    vb_pstyle sst = pstyle(ss, lead, RW, VB_CENTER);
    double yr = vb_ascent(c, ss) - vb_baseline_in(c, ss, lead);
    const char *lines[3];
    int nl = 0;
    if (s->collective.s)
        lines[nl++] = vb_sprintf(c->a, "TM. %s", s->collective.s);
    if (s->authority.s)
        lines[nl++] = vb_sprintf(c->a, "%s. %s", s->authority.s, s->head.s ? s->head.s : "");
    if (s->title.s && !(s->authority.s && !strcmp(s->authority.s, "TM") && !s->collective.s &&
                        s->head.s && !strcmp(s->head.s, s->title.s)))
        lines[nl++] = s->title.s;
    for (int i = 0; i < nl; i++) {
        vb_runs r = {0};
        vb_runs_plain(c, &r, lines[i], VB_FACE_BOLD);
        yr += column_text(D, ops, &r, &sst, LW, yr, NULL);
    }
    double sign_top = yr;
    yr += ds->closing.sign_space;
    vb_runs r = {0};
    vb_runs_plain(c, &r, s->name.s, VB_FACE_BOLD);
    double name_top = yr;
    yr += column_text(D, ops, &r, &sst, LW, yr, NULL);
    /* ô 7c and ô 8: the places to sign, as unsigned signature fields; the
     * print images, if given, go in the same places. */
    double inset = ds->closing.field_inset;
    double space_top = sign_top + inset;
    /* From just under the title lines to just above the name's letters. */
    double name_ink = name_top + vb_baseline_in(c, ss, lead) - vb_ascent(c, ss);
    double space_h = name_ink - inset - space_top;
    if (space_h < 10)
        space_h = 10;
    box->fields[0].name = "ChuKyNguoiKy";
    box->fields[0].x = LW;
    box->fields[0].y = space_top;
    box->fields[0].w = RW;
    box->fields[0].h = space_h;
    signer_images(D, ops, LW, RW, space_top, space_h, box);
    box->height = left_h > yr ? left_h : yr;
    /* Never alone on a page: the last body lines come along. */
    size_t keep = (size_t)ds->closing.keep_lines;
    for (size_t i = v->n - 1; i-- > 0 && keep > 0; keep--)
        v->items[i].keep_with_next = true;
}

/* ---- contact footer (ô 13) ---- */

static double footer_ops(doc *D, vb_ops *ops)
{
    vb_lctx *c = &D->c;
    const vb_design *ds = c->ds;
    const vb_contact *k = &D->p->contact;
    const char *lines[3];
    int n = 0;
    if (k->address.s)
        lines[n++] = k->address.s;
    if (k->phone.s || k->fax.s)
        lines[n++] = k->fax.s ? vb_sprintf(c->a, "ĐT: %s, Fax: %s", k->phone.s ? k->phone.s : "",
                                           k->fax.s)
                              : vb_sprintf(c->a, "ĐT: %s", k->phone.s);
    if (k->email.s || k->website.s)
        lines[n++] = k->website.s
                         ? vb_sprintf(c->a, "E-Mail: %s, Website: %s",
                                      k->email.s ? k->email.s : "", k->website.s)
                         : vb_sprintf(c->a, "E-Mail: %s", k->email.s);
    vb_ops_rule(c, ops, 0, 0, D->W, ds->footer.rule_width);
    double y = ds->footer.gap;
    vb_pstyle st = pstyle(ds->footer.size, ds->footer.size * ds->footer.leading, D->W, VB_LEFT);
    for (int i = 0; i < n; i++) {
        vb_runs r = {0};
        vb_runs_plain(c, &r, lines[i], 0);
        y += column_text(D, ops, &r, &st, 0, y, NULL);
    }
    return y;
}

/* ---- appendices ---- */

/* "(Kèm theo Kế hoạch số 04/KH-KHCN ngày 05 tháng 01 năm 2024 của Sở KH&CN)",
 * with the same blanks as the header where number or date are missing. */
static void appendix_ref(doc *D, vb_runs *r)
{
    vb_lctx *c = &D->c;
    const vb_plan *p = D->p;
    const char *type = vb_sentence_case(c->a, p->type.s ? p->type.s : "KẾ HOẠCH");
    vb_runs_plain(c, r, vb_sprintf(c->a, "(Kèm theo %s số ", type), VB_FACE_ITALIC);
    const char *sym = p->symbol.s ? p->symbol.s : "";
    if (p->has_number) {
        char num[32];
        vb_fmt_docnumber(p->number, num, sizeof num);
        vb_runs_plain(c, r, vb_sprintf(c->a, "%s/%s ", num, sym), VB_FACE_ITALIC);
    } else {
        vb_runs_gap(c, r, c->ds->header.number_blank);
        vb_runs_plain(c, r, vb_sprintf(c->a, "/%s ", sym), VB_FACE_ITALIC);
    }
    date_runs(D, r, VB_FACE_ITALIC);
    if (p->agency_short.s)
        vb_runs_plain(c, r, vb_sprintf(c->a, " của %s", p->agency_short.s), VB_FACE_ITALIC);
    vb_runs_plain(c, r, ")", VB_FACE_ITALIC);
}

static void appendix(doc *D, size_t index)
{
    vb_lctx *c = &D->c;
    const vb_design *ds = c->ds;
    const vb_appendix *a = &D->p->appendices[index];
    vb_pagespec ps = {0};
    bool land = a->orientation == VB_LANDSCAPE;
    ps.width = land ? ds->page_h : ds->page_w;
    ps.height = land ? ds->page_w : ds->page_h;
    ps.m = land ? ds->landscape : ds->portrait;
    ps.number_from = 2;
    D->W = ps.width - ps.m.left - ps.m.right;
    D->room = ps.height - ps.m.top - ps.m.bottom;
    vb_vlist v = {0};
    vb_vbox *head = vb_vlist_add(c, &v, 0, 0);
    head->keep_with_next = true;
    char roman[16] = "";
    if (D->p->nappendices > 1)
        vb_fmt_roman((int)index + 1, roman, sizeof roman);
    const char *label = *roman ? vb_sprintf(c->a, "Phụ lục %s", roman) : "Phụ lục";
    head->outline = label;
    head->outline_level = 1;
    vb_runs r = {0};
    vb_runs_plain(c, &r, label, VB_FACE_BOLD);
    double lead = ds->appendix.leading;
    vb_pstyle st = pstyle(ds->appendix.label_size, ds->appendix.label_size * lead, D->W,
                          VB_CENTER);
    double y = column_text(D, &head->ops, &r, &st, 0, 0, NULL);
    memset(&r, 0, sizeof r);
    vb_runs_markup(c, &r, a->title.s, VB_FACE_BOLD);
    st = pstyle(ds->appendix.title_size, ds->appendix.title_size * lead, D->W, VB_CENTER);
    y += column_text(D, &head->ops, &r, &st, 0, y, NULL);
    memset(&r, 0, sizeof r);
    if (a->reference.s)
        vb_runs_markup(c, &r, a->reference.s, VB_FACE_ITALIC);
    else
        appendix_ref(D, &r);
    st = pstyle(ds->appendix.ref_size, ds->appendix.ref_size * lead, D->W, VB_CENTER);
    double widest = 0;
    y += column_text(D, &head->ops, &r, &st, 0, y, &widest);
    double rl = widest * ds->appendix.rule_frac;
    y += ds->appendix.rule_gap;
    vb_ops_rule(c, &head->ops, D->W / 2 - rl / 2, y, rl, ds->header.rule_width);
    head->height = y + ds->appendix.space_after;
    blocks(D, &v, &a->body, 1, "");
    vb_flow(c, &v, &ps);
}

/* ---- the document ---- */

static void metadata(doc *D, const vb_compose_opts *o)
{
    vb_lctx *c = &D->c;
    const vb_plan *p = D->p;
    vb_meta *m = &c->dl->meta;
    const char *type = p->type.s ? p->type.s : "KẾ HOẠCH";
    char *title = vb_inline_plain(c->a, p->title.s);
    for (char *q = title; *q; q++)
        if (*q == '\n')
            *q = ' ';
    m->title = vb_sprintf(c->a, "%s %s", type, title);
    m->author = p->agency_name.s;
    m->subject = title;
    m->doc_symbol = p->symbol.s;
    if (p->has_number) {
        char num[32];
        vb_fmt_docnumber(p->number, num, sizeof num);
        m->doc_number = vb_strdup(c->a, num);
    }
    m->keywords = vb_sprintf(c->a, "%s/%s", m->doc_number ? m->doc_number : "",
                             p->symbol.s ? p->symbol.s : "");
    m->doc_type = type;
    m->doc_title = title;
    m->doc_agency = p->agency_name.s;
    if (p->date.year && p->date.month && p->date.day)
        m->doc_date = vb_sprintf(c->a, "%04d-%02d-%02d", p->date.year, p->date.month,
                                 p->date.day);
    else if (p->date.year && p->date.month)
        m->doc_date = vb_sprintf(c->a, "%04d-%02d", p->date.year, p->date.month);
    else if (p->date.year)
        m->doc_date = vb_sprintf(c->a, "%04d", p->date.year);
    const char *ver = o && o->version ? o->version : "0";
    m->version = ver;
    m->layout_hash = o ? o->layout_hash : NULL;
    m->creator = vb_sprintf(c->a, "vanban %s", ver);
    m->producer = vb_sprintf(c->a, "vanban %s with libharu", ver);
    m->lang = "vi-VN";
    m->year = p->date.year;
    m->month = p->date.month ? p->date.month : (p->date.year ? 1 : 0);
    m->day = p->date.day ? p->date.day : (p->date.year ? 1 : 0);
}

int vb_compose(const vb_plan *p, const vb_design *ds, const vb_fontset *fs,
               const vb_compose_opts *o, vb_dlist *out, vb_diags *d)
{
    size_t errors0 = d->errors;
    doc D;
    memset(&D, 0, sizeof D);
    vb_arena tmp, para;
    vb_arena_init(&tmp);
    vb_arena_init(&para);
    vb_buf merge;
    vb_buf_init(&merge);
    D.c.a = out->arena;
    D.c.tmp = &tmp;
    D.c.para = &para;
    D.c.merge = &merge;
    D.c.ds = ds;
    D.c.fs = fs;
    D.c.d = d;
    D.c.dl = out;
    D.c.greedy = o && o->greedy;
    D.opts = o;
    D.p = p;
    D.endmark_for = p->closing.s ? p->closing.s : last_text(&p->body);
    if (!D.endmark_for && p->npreamble)
        D.endmark_for = p->preamble[p->npreamble - 1].s;
    vb_pagespec ps = {0};
    ps.width = ds->page_w;
    ps.height = ds->page_h;
    ps.m = ds->portrait;
    ps.number_from = 2;
    D.W = ps.width - ps.m.left - ps.m.right;
    D.room = ps.height - ps.m.top - ps.m.bottom;
    metadata(&D, o);

    vb_vlist v = {0};
    vb_vbox *top = vb_vlist_add(&D.c, &v, 0, 0);
    double h = header(&D, &top->ops);
    h = title_block(&D, &top->ops, h + ds->title.space_before);
    top->height = h + ds->title.space_after;
    top->keep_with_next = true;
    for (size_t i = 0; i < p->npreamble; i++) {
        vb_runs r = {0};
        vb_runs_markup(&D.c, &r, endmarked(&D, p->preamble[i].s), 0);
        body_para(&D, &v, &r, ds->body.indent, 0, VB_JUSTIFY);
    }
    blocks(&D, &v, &p->body, 1, "");
    if (p->closing.s) {
        vb_runs r = {0};
        vb_runs_markup(&D.c, &r, with_endmark(&D.c, p->closing.s), 0);
        body_para(&D, &v, &r, ds->body.indent, 0, VB_JUSTIFY);
    }
    closing_block(&D, &v);

    vb_ops foot = {0};
    if (p->has_contact) {
        double fh = footer_ops(&D, &foot);
        ps.first_page_reserve = fh + ds->body.para_space;
        ps.first_page_extra = foot.n;
    }
    size_t first = vb_flow(&D.c, &v, &ps);
    if (foot.n) {
        double fh = ps.first_page_reserve - ds->body.para_space;
        vb_place_ops(&D.c, first, &foot, ps.m.left, ps.height - ps.m.bottom - fh);
    }
    for (size_t i = 0; i < p->nappendices; i++)
        appendix(&D, i);
    vb_buf_free(&merge);
    vb_arena_free(&para);
    vb_arena_free(&tmp);
    return d->errors == errors0 ? 0 : -1;
}
