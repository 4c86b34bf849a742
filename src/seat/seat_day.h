/* seat_day.h — the in-memory model of one exam day, shared by the seat
 * module's files (not a public interface). Indexes, not pointers, link rows. */
#ifndef AT_SEAT_DAY_H
#define AT_SEAT_DAY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/hashset.h"
#include "core/rng.h"
#include "rules/rules.h"
#include "seat.h"

enum { PK_REGULAR, PK_HOME, PK_HOSPITAL, PK_PENITENTIARY, PK_COUNT };
enum { RK_REGULAR, RK_COMPUTER, RK_SPEAKING };
enum { RF_COMPUTER = 1, RF_SPEAKING = 2, RF_ACCESSIBLE = 4 };

/* A place's latitude and longitude as distances need them (sd_geo_of). */
typedef struct {
    double sin_hlat, cos_hlat, sin_hlon, cos_hlon; /* of half the latitude, half the longitude */
    double cos_lat;
} sd_geo;

typedef struct {
    const char *code;
    int muni;
    double lat, lon;
    sd_geo geo;                 /* for distances */
    bool located;
} sd_school;

typedef struct {
    const char *code;
    int muni, base_school, kind;
    double lat, lon;
    sd_geo geo;
    bool located, closed;
    int room0, nrooms;          /* rooms[room0 .. room0+nrooms) */
} sd_point;

typedef struct {
    int point;
    const char *number;
    int seats;
    unsigned feat;
    bool closed;
    int exam;                   /* exam held here (-1: free) */
    int used;                   /* participants seated */
    bool ovz;                   /* an ОВЗ room */
} sd_room;

typedef struct {
    const char *code, *subject, *form;
    int grade, room_kind;
    const rule_profile *prof;
} sd_exam;

typedef struct {
    const char *document;
    int exam, school, muni, pkind;
    bool ovzroom;               /* needs an accessible, unmixed ОВЗ room */
    bool assistant;
    int room, seat;             /* result (-1: not seated) */
} sd_sitting;

typedef struct sd_arena sd_arena;

typedef struct {
    const char *date;
    sd_arena *arena;
    sd_school *schools;
    int nschools;
    sd_point *points;
    int npoints;
    sd_room *rooms;
    int nrooms;
    sd_exam *exams;
    int nexams;
    sd_sitting *sit;
    long nsit, capsit;
    const char **munis;
    int nmunis;
    long capmunis;
    hashset *school_ix, *point_ix, *exam_ix, *muni_ix;
    /* scheme: allowed[m] lists the point indexes municipality m may use
     * (NULL with n 0 → all regular points of the region) */
    int **allowed;
    int *nallowed;
    const char *scheme;
    rule_profile *prof9, *prof11;
} sd_day;

/* Loads everything a date's distribution needs. */
int sd_load(store *s, const char *date, const char *scheme, sd_day *d, at_error *err);
void sd_free(sd_day *d);
const char *sd_strdup(sd_day *d, const char *s);
int sd_find(const hashset *h, const char *key);

/* Seats a participant-class's room limit: min(seats, profile limit). */
int sd_room_cap(const sd_day *d, const sd_room *r, const sd_exam *e, bool ovz);
/* Whether a room can hold sitting-class (exam, ovz) participants at all (features). */
bool sd_room_fits(const sd_room *r, const sd_exam *e, bool ovz);
/* Whether a sitting may sit in a point (kind, scheme, own-school rule). */
bool sd_point_allowed(const sd_day *d, const sd_sitting *t, int point);

/* Distances between places whose sines and cosines are computed once
 * (sd_geo_of): the haversine of two places (sd_hav, no trigonometric call:
 * the half-differences' sines by the subtraction formula) grows with their
 * distance, so candidates are compared by it and only the kept ones turned
 * into metres (sd_hav_m). seat_distance_m is sd_hav_m(sd_hav(...)). */
void sd_geo_of(double lat, double lon, sd_geo *g);
double sd_hav(const sd_geo *a, const sd_geo *b);
double sd_hav_m(double hav);

/* Orders the participants of a room: shuffled (rng), then no two neighbours of
 * one school where avoidable; returns the number of unavoidable neighbours. */
long sd_order_seats(const sd_day *d, long *idx, long n, at_rng *r);

#endif
