/* seat_solve.h — one class of one component: min-cost flow school → point,
 * then rooms and seats. Shared by seat_run.c and seat_replan.c (internal). */
#ifndef AT_SEAT_SOLVE_H
#define AT_SEAT_SOLVE_H

#include <stdarg.h>

#include "seat_day.h"

typedef struct {
    sd_day *d;
    const seat_options *o;
    seat_summary *sum;
    seat_shortages *sh;
    at_rng *rng;
    int candidates;
    bool replan;                /* rooms may be partly used; seats fill gaps */
    unsigned char **taken;      /* replan: per room, seats in use (1-based) */
    /* scratch, per point */
    int *local;                 /* point → local node, -1 */
    long *cut;                  /* capacity removed after failed packing */
    /* the model of the main class, accumulated over components */
    struct {
        int64_t *from, *to, *cap, *cost;
        long n, capn;
        int64_t *supply;
        int nodes, capnodes;
    } model;
} ss_state;

int ss_init(ss_state *st, sd_day *d, const seat_options *o, seat_summary *sum, seat_shortages *sh);
void ss_free(ss_state *st);
/* Places sittings idx[0..n) (one component, one class, sorted by exam then
 * school); shortages are appended to st->sh, the sittings left unseated. */
int ss_solve_class(ss_state *st, long *idx, long n);
/* Sorts sittings order[0..n) by component and class and places each class. */
int ss_place(ss_state *st, long *order, long n);
int ss_write_model(ss_state *st, const char *path, at_error *err);
/* travel, points and rooms used, from the seated sittings */
void ss_finish_summary(ss_state *st);

int ss_shortage(seat_shortages *sh, const char *scope, const char *exam, long need, long have, const char *fmt,
                ...) __attribute__((format(printf, 6, 7)));
const char *ss_class_name(const sd_day *d, const sd_sitting *t);

#endif
