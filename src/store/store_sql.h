/* store_sql.h — prepared statements for the domain stores of later modules
 * (exam days, seating, staff posts, results …). Part of the store module: the
 * SQL handed in must be portable (SQLite and PostgreSQL: no engine-specific
 * functions; ?1, ?2 … parameters), and each module keeps its SQL in its own
 * store-facing file. Errors carry the database path and the engine's message. */
#ifndef AT_STORE_SQL_H
#define AT_STORE_SQL_H

#include <stdbool.h>

#include "store/store.h"

typedef struct store_stmt store_stmt;

int store_prepare(store *s, const char *sql, store_stmt **out, at_error *err);
/* Parameters are 1-based. Text NULL or "" binds SQL NULL. */
void store_bind_text(store_stmt *st, int i, const char *v);
/* The same without a copy: v must stay unchanged until the statement is
 * finalized or the parameter bound again (bulk writes from arrays that
 * outlive the statement). */
void store_bind_text_static(store_stmt *st, int i, const char *v);
void store_bind_int(store_stmt *st, int i, long long v);
void store_bind_real(store_stmt *st, int i, double v);
void store_bind_null(store_stmt *st, int i);
/* 1: a row is ready; 0: done; < 0: an error code (err set). */
int store_step(store_stmt *st, at_error *err);
/* Column values of the current row (0-based); text is NULL for SQL NULL and
 * valid until the next step. */
const char *store_col_text(store_stmt *st, int i);
long long store_col_int(store_stmt *st, int i);
double store_col_real(store_stmt *st, int i);
bool store_col_null(store_stmt *st, int i);
int store_col_count(store_stmt *st);
/* Ready to run again with new bindings (old bindings cleared). */
void store_reset(store_stmt *st);
void store_finalize(store_stmt *st);

/* Runs statements without parameters (may be several, separated by ';'). */
int store_exec_sql(store *s, const char *sql, at_error *err);
/* Rows changed by the last INSERT/UPDATE/DELETE. */
long long store_changes(store *s);
/* Current time as ISO 8601 UTC and the acting user ($ATTEST_ACTOR or the login). */
void store_now(char *buf, size_t n);
const char *store_actor(store *s);

#endif
