/* score.h — results of exams (issue 5): papers and their keys, the automatic
 * check of short answers with normalisation, expert marks of extended answers
 * (third check, final marks), the primary score and its conversion through the
 * profile's scale, thresholds; and, on top of the store (store_score.h), the
 * cycle: importing papers and answer sheets, assigning works to experts,
 * marks, approval and publication, annulment and retakes, appeals, recompute,
 * and the demo. The pure part (normalisation, checking, conversion) is at the
 * top and has no I/O; every number that differs by subject or year comes
 * from the rule profile. Format of the files and the rules: docs/results.md. */
#ifndef AT_SCORE_H
#define AT_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "rules/rules.h"
#include "store/store.h"

#define SCORE_ANSWER_MAX 256     /* bytes of one short answer */
#define SCORE_ITEMS_MAX 200      /* items (or criteria) in one variant */
#define SCORE_PARTIAL_MAX 8      /* "errors:points" pairs of one item */

/* ---- normalisation and checking (pure) ---- */

/* Normalises a short answer for comparison: removes white space, upper-cases,
 * maps Latin letters that look like Cyrillic ones to the Cyrillic letter, and
 * turns a comma between two digits into a point (docs/results.md lists each
 * rule). AT_EINPUT on invalid UTF-8 or when out (size n) is too small. */
int score_normalize(const char *in, char *out, size_t n);

typedef enum { SCORE_SHORT = 0, SCORE_CRITERION = 1 } score_kind;

typedef struct {
    int errors, points;
} score_partial;

typedef struct {
    score_kind kind;
    int item;                    /* 1-based within its kind */
    char label[16];
    int max_points;
    char *key;                   /* normalised key (short) */
    char **alts;                 /* normalised alternatives */
    size_t nalts;
    bool unordered;
    bool numeric;                /* tolerance given */
    double tolerance;
    score_partial partial[SCORE_PARTIAL_MAX];
    size_t npartial;
    char part[32];               /* tag for scale conditions, "" = none */
} score_item;

typedef struct {
    char *exam, *variant;
    score_item *shorts;          /* by item number */
    size_t nshort;
    score_item *criteria;
    size_t ncriteria;
    int max_primary;
} score_paper;

void score_paper_free(score_paper *p);

/* Points for one answer (raw, as on the sheet) of a short item. */
int score_check_item(const score_item *it, const char *answer);

/* The final marks per criterion from the experts' marks. m1, m2: the two
 * independent checks; m3: the third check or NULL. Sets *third_needed when the
 * two differ substantially by `rule` (then m3, when given, is final). */
void score_final_marks(const rule_marking *rule, const int *m1, const int *m2, const int *m3, size_t n,
                       int *out, bool *third_needed);
bool score_discrepant(const rule_marking *rule, const int *m1, const int *m2, size_t n);

/* What a primary score converts to. */
typedef struct {
    int test_score;              /* -1 if the subject has no test scale */
    int mark;                    /* -1 if no mark scale */
    int passed;                  /* certificate threshold: 1, 0, or -1 if none */
    int university;              /* 1, 0, -1 */
} score_conversion;

/* part_points[i] are the points on the items tagged parts[i] (for conditions). */
void score_convert(const rule_profile *prof, const rule_subject *subj, int primary, int paper_max,
                   const char *const *parts, const int *part_points, size_t nparts, score_conversion *out);

/* ---- the cycle over the store ---- */

/* `attest score paper FILE`: items of one or more exams' variants (CSV/XLSX,
 * docs/results.md); replaces the variants it names. */
int score_import_papers(store *s, const char *path, long *items, at_error *err);
/* `attest score import FILE`: answer sheets, streamed, checked and scored in
 * one transaction; *sheets counts rows. */
typedef void (*score_progress_fn)(void *ctx, long long done, long long total);
int score_import_sheets(store *s, const char *path, score_progress_fn progress, void *pctx, long *sheets,
                        at_error *err);
/* `attest experts import FILE`: expert marks from scanned protocols. */
int score_import_marks(store *s, const char *path, long *rows, at_error *err);

/* Expert assignment: two different experts per work, never from the
 * participant's school, balanced by load, `capacity` works per expert per day. */
typedef struct {
    long works, tasks, days;
    int experts;
} score_assign_report;
int score_assign(store *s, const char *exam, uint64_t seed, int capacity, score_assign_report *rep, at_error *err);
/* Enters an expert's marks ("2,1,0") for a work; calls a third expert when the
 * rule says so (returns *third = expert document, or "" ). */
int score_mark(store *s, const char *work_code, const char *expert, const char *marks, char *third, size_t nthird,
               at_error *err);

/* Many experts' marks in one transaction — a marking session's protocols, as
 * the demo enters them: each row is taken as score_mark takes it (third
 * experts called the same way); *thirds counts the third checks called. */
typedef struct {
    const char *work, *expert, *marks;
} score_mark_row;
int score_mark_many(store *s, const score_mark_row *rows, size_t n, long *thirds, at_error *err);

/* Recomputes results of one exam (NULL = all) from raw data and writes those
 * that changed as new versions with `reason`. With check_only, writes nothing
 * and counts the differences. */
int score_recompute(store *s, const char *exam, bool check_only, const char *reason, long *checked, long *differ,
                    void (*report)(void *ctx, const char *exam, const char *doc, const char *what), void *rctx,
                    at_error *err);

int score_approve(store *s, const char *exam, long *n, at_error *err);
int score_publish(store *s, const char *exam, const char *date, long *n, at_error *err);

/* Appeals. kind: "procedure" | "scores". Dates YYYY-MM-DD. */
int score_appeal_file(store *s, const char *kind, const char *exam, const char *document, const char *date,
                      const char *reason, long *id, at_error *err);
/* decision: "upheld" | "rejected"; for scores appeals, marks = the re-check
 * expert's marks ("2,1,…") by `expert` who has not marked the work. */
int score_appeal_decide(store *s, long id, const char *decision, const char *date, const char *expert,
                        const char *marks, const char *retake_exam, at_error *err);


#endif
