/* score_internal.h — what the score module's files share: a session over the
 * store with prepared statements, exam and paper caches, and computing a
 * result from the raw data. Not for other modules. */
#ifndef AT_SCORE_INTERNAL_H
#define AT_SCORE_INTERNAL_H

#include "score.h"
#include "store/store_score.h"

typedef struct {
    char code[64];
    char subject[40];
    char form[16];
    char date[16];
    char period[16];
    int grade;
    bool reserve;
    const rule_profile *prof;
    const rule_subject *subj;
} score_exam;

typedef struct {
    store *s;
    store_stmt *st[SS_COUNT];
    rule_profile *prof[2];       /* grade 9, grade 11 (as stored in the database) */
    char country[8];
    score_exam *exams;
    size_t nexams, capexams;
    score_paper **papers;
    size_t npapers, cappapers;
} score_db;

/* A result as computed from raw data. */
typedef struct {
    char status[16];             /* scored | pending | absent | removed | not_finished | annulled */
    int short_score, extended_score, primary;   /* -1 = none */
    score_conversion conv;
    bool third;
    char retake_of[64];
} score_result;

int sdb_open(score_db *d, store *s, at_error *err);
void sdb_close(score_db *d);
/* The statement, reset and ready for bindings. */
store_stmt *sdb_stmt(score_db *d, store_score_stmt which, at_error *err);
int sdb_exam(score_db *d, const char *code, const score_exam **out, at_error *err);
/* The paper of a variant; *out NULL (AT_OK) when there is none. */
int sdb_paper(score_db *d, const char *exam, const char *variant, const score_paper **out, at_error *err);
/* Parses "2,1,0" into n marks within the criteria's maxima. */
int sdb_parse_marks(const score_paper *p, const char *text, int *out, const char *where, at_error *err);
int sdb_compute(score_db *d, const char *exam, const char *doc, score_result *r, at_error *err);
/* Expert tasks of a work as the caller holds them: by round, then expert. */
typedef struct {
    int round;
    const char *expert, *marks;
} sdb_task;
typedef struct {
    const sdb_task *v;
    size_t n;
} sdb_tasks;
/* The same from a sheet the caller holds (just written or just read):
 * variant, status, answers as stored; work: its work code ("" none, NULL =
 * look it up); tasks: all its expert tasks (n = 0 for a work made in this
 * transaction), or NULL to read them. */
int sdb_compute_sheet(score_db *d, const char *exam, const char *doc, const char *variant, const char *status,
                      const char *answers, const char *work, const sdb_tasks *tasks, score_result *r, at_error *err);
/* Writes r as version 1 of a result that does not exist yet (its sheet was
 * inserted just now). */
int sdb_write_new(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason,
                  at_error *err);
/* Writes r as the current result when it differs (a new version with
 * reason); *changed says whether it did. */
int sdb_write(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason, bool *changed,
              at_error *err);
int sdb_today(char *buf, at_error *err);
/* score_mark inside the caller's transaction. */
int score_mark_in(score_db *d, const char *work, const char *expert_doc, const char *marks, char *third, size_t nthird,
                  at_error *err);
/* Annulment and retake inside the caller's transaction. */
int score_annul_in(score_db *d, const char *exam, const char *document, const char *reason, const char *retake_exam,
                   at_error *err);

#endif
