/* cmd_registry.c — import, export, template, list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "registry/registry.h"

static int find_entity(const char *name, const char *cmd, const entity_def **e, at_error *err)
{
    if (!name)
        return at_fail(err, AT_EUSAGE, cmd, "which entity? one of: municipalities, schools, participants, "
                                            "registrations, admissions, annual_marks, exam_points, rooms, staff");
    *e = entity_find(name);
    if (!*e)
        return at_fail(err, AT_EUSAGE, cmd, "no entity \"%s\"; expected one of: municipalities, schools, participants, "
                                            "registrations, admissions, annual_marks, exam_points, rooms, staff", name);
    return AT_OK;
}

static void column_letters(int col, char *out)
{
    char tmp[8];
    int n = 0;
    for (; col > 0 && n < 7; col = (col - 1) / 26)
        tmp[n++] = (char)('A' + (col - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = 0;
}

static void import_progress(void *ctx, long long done, long long total)
{
    cli_progress_update(ctx, done, total);
}

int cmd_import(cli_ctx *c, int argc, char **argv, at_error *err)
{
    bool dry = cli_flag(&argc, argv, "--dry-run");
    const char *max = cli_opt(&argc, argv, "--max-errors");
    int rc = cli_no_unknown(argc, argv, "import", err);
    const entity_def *e;
    if (rc != AT_OK || (rc = find_entity(argc > 1 ? argv[1] : NULL, "import", &e, err)) != AT_OK)
        return rc;
    if (argc < 3)
        return at_fail(err, AT_EUSAGE, "import", "which file?");
    const char *path = argv[2];
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    cli_progress bar;
    cli_progress_start(&bar, "importing", c->json);
    registry_import_opts o = {.dry_run = dry, .max_problems = max ? atol(max) : 0, .progress = import_progress,
                              .progress_ctx = &bar};
    registry_import_report rep;
    rc = registry_import(s, e, path, &o, &rep, err);
    cli_progress_end(&bar);
    store_close(s);
    if (rc != AT_OK && rep.nproblems == 0) {
        registry_report_free(&rep);
        return rc;
    }
    if (c->json) {
        json_t *probs = json_array();
        for (size_t i = 0; i < rep.nkept; i++) {
            registry_problem *p = &rep.problems[i];
            json_array_append_new(probs, json_pack("{s:I, s:i, s:s, s:s, s:s}", "line", (json_int_t)p->line, "column",
                                                   p->column, "column_name", p->column_name, "value", p->value,
                                                   "message", p->message));
        }
        json_t *out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:o}", "status",
                                rep.nproblems ? "rejected" : "ok", "entity", e->name, "file", path, "format", rep.format,
                                "encoding", rep.encoding, "delimiter", rep.delimiter, "dry_run", dry, "rows",
                                (json_int_t)rep.rows, "inserted", (json_int_t)rep.inserted, "updated",
                                (json_int_t)rep.updated, "unchanged", (json_int_t)rep.unchanged, "problems_total",
                                (json_int_t)rep.nproblems, "problems", probs);
        cli_print_json(out);
    } else {
        FILE *out = rep.nproblems ? stderr : stdout;
        if (rep.format[0] == 'c')
            fprintf(out, "%s: CSV, %s, delimiter \"%s\", %ld data row%s\n", path, rep.encoding,
                    strcmp(rep.delimiter, "tab") == 0 ? "\\t" : rep.delimiter, rep.rows, rep.rows == 1 ? "" : "s");
        else
            fprintf(out, "%s: XLSX, %ld data row%s\n", path, rep.rows, rep.rows == 1 ? "" : "s");
        for (size_t i = 0; i < rep.nkept; i++) {
            registry_problem *p = &rep.problems[i];
            char letters[8] = "";
            column_letters(p->column, letters);
            if (p->column > 0)
                fprintf(out, "%s:%ld:%d [%s] (%s) value \"%s\": %s\n", path, p->line, p->column, letters,
                        p->column_name, p->value, p->message);
            else
                fprintf(out, "%s:%ld: %s\n", path, p->line, p->message);
        }
        if (rep.nproblems > (long)rep.nkept)
            fprintf(out, "… and %ld more problems (raise --max-errors to see them)\n", rep.nproblems - (long)rep.nkept);
        if (rep.nproblems)
            fprintf(out, "%ld problem%s; nothing was imported\n", rep.nproblems, rep.nproblems == 1 ? "" : "s");
        else
            printf("%s %s: %ld new, %ld updated, %ld unchanged%s\n", dry ? "checked" : "imported", e->name,
                   rep.inserted, rep.updated, rep.unchanged, dry ? " (dry run: nothing written)" : "");
    }
    long n = rep.nproblems;
    registry_report_free(&rep);
    if (n) {
        /* The problems were printed; a short status line suffices. */
        c->reported = true;
        at_fail(err, AT_EINPUT, path, "rejected");
        err->where[0] = 0;
        snprintf(err->msg, sizeof err->msg, "%s rejected: %ld problem%s", path, n, n == 1 ? "" : "s");
        return AT_EINPUT;
    }
    return AT_OK;
}

static int parse_export_opts(int *argc, char **argv, const char *cmd, registry_export_opts *o, const char **path,
                             at_error *err)
{
    const char *format = cli_opt(argc, argv, "--format");
    *path = cli_opt(argc, argv, "-o");
    if (!*path)
        *path = cli_opt(argc, argv, "--output");
    const char *lang = cli_opt(argc, argv, "--lang");
    const char *delim = cli_opt(argc, argv, "--delimiter");
    o->bom = cli_flag(argc, argv, "--bom");
    if (!*path)
        return at_fail(err, AT_EUSAGE, cmd, "-o FILE is required");
    o->format = format ? (strcmp(format, "xlsx") == 0 ? TABLE_XLSX : TABLE_CSV) : table_format_for_name(*path);
    if (format && strcmp(format, "xlsx") != 0 && strcmp(format, "csv") != 0)
        return at_fail(err, AT_EUSAGE, "--format", "\"%s\": expected csv or xlsx", format);
    if (lang && strcmp(lang, "ru") != 0 && strcmp(lang, "kk") != 0 && strcmp(lang, "en") != 0)
        return at_fail(err, AT_EUSAGE, "--lang", "\"%s\": expected ru, kk or en", lang);
    o->lang = lang ? lang : "en";
    if (delim) {
        if (strcmp(delim, "tab") == 0 || strcmp(delim, "\\t") == 0)
            o->delimiter = '\t';
        else if (strlen(delim) == 1 && strchr(",;", delim[0]))
            o->delimiter = delim[0];
        else
            return at_fail(err, AT_EUSAGE, "--delimiter", "\"%s\": expected ',', ';' or tab", delim);
    }
    return cli_no_unknown(*argc, argv, cmd, err);
}

int cmd_export(cli_ctx *c, int argc, char **argv, at_error *err)
{
    registry_export_opts o = {0};
    const char *path;
    const entity_def *e;
    int rc = parse_export_opts(&argc, argv, "export", &o, &path, err);
    if (rc != AT_OK || (rc = find_entity(argc > 1 ? argv[1] : NULL, "export", &e, err)) != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    long rows = 0;
    rc = registry_export(s, e, path, &o, &rows, err);
    store_close(s);
    if (rc != AT_OK)
        return rc;
    if (c->json)
        cli_print_json(json_pack("{s:s, s:s, s:s, s:I}", "status", "ok", "entity", e->name, "file", path, "rows",
                                 (json_int_t)rows));
    else
        printf("exported %ld %s to %s\n", rows, e->name, path);
    return AT_OK;
}

int cmd_template(cli_ctx *c, int argc, char **argv, at_error *err)
{
    registry_export_opts o = {0};
    const char *path;
    const entity_def *e;
    int rc = parse_export_opts(&argc, argv, "template", &o, &path, err);
    if (rc != AT_OK || (rc = find_entity(argc > 1 ? argv[1] : NULL, "template", &e, err)) != AT_OK)
        return rc;
    if ((rc = registry_template(e, path, &o, err)) != AT_OK)
        return rc;
    if (c->json)
        cli_print_json(json_pack("{s:s, s:s, s:s}", "status", "ok", "entity", e->name, "file", path));
    else
        printf("template for %s written to %s\n", e->name, path);
    return AT_OK;
}

typedef struct {
    const entity_def *e;
    bool json;
    long n;
} list_ctx;

static int print_row(void *ctx, const char *const *v, at_error *err)
{
    list_ctx *l = ctx;
    if (l->json) {
        json_t *o = json_object();
        for (size_t i = 0; i < l->e->nfields; i++)
            json_object_set_new(o, l->e->fields[i].name, json_string(v[i]));
        char *t = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
        printf("%s\n  %s", l->n ? "," : "", t);
        free(t);
        json_decref(o);
    } else {
        for (size_t i = 0; i < l->e->nfields; i++)
            printf("%s%s", i ? "\t" : "", v[i]);
        putchar('\n');
    }
    l->n++;
    return AT_OK;
}

int cmd_list(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *search = cli_opt(&argc, argv, "--search");
    const char *where = cli_opt(&argc, argv, "--where");
    const char *limit = cli_opt(&argc, argv, "--limit");
    int rc = cli_no_unknown(argc, argv, "list", err);
    const entity_def *e;
    if (rc != AT_OK || (rc = find_entity(argc > 1 ? argv[1] : NULL, "list", &e, err)) != AT_OK)
        return rc;
    store_query q = {.search = search, .ordered = true, .limit = limit ? atol(limit) : 0};
    char field[64];
    if (where) {
        const char *eq = strchr(where, '=');
        if (!eq || eq == where || (size_t)(eq - where) >= sizeof field)
            return at_fail(err, AT_EUSAGE, "--where", "\"%s\": expected FIELD=VALUE", where);
        memcpy(field, where, (size_t)(eq - where));
        field[eq - where] = 0;
        q.field = field;
        q.value = eq + 1;
    }
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    list_ctx l = {.e = e, .json = c->json};
    if (c->json)
        printf("[");
    else
        for (size_t i = 0; i < e->nfields; i++)
            printf("%s%s", i ? "\t" : "", e->fields[i].name);
    if (!c->json)
        putchar('\n');
    rc = store_each(s, e, &q, print_row, &l, err);
    if (c->json)
        printf("%s]\n", l.n ? "\n" : "");
    store_close(s);
    return rc;
}

static const char *type_name(field_type t)
{
    static const char *const names[] = {"text", "code", "integer", "decimal", "yes/no", "date", "one of", "list of"};
    return names[t];
}

int cmd_fields(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *lang = cli_opt(&argc, argv, "--lang");
    int rc = cli_no_unknown(argc, argv, "fields", err);
    const entity_def *e;
    if (rc != AT_OK || (rc = find_entity(argc > 1 ? argv[1] : NULL, "fields", &e, err)) != AT_OK)
        return rc;
    if (!lang)
        lang = "ru";
    json_t *arr = json_array();
    for (size_t i = 0; i < e->nfields; i++) {
        const entity_field *f = &e->fields[i];
        json_t *values = json_array();
        char allowed[1024] = "";
        size_t u = 0;
        if (f->values)
            for (const enum_value *v = f->values; v->code; v++) {
                json_array_append_new(values, json_pack("{s:s, s:s, s:s, s:s}", "code", v->code, "ru", v->ru, "kk",
                                                        v->kk, "en", v->en));
                u += (size_t)snprintf(allowed + u, u < sizeof allowed ? sizeof allowed - u : 0, "%s%s (%s)",
                                      v == f->values ? "" : ", ", v->code, entity_enum_label(v, lang));
            }
        bool key = false;
        for (const int *k = e->key; *k >= 0; k++)
            key |= (size_t)*k == i;
        if (c->json)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s?, s:s, s:o}", "name", f->name,
                                                 "ru", f->ru, "kk", f->kk, "en", f->en, "type", type_name(f->type),
                                                 "required", f->required, "key", key, "references", f->ref,
                                                 "expected", f->help, "values", values));
        else {
            printf("%-18s %-30s %-8s %s%s%s%s\n", f->name, entity_field_label(f, lang), type_name(f->type),
                   f->required ? "required; " : "", key ? "key; " : "", f->help, f->ref ? " (must exist)" : "");
            if (allowed[0])
                printf("%-18s   %s\n", "", allowed);
            json_decref(values);
        }
    }
    if (c->json)
        cli_print_json(arr);
    else
        json_decref(arr);
    return AT_OK;
}
