/* tablecalc.c - resolve and check the figures of a table (see tablecalc.h).
 *
 * Order of work: parse every `equals` once (errors at the key), read every
 * cell (errors at the cell), number the rows, check `equals` row by row, then
 * sum, compare stated totals and read the money total out in words. Each step
 * reports and goes on, so that one run shows every problem of a table. */
#include "tablecalc.h"

#include <string.h>

#include "vnformat.h"

#define TC_MAX_SCALE 6  /* decimals a cell may have (the contract's limit) */
#define TC_MAX_DEPTH 64 /* parentheses in an equals: bounds the recursion */
#define TC_NOCOL ((size_t)-1)

/* ---- exact numbers: value / 10^scale ---------------------------------- */

typedef struct tc_num {
    int64_t v;
    int scale;
} tc_num;

static const int64_t tc_pow10[19] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
    1000000000, 10000000000, 100000000000, 1000000000000, 10000000000000,
    100000000000000, 1000000000000000, 10000000000000000,
    100000000000000000, 1000000000000000000};

/* Raise n to scale `to` (never lowers it); false when it would overflow. */
static bool num_rescale(tc_num *n, int to)
{
    if (to <= n->scale)
        return true;
    int k = to - n->scale;
    int64_t r = 0;
    if (n->v != 0 && (k > 18 || __builtin_mul_overflow(n->v, tc_pow10[k], &r)))
        return false;
    n->v = r;
    n->scale = to;
    return true;
}

/* Drop trailing fraction zeros down to min_scale: 5,00 -> 5 for display. */
static void num_trim(tc_num *n, int min_scale)
{
    while (n->scale > min_scale && n->v % 10 == 0) {
        n->v /= 10;
        n->scale--;
    }
}

/* a + b (or a - b): both at the larger scale first. */
static bool num_add(tc_num a, tc_num b, bool subtract, tc_num *out)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    if (!num_rescale(&a, s) || !num_rescale(&b, s))
        return false;
    out->scale = s;
    return subtract ? !__builtin_sub_overflow(a.v, b.v, &out->v)
                    : !__builtin_add_overflow(a.v, b.v, &out->v);
}

/* a * b: scales add; a product past 18 decimals cannot be rescaled for a
 * comparison, so it counts as an overflow unless its zeros can go. */
static bool num_mul(tc_num a, tc_num b, tc_num *out)
{
    if (__builtin_mul_overflow(a.v, b.v, &out->v))
        return false;
    out->scale = a.scale + b.scale;
    num_trim(out, 18);
    return out->scale <= 18;
}

/* Equal in value whatever the scales. If raising one side to the common
 * scale overflows, its magnitude exceeds anything the other side can hold,
 * so they differ. */
static bool num_equal(tc_num a, tc_num b)
{
    int s = a.scale > b.scale ? a.scale : b.scale;
    if (!num_rescale(&a, s) || !num_rescale(&b, s))
        return false;
    return a.v == b.v;
}

/* Vietnamese form in the arena: 1.050.000, 3,75. */
static char *num_text(vb_arena *a, tc_num n)
{
    char buf[64];
    vb_fmt_group(n.v, n.scale, buf, sizeof buf);
    return vb_strdup(a, buf);
}

/* `[+-]digits[.digits]`: what YAML reads as a number (exponents, hex and
 * underscores are not figures in a plan). Sets *overflow past 64 bits. */
static bool parse_yaml_decimal(const char *s, tc_num *n, bool *overflow)
{
    bool neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    int64_t v = 0;
    int scale = 0, digits = 0;
    bool dot = false;
    for (; *s; s++) {
        if (*s == '.' && !dot && digits > 0) {
            dot = true;
            continue;
        }
        if (*s < '0' || *s > '9')
            return false;
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, *s - '0', &v)) {
            *overflow = true;
            return false;
        }
        digits++;
        scale += dot;
    }
    if (digits == 0 || (dot && scale == 0))
        return false;
    n->v = neg ? -v : v;
    n->scale = scale;
    return true;
}

/* ---- equals expressions -------------------------------------------------
 *   expr  := term (('+' | '-') term)*
 *   term  := unary (('*' | '×') unary)*
 *   unary := '-'* primary
 *   prim  := column title | integer | '(' expr ')'
 * A column title may hold spaces and operators ("Đơn giá (đồng)"), so at an
 * operand the longest title that ends at a token boundary wins before the
 * punctuation is looked at. */

typedef enum { EX_LIT, EX_COL, EX_NEG, EX_ADD, EX_SUB, EX_MUL } ex_kind;

typedef struct ex_node ex_node;
struct ex_node {
    ex_kind kind;
    size_t col;  /* EX_COL */
    int64_t lit; /* EX_LIT */
    const ex_node *l, *r;
};

typedef struct ex_parser {
    vb_arena *a;
    const vb_table *t;
    size_t target; /* the column whose equals this is */
    const char *s;
    size_t i;
    int depth;
    const char *err; /* the first problem; later ones are consequences */
} ex_parser;

static const char *col_title(const vb_column *c)
{
    return c->title.s ? c->title.s : "?";
}

static bool tc_numeric(vb_coltype type)
{
    return type == VB_COL_INTEGER || type == VB_COL_MONEY || type == VB_COL_DECIMAL;
}

static const ex_node *ex_fail(ex_parser *p, const char *msg)
{
    if (!p->err)
        p->err = msg;
    return NULL;
}

static ex_node *ex_new(ex_parser *p, ex_kind kind, const ex_node *l, const ex_node *r)
{
    ex_node *e = vb_alloc(p->a, sizeof *e);
    e->kind = kind;
    e->l = l;
    e->r = r;
    return e;
}

static void ex_skip_ws(ex_parser *p)
{
    while (p->s[p->i] == ' ' || p->s[p->i] == '\t')
        p->i++;
}

/* Length of the operator at s ("×" is two bytes), or 0. */
static size_t ex_op_len(const char *s)
{
    if (*s == '+' || *s == '-' || *s == '*')
        return 1;
    if ((unsigned char)s[0] == 0xC3 && (unsigned char)s[1] == 0x97)
        return 2; /* U+00D7 ×, as the messages print it */
    return 0;
}

/* Where an operand may end: so that title "Số" does not match "Số lượng". */
static bool ex_boundary(const char *s)
{
    return !*s || *s == ' ' || *s == '\t' || *s == '(' || *s == ')' || ex_op_len(s);
}

/* Longest column title at p->i that ends at a boundary; TC_NOCOL if none. */
static size_t ex_match_title(const ex_parser *p, size_t *len)
{
    size_t best = TC_NOCOL;
    *len = 0;
    for (size_t c = 0; c < p->t->ncols; c++) {
        const char *title = p->t->cols[c].title.s;
        size_t n = title ? strlen(title) : 0;
        if (n > *len && strncmp(p->s + p->i, title, n) == 0 &&
            ex_boundary(p->s + p->i + n)) {
            best = c;
            *len = n;
        }
    }
    return best;
}

static const ex_node *ex_expr(ex_parser *p);

static const ex_node *ex_column(ex_parser *p, size_t col, size_t len)
{
    const vb_column *c = &p->t->cols[col];
    if (col == p->target)
        return ex_fail(p, vb_sprintf(p->a, "'%s' refers to itself", col_title(c)));
    if (!tc_numeric(c->type))
        return ex_fail(p, vb_sprintf(p->a, "'%s' is not a numeric column (give it "
                                           "type: integer, money or decimal)",
                                     col_title(c)));
    p->i += len;
    ex_node *e = ex_new(p, EX_COL, NULL, NULL);
    e->col = col;
    return e;
}

/* The token at s: up to the next operator or parenthesis, trailing blanks
 * dropped ("Số lượngg" of "Số lượngg * Đơn giá"). */
static size_t ex_token_len(const char *s)
{
    size_t n = 0;
    while (s[n] && s[n] != '(' && s[n] != ')' && !ex_op_len(s + n))
        n++;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n;
}

/* What stands at p->i when it is no operand. */
static const ex_node *ex_unknown(ex_parser *p)
{
    const char *s = p->s + p->i;
    size_t n = ex_token_len(s);
    if (!*s)
        return ex_fail(p, "a column title, a number or '(' is missing at the end");
    if (n == 0)
        return ex_fail(p, vb_sprintf(p->a, "a column title, a number or '(' is "
                                           "missing before '%s'", s));
    return ex_fail(p, vb_sprintf(p->a, "unknown column '%s'",
                                 vb_strndup(p->a, s, n)));
}

static const ex_node *ex_literal(ex_parser *p)
{
    int64_t v = 0;
    size_t start = p->i;
    while (p->s[p->i] >= '0' && p->s[p->i] <= '9') {
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, p->s[p->i] - '0', &v))
            return ex_fail(p, vb_sprintf(p->a, "the number %s does not fit in 64 bits",
                                         vb_strndup(p->a, p->s + start,
                                                    ex_token_len(p->s + start))));
        p->i++;
    }
    if (!ex_boundary(p->s + p->i)) { /* "2nd" is an unknown title, not 2 */
        p->i = start;
        return ex_unknown(p);
    }
    ex_node *e = ex_new(p, EX_LIT, NULL, NULL);
    e->lit = v;
    return e;
}

static const ex_node *ex_primary(ex_parser *p)
{
    ex_skip_ws(p);
    size_t len;
    size_t col = ex_match_title(p, &len);
    if (col != TC_NOCOL)
        return ex_column(p, col, len);
    char c = p->s[p->i];
    if (c >= '0' && c <= '9')
        return ex_literal(p);
    if (c != '(')
        return ex_unknown(p);
    if (++p->depth > TC_MAX_DEPTH)
        return ex_fail(p, "parentheses nested too deeply");
    p->i++;
    const ex_node *e = ex_expr(p);
    p->depth--;
    if (!e)
        return NULL;
    ex_skip_ws(p);
    if (p->s[p->i] != ')')
        return ex_fail(p, "a ')' is missing");
    p->i++;
    return e;
}

/* A run of minus signs is folded here, iteratively, so that "- - - x"
 * cannot recurse without bound. */
static const ex_node *ex_unary(ex_parser *p)
{
    bool neg = false;
    for (;;) {
        ex_skip_ws(p);
        if (p->s[p->i] != '-')
            break;
        neg = !neg;
        p->i++;
    }
    const ex_node *e = ex_primary(p);
    return e && neg ? ex_new(p, EX_NEG, e, NULL) : e;
}

static const ex_node *ex_term(ex_parser *p)
{
    const ex_node *l = ex_unary(p);
    while (l) {
        ex_skip_ws(p);
        size_t n = ex_op_len(p->s + p->i);
        if (!n || p->s[p->i] == '+' || p->s[p->i] == '-')
            break;
        p->i += n;
        const ex_node *r = ex_unary(p);
        l = r ? ex_new(p, EX_MUL, l, r) : NULL;
    }
    return l;
}

static const ex_node *ex_expr(ex_parser *p)
{
    const ex_node *l = ex_term(p);
    while (l) {
        ex_skip_ws(p);
        char op = p->s[p->i];
        if (op != '+' && op != '-')
            break;
        p->i++;
        const ex_node *r = ex_term(p);
        l = r ? ex_new(p, op == '+' ? EX_ADD : EX_SUB, l, r) : NULL;
    }
    return l;
}

/* Parse the equals of column `target`; NULL with *err on a problem. */
static const ex_node *ex_parse(vb_arena *a, const vb_table *t, size_t target,
                               const char **err)
{
    ex_parser p = {.a = a, .t = t, .target = target, .s = t->cols[target].equals.s};
    const ex_node *e = ex_expr(&p);
    ex_skip_ws(&p);
    if (e && p.s[p.i])
        e = ex_fail(&p, p.s[p.i] == ')'
                            ? "a ')' has no matching '('"
                            : vb_sprintf(a, "unexpected '%s'", p.s + p.i));
    *err = p.err;
    return e;
}

/* Whether the operands of e have figures in this row: *all when every one
 * does (else *missing names one that does not). */
static void ex_operands(const ex_node *e, const vb_tcell *cells, bool *all, size_t *missing)
{
    if (!e)
        return;
    if (e->kind == EX_COL && !cells[e->col].has_value) {
        if (*all)
            *missing = e->col;
        *all = false;
    }
    ex_operands(e->l, cells, all, missing);
    ex_operands(e->r, cells, all, missing);
}

/* Evaluate e on a row whose operands all have figures; false on overflow. */
static bool ex_eval(const ex_node *e, const vb_tcell *cells, tc_num *out)
{
    tc_num l, r;
    switch (e->kind) {
    case EX_LIT:
        *out = (tc_num){e->lit, 0};
        return true;
    case EX_COL:
        *out = (tc_num){cells[e->col].value, cells[e->col].scale};
        return true;
    case EX_NEG:
        if (!ex_eval(e->l, cells, &l))
            return false;
        out->scale = l.scale;
        return !__builtin_sub_overflow((int64_t)0, l.v, &out->v);
    default:
        break;
    }
    if (!ex_eval(e->l, cells, &l) || !ex_eval(e->r, cells, &r))
        return false;
    if (e->kind == EX_MUL)
        return num_mul(l, r, out);
    return num_add(l, r, e->kind == EX_SUB, out);
}

/* The expression as messages show it: '*' as '×'. */
static char *ex_shown(vb_arena *a, const char *s)
{
    vb_buf b;
    vb_buf_init(&b);
    for (; *s; s++) {
        if (*s == '*')
            vb_buf_puts(&b, "×");
        else
            vb_buf_put(&b, s, 1);
    }
    char *r = vb_strndup(a, b.data ? b.data : "", b.len);
    vb_buf_free(&b);
    return r;
}

/* ---- the table ----------------------------------------------------------- */

typedef struct tc_col {
    const ex_node *expr; /* parsed equals, NULL when absent or bad */
    const char *shown;   /* the equals for messages */
    bool summed;
    bool sum_ok;         /* the sum did not overflow */
    tc_num sum;
} tc_col;

typedef struct tc_ctx {
    vb_arena *a;
    const vb_table *t;
    vb_diags *d;
    tc_col *cols;
} tc_ctx;

typedef enum { FIG_EMPTY, FIG_OK, FIG_BAD } fig_status;

static vb_pos pos_or(vb_pos p, vb_pos fallback)
{
    return p.line > 0 ? p : fallback;
}

static size_t find_col(const vb_table *t, const char *title)
{
    for (size_t c = 0; title && c < t->ncols; c++)
        if (t->cols[c].title.s && strcmp(t->cols[c].title.s, title) == 0)
            return c;
    return TC_NOCOL;
}

static const vb_cell *row_cell(const vb_row *r, size_t ci)
{
    return ci < r->ncells ? &r->cells[ci] : NULL;
}

/* A cell with text is reported at its text; a null cell at its row. */
static vb_pos cell_pos(const vb_row *r, size_t ci)
{
    const vb_cell *c = row_cell(r, ci);
    return c && c->text.s ? pos_or(c->text.pos, r->pos) : r->pos;
}

/* "row 2, 'Đơn giá'" or, for row 0, "stated total of 'Thành tiền'". Only
 * built on the error path. */
static const char *tc_where(const tc_ctx *x, size_t row, size_t ci)
{
    const char *title = col_title(&x->t->cols[ci]);
    return row ? vb_sprintf(x->a, "row %zu, '%s'", row, title)
               : vb_sprintf(x->a, "stated total of '%s'", title);
}

static const char *type_name(vb_coltype type)
{
    switch (type) {
    case VB_COL_INTEGER: return "integer";
    case VB_COL_MONEY: return "money";
    case VB_COL_DECIMAL: return "decimal";
    default: return "text";
    }
}

/* Trimmed copy of s when it has surrounding blanks; NULL when all blank. */
static const char *trimmed(vb_arena *a, const char *s)
{
    size_t b = 0, e = strlen(s);
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        b++;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    if (b == e)
        return NULL;
    return b == 0 && s[e] == 0 ? s : vb_strndup(a, s + b, e - b);
}

/* A plain scalar. In a decimal column a single '.' is YAML's decimal point
 * (1.25 is 1,25), as YAML itself reads it; in integer and money columns the
 * Vietnamese grouping comes first (1.050 is 1050), and a YAML decimal is only
 * tried so that 2.5 there is reported as having decimals, not as text.
 * *ambiguous: both readings exist and differ (1.250 in a decimal column). */
static bool read_plain(const char *s, vb_coltype type, tc_num *n, bool *overflow,
                       bool *ambiguous)
{
    if (type == VB_COL_DECIMAL && strchr(s, '.')) {
        if (parse_yaml_decimal(s, n, overflow)) {
            tc_num vn;
            bool vn_overflow;
            *ambiguous = vb_parse_number(s, &vn.v, &vn.scale, &vn_overflow) &&
                         !num_equal(vn, *n);
            return true;
        }
        if (*overflow)
            return false;
    }
    if (vb_parse_number(s, &n->v, &n->scale, overflow))
        return true;
    return !*overflow && parse_yaml_decimal(s, n, overflow);
}

/* Read a cell as a figure of column ci, reporting what is wrong with it.
 * row is 1-based (0: a stated total), only for messages. */
static fig_status read_figure(tc_ctx *x, const vb_cell *cell, size_t ci, size_t row,
                              vb_pos pos, tc_num *n)
{
    vb_coltype type = x->t->cols[ci].type;
    const char *s = cell && cell->text.s ? trimmed(x->a, cell->text.s) : NULL;
    if (!s)
        return FIG_EMPTY;
    bool ok, overflow = false, ambiguous = false;
    if (cell->plain)
        ok = read_plain(s, type, n, &overflow, &ambiguous);
    else
        ok = vb_parse_number(s, &n->v, &n->scale, &overflow);
    if (overflow) {
        vb_error(x->d, pos, "table-overflow", "%s: '%s' does not fit in 64 bits",
                 tc_where(x, row, ci), s);
        return FIG_BAD;
    }
    if (!ok) {
        vb_error(x->d, pos, "table-number",
                 "%s: '%s' is not a number (write it as 1.050.000 or 2,5)",
                 tc_where(x, row, ci), s);
        return FIG_BAD;
    }
    if (type != VB_COL_DECIMAL && n->scale > 0) {
        vb_error(x->d, pos, "table-number",
                 "%s: '%s' has decimals, but the column is %s (use type: decimal)",
                 tc_where(x, row, ci), s, type_name(type));
        return FIG_BAD;
    }
    if (n->scale > TC_MAX_SCALE) {
        vb_error(x->d, pos, "table-number", "%s: '%s' has more than %d decimals",
                 tc_where(x, row, ci), s, TC_MAX_SCALE);
        return FIG_BAD;
    }
    if (ambiguous)
        vb_warning(x->d, pos, "table-ambiguous",
                   "%s: %s is read as the YAML decimal %s; quote it (\"%s\" or "
                   "\"%s\") to say which is meant",
                   tc_where(x, row, ci), s, num_text(x->a, *n), num_text(x->a, *n), s);
    return FIG_OK;
}

/* The auto number of a numbered row. A given value is tolerated only when
 * it is that number: anything else would be silently replaced. */
static void auto_number_cell(tc_ctx *x, size_t ri, size_t ci, long number, vb_tcell *out)
{
    const vb_row *r = &x->t->rows[ri];
    const vb_cell *cell = row_cell(r, ci);
    const char *s = cell && cell->text.s ? trimmed(x->a, cell->text.s) : NULL;
    tc_num given;
    bool overflow;
    if (s && !(vb_parse_number(s, &given.v, &given.scale, &overflow) &&
               num_equal(given, (tc_num){number, 0})))
        vb_warning(x->d, cell_pos(r, ci), "table-auto-number",
                   "%s: '%s' is given, but the row is numbered %ld automatically "
                   "(leave the cell empty)", tc_where(x, ri + 1, ci), s, number);
    out->text = vb_sprintf(x->a, "%ld", number);
    out->has_value = true;
    out->value = number;
    out->scale = 0;
}

static void resolve_cell(tc_ctx *x, size_t ri, size_t ci, long number, vb_tcell *out)
{
    const vb_row *r = &x->t->rows[ri];
    const vb_column *c = &x->t->cols[ci];
    const vb_cell *cell = row_cell(r, ci);
    out->numeric = tc_numeric(c->type);
    if (c->auto_number && number > 0) {
        auto_number_cell(x, ri, ci, number, out);
        return;
    }
    if (!out->numeric) {
        out->text = cell ? cell->text.s : NULL;
        return;
    }
    tc_num n;
    switch (read_figure(x, cell, ci, ri + 1, cell_pos(r, ci), &n)) {
    case FIG_EMPTY:
        break;
    case FIG_BAD: /* shown as written; no figure, so no follow-on errors */
        out->text = cell->text.s;
        break;
    case FIG_OK:
        out->text = cell->plain ? num_text(x->a, n) : cell->text.s;
        out->has_value = true;
        out->value = n.v;
        out->scale = n.scale;
        break;
    }
}

/* number: the row's auto number, 0 when it has none. */
static void resolve_row(tc_ctx *x, size_t ri, long number, vb_trow *tr)
{
    const vb_row *r = &x->t->rows[ri];
    tr->src = r;
    tr->bold = r->bold;
    if (r->kind == VB_ROW_GROUP) {
        tr->group = tr->bold = true;
        tr->ncells = 1;
        tr->cells = vb_alloc(x->a, sizeof *tr->cells);
        tr->cells[0].text = r->group.s;
        return;
    }
    tr->ncells = x->t->ncols;
    tr->cells = vb_alloc_array(x->a, tr->ncells, sizeof *tr->cells);
    for (size_t ci = 0; ci < tr->ncells; ci++)
        resolve_cell(x, ri, ci, number, &tr->cells[ci]);
}

/* Numbers 1, 2, 3 … for plain rows; group rows and number: false rows get
 * none and do not break the sequence. */
static void resolve_rows(tc_ctx *x, vb_trow *rows)
{
    long number = 0;
    for (size_t ri = 0; ri < x->t->nrows; ri++) {
        const vb_row *r = &x->t->rows[ri];
        bool numbered = r->kind == VB_ROW_CELLS && r->number;
        resolve_row(x, ri, numbered ? ++number : 0, &rows[ri]);
    }
}

static void parse_equals(tc_ctx *x)
{
    for (size_t ci = 0; ci < x->t->ncols; ci++) {
        const vb_column *c = &x->t->cols[ci];
        if (!c->equals.s)
            continue;
        vb_pos pos = pos_or(c->equals.pos, c->pos);
        if (!tc_numeric(c->type)) {
            vb_error(x->d, pos, "table-expr",
                     "equals on '%s', which is not a numeric column (give it "
                     "type: integer, money or decimal)", col_title(c));
            continue;
        }
        if (!trimmed(x->a, c->equals.s)) {
            vb_error(x->d, pos, "table-expr", "equals of '%s' is empty", col_title(c));
            continue;
        }
        const char *err = NULL;
        x->cols[ci].expr = ex_parse(x->a, x->t, ci, &err);
        x->cols[ci].shown = ex_shown(x->a, c->equals.s);
        if (!x->cols[ci].expr)
            vb_error(x->d, pos, "table-expr", "equals of '%s': %s in '%s'",
                     col_title(c), err ? err : "bad expression", c->equals.s);
    }
}

/* A numeric cell with text but no figure was reported when it was read. */
static bool cell_bad(const vb_tcell *c)
{
    return c->numeric && c->text && !c->has_value;
}

static bool operands_bad(const ex_node *e, const vb_tcell *cells)
{
    if (!e)
        return false;
    if (e->kind == EX_COL && cell_bad(&cells[e->col]))
        return true;
    return operands_bad(e->l, cells) || operands_bad(e->r, cells);
}

/* One row against one equals: a stated figure needs every operand; figures
 * for every operand need a stated result; either way they must agree. */
static void check_equals_cell(tc_ctx *x, size_t ri, size_t ci, const vb_trow *tr)
{
    const tc_col *col = &x->cols[ci];
    const vb_tcell *target = &tr->cells[ci];
    if (cell_bad(target) || operands_bad(col->expr, tr->cells))
        return;
    vb_pos pos = cell_pos(tr->src, ci);
    bool all = true;
    size_t missing = TC_NOCOL;
    ex_operands(col->expr, tr->cells, &all, &missing);
    tc_num stated = {target->value, target->scale}, got;
    if (!all) {
        if (target->has_value)
            vb_error(x->d, pos, "table-equals",
                     "%s: %s, but '%s' is empty, so %s cannot be checked",
                     tc_where(x, ri + 1, ci), num_text(x->a, stated),
                     col_title(&x->t->cols[missing]), col->shown);
        return;
    }
    if (!ex_eval(col->expr, tr->cells, &got)) {
        vb_error(x->d, pos, "table-overflow", "%s: %s does not fit in 64 bits",
                 tc_where(x, ri + 1, ci), col->shown);
        return;
    }
    num_trim(&got, target->has_value ? target->scale : 0);
    if (!target->has_value)
        vb_error(x->d, pos, "table-equals", "%s is empty, but %s = %s",
                 tc_where(x, ri + 1, ci), col->shown, num_text(x->a, got));
    else if (!num_equal(stated, got))
        vb_error(x->d, pos, "table-equals", "%s: %s ≠ %s = %s",
                 tc_where(x, ri + 1, ci), num_text(x->a, stated), col->shown,
                 num_text(x->a, got));
}

static void check_equals(tc_ctx *x, const vb_trow *rows)
{
    for (size_t ri = 0; ri < x->t->nrows; ri++) {
        if (rows[ri].group)
            continue;
        for (size_t ci = 0; ci < x->t->ncols; ci++)
            if (x->cols[ci].expr)
                check_equals_cell(x, ri, ci, &rows[ri]);
    }
}

/* Mark the columns of total.sum; report unknown and text columns. */
static void mark_summed(tc_ctx *x)
{
    for (size_t k = 0; k < x->t->ntotal_sum; k++) {
        const vb_str *name = &x->t->total_sum[k];
        vb_pos pos = pos_or(name->pos, x->t->total_pos);
        size_t ci = find_col(x->t, name->s);
        if (ci == TC_NOCOL)
            vb_error(x->d, pos, "table-total", "total: unknown column '%s'",
                     name->s ? name->s : "");
        else if (!tc_numeric(x->t->cols[ci].type))
            vb_error(x->d, pos, "table-total",
                     "total: '%s' is not a numeric column (give it type: "
                     "integer, money or decimal)", name->s);
        else
            x->cols[ci].summed = true;
    }
}

/* Sums over the data rows: group rows are headings, not figures; bold and
 * unnumbered rows are data like any other. */
static void compute_sums(tc_ctx *x, const vb_trow *rows)
{
    for (size_t ci = 0; ci < x->t->ncols; ci++) {
        tc_col *col = &x->cols[ci];
        if (!col->summed)
            continue;
        col->sum = (tc_num){0, 0};
        col->sum_ok = true;
        for (size_t ri = 0; ri < x->t->nrows && col->sum_ok; ri++) {
            const vb_tcell *c = rows[ri].group ? NULL : &rows[ri].cells[ci];
            if (c && c->has_value)
                col->sum_ok = num_add(col->sum, (tc_num){c->value, c->scale},
                                      false, &col->sum);
        }
        if (!col->sum_ok)
            vb_error(x->d, x->t->total_pos, "table-overflow",
                     "total of '%s' does not fit in 64 bits",
                     col_title(&x->t->cols[ci]));
    }
}

/* label_column, or the first text column that is neither numbered nor
 * summed (the "Nội dung" of a budget); TC_NOCOL when there is none. */
static size_t label_col(tc_ctx *x)
{
    const vb_str *lc = &x->t->total_label_column;
    if (lc->s) {
        vb_pos pos = pos_or(lc->pos, x->t->total_pos);
        size_t ci = find_col(x->t, lc->s);
        if (ci == TC_NOCOL)
            vb_error(x->d, pos, "table-total", "total: unknown label_column '%s'", lc->s);
        else if (x->cols[ci].summed)
            vb_error(x->d, pos, "table-total",
                     "total: label_column '%s' is also summed", lc->s);
        else
            return ci;
        return TC_NOCOL;
    }
    for (size_t ci = 0; ci < x->t->ncols; ci++) {
        const vb_column *c = &x->t->cols[ci];
        if (c->type == VB_COL_TEXT && !c->auto_number && !x->cols[ci].summed)
            return ci;
    }
    return TC_NOCOL;
}

static void check_stated(tc_ctx *x)
{
    for (size_t k = 0; k < x->t->nstated; k++) {
        const vb_stated *st = &x->t->stated[k];
        vb_pos cpos = pos_or(st->column.pos, x->t->total_pos);
        size_t ci = find_col(x->t, st->column.s);
        if (ci == TC_NOCOL) {
            vb_error(x->d, cpos, "table-total", "total: stated figure for unknown "
                     "column '%s'", st->column.s ? st->column.s : "");
            continue;
        }
        if (!x->cols[ci].summed) {
            vb_error(x->d, cpos, "table-total", "total: stated figure for '%s', "
                     "which is not in total.sum", st->column.s);
            continue;
        }
        tc_num stated;
        vb_pos pos = st->value.text.s ? pos_or(st->value.text.pos, cpos) : cpos;
        if (read_figure(x, &st->value, ci, 0, pos, &stated) != FIG_OK ||
            !x->cols[ci].sum_ok)
            continue;
        tc_num sum = x->cols[ci].sum;
        num_trim(&sum, stated.scale);
        if (!num_equal(stated, sum))
            vb_error(x->d, pos, "table-total", "total of '%s': stated %s ≠ computed %s",
                     st->column.s, num_text(x->a, stated), num_text(x->a, sum));
    }
}

static void total_row(tc_ctx *x, vb_trow *tr)
{
    const vb_table *t = x->t;
    tr->is_total = tr->bold = true;
    tr->ncells = t->ncols;
    tr->cells = vb_alloc_array(x->a, t->ncols, sizeof *tr->cells);
    size_t lc = label_col(x);
    if (lc != TC_NOCOL)
        tr->cells[lc].text = t->total_label.s ? t->total_label.s : "Tổng";
    for (size_t ci = 0; ci < t->ncols; ci++) {
        const tc_col *col = &x->cols[ci];
        vb_tcell *c = &tr->cells[ci];
        c->numeric = col->summed;
        if (!col->summed || !col->sum_ok)
            continue;
        c->text = num_text(x->a, col->sum);
        c->has_value = true;
        c->value = col->sum.v;
        c->scale = col->sum.scale;
    }
}

/* "Bằng chữ": the money total of one column, read out. */
static const char *in_words(tc_ctx *x)
{
    const vb_str *w = &x->t->in_words;
    if (!w->s)
        return NULL;
    vb_pos pos = pos_or(w->pos, x->t->pos);
    size_t ci = find_col(x->t, w->s);
    if (ci == TC_NOCOL) {
        vb_error(x->d, pos, "table-words", "in_words: unknown column '%s'", w->s);
        return NULL;
    }
    if (x->t->cols[ci].type != VB_COL_MONEY) {
        vb_error(x->d, pos, "table-words", "in_words: '%s' is not a money column "
                 "(the words end in \"đồng\")", w->s);
        return NULL;
    }
    if (!x->t->has_total || !x->cols[ci].summed) {
        vb_error(x->d, pos, "table-words", "in_words: '%s' has no total (add it "
                 "to total.sum)", w->s);
        return NULL;
    }
    if (!x->cols[ci].sum_ok)
        return NULL;
    char buf[1024]; /* the longest 64-bit reading is well under 512 bytes */
    vb_money_words(x->cols[ci].sum.v, buf, sizeof buf);
    return vb_strdup(x->a, buf);
}

int vb_table_resolve(vb_arena *a, const vb_table *t, vb_tresolved *out, vb_diags *d)
{
    size_t errors = d->errors;
    tc_ctx x = {.a = a, .t = t, .d = d};
    x.cols = vb_alloc_array(a, t->ncols ? t->ncols : 1, sizeof *x.cols);
    memset(out, 0, sizeof *out);
    out->rows = vb_alloc_array(a, t->nrows + 1, sizeof *out->rows);

    parse_equals(&x);
    resolve_rows(&x, out->rows);
    out->nrows = t->nrows;
    check_equals(&x, out->rows);
    if (t->has_total) {
        mark_summed(&x);
        compute_sums(&x, out->rows);
        check_stated(&x);
        total_row(&x, &out->rows[out->nrows++]);
    }
    out->in_words = in_words(&x);
    return d->errors > errors ? -1 : 0;
}
