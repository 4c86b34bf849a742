/* test_io_csv.c — CSV reading (delimiters, encodings, quoting, line numbers,
 * errors, chunk boundaries) and CSV writing round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>
#include <unicode/ucnv.h>

#include "io/table.h"

#include "test_tmpdir.h"

static const char *write_file(const char *name, const void *bytes, size_t len)
{
    const char *p = path_of(name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return p;
}

/* All rows of a table, cells joined with '|' and rows with '\n', lines in `lines`. */
typedef struct {
    char *text;
    size_t len, cap;
    long lines[64];
    size_t nrows;
    int rc;
    at_error err;
} dump;

static void dump_add(dump *d, const char *s)
{
    size_t n = strlen(s);
    if (d->len + n + 1 > d->cap) {
        d->cap = (d->len + n + 1) * 2;
        d->text = realloc(d->text, d->cap);
        assert_non_null(d->text);
    }
    memcpy(d->text + d->len, s, n + 1);
    d->len += n;
}

static dump read_all(const char *path, table_reader **keep)
{
    dump d = {0};
    dump_add(&d, "");
    table_reader *r;
    d.rc = table_open(path, &r, &d.err);
    if (d.rc != AT_OK)
        return d;
    table_row row;
    while ((d.rc = table_next(r, &row, &d.err)) == AT_OK) {
        for (size_t i = 0; i < row.ncells; i++) {
            if (i)
                dump_add(&d, "|");
            dump_add(&d, row.cells[i]);
        }
        dump_add(&d, "\n");
        if (d.nrows < 64)
            d.lines[d.nrows] = row.line;
        d.nrows++;
    }
    if (keep)
        *keep = r;
    else
        table_close(r);
    return d;
}

static void test_delimiters(void **state)
{
    (void)state;
    const char delims[] = {',', ';', '\t'};
    for (size_t k = 0; k < 3; k++) {
        char buf[256];
        char d = delims[k];
        snprintf(buf, sizeof buf, "code%cname%cscore\n0012%cИванов Иван%c5\n0013%cӘлия Қасымова%c4,5\n", d, d,
                 d, d, d, d);
        if (d == ',') /* "4,5" must be quoted when ',' is the delimiter */
            snprintf(buf, sizeof buf, "code,name,score\n0012,Иванов Иван,5\n0013,Әлия Қасымова,\"4,5\"\n");
        const char *p = write_file("delim.csv", buf, strlen(buf));
        table_reader *r;
        dump t = read_all(p, &r);
        assert_int_equal(t.rc, AT_ENOTFOUND);
        assert_int_equal(table_format_of(r), TABLE_CSV);
        assert_int_equal(table_delimiter(r), d);
        assert_string_equal(table_encoding(r), "UTF-8");
        table_close(r);
        assert_string_equal(t.text, "code|name|score\n0012|Иванов Иван|5\n0013|Әлия Қасымова|4,5\n");
        free(t.text);
    }
    /* ties prefer ';' then ',' */
    const char *p = write_file("tie.csv", "a;b,c\n1;2,3\n", 12);
    table_reader *r;
    dump t = read_all(p, &r);
    assert_int_equal(table_delimiter(r), ';');
    table_close(r);
    free(t.text);
    p = write_file("tie2.csv", "a,b\tc\n", 6);
    t = read_all(p, &r);
    assert_int_equal(table_delimiter(r), ',');
    table_close(r);
    free(t.text);
    /* delimiters inside quotes in the header do not count */
    p = write_file("tie3.csv", "\"a;b;c\",d\n", 10);
    t = read_all(p, &r);
    assert_int_equal(table_delimiter(r), ',');
    assert_string_equal(t.text, "a;b;c|d\n");
    table_close(r);
    free(t.text);
}

static const char RU_TEXT[] = "Код;ФИО;Школа\r\n"
                              "0012;Иванов Иван Иванович;Школа №5\r\n"
                              "0013;Ёлкина Юлия;Гимназия «Лицей»\r\n"
                              "0014;\"Щукин; Эдуард\";\"Съезд \"\"Ъ\"\"\"\r\n";

static size_t to_cp1251(const char *utf8, char *out, size_t cap)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *c = ucnv_open("windows-1251", &st);
    assert_true(U_SUCCESS(st));
    int32_t n = ucnv_fromAlgorithmic(c, UCNV_UTF8, out, (int32_t)cap, utf8, (int32_t)strlen(utf8), &st);
    assert_true(U_SUCCESS(st));
    ucnv_close(c);
    return (size_t)n;
}

static void test_encodings(void **state)
{
    (void)state;
    char bom[512], cp[512];
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, RU_TEXT, sizeof RU_TEXT - 1);
    size_t cpn = to_cp1251(RU_TEXT, cp, sizeof cp);
    assert_true(cpn < sizeof RU_TEXT - 1); /* single-byte encoding */
    assert_int_equal((unsigned char)cp[0], 0xCA); /* 'К' in windows-1251 */

    struct {
        const char *name, *bytes;
        size_t len;
        const char *enc;
    } v[] = {
        {"utf8.csv", RU_TEXT, sizeof RU_TEXT - 1, "UTF-8"},
        {"bom.csv", bom, sizeof RU_TEXT + 2, "UTF-8 BOM"},
        {"cp1251.csv", cp, cpn, "windows-1251"},
    };
    const char *want = "Код|ФИО|Школа\n"
                       "0012|Иванов Иван Иванович|Школа №5\n"
                       "0013|Ёлкина Юлия|Гимназия «Лицей»\n"
                       "0014|Щукин; Эдуард|Съезд \"Ъ\"\n";
    for (size_t i = 0; i < 3; i++) {
        const char *p = write_file(v[i].name, v[i].bytes, v[i].len);
        table_reader *r;
        dump t = read_all(p, &r);
        assert_int_equal(t.rc, AT_ENOTFOUND);
        assert_string_equal(table_encoding(r), v[i].enc);
        assert_int_equal(table_delimiter(r), ';');
        assert_string_equal(t.text, want);
        assert_int_equal(t.nrows, 4);
        assert_int_equal(t.lines[3], 4);
        long long done, total;
        table_progress(r, &done, &total);
        assert_int_equal(total, (long long)v[i].len);
        assert_int_equal(done, total);
        table_close(r);
        free(t.text);
    }
}

static void test_quoting_and_lines(void **state)
{
    (void)state;
    const char *src = "id,text,note\n"
                      "1,\"a, b\",\"say \"\"hi\"\"\"\n"
                      "2,\"line1\nline2\nline3\",x\n"
                      "\n"
                      ",,\n"
                      "3,plain,\"end\"\n"
                      "4,  padded  ,\"  kept  \"\n";
    const char *p = write_file("q.csv", src, strlen(src));
    dump t = read_all(p, NULL);
    assert_int_equal(t.rc, AT_ENOTFOUND);
    assert_string_equal(t.text, "id|text|note\n"
                                "1|a, b|say \"hi\"\n"
                                "2|line1\nline2\nline3|x\n"
                                "3|plain|end\n"
                                "4|padded|  kept  \n");
    assert_int_equal(t.nrows, 5);
    assert_int_equal(t.lines[0], 1);
    assert_int_equal(t.lines[1], 2);
    assert_int_equal(t.lines[2], 3);
    assert_int_equal(t.lines[3], 8); /* after the 3-line cell, a blank line and ",," */
    assert_int_equal(t.lines[4], 9);
    free(t.text);

    /* Windows line ends: "\r" is stripped, lines still count right */
    const char *crlf = "a;b\r\n\"x\r\ny\";z\r\n\r\n1;2\r\n3;4";
    p = write_file("crlf.csv", crlf, strlen(crlf));
    t = read_all(p, NULL);
    assert_int_equal(t.rc, AT_ENOTFOUND);
    assert_string_equal(t.text, "a|b\nx\r\ny|z\n1|2\n3|4\n");
    assert_int_equal(t.lines[1], 2);
    assert_int_equal(t.lines[2], 5);
    assert_int_equal(t.lines[3], 6);
    free(t.text);

    /* old Mac line ends (CR only) count as lines too */
    const char *cr = "a,b\r1,2\r\r3,4\r";
    p = write_file("cr.csv", cr, strlen(cr));
    t = read_all(p, NULL);
    assert_int_equal(t.rc, AT_ENOTFOUND);
    assert_string_equal(t.text, "a|b\n1|2\n3|4\n");
    assert_int_equal(t.lines[1], 2);
    assert_int_equal(t.lines[2], 4);
    free(t.text);
}

static void test_malformed_quotes(void **state)
{
    (void)state;
    const char *bad[] = {
        "a,b\n1,2\n\"multi\nline\",ok\n3,x\"y\n5,6\n", /* quote inside an unquoted field */
        "a,b\n1,2\n\"multi\nline\",ok\n\"3\"x,y\n",      /* text after a closing quote */
    };
    for (size_t i = 0; i < 2; i++) {
        const char *p = write_file("bad.csv", bad[i], strlen(bad[i]));
        dump t = read_all(p, NULL);
        assert_int_equal(t.rc, AT_EINPUT);
        assert_int_equal(t.nrows, 3); /* the good rows before the error are handed out */
        char want[600];
        snprintf(want, sizeof want, "%s:5", p);
        assert_string_equal(t.err.where, want);
        assert_non_null(strstr(t.err.msg, "quot"));
        free(t.text);
    }
    const char *open = "a,b\n1,2\n3,\"never closed\n4,5\n6,7\n";
    const char *p = write_file("open.csv", open, strlen(open));
    dump t = read_all(p, NULL);
    assert_int_equal(t.rc, AT_EINPUT);
    assert_int_equal(t.nrows, 2);
    char want[600];
    snprintf(want, sizeof want, "%s:3", p);
    assert_string_equal(t.err.where, want);
    assert_non_null(strstr(t.err.msg, "never closed"));
    free(t.text);
}

/* Builds a UTF-8 file well past 64 KiB and past one read chunk, with multi-byte
 * characters and multi-line cells landing on chunk boundaries. */
static char *big_text(size_t nrows, size_t *len, long *lines_out)
{
    size_t cap = nrows * 160 + 64, n = 0;
    char *s = malloc(cap);
    if (!s)
        abort(); /* cmocka's assert is not noreturn; the compiler must see this */
    n += (size_t)sprintf(s, "№;ФИО;Примечание\n");
    long line = 2;
    for (size_t i = 0; i < nrows; i++) {
        if (lines_out)
            lines_out[i] = line;
        const char *pad = &"ӘәҒғ"[(i % 4) * 2]; /* shifts multi-byte characters across boundaries */
        if (i % 7 == 3) {
            n += (size_t)sprintf(s + n, "%zu;Қасымова %sӘлия;\"первая строка\nвторая; строка\"\n", i, pad);
            line += 2;
        } else {
            n += (size_t)sprintf(s + n, "%zu;Иванов %sИван Иванович;ок\n", i, pad);
            line += 1;
        }
    }
    *len = n;
    return s;
}

static void test_large_and_invalid_later(void **state)
{
    (void)state;
    const size_t N = 12000; /* ~600 KB: several 256 KiB chunks */
    long *lines = malloc(N * sizeof *lines);
    size_t len;
    char *s = big_text(N, &len, lines);
    assert_true(len > 3 * 256 * 1024 / 2);
    const char *p = write_file("big.csv", s, len);
    table_reader *r;
    assert_int_equal(table_open(p, &r, NULL), AT_OK);
    assert_string_equal(table_encoding(r), "UTF-8");
    table_row row;
    at_error err;
    assert_int_equal(table_next(r, &row, &err), AT_OK);
    assert_string_equal(row.cells[1], "ФИО");
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(table_next(r, &row, &err), AT_OK);
        assert_int_equal(row.ncells, 3);
        assert_int_equal(strtol(row.cells[0], NULL, 10), (long)i);
        assert_int_equal(row.line, lines[i]);
        if (i % 7 == 3)
            assert_string_equal(row.cells[2], "первая строка\nвторая; строка");
        else
            assert_string_equal(row.cells[2], "ок");
    }
    assert_int_equal(table_next(r, &row, &err), AT_ENOTFOUND);
    table_close(r);

    /* the same file with a Windows-1251 byte on a row far past the first 64 KiB */
    size_t target = N - 100;
    char *hit = strstr(s, "\n11900;");
    assert_non_null(hit);
    char *name = strstr(hit, "Иванов");
    assert_non_null(name);
    name[0] = (char)0xC8; /* "Ив" in windows-1251: 0xC8 0xE2 is not UTF-8 */
    name[1] = (char)0xE2;
    p = write_file("late.csv", s, len);
    dump t = read_all(p, NULL);
    assert_int_equal(t.rc, AT_EINPUT);
    assert_int_equal(t.nrows, target + 1); /* header + all rows before the bad one */
    char want[600];
    snprintf(want, sizeof want, "%s:%ld", p, lines[target]);
    assert_string_equal(t.err.where, want);
    assert_non_null(strstr(t.err.msg, "UTF-8"));
    free(t.text);
    free(s);
    free(lines);
}

static void test_cp1251_large(void **state)
{
    (void)state;
    size_t len;
    char *s = big_text(8000, &len, NULL);
    /* cp1251 cannot hold Kazakh letters: use a Russian-only variant */
    for (char *q = s; (q = strstr(q, "Ә")) != NULL;)
        memcpy(q, "Ж", 2);
    for (char *q = s; (q = strstr(q, "ә")) != NULL;)
        memcpy(q, "ж", 2);
    for (char *q = s; (q = strstr(q, "Ғ")) != NULL;)
        memcpy(q, "Г", 2);
    for (char *q = s; (q = strstr(q, "ғ")) != NULL;)
        memcpy(q, "г", 2);
    for (char *q = s; (q = strstr(q, "Қ")) != NULL;)
        memcpy(q, "К", 2);
    char *cp = malloc(len);
    size_t cpn = to_cp1251(s, cp, len);
    const char *p1 = write_file("u.csv", s, len);
    const char *p2 = write_file("c.csv", cp, cpn);
    dump a = read_all(p1, NULL), b = read_all(p2, NULL);
    assert_int_equal(a.rc, AT_ENOTFOUND);
    assert_int_equal(b.rc, AT_ENOTFOUND);
    assert_int_equal(a.nrows, 8001);
    assert_string_equal(a.text, b.text);
    free(a.text);
    free(b.text);
    free(cp);
    free(s);
}

static void test_csv_roundtrip(void **state)
{
    (void)state;
    const char *rows[][5] = {
        {"Код", "ФИО", "Класс", "Комментарий", "Балл"},
        {"0012", "Әлия Қасымова", "", "сказала \"привет\"; ушла", "4,5"},
        {"0013", "Ұлан Үмітұлы", "11А", "две\nстроки", " пробел "},
        {"", "Һ І Ө Ң Ғ", "", "", "0"},
    };
    table_write_opts o = {.format = TABLE_CSV, .delimiter = ';', .bom = true};
    const char *p = path_of("rt.csv");
    table_writer *w;
    at_error err;
    assert_int_equal(table_create(p, &o, &w, &err), AT_OK);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(table_write_row(w, rows[i], 5, i == 0, &err), AT_OK);
    assert_int_equal(table_finish(w, &err), AT_OK);

    FILE *f = fopen(p, "rb");
    unsigned char head[3];
    assert_int_equal(fread(head, 1, 3, f), 3);
    fclose(f);
    assert_memory_equal(head, "\xEF\xBB\xBF", 3);

    table_reader *r;
    assert_int_equal(table_open(p, &r, &err), AT_OK);
    assert_string_equal(table_encoding(r), "UTF-8 BOM");
    assert_int_equal(table_delimiter(r), ';');
    table_row row;
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(table_next(r, &row, &err), AT_OK);
        assert_int_equal(row.ncells, 5);
        for (size_t c = 0; c < 5; c++)
            assert_string_equal(row.cells[c], rows[i][c]);
    }
    assert_int_equal(row.line, 5); /* the two-line cell pushed the last record down */
    assert_int_equal(table_next(r, &row, &err), AT_ENOTFOUND);
    table_close(r);

    /* default options: ',' and no BOM */
    p = path_of("rt2.csv");
    assert_int_equal(table_create(p, NULL, &w, &err), AT_OK);
    const char *one[] = {"a,b", "c"};
    assert_int_equal(table_write_row(w, one, 2, false, &err), AT_OK);
    assert_int_equal(table_finish(w, &err), AT_OK);
    f = fopen(p, "rb");
    char buf[32] = {0};
    assert_int_equal(fread(buf, 1, sizeof buf - 1, f), 9);
    fclose(f);
    assert_string_equal(buf, "\"a,b\",c\r\n");
}

static void test_open_errors(void **state)
{
    (void)state;
    table_reader *r = NULL;
    at_error err;
    assert_int_equal(table_open(path_of("missing.csv"), &r, &err), AT_EINPUT);
    assert_null(r);
    const char *p = write_file("empty.csv", "", 0);
    dump t = read_all(p, NULL);
    assert_int_equal(t.rc, AT_ENOTFOUND);
    assert_int_equal(t.nrows, 0);
    free(t.text);
    assert_int_equal(table_format_for_name("x/Ученики.XLSX"), TABLE_XLSX);
    assert_int_equal(table_format_for_name("a.csv"), TABLE_CSV);
    assert_int_equal(table_format_for_name("xlsx"), TABLE_CSV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delimiters),       cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_quoting_and_lines), cmocka_unit_test(test_malformed_quotes),
        cmocka_unit_test(test_large_and_invalid_later), cmocka_unit_test(test_cp1251_large),
        cmocka_unit_test(test_csv_roundtrip),    cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
