#!/usr/bin/python3
"""Write a large budget plan for the table tests.

usage: budget.py OUT.yaml [--rows N] [--wrong ROW] [--tall]
A landscape appendix with a money table of N rows whose Thành tiền is
Số lượng × Đơn giá, a total with the stated figure, and the amount in words.
--wrong ROW makes that row's product wrong; --tall puts a cell of several
thousand words in row 3, taller than a page. Prints the expected total.
"""
import argparse

HEAD = """vanban: 1
agency: {parent: UBND TỈNH BẮC GIANG, name: SỞ KHOA HỌC VÀ CÔNG NGHỆ, short: Sở KH&CN}
number: 7
symbol: KH-KHCN
place: Bắc Giang
date: 2024-02-09
title: Dự toán kinh phí năm 2024
body:
  - "Dự toán chi tiết tại Phụ lục kèm theo."
recipients: [Lãnh đạo Sở]
archive: [VT, KHTC]
signer: {title: GIÁM ĐỐC, name: Nguyễn Văn A}
appendices:
  - title: DỰ TOÁN KINH PHÍ NĂM 2024
    orientation: landscape
    body:
      - table:
          unit: Đồng
          columns:
            - {title: Stt, auto_number: true}
            - {title: Nội dung chi}
            - {title: ĐVT, align: center}
            - {title: Số lượng, type: integer}
            - {title: Đơn giá, type: money}
            - {title: Thành tiền, type: money, equals: "Số lượng * Đơn giá"}
            - {title: Ghi chú}
          rows:
"""

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--rows", type=int, default=250)
ap.add_argument("--wrong", type=int, default=0)
ap.add_argument("--tall", action="store_true")
a = ap.parse_args()
total, lines = 0, [HEAD]
for i in range(1, a.rows + 1):
    qty, price = i % 17 + 1, 1000 * (i % 23 + 1) + 500
    amount = qty * price + (1000 if i == a.wrong else 0)
    total += qty * price
    note = " ".join(f"ghi{i}chú{k}" for k in range(3000)) if a.tall and i == 3 else f"Mục {i}"
    lines.append(f'            - [null, "Khoản chi số {i} cho hoạt động chuyên môn", lượt, {qty}, {price}, {amount}, "{note}"]\n')
lines.append(f"""          total: {{label: Tổng cộng, sum: [Thành tiền], stated: {{Thành tiền: {total}}}}}
          in_words: Thành tiền
""")
open(a.out, "w", encoding="utf-8").write("".join(lines))
print(total)
