/* store_internal.h — what the SQLite backend's files share; not for other modules. */
#ifndef AT_STORE_INTERNAL_H
#define AT_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "core/text.h"
#include "store.h"

#define BULK_MAX_INDEXES 32

struct store {
    sqlite3 *db;
    char path[1024];
    text_collator *coll;
    char actor[128];
    char *deferred_index[BULK_MAX_INDEXES]; /* CREATE INDEX statements to run at bulk end */
    size_t ndeferred;
    bool fk_off; /* store_begin_derived: foreign_keys to turn on again after the transaction */
};

int store_db_fail(store *s, at_error *err, const char *what);
int store_exec(store *s, const char *sql, at_error *err);
void store_now_iso(char *buf, size_t n);

#endif
