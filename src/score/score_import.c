/* score_import.c — papers, answer sheets and expert marks from files
 * (CSV/XLSX, columns in docs/results.md). Every row is checked; all problems
 * (up to SCORE_MAX_ERRORS) are reported as file:line (column) and then nothing
 * is written. Sheets stream: memory does not grow with the file. */
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/hashset.h"
#include "io/table.h"
#include "score_internal.h"

#define SCORE_MAX_ERRORS 20
/* Page cache of the mark imports and of sheet imports after the first: their
 * lookups (sheet, work, result of each row) go all over a database of a
 * region's results; with the store's default cache most of them miss at a
 * million sheets. (A first load of sheets only appends: it keeps the default.) */
#define SCORE_IMPORT_CACHE_MB 256

typedef struct {
    const char *path;
    int nerr;
    char first[AT_ERR_TEXT + AT_ERR_WHERE];
    char all[4096];
    size_t used;
} errlist;

static void add_err(errlist *l, long line, const char *col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add_err(errlist *l, long line, const char *col, const char *fmt, ...)
{
    l->nerr++;
    if (l->nerr > SCORE_MAX_ERRORS)
        return;
    char msg[AT_ERR_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int w = snprintf(l->all + l->used, sizeof l->all - l->used, "%s%s:%ld (%s): %s", l->used ? "\n" : "", l->path,
                     line, col, msg);
    if (w > 0 && (size_t)w < sizeof l->all - l->used)
        l->used += (size_t)w;
}

static int finish_errors(errlist *l, at_error *err)
{
    if (!l->nerr)
        return AT_OK;
    return at_fail(err, AT_EINPUT, l->path, "%d problem%s, nothing written:\n%s%s", l->nerr, l->nerr == 1 ? "" : "s",
                   l->all, l->nerr > SCORE_MAX_ERRORS ? "\n…" : "");
}

/* Column index of a header name, or -1. */
static int col_of(const table_row *h, const char *name)
{
    for (size_t i = 0; i < h->ncells; i++)
        if (strcasecmp(h->cells[i], name) == 0)
            return (int)i;
    return -1;
}

static const char *cell(const table_row *r, int i) { return i >= 0 && (size_t)i < r->ncells ? r->cells[i] : ""; }

static bool parse_int(const char *s, long lo, long hi, long *v)
{
    char *end;
    if (!*s)
        return false;
    *v = strtol(s, &end, 10);
    return !*end && *v >= lo && *v <= hi;
}

/* ---- papers ---- */

enum { PC_EXAM, PC_VARIANT, PC_KIND, PC_ITEM, PC_LABEL, PC_MAX, PC_KEY, PC_ALTS, PC_UNORD, PC_TOL, PC_PARTIAL, PC_PART, PC_N };
static const char *const paper_cols[PC_N] = {"exam", "variant", "kind", "item", "label", "max_points",
                                             "key", "alternatives", "unordered", "tolerance", "partial", "part"};

typedef struct {
    char exam[64], variant[64];
    int nshort, ncrit, maxsum;
    unsigned char seen[2][SCORE_ITEMS_MAX + 1];
    long line;
} variant_acc;

int score_import_papers(store *s, const char *path, long *items, at_error *err)
{
    *items = 0;
    table_reader *t;
    int rc = table_open(path, &t, err);
    if (rc != AT_OK)
        return rc;
    score_db d;
    if ((rc = sdb_open(&d, s, err)) != AT_OK) {
        table_close(t);
        return rc;
    }
    errlist el = {.path = path};
    table_row h, r;
    int col[PC_N];
    variant_acc *vars = NULL;
    size_t nvars = 0;
    bool began = false;
    if ((rc = table_next(t, &h, err)) != AT_OK) {
        rc = rc == AT_ENOTFOUND ? at_fail(err, AT_EINPUT, path, "empty file; expected a header") : rc;
        goto out;
    }
    for (int i = 0; i < PC_N; i++)
        if ((col[i] = col_of(&h, paper_cols[i])) < 0 && i <= PC_MAX)
            add_err(&el, h.line, paper_cols[i], "missing column \"%s\"", paper_cols[i]);
    if (el.nerr) {
        rc = finish_errors(&el, err);
        goto out;
    }
    if ((rc = store_begin(s, err)) != AT_OK)
        goto out;
    began = true;
    store_stmt *del = NULL, *ins = NULL;
    if ((rc = store_score_prepare(s, SS_PAPER_DELETE, &del, err)) != AT_OK ||
        (rc = store_score_prepare(s, SS_PAPER_INSERT, &ins, err)) != AT_OK) {
        store_finalize(del);
        goto out;
    }
    while ((rc = table_next(t, &r, err)) == AT_OK) {
        const char *exam = cell(&r, col[PC_EXAM]), *variant = cell(&r, col[PC_VARIANT]);
        const char *kind = cell(&r, col[PC_KIND]);
        const score_exam *e;
        at_error ee;
        if (sdb_exam(&d, exam, &e, &ee) != AT_OK) {
            add_err(&el, r.line, "exam", "%s", ee.msg);
            continue;
        }
        if (!*variant) {
            add_err(&el, r.line, "variant", "empty; expected the variant number");
            continue;
        }
        bool crit = strcmp(kind, "criterion") == 0;
        if (!crit && strcmp(kind, "short") != 0) {
            add_err(&el, r.line, "kind", "\"%s\"; expected short or criterion", kind);
            continue;
        }
        long item, maxp, unord = 0;
        if (!parse_int(cell(&r, col[PC_ITEM]), 1, SCORE_ITEMS_MAX, &item)) {
            add_err(&el, r.line, "item", "\"%s\"; expected a number 1..%d", cell(&r, col[PC_ITEM]), SCORE_ITEMS_MAX);
            continue;
        }
        if (!parse_int(cell(&r, col[PC_MAX]), 1, 100, &maxp)) {
            add_err(&el, r.line, "max_points", "\"%s\"; expected a number 1..100", cell(&r, col[PC_MAX]));
            continue;
        }
        const char *key = cell(&r, col[PC_KEY]), *tol = cell(&r, col[PC_TOL]), *partial = cell(&r, col[PC_PARTIAL]);
        const char *unords = cell(&r, col[PC_UNORD]);
        if (*unords && !parse_int(unords, 0, 1, &unord))
            add_err(&el, r.line, "unordered", "\"%s\"; expected 0 or 1", unords);
        char norm[SCORE_ANSWER_MAX * 2];
        if (!crit && (!*key || score_normalize(key, norm, sizeof norm) != AT_OK || !norm[0]))
            add_err(&el, r.line, "key", "\"%s\"; a short item needs a key (valid UTF-8, not only spaces)", key);
        if (crit && (*key || *tol || *partial || unord))
            add_err(&el, r.line, "key", "a criterion has no key, tolerance, partial credit or order rule");
        double tv = 0;
        if (*tol) {
            char *end;
            tv = strtod(tol, &end);
            if (*end || tv < 0 || score_normalize(key, norm, sizeof norm) != AT_OK || strtod(norm, &end) != strtod(norm, &end) || *end)
                add_err(&el, r.line, "tolerance", "\"%s\" for key \"%s\"; expected a number >= 0 and a numeric key", tol, key);
        }
        for (const char *p = partial; *p;) {
            int e1, p1, used;
            if (sscanf(p, "%d:%d%n", &e1, &p1, &used) != 2 || e1 < 1 || p1 < 0 || p1 >= maxp) {
                add_err(&el, r.line, "partial", "\"%s\"; expected errors:points pairs separated by ';' with points below max_points %ld",
                        partial, maxp);
                break;
            }
            p += used;
            if (*p == ';')
                p++;
            else if (*p) {
                add_err(&el, r.line, "partial", "\"%s\"; expected errors:points pairs separated by ';'", partial);
                break;
            }
        }
        variant_acc *v = NULL;
        for (size_t i = 0; i < nvars; i++)
            if (strcmp(vars[i].exam, exam) == 0 && strcmp(vars[i].variant, variant) == 0)
                v = &vars[i];
        if (!v) {
            variant_acc *nv = realloc(vars, (nvars + 1) * sizeof *nv);
            if (!nv) {
                rc = at_fail(err, AT_ENOMEM, path, "out of memory");
                break;
            }
            vars = nv;
            v = &vars[nvars++];
            memset(v, 0, sizeof *v);
            snprintf(v->exam, sizeof v->exam, "%s", exam);
            snprintf(v->variant, sizeof v->variant, "%s", variant);
            v->line = r.line;
            store_reset(del);
            store_bind_text(del, 1, exam);
            store_bind_text(del, 2, variant);
            if ((rc = store_step(del, err)) < 0)
                break;
        }
        if (v->seen[crit][item]) {
            add_err(&el, r.line, "item", "%s %ld appears twice in %s variant %s", kind, item, exam, variant);
            continue;
        }
        v->seen[crit][item] = 1;
        if (crit)
            v->ncrit++;
        else
            v->nshort++;
        v->maxsum += (int)maxp;
        const char *label = cell(&r, col[PC_LABEL]);
        char lbuf[16];
        snprintf(lbuf, sizeof lbuf, "%s%ld", crit ? "К" : "", item);
        store_reset(ins);
        const char *vals[] = {exam, variant, kind};
        for (int i = 0; i < 3; i++)
            store_bind_text(ins, i + 1, vals[i]);
        store_bind_int(ins, 4, item);
        store_bind_text(ins, 5, *label ? label : lbuf);
        store_bind_int(ins, 6, maxp);
        store_bind_text(ins, 7, key);
        store_bind_text(ins, 8, cell(&r, col[PC_ALTS]));
        store_bind_int(ins, 9, unord);
        if (*tol)
            store_bind_real(ins, 10, tv);
        store_bind_text(ins, 11, partial);
        store_bind_text(ins, 12, cell(&r, col[PC_PART]));
        if (el.nerr == 0 && (rc = store_step(ins, err)) < 0)
            break;
        rc = AT_OK;
        (*items)++;
    }
    store_finalize(del);
    store_finalize(ins);
    if (rc == AT_ENOTFOUND)
        rc = AT_OK;
    for (size_t i = 0; rc == AT_OK && i < nvars; i++) {
        variant_acc *v = &vars[i];
        for (int k = 0; k < 2; k++)
            for (int j = 1; j <= (k ? v->ncrit : v->nshort); j++)
                if (!v->seen[k][j]) {
                    add_err(&el, v->line, "item", "%s variant %s: %s items are not numbered 1..%d (no %d)", v->exam,
                            v->variant, k ? "criterion" : "short", k ? v->ncrit : v->nshort, j);
                    break;
                }
        const score_exam *e;
        sdb_exam(&d, v->exam, &e, err);
        if (e->subj && e->subj->scoring.present && v->maxsum != e->subj->scoring.primary_max)
            add_err(&el, v->line, "max_points", "%s variant %s adds up to %d points; the profile's scale for %s needs %d",
                    v->exam, v->variant, v->maxsum, e->subject, e->subj->scoring.primary_max);
        for (size_t j = 0; j < i; j++)
            if (strcmp(vars[j].exam, v->exam) == 0 && vars[j].maxsum != v->maxsum)
                add_err(&el, v->line, "max_points", "%s variant %s adds up to %d points, variant %s to %d; expected equal",
                        v->exam, v->variant, v->maxsum, vars[j].variant, vars[j].maxsum);
    }
    if (rc == AT_OK)
        rc = finish_errors(&el, err);
    if (rc == AT_OK)
        rc = store_log_change(s, "score paper", "paper_items", path, NULL, *items, 0, 0, err);
out:
    if (began) {
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    free(vars);
    sdb_close(&d);
    table_close(t);
    return rc;
}

/* ---- answer sheets ---- */

/* An anonymous work code: keyed BLAKE2b of exam and document under a secret
 * kept in the database, so a code reveals nothing and is stable. */
static int work_key(store *s, unsigned char key[crypto_generichash_KEYBYTES], at_error *err)
{
    char hex[2 * crypto_generichash_KEYBYTES + 1];
    at_error ignore;
    if (store_meta_get(s, "work_code_key", hex, sizeof hex, &ignore) == AT_OK &&
        sodium_hex2bin(key, crypto_generichash_KEYBYTES, hex, strlen(hex), NULL, NULL, NULL) == 0)
        return AT_OK;
    randombytes_buf(key, crypto_generichash_KEYBYTES);
    sodium_bin2hex(hex, sizeof hex, key, crypto_generichash_KEYBYTES);
    return store_meta_set(s, "work_code_key", hex, err);
}

static void work_code(const unsigned char *key, const char *exam, const char *doc, char out[24])
{
    unsigned char h[8];
    crypto_generichash_state st;
    crypto_generichash_init(&st, key, crypto_generichash_KEYBYTES, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)exam, strlen(exam) + 1);
    crypto_generichash_update(&st, (const unsigned char *)doc, strlen(doc));
    crypto_generichash_final(&st, h, sizeof h);
    static const char digits[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"; /* no I, O */
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | h[i];
    for (int i = 0; i < 12; i++) {
        out[i] = digits[v % 34];
        v /= 34;
    }
    out[12] = '\0';
}

int score_import_sheets(store *s, const char *path, score_progress_fn progress, void *pctx, long *sheets,
                        at_error *err)
{
    *sheets = 0;
    table_reader *t;
    int rc = table_open(path, &t, err);
    if (rc != AT_OK)
        return rc;
    score_db d;
    if ((rc = sdb_open(&d, s, err)) != AT_OK) {
        table_close(t);
        return rc;
    }
    errlist el = {.path = path};
    table_row h, r;
    bool began = false;
    hashset *seen = hashset_new();
    bool first = false;
    char *annul = NULL; /* first load: "exam\tdocument\tstatus\n" of the annulments, in file order */
    size_t nannul = 0, capannul = 0;
    unsigned char key[crypto_generichash_KEYBYTES];
    if ((rc = table_next(t, &h, err)) != AT_OK) {
        rc = rc == AT_ENOTFOUND ? at_fail(err, AT_EINPUT, path, "empty file; expected a header") : rc;
        goto out;
    }
    int ce = col_of(&h, "exam"), cd = col_of(&h, "document"), cv = col_of(&h, "variant"), cs = col_of(&h, "status"),
        ca = col_of(&h, "act");
    int first_answer = -1;
    for (size_t i = 0; i < h.ncells; i++)
        if (strcmp(h.cells[i], "1") == 0 || strcasecmp(h.cells[i], "a1") == 0) {
            first_answer = (int)i;
            break;
        }
    if (ce < 0 || cd < 0 || cv < 0) {
        rc = at_fail(err, AT_EINPUT, path, "header needs columns exam, document, variant (and status, act, 1..N)");
        goto out;
    }
    /* Every row written refers to rows read in this transaction: the sheet's
     * participant (looked up, or the row is refused) and exam (sdb_exam),
     * the retake's reserve exam (read from the schedule); so the backend need
     * not look each parent up again for every sheet, work and result
     * (store_begin_derived). */
    if (!seen || (rc = store_begin_derived(s, err)) != AT_OK) {
        rc = seen ? rc : at_fail(err, AT_ENOMEM, path, "out of memory");
        goto out;
    }
    began = true;
    if ((rc = work_key(s, key, err)) != AT_OK || (rc = sdb_prelude_cache(&d, err)) != AT_OK ||
        (rc = store_table_empty(s, "answer_sheets", &first, err)) != AT_OK ||
        (!first && (rc = store_cache_mb(s, SCORE_IMPORT_CACHE_MB, err)) != AT_OK))
        goto out;
    /* The first load (no sheets yet) writes the sheets, works and results
     * without their indexes and builds them at the end, each in one sorted
     * pass: nothing it asks during the load reads them (the file's duplicates
     * are caught by `seen`, the database has none), except the annulments,
     * which wait until the indexes are back. Later loads keep every index. */
    static const char *const bulk_tables[] = {"answer_sheets", "works", "results", "result_versions"};
    for (size_t i = 0; first && i < sizeof bulk_tables / sizeof *bulk_tables; i++) {
        bool empty;
        if ((rc = store_table_empty(s, bulk_tables[i], &empty, err)) != AT_OK ||
            (empty && (rc = store_bulk_begin_table(s, bulk_tables[i], true, err)) != AT_OK))
            goto out;
    }
    char now[40], answers[SCORE_ITEMS_MAX * (SCORE_ANSWER_MAX + 1)];
    store_now(now, sizeof now);
    long long done, total;
    while ((rc = table_next(t, &r, err)) == AT_OK) {
        const char *exam = cell(&r, ce), *doc = cell(&r, cd), *variant = cell(&r, cv);
        const char *status = cs >= 0 && *cell(&r, cs) ? cell(&r, cs) : "present", *act = cell(&r, ca);
        const score_exam *e;
        at_error ee;
        if (progress && (*sheets & 4095) == 0) {
            table_progress(t, &done, &total);
            progress(pctx, done, total);
        }
        if (sdb_exam(&d, exam, &e, &ee) != AT_OK) {
            add_err(&el, r.line, "exam", "%s", ee.msg);
            continue;
        }
        bool found;
        if ((rc = sdb_participant(&d, doc, &found, NULL, 0, err)) != AT_OK)
            break;
        if (!found) {
            add_err(&el, r.line, "document", "\"%s\": no such participant", doc);
            continue;
        }
        char k2[160];
        int kl = snprintf(k2, sizeof k2, "%s\t%s", exam, doc);
        long first_line;
        if (!hashset_add(seen, k2, (size_t)kl, r.line, &first_line)) {
            add_err(&el, r.line, "document", "%s already has a sheet for %s on line %ld", doc, exam, first_line);
            continue;
        }
        bool present = strcmp(status, "present") == 0;
        if (!present && strcmp(status, "absent") != 0 && strcmp(status, "removed") != 0 &&
            strcmp(status, "not_finished") != 0) {
            add_err(&el, r.line, "status", "\"%s\"; expected present, absent, removed or not_finished", status);
            continue;
        }
        if (strcmp(status, "removed") == 0 && !*act) {
            add_err(&el, r.line, "act", "a removal needs the act number");
            continue;
        }
        const score_paper *p = NULL;
        if (present) {
            if ((rc = sdb_paper(&d, exam, variant, &p, err)) != AT_OK)
                break;
            if (!p) {
                add_err(&el, r.line, "variant", "\"%s\": no paper for this variant of %s (attest score paper)", variant,
                        exam);
                continue;
            }
        }
        /* answers: the columns from the first answer column on */
        size_t used = 0, nans = first_answer >= 0 && r.ncells > (size_t)first_answer ? r.ncells - (size_t)first_answer : 0;
        bool bad = false;
        if (p && nans > p->nshort) {
            for (size_t i = p->nshort; i < nans; i++)
                if (*r.cells[first_answer + (int)i])
                    bad = true;
            if (bad) {
                add_err(&el, r.line, "answers", "%zu answers; variant %s has %zu short items", nans, variant, p->nshort);
                continue;
            }
            nans = p->nshort;
        }
        for (size_t i = 0; i < nans && !bad; i++) {
            const char *a = r.cells[first_answer + (int)i];
            size_t l = strlen(a);
            if (strchr(a, '\t') || l > SCORE_ANSWER_MAX || used + l + 1 >= sizeof answers) {
                add_err(&el, r.line, h.cells[first_answer + (int)i], "answer \"%.40s\" holds a tab or is too long", a);
                bad = true;
                break;
            }
            if (i)
                answers[used++] = '\t';
            memcpy(answers + used, a, l);
            used += l;
        }
        answers[used] = '\0';
        if (bad)
            continue;
        if (el.nerr)
            continue; /* keep checking, write nothing */
        store_stmt *st = sdb_stmt(&d, SS_SHEET_INSERT, err);
        if (!st) {
            rc = err->code;
            break;
        }
        const char *vals[] = {exam, doc, variant, status, act, present ? answers : NULL, now};
        for (int i = 0; i < 7; i++)
            store_bind_text(st, i + 1, vals[i]);
        if ((rc = store_step(st, err)) < 0) {
            add_err(&el, r.line, "document", "%s already has a sheet for %s in the database", doc, exam);
            rc = AT_OK;
            continue;
        }
        char work[24] = "";
        if (p && p->ncriteria) {
            char *code = work;
            work_code(key, exam, doc, code);
            if (!(st = sdb_stmt(&d, SS_WORK_INSERT, err))) {
                rc = err->code;
                break;
            }
            store_bind_text(st, 1, code);
            store_bind_text(st, 2, exam);
            store_bind_text(st, 3, doc);
            if ((rc = store_step(st, err)) < 0)
                break;
        }
        if (strcmp(status, "not_finished") == 0 || strcmp(status, "removed") == 0) {
            if (first) {
                size_t need = strlen(exam) + strlen(doc) + strlen(status) + 4;
                if (nannul + need > capannul) {
                    size_t cap = (capannul + need) * 2;
                    char *n = realloc(annul, cap);
                    if (!n) {
                        rc = at_fail(err, AT_ENOMEM, path, "out of memory");
                        break;
                    }
                    annul = n;
                    capannul = cap;
                }
                nannul += (size_t)sprintf(annul + nannul, "%s\t%s\t%s\n", exam, doc, status);
            } else if ((rc = score_annul_in(&d, exam, doc, status, NULL, err)) != AT_OK)
                break;
        }
        /* the sheet was inserted just now, so it had no result: score the
         * row in hand and write version 1 without reading anything back */
        score_result res;
        if ((rc = sdb_compute_sheet(&d, exam, doc, variant, status, present ? answers : "", work, &(sdb_tasks){NULL, 0},
                                &res, err)) !=
                AT_OK ||
            (rc = sdb_write_new(&d, exam, doc, &res, "answer sheet imported", err)) != AT_OK)
            break;
        (*sheets)++;
    }
    if (rc == AT_ENOTFOUND)
        rc = AT_OK;
    if (rc == AT_OK)
        rc = finish_errors(&el, err);
    if (rc == AT_OK && first)
        rc = store_bulk_end(s, err);
    for (char *line = annul, *end = annul + nannul; rc == AT_OK && line < end;) {
        char *nl = strchr(line, '\n'), *t1 = strchr(line, '\t'), *t2 = strchr(t1 + 1, '\t');
        *nl = *t1 = *t2 = '\0';
        rc = score_annul_in(&d, line, t1 + 1, t2 + 1, NULL, err);
        line = nl + 1;
    }
    if (rc == AT_OK)
        rc = store_log_change(s, "score import", "answer_sheets", path, NULL, *sheets, 0, 0, err);
out:
    if (began) {
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    free(annul);
    hashset_free(seen);
    sdb_close(&d);
    table_close(t);
    return rc;
}

/* ---- a table read in step with a file ----
 *
 * The marks of a region's works come in the order of its answer sheets
 * (scanned batches), which is the order the sheets, works and results were
 * written in, and so the order a plain scan of those tables reads them in. A
 * scan keeps the next SCAN_AHEAD rows of its table in a window and finds a
 * key the file asks for there, stepping forward past rows the file skips
 * (absent participants). A key not in the window is for the caller to look
 * up by key, and the window stays as it was (one row out of order does not
 * lose the rest); after SCAN_RESYNC such keys in a row (a long run of rows
 * the file skips: another exam's, an earlier file's batches) the scan reads
 * forward, up to SCAN_SKIP_MAX rows, to the key it was asked for. The scan
 * is a shortcut, and the file's order no promise: every row is found either
 * way. */
#define SCAN_AHEAD 64
#define SCAN_RESYNC 4
#define SCAN_SKIP_MAX 65536
#define SCAN_COLS 6
#define SCAN_ROW_BYTES 4096

typedef struct {
    char data[SCAN_ROW_BYTES];
    const char *col[SCAN_COLS]; /* into data; NULL for SQL NULL */
    bool fits;                  /* false: too long to keep, look it up */
} scan_row;

typedef struct {
    store_stmt *st;             /* columns 0, 1: exam, document */
    int ncols;
    scan_row *win;              /* ring of SCAN_AHEAD rows */
    size_t head, n;
    int misses;                 /* keys in a row not in the window */
    bool done;
} table_scan;

static int scan_open(score_db *d, table_scan *sc, store_score_stmt which, int ncols, at_error *err)
{
    memset(sc, 0, sizeof *sc);
    sc->ncols = ncols;
    if (!(sc->win = malloc(SCAN_AHEAD * sizeof *sc->win)))
        return at_fail(err, AT_ENOMEM, "score", "out of memory");
    return store_score_prepare(d->s, which, &sc->st, err);
}

static void scan_close(table_scan *sc)
{
    store_finalize(sc->st);
    free(sc->win);
    memset(sc, 0, sizeof *sc);
}

/* Reads the next row into the window (which has room); false at the end. */
static int scan_read(table_scan *sc, at_error *err)
{
    int rc = store_step(sc->st, err);
    if (rc <= 0) {
        sc->done = true;
        store_reset(sc->st); /* no statement left open when the table's rows are done */
        return rc;
    }
    scan_row *r = &sc->win[(sc->head + sc->n++) % SCAN_AHEAD];
    size_t used = 0;
    r->fits = true;
    for (int i = 0; i < sc->ncols; i++) {
        const char *v = store_col_text(sc->st, i);
        size_t l = v ? strlen(v) : 0;
        if (!v || used + l + 1 > sizeof r->data) {
            r->fits = r->fits && !v;
            r->col[i] = NULL;
            continue;
        }
        memcpy(r->data + used, v, l + 1);
        r->col[i] = r->data + used;
        used += l + 1;
    }
    return 1;
}

static bool row_is(const scan_row *r, const char *exam, const char *doc)
{
    return r->col[0] && r->col[1] && strcmp(r->col[1], doc) == 0 && strcmp(r->col[0], exam) == 0;
}

/* The row of (exam, doc) from the window, the rows before it passed over;
 * NULL (AT_OK) when it is not there. Valid until the next call. */
static int scan_find(table_scan *sc, const char *exam, const char *doc, const scan_row **out, at_error *err)
{
    *out = NULL;
    if (!sc->st)
        return AT_OK;
    int rc;
    for (size_t i = 0;; i++) {
        if (i == sc->n) {
            if (sc->done || sc->n == SCAN_AHEAD)
                break;
            if ((rc = scan_read(sc, err)) <= 0)
                return rc;
        }
        const scan_row *r = &sc->win[(sc->head + i) % SCAN_AHEAD];
        if (row_is(r, exam, doc)) {
            sc->head = (sc->head + i + 1) % SCAN_AHEAD;
            sc->n -= i + 1;
            sc->misses = 0;
            *out = r->fits ? r : NULL;
            return AT_OK;
        }
    }
    if (++sc->misses < SCAN_RESYNC || sc->done)
        return AT_OK;
    /* resync: forward to this key, the window's rows passed over */
    sc->misses = 0;
    for (long k = 0; k < SCAN_SKIP_MAX; k++) {
        sc->n = 0;
        if ((rc = scan_read(sc, err)) <= 0)
            return rc;
        const scan_row *r = &sc->win[sc->head];
        if (row_is(r, exam, doc)) {
            sc->n = 0;
            *out = r->fits ? r : NULL;
            return AT_OK;
        }
    }
    sc->n = 1; /* the last row read stays in the window */
    return AT_OK;
}

/* ---- expert marks from protocols: exam, document, expert, round, marks ---- */

/* The sheet, work and participant's school of one (exam, document), read
 * once for the 2–3 rows of its marks that come together. */
typedef struct {
    char exam[64], doc[64], variant[64], status[16], work[24], school[64]; /* as score_work holds them */
    char answers[SCORE_ITEMS_MAX * 16]; /* what sdb_compute keeps of a sheet */
    bool sheet, has_work;
} sheet_memo;

/* Where memo_load reads from: the sheets and works in step with the file,
 * each looked up by key when not found there. */
typedef struct {
    table_scan sheets;          /* exam, document, variant, status, act, answers */
    table_scan works;           /* exam, document, work */
} memo_source;

static const char *nz(const char *s) { return s ? s : ""; }

static int memo_load(score_db *d, memo_source *src, sheet_memo *m, const char *exam, const char *doc, at_error *err)
{
    if (m->exam[0] && strcmp(m->exam, exam) == 0 && strcmp(m->doc, doc) == 0)
        return AT_OK;
    m->exam[0] = m->doc[0] = m->variant[0] = m->status[0] = m->work[0] = m->school[0] = m->answers[0] = '\0';
    m->sheet = m->has_work = false;
    if (strlen(exam) >= sizeof m->exam || strlen(doc) >= sizeof m->doc)
        return AT_OK; /* no such sheet: codes are shorter */
    const scan_row *row;
    store_stmt *st = NULL;
    int rc = scan_find(&src->sheets, exam, doc, &row, err);
    if (rc != AT_OK)
        return rc;
    if (!row) {
        if (!(st = sdb_stmt(d, SS_SHEET_GET, err)))
            return err->code;
        store_bind_text(st, 1, exam);
        store_bind_text(st, 2, doc);
        if ((rc = store_step(st, err)) < 0)
            return rc;
    }
    snprintf(m->exam, sizeof m->exam, "%s", exam);
    snprintf(m->doc, sizeof m->doc, "%s", doc);
    if (!row && rc == 0)
        return AT_OK;
    m->sheet = true;
    /* SS_SHEET_GET: variant, status, act, answers; the scan: exam, document, then those */
    int c = row ? 2 : 0;
    snprintf(m->variant, sizeof m->variant, "%s", nz(row ? row->col[c] : store_col_text(st, c)));
    snprintf(m->status, sizeof m->status, "%s", nz(row ? row->col[c + 1] : store_col_text(st, c + 1)));
    snprintf(m->answers, sizeof m->answers, "%s", nz(row ? row->col[c + 3] : store_col_text(st, c + 3)));
    if ((rc = scan_find(&src->works, exam, doc, &row, err)) != AT_OK)
        return rc;
    if (row) {
        m->has_work = true;
        snprintf(m->work, sizeof m->work, "%s", nz(row->col[2]));
    } else {
        if ((rc = sdb_work_of(d, exam, doc, m->work, sizeof m->work, &m->has_work, err)) != AT_OK)
            return rc;
        if (!m->has_work)
            return AT_OK;
    }
    /* the school, for the rule that an expert does not mark their own school's works */
    bool found;
    return sdb_participant(d, doc, &found, m->school, sizeof m->school, err);
}

/* The marks of the work being read, kept on a first load (see below); the
 * rules allow one expert per round (1..3), so a work has at most 3. */
#define MARKS_GROUP_MAX SCORE_TASKS_MAX
typedef struct {
    sdb_task v[MARKS_GROUP_MAX];
    char text[MARKS_GROUP_MAX][2][SCORE_ITEMS_MAX * 4]; /* expert, marks */
    size_t n;
} marks_group;

static int task_order(const void *a, const void *b)
{
    const sdb_task *x = a, *y = b;
    return x->round != y->round ? (x->round > y->round) - (x->round < y->round) : strcmp(x->expert, y->expert);
}

/* The work as the rules see it, from memory: on a first load g holds every
 * task of the work (each one marked), as no task was stored before. */
static void group_work(const sheet_memo *m, const marks_group *g, score_work *w)
{
    memset(w, 0, sizeof *w);
    snprintf(w->code, sizeof w->code, "%s", m->work);
    snprintf(w->exam, sizeof w->exam, "%s", m->exam);
    snprintf(w->doc, sizeof w->doc, "%s", m->doc);
    snprintf(w->school, sizeof w->school, "%s", m->school);
    for (size_t i = 0; i < g->n; i++) {
        snprintf(w->task[i].expert, sizeof w->task[i].expert, "%s", g->v[i].expert);
        w->task[i].round = g->v[i].round;
        w->task[i].marked = true;
    }
    w->ntasks = (int)g->n;
}

/* A work's rows are all in: its result, and a third check when its marks
 * differ by the profile's rule (score_third_if_needed, as after `experts
 * mark`), then the result written. From g (a first load: all its tasks) the
 * work and its result come from memory; without g its tasks are read. No
 * expert to take the third check is an error of the work's last line. */
static int settle_marks(score_db *d, errlist *el, const sheet_memo *m, marks_group *g, long line, at_error *err)
{
    score_work w;
    score_result res;
    bool changed;
    int rc;
    if (g) {
        qsort(g->v, g->n, sizeof *g->v, task_order); /* in the order SS_TASKS_OF reads them */
        group_work(m, g, &w);
    } else if ((rc = score_work_get(d, m->work, m->exam, m->doc, &w, err)) != AT_OK)
        return rc;
    if ((rc = sdb_compute_sheet(d, m->exam, m->doc, m->variant, m->status, m->answers, m->work,
                                g ? &(sdb_tasks){g->v, g->n} : NULL, &res, err)) != AT_OK)
        return rc;
    at_error se = {0};
    if ((rc = score_third_if_needed(d, &w, &res, NULL, 0, &se)) == AT_EINPUT) {
        add_err(el, line, "marks", "%s", se.msg);
        return AT_OK;
    }
    if (rc != AT_OK) {
        *err = se;
        return rc;
    }
    return sdb_write_changed(d, m->exam, m->doc, &res, "expert marks imported", &changed, err);
}

int score_import_marks(store *s, const char *path, long *rows, at_error *err)
{
    *rows = 0;
    table_reader *t;
    int rc = table_open(path, &t, err);
    if (rc != AT_OK)
        return rc;
    score_db d;
    if ((rc = sdb_open(&d, s, err)) != AT_OK) {
        table_close(t);
        return rc;
    }
    errlist el = {.path = path};
    table_row h, r;
    bool began = false;
    sheet_memo *cur = calloc(1, sizeof *cur), *pend = calloc(1, sizeof *pend);
    marks_group *group = calloc(1, sizeof *group);
    memo_source src = {0};
    hashset *scored = NULL;
    bool bulk = false;
    long pend_line = 0;
    if (!cur || !pend || !group) {
        rc = at_fail(err, AT_ENOMEM, path, "out of memory");
        goto out;
    }
    if ((rc = table_next(t, &h, err)) != AT_OK) {
        rc = rc == AT_ENOTFOUND ? at_fail(err, AT_EINPUT, path, "empty file; expected a header") : rc;
        goto out;
    }
    int ce = col_of(&h, "exam"), cd = col_of(&h, "document"), cx = col_of(&h, "expert"), cr = col_of(&h, "round"),
        cm = col_of(&h, "marks");
    if (ce < 0 || cd < 0 || cx < 0 || cr < 0 || cm < 0) {
        rc = at_fail(err, AT_EINPUT, path, "header needs columns exam, document, expert, round, marks");
        goto out;
    }
    /* Every task written refers to a work read in this transaction (the
     * row's sheet and work, or refused) and an expert of the session's list,
     * read from staff (score_expert_may refuses any other; a third expert is
     * picked from it); results are updated without changing their keys: the
     * backend need not look up the parents again (store_begin_derived). */
    if ((rc = store_begin_derived(s, err)) != AT_OK)
        goto out;
    began = true;
    /* The first load (no expert task stored yet) writes the tasks without
     * their indexes and builds them at the end. Every row obeys the rules of
     * `experts mark` (score_expert_may) on either path; on a first load they
     * are checked from memory: the session's experts, the marks of the work
     * being read (`group`: its only tasks, as none were stored before) and
     * `scored`, the works already settled. Loads for a third check are
     * counted in memory from zero (d.tasks_new), so nothing reads the tasks
     * back. Should a work's rows not come together, the indexes are built
     * there and then and the rest of the file is read as a later load is:
     * score_put_mark reads each work's tasks. */
    if ((rc = store_cache_mb(s, SCORE_IMPORT_CACHE_MB, err)) != AT_OK ||
        (rc = store_table_empty(s, "expert_tasks", &bulk, err)) != AT_OK ||
        (bulk && (rc = store_bulk_begin_table(s, "expert_tasks", true, err)) != AT_OK))
        goto out;
    d.tasks_new = bulk;
    sdb_versions_hold(&d); /* nothing here reads them */
    if ((rc = sdb_prelude_cache(&d, err)) != AT_OK ||
        (rc = scan_open(&d, &src.sheets, SS_SHEETS_SCAN, 6, err)) != AT_OK ||
        (rc = scan_open(&d, &src.works, SS_WORKS_SCAN, 3, err)) != AT_OK)
        goto out;
    if (bulk && !(scored = hashset_new())) {
        rc = at_fail(err, AT_ENOMEM, path, "out of memory");
        goto out;
    }
    while ((rc = table_next(t, &r, err)) == AT_OK) {
        const char *exam = cell(&r, ce), *doc = cell(&r, cd), *expert = cell(&r, cx), *marks = cell(&r, cm);
        long round;
        if (!parse_int(cell(&r, cr), 1, 3, &round)) {
            add_err(&el, r.line, "round", "\"%s\"; expected 1, 2 or 3", cell(&r, cr));
            continue;
        }
        if ((rc = memo_load(&d, &src, cur, exam, doc, err)) != AT_OK)
            break;
        if (!cur->sheet) {
            add_err(&el, r.line, "document", "no answer sheet of %s for %s", doc, exam);
            continue;
        }
        const score_paper *p;
        if ((rc = sdb_paper(&d, exam, cur->variant, &p, err)) != AT_OK)
            break;
        int m[SCORE_ITEMS_MAX];
        char where[AT_ERR_WHERE];
        at_error me;
        snprintf(where, sizeof where, "marks");
        if (!p || !p->ncriteria || sdb_parse_marks(p, marks, m, where, &me) != AT_OK) {
            add_err(&el, r.line, "marks", "%s", p && p->ncriteria ? me.msg : "this paper has no criteria");
            continue;
        }
        if (!cur->has_work) {
            add_err(&el, r.line, "document", "no work of %s for %s", doc, exam);
            continue;
        }
        /* rows of one work come together: settle the previous work (result,
         * third check) when the work changes */
        bool same = pend->exam[0] && strcmp(pend->doc, doc) == 0 && strcmp(pend->exam, exam) == 0;
        if (pend->exam[0] && !same) {
            if ((rc = settle_marks(&d, &el, pend, bulk ? group : NULL, pend_line, err)) != AT_OK)
                break;
            if (bulk && !hashset_add(scored, pend->work, strlen(pend->work), 0, &(long){0})) {
                rc = at_fail(err, AT_EINTERNAL, path, "work %s settled twice", pend->work);
                break;
            }
            pend->exam[0] = '\0';
            group->n = 0;
        }
        if (bulk && !same && hashset_contains(scored, cur->work, strlen(cur->work))) {
            /* back again: its tasks are in the table, read them from now on */
            if ((rc = store_bulk_end(s, err)) != AT_OK)
                break;
            bulk = false;
        }
        /* the same rules as `experts mark`; rows already taken in count, so
         * a file cannot give a work twice to one expert */
        if (bulk) {
            score_work w;
            bool holds;
            const score_exam *e;
            group_work(cur, group, &w);
            if ((rc = score_expert_may(&d, &w, expert, (int)round, &holds, &me)) == AT_OK &&
                (rc = sdb_exam(&d, exam, &e, &me)) == AT_OK)
                rc = score_task_add(&d, cur->work, e->subject, expert, (int)round, 1, 0, marks, &me);
        } else
            rc = score_put_mark(&d, cur->work, exam, doc, expert, (int)round, marks, &me);
        if (rc == AT_EINPUT) {
            add_err(&el, r.line, "expert", "%s", me.msg);
            rc = AT_OK;
            continue;
        }
        if (rc != AT_OK) {
            *err = me;
            break;
        }
        (*rows)++;
        if (!pend->exam[0])
            memcpy(pend, cur, sizeof *pend);
        pend_line = r.line;
        if (bulk) {
            if (group->n == MARKS_GROUP_MAX) { /* the rules allow 3 */
                rc = at_fail(err, AT_EINTERNAL, path, "more than %d marks of work %s", MARKS_GROUP_MAX, cur->work);
                break;
            }
            size_t k = group->n++;
            snprintf(group->text[k][0], sizeof group->text[k][0], "%s", expert);
            snprintf(group->text[k][1], sizeof group->text[k][1], "%s", marks);
            group->v[k] = (sdb_task){(int)round, group->text[k][0], group->text[k][1]};
        }
    }
    if (rc == AT_ENOTFOUND)
        rc = AT_OK;
    scan_close(&src.sheets); /* no read left open at the commit */
    scan_close(&src.works);
    if (rc == AT_OK && pend->exam[0])
        rc = settle_marks(&d, &el, pend, bulk ? group : NULL, pend_line, err);
    if (rc == AT_OK)
        rc = finish_errors(&el, err);
    if (rc == AT_OK)
        rc = sdb_versions_flush(&d, err);
    if (rc == AT_OK)
        rc = store_log_change(s, "experts import", "expert_tasks", path, NULL, *rows, 0, 0, err);
out:
    if (began) {
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    scan_close(&src.sheets);
    scan_close(&src.works);
    free(cur);
    free(pend);
    free(group);
    hashset_free(scored);
    sdb_close(&d);
    table_close(t);
    return rc;
}
