/* init.c - the starter plans `vanban init` prints.
 *
 * A starter is plain text, not generated from the model, so that its
 * comments sit where a writer needs them. tests/unit/test_init.c loads
 * every starter and requires no error and no warning; tests/e2e/
 * test_schema.sh renders one and validates it against the JSON Schema. */
#include "init.h"

#include <string.h>

/* Where `make install` puts docs/plan.schema.json, for the editor's
 * yaml-language-server modeline on the first line of a starter. */
#ifdef VANBAN_INSTALL_DATADIR
#define SCHEMA_PATH VANBAN_INSTALL_DATADIR "/plan.schema.json"
#else
#define SCHEMA_PATH "/usr/local/share/vanban/plan.schema.json"
#endif

static const char KE_HOACH[] =
    "# yaml-language-server: $schema=" SCHEMA_PATH "\n"
    "# A starter plan (kế hoạch) from `vanban init`. Replace the Vietnamese\n"
    "# placeholder text, keep the keys, delete the optional lines you do not need.\n"
    "#   vanban check ke-hoach.yaml                  find mistakes, with line:column\n"
    "#   vanban render ke-hoach.yaml -o ke-hoach.pdf the PDF, laid out per ND30\n"
    "# Every key is explained in `man vanban` and in docs/plan-format.md.\n"
    "# YAML traps: quote a text that holds \": \" or \" #\", or that starts with\n"
    "# *, &, !, [, {, |, > or a quote; indent with spaces, never with tabs.\n"
    "vanban: 1\n"
    "\n"
    "agency:                                 # cơ quan ban hành, top left\n"
    "  parent: TÊN CƠ QUAN CHỦ QUẢN           # cơ quan chủ quản (optional)\n"
    "  name: TÊN CƠ QUAN, TỔ CHỨC            # required; upper case\n"
    "  short: Cơ quan ABC                    # for \"(Kèm theo … của Cơ quan ABC)\"\n"
    "\n"
    "number: null       # số: null leaves a blank for the văn thư; or e.g. 4 => \"04\"\n"
    "symbol: KH-ABC     # ký hiệu: KH- and the agency's initials => \"Số: …/KH-ABC\"\n"
    "place: Hà Nội      # địa danh\n"
    "date: 2025-01-15   # YYYY-MM-DD; 2025-01 leaves the day blank, null all three\n"
    "\n"
    "title: |-          # trích yếu; with | every line break is kept\n"
    "  Tổ chức Hội nghị tổng kết công tác năm 2024,\n"
    "  triển khai nhiệm vụ năm 2025\n"
    "\n"
    "# draft: true            # \"DỰ THẢO\" box above the header\n"
    "# urgency: KHẨN          # or THƯỢNG KHẨN, HỎA TỐC: red stamp\n"
    "# secrecy: MẬT           # or TỐI MẬT, TUYỆT MẬT\n"
    "# numbering: [upper-roman, decimal, vi-alpha, dash]   # I. / 1. / a) / -\n"
    "\n"
    "preamble:          # before section I: one paragraph per item\n"
    "  - >-\n"
    "    Căn cứ Chương trình công tác năm 2025; Cơ quan ABC xây dựng Kế hoạch\n"
    "    tổ chức Hội nghị tổng kết công tác năm 2024, triển khai nhiệm vụ năm\n"
    "    2025 như sau:\n"
    "\n"
    "body:              # sections: level 1 => \"I.\", level 2 => \"1.\", level 3 => \"a)\"\n"
    "  - title: MỤC ĐÍCH, YÊU CẦU\n"
    "    body:\n"
    "      - title: Mục đích\n"
    "        body:      # a plain string is a paragraph\n"
    "          - \"Đánh giá kết quả thực hiện nhiệm vụ năm 2024; rút ra bài học.\"\n"
    "          - \"Xác định phương hướng, nhiệm vụ và giải pháp thực hiện năm 2025.\"\n"
    "      - title: Yêu cầu\n"
    "        body:\n"
    "          - \"Hội nghị tổ chức **trang trọng**, tiết kiệm, đúng thời gian.\"\n"
    "\n"
    "  - title: THÀNH PHẦN, THỜI GIAN, ĐỊA ĐIỂM\n"
    "    body:\n"
    "      - title: Thành phần\n"
    "        body:\n"
    "          - list:  # a list: \"- \" before each item\n"
    "              - \"Lãnh đạo Cơ quan ABC;\"\n"
    "              - \"Toàn thể công chức, viên chức và người lao động.\"\n"
    "      - title: \"Thời gian:\"          # title and text on one line\n"
    "        text: \"08 giờ 00, ngày 20/01/2025.\"\n"
    "      - title: \"Địa điểm:\"\n"
    "        text: \"Hội trường Cơ quan ABC.\"\n"
    "\n"
    "  - title: TỔ CHỨC THỰC HIỆN\n"
    "    body:\n"
    "      - text: \"Văn phòng chuẩn bị báo cáo, tài liệu và các điều kiện khác.\"\n"
    "      - text: \"Các phòng, đơn vị phối hợp triển khai thực hiện Kế hoạch này.\"\n"
    "\n"
    "closing: >-        # \"./.\" is added at the end; with >- lines are joined\n"
    "  Trên đây là Kế hoạch tổ chức Hội nghị tổng kết công tác năm 2024,\n"
    "  triển khai nhiệm vụ năm 2025 của Cơ quan ABC\n"
    "\n"
    "recipients:        # nơi nhận; vanban adds \"- \" before and \";\" after each\n"
    "  - Lãnh đạo Cơ quan\n"
    "  - Các phòng, đơn vị\n"
    "archive: [VT, VP]  # \"- Lưu: VT, VP.\"\n"
    "\n"
    "signer:            # người ký\n"
    "  title: GIÁM ĐỐC\n"
    "  name: Nguyễn Văn A\n"
    "  # a deputy signing for the head:  authority: KT, head: GIÁM ĐỐC and\n"
    "  # title: PHÓ GIÁM ĐỐC => \"KT. GIÁM ĐỐC\" / \"PHÓ GIÁM ĐỐC\"\n"
    "\n"
    "appendices:        # each on its own page: \"Phụ lục\", title, \"(Kèm theo …)\"\n"
    "  - title: DỰ TOÁN KINH PHÍ TỔ CHỨC HỘI NGHỊ\n"
    "    body:\n"
    "      - table:\n"
    "          unit: Đồng                 # \"ĐVT: Đồng\" above the table\n"
    "          columns:\n"
    "            - {title: Stt, auto_number: true}\n"
    "            - {title: Nội dung}\n"
    "            - {title: ĐVT, align: center}\n"
    "            - {title: Số lượng, type: integer}\n"
    "            - {title: Đơn giá, type: money}\n"
    "            - {title: Thành tiền, type: money, equals: \"Số lượng * Đơn giá\"}\n"
    "          rows:                      # one cell per column; null = empty\n"
    "            - [null, Giải khát giữa giờ, người, 50, 20000, 1000000]\n"
    "            - [null, Tài liệu hội nghị, bộ, 50, 30000, 1500000]\n"
    "            - [null, \"Trang trí, khánh tiết\", gói, 1, 2000000, 2000000]\n"
    "          total: {label: Tổng cộng, sum: [Thành tiền]}   # checked sums\n"
    "          in_words: Thành tiền       # \"Bằng chữ: …\"\n";

/* The kinds, NULL-terminated, and their starters in the same order. */
static const char *const names[] = {"ke-hoach", NULL};
static const char *const texts[] = {KE_HOACH};
_Static_assert(sizeof names / sizeof *names == sizeof texts / sizeof *texts + 1,
               "one starter per kind");

const char *vb_init_template(const char *type)
{
    if (!type)
        return texts[0];
    for (size_t i = 0; names[i]; i++)
        if (!strcmp(type, names[i]))
            return texts[i];
    return NULL;
}

const char *const *vb_init_types(void)
{
    return names;
}
