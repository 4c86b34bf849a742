/* store_staffing.h — storage side of staff distribution and materials (issue 4):
 * reads a date's stored seating (seat_runs, seatings) with the staff, and
 * writes staff_posts, material_kits and custody_acts, each as one transaction.
 * Part of the store module; the staffing module gets plain rows. */
#ifndef AT_STORE_STAFFING_H
#define AT_STORE_STAFFING_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/* A room in use on the date, per exam held there. */
typedef struct {
    char *point, *municipality, *room, *exam, *subject;
    int grade;
    long seated;      /* participants of this exam in the room */
    long assistant;   /* of whom needing an assistant (ovz_conditions has "assistant") */
} store_staff_room;

typedef struct {
    char *point, *school;  /* a school whose pupils sit in the point */
} store_staff_seated;

typedef struct {
    char *document, *roles, *school, *municipality, *subjects_taught;
    bool token;
    int prior;        /* posts on dates before the date */
} store_staff_person;

typedef struct store_strpool store_strpool;

/* All strings of a day live in its pool (freed with the day). */
typedef struct {
    char *seed, *scheme;   /* the seat run's */
    store_staff_room *rooms;   /* ordered by point, room, exam */
    size_t nrooms;
    store_staff_seated *seated;
    size_t nseated;
    store_staff_person *people;  /* ordered by document */
    size_t npeople;
    store_strpool *pool;
} store_staff_day;

/* Loads the date's distribution (AT_ENOTFOUND when the date has no seat run);
 * people only when with_people. */
int store_staffing_load(store *s, const char *date, bool with_people, store_staff_day *out, at_error *err);
void store_staffing_day_free(store_staff_day *d);

typedef struct {
    const char *document, *point, *room, *post;  /* room NULL: a point post */
} store_staff_post;

/* Replaces the date's staff posts and records when and with which seed,
 * inside the caller's transaction: store_begin_derived before
 * store_staffing_load, so every post names a person and a point read in that
 * same transaction (no per-row foreign-key look-ups), then store_commit. */
int store_staffing_write_posts(store *s, const char *date, const char *seed, const store_staff_post *p, size_t n,
                               at_error *err);

typedef struct {
    long posts, people, max_per_person;  /* max over all dates up to the date */
    long by_post[8];                      /* in the order of post_names */
} store_staff_summary;
/* post_names: NULL-terminated list of post values to count. */
int store_staffing_summary(store *s, const char *date, const char *const *post_names, store_staff_summary *out,
                           at_error *err);

typedef struct {
    const char *exam, *point, *room;  /* room NULL: the point's reserve */
    long kits;
} store_kit;

/* Replaces the date's material kits and custody acts (acts built from the
 * kits: region → municipality → point → room). Fails when an act of the date
 * is already signed. *acts receives the number of acts written. */
int store_staffing_write_kits(store *s, const char *date, const char *region, const store_kit *k, size_t n,
                              long *acts, at_error *err);

typedef struct {
    long id;
    char *exam, *from_level, *from_code, *to_level, *to_code;
    long sent;
    bool signed_;
    long received;
    char *handed_by, *received_by, *signed_at;
} store_custody_act;

int store_custody_list(store *s, const char *date, store_custody_act **out, size_t *n, at_error *err);
void store_custody_free(store_custody_act *a, size_t n);
/* Signs act id: received count, who received (and who handed over, when
 * given), now. AT_ENOTFOUND for no such act; AT_EINPUT if already signed. */
int store_custody_sign(store *s, long id, long received, const char *received_by, const char *handed_by,
                       store_custody_act *signed_act, at_error *err);

#endif
