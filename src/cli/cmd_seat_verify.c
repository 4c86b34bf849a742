/* cmd_seat_verify.c — `attest seat verify --date D [--json]`: the independent
 * check of a stored distribution (module seatcheck). Prints each violation as
 * it is found, then a count per rule; exit status 1 when anything is violated. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/date.h"
#include "seatcheck/seatcheck.h"

typedef struct {
    bool json;
    json_t *list;
} verify_out;

static void add_obj(json_t *o, const char *key, const char *v)
{
    if (v)
        json_object_set_new(o, key, json_string(v));
}

static void on_violation(void *p, const seatcheck_violation *v)
{
    verify_out *o = p;
    const char *code = seatcheck_rule_code(v->rule);
    if (o->json) {
        json_t *j = json_pack("{s:s, s:s}", "rule", code, "date", v->date);
        add_obj(j, "exam", v->exam);
        add_obj(j, "document", v->document);
        add_obj(j, "point", v->point);
        add_obj(j, "room", v->room);
        add_obj(j, "staff", v->staff);
        add_obj(j, "message", v->message);
        json_array_append_new(o->list, j);
        return;
    }
    printf("%s %s", code, v->date);
    if (v->exam)
        printf(" exam=%s", v->exam);
    if (v->document)
        printf(" document=%s", v->document);
    if (v->point)
        printf(" point=%s", v->point);
    if (v->room)
        printf(" room=%s", v->room);
    if (v->staff)
        printf(" staff=%s", v->staff);
    printf(": %s\n", v->message);
}

int cmd_seat_verify(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *date = cli_opt(&argc, argv, "--date");
    int rc = cli_no_unknown(argc, argv, "seat verify", err);
    if (rc != AT_OK)
        return rc;
    at_date d;
    if (!date)
        return at_fail(err, AT_EUSAGE, "seat verify", "--date YYYY-MM-DD is required");
    if (!date_parse_iso(date, &d))
        return at_fail(err, AT_EUSAGE, "seat verify", "--date \"%s\" is not a date; expected YYYY-MM-DD", date);
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    verify_out o = {c->json, c->json ? json_array() : NULL};
    seatcheck_summary sum;
    rc = seatcheck_run(s, date, on_violation, &o, &sum, err);
    store_close(s);
    if (rc != AT_OK) {
        json_decref(o.list);
        return rc;
    }
    if (c->json) {
        json_t *counts = json_object();
        for (int r = 0; r < SC_NRULES; r++)
            json_object_set_new(counts, seatcheck_rule_code((seatcheck_rule)r), json_integer(sum.counts[r]));
        cli_print_json(json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:o}", "date", date, "scheme", sum.scheme,
                                 "seatings", (json_int_t)sum.seatings, "sittings", (json_int_t)sum.sittings, "posts",
                                 (json_int_t)sum.posts, "total", (json_int_t)sum.total, "violations", o.list,
                                 "counts", counts));
    } else {
        printf("%s: %ld seatings, %ld sittings, %ld staff posts checked; %ld violation%s\n", date, sum.seatings,
               sum.sittings, sum.posts, sum.total, sum.total == 1 ? "" : "s");
        for (int r = 0; r < SC_NRULES; r++)
            if (sum.counts[r] || !c->quiet)
                printf("  %-24s %6ld  %s\n", seatcheck_rule_code((seatcheck_rule)r), sum.counts[r],
                       seatcheck_rule_title((seatcheck_rule)r));
    }
    if (sum.total == 0)
        return AT_OK;
    c->reported = true;
    return at_fail(err, AT_EINPUT, "seat verify", "%ld violation%s of hard rules on %s", sum.total,
                   sum.total == 1 ? "" : "s", date);
}
