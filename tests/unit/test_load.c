/* test_load.c - the plan loader: the contract example, every class of
 * error with its exact position, the YAML traps, input hygiene and limits,
 * the samples and the malformed plans in tests/bad/.
 *
 * Run from the repository root (CMake does; VANBAN_SOURCE_DATADIR, when
 * defined, is used to find samples/ and tests/bad/ from anywhere). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "load.h"
#include "read_file.h"

#ifndef VANBAN_SOURCE_DATADIR
#define VANBAN_SOURCE_DATADIR "."
#endif

/* The contract example (shared/spec/plan-format.md), verbatim. */
static const char contract[] =
    "vanban: 1                      # format version (optional; 1 when absent)\n"
    "layout: nd30                   # optional: a name under layouts/ or a path (relative to the plan)\n"
    "\n"
    "agency:\n"
    "  parent: UBND TỈNH BẮC GIANG        # cơ quan chủ quản (optional)\n"
    "  name: SỞ KHOA HỌC VÀ CÔNG NGHỆ     # cơ quan ban hành (required)\n"
    "  short: Sở KH&CN                    # used in \"(Kèm theo … của Sở KH&CN)\" (optional)\n"
    "  contact:                           # optional ô 13 footer on page 1\n"
    "    address: ...\n"
    "    phone: ...\n"
    "    email: ...\n"
    "    website: ...\n"
    "\n"
    "number: 4            # số: a positive integer, printed 01..09 with a leading zero;\n"
    "                     # absent or null => a blank for the clerk: \"Số:      /KH-KHCN\"\n"
    "symbol: KH-KHCN      # ký hiệu\n"
    "place: Bắc Giang     # địa danh\n"
    "date: 2024-01-05     # or 2023-05 (day blank), 2024 (day and month blank); absent =>\n"
    "                     # \"ngày    tháng    năm\" all blank; must be a real date\n"
    "\n"
    "type: KẾ HOẠCH       # tên loại (default KẾ HOẠCH)\n"
    "title: |-            # trích yếu; with | each line break is kept, with >- lines are joined\n"
    "  Tổ chức Hội nghị tổng kết hoạt động KH&CN năm 2023;\n"
    "  phương hướng, nhiệm vụ năm 2024\n"
    "\n"
    "draft: false         # true => \"DỰ THẢO\" box above the header (optional)\n"
    "urgency: null        # KHẨN | THƯỢNG KHẨN | HỎA TỐC: red stamp (optional)\n"
    "secrecy: null        # MẬT | TỐI MẬT | TUYỆT MẬT (optional)\n"
    "numbering: [upper-roman, decimal, vi-alpha, dash]   # the default, per level:\n"
    "                     # \"I.\" / \"1.\" / \"a)\" (Vietnamese order a b c d đ e g h i k …) / \"-\".\n"
    "                     # Also decimal-nested (\"1.1.\", only under a decimal level), lower-alpha\n"
    "                     # (the same as vi-alpha) and none.\n"
    "\n"
    "preamble:            # string or list of paragraphs before section I\n"
    "  - \"Thực hiện Chương trình công tác năm 2023; Sở Khoa học và Công nghệ (KH&CN) xây dựng kế hoạch tổ chức Hội nghị tổng kết hoạt động khoa học và công nghệ năm 2023; phương hướng, nhiệm vụ năm 2024 như sau:\"\n"
    "\n"
    "body:                # a list of blocks (see \"Blocks\")\n"
    "  - title: MỤC ĐÍCH, YÊU CẦU               # level 1 => \"I. MỤC ĐÍCH, YÊU CẦU\"\n"
    "    body:\n"
    "      - title: Mục đích                     # level 2 => \"1. Mục đích\"\n"
    "        body:\n"
    "          - Đánh giá khách quan, toàn diện kết quả …\n"
    "          - Trao đổi, thảo luận về các kết quả đạt được …\n"
    "      - title: Yêu cầu\n"
    "        body:\n"
    "          - Hội nghị tổng kết …\n"
    "  - title: NỘI DUNG\n"
    "    body:\n"
    "      - text: Đánh giá kết quả hoạt động KH&CN năm 2023, …   # numbered, not bold: \"1. Đánh giá …\"\n"
    "      - text: Tổng kết công tác thi đua, khen thưởng năm 2023, …\n"
    "  - title: THÀNH PHẦN, THỜI GIAN, ĐỊA ĐIỂM\n"
    "    body:\n"
    "      - title: Thành phần\n"
    "        body:\n"
    "          - list: [Lãnh đạo Sở;, \"Toàn thể công chức, viên chức và lao động cơ quan.\"]\n"
    "      - title: \"Thời gian:\"                 # title and run-in text on one line:\n"
    "        text: Ngày 09/01/2024.             # \"2. Thời gian: Ngày 09/01/2024.\" (title bold)\n"
    "      - title: \"Địa điểm:\"\n"
    "        text: Phòng họp số 02, tầng 5, Sở KH&CN, …\n"
    "\n"
    "closing: >-          # optional closing paragraph; \"./.\" is appended (a final \".\" is\n"
    "  Trên đây là …      # replaced, an existing \"./.\" kept); without closing, the end mark\n"
    "  xin ý kiến chỉ đạo # goes on the last paragraph of the body\n"
    "\n"
    "recipients:          # \"Nơi nhận:\" list; the renderer adds \"- \" and \";\" (a typed leading\n"
    "  - Lãnh đạo Sở      # \"- \" or trailing \";\"/\".\" is removed, with a warning)\n"
    "  - Các phòng, đơn vị trực thuộc Sở\n"
    "  - CCVC&LD thuộc Sở\n"
    "archive: [VT, VP]    # last line \"- Lưu: VT, VP.\"\n"
    "\n"
    "signer:              # the head signing in person: title only\n"
    "  title: GIÁM ĐỐC\n"
    "  name: Nguyễn Thanh Bình\n"
    "  # a deputy for the head (seed 001):  authority: KT, head: GIÁM ĐỐC, title: PHÓ GIÁM ĐỐC\n"
    "  #   => \"KT. GIÁM ĐỐC\" / \"PHÓ GIÁM ĐỐC\"\n"
    "  # for a collective body:  authority: TM, head: ỦY BAN NHÂN DÂN, title: CHỦ TỊCH\n"
    "  # both:  collective: ỦY BAN NHÂN DÂN, authority: KT, head: CHỦ TỊCH, title: PHÓ CHỦ TỊCH\n"
    "  #   => \"TM. ỦY BAN NHÂN DÂN\" / \"KT. CHỦ TỊCH\" / \"PHÓ CHỦ TỊCH\"\n"
    "  # authority is one of KT, TM, TL, TUQ, Q and needs head; image: optional PNG of a\n"
    "  # scanned signature; seal: optional PNG of the seal (print copies)\n"
    "\n"
    "appendices:\n"
    "  - title: DỰ TOÁN KINH PHÍ TỔ CHỨC HỘI NGHỊ   # may hold line breaks (|)\n"
    "    orientation: portrait          # or landscape (an 842 × 595 pt page, no /Rotate)\n"
    "    # reference: \"(Kèm theo …)\"    # optional override of the generated line:\n"
    "    # \"(Kèm theo Kế hoạch số 04/KH-KHCN ngày 05 tháng 01 năm 2024 của Sở KH&CN)\";\n"
    "    # blanks where number/date are blank; \"của …\" only when agency.short is given\n"
    "    body:\n"
    "      - table:\n"
    "          unit: Đồng                # \"ĐVT: Đồng\" above the table, right\n"
    "          columns:\n"
    "            - {title: Stt, align: center, auto_number: true}\n"
    "            - {title: Nội dung}\n"
    "            - {title: ĐVT, align: center}\n"
    "            - {title: Số lượng, type: integer}\n"
    "            - {title: Đơn giá, type: money}\n"
    "            - {title: Thành tiền, type: money, equals: \"Số lượng * Đơn giá\"}\n"
    "            - {title: Ghi chú}\n"
    "          rows:\n"
    "            - [null, Giải khát giữa giờ, người, 70, 15000, 1050000, null]\n"
    "            - [null, \"Trang trí, khánh tiết\", hội nghị, \"01\", 1000000, 1000000, null]\n"
    "          total: {label: Tổng, sum: [Thành tiền]}   # label goes in the first text column\n"
    "          in_words: Thành tiền      # \"Bằng chữ: Hai triệu không trăm năm mươi nghìn đồng.\"\n";

/* A minimal valid plan; test documents add their lines from line 4. */
#define HEAD "agency: {name: A}\ntitle: T\nsigner: {title: GĐ, name: N}\n"

/* ------------------------------------------------------------ helpers */

static vb_plan *load_opts(const char *yaml, size_t len, const vb_load_opts *o, vb_diags *d)
{
    vb_diags_init(d, "t.yaml");
    return vb_plan_load_mem(yaml, len, "t.yaml", ".", o, d);
}

static vb_plan *load(const char *yaml, vb_diags *d)
{
    return load_opts(yaml, strlen(yaml), NULL, d);
}

static const vb_diag *first_of(vb_diags *d, vb_severity sev)
{
    vb_diags_sort(d);
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == sev)
            return &d->items[i];
    return NULL;
}

static bool has_diag(const vb_diags *d, vb_severity sev, int line, int col, const char *rule)
{
    for (size_t i = 0; i < d->n; i++) {
        const vb_diag *g = &d->items[i];
        if (g->severity == sev && g->pos.line == line && g->pos.col == col &&
            !strcmp(g->rule, rule))
            return true;
    }
    return false;
}

/* A diagnostic as printed, without "FILE:" and the newline. */
static char *printed(const vb_diags *d, const vb_diag *g)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    vb_diag_print(d, g, f);
    fclose(f);
    size_t skip = strlen(d->file) + 1;
    assert_true(len > skip);
    memmove(buf, buf + skip, len - skip + 1);
    len -= skip;
    if (len && buf[len - 1] == '\n')
        buf[len - 1] = 0;
    return buf;
}

static bool diag_is(vb_diags *d, vb_severity sev, int line, int col, const char *rule,
                    const char *sub)
{
    const vb_diag *g = first_of(d, sev);
    bool ok = g && g->pos.line == line && g->pos.col == col && !strcmp(g->rule, rule) &&
              (!sub || strstr(g->message, sub));
    if (!ok) {
        print_message("expected %s at %d:%d [%s] containing \"%s\"; got:\n",
                      sev == VB_ERROR ? "error" : "warning", line, col, rule, sub ? sub : "");
        vb_diags_print(d, stderr);
    }
    return ok;
}

/* yaml fails, and its first error (by position) is at line:col with rule
 * and a message containing sub (NULL: any). */
static bool error_is(const char *yaml, int line, int col, const char *rule, const char *sub)
{
    vb_diags d;
    vb_plan *p = load(yaml, &d);
    bool ok = diag_is(&d, VB_ERROR, line, col, rule, sub);
    if (p) {
        print_message("the plan loaded although an error was expected\n");
        ok = false;
    }
    vb_plan_free(p);
    vb_diags_free(&d);
    return ok;
}

/* yaml loads, with a warning at line:col. */
static bool warning_is(const char *yaml, int line, int col, const char *rule, const char *sub)
{
    vb_diags d;
    vb_plan *p = load(yaml, &d);
    bool ok = p && diag_is(&d, VB_WARNING, line, col, rule, sub);
    if (!p) {
        print_message("the plan failed to load:\n");
        vb_diags_print(&d, stderr);
    }
    vb_plan_free(p);
    vb_diags_free(&d);
    return ok;
}

/* yaml loads with no diagnostic at all. */
static vb_plan *load_clean(const char *yaml, vb_diags *d)
{
    vb_plan *p = load(yaml, d);
    if (!p || d->n)
        vb_diags_print(d, stderr);
    assert_non_null(p);
    assert_int_equal(d->n, 0);
    return p;
}

/* ------------------------------------------------- the contract example */

static void test_contract_header(void **state)
{
    vb_diags d;
    vb_plan *p = load(contract, &d);
    assert_non_null(p);
    assert_int_equal(d.errors, 0);
    /* The example's closing is a >- block whose trailing "# …" notes are
     * text, not comments: the loader says so, and nothing else. */
    assert_int_equal(d.warnings, 1);
    assert_true(diag_is(&d, VB_WARNING, 62, 22, "yaml-trap", "| or > block"));

    assert_string_equal(p->file, "t.yaml");
    assert_string_equal(p->dir, ".");
    assert_int_equal(p->version, 1);
    assert_string_equal(p->layout.s, "nd30");
    assert_string_equal(p->agency_parent.s, "UBND TỈNH BẮC GIANG");
    assert_string_equal(p->agency_name.s, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
    assert_int_equal(p->agency_name.pos.line, 6);
    assert_int_equal(p->agency_name.pos.col, 9);
    assert_string_equal(p->agency_short.s, "Sở KH&CN");
    assert_true(p->has_contact);
    assert_string_equal(p->contact.website.s, "...");
    assert_null(p->contact.fax.s);

    assert_true(p->has_number);
    assert_int_equal(p->number, 4);
    assert_int_equal(p->number_pos.line, 14);
    assert_string_equal(p->symbol.s, "KH-KHCN");
    assert_string_equal(p->place.s, "Bắc Giang");
    assert_int_equal(p->date.year, 2024);
    assert_int_equal(p->date.month, 1);
    assert_int_equal(p->date.day, 5);
    assert_int_equal(p->date.pos.line, 18);
    assert_int_equal(p->date.pos.col, 7);
    assert_string_equal(p->type.s, "KẾ HOẠCH");
    assert_string_equal(p->title.s, "Tổ chức Hội nghị tổng kết hoạt động KH&CN năm 2023;\n"
                                    "phương hướng, nhiệm vụ năm 2024");
    assert_int_equal(p->title.pos.line, 22);
    assert_false(p->draft);
    assert_null(p->urgency.s);
    assert_null(p->secrecy.s);
    assert_int_equal(p->nnumbering, 4);
    assert_int_equal(p->numbering[0], VB_NUM_UPPER_ROMAN);
    assert_int_equal(p->numbering[1], VB_NUM_DECIMAL);
    assert_int_equal(p->numbering[2], VB_NUM_VI_ALPHA);
    assert_int_equal(p->numbering[3], VB_NUM_DASH);
    assert_int_equal(p->npreamble, 1);
    assert_true(strncmp(p->preamble[0].s, "Thực hiện Chương trình công tác năm 2023;", 20) == 0);
    assert_string_equal(p->closing.s + strlen(p->closing.s) - strlen("of the body"),
                        "of the body");
    vb_plan_free(p);
    vb_diags_free(&d);
}

static void test_contract_body(void **state)
{
    vb_diags d;
    vb_plan *p = load(contract, &d);
    assert_non_null(p);
    assert_int_equal(p->body.n, 3);
    const vb_block *s1 = &p->body.items[0];
    assert_int_equal(s1->kind, VB_BLOCK_SECTION);
    assert_string_equal(s1->title.s, "MỤC ĐÍCH, YÊU CẦU");
    assert_null(s1->text.s);
    assert_true(s1->numbered);
    assert_int_equal(s1->pos.line, 38);
    assert_int_equal(s1->pos.col, 5);
    assert_int_equal(s1->body.n, 2);
    const vb_block *muc_dich = &s1->body.items[0];
    assert_string_equal(muc_dich->title.s, "Mục đích");
    assert_int_equal(muc_dich->body.n, 2);
    assert_int_equal(muc_dich->body.items[0].kind, VB_BLOCK_PARA);
    assert_string_equal(muc_dich->body.items[0].text.s, "Đánh giá khách quan, toàn diện kết quả …");
    assert_int_equal(muc_dich->body.items[0].text.pos.line, 42);
    assert_int_equal(muc_dich->body.items[0].text.pos.col, 13);
    assert_string_equal(s1->body.items[1].title.s, "Yêu cầu");

    const vb_block *s2 = &p->body.items[1];
    assert_string_equal(s2->title.s, "NỘI DUNG");
    assert_int_equal(s2->body.n, 2);
    assert_null(s2->body.items[0].title.s);
    assert_string_equal(s2->body.items[0].text.s, "Đánh giá kết quả hoạt động KH&CN năm 2023, …");
    assert_int_equal(s2->body.items[0].kind, VB_BLOCK_SECTION);

    const vb_block *s3 = &p->body.items[2];
    assert_int_equal(s3->body.n, 3);
    const vb_block *tp = &s3->body.items[0];
    assert_string_equal(tp->title.s, "Thành phần");
    assert_int_equal(tp->body.n, 1);
    const vb_block *lb = &tp->body.items[0];
    assert_int_equal(lb->kind, VB_BLOCK_LIST);
    assert_null(lb->list->marker.s);
    assert_int_equal(lb->list->n, 2);
    assert_string_equal(lb->list->items[0].text.s, "Lãnh đạo Sở;");
    assert_string_equal(lb->list->items[1].text.s,
                        "Toàn thể công chức, viên chức và lao động cơ quan.");
    assert_null(lb->list->items[0].sub);
    assert_int_equal(lb->list->items[1].text.pos.line, 55);
    assert_int_equal(lb->list->items[1].text.pos.col, 34);
    assert_string_equal(s3->body.items[1].title.s, "Thời gian:");
    assert_string_equal(s3->body.items[1].text.s, "Ngày 09/01/2024.");
    vb_plan_free(p);
    vb_diags_free(&d);
}

static void test_contract_end(void **state)
{
    vb_diags d;
    vb_plan *p = load(contract, &d);
    assert_non_null(p);
    assert_int_equal(p->nrecipients, 3);
    assert_string_equal(p->recipients[0].s, "Lãnh đạo Sở");
    assert_string_equal(p->recipients[2].s, "CCVC&LD thuộc Sở");
    assert_int_equal(p->recipients_pos.line, 66);
    assert_int_equal(p->narchive, 2);
    assert_string_equal(p->archive[0].s, "VT");
    assert_string_equal(p->archive[1].s, "VP");
    assert_string_equal(p->signer.title.s, "GIÁM ĐỐC");
    assert_string_equal(p->signer.name.s, "Nguyễn Thanh Bình");
    assert_null(p->signer.authority.s);
    assert_null(p->signer.head.s);
    assert_int_equal(p->signer.pos.line, 72);
    assert_int_equal(p->signer.pos.col, 3);

    assert_int_equal(p->nappendices, 1);
    const vb_appendix *a = &p->appendices[0];
    assert_string_equal(a->title.s, "DỰ TOÁN KINH PHÍ TỔ CHỨC HỘI NGHỊ");
    assert_int_equal(a->orientation, VB_PORTRAIT);
    assert_null(a->reference.s);
    assert_int_equal(a->body.n, 1);
    assert_int_equal(a->body.items[0].kind, VB_BLOCK_TABLE);
    const vb_table *t = a->body.items[0].table;
    assert_string_equal(t->unit.s, "Đồng");
    assert_int_equal(t->ncols, 7);
    assert_string_equal(t->cols[0].title.s, "Stt");
    assert_int_equal(t->cols[0].align, VB_ALIGN_CENTER);
    assert_true(t->cols[0].auto_number);
    assert_int_equal(t->cols[1].align, VB_ALIGN_AUTO);
    assert_int_equal(t->cols[1].type, VB_COL_TEXT);
    assert_int_equal(t->cols[3].type, VB_COL_INTEGER);
    assert_int_equal(t->cols[4].type, VB_COL_MONEY);
    assert_string_equal(t->cols[5].equals.s, "Số lượng * Đơn giá");
    assert_int_equal(t->nrows, 2);
    const vb_row *r0 = &t->rows[0], *r1 = &t->rows[1];
    assert_int_equal(r0->kind, VB_ROW_CELLS);
    assert_int_equal(r0->ncells, 7);
    assert_true(r0->number);
    assert_false(r0->bold);
    assert_null(r0->cells[0].text.s);
    assert_string_equal(r0->cells[1].text.s, "Giải khát giữa giờ");
    assert_string_equal(r0->cells[3].text.s, "70");
    assert_true(r0->cells[3].plain);
    assert_string_equal(r0->cells[5].text.s, "1050000");
    assert_string_equal(r1->cells[1].text.s, "Trang trí, khánh tiết");
    assert_false(r1->cells[1].plain);
    assert_string_equal(r1->cells[3].text.s, "01"); /* quoted: printed as written */
    assert_false(r1->cells[3].plain);
    assert_true(t->has_total);
    assert_string_equal(t->total_label.s, "Tổng");
    assert_int_equal(t->ntotal_sum, 1);
    assert_string_equal(t->total_sum[0].s, "Thành tiền");
    assert_string_equal(t->in_words.s, "Thành tiền");
    vb_plan_free(p);
    vb_diags_free(&d);
}

/* ----------------------------------------------------------- the model */

static void test_nfd_becomes_nfc(void **state)
{
    vb_diags d;
    vb_plan *p = load_clean("agency: {name: A}\n"
                            "title: \"Ke\xcc\x82\xcc\x81 hoa\xcc\xa3" "ch\"\n"
                            "signer: {title: GĐ, name: N}\n"
                            "body:\n"
                            "  - table:\n"
                            "      columns: [{title: Tha\xcc\x80nh tie\xcc\x82\xcc\x80n}]\n"
                            "      rows: [[1]]\n"
                            "      total: {sum: [Thành tiền]}\n",
                            &d);
    assert_string_equal(p->title.s, "K\xe1\xba\xbf ho\xe1\xba\xa1" "ch");
    assert_string_equal(p->body.items[0].table->cols[0].title.s, "Thành tiền");
    vb_plan_free(p);
    vb_diags_free(&d);
}

/* A file whose characters are all NFC-stable has NFC values as libyaml
 * reads them, and the loader copies them without a check, except where
 * an escape may bring in a combining mark no byte of the file shows: the
 * escapes here are all ASCII, and still come out composed. A backslash
 * that escapes nothing of the kind keeps the shortcut and the text. */
static void test_escaped_marks_become_nfc(void **state)
{
    vb_diags d;
    vb_plan *p = load_clean("agency: {name: A}\n"
                            "title: \"Ke\\u0302\\u0301 hoa\\u0323ch \\U00000301\"\n"
                            "place: 'B\\N\\u'\n"
                            "signer: {title: GĐ, name: N}\n",
                            &d);
    assert_string_equal(p->title.s, "K\xe1\xba\xbf ho\xe1\xba\xa1" "ch \xcc\x81");
    assert_string_equal(p->place.s, "B\\N\\u");
    vb_plan_free(p);
    vb_diags_free(&d);
    p = load_clean("agency: {name: A}\n"
                   "title: \"Kế hoạch \\\\ \\x41\"\n"
                   "signer: {title: GĐ, name: N}\n",
                   &d);
    assert_string_equal(p->title.s, "Kế hoạch \\ A");
    vb_plan_free(p);
    vb_diags_free(&d);
}

static void test_blocks(void **state)
{
    vb_diags d;
    vb_plan *p = load_clean(HEAD
                            "body:\n"
                            "  - 2024\n"                              /* 5 */
                            "  - true\n"
                            "  - \"  quoted, trimmed  \"\n"
                            "  - |\n"
                            "    line one\n"
                            "      indented\n"
                            "\n"
                            "  - {page_break: true}\n"                /* 12 */
                            "  - {page_break: false}\n"
                            "  - title: Không đánh số\n"
                            "    number: false\n"
                            "  - list:\n"                             /* 16 */
                            "      - a\n"
                            "      - text: b\n"
                            "        marker: +\n"
                            "        list: [c, d]\n"
                            "    marker: •\n",
                            &d);
    const vb_blocks *b = &p->body;
    assert_int_equal(b->n, 7);
    assert_string_equal(b->items[0].text.s, "2024");
    assert_string_equal(b->items[1].text.s, "true");
    assert_string_equal(b->items[2].text.s, "quoted, trimmed");
    assert_string_equal(b->items[3].text.s, "line one\n  indented");
    assert_int_equal(b->items[4].kind, VB_BLOCK_PAGE_BREAK);
    assert_int_equal(b->items[5].kind, VB_BLOCK_SECTION);
    assert_false(b->items[5].numbered);
    const vb_list *l = b->items[6].list;
    assert_int_equal(b->items[6].kind, VB_BLOCK_LIST);
    assert_string_equal(l->marker.s, "•");
    assert_int_equal(l->pos.line, 16);
    assert_int_equal(l->n, 2);
    assert_string_equal(l->items[1].text.s, "b");
    assert_non_null(l->items[1].sub);
    assert_string_equal(l->items[1].sub->marker.s, "+");
    assert_int_equal(l->items[1].sub->n, 2);
    assert_string_equal(l->items[1].sub->items[1].text.s, "d");
    vb_plan_free(p);
    vb_diags_free(&d);
}

static void test_plan_fields(void **state)
{
    vb_diags d;
    vb_plan *p = load_clean("agency: {name: A}\n"
                            "title: T\n"
                            "number: null\n"
                            "date: 2023-05\n"
                            "draft: true\n"
                            "urgency: hoả tốc\n"
                            "secrecy: TỐI MẬT\n"
                            "numbering: [decimal, decimal-nested, lower-alpha, none]\n"
                            "preamble: Một đoạn.\n"
                            "archive: VT\n"
                            "signer:\n"
                            "  collective: ỦY BAN NHÂN DÂN\n"
                            "  authority: kt.\n"
                            "  head: CHỦ TỊCH\n"
                            "  title: PHÓ CHỦ TỊCH\n"
                            "  name: N\n"
                            "appendices:\n"
                            "  - title: PL\n"
                            "    orientation: landscape\n"
                            "    reference: (Kèm theo)\n",
                            &d);
    assert_false(p->has_number);
    assert_int_equal(p->date.year, 2023);
    assert_int_equal(p->date.month, 5);
    assert_int_equal(p->date.day, 0);
    assert_true(p->draft);
    assert_string_equal(p->urgency.s, "HỎA TỐC");
    assert_string_equal(p->secrecy.s, "TỐI MẬT");
    assert_int_equal(p->nnumbering, 4);
    assert_int_equal(p->numbering[1], VB_NUM_DECIMAL_NESTED);
    assert_int_equal(p->numbering[2], VB_NUM_VI_ALPHA);
    assert_int_equal(p->numbering[3], VB_NUM_NONE);
    assert_int_equal(p->npreamble, 1);
    assert_string_equal(p->preamble[0].s, "Một đoạn.");
    assert_int_equal(p->narchive, 1);
    assert_string_equal(p->signer.authority.s, "KT");
    assert_string_equal(p->signer.collective.s, "ỦY BAN NHÂN DÂN");
    assert_int_equal(p->appendices[0].orientation, VB_LANDSCAPE);
    assert_string_equal(p->appendices[0].reference.s, "(Kèm theo)");
    assert_int_equal(p->date.pos.line, 4);
    vb_plan_free(p);
    vb_diags_free(&d);

    p = load_clean(HEAD "date: 2024\n", &d);
    assert_int_equal(p->date.year, 2024);
    assert_int_equal(p->date.month, 0);
    assert_null(p->date.pos.line ? NULL : "no position");
    vb_plan_free(p);
    vb_diags_free(&d);
}

static void test_table(void **state)
{
    vb_diags d;
    vb_plan *p = load_clean(HEAD
                            "body:\n"
                            "  - table:\n"
                            "      columns:\n"
                            "        - {title: Stt, width: 12mm}\n"
                            "        - {title: Đơn giá (VNĐ), type: decimal, width: 0.3, align: right}\n"
                            "        - {title: Thành tiền, equals: \"(Đơn giá (VNĐ) - 2) * Stt\"}\n"
                            "      rows:\n"
                            "        - [1, \"2,5\", \"\"]\n"           /* 11 */
                            "        - {group: \"Buổi sáng: Hội nghị\"}\n"
                            "        - {cells: [2, 3, ~], bold: true, number: false}\n"
                            "      total:\n"
                            "        label: Cộng\n"
                            "        label_column: Stt\n"
                            "        sum: Thành tiền\n"
                            "        stated: {Thành tiền: 2050000}\n"
                            "      in_words: Thành tiền\n",
                            &d);
    const vb_table *t = p->body.items[0].table;
    assert_int_equal(t->ncols, 3);
    assert_true(t->cols[0].width_mm == 12.0);
    assert_true(t->cols[1].width_frac == 0.3);
    assert_int_equal(t->cols[1].type, VB_COL_DECIMAL);
    assert_int_equal(t->cols[1].align, VB_ALIGN_RIGHT);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(t->rows[0].cells[1].text.s, "2,5");
    assert_non_null(t->rows[0].cells[2].text.s); /* "" is a value, not a null */
    assert_string_equal(t->rows[0].cells[2].text.s, "");
    assert_int_equal(t->rows[0].pos.line, 11);
    assert_int_equal(t->rows[1].kind, VB_ROW_GROUP);
    assert_string_equal(t->rows[1].group.s, "Buổi sáng: Hội nghị");
    assert_true(t->rows[2].bold);
    assert_false(t->rows[2].number);
    assert_null(t->rows[2].cells[2].text.s);
    assert_string_equal(t->total_label.s, "Cộng");
    assert_string_equal(t->total_label_column.s, "Stt");
    assert_int_equal(t->ntotal_sum, 1);
    assert_int_equal(t->nstated, 1);
    assert_string_equal(t->stated[0].column.s, "Thành tiền");
    assert_string_equal(t->stated[0].value.text.s, "2050000");
    assert_true(t->stated[0].value.plain);
    vb_plan_free(p);
    vb_diags_free(&d);
}

static void test_files(void **state)
{
    char dir[] = "/tmp/vb_test_loadXXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/plan.yaml", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(HEAD, f);
    fclose(f);

    vb_diags d;
    vb_diags_init(&d, path);
    vb_plan *p = vb_plan_load_file(path, NULL, &d);
    assert_non_null(p);
    assert_string_equal(p->file, path);
    assert_string_equal(p->dir, dir);
    vb_plan_free(p);
    vb_diags_free(&d);

    /* "-" is standard input, reported as <stdin>, resolving against ".". */
    assert_non_null(freopen(path, "rb", stdin));
    vb_diags_init(&d, "-");
    p = vb_plan_load_file("-", NULL, &d);
    assert_non_null(p);
    assert_string_equal(p->file, "<stdin>");
    assert_string_equal(p->dir, ".");
    assert_string_equal(d.file, "<stdin>");
    vb_plan_free(p);
    vb_diags_free(&d);

    remove(path);
    vb_diags_init(&d, path);
    assert_null(vb_plan_load_file(path, NULL, &d));
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.items[0].rule, "io");
    vb_diags_free(&d);
    rmdir(dir);
}

/* --------------------------------------------------------- the errors */

static void test_unknown_key(void **state)
{
    assert_true(error_is(HEAD "titel: x\n", 4, 1, "unknown-key",
                         "unknown key 'titel'; did you mean 'title'?"));
    assert_true(error_is("agency:\n  nmae: A\ntitle: T\nsigner: {title: a, name: b}\n", 2, 3,
                         "unknown-key", "did you mean 'name'?"));
    assert_true(error_is(HEAD "body:\n  - tabel: {}\n", 5, 5, "unknown-key",
                         "did you mean 'table'?"));
    assert_true(error_is(HEAD "foo: 1\n", 4, 1, "unknown-key", "expected one of: vanban,"));
    /* A misspelt required key is one mistake, not two. */
    vb_diags d;
    assert_null(load("agency: {name: A}\ntitel: T\nsigner: {title: a, name: b}\n", &d));
    assert_int_equal(d.errors, 1);
    vb_diags_free(&d);
}

static void test_types(void **state)
{
    assert_true(error_is("agency: {name: A}\ntitle: [a, b]\nsigner: {title: a, name: b}\n", 2, 8,
                         "type", "expected a string for 'title', found a list"));
    assert_true(error_is("agency: SỞ\ntitle: T\nsigner: {title: a, name: b}\n", 1, 9, "type",
                         "found a string"));
    assert_true(error_is(HEAD "draft: yes\n", 4, 8, "type", "expected true or false"));
    assert_true(error_is(HEAD "body: Một đoạn\n", 4, 7, "type", "expected a list of blocks"));
    assert_true(error_is(HEAD "closing:\n  a: b\n  c: d\n", 5, 3, "type",
                         "expected a string for 'closing', found a mapping"));
    assert_true(error_is(HEAD "body:\n  - table:\n      columns: [Stt]\n      rows: []\n", 6, 17,
                         "type", "{title: Stt}"));
}

static void test_missing(void **state)
{
    assert_true(error_is("agency:\n  parent: X\ntitle: T\nsigner: {title: a, name: b}\n", 2, 3,
                         "missing", "missing required key 'agency.name'"));
    assert_true(error_is("# c\n\nagency: {name: A}\nsigner: {title: a, name: b}\n", 3, 1,
                         "missing", "'title'"));
    assert_true(error_is("agency: {name: A}\ntitle: T\nsigner: {name: b}\n", 3, 9, "missing",
                         "'signer.title'"));
    assert_true(error_is("agency: {name: A}\ntitle: T\n", 1, 1, "missing", "'signer.title'"));
    assert_true(error_is("agency: {name: A}\ntitle: \"\"\nsigner: {title: a, name: b}\n", 2, 8,
                         "empty", "'title' is empty"));
    assert_true(error_is("agency: {name: A}\ntitle: T\nsigner:\n  authority: KT\n"
                         "  title: PHÓ GIÁM ĐỐC\n  name: N\n",
                         4, 3, "missing", "needs 'signer.head'"));
    assert_true(error_is(HEAD "body:\n  - number: false\n", 5, 5, "missing",
                         "a section needs 'title', 'text' or 'body'"));
}

static void test_duplicate_key(void **state)
{
    assert_true(error_is(HEAD "place: A\nplace: B\n", 5, 1, "duplicate-key",
                         "duplicate key 'place' (first at line 4)"));
}

static void test_values(void **state)
{
    assert_true(error_is(HEAD "date: 2023-02-29\n", 4, 7, "date", "not a real date"));
    assert_true(error_is(HEAD "date: 2024-04-31\n", 4, 7, "date", "has 30 days"));
    assert_true(error_is(HEAD "date: 05/01/2024\n", 4, 7, "date", "write 2024-01-05"));
    assert_true(error_is(HEAD "date: 2024-00\n", 4, 7, "date", "no month 0"));
    assert_true(error_is(HEAD "number: -3\n", 4, 9, "number", "positive whole number"));
    assert_true(error_is(HEAD "number: 0\n", 4, 9, "number", NULL));
    assert_true(error_is(HEAD "vanban: 2\n", 4, 9, "version", NULL));
    assert_true(error_is(HEAD "urgency: GẤP\n", 4, 10, "enum", "KHẨN, THƯỢNG KHẨN, HỎA TỐC"));
    assert_true(error_is(HEAD "secrecy: [MẬT]\n", 4, 10, "type", NULL));
    assert_true(error_is(HEAD "numbering: [decimal-nested]\n", 4, 13, "enum",
                         "directly after a decimal level"));
    assert_true(error_is(HEAD "numbering: [upper_roman]\n", 4, 13, "enum",
                         "did you mean 'upper-roman'?"));
    assert_true(error_is(HEAD "numbering: [a, b, c, d, e, f, g, h, i]\n", 4, 37, "limit", NULL));
    assert_true(error_is("agency: {name: A}\ntitle: T\n"
                         "signer: {title: a, name: b, authority: KTT, head: H}\n",
                         3, 40, "enum", "KT, TM, TL, TUQ, Q"));
    assert_true(error_is(HEAD "appendices:\n  - orientation: ngang\n", 5, 18, "enum",
                         "portrait, landscape"));
    assert_true(error_is(HEAD "body:\n  - list: [a]\n    marker: x\n", 6, 13, "enum", NULL));
}

static void test_yaml_syntax(void **state)
{
    assert_true(error_is(HEAD "place: Thời gian: 9h\n", 4, 17, "yaml-syntax",
                         "mapping values are not allowed in this context; a ': ' inside"));
    assert_true(error_is(HEAD "body:\n\t- a\n", 5, 1, "yaml-syntax", "not tabs"));
    assert_true(error_is(HEAD "place: \"Bắc Giang\n", 5, 1, "yaml-syntax", "close it"));
    assert_true(error_is(HEAD "place: @x\n", 4, 8, "yaml-syntax", "quote the string"));
    assert_true(error_is(HEAD "---\nplace: x\n", 4, 1, "yaml-syntax", "one document"));
}

/* ------------------------------------------------------------ the traps */

static void test_trap_colon(void **state)
{
    assert_true(error_is(HEAD "body:\n  - Tổng số: Khoảng 50 đại biểu.\n", 5, 5, "yaml-trap",
                         "this line is read as a mapping 'Tổng số' → 'Khoảng 50 đại biểu.' "
                         "because of ': '; quote the whole string or use |"));
    assert_true(error_is(HEAD "recipients:\n  - Lưu: VT\n", 5, 5, "yaml-trap", "'Lưu' → 'VT'"));
    assert_true(error_is(HEAD "body:\n  - list: [a, b: c]\n", 5, 15, "yaml-trap", NULL));
    assert_true(error_is(HEAD "body:\n  - table:\n      columns: [{title: A}]\n"
                         "      rows: [[Giải khát: 1]]\n",
                         7, 15, "yaml-trap", NULL));
    assert_true(error_is(HEAD "body:\n  - Thành phần:\n      - a\n", 5, 5, "yaml-trap",
                         "write 'title: Thành phần' and 'body:'"));
    /* A quoted string is the fix. */
    vb_diags d;
    vb_plan *p = load_clean(HEAD "body:\n  - \"Tổng số: Khoảng 50 đại biểu.\"\n", &d);
    assert_string_equal(p->body.items[0].text.s, "Tổng số: Khoảng 50 đại biểu.");
    vb_plan_free(p);
    vb_diags_free(&d);
}

static void test_trap_alias(void **state)
{
    assert_true(error_is(HEAD "body:\n  - *UBND các huyện*: x\n", 5, 5, "alias",
                         "'*' starts a YAML alias; quote the string"));
    assert_true(error_is(HEAD "body:\n  - **Lưu ý:** x\n", 5, 5, "alias",
                         "'*' starts a YAML alias; quote the string"));
    assert_true(error_is(HEAD "place: *x\n", 4, 8, "alias", NULL));
    assert_true(error_is(HEAD "place: &KH text\n", 4, 8, "alias",
                         "'&' starts a YAML anchor; quote the string"));
    assert_true(error_is(HEAD "place: !x text\n", 4, 8, "yaml-trap", "YAML tag"));
    /* One mistake, one message: libyaml's follow-up error is dropped. */
    vb_diags d;
    assert_null(load(HEAD "body:\n  - *UBND các huyện*: x\n", &d));
    assert_int_equal(d.errors, 1);
    vb_diags_free(&d);
}

static void test_trap_comment(void **state)
{
    assert_true(warning_is(HEAD "body:\n  - Phòng số #2, tầng 5\n", 5, 14, "yaml-trap",
                           "text after ' #' was read as a comment; quote the string"));
    assert_true(warning_is(HEAD "place: |\n  a  # b\n", 5, 6, "yaml-trap", "| or > block"));
    /* A comment set off by two spaces is deliberate. */
    vb_diags d;
    vb_plan *p = load_clean(HEAD "place: Bắc Giang  # địa danh\n", &d);
    assert_string_equal(p->place.s, "Bắc Giang");
    vb_plan_free(p);
    vb_diags_free(&d);
}

static void test_recipients(void **state)
{
    assert_true(warning_is(HEAD "recipients:\n  - Lãnh đạo Sở\n  - \"- Các phòng;\"\n", 6, 5,
                           "recipient-punct", "'- ' and ';'"));
    vb_diags d;
    vb_plan *p = load(HEAD "recipients:\n  - \"- A;\"\n  - B.\n  - C\n", &d);
    assert_non_null(p);
    assert_int_equal(d.warnings, 2);
    assert_int_equal(p->nrecipients, 3);
    assert_string_equal(p->recipients[0].s, "A");
    assert_string_equal(p->recipients[1].s, "B");
    assert_string_equal(p->recipients[2].s, "C");
    vb_plan_free(p);
    vb_diags_free(&d);
}

/* ------------------------------------------------------------- tables */

static void test_table_errors(void **state)
{
    const char *cols = HEAD "body:\n  - table:\n      columns:\n"
                            "        - {title: A}\n        - {title: Thành tiền, equals: A * Gia}\n";
    char buf[1024];
    snprintf(buf, sizeof buf, "%s      rows:\n        - [1, 2]\n        - [1, 2, 3]\n", cols);
    /* equals is checked after the rows: its error comes after by line */
    assert_true(error_is(buf, 8, 39, "table-column", "no column titled 'Gia'"));
    const char *ok = HEAD "body:\n  - table:\n      columns: [{title: A}, {title: Thành tiền}]\n";
    snprintf(buf, sizeof buf, "%s      rows:\n        - [1, 2]\n        - [1, 2, 3]\n", ok);
    assert_true(error_is(buf, 9, 11, "table-cells", "row 2 has 3 cells; the table has 2 columns"));
    snprintf(buf, sizeof buf, "%s      rows: [[1, 2]]\n      total: {sum: [Thanh tien]}\n", ok);
    assert_true(error_is(buf, 8, 21, "table-column", "did you mean 'Thành tiền'?"));
    snprintf(buf, sizeof buf, "%s      rows: [[1, 2]]\n      in_words: B\n", ok);
    assert_true(error_is(buf, 8, 17, "table-column", "the columns are 'A', 'Thành tiền'"));
    snprintf(buf, sizeof buf, "%s      rows: [[1, 2]]\n      total: {stated: {B: 1}}\n", ok);
    assert_true(error_is(buf, 8, 24, "table-column", NULL));
    snprintf(buf, sizeof buf, "%s      rows: [[1, 2]]\n      total: {label_column: X}\n", ok);
    assert_true(error_is(buf, 8, 29, "table-column", NULL));
    snprintf(buf, sizeof buf, "%s      rows:\n        - [1, 2]\n        -\n", ok);
    assert_true(error_is(buf, 9, 10, "empty", "empty row"));
}

/* ------------------------------------------------------- input hygiene */

static void test_bom_crlf(void **state)
{
    vb_diags d;
    vb_plan *p = load_clean("\xef\xbb\xbf" "agency: {name: A}\r\ntitle: |\r\n  a\r\n  b\r\n"
                            "signer: {title: GĐ, name: N}\r\n", &d);
    assert_string_equal(p->title.s, "a\nb");
    vb_plan_free(p);
    vb_diags_free(&d);
    assert_true(error_is("\xef\xbb\xbf" "agencx: {name: A}\r\n", 1, 1, "unknown-key", NULL));
    assert_true(error_is(HEAD "\r\n\r\nplace: [\r\n", 7, 1, "yaml-syntax", NULL));
}

static void test_invalid_utf8(void **state)
{
    assert_true(error_is("agency: {name: A}\ntitle: Tiê\xffu\n", 2, 11, "utf8",
                         "invalid UTF-8 (byte 0xFF)"));
    assert_true(error_is("a: \xc3\xa9\r\nb: caf\xe9\n", 2, 7, "utf8", NULL)); /* Latin-1 */
    assert_true(error_is("a: \xed\xa0\x80\n", 1, 4, "utf8", NULL));            /* surrogate */
    assert_true(error_is("a: \xc0\xaf\n", 1, 4, "utf8", NULL));                /* overlong */
    assert_true(error_is("\xff\xfe" "a\0:\0", 1, 1, "utf8", "UTF-16"));
    static const char nul[] = "agency: {name: A}\ntitle: T\0x\n";
    vb_diags d;
    assert_null(load_opts(nul, sizeof nul - 1, NULL, &d));
    assert_true(diag_is(&d, VB_ERROR, 2, 9, "utf8", "NUL"));
    vb_diags_free(&d);
    assert_true(error_is(HEAD "place: a\x07" "b\n", 4, 9, "control-char", "U+0007"));
    assert_true(error_is(HEAD "place: \"a\\0b\"\n", 4, 8, "control-char", NULL));
}

/* hygiene() passes over printable ASCII and the precomposed Vietnamese
 * letters (two bytes C3-CB, three bytes E1 B8-BB) without decoding them:
 * columns after them still count characters, and the characters just
 * outside those byte ranges are still looked at. */
static void test_hygiene_columns(void **state)
{
    /* "ế" (E1 BB 85), "ơ" (C6 A1), "đ" (C4 91): one column each. */
    assert_true(error_is(HEAD "place: ếơđ\x07\n", 4, 11, "control-char", "U+0007"));
    assert_true(error_is(HEAD "place: Bắc Giang, Việt Nam ữ\x01\n", 4, 29, "control-char",
                         "U+0001"));
    /* C2 80-9F are C1 controls, not letters; C2 85 (NEL) breaks the line. */
    assert_true(error_is(HEAD "place: ab\xC2\x80\n", 4, 10, "control-char", "U+0080"));
    assert_true(error_is(HEAD "place: a\xC2\x85" "b: \x07\n", 5, 4, "control-char", NULL));
    /* A lead byte of the fast ranges without its continuation bytes. */
    assert_true(error_is(HEAD "place: ab\xE1\xBB\n", 4, 10, "utf8", "0xE1"));
    assert_true(error_is(HEAD "place: ab\xC3\n", 4, 10, "utf8", "0xC3"));
    /* Combining marks are counted after a precomposed letter too. */
    char doc[256];
    int n = snprintf(doc, sizeof doc, HEAD "place: xyế");
    for (int i = 0; i < 31; i++)
        n += snprintf(doc + n, sizeof doc - (size_t)n, "\xCC\x81"); /* U+0301 */
    snprintf(doc + n, sizeof doc - (size_t)n, "\n");
    assert_true(error_is(doc, 4, 11, "limit", "combining marks"));
}

/* Positions found by skipping eight ASCII bytes at a time: a control
 * character from an escape at any offset of a long string, and the ' #'
 * after a long plain value. */
static void test_long_values(void **state)
{
    for (int at = 0; at < 20; at++) {
        char doc[256];
        snprintf(doc, sizeof doc, HEAD "place: \"%.*s\\x07 and the rest of it\"\n", at,
                 "abcdefghijklmnopqrstuvwxyz");
        assert_true(error_is(doc, 4, 8, "control-char", "U+0007"));
        /* Tabs and line feeds from escapes are allowed. */
        snprintf(doc, sizeof doc, HEAD "place: \"%.*s\\t\\n and the rest of it\"\n", at,
                 "abcdefghijklmnopqrstuvwxyz");
        vb_diags d;
        vb_plan *p = load_clean(doc, &d);
        vb_plan_free(p);
        vb_diags_free(&d);
        snprintf(doc, sizeof doc, HEAD "body:\n  - %.*sPhòng số #2\n", at,
                 "abcdefghijklmnopqrstuvwxyz");
        assert_true(warning_is(doc, 5, 14 + at, "yaml-trap", "' #'"));
    }
}

static void test_empty(void **state)
{
    assert_true(error_is("", 1, 1, "empty", "the plan is empty"));
    assert_true(error_is("---\n", 1, 1, "empty", NULL));
    assert_true(error_is("# only a comment\n\n", 1, 1, "empty", NULL));
    assert_true(error_is("- a\n- b\n", 1, 1, "type", "a plan is a mapping"));
    assert_true(error_is("just text\n", 1, 1, "type", "found a string"));
    vb_diags d;
    assert_null(load("", &d));
    assert_int_equal(d.errors, 1);
    vb_diags_free(&d);
}

/* ------------------------------------------------------------- limits */

static double seconds_since(clock_t t0)
{
    return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

static void test_billion_laughs(void **state)
{
    char doc[4096];
    size_t n = (size_t)snprintf(doc, sizeof doc, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++)
        n += (size_t)snprintf(doc + n, sizeof doc - n, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c,
                              c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
    clock_t t0 = clock();
    vb_diags d;
    assert_null(load(doc, &d));
    assert_true(seconds_since(t0) < 1.0);
    assert_true(has_diag(&d, VB_ERROR, 1, 4, "alias"));
    assert_true(has_diag(&d, VB_ERROR, 2, 8, "alias"));
    vb_diags_free(&d);
}

static void test_deep_nesting(void **state)
{
    size_t depth = 100000;
    char *doc = malloc(2 * depth + 8);
    assert_non_null(doc);
    memcpy(doc, "a: ", 3);
    memset(doc + 3, '[', depth);
    memset(doc + 3 + depth, ']', depth);
    doc[3 + 2 * depth] = 0;
    clock_t t0 = clock();
    /* the top mapping is level 1, so the 32nd '[' (column 35) is level 33 */
    assert_true(error_is(doc, 1, 35, "limit", "more than 32 levels"));
    assert_true(seconds_since(t0) < 2.0);
    free(doc);

    /* the caller's max_depth: map, body list, section, its body list = 4 */
    vb_load_opts o = {0, 4};
    vb_diags d;
    const char *four = HEAD "body:\n  - title: a\n    body:\n      - b\n";
    vb_plan *p = load_opts(four, strlen(four), &o, &d);
    assert_non_null(p);
    vb_plan_free(p);
    vb_diags_free(&d);
    const char *five = HEAD "body:\n  - title: a\n    body:\n      - text: b\n";
    assert_null(load_opts(five, strlen(five), &o, &d));
    assert_true(diag_is(&d, VB_ERROR, 7, 9, "limit", "more than 4 levels"));
    vb_diags_free(&d);

    /* sections deeper than the numbering can go */
    char buf[4096];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%sbody:\n", HEAD);
    for (int i = 0; i < 9; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%*s- title: t%d\n%*sbody:\n", 4 * i, "",
                              i, 4 * i + 2, "");
    snprintf(buf + n, sizeof buf - n, "%*s- x\n", 36, "");
    assert_true(error_is(buf, 4 + 1 + 2 * 8, 35, "limit", "more than 8 levels"));
}

static void test_limits(void **state)
{
    size_t big = 70000;
    char *doc = malloc(big + 128);
    assert_non_null(doc);
    int n = snprintf(doc, 128, HEAD "place: ");
    memset(doc + n, 'x', big);
    strcpy(doc + n + big, "\n");
    assert_true(error_is(doc, 4, 8, "limit", "64 KiB"));
    free(doc);

    vb_load_opts o = {16, 0};
    vb_diags d;
    assert_null(load_opts(HEAD, strlen(HEAD), &o, &d));
    assert_true(diag_is(&d, VB_ERROR, 0, 0, "limit", "larger than the limit of 16 bytes"));
    vb_diags_free(&d);

    /* 10,001 rows */
    const char *start = HEAD "body:\n- table:\n   columns: [{title: A}]\n   rows:\n";
    size_t rows = 10001, len = strlen(start);
    char *t = malloc(len + rows * 10 + 1);
    assert_non_null(t);
    memcpy(t, start, len);
    for (size_t i = 0; i < rows; i++) {
        memcpy(t + len, "    - [a]\n", 10);
        len += 10;
    }
    t[len] = 0;
    assert_true(error_is(t, 8 + 10000, 7, "limit", "at most 10000 rows"));
    free(t);
}

static void test_error_cap(void **state)
{
    vb_buf b;
    vb_buf_init(&b);
    vb_buf_puts(&b, HEAD);
    for (int i = 0; i < 5000; i++)
        vb_buf_printf(&b, "key%d: x\n", i);
    clock_t t0 = clock();
    vb_diags d;
    assert_null(load(b.data, &d));
    assert_int_equal(d.n, 200);
    assert_true(seconds_since(t0) < 2.0);
    vb_diags_free(&d);
    vb_buf_free(&b);
}

/* ---------------------------------------------- samples and bad plans */

static void test_samples(void **state)
{
    glob_t g;
    if (glob(VANBAN_SOURCE_DATADIR "/samples/*.yaml", 0, NULL, &g) != 0) {
        print_message("no samples/*.yaml yet; skipped\n");
        skip();
    }
    for (size_t i = 0; i < g.gl_pathc; i++) {
        vb_diags d;
        vb_diags_init(&d, g.gl_pathv[i]);
        vb_plan *p = vb_plan_load_file(g.gl_pathv[i], NULL, &d);
        if (!p || d.errors)
            vb_diags_print(&d, stderr);
        assert_non_null(p);
        assert_int_equal(d.errors, 0);
        assert_non_null(p->title.s);
        vb_plan_free(p);
        vb_diags_free(&d);
    }
    globfree(&g);
}

/* Each tests/bad/NN-name.yaml starts with "# expect: LINE:COL: error: … [rule]":
 * the plan must fail with exactly one error, printed as that. */
static void test_bad_plans(void **state)
{
    glob_t g;
    assert_int_equal(glob(VANBAN_SOURCE_DATADIR "/tests/bad/*.yaml", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 30);
    size_t failures = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *path = g.gl_pathv[i];
        char *text = read_file(path, NULL);
        assert_non_null(text);
        const char *tag = "# expect: ";
        assert_true(strncmp(text, tag, strlen(tag)) == 0);
        char *expect = text + strlen(tag);
        expect[strcspn(expect, "\r\n")] = 0;

        vb_diags d;
        vb_diags_init(&d, path);
        vb_plan *p = vb_plan_load_file(path, NULL, &d);
        const vb_diag *e = first_of(&d, VB_ERROR);
        char *got = e ? printed(&d, e) : NULL;
        if (p || !got || strcmp(got, expect) != 0 || d.errors != 1) {
            print_message("%s:\n  expected %s\n  got (%zu errors):\n", path, expect, d.errors);
            vb_diags_print(&d, stderr);
            failures++;
        }
        free(got);
        vb_plan_free(p);
        vb_diags_free(&d);
        free(text);
    }
    globfree(&g);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract_header),
        cmocka_unit_test(test_contract_body),
        cmocka_unit_test(test_contract_end),
        cmocka_unit_test(test_nfd_becomes_nfc),
        cmocka_unit_test(test_escaped_marks_become_nfc),
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_plan_fields),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_yaml_syntax),
        cmocka_unit_test(test_trap_colon),
        cmocka_unit_test(test_trap_alias),
        cmocka_unit_test(test_trap_comment),
        cmocka_unit_test(test_recipients),
        cmocka_unit_test(test_table_errors),
        cmocka_unit_test(test_bom_crlf),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_hygiene_columns),
        cmocka_unit_test(test_long_values),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_error_cap),
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_bad_plans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
