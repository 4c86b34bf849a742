/* demo.h — a plausible demo region for trying attest and for benchmarks.
 *
 * Generates municipalities, schools, participants with realistic Russian or
 * Kazakh names, subject choices that obey the rule profiles, ~2 % ОВЗ with varied
 * conditions, admissions, annual marks, exam points with rooms and coordinates,
 * and staff with subjects taught. Deterministic for a seed (core/rng.h): the same
 * options give the same rows, byte for byte. Rows are streamed to a sink in
 * dependency order (an entity's references are emitted before it), never held
 * all in memory, so 1,000,000 participants need little RAM. */
#ifndef AT_DEMO_H
#define AT_DEMO_H

#include <stdint.h>

#include "core/entity.h"
#include "core/error.h"
#include "rules/rules.h"

/* One exam of the schedule the demo's choices must fit: a participant never
 * chooses two subjects whose main-period exams fall on one day. */
typedef struct {
    int grade;
    const char *subject, *form, *date;
} demo_exam_day;

typedef struct {
    const char *country;          /* "ru" | "kz" */
    int year;                     /* exam year */
    long participants;            /* total participants, grades 9 and 11 together */
    uint64_t seed;
    const rule_profile *grade9;   /* profile for grade 9 (ru-gia9-Y / kz-ia9-Y) */
    const rule_profile *grade11;  /* profile for grade 11 */
    const demo_exam_day *days;    /* main-period, non-reserve exams; may be empty */
    size_t ndays;
} demo_opts;

/* Receives each row: values[i] is the canonical text of e->fields[i] ("" = empty). */
typedef int (*demo_put_fn)(void *ctx, const entity_def *e, const char *const *values, at_error *err);
/* Called every so often with participants generated so far (for a progress bar). */
typedef void (*demo_progress_fn)(void *ctx, long done, long total);

int demo_generate(const demo_opts *o, demo_put_fn put, demo_progress_fn progress, void *ctx, at_error *err);

#endif
