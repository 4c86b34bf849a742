/* plan_table.h — reading a plan of measures (дорожная карта / план мероприятий /
 * іс-шаралар жоспары) from a file into structured plans: sections, numbered
 * measures, responsible bodies, form of completion and the deadline as written.
 *
 * Accepted input (chosen by content, not by name):
 * - XLSX and CSV (src/io/table.h: encoding and delimiter detected);
 * - text tables with tab-separated cells, as plans come out of Word/PDF: a row
 *   per line, or a cell per line (each cell's first line starts with a tab);
 *   cells continued over several lines (a page break splits a row: the rest
 *   comes on a line whose first cell is empty after a blank line), sub-lists
 *   ("1) … 2) …", "- …") kept inside the measure;
 * - pipe-separated text tables ("| № | Мероприятие | … |", Markdown style).
 * The text of the order before a table (ПРИКАЗ / БҰЙРЫҚ, its number, date and
 * title, the caption of the appendix) is not imported as measures but kept as
 * the plan's source. A file may hold several plans (an order with two
 * appendices, the same plan in Kazakh and in Russian): each table whose heading
 * row names a measure column starts a plan. Two plans of different languages
 * with the same number of measures that stand next to each other are twins,
 * linked measure by measure.
 *
 * Columns are recognised by their headings in Russian or Kazakh (№ / р/с,
 * мероприятие / іс-шара, ответственные / жауапты, форма завершения / аяқтау
 * нысаны / результат, сроки / мерзімі, форма проведения) in any order; a table
 * without a heading row gets its columns from the content of its first measure
 * row (a number, a deadline-like cell, a cell of known bodies, the longest text).
 *
 * Responsible bodies form a directory shared by all plans of a file: known
 * bodies under one code whatever the spelling (ИЦРО = Инновационный центр
 * развития образования = ББДИО = Білім беруді дамытудың инновациялық
 * орталығы; ОО = организации образования = білім беру ұйымдары; …), persons
 * ("А. С. Такиева", "Иванова И.И.") as "Фамилия И.О.", other names as written.
 *
 * Pure apart from reading the file. */
#ifndef AT_PLAN_TABLE_H
#define AT_PLAN_TABLE_H

#include <stddef.h>

#include "core/error.h"

typedef enum { PLAN_LANG_UNKNOWN = 0, PLAN_LANG_RU, PLAN_LANG_KK } plan_lang;

typedef enum {
    PLAN_BODY_ORG,    /* an organisation: УО, ИЦРО, ОО, отделы образования */
    PLAN_BODY_ROLE,   /* a position or group: руководители ОО, председатель комиссии */
    PLAN_BODY_PERSON, /* a named person */
    PLAN_BODY_OTHER,  /* not in the vocabulary: kept as written */
} plan_body_kind;

typedef struct {
    char *code;          /* "ИЦРО", "УО АНМО", "person:Такиева А.С.", "other:…" */
    char *name;          /* full Russian name (or the person, or the text as first written) */
    char *name_kk;       /* full Kazakh name or "" */
    plan_body_kind kind;
    size_t uses;         /* measures naming it, over all plans of the set */
} plan_body;

typedef struct {
    char *number;        /* as written without the trailing dot: "3", "" */
    char *title;
    long line;
} plan_section;

typedef struct {
    char *number;        /* as written: "1.", "1.2.1.", "3.47", "" for an unnumbered row */
    long section;        /* index into plan_doc.sections, -1 before the first heading */
    char *title;         /* full text; sub-lists kept, one item per line */
    char *details;       /* "Форма проведения, категория охвата" and similar, or "" */
    char *responsible;   /* the cell as written */
    size_t *bodies;      /* indices into plan_set.bodies, in the cell's order, no repeats */
    size_t nbodies;
    char *form;          /* форма завершения / аяқтау нысаны / (планируемый) результат */
    char *deadline;      /* the deadline cell verbatim (lines joined), or "" */
    long line;           /* source line (CSV/text) or row (XLSX) where the measure starts */
    long twin;           /* index of the same measure in the twin plan, -1 */
} plan_measure;

typedef struct {
    char *title;         /* caption of the table: "План мероприятий по …" */
    char *source_title;  /* title of the order: "Об утверждении Дорожной карты …", or the
                            appendix reference "Приложение 2 к приказу 2-02/40 …", or "" */
    char *source_number; /* "337", "2-02/50", or "" */
    char source_date[11];   /* ISO date of the order, or "" */
    char academic_year[10]; /* "2024-2025", or "" */
    plan_lang lang;
    long line;           /* line of the heading row (first measure row if none) */
    plan_section *sections;
    size_t nsections;
    plan_measure *measures;
    size_t nmeasures;
    long twin;           /* index in plan_set.docs of the same plan in the other language, -1 */
} plan_doc;

typedef struct {
    char *path;
    plan_doc *docs;
    size_t ndocs;
    plan_body *bodies;   /* the directory of responsible bodies */
    size_t nbodies;
} plan_set;

/* Reads every plan in a file. AT_OK with *out set (at least one plan);
 * AT_EINPUT when the file holds no plan or is malformed (err names file:line);
 * AT_EINTERNAL when it cannot be read. */
int plan_table_read(const char *path, plan_set **out, at_error *err);
void plan_set_free(plan_set *s);

const char *plan_lang_code(plan_lang l); /* "ru", "kk", "" */

/* The code of a known body named by `name` (any known spelling, any case), or
 * NULL: plan_body_known("Білім беруді дамытудың инновациялық орталығы") → "ИЦРО". */
const char *plan_body_known(const char *name);

#endif
