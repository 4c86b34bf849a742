/* store_sqlite.c — the SQLite implementation of store.h. */
#include "store.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <pwd.h>

#include "core/text.h"
#include "embedded_migrations.h"
#include "store_internal.h"

#define SQL_MAX 8192

struct store_writer {
    store *s;
    const entity_def *e;
    sqlite3_stmt *ins, *upd;
    int upd_index[ENTITY_MAX_FIELDS]; /* bind position of each field in upd */
};

struct store_lookup {
    store *s;
    const entity_def *e;
    sqlite3_stmt *sel;
    char *vals[ENTITY_MAX_FIELDS];
    char buf[ENTITY_MAX_FIELDS][64];
};

int store_db_fail(store *s, at_error *err, const char *what)
{
    return at_fail(err, AT_EINTERNAL, s->path, "%s: %s", what, sqlite3_errmsg(s->db));
}

int store_exec(store *s, const char *sql, at_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = at_fail(err, AT_EINTERNAL, s->path, "database: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return rc;
    }
    return AT_OK;
}

void store_now_iso(char *buf, size_t n)
{
    /* ATTEST_NOW fixes the clock (tests, reproducible demos): two runs with
     * the same inputs then write byte-identical databases */
    const char *fixed = getenv("ATTEST_NOW");
    if (fixed && strlen(fixed) == 20 && fixed[4] == '-' && fixed[10] == 'T' && fixed[19] == 'Z') {
        snprintf(buf, n, "%s", fixed);
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- collation and search functions available to SQL ---- */
static int collate_at_name(void *ctx, int alen, const void *a, int blen, const void *b)
{
    return text_compare(ctx, a, (size_t)alen, b, (size_t)blen);
}

static void fn_contains_ci(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    const char *h = (const char *)sqlite3_value_text(argv[0]);
    const char *n = (const char *)sqlite3_value_text(argv[1]);
    sqlite3_result_int(c, h && n && text_contains_ci(h, n));
}

int store_set_collation(store *s, const char *lang, at_error *err)
{
    text_collator *c = NULL;
    int rc = text_collator_open(lang, &c, err);
    if (rc != AT_OK)
        return rc;
    if (sqlite3_create_collation(s->db, "at_name", SQLITE_UTF8, c, collate_at_name) != SQLITE_OK) {
        text_collator_close(c);
        return store_db_fail(s, err, "registering collation");
    }
    text_collator_close(s->coll);
    s->coll = c;
    return AT_OK;
}

static int has_table(store *s, const char *name, bool *yes, at_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st, NULL) != SQLITE_OK)
        return store_db_fail(s, err, "reading schema");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *yes = rc == SQLITE_ROW;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? AT_OK : store_db_fail(s, err, "reading schema");
}

int store_open(const char *path, store_mode mode, store **out, at_error *err)
{
    *out = NULL;
    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (mode == STORE_OPEN_EXISTING && !exists)
        return at_fail(err, AT_ENOTFOUND, path, "no database here; create one with: attest --db %s init --country ru|kz --year YYYY", path);
    if (mode == STORE_CREATE && exists && sb.st_size > 0)
        return at_fail(err, AT_EINPUT, path, "a file already exists here; choose another --db path or remove it");
    store *s = calloc(1, sizeof *s);
    if (!s)
        return at_fail(err, AT_ENOMEM, path, "out of memory");
    snprintf(s->path, sizeof s->path, "%s", path);
    const char *actor = getenv("ATTEST_ACTOR");
    if (!actor) {
        struct passwd *pw = getpwuid(getuid());
        actor = pw ? pw->pw_name : "unknown";
    }
    snprintf(s->actor, sizeof s->actor, "cli:%s", actor);
    /* NOMUTEX: a store (one connection) is used by one thread at a time, so
     * SQLite's per-call connection mutex only costs (a lock per column read). */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == STORE_OPEN_EXISTING ? 0 : SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        int rc = at_fail(err, AT_EINPUT, path, "cannot open database: %s", s->db ? sqlite3_errmsg(s->db) : "out of memory");
        store_close(s);
        return rc;
    }
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    int rc = store_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                     "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;", err);
    if (rc == AT_OK && sqlite3_create_function(s->db, "at_contains_ci", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                               NULL, fn_contains_ci, NULL, NULL) != SQLITE_OK)
        rc = store_db_fail(s, err, "registering functions");
    if (rc == AT_OK && mode == STORE_OPEN_EXISTING) {
        int v = 0;
        rc = store_schema_version(s, &v, err);
        if (rc == AT_OK && v == 0)
            rc = at_fail(err, AT_EINPUT, path, "not an attest database (no schema); create one with attest init");
        else if (rc == AT_OK && v < store_latest_version())
            rc = at_fail(err, AT_EINPUT, path, "database schema is version %d, this attest needs %d: run attest migrate", v, store_latest_version());
        else if (rc == AT_OK && v > store_latest_version())
            rc = at_fail(err, AT_EINPUT, path, "database schema is version %d, newer than this attest (%d): upgrade attest", v, store_latest_version());
    }
    if (rc == AT_OK) {
        char lang[16];
        at_error e2;
        if (store_meta_get(s, "language", lang, sizeof lang, &e2) != AT_OK)
            snprintf(lang, sizeof lang, "ru");
        rc = store_set_collation(s, lang, err);
    }
    if (rc != AT_OK) {
        store_close(s);
        return rc;
    }
    *out = s;
    return AT_OK;
}

void store_close(store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ndeferred; i++)
        free(s->deferred_index[i]);
    sqlite3_close(s->db); /* after all statements are finalised */
    text_collator_close(s->coll);
    free(s);
}

/* ---- migrations ---- */
static int migration_version(const char *name)
{
    return atoi(name); /* "001_registry.sql" → 1 */
}

int store_latest_version(void)
{
    int v = 0;
    for (size_t i = 0; i < at_embedded_migrations_count; i++)
        if (migration_version(at_embedded_migrations[i].name) > v)
            v = migration_version(at_embedded_migrations[i].name);
    return v;
}

int store_schema_version(store *s, int *version, at_error *err)
{
    bool yes = false;
    int rc = has_table(s, "schema_migrations", &yes, err);
    *version = 0;
    if (rc != AT_OK || !yes)
        return rc;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1, &st, NULL) != SQLITE_OK)
        return store_db_fail(s, err, "reading schema version");
    if (sqlite3_step(st) == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return AT_OK;
}

int store_migrate(store *s, int *from, int *to, at_error *err)
{
    int rc = store_exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                     "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", err);
    int v = 0;
    if (rc == AT_OK)
        rc = store_schema_version(s, &v, err);
    if (rc != AT_OK)
        return rc;
    *from = v;
    /* Embedded migrations are sorted by name, hence by number. */
    for (size_t i = 0; i < at_embedded_migrations_count; i++) {
        const at_embedded_file *m = &at_embedded_migrations[i];
        int mv = migration_version(m->name);
        if (mv <= v)
            continue;
        if ((rc = store_begin(s, err)) != AT_OK)
            return rc;
        rc = store_exec(s, (const char *)m->data, err);
        if (rc == AT_OK) {
            sqlite3_stmt *st;
            char at[32];
            store_now_iso(at, sizeof at);
            if (sqlite3_prepare_v2(s->db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
                rc = store_db_fail(s, err, "recording migration");
            else {
                sqlite3_bind_int(st, 1, mv);
                sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 3, at, -1, SQLITE_TRANSIENT);
                if (sqlite3_step(st) != SQLITE_DONE)
                    rc = store_db_fail(s, err, "recording migration");
                sqlite3_finalize(st);
            }
        }
        if (rc != AT_OK) {
            store_rollback(s);
            snprintf(err->where, sizeof err->where, "migration %s", m->name);
            return rc;
        }
        if ((rc = store_commit(s, err)) != AT_OK)
            return rc;
        v = mv;
    }
    *to = v;
    return AT_OK;
}

/* ---- meta and profiles ---- */
int store_meta_set(store *s, const char *key, const char *value, at_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", -1, &st, NULL) != SQLITE_OK)
        return store_db_fail(s, err, "writing settings");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? AT_OK : store_db_fail(s, err, "writing settings");
    sqlite3_finalize(st);
    return rc;
}

int store_meta_get(store *s, const char *key, char *buf, size_t n, at_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
        return at_fail(err, AT_ENOTFOUND, s->path, "no settings table");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = AT_ENOTFOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
        rc = AT_OK;
    } else
        at_fail(err, AT_ENOTFOUND, s->path, "setting \"%s\" is not set", key);
    sqlite3_finalize(st);
    return rc;
}

int store_profile_put(store *s, const char *id, int grade, const char *json, at_error *err)
{
    sqlite3_stmt *st;
    char at[32];
    store_now_iso(at, sizeof at);
    if (sqlite3_prepare_v2(s->db, "INSERT INTO rule_profiles (id, grade, body, loaded_at) VALUES (?, ?, ?, ?) "
                                  "ON CONFLICT (id) DO UPDATE SET grade = excluded.grade, body = excluded.body, loaded_at = excluded.loaded_at",
                           -1, &st, NULL) != SQLITE_OK)
        return store_db_fail(s, err, "writing rule profile");
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, grade);
    sqlite3_bind_text(st, 3, json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st) == SQLITE_DONE ? AT_OK : store_db_fail(s, err, "writing rule profile");
    sqlite3_finalize(st);
    return rc;
}

int store_profile_get(store *s, int grade, char **json, at_error *err)
{
    sqlite3_stmt *st;
    *json = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT body FROM rule_profiles WHERE grade = ? ORDER BY loaded_at DESC, id LIMIT 1", -1, &st, NULL) != SQLITE_OK)
        return store_db_fail(s, err, "reading rule profile");
    sqlite3_bind_int(st, 1, grade);
    int rc;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *json = strdup((const char *)sqlite3_column_text(st, 0));
        rc = *json ? AT_OK : at_fail(err, AT_ENOMEM, s->path, "out of memory");
    } else
        rc = at_fail(err, AT_ENOTFOUND, s->path, "no rule profile for grade %d in this database", grade);
    sqlite3_finalize(st);
    return rc;
}

int store_begin(store *s, at_error *err) { return store_exec(s, "BEGIN IMMEDIATE", err); }

/* foreign_keys can only change outside a transaction: on after its end */
static void fk_restore(store *s)
{
    at_error e;
    if (s->fk_off && sqlite3_get_autocommit(s->db) && store_exec(s, "PRAGMA foreign_keys = ON", &e) == AT_OK)
        s->fk_off = false;
}

int store_begin_derived(store *s, at_error *err)
{
    int rc = store_exec(s, "PRAGMA foreign_keys = OFF", err);
    if (rc != AT_OK)
        return rc;
    s->fk_off = true;
    if ((rc = store_begin(s, err)) != AT_OK)
        fk_restore(s);
    return rc;
}

int store_commit(store *s, at_error *err)
{
    int rc = s->ndeferred ? store_bulk_end(s, err) : AT_OK; /* never commit without the indexes */
    if (rc == AT_OK)
        rc = store_exec(s, "COMMIT", err);
    fk_restore(s);
    return rc;
}

int store_rollback(store *s)
{
    at_error e;
    /* the rollback brings the dropped indexes back by itself */
    for (size_t i = 0; i < s->ndeferred; i++)
        free(s->deferred_index[i]);
    s->ndeferred = 0;
    int rc = sqlite3_get_autocommit(s->db) ? AT_OK : store_exec(s, "ROLLBACK", &e);
    fk_restore(s);
    return rc;
}

/* ---- binding and reading values by field type ---- */
static void bind_value(sqlite3_stmt *st, int pos, const entity_field *f, const char *v)
{
    if (!v || !*v) {
        sqlite3_bind_null(st, pos);
        return;
    }
    switch (f->type) {
    case FT_INT:
    case FT_BOOL: sqlite3_bind_int64(st, pos, strtoll(v, NULL, 10)); break;
    case FT_REAL: sqlite3_bind_double(st, pos, strtod(v, NULL)); break;
    default: sqlite3_bind_text(st, pos, v, -1, SQLITE_STATIC); break;
    }
}

/* Column text in canonical form (REAL as %.6f, as entity_normalize writes it). */
static const char *column_text(sqlite3_stmt *st, int col, const entity_field *f, char *buf, size_t n)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return "";
    if (f->type == FT_REAL) {
        snprintf(buf, n, "%.6f", sqlite3_column_double(st, col));
        return buf;
    }
    return (const char *)sqlite3_column_text(st, col);
}

static size_t append(char *sql, size_t used, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static size_t append(char *sql, size_t used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(sql + used, used < SQL_MAX ? SQL_MAX - used : 0, fmt, ap);
    va_end(ap);
    return used + (n > 0 ? (size_t)n : 0);
}

static bool is_key(const entity_def *e, size_t i)
{
    for (const int *k = e->key; *k >= 0; k++)
        if ((size_t)*k == i)
            return true;
    return false;
}

/* "INSERT INTO t (f1, …) VALUES (?1, …)": the common head of both writers. */
static size_t insert_head(char *sql, const entity_def *e)
{
    size_t u = append(sql, 0, "INSERT INTO %s (", e->name);
    for (size_t i = 0; i < e->nfields; i++)
        u = append(sql, u, "%s%s", i ? ", " : "", e->fields[i].name);
    u = append(sql, u, ") VALUES (");
    for (size_t i = 0; i < e->nfields; i++)
        u = append(sql, u, "%s?%zu", i ? ", " : "", i + 1);
    return append(sql, u, ")");
}

static store_writer *writer_new(store *s, const entity_def *e, char *sql, size_t *u, at_error *err)
{
    store_writer *w = calloc(1, sizeof *w);
    if (!w) {
        at_fail(err, AT_ENOMEM, s->path, "out of memory");
        return NULL;
    }
    w->s = s;
    w->e = e;
    *u = insert_head(sql, e);
    return w;
}

int store_writer_open(store *s, const entity_def *e, store_writer **out, at_error *err)
{
    char sql[SQL_MAX];
    size_t u;
    store_writer *w = writer_new(s, e, sql, &u, err);
    if (!w)
        return AT_ENOMEM;
    u = append(sql, u, " ON CONFLICT (");
    for (const int *k = e->key; *k >= 0; k++)
        u = append(sql, u, "%s%s", k == e->key ? "" : ", ", e->fields[*k].name);
    u = append(sql, u, ") DO NOTHING");
    int rc = AT_OK;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &w->ins, NULL) != SQLITE_OK)
        rc = store_db_fail(s, err, "preparing insert");
    /* The update touches the row only when some value differs, so re-importing
     * the same file reports rows as unchanged rather than updated. */
    u = append(sql, 0, "UPDATE %s SET ", e->name);
    bool first = true;
    for (size_t i = 0; i < e->nfields; i++)
        if (!is_key(e, i)) {
            u = append(sql, u, "%s%s = ?%zu", first ? "" : ", ", e->fields[i].name, i + 1);
            first = false;
        }
    u = append(sql, u, " WHERE ");
    for (const int *k = e->key; *k >= 0; k++)
        u = append(sql, u, "%s%s = ?%d", k == e->key ? "" : " AND ", e->fields[*k].name, *k + 1);
    u = append(sql, u, " AND (");
    first = true;
    for (size_t i = 0; i < e->nfields; i++)
        if (!is_key(e, i)) {
            u = append(sql, u, "%s%s IS DISTINCT FROM ?%zu", first ? "" : " OR ", e->fields[i].name, i + 1);
            first = false;
        }
    u = append(sql, u, "%s)", first ? "0" : "");
    if (u >= SQL_MAX)
        rc = at_fail(err, AT_EINTERNAL, e->name, "statement too long");
    if (rc == AT_OK && sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &w->upd, NULL) != SQLITE_OK)
        rc = store_db_fail(s, err, "preparing update");
    if (rc != AT_OK) {
        store_writer_close(w);
        return rc;
    }
    *out = w;
    return AT_OK;
}

static int constraint_error(store *s, const entity_def *e, at_error *err)
{
    int ext = sqlite3_extended_errcode(s->db);
    if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
        return at_fail(err, AT_EINPUT, e->name, "refers to a record that does not exist");
    if ((ext & 0xff) == SQLITE_CONSTRAINT)
        return at_fail(err, AT_EINPUT, e->name, "violates a rule of the database: %s", sqlite3_errmsg(s->db));
    return store_db_fail(s, err, "writing");
}

int store_writer_open_append(store *s, const entity_def *e, store_writer **out, at_error *err)
{
    char sql[SQL_MAX];
    size_t u;
    store_writer *w = writer_new(s, e, sql, &u, err);
    if (!w)
        return AT_ENOMEM;
    if (u >= SQL_MAX || sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &w->ins, NULL) != SQLITE_OK) {
        int rc = store_db_fail(s, err, "preparing insert");
        store_writer_close(w);
        return rc;
    }
    *out = w;
    return AT_OK;
}

int store_writer_put(store_writer *w, const char *const *values, store_put_result *res, at_error *err)
{
    const entity_def *e = w->e;
    for (size_t i = 0; i < e->nfields; i++)
        bind_value(w->ins, (int)i + 1, &e->fields[i], values[i]);
    int rc = sqlite3_step(w->ins);
    sqlite3_reset(w->ins);
    if (rc != SQLITE_DONE)
        return constraint_error(w->s, e, err);
    if (sqlite3_changes(w->s->db) == 1 || !w->upd) { /* !upd: an append writer */
        if (res)
            *res = STORE_INSERTED;
        return AT_OK;
    }
    for (size_t i = 0; i < e->nfields; i++)
        bind_value(w->upd, (int)i + 1, &e->fields[i], values[i]);
    rc = sqlite3_step(w->upd);
    sqlite3_reset(w->upd);
    if (rc != SQLITE_DONE)
        return constraint_error(w->s, e, err);
    if (res)
        *res = sqlite3_changes(w->s->db) ? STORE_UPDATED : STORE_UNCHANGED;
    return AT_OK;
}

void store_writer_close(store_writer *w)
{
    if (!w)
        return;
    sqlite3_finalize(w->ins);
    sqlite3_finalize(w->upd);
    free(w);
}

/* ---- bulk loading ---- */
int store_bulk_begin(store *s, const entity_def *e, bool keys, at_error *err)
{
    return store_bulk_begin_table(s, e->name, keys, err);
}

int store_cache_mb(store *s, int mb, at_error *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", mb * 1024);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA cache_size", -1, &st, NULL) != SQLITE_OK)
        return store_db_fail(s, err, "reading the cache size");
    long long now = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (now < 0 && -now >= (long long)mb * 1024) /* negative: KiB (as store_open sets it) */
        return AT_OK;
    return store_exec(s, sql, err);
}

int store_table_empty(store *s, const char *table, bool *empty, at_error *err)
{
    char sql[160];
    sqlite3_stmt *st;
    snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM \"%s\")", table);
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_db_fail(s, err, table);
    int rc = sqlite3_step(st);
    *empty = rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? AT_OK : store_db_fail(s, err, table);
}

int store_bulk_begin_table(store *s, const char *table, bool keys, at_error *err)
{
    sqlite3_stmt *st;
    /* sql IS NULL: the automatic index of a PRIMARY KEY/UNIQUE constraint */
    if (sqlite3_prepare_v2(s->db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 "
                                  "AND sql IS NOT NULL AND (?2 OR sql NOT LIKE 'CREATE UNIQUE%') ORDER BY name",
                           -1, &st, NULL) != SQLITE_OK)
        return store_db_fail(s, err, "reading indexes");
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, keys);
    char drop[BULK_MAX_INDEXES][160];
    size_t ndrop = 0;
    int rc = AT_OK;
    while (sqlite3_step(st) == SQLITE_ROW && s->ndeferred < BULK_MAX_INDEXES) {
        char *sql = strdup((const char *)sqlite3_column_text(st, 1));
        if (!sql) {
            rc = at_fail(err, AT_ENOMEM, s->path, "out of memory");
            break;
        }
        s->deferred_index[s->ndeferred++] = sql;
        snprintf(drop[ndrop++], sizeof drop[0], "DROP INDEX \"%s\"", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < ndrop && rc == AT_OK; i++)
        rc = store_exec(s, drop[i], err);
    return rc;
}

int store_bulk_end(store *s, at_error *err)
{
    int rc = AT_OK;
    for (size_t i = 0; i < s->ndeferred; i++) {
        if (rc == AT_OK && (rc = store_exec(s, s->deferred_index[i], err)) != AT_OK &&
            (sqlite3_extended_errcode(s->db) & 0xff) == SQLITE_CONSTRAINT)
            rc = at_fail(err, AT_EINPUT, s->path, "the loaded rows repeat a natural key: %s", sqlite3_errmsg(s->db));
        free(s->deferred_index[i]);
    }
    s->ndeferred = 0;
    return rc;
}

/* ---- lookups ---- */
int store_lookup_open(store *s, const entity_def *e, store_lookup **out, at_error *err)
{
    store_lookup *l = calloc(1, sizeof *l);
    if (!l)
        return at_fail(err, AT_ENOMEM, s->path, "out of memory");
    l->s = s;
    l->e = e;
    char sql[SQL_MAX];
    size_t u = append(sql, 0, "SELECT ");
    for (size_t i = 0; i < e->nfields; i++)
        u = append(sql, u, "%s%s", i ? ", " : "", e->fields[i].name);
    u = append(sql, u, " FROM %s WHERE ", e->name);
    int pos = 1;
    for (const int *k = e->key; *k >= 0; k++)
        u = append(sql, u, "%s%s = ?%d", k == e->key ? "" : " AND ", e->fields[*k].name, pos++);
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &l->sel, NULL) != SQLITE_OK) {
        int rc = store_db_fail(s, err, "preparing lookup");
        free(l);
        return rc;
    }
    *out = l;
    return AT_OK;
}

int store_lookup_get(store_lookup *l, const char *const *key, bool *found, const char **row, at_error *err)
{
    const entity_def *e = l->e;
    sqlite3_reset(l->sel);
    int pos = 1;
    for (const int *k = e->key; *k >= 0; k++, pos++)
        bind_value(l->sel, pos, &e->fields[*k], key[pos - 1]);
    int rc = sqlite3_step(l->sel);
    if (rc == SQLITE_ROW) {
        *found = true;
        if (row)
            for (size_t i = 0; i < e->nfields; i++)
                row[i] = column_text(l->sel, (int)i, &e->fields[i], l->buf[i], sizeof l->buf[i]);
        return AT_OK;
    }
    *found = false;
    return rc == SQLITE_DONE ? AT_OK : store_db_fail(l->s, err, "looking up");
}

void store_lookup_close(store_lookup *l)
{
    if (!l)
        return;
    sqlite3_finalize(l->sel);
    free(l);
}

/* ---- reading ---- */
static int prepare_query(store *s, const entity_def *e, const store_query *q, bool count, sqlite3_stmt **st, at_error *err)
{
    char sql[SQL_MAX];
    size_t u = append(sql, 0, "SELECT ");
    if (count)
        u = append(sql, u, "COUNT(*)");
    else
        for (size_t i = 0; i < e->nfields; i++)
            u = append(sql, u, "%s%s", i ? ", " : "", e->fields[i].name);
    u = append(sql, u, " FROM %s WHERE 1 = 1", e->name);
    int fi = -1;
    if (q && q->field) {
        fi = entity_field_index(e, q->field);
        if (fi < 0)
            return at_fail(err, AT_EUSAGE, q->field, "%s have no field \"%s\"", e->name, q->field);
        u = append(sql, u, " AND %s = ?1", q->field);
    }
    if (q && q->search) {
        u = append(sql, u, " AND (0");
        for (size_t i = 0; i < e->nfields; i++)
            if (e->fields[i].type == FT_TEXT || e->fields[i].type == FT_CODE)
                u = append(sql, u, " OR at_contains_ci(%s, ?2)", e->fields[i].name);
        u = append(sql, u, ")");
    }
    if (!count && q && q->ordered && e->sort) {
        u = append(sql, u, " ORDER BY ");
        char sort[256];
        snprintf(sort, sizeof sort, "%s", e->sort);
        char *save = NULL;
        bool first = true;
        for (char *tok = strtok_r(sort, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            int i = entity_field_index(e, tok);
            bool text = i >= 0 && e->fields[i].type == FT_TEXT;
            u = append(sql, u, "%s%s%s", first ? "" : ", ", tok, text ? " COLLATE at_name" : "");
            first = false;
        }
    }
    if (!count && q && q->limit > 0)
        u = append(sql, u, " LIMIT %ld", q->limit);
    if (u >= SQL_MAX)
        return at_fail(err, AT_EINTERNAL, e->name, "query too long");
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
        return store_db_fail(s, err, "preparing query");
    if (fi >= 0)
        bind_value(*st, 1, &e->fields[fi], q->value);
    if (q && q->search)
        sqlite3_bind_text(*st, 2, q->search, -1, SQLITE_STATIC);
    return AT_OK;
}

int store_each(store *s, const entity_def *e, const store_query *q, store_row_fn fn, void *ctx, at_error *err)
{
    sqlite3_stmt *st;
    int rc = prepare_query(s, e, q, false, &st, err);
    if (rc != AT_OK)
        return rc;
    const char *row[ENTITY_MAX_FIELDS];
    char buf[ENTITY_MAX_FIELDS][64];
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        for (size_t i = 0; i < e->nfields; i++)
            row[i] = column_text(st, (int)i, &e->fields[i], buf[i], sizeof buf[i]);
        if ((rc = fn(ctx, row, err)) != AT_OK)
            break;
    }
    if (rc == AT_OK && step != SQLITE_DONE)
        rc = store_db_fail(s, err, "reading");
    sqlite3_finalize(st);
    return rc;
}

int store_count(store *s, const entity_def *e, const store_query *q, long *n, at_error *err)
{
    sqlite3_stmt *st;
    int rc = prepare_query(s, e, q, true, &st, err);
    if (rc != AT_OK)
        return rc;
    *n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return AT_OK;
}

int store_checksum(store *s, unsigned char out[32], at_error *err)
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    sqlite3_stmt *tables;
    if (sqlite3_prepare_v2(s->db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &tables, NULL) != SQLITE_OK)
        return store_db_fail(s, err, "reading schema");
    int rc = AT_OK;
    while (rc == AT_OK && sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        crypto_generichash_update(&h, (const unsigned char *)name, strlen(name) + 1);
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
        sqlite3_stmt *probe;
        if (sqlite3_prepare_v2(s->db, sql, -1, &probe, NULL) != SQLITE_OK) {
            rc = store_db_fail(s, err, "reading table");
            break;
        }
        int ncol = sqlite3_column_count(probe);
        sqlite3_finalize(probe);
        /* Order by every column, so the physical order of rows does not matter. */
        size_t u = (size_t)snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY ", name);
        for (int c = 1; c <= ncol && u < sizeof sql; c++)
            u += (size_t)snprintf(sql + u, sizeof sql - u, "%s%d", c > 1 ? ", " : "", c);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
            rc = store_db_fail(s, err, "reading table");
            break;
        }
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int c = 0; c < ncol; c++) {
                unsigned char type = (unsigned char)sqlite3_column_type(st, c);
                crypto_generichash_update(&h, &type, 1);
                const unsigned char *b = sqlite3_column_blob(st, c);
                int len = sqlite3_column_bytes(st, c);
                unsigned char lenb[4] = {(unsigned char)len, (unsigned char)(len >> 8), (unsigned char)(len >> 16), (unsigned char)(len >> 24)};
                crypto_generichash_update(&h, lenb, 4);
                if (b && len > 0)
                    crypto_generichash_update(&h, b, (size_t)len);
            }
        sqlite3_finalize(st);
    }
    sqlite3_finalize(tables);
    crypto_generichash_final(&h, out, 32);
    return rc;
}

int store_log_change(store *s, const char *action, const char *entity, const char *source,
                     const char *source_hash, long inserted, long updated, long unchanged, at_error *err)
{
    sqlite3_stmt *st;
    char at[32];
    store_now_iso(at, sizeof at);
    if (sqlite3_prepare_v2(s->db, "INSERT INTO change_log (at, actor, action, entity, source, source_hash, inserted, updated, unchanged) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
        return store_db_fail(s, err, "writing change log");
    sqlite3_bind_text(st, 1, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, s->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, entity, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, source_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, inserted);
    sqlite3_bind_int64(st, 8, updated);
    sqlite3_bind_int64(st, 9, unchanged);
    int rc = sqlite3_step(st) == SQLITE_DONE ? AT_OK : store_db_fail(s, err, "writing change log");
    sqlite3_finalize(st);
    return rc;
}
