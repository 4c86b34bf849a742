/* store_plan.h — storage of roadmaps: plans, their measures, the directory of
 * responsible bodies, and measure statuses with their history. Part of the
 * store module (the only door to the database); the plan module hands plain
 * structs in and gets plain structs out. */
#ifndef AT_STORE_PLAN_H
#define AT_STORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

typedef struct {
    const char *code;           /* unique: given by the user or derived from the file */
    const char *title, *language, *level, *territory, *academic_year;
    const char *source_title, *source_date, *source_number, *source_file, *source_hash;
} store_plan;

typedef struct {
    const char *section, *number, *title, *responsible, *form;
    const char *deadline_text;  /* verbatim */
    const char *deadline;       /* canonical text of the parsed value */
    const char *deadline_kind;
    const char *starts_on, *due_on; /* ISO dates or NULL */
    bool understood;
    long source_line;
    const char *const *bodies;  /* codes of responsible bodies (in plan_bodies) */
    size_t nbodies;
} store_measure;

typedef struct {
    const char *code, *name, *kind; /* kind: "body" | "person" */
} store_body;

/* Adds or updates bodies of the directory by code. */
int store_plan_bodies_put(store *s, const store_body *b, size_t n, at_error *err);

/* Writes a plan and its measures. A plan with the same code is updated in
 * place: measures matched by position keep their status and history. */
int store_plan_put(store *s, const store_plan *p, const store_measure *m, size_t n, long *plan_id, at_error *err);

/* Links two plans (the same plan in two languages) measure by measure. */
int store_plan_link(store *s, long plan_a, long plan_b, at_error *err);

/* Sets a measure's status ("planned", "in_progress", "done", "not_applicable")
 * with evidence (document number, date, file); logged with actor and time. */
int store_plan_set_status(store *s, const char *plan_code, const char *number, const char *status,
                          const char *evidence, at_error *err);

/* Copies a plan to every territory of a level ("municipality" or "school") as
 * that territory's own plan "<code>@<territory>", measures linked to their
 * parent. Returns the number of plans made. */
int store_plan_cascade(store *s, const char *plan_code, const char *level, long *made, at_error *err);

typedef struct {
    const char *plan_code, *plan_title, *level, *territory, *language;
    long position;
    const char *section, *number, *title, *responsible, *form;
    const char *deadline_text, *deadline, *deadline_kind, *starts_on, *due_on;
    bool understood;
    const char *status, *evidence, *status_by, *status_at;
    const char *linked_plan, *linked_number; /* the measure in the other language */
    const char *bodies;         /* names of the recognised responsible bodies, "; "-separated */
} store_measure_row;

typedef struct {
    const char *plan_code;      /* one plan, or NULL for all */
    const char *body;           /* measures of this responsible body (code or name, case-insensitive part) */
    const char *due_from, *due_to; /* due_on within [from, to] (ISO), either may be NULL */
    bool open_only;             /* status neither done nor not_applicable */
} store_measure_query;

typedef int (*store_measure_fn)(void *ctx, const store_measure_row *r, at_error *err);
int store_measures_each(store *s, const store_measure_query *q, store_measure_fn fn, void *ctx, at_error *err);

typedef struct {
    const char *code, *title, *language, *level, *territory, *source_title;
    long measures, done, understood;
    const char *linked_code;
} store_plan_row;
typedef int (*store_plan_fn)(void *ctx, const store_plan_row *r, at_error *err);
int store_plans_each(store *s, store_plan_fn fn, void *ctx, at_error *err);

/* Completion roll-up: measures grouped by "level", "territory" or "body", with
 * how many are done, not applicable, and overdue on `today` (ISO). */
typedef struct {
    const char *group;
    long measures, done, not_applicable, overdue;
} store_rollup_row;
typedef int (*store_rollup_fn)(void *ctx, const store_rollup_row *r, at_error *err);
int store_plan_rollup(store *s, const char *by, const char *today, store_rollup_fn fn, void *ctx, at_error *err);

#endif
