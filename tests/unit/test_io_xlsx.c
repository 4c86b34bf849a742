/* test_io_xlsx.c — XLSX writing with libxlsxwriter and reading back with the
 * streaming reader; a hand-made package exercises shared strings, rich text,
 * booleans, numbers, missing cells and the workbook → sheet relationship. */
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
#include <zip.h>

#include "io/table.h"

#include "test_tmpdir.h"

#define NCOL 6
static const char *const ROWS[][NCOL] = {
    {"Код", "Фамилия", "Имя", "Школа", "Класс", "Балл"},
    {"0012", "Қасымова", "Әлия", "Ақтөбе, №5", "", "4.5"},
    {"0013", "Үмітұлы", "Ұлан", "", "", "007"},
    {"0100", "Ёлкина", "Юлия", "Гимназия «Лицей» \"Ъ\" & <б>", "11А", ""},
    {"", "", "", "", "", ""}, /* an empty row: skipped by the reader */
    {"  пробелы  ", "Һ І Ө Ң Ғ", "x", "", "", "TRUE"},
};
#define NROWS (sizeof ROWS / sizeof *ROWS)

static void test_xlsx_roundtrip(void **state)
{
    (void)state;
    /* a ".csv" name on purpose: the reader decides by content */
    const char *p = path_of("export.csv");
    table_write_opts o = {.format = TABLE_XLSX, .sheet_name = "Участники"};
    table_writer *w;
    at_error err;
    assert_int_equal(table_create(p, &o, &w, &err), AT_OK);
    for (size_t i = 0; i < NROWS; i++)
        assert_int_equal(table_write_row(w, ROWS[i], NCOL, i == 0, &err), AT_OK);
    assert_int_equal(table_finish(w, &err), AT_OK);

    table_reader *r;
    assert_int_equal(table_open(p, &r, &err), AT_OK);
    assert_int_equal(table_format_of(r), TABLE_XLSX);
    table_row row;
    for (size_t i = 0; i < NROWS; i++) {
        if (i == 4)
            continue;
        assert_int_equal(table_next(r, &row, &err), AT_OK);
        assert_int_equal(row.line, (long)i + 1); /* real row numbers, the empty row 5 is skipped */
        size_t want_n = NCOL;
        while (want_n > 0 && !*ROWS[i][want_n - 1])
            want_n--; /* trailing empty cells are not stored in XLSX */
        assert_int_equal(row.ncells, want_n);
        for (size_t c = 0; c < want_n; c++)
            assert_string_equal(row.cells[c], ROWS[i][c]);
    }
    assert_int_equal(table_next(r, &row, &err), AT_ENOTFOUND);
    long long done, total;
    table_progress(r, &done, &total);
    assert_true(total > 0);
    assert_int_equal(done, total);
    table_close(r);

    /* the sheet XML: frozen header, column widths, bold style */
    int ze;
    zip_t *z = zip_open(p, ZIP_RDONLY, &ze);
    assert_non_null(z);
    zip_stat_t st;
    assert_int_equal(zip_stat(z, "xl/worksheets/sheet1.xml", 0, &st), 0);
    char *xml = calloc(1, st.size + 1);
    zip_file_t *zf = zip_fopen(z, "xl/worksheets/sheet1.xml", 0);
    assert_int_equal(zip_fread(zf, xml, st.size), (zip_int64_t)st.size);
    zip_fclose(zf);
    zip_discard(z);
    assert_non_null(strstr(xml, "state=\"frozen\""));
    assert_non_null(strstr(xml, "<cols>"));
    assert_non_null(strstr(xml, "customWidth"));
    free(xml);
}

static void add_member(zip_t *z, const char *name, const char *text)
{
    zip_source_t *s = zip_source_buffer(z, text, strlen(text), 0);
    assert_non_null(s);
    assert_true(zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) >= 0);
}

static void test_xlsx_handmade(void **state)
{
    (void)state;
    const char *p = path_of("hand.xlsx");
    int ze;
    zip_t *z = zip_open(p, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    assert_non_null(z);
    add_member(z, "[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>");
    add_member(z, "xl/workbook.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
               "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
               "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
               "<sheets><sheet name=\"Первый\" sheetId=\"7\" r:id=\"rId9\"/>"
               "<sheet name=\"Второй\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    add_member(z, "xl/_rels/workbook.xml.rels",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
               "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
               "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
               "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
               "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
               "relationships/worksheet\" Target=\"/xl/worksheets/data.xml\"/>"
               "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
               "relationships/sharedStrings\" Target=\"strings.xml\"/></Relationships>");
    add_member(z, "xl/strings.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
               "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\">"
               "<si><t>Код</t></si>"
               "<si><r><rPr><b/></rPr><t>Ақ</t></r><r><t xml:space=\"preserve\">төбе </t></r>"
               "<rPh sb=\"0\" eb=\"1\"><t>phonetic</t></rPh></si>"
               "<si/>"
               "<si><t>0012</t></si></sst>");
    add_member(z, "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
                                              "<is><t>wrong sheet</t></is></c></row></sheetData></worksheet>");
    add_member(z, "xl/worksheets/data.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
               "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
               "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"C2\"><v>42</v></c>"
               "<c r=\"D2\" t=\"b\"><v>1</v></c><c r=\"E2\" s=\"3\"/></row>"
               "<row r=\"3\"><c r=\"B3\" t=\"s\"><v>2</v></c></row>"
               "<row r=\"5\" spans=\"1:3\"><c r=\"A5\" t=\"s\"><v>3</v></c><c r=\"B5\" t=\"inlineStr\">"
               "<is><t>Әлия &amp; Ұлан</t></is></c><c r=\"C5\" t=\"s\"><v>1</v></c>"
               "<c r=\"D5\" t=\"str\"><f>A5&amp;\"x\"</f><v>0012x</v></c><c r=\"E5\" t=\"b\"><v>0</v></c>"
               "<c r=\"F5\"><v>3.25</v></c></row>"
               "<row r=\"6\"/>"
               "<row r=\"12\"><c r=\"AB12\" t=\"inlineStr\"><is><r><t>far</t></r><r><t> right</t></r></is></c></row>"
               "</sheetData><mergeCells count=\"0\"/></worksheet>");
    assert_int_equal(zip_close(z), 0);

    table_reader *r;
    at_error err;
    assert_int_equal(table_open(p, &r, &err), AT_OK);
    table_row row;
    assert_int_equal(table_next(r, &row, &err), AT_OK);
    assert_int_equal(row.line, 2);
    assert_int_equal(row.ncells, 4);
    assert_string_equal(row.cells[0], "Код");
    assert_string_equal(row.cells[1], "");
    assert_string_equal(row.cells[2], "42");
    assert_string_equal(row.cells[3], "TRUE");
    /* row 3 holds only an empty shared string: skipped */
    assert_int_equal(table_next(r, &row, &err), AT_OK);
    assert_int_equal(row.line, 5);
    assert_int_equal(row.ncells, 6);
    assert_string_equal(row.cells[0], "0012");
    assert_string_equal(row.cells[1], "Әлия & Ұлан");
    assert_string_equal(row.cells[2], "Ақтөбе ");
    assert_string_equal(row.cells[3], "0012x");
    assert_string_equal(row.cells[4], "FALSE");
    assert_string_equal(row.cells[5], "3.25");
    assert_int_equal(table_next(r, &row, &err), AT_OK);
    assert_int_equal(row.line, 12);
    assert_int_equal(row.ncells, 28);
    assert_string_equal(row.cells[27], "far right");
    assert_string_equal(row.cells[0], "");
    assert_int_equal(table_next(r, &row, &err), AT_ENOTFOUND);
    table_close(r);

    /* a shared string index past the table is an input error naming the row */
    z = zip_open(p, 0, &ze);
    assert_non_null(z);
    zip_source_t *s = zip_source_buffer(z,
                                        "<worksheet><sheetData><row r=\"4\"><c r=\"A4\" t=\"s\"><v>99</v></c>"
                                        "</row></sheetData></worksheet>",
                                        strlen("<worksheet><sheetData><row r=\"4\"><c r=\"A4\" t=\"s\"><v>99</v></c>"
                                               "</row></sheetData></worksheet>"),
                                        0);
    assert_true(zip_file_add(z, "xl/worksheets/data.xml", s, ZIP_FL_OVERWRITE) >= 0);
    assert_int_equal(zip_close(z), 0);
    assert_int_equal(table_open(p, &r, &err), AT_OK);
    assert_int_equal(table_next(r, &row, &err), AT_EINPUT);
    char want[600];
    snprintf(want, sizeof want, "%s:4", p);
    assert_string_equal(err.where, want);
    table_close(r);
}

static void test_xlsx_corrupt(void **state)
{
    (void)state;
    const char *p = path_of("bad.xlsx");
    FILE *f = fopen(p, "wb");
    fwrite("PK\x03\x04garbage, not a zip at all", 1, 30, f);
    fclose(f);
    table_reader *r = NULL;
    at_error err;
    assert_int_equal(table_open(p, &r, &err), AT_EINPUT);
    assert_null(r);
    assert_string_equal(err.where, p);

    /* truncated worksheet XML */
    p = path_of("trunc.xlsx");
    int ze;
    zip_t *z = zip_open(p, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    add_member(z, "xl/worksheets/sheet1.xml",
               "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v>");
    assert_int_equal(zip_close(z), 0);
    assert_int_equal(table_open(p, &r, &err), AT_OK);
    table_row row;
    assert_int_equal(table_next(r, &row, &err), AT_OK);
    assert_string_equal(row.cells[0], "1");
    assert_int_equal(table_next(r, &row, &err), AT_EINPUT);
    assert_non_null(strstr(err.msg, "XML"));
    table_close(r);

    /* a bad sheet name is refused */
    table_writer *w = NULL;
    table_write_opts o = {.format = TABLE_XLSX, .sheet_name = "a/b:c"};
    assert_int_equal(table_create(path_of("name.xlsx"), &o, &w, &err), AT_EINPUT);
    assert_null(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx_roundtrip),
        cmocka_unit_test(test_xlsx_handmade),
        cmocka_unit_test(test_xlsx_corrupt),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
