/* store_sql.c — prepared statements over SQLite (see store_sql.h). */
#include <stdlib.h>

#include "store_internal.h"
#include "store_sql.h"

struct store_stmt {
    store *s;
    sqlite3_stmt *st;
};

int store_prepare(store *s, const char *sql, store_stmt **out, at_error *err)
{
    *out = NULL;
    store_stmt *st = calloc(1, sizeof *st);
    if (!st)
        return at_fail(err, AT_ENOMEM, s->path, "out of memory");
    st->s = s;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st->st, NULL) != SQLITE_OK) {
        int rc = store_db_fail(s, err, "preparing a statement");
        free(st);
        return rc;
    }
    *out = st;
    return AT_OK;
}

void store_bind_text(store_stmt *st, int i, const char *v)
{
    if (!v || !*v)
        sqlite3_bind_null(st->st, i);
    else
        sqlite3_bind_text(st->st, i, v, -1, SQLITE_TRANSIENT);
}

void store_bind_text_static(store_stmt *st, int i, const char *v)
{
    if (!v || !*v)
        sqlite3_bind_null(st->st, i);
    else
        sqlite3_bind_text(st->st, i, v, -1, SQLITE_STATIC);
}

void store_bind_int(store_stmt *st, int i, long long v) { sqlite3_bind_int64(st->st, i, v); }
void store_bind_real(store_stmt *st, int i, double v) { sqlite3_bind_double(st->st, i, v); }
void store_bind_null(store_stmt *st, int i) { sqlite3_bind_null(st->st, i); }

int store_step(store_stmt *st, at_error *err)
{
    int rc = sqlite3_step(st->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    if (rc == SQLITE_CONSTRAINT)
        return at_fail(err, AT_EINPUT, st->s->path, "constraint violated: %s",
                       sqlite3_errmsg(st->s->db));
    return store_db_fail(st->s, err, "running a statement");
}

const char *store_col_text(store_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st->st, i);
}

long long store_col_int(store_stmt *st, int i) { return sqlite3_column_int64(st->st, i); }
double store_col_real(store_stmt *st, int i) { return sqlite3_column_double(st->st, i); }
bool store_col_null(store_stmt *st, int i) { return sqlite3_column_type(st->st, i) == SQLITE_NULL; }
int store_col_count(store_stmt *st) { return sqlite3_column_count(st->st); }

void store_reset(store_stmt *st)
{
    sqlite3_reset(st->st);
    sqlite3_clear_bindings(st->st);
}

void store_finalize(store_stmt *st)
{
    if (!st)
        return;
    sqlite3_finalize(st->st);
    free(st);
}

int store_exec_sql(store *s, const char *sql, at_error *err) { return store_exec(s, sql, err); }
long long store_changes(store *s) { return sqlite3_changes64(s->db); }
void store_now(char *buf, size_t n) { store_now_iso(buf, n); }
const char *store_actor(store *s) { return s->actor; }
