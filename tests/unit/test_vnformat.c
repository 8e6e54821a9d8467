/* test_vnformat.c - Vietnamese numbers, dates, money in words and markers
 * (nd30-layout.md §4, §5, §15). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vnformat.h"

/* ---- §15 number words ------------------------------------------------------ */

typedef struct {
    uint64_t n;
    const char *words;
} words_case;

static const words_case WORDS[] = {
    /* Small numbers and the unit-word changes (mốt, lăm, bốn). */
    { 0, "không" },
    { 1, "một" },
    { 4, "bốn" },
    { 5, "năm" },
    { 10, "mười" },
    { 11, "mười một" },
    { 14, "mười bốn" },
    { 15, "mười lăm" },
    { 20, "hai mươi" },
    { 21, "hai mươi mốt" },
    { 24, "hai mươi bốn" },
    { 25, "hai mươi lăm" },
    { 54, "năm mươi bốn" },
    { 55, "năm mươi lăm" },
    { 99, "chín mươi chín" },
    /* Hundreds: linh before a lone unit; "năm" after linh. */
    { 100, "một trăm" },
    { 101, "một trăm linh một" },
    { 104, "một trăm linh bốn" },
    { 105, "một trăm linh năm" },
    { 110, "một trăm mười" },
    { 111, "một trăm mười một" },
    { 115, "một trăm mười lăm" },
    { 121, "một trăm hai mươi mốt" },
    { 205, "hai trăm linh năm" },
    { 999, "chín trăm chín mươi chín" },
    /* Thousands: "không trăm" in groups after the first non-zero one. */
    { 1000, "một nghìn" },
    { 1001, "một nghìn không trăm linh một" },
    { 1005, "một nghìn không trăm linh năm" },
    { 1010, "một nghìn không trăm mười" },
    { 1015, "một nghìn không trăm mười lăm" },
    { 1100, "một nghìn một trăm" },
    { 1234, "một nghìn hai trăm ba mươi bốn" },
    { 10000, "mười nghìn" },
    { 15000, "mười lăm nghìn" },
    { 21000, "hai mươi mốt nghìn" },
    { 100005, "một trăm nghìn không trăm linh năm" },
    /* Millions: 000 groups are skipped with their scale word. */
    { 1000000, "một triệu" },
    { 1000005, "một triệu không trăm linh năm" },
    { 1005000, "một triệu không trăm linh năm nghìn" },
    { 1050000, "một triệu không trăm năm mươi nghìn" },
    { 2050000, "hai triệu không trăm năm mươi nghìn" },
    { 54000000, "năm mươi bốn triệu" },
    /* Billions: the quotient is a number of its own, the rest continues. */
    { 1000000000, "một tỷ" },
    { 1000000005, "một tỷ không trăm linh năm" },
    { 1000001000, "một tỷ không trăm linh một nghìn" },
    { 1005000000, "một tỷ không trăm linh năm triệu" },
    { 1250000000, "một tỷ hai trăm năm mươi triệu" },
    { 12345678901ull,
      "mười hai tỷ ba trăm bốn mươi lăm triệu sáu trăm bảy mươi tám nghìn chín trăm linh một" },
    { 1000000000000ull, "một nghìn tỷ" },
    { 1000000000500ull, "một nghìn tỷ năm trăm" },
    { 3000000000000ull, "ba nghìn tỷ" },
    { 1000000000000000ull, "một triệu tỷ" },
    { 1000000000000000000ull, "một tỷ tỷ" },
    { UINT64_MAX,
      "mười tám tỷ bốn trăm bốn mươi sáu triệu bảy trăm bốn mươi bốn nghìn "
      "không trăm bảy mươi ba tỷ bảy trăm linh chín triệu năm trăm năm mươi mốt "
      "nghìn sáu trăm mười lăm" },
};

static void test_number_words_table(void **state)
{
    size_t count = sizeof WORDS / sizeof WORDS[0];
    assert_true(count >= 40);
    for (size_t k = 0; k < count; k++) {
        char buf[512];
        size_t n = vb_number_words(WORDS[k].n, buf, sizeof buf);
        if (strcmp(buf, WORDS[k].words) != 0)
            fail_msg("%llu: got \"%s\", want \"%s\"", (unsigned long long)WORDS[k].n, buf,
                     WORDS[k].words);
        assert_int_equal(n, strlen(WORDS[k].words));
    }
}

/* The §15 table's rows, each checked where the spec states it. */
static void test_number_words_spec_rows(void **state)
{
    static const words_case rows[] = {
        { 11, "mười một" }, { 15, "mười lăm" }, { 21, "hai mươi mốt" }, { 25, "hai mươi lăm" },
        { 105, "một trăm linh năm" }, { 110, "một trăm mười" }, { 115, "một trăm mười lăm" },
        { 1001, "một nghìn không trăm linh một" },
        { 1010, "một nghìn không trăm mười" },
        { 15000, "mười lăm nghìn" },
        { 100005, "một trăm nghìn không trăm linh năm" },
        { 1005000, "một triệu không trăm linh năm nghìn" },
        { 1050000, "một triệu không trăm năm mươi nghìn" },
        { 54000000, "năm mươi bốn triệu" },
        { 1250000000, "một tỷ hai trăm năm mươi triệu" },
        { 1000001000, "một tỷ không trăm linh một nghìn" },
        { 3000000000000ull, "ba nghìn tỷ" },
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        char buf[256];
        vb_number_words(rows[k].n, buf, sizeof buf);
        assert_string_equal(buf, rows[k].words);
    }
}

static void test_money_words(void **state)
{
    char buf[512];
    /* The seed's row. */
    assert_int_equal(vb_money_words(2050000, buf, sizeof buf),
                     strlen("Hai triệu không trăm năm mươi nghìn đồng."));
    assert_string_equal(buf, "Hai triệu không trăm năm mươi nghìn đồng.");
    vb_money_words(0, buf, sizeof buf);
    assert_string_equal(buf, "Không đồng.");
    vb_money_words(1, buf, sizeof buf);
    assert_string_equal(buf, "Một đồng.");
    vb_money_words(1000000, buf, sizeof buf);
    assert_string_equal(buf, "Một triệu đồng.");
    vb_money_words(15000, buf, sizeof buf);
    assert_string_equal(buf, "Mười lăm nghìn đồng.");
    vb_money_words(54000000, buf, sizeof buf);
    assert_string_equal(buf, "Năm mươi bốn triệu đồng.");
    vb_money_words(1250000000, buf, sizeof buf);
    assert_string_equal(buf, "Một tỷ hai trăm năm mươi triệu đồng.");
    vb_money_words(-1500, buf, sizeof buf);
    assert_string_equal(buf, "Âm một nghìn năm trăm đồng.");
    vb_money_words(INT64_MIN, buf, sizeof buf);
    assert_string_equal(buf,
        "Âm chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm "
        "ba mươi sáu tỷ tám trăm năm mươi bốn triệu bảy trăm bảy mươi lăm nghìn "
        "tám trăm linh tám đồng.");
    vb_money_words(INT64_MAX, buf, sizeof buf);
    assert_string_equal(buf,
        "Chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm "
        "ba mươi sáu tỷ tám trăm năm mươi bốn triệu bảy trăm bảy mươi lăm nghìn "
        "tám trăm linh bảy đồng.");

    /* The first letter of every leading digit word is capitalised whole. */
    static const char *const first[] = { "Một", "Hai", "Ba", "Bốn", "Năm",
                                         "Sáu", "Bảy", "Tám", "Chín", "Mười" };
    for (int d = 1; d <= 10; d++) {
        vb_money_words(d, buf, sizeof buf);
        size_t n = strlen(first[d - 1]);
        assert_memory_equal(buf, first[d - 1], n);
        assert_string_equal(buf + n, " đồng.");
    }
}

/* snprintf's contract: never past size, always terminated, the needed
 * length returned; a cut never splits a UTF-8 sequence or leaves a space. */
static void test_words_truncation(void **state)
{
    char buf[32];
    const char *full = "hai mươi mốt";
    memset(buf, 'X', sizeof buf);
    assert_int_equal(vb_number_words(21, buf, 5), strlen(full));
    assert_string_equal(buf, "hai");
    assert_int_equal(buf[5], 'X'); /* nothing written past size */

    memset(buf, 'X', sizeof buf);
    assert_int_equal(vb_number_words(21, buf, 1), strlen(full));
    assert_int_equal(buf[0], 0);
    assert_int_equal(buf[1], 'X');

    assert_int_equal(vb_number_words(21, NULL, 0), strlen(full));
    assert_int_equal(vb_money_words(2050000, NULL, 0),
                     strlen("Hai triệu không trăm năm mươi nghìn đồng."));

    /* Exactly enough room. */
    assert_int_equal(vb_number_words(21, buf, strlen(full) + 1), strlen(full));
    assert_string_equal(buf, full);
    /* One byte short: the last word goes, whole. */
    vb_number_words(21, buf, strlen(full));
    assert_string_equal(buf, "hai mươi");

    /* Money: still capitalised when cut. */
    vb_money_words(2050000, buf, strlen("Hai triệu") + 1);
    assert_string_equal(buf, "Hai triệu");
    vb_money_words(2050000, buf, strlen("Hai triệu"));
    assert_string_equal(buf, "Hai");

    /* Every size up to the full length gives a terminated whole-word prefix. */
    char big[600];
    size_t need = vb_number_words(UINT64_MAX, big, sizeof big);
    for (size_t size = 1; size <= need + 1; size++) {
        char small[600];
        memset(small, 'X', sizeof small);
        assert_int_equal(vb_number_words(UINT64_MAX, small, size), need);
        size_t got = strlen(small);
        assert_true(got < size);
        assert_memory_equal(small, big, got);
        assert_true(got == 0 || got == need || big[got] == ' ');
        assert_int_equal(small[size], 'X');
    }
}

/* ---- §4, §5 numbers and dates ------------------------------------------------ */

static void test_docnumber_day_month(void **state)
{
    char buf[16];
    vb_fmt_docnumber(4, buf, sizeof buf);
    assert_string_equal(buf, "04");
    vb_fmt_docnumber(1, buf, sizeof buf);
    assert_string_equal(buf, "01");
    vb_fmt_docnumber(9, buf, sizeof buf);
    assert_string_equal(buf, "09");
    vb_fmt_docnumber(10, buf, sizeof buf);
    assert_string_equal(buf, "10");
    vb_fmt_docnumber(254, buf, sizeof buf);
    assert_string_equal(buf, "254");
    vb_fmt_docnumber(1234, buf, sizeof buf);
    assert_string_equal(buf, "1234");

    vb_fmt_day(5, buf, sizeof buf);
    assert_string_equal(buf, "05");
    vb_fmt_day(1, buf, sizeof buf);
    assert_string_equal(buf, "01");
    vb_fmt_day(9, buf, sizeof buf);
    assert_string_equal(buf, "09");
    vb_fmt_day(16, buf, sizeof buf);
    assert_string_equal(buf, "16");
    vb_fmt_day(31, buf, sizeof buf);
    assert_string_equal(buf, "31");

    static const char *const months[13] = { NULL, "01", "02", "3", "4", "5", "6",
                                            "7", "8", "9", "10", "11", "12" };
    for (int m = 1; m <= 12; m++) {
        vb_fmt_month(m, buf, sizeof buf);
        assert_string_equal(buf, months[m]);
    }

    /* Truncation keeps the buffer terminated. */
    vb_fmt_docnumber(254, buf, 2);
    assert_string_equal(buf, "2");
}

static void test_date_valid(void **state)
{
    assert_true(vb_date_valid(2024, 2, 29));   /* leap year */
    assert_false(vb_date_valid(2023, 2, 29));
    assert_true(vb_date_valid(2023, 2, 28));
    assert_true(vb_date_valid(2000, 2, 29));   /* divisible by 400 */
    assert_false(vb_date_valid(1900, 2, 29));  /* divisible by 100 only */
    assert_false(vb_date_valid(2100, 2, 29));
    assert_true(vb_date_valid(2024, 1, 31));
    assert_false(vb_date_valid(2024, 4, 31));
    assert_true(vb_date_valid(2024, 4, 30));
    assert_false(vb_date_valid(2024, 6, 31));
    assert_true(vb_date_valid(2024, 12, 31));
    assert_false(vb_date_valid(2024, 12, 32));
    assert_false(vb_date_valid(2024, 0, 1));
    assert_false(vb_date_valid(2024, 13, 1));
    assert_false(vb_date_valid(2024, 1, 0));
    assert_false(vb_date_valid(2024, 1, -1));
    assert_true(vb_date_valid(1900, 1, 1));
    assert_false(vb_date_valid(1899, 12, 31));
    assert_true(vb_date_valid(9999, 12, 31));
    assert_false(vb_date_valid(10000, 1, 1));
}

/* ---- grouping --------------------------------------------------------------- */

static void test_fmt_group(void **state)
{
    static const struct { int64_t v; int scale; const char *want; } cases[] = {
        { 2050000, 0, "2.050.000" },
        { 15000, 0, "15.000" },
        { -1500, 0, "-1.500" },
        { 0, 0, "0" },
        { 7, 0, "7" },
        { 999, 0, "999" },
        { 1000, 0, "1.000" },
        { 100000, 0, "100.000" },
        { 1000000, 0, "1.000.000" },
        { INT64_MAX, 0, "9.223.372.036.854.775.807" },
        { INT64_MIN, 0, "-9.223.372.036.854.775.808" },
        { 12345, 2, "123,45" },
        { 5, 2, "0,05" },
        { -5, 2, "-0,05" },
        { 0, 2, "0,00" },
        { 25, 1, "2,5" },
        { 123456789, 2, "1.234.567,89" },
        { 100000, 3, "100,000" },
        { 1000000, 3, "1.000,000" },
        { INT64_MIN, 4, "-922.337.203.685.477,5808" },
        { 1, 20, "0,00000000000000000001" },
        { 1500, -1, "1.500" }, /* a negative scale is no scale */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[64];
        vb_fmt_group(cases[k].v, cases[k].scale, buf, sizeof buf);
        assert_string_equal(buf, cases[k].want);
    }
    char small[4];
    vb_fmt_group(2050000, 0, small, sizeof small);
    assert_string_equal(small, "2.0");
}

/* ---- parsing ---------------------------------------------------------------- */

static void expect_parse(const char *s, int64_t value, int scale)
{
    int64_t v = 12345;
    int sc = 99;
    bool over = true;
    if (!vb_parse_number(s, &v, &sc, &over))
        fail_msg("\"%s\" rejected", s);
    assert_false(over);
    assert_true(v == value);
    assert_int_equal(sc, scale);
}

static void expect_reject(const char *s, bool overflow)
{
    int64_t v = 0;
    int sc = 0;
    bool over = !overflow;
    if (vb_parse_number(s, &v, &sc, &over))
        fail_msg("\"%s\" accepted", s);
    if (over != overflow)
        fail_msg("\"%s\": overflow %d", s, (int)over);
}

static void test_parse_number_ok(void **state)
{
    expect_parse("1.050.000", 1050000, 0);
    expect_parse("2,5", 25, 1);
    expect_parse("01", 1, 0);
    expect_parse("-3", -3, 0);
    expect_parse("15000", 15000, 0);
    expect_parse("0", 0, 0);
    expect_parse("-0", 0, 0);
    expect_parse("  42  ", 42, 0);
    expect_parse("\t7\t", 7, 0);
    expect_parse("1.000,5", 10005, 1);
    expect_parse("0,05", 5, 2);
    expect_parse("2,50", 250, 2);
    expect_parse("-1.500", -1500, 0);
    expect_parse("12.345", 12345, 0);
    expect_parse("999.999.999", 999999999, 0);
    expect_parse("9.223.372.036.854.775.807", INT64_MAX, 0);
    expect_parse("9223372036854775807", INT64_MAX, 0);
    expect_parse("-9223372036854775808", INT64_MIN, 0);
    expect_parse("-9.223.372.036.854.775.808", INT64_MIN, 0);
    expect_parse("0,000000000000000001", 1, 18);

    /* NULL outputs are allowed. */
    assert_true(vb_parse_number("5", NULL, NULL, NULL));
}

static void test_parse_number_reject(void **state)
{
    static const char *const bad[] = {
        "1.05.000", "1,2,3", "", "   ", "abc", "1.000,", ".5", ",5", "1.", "1..000",
        "1.0000", "1234.567", "1.000.00", "- 3", "+3", "-", "1 000", "12a", "a12",
        "1,", "1,5.000", "--1", "0x10", "1.000 ,5", "١٢",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_reject(bad[k], false);
    assert_false(vb_parse_number(NULL, NULL, NULL, NULL));
}

static void test_parse_number_overflow(void **state)
{
    expect_reject("9223372036854775808", true);
    expect_reject("9.223.372.036.854.775.808", true);
    expect_reject("-9223372036854775809", true);
    expect_reject("99999999999999999999999", true);
    expect_reject("922337203685477580,8", true);   /* scaled value too big */
    expect_reject("0,0000000000000000001", true);  /* 10^19 as scale */
    /* Malformed is malformed, whatever its size. */
    expect_reject("99999999999999999999999x", false);
    expect_reject("1.99999999999999999999999", false);
}

/* ---- markers ---------------------------------------------------------------- */

static void test_roman(void **state)
{
    static const struct { int n; const char *want; } cases[] = {
        { 1, "I" }, { 2, "II" }, { 3, "III" }, { 4, "IV" }, { 5, "V" }, { 6, "VI" },
        { 9, "IX" }, { 10, "X" }, { 14, "XIV" }, { 19, "XIX" }, { 40, "XL" },
        { 49, "XLIX" }, { 90, "XC" }, { 400, "CD" }, { 944, "CMXLIV" },
        { 1994, "MCMXCIV" }, { 2024, "MMXXIV" }, { 3999, "MMMCMXCIX" },
        { 0, "0" }, { 4000, "4000" }, { -1, "-1" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[32];
        vb_fmt_roman(cases[k].n, buf, sizeof buf);
        assert_string_equal(buf, cases[k].want);
    }
    char small[3];
    vb_fmt_roman(3999, small, sizeof small);
    assert_string_equal(small, "MM");
}

static void test_vi_alpha(void **state)
{
    static const struct { int n; const char *want; } cases[] = {
        { 1, "a" }, { 2, "b" }, { 3, "c" }, { 4, "d" }, { 5, "đ" }, { 6, "e" },
        { 7, "g" }, { 8, "h" }, { 9, "i" }, { 10, "k" }, { 11, "l" }, { 12, "m" },
        { 13, "n" }, { 14, "o" }, { 15, "p" }, { 16, "q" }, { 17, "r" }, { 18, "s" },
        { 19, "t" }, { 20, "u" }, { 21, "v" }, { 22, "x" }, { 23, "y" },
        { 24, "aa" }, { 25, "ab" }, { 28, "ađ" }, { 46, "ay" }, { 47, "ba" },
        { 552, "yy" }, { 553, "aaa" }, { 0, "0" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[32];
        vb_fmt_vi_alpha(cases[k].n, buf, sizeof buf);
        assert_string_equal(buf, cases[k].want);
    }
    /* Never half of "đ". */
    char small[2];
    vb_fmt_vi_alpha(5, small, sizeof small);
    assert_string_equal(small, "");
    char big[32];
    vb_fmt_vi_alpha(2147483647, big, sizeof big); /* INT_MAX: no overrun */
    assert_true(strlen(big) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_words_table),
        cmocka_unit_test(test_number_words_spec_rows),
        cmocka_unit_test(test_money_words),
        cmocka_unit_test(test_words_truncation),
        cmocka_unit_test(test_docnumber_day_month),
        cmocka_unit_test(test_date_valid),
        cmocka_unit_test(test_fmt_group),
        cmocka_unit_test(test_parse_number_ok),
        cmocka_unit_test(test_parse_number_reject),
        cmocka_unit_test(test_parse_number_overflow),
        cmocka_unit_test(test_roman),
        cmocka_unit_test(test_vi_alpha),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
