/* seatcheck.h — the independent check of a stored distribution (`attest seat
 * verify`). Re-reads one date's seatings and staff posts and checks every hard
 * rule of docs/seating.md ("Hard rules checked by seat verify") with code that
 * shares nothing with the solver (module seat): its own SQL
 * (store/store_seatcheck.h), its own hash maps, its own reading of the rules.
 * Streams: a national day (1,000,000 seatings, 120,000 posts) is checked in
 * seconds and memory linear in the day's rows. */
#ifndef AT_SEATCHECK_H
#define AT_SEATCHECK_H

#include "core/error.h"
#include "store/store.h"

/* Stable rule codes; seatcheck_rule_code() names them. */
typedef enum {
    SC_COMPLETE,          /* seat.complete */
    SC_ONE_SEAT,          /* seat.one_seat */
    SC_CAPACITY,          /* seat.capacity */
    SC_CLOSED,            /* seat.closed */
    SC_ONE_EXAM,          /* seat.one_exam */
    SC_TERRITORY,         /* seat.territory */
    SC_OWN_SCHOOL,        /* seat.own_school */
    SC_ROOM_KIND,         /* seat.room_kind */
    SC_POINT_KIND,        /* seat.point_kind */
    SC_ACCESSIBLE,        /* seat.accessible */
    SC_RUN,               /* seat.run */
    SC_STAFF_MINIMUM,     /* staff.minimum */
    SC_STAFF_ROLE,        /* staff.role */
    SC_STAFF_ONE_POST,    /* staff.one_post */
    SC_STAFF_SUBJECT,     /* staff.subject_teacher */
    SC_STAFF_SEATED,      /* staff.teacher_of_seated */
    SC_STAFF_IN_USE,      /* staff.in_use */
    SC_STAFF_TERRITORY,   /* staff.territory */
    SC_NRULES
} seatcheck_rule;

const char *seatcheck_rule_code(seatcheck_rule r);
/* One line of the rule's meaning, for listings. */
const char *seatcheck_rule_title(seatcheck_rule r);

/* One violation. Object fields are NULL when they do not apply; everything
 * is valid only during the callback. */
typedef struct {
    seatcheck_rule rule;
    const char *date;
    const char *exam;
    const char *document;  /* participant */
    const char *point;
    const char *room;
    const char *staff;     /* staff document */
    const char *message;   /* "room P0101/12 holds 27 participants, limit 25" */
} seatcheck_violation;

typedef void (*seatcheck_fn)(void *ctx, const seatcheck_violation *v);

typedef struct {
    long counts[SC_NRULES];
    long total;
    long seatings;       /* seatings dated the date */
    long sittings;       /* registrations that must be seated on the date */
    long posts;          /* staff posts of the date */
    char scheme[16];     /* seat_runs.scheme as read ("" when no run) */
} seatcheck_summary;

/* Checks the distribution of `date` (YYYY-MM-DD), calling fn for each
 * violation as found. Fails only when the database cannot be read or a grade
 * in use has no stored rule profile; violations are not errors. */
int seatcheck_run(store *s, const char *date, seatcheck_fn fn, void *ctx, seatcheck_summary *sum, at_error *err);

#endif
