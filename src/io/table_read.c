/* table_read.c — opens a table file and hands rows out from the CSV or XLSX
 * reader chosen by the file's first bytes (a ZIP signature means XLSX). */
#include "io/table_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct table_reader {
    table_format fmt;
    csv_src *csv;
    xlsx_src *xlsx;
};

int table_open(const char *path, table_reader **out, at_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return at_fail(err, AT_EINPUT, path, "cannot open: %s", strerror(errno));
    unsigned char sig[4] = {0};
    size_t n = fread(sig, 1, sizeof sig, f);
    fclose(f);
    table_reader *r = calloc(1, sizeof *r);
    if (!r)
        return at_fail(err, AT_ENOMEM, path, "out of memory");
    int rc;
    if (n == 4 && memcmp(sig, "PK\x03\x04", 4) == 0) {
        r->fmt = TABLE_XLSX;
        rc = xlsx_src_open(path, &r->xlsx, err);
    } else {
        r->fmt = TABLE_CSV;
        rc = csv_src_open(path, &r->csv, err);
    }
    if (rc != AT_OK) {
        free(r);
        return rc;
    }
    *out = r;
    return AT_OK;
}

int table_next(table_reader *r, table_row *row, at_error *err)
{
    return r->fmt == TABLE_XLSX ? xlsx_src_next(r->xlsx, row, err) : csv_src_next(r->csv, row, err);
}

table_format table_format_of(const table_reader *r)
{
    return r->fmt;
}

const char *table_encoding(const table_reader *r)
{
    return r->fmt == TABLE_XLSX ? "UTF-8" : csv_src_encoding(r->csv);
}

char table_delimiter(const table_reader *r)
{
    return r->fmt == TABLE_XLSX ? '\0' : csv_src_delimiter(r->csv);
}

void table_progress(const table_reader *r, long long *done, long long *total)
{
    if (r->fmt == TABLE_XLSX)
        xlsx_src_progress(r->xlsx, done, total);
    else
        csv_src_progress(r->csv, done, total);
}

void table_close(table_reader *r)
{
    if (!r)
        return;
    if (r->csv)
        csv_src_close(r->csv);
    if (r->xlsx)
        xlsx_src_close(r->xlsx);
    free(r);
}

table_format table_format_for_name(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n >= 5 && strcasecmp(path + n - 5, ".xlsx") == 0 ? TABLE_XLSX : TABLE_CSV;
}

bool table_grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *nb = realloc(*buf, c * elem);
    if (!nb)
        return false;
    *buf = nb;
    *cap = c;
    return true;
}
