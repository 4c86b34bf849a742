/* The storage layer: migrations, upsert by natural key, lookups, checksums. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_sql.h"

#include "test_tmpdir.h"

static char path[128];

static store *fresh(void)
{
    snprintf(path, sizeof path, "%s", path_of("t.db"));
    unlink(path);
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    store *s = NULL;
    at_error err = {0};
    assert_int_equal(store_open(path, STORE_CREATE, &s, &err), AT_OK);
    int from, to;
    assert_int_equal(store_migrate(s, &from, &to, &err), AT_OK);
    assert_int_equal(from, 0);
    assert_int_equal(to, store_latest_version());
    return s;
}

static void test_open_requires_schema(void **state)
{
    (void)state;
    store *s = NULL;
    at_error err = {0};
    assert_int_equal(store_open(path_of("none.db"), STORE_OPEN_EXISTING, &s, &err), AT_ENOTFOUND);
    assert_non_null(strstr(err.msg, "attest"));
    s = fresh();
    int from, to;
    assert_int_equal(store_migrate(s, &from, &to, &err), AT_OK); /* idempotent */
    assert_int_equal(from, to);
    store_close(s);
    assert_int_equal(store_open(path, STORE_OPEN_EXISTING, &s, &err), AT_OK);
    store_close(s);
    assert_int_equal(store_open(path, STORE_CREATE, &s, &err), AT_EINPUT); /* never overwrite */
}

static void test_upsert_by_natural_key(void **state)
{
    (void)state;
    store *s = fresh();
    at_error err = {0};
    const entity_def *m = entity_find("municipalities");
    store_writer *w;
    assert_int_equal(store_writer_open(s, m, &w, &err), AT_OK);
    store_put_result r;
    const char *a[] = {"M01", "Центральный"};
    const char *b[] = {"M01", "Центральный район"};
    assert_int_equal(store_writer_put(w, a, &r, &err), AT_OK);
    assert_int_equal(r, STORE_INSERTED);
    assert_int_equal(store_writer_put(w, a, &r, &err), AT_OK);
    assert_int_equal(r, STORE_UNCHANGED);
    assert_int_equal(store_writer_put(w, b, &r, &err), AT_OK);
    assert_int_equal(r, STORE_UPDATED);
    store_writer_close(w);
    long n;
    assert_int_equal(store_count(s, m, NULL, &n, &err), AT_OK);
    assert_int_equal(n, 1);
    store_lookup *l;
    assert_int_equal(store_lookup_open(s, m, &l, &err), AT_OK);
    bool found;
    const char *row[ENTITY_MAX_FIELDS];
    const char *key[] = {"M01"};
    assert_int_equal(store_lookup_get(l, key, &found, row, &err), AT_OK);
    assert_true(found);
    assert_string_equal(row[1], "Центральный район");
    const char *nokey[] = {"M02"};
    assert_int_equal(store_lookup_get(l, nokey, &found, row, &err), AT_OK);
    assert_false(found);
    store_lookup_close(l);
    store_close(s);
}

static void test_foreign_keys_enforced(void **state)
{
    (void)state;
    store *s = fresh();
    at_error err = {0};
    store_writer *w;
    assert_int_equal(store_writer_open(s, entity_find("schools"), &w, &err), AT_OK);
    const char *orphan[] = {"S01", "M99", "СОШ № 1", "", "", "", ""};
    assert_int_equal(store_writer_put(w, orphan, NULL, &err), AT_EINPUT);
    assert_non_null(strstr(err.msg, "does not exist"));
    store_writer_close(w);
    store_close(s);
}

/* A derived transaction skips the per-row reference checks only while it
 * lasts: after its commit, and after a rollback, they apply again. */
static void test_derived_transaction_restores_foreign_keys(void **state)
{
    (void)state;
    store *s = fresh();
    at_error err = {0};
    static const char orphan_sql[] =
        "INSERT INTO seatings (date, exam_code, document, exam_point_code, room_number, seat)"
        " VALUES ('2026-06-04', 'nope', 'nobody', 'P0', '1', 1)";
    assert_int_equal(store_begin_derived(s, &err), AT_OK);
    assert_int_equal(store_exec_sql(s, orphan_sql, &err), AT_OK);
    assert_int_equal(store_rollback(s), AT_OK);
    store_writer *w;
    assert_int_equal(store_writer_open(s, entity_find("schools"), &w, &err), AT_OK);
    const char *orphan[] = {"S01", "M99", "СОШ № 1", "", "", "", ""};
    assert_int_equal(store_writer_put(w, orphan, NULL, &err), AT_EINPUT); /* checked again */
    store_writer_close(w);
    assert_int_equal(store_begin_derived(s, &err), AT_OK);
    assert_int_equal(store_commit(s, &err), AT_OK);
    err = (at_error){0};
    assert_int_not_equal(store_exec_sql(s, orphan_sql, &err), AT_OK); /* and after a commit */
    store_close(s);
}

static int collect(void *ctx, const char *const *v, at_error *err)
{
    (void)err;
    char *out = ctx;
    strcat(out, v[1]);
    strcat(out, "|");
    return AT_OK;
}

static void test_checksum_and_rollback(void **state)
{
    (void)state;
    store *s = fresh();
    at_error err = {0};
    unsigned char before[32], after[32], again[32];
    assert_int_equal(store_checksum(s, before, &err), AT_OK);
    assert_int_equal(store_begin(s, &err), AT_OK);
    store_writer *w;
    assert_int_equal(store_writer_open(s, entity_find("municipalities"), &w, &err), AT_OK);
    const char *a[] = {"M01", "Ақсу"};
    assert_int_equal(store_writer_put(w, a, NULL, &err), AT_OK);
    store_writer_close(w);
    assert_int_equal(store_checksum(s, after, &err), AT_OK);
    assert_memory_not_equal(before, after, 32);
    store_rollback(s);
    assert_int_equal(store_checksum(s, again, &err), AT_OK);
    assert_memory_equal(before, again, 32);
    store_close(s);
}

static void test_collated_listing(void **state)
{
    (void)state;
    store *s = fresh();
    at_error err = {0};
    assert_int_equal(store_set_collation(s, "kk", &err), AT_OK);
    store_writer *w;
    assert_int_equal(store_writer_open(s, entity_find("municipalities"), &w, &err), AT_OK);
    const char *names[] = {"Өскемен", "Ақсу", "Абай", "Баянауыл", "Әйтеке би", "Ұлытау"};
    for (int i = 0; i < 6; i++) {
        char code[8];
        snprintf(code, sizeof code, "M%d", i);
        const char *row[] = {code, names[i]};
        assert_int_equal(store_writer_put(w, row, NULL, &err), AT_OK);
    }
    store_writer_close(w);
    char out[512] = "";
    store_query q = {.ordered = true};
    assert_int_equal(store_each(s, entity_find("municipalities"), &q, collect, out, &err), AT_OK);
    /* Kazakh alphabet: А Ә Б … О Ө … У Ұ Ү */
    assert_string_equal(out, "Абай|Ақсу|Әйтеке би|Баянауыл|Өскемен|Ұлытау|");
    out[0] = 0;
    store_query search = {.search = "АҚС", .ordered = true};
    assert_int_equal(store_each(s, entity_find("municipalities"), &search, collect, out, &err), AT_OK);
    assert_string_equal(out, "Ақсу|");
    store_close(s);
}

/* Bulk loading drops the secondary index and builds it again; a rollback keeps it. */
static void test_bulk_load_keeps_indexes(void **state)
{
    (void)state;
    store *s = fresh();
    at_error err = {0};
    const entity_def *sc = entity_find("schools");
    assert_int_equal(store_begin(s, &err), AT_OK);
    assert_int_equal(store_bulk_begin(s, sc, false, &err), AT_OK);
    assert_int_equal(store_rollback(s), AT_OK);
    assert_int_equal(store_begin(s, &err), AT_OK);
    assert_int_equal(store_bulk_begin(s, sc, false, &err), AT_OK);
    store_writer *w;
    assert_int_equal(store_writer_open(s, entity_find("municipalities"), &w, &err), AT_OK);
    const char *m[] = {"M01", "Центральный"};
    assert_int_equal(store_writer_put(w, m, NULL, &err), AT_OK);
    store_writer_close(w);
    assert_int_equal(store_writer_open(s, sc, &w, &err), AT_OK);
    const char *row[] = {"S01", "M01", "СОШ № 1", "", "ru", "", ""};
    assert_int_equal(store_writer_put(w, row, NULL, &err), AT_OK);
    store_writer_close(w);
    assert_int_equal(store_commit(s, &err), AT_OK); /* builds the index again */
    store_close(s);
    /* the secondary index is in the schema again */
    char cmd[300];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"SELECT name FROM sqlite_master WHERE name='schools_municipality'\" | grep -q schools_municipality", path);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_requires_schema),
        cmocka_unit_test(test_upsert_by_natural_key),
        cmocka_unit_test(test_foreign_keys_enforced),
        cmocka_unit_test(test_derived_transaction_restores_foreign_keys),
        cmocka_unit_test(test_checksum_and_rollback),
        cmocka_unit_test(test_collated_listing),
        cmocka_unit_test(test_bulk_load_keeps_indexes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
