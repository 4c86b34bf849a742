/* main.c — `attest [--db PATH] [--json] COMMAND …`: dispatch and help.
 * Exit codes: 0 ok, 1 bad input, 2 usage, 3 internal error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define ENTITIES "municipalities, schools, participants, registrations, admissions, annual_marks, exam_points, rooms, staff"

static int cmd_help(cli_ctx *c, int argc, char **argv, at_error *err);

const cli_command cli_commands[] = {
    {"init", cmd_init, "create a database for a country and exam year",
     "attest [--db PATH] init --country ru|kz --year YYYY [--lang ru|kk|en]\n"
     "  Creates the database, applies the schema and stores the country's rule\n"
     "  profiles for that exam year (grades 9 and 11). --lang sets the language\n"
     "  whose alphabet orders names (default: ru for ru, kk for kz)."},
    {"migrate", cmd_migrate, "upgrade a database to this version's schema",
     "attest [--db PATH] migrate [--json]\n"
     "  Applies the numbered migrations the database does not have yet, each in\n"
     "  its own transaction. Forward only; safe to run again."},
    {"info", cmd_info, "what the database holds: country, year, profiles, counts",
     "attest [--db PATH] info [--json]"},
    {"import", cmd_import, "import a CSV or XLSX file of one entity",
     "attest [--db PATH] import ENTITY FILE [--dry-run] [--max-errors N] [--json]\n"
     "  ENTITY: " ENTITIES "\n"
     "  FILE: .csv (UTF-8, UTF-8 with BOM or Windows-1251; ',' ';' or tab) or .xlsx.\n"
     "  Headers may be in Russian, Kazakh or English (see attest template).\n"
     "  Every row is checked: types, required values, references, duplicates in\n"
     "  the file, the rule profile. All problems are listed (file:line:column,\n"
     "  value, what was expected) and then nothing is written: exit status 1.\n"
     "  A clean file is written in one transaction; rows whose natural key exists\n"
     "  are updated, never duplicated. --dry-run checks without writing."},
    {"export", cmd_export, "export one entity to CSV or XLSX",
     "attest [--db PATH] export ENTITY --format csv|xlsx -o FILE [--lang ru|kk|en] [--bom] [--delimiter ';']\n"
     "  Writes every row, ordered by name in the installation's collation.\n"
     "  The file imports back unchanged."},
    {"template", cmd_template, "write an empty import template with an example row",
     "attest template ENTITY --lang ru|kk|en -o FILE.xlsx|FILE.csv\n"
     "  Required columns are marked with '*'."},
    {"list", cmd_list, "list rows of one entity",
     "attest [--db PATH] list ENTITY [--search TEXT] [--where FIELD=VALUE] [--limit N] [--json]\n"
     "  Names are ordered by the installation's alphabet (ru or kk collation);\n"
     "  --search is case-insensitive over text fields."},
    {"fields", cmd_fields, "the columns of an entity: headers, types, allowed values",
     "attest fields ENTITY [--lang ru|kk|en] [--json]\n"
     "  What an import file may contain: each column's name and headers in ru/kk/en,\n"
     "  its type, whether it is required or part of the key, and allowed values."},
    {"demo", cmd_demo, "fill a database with a plausible demo region",
     "attest [--db PATH] demo --country ru|kz --participants N --seed S [--year YYYY] [--no-results] [--json]\n"
     "  Creates the database if it does not exist, then generates municipalities,\n"
     "  schools, participants with subject choices that obey the rule profile,\n"
     "  admissions, annual marks, exam points with rooms, and staff, and loads the\n"
     "  year's exam schedule. Then a whole results cycle of its exams through the\n"
     "  score module: papers, answer sheets, expert marks with third checks,\n"
     "  removals, retakes on reserve days, approval, publication and appeals\n"
     "  (--no-results skips it). The same seed gives the same data; the seed is\n"
     "  recorded in the database."},
    {"rules", cmd_rules, "rule profiles: list, show, check a file",
     "attest rules list [--json]\n"
     "attest rules show ID [--json]       a shipped profile, e.g. ru-gia11-2026\n"
     "attest rules check FILE            validate a profile file (errors name the JSON path)"},
    {"calendar", cmd_calendar, "working days: add, count, check a date",
     "attest calendar add --country ru|kz DATE N      the date N working days after DATE\n"
     "attest calendar count --country ru|kz FROM TO   working days in (FROM, TO]\n"
     "attest calendar day --country ru|kz DATE        working day or not, and why\n"
     "  Dates are YYYY-MM-DD. Add --json for machine-readable output."},
    {"plan", cmd_plan, "roadmaps: import plans of measures, track them, remind, export",
     "attest plan import FILE --level region|municipality|school [--territory CODE] [--year 2025-2026] [--code CODE]\n"
     "  Reads a plan as published (text table with the order's preamble, tab- or\n"
     "  pipe-separated, CSV or XLSX); a file with the plan in Kazakh and Russian\n"
     "  gives two plans linked measure by measure. Deadlines written in words are\n"
     "  parsed; what is not understood is kept verbatim and flagged.\n"
     "attest plan plans                                  the plans in the database\n"
     "attest plan list [PLAN] [--overdue] [--due-within DAYS] [--responsible TEXT]\n"
     "attest plan status PLAN NUMBER planned|in_progress|done|not_applicable [--evidence TEXT]\n"
     "  done needs evidence: a document number, a date or a file name.\n"
     "attest plan remind [--working-days N]             what falls due, by responsible body\n"
     "attest plan rollup [--by body|level|territory]    completion: done, open, overdue per group\n"
     "attest plan ics [PLAN] [--responsible TEXT] -o FILE.ics\n"
     "attest plan export [PLAN] --format xlsx|csv -o FILE\n"
     "attest plan chart PLAN -o FILE.svg\n"
     "attest plan cascade PLAN --to municipality|school  a copy of the plan for each territory\n"
     "  Overdue = due date passed and not done. ATTEST_TODAY=YYYY-MM-DD sets \"today\".\n"
     "  Add --json for machine-readable output."},
    {"schedule", cmd_schedule, "the exam schedule: import, list, each participant's exams",
     "attest schedule import FILE [--dry-run]    exams (CSV/XLSX, headers ru/kk/en): code, grade, subject,\n"
     "                                           form, room_kind, date, start_time, duration_minutes,\n"
     "                                           period, reserve; checked against the grade's profile\n"
     "attest schedule import --builtin [--dry-run]  the shipped schedule of the installation's country and year\n"
     "attest schedule list [--date D] [--grade 9|11]  exams by date and time\n"
     "attest schedule participant DOCUMENT       one participant's exams (ОВЗ extended time included)\n"
     "attest schedule clashes                    two sittings of a participant on one date, registrations\n"
     "                                           with no exam (exit 1 when either exists), unused exams\n"
     "  A registration matches the non-reserve exams of its grade, subject, form and period.\n"
     "  Add --json for machine-readable output. Format and rules: docs/schedule.md."},
    {"seat", cmd_seat, "exam days: distribute participants and staff, re-plan, verify, export",
     "attest seat run --date YYYY-MM-DD [--seed S] [--scheme municipal|region|table]\n"
     "attest seat replan --date YYYY-MM-DD [--reason TEXT]\n"
     "attest seat close --date YYYY-MM-DD --point CODE [--room NUMBER] --reason TEXT\n"
     "attest seat show --date YYYY-MM-DD [--json]\n"
     "attest seat staff --date YYYY-MM-DD [--seed S] [--json]\n"
     "  Staff of the date's points and rooms (heads, ГЭК, technical, medical,\n"
     "  organizers, assistants) by the profile's logistics rules; the seed defaults\n"
     "  to the seat run's. A shortage is explained per point (and across a\n"
     "  municipality's points) and nothing is written: exit status 1.\n"
     "attest seat materials --date YYYY-MM-DD [--json]   kits per room + reserve, custody acts\n"
     "attest seat custody list --date YYYY-MM-DD [--mismatches] [--json]\n"
     "attest seat custody sign ACT_ID --received N --by NAME [--handed-by NAME]\n"
     "attest seat verify --date YYYY-MM-DD [--json]\n"
     "attest seat export --date YYYY-MM-DD --what seating|notices|staff|materials --format csv|xlsx -o FILE\n"},
    {"score", cmd_score, "results: exam papers (keys, criteria) and answer sheets",
     "attest score paper FILE     items of exam variants: exam, variant, kind, item, max_points, key, …\n"
     "attest score import FILE    answer sheets: exam, document, variant, status, act, 1..N (answers)\n"
     "  CSV or XLSX, format in docs/results.md. Short answers are checked on import\n"
     "  (normalised: spaces, case, Latin/Cyrillic look-alikes, decimal comma); all\n"
     "  problems of a file are listed and then nothing is written."},
    {"results", cmd_results, "results: list, show with history, recompute, approve, publish",
     "attest results list [--exam CODE] [--json]\n"
     "attest results show --participant DOCUMENT [--exam CODE] [--json]   with every version\n"
     "attest results recompute [--exam CODE] [--check]   from raw answers, marks, papers, scales\n"
     "  --check writes nothing and exits 1 when a stored value differs.\n"
     "attest results approve --exam CODE                 ГЭК approval (none may be pending)\n"
     "attest results publish --exam CODE [--date D]      the results day (default today)"},
    {"experts", cmd_experts, "expert marking: assign works, enter marks, third checks",
     "attest experts assign --exam CODE [--seed S] [--capacity N]\n"
     "  Two different experts per work at random (seeded, recorded), never from the\n"
     "  participant's school, balanced by load, N works per expert per day (50).\n"
     "attest experts mark --work CODE --expert DOCUMENT --marks 2,1,0\n"
     "  A substantial discrepancy (profile rule) calls a senior or leading third expert.\n"
     "attest experts import FILE     marks from protocols: exam, document, expert, round, marks\n"
     "attest experts tasks [--exam CODE] [--expert DOCUMENT] [--json]   works by anonymous code"},
    {"appeal", cmd_appeal, "appeals: procedure and scores, deadlines in working days",
     "attest appeal file --kind procedure|scores --exam CODE --participant DOCUMENT [--date D] [--reason TEXT]\n"
     "  procedure: on the exam day; scores: within the profile's working days of the\n"
     "  results day (a late filing is refused with the date it was due).\n"
     "attest appeal decide --id N --decision upheld|rejected [--date D]\n"
     "       [--expert DOCUMENT --marks 2,1,0]   (scores: the re-check by an expert who has not marked it)\n"
     "       [--retake-exam CODE]                 (procedure: the reserve day; default the next one)\n"
     "attest appeal list [--exam CODE] [--json]\n"
     "  Dates default to ATTEST_TODAY or today."},
    {"checksum", cmd_checksum, "a checksum of all data (equal checksums: equal data)",
     "attest [--db PATH] checksum"},
    {"help", cmd_help, "help on a command", "attest help [COMMAND]"},
    {NULL, NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fprintf(out, "attest — school final examinations (ГИА / итоговая аттестация)\n\n"
                 "usage: attest [--db PATH] [--json] COMMAND [ARGS]\n"
                 "  --db PATH   the database (default $ATTEST_DB, else attest.db)\n"
                 "  --json      machine-readable output\n\ncommands:\n");
    for (const cli_command *k = cli_commands; k->name; k++)
        fprintf(out, "  %-10s %s\n", k->name, k->summary);
    fprintf(out, "\nexit status: 0 ok, 1 bad input, 2 wrong usage, 3 internal error\n"
                 "attest help COMMAND shows a command's options.\n");
}

static int cmd_help(cli_ctx *c, int argc, char **argv, at_error *err)
{
    if (argc < 2) {
        usage(stdout);
        return AT_OK;
    }
    for (const cli_command *k = cli_commands; k->name; k++)
        if (strcmp(k->name, argv[1]) == 0) {
            printf("%s\n\n%s\n", k->summary, k->usage);
            return AT_OK;
        }
    return at_fail(err, AT_EUSAGE, "help", "no command \"%s\"", argv[1]);
}

int main(int argc, char **argv)
{
    cli_ctx c = {.db = getenv("ATTEST_DB")};
    at_error err = {0};
    /* Global options may come before the command. */
    int i = 1;
    while (i < argc && strncmp(argv[i], "--", 2) == 0) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            c.db = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            c.db = argv[i] + 5;
            i++;
        } else if (strcmp(argv[i], "--json") == 0) {
            c.json = true;
            i++;
        } else if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("attest 0.1.0\n");
            return 0;
        } else {
            fprintf(stderr, "attest: unknown option %s\n\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!c.db || !*c.db)
        c.db = "attest.db";
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[i];
    for (const cli_command *k = cli_commands; k->name; k++) {
        if (strcmp(k->name, name) != 0)
            continue;
        int sub_argc = argc - i;
        char **sub_argv = argv + i;
        /* Options common to all commands, accepted after the command name too. */
        const char *db = cli_opt(&sub_argc, sub_argv, "--db");
        if (db)
            c.db = db;
        if (cli_flag(&sub_argc, sub_argv, "--json"))
            c.json = true;
        if (cli_flag(&sub_argc, sub_argv, "--help")) {
            printf("%s\n\n%s\n", k->summary, k->usage);
            return 0;
        }
        int rc = k->run(&c, sub_argc, sub_argv, &err);
        if (rc != AT_OK) {
            if (c.json && !c.reported) {
                json_t *o = json_pack("{s:s, s:s, s:s, s:i}", "status", "error", "where", err.where, "message",
                                      err.msg, "exit", at_exit_status(rc));
                cli_print_json(o);
            }
            fprintf(stderr, "attest %s: %s%s%s\n", name, err.where, err.where[0] ? ": " : "", err.msg);
            if (rc == AT_EUSAGE)
                fprintf(stderr, "usage:\n%s\n", k->usage);
        }
        return at_exit_status(rc);
    }
    fprintf(stderr, "attest: no command \"%s\"\n\n", name);
    usage(stderr);
    return 2;
}
