/* plan_table_internal.h — shared between plan_table.c and plan_bodies.c. */
#ifndef AT_PLAN_TABLE_INTERNAL_H
#define AT_PLAN_TABLE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "plan/plan_table.h"

/* Called for each body named in a responsible cell, in order. `code` is the
 * directory code, `name`/`name_kk` the names to record when it is new. */
typedef int (*plan_body_cb)(void *ctx, const char *code, const char *name, const char *name_kk,
                            plan_body_kind kind);

/* Splits a responsible cell into bodies (conservatively: known names first,
 * then persons, then the rest between commas, semicolons and line breaks).
 * Returns AT_OK, AT_ENOMEM or what cb returned. */
int plan_bodies_split(const char *cell, plan_body_cb cb, void *ctx);

/* How much a cell looks like a list of responsible bodies: counts known
 * bodies and persons found (*known) and other phrases (*other). */
void plan_bodies_score(const char *cell, size_t *known, size_t *other);

#endif
