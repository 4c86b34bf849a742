/* doc_plan_svg.c — the roadmap chart as SVG: months across, measures down. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "doc_plan.h"

#define ROW_H 18
#define LABEL_W 520
#define MONTH_W 64
#define TOP 64
#define TITLE_CHARS 70

static const char *const month_abbr[] = {"янв", "фев", "мар", "апр", "май", "июн",
                                         "июл", "авг", "сен", "окт", "ноя", "дек"};

static void xml_text(FILE *f, const char *s, size_t max_chars)
{
    size_t chars = 0;
    for (const char *p = s; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > max_chars) {
            fputs("…", f);
            return;
        }
        switch (*p) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\n':
        case '\r':
        case '\t': fputc(' ', f); break;
        default: fputc(*p, f);
        }
    }
}

static bool item_dates(const doc_plan_item *it, at_date *from, at_date *to)
{
    bool s = it->starts_on && date_parse_iso(it->starts_on, from);
    bool d = it->due_on && date_parse_iso(it->due_on, to);
    if (!s && !d)
        return false;
    if (!s)
        *from = *to;
    if (!d)
        *to = *from;
    return true;
}

/* x of a date: months are equal columns, days proportional inside them. */
static double x_of(at_date first_month, at_date d)
{
    int months = (d.y - first_month.y) * 12 + (d.m - first_month.m);
    at_date next = {d.m == 12 ? d.y + 1 : d.y, d.m == 12 ? 1 : d.m + 1, 1};
    long days_in = date_to_days(next) - date_to_days((at_date){d.y, d.m, 1});
    return LABEL_W + MONTH_W * (months + (double)(d.d - 1) / (double)days_in);
}

int doc_plan_chart_svg(const char *path, const char *title, const char *today, const doc_plan_item *items, size_t n,
                       at_error *err)
{
    at_date lo = {9999, 12, 31}, hi = {0, 1, 1}, a, b;
    for (size_t i = 0; i < n; i++)
        if (item_dates(&items[i], &a, &b)) {
            if (date_compare(a, lo) < 0)
                lo = a;
            if (date_compare(b, hi) > 0)
                hi = b;
        }
    if (hi.y == 0) /* nothing dated: one empty year around today */
        date_parse_iso(today, &lo), hi = lo;
    at_date first = {lo.y, lo.m, 1};
    int months = (hi.y - lo.y) * 12 + (hi.m - lo.m) + 1;
    int width = LABEL_W + MONTH_W * months + 20;
    int height = TOP + ROW_H * (int)n + 40;
    FILE *f = fopen(path, "wb");
    if (!f)
        return at_fail(err, AT_EINPUT, path, "cannot write the file");
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\">\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
               width, height, width, height);
    fputs("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">", f);
    xml_text(f, title, 140);
    fputs("</text>\n", f);
    fprintf(f, "<g font-size=\"10\"><rect x=\"10\" y=\"32\" width=\"10\" height=\"8\" fill=\"#3b73c4\"/>"
               "<text x=\"24\" y=\"40\">запланировано</text>"
               "<rect x=\"110\" y=\"32\" width=\"10\" height=\"8\" fill=\"#2e9e4f\"/><text x=\"124\" y=\"40\">выполнено</text>"
               "<rect x=\"200\" y=\"32\" width=\"10\" height=\"8\" fill=\"#d64541\"/><text x=\"214\" y=\"40\">просрочено</text>"
               "<text x=\"300\" y=\"40\">сегодня: %s</text></g>\n", today);
    /* month columns */
    for (int m = 0; m < months; m++) {
        int mm = (first.m - 1 + m) % 12, yy = first.y + (first.m - 1 + m) / 12;
        int x = LABEL_W + MONTH_W * m;
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", x, TOP - 14, MONTH_W,
                ROW_H * (int)n + 14, m % 2 ? "#f4f6f8" : "#ffffff");
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s %02d</text>\n", x + MONTH_W / 2, TOP - 3,
                month_abbr[mm], yy % 100);
    }
    at_date now;
    if (date_parse_iso(today, &now) && date_compare(now, first) >= 0 && date_compare(now, hi) <= 0) {
        double x = x_of(first, now);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d64541\" stroke-dasharray=\"3,2\"/>\n",
                x, TOP - 14, x, TOP + ROW_H * (int)n);
    }
    for (size_t i = 0; i < n; i++) {
        const doc_plan_item *it = &items[i];
        int y = TOP + ROW_H * (int)i;
        if (i % 2)
            fprintf(f, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#000\" fill-opacity=\"0.03\"/>\n", y,
                    width, ROW_H);
        fprintf(f, "<text x=\"10\" y=\"%d\"><tspan font-weight=\"bold\">", y + 13);
        xml_text(f, it->label, 10);
        fputs("</tspan> ", f);
        xml_text(f, it->summary, TITLE_CHARS);
        fputs("</text>\n", f);
        const char *fill = it->overdue                        ? "#d64541"
                           : strcmp(it->status, "done") == 0 ? "#2e9e4f"
                           : strcmp(it->status, "not_applicable") == 0 ? "#b0b0b0"
                                                                       : "#3b73c4";
        if (!item_dates(it, &a, &b)) {
            fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#888\" font-style=\"italic\">без даты: ", LABEL_W + 6, y + 13);
            xml_text(f, it->when && it->when[0] ? it->when : "срок не указан", 90);
            fputs("</text>\n", f);
            continue;
        }
        double x1 = x_of(first, a), x2 = x_of(first, date_add_days(b, 1));
        bool point = date_compare(a, b) == 0 && !(it->starts_on && it->starts_on[0] && it->due_on && it->due_on[0]);
        if (point)
            fprintf(f, "<path d=\"M%.1f %d l5 5 l-5 5 l-5 -5 z\" fill=\"%s\"><title>", x1, y + 4, fill);
        else
            fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"%s\"><title>", x1,
                    y + 4, x2 - x1 < 2 ? 2 : x2 - x1, ROW_H - 8, fill);
        xml_text(f, it->description, 300);
        fputs(point ? "</title></path>\n" : "</title></rect>\n", f);
    }
    fputs("</svg>\n", f);
    if (fclose(f) != 0)
        return at_fail(err, AT_EINTERNAL, path, "writing failed");
    return AT_OK;
}
