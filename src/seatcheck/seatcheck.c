/* seatcheck.c — the independent check of one date's distribution (see
 * seatcheck.h and docs/seating.md, "Hard rules checked by seat verify").
 *
 * One pass over each stream: the registry's small tables (schools, points,
 * rooms, territorial scheme, closures) are loaded into arrays behind hash
 * maps; the date's seatings are checked row by row while per-room and
 * per-point totals accumulate; the date's sittings (registrations that must be
 * seated) are matched against the seatings; staff posts come last. Room- and
 * point-level rules are checked from the totals at the end. */
#include "seatcheck/seatcheck.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "seatcheck/scmap.h"
#include "store/store_seatcheck.h"

static const struct {
    const char *code, *title;
} rule_names[SC_NRULES] = {
    [SC_COMPLETE] = {"seat.complete", "every sitting of the date has one seating; no seating that is not a sitting"},
    [SC_ONE_SEAT] = {"seat.one_seat", "one seat per participant per date, one participant per seat"},
    [SC_CAPACITY] = {"seat.capacity", "seat numbers and participants within the room's limits"},
    [SC_CLOSED] = {"seat.closed", "closed points and rooms hold nobody"},
    [SC_ONE_EXAM] = {"seat.one_exam", "a room holds one exam on the date (where the profile says one_exam_per_room)"},
    [SC_TERRITORY] = {"seat.territory", "participants sit in points their territorial scheme allows"},
    [SC_OWN_SCHOOL] = {"seat.own_school", "the profile's own-school rule (not_own_school, only_own_school)"},
    [SC_ROOM_KIND] = {"seat.room_kind", "computer and speaking exams sit in rooms with that feature"},
    [SC_POINT_KIND] = {"seat.point_kind", "home, hospital and penitentiary participants in points of that kind, others in regular points"},
    [SC_ACCESSIBLE] = {"seat.accessible", "ОВЗ participants with special conditions in accessible rooms, not mixed with others"},
    [SC_RUN] = {"seat.run", "the date has one seat_runs row with a known scheme"},
    [SC_STAFF_MINIMUM] = {"staff.minimum", "posts per point and room as the profile's logistics require"},
    [SC_STAFF_ROLE] = {"staff.role", "a post is one of the person's roles"},
    [SC_STAFF_ONE_POST] = {"staff.one_post", "one post per person per date"},
    [SC_STAFF_SUBJECT] = {"staff.subject_teacher", "no organizer teaching the subject of the exam in their room"},
    [SC_STAFF_SEATED] = {"staff.teacher_of_seated", "no organizer from a school whose participants sit in the point"},
    [SC_STAFF_IN_USE] = {"staff.in_use", "posts only in points and rooms in use on the date"},
    [SC_STAFF_TERRITORY] = {"staff.territory", "staff work in points of their school's municipality"},
};

const char *seatcheck_rule_code(seatcheck_rule r) { return r < SC_NRULES ? rule_names[r].code : "?"; }
const char *seatcheck_rule_title(seatcheck_rule r) { return r < SC_NRULES ? rule_names[r].title : "?"; }

/* ---- the model ---- */
enum { PK_REGULAR = 1, PK_HOME = 2, PK_HOSPITAL = 4, PK_PENITENTIARY = 8, PK_OTHER = 16 };
enum { F_COMPUTER = 1, F_SPEAKING = 2, F_ACCESSIBLE = 4 };
enum { C_HOME = 1, C_HOSPITAL = 2, C_OTHER = 4, C_ASSISTANT = 8 };
enum { SCHEME_NONE = -1, SCHEME_MUNICIPAL, SCHEME_REGION, SCHEME_TABLE };
enum { POST_HEAD, POST_GEK, POST_TECHNICAL, POST_MEDICAL, POST_ORGANIZER, POST_ASSISTANT, POST_OTHER };
enum { MAX_GRADE = 15 };

typedef struct {
    char *code;
    int muni, kind;
    char *base;              /* base_school_code or NULL */
    bool closed, used;
    unsigned grades;         /* bit g: an exam of grade g sits here */
    int posts[POST_OTHER];   /* posts by kind */
    int tokens;              /* gek posts held by token holders */
} sc_point;

typedef struct {
    int point;
    char *number;
    long seats;
    unsigned features;
    bool closed, kind_reported;
    long count, access, others;
    bool assist;
    int exam;                /* first exam seated, -1 none */
    int *more;               /* further exams (where the profile lets rooms mix) */
    int nmore, more_cap;
    unsigned grades;
    int organizers, assistants;
} sc_room;

typedef struct {
    char *code, *subject;
    int grade;
    unsigned need;           /* F_COMPUTER / F_SPEAKING */
} sc_exam;

typedef struct {
    int exam, room;
    long seat;
} sc_first;

typedef struct {
    store *s;
    const char *date;
    seatcheck_fn fn;
    void *fctx;
    seatcheck_summary *sum;
    rule_profile *prof[MAX_GRADE + 1];
    int scheme;
    bool have_run;

    scmap munis;
    char **muni_code;
    size_t nmuni, muni_cap;
    scmap schools;
    int *school_muni;
    size_t nschool, school_cap;
    scmap points;
    sc_point *pt;
    size_t npt, pt_cap;
    scmap rooms;
    sc_room *rm;
    size_t nrm, rm_cap;
    scmap scheme_pairs, scheme_munis;
    scmap exams;
    sc_exam *ex;
    size_t nex, ex_cap;

    scmap pairs;             /* exam \x1f document → ordinal */
    unsigned char *matched;  /* per ordinal: 1 matched by a sitting, 2 already reported */
    size_t nmatched, matched_cap;
    scmap docs;              /* participant → ordinal of first seating on the date */
    sc_first *first;
    size_t nfirst, first_cap;
    scmap seats;             /* (room, seat) */
    scmap point_school;      /* (point, school) */
    scmap staff;             /* staff document → first post's point */
} ctx;

static int oom(at_error *err) { return at_fail(err, AT_ENOMEM, "seat verify", "out of memory"); }

/* Makes room for one more element of arr (size n, capacity *cap). */
static int reserve(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    void *p = realloc(*arr, nc * elem);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

static bool eq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }
static const char *or_dash(const char *s) { return s && *s ? s : "—"; }

static void emit(ctx *c, seatcheck_rule r, const char *exam, const char *doc, const char *point, const char *room,
                 const char *staff, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
static void emit(ctx *c, seatcheck_rule r, const char *exam, const char *doc, const char *point, const char *room,
                 const char *staff, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->sum->counts[r]++;
    c->sum->total++;
    if (c->fn) {
        seatcheck_violation v = {r, c->date, exam, doc, point, room, staff, msg};
        c->fn(c->fctx, &v);
    }
}

/* Does the list `set` ("a;b;c", also ',' separated, spaces ignored) hold item? */
static bool set_has(const char *set, const char *item)
{
    if (!set || !item || !*item)
        return false;
    size_t n = strlen(item);
    for (const char *p = set; *p;) {
        while (*p == ' ' || *p == ';' || *p == ',')
            p++;
        size_t len = strcspn(p, ";,");
        size_t l = len;
        while (l && p[l - 1] == ' ')
            l--;
        if (l == n && memcmp(p, item, n) == 0)
            return true;
        p += len;
    }
    return false;
}

static unsigned conditions(const char *conds)
{
    unsigned bits = 0;
    for (const char *p = conds ? conds : ""; *p;) {
        while (*p == ' ' || *p == ';' || *p == ',')
            p++;
        size_t len = strcspn(p, ";,"), l = len;
        while (l && p[l - 1] == ' ')
            l--;
        if (l == 4 && memcmp(p, "home", 4) == 0)
            bits |= C_HOME;
        else if (l == 8 && memcmp(p, "hospital", 8) == 0)
            bits |= C_HOSPITAL;
        else if (l == 9 && memcmp(p, "assistant", 9) == 0)
            bits |= C_ASSISTANT | C_OTHER;
        else if (l)
            bits |= C_OTHER;
        p += len;
    }
    return bits;
}

static int point_kind(const char *k)
{
    return eq(k, "regular") ? PK_REGULAR : eq(k, "home") ? PK_HOME : eq(k, "hospital") ? PK_HOSPITAL
         : eq(k, "penitentiary") ? PK_PENITENTIARY : PK_OTHER;
}

static const char *kinds_text(int mask)
{
    switch (mask) {
    case PK_REGULAR: return "regular";
    case PK_HOME: return "home";
    case PK_HOSPITAL: return "hospital";
    case PK_PENITENTIARY: return "penitentiary";
    case PK_HOME | PK_HOSPITAL: return "home or hospital";
    case PK_HOME | PK_PENITENTIARY: return "home or penitentiary";
    case PK_HOSPITAL | PK_PENITENTIARY: return "hospital or penitentiary";
    case PK_HOME | PK_HOSPITAL | PK_PENITENTIARY: return "home, hospital or penitentiary";
    default: return "unknown";
    }
}

static long to_long(const char *s, long dflt)
{
    if (!s || !*s)
        return dflt;
    char *end;
    long v = strtol(s, &end, 10);
    return *end ? dflt : v;
}

/* ---- interning ---- */
static int muni_of(ctx *c, const char *code, at_error *err)
{
    if (!code)
        return -1;
    int i = scmap_gets(&c->munis, code);
    if (i >= 0)
        return i;
    if (reserve((void **)&c->muni_code, &c->muni_cap, c->nmuni, sizeof *c->muni_code) ||
        !(c->muni_code[c->nmuni] = strdup(code)) || scmap_puts(&c->munis, code, (int)c->nmuni) == -2)
        return oom(err);
    return (int)c->nmuni++;
}

static int exam_of(ctx *c, const char *code, const char *grade, const char *subject, const char *room_kind,
                   at_error *err)
{
    int i = scmap_gets(&c->exams, code);
    if (i >= 0)
        return i;
    if (reserve((void **)&c->ex, &c->ex_cap, c->nex, sizeof *c->ex))
        return oom(err);
    sc_exam *e = &c->ex[c->nex];
    *e = (sc_exam){strdup(code), strdup(subject ? subject : ""), (int)to_long(grade, 0),
                   eq(room_kind, "computer") ? F_COMPUTER : eq(room_kind, "speaking") ? F_SPEAKING : 0};
    if (!e->code || !e->subject || scmap_puts(&c->exams, code, (int)c->nex) == -2) {
        free(e->code);
        free(e->subject);
        return oom(err);
    }
    return (int)c->nex++;
}

static int room_key(const char *point, const char *number, char *buf, size_t n)
{
    int len = snprintf(buf, n, "%s\x1f%s", point ? point : "", number ? number : "");
    return len < 0 || (size_t)len >= n ? -1 : len;
}

static int room_of(const ctx *c, const char *point, const char *number)
{
    char key[512];
    int len = room_key(point, number, key, sizeof key);
    return len < 0 ? -1 : scmap_get(&c->rooms, key, (size_t)len);
}

static int profile(ctx *c, int grade, at_error *err)
{
    if (grade < 0 || grade > MAX_GRADE || c->prof[grade])
        return AT_OK;
    char *json = NULL;
    int rc = store_profile_get(c->s, grade, &json, err);
    if (rc == AT_ENOTFOUND)
        return at_fail(err, AT_EINPUT, "seat verify", "the database has no rule profile for grade %d", grade);
    if (rc != AT_OK)
        return rc;
    rc = rules_parse(json, strlen(json), "stored profile", &c->prof[grade], err);
    free(json);
    return rc;
}

/* ---- loading the registry ---- */
static int on_run(void *p, const char *const *v, at_error *err)
{
    ctx *c = p;
    c->have_run = true;
    snprintf(c->sum->scheme, sizeof c->sum->scheme, "%.15s", v[0] ? v[0] : "");
    c->scheme = eq(v[0], "municipal") ? SCHEME_MUNICIPAL : eq(v[0], "region") ? SCHEME_REGION
              : eq(v[0], "table") ? SCHEME_TABLE : SCHEME_NONE;
    if (c->scheme == SCHEME_NONE)
        emit(c, SC_RUN, NULL, NULL, NULL, NULL, NULL,
             "the distribution of %s has scheme \"%s\"; expected municipal, region or table", c->date, or_dash(v[0]));
    return AT_OK;
}

static int on_school(void *p, const char *const *v, at_error *err)
{
    ctx *c = p;
    int m = muni_of(c, v[1], err);
    if (m < -1)
        return m;
    if (reserve((void **)&c->school_muni, &c->school_cap, c->nschool, sizeof *c->school_muni) ||
        scmap_puts(&c->schools, v[0], (int)c->nschool) == -2)
        return oom(err);
    c->school_muni[c->nschool++] = m;
    return AT_OK;
}

static int on_point(void *p, const char *const *v, at_error *err)
{
    ctx *c = p;
    int m = muni_of(c, v[1], err);
    if (m < -1)
        return m;
    if (reserve((void **)&c->pt, &c->pt_cap, c->npt, sizeof *c->pt))
        return oom(err);
    sc_point *t = &c->pt[c->npt];
    *t = (sc_point){.code = strdup(v[0]), .muni = m, .kind = point_kind(v[3]), .base = v[2] ? strdup(v[2]) : NULL};
    if (!t->code || (v[2] && !t->base) || scmap_puts(&c->points, v[0], (int)c->npt) == -2) {
        free(t->code);
        free(t->base);
        return oom(err);
    }
    c->npt++;
    return AT_OK;
}

static int on_room(void *p, const char *const *v, at_error *err)
{
    ctx *c = p;
    int pi = scmap_gets(&c->points, v[0]);
    char key[512];
    int len = room_key(v[0], v[1], key, sizeof key);
    if (pi < 0 || len < 0)
        return AT_OK; /* a room of no point cannot be used; seatings in it are reported */
    if (reserve((void **)&c->rm, &c->rm_cap, c->nrm, sizeof *c->rm))
        return oom(err);
    unsigned f = (set_has(v[3], "computer") ? F_COMPUTER : 0) | (set_has(v[3], "speaking") ? F_SPEAKING : 0) |
                 (set_has(v[3], "accessible") ? F_ACCESSIBLE : 0);
    sc_room *r = &c->rm[c->nrm];
    *r = (sc_room){.point = pi, .number = strdup(v[1]), .seats = to_long(v[2], 0), .features = f, .exam = -1};
    if (!r->number || scmap_put(&c->rooms, key, (size_t)len, (int)c->nrm) == -2) {
        free(r->number);
        return oom(err);
    }
    c->nrm++;
    return AT_OK;
}

static int pair_key(int a, int b, char out[8])
{
    memcpy(out, &a, 4);
    memcpy(out + 4, &b, 4);
    return 8;
}

static int on_scheme(void *p, const char *const *v, at_error *err)
{
    ctx *c = p;
    int m = muni_of(c, v[0], err), pi = scmap_gets(&c->points, v[1]);
    if (m < -1)
        return m;
    char key[8];
    if (scmap_puts(&c->scheme_munis, v[0], 1) == -2 ||
        (pi >= 0 && scmap_put(&c->scheme_pairs, key, (size_t)pair_key(m, pi, key), 1) == -2))
        return oom(err);
    return AT_OK;
}

static int on_closure(void *p, const char *const *v, at_error *err)
{
    ctx *c = p;
    if (!v[1]) {
        int pi = scmap_gets(&c->points, v[0]);
        if (pi >= 0)
            c->pt[pi].closed = true;
    } else {
        int ri = room_of(c, v[0], v[1]);
        if (ri >= 0)
            c->rm[ri].closed = true;
    }
    return AT_OK;
}

/* ---- seatings ---- */
static bool territory_ok(const ctx *c, int muni, int pi)
{
    if (c->scheme == SCHEME_REGION || c->scheme == SCHEME_NONE)
        return true;
    if (c->scheme == SCHEME_TABLE && scmap_gets(&c->scheme_munis, c->muni_code[muni]) >= 0) {
        char key[8];
        return scmap_get(&c->scheme_pairs, key, (size_t)pair_key(muni, pi, key)) >= 0;
    }
    return c->pt[pi].muni == muni;
}

static const char *scheme_name(int s)
{
    return s == SCHEME_MUNICIPAL ? "municipal" : s == SCHEME_REGION ? "region" : s == SCHEME_TABLE ? "table" : "?";
}

static int add_matched(ctx *c, unsigned char state, at_error *err)
{
    if (reserve((void **)&c->matched, &c->matched_cap, c->nmatched, 1))
        return oom(err);
    c->matched[c->nmatched++] = state;
    return AT_OK;
}

static int on_seating(void *p, const char *const *v, at_error *err)
{
    ctx *c = p;
    const char *sdate = v[0], *exam = v[1], *doc = v[2], *pcode = v[3], *rnum = v[4], *edate = v[6],
               *pdoc = v[10], *school = v[12];
    long seat = to_long(v[5], 0);
    char key[1024];
    int klen = snprintf(key, sizeof key, "%s\x1f%s", exam, doc);
    if (klen < 0 || (size_t)klen >= sizeof key)
        klen = (int)sizeof key - 1;

    if (!eq(sdate, c->date)) { /* the date's exam, seated on another date */
        emit(c, SC_COMPLETE, exam, doc, pcode, rnum, NULL,
             "participant %s is seated for exam %s (held %s) on %s instead", doc, exam, c->date, or_dash(sdate));
        int prev = scmap_put(&c->pairs, key, (size_t)klen, (int)c->nmatched);
        if (prev == -2)
            return oom(err);
        return prev == -1 ? add_matched(c, 2, err) : AT_OK;
    }
    c->sum->seatings++;
    unsigned char state = 0;
    if (!edate) {
        emit(c, SC_COMPLETE, exam, doc, pcode, rnum, NULL, "participant %s is seated for exam %s, which is not in "
             "the schedule", doc, exam);
        state = 2;
    } else if (!eq(edate, c->date)) {
        emit(c, SC_COMPLETE, exam, doc, pcode, rnum, NULL, "participant %s is seated on %s for exam %s, which is "
             "held on %s", doc, c->date, exam, edate);
        state = 2;
    }
    if (!pdoc) {
        emit(c, SC_COMPLETE, exam, doc, pcode, rnum, NULL, "seating for %s: there is no participant with document %s",
             exam, doc);
        state = 2;
    }
    int prev = scmap_put(&c->pairs, key, (size_t)klen, (int)c->nmatched);
    if (prev == -2)
        return oom(err);
    if (prev == -1 && add_matched(c, state, err) != AT_OK)
        return AT_ENOMEM;
    if (prev >= 0)
        emit(c, SC_ONE_SEAT, exam, doc, pcode, rnum, NULL, "participant %s has two seatings for exam %s", doc, exam);

    int ei = exam_of(c, exam, v[7], v[8], v[9], err);
    if (ei < 0)
        return ei;
    int grade = edate ? (int)to_long(v[7], 0) : (int)to_long(v[11], 0);
    int pgrade = pdoc ? (int)to_long(v[11], 0) : grade;
    int rc;
    if ((rc = profile(c, grade, err)) != AT_OK || (rc = profile(c, pgrade, err)) != AT_OK)
        return rc;
    const rule_profile *prof = grade >= 0 && grade <= MAX_GRADE ? c->prof[grade] : NULL;
    const rule_profile *pprof = pgrade >= 0 && pgrade <= MAX_GRADE ? c->prof[pgrade] : NULL;

    int pi = scmap_gets(&c->points, pcode);
    int ri = room_of(c, pcode, rnum);
    if (ri < 0)
        emit(c, SC_CAPACITY, exam, doc, pcode, rnum, NULL, "participant %s is seated in room %s/%s, which does not "
             "exist", doc, pcode, rnum);

    /* one seat per participant per date, one participant per seat */
    if ((prev = scmap_puts(&c->docs, doc, (int)c->nfirst)) == -2)
        return oom(err);
    if (prev >= 0) {
        const sc_first *f = &c->first[prev];
        const sc_room *fr = f->room >= 0 ? &c->rm[f->room] : NULL;
        emit(c, SC_ONE_SEAT, exam, doc, pcode, rnum, NULL, "participant %s has a second seat on %s: exam %s in "
             "room %s/%s seat %ld, besides exam %s in room %s/%s seat %ld", doc, c->date, exam, pcode, rnum, seat,
             c->ex[f->exam].code, fr ? c->pt[fr->point].code : "?", fr ? fr->number : "?", f->seat);
    } else {
        if (reserve((void **)&c->first, &c->first_cap, c->nfirst, sizeof *c->first))
            return oom(err);
        c->first[c->nfirst++] = (sc_first){ei, ri, seat};
    }
    if (ri >= 0) {
        char sk[4 + sizeof(long)];
        memcpy(sk, &ri, 4);
        memcpy(sk + 4, &seat, sizeof seat);
        if ((prev = scmap_put(&c->seats, sk, sizeof sk, 1)) == -2)
            return oom(err);
        if (prev >= 0)
            emit(c, SC_ONE_SEAT, exam, doc, pcode, rnum, NULL, "seat %ld of room %s/%s is given to a second "
                 "participant, %s", seat, pcode, rnum, doc);
    }

    if (ri >= 0) {
        sc_room *r = &c->rm[ri];
        long limit = r->seats;
        if (prof && prof->room_max_participants > 0 && prof->room_max_participants < limit)
            limit = prof->room_max_participants;
        if (seat < 1 || seat > limit)
            emit(c, SC_CAPACITY, exam, doc, pcode, rnum, NULL, "participant %s has seat %ld of room %s/%s; "
                 "expected 1 to %ld", doc, seat, pcode, rnum, limit);
        r->count++;
        if (grade >= 0 && grade <= MAX_GRADE)
            r->grades |= 1u << grade;
        if (r->exam < 0)
            r->exam = ei;
        else if (r->exam != ei) {
            bool known = false;
            for (int k = 0; k < r->nmore; k++)
                known = known || r->more[k] == ei;
            if (!known) {
                if (r->nmore == r->more_cap) {
                    int cap = r->more_cap ? r->more_cap * 2 : 4;
                    int *m = realloc(r->more, (size_t)cap * sizeof *m);
                    if (!m)
                        return oom(err);
                    r->more = m;
                    r->more_cap = cap;
                }
                r->more[r->nmore++] = ei;
            }
        }
        unsigned need = c->ex[ei].need;
        if ((need & ~r->features) && !r->kind_reported) {
            r->kind_reported = true;
            emit(c, SC_ROOM_KIND, exam, doc, pcode, rnum, NULL, "exam %s needs a %s room, but room %s/%s has no "
                 "%s feature", exam, need == F_COMPUTER ? "computer" : "speaking", pcode, rnum,
                 need == F_COMPUTER ? "computer" : "speaking");
        }
    }
    if (pi >= 0) {
        c->pt[pi].used = true;
        if (grade >= 0 && grade <= MAX_GRADE)
            c->pt[pi].grades |= 1u << grade;
    }
    if (!pdoc) {
        if (ri >= 0)
            c->rm[ri].others++;
        return AT_OK;
    }

    /* the participant's own rules */
    unsigned cond = conditions(v[15]);
    bool ovz = to_long(v[14], 0) == 1;
    int allowed = ((cond & C_HOME) ? PK_HOME : 0) | ((cond & C_HOSPITAL) ? PK_HOSPITAL : 0) |
                  (eq(v[13], "penitentiary") ? PK_PENITENTIARY : 0);
    if (!allowed)
        allowed = PK_REGULAR;
    if (pi >= 0 && !(c->pt[pi].kind & allowed))
        emit(c, SC_POINT_KIND, exam, doc, pcode, NULL, NULL, "participant %s (%s%s%s) must sit in a %s point, but "
             "point %s is %s", doc, or_dash(v[13]), v[15] && *v[15] ? ", " : "", v[15] && *v[15] ? v[15] : "",
             kinds_text(allowed), pcode, kinds_text(c->pt[pi].kind));

    int si = school ? scmap_gets(&c->schools, school) : -1;
    if (si >= 0 && pi >= 0) {
        int m = c->school_muni[si];
        if (m >= 0 && !territory_ok(c, m, pi))
            emit(c, SC_TERRITORY, exam, doc, pcode, NULL, NULL, "participant %s of school %s (municipality %s) "
                 "sits in point %s of municipality %s, which the %s scheme does not allow", doc, school,
                 c->muni_code[m], pcode, c->pt[pi].muni >= 0 ? c->muni_code[c->pt[pi].muni] : "?",
                 scheme_name(c->scheme));
        char key8[8];
        if (scmap_put(&c->point_school, key8, (size_t)pair_key(pi, si, key8), 1) == -2)
            return oom(err);
    }
    /* own-school rules are about regular points: a home, hospital or
     * penitentiary point is where such a participant has to be, whoever its
     * base school is */
    if (school && pi >= 0 && pprof && c->pt[pi].kind == PK_REGULAR) {
        const char *base = c->pt[pi].base;
        if (pprof->logistics.not_own_school && eq(base, school))
            emit(c, SC_OWN_SCHOOL, exam, doc, pcode, NULL, NULL, "participant %s sits in point %s, which is based "
                 "at their own school %s (profile %s: not_own_school)", doc, pcode, school, pprof->id);
        if (pprof->logistics.only_own_school && !eq(base, school))
            emit(c, SC_OWN_SCHOOL, exam, doc, pcode, NULL, NULL, "participant %s of school %s sits in point %s "
                 "based at %s (profile %s: only_own_school)", doc, school, pcode, or_dash(base), pprof->id);
    }
    if (ri >= 0) {
        sc_room *r = &c->rm[ri];
        bool needs_access = ovz && (cond & C_OTHER);
        if (needs_access) {
            r->access++;
            if (!(r->features & F_ACCESSIBLE))
                emit(c, SC_ACCESSIBLE, exam, doc, pcode, rnum, NULL, "participant %s (ОВЗ: %s) needs an accessible "
                     "room, but room %s/%s is not accessible", doc, v[15], pcode, rnum);
        } else {
            r->others++;
        }
        if (cond & C_ASSISTANT)
            r->assist = true;
    }
    return AT_OK;
}

/* ---- sittings ---- */
static int on_sitting(void *p, const char *const *v, at_error *err)
{
    ctx *c = p;
    c->sum->sittings++;
    char key[1024];
    int klen = snprintf(key, sizeof key, "%s\x1f%s", v[1], v[0]);
    if (klen < 0 || (size_t)klen >= sizeof key)
        klen = (int)sizeof key - 1;
    int i = scmap_get(&c->pairs, key, (size_t)klen);
    if (i < 0)
        emit(c, SC_COMPLETE, v[1], v[0], NULL, NULL, NULL, "participant %s is registered for %s (%s) and has no "
             "seat for exam %s on %s", v[0], or_dash(v[2]), or_dash(v[3]), v[1], c->date);
    else
        c->matched[i] |= 1;
    return AT_OK;
}

static void unmatched_seatings(ctx *c)
{
    for (size_t s = 0; s < c->pairs.cap; s++) {
        const scmap_slot *e = &c->pairs.slot[s];
        if (!e->hash || c->matched[e->val])
            continue;
        char key[1024];
        size_t len = e->len < sizeof key - 1 ? e->len : sizeof key - 1;
        memcpy(key, c->pairs.arena + e->off, len);
        key[len] = 0;
        char *doc = strchr(key, '\x1f');
        if (!doc)
            continue;
        *doc++ = 0;
        emit(c, SC_COMPLETE, key, doc, NULL, NULL, NULL, "participant %s is seated for exam %s but has no matching "
             "registration (grade, subject, form and period of the exam)", doc, key);
    }
}

/* ---- room totals ---- */
static void check_rooms(ctx *c)
{
    for (size_t i = 0; i < c->nrm; i++) {
        const sc_room *r = &c->rm[i];
        if (!r->count)
            continue;
        const char *pcode = c->pt[r->point].code, *exam = r->exam >= 0 ? c->ex[r->exam].code : NULL;
        long limit = r->seats, ovz_limit = r->seats;
        for (int g = 0; g <= MAX_GRADE; g++) {
            const rule_profile *pr = (r->grades >> g) & 1 ? c->prof[g] : NULL;
            if (!pr)
                continue;
            if (pr->room_max_participants > 0 && pr->room_max_participants < limit)
                limit = pr->room_max_participants;
            if (pr->ovz_room_max_participants > 0 && pr->ovz_room_max_participants < ovz_limit)
                ovz_limit = pr->ovz_room_max_participants;
        }
        if (ovz_limit > limit)
            ovz_limit = limit;
        if (r->count > limit)
            emit(c, SC_CAPACITY, exam, NULL, pcode, r->number, NULL, "room %s/%s holds %ld participants, limit %ld",
                 pcode, r->number, r->count, limit);
        else if (r->access && r->count > ovz_limit)
            emit(c, SC_CAPACITY, exam, NULL, pcode, r->number, NULL, "room %s/%s holds %ld participants with ОВЗ "
                 "participants among them, limit %ld", pcode, r->number, r->count, ovz_limit);
        if (r->access && r->others)
            emit(c, SC_ACCESSIBLE, exam, NULL, pcode, r->number, NULL, "room %s/%s mixes %ld ОВЗ participants "
                 "needing an accessible room with %ld others", pcode, r->number, r->access, r->others);
        bool one_exam = false;
        for (int g = 0; g <= MAX_GRADE; g++)
            if ((r->grades >> g) & 1 && c->prof[g] && c->prof[g]->logistics.one_exam_per_room)
                one_exam = true;
        if (one_exam && r->nmore)
            emit(c, SC_ONE_EXAM, exam, NULL, pcode, r->number, NULL, "room %s/%s holds %d exams on %s (%s, %s%s); "
                 "the profile allows one exam per room", pcode, r->number, r->nmore + 1, c->date, exam,
                 c->ex[r->more[0]].code, r->nmore > 1 ? ", …" : "");
        if (r->closed || c->pt[r->point].closed)
            emit(c, SC_CLOSED, exam, NULL, pcode, r->number, NULL, "%s %s%s%s is closed on %s but holds %ld "
                 "participants", r->closed ? "room" : "point", pcode, r->closed ? "/" : "",
                 r->closed ? r->number : "", c->date, r->count);
    }
}

/* ---- staff ---- */
static int post_kind(const char *p)
{
    static const char *const names[] = {"ppe_head", "gek", "technical", "medical", "organizer", "assistant"};
    for (int i = 0; i < POST_OTHER; i++)
        if (eq(p, names[i]))
            return i;
    return POST_OTHER;
}

static int on_post(void *p, const char *const *v, at_error *err)
{
    ctx *c = p;
    const char *doc = v[0], *pcode = v[1], *rnum = v[2], *post = v[3], *school = v[6];
    c->sum->posts++;
    int kind = post_kind(post);
    int pi = scmap_gets(&c->points, pcode);
    int ri = rnum ? room_of(c, pcode, rnum) : -1;

    if (kind == POST_OTHER)
        emit(c, SC_STAFF_ROLE, NULL, NULL, pcode, rnum, doc, "%s holds post \"%s\" in point %s; expected ppe_head, "
             "gek, technical, medical, organizer or assistant", doc, or_dash(post), pcode);
    else if (!v[4])
        emit(c, SC_STAFF_ROLE, NULL, NULL, pcode, rnum, doc, "post %s in point %s: there is no staff member with "
             "document %s", post, pcode, doc);
    else if (!set_has(v[5], post))
        emit(c, SC_STAFF_ROLE, NULL, NULL, pcode, rnum, doc, "%s holds post %s in point %s, which is not among "
             "their roles (%s)", doc, post, pcode, or_dash(v[5]));

    /* staff document → 1 + the first post's point (0: an unknown point) */
    int prev = scmap_puts(&c->staff, doc, pi + 1);
    if (prev == -2)
        return oom(err);
    if (prev >= 0)
        emit(c, SC_STAFF_ONE_POST, NULL, NULL, pcode, rnum, doc, "%s holds a second post on %s (%s in point %s) "
             "besides a post in point %s", doc, c->date, or_dash(post), pcode, prev > 0 ? c->pt[prev - 1].code : "?");

    bool point_in_use = pi >= 0 && c->pt[pi].used;
    bool room_in_use = ri >= 0 && c->rm[ri].count > 0;
    if (!point_in_use) {
        emit(c, SC_STAFF_IN_USE, NULL, NULL, pcode, rnum, doc, "%s is posted (%s) to point %s, which %s", doc,
             or_dash(post), pcode, pi < 0 ? "does not exist" : "seats nobody on this date");
        return AT_OK;
    }
    if (rnum && !room_in_use) {
        emit(c, SC_STAFF_IN_USE, NULL, NULL, pcode, rnum, doc, "%s is posted (%s) to room %s/%s, which %s", doc,
             or_dash(post), pcode, rnum, ri < 0 ? "does not exist" : "seats nobody on this date");
        return AT_OK;
    }
    sc_point *pt = &c->pt[pi];
    if (kind < POST_OTHER)
        pt->posts[kind]++;
    if (kind == POST_GEK && to_long(v[8], 0) == 1)
        pt->tokens++;
    if (ri >= 0 && kind == POST_ORGANIZER)
        c->rm[ri].organizers++;
    if (ri >= 0 && kind == POST_ASSISTANT)
        c->rm[ri].assistants++;

    int si = school ? scmap_gets(&c->schools, school) : -1;
    if (kind == POST_ORGANIZER && ri >= 0 && c->rm[ri].exam >= 0) {
        const sc_room *r = &c->rm[ri];
        bool rule = false;
        for (int g = 0; g <= MAX_GRADE; g++)
            if ((r->grades >> g) & 1 && c->prof[g] && c->prof[g]->logistics.organizer_not_subject_teacher)
                rule = true;
        for (int k = -1; rule && k < r->nmore; k++) {
            const sc_exam *e = &c->ex[k < 0 ? r->exam : r->more[k]];
            if (set_has(v[7], e->subject))
                emit(c, SC_STAFF_SUBJECT, e->code, NULL, pcode, rnum, doc, "organizer %s teaches %s, the subject of "
                     "exam %s in room %s/%s", doc, e->subject, e->code, pcode, rnum);
        }
    }
    if (kind == POST_ORGANIZER && si >= 0) {
        bool rule = false;
        for (int g = 0; g <= MAX_GRADE; g++)
            if ((pt->grades >> g) & 1 && c->prof[g] && c->prof[g]->logistics.organizer_not_teacher_of_seated)
                rule = true;
        char key8[8];
        if (rule && scmap_get(&c->point_school, key8, (size_t)pair_key(pi, si, key8)) >= 0)
            emit(c, SC_STAFF_SEATED, NULL, NULL, pcode, rnum, doc, "organizer %s works at school %s, whose "
                 "participants sit in point %s", doc, school, pcode);
    }
    if (si >= 0 && c->scheme != SCHEME_REGION) {
        int m = c->school_muni[si];
        if (m >= 0 && m != pt->muni)
            emit(c, SC_STAFF_TERRITORY, NULL, NULL, pcode, rnum, doc, "%s of school %s (municipality %s) works in "
                 "point %s of municipality %s", doc, school, c->muni_code[m], pcode,
                 pt->muni >= 0 ? c->muni_code[pt->muni] : "?");
    }
    return AT_OK;
}

static void check_staffing(ctx *c)
{
    static const char *const names[] = {"ppe_head", "gek", "technical", "medical"};
    for (size_t i = 0; i < c->npt; i++) {
        const sc_point *pt = &c->pt[i];
        if (!pt->used)
            continue;
        rule_logistics need = {0};
        for (int g = 0; g <= MAX_GRADE; g++) {
            const rule_profile *pr = (pt->grades >> g) & 1 ? c->prof[g] : NULL;
            if (!pr)
                continue;
            const rule_logistics *l = &pr->logistics;
#define MAXOF(f) if (l->f > need.f) need.f = l->f
            MAXOF(point_heads);
            MAXOF(point_gek_min);
            MAXOF(point_gek_token_min);
            MAXOF(point_technical_min);
            MAXOF(point_medical_min);
            MAXOF(room_organizers_min);
            MAXOF(ovz_room_assistants_min);
#undef MAXOF
        }
        int want[] = {need.point_heads, need.point_gek_min, need.point_technical_min, need.point_medical_min};
        for (int k = 0; k < 4; k++) {
            if (k == POST_HEAD ? (want[k] > 0 && pt->posts[k] != want[k]) : pt->posts[k] < want[k])
                emit(c, SC_STAFF_MINIMUM, NULL, NULL, pt->code, NULL, NULL, "point %s has %d %s posts, expected %s%d",
                     pt->code, pt->posts[k], names[k], k == POST_HEAD ? "exactly " : "at least ", want[k]);
        }
        if (pt->tokens < need.point_gek_token_min)
            emit(c, SC_STAFF_MINIMUM, NULL, NULL, pt->code, NULL, NULL, "point %s has %d gek posts held by token "
                 "holders, expected at least %d", pt->code, pt->tokens, need.point_gek_token_min);
    }
    for (size_t i = 0; i < c->nrm; i++) {
        const sc_room *r = &c->rm[i];
        if (!r->count)
            continue;
        int org = 0, asst = 0;
        for (int g = 0; g <= MAX_GRADE; g++) {
            const rule_profile *pr = (r->grades >> g) & 1 ? c->prof[g] : NULL;
            if (pr && pr->logistics.room_organizers_min > org)
                org = pr->logistics.room_organizers_min;
            if (pr && pr->logistics.ovz_room_assistants_min > asst)
                asst = pr->logistics.ovz_room_assistants_min;
        }
        const char *pcode = c->pt[r->point].code;
        if (r->organizers < org)
            emit(c, SC_STAFF_MINIMUM, NULL, NULL, pcode, r->number, NULL, "room %s/%s has %d organizer posts, "
                 "expected at least %d", pcode, r->number, r->organizers, org);
        if (r->assist && r->assistants < asst)
            emit(c, SC_STAFF_MINIMUM, NULL, NULL, pcode, r->number, NULL, "room %s/%s seats participants needing an "
                 "assistant and has %d assistant posts, expected at least %d", pcode, r->number, r->assistants, asst);
    }
}

static void ctx_free(ctx *c)
{
    for (int g = 0; g <= MAX_GRADE; g++)
        rules_free(c->prof[g]);
    for (size_t i = 0; i < c->nmuni; i++)
        free(c->muni_code[i]);
    free(c->muni_code);
    free(c->school_muni);
    for (size_t i = 0; i < c->npt; i++) {
        free(c->pt[i].code);
        free(c->pt[i].base);
    }
    free(c->pt);
    for (size_t i = 0; i < c->nrm; i++) {
        free(c->rm[i].number);
        free(c->rm[i].more);
    }
    free(c->rm);
    for (size_t i = 0; i < c->nex; i++) {
        free(c->ex[i].code);
        free(c->ex[i].subject);
    }
    free(c->ex);
    free(c->matched);
    free(c->first);
    scmap *maps[] = {&c->munis, &c->schools, &c->points, &c->rooms, &c->scheme_pairs, &c->scheme_munis, &c->exams,
                     &c->pairs, &c->docs, &c->seats, &c->point_school, &c->staff};
    for (size_t i = 0; i < sizeof maps / sizeof *maps; i++)
        scmap_free(maps[i]);
}

int seatcheck_run(store *s, const char *date, seatcheck_fn fn, void *fctx, seatcheck_summary *sum, at_error *err)
{
    ctx c = {.s = s, .date = date, .fn = fn, .fctx = fctx, .sum = sum, .scheme = SCHEME_NONE};
    memset(sum, 0, sizeof *sum);
    int rc;
    if ((rc = store_sc_run(s, date, on_run, &c, err)) != AT_OK)
        goto out;
    if ((rc = store_sc_schools(s, on_school, &c, err)) != AT_OK || (rc = store_sc_points(s, on_point, &c, err)) ||
        (rc = store_sc_rooms(s, on_room, &c, err)) || (rc = store_sc_scheme(s, on_scheme, &c, err)) ||
        (rc = store_sc_closures(s, date, on_closure, &c, err)) ||
        (rc = store_sc_seatings(s, date, on_seating, &c, err)) ||
        (rc = store_sc_sittings(s, date, on_sitting, &c, err)))
        goto out;
    if (!c.have_run && sum->seatings > 0)
        emit(&c, SC_RUN, NULL, NULL, NULL, NULL, NULL, "%s has %ld seatings but no seat_runs row (scheme unknown: "
             "the territorial scheme is not checked)", date, sum->seatings);
    unmatched_seatings(&c);
    check_rooms(&c);
    if ((rc = store_sc_posts(s, date, on_post, &c, err)) != AT_OK)
        goto out;
    if (sum->posts > 0)
        check_staffing(&c);
out:
    ctx_free(&c);
    return rc;
}
