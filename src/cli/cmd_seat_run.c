/* cmd_seat_run.c — `attest seat run|replan|close|show`: distributing an exam
 * day's participants, re-planning after changes, and looking at the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/date.h"
#include "core/rng.h"
#include "seat/seat.h"
#include "store/store_seat.h"

static int want_date(const char *date, const char *cmd, at_error *err)
{
    at_date d;
    if (!date)
        return at_fail(err, AT_EUSAGE, cmd, "--date YYYY-MM-DD is required");
    if (!date_parse_iso(date, &d))
        return at_fail(err, AT_EUSAGE, "--date", "\"%s\" is not a date; expected YYYY-MM-DD", date);
    return AT_OK;
}

static json_t *summary_json(const seat_summary *s)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I, s:I, s:f, s:f, s:i, s:i, s:I, s:I}",
                     "sittings", (json_int_t)s->sittings, "seated", (json_int_t)s->seated, "exams",
                     (json_int_t)s->exams, "points_used", (json_int_t)s->points_used, "rooms_used",
                     (json_int_t)s->rooms_used, "schools", (json_int_t)s->schools, "travel_km", s->travel_km,
                     "transport_cost", (json_int_t)s->transport_cost, "model_cost", (json_int_t)s->model_cost,
                     "solve_seconds", s->solve_seconds, "total_seconds", s->total_seconds, "components",
                     s->components, "resolves", s->resolves, "arcs", (json_int_t)s->arcs,
                     "adjacent_same_school", (json_int_t)s->adjacent_same_school);
}

static void print_summary(const seat_summary *s)
{
    printf("  participants' exams  %ld, seated %ld\n", s->sittings, s->seated);
    printf("  exams                %ld\n", s->exams);
    printf("  exam points used     %ld, rooms %ld, schools %ld\n", s->points_used, s->rooms_used, s->schools);
    printf("  travel               %.1f km in total, %.2f km per participant\n", s->travel_km,
           s->seated ? s->travel_km / (double)s->seated : 0.0);
    printf("  neighbours from one school (unavoidable)  %ld\n", s->adjacent_same_school);
    printf("  solved               %d component%s, %.3f s in the flow solver, %.3f s in all\n", s->components,
           s->components == 1 ? "" : "s", s->solve_seconds, s->total_seconds);
}

static int report_shortages(cli_ctx *c, const char *date, const seat_shortages *sh, json_t *o)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < sh->n; i++) {
        if (!c->json)
            fprintf(stderr, "  %s\n", sh->v[i].text);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:s}", "scope", sh->v[i].scope, "exam",
                                             sh->v[i].exam, "need", (json_int_t)sh->v[i].need, "have",
                                             (json_int_t)sh->v[i].have, "text", sh->v[i].text));
    }
    json_object_set_new(o, "shortages", arr);
    if (c->json) {
        json_object_set_new(o, "status", json_string("infeasible"));
        json_object_set_new(o, "date", json_string(date));
        cli_print_json(o);
        c->reported = true;
    } else {
        json_decref(o);
    }
    return AT_EINPUT;
}

int cmd_seat_run(cli_ctx *c, int argc, char **argv, at_error *err)
{
    seat_options o = {0};
    o.date = cli_opt(&argc, argv, "--date");
    const char *seed = cli_opt(&argc, argv, "--seed");
    o.scheme = cli_opt(&argc, argv, "--scheme");
    const char *cand = cli_opt(&argc, argv, "--candidates");
    o.model_out = cli_opt(&argc, argv, "--model-out");
    o.dry_run = cli_flag(&argc, argv, "--dry-run");
    int rc = cli_no_unknown(argc, argv, "seat run", err);
    if (rc == AT_OK)
        rc = want_date(o.date, "seat run", err);
    if (rc != AT_OK)
        return rc;
    if (seed) {
        char *end;
        o.seed = strtoull(seed, &end, 10);
        if (!*seed || *end)
            return at_fail(err, AT_EUSAGE, "--seed", "\"%s\" is not a number", seed);
    } else {
        o.seed = rng_fresh_seed();
    }
    if (cand)
        o.candidates = atoi(cand);
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    seat_summary sum;
    seat_shortages sh = {0};
    rc = seat_run(s, &o, &sum, &sh, err);
    if (rc == AT_EINPUT && sh.n > 0) {
        if (!c->json)
            fprintf(stderr, "attest seat run: %s cannot be distributed; nothing was written:\n", o.date);
        json_t *jo = json_object();
        rc = report_shortages(c, o.date, &sh, jo);
        at_fail(err, AT_EINPUT, o.date, "%zu shortage%s", sh.n, sh.n == 1 ? "" : "s");
    } else if (rc == AT_OK) {
        if (c->json) {
            json_t *jo = summary_json(&sum);
            json_object_set_new(jo, "status", json_string(o.dry_run ? "dry-run" : "ok"));
            json_object_set_new(jo, "date", json_string(o.date));
            json_object_set_new(jo, "seed", json_integer((json_int_t)o.seed));
            cli_print_json(jo);
        } else {
            printf("%s %s: seed %llu%s\n", o.dry_run ? "Would distribute" : "Distributed", o.date,
                   (unsigned long long)o.seed, seed ? "" : " (chosen now; recorded)");
            print_summary(&sum);
            if (o.model_out)
                printf("  model                %s (objective %lld)\n", o.model_out, sum.model_cost);
        }
    }
    seat_shortages_free(&sh);
    store_close(s);
    return rc;
}

int cmd_seat_replan(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *date = cli_opt(&argc, argv, "--date");
    const char *reason = cli_opt(&argc, argv, "--reason");
    int rc = cli_no_unknown(argc, argv, "seat replan", err);
    if (rc == AT_OK)
        rc = want_date(date, "seat replan", err);
    if (rc != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    seat_moves mv = {0};
    seat_summary sum;
    seat_shortages sh = {0};
    rc = seat_replan(s, date, reason ? reason : "re-plan", &mv, &sum, &sh, err);
    if (rc == AT_EINPUT && sh.n > 0) {
        if (!c->json)
            fprintf(stderr, "attest seat replan: %s cannot be re-planned; nothing was changed:\n", date);
        rc = report_shortages(c, date, &sh, json_object());
        at_fail(err, AT_EINPUT, date, "%zu shortage%s", sh.n, sh.n == 1 ? "" : "s");
    } else if (rc == AT_OK) {
        json_t *arr = c->json ? json_array() : NULL;
        if (!c->json)
            printf("Re-plan %d of %s: %zu move%s\n", mv.replan, date, mv.n, mv.n == 1 ? "" : "s");
        for (size_t i = 0; i < mv.n; i++) {
            const seat_move *m = &mv.v[i];
            if (arr) {
                json_t *j = json_pack("{s:s, s:s}", "exam", m->exam, "document", m->document);
                if (m->from_point)
                    json_object_set_new(j, "from", json_pack("{s:s, s:s, s:i}", "point", m->from_point, "room",
                                                             m->from_room, "seat", m->from_seat));
                if (m->to_point)
                    json_object_set_new(j, "to", json_pack("{s:s, s:s, s:i}", "point", m->to_point, "room",
                                                           m->to_room, "seat", m->to_seat));
                json_array_append_new(arr, j);
                continue;
            }
            char from[160] = "(new)", to[160] = "(unseated)";
            if (m->from_point)
                snprintf(from, sizeof from, "%s/%s seat %d", m->from_point, m->from_room, m->from_seat);
            if (m->to_point)
                snprintf(to, sizeof to, "%s/%s seat %d", m->to_point, m->to_room, m->to_seat);
            printf("  %-14s %-28s %s → %s\n", m->document, m->exam, from, to);
        }
        if (arr) {
            json_t *jo = summary_json(&sum);
            json_object_set_new(jo, "status", json_string("ok"));
            json_object_set_new(jo, "date", json_string(date));
            json_object_set_new(jo, "replan", json_integer(mv.replan));
            json_object_set_new(jo, "moves", arr);
            cli_print_json(jo);
        } else if (mv.n > 0) {
            printf("Everyone else keeps their seat. The date's staff posts, kits and custody acts were made "
                   "for the old seating and are cleared: attest seat staff --date %s, then attest seat materials\n",
                   date);
        }
    }
    seat_moves_free(&mv);
    seat_shortages_free(&sh);
    store_close(s);
    return rc;
}

int cmd_seat_close(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *date = cli_opt(&argc, argv, "--date");
    const char *point = cli_opt(&argc, argv, "--point");
    const char *room = cli_opt(&argc, argv, "--room");
    const char *reason = cli_opt(&argc, argv, "--reason");
    int rc = cli_no_unknown(argc, argv, "seat close", err);
    if (rc == AT_OK)
        rc = want_date(date, "seat close", err);
    if (rc == AT_OK && (!point || !reason))
        rc = at_fail(err, AT_EUSAGE, "seat close", "--point CODE and --reason TEXT are required");
    if (rc != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    const entity_def *ep = entity_find(room ? "rooms" : "exam_points");
    store_lookup *l = NULL;
    bool found = false;
    const char *key[2] = {point, room};
    if ((rc = store_lookup_open(s, ep, &l, err)) == AT_OK)
        rc = store_lookup_get(l, key, &found, NULL, err);
    store_lookup_close(l);
    if (rc == AT_OK && !found)
        rc = room ? at_fail(err, AT_EINPUT, "--room", "exam point %s has no room %s", point, room)
                  : at_fail(err, AT_EINPUT, "--point", "no exam point %s", point);
    if (rc == AT_OK && (rc = store_begin(s, err)) == AT_OK) {
        rc = store_seat_close(s, date, point, room, reason, err);
        if (rc == AT_OK)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    if (rc == AT_OK) {
        if (c->json)
            cli_print_json(json_pack("{s:s, s:s, s:s, s:o}", "status", "ok", "date", date, "point", point, "room",
                                     room ? json_string(room) : json_null()));
        else
            printf("Closed %s%s%s%s on %s (%s). Move its participants: attest seat replan --date %s\n",
                   room ? "room " : "exam point ", room ? room : point, room ? " of exam point " : "",
                   room ? point : "", date, reason, date);
    }
    store_close(s);
    return rc;
}

/* ---- show: the run and a per-point table ---- */
typedef struct {
    json_t *points;   /* code → {rooms: {number: count}} */
    long n;
} show_ctx;

static int show_row(void *ctx, const store_seating *r, at_error *err)
{
    show_ctx *x = ctx;
    json_t *p = json_object_get(x->points, r->point);
    if (!p) {
        p = json_pack("{s:i, s:{}}", "participants", 0, "rooms");
        json_object_set_new(x->points, r->point, p);
    }
    json_object_set_new(p, "participants", json_integer(json_integer_value(json_object_get(p, "participants")) + 1));
    json_t *rooms = json_object_get(p, "rooms");
    json_t *rm = json_object_get(rooms, r->room);
    if (!rm) {
        rm = json_pack("{s:s, s:i}", "exam", r->exam, "participants", 0);
        json_object_set_new(rooms, r->room, rm);
    }
    json_object_set_new(rm, "participants", json_integer(json_integer_value(json_object_get(rm, "participants")) + 1));
    x->n++;
    return AT_OK;
}

int cmd_seat_show(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *date = cli_opt(&argc, argv, "--date");
    int rc = cli_no_unknown(argc, argv, "seat show", err);
    if (rc == AT_OK)
        rc = want_date(date, "seat show", err);
    if (rc != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    store_seat_run run;
    show_ctx x = {json_object(), 0};
    if ((rc = store_seat_run_get(s, date, &run, err)) == AT_OK)
        rc = store_seat_seatings(s, date, show_row, &x, err);
    if (rc == AT_OK) {
        if (c->json) {
            cli_print_json(json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:f, s:i, s:o}", "date", run.date, "seed",
                                     run.seed, "scheme", run.scheme, "made_at", run.made_at, "actor", run.actor,
                                     "participants", (json_int_t)run.participants, "travel_km", run.travel_km,
                                     "replans", run.replans, "points", x.points));
            x.points = NULL;
        } else {
            printf("%s: seed %s, scheme %s, made %s by %s, %ld participants seated, %.1f km, re-plans %d\n",
                   run.date, run.seed, run.scheme, run.made_at, run.actor, run.participants, run.travel_km,
                   run.replans);
            const char *code;
            json_t *p;
            json_object_foreach(x.points, code, p) {
                json_t *rooms = json_object_get(p, "rooms");
                printf("  %-10s %4lld participants in %zu room%s\n", code,
                       json_integer_value(json_object_get(p, "participants")), json_object_size(rooms),
                       json_object_size(rooms) == 1 ? "" : "s");
            }
        }
    }
    json_decref(x.points);
    store_close(s);
    return rc;
}
