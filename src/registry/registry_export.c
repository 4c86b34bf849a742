/* registry_export.c — entities to CSV/XLSX, and import templates. Exports
 * write canonical values (codes, ISO dates, 1/0), which import reads back to
 * identical rows; headers are in the chosen language. */
#include "registry.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    table_writer *w;
    size_t n;
    long rows;
} export_ctx;

static int write_row(void *ctx, const char *const *values, at_error *err)
{
    export_ctx *c = ctx;
    c->rows++;
    return table_write_row(c->w, values, c->n, false, err);
}

static int open_writer(const entity_def *e, const char *path, const registry_export_opts *o, bool mark_required,
                       table_writer **w, at_error *err)
{
    table_write_opts wo = {.format = o->format, .delimiter = o->delimiter ? o->delimiter : ',', .bom = o->bom,
                           .sheet_name = e->name};
    int rc = table_create(path, &wo, w, err);
    if (rc != AT_OK)
        return rc;
    const char *hdr[ENTITY_MAX_FIELDS];
    char buf[ENTITY_MAX_FIELDS][128];
    for (size_t i = 0; i < e->nfields; i++) {
        const char *label = entity_field_label(&e->fields[i], o->lang ? o->lang : "en");
        snprintf(buf[i], sizeof buf[i], "%s%s", label, mark_required && e->fields[i].required ? "*" : "");
        hdr[i] = buf[i];
    }
    rc = table_write_row(*w, hdr, e->nfields, true, err);
    if (rc != AT_OK) {
        at_error ignored;
        table_finish(*w, &ignored);
        *w = NULL;
    }
    return rc;
}

int registry_export(store *s, const entity_def *e, const char *path, const registry_export_opts *o, long *rows,
                    at_error *err)
{
    export_ctx c = {.n = e->nfields};
    int rc = open_writer(e, path, o, false, &c.w, err);
    if (rc != AT_OK)
        return rc;
    store_query q = {.ordered = true};
    rc = store_each(s, e, &q, write_row, &c, err);
    at_error ferr;
    int frc = table_finish(c.w, &ferr);
    if (rc == AT_OK && frc != AT_OK) {
        *err = ferr;
        rc = frc;
    }
    if (rows)
        *rows = c.rows;
    return rc;
}

int registry_template(const entity_def *e, const char *path, const registry_export_opts *o, at_error *err)
{
    table_writer *w;
    int rc = open_writer(e, path, o, true, &w, err);
    if (rc != AT_OK)
        return rc;
    const char *example[ENTITY_MAX_FIELDS];
    for (size_t i = 0; i < e->nfields; i++) {
        const entity_field *f = &e->fields[i];
        example[i] = f->example ? f->example : "";
        /* Enum examples are shown as the label a person would type in that language. */
        if (f->type == FT_ENUM && f->values && example[i][0])
            for (const enum_value *v = f->values; v->code; v++)
                if (strcmp(v->code, example[i]) == 0 && o->lang && strcmp(o->lang, "en") != 0)
                    example[i] = entity_enum_label(v, o->lang);
    }
    rc = table_write_row(w, example, e->nfields, false, err);
    at_error ferr;
    int frc = table_finish(w, &ferr);
    if (rc == AT_OK && frc != AT_OK) {
        *err = ferr;
        rc = frc;
    }
    return rc;
}
