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

/* An expert of a subject as the rules see them; load is every task held
 * (all exams and rounds), kept current by score_task_add within a session. */
typedef struct {
    char doc[64], school[64], status[16];
    long load;                   /* tasks held, every exam and round */
    long run;                    /* tasks of the current assignment run (sets the day) */
    uint64_t tie;
} score_expert;

/* The experts of one subject, loaded once per session (score_db). */
typedef struct {
    char subject[40];
    score_expert *v;
    size_t n;
    struct hashset *by_doc;      /* document → index in v */
    bool loads;                  /* load counted (only a search for the least loaded needs it) */
} score_experts;

typedef struct {
    store *s;
    store_stmt *st[SS_COUNT];
    rule_profile *prof[2];       /* grade 9, grade 11 (as stored in the database) */
    char country[8];
    score_exam *exams;
    size_t nexams, capexams;
    score_paper **papers;
    size_t npapers, cappapers;
    score_experts **experts;     /* per subject, loaded on first use (score_experts.c) */
    size_t nexperts;
    /* expert_tasks was empty when the session's transaction began and every
     * task since is added by score_task_add without a run (experts import's
     * first load): the loads are counted in memory from zero and no work has
     * a run's seed, so third checks read no tasks (set before any experts
     * are loaded) */
    bool tasks_new;
    /* What every result computation asks first (retakes, decided procedure
     * appeals), read once into memory by sdb_prelude_cache for a session
     * that computes many results; a write to either table in the session
     * drops it (sdb_prelude_forget), and the questions go to the database
     * again. */
    bool prelude_cached;
    struct hashset *retake_for;  /* "retake exam\tdocument" → index in retake_exams */
    char (*retake_exams)[64];
    size_t nretake_exams;
    struct hashset *annulling;   /* "exam\tdocument" of an upheld procedure appeal */
    /* result versions held back until sdb_versions_flush (sdb_versions_hold):
     * "exam\0document\0status\0" and "reason\0made_at\0actor\0" in held_text */
    bool hold_versions;
    struct sdb_held_version *held;
    size_t nheld, capheld;
    char *held_text;
    size_t held_used, held_cap, held_meta; /* held_meta: offset of the last "reason…" */
} score_db;

/* A work with its participant and the tasks given on it. */
#define SCORE_TASKS_MAX 8
typedef struct {
    char code[24], exam[64], doc[64], school[64];
    struct {
        char expert[64];
        int round;
        bool marked;
    } task[SCORE_TASKS_MAX];
    int ntasks;
} score_work;

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
/* The work code of (exam, document) into out (n bytes); *found false when the
 * sheet has no work (a paper of short answers only). */
int sdb_work_of(score_db *d, const char *exam, const char *doc, char *out, size_t n, bool *found, at_error *err);
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
/* The same for a result that most likely changes (marks just came in): one
 * statement updates the row when a value differs, without reading it first;
 * the read only when nothing was updated (unchanged, or no result yet). */
int sdb_write_changed(score_db *d, const char *exam, const char *doc, const score_result *r, const char *reason,
                      bool *changed, at_error *err);
int sdb_today(char *buf, at_error *err);
/* From now on the session's result versions are kept in memory and written
 * by sdb_versions_flush in the order of their key (exam, document, version),
 * which walks the versions' index front to back instead of jumping about in
 * it: for a session that writes many results and reads no versions (experts
 * import). The caller flushes before its commit. */
void sdb_versions_hold(score_db *d);
int sdb_versions_flush(score_db *d, at_error *err);
/* Whether a participant exists, and their school ("" none; nschool 0: not
 * asked, and the participants' index alone answers). */
int sdb_participant(score_db *d, const char *doc, bool *found, char *school, size_t nschool, at_error *err);
/* Reads the retakes and the decided procedure appeals into memory: the
 * session's result computations ask them there (see score_db). */
int sdb_prelude_cache(score_db *d, at_error *err);
/* After a retake or an appeal is written: computations read them again. */
void sdb_prelude_forget(score_db *d);
/* ---- experts (score_experts.c): one place for the rules ---- */
/* The experts of a subject, from the session's cache. */
int score_experts_of(score_db *d, const char *subject, score_experts **out, at_error *err);
void score_experts_free(score_db *d);
/* The work, its participant's school and its tasks; AT_ENOTFOUND if none.
 * exam and doc: the work's, when the caller knows them (NULL: looked up). */
int score_work_get(score_db *d, const char *code, const char *exam, const char *doc, score_work *w, at_error *err);
/* Whether expert may mark work w in round (1, 2: the independent checks, 3:
 * the third, 4: an appeal's re-check): an expert of the exam's subject, not
 * working at the participant's school, senior or leading for round 3, not
 * holding the work in another round (for round 4: not at all), the round not
 * given to someone else, not already marked. AT_OK, or AT_EINPUT with err's
 * message naming the expert, the value and what was expected. *holds: the
 * expert holds an unmarked task of this round (mark it, do not add one). */
int score_expert_may(score_db *d, const score_work *w, const char *expert, int round, bool *holds, at_error *err);
/* Adds a task (marks NULL: not yet marked) and counts it in the cached load. */
int score_task_add(score_db *d, const char *work, const char *subject, const char *expert, int round, long day,
                   long run, const char *marks, at_error *err);
/* After a work's marks changed (w read after them, res computed): when its
 * two independent marks differ by the profile's rule and no third expert
 * holds it, gives it to one (the least loaded eligible senior or leading
 * expert, ties from the seed of the run that assigned the work); third gets
 * the expert's document or "". */
int score_third_if_needed(score_db *d, const score_work *w, const score_result *res, char *third, size_t nthird,
                          at_error *err);
/* After marks on a work: reads it, computes its result, calls a third expert
 * if needed (score_third_if_needed) and writes the result with reason. */
int score_work_settle(score_db *d, const char *work, const char *reason, char *third, size_t nthird, at_error *err);
/* An imported mark: checked by score_expert_may (AT_EINPUT: a broken rule),
 * then filled into the expert's task of this round or added as one. */
int score_put_mark(score_db *d, const char *work, const char *exam, const char *doc, const char *expert, int round,
                   const char *marks, at_error *err);
/* score_mark inside the caller's transaction. */
int score_mark_in(score_db *d, const char *work, const char *expert_doc, const char *marks, char *third, size_t nthird,
                  at_error *err);
/* Annulment and retake inside the caller's transaction. */
int score_annul_in(score_db *d, const char *exam, const char *document, const char *reason, const char *retake_exam,
                   at_error *err);

#endif
