/* doc_plan.h — documents made from a roadmap: an iCalendar file (RFC 5545) so
 * coordinators see deadlines in their own calendar, and an SVG chart (months
 * across, measures down, a bar per measure's window). Pure writers over plain
 * items; the caller chooses and orders the measures. */
#ifndef AT_DOC_PLAN_H
#define AT_DOC_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

typedef struct {
    const char *uid;         /* stable across exports: "<plan>/<position>@attest" */
    const char *label;       /* "3.12" */
    const char *summary;     /* the measure's title */
    const char *description; /* responsible bodies, deadline as written, status */
    const char *when;        /* the deadline as written in the plan */
    const char *starts_on;   /* ISO date or "" */
    const char *due_on;      /* ISO date or "" */
    const char *status;      /* planned, in_progress, done, not_applicable */
    bool overdue;
} doc_plan_item;

/* One all-day event per dated measure (on its due date, or its start when it
 * has no due date); measures without a date are left out. */
int doc_plan_ics(const char *path, const char *calendar_name, const doc_plan_item *items, size_t n, at_error *err);

/* Months across from the earliest to the latest date, a row per measure: a bar
 * over [starts_on, due_on] (a diamond when only one date is known), overdue
 * bars red, done green, others blue; undated measures say so in their row. */
int doc_plan_chart_svg(const char *path, const char *title, const char *today, const doc_plan_item *items, size_t n,
                       at_error *err);

#endif
