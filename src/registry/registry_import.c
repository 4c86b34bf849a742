/* registry_import.c — one file → one transaction, all problems reported at once. */
#include "registry.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hashset.h"

#define CELL_MAX 1024
#define PROGRESS_EVERY 8192

typedef struct {
    char *doc;
    long line;
} touched;

typedef struct {
    const entity_def *e;
    registry_import_report *rep;
    long max_problems;
    /* current row, for problems reported by rule callbacks */
    long line;
    const int *field_col;       /* field → file column (0-based), -1 if absent */
    const char *const *headers;
    const char *const *raw;
    size_t nraw;
} import_ctx;

/* After truncation by snprintf, drop a partial UTF-8 sequence at the end. */
static void utf8_trim_tail(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need)
        s[i - 1] = 0;
}

static void add_problem(import_ctx *c, long line, int column, const char *column_name, const char *value,
                        const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void add_problem(import_ctx *c, long line, int column, const char *column_name, const char *value,
                        const char *fmt, ...)
{
    registry_import_report *r = c->rep;
    r->nproblems++;
    if ((long)r->nkept >= c->max_problems)
        return;
    registry_problem *p = &r->problems[r->nkept++];
    p->line = line;
    p->column = column;
    snprintf(p->column_name, sizeof p->column_name, "%s", column_name ? column_name : "");
    snprintf(p->value, sizeof p->value, "%s", value ? value : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof p->message, fmt, ap);
    va_end(ap);
    utf8_trim_tail(p->message);
    utf8_trim_tail(p->value);
    utf8_trim_tail(p->column_name);
}

/* A rule callback's problem, placed at the field's column when the file has it. */
static void rule_problem(void *ctx, int field, const char *message)
{
    import_ctx *c = ctx;
    int col = field >= 0 ? c->field_col[field] : -1;
    const char *value = col >= 0 && (size_t)col < c->nraw ? c->raw[col] : "";
    const char *name = col >= 0 ? c->headers[col] : field >= 0 ? c->e->fields[field].name : "";
    add_problem(c, c->line, col >= 0 ? col + 1 : 0, name, value, "%s", message);
}

static int hash_file(const char *path, char out[65])
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return AT_EINPUT;
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    static unsigned char buf[1 << 16];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        crypto_generichash_update(&h, buf, (size_t)n);
    close(fd);
    unsigned char d[32];
    crypto_generichash_final(&h, d, sizeof d);
    sodium_bin2hex(out, 65, d, sizeof d);
    return n < 0 ? AT_EINPUT : AT_OK;
}

void registry_report_free(registry_import_report *rep)
{
    if (rep) {
        free(rep->problems);
        rep->problems = NULL;
    }
}

typedef struct {
    store_lookup *lookup;   /* on the referenced entity */
    hashset *known;         /* keys already found, to spare the database */
    const entity_def *target;
} ref_check;

/* Valid rows wait in a batch and go to the database sorted by natural key:
 * B-tree inserts in key order touch each page once per batch instead of at
 * random, which is most of the cost of a large import. */
#define BATCH_ROWS 100000

/* A row in the arena: its key, then each value, all NUL-terminated. */
typedef struct {
    size_t off;
    long line;
    uint32_t key_len;
} batch_row;

typedef struct {
    batch_row *rows;
    size_t n;
    char *arena;
    size_t used, cap;
} batch;

static int batch_add(batch *b, const entity_def *e, const char *const *vals, const char *key, size_t key_len,
                     long line)
{
    size_t len[ENTITY_MAX_FIELDS], need = key_len + 1;
    for (size_t f = 0; f < e->nfields; f++)
        need += (len[f] = strlen(vals[f])) + 1;
    if (b->used + need > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1 << 22;
        while (cap < b->used + need)
            cap *= 2;
        char *a = realloc(b->arena, cap);
        if (!a)
            return AT_ENOMEM;
        b->arena = a;
        b->cap = cap;
    }
    if (!b->rows && !(b->rows = malloc(BATCH_ROWS * sizeof *b->rows)))
        return AT_ENOMEM;
    b->rows[b->n++] = (batch_row){b->used, line, (uint32_t)key_len};
    char *p = b->arena + b->used;
    memcpy(p, key, key_len);
    p[key_len] = 0;
    p += key_len + 1;
    for (size_t f = 0; f < e->nfields; f++) {
        memcpy(p, vals[f], len[f] + 1);
        p += len[f] + 1;
    }
    b->used += need;
    return AT_OK;
}

static int batch_cmp(const void *x, const void *y, void *arena)
{
    const batch_row *a = x, *b = y;
    const char *base = arena;
    size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
    int c = memcmp(base + a->off, base + b->off, n);
    return c ? c : (a->key_len > b->key_len) - (a->key_len < b->key_len);
}

static void batch_flush(batch *b, const entity_def *e, store_writer *w, import_ctx *c, at_error *err)
{
    if (b->n == 0)
        return;
    qsort_r(b->rows, b->n, sizeof *b->rows, batch_cmp, b->arena);
    const char *vp[ENTITY_MAX_FIELDS];
    for (size_t i = 0; i < b->n; i++) {
        batch_row *r = &b->rows[i];
        const char *p = b->arena + r->off + r->key_len + 1;
        for (size_t f = 0; f < e->nfields; f++) {
            vp[f] = p;
            p += strlen(p) + 1;
        }
        store_put_result res;
        if (store_writer_put(w, vp, &res, err) != AT_OK) {
            add_problem(c, r->line, 0, "", "", "%s", err->msg);
            continue;
        }
        c->rep->inserted += res == STORE_INSERTED;
        c->rep->updated += res == STORE_UPDATED;
        c->rep->unchanged += res == STORE_UNCHANGED;
    }
    b->n = 0;
    b->used = 0;
}

int registry_import(store *s, const entity_def *e, const char *path, const registry_import_opts *o,
                    registry_import_report *rep, at_error *err)
{
    memset(rep, 0, sizeof *rep);
    snprintf(rep->file, sizeof rep->file, "%s", path);
    registry_import_opts defaults = {0};
    if (!o)
        o = &defaults;
    import_ctx c = {.e = e, .rep = rep,
                    .max_problems = o->max_problems > 0 ? o->max_problems : REGISTRY_MAX_PROBLEMS_DEFAULT};
    rep->problems = calloc((size_t)c.max_problems, sizeof *rep->problems);
    if (!rep->problems)
        return at_fail(err, AT_ENOMEM, path, "out of memory");

    table_reader *tr = NULL;
    int rc = table_open(path, &tr, err);
    if (rc != AT_OK)
        return rc;
    bool xlsx = table_format_of(tr) == TABLE_XLSX;
    snprintf(rep->format, sizeof rep->format, "%s", xlsx ? "xlsx" : "csv");
    if (!xlsx) {
        snprintf(rep->encoding, sizeof rep->encoding, "%s", table_encoding(tr));
        char d = table_delimiter(tr);
        snprintf(rep->delimiter, sizeof rep->delimiter, "%s", d == '\t' ? "tab" : (char[]){d, 0});
    }

    /* ---- header ---- */
    table_row row;
    rc = table_next(tr, &row, err);
    if (rc == AT_ENOTFOUND) {
        table_close(tr);
        return at_fail(err, AT_EINPUT, path, "the file is empty; expected a header row and data rows");
    }
    if (rc != AT_OK) {
        table_close(tr);
        return rc;
    }
    size_t ncols = row.ncells;
    char **headers = calloc(ncols ? ncols : 1, sizeof *headers);
    int *col_field = calloc(ncols ? ncols : 1, sizeof *col_field);
    int field_col[ENTITY_MAX_FIELDS];
    for (size_t f = 0; f < ENTITY_MAX_FIELDS; f++)
        field_col[f] = -1;
    for (size_t i = 0; i < ncols; i++) {
        headers[i] = strdup(row.cells[i]);
        col_field[i] = entity_match_header(e, row.cells[i]);
        int f = col_field[i];
        if (f >= 0 && field_col[f] >= 0) {
            add_problem(&c, row.line, (int)i + 1, row.cells[i], row.cells[i],
                        "column repeats column %d (both are \"%s\")", field_col[f] + 1, e->fields[f].name);
            col_field[i] = -1;
        } else if (f >= 0)
            field_col[f] = (int)i;
    }
    c.field_col = field_col;
    c.headers = (const char *const *)headers;
    long header_line = row.line;
    for (size_t f = 0; f < e->nfields; f++)
        if (e->fields[f].required && field_col[f] < 0)
            add_problem(&c, header_line, 0, e->fields[f].ru, "",
                        "required column \"%s\" (%s / %s) is missing", e->fields[f].ru, e->fields[f].kk,
                        e->fields[f].name);
    bool any_column = false;
    for (size_t f = 0; f < e->nfields; f++)
        any_column |= field_col[f] >= 0;

    /* ---- state for the rows ---- */
    registry_rules *rules = NULL;
    store_writer *writer = NULL;
    ref_check refs[ENTITY_MAX_FIELDS] = {{0}};
    hashset *keys = hashset_new();
    hashset *touched_set = NULL;
    touched *touched_list = NULL;
    size_t ntouched = 0, touched_cap = 0;
    bool track_participants = strcmp(e->name, "registrations") == 0;
    if (track_participants)
        touched_set = hashset_new();
    bool in_tx = false, bulk = false;
    batch pending = {0};

    if (!any_column)
        goto finish; /* nothing recognisable: the header problems say it all */
    if ((rc = registry_rules_open(s, &rules, err)) != AT_OK)
        goto fail;
    for (size_t f = 0; f < e->nfields; f++)
        if (e->fields[f].ref) {
            refs[f].target = entity_find(e->fields[f].ref);
            refs[f].known = hashset_new();
            if ((rc = store_lookup_open(s, refs[f].target, &refs[f].lookup, err)) != AT_OK)
                goto fail;
        }
    if ((rc = store_begin(s, err)) != AT_OK)
        goto fail;
    in_tx = true;
    long existing = 0;
    if ((rc = store_count(s, e, NULL, &existing, err)) != AT_OK)
        goto fail;
    if (existing == 0) {
        /* A first load: every index, the natural key's included, is built once
         * at the end; keys are unique because duplicates in the file are
         * rejected below, and the table was empty. */
        if ((rc = store_bulk_begin(s, e, true, err)) != AT_OK)
            goto fail;
        bulk = true;
        rc = store_writer_open_append(s, e, &writer, err);
    } else
        rc = store_writer_open(s, e, &writer, err);
    if (rc != AT_OK)
        goto fail;

    static char vals[ENTITY_MAX_FIELDS][CELL_MAX];
    const char *vp[ENTITY_MAX_FIELDS];
    char expected[1200];
    for (;;) {
        rc = table_next(tr, &row, err);
        if (rc == AT_ENOTFOUND)
            break;
        if (rc != AT_OK)
            goto fail;
        rep->rows++;
        c.line = row.line;
        c.raw = row.cells;
        c.nraw = row.ncells;
        long before = rep->nproblems;
        for (size_t f = 0; f < e->nfields; f++) {
            vals[f][0] = 0;
            vp[f] = vals[f];
            int col = field_col[f];
            if (col < 0)
                continue;
            const char *raw = (size_t)col < row.ncells ? row.cells[col] : "";
            const entity_field *fd = &e->fields[f];
            if (entity_normalize(fd, raw, vals[f], CELL_MAX, expected, sizeof expected) != AT_OK) {
                add_problem(&c, row.line, col + 1, headers[col], raw, "expected %s", expected);
                vals[f][0] = 0;
                continue;
            }
            if (!vals[f][0]) {
                if (fd->required)
                    add_problem(&c, row.line, col + 1, headers[col], "", "a value is required: %s", fd->help);
                continue;
            }
            if (fd->ref) {
                size_t len = strlen(vals[f]);
                if (!hashset_contains(refs[f].known, vals[f], len)) {
                    bool found;
                    const char *key[1] = {vals[f]};
                    if ((rc = store_lookup_get(refs[f].lookup, key, &found, NULL, err)) != AT_OK)
                        goto fail;
                    if (found)
                        hashset_add(refs[f].known, vals[f], len, 0, NULL);
                    else
                        add_problem(&c, row.line, col + 1, headers[col], raw,
                                    "\"%s\" is not among the %s in the database (import %s first)",
                                    vals[f], refs[f].target->en, refs[f].target->name);
                }
            }
        }
        /* duplicate natural key inside the file (checked even when other
         * fields of the row are wrong, as long as the key itself is readable) */
        bool key_ok = true;
        char key[CELL_MAX * 3];
        size_t kl = 0;
        for (const int *k = e->key; *k >= 0; k++) {
            size_t vl = strlen(vals[*k]);
            key_ok &= vl > 0 && kl + vl + 1 < sizeof key;
            if (!key_ok)
                break;
            memcpy(key + kl, vals[*k], vl);
            key[kl + vl] = '\x1f';
            kl += vl + 1;
        }
        long first_line;
        if (key_ok && kl < sizeof key && !hashset_add(keys, key, kl, row.line, &first_line)) {
            int col = field_col[e->key[0]];
            add_problem(&c, row.line, col + 1, col >= 0 ? headers[col] : "", vals[e->key[0]],
                        "duplicate: line %ld already has the same %s", first_line,
                        e->key[1] >= 0 ? "key" : e->fields[e->key[0]].en);
        }
        if (rep->nproblems > before)
            goto next; /* rule checks on half-valid rows only add noise */
        registry_rules_set_line(rules, row.line);
        if ((rc = registry_rules_check_row(rules, e, vp, rule_problem, &c, err)) != AT_OK)
            goto fail;
        if (rep->nproblems > before)
            goto next;
        /* Valid rows are written even after problems elsewhere (the transaction is
         * rolled back then), so whole-participant checks still see them. */
        if (batch_add(&pending, e, vp, key, kl, row.line) != AT_OK) {
            rc = at_fail(err, AT_ENOMEM, path, "out of memory");
            goto fail;
        }
        if (pending.n == BATCH_ROWS)
            batch_flush(&pending, e, writer, &c, err);
        if (track_participants) {
            const char *doc = vals[R_DOCUMENT];
            if (hashset_add(touched_set, doc, strlen(doc), row.line, NULL)) {
                if (ntouched == touched_cap) {
                    touched_cap = touched_cap ? touched_cap * 2 : 1024;
                    touched *t = realloc(touched_list, touched_cap * sizeof *t);
                    if (!t) {
                        rc = at_fail(err, AT_ENOMEM, path, "out of memory");
                        goto fail;
                    }
                    touched_list = t;
                }
                touched_list[ntouched++] = (touched){strdup(doc), row.line};
            }
        }
    next:
        if (o->progress && rep->rows % PROGRESS_EVERY == 0) {
            long long done, total;
            table_progress(tr, &done, &total);
            o->progress(o->progress_ctx, done, total);
        }
    }
    batch_flush(&pending, e, writer, &c, err);
    if (bulk && (rc = store_bulk_end(s, err)) != AT_OK)
        goto fail;
    bulk = false;
    /* whole-participant rules over the registrations as they now stand */
    for (size_t i = 0; i < ntouched; i++) {
        c.line = touched_list[i].line;
        c.raw = NULL;
        c.nraw = 0;
        if ((rc = registry_rules_check_participant(rules, touched_list[i].doc, rule_problem, &c, err)) != AT_OK)
            goto fail;
    }
    if (o->progress) {
        long long done, total;
        table_progress(tr, &done, &total);
        o->progress(o->progress_ctx, total, total);
    }

finish:
    rc = AT_OK;
    if (rep->nproblems == 0 && !o->dry_run && in_tx) {
        char hash[65] = "";
        hash_file(path, hash);
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        rc = store_log_change(s, "import", e->name, base, hash, rep->inserted, rep->updated, rep->unchanged, err);
        store_writer_close(writer);
        writer = NULL;
        if (rc == AT_OK)
            rc = store_commit(s, err);
        if (rc == AT_OK) {
            rep->written = true;
            in_tx = false;
        }
    } else if (rep->nproblems > 0)
        rc = at_fail(err, AT_EINPUT, path, "%ld problem%s found; nothing was imported", rep->nproblems,
                     rep->nproblems == 1 ? "" : "s");
fail:
    free(pending.rows);
    free(pending.arena);
    store_writer_close(writer);
    if (in_tx)
        store_rollback(s);
    for (size_t f = 0; f < ENTITY_MAX_FIELDS; f++) {
        store_lookup_close(refs[f].lookup);
        hashset_free(refs[f].known);
    }
    registry_rules_close(rules);
    hashset_free(keys);
    hashset_free(touched_set);
    for (size_t i = 0; i < ntouched; i++)
        free(touched_list[i].doc);
    free(touched_list);
    for (size_t i = 0; i < ncols; i++)
        free(headers[i]);
    free(headers);
    free(col_field);
    table_close(tr);
    return rc;
}
