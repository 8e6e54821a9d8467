/* test_pdf.c - the PDF backend on a hand-built display list: structure,
 * determinism, size, and (when poppler-utils / qpdf are installed) what
 * readers make of it. Runs with the repository root as working directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <libdeflate.h>
#include <math.h>

#include "dlist.h"
#include "font.h"
#include "font_fixture.h"
#include "icc_builtin.h"
#include "pdf.h"
#include "pdfa.h"
#include "util.h"

#define MOTTO "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#define SUBMOTTO "Độc lập - Tự do - Hạnh phúc"
#define BODY "Kế hoạch triển khai công tác chuyển đổi số năm 2024"
#define NOTE "Nơi nhận: Như trên; Lưu: VT, VP."
#define TITLE "Kế hoạch chuyển đổi số"
/* MD5 of vb_icc_srgb()'s bytes: pinned so that any drift shows. */
#define ICC_MD5 "ce9104331b4ab348198c1b18f272d8cc"

/* A 2 × 2 RGBA PNG (one half-transparent pixel). */
static const unsigned char PNG[] =
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52"
    "\x00\x00\x00\x02\x00\x00\x00\x02\x08\x06\x00\x00\x00\x72\xb6\x0d"
    "\x24\x00\x00\x00\x13\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\xf0"
    "\x1f\x88\x1b\x18\xa0\x8c\xff\x00\x42\xd4\x07\x7a\x81\x65\x42\xcf"
    "\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

static vb_item *text(vb_dlist *d, vb_page *p, double x, double y, int face,
                     double size, const char *s)
{
    return vb_page_text(d, p, x, y, face, size, s, strlen(s));
}

/* Two pages (A4 portrait, A4 landscape), text in all four faces, a rule, a
 * rect, a line, an in-memory image, an outline and a signature field. */
static void build_doc(vb_dlist *d, vb_arena *a)
{
    vb_dlist_init(d, a);
    vb_page *p1 = vb_dlist_add_page(d, 595.276, 841.89);
    text(d, p1, 56.693, 780, VB_FACE_BOLD, 12, MOTTO);
    text(d, p1, 90, 760, VB_FACE_BOLD, 13, SUBMOTTO);
    vb_page_rule(d, p1, 90, 752, 159, 0.5);
    vb_item *it = text(d, p1, 56.693, 700, VB_FACE_REGULAR, 14, BODY);
    it->color = (vb_rgb){ 0.8f, 0.1f, 0.1f };
    text(d, p1, 56.693, 680, VB_FACE_ITALIC, 12, NOTE);
    vb_page_rect(d, p1, 100.5, 200.25, 50.0004, 20.1, 0.75);
    vb_item *img = vb_page_add(d, p1, VB_ITEM_IMAGE);
    img->x = 400;
    img->y = 100;
    img->w = 80;
    img->h = 80;
    img->text = "seal.png";
    img->data = PNG;
    img->data_len = sizeof PNG - 1;

    vb_page *p2 = vb_dlist_add_page(d, 841.89, 595.276);
    text(d, p2, 56.693, 540, VB_FACE_BOLDITALIC, 13, "Phụ lục: Danh mục nhiệm vụ");
    text(d, p2, 56.693, 500, VB_FACE_REGULAR, 13, "Tổng kinh phí: 1.250.000.000 đồng");
    vb_item *ln = vb_page_add(d, p2, VB_ITEM_LINE);
    ln->x = 56.693;
    ln->y = 490;
    ln->w = 700;
    ln->h = 0;
    ln->lw = 1;
    ln->color = (vb_rgb){ 0, 0, 0.5f };

    vb_dlist_outline(d, "Kế hoạch", 1, 0, 790);
    vb_dlist_outline(d, "Phụ lục", 2, 1, 560);
    vb_dlist_field(d, "ChuKy1", 1, 560, 300, 200, 80);

    d->meta.title = TITLE;
    d->meta.author = "Ủy ban nhân dân tỉnh";
    d->meta.subject = "Chuyển đổi số";
    d->meta.keywords = "kế hoạch, chuyển đổi số";
    d->meta.creator = "vanban test";
    d->meta.producer = "vanban";
    d->meta.lang = "vi-VN";
    d->meta.year = 2024;
    d->meta.month = 5;
    d->meta.day = 15;
    d->meta.doc_number = "04";
    d->meta.doc_symbol = "KH-UBND";
    d->meta.doc_date = "2024-05-15";
    d->meta.doc_type = "KẾ HOẠCH";
    d->meta.doc_title = TITLE;
    d->meta.doc_agency = "Ủy ban nhân dân tỉnh";
    d->meta.version = "0.0.0-test";
    d->meta.layout_hash = "0123456789abcdef";
}

static size_t count(const vb_buf *b, const char *needle)
{
    size_t n = strlen(needle), k = 0;
    if (n > b->len)
        return 0;
    for (size_t i = 0; i + n <= b->len; i++)
        if (b->data[i] == needle[0] && memcmp(b->data + i, needle, n) == 0)
            k++;
    return k;
}

static bool contains(const vb_buf *b, const char *needle)
{
    return count(b, needle) > 0;
}

/* The first needle in b at or after from (b holds binary data too), or
 * NULL. */
static const char *find_from(const vb_buf *b, const char *from,
                             const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = from; p + n <= b->data + b->len; p++)
        if (*p == needle[0] && memcmp(p, needle, n) == 0)
            return p;
    return NULL;
}

static void write_doc(const vb_fontset *fs, int compress, vb_buf *out)
{
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    build_doc(&d, &a);
    vb_pdf_opts o = { .compress = compress };
    char err[256] = "";
    vb_buf_init(out);
    int rc = vb_pdf_write(&d, fs, &o, out, err, sizeof err);
    if (rc != 0)
        fail_msg("vb_pdf_write: %s", err);
    vb_arena_free(&a);
}

static void write_dlist(const vb_fontset *fs, const vb_dlist *d, int compress,
                        vb_buf *out)
{
    vb_pdf_opts o = { .compress = compress };
    char err[256] = "";
    vb_buf_init(out);
    if (vb_pdf_write(d, fs, &o, out, err, sizeof err) != 0)
        fail_msg("vb_pdf_write: %s", err);
}

static void test_structure(void **state)
{
    vb_buf b;
    write_doc(*state, 0, &b);
    assert_true(b.len > 1000);
    assert_memory_equal(b.data, "%PDF-", 5);
    size_t end = b.len;
    while (end > 0 && (b.data[end - 1] == '\n' || b.data[end - 1] == '\r'))
        end--;
    assert_true(end >= 5);
    assert_memory_equal(b.data + end - 5, "%%EOF", 5);
    assert_true(contains(&b, "/FontFile2"));
    assert_true(contains(&b, "/ToUnicode"));
    assert_true(contains(&b, "beginbfchar") || contains(&b, "beginbfrange"));
    assert_false(contains(&b, "begincidrange"));
    assert_true(contains(&b, "/CIDFontType2"));
    assert_true(contains(&b, "/Identity-H"));
    assert_true(contains(&b, "+LiberationSerif-Bold\n"));
    assert_true(contains(&b, "+LiberationSerif-BoldItalic\n"));
    assert_true(contains(&b, "/FT /Sig"));
    assert_true(contains(&b, "/SigFlags 3"));
    assert_true(contains(&b, "/AcroForm"));
    assert_true(contains(&b, "/Lang (vi-VN)"));
    assert_true(contains(&b, "/ID ["));
    assert_true(contains(&b, "(D:20240515000000+07'00')"));
    /* Numbers: at most 3 decimals, no trailing zeros. */
    assert_true(contains(&b, "100.5 200.25 50 20.1 re S"));
    assert_true(contains(&b, "0.75 w"));
    assert_true(contains(&b, "0.8 0.1 0.1 rg"));
    assert_true(contains(&b, "0 0 0.5 RG"));
    /* Landscape is just a wider page (libharu writes float reals). */
    assert_true(contains(&b, "/MediaBox [ 0 0 841.89"));
    assert_true(contains(&b, "/MediaBox [ 0 0 595.276 841.89"));
    assert_false(contains(&b, "/Rotate"));
    /* Outline: root plus two items, only the root typed; level 2 nests. */
    assert_int_equal(count(&b, "/Type /Outlines"), 1);
    assert_int_equal(count(&b, "/XYZ 0 "), 2);
    assert_true(contains(&b, "/XYZ 0 560 null ]"));
    assert_int_equal(count(&b, "/Type /Annot"), 1);
    assert_int_equal(count(&b, "/Subtype /Type0"), 4);
    /* PDF/A-2b: XMP, an sRGB output intent, nothing embedded. */
    assert_true(contains(&b, "/Metadata "));
    assert_true(contains(&b, "/Type /Metadata\n/Subtype /XML"));
    assert_true(contains(&b, "<pdfaid:part>2</pdfaid:part>"));
    assert_true(contains(&b, "<pdfaid:conformance>B</pdfaid:conformance>"));
    assert_true(contains(&b, "<xmp:CreateDate>2024-05-15T00:00:00+07:00<"));
    assert_true(contains(&b, "<vanban:number>04</vanban:number>"));
    assert_true(contains(&b, "<vanban:layoutHash>0123456789abcdef<"));
    assert_true(contains(&b, "<pdfaSchema:namespaceURI>" VB_XMP_NS "<"));
    assert_true(contains(&b, "/S /GTS_PDFA1"));
    assert_true(contains(&b, "/OutputConditionIdentifier (" VB_ICC_SRGB_NAME ")"));
    assert_true(contains(&b, "/N 3"));
    assert_false(contains(&b, "/AF "));
    assert_false(contains(&b, "/EmbeddedFile"));
    assert_false(contains(&b, "Haru Free PDF"));
    vb_buf_free(&b);
}

static void test_deterministic(void **state)
{
    for (int compress = 0; compress <= 1; compress++) {
        vb_buf a, b;
        write_doc(*state, compress, &a);
        write_doc(*state, compress, &b);
        assert_int_equal(a.len, b.len);
        assert_memory_equal(a.data, b.data, a.len);
        vb_buf_free(&a);
        vb_buf_free(&b);
    }
}

static void test_size(void **state)
{
    vb_buf b;
    write_doc(*state, 1, &b);
    print_message("compressed test document: %zu bytes\n", b.len);
    assert_true(b.len < 40 * 1024);
    assert_true(contains(&b, "/FlateDecode"));
    vb_buf_free(&b);
}

static bool have_tool(const char *name)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

/* Run cmd, collect stdout; returns the exit status. */
static int run(const char *cmd, vb_buf *out)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char buf[4096];
    size_t n;
    vb_buf_init(out);
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        vb_buf_put(out, buf, n);
    if (!out->data)
        vb_buf_put(out, "", 0);
    return pclose(p);
}

static void save_temp(const vb_buf *b, char path[64])
{
    snprintf(path, 64, "/tmp/vanban_test_pdf_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b->data, b->len), (ssize_t)b->len);
    close(fd);
}

/* `pdftotext OPTS` of the PDF in b, stderr folded in, into out; false
 * (and out untouched) when pdftotext is not installed. */
static bool pdftotext_of(const vb_buf *b, const char *opts, vb_buf *out)
{
    if (!have_tool("pdftotext"))
        return false;
    char path[64], cmd[256];
    save_temp(b, path);
    snprintf(cmd, sizeof cmd, "pdftotext %s %s - 2>&1", opts, path);
    assert_int_equal(run(cmd, out), 0);
    unlink(path);
    return true;
}

static void test_readers(void **state)
{
    vb_buf b, out;
    write_doc(*state, 1, &b);
    char path[64];
    save_temp(&b, path);
    char cmd[256];
    if (have_tool("pdftotext")) {
        /* stderr is folded in: poppler must have nothing to complain about. */
        snprintf(cmd, sizeof cmd, "pdftotext -layout %s - 2>&1", path);
        assert_int_equal(run(cmd, &out), 0);
        const char *want[] = { MOTTO, SUBMOTTO, BODY, NOTE,
                               "Phụ lục: Danh mục nhiệm vụ",
                               "Tổng kinh phí: 1.250.000.000 đồng" };
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
            if (!contains(&out, want[i]))
                fail_msg("pdftotext lacks '%s' in:\n%s", want[i], out.data);
        assert_false(contains(&out, "Error"));
        assert_false(contains(&out, "Warning"));
        vb_buf_free(&out);
    }
    if (have_tool("pdffonts")) {
        snprintf(cmd, sizeof cmd, "pdffonts %s 2>&1", path);
        assert_int_equal(run(cmd, &out), 0);
        assert_false(contains(&out, "Error"));
        assert_false(contains(&out, "Warning"));
        assert_true(contains(&out, "CID TrueType"));
        assert_true(contains(&out, "Identity-H       yes yes yes"));
        vb_buf_free(&out);
    }
    if (have_tool("pdfinfo")) {
        snprintf(cmd, sizeof cmd, "pdfinfo %s 2>&1", path);
        assert_int_equal(run(cmd, &out), 0);
        assert_true(contains(&out, " " TITLE "\n"));
        assert_true(contains(&out, " Ủy ban nhân dân tỉnh\n"));
        assert_true(contains(&out, "Form:            AcroForm"));
        assert_true(contains(&out, "PDF version:     1.7"));
        assert_false(contains(&out, "Error"));
        vb_buf_free(&out);
    }
    if (have_tool("qpdf")) {
        snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
        assert_int_equal(system(cmd), 0);
    }
    unlink(path);
    vb_buf_free(&b);
}

/* Justified text: words on one baseline in one face become one TJ array
 * whose displacements put every word exactly where layout placed it
 * (checked by reading the positions back with pdftotext -bbox); a change
 * of face or baseline starts a new array, and no Tm is written. */
static void test_justified_line(void **state)
{
    const vb_fontset *fs = *state;
    static const char *const WORDS[] = { "Triển", "khai", "kế", "hoạch",
                                         "chuyển", "đổi", "số" };
    enum { N = sizeof WORDS / sizeof *WORDS };
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    vb_dlist_init(&d, &a);
    vb_page *p = vb_dlist_add_page(&d, 595.276, 841.89);
    double xs[N], x = 85.039;
    for (int i = 0; i < N; i++) {
        /* The middle word bold: the array must end before it and resume. */
        int face = i == 3 ? VB_FACE_BOLD : VB_FACE_REGULAR;
        xs[i] = x;
        text(&d, p, x, 700, face, 14, WORDS[i]);
        x += vb_font_width(fs->face[face], WORDS[i], strlen(WORDS[i]), 14) +
             3.5 + 0.37 * i; /* uneven stretched spaces */
    }
    text(&d, p, 85.039, 680, VB_FACE_REGULAR, 14, "dòng sau");
    vb_pdf_opts o = { .compress = 0 };
    char err[256] = "";
    vb_buf b, out;
    vb_buf_init(&b);
    assert_int_equal(vb_pdf_write(&d, fs, &o, &b, err, sizeof err), 0);
    /* Regular words 0-2, bold 3, regular 4-6, the next line: 4 arrays. */
    assert_int_equal(count(&b, "]TJ"), 4);
    assert_int_equal(count(&b, " Tm"), 0);
    assert_int_equal(count(&b, " Td"), 4);
    if (pdftotext_of(&b, "-bbox", &out)) {
        const char *q = out.data;
        int seen = 0;
        for (int i = 0; i < N; i++) {
            char tag[96];
            snprintf(tag, sizeof tag, "\">%s</word>", WORDS[i]);
            const char *w = strstr(q, tag);
            if (!w)
                fail_msg("pdftotext lacks word '%s' in:\n%s", WORDS[i], out.data);
            const char *xm = w;
            while (xm > out.data && strncmp(xm, "xMin=\"", 6) != 0)
                xm--;
            double got = strtod(xm + 6, NULL);
            if (got < xs[i] - 0.01 || got > xs[i] + 0.01)
                fail_msg("word '%s' at x %.4f, placed at %.4f", WORDS[i],
                         got, xs[i]);
            seen++;
            q = w;
        }
        assert_int_equal(seen, N);
        vb_buf_free(&out);
    }
    vb_buf_free(&b);
    vb_arena_free(&a);
}

static void test_image_file(void **state)
{
    char png[64];
    vb_buf pb;
    vb_buf_init(&pb);
    vb_buf_put(&pb, PNG, sizeof PNG - 1);
    save_temp(&pb, png);
    vb_buf_free(&pb);

    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    vb_dlist_init(&d, &a);
    vb_page *p = vb_dlist_add_page(&d, 595.276, 841.89);
    for (int i = 0; i < 2; i++) { /* the same file twice: embedded once */
        vb_item *img = vb_page_add(&d, p, VB_ITEM_IMAGE);
        img->x = 100 + 200 * i;
        img->y = 100;
        img->w = img->h = 50;
        img->text = vb_strdup(&a, png);
    }
    vb_buf out;
    vb_buf_init(&out);
    char err[256] = "";
    vb_pdf_opts o = { .compress = 0 };
    assert_int_equal(vb_pdf_write(&d, *state, &o, &out, err, sizeof err), 0);
    assert_true(contains(&out, "/Im0 Do"));
    assert_false(contains(&out, "/Im1 Do"));
    assert_true(contains(&out, "/Subtype /Image"));
    vb_buf_free(&out);
    unlink(png);
    vb_arena_free(&a);
}

static void test_errors(void **state)
{
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    vb_dlist_init(&d, &a);
    vb_page *p = vb_dlist_add_page(&d, 595.276, 841.89);
    text(&d, p, 50, 50, VB_FACE_REGULAR, 12, "Xin chào");
    vb_item *img = vb_page_add(&d, p, VB_ITEM_IMAGE);
    img->w = img->h = 10;
    img->text = "no/such/seal.png";
    vb_buf out;
    vb_buf_init(&out);
    char err[256] = "";
    assert_int_equal(vb_pdf_write(&d, *state, NULL, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "no/such/seal.png"));
    assert_non_null(strstr(err, "No such file"));

    /* Not a PNG at all. */
    img->text = "CMakeLists.txt";
    err[0] = 0;
    assert_int_equal(vb_pdf_write(&d, *state, NULL, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "CMakeLists.txt"));

    /* A face that does not exist. */
    img->kind = VB_ITEM_RULE;
    vb_item *t = text(&d, p, 50, 80, VB_FACE_REGULAR, 12, "x");
    t->face = 7;
    err[0] = 0;
    assert_int_equal(vb_pdf_write(&d, *state, NULL, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "face"));

    /* An outline entry past the last page. */
    t->face = VB_FACE_BOLD;
    vb_dlist_outline(&d, "Mục lục", 1, 5, 100);
    err[0] = 0;
    assert_int_equal(vb_pdf_write(&d, *state, NULL, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "Mục lục"));
    d.noutline = 0;

    /* A page libharu cannot size. */
    d.pages[0].width = 1;
    err[0] = 0;
    assert_int_equal(vb_pdf_write(&d, *state, NULL, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "page 1"));
    d.pages[0].width = 595.276;

    /* No pages at all. */
    vb_dlist empty;
    vb_dlist_init(&empty, &a);
    err[0] = 0;
    assert_int_equal(vb_pdf_write(&empty, *state, NULL, &out, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "no pages"));

    /* And after all that, a good write. */
    err[0] = 0;
    assert_int_equal(vb_pdf_write(&d, *state, NULL, &out, err, sizeof err), 0);
    vb_buf_free(&out);
    vb_arena_free(&a);
}

static void test_empty_and_ascii(void **state)
{
    /* A page with no text embeds no font; a Latin-only page embeds one. */
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    vb_dlist_init(&d, &a);
    vb_dlist_add_page(&d, 595.276, 841.89);
    vb_buf out;
    vb_buf_init(&out);
    char err[256] = "";
    vb_pdf_opts o = { .compress = 0 };
    assert_int_equal(vb_pdf_write(&d, *state, &o, &out, err, sizeof err), 0);
    assert_false(contains(&out, "/FontFile2"));
    assert_false(contains(&out, "/AcroForm"));
    vb_page *p = vb_dlist_add_page(&d, 595.276, 841.89);
    text(&d, p, 50, 50, VB_FACE_ITALIC, 12, "abcdefghijklmnopqrstuvwxyz");
    assert_int_equal(vb_pdf_write(&d, *state, &o, &out, err, sizeof err), 0);
    assert_true(contains(&out, "+LiberationSerif-Italic"));
    assert_false(contains(&out, "+LiberationSerif-Bold"));
    /* a..z is one consecutive run of glyphs and code points. */
    assert_true(contains(&out, "1 beginbfrange"));
    vb_buf_free(&out);
    vb_arena_free(&a);
}

/* The number of widths in the /W array of the CIDFont whose /BaseFont ends
 * in "+name". */
static int widths_of(const vb_buf *b, const char *name)
{
    char key[96];
    snprintf(key, sizeof key, "+%s\n/CIDSystemInfo", name);
    const char *p = find_from(b, b->data, key);
    assert_non_null(p);
    p = find_from(b, p, "/W [ ");
    assert_non_null(p);
    int depth = 0, n = 0;
    for (p += 4; *p != ']' || depth; p++) {
        if (*p == '[' || *p == ']') {
            depth += *p == '[' ? 1 : -1;
            continue;
        }
        if (depth && *p >= '0' && *p <= '9' && p[-1] == ' ')
            n++;
    }
    return n;
}

/* The faces share their CIDs (one per character drawn) and so one
 * ToUnicode map, where a no-break space keeps its own code point (it
 * shares the space's glyph); each font's /W names only the CIDs its face
 * draws; the text of every face reads back (pdftotext makes the no-break
 * space a space). */
static void test_shared_tounicode(void **state)
{
    static const char *const T[VB_FACE_COUNT] = {
        "Đại hội lần\u00A0thứ", "ĐẠI HỘI 2024", "xyz", "Hội"
    };
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    vb_dlist_init(&d, &a);
    vb_page *p = vb_dlist_add_page(&d, 595.276, 841.89);
    for (int f = 0; f < VB_FACE_COUNT; f++)
        text(&d, p, 60, 700 - 30 * f, f, 12, T[f]);
    vb_buf b, out;
    write_dlist(*state, &d, 0, &b);
    assert_int_equal(count(&b, "/Subtype /Type0"), 4);
    assert_int_equal(count(&b, "begincmap"), 1);
    const char *ref = find_from(&b, b.data, "/ToUnicode ");
    assert_non_null(ref);
    char line[64];
    snprintf(line, sizeof line, "%.*s", (int)strcspn(ref, "\n"), ref);
    assert_int_equal(count(&b, line), 4);
    /* The no-break space keeps its own code point. */
    assert_true(contains(&b, "<00A0>\n"));
    assert_int_equal(widths_of(&b, "LiberationSerif-BoldItalic"), 3);
    assert_int_equal(widths_of(&b, "LiberationSerif-Italic"), 3);
    assert_int_equal(widths_of(&b, "LiberationSerif-Bold"), 9);
    if (pdftotext_of(&b, "", &out)) {
        for (int f = 0; f < VB_FACE_COUNT; f++)
            if (!contains(&out, f ? T[f] : "Đại hội lần thứ") &&
                !contains(&out, T[f]))
                fail_msg("pdftotext lacks '%s' in:\n%s", T[f], out.data);
        vb_buf_free(&out);
    }
    vb_buf_free(&b);
    vb_arena_free(&a);
}

/* ---- Archival metadata (pdfa.c and what pdf.c makes of it) ---- */

static void test_xml_escape(void **state)
{
    (void)state;
    vb_buf b;
    vb_buf_init(&b);
    vb_xml_escape(&b, "Sở KH&CN <b> \"q\" 'a'");
    assert_string_equal(b.data,
                        "Sở KH&amp;CN &lt;b&gt; &quot;q&quot; &apos;a&apos;");
    /* XML 1.0 cannot carry controls; invalid UTF-8 becomes U+FFFD. */
    b.len = 0;
    vb_xml_escape(&b, "a\tb\x01" "c\xff" "d");
    assert_string_equal(b.data, "a b c\xEF\xBF\xBD" "d");
    vb_buf_free(&b);
}

static void test_pdfa_text(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    assert_null(vb_pdfa_text(&a, NULL));
    assert_string_equal(vb_pdfa_text(&a, "Kế\nhoạch\r\x7f"), "Kế hoạch  ");
    /* The cut counts UTF-16 units: an emoji is two. */
    char *longs = vb_alloc(&a, 20001);
    memset(longs, 'a', 20000);
    assert_int_equal(strlen(vb_pdfa_text(&a, longs)), VB_PDFA_TEXT_MAX);
    char *emoji = vb_alloc(&a, 4 * 9000 + 1);
    for (int i = 0; i < 9000; i++)
        memcpy(emoji + 4 * i, "\xF0\x9F\x98\x80", 4);
    assert_int_equal(strlen(vb_pdfa_text(&a, emoji)),
                     4 * (VB_PDFA_TEXT_MAX / 2));
    vb_arena_free(&a);
}

/* /usr/bin/python3 must parse the bytes as XML (skipped without it). */
static void assert_well_formed(const vb_buf *x)
{
    if (access("/usr/bin/python3", X_OK) != 0)
        return;
    FILE *p = popen("/usr/bin/python3 -c 'import sys, xml.etree.ElementTree "
                    "as E; E.fromstring(sys.stdin.buffer.read())'", "w");
    assert_non_null(p);
    fwrite(x->data, 1, x->len, p);
    assert_int_equal(pclose(p), 0);
}

static void test_xmp_packet(void **state)
{
    (void)state;
    vb_meta m = { .title = "KẾ HOẠCH Hội nghị KH&CN <2024> \"số\"",
                  .author = "Sở KH&CN", .subject = "a < b",
                  .keywords = "/KH-KHCN", .creator = "vanban 1",
                  .producer = "vanban 1 with libharu", .lang = "vi-VN",
                  .doc_symbol = "KH-KHCN", .doc_agency = "Sở KH&CN",
                  .doc_date = "2023-05" };
    vb_buf x;
    vb_buf_init(&x);
    vb_xmp_packet(&x, &m, 2);
    assert_memory_equal(x.data, "<?xpacket begin=\"\xEF\xBB\xBF\" id=", 21);
    assert_non_null(strstr(x.data, "KH&amp;CN &lt;2024&gt; &quot;số&quot;"));
    assert_non_null(strstr(x.data, "<rdf:li>Sở KH&amp;CN</rdf:li>"));
    assert_non_null(strstr(x.data, "<vanban:agency>Sở KH&amp;CN<"));
    assert_non_null(strstr(x.data, "<vanban:date>2023-05</vanban:date>"));
    assert_null(strstr(x.data, "KH&CN"));
    /* Unknown fields and dates are left out, not written empty... */
    assert_null(strstr(x.data, "<vanban:number>"));
    assert_null(strstr(x.data, "CreateDate"));
    /* ...but the extension schema always describes every property. */
    const char *names[] = { "number", "symbol", "date", "type", "title",
                            "agency", "version", "layoutHash" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char want[64];
        snprintf(want, sizeof want, "<pdfaProperty:name>%s<", names[i]);
        assert_non_null(strstr(x.data, want));
    }
    assert_non_null(strstr(x.data, "<pdfaid:part>2</pdfaid:part>"));
    size_t n = strlen("<?xpacket end=\"w\"?>");
    assert_true(x.len > n);
    assert_memory_equal(x.data + x.len - n, "<?xpacket end=\"w\"?>", n);
    assert_well_formed(&x);

    x.len = 0;
    m.year = 2023;
    m.month = 5;
    m.day = 1;
    vb_xmp_packet(&x, &m, 3);
    assert_non_null(strstr(x.data, "<pdfaid:part>3</pdfaid:part>"));
    assert_non_null(strstr(x.data,
        "<xmp:ModifyDate>2023-05-01T00:00:00+07:00</xmp:ModifyDate>"));
    assert_well_formed(&x);
    vb_buf_free(&x);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static void md5_hex(const void *p, size_t n, char hex[33])
{
    HPDF_MD5_CTX m;
    HPDF_BYTE d[16];
    HPDF_MD5Init(&m);
    HPDF_MD5Update(&m, p, (HPDF_UINT32)n);
    HPDF_MD5Final(d, &m);
    for (int i = 0; i < 16; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static void test_icc_profile(void **state)
{
    (void)state;
    vb_buf b;
    vb_buf_init(&b);
    vb_buf_put(&b, "xx", 2); /* appends: the profile need not start at 0 */
    vb_icc_srgb(&b);
    const unsigned char *p = (const unsigned char *)b.data + 2;
    size_t len = b.len - 2;
    assert_int_equal(be32(p), len);
    assert_int_equal(len % 4, 0);
    assert_int_equal(be32(p + 8), 0x02100000);
    assert_memory_equal(p + 12, "mntrRGB XYZ ", 12);
    assert_memory_equal(p + 36, "acsp", 4);
    assert_int_equal(be32(p + 68), 0xF6D6);  /* D50 X */
    assert_int_equal(be32(p + 72), 0x10000); /* D50 Y */
    assert_int_equal(be32(p + 76), 0xD32D);  /* D50 Z */
    uint32_t n = be32(p + 128);
    assert_int_equal(n, 9);
    const char *want[] = { "desc", "cprt", "wtpt", "rXYZ", "gXYZ",
                           "bXYZ", "rTRC", "gTRC", "bTRC" };
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *t = p + 132 + 12 * i;
        uint32_t off = be32(t + 4), size = be32(t + 8);
        assert_memory_equal(t, want[i], 4);
        assert_int_equal(off % 4, 0);
        assert_true(off >= 132 + 12 * n && off + size <= len);
    }
    /* The curve (shared by the three TRC tags) runs from 0 to 65535, and
     * the red, green and blue columns add up to the D50 white. */
    const unsigned char *curve = p + be32(p + 132 + 12 * 6 + 4);
    assert_memory_equal(curve, "curv", 4);
    uint32_t pts = be32(curve + 8);
    assert_true(pts >= 2);
    assert_int_equal(curve[12] << 8 | curve[13], 0);
    assert_int_equal(curve[12 + 2 * (pts - 1)] << 8 | curve[13 + 2 * (pts - 1)],
                     65535);
    for (int axis = 0; axis < 3; axis++) {
        int32_t sum = 0;
        for (int c = 0; c < 3; c++) {
            const unsigned char *x = p + be32(p + 132 + 12 * (3 + c) + 4);
            sum += (int32_t)be32(x + 8 + 4 * axis);
        }
        int32_t white = (int32_t)be32(p + 68 + 4 * axis);
        assert_true(sum - white <= 1 && white - sum <= 1);
    }
    /* Reproducible to the byte: a change here changes every PDF's /ID. */
    char hex[33];
    md5_hex(p, len, hex);
    print_message("ICC profile: %zu bytes, md5 %s\n", len, hex);
    assert_string_equal(hex, ICC_MD5);
    vb_buf_free(&b);
}

/* The profile built into the program is vb_icc_srgb()'s, and its deflated
 * copy inflates to the same bytes; the PDF embeds the deflated copy. */
static void test_icc_builtin(void **state)
{
    const vb_icc_builtin *bi = &vb_icc_srgb_builtin;
#ifdef VANBAN_HAVE_ICC_BUILTIN
    assert_non_null(bi->raw);
#endif
    if (!bi->raw)
        return; /* a cross build: pdf.c makes the profile at run time */
    vb_buf b;
    vb_buf_init(&b);
    vb_icc_srgb(&b);
    assert_int_equal(bi->raw_len, b.len);
    assert_memory_equal(bi->raw, b.data, b.len);
    assert_true(bi->z_len > 0 && bi->z_len + 21 < b.len);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    assert_non_null(d);
    char *back = malloc(b.len);
    size_t got = 0;
    assert_int_equal(libdeflate_zlib_decompress(d, bi->z, bi->z_len, back,
                                                b.len, &got),
                     LIBDEFLATE_SUCCESS);
    assert_int_equal(got, b.len);
    assert_memory_equal(back, b.data, b.len);
    free(back);
    libdeflate_free_decompressor(d);
    vb_buf pdf;
    write_doc(*state, 1, &pdf);
    bool found = false;
    for (size_t i = 0; !found && i + bi->z_len <= pdf.len; i++)
        found = memcmp(pdf.data + i, bi->z, bi->z_len) == 0;
    assert_true(found);
    vb_buf_free(&pdf);
    vb_buf_free(&b);
}

/* v as fmt_num in pdf.c must write it: llround to thousandths, at most 3
 * decimals, no trailing zeros. */
static void fmt3(char *out, size_t n, double v)
{
    long long m = llround(v * 1000.0);
    unsigned long long a = (unsigned long long)(m < 0 ? -m : m);
    int k = snprintf(out, n, "%s%llu", m < 0 ? "-" : "", a / 1000);
    unsigned f = (unsigned)(a % 1000);
    if (f) {
        char d[8];
        snprintf(d, sizeof d, ".%03u", f);
        size_t e = strlen(d);
        while (d[e - 1] == '0')
            d[--e] = 0;
        snprintf(out + k, n - (size_t)k, "%s", d);
    }
}

/* Numbers on a page round halfway cases away from zero, as llround. */
static void test_number_rounding(void **state)
{
    static const double V[][4] = {
        { 0.0005, -0.0005, 2.0015, 1234.5675 },
        { 0.0004999, -0.0015, 0.0025, 599.9995 },
        { 1e-9, -2.5e-4, 100.0125, 7.0035 },
    };
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    vb_dlist_init(&d, &a);
    vb_page *p = vb_dlist_add_page(&d, 595.276, 841.89);
    for (size_t i = 0; i < sizeof V / sizeof *V; i++)
        vb_page_rect(&d, p, V[i][0], V[i][1], V[i][2], V[i][3], 0.5);
    vb_buf b;
    write_dlist(*state, &d, 0, &b);
    for (size_t i = 0; i < sizeof V / sizeof *V; i++) {
        char want[128] = "", num[32];
        for (int k = 0; k < 4; k++) {
            fmt3(num, sizeof num, V[i][k]);
            strcat(want, num);
            strcat(want, " ");
        }
        strcat(want, "re S");
        if (!contains(&b, want))
            fail_msg("no '%s' in the page", want);
    }
    vb_buf_free(&b);
    vb_arena_free(&a);
}

/* Dictionaries pdf.c writes as text read as libharu writes its own
 * objects: names, escaped strings, reals, references, and the outline's
 * entries in libharu's order. */
static void test_dict_text(void **state)
{
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    build_doc(&d, &a);
    vb_dlist_field(&d, "Chữ ký (2)", 0, 60.5, 30.25, 20, 10);
    vb_dlist_outline(&d, "Sâu", 3, 1, 400);
    vb_dlist_outline(&d, "Hai", 1, 1, 300.125);
    vb_buf b;
    write_dlist(*state, &d, 0, &b);
    assert_true(contains(&b, "/T (Ch\\341\\273\\257 k\\303\\275 \\0502\\051)\n"
                             "/Rect [ 60.5 30.25 80.5 40.25 ]\n/F 4\n/P "));
    assert_true(contains(&b, "/AP <<\n/N "));
    assert_true(contains(&b, "/Type /XObject\n/Subtype /Form\n"
                             "/BBox [ 0 0 20 10 ]\n>>"));
    assert_true(contains(&b, "/Fields [ "));
    assert_true(contains(&b, "/Resources <<\n/ProcSet [ /PDF /Text /ImageB "
                             "/ImageC /ImageI ]\n/Font <<\n/F0 "));
    assert_true(contains(&b, "/XObject <<\n/Im0 "));
    assert_true(contains(&b, "/CIDSystemInfo <<\n/Registry (Adobe)\n"
                             "/Ordering (Identity)\n/Supplement 0\n>>\n"));
    assert_true(contains(&b, "/DW 1000\n/W [ 1 [ "));
    assert_true(contains(&b, "/Encoding /Identity-H\n/DescendantFonts [ "));
    assert_true(contains(&b, "/Type /FontDescriptor\n/FontName /"));
    assert_true(contains(&b, "/RegistryName (http:\\057\\057www.color.org)"));
    assert_true(contains(&b, "/Producer (vanban)\n/Title <FEFF"));
    assert_true(contains(&b, "/Keywords <FEFF"));
    assert_true(contains(&b, "/Creator (vanban test)\n"
                             "/CreationDate (D:20240515000000+07'00')\n"
                             "/ModDate (D:20240515000000+07'00')\n>>"));
    assert_false(contains(&b, "Haru"));
    /* Outline: "Kế hoạch" holds "Phụ lục", which holds "Sâu"; "Hai" is
     * its sibling. Open entries count every descendant. */
    assert_true(contains(&b, "/Type /Outlines\n/First "));
    assert_true(contains(&b, "/Count 4\n>>"));
    assert_int_equal(count(&b, "/Count 2\n>>"), 2); /* and the 2 pages */
    assert_int_equal(count(&b, "/Count 1\n>>"), 1);
    assert_true(contains(&b, "/Title <FEFF005300E20075>\n/Parent "));
    assert_true(contains(&b, "/Title <FEFF004800610069>\n/Prev "));
    assert_true(contains(&b, "/XYZ 0 300.125 null ]"));
    vb_buf_free(&b);

    /* Dates libharu would refuse are refused; 29 February only in leap
     * years. */
    char err[256];
    vb_buf out;
    vb_buf_init(&out);
    d.meta.year = 2023;
    d.meta.month = 2;
    d.meta.day = 29;
    err[0] = 0;
    assert_int_equal(vb_pdf_write(&d, *state, NULL, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "invalid document date 2023-02-29"));
    d.meta.month = 13;
    d.meta.day = 1;
    assert_int_equal(vb_pdf_write(&d, *state, NULL, &out, err, sizeof err), -1);
    d.meta.month = 4;
    d.meta.day = 31;
    assert_int_equal(vb_pdf_write(&d, *state, NULL, &out, err, sizeof err), -1);
    d.meta.year = 2024;
    d.meta.month = 2;
    d.meta.day = 29;
    vb_pdf_opts o = { .compress = 0 };
    assert_int_equal(vb_pdf_write(&d, *state, &o, &out, err, sizeof err), 0);
    assert_true(contains(&out, "/CreationDate (D:20240229000000+07'00')"));
    /* A signature field on a page that does not exist. */
    vb_dlist_field(&d, "Lạc", 9, 1, 1, 1, 1);
    assert_int_equal(vb_pdf_write(&d, *state, NULL, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, "Lạc"));
    vb_buf_free(&out);
    vb_arena_free(&a);
}

#define SOURCE "vanban: 1\n# Sở KH&CN\ntitle: \"x\"\n"

/* build_doc's document with SOURCE embedded under name. */
static void build_doc_with_source(vb_dlist *d, vb_arena *a, const char *name)
{
    build_doc(d, a);
    d->meta.source = SOURCE;
    d->meta.source_len = sizeof SOURCE - 1;
    d->meta.source_name = name;
}

static void test_embedded_source(void **state)
{
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    build_doc_with_source(&d, &a, "kế-hoạch.yaml");
    vb_buf b;
    write_dlist(*state, &d, 0, &b);
    assert_true(contains(&b, "<pdfaid:part>3</pdfaid:part>"));
    assert_true(contains(&b, "/Type /EmbeddedFile\n/Subtype /application#2Fyaml"));
    assert_true(contains(&b, "/AFRelationship /Source"));
    assert_true(contains(&b, "/Type /Filespec"));
    assert_true(contains(&b, "/F (k_-ho_ch.yaml)"));
    assert_true(contains(&b, "/AF [ "));
    assert_true(contains(&b, "/EmbeddedFiles <<"));
    char size[32];
    snprintf(size, sizeof size, "/Size %zu\n", sizeof SOURCE - 1);
    assert_true(contains(&b, size));
    assert_true(contains(&b, "/ModDate (D:20240515000000+07'00')"));
    assert_true(contains(&b, SOURCE)); /* uncompressed: the bytes as they are */
    /* The file's checksum is the MD5 of the plan. */
    char hex[33], want[64];
    md5_hex(SOURCE, sizeof SOURCE - 1, hex);
    for (char *q = hex; *q; q++) /* libharu writes upper-case hex */
        if (*q >= 'a' && *q <= 'f')
            *q = (char)(*q - 'a' + 'A');
    snprintf(want, sizeof want, "/CheckSum <%s>", hex);
    assert_true(contains(&b, want));

    if (have_tool("pdfdetach")) {
        vb_buf c, out;
        write_dlist(*state, &d, 1, &c);
        char path[64], cmd[256];
        save_temp(&c, path);
        snprintf(cmd, sizeof cmd, "pdfdetach -list %s 2>&1", path);
        assert_int_equal(run(cmd, &out), 0);
        assert_true(contains(&out, "1 embedded files"));
        assert_true(contains(&out, "kế-hoạch.yaml"));
        vb_buf_free(&out);
        snprintf(cmd, sizeof cmd, "pdfdetach -save 1 -o /dev/stdout %s", path);
        assert_int_equal(run(cmd, &out), 0);
        assert_int_equal(out.len, sizeof SOURCE - 1);
        assert_memory_equal(out.data, SOURCE, out.len);
        vb_buf_free(&out);
        unlink(path);
        vb_buf_free(&c);
    }
    vb_buf_free(&b);
    vb_arena_free(&a);
}

/* The value of the object at offset off: what follows "N 0 obj\n". */
static const char *obj_body(const vb_buf *b, size_t off)
{
    assert_true(off < b->len);
    const char *nl = memchr(b->data + off, '\n', b->len - off);
    assert_non_null(nl);
    return nl + 1;
}

static void check_xref(const vb_buf *b)
{
    const char *sx = NULL;
    for (size_t i = 0; i + 10 <= b->len; i++)
        if (memcmp(b->data + i, "startxref\n", 10) == 0)
            sx = b->data + i + 10;
    assert_non_null(sx);
    size_t xref = (size_t)strtol(sx, NULL, 10);
    assert_true(xref + 7 < b->len);
    assert_memory_equal(b->data + xref, "xref\n0 ", 7);
    long n = strtol(b->data + xref + 7, NULL, 10);
    assert_true(n > 10);
    const char *e = obj_body(b, xref + 5);
    assert_memory_equal(e, "0000000000 65535 f\r\n", 20);
    size_t *off = calloc((size_t)n, sizeof *off);
    assert_non_null(off);
    for (long i = 1; i < n; i++) {
        const char *r = e + 20 * i;
        assert_memory_equal(r + 10, " 00000 n\r\n", 10);
        off[i] = (size_t)strtol(r, NULL, 10);
        char head[32];
        snprintf(head, sizeof head, "%ld 0 obj\n", i);
        assert_true(off[i] < xref);
        assert_memory_equal(b->data + off[i], head, strlen(head));
    }
    char size[40];
    snprintf(size, sizeof size, "/Size %ld\n>>\nstartxref\n", n);
    assert_true(contains(b, size));
    size_t streams = 0;
    for (long i = 1; i < n; i++) {
        const char *o = obj_body(b, off[i]);
        if (strncmp(o, "<<\n/Length ", 11) != 0)
            continue;
        long lobj = strtol(o + 11, NULL, 10);
        assert_true(lobj > i && lobj < n);
        const char *s = strstr(o, ">>\nstream\r\n");
        assert_non_null(s);
        s += 11;
        long len = strtol(obj_body(b, off[lobj]), NULL, 10);
        assert_true(s + len + 10 <= b->data + b->len);
        assert_memory_equal(s + len, "\nendstream", 10);
        streams++;
    }
    assert_true(streams >= 12);
    free(off);
}

/* pdf.c writes the file itself: every xref entry must point at its
 * object, startxref at the table, and every stream's /Length object must
 * hold the bytes between "stream" and "endstream". Checked on a document
 * with objects of every kind: text dictionaries, vanban's streams, stream
 * dictionaries libharu holds entries of (the embedded plan), and what
 * libharu writes itself (catalog, page tree, destinations, an image). */
static void test_xref(void **state)
{
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    build_doc_with_source(&d, &a, "plan.yaml");
    for (int compress = 0; compress <= 1; compress++) {
        vb_buf b;
        write_dlist(*state, &d, compress, &b);
        check_xref(&b);
        assert_true(contains(&b, "/Type /Pages\n/Kids [ "));
        assert_true(contains(&b, "]\n/Count 2\n>>"));
        assert_true(contains(&b, "/Subtype /Image"));
        vb_buf_free(&b);
    }
    vb_arena_free(&a);
}

/* The trailer /ID of a PDF in memory (its first hex string). */
static void trailer_id(const vb_buf *b, char id[33])
{
    const char *p = NULL;
    for (size_t i = 0; i + 6 <= b->len; i++)
        if (memcmp(b->data + i, "/ID [ <", 7) == 0)
            p = b->data + i + 7;
    assert_non_null(p);
    memcpy(id, p, 32);
    id[32] = 0;
}

static void test_metadata_reproducible(void **state)
{
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    build_doc(&d, &a);
    d.meta.title = "Kế hoạch\tKH&CN";
    d.meta.source = SOURCE;
    d.meta.source_len = sizeof SOURCE - 1;
    d.meta.source_name = "plan.yaml";
    vb_buf x, y;
    write_dlist(*state, &d, 1, &x);
    write_dlist(*state, &d, 1, &y);
    assert_int_equal(x.len, y.len);
    assert_memory_equal(x.data, y.data, x.len);
    char id1[33], id2[33];
    trailer_id(&x, id1);
    vb_buf_free(&y);

    /* One byte of the embedded plan is part of the content: new /ID. */
    char *src = vb_strdup(&a, SOURCE);
    src[0] = 'V';
    d.meta.source = src;
    write_dlist(*state, &d, 1, &y);
    trailer_id(&y, id2);
    assert_string_not_equal(id1, id2);
    vb_buf_free(&y);

    /* Info and XMP say the same: the tab became a space in both. */
    write_dlist(*state, &d, 0, &y);
    assert_true(contains(&y, "<rdf:li xml:lang=\"x-default\">Kế hoạch KH&amp;CN<"));
    vb_buf u;
    vb_buf_init(&u);
    vb_buf_puts(&u, "/Title <FEFF004B1EBF00200068006F1EA10063006800200"
                    "04B004800260043004E>");
    assert_true(contains(&y, u.data));
    vb_buf_free(&u);
    vb_buf_free(&x);
    vb_buf_free(&y);
    vb_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_size),
        cmocka_unit_test(test_readers),
        cmocka_unit_test(test_justified_line),
        cmocka_unit_test(test_image_file),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_empty_and_ascii),
        cmocka_unit_test(test_shared_tounicode),
        cmocka_unit_test(test_xml_escape),
        cmocka_unit_test(test_pdfa_text),
        cmocka_unit_test(test_xmp_packet),
        cmocka_unit_test(test_icc_profile),
        cmocka_unit_test(test_icc_builtin),
        cmocka_unit_test(test_number_rounding),
        cmocka_unit_test(test_dict_text),
        cmocka_unit_test(test_embedded_source),
        cmocka_unit_test(test_metadata_reproducible),
        cmocka_unit_test(test_xref),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
