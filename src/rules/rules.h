/* rules.h — rule profiles: one per country × stage × year, loaded from JSON
 * (data/rules/ID.json, format in docs/rule-profiles.md) and validated; a bad
 * profile is rejected with the JSON path of the problem ("$.subjects[3].forms[0]").
 * Everything that differs between countries, years and subjects lives here as
 * data: subjects and names, exam forms and who may use them, mandatory subjects,
 * elective counts, durations and the ОВЗ extension, room limits, thresholds,
 * percent→mark scales, appeal deadlines. Pure: parsing text, no file I/O except
 * rules_load_file(). */
#ifndef AT_RULES_H
#define AT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

typedef struct {
    char *code;                  /* "ege", "oge", "gve", "written", "oral", "test" */
    char *name_ru, *name_kk, *name_en;
    char **categories;           /* participant categories that may take it (entity codes); */
    size_t ncategories;          /*   0 = every category */
    char **ovz_categories;       /* categories that may take it only with ОВЗ/disability */
    size_t novz_categories;
    bool mandatory_only;         /* takers of this form sit only the mandatory subjects
                                    (ГВЭ): the elective count does not apply to them */
} rule_exam_form;

typedef struct {
    char *kind;                  /* "certificate" (аттестат), "university", "pass" */
    char *scale;                 /* "test" (100-point), "primary", "mark", "percent" */
    double value;
    bool unconfirmed;            /* value could not be confirmed from a source */
} rule_threshold;

typedef struct {
    int from, to, mark;          /* percent range (inclusive) → mark */
} rule_scale_band;

/* A condition of a mark scale: `mark` or higher needs at least `min_points`
 * primary points on the paper items tagged `part` (ОГЭ maths: "3" needs 2
 * points in geometry); short of it the mark is `mark` - 1. */
typedef struct {
    int mark;
    char *part;
    int min_points;
} rule_scale_condition;

/* Expert marking of extended answers (issue 5): when a third expert is called
 * and how the final marks are formed. Zero = that test is not used. */
typedef struct {
    int discrepancy_total;       /* |total1 - total2| >= N → third check */
    int discrepancy_criterion;   /* |c1 - c2| >= M on any criterion → third check */
    char *final_rule;            /* "mean_ceil" | "mean_floor" | "min" | "max" (NULL = mean_ceil) */
} rule_marking;

/* Scoring of a subject's paper: primary score → test score (ЕГЭ, 100-point)
 * or → mark (ОГЭ/ГВЭ). Absent (present = false): KZ uses percent_scale. */
typedef struct {
    bool present;
    int primary_max;
    char *scale;                 /* "test" | "mark" */
    int *test_scores;            /* [primary_max + 1] for "test" */
    size_t ntest_scores;
    rule_scale_band *mark_bands; /* primary bands → mark for "mark" (from..to are points) */
    size_t nmark_bands;
    rule_scale_condition *conditions;
    size_t nconditions;
    bool has_marking;            /* subject-level override of the profile's marking */
    rule_marking marking;
    bool unconfirmed;
} rule_scoring;

typedef struct {
    char *code;                  /* "rus", "math_profile", "kaz_lit", … */
    char *name_ru, *name_kk, *name_en;
    char **forms;                /* exam forms this subject is offered in */
    size_t nforms;
    int duration_minutes;        /* base duration of the exam */
    rule_threshold *thresholds;
    size_t nthresholds;
    bool unconfirmed;            /* some value of this subject is unconfirmed */
    rule_scoring scoring;        /* "scoring" object; present = false when absent */
} rule_subject;

/* Exam-day logistics (issue 4): who may sit where, and how points and rooms are
 * staffed. Absent from a profile = no such rule (all zero/false). */
typedef struct {
    bool not_own_school;         /* a participant may not sit in a point based at
                                    their own school (RU ЕГЭ) */
    bool only_own_school;        /* a participant sits only in their own school (KZ) */
    int point_heads;             /* руководитель ППЭ per point */
    int point_gek_min;           /* ГЭК members per point */
    int point_gek_token_min;     /* of whom holding a token */
    int point_technical_min;     /* technical specialists per point */
    int point_medical_min;       /* medical workers per point */
    int room_organizers_min;     /* organizers in each room */
    int ovz_room_assistants_min; /* assistants in a room of participants needing one */
    bool organizer_not_subject_teacher;   /* no organizer teaching the exam's subject */
    bool organizer_not_teacher_of_seated; /* no organizer from a school whose pupils
                                             sit in the point (RU ЕГЭ) */
    int materials_reserve_percent;        /* extra kits per point and exam, rounded up */
    int materials_reserve_min;            /* at least this many extra kits */
    bool one_exam_per_room;               /* a room holds participants of one exam
                                             only (else exams of a day may share) */
} rule_logistics;

typedef struct rule_profile {
    char *id;                    /* "ru-gia11-2026" */
    char *country;               /* "ru" | "kz" */
    char *stage;                 /* "gia9" | "gia11" (RU), "ia9" | "ia11" (KZ) */
    int grade;                   /* 9 | 11 */
    int year;                    /* exam year, e.g. 2026 */
    char *title_ru, *title_kk, *title_en;
    rule_exam_form *forms;
    size_t nforms;
    rule_subject *subjects;
    size_t nsubjects;
    /* Mandatory subjects as groups: one subject of each group must be chosen
     * (ЕГЭ: {rus}, {math_base | math_profile}). */
    char ***mandatory;           /* mandatory[g] is a NULL-terminated list of subject codes */
    size_t nmandatory;
    int electives_min, electives_max;  /* electives_max < 0: no upper limit */
    int ovz_extra_minutes;       /* extension of every exam for ОВЗ participants */
    int room_max_participants;   /* at most N participants per room */
    int ovz_room_max_participants;
    rule_scale_band *percent_scale;    /* KZ percent → 5-point mark; may be empty */
    size_t npercent_scale;
    int appeal_procedure_days;   /* working days to decide a procedure appeal */
    int appeal_scores_file_days; /* working days to file a scores appeal */
    int appeal_scores_decide_days;
    rule_logistics logistics;    /* "logistics" object; zero when absent */
    rule_marking marking;        /* "expert_marking" object: default for every subject */
    char *source;                /* where the values come from */
    /* Added: top-level values marked unconfirmed ("ovz_room_max_participants",
     * "percent_scale", "appeals", …) and free-text notes about the profile. */
    char **unconfirmed;
    size_t nunconfirmed;
    char **notes;
    size_t nnotes;
} rule_profile;

/* Parses and validates a profile from JSON text; `name` is used in messages. */
int rules_parse(const char *json, size_t len, const char *name, rule_profile **out, at_error *err);
int rules_load_file(const char *path, rule_profile **out, at_error *err);
/* Loads the profile shipped in the binary (data/rules/ID.json), or from
 * $ATTEST_DATA/rules/ID.json when that variable is set. */
int rules_load_builtin(const char *id, rule_profile **out, at_error *err);
/* Text of a shipped profile, for storing it in the database at `attest init`. */
int rules_builtin_text(const char *id, const char **text, size_t *len, at_error *err);
void rules_free(rule_profile *p);

const rule_subject *rules_subject(const rule_profile *p, const char *code);
const rule_exam_form *rules_form(const rule_profile *p, const char *code);
bool rules_subject_has_form(const rule_subject *s, const char *form);
/* May a participant of `category` (with or without ОВЗ/disability) take `form`? */
bool rules_form_allowed(const rule_exam_form *f, const char *category, bool ovz);
/* Index of the mandatory group the subject belongs to, or -1 if elective. */
int rules_mandatory_group(const rule_profile *p, const char *subject);
/* Mark for a percent using percent_scale; -1 if no scale or out of range. */
int rules_mark_for_percent(const rule_profile *p, double percent);
const rule_threshold *rules_threshold(const rule_subject *s, const char *kind);
/* The marking rule for a subject: its own, else the profile's. */
const rule_marking *rules_marking(const rule_profile *p, const rule_subject *s);
/* Added: whether a top-level value (a key of the profile JSON, or
 * "appeals.KEY") is listed in the profile's "unconfirmed" array. */
bool rules_value_unconfirmed(const rule_profile *p, const char *key);

#endif
