/* schedule_builtin.c — the schedules shipped in the binary (see schedule.h). */
#include <stdio.h>
#include <string.h>

#include "embedded_schedules.h"
#include "schedule.h"

int schedule_builtin_text(const char *country, int year, const char **text, size_t *len, at_error *err)
{
    char name[64];
    snprintf(name, sizeof name, "%s-%d.csv", country ? country : "", year);
    char list[512];
    size_t used = 0;
    list[0] = 0;
    for (size_t i = 0; i < at_embedded_schedules_count; i++) {
        const at_embedded_file *f = &at_embedded_schedules[i];
        if (strcmp(f->name, name) == 0) {
            *text = (const char *)f->data;
            *len = f->len;
            return AT_OK;
        }
        int w = snprintf(list + used, sizeof list - used, "%s%.*s", used ? ", " : "", (int)(strlen(f->name) - 4),
                         f->name);
        if (w > 0 && (size_t)w < sizeof list - used)
            used += (size_t)w;
    }
    return at_fail(err, AT_ENOTFOUND, name,
                   "no exam schedule is shipped for %s %d (shipped: %s); import the official one with "
                   "attest schedule import FILE",
                   country ? country : "", year, list);
}
