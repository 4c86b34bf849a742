/* cmd_seat_export.c — `attest seat export`: a date's seating lists per room,
 * participants' notices, staff posts and material orders as CSV (Excel-ready,
 * with BOM and ';') or XLSX, or JSON on stdout. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "io/table.h"
#include "store/store_seat.h"

typedef struct {
    table_writer *w;
    json_t *arr;
    const char *cols[16];
    char names[16][64];
    int ncols;
    long rows;
} export_ctx;

static int on_header(void *ctx, const char *const *cells, int n, at_error *err)
{
    export_ctx *x = ctx;
    x->ncols = n;
    for (int i = 0; i < n; i++) {
        snprintf(x->names[i], sizeof x->names[i], "%s", cells[i]);
        x->cols[i] = x->names[i];
    }
    return x->w ? table_write_row(x->w, cells, (size_t)n, true, err) : AT_OK;
}

static int on_row(void *ctx, const char *const *cells, int n, at_error *err)
{
    export_ctx *x = ctx;
    x->rows++;
    if (x->w)
        return table_write_row(x->w, cells, (size_t)n, false, err);
    json_t *o = json_object();
    for (int i = 0; i < n; i++)
        json_object_set_new(o, x->cols[i], json_string(cells[i]));
    json_array_append_new(x->arr, o);
    return AT_OK;
}

int cmd_seat_export(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *date = cli_opt(&argc, argv, "--date");
    const char *what = cli_opt(&argc, argv, "--what");
    const char *format = cli_opt(&argc, argv, "--format");
    const char *out = cli_opt(&argc, argv, "-o");
    if (!out)
        out = cli_opt(&argc, argv, "--output");
    int rc = cli_no_unknown(argc, argv, "seat export", err);
    if (rc != AT_OK)
        return rc;
    if (!date || !what || (!out && !c->json))
        return at_fail(err, AT_EUSAGE, "seat export", "--date, --what and -o FILE (or --json) are required");
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    export_ctx x = {0};
    if (out) {
        table_write_opts o = {.format = format ? (strcmp(format, "xlsx") == 0 ? TABLE_XLSX : TABLE_CSV)
                                               : table_format_for_name(out),
                              .delimiter = ';', .bom = true, .sheet_name = what};
        rc = table_create(out, &o, &x.w, err);
    } else {
        x.arr = json_array();
    }
    if (rc == AT_OK)
        rc = store_seat_export(s, date, what, on_header, on_row, &x, err);
    if (x.w) {
        int k = table_finish(x.w, err);
        if (rc == AT_OK)
            rc = k;
    }
    if (rc == AT_OK && x.rows == 0)
        rc = at_fail(err, AT_EINPUT, date, "nothing to export: no %s for this date", what);
    if (rc == AT_OK) {
        if (x.arr) {
            cli_print_json(x.arr);
            x.arr = NULL;
        } else {
            printf("%s: %ld rows of %s for %s\n", out, x.rows, what, date);
        }
    }
    json_decref(x.arr);
    store_close(s);
    return rc;
}
