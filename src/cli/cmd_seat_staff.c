/* cmd_seat_staff.c — `attest seat staff --date D [--seed S]`: distributes the
 * staff of an exam date over the points and rooms the stored participant
 * distribution uses (staffing module), or explains every shortage and writes
 * nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/date.h"
#include "rules/rules.h"
#include "staffing/staffing.h"
#include "store/store_staffing.h"

/* The logistics rules of grades 9 and 11 (from the stored profiles). */
typedef struct {
    rule_profile *p[2];
} grade_rules;

static int load_rules(store *s, grade_rules *g, at_error *err)
{
    for (int i = 0; i < 2; i++) {
        char *json = NULL;
        at_error ignore = {0};
        g->p[i] = NULL;
        if (store_profile_get(s, i ? 11 : 9, &json, &ignore) != AT_OK)
            continue;  /* no profile of that grade: only an error if its exams are seated */
        int rc = rules_parse(json, strlen(json), "stored profile", &g->p[i], err);
        free(json);
        if (rc != AT_OK)
            return rc;
    }
    return AT_OK;
}

static void free_rules(grade_rules *g)
{
    for (int i = 0; i < 2; i++)
        if (g->p[i])
            rules_free(g->p[i]);
}

/* The staffing model of a stored day: points, rooms and people point into
 * the day's strings. */
typedef struct {
    staffing_point *points;
    staffing_room *rooms;
    staffing_person *people;
    const char **subjects;     /* per room row, consecutive per room */
    const char **seated;       /* schools, consecutive per point */
    size_t npoints, nrooms;
} day_model;

static void day_model_free(day_model *m)
{
    free(m->points);
    free(m->rooms);
    free(m->people);
    free(m->subjects);
    free(m->seated);
}

static int seat_day_model(const store_staff_day *d, const grade_rules *g, day_model *m, at_error *err)
{
    memset(m, 0, sizeof *m);
    m->points = calloc(d->nrooms + 1, sizeof *m->points);
    m->rooms = calloc(d->nrooms + 1, sizeof *m->rooms);
    m->subjects = calloc(d->nrooms + 1, sizeof *m->subjects);
    m->seated = calloc(d->nseated + 1, sizeof *m->seated);
    m->people = calloc(d->npeople + 1, sizeof *m->people);
    if (!m->points || !m->rooms || !m->subjects || !m->seated || !m->people) {
        day_model_free(m);
        return at_fail(err, AT_ENOMEM, "seat staff", "out of memory");
    }
    size_t si = 0;
    for (size_t i = 0; i < d->nrooms; i++) {
        const store_staff_room *r = &d->rooms[i];
        int gi = r->grade == 11 ? 1 : r->grade == 9 ? 0 : -1;
        if (gi < 0 || !g->p[gi]) {
            day_model_free(m);
            return at_fail(err, AT_EINPUT, r->exam, "exam of grade %d: no stored rule profile for that grade",
                           r->grade);
        }
        if (m->npoints == 0 || strcmp(m->points[m->npoints - 1].code, r->point) != 0) {
            staffing_point *p = &m->points[m->npoints++];
            p->code = r->point;
            p->municipality = r->municipality;
            /* seated schools: d->seated is ordered by point */
            while (si < d->nseated && strcmp(d->seated[si].point, r->point) < 0)
                si++;
            size_t first = si;
            while (si < d->nseated && strcmp(d->seated[si].point, r->point) == 0)
                m->seated[si] = d->seated[si].school, si++;
            p->seated_schools = m->seated + first;
            p->nseated = si - first;
        }
        staffing_point *p = &m->points[m->npoints - 1];
        staffing_needs_merge(&p->needs, &g->p[gi]->logistics);
        staffing_room *rm = m->nrooms ? &m->rooms[m->nrooms - 1] : NULL;
        if (!rm || rm->point != m->npoints - 1 || strcmp(rm->number, r->room) != 0) {
            rm = &m->rooms[m->nrooms++];
            rm->point = m->npoints - 1;
            rm->number = r->room;
            rm->subjects = m->subjects + i;
        }
        m->subjects[i] = r->subject;
        rm->nsubjects++;
        if (r->assistant > 0)
            rm->needs_assistant = true;
    }
    for (size_t i = 0; i < d->npeople; i++) {
        const store_staff_person *ps = &d->people[i];
        m->people[i] = (staffing_person){ps->document, staffing_roles_parse(ps->roles), ps->school, ps->municipality,
                                         ps->subjects_taught, ps->token, ps->prior};
    }
    return AT_OK;
}

static int parse_seed(const char *text, uint64_t *out, at_error *err)
{
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (!*text || *end)
        return at_fail(err, AT_EUSAGE, "--seed", "\"%s\": expected a whole number", text);
    *out = v;
    return AT_OK;
}

static int report_shortages(cli_ctx *c, const char *date, const staffing_result *res, at_error *err)
{
    if (c->json) {
        json_t *arr = json_array();
        for (size_t i = 0; i < res->nshortages; i++) {
            const staffing_shortage *s = &res->shortages[i];
            json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s}", "scope", s->scope, "code", s->code, "posts",
                                  s->posts, "needed", (json_int_t)s->needed, "eligible", (json_int_t)s->eligible,
                                  "message", s->message);
            if (s->points[0])
                json_object_set_new(o, "points", json_string(s->points));
            json_array_append_new(arr, o);
        }
        cli_print_json(json_pack("{s:s, s:s, s:o, s:s, s:i}", "status", "infeasible", "date", date, "shortages", arr,
                                 "message", "staff cannot be distributed; nothing written", "exit", 1));
        c->reported = true;
    } else {
        for (size_t i = 0; i < res->nshortages; i++)
            printf("%s\n", res->shortages[i].message);
    }
    return at_fail(err, AT_EINPUT, date, "staff cannot be distributed (%zu shortage%s above); nothing written",
                   res->nshortages, res->nshortages == 1 ? "" : "s");
}

int cmd_seat_staff(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *date = cli_opt(&argc, argv, "--date");
    const char *seed_text = cli_opt(&argc, argv, "--seed");
    int rc = cli_no_unknown(argc, argv, "seat staff", err);
    if (rc != AT_OK)
        return rc;
    at_date dd;
    if (!date)
        return at_fail(err, AT_EUSAGE, "seat staff", "--date YYYY-MM-DD is required");
    if (!date_parse_iso(date, &dd))
        return at_fail(err, AT_EUSAGE, "--date", "\"%s\": expected a date YYYY-MM-DD", date);
    uint64_t seed = 0;
    if (seed_text && (rc = parse_seed(seed_text, &seed, err)) != AT_OK)
        return rc;
    store *s;
    if ((rc = cli_open_store(c, &s, err)) != AT_OK)
        return rc;
    store_staff_day day;
    grade_rules gr = {{NULL, NULL}};
    day_model m = {0};
    staffing_result res = {0};
    bool have_day = false, have_model = false;
    /* One transaction from loading to the last post: the posts are made
     * from the staff and points read in it (store_staffing_write_posts). */
    bool in_tx = (rc = store_begin_derived(s, err)) == AT_OK;
    if (rc == AT_OK)
        rc = store_staffing_load(s, date, true, &day, err);
    have_day = rc == AT_OK;
    if (rc == AT_OK)
        rc = load_rules(s, &gr, err);
    if (rc == AT_OK && !seed_text) {
        seed_text = day.seed;
        rc = parse_seed(seed_text, &seed, err);
    }
    if (rc == AT_OK)
        rc = seat_day_model(&day, &gr, &m, err);
    have_model = rc == AT_OK;
    if (rc == AT_OK) {
        staffing_input in = {.points = m.points, .npoints = m.npoints, .rooms = m.rooms, .nrooms = m.nrooms,
                             .people = m.people, .npeople = day.npeople,
                             .anywhere = day.scheme && strcmp(day.scheme, "region") == 0, .seed = seed};
        rc = staffing_solve(&in, &res, err);
    }
    if (rc == AT_OK && res.nshortages > 0)
        rc = report_shortages(c, date, &res, err);
    if (rc == AT_OK) {
        store_staff_post *posts = calloc(res.nposts + 1, sizeof *posts);
        if (!posts)
            rc = at_fail(err, AT_ENOMEM, "seat staff", "out of memory");
        for (size_t i = 0; posts && i < res.nposts; i++) {
            const staffing_post *p = &res.posts[i];
            posts[i] = (store_staff_post){m.people[p->person].document, m.points[p->point].code,
                                          p->room >= 0 ? m.rooms[p->room].number : NULL,
                                          staffing_post_name(p->post)};
        }
        if (rc == AT_OK)
            rc = store_staffing_write_posts(s, date, seed_text, posts, res.nposts, err);
        free(posts);
        if (rc == AT_OK)
            in_tx = (rc = store_commit(s, err)) != AT_OK;
    }
    if (rc == AT_OK) {
        static const char *const names[] = {"ppe_head", "gek", "technical", "medical", "organizer", "assistant", NULL};
        store_staff_summary sum;
        rc = store_staffing_summary(s, date, names, &sum, err);
        if (rc == AT_OK && c->json) {
            json_t *by = json_object();
            for (int i = 0; names[i]; i++)
                json_object_set_new(by, names[i], json_integer(sum.by_post[i]));
            cli_print_json(json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:o, s:I, s:I}", "status", "ok", "date", date,
                                     "seed", seed_text, "points", (json_int_t)m.npoints, "rooms",
                                     (json_int_t)m.nrooms, "posts", (json_int_t)sum.posts, "by_post", by, "people",
                                     (json_int_t)sum.people, "max_posts_per_person",
                                     (json_int_t)sum.max_per_person));
        } else if (rc == AT_OK && !c->quiet) {
            printf("staff of %s distributed (seed %s): %ld posts in %zu points, %zu rooms\n", date, seed_text,
                   sum.posts, m.npoints, m.nrooms);
            for (int i = 0; names[i]; i++)
                printf("  %-10s %ld\n", names[i], sum.by_post[i]);
            printf("people used: %ld; most posts held by one person up to this date: %ld\n", sum.people,
                   sum.max_per_person);
        }
    }
    if (in_tx)
        store_rollback(s);
    staffing_result_free(&res);
    if (have_model)
        day_model_free(&m);
    free_rules(&gr);
    if (have_day)
        store_staffing_day_free(&day);
    store_close(s);
    return rc;
}
