/* vnformat.h - Vietnamese conventions for numbers, dates and numbering. */
#ifndef VANBAN_VNFORMAT_H
#define VANBAN_VNFORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ND30 §4: document numbers below 10 take a leading zero ("04"); 10 and
 * above are written as is. */
void vb_fmt_docnumber(long n, char *buf, size_t size);
/* ND30 §5: day with a leading zero below 10; month 1 and 2 as "01", "02",
 * months 3-12 without a zero. */
void vb_fmt_day(int d, char *buf, size_t size);
void vb_fmt_month(int m, char *buf, size_t size);
/* Real calendar date (Gregorian; month 1-12, day within the month). */
bool vb_date_valid(int y, int m, int d);

/* Digits grouped with "." (and a leading "-"): 2050000 -> "2.050.000".
 * With scale > 0 the value is a scaled decimal: (12345, 2) -> "123,45". */
void vb_fmt_group(int64_t v, int scale, char *buf, size_t size);
/* Parse a number written the Vietnamese way: "1.050.000", "2,5", "01",
 * "-3". Returns false for anything else. *scale gets the number of decimal
 * digits. Overflow of 64 bits is false with *overflow set. */
bool vb_parse_number(const char *s, int64_t *value, int *scale, bool *overflow);

/* Reading of n in words, lower case (ND30 §15): "hai triệu không trăm năm
 * mươi nghìn". 0 -> "không". Returns bytes written (excluding NUL). */
size_t vb_number_words(uint64_t n, char *buf, size_t size);
/* Money in words: "Hai triệu không trăm năm mươi nghìn đồng." */
size_t vb_money_words(int64_t n, char *buf, size_t size);

/* Markers: 4 -> "IV"; 6 -> "e" in the Vietnamese alphabet (a b c d đ e g
 * h i k l m n o p q r s t u v x y; past y: aa, ab ...). */
void vb_fmt_roman(int n, char *buf, size_t size);
void vb_fmt_vi_alpha(int n, char *buf, size_t size);

#endif
