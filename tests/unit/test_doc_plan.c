/* Roadmap documents: iCalendar line rules (RFC 5545) and the SVG chart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "doc/doc_plan.h"
#include "test_tmpdir.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 16];
    *len = fread(buf, 1, sizeof buf - 1, f);
    buf[*len] = 0;
    fclose(f);
    return buf;
}

static const doc_plan_item items[] = {
    {"p/1@attest", "1.1", "Формирование списка выпускников-претендентов на аттестат с отличием и аттестат «Алтын белгі», "
                          "а также проверка; сверка, уточнение",
     "Управление образования\nдо 1 февраля 2026 года", "до 1 февраля 2026 года", "", "2026-02-01", "planned", true},
    {"p/2@attest", "1.2", "Мониторинг", "февраль-март 2026 года", "февраль-март 2026 года", "2026-02-01", "2026-03-31",
     "done", false},
    {"p/3@attest", "1.3", "Информационная работа", "ИЦРО", "в течение года", "", "", "planned", false},
};

static void test_ics_lines(void **state)
{
    (void)state;
    at_error err = {0};
    const char *p = path_of("plan.ics");
    assert_int_equal(doc_plan_ics(p, "План", items, 3, &err), AT_OK);
    size_t len;
    char *t = slurp(p, &len);
    /* every line ends in CRLF and has at most 75 octets */
    size_t start = 0;
    for (size_t i = 0; i < len; i++)
        if (t[i] == '\n') {
            assert_true(i > 0 && t[i - 1] == '\r');
            assert_true(i - 1 - start <= 75);
            start = i + 1;
        }
    /* unfolded, the summary is whole and escaped; the undated measure is absent */
    static char unfolded[1 << 16];
    size_t u = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '\r' && t[i + 1] == '\n' && t[i + 2] == ' ') {
            i += 2;
            continue;
        }
        unfolded[u++] = t[i];
    }
    unfolded[u] = 0;
    assert_non_null(strstr(unfolded, "SUMMARY:⚠ 1.1 Формирование списка выпускников-претендентов на аттестат с "
                                     "отличием и аттестат «Алтын белгі»\\, а также проверка\\; сверка\\, уточнение\r\n"));
    assert_non_null(strstr(unfolded, "DESCRIPTION:Управление образования\\nдо 1 февраля 2026 года\r\n"));
    assert_non_null(strstr(unfolded, "DTSTART;VALUE=DATE:20260201\r\nDTEND;VALUE=DATE:20260202\r\n"));
    assert_non_null(strstr(unfolded, "DTSTART;VALUE=DATE:20260331\r\n"));
    assert_null(strstr(unfolded, "Информационная работа"));
    /* folding never splits a UTF-8 character: no line starts with a continuation byte */
    for (size_t i = 0; i + 3 < len; i++)
        if (t[i] == '\n' && t[i + 1] == ' ')
            assert_true(((unsigned char)t[i + 2] & 0xC0) != 0x80);
}

static void test_svg_chart(void **state)
{
    (void)state;
    at_error err = {0};
    const char *p = path_of("plan.svg");
    assert_int_equal(doc_plan_chart_svg(p, "План <2026>", "2026-02-15", items, 3, &err), AT_OK);
    size_t len;
    char *t = slurp(p, &len);
    assert_non_null(strstr(t, "<svg "));
    assert_non_null(strstr(t, "План &lt;2026&gt;"));           /* escaped */
    assert_non_null(strstr(t, ">фев 26</text>"));                /* month columns */
    assert_non_null(strstr(t, ">мар 26</text>"));
    assert_non_null(strstr(t, "fill=\"#d64541\"><title>"));       /* the overdue one is red */
    assert_non_null(strstr(t, "fill=\"#2e9e4f\"><title>"));       /* the done one green */
    assert_non_null(strstr(t, "без даты: в течение года</text>")); /* undated: said in its row */
    assert_non_null(strstr(t, "</svg>\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ics_lines),
        cmocka_unit_test(test_svg_chart),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
