/* cmd_seat_materials.c — `attest seat materials --date D` (material kits per
 * point, exam and room with the profile's reserve, and the custody chain
 * region → municipality → point → room) and `attest seat custody list|sign`
 * (acts with counts and signatures; mismatches flagged). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/date.h"
#include "rules/rules.h"
#include "staffing/staffing.h"
#include "store/store_staffing.h"

static int need_date(const char *date, const char *cmd, at_error *err)
{
    at_date dd;
    if (!date)
        return at_fail(err, AT_EUSAGE, cmd, "--date YYYY-MM-DD is required");
    if (!date_parse_iso(date, &dd))
        return at_fail(err, AT_EUSAGE, "--date", "\"%s\": expected a date YYYY-MM-DD", date);
    return AT_OK;
}

/* Reserve rules per grade (index 0: grade 9, 1: grade 11); found[] false when
 * the database holds no profile of that grade. */
static int reserve_rules(store *s, staffing_needs rules[2], bool found[2], at_error *err)
{
    for (int i = 0; i < 2; i++) {
        char *json = NULL;
        at_error ignore = {0};
        rule_profile *p = NULL;
        memset(&rules[i], 0, sizeof rules[i]);
        found[i] = false;
        if (store_profile_get(s, i ? 11 : 9, &json, &ignore) != AT_OK)
            continue;
        int rc = rules_parse(json, strlen(json), "stored profile", &p, err);
        free(json);
        if (rc != AT_OK)
            return rc;
        staffing_needs_merge(&rules[i], &p->logistics);
        found[i] = true;
        rules_free(p);
    }
    return AT_OK;
}

typedef struct {
    const char *exam;
    long seated;
} exam_total;

int cmd_seat_materials(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *date = cli_opt(&argc, argv, "--date");
    int rc = cli_no_unknown(argc, argv, "seat materials", err);
    if (rc == AT_OK)
        rc = need_date(date, "seat materials", err);
    if (rc != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    store_staff_day day;
    staffing_needs rules[2];
    bool found[2];
    rc = store_staffing_load(s, date, false, &day, err);
    if (rc != AT_OK) {
        store_close(s);
        return rc;
    }
    rc = reserve_rules(s, rules, found, err);
    /* Room rows plus one reserve row per point and exam: at most 2 per row. */
    store_kit *kits = calloc(2 * day.nrooms + 1, sizeof *kits);
    exam_total *tot = calloc(day.nrooms + 1, sizeof *tot);
    size_t nkits = 0;
    long participants = 0, reserve = 0, points = 0;
    if (rc == AT_OK && (!kits || !tot))
        rc = at_fail(err, AT_ENOMEM, "seat materials", "out of memory");
    for (size_t i = 0; i < day.nrooms && rc == AT_OK;) {
        /* One point: its rows are consecutive (ordered by point). */
        size_t j = i, ntot = 0;
        staffing_needs nd = {0};
        for (; j < day.nrooms && strcmp(day.rooms[j].point, day.rooms[i].point) == 0; j++) {
            const store_staff_room *r = &day.rooms[j];
            int gi = r->grade == 11 ? 1 : r->grade == 9 ? 0 : -1;
            if (gi < 0 || !found[gi]) {
                rc = at_fail(err, AT_EINPUT, r->exam, "exam of grade %d: no stored rule profile for that grade",
                             r->grade);
                break;
            }
            nd.reserve_percent = rules[gi].reserve_percent > nd.reserve_percent ? rules[gi].reserve_percent
                                                                                : nd.reserve_percent;
            nd.reserve_min = rules[gi].reserve_min > nd.reserve_min ? rules[gi].reserve_min : nd.reserve_min;
            kits[nkits++] = (store_kit){r->exam, r->point, r->room, r->seated};
            participants += r->seated;
            size_t k = 0;
            while (k < ntot && strcmp(tot[k].exam, r->exam) != 0)
                k++;
            if (k == ntot)
                tot[ntot++] = (exam_total){r->exam, 0};
            tot[k].seated += r->seated;
        }
        for (size_t k = 0; k < ntot && rc == AT_OK; k++) {
            long rv = staffing_reserve(tot[k].seated, nd.reserve_percent, nd.reserve_min);
            if (rv > 0) {
                kits[nkits++] = (store_kit){tot[k].exam, day.rooms[i].point, NULL, rv};
                reserve += rv;
            }
        }
        points++;
        i = j;
    }
    long acts = 0;
    char region[128] = "region";
    if (rc == AT_OK) {
        at_error ignore = {0};
        store_meta_get(s, "region", region, sizeof region, &ignore);
        rc = store_staffing_write_kits(s, date, region, kits, nkits, &acts, err);
    }
    if (rc == AT_OK) {
        if (c->json)
            cli_print_json(json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "status", "ok", "date", date,
                                     "points", (json_int_t)points, "participants", (json_int_t)participants,
                                     "kits", (json_int_t)(participants + reserve), "reserve", (json_int_t)reserve,
                                     "rows", (json_int_t)nkits, "custody_acts", (json_int_t)acts));
        else if (!c->quiet)
            printf("materials of %s: %ld kits for %ld participants in %ld points (%ld in reserve); %ld custody acts\n",
                   date, participants + reserve, participants, points, reserve, acts);
    }
    free(kits);
    free(tot);
    store_staffing_day_free(&day);
    store_close(s);
    return rc;
}

/* ---- custody ---- */

static char **check_acts(const store_custody_act *a, size_t n)
{
    staffing_act *v = calloc(n + 1, sizeof *v);
    char **mm = calloc(n + 1, sizeof *mm);
    if (!v || !mm) {
        free(v);
        free(mm);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        v[i] = (staffing_act){a[i].exam, a[i].from_level, a[i].from_code, a[i].to_level, a[i].to_code, a[i].sent,
                              a[i].signed_, a[i].received};
    int rc = staffing_custody_check(v, n, mm);
    free(v);
    if (rc != AT_OK) {
        free(mm);
        return NULL;
    }
    return mm;
}

static json_t *act_json(const store_custody_act *a, const char *mismatch)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)a->id, "exam", a->exam,
                          "from_level", a->from_level, "from_code", a->from_code, "to_level", a->to_level, "to_code",
                          a->to_code, "sent", (json_int_t)a->sent);
    json_object_set_new(o, "received", a->signed_ ? json_integer(a->received) : json_null());
    json_object_set_new(o, "handed_by", a->handed_by ? json_string(a->handed_by) : json_null());
    json_object_set_new(o, "received_by", a->received_by ? json_string(a->received_by) : json_null());
    json_object_set_new(o, "signed_at", a->signed_at ? json_string(a->signed_at) : json_null());
    json_object_set_new(o, "mismatch", mismatch ? json_string(mismatch) : json_null());
    return o;
}

static int custody_list(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *date = cli_opt(&argc, argv, "--date");
    bool only_mm = cli_flag(&argc, argv, "--mismatches");
    int rc = cli_no_unknown(argc, argv, "seat custody list", err);
    if (rc == AT_OK)
        rc = need_date(date, "seat custody list", err);
    if (rc != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    store_custody_act *a;
    size_t n;
    rc = store_custody_list(s, date, &a, &n, err);
    store_close(s);
    if (rc != AT_OK)
        return rc;
    char **mm = check_acts(a, n);
    if (!mm) {
        store_custody_free(a, n);
        return at_fail(err, AT_ENOMEM, "seat custody list", "out of memory");
    }
    size_t nmm = 0, nsigned = 0;
    for (size_t i = 0; i < n; i++)
        nmm += mm[i] != NULL, nsigned += a[i].signed_;
    if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            if (!only_mm || mm[i])
                json_array_append_new(arr, act_json(&a[i], mm[i]));
        cli_print_json(json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}", "status", "ok", "date", date, "acts",
                                 (json_int_t)n, "signed", (json_int_t)nsigned, "mismatches", (json_int_t)nmm,
                                 "list", arr));
    } else {
        for (size_t i = 0; i < n; i++) {
            if (only_mm && !mm[i])
                continue;
            printf("%6ld  %-12s %s %s → %s %s  sent %ld", a[i].id, a[i].exam, a[i].from_level, a[i].from_code,
                   a[i].to_level, a[i].to_code, a[i].sent);
            if (a[i].signed_)
                printf(", received %ld by %s at %s%s%s", a[i].received, a[i].received_by ? a[i].received_by : "?",
                       a[i].signed_at ? a[i].signed_at : "?", a[i].handed_by ? ", handed by " : "",
                       a[i].handed_by ? a[i].handed_by : "");
            else
                printf(", not signed");
            if (mm[i])
                printf("  MISMATCH: %s", mm[i]);
            putchar('\n');
        }
        printf("%zu acts, %zu signed, %zu mismatch%s\n", n, nsigned, nmm, nmm == 1 ? "" : "es");
    }
    for (size_t i = 0; i < n; i++)
        free(mm[i]);
    free(mm);
    store_custody_free(a, n);
    return AT_OK;
}

static int custody_sign(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *received = cli_opt(&argc, argv, "--received");
    const char *by = cli_opt(&argc, argv, "--by");
    const char *handed = cli_opt(&argc, argv, "--handed-by");
    int rc = cli_no_unknown(argc, argv, "seat custody sign", err);
    if (rc != AT_OK)
        return rc;
    if (argc != 2)
        return at_fail(err, AT_EUSAGE, "seat custody sign", "expected one act id");
    char *end;
    long id = strtol(argv[1], &end, 10);
    if (!*argv[1] || *end || id <= 0)
        return at_fail(err, AT_EUSAGE, "seat custody sign", "\"%s\": expected an act id (a whole number)", argv[1]);
    if (!received || !by || !*by)
        return at_fail(err, AT_EUSAGE, "seat custody sign", "--received N and --by \"name\" are required");
    long nrec = strtol(received, &end, 10);
    if (!*received || *end || nrec < 0)
        return at_fail(err, AT_EUSAGE, "--received", "\"%s\": expected a count (0 or more)", received);
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    store_custody_act a;
    rc = store_custody_sign(s, id, nrec, by, handed, &a, err);
    store_close(s);
    if (rc != AT_OK)
        return rc;
    char *mm = NULL;
    staffing_act v = {a.exam, a.from_level, a.from_code, a.to_level, a.to_code, a.sent, true, a.received};
    staffing_custody_check(&v, 1, &mm);
    if (c->json)
        cli_print_json(json_pack("{s:s, s:o}", "status", "ok", "act", act_json(&a, mm)));
    else if (!c->quiet)
        printf("act %ld signed: %s %s → %s %s, sent %ld, received %ld by %s at %s%s%s\n", a.id, a.from_level,
               a.from_code, a.to_level, a.to_code, a.sent, a.received, a.received_by, a.signed_at,
               mm ? "  MISMATCH: " : "", mm ? mm : "");
    free(mm);
    free(a.exam), free(a.from_level), free(a.from_code), free(a.to_level), free(a.to_code);
    free(a.handed_by), free(a.received_by), free(a.signed_at);
    return AT_OK;
}

int cmd_seat_custody(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *sub = argc > 1 ? argv[1] : NULL;
    if (sub && strcmp(sub, "list") == 0)
        return custody_list(c, argc - 1, argv + 1, err);
    if (sub && strcmp(sub, "sign") == 0)
        return custody_sign(c, argc - 1, argv + 1, err);
    return at_fail(err, AT_EUSAGE, "seat custody", "expected list or sign");
}
