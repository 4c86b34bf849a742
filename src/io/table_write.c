/* table_write.c — CSV (UTF-8, optional BOM, "\r\n" line ends, libcsv quoting)
 * and XLSX (libxlsxwriter, constant-memory mode: rows are streamed to disk)
 * writers. XLSX cells are all written as strings so that codes such as
 * "0012" keep their leading zeros; a bold first row is frozen as the header. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <xlsxwriter.h>

#include "io/table.h"

#define XLSX_MIN_WIDTH 8.0
#define XLSX_MAX_WIDTH 60.0

struct table_writer {
    table_format fmt;
    char *path;
    /* CSV */
    FILE *f;
    char delim;
    char *qbuf;
    size_t qcap;
    /* XLSX */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold;
    lxw_row_t row;
    size_t *width;      /* widest cell per column, in characters */
    size_t nwidth;
};

static void writer_free(table_writer *w)
{
    if (!w)
        return;
    if (w->f)
        fclose(w->f);
    free(w->qbuf);
    free(w->width);
    free(w->path);
    free(w);
}

int table_create(const char *path, const table_write_opts *opts, table_writer **out, at_error *err)
{
    *out = NULL;
    table_write_opts def = {.format = TABLE_CSV, .delimiter = ','};
    if (!opts)
        opts = &def;
    table_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        return at_fail(err, AT_ENOMEM, path, "out of memory");
    }
    w->fmt = opts->format;
    if (w->fmt == TABLE_CSV) {
        w->delim = opts->delimiter ? opts->delimiter : ',';
        w->f = fopen(path, "wb");
        if (!w->f) {
            int e = errno;
            writer_free(w);
            return at_fail(err, AT_EINPUT, path, "cannot create: %s", strerror(e));
        }
        if (opts->bom && fwrite("\xEF\xBB\xBF", 1, 3, w->f) != 3) {
            writer_free(w);
            return at_fail(err, AT_EINTERNAL, path, "write error");
        }
        *out = w;
        return AT_OK;
    }
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    w->wb = workbook_new_opt(path, &wo);
    if (!w->wb) {
        writer_free(w);
        return at_fail(err, AT_EINTERNAL, path, "cannot create the XLSX workbook");
    }
    const char *name = opts->sheet_name && *opts->sheet_name ? opts->sheet_name : NULL;
    if (name) {
        lxw_error le = workbook_validate_sheet_name(w->wb, name);
        if (le != LXW_NO_ERROR) {
            workbook_close(w->wb); /* writes a file we do not want */
            remove(path);
            writer_free(w);
            return at_fail(err, AT_EINPUT, path, "bad sheet name \"%s\": %s", name, lxw_strerror(le));
        }
    }
    w->ws = workbook_add_worksheet(w->wb, name);
    w->bold = workbook_add_format(w->wb);
    if (!w->ws || !w->bold) {
        workbook_close(w->wb);
        remove(path);
        writer_free(w);
        return at_fail(err, AT_EINTERNAL, path, "cannot add a worksheet");
    }
    format_set_bold(w->bold);
    *out = w;
    return AT_OK;
}

static bool needs_quotes(const char *s, size_t len, char delim)
{
    if (len == 0)
        return false;
    /* the reader trims blanks around unquoted fields, so keep them by quoting */
    if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
        return true;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == delim || c == '"' || c == '\n' || c == '\r')
            return true;
    }
    return false;
}

static int csv_row(table_writer *w, const char *const *cells, size_t n, at_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const char *c = cells[i] ? cells[i] : "";
        size_t len = strlen(c);
        if (i > 0)
            putc(w->delim, w->f);
        if (!needs_quotes(c, len, w->delim)) {
            fwrite(c, 1, len, w->f);
            continue;
        }
        size_t need = csv_write2(w->qbuf, w->qcap, c, len, '"');
        if (need > w->qcap) {
            char *nb = realloc(w->qbuf, need);
            if (!nb)
                return at_fail(err, AT_ENOMEM, w->path, "out of memory");
            w->qbuf = nb;
            w->qcap = need;
            need = csv_write2(w->qbuf, w->qcap, c, len, '"');
        }
        fwrite(w->qbuf, 1, need, w->f);
    }
    fputs("\r\n", w->f);
    if (ferror(w->f))
        return at_fail(err, AT_EINTERNAL, w->path, "write error: %s", strerror(errno));
    return AT_OK;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int xlsx_row(table_writer *w, const char *const *cells, size_t n, bool bold, at_error *err)
{
    if (w->row >= LXW_ROW_MAX)
        return at_fail(err, AT_EINPUT, w->path, "more than %d rows do not fit in an XLSX sheet", LXW_ROW_MAX);
    if (n > LXW_COL_MAX)
        return at_fail(err, AT_EINPUT, w->path, "more than %d columns do not fit in an XLSX sheet", LXW_COL_MAX);
    if (n > w->nwidth) {
        size_t *nw = realloc(w->width, n * sizeof *nw);
        if (!nw)
            return at_fail(err, AT_ENOMEM, w->path, "out of memory");
        memset(nw + w->nwidth, 0, (n - w->nwidth) * sizeof *nw);
        w->width = nw;
        w->nwidth = n;
    }
    for (size_t i = 0; i < n; i++) {
        if (!cells[i] || !*cells[i])
            continue;
        lxw_error le = worksheet_write_string(w->ws, w->row, (lxw_col_t)i, cells[i], bold ? w->bold : NULL);
        if (le != LXW_NO_ERROR) {
            char where[AT_ERR_WHERE];
            snprintf(where, sizeof where, "%s:%lu:%zu", w->path, (unsigned long)w->row + 1, i + 1);
            return at_fail(err, AT_EINPUT, where, "cannot write cell: %s", lxw_strerror(le));
        }
        size_t c = utf8_chars(cells[i]);
        if (c > w->width[i])
            w->width[i] = c;
    }
    if (w->row == 0 && bold)
        worksheet_freeze_panes(w->ws, 1, 0);
    w->row++;
    return AT_OK;
}

int table_write_row(table_writer *w, const char *const *cells, size_t ncells, bool bold, at_error *err)
{
    return w->fmt == TABLE_CSV ? csv_row(w, cells, ncells, err) : xlsx_row(w, cells, ncells, bold, err);
}

int table_finish(table_writer *w, at_error *err)
{
    int rc = AT_OK;
    if (w->fmt == TABLE_CSV) {
        FILE *f = w->f;
        w->f = NULL;
        bool bad = ferror(f) != 0;
        if (fclose(f) != 0 || bad)
            rc = at_fail(err, AT_EINTERNAL, w->path, "write error: %s", strerror(errno));
    } else {
        for (size_t i = 0; i < w->nwidth; i++) {
            double wd = (double)w->width[i] + 2;
            wd = wd < XLSX_MIN_WIDTH ? XLSX_MIN_WIDTH : wd > XLSX_MAX_WIDTH ? XLSX_MAX_WIDTH : wd;
            worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, wd, NULL);
        }
        lxw_error le = workbook_close(w->wb);
        if (le != LXW_NO_ERROR)
            rc = at_fail(err, AT_EINTERNAL, w->path, "cannot write the XLSX file: %s", lxw_strerror(le));
    }
    writer_free(w);
    return rc;
}
