/* store.h — the only door to the database.
 *
 * SQLite behind it (WAL, foreign keys on, prepared statements); the SQL is kept
 * portable so a PostgreSQL backend can implement the same interface. Registry
 * rows are read and written generically through entity descriptors
 * (core/entity.h) as canonical text; empty text is NULL in the database.
 * Schema changes are numbered forward-only migrations (migrations/NNN_name.sql),
 * embedded in the binary and recorded in schema_migrations. */
#ifndef AT_STORE_H
#define AT_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/entity.h"
#include "core/error.h"

typedef struct store store;

typedef enum {
    STORE_OPEN_EXISTING = 0, /* fail if the file does not exist or has no schema */
    STORE_CREATE = 1,        /* create the file (must not hold a schema yet) */
    STORE_ANY = 2,           /* open or create, no schema check (for migrate) */
} store_mode;

int store_open(const char *path, store_mode mode, store **out, at_error *err);
void store_close(store *s);

/* Applies pending migrations; from and to receive the versions before and after. */
int store_migrate(store *s, int *from, int *to, at_error *err);
int store_schema_version(store *s, int *version, at_error *err);
int store_latest_version(void);

int store_meta_set(store *s, const char *key, const char *value, at_error *err);
/* Copies the value into buf; AT_ENOTFOUND if absent. */
int store_meta_get(store *s, const char *key, char *buf, size_t n, at_error *err);

int store_profile_put(store *s, const char *id, int grade, const char *json, at_error *err);
/* The stored profile for a grade: *json is malloc'd (caller frees). */
int store_profile_get(store *s, int grade, char **json, at_error *err);

int store_begin(store *s, at_error *err);
int store_commit(store *s, at_error *err);
int store_rollback(store *s);
/* A transaction whose every written row is made from rows read inside it (an
 * exam day's distribution: documents from participants, rooms from rooms,
 * exams from the schedule): the references hold by construction, so the
 * backend need not look each parent up again for every row written (SQLite:
 * foreign_keys is off until the transaction's commit or rollback). */
int store_begin_derived(store *s, at_error *err);

/* Registers the installation language's collation ("ru"/"kk"/"en") used to
 * order listings; done by store_open from meta.language when present. */
int store_set_collation(store *s, const char *lang, at_error *err);

/* ---- writing rows ---- */
typedef enum { STORE_INSERTED, STORE_UPDATED, STORE_UNCHANGED } store_put_result;
typedef struct store_writer store_writer;
int store_writer_open(store *s, const entity_def *e, store_writer **out, at_error *err);
/* Inserts the row, or updates the row with the same natural key. */
int store_writer_put(store_writer *w, const char *const *values, store_put_result *res, at_error *err);
void store_writer_close(store_writer *w);

/* Bulk loading into a table that starts empty: drops the table's secondary
 * indexes inside the current transaction, so rows go in without maintaining
 * them, and store_bulk_end (or store_commit) builds them again, each in one
 * sorted pass. With `keys`, the natural-key unique index goes too: the caller
 * then guarantees the keys are unique (store_bulk_end fails otherwise), writes
 * with store_writer_open_append, and nothing may reference the table until
 * store_bulk_end. A rollback restores every index. */
int store_bulk_begin(store *s, const entity_def *e, bool keys, at_error *err);
/* The same for a table of another module (seatings, results, expert tasks) by name: its
 * non-unique indexes only (`keys` false), when the caller's queries during the
 * load never use them. */
int store_bulk_begin_table(store *s, const char *table, bool keys, at_error *err);
/* Raises the page cache of this connection to `mb` megabytes (never lowers
 * it): for a long import whose lookups go all over a large database. */
int store_cache_mb(store *s, int mb, at_error *err);
/* Whether `table` (a name from the caller's code, never from input) has no rows. */
int store_table_empty(store *s, const char *table, bool *empty, at_error *err);
int store_bulk_end(store *s, at_error *err);
/* A writer that only inserts (no natural-key lookup): for bulk loads. */
int store_writer_open_append(store *s, const entity_def *e, store_writer **out, at_error *err);

/* ---- looking rows up by natural key ---- */
typedef struct store_lookup store_lookup;
int store_lookup_open(store *s, const entity_def *e, store_lookup **out, at_error *err);
/* Finds the row whose key fields equal key[] (one value per key field). On a hit
 * *found = true and, if row is non-NULL, row[i] points at field i's text (valid
 * until the next call). */
int store_lookup_get(store_lookup *l, const char *const *key, bool *found, const char **row, at_error *err);
void store_lookup_close(store_lookup *l);

/* ---- reading ---- */
typedef struct {
    const char *field;   /* equality filter on this field, or NULL */
    const char *value;
    const char *search;  /* case-insensitive substring over text fields, or NULL */
    bool ordered;        /* order by the entity's sort fields (collated) */
    long limit;          /* 0 = all */
} store_query;

typedef int (*store_row_fn)(void *ctx, const char *const *values, at_error *err);
int store_each(store *s, const entity_def *e, const store_query *q, store_row_fn fn, void *ctx, at_error *err);
int store_count(store *s, const entity_def *e, const store_query *q, long *n, at_error *err);

/* BLAKE2b-256 over the content of every table, in a fixed order: equal checksums
 * mean equal data. Used to prove a rejected import changed nothing. */
int store_checksum(store *s, unsigned char out[32], at_error *err);

/* Appends to the change log inside the current transaction. */
int store_log_change(store *s, const char *action, const char *entity, const char *source,
                     const char *source_hash, long inserted, long updated, long unchanged, at_error *err);

#endif
