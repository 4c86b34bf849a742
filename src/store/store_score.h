/* store_score.h — the SQL of results (issue 5; tables in migration 004):
 * papers, answer sheets, works and expert tasks, results and their versions,
 * appeals and retakes. The score module asks for a prepared statement by name
 * (store_score_prepare) and binds, steps and reads it through store_sql.h; the
 * comment at each name in store_score.c gives its parameters and columns. */
#ifndef AT_STORE_SCORE_H
#define AT_STORE_SCORE_H

#include "store/store_sql.h"

typedef enum {
    SS_EXAM_GET,            /* ?1 exam → subject, grade, form, date, period, reserve */
    SS_EXAM_LIST,           /* → code, subject, grade, form, date, period, reserve, room_kind (by date, code) */
    SS_PARTICIPANT_GET,     /* ?1 document → school_code, grade, last_name, first_name, middle_name */
    SS_PARTICIPANT_EXISTS,  /* ?1 document → 1 (a row when the participant exists; read from the index alone) */
    SS_PAPER_DELETE,        /* ?1 exam ?2 variant */
    SS_PAPER_INSERT,        /* ?1..?12 exam, variant, kind, item, label, max, key, alternatives, unordered, tolerance, partial, part */
    SS_PAPER_ITEMS,         /* ?1 exam ?2 variant → kind, item, label, max, key, alternatives, unordered, tolerance, partial, part */
    SS_PAPER_VARIANTS,      /* ?1 exam → variant */
    SS_SHEET_INSERT,        /* ?1 exam ?2 document ?3 variant ?4 status ?5 act ?6 answers ?7 at */
    SS_SHEET_GET,           /* ?1 exam ?2 document → variant, status, act, answers */
    SS_SHEETS_SCAN,         /* → exam, document, variant, status, act, answers (every sheet, in storage order: no order promised) */
    SS_WORK_INSERT,         /* ?1 code ?2 exam ?3 document */
    SS_WORK_GET,            /* ?1 code → exam, document */
    SS_WORK_OF,             /* ?1 exam ?2 document → code */
    SS_WORKS_SCAN,          /* → exam, document, code (every work, in storage order: no order promised) */
    SS_WORKS_UNASSIGNED,    /* ?1 exam → code, document, school_code (works without round-1 task, by code) */
    SS_EXPERTS_FOR,         /* ?1 subject → document, school_code, expert_status (experts of the subject) */
    SS_EXPERT_LOAD,         /* ?1 expert → tasks */
    SS_EXPERT_GET,          /* ?1 document → expert_subject, expert_status, school_code, is an expert by role (0/1) */
    SS_RUN_INSERT,          /* ?1 exam ?2 seed ?3 capacity ?4 works ?5 at ?6 actor */
    SS_RUN_LAST,            /* → id of the newest run (this transaction's insert) */
    SS_RUN_WORKS,           /* ?1 works ?2 run id */
    SS_RUN_SEED_OF,         /* ?1 work → seed of the run that assigned it (none: not assigned by a run) */
    SS_TASK_INSERT,         /* ?1 work ?2 expert ?3 round ?4 day ?5 run ?6 marks ?7 at ?8 actor */
    SS_TASK_MARK,           /* ?1 marks ?2 at ?3 actor ?4 work ?5 expert */
    SS_TASKS_OF,            /* ?1 work → expert, round, marks, day */
    SS_TASKS_LIST,          /* ?1 exam (NULL = all) ?2 expert (NULL = all) → work, expert, round, day, marks */
    SS_RESULT_GET,          /* ?1 exam ?2 document → version, status, short, extended, primary, test, mark, passed, university, third, stage, published_on, retake_of */
    SS_RESULT_INSERT,       /* ?1 exam ?2 doc ?3 version ?4 status ?5 short ?6 ext ?7 primary ?8 test ?9 mark ?10 passed ?11 univ ?12 third ?13 stage ?14 retake_of */
    SS_RESULT_UPDATE,       /* same parameters as insert (stage kept) */
    SS_RESULT_UPDATE_CHANGED, /* as update, version + 1, only when a value differs (as SS_RESULT_GET compares) → the new version */
    SS_VERSION_INSERT,      /* ?1 exam ?2 doc ?3 version ?4 status ?5 primary ?6 test ?7 mark ?8 reason ?9 at ?10 actor */
    SS_VERSIONS_OF,         /* ?1 exam ?2 doc → version, status, primary, test, mark, reason, made_at, actor */
    SS_RESULTS_KEYS,        /* ?1 exam (NULL = all) → exam, document (every sheet) */
    SS_RESULTS_LIST,        /* ?1 exam (NULL = all) ?2 document (NULL = all) → exam, document, last, first, status, primary, test, mark, passed, university, third, stage, version, subject, date, published_on, retake_of */
    SS_RESULTS_PENDING,     /* ?1 exam → count of pending results */
    SS_RESULTS_STAGE,       /* ?1 new stage ?2 published_on ?3 exam ?4 old stage */
    SS_APPEAL_INSERT,       /* ?1 kind ?2 exam ?3 doc ?4 filed ?5 due ?6 decide_by ?7 notify_by ?8 reason ?9 actor */
    SS_APPEAL_LAST,         /* → id of the newest appeal (this transaction's insert) */
    SS_APPEAL_GET,          /* ?1 id → kind, exam, document, filed_on, status, decide_by */
    SS_APPEAL_DECIDE,       /* ?1 status ?2 outcome ?3 decided_on ?4 id */
    SS_APPEALS_OF,          /* ?1 exam ?2 doc → kind, status, id (decided ones, by id) */
    SS_APPEALS_LIST,        /* ?1 exam (NULL = all) → id, kind, exam, document, filed_on, due_on, decide_by, notify_by, status, outcome, decided_on */
    SS_RETAKE_INSERT,       /* ?1 exam ?2 doc ?3 retake exam ?4 reason ?5 at */
    SS_RETAKES_ALL,         /* → retake exam, document, exam (every retake with a retake exam; as SS_RETAKE_FOR reads them) */
    SS_APPEALS_ANNULLING,   /* → exam, document (upheld procedure appeals) */
    SS_RETAKE_FOR,          /* ?1 retake exam ?2 doc → exam (the result this one replaces) */
    SS_RESERVE_FOR,         /* ?1 exam → code (the first later reserve day of the same grade, subject, form and room kind) */
    SS_RETAKE_OF,           /* ?1 exam ?2 doc → retake exam code (NULL: granted, no reserve day) */
    SS_REGISTRATIONS_FOR,   /* ?1 subject ?2 period ?3 form ?4 grade → document, school_code (by document) */
    SS_COUNT
} store_score_stmt;

/* A new prepared statement for one of the names above (the caller finalizes). */
int store_score_prepare(store *s, store_score_stmt which, store_stmt **out, at_error *err);

#endif
