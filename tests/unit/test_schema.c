/* test_schema.c - docs/plan.schema.json kept in step with the loader.
 *
 * The loader exports the tables it validates against (vb_load_schema in
 * load.h). This test reads the JSON Schema with a small JSON reader of its
 * own and checks, both ways:
 *   - every key the loader knows is a property of the matching schema
 *     object (the plan's at the root, the others under "definitions" by the
 *     same name), required there exactly when the loader requires it, with
 *     a JSON type that fits the loader's type, the same enum words, and
 *     $refs to exactly the mappings the loader reads inside it;
 *   - every "properties" object in the schema belongs to a mapping the
 *     loader knows and names only keys the loader knows, and every one of
 *     those objects refuses other keys (additionalProperties: false).
 *
 * Run from the repository root (CMake does; VANBAN_SOURCE_DATADIR, when
 * defined, is used to find docs/ from anywhere). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "read_file.h"
#include "util.h"

#ifndef VANBAN_SOURCE_DATADIR
#define VANBAN_SOURCE_DATADIR "."
#endif

/* ------------------------------------------------------ a JSON reader */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jkind;

typedef struct jv jv;
struct jv {
    jkind k;
    bool b;
    double num;
    const char *s;  /* J_STR */
    size_t n;       /* J_ARR, J_OBJ: number of members */
    const char **keys; /* J_OBJ */
    jv **vals;      /* J_ARR items, J_OBJ values */
};

typedef struct jp {
    vb_arena *a;
    const char *p, *end;
    const char *err; /* first error, or NULL */
} jp;

static void ws(jp *J)
{
    while (J->p < J->end && strchr(" \t\r\n", *J->p))
        J->p++;
}

static bool eat(jp *J, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(J->end - J->p) >= n && !memcmp(J->p, lit, n)) {
        J->p += n;
        return true;
    }
    return false;
}

static void put_utf8(vb_buf *b, unsigned long c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | c >> 6);
        u[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | c >> 12);
        u[1] = (char)(0x80 | (c >> 6 & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | c >> 18);
        u[1] = (char)(0x80 | (c >> 12 & 0x3F));
        u[2] = (char)(0x80 | (c >> 6 & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    vb_buf_put(b, u, n);
}

static unsigned long hex4(jp *J)
{
    unsigned long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = J->p < J->end ? *J->p++ : 0;
        int d = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) {
            J->err = "bad \\u escape";
            return 0;
        }
        v = v * 16 + (unsigned long)d;
    }
    return v;
}

static const char *jstring(jp *J)
{
    vb_buf b;
    vb_buf_init(&b);
    J->p++; /* the opening quote */
    while (!J->err) {
        if (J->p >= J->end) {
            J->err = "unterminated string";
            break;
        }
        char c = *J->p++;
        if (c == '"')
            break;
        if ((unsigned char)c < 0x20) {
            J->err = "control character in a string";
            break;
        }
        if (c != '\\') {
            vb_buf_put(&b, &c, 1);
            continue;
        }
        c = J->p < J->end ? *J->p++ : 0;
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *at = c ? strchr(from, c) : NULL;
        if (at) {
            vb_buf_put(&b, &to[at - from], 1);
        } else if (c == 'u') {
            unsigned long u = hex4(J);
            if (u >= 0xD800 && u < 0xDC00 && eat(J, "\\u")) {
                unsigned long lo = hex4(J);
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            }
            put_utf8(&b, u);
        } else {
            J->err = "bad escape";
        }
    }
    const char *s = vb_strndup(J->a, b.data ? b.data : "", b.len);
    vb_buf_free(&b);
    return s;
}

static jv *jvalue(jp *J, int depth);

static jv *jcontainer(jp *J, jv *v, int depth)
{
    bool obj = v->k == J_OBJ;
    char close = obj ? '}' : ']';
    size_t cap = 0;
    J->p++;
    ws(J);
    if (J->p < J->end && *J->p == close) {
        J->p++;
        return v;
    }
    while (!J->err) {
        ws(J);
        if (v->n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            jv **nv = vb_alloc_array(J->a, nc, sizeof *nv);
            const char **nk = vb_alloc_array(J->a, nc, sizeof *nk);
            if (v->n) {
                memcpy(nv, v->vals, v->n * sizeof *nv);
                memcpy(nk, v->keys, v->n * sizeof *nk);
            }
            v->vals = nv;
            v->keys = nk;
            cap = nc;
        }
        if (obj) {
            if (J->p >= J->end || *J->p != '"') {
                J->err = "expected a key";
                break;
            }
            v->keys[v->n] = jstring(J);
            ws(J);
            if (!eat(J, ":")) {
                J->err = "expected ':'";
                break;
            }
        }
        v->vals[v->n++] = jvalue(J, depth + 1);
        ws(J);
        if (eat(J, ","))
            continue;
        if (J->p < J->end && *J->p == close) {
            J->p++;
            break;
        }
        J->err = "expected ',' or a closing bracket";
    }
    return v;
}

static jv *jvalue(jp *J, int depth)
{
    jv *v = vb_alloc(J->a, sizeof *v);
    ws(J);
    if (depth > 64) {
        J->err = "nested too deep";
        return v;
    }
    if (J->p >= J->end) {
        J->err = "unexpected end";
        return v;
    }
    char c = *J->p;
    if (c == '{' || c == '[') {
        v->k = c == '{' ? J_OBJ : J_ARR;
        return jcontainer(J, v, depth);
    }
    if (c == '"') {
        v->k = J_STR;
        v->s = jstring(J);
    } else if (eat(J, "true") || eat(J, "false")) {
        v->k = J_BOOL;
        v->b = J->p[-1] == 'e' && J->p[-2] == 'u';
    } else if (eat(J, "null")) {
        v->k = J_NULL;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        char *e;
        v->k = J_NUM;
        v->num = strtod(J->p, &e);
        J->p = e;
    } else {
        J->err = "unexpected character";
    }
    return v;
}

static jv *jparse(vb_arena *a, const char *text, size_t len, const char **err)
{
    jp J = {a, text, text + len, NULL};
    jv *v = jvalue(&J, 0);
    ws(&J);
    if (!J.err && J.p != J.end)
        J.err = "text after the value";
    *err = J.err;
    return J.err ? NULL : v;
}

static const jv *jget(const jv *o, const char *key)
{
    if (!o || o->k != J_OBJ)
        return NULL;
    for (size_t i = 0; i < o->n; i++)
        if (!strcmp(o->keys[i], key))
            return o->vals[i];
    return NULL;
}

/* ------------------------------------------------------ the schema */

static vb_arena arena;
static const jv *schema;
static vb_schema_key *keys;
static size_t nkeys;

static int setup(void **state)
{
    vb_arena_init(&arena);
    const char *path = VANBAN_SOURCE_DATADIR "/docs/plan.schema.json";
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        return -1;
    }
    const char *err = NULL;
    schema = jparse(&arena, text, len, &err);
    free(text);
    if (!schema) {
        fprintf(stderr, "%s: %s\n", path, err);
        return -1;
    }
    nkeys = vb_load_schema(NULL, 0);
    keys = vb_alloc_array(&arena, nkeys, sizeof *keys);
    if (vb_load_schema(keys, nkeys) != nkeys)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    vb_arena_free(&arena);
    return 0;
}

static const jv *definitions(void)
{
    return jget(schema, "definitions");
}

/* The schema object that describes a mapping of the loader. */
static const jv *mapping_node(const char *mapping)
{
    return !strcmp(mapping, "plan") ? schema : jget(definitions(), mapping);
}

static bool loader_knows_mapping(const char *mapping)
{
    for (size_t i = 0; i < nkeys; i++)
        if (!strcmp(keys[i].mapping, mapping))
            return true;
    return false;
}

static bool loader_knows(const char *mapping, const char *key)
{
    for (size_t i = 0; i < nkeys; i++)
        if (!strcmp(keys[i].mapping, mapping) && !strcmp(keys[i].key, key))
            return true;
    return false;
}

/* "#/definitions/NAME" -> the definition (NULL for anything else). */
static const jv *deref(const jv *node, const char **name)
{
    const jv *ref = jget(node, "$ref");
    const char *prefix = "#/definitions/";
    if (!ref || ref->k != J_STR || strncmp(ref->s, prefix, strlen(prefix)))
        return NULL;
    if (name)
        *name = ref->s + strlen(prefix);
    return jget(definitions(), ref->s + strlen(prefix));
}

enum {
    T_NULL = 1,
    T_BOOLEAN = 2,
    T_INTEGER = 4,
    T_NUMBER = 8,
    T_STRING = 16,
    T_ARRAY = 32,
    T_OBJECT = 64
};

static unsigned type_bit(const char *t)
{
    static const char *const names[] = {"null",   "boolean", "integer", "number",
                                        "string", "array",   "object"};
    for (unsigned i = 0; i < 7; i++)
        if (!strcmp(t, names[i]))
            return 1u << i;
    return 0;
}

/* The JSON types a schema node lets through (following $ref, anyOf,
 * oneOf, allOf and enum), as T_ bits; "number" lets integers through. */
static unsigned types_of(const jv *node, int depth)
{
    if (!node || depth > 16)
        return 0;
    unsigned t = 0;
    const jv *ty = jget(node, "type");
    if (ty && ty->k == J_STR)
        t |= type_bit(ty->s);
    for (size_t i = 0; ty && ty->k == J_ARR && i < ty->n; i++)
        if (ty->vals[i]->k == J_STR)
            t |= type_bit(ty->vals[i]->s);
    const jv *en = jget(node, "enum");
    for (size_t i = 0; en && en->k == J_ARR && i < en->n; i++) {
        const jv *e = en->vals[i];
        t |= e->k == J_NULL ? T_NULL : e->k == J_BOOL ? T_BOOLEAN : e->k == J_NUM ? T_NUMBER
             : e->k == J_STR ? T_STRING : e->k == J_ARR ? T_ARRAY : T_OBJECT;
    }
    t |= types_of(deref(node, NULL), depth + 1);
    static const char *const combos[] = {"anyOf", "oneOf", "allOf"};
    for (size_t c = 0; c < 3; c++) {
        const jv *alts = jget(node, combos[c]);
        for (size_t i = 0; alts && alts->k == J_ARR && i < alts->n; i++)
            t |= types_of(alts->vals[i], depth + 1);
    }
    if (t & T_NUMBER)
        t |= T_INTEGER;
    return t;
}

/* The mappings a schema node leads to: the names of the definitions that
 * describe loader mappings, reached through $refs (looking through the
 * definitions that are not mappings, such as "block"), into set. */
static void mapping_refs(const jv *node, const char **set, size_t *n, size_t cap,
                         const char **seen, size_t *nseen, int depth)
{
    if (!node || depth > 32)
        return;
    const char *name = NULL;
    const jv *def = deref(node, &name);
    if (def) {
        if (loader_knows_mapping(name)) {
            for (size_t i = 0; i < *n; i++)
                if (!strcmp(set[i], name))
                    return;
            if (*n < cap)
                set[(*n)++] = name;
            return;
        }
        for (size_t i = 0; i < *nseen; i++)
            if (!strcmp(seen[i], name))
                return;
        if (*nseen < 64)
            seen[(*nseen)++] = name;
        mapping_refs(def, set, n, cap, seen, nseen, depth + 1);
    }
    if (node->k == J_OBJ || node->k == J_ARR)
        for (size_t i = 0; i < node->n; i++)
            mapping_refs(node->vals[i], set, n, cap, seen, nseen, depth + 1);
}

/* The first enum found in node (through $ref, anyOf, items, …), its
 * string members into words; false when there is none. */
static bool enum_words(const jv *node, const char **words, size_t *n, size_t cap, int depth)
{
    if (!node || depth > 16)
        return false;
    const jv *en = jget(node, "enum");
    if (en && en->k == J_ARR) {
        *n = 0;
        for (size_t i = 0; i < en->n; i++)
            if (en->vals[i]->k == J_STR && *n < cap)
                words[(*n)++] = en->vals[i]->s;
        return true;
    }
    if (enum_words(deref(node, NULL), words, n, cap, depth + 1))
        return true;
    if (node->k == J_OBJ || node->k == J_ARR)
        for (size_t i = 0; i < node->n; i++)
            if (enum_words(node->vals[i], words, n, cap, depth + 1))
                return true;
    return false;
}

static bool in_required(const jv *m, const char *key)
{
    const jv *req = jget(m, "required");
    for (size_t i = 0; req && req->k == J_ARR && i < req->n; i++)
        if (req->vals[i]->k == J_STR && !strcmp(req->vals[i]->s, key))
            return true;
    return false;
}

/* What the loader's type needs the schema to let through (must) and to
 * refuse (mustnot). */
typedef struct typerule {
    const char *type;
    unsigned must, mustnot;
} typerule;

static const typerule typerules[] = {
    {"string", T_STRING | T_NULL, T_ARRAY | T_OBJECT},
    {"nonblank-string", T_STRING, T_NULL | T_ARRAY | T_OBJECT},
    {"boolean", T_BOOLEAN, T_STRING | T_ARRAY | T_OBJECT},
    {"version", T_INTEGER, T_ARRAY | T_OBJECT},
    {"positive-integer", T_INTEGER | T_NULL, T_ARRAY | T_OBJECT | T_BOOLEAN},
    {"date", T_STRING | T_NULL, T_ARRAY | T_OBJECT | T_BOOLEAN},
    {"enum", T_STRING, T_ARRAY | T_OBJECT},
    {"enum-list", T_ARRAY, T_OBJECT | T_STRING},
    {"strings", T_STRING | T_ARRAY, T_OBJECT},
    {"string-list", T_ARRAY, T_OBJECT | T_STRING},
    {"mapping", T_OBJECT, T_ARRAY | T_STRING},
    {"mapping-list", T_ARRAY, T_OBJECT | T_STRING},
    {"blocks", T_ARRAY, T_OBJECT | T_STRING},
    {"items", T_ARRAY, T_OBJECT | T_STRING},
    {"rows", T_ARRAY, T_OBJECT | T_STRING},
    {"cells", T_ARRAY, T_OBJECT | T_STRING},
    {"figures", T_OBJECT, T_ARRAY | T_STRING},
    {"width", T_NUMBER | T_STRING, T_ARRAY | T_OBJECT},
};

static const typerule *rule_for(const char *type)
{
    for (size_t i = 0; i < sizeof typerules / sizeof *typerules; i++)
        if (!strcmp(typerules[i].type, type))
            return &typerules[i];
    return NULL;
}

/* ------------------------------------------------------------ tests */

/* The export itself: plausible, and with the keys the contract names. */
static void test_export(void **state)
{
    assert_true(nkeys >= 60);
    static const char *const mappings[] = {
        "plan", "agency", "contact", "signer", "appendix", "section", "list", "list_item",
        "page_break", "table_block", "table", "column", "row", "group_row", "total"};
    for (size_t i = 0; i < sizeof mappings / sizeof *mappings; i++)
        assert_true(loader_knows_mapping(mappings[i]));
    assert_true(loader_knows("plan", "title"));
    assert_true(loader_knows("agency", "name"));
    assert_true(loader_knows("column", "equals"));
    assert_false(loader_knows("plan", "titel"));
    size_t n2 = 0;
    for (size_t i = 0; i < nkeys; i++) {
        const vb_schema_key *k = &keys[i];
        if (strcmp(k->type, "?") == 0)
            fail_msg("%s.%s: the loader's handler has no type for the schema", k->mapping,
                     k->key);
        if (!rule_for(k->type))
            fail_msg("%s.%s: type '%s' is new: teach test_schema.c what it allows",
                     k->mapping, k->key, k->type);
        for (size_t j = i + 1; j < nkeys; j++)
            if (!strcmp(k->mapping, keys[j].mapping) && !strcmp(k->key, keys[j].key))
                fail_msg("%s.%s is listed twice", k->mapping, k->key);
        if (!strcmp(k->mapping, "plan") && !strcmp(k->key, "urgency")) {
            assert_int_equal(k->nvalues, 3);
            assert_string_equal(k->values[2], "HỎA TỐC");
        }
        n2++;
    }
    /* A short buffer gets the first keys and the full count. */
    vb_schema_key two[2];
    assert_int_equal(vb_load_schema(two, 2), nkeys);
    assert_string_equal(two[0].mapping, "plan");
    assert_string_equal(two[0].key, keys[0].key);
    assert_int_equal(n2, nkeys);
}

/* The schema's names are the loader's: as many, and each of them found
 * among the loader's (enum words, mappings a key leads to). */
static bool same_names(const char *const *schema_names, size_t n, const char *const *loader_names,
                       size_t nloader)
{
    bool same = n == nloader;
    for (size_t a = 0; same && a < n; a++) {
        bool found = false;
        for (size_t b = 0; b < nloader; b++)
            found |= !strcmp(schema_names[a], loader_names[b]);
        same = found;
    }
    return same;
}

/* Every key of the loader is in the schema, in the right place, with a
 * fitting type, required-ness, enum and sub-mappings. */
static void test_loader_keys_in_schema(void **state)
{
    int bad = 0;
    for (size_t i = 0; i < nkeys; i++) {
        const vb_schema_key *k = &keys[i];
        const jv *m = mapping_node(k->mapping);
        if (!m) {
            print_error("schema: no definitions/%s for the loader's mapping\n", k->mapping);
            bad++;
            continue;
        }
        const jv *prop = jget(jget(m, "properties"), k->key);
        if (!prop) {
            print_error("schema: %s has no property '%s'\n", k->mapping, k->key);
            bad++;
            continue;
        }
        if (in_required(m, k->key) != k->required) {
            print_error("schema: %s.%s is %srequired in the schema, %srequired by the loader\n",
                        k->mapping, k->key, k->required ? "not " : "",
                        k->required ? "" : "not ");
            bad++;
        }
        const typerule *r = rule_for(k->type);
        unsigned t = types_of(prop, 0);
        if (r && ((t & r->must) != r->must || (t & r->mustnot))) {
            print_error("schema: %s.%s allows JSON types 0x%x; the loader's '%s' needs 0x%x "
                        "and refuses 0x%x\n", k->mapping, k->key, t, k->type, r->must,
                        r->mustnot);
            bad++;
        }
        if (k->nvalues) {
            const char *words[32];
            size_t nw = 0;
            if (!enum_words(prop, words, &nw, 32, 0)) {
                print_error("schema: %s.%s has no enum\n", k->mapping, k->key);
                bad++;
            } else if (!same_names(words, nw, k->values, k->nvalues)) {
                print_error("schema: %s.%s: the enum differs from the loader's (", k->mapping,
                            k->key);
                for (size_t b = 0; b < k->nvalues; b++)
                    print_error("%s%s", b ? ", " : "", k->values[b]);
                print_error(")\n");
                bad++;
            }
        }
        const char *refs[16], *seen[64];
        size_t nrefs = 0, nseen = 0;
        mapping_refs(prop, refs, &nrefs, 16, seen, &nseen, 0);
        if (!same_names(refs, nrefs, k->sub, k->nsub)) {
            print_error("schema: %s.%s leads to %zu mapping(s) (", k->mapping, k->key, nrefs);
            for (size_t a = 0; a < nrefs; a++)
                print_error("%s%s", a ? ", " : "", refs[a]);
            print_error("); the loader reads %zu (", k->nsub);
            for (size_t b = 0; b < k->nsub; b++)
                print_error("%s%s", b ? ", " : "", k->sub[b]);
            print_error(")\n");
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* Every "properties" in the schema, wherever it is, and what it names. */
static void walk_properties(const jv *node, const char *where, int *bad, int depth)
{
    if (!node || depth > 64 || (node->k != J_OBJ && node->k != J_ARR))
        return;
    for (size_t i = 0; i < node->n; i++) {
        const jv *v = node->vals[i];
        if (node->k == J_OBJ && !strcmp(node->keys[i], "properties") && v->k == J_OBJ) {
            const char *mapping = NULL;
            if (node == schema)
                mapping = "plan";
            for (size_t d = 0; !mapping && definitions() && d < definitions()->n; d++)
                if (definitions()->vals[d] == node)
                    mapping = definitions()->keys[d];
            if (!mapping || !loader_knows_mapping(mapping)) {
                print_error("schema: properties under %s, which is no mapping of the loader\n",
                            where);
                (*bad)++;
                continue;
            }
            for (size_t p = 0; p < v->n; p++) {
                if (!loader_knows(mapping, v->keys[p])) {
                    print_error("schema: %s.%s is not a key the loader knows\n", mapping,
                                v->keys[p]);
                    (*bad)++;
                }
            }
            const jv *ap = jget(node, "additionalProperties");
            if (!ap || ap->k != J_BOOL || ap->b) {
                print_error("schema: %s lets unknown keys through (additionalProperties)\n",
                            mapping);
                (*bad)++;
            }
        }
        char sub[256];
        int n = snprintf(sub, sizeof sub, "%s/%s", where,
                         node->k == J_OBJ ? node->keys[i] : "[]");
        if (n < 0 || (size_t)n >= sizeof sub) /* only for messages: cut it */
            memcpy(sub + sizeof sub - 4, "...", 4);
        walk_properties(v, sub, bad, depth + 1);
    }
}

static void test_schema_keys_known(void **state)
{
    int bad = 0;
    walk_properties(schema, "#", &bad, 0);
    assert_int_equal(bad, 0);
    /* draft-07: what Debian's python3-jsonschema and editors read. */
    const jv *ver = jget(schema, "$schema");
    assert_non_null(ver);
    assert_string_equal(ver->s, "http://json-schema.org/draft-07/schema#");
}

/* The reader and the checks catch what they are meant to catch. */
static void test_checks_bite(void **state)
{
    vb_arena a;
    vb_arena_init(&a);
    const char *err = NULL;
    const char *text = "{\"a\": [1, -2.5e1, true, null, \"\\u1EA0\\ud83d\\ude00\\n\"], \"b\": {}}";
    const jv *v = jparse(&a, text, strlen(text), &err);
    assert_non_null(v);
    const jv *arr = jget(v, "a");
    assert_int_equal(arr->n, 5);
    assert_true(arr->vals[1]->num == -25.0);
    assert_true(arr->vals[2]->b);
    assert_int_equal(arr->vals[3]->k, J_NULL);
    assert_string_equal(arr->vals[4]->s, "\xe1\xba\xa0\xf0\x9f\x98\x80\n");
    assert_null(jparse(&a, "{\"a\": 1,}", 9, &err));
    assert_null(jparse(&a, "[1] 2", 5, &err));

    const char *t1 = "{\"type\": [\"string\", \"null\"]}";
    const jv *p = jparse(&a, t1, strlen(t1), &err);
    assert_int_equal(types_of(p, 0), T_STRING | T_NULL);
    const char *t2 = "{\"enum\": [\"a\", 1, null]}";
    p = jparse(&a, t2, strlen(t2), &err);
    assert_int_equal(types_of(p, 0), T_STRING | T_NUMBER | T_INTEGER | T_NULL);
    /* The real schema's "body" leads to the four kinds of block. */
    const char *refs[16], *seen[64];
    size_t nrefs = 0, nseen = 0;
    mapping_refs(jget(jget(schema, "properties"), "body"), refs, &nrefs, 16, seen, &nseen, 0);
    assert_int_equal(nrefs, 4);
    vb_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export),
        cmocka_unit_test(test_loader_keys_in_schema),
        cmocka_unit_test(test_schema_keys_known),
        cmocka_unit_test(test_checks_bite),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
