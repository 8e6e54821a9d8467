/* layout_fixtures.h - plan fragments and generators for test_layout.c.
 *
 * Plans are built as YAML text (the input contract) and loaded with
 * vb_plan_load_mem, so the fixtures exercise the same path as real plans.
 * Synthetic paragraphs carry unique tokens ("p007w012...") so that a test
 * can tell from the display list which paragraph every word belongs to. */
#ifndef VANBAN_TEST_LAYOUT_FIXTURES_H
#define VANBAN_TEST_LAYOUT_FIXTURES_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The header of seed 000: parent and issuing agency, number 4, dated
 * 05/01/2024 in Bắc Giang, a two-line trích yếu. */
#define FX_AGENCY                                                              \
    "agency:\n"                                                                \
    "  parent: UBND TỈNH BẮC GIANG\n"                                          \
    "  name: SỞ KHOA HỌC VÀ CÔNG NGHỆ\n"                                       \
    "  short: Sở KH&CN\n"
#define FX_NUMBER "number: 4\n"
#define FX_SYMBOL "symbol: KH-KHCN\n"
#define FX_DATE "place: Bắc Giang\ndate: 2024-01-05\n"
#define FX_TITLE                                                               \
    "title: |-\n"                                                              \
    "  Tổ chức Hội nghị tổng kết hoạt động KH&CN năm 2023;\n"                  \
    "  phương hướng, nhiệm vụ năm 2024\n"
#define FX_TITLE_LINE1 "Tổ chức Hội nghị tổng kết hoạt động KH&CN năm 2023;"
#define FX_TITLE_LINE2 "phương hướng, nhiệm vụ năm 2024"
#define FX_HEAD FX_AGENCY FX_NUMBER FX_SYMBOL FX_DATE FX_TITLE

#define FX_CLOSING "closing: Trên đây là kế hoạch của Sở KH&CN\n"
#define FX_RECIPIENTS                                                          \
    "recipients:\n"                                                            \
    "  - Lãnh đạo Sở\n"                                                        \
    "  - Các phòng, đơn vị trực thuộc Sở\n"                                    \
    "  - CCVC&LD thuộc Sở\n"                                                   \
    "archive: [VT, VP]\n"
#define FX_SIGNER                                                              \
    "signer:\n"                                                                \
    "  title: GIÁM ĐỐC\n"                                                      \
    "  name: Nguyễn Thanh Bình\n"
#define FX_SIGNER_KT                                                           \
    "signer:\n"                                                                \
    "  authority: KT\n"                                                        \
    "  head: GIÁM ĐỐC\n"                                                       \
    "  title: PHÓ GIÁM ĐỐC\n"                                                  \
    "  name: Trần Văn Minh\n"
#define FX_TAIL FX_RECIPIENTS FX_SIGNER

/* Words for synthetic Vietnamese prose. */
static const char *const FX_WORDS[] = {
    "công", "tác", "kế", "hoạch", "triển", "khai", "thực", "hiện", "nhiệm", "vụ",
    "năm", "2024", "đơn", "vị", "phối", "hợp", "tổ", "chức", "hội", "nghị",
    "tổng", "kết", "khoa", "học", "và", "nghệ", "đánh", "giá", "quả", "hoạt",
    "động", "trên", "địa", "bàn", "tỉnh", "các", "phòng", "ban", "liên", "quan",
    "báo", "cáo", "định", "kỳ", "đúng", "tiến", "độ", "chất", "lượng", "hiệu",
    "quản", "lý", "nhà", "nước", "chuyển", "đổi", "số", "ứng", "dụng", "mới",
    "sáng", "tạo", "doanh", "nghiệp", "nghiên", "cứu", "phát", "thị", "trường",
    "sở", "hữu", "trí", "tuệ", "tiêu", "chuẩn", "đo", "lường", "thường", "xuyên",
    "Ủy", "ban", "nhân", "dân", "huyện", "thành", "phố", "Bắc", "Giang",
};
#define FX_NWORDS (sizeof FX_WORDS / sizeof FX_WORDS[0])

/* Short syllables appended to tokens so that token widths vary. */
static const char *const FX_SYL[] = {"", "a", "ng", "ơi", "ước", "hoạch", "nghiệp", "đ"};
#define FX_NSYL (sizeof FX_SYL / sizeof FX_SYL[0])

static unsigned fx_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* n words of prose (no quotes, no backslashes: safe in "..."). */
static void fx_prose(vb_buf *b, unsigned *seed, int n)
{
    for (int i = 0; i < n; i++)
        vb_buf_printf(b, "%s%s", i ? " " : "", FX_WORDS[fx_rand(seed) % FX_NWORDS]);
}

/* n tokens of paragraph p: "p007w000ng p007w001 ..." */
static void fx_tokens(vb_buf *b, unsigned *seed, int p, int n)
{
    for (int i = 0; i < n; i++)
        vb_buf_printf(b, "%sp%03dw%03d%s", i ? " " : "", p, i, FX_SYL[fx_rand(seed) % FX_NSYL]);
}

/* A body item that is paragraph p of n tokens, at the given indent:
 * `indent- "p007w000ng p007w001 ..."`. */
static void fx_token_item(vb_buf *b, const char *indent, unsigned *seed, int p, int n)
{
    vb_buf_printf(b, "%s- \"", indent);
    fx_tokens(b, seed, p, n);
    vb_buf_puts(b, "\"\n");
}

/* A malloc'ed copy of the concatenation of the NULL-terminated arguments. */
static char *fx_cat(const char *first, ...)
{
    vb_buf b;
    vb_buf_init(&b);
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        vb_buf_puts(&b, s);
    va_end(ap);
    return b.data;
}

#endif
