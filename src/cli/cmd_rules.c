/* cmd_rules.c — rule profiles and the working-day calendar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "embedded_data.h"
#include "rules/calendar.h"
#include "rules/rules.h"

static json_t *profile_json(const rule_profile *p)
{
    json_t *subjects = json_array();
    for (size_t i = 0; i < p->nsubjects; i++) {
        const rule_subject *s = &p->subjects[i];
        json_t *forms = json_array();
        for (size_t f = 0; f < s->nforms; f++)
            json_array_append_new(forms, json_string(s->forms[f]));
        json_array_append_new(subjects, json_pack("{s:s, s:s, s:s, s:s, s:o, s:i, s:b, s:i}", "code", s->code, "ru",
                                                  s->name_ru, "kk", s->name_kk, "en", s->name_en, "forms", forms,
                                                  "duration_minutes", s->duration_minutes, "unconfirmed",
                                                  s->unconfirmed, "mandatory_group",
                                                  rules_mandatory_group(p, s->code)));
    }
    return json_pack("{s:s, s:s, s:s, s:i, s:i, s:o, s:i, s:i, s:i, s:i}", "id", p->id, "country", p->country, "stage",
                     p->stage, "grade", p->grade, "year", p->year, "subjects", subjects, "electives_min",
                     p->electives_min, "electives_max", p->electives_max, "ovz_extra_minutes", p->ovz_extra_minutes,
                     "room_max_participants", p->room_max_participants);
}

int cmd_rules(cli_ctx *c, int argc, char **argv, at_error *err)
{
    int rc = cli_no_unknown(argc, argv, "rules", err);
    if (rc != AT_OK)
        return rc;
    const char *sub = argc > 1 ? argv[1] : "list";
    if (strcmp(sub, "list") == 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < at_embedded_data_count; i++) {
            const char *name = at_embedded_data[i].name;
            /* profiles and calendars share the embedded table */
            if (strncmp(name, "ru-gia", 6) != 0 && strncmp(name, "kz-ia", 5) != 0)
                continue;
            rule_profile *p = NULL;
            at_error e2;
            if (rules_parse((const char *)at_embedded_data[i].data, at_embedded_data[i].len, name, &p, &e2) != AT_OK)
                continue;
            if (c->json)
                json_array_append_new(arr, json_pack("{s:s, s:s, s:i, s:i, s:s}", "id", p->id, "country", p->country,
                                                     "grade", p->grade, "year", p->year, "title", p->title_ru));
            else
                printf("%-16s %s\n", p->id, p->title_ru);
            rules_free(p);
        }
        if (c->json)
            cli_print_json(arr);
        else
            json_decref(arr);
        return AT_OK;
    }
    if (strcmp(sub, "show") == 0 || strcmp(sub, "check") == 0) {
        if (argc < 3)
            return at_fail(err, AT_EUSAGE, "rules", "%s needs %s", sub, sub[0] == 's' ? "a profile ID" : "a FILE");
        rule_profile *p = NULL;
        rc = sub[0] == 's' ? rules_load_builtin(argv[2], &p, err) : rules_load_file(argv[2], &p, err);
        if (rc != AT_OK)
            return rc;
        if (c->json)
            cli_print_json(profile_json(p));
        else if (sub[0] == 'c')
            printf("%s: valid profile %s (%zu subjects)\n", argv[2], p->id, p->nsubjects);
        else {
            printf("%s — %s\n%s\n", p->id, p->title_ru, p->title_en);
            printf("electives: %d to %s%d; ОВЗ extension %d min; at most %d per room (ОВЗ %d)\n", p->electives_min,
                   p->electives_max < 0 ? "any (" : "", p->electives_max, p->ovz_extra_minutes,
                   p->room_max_participants, p->ovz_room_max_participants);
            for (size_t i = 0; i < p->nsubjects; i++) {
                const rule_subject *s = &p->subjects[i];
                printf("  %-14s %-40s %4d min %s%s\n", s->code, s->name_ru, s->duration_minutes,
                       rules_mandatory_group(p, s->code) >= 0 ? "mandatory" : "elective",
                       s->unconfirmed ? " (unconfirmed)" : "");
            }
        }
        rules_free(p);
        return AT_OK;
    }
    return at_fail(err, AT_EUSAGE, "rules", "no subcommand \"%s\"; expected list, show or check", sub);
}

static int parse_date_arg(const char *s, at_date *d, at_error *err)
{
    if (!s || !date_parse_iso(s, d))
        return at_fail(err, AT_EUSAGE, "calendar", "\"%s\": expected a date as YYYY-MM-DD", s ? s : "");
    return AT_OK;
}

int cmd_calendar(cli_ctx *c, int argc, char **argv, at_error *err)
{
    const char *country = cli_opt(&argc, argv, "--country");
    int rc = cli_no_unknown(argc, argv, "calendar", err);
    if (rc != AT_OK)
        return rc;
    if (!country)
        return at_fail(err, AT_EUSAGE, "calendar", "--country ru|kz is required");
    if (argc < 3)
        return at_fail(err, AT_EUSAGE, "calendar", "expected add, count or day with dates");
    calendar *cal = NULL;
    if ((rc = calendar_load_builtin(country, &cal, err)) != AT_OK)
        return rc;
    const char *sub = argv[1];
    at_date a, b;
    char out[16];
    if (strcmp(sub, "add") == 0 && argc >= 4 && (rc = parse_date_arg(argv[2], &a, err)) == AT_OK) {
        int n = atoi(argv[3]);
        if ((rc = calendar_add_working_days(cal, a, n, &b, err)) == AT_OK) {
            date_format_iso(b, out);
            if (c->json)
                cli_print_json(json_pack("{s:s, s:i, s:s}", "from", argv[2], "working_days", n, "date", out));
            else
                printf("%s\n", out);
        }
    } else if (strcmp(sub, "count") == 0 && argc >= 4 && (rc = parse_date_arg(argv[2], &a, err)) == AT_OK &&
               (rc = parse_date_arg(argv[3], &b, err)) == AT_OK) {
        long n;
        if ((rc = calendar_count_working_days(cal, a, b, &n, err)) == AT_OK) {
            if (c->json)
                cli_print_json(json_pack("{s:s, s:s, s:I}", "from", argv[2], "to", argv[3], "working_days", (json_int_t)n));
            else
                printf("%ld\n", n);
        }
    } else if (strcmp(sub, "day") == 0 && (rc = parse_date_arg(argv[2], &a, err)) == AT_OK) {
        bool working;
        if ((rc = calendar_is_working_day(cal, a, &working, err)) == AT_OK) {
            const char *holiday = calendar_holiday_name(cal, a, strcmp(country, "kz") == 0 ? "kk" : "ru");
            if (c->json)
                cli_print_json(json_pack("{s:s, s:b, s:s?}", "date", argv[2], "working", working, "holiday", holiday));
            else
                printf("%s: %s%s%s\n", argv[2], working ? "working day" : "day off", holiday ? " — " : "",
                       holiday ? holiday : "");
        }
    } else if (rc == AT_OK)
        rc = at_fail(err, AT_EUSAGE, "calendar", "expected: add DATE N | count FROM TO | day DATE");
    calendar_free(cal);
    return rc;
}
