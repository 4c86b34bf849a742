/* registry.h — importing, checking and exporting the registry's entities
 * (municipalities, schools, participants, registrations, admissions, annual
 * marks, exam points, rooms, staff).
 *
 * An import is one transaction: every row is validated (types, required fields,
 * references, duplicates inside the file, the rule profile), all problems of the
 * file are collected (up to a limit), and nothing is written unless there are
 * none. Rows are matched to existing ones by natural key, so re-importing a
 * corrected file updates instead of duplicating. */
#ifndef AT_REGISTRY_H
#define AT_REGISTRY_H

#include <stdbool.h>

#include "core/entity.h"
#include "core/error.h"
#include "io/table.h"
#include "store/store.h"

#define REGISTRY_MAX_PROBLEMS_DEFAULT 1000

typedef struct {
    long line;              /* 1-based line of the file (0: the file as a whole) */
    int column;             /* 1-based column (0: the row as a whole) */
    char column_name[96];   /* header as written in the file, or the field name */
    char value[160];        /* the offending value as read (truncated) */
    char message[1024];     /* what is wrong and what was expected */
} registry_problem;

typedef void (*registry_progress_fn)(void *ctx, long long done, long long total);

typedef struct {
    bool dry_run;           /* validate only; write nothing */
    long max_problems;      /* problems kept for the report (0 = default) */
    registry_progress_fn progress;
    void *progress_ctx;
} registry_import_opts;

typedef struct {
    char file[512];
    char format[8];         /* "csv" | "xlsx" */
    char encoding[16];
    char delimiter[4];
    long rows, inserted, updated, unchanged;
    long nproblems;         /* all problems found */
    registry_problem *problems; /* the first max_problems of them */
    size_t nkept;
    bool written;           /* the transaction was committed */
} registry_import_report;

/* Returns AT_OK when the file was clean (and written unless dry_run), AT_EINPUT when
 * it had problems (then rep lists them and nothing was written), other codes when
 * the file could not be read at all. */
int registry_import(store *s, const entity_def *e, const char *path, const registry_import_opts *o,
                    registry_import_report *rep, at_error *err);
void registry_report_free(registry_import_report *rep);

typedef struct {
    table_format format;
    const char *lang;       /* header language: "ru", "kk", "en" (default "en") */
    bool bom;               /* CSV: UTF-8 BOM for Excel */
    char delimiter;         /* CSV: default ',' */
} registry_export_opts;

int registry_export(store *s, const entity_def *e, const char *path, const registry_export_opts *o,
                    long *rows, at_error *err);
/* Header row and one example row, headers in lang; required columns marked '*'. */
int registry_template(const entity_def *e, const char *path, const registry_export_opts *o, at_error *err);

/* ---- profile rules (registry_rules.c) ---- */
typedef struct registry_rules registry_rules;
int registry_rules_open(store *s, registry_rules **out, at_error *err);
void registry_rules_close(registry_rules *r);
const char *registry_rules_country(const registry_rules *r);
/* The file line of the rows checked next (for rules that compare rows). */
void registry_rules_set_line(registry_rules *r, long line);

/* Receives one problem: the field it concerns (-1 = the row) and the message. */
typedef void (*registry_problem_fn)(void *ctx, int field, const char *message);

/* Checks one normalised row against cross-field and profile rules. */
int registry_rules_check_row(registry_rules *r, const entity_def *e, const char *const *row,
                             registry_problem_fn fn, void *ctx, at_error *err);
/* After an import of registrations: checks each touched participant's whole set of
 * registrations (mandatory subjects present, elective count). `document` is one
 * touched participant; called once per participant. */
int registry_rules_check_participant(registry_rules *r, const char *document,
                                     registry_problem_fn fn, void *ctx, at_error *err);

#endif
