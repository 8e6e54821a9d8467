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

#include "dlist.h"
#include "font.h"
#include "pdf.h"
#include "util.h"

static const char *const PATHS[VB_FACE_COUNT] = {
    "fonts/LiberationSerif-Regular.ttf",
    "fonts/LiberationSerif-Bold.ttf",
    "fonts/LiberationSerif-Italic.ttf",
    "fonts/LiberationSerif-BoldItalic.ttf",
};

#define MOTTO "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#define SUBMOTTO "Độc lập - Tự do - Hạnh phúc"
#define BODY "Kế hoạch triển khai công tác chuyển đổi số năm 2024"
#define NOTE "Nơi nhận: Như trên; Lưu: VT, VP."
#define TITLE "Kế hoạch chuyển đổi số"

/* A 2 × 2 RGBA PNG (one half-transparent pixel). */
static const unsigned char PNG[] =
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52"
    "\x00\x00\x00\x02\x00\x00\x00\x02\x08\x06\x00\x00\x00\x72\xb6\x0d"
    "\x24\x00\x00\x00\x13\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\xf0"
    "\x1f\x88\x1b\x18\xa0\x8c\xff\x00\x42\xd4\x07\x7a\x81\x65\x42\xcf"
    "\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

static int setup(void **state)
{
    vb_fontset *fs = malloc(sizeof *fs);
    char err[256] = "";
    if (!fs || vb_fontset_load(fs, PATHS, err, sizeof err) != 0) {
        print_error("font load failed: %s\n", err);
        free(fs);
        return -1;
    }
    *state = fs;
    return 0;
}

static int teardown(void **state)
{
    vb_fontset_free(*state);
    free(*state);
    return 0;
}

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_size),
        cmocka_unit_test(test_readers),
        cmocka_unit_test(test_image_file),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_empty_and_ascii),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
