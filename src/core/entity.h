/* entity.h — the registry's entities described as data.
 *
 * Each registry entity (municipality, school, participant, registration, …) is an
 * entity_def: its fields with types, headers in ru/kk/en, whether required, which
 * entity a field refers to, and the natural key. Storage, import, export and
 * templates are written once over these descriptors, so a new column is one line
 * here plus a migration. Values travel as canonical text (see entity_normalize):
 * dates ISO 8601, booleans "1"/"0", sets "a;b" in declaration order, enums as codes. */
#ifndef AT_ENTITY_H
#define AT_ENTITY_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    FT_TEXT,  /* free text, NFC-normalised, trimmed */
    FT_CODE,  /* identifier: no spaces, case kept */
    FT_INT,   /* integer within [min, max] */
    FT_REAL,  /* decimal number within [min, max] (coordinates) */
    FT_BOOL,  /* да/нет, иә/жоқ, yes/no, 1/0, + */
    FT_DATE,  /* YYYY-MM-DD or DD.MM.YYYY on input, ISO stored */
    FT_ENUM,  /* one of values[] (code or any of its labels) */
    FT_SET,   /* zero or more of values[] separated by ; or , */
} field_type;

typedef struct {
    const char *code; /* stored value */
    const char *ru, *kk, *en;
} enum_value;

typedef struct {
    const char *name;            /* column name; also the English header */
    const char *ru, *kk, *en;    /* header labels accepted on import, written on export */
    field_type type;
    bool required;
    const char *ref;             /* natural key of this entity name, or NULL */
    const enum_value *values;    /* FT_ENUM / FT_SET */
    double min, max;             /* FT_INT / FT_REAL bounds (ignored when min > max) */
    const char *example;         /* example value for templates */
    const char *help;            /* what is expected, for error messages */
} entity_field;

typedef struct entity_def {
    const char *name;            /* "participants" — table name and CLI name */
    const char *ru, *kk, *en;    /* human name */
    const entity_field *fields;
    size_t nfields;
    const int *key;              /* indexes of natural-key fields, -1 terminated */
    const char *sort;            /* ORDER BY for listings (field names), collated where text */
} entity_def;

#define ENTITY_MAX_FIELDS 32

/* All entities in dependency order (a referenced entity comes first). */
extern const entity_def *const entity_all[];
extern const size_t entity_count;

const entity_def *entity_find(const char *name);
int entity_field_index(const entity_def *e, const char *name);
/* Matches a file header (any language, case/space-insensitive) to a field; -1 if none. */
int entity_match_header(const entity_def *e, const char *header);
const char *entity_field_label(const entity_field *f, const char *lang);
const char *entity_enum_label(const enum_value *v, const char *lang);

/* Normalises one raw cell to canonical text into out (size n). Empty input gives
 * "" and AT_OK (the caller checks `required`). On bad input returns AT_EINPUT and
 * writes what was expected into expected (size en). */
int entity_normalize(const entity_field *f, const char *raw, char *out, size_t n,
                     char *expected, size_t en);

/* Field indexes used by registry rules (kept in sync with entity.c by tests). */
enum { P_DOCUMENT, P_LAST_NAME, P_FIRST_NAME, P_MIDDLE_NAME, P_BIRTH_DATE, P_GENDER,
       P_SCHOOL, P_GRADE, P_CATEGORY, P_OVZ, P_DISABILITY, P_OVZ_CONDITIONS, P_EARLY,
       P_EXEMPT_ORDER, P_HONOURS, P_NFIELDS };
enum { R_DOCUMENT, R_SUBJECT, R_FORM, R_PERIOD, R_NFIELDS };

#endif
