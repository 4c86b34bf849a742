/* staffing.h — staff distribution of an exam day and its material kits.
 *
 * Owns the rules of who may hold which post where on an exam date (руководитель
 * ППЭ, члены ГЭК, технические специалисты, медицинский работник, организаторы,
 * ассистенты) and the exact solver that fills every post or explains why it
 * cannot: the day is a transportation problem (people → posts) solved as a
 * min-cost flow (flow/mcf.h) over eligibility classes, so a feasible day is
 * always staffed, and an infeasible one gets every shortage named (per point
 * and post, and Hall-type shortages across a municipality's points). Balanced
 * use: people with fewer posts on earlier dates first, then a seeded random
 * tie-break. Also computes material kits with the profile's reserve and the
 * custody chain region → municipality → point → room.
 *
 * Plain structs in, plain structs out; the caller (cli) loads the day from the
 * store and writes what comes back. */
#ifndef AT_STAFFING_H
#define AT_STAFFING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "rules/rules.h"

typedef enum {
    STAFFING_HEAD = 0,   /* ppe_head */
    STAFFING_GEK,        /* gek */
    STAFFING_TECHNICAL,  /* technical */
    STAFFING_MEDICAL,    /* medical */
    STAFFING_ORGANIZER,  /* organizer (room post) */
    STAFFING_ASSISTANT,  /* assistant (room post) */
    STAFFING_NPOSTS
} staffing_post_kind;

/* "ppe_head", "gek", … (the staff_posts.post and staff.roles values). */
const char *staffing_post_name(staffing_post_kind k);
/* Bit set of roles from a staff.roles value ("organizer;technical"). */
unsigned staffing_roles_parse(const char *roles);

/* What a point needs and which exclusions apply there: the stricter of the
 * profiles of the grades whose exams the point hosts on the date. */
typedef struct {
    int heads, gek, gek_token, technical, medical;
    int room_organizers, room_assistants;
    bool not_subject_teacher, not_teacher_of_seated;
    int reserve_percent, reserve_min;
} staffing_needs;

/* Makes `into` the stricter of itself and the profile's logistics values. */
void staffing_needs_merge(staffing_needs *into, const rule_logistics *l);

typedef struct {
    const char *code;
    const char *municipality;
    staffing_needs needs;
    const char *const *seated_schools;  /* schools of the participants seated here */
    size_t nseated;
} staffing_point;

typedef struct {
    size_t point;                       /* index into the points */
    const char *number;
    const char *const *subjects;        /* subjects of the exams held in the room */
    size_t nsubjects;
    bool needs_assistant;               /* a participant here needs an assistant */
} staffing_room;

typedef struct {
    const char *document;
    unsigned roles;                     /* bits 1 << staffing_post_kind */
    const char *school;                 /* NULL: no school (may work anywhere) */
    const char *municipality;           /* of the school */
    const char *subjects_taught;        /* codes separated by ';' */
    bool token;                         /* ГЭК member holding a token */
    int prior;                          /* posts held on earlier dates */
} staffing_person;

typedef struct {
    const staffing_point *points;
    size_t npoints;
    const staffing_room *rooms;
    size_t nrooms;
    const staffing_person *people;
    size_t npeople;
    bool anywhere;                      /* region scheme: territory not checked */
    uint64_t seed;
} staffing_input;

typedef struct {
    size_t person, point;
    long room;                          /* index into the rooms, -1: a point post */
    staffing_post_kind post;
} staffing_post;

/* One shortage: in a point (scope "point") or across several points that share
 * the same people (scope "municipality"). */
typedef struct {
    const char *scope;                  /* "point" | "municipality" */
    char *code;                         /* point code, or municipality code(s) */
    char *posts;                        /* e.g. "organizer" or "organizer;assistant" */
    char *points;                       /* municipality scope: the points, ", " */
    long needed, eligible;
    char *message;
} staffing_shortage;

typedef struct {
    staffing_post *posts;
    size_t nposts;
    staffing_shortage *shortages;       /* non-empty: infeasible, posts empty */
    size_t nshortages;
    size_t people_used;
} staffing_result;

/* Fills every post of the day or explains every shortage (returns AT_OK either
 * way; AT_EINPUT only for input it cannot model, AT_ENOMEM, AT_EINTERNAL). */
int staffing_solve(const staffing_input *in, staffing_result *out, at_error *err);
void staffing_result_free(staffing_result *r);

/* ---- materials ---- */

/* The point's reserve of kits for an exam with n participants seated there:
 * max(ceil(n × percent / 100), min). */
long staffing_reserve(long n, int percent, int min);

/* A custody act as the check sees it. */
typedef struct {
    const char *exam, *from_level, *from_code, *to_level, *to_code;
    long sent;
    bool signed_;
    long received;
} staffing_act;

/* Flags mismatches of a date's custody acts: mismatch[i] is set to a
 * malloc'd reason (or NULL). A mismatch: a signed act whose received count
 * differs from what was sent; acts handed on from a level whose own receipt
 * is not signed yet; acts handed on whose receipts add up to more than that
 * level received. */
int staffing_custody_check(const staffing_act *acts, size_t n, char **mismatch);

#endif
