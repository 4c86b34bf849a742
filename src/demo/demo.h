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
#include "store/store.h"

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

/* The results cycle of a demo region (demo_results.c), once demo_generate's
 * rows and the schedule are stored: for every main-period exam with takers,
 * papers of two variants that fit the profile's scale, answer sheets with
 * plausible answers (a few absent, removed with an act, not finished), expert
 * assignment and marks (some far apart → third checks), retakes sat on the
 * reserve days, approval and publication, procedure and scores appeals decided
 * within their deadlines and one scores appeal filed too late. Everything goes
 * through the score module's entry points, one transaction each; every choice
 * is drawn from `seed`. */
typedef struct {
    long exams;                  /* exams with results, reserve days included */
    long papers, paper_items;    /* variants and their items */
    long sheets, absent, removed, not_finished, retake_sheets;
    long works, marks, third_checks;
    long published;              /* results published */
    long appeals_procedure[2];   /* upheld, rejected */
    long appeals_scores[4];      /* up, down, kept on re-check, rejected */
    long appeals_late_refused;
    char late_message[512];      /* what the refusal said */
} demo_results_report;

int demo_results(store *s, uint64_t seed, demo_progress_fn progress, void *ctx, demo_results_report *rep,
                 at_error *err);

#endif
