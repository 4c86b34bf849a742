/* cmd_db.c — init, migrate, info, checksum. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "rules/rules.h"

static const char *stage_of(const char *country, int grade)
{
    if (strcmp(country, "kz") == 0)
        return grade == 9 ? "ia9" : "ia11";
    return grade == 9 ? "gia9" : "gia11";
}

int cli_init_database(const char *path, const char *country, int year, const char *lang, at_error *err)
{
    if (strcmp(country, "ru") != 0 && strcmp(country, "kz") != 0)
        return at_fail(err, AT_EUSAGE, "--country", "\"%s\": expected ru or kz", country);
    if (!lang)
        lang = strcmp(country, "kz") == 0 ? "kk" : "ru";
    if (strcmp(lang, "ru") != 0 && strcmp(lang, "kk") != 0 && strcmp(lang, "en") != 0)
        return at_fail(err, AT_EUSAGE, "--lang", "\"%s\": expected ru, kk or en", lang);
    /* Check the profiles exist before creating anything. */
    const char *text[2];
    size_t len[2];
    char id[2][64];
    for (int g = 0; g < 2; g++) {
        snprintf(id[g], sizeof id[g], "%s-%s-%d", country, stage_of(country, g ? 11 : 9), year);
        int rc = rules_builtin_text(id[g], &text[g], &len[g], err);
        if (rc != AT_OK)
            return at_fail(err, AT_EINPUT, "--year", "no rule profile %s is shipped (see attest rules list)", id[g]);
        rule_profile *p = NULL;
        if ((rc = rules_parse(text[g], len[g], id[g], &p, err)) != AT_OK)
            return rc;
        rules_free(p);
    }
    store *s;
    int rc = store_open(path, STORE_CREATE, &s, err);
    if (rc != AT_OK)
        return rc;
    int from, to;
    rc = store_migrate(s, &from, &to, err);
    if (rc == AT_OK)
        rc = store_begin(s, err);
    if (rc == AT_OK) {
        char y[16];
        snprintf(y, sizeof y, "%d", year);
        rc = store_meta_set(s, "country", country, err);
        if (rc == AT_OK)
            rc = store_meta_set(s, "year", y, err);
        if (rc == AT_OK)
            rc = store_meta_set(s, "language", lang, err);
        for (int g = 0; g < 2 && rc == AT_OK; g++)
            rc = store_profile_put(s, id[g], g ? 11 : 9, text[g], err);
        if (rc == AT_OK)
            rc = store_log_change(s, "init", NULL, country, NULL, 0, 0, 0, err);
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    store_close(s);
    if (rc != AT_OK)
        unlink(path);
    return rc;
}

int cmd_init(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *country = cli_opt(&argc, argv, "--country");
    const char *year = cli_opt(&argc, argv, "--year");
    const char *lang = cli_opt(&argc, argv, "--lang");
    int rc = cli_no_unknown(argc, argv, "init", err);
    if (rc != AT_OK)
        return rc;
    if (!country || !year)
        return at_fail(err, AT_EUSAGE, "init", "--country and --year are required");
    char *end;
    long y = strtol(year, &end, 10);
    if (*end || y < 2000 || y > 2100)
        return at_fail(err, AT_EUSAGE, "--year", "\"%s\": expected a year such as 2026", year);
    rc = cli_init_database(c->db, country, (int)y, lang, err);
    if (rc != AT_OK)
        return rc;
    if (c->json)
        cli_print_json(json_pack("{s:s, s:s, s:i, s:i}", "status", "ok", "database", c->db, "year", (int)y,
                                 "schema_version", store_latest_version()));
    else
        printf("created %s: %s, exam year %ld, schema version %d\n", c->db, country, y, store_latest_version());
    return AT_OK;
}

int cmd_migrate(cli_ctx *c, int argc, char **argv, at_error *err)
{
    int rc = cli_no_unknown(argc, argv, "migrate", err);
    if (rc != AT_OK)
        return rc;
    if (access(c->db, F_OK) != 0)
        return at_fail(err, AT_ENOTFOUND, c->db, "no database here; create one with attest init");
    store *s;
    if ((rc = store_open(c->db, STORE_ANY, &s, err)) != AT_OK)
        return rc;
    int from = 0, to = 0;
    rc = store_migrate(s, &from, &to, err);
    store_close(s);
    if (rc != AT_OK)
        return rc;
    if (c->json)
        cli_print_json(json_pack("{s:s, s:i, s:i}", "status", "ok", "from", from, "to", to));
    else if (from == to)
        printf("%s is up to date (schema version %d)\n", c->db, to);
    else
        printf("%s migrated from schema version %d to %d\n", c->db, from, to);
    return AT_OK;
}

int cmd_info(cli_ctx *c, int argc, char **argv, at_error *err)
{
    int rc = cli_no_unknown(argc, argv, "info", err);
    store *s;
    if (rc != AT_OK || (rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    char country[16] = "", year[16] = "", lang[16] = "", seed[64] = "";
    at_error ignore;
    store_meta_get(s, "country", country, sizeof country, &ignore);
    store_meta_get(s, "year", year, sizeof year, &ignore);
    store_meta_get(s, "language", lang, sizeof lang, &ignore);
    store_meta_get(s, "demo_seed", seed, sizeof seed, &ignore);
    int version = 0;
    store_schema_version(s, &version, &ignore);
    json_t *counts = json_object();
    for (size_t i = 0; i < entity_count && rc == AT_OK; i++) {
        long n = 0;
        rc = store_count(s, entity_all[i], NULL, &n, err);
        json_object_set_new(counts, entity_all[i]->name, json_integer(n));
    }
    json_t *profiles = json_array();
    for (int g = 9; g <= 11; g += 2) {
        char *body = NULL;
        rule_profile *p = NULL;
        if (store_profile_get(s, g, &body, &ignore) == AT_OK && rules_parse(body, strlen(body), "stored", &p, &ignore) == AT_OK)
            json_array_append_new(profiles, json_string(p->id));
        rules_free(p);
        free(body);
    }
    store_close(s);
    if (rc != AT_OK) {
        json_decref(counts);
        json_decref(profiles);
        return rc;
    }
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:o}", "database", c->db, "country", country, "year", year,
                          "language", lang, "schema_version", version, "profiles", profiles, "counts", counts);
    if (seed[0])
        json_object_set_new(o, "demo_seed", json_string(seed));
    if (c->json) {
        cli_print_json(o);
        return AT_OK;
    }
    printf("database        %s\ncountry         %s\nexam year       %s\nlanguage        %s\nschema version  %d\n",
           c->db, country, year, lang, version);
    printf("rule profiles  ");
    size_t i;
    json_t *v;
    json_array_foreach(profiles, i, v) printf(" %s", json_string_value(v));
    printf("\n");
    if (seed[0])
        printf("demo seed       %s\n", seed);
    for (size_t k = 0; k < entity_count; k++)
        printf("%-15s %lld\n", entity_all[k]->name,
               (long long)json_integer_value(json_object_get(counts, entity_all[k]->name)));
    json_decref(o);
    return AT_OK;
}

int cmd_checksum(cli_ctx *c, int argc, char **argv, at_error *err)
{
    int rc = cli_no_unknown(argc, argv, "checksum", err);
    store *s;
    if (rc != AT_OK || (rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    unsigned char sum[32];
    rc = store_checksum(s, sum, err);
    store_close(s);
    if (rc != AT_OK)
        return rc;
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, sum, sizeof sum);
    if (c->json)
        cli_print_json(json_pack("{s:s}", "checksum", hex));
    else
        printf("%s\n", hex);
    return AT_OK;
}
